/*
 * kk-report - the yearly benchmark update of one municipality, as the
 * seed report's chapter 3 shows it: total against the national and size
 * group averages with its rank, the area table with sub-areas, charts,
 * development across evaluations, and the comparison with Sweden.
 *
 * Every number comes from the analysis tables in OUT (scores.csv,
 * evaluations.csv); nothing is typed in.  Text from data is escaped for
 * Markdown and HTML.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chart.h"
#include "kk.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-report [options] [--] MUNICIPALITY\n"
"Write OUT/reports/<code>-<year>/report.md and report.html for one\n"
"municipality (a code such as 5025, a name such as Røros, or its\n"
"municipality_id such as NO-5025).\n"
"\n"
"  --dir OUT          analysis output directory (default out)\n"
"  --year YEAR        the evaluation to report (default: the latest)\n"
"  --resolve          only print 'CODE YEAR ID': the evaluation's code and\n"
"                     year, the municipality's municipality_id\n"
"  --plots DIR        directory with the rendered charts to include\n"
"                     (default: the report's own directory)\n"
"  --areas FILE       area dictionary (default data/areas.csv)\n"
"  --subareas FILE    sub-area dictionary (default data/subareas.csv)\n"
"  --help             show this help\n"
"\n"
"A municipality is its municipality_id in scores.csv: it keeps its\n"
"evaluations across a renumbering (Røros 1640 until 2017, 5025 from\n"
"2018); a merger or split starts a new history.\n"
"A name matching several municipalities, or none, is an error that\n"
"lists the candidates.\n";

/* One evaluation of the scores table: canonical areas 1..8 and total. */
struct evaluation {
	const char *id, *country, *code, *name, *version, *size_class;
	const char *municipality;      /* municipality_id */
	long year;
	double raw[10];        /* [1..8] areas, [9] total; NAN if missing */
	double population;
};

static struct evaluation *ev;
static size_t nev;

struct names {                  /* 3.2 names of areas or sub-areas */
	kk_table *t;
	size_t key, name;
};

static const char *
lookup(const struct names *n, const char *key, const char *version)
{
	long vc = kk_table_col(n->t, "version");

	for (size_t r = 0; r < n->t->nrows; r++)
		if (strcmp(n->t->cell[r][n->key], key) == 0 &&
		    (vc < 0 || strcmp(n->t->cell[r][vc], version) == 0))
			return n->t->cell[r][n->name];
	return "";
}

static double
num(const char *s)
{
	double v;

	return kk_parse_double(s, strlen(s), &v) == KK_NUM_OK ? v : NAN;
}

/* ---- loading --------------------------------------------------------- */

static struct evaluation *
find_or_add(const char **c, size_t id, const kk_table *t)
{
	if (nev > 0 && strcmp(ev[nev - 1].id, c[id]) == 0)
		return &ev[nev - 1];
	for (size_t i = 0; i < nev; i++)
		if (strcmp(ev[i].id, c[id]) == 0)
			return &ev[i];
	static size_t cap;
	kk_grow((void **)&ev, &cap, nev + 1, sizeof *ev);
	struct evaluation *e = &ev[nev++];
	memset(e, 0, sizeof *e);
	for (int a = 0; a < 10; a++)
		e->raw[a] = NAN;
	e->id = c[id];
	e->country = c[kk_table_need(t, "country")];
	e->code = c[kk_table_need(t, "municipality_code")];
	e->name = c[kk_table_need(t, "municipality")];
	e->version = c[kk_table_need(t, "version")];
	e->size_class = c[kk_table_need(t, "size_class")];
	e->year = atol(c[kk_table_need(t, "year")]);
	e->population = num(c[kk_table_need(t, "population")]);
	e->municipality = c[kk_table_need(t, "municipality_id")];
	return e;
}

static void
load_scores(const kk_table *t)
{
	size_t id = kk_table_need(t, "evaluation_id");
	size_t area = kk_table_need(t, "area"), raw = kk_table_need(t, "raw_score");

	for (size_t r = 0; r < t->nrows; r++) {
		const char **c = (const char **)t->cell[r];
		struct evaluation *e = find_or_add(c, id, t);
		int a = strcmp(c[area], "total") == 0 ? 9 : atoi(c[area]);
		if (a >= 1 && a <= 9)
			e->raw[a] = num(c[raw]);
	}
}

/* ---- which municipality ---------------------------------------------- */

static bool
all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* An evaluation of the municipality asked for (its municipality_id). */
static const struct evaluation *
resolve(const char *query)
{
	char want[8];
	const struct evaluation *found = NULL;

	for (size_t i = 0; i < nev; i++)
		if (strcmp(ev[i].municipality, query) == 0)
			return &ev[i];
	if (all_digits(query) && strlen(query) <= 4) {
		snprintf(want, sizeof want, "%04d", atoi(query));
		for (size_t i = 0; i < nev; i++)
			if (strcmp(ev[i].code, want) == 0)
				return &ev[i];
		kk_die("no evaluation of municipality code %s in the scores", want);
	}
	char *fq = kk_fold(query);
	size_t ncand = 0;
	for (size_t i = 0; i < nev; i++) {
		char *fn = kk_fold(ev[i].name);
		bool hit = strcmp(fn, fq) == 0;
		free(fn);
		if (!hit)
			continue;
		if (!found)
			found = &ev[i], ncand = 1;
		else if (strcmp(found->municipality, ev[i].municipality) != 0)
			ncand++;
	}
	if (ncand == 1) {
		free(fq);
		return found;
	}
	fprintf(stderr, "%s: '", kk_prog);
	kk_fputs_safe(query, stderr);
	fprintf(stderr, "' %s; candidates:\n", ncand ?
	    "matches several municipalities" : "matches no municipality");
	for (size_t i = 0; i < nev; i++) {
		char *fn = kk_fold(ev[i].name);
		bool near = *fq && (strstr(fn, fq) || strncmp(fn, fq, 3) == 0);
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(ev[j].code, ev[i].code) == 0 &&
			    strcmp(ev[j].country, ev[i].country) == 0;
		if (!seen && (near || ncand == 0)) {
			fprintf(stderr, "  %s %s ", ev[i].country, ev[i].code);
			kk_fputs_safe(ev[i].name, stderr);
			fputc('\n', stderr);
		}
		free(fn);
	}
	free(fq);
	exit(1);
}

/* ---- statistics the report needs -------------------------------------- */

struct mean { double mean; long n; };

/* Mean raw score of area a over evaluations passing keep(). */
static struct mean
mean_of(int a, const char *country, const char *size_class, long since)
{
	struct mean m = { 0, 0 };

	for (size_t i = 0; i < nev; i++) {
		if (strcmp(ev[i].country, country) || ev[i].year < since ||
		    (size_class && strcmp(ev[i].size_class, size_class)) ||
		    isnan(ev[i].raw[a]))
			continue;
		m.mean += ev[i].raw[a];
		m.n++;
	}
	m.mean = m.n ? m.mean / (double)m.n : NAN;
	return m;
}

/* Rank (1 = highest) of the total among evaluations of a country. */
static long
rank_of(double total, const char *country, const char *size_class,
	long since, long *n)
{
	long higher = 0;

	*n = 0;
	for (size_t i = 0; i < nev; i++) {
		if (strcmp(ev[i].country, country) || ev[i].year < since ||
		    (size_class && strcmp(ev[i].size_class, size_class)) ||
		    isnan(ev[i].raw[9]))
			continue;
		(*n)++;
		higher += ev[i].raw[9] > total;
	}
	return higher + 1;
}

/* ---- writing ----------------------------------------------------------- */

enum fmt { MD, HTML };

/* Data text: Markdown punctuation backslash-escaped, HTML entities;
 * line breaks and control characters become spaces. */
static void
text(FILE *fp, enum fmt f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			putc(' ', fp);
		else if (f == HTML && c == '&')
			fputs("&amp;", fp);
		else if (f == HTML && c == '<')
			fputs("&lt;", fp);
		else if (f == HTML && c == '>')
			fputs("&gt;", fp);
		else if (f == HTML && c == '"')
			fputs("&quot;", fp);
		else if (f == HTML && c == '\'')
			fputs("&#39;", fp);
		else if (f == MD && strchr("\\`*_{}[]<>#|~$&!", c)) {
			putc('\\', fp);
			putc(c, fp);
		} else
			putc(c, fp);
	}
}

static void
number(FILE *fp, double v, int decimals)
{
	if (isnan(v))
		fputs("–", fp);
	else
		fprintf(fp, "%.*f", decimals, v);
}

static void
heading(FILE *fp, enum fmt f, int level, const char *s)
{
	if (f == MD)
		fprintf(fp, "\n%.*s %s\n\n", level, "####", s);
	else
		fprintf(fp, "<h%d>%s</h%d>\n", level, s, level);
}

/* Tables: row() with cells separated by '\t' in a format string would be
 * neat, but explicit begin/cell/end keeps escaping in one place. */
static void
row_begin(FILE *fp, enum fmt f)
{
	fputs(f == MD ? "|" : "<tr>", fp);
}

static void
cell_text(FILE *fp, enum fmt f, const char *s)
{
	fputs(f == MD ? " " : "<td>", fp);
	text(fp, f, s);
	fputs(f == MD ? " |" : "</td>", fp);
}

static void
cell_num(FILE *fp, enum fmt f, double v, int decimals)
{
	fputs(f == MD ? " " : "<td class=n>", fp);
	number(fp, v, decimals);
	fputs(f == MD ? " |" : "</td>", fp);
}

static void
row_end(FILE *fp, enum fmt f, bool header, int ncols)
{
	fputs(f == MD ? "\n" : "</tr>\n", fp);
	if (f == MD && header) {
		fputs("|", fp);
		for (int i = 0; i < ncols; i++)
			fputs("---|", fp);
		fputs("\n", fp);
	}
}

static void
table_begin(FILE *fp, enum fmt f)
{
	if (f == HTML)
		fputs("<table>\n", fp);
}

static void
table_end(FILE *fp, enum fmt f)
{
	fputs(f == HTML ? "</table>\n" : "\n", fp);
}

static void
base64(FILE *out, FILE *in)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char b[3];
	size_t n;

	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = (unsigned)b[0] << 16 | (n > 1 ? (unsigned)b[1] << 8 : 0) |
		    (n > 2 ? b[2] : 0);
		putc(b64[v >> 18 & 63], out);
		putc(b64[v >> 12 & 63], out);
		putc(n > 1 ? b64[v >> 6 & 63] : '=', out);
		putc(n > 2 ? b64[v & 63] : '=', out);
	}
}

/* Why kk-plot left a chart out, by omitted.csv's reason. */
static const char *const gap_text[KK_NGAP] = {
	[KK_GAP_NO_SCORES] = "ingen poeng å vise",
	[KK_GAP_NO_SIZE_CLASS] = "ingen evaluering har størrelsesgruppe",
	[KK_GAP_NONE_SINCE] = "ingen totalskår i årene rangeringen gjelder",
	[KK_GAP_NO_TOTAL] = "evalueringen har ingen totalskår",
	[KK_GAP_NO_OTHER] = "ingen totalskår fra det andre landet fra 2015 "
	    "og senere",
	[KK_GAP_FEW_AREAS] = "færre enn tre områder har poeng i evalueringen"
};

/* The reason a chart was left out, or NULL if it was not. */
static const char *
omitted(const kk_table *t, const char *stem)
{
	size_t r;
	int g;

	for (r = 0; t && r < t->nrows; r++) {
		if (strcmp(t->cell[r][0], stem) != 0)
			continue;
		g = kk_chart_gap_parse(t->cell[r][1]);
		return g < 0 ? "ingenting å vise" : gap_text[g];
	}
	return NULL;
}

/* One chart, if kk-plot drew it: a link in Markdown, embedded in HTML so
 * that the page opens offline; if it left the chart out, why. */
static void
chart(FILE *fp, enum fmt f, const char *plots, const char *reportdir,
	const kk_table *gaps, char *stem, const char *caption)
{
	char *file = kk_asprintf("%s.png", stem), *p = kk_path_join(plots, file);
	const char *why = omitted(gaps, stem);
	FILE *in = why ? NULL : fopen(p, "rb");

	free(stem);
	if (why) {
		fputs(f == HTML ? "<p><em>" : "*", fp);
		text(fp, f, "Diagrammet «");
		text(fp, f, caption);
		text(fp, f, "» er utelatt: ");
		text(fp, f, why);
		fputs(f == HTML ? ".</em></p>\n" : ".*\n\n", fp);
	} else if (in && f == MD) {
		fputs("![", fp);
		text(fp, f, caption);
		fprintf(fp, "](%s%s%s)\n\n", strcmp(plots, reportdir) ? plots : "",
		    strcmp(plots, reportdir) ? "/" : "", file);
	} else if (in) {
		fputs("<figure><img alt=\"", fp);
		text(fp, f, caption);
		fputs("\" src=\"data:image/png;base64,", fp);
		base64(fp, in);
		fputs("\"><figcaption>", fp);
		text(fp, f, caption);
		fputs("</figcaption></figure>\n", fp);
	}
	if (in)
		fclose(in);
	free(file);
	free(p);
}

/* The charts of the seed report's chapter 3, by kk-plot's file names:
 * a municipality's charts are filed under its municipality_id. */
static void
charts(FILE *fp, enum fmt f, const struct evaluation *e, const char *plots,
	const char *reportdir)
{
	char *path = kk_path_join(plots, KK_CHART_OMITTED), cap[256];
	kk_table *gaps = access(path, F_OK) == 0 ? kk_table_read(path) : NULL;
	const char *cc = e->country;

	if (gaps && gaps->ncols < 2)
		kk_die("%s: expected columns chart,reason", path);
	heading(fp, f, 2, "Diagrammer");
	snprintf(cap, sizeof cap, "Totalskår for alle evalueringer, %s uthevet", e->name);
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_RANK, cc, 0,
	    e->municipality, e->year), cap);
	snprintf(cap, sizeof cap, "%s %ld mot snittet av evalueringene de siste "
	    "åtte årene", e->name, e->year);
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_RADAR, cc, 0,
	    e->municipality, e->year), cap);
	snprintf(cap, sizeof cap, "%s %ld blant %s evalueringer fra 2015 og senere",
	    e->name, e->year, strcmp(e->country, "NO") ? "norske" : "svenske");
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_COMPARE, cc,
	    0, e->municipality, e->year), cap);
	snprintf(cap, sizeof cap, "Utvikling per område, %s", e->name);
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_DEV, cc, 0,
	    e->municipality, 0), cap);
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_BOX, cc, 0,
	    NULL, 0), "Totalskår etter størrelsesgruppe");
	chart(fp, f, plots, reportdir, gaps, kk_chart_stem(KK_CHART_SCATTER, cc,
	    0, NULL, 0), "Totalskår mot innbyggertall");
	if (gaps)
		kk_table_free(gaps);
	free(path);
}

/* ---- the report ---------------------------------------------------------- */

struct context {
	const struct evaluation *e;
	struct evaluation **hist;      /* this municipality's evaluations */
	size_t nhist;
	const kk_table *canon;         /* evaluations.csv, for sub-areas */
	struct names areas, subareas;
	const char *plots, *dir;
};

static void
total_section(FILE *fp, enum fmt f, const struct context *x)
{
	const struct evaluation *e = x->e;
	struct mean all = mean_of(9, e->country, NULL, 0);
	struct mean grp = mean_of(9, e->country, e->size_class, 0);
	long n_all, n_grp, r_all, r_grp;
	char buf[160];

	r_all = rank_of(e->raw[9], e->country, NULL, 0, &n_all);
	r_grp = rank_of(e->raw[9], e->country, e->size_class, 0, &n_grp);
	heading(fp, f, 2, "Totalskår");
	table_begin(fp, f);
	row_begin(fp, f);
	cell_text(fp, f, "");
	cell_text(fp, f, "Poeng (av 800)");
	cell_text(fp, f, "Evalueringer");
	row_end(fp, f, true, 3);
	row_begin(fp, f);
	cell_text(fp, f, e->name);
	cell_num(fp, f, e->raw[9], 0);
	cell_text(fp, f, "");
	row_end(fp, f, false, 3);
	row_begin(fp, f);
	cell_text(fp, f, strcmp(e->country, "NO") ? "Snitt, alle svenske evalueringer"
	    : "Snitt, alle norske evalueringer");
	cell_num(fp, f, all.mean, 1);
	cell_num(fp, f, (double)all.n, 0);
	row_end(fp, f, false, 3);
	row_begin(fp, f);
	snprintf(buf, sizeof buf, "Snitt, størrelsesgruppe %s innbyggere",
	    e->size_class);
	cell_text(fp, f, buf);
	cell_num(fp, f, grp.mean, 1);
	cell_num(fp, f, (double)grp.n, 0);
	row_end(fp, f, false, 3);
	table_end(fp, f);
	if (!isnan(e->raw[9])) {
		snprintf(buf, sizeof buf, "Rangering: nr. %ld av %ld evalueringer i "
		    "landet, nr. %ld av %ld i størrelsesgruppen.", r_all, n_all,
		    r_grp, n_grp);
		fputs(f == HTML ? "<p>" : "", fp);
		text(fp, f, buf);
		fputs(f == HTML ? "</p>\n" : "\n", fp);
	}
}

static void
area_section(FILE *fp, enum fmt f, const struct context *x)
{
	const struct evaluation *e = x->e;
	char y[16];

	snprintf(y, sizeof y, "%ld", e->year);
	heading(fp, f, 2, "Områdene");
	table_begin(fp, f);
	row_begin(fp, f);
	cell_text(fp, f, "Område (3.2)");
	cell_text(fp, f, y);
	cell_text(fp, f, "Snitt, alle");
	cell_text(fp, f, "n");
	cell_text(fp, f, "Maks");
	row_end(fp, f, true, 5);
	for (int a = 1; a <= 8; a++) {
		char key[16], label[256];
		struct mean m = mean_of(a, e->country, NULL, 0);
		snprintf(key, sizeof key, "%d", a);
		snprintf(label, sizeof label, "%d. %s", a, lookup(&x->areas, key, "3.2"));
		row_begin(fp, f);
		cell_text(fp, f, label);
		cell_num(fp, f, e->raw[a], 0);
		cell_num(fp, f, m.mean, 1);
		cell_num(fp, f, (double)m.n, 0);
		cell_num(fp, f, 100, 0);
		row_end(fp, f, false, 5);
	}
	table_end(fp, f);
}

static void
subarea_section(FILE *fp, enum fmt f, const struct context *x)
{
	const kk_table *t = x->canon;
	size_t id = kk_table_need(t, "evaluation_id"), lv = kk_table_need(t, "level");
	size_t it = kk_table_need(t, "item"), sc = kk_table_need(t, "score");
	size_t mx = kk_table_need(t, "max");
	bool any = false;

	for (size_t r = 0; r < t->nrows; r++) {
		char **c = t->cell[r];
		if (strcmp(c[id], x->e->id) || strcmp(c[lv], "subarea"))
			continue;
		if (!any) {
			heading(fp, f, 2, "Delområdene");
			table_begin(fp, f);
			row_begin(fp, f);
			cell_text(fp, f, "Delområde");
			cell_text(fp, f, "Navn");
			cell_text(fp, f, "Poeng");
			cell_text(fp, f, "Maks");
			row_end(fp, f, true, 4);
			any = true;
		}
		row_begin(fp, f);
		cell_text(fp, f, c[it]);
		cell_text(fp, f, lookup(&x->subareas, c[it], "3.2"));
		cell_num(fp, f, num(c[sc]), 1);
		cell_num(fp, f, num(c[mx]), 0);
		row_end(fp, f, false, 4);
	}
	if (any)
		table_end(fp, f);
}

static void
development_section(FILE *fp, enum fmt f, const struct context *x)
{
	char buf[64];

	heading(fp, f, 2, "Utvikling over tid");
	table_begin(fp, f);
	row_begin(fp, f);
	cell_text(fp, f, "Område (3.2)");
	for (size_t i = 0; i < x->nhist; i++) {
		snprintf(buf, sizeof buf, "%ld (v%s)", x->hist[i]->year,
		    x->hist[i]->version);
		cell_text(fp, f, buf);
	}
	row_end(fp, f, true, (int)x->nhist + 1);
	for (int a = 1; a <= 9; a++) {
		char key[16];
		snprintf(key, sizeof key, "%d", a);
		snprintf(buf, sizeof buf, "%s", a == 9 ? "Total" : "");
		row_begin(fp, f);
		if (a < 9) {
			char label[256];
			snprintf(label, sizeof label, "%d. %s", a,
			    lookup(&x->areas, key, "3.2"));
			cell_text(fp, f, label);
		} else {
			cell_text(fp, f, buf);
		}
		for (size_t i = 0; i < x->nhist; i++)
			cell_num(fp, f, x->hist[i]->raw[a], 0);
		row_end(fp, f, false, (int)x->nhist + 1);
	}
	table_end(fp, f);
	fputs(f == HTML ? "<p>" : "", fp);
	text(fp, f, "Evalueringer med versjon 1.x/2.x er vist på 3.2-områdene "
	    "etter innholdet (område for område), med råpoeng: 3.x stiller "
	    "strengere krav, så poengene er ikke direkte sammenlignbare.");
	fputs(f == HTML ? "</p>\n" : "\n", fp);
}

static void
sweden_section(FILE *fp, enum fmt f, const struct context *x)
{
	const struct evaluation *e = x->e;
	const char *other = strcmp(e->country, "NO") ? "NO" : "SE";
	struct mean m = mean_of(9, other, NULL, 2015);
	long n, r = rank_of(e->raw[9], other, NULL, 2015, &n);
	char buf[256];

	heading(fp, f, 2, strcmp(other, "SE") ? "Sammenligning med Norge"
	    : "Sammenligning med svenske kommuner");
	if (m.n == 0 || isnan(e->raw[9])) {
		snprintf(buf, sizeof buf, "Ingen %s evalueringer med totalskår "
		    "fra 2015 eller senere i datagrunnlaget.", strcmp(other, "SE") ?
		    "norske" : "svenske");
	} else {
		snprintf(buf, sizeof buf, "Snittet for %ld %s evalueringer fra "
		    "2015 og senere er %.1f poeng. Med %.0f poeng ville %s vært "
		    "nr. %ld av %ld blant dem.", m.n, strcmp(other, "SE") ?
		    "norske" : "svenske", m.mean, e->raw[9], e->name, r, n + 1);
	}
	fputs(f == HTML ? "<p>" : "", fp);
	text(fp, f, buf);
	fputs(f == HTML ? "</p>\n" : "\n", fp);
}

static void
write_report(FILE *fp, enum fmt f, const struct context *x)
{
	const struct evaluation *e = x->e;
	char buf[512];

	if (f == HTML) {
		fputs("<!DOCTYPE html>\n<html lang=\"no\"><head><meta charset=\"utf-8\">"
		    "<title>", fp);
		text(fp, f, e->name);
		fputs("</title><style>body{font-family:sans-serif;max-width:60em;"
		    "margin:auto}table{border-collapse:collapse}td{border:1px solid"
		    " #bbb;padding:2px 8px}td.n{text-align:right}img{max-width:100%}"
		    "</style></head><body>\n<h1>", fp);
	} else {
		fputs("# ", fp);
	}
	snprintf(buf, sizeof buf, "%s %ld: ", strcmp(e->country, "NO") ?
	    "Kommunkompassen" : "Kommunekompasset", e->year);
	text(fp, f, buf);
	text(fp, f, e->name);
	snprintf(buf, sizeof buf, " (%s)", e->code);
	text(fp, f, buf);
	fputs(f == HTML ? "</h1>\n<p>" : "\n\n", fp);
	snprintf(buf, sizeof buf, "Versjon %s. Innbyggere: %.0f; "
	    "størrelsesgruppe %s. Snitt og rangering gjelder evalueringene i "
	    "datagrunnlaget (data/exports), i råpoeng.", e->version,
	    e->population, e->size_class);
	text(fp, f, buf);
	fputs(f == HTML ? "</p>\n" : "\n", fp);
	total_section(fp, f, x);
	area_section(fp, f, x);
	subarea_section(fp, f, x);
	development_section(fp, f, x);
	sweden_section(fp, f, x);
	charts(fp, f, e, x->plots, x->dir);
	if (f == HTML)
		fputs("</body></html>\n", fp);
}

static int
by_year(const void *a, const void *b)
{
	const struct evaluation *x = *(struct evaluation *const *)a;
	const struct evaluation *y = *(struct evaluation *const *)b;

	return (x->year > y->year) - (x->year < y->year);
}


static void
write_file(const char *dir, const char *name, enum fmt f,
	const struct context *x)
{
	char *p = kk_path_join(dir, name);
	kk_out *o = kk_out_open(p);

	write_report(kk_out_fp(o), f, x);
	kk_out_commit(o);
	fprintf(stderr, "%s: wrote %s\n", kk_prog, p);
	free(p);
}

/* The years the municipality was evaluated, when YEAR is not one. */
static int
no_evaluation(const struct context *x, const char *who, long year)
{
	fprintf(stderr, "%s: %s has no evaluation in %ld; its evaluations:",
	    kk_prog, who, year);
	for (size_t h = 0; h < x->nhist; h++)
		fprintf(stderr, " %ld", x->hist[h]->year);
	fputc('\n', stderr);
	return 1;
}

/* For make report (pipeline/report.sh) and make analysis's FOCUS: the
 * evaluation's code and year and the municipality's municipality_id. */
static int
print_resolved(const struct evaluation *e)
{
	printf("%s %ld %s\n", e->code, e->year, e->municipality);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* report.md and report.html of x->e in DIR/reports/CODE-YEAR/. */
static void
write_reports(struct context *x, const char *dir, const char *areas,
	const char *subareas, const char *plots)
{
	char sub[64];
	snprintf(sub, sizeof sub, "reports/%s-%ld", x->e->code, x->e->year);
	char *rdir = kk_path_join(dir, sub);
	kk_mkdirs(rdir);
	char *canon_path = kk_path_join(dir, "evaluations.csv");
	kk_table *canon = kk_table_read(canon_path);
	x->canon = canon;
	x->areas.t = kk_table_read(areas);
	x->areas.key = kk_table_need(x->areas.t, "canonical_area");
	x->areas.name = kk_table_need(x->areas.t, "name_no");
	x->subareas.t = kk_table_read(subareas);
	x->subareas.key = kk_table_need(x->subareas.t, "subarea");
	x->subareas.name = kk_table_need(x->subareas.t, "name_no");
	x->dir = rdir;
	x->plots = plots ? plots : rdir;
	write_file(rdir, "report.md", MD, x);
	write_file(rdir, "report.html", HTML, x);
	kk_table_free(x->areas.t);
	kk_table_free(x->subareas.t);
	kk_table_free(canon);
	free(canon_path);
	free(rdir);
}

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_DIR, OPT_YEAR, OPT_RESOLVE, OPT_PLOTS, OPT_AREAS,
		OPT_SUBAREAS };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "dir", true, OPT_DIR },
		{ "year", true, OPT_YEAR },
		{ "resolve", false, OPT_RESOLVE },
		{ "plots", true, OPT_PLOTS },
		{ "areas", true, OPT_AREAS },
		{ "subareas", true, OPT_SUBAREAS },
		{ NULL, false, 0 }
	};
	const char *dir = "out", *plots = NULL, *val;
	char *areas = NULL, *subareas = NULL;
	long year = 0;
	bool only_resolve = false;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_DIR: dir = val; break;
		case OPT_YEAR:
			if (!kk_year_parse(val, strlen(val), &year))
				kk_usage("--year must be a year, not '%s'", val);
			break;
		case OPT_RESOLVE: only_resolve = true; break;
		case OPT_PLOTS: plots = val; break;
		case OPT_AREAS: free(areas); areas = kk_strdup(val); break;
		case OPT_SUBAREAS:
			free(subareas);
			subareas = kk_strdup(val);
			break;
		}
	}
	if (i != argc - 1)
		kk_usage("give one municipality (code or name)");
	if (!areas)
		areas = kk_data_path("areas.csv");
	if (!subareas)
		subareas = kk_data_path("subareas.csv");

	char *scores_path = kk_path_join(dir, "scores.csv");
	kk_table *scores = kk_table_read(scores_path);
	load_scores(scores);

	const char *municipality = resolve(argv[i])->municipality;
	struct context x = { 0 };
	x.hist = kk_malloc(sizeof *x.hist * (nev + 1));
	for (size_t e = 0; e < nev; e++)
		if (strcmp(ev[e].municipality, municipality) == 0)
			x.hist[x.nhist++] = &ev[e];
	qsort(x.hist, x.nhist, sizeof *x.hist, by_year);
	for (size_t h = 0; h < x.nhist; h++)
		if (year ? x.hist[h]->year == year : true)
			x.e = x.hist[h];
	int st = 0;
	if (!x.e)
		st = no_evaluation(&x, argv[i], year);
	else if (only_resolve)
		st = print_resolved(x.e);
	else
		write_reports(&x, dir, areas, subareas, plots);

	free(x.hist);
	free(ev);
	kk_table_free(scores);
	free(scores_path);
	free(areas);
	free(subareas);
	return st;
}
