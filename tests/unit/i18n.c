/*
 * The report's words: the three language files say the same things
 * (the same keys, each with the same placeholders), every key the
 * programs ask for is in each of them, and numbers are written in the
 * reader's form.
 */
#include <criterion/criterion.h>
#include <glob.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kk.h"
#include "i18n.h"
#include "tmp.h"

static const char *const codes[] = { "nb", "sv", "en" };
#define NLANG 3

/* The placeholders of a text, sorted, as one string: "{a}{b}". */
static char *
placeholders(const char *text)
{
	char *names[64], *out;
	size_t n = 0, len = 1;

	for (const char *s = text; (s = strchr(s, '{')) != NULL; s++) {
		size_t k = strcspn(s, "}");
		cr_assert(n < 64);
		names[n] = kk_strndup(s, k + 1);
		len += k + 1;
		n++;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	out = kk_calloc(1, len);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]))
			strcat(out, names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	return out;
}

Test(i18n, every_language_has_the_same_keys_and_placeholders)
{
	kk_lang *l[NLANG];

	for (int i = 0; i < NLANG; i++)
		l[i] = kk_lang_load(codes[i]);
	/* the file that lacks a key cannot say so itself */
	for (int i = 1; i < NLANG; i++)
		cr_expect_eq(kk_lang_nkeys(l[i]), kk_lang_nkeys(l[0]),
		    "%s.csv has %lu keys, %s.csv %lu", codes[i],
		    kk_lang_nkeys(l[i]), codes[0], kk_lang_nkeys(l[0]));
	for (int i = 0; i < NLANG; i++)
		for (unsigned long k = 0; k < kk_lang_nkeys(l[i]); k++) {
			const char *key = kk_lang_key(l[i], k);
			char *want = placeholders(kk_tr(l[i], key));
			for (int j = 0; j < NLANG; j++) {
				cr_assert(kk_lang_has(l[j], key), "%s.csv has "
				    "'%s', %s.csv has not", codes[i], key,
				    codes[j]);
				char *got = placeholders(kk_tr(l[j], key));
				cr_expect_str_eq(got, want, "'%s': %s.csv names "
				    "%s, %s.csv %s", key, codes[j], got,
				    codes[i], want);
				free(got);
			}
			free(want);
		}
	for (int i = 0; i < NLANG; i++)
		kk_lang_free(l[i]);
}

/* The checkout the tests were built from: data/'s parent. */
static char *
source_dir(void)
{
	char *data = kk_data_path(""), *slash;

	data[strlen(data) - 1] = '\0';          /* "…/data/" -> "…/data" */
	slash = strrchr(data, '/');
	cr_assert(slash);
	*slash = '\0';
	return data;
}

/* Keys are written as string literals of the form namespace.name...;
 * a literal of that form that names a file (report.html) is none. */
static bool
is_file_name(const char *s, size_t n)
{
	static const char *const ext[] = { ".md", ".html", ".pdf", ".csv",
		".png", ".svg", ".gp", ".h", ".c", ".xlsx", NULL };

	for (int i = 0; ext[i]; i++) {
		size_t m = strlen(ext[i]);
		if (n > m && memcmp(s + n - m, ext[i], m) == 0)
			return true;
	}
	return false;
}

static size_t
check_file(const char *path, const regex_t *re, kk_lang *const *l)
{
	FILE *fp = fopen(path, "r");
	char line[4096];
	size_t found = 0;
	long lineno = 0;

	cr_assert(fp, "%s: cannot read", path);
	while (fgets(line, sizeof line, fp)) {
		regmatch_t m[2];
		lineno++;
		for (const char *s = line; regexec(re, s, 2, m, 0) == 0;
		    s += m[0].rm_eo) {
			size_t n = (size_t)(m[1].rm_eo - m[1].rm_so);
			char *key = kk_strndup(s + m[1].rm_so, n);
			if (!is_file_name(key, n)) {
				found++;
				for (int i = 0; i < NLANG; i++)
					cr_expect(kk_lang_has(l[i], key), "%s:%ld "
					    "asks for '%s', which %s.csv lacks",
					    path, lineno, key, codes[i]);
			}
			free(key);
		}
	}
	fclose(fp);
	return found;
}

Test(i18n, every_key_the_programs_use_is_in_every_language)
{
	char *src = source_dir();
	regex_t re;
	kk_lang *l[NLANG];
	size_t found = 0;
	glob_t g;

	cr_assert_eq(regcomp(&re, "\"((report|chart|size|num|country|lang|"
	    "index)\\.[a-z0-9_.]+)\"", REG_EXTENDED), 0);
	for (int i = 0; i < NLANG; i++)
		l[i] = kk_lang_load(codes[i]);
	for (int d = 0; d < 2; d++) {
		char *pat = kk_asprintf("%s/%s/*.c", src, d ? "lib" : "stages");
		cr_assert_eq(glob(pat, 0, NULL, &g), 0, "%s", pat);
		for (size_t i = 0; i < g.gl_pathc; i++)
			found += check_file(g.gl_pathv[i], &re, l);
		globfree(&g);
		free(pat);
	}
	/* the report alone asks for more than a hundred: a pattern that
	 * found none would pass without checking anything */
	cr_expect_gt(found, 100);
	for (int i = 0; i < NLANG; i++)
		kk_lang_free(l[i]);
	regfree(&re);
	free(src);
}

Test(i18n, numbers_in_the_readers_form)
{
	kk_lang *nb = kk_lang_load("nb"), *en = kk_lang_load("en");

	cr_expect_str_eq(kk_lang_num(nb, 422.0, 1), "422,0");
	cr_expect_str_eq(kk_lang_num(en, 422.0, 1), "422.0");
	cr_expect_str_eq(kk_lang_num(nb, 416.25, 1), "416,2");   /* %.1f */
	cr_expect_str_eq(kk_lang_num(nb, 5572, 0), "5\u00a0572");
	cr_expect_str_eq(kk_lang_num(en, 5572, 0), "5,572");
	cr_expect_str_eq(kk_lang_num(nb, 800, 0), "800");
	cr_expect_str_eq(kk_lang_num(nb, 1234567.891, 2),
	    "1\u00a0234\u00a0567,89");
	cr_expect_str_eq(kk_lang_num(en, -1234.5, 1), "-1,234.5");
	cr_expect_str_eq(kk_lang_num(nb, -0.04, 1), "0,0");
	cr_expect_str_eq(kk_lang_num(nb, NAN, 1), "–");
	cr_expect_str_eq(kk_lang_plain(en, 2022), "2022");
	cr_expect_str_eq(kk_lang_int(en, 2022), "2,022");
	kk_lang_free(nb);
	kk_lang_free(en);
}

Test(i18n, placeholders_by_name_in_any_order)
{
	kk_lang *nb = kk_lang_load("nb");

	cr_expect_str_eq(kk_trf(nb, "report.rank_of", "n", "12", "rank", "1",
	    NULL), "1 av 12");
	cr_expect_str_eq(kk_trf(nb, "report.area_label", "name",
	    "Styring og kontroll", "n", "3", "unused", "x", NULL),
	    "3. Styring og kontroll");
	kk_lang_free(nb);
}

Test(i18n, size_classes_in_words)
{
	kk_lang *nb = kk_lang_load("nb"), *en = kk_lang_load("en");

	cr_expect_str_eq(kk_lang_size(nb, "5000-10000"),
	    "5\u00a0000–10\u00a0000 innbyggere");
	cr_expect_str_eq(kk_lang_size(en, "<5000"), "under 5,000 inhabitants");
	cr_expect_str_eq(kk_lang_size(en, ">10000"), "over 10,000 inhabitants");
	cr_expect_str_eq(kk_lang_size(en, "small"), "small");
	cr_expect_str_eq(kk_lang_size(en, ""), "unknown size group");
	kk_lang_free(nb);
	kk_lang_free(en);
}

Test(i18n, country_languages)
{
	cr_expect_str_eq(kk_lang_of_country("NO"), "nb");
	cr_expect_str_eq(kk_lang_of_country("SE"), "sv");
	cr_expect_null(kk_lang_of_country("DK"));
	cr_expect(kk_lang_known("en"));
	cr_expect(!kk_lang_known("no"));
}

Test(i18n, a_key_not_given_is_an_error, .exit_code = 1)
{
	kk_lang *nb = kk_lang_load("nb");

	kk_tr(nb, "report.no_such_key");
}

Test(i18n, a_placeholder_not_given_is_an_error, .exit_code = 1)
{
	kk_lang *nb = kk_lang_load("nb");

	kk_trf(nb, "report.rank_of", "rank", "1", NULL);
}

Test(i18n, a_broken_placeholder_is_an_error, .exit_code = 1)
{
	const char *p = tmp_file("key,text\nnum.decimal,\",\"\nnum.group,.\n"
	    "num.group_from,1000\nreport.x,nr. {rank av {n}\n");

	kk_lang_read("nb", p);
}

Test(i18n, a_key_twice_is_an_error, .exit_code = 1)
{
	const char *p = tmp_file("key,text\nnum.decimal,\",\"\nnum.group,.\n"
	    "num.group_from,1000\nnum.decimal,.\n");

	kk_lang_read("nb", p);
}

Test(i18n, an_empty_text_is_an_error, .exit_code = 1)
{
	const char *p = tmp_file("key,text\nnum.decimal,\",\"\nnum.group,.\n"
	    "num.group_from,1000\nreport.x,\n");

	kk_lang_read("nb", p);
}

Test(i18n, an_unknown_language_is_an_error, .exit_code = 1)
{
	kk_lang_load("no");
}
