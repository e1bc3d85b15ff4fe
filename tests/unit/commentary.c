/*
 * The evaluator's commentary as the report reads it: sections by area
 * and sub-area, paragraphs and list items, strengths, challenges and
 * weaknesses under the headings of any report language.  The text is
 * obviously fictional.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdlib.h>
#include <unistd.h>

#include "kk.h"
#include "commentary.h"
#include "tmp.h"

static const char *const strengths[] = { "Styrker", "Strengths", NULL };
static const char *const challenges[] = { "Utfordringer", "Challenges", NULL };
static const char *const weaknesses[] = { "Svakheter", "Svagheter", NULL };
static const char *const *const words[KK_COMMENT_NPART] = {
	NULL, strengths, challenges, weaknesses
};

/* The file read_text read last. */
static const char *tmp_path;

static kk_commentary *
read_text(const char *text)
{
	tmp_path = tmp_file(text);
	return kk_commentary_read(tmp_path, words);
}

static const char fixture[] =
"# Fictional commentary for a test\r\n"
"\r\n"
"## 3 Styring og kontroll\r\n"
"The council of Testby meets on the moon\r\n"
"and decides by coin toss.\r\n"
"\r\n"
"A second paragraph <b>not bold</b>.\r\n"
"\r\n"
"### Styrker\r\n"
"- Coins are fair\r\n"
"- Lunar minutes\r\n"
"  kept in ink\r\n"
"### challenges\r\n"
"* Oxygen\r\n"
"### SVAKHETER\r\n"
"- None at all\r\n"
"\r\n"
"## 3.2\r\n"
"The sub-area text.\r\n";

Test(commentary, sections_paragraphs_and_parts)
{
	kk_commentary *c = read_text(fixture);
	const kk_comment_block *b;
	size_t n;

	cr_assert(c);
	b = kk_commentary_part(c, "3", KK_COMMENT_TEXT, &n);
	cr_assert_eq(n, 2);
	cr_expect(!b[0].item);
	cr_expect_str_eq(b[0].text, "The council of Testby meets on the moon "
	    "and decides by coin toss.");
	cr_expect_str_eq(b[1].text, "A second paragraph <b>not bold</b>.");
	b = kk_commentary_part(c, "3", KK_COMMENT_STRENGTHS, &n);
	cr_assert_eq(n, 2);
	cr_expect(b[0].item && b[1].item);
	cr_expect_str_eq(b[0].text, "Coins are fair");
	cr_expect_str_eq(b[1].text, "Lunar minutes kept in ink");
	b = kk_commentary_part(c, "3", KK_COMMENT_CHALLENGES, &n);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(b[0].text, "Oxygen");
	b = kk_commentary_part(c, "3", KK_COMMENT_WEAKNESSES, &n);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(b[0].text, "None at all");
	b = kk_commentary_part(c, "3.2", KK_COMMENT_TEXT, &n);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(b[0].text, "The sub-area text.");
	kk_commentary_part(c, "4", KK_COMMENT_TEXT, &n);
	cr_expect_eq(n, 0);
	kk_commentary_free(c);
}

Test(commentary, no_file_is_no_commentary)
{
	cr_expect_null(kk_commentary_read("/nonexistent/NO-0000-2022.md",
	    words));
	size_t n = 1;
	cr_expect_null(kk_commentary_part(NULL, "1", KK_COMMENT_TEXT, &n));
	cr_expect_eq(n, 0);
}

static void
redirect(void)
{
	cr_redirect_stderr();
}

Test(commentary, missing_and_misnamed_sections_are_named, .init = redirect)
{
	kk_commentary *c = read_text("## 1\nText.\n### Muligheter\n"
	    "- not a part\n## 9\nNo such area.\n## 1\nAgain.\n## 1.1\n"
	    "### Styrker\n- a sub-area has no parts\n");
	static const char *const ids[] = { "1", "1.1", "1.2" };

	cr_assert(c);
	kk_commentary_check(c, ids, 3);
	size_t n;
	const kk_comment_block *b = kk_commentary_part(c, "1", KK_COMMENT_TEXT,
	    &n);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(b[0].text, "Text.");
	kk_commentary_free(c);
	fflush(stderr);
	char *want = kk_asprintf(
	    "kompass: %s:3: heading 'Muligheter' in section '1' opens no part "
	    "(strengths, challenges or weaknesses): its text is left out\n"
	    "kompass: %s:7: section '1' again (first on line 1); only the "
	    "first is used\n"
	    "kompass: %s:10: heading 'Styrker' in section '1.1': only an "
	    "area's section has strengths, challenges and weaknesses; its "
	    "text is left out\n"
	    "kompass: %s:5: section '9' is no area or sub-area of this "
	    "evaluation: left out\n"
	    "kompass: %s: no section for 1.2: the report shows their "
	    "numbers alone\n",
	    tmp_path, tmp_path, tmp_path, tmp_path, tmp_path);
	cr_expect_stderr_eq_str(want);
	free(want);
}

Test(commentary, not_utf8, .exit_code = 1)
{
	read_text("## 1\nS\xf8rum\n");
}
