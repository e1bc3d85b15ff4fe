/* gnuplot script writing; see gp.h for the safety rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gp.h"
#include "kk.h"

/* No number gnuplot prints or parses looks like this. */
#define GP_EOD "KK_END_OF_NUMBERS"

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * overlong forms, surrogates and code points above U+10FFFF are invalid
 * so that a viewer cannot be fed a different character than we checked. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2; cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3; cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4; cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return len;
}

/* C1 controls (U+0080..U+009F) are as invisible and as useless in a
 * label as C0 ones. */
static bool
is_c1(const unsigned char *s, size_t len)
{
	return len == 2 && s[0] == 0xC2 && s[1] < 0xA0;
}

/* gnuplot 5.4.4's scanner mis-reads '' at the start of a literal and
 * two '' pairs in a row ('''x' and 'a''''b' are syntax errors), so only
 * a lone quote inside the text is doubled.  A leading quote or a run of
 * quotes is made by the expression '_''_'[2:2], one per quote, joined
 * with '.'.  Not a double-quoted "'": the macro scanner toggles its
 * single-quote state on a ' inside double quotes and would then expand
 * an @name later on the line.
 *   O'Brien -> 'O''Brien'     'x -> ('_''_'[2:2].'x')
 *   a''b    -> ('a'.'_''_'[2:2].'_''_'[2:2].'b')
 */
struct lit {
	FILE *fp;
	bool open;            /* inside a '...' literal */
	bool any;             /* a piece has been written */
};

static void
lit_open(struct lit *l)
{
	if (l->open)
		return;
	if (l->any)
		putc('.', l->fp);
	putc('\'', l->fp);
	l->open = l->any = true;
}

static void
lit_quotes(struct lit *l, size_t run)
{
	if (l->open)
		putc('\'', l->fp);
	while (run--) {
		if (l->any)
			putc('.', l->fp);
		fputs("'_''_'[2:2]", l->fp);
		l->any = true;
	}
	l->open = false;
}

static bool
needs_join(const unsigned char *s, size_t n)
{
	size_t i;

	if (n > 0 && s[0] == '\'')
		return true;
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '\'' && s[i + 1] == '\'')
			return true;
	return false;
}

/* One character of text: sanitised, a quote doubled.  Returns bytes
 * used. */
static size_t
lit_char(struct lit *l, const unsigned char *s, size_t n)
{
	size_t len = utf8_len(s, n);

	lit_open(l);
	if (len == 0) {
		fputs("\xEF\xBF\xBD", l->fp);      /* U+FFFD */
		return 1;
	}
	if ((len == 1 && (s[0] < 0x20 || s[0] == 0x7F)) || is_c1(s, len))
		putc(' ', l->fp);
	else if (s[0] == '\'')
		fputs("''", l->fp);
	else
		fwrite(s, 1, len, l->fp);
	return len;
}

void
gp_stringn(FILE *fp, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	struct lit l = { fp, false, false };
	bool join = needs_join(s, n);
	size_t i = 0, run;

	if (join)
		putc('(', fp);
	while (i < n) {
		for (run = 0; i + run < n && s[i + run] == '\''; run++)
			;
		if (run > 1 || (run == 1 && i == 0)) {
			lit_quotes(&l, run);
			i += run;
		} else {
			i += lit_char(&l, s + i, n - i);
		}
	}
	if (!l.any)
		lit_open(&l);
	if (l.open)
		putc('\'', fp);
	if (join)
		putc(')', fp);
}

void
gp_string(FILE *fp, const char *s)
{
	gp_stringn(fp, s ? s : "", s ? strlen(s) : 0);
}

void
gp_num(FILE *fp, double v)
{
	char buf[32];

	if (!isfinite(v))
		fputs("?", fp);
	else
		fputs(kk_format_double(buf, v), fp);
}

bool
gp_safe_name(const char *s)
{
	const char *p;

	if (!s || !*s || *s == '.' || *s == '-')
		return false;
	for (p = s; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *p))
			return false;
	return true;
}

static void
check_ident(const char *name)
{
	const char *p;

	if (!*name || strchr("0123456789", *name))
		kk_die("gp: bad gnuplot identifier");
	for (p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", *p))
			kk_die("gp: bad gnuplot identifier");
}

void
gp_block_begin(FILE *fp, const char *name)
{
	check_ident(name);
	fprintf(fp, "$%s << " GP_EOD "\n", name);
}

void
gp_block_row(FILE *fp, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			putc(' ', fp);
		gp_num(fp, v[i]);
	}
	putc('\n', fp);
}

void
gp_block_end(FILE *fp)
{
	fputs(GP_EOD "\n", fp);
}

void
gp_array(FILE *fp, const char *name, const char *const *s, size_t n)
{
	size_t i;

	check_ident(name);
	fprintf(fp, "array %s[%zu] = [", name, n ? n : 1);
	if (n == 0)
		fputs("''", fp);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", fp);
		gp_string(fp, s[i]);
	}
	fputs("]\n", fp);
}

void
gp_text(FILE *fp, const char *name, const char *text)
{
	check_ident(name);
	fprintf(fp, "%s = ", name);
	gp_string(fp, text);
	putc('\n', fp);
}

void
gp_number(FILE *fp, const char *name, double v)
{
	check_ident(name);
	fprintf(fp, "%s = ", name);
	if (isfinite(v))
		gp_num(fp, v);
	else
		fputs("NaN", fp);
	putc('\n', fp);
}

void
gp_numbers(FILE *fp, const char *name, const double *v, size_t n)
{
	size_t i;

	check_ident(name);
	fprintf(fp, "array %s[%zu] = [", name, n ? n : 1);
	if (n == 0)
		fputs("NaN", fp);
	for (i = 0; i < n; i++) {
		if (i)
			fputs(", ", fp);
		if (isfinite(v[i]))
			gp_num(fp, v[i]);
		else
			fputs("NaN", fp);
	}
	fputs("]\n", fp);
}

/* The template's text as it is: it is code the user owns, as the
 * program is; data never reaches it but through the variables above. */
void
gp_template(FILE *fp, const char *name)
{
	char *path = kk_plots_path(name), buf[BUFSIZ];
	FILE *in = fopen(path, "r");
	size_t n, last = 0;

	if (!in)
		kk_die("%s:", path);
	fprintf(fp, "# ---- template plots/%s ----\n", name);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
		fwrite(buf, 1, n, fp);
		last = n;
	}
	if (ferror(in))
		kk_die("%s:", path);
	if (last && buf[last - 1] != '\n')
		putc('\n', fp);
	fputs("# ---- end of template ----\n", fp);
	fclose(in);
	free(path);
}

void
gp_head(FILE *fp, const char *what)
{
	/* what comes from the program, but a newline in it would still
	 * end the comment: keep it to one line. */
	fputs("# ", fp);
	for (; *what; what++)
		putc(*what == '\n' || *what == '\r' ? ' ' : *what, fp);
	fputs("\n# Written by kk-plot: its numbers and words, then the chart's\n"
	    "# template from plots/.  Run from this folder: gnuplot FILE.gp\n"
	    "# (writes the .png and the .svg).  All text is in single-quoted\n"
	    "# literals; data blocks hold numbers only.\n"
	    "set encoding utf8\n", fp);
}

void
gp_begin(FILE *fp, const char *stem)
{
	if (!gp_safe_name(stem))
		kk_die("gp: unsafe output name");
	fputs("do for [kk_fmt in 'png svg'] {\nreset\n", fp);
	gp_template(fp, GP_COMMON);
	/* whatever the template set: names are never enhanced text, and
	 * data blocks mark a missing number as gp_num writes it */
	fprintf(fp, "set termoption noenhanced\n"
	    "set encoding utf8\n"
	    "set datafile missing '?'\n"
	    "set output '%s.'.kk_fmt\n", stem);
}

void
gp_end(FILE *fp)
{
	fputs("unset output\n}\n", fp);
}
