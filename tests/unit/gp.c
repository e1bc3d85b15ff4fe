/*
 * lib/gp.c: gnuplot text safety.  The oracle for the quoting is gnuplot
 * itself: each hostile string goes through gp_string into a script that
 * prints it to a file, and what gnuplot read back must be the string
 * with its control characters blanked, while no canary file appears.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gp.h"
#include "kk.h"

static const char hostile[] =
    "\xC3\x98'ya \"x\" `touch /tmp/kk-canary` @m $(id) ; system('id') \\";

/* gp_string(s) as a new string. */
static char *
quoted(const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	gp_stringn(fp, s, n);
	fclose(fp);
	return buf;
}

static void
expect(const char *in, const char *want)
{
	char *got = quoted(in, strlen(in));

	cr_expect_str_eq(got, want, "gp_string(%s)", in);
	free(got);
}

Test(gp_string, plain_and_nordic)
{
	expect("", "''");
	expect("Røros", "'Røros'");
	expect("Grästorp Örebro Åre Æ", "'Grästorp Örebro Åre Æ'");
}

Test(gp_string, quotes_doubled)
{
	expect("O'Brien", "'O''Brien'");
	expect("x'", "'x'''");
	expect("\"dq\"", "'\"dq\"'");
}

/* gnuplot 5.4.4 reads '''x' and 'a''''b' wrongly, and a ' inside "..."
 * confuses its macro scanner: leading quotes and runs of quotes become
 * '_''_'[2:2], one per quote. */
Test(gp_string, quote_runs_joined)
{
	expect("'x", "('_''_'[2:2].'x')");
	expect("'", "('_''_'[2:2])");
	expect("''", "('_''_'[2:2].'_''_'[2:2])");
	expect("'a'b", "('_''_'[2:2].'a''b')");
	expect("a''b", "('a'.'_''_'[2:2].'_''_'[2:2].'b')");
	expect("a'b'", "'a''b'''");
}

Test(gp_string, issue_name_exact)
{
	expect(hostile, "'\xC3\x98''ya \"x\" `touch /tmp/kk-canary` @m $(id) "
	    "; system(''id'') \\'");
}

Test(gp_string, control_chars_become_spaces)
{
	expect("a\nb\rc\td\x7f" "e\x01" "f\x1b[31m", "'a b c d e f [31m'");
	expect("x\xC2\x85y\xC2\x9F", "'x y '");     /* C1 NEL, APC */
	expect("\xC2\xA0", "'\xC2\xA0'");            /* NBSP stays */
}

Test(gp_string, embedded_nul)
{
	char *got = quoted("a\0b", 3);

	cr_expect_str_eq(got, "'a b'");
	free(got);
}

Test(gp_string, null_is_empty)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	gp_string(fp, NULL);
	fclose(fp);
	cr_expect_str_eq(buf, "''");
	free(buf);
}

Test(gp_string, invalid_utf8_replaced)
{
	expect("\xFF", "'\xEF\xBF\xBD'");
	expect("a\xC0\xAF" "b", "'a\xEF\xBF\xBD\xEF\xBF\xBD" "b'"); /* overlong */
	expect("\xE2\x82", "'\xEF\xBF\xBD\xEF\xBF\xBD'");      /* truncated */
	expect("\xED\xA0\x80",                                 /* surrogate */
	    "'\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD'");
	expect("\xF4\x90\x80\x80",                             /* > U+10FFFF */
	    "'\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD'");
	expect("\xF0\x9F\x98\x80", "'\xF0\x9F\x98\x80'");      /* emoji ok */
	/* a quote byte after a lead byte is not swallowed into a sequence */
	expect("\xC3'", "'\xEF\xBF\xBD'''");
}

static const char *const corpus[] = {
	hostile,
	"`touch kk-canary-1`",
	"$(touch kk-canary-2)",
	"'; system('touch kk-canary-3'); '",
	"''' `touch kk-canary-9` '''",
	"a''b''''c'",
	"'@kk_macro @m",
	"a\"'\" @kk_macro '' @id",
	"'",
	"x' . system('touch kk-canary-4') . '",
	"\"; `touch kk-canary-5`; \"",
	"@kk_macro",
	"line1\nsystem('touch kk-canary-6')",
	"end \\",
	"end \\\nsystem('touch kk-canary-7')",
	"{/Symbol a}_{sub}^{sup} &{x} ~a",
	"#' comment?\n! touch kk-canary-8",
	"\\U+221E \\101 %s %n",
	"ÆØÅ æøå ÄÖ äö Sámi: Guovdageaidnu, Kárášjohka",
	"\xFF\xFE bad \xC3",
	"",
};
#define NCORPUS (sizeof corpus / sizeof *corpus)

/* Every piece is a '...' literal with lone doubled quotes inside, or the
 * quote expression '_''_'[2:2]; pieces are joined with '.'; no '"'. */
Test(gp_string, output_is_safe_pieces)
{
	static const char qexpr[] = "'_''_'[2:2]";
	size_t i, k, n;
	char *q;

	for (i = 0; i < NCORPUS; i++) {
		q = quoted(corpus[i], strlen(corpus[i]));
		n = strlen(q);
		cr_expect(kk_utf8_valid(q, n), "invalid UTF-8 out: %zu", i);
		k = 0;
		if (q[0] == '(') {
			cr_assert(q[n - 1] == ')', "corpus %zu", i);
			k = 1;
			n--;
		}
		while (k < n) {
			if (strncmp(q + k, qexpr, sizeof qexpr - 1) == 0) {
				k += sizeof qexpr - 1;
			} else {
				cr_assert(q[k] == '\'', "corpus %zu", i);
				for (k++; k < n; k++) {
					cr_expect((unsigned char)q[k] >= 0x20 &&
					    q[k] != 0x7F);
					if (q[k] != '\'')
						continue;
					if (k + 1 < n && q[k + 1] == '\'') {
						k++;
						/* never two pairs in a row */
						cr_expect(k + 2 >= n ||
						    q[k + 1] != '\'' ||
						    q[k + 2] != '\'');
						continue;
					}
					break;
				}
				cr_assert(k < n, "unterminated, corpus %zu", i);
				k++;
			}
			if (k < n) {
				cr_assert(q[k] == '.', "corpus %zu", i);
				k++;
			}
		}
		free(q);
	}
}

/* What gnuplot should read back: controls blanked, as gp_string does. */
static char *
blanked(const char *s)
{
	char *t = kk_strdup(s), *p;

	for (p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			*p = ' ';
	return t;
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	cr_assert_not_null(fp, "%s missing", path);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = kk_malloc((size_t)n + 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Each corpus string printed, used as a label and as a key by gnuplot:
 * given as a literal (gp_string), or as a template gets it, through a
 * string variable (gp_text). */
static void
read_back(bool variable)
{
	char dir[] = "/tmp/kk-gp-test-XXXXXX", path[256], *cmd, *got, *want;
	const char *canary[] = { "kk-canary-1", "kk-canary-2", "kk-canary-3",
		"kk-canary-4", "kk-canary-5", "kk-canary-6", "kk-canary-7",
		"kk-canary-8", "kk-canary-9" };
	struct stat st;
	size_t i;
	FILE *fp;

	if (system("command -v gnuplot >/dev/null 2>&1") != 0)
		cr_skip_test("gnuplot not installed");
	cr_assert_not_null(mkdtemp(dir));
	for (i = 0; i < NCORPUS; i++) {
		if (!kk_utf8_valid(corpus[i], strlen(corpus[i])))
			continue;   /* replaced, checked above */
		snprintf(path, sizeof path, "%s/t.gp", dir);
		fp = fopen(path, "w");
		cr_assert_not_null(fp);
		/* macros that must not be expanded inside our text */
		fputs("kk = 'EXPANDED'\nm = 'EXPANDED'\nid = 'EXPANDED'\n"
		    "kk_macro = 'EXPANDED'\n", fp);
		fputs("set encoding utf8\nset print 'got.txt'\n", fp);
		if (variable) {
			gp_text(fp, "kk_t", corpus[i]);
			fputs("print kk_t\nset label 1 kk_t noenhanced\n"
			    "set terminal dumb\nset output 'plot.txt'\n"
			    "plot x title kk_t\n", fp);
		} else {
			fputs("print ", fp);
			gp_string(fp, corpus[i]);
			fputs("\nset label 1 ", fp);
			gp_string(fp, corpus[i]);
			fputs(" noenhanced\nset terminal dumb\n"
			    "set output 'plot.txt'\nplot x title ", fp);
			gp_string(fp, corpus[i]);
			fputs("\n", fp);
		}
		fclose(fp);
		cmd = NULL;
		{
			size_t len = strlen(dir) + 64;
			cmd = kk_malloc(len);
			snprintf(cmd, len, "cd %s && gnuplot t.gp 2>err.txt", dir);
		}
		cr_expect_eq(system(cmd), 0, "gnuplot failed on corpus %zu", i);
		free(cmd);
		snprintf(path, sizeof path, "%s/got.txt", dir);
		got = slurp(path);
		want = blanked(corpus[i]);
		cr_expect(strncmp(got, want, strlen(want)) == 0 &&
		    strcmp(got + strlen(want), "\n") == 0,
		    "corpus %zu read back as [%s]", i, got);
		free(got);
		free(want);
		unlink(path);
	}
	for (i = 0; i < sizeof canary / sizeof *canary; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, canary[i]);
		cr_expect_neq(stat(path, &st), 0, "%s was created", canary[i]);
	}
	cr_expect_neq(stat("/tmp/kk-canary", &st), 0,
	    "/tmp/kk-canary was created");
	snprintf(path, sizeof path, "rm -rf %s", dir);
	cr_expect_eq(system(path), 0);
}

Test(gp_string, gnuplot_reads_back_literally)
{
	read_back(false);
}

Test(gp_text, gnuplot_reads_back_literally)
{
	read_back(true);
}

Test(gp_safe_name, codes_only)
{
	cr_expect(gp_safe_name("NO-5025-2022"));
	cr_expect(gp_safe_name("hist-SE-area8"));
	cr_expect(gp_safe_name("a_b.c"));
	cr_expect(!gp_safe_name(""));
	cr_expect(!gp_safe_name(NULL));
	cr_expect(!gp_safe_name("../x"));
	cr_expect(!gp_safe_name("a/b"));
	cr_expect(!gp_safe_name(".hidden"));
	cr_expect(!gp_safe_name("-rf"));
	cr_expect(!gp_safe_name("a b"));
	cr_expect(!gp_safe_name("R\xC3\xB8ros"));
	cr_expect(!gp_safe_name("x'y"));
	cr_expect(!gp_safe_name("x`y`"));
}

static char *
capture_block(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	double row[4] = { 1, 0.1, -2.5e-7, NAN };

	gp_block_begin(fp, "H");
	gp_block_row(fp, row, 4);
	row[0] = 1e300;
	gp_block_row(fp, row, 1);
	gp_block_end(fp);
	fclose(fp);
	return buf;
}

Test(gp_block, numbers_only_and_terminated)
{
	char *b = capture_block();

	cr_expect_str_eq(b, "$H << KK_END_OF_NUMBERS\n"
	    "1 0.1 -2.5e-07 ?\n1e+300\nKK_END_OF_NUMBERS\n");
	free(b);
}

Test(gp_array, labels_quoted)
{
	const char *lab[] = { "O'Brien", "Bø\n" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	gp_array(fp, "L", lab, 2);
	gp_array(fp, "E", NULL, 0);
	fclose(fp);
	cr_expect_str_eq(buf, "array L[2] = ['O''Brien', 'Bø ']\n"
	    "array E[1] = ['']\n");
	free(buf);
}

Test(gp_begin, terminals_and_output)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	gp_begin(fp, "hist-NO-total");
	gp_end(fp);
	fclose(fp);
	cr_expect(strstr(buf, "set terminal pngcairo size 1200,800 "
	    "noenhanced font 'DejaVu Sans,11'"));
	cr_expect(strstr(buf, "set terminal svg size 1200,800 dynamic "
	    "noenhanced"));
	cr_expect(strstr(buf, "set termoption noenhanced"));
	cr_expect(strstr(buf, "set output 'hist-NO-total.'.kk_fmt"));
	cr_expect(!strstr(buf, "system") && !strchr(buf, '`') &&
	    !strstr(buf, "load") && !strstr(buf, "call") && !strchr(buf, '"'));
	free(buf);
}

Test(gp_text, variables)
{
	double v[] = { 3760.67, NAN, -0.25 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	gp_text(fp, "kk_title", "O'Brien\n@m");
	gp_number(fp, "kk_n", 12);
	gp_number(fp, "kk_c0", NAN);
	gp_numbers(fp, "kk_x", v, 3);
	gp_numbers(fp, "kk_none", NULL, 0);
	fclose(fp);
	cr_expect_str_eq(buf, "kk_title = 'O''Brien @m'\nkk_n = 12\n"
	    "kk_c0 = NaN\narray kk_x[3] = [3760.67, NaN, -0.25]\n"
	    "array kk_none[1] = [NaN]\n");
	free(buf);
}

Test(gp_text, bad_name_dies, .exit_code = 1)
{
	gp_text(stdout, "kk title", "x");
}

/* A template is copied as it is, between two marker comments, with a
 * final newline if it lacks one; $KK_PLOTS says where templates are. */
Test(gp_template, copied_from_kk_plots)
{
	char dir[] = "/tmp/kk-gp-tmpl-XXXXXX", path[64], *buf = NULL;
	size_t len = 0;
	FILE *fp;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.gp", dir);
	fp = fopen(path, "w");
	fputs("set title kk_title\nplot x", fp);
	fclose(fp);
	setenv("KK_PLOTS", dir, 1);
	fp = open_memstream(&buf, &len);
	gp_template(fp, "t.gp");
	fclose(fp);
	cr_expect_str_eq(buf, "# ---- template plots/t.gp ----\n"
	    "set title kk_title\nplot x\n# ---- end of template ----\n");
	free(buf);
	unlink(path);
	rmdir(dir);
}

Test(gp_template, missing_dies, .exit_code = 1)
{
	setenv("KK_PLOTS", "/nonexistent", 1);
	gp_template(stdout, "box.gp");
}

Test(gp_begin, unsafe_stem_dies, .exit_code = 1)
{
	gp_begin(stdout, "../etc/x");
}
