/*
 * kk-report - the yearly benchmark update of one municipality, as the
 * Røros 2022 report's chapters 3 and 4 show it: the total against the
 * published and the data set's own reference values, the rankings, the
 * size groups, the areas with their records, the development across
 * evaluations, the comparison with the other country, and one section
 * per area with its scores over time, its sub-areas and the evaluator's
 * commentary.
 *
 * Every number comes from the analysis in OUT (scores.csv,
 * evaluations.csv, tables/) or from data/benchmarks.csv with its source;
 * every word from data/i18n/LANG.csv and the area dictionaries.  Text
 * from data is escaped for Markdown and HTML.
 */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kk.h"
#include "areas.h"
#include "benchmarks.h"
#include "chart.h"
#include "commentary.h"
#include "i18n.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-report [options] [--] MUNICIPALITY\n"
"       kk-report [--dir OUT] [--lang LANG] --index YEAR\n"
"Write OUT/reports/<code>-<year>/report.md and report.html for one\n"
"municipality (a code such as 5025, a name such as Røros, or its\n"
"municipality_id such as NO-5025).\n"
"\n"
"  --dir OUT          analysis output directory (default out)\n"
"  --year YEAR        the evaluation to report (default: the latest)\n"
"  --lang LANG        the report's language: nb, sv or en (default: the\n"
"                     country's, nb for NO and sv for SE)\n"
"  --resolve          only print 'CODE YEAR ID LANG': the evaluation's code\n"
"                     and year, the municipality's municipality_id, the\n"
"                     report's language\n"
"  --list YEAR        only print the code of every evaluation of YEAR\n"
"  --index YEAR       write OUT/reports/index.html (and index.md) linking\n"
"                     the reports of every evaluation of YEAR\n"
"  --plots DIR        directory with the rendered charts to include\n"
"                     (default: the report's own directory)\n"
"  --areas FILE       area dictionary (default data/areas.csv)\n"
"  --subareas FILE    sub-area dictionary (default data/subareas.csv)\n"
"  --benchmarks FILE  published reference values (default\n"
"                     data/benchmarks.csv)\n"
"  --commentary DIR   the evaluators' commentary, one EVALUATION_ID.md per\n"
"                     evaluation (default data/commentary)\n"
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
	long year, population_year;
	double raw[KK_AREA_SLOTS];     /* NAN if missing */
	double population;
};

static struct evaluation *ev;
static size_t nev;

static double
num(const char *s)
{
	double v;

	return kk_parse_double(s, strlen(s), &v) == KK_NUM_OK ? v : NAN;
}

/* ---- loading --------------------------------------------------------- */

/* Column k of scores.csv in table t. */
#define SCORES(k) kk_table_need_col(t, &kk_scores_table, (k))

static struct evaluation *
find_or_add(const kk_table *t, size_t r, size_t id)
{
	const char **c = (const char **)t->cell[r];

	if (nev > 0 && strcmp(ev[nev - 1].id, c[id]) == 0)
		return &ev[nev - 1];
	for (size_t i = 0; i < nev; i++)
		if (strcmp(ev[i].id, c[id]) == 0)
			return &ev[i];
	static size_t cap;
	kk_grow((void **)&ev, &cap, nev + 1, sizeof *ev);
	struct evaluation *e = &ev[nev++];
	memset(e, 0, sizeof *e);
	for (int a = 0; a < KK_AREA_SLOTS; a++)
		e->raw[a] = NAN;
	e->id = c[id];
	e->country = c[SCORES(KK_S_COUNTRY)];
	e->code = c[SCORES(KK_S_CODE)];
	e->name = c[SCORES(KK_S_MUNI)];
	e->version = c[SCORES(KK_S_VERSION)];
	e->size_class = c[SCORES(KK_S_SIZE_CLASS)];
	size_t yr = SCORES(KK_S_YEAR);
	e->year = kk_year_need(c[yr], strlen(c[yr]), t->col[yr], t->name,
	    t->line[r], (long)yr + 1);
	e->population = num(c[SCORES(KK_S_POPULATION)]);
	e->population_year = atol(c[SCORES(KK_S_POP_YEAR)]);
	e->municipality = c[SCORES(KK_S_MUNICIPALITY_ID)];
	return e;
}

static void
load_scores(const kk_table *t)
{
	size_t id = SCORES(KK_S_ID), area = SCORES(KK_S_AREA);
	size_t raw = SCORES(KK_S_RAW);

	for (size_t r = 0; r < t->nrows; r++) {
		const char **c = (const char **)t->cell[r];
		struct evaluation *e = find_or_add(t, r, id);
		int a = kk_area_parse(c[area], strlen(c[area]));
		if (a >= 1)
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

/* ---- what the report compares --------------------------------------------- */

/* An evaluation's version family ("2.x", "3.x"): scores of one family
 * compare directly, and records are kept per family. */
static const char *
family_of(const struct evaluation *e)
{
	enum kk_version v;

	if (kk_version_parse(e->version, &v) != KK_VERSION_OK)
		return "";
	return kk_version_family(v);
}

static enum kk_version
version_of(const struct evaluation *e)
{
	enum kk_version v;

	return kk_version_parse(e->version, &v) == KK_VERSION_OK ? v : KK_V32;
}

/* Which evaluations a figure is over: a country, optionally a size class,
 * a version family, and a first year. */
struct among {
	const char *country, *size_class, *family;
	long since, until;             /* 0: no bound */
};

static bool
in(const struct evaluation *e, const struct among *s, int area)
{
	return strcmp(e->country, s->country) == 0 &&
	    (!s->size_class || strcmp(e->size_class, s->size_class) == 0) &&
	    (!s->family || strcmp(family_of(e), s->family) == 0) &&
	    (!s->since || e->year >= s->since) &&
	    (!s->until || e->year <= s->until) && !isnan(e->raw[area]);
}

struct mean { double mean; long n; };

/* Mean published score of area (or KK_AREA_TOTAL) over the evaluations
 * of s. */
static struct mean
mean_of(int area, const struct among *s)
{
	struct mean m = { 0, 0 };

	for (size_t i = 0; i < nev; i++)
		if (in(&ev[i], s, area)) {
			m.mean += ev[i].raw[area];
			m.n++;
		}
	m.mean = m.n ? m.mean / (double)m.n : NAN;
	return m;
}

/* Rank of score v among the evaluations of s (1: highest): 1 + how many
 * are higher; *n how many there are, *tied whether another has v. */
static long
rank_of(double v, int area, const struct among *s, long *n, bool *tied)
{
	long higher = 0, same = 0;

	*n = 0;
	for (size_t i = 0; i < nev; i++)
		if (in(&ev[i], s, area)) {
			(*n)++;
			higher += ev[i].raw[area] > v;
			same += ev[i].raw[area] == v;
		}
	*tied = same > 1;
	return higher + 1;
}

/* Municipalities of a country evaluated up to year (by identity: Røros
 * under 1640 and 5025 is one). */
static size_t
municipalities_of(const char *country, long year)
{
	size_t n = 0;

	for (size_t i = 0; i < nev; i++) {
		if (strcmp(ev[i].country, country) || ev[i].year > year)
			continue;
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(ev[j].country, country) == 0 &&
			    ev[j].year <= year && strcmp(ev[j].municipality,
			    ev[i].municipality) == 0;
		n += !seen;
	}
	return n;
}

static size_t
evaluations_of(const char *country)
{
	size_t n = 0;

	for (size_t i = 0; i < nev; i++)
		n += strcmp(ev[i].country, country) == 0;
	return n;
}

/* ---- the words -------------------------------------------------------------- */

/* The keys of a country's words; a country without them has no report
 * language of its own. */
struct country_words {
	const char *country, *name, *adj, *instrument, *pop_date, *pop_source;
};
static const struct country_words country_words[] = {
	{ "NO", "country.no.name", "country.no.adj", "country.no.instrument",
	  "country.no.pop_date", "country.no.pop_source" },
	{ "SE", "country.se.name", "country.se.adj", "country.se.instrument",
	  "country.se.pop_date", "country.se.pop_source" },
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

static const struct country_words *
words_of(const char *country)
{
	for (size_t i = 0; country_words[i].country; i++)
		if (strcmp(country_words[i].country, country) == 0)
			return &country_words[i];
	kk_die("no report words for country '%s' (there are NO and SE)",
	    country);
}

/* ---- writing: Markdown and HTML from one description ---------------------- */

enum fmt { MD, HTML };

/* One published figure cited, numbered in the order of first citation. */
struct cited {
	const kk_benchmark *b;
};

struct report {
	FILE *fp;
	enum fmt f;
	const kk_lang *L;
	const struct evaluation *e;
	struct evaluation **hist;      /* this municipality's evaluations */
	size_t nhist;
	const kk_table *canon;         /* evaluations.csv, for sub-areas */
	const kk_table *makeup;        /* tables/size_makeup.csv */
	const kk_table *gaps;          /* the charts kk-plot left out */
	kk_areas *areas;
	const kk_benchmarks *bench;
	const kk_commentary *comment;
	const char *namecol;           /* the dictionaries' name column */
	const char *plots, *dir;
	const struct country_words *cw;
	bool full;                     /* a full export: its figures lead */
	const kk_benchmark *count;     /* the published count it was told by */
	struct cited *cite;
	size_t ncite, citecap;
};

#define W(r) ((r)->fp)

/* Text from data and from the language files: Markdown punctuation that
 * would be read as markup is backslash-escaped, HTML's special
 * characters become entities; line breaks and control characters become
 * spaces. */
static void
text(struct report *r, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			putc(' ', W(r));
		else if (r->f == HTML && c == '&')
			fputs("&amp;", W(r));
		else if (r->f == HTML && c == '<')
			fputs("&lt;", W(r));
		else if (r->f == HTML && c == '>')
			fputs("&gt;", W(r));
		else if (r->f == HTML && c == '"')
			fputs("&quot;", W(r));
		else if (r->f == HTML && c == '\'')
			fputs("&#39;", W(r));
		else if (r->f == MD && strchr("\\`*_[]<>|", c)) {
			putc('\\', W(r));
			putc(c, W(r));
		} else
			putc(c, W(r));
	}
}

/* Markup of the format (never data). */
static void
tag(struct report *r, const char *md, const char *html)
{
	fputs(r->f == MD ? md : html, W(r));
}

static void
heading(struct report *r, int level, const char *s, const char *id)
{
	if (r->f == MD) {
		fprintf(W(r), "\n%.*s ", level, "####");
		text(r, s);
		fputs("\n\n", W(r));
		return;
	}
	fprintf(W(r), "<h%d", level);
	if (id)
		fprintf(W(r), " id=\"%s\"", id);
	fputs(">", W(r));
	text(r, s);
	fprintf(W(r), "</h%d>\n", level);
}

static void
para_begin(struct report *r)
{
	tag(r, "", "<p>");
}

static void
para_end(struct report *r)
{
	tag(r, "\n\n", "</p>\n");
}

/* A sentence: text and a space after it, within a paragraph. */
static void
say(struct report *r, const char *s)
{
	text(r, s);
	putc(' ', W(r));
}

static void
paragraph(struct report *r, const char *s)
{
	para_begin(r);
	text(r, s);
	para_end(r);
}

/* [n] for a published figure, numbered at its first citation; the list
 * of sources closes the report. */
static void
cite(struct report *r, const kk_benchmark *b)
{
	size_t i = 0;

	/* one number for one sentence of one source, however many figures
	 * it gives */
	while (i < r->ncite && (strcmp(r->cite[i].b->source, b->source) ||
	    strcmp(r->cite[i].b->quote, b->quote)))
		i++;
	if (i == r->ncite) {
		kk_grow((void **)&r->cite, &r->citecap, r->ncite + 1,
		    sizeof *r->cite);
		r->cite[r->ncite++].b = b;
	}
	if (r->f == MD)
		fprintf(W(r), "\\[%zu\\]", i + 1);
	else
		fprintf(W(r), "<a class=\"cite\" href=\"#src-%zu\">[%zu]</a>",
		    i + 1, i + 1);
}

/* Tables: cells are escaped in one place. */
static void
table_begin(struct report *r, const char *cls)
{
	if (r->f == HTML)
		fprintf(W(r), "<table class=\"%s\">\n", cls);
	else
		putc('\n', W(r));
}

static void
table_end(struct report *r)
{
	tag(r, "\n", "</table>\n");
}

static void
row_begin(struct report *r)
{
	tag(r, "|", "<tr>");
}

static void
row_end(struct report *r, int header_cols)
{
	tag(r, "\n", "</tr>\n");
	if (r->f == MD && header_cols > 0) {
		putc('|', W(r));
		for (int i = 0; i < header_cols; i++)
			fputs("---|", W(r));
		putc('\n', W(r));
	}
}

static void
head_cell(struct report *r, const char *s)
{
	tag(r, " ", "<th>");
	text(r, s);
	tag(r, " |", "</th>");
}

static void
cell(struct report *r, const char *s)
{
	tag(r, " ", "<td>");
	text(r, s);
	tag(r, " |", "</td>");
}

/* A number, already in the language's form: right-aligned. */
static void
cell_num(struct report *r, const char *s)
{
	tag(r, " ", "<td class=\"n\">");
	text(r, s);
	tag(r, " |", "</td>");
}

/* A published figure with its citation. */
static void
cell_cited(struct report *r, const char *s, const kk_benchmark *b)
{
	tag(r, " ", "<td>");
	text(r, s);
	if (b) {
		putc(' ', W(r));
		cite(r, b);
	}
	tag(r, " |", "</td>");
}

/* ---- numbers and labels in the reader's language ------------------------- */

static const char *
n1(const struct report *r, double v)
{
	return kk_lang_num(r->L, v, 1);
}

static const char *
nint(const struct report *r, long v)
{
	return kk_lang_int(r->L, v);
}

/* A score as published: whole points as such, halves and tenths with
 * one decimal. */
static const char *
score(const struct report *r, double v)
{
	return kk_lang_num(r->L, v, isnan(v) || v == round(v) ? 0 : 1);
}

/* A year: digits, never grouped. */
static const char *
year_str(const struct report *r, long y)
{
	return kk_lang_plain(r->L, y);
}

static const char *
area_name(const struct report *r, int area)
{
	const char *s = kk_areas_name_in(r->areas, KK_V32, area, r->namecol);

	if (!s)
		kk_die("no %s of area %d (version 3.2) in the area dictionary",
		    r->namecol, area);
	return s;
}

/* "3. Styring og kontroll" */
static const char *
area_label(const struct report *r, int area)
{
	return kk_trf(r->L, "report.area_label", "n", nint(r, area), "name",
	    area_name(r, area), NULL);
}

/* A published value as its source words it: "ca. 450", "i underkant av
 * 350". */
static const char *
published(const struct report *r, const kk_benchmark *b)
{
	static const char *const key[][2] = {
		{ "exact", "report.qualifier.exact" },
		{ "approx", "report.qualifier.approx" },
		{ "below", "report.qualifier.below" },
		{ "above", "report.qualifier.above" },
	};

	for (size_t i = 0; i < sizeof key / sizeof *key; i++)
		if (strcmp(b->qualifier, key[i][0]) == 0)
			return kk_trf(r->L, key[i][1], "v", score(r, b->value),
			    NULL);
	return score(r, b->value);
}

/* "KS-Konsulent 2022": who published it and when. */
static const char *
source_label(const struct report *r, const kk_benchmark *b)
{
	char *who = kk_benchmark_publisher(b);
	const char *s = b->year ? kk_trf(r->L, "report.source_label", "who",
	    who, "year", year_str(r, b->year), NULL) :
	    kk_trf(r->L, "report.source_label_undated", "who", who, NULL);

	free(who);
	return s;
}

/* The published figure of what for the evaluation's country. */
static const kk_benchmark *
bench(const struct report *r, const char *what, const char *group, int area)
{
	return kk_benchmark_find(r->bench, what, r->e->country, group, area,
	    r->e->year, family_of(r->e));
}

static struct among
country_set(const struct report *r)
{
	return (struct among){ .country = r->e->country };
}

/* A sentence that names a published figure's source: the citation
 * follows the source's label where the sentence names it, else the
 * sentence. */
static void
say_cited(struct report *r, const char *s, const kk_benchmark *b)
{
	const char *label = source_label(r, b), *at = strstr(s, label);
	size_t n = at ? (size_t)(at - s) + strlen(label) : strlen(s);
	char *head = kk_strndup(s, n);

	text(r, head);
	putc(' ', W(r));
	cite(r, b);
	if (at)
		text(r, s + n);
	putc(' ', W(r));
	free(head);
}

/* ---- charts ------------------------------------------------------------------ */

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
static const char *const gap_keys[KK_NGAP] = {
	[KK_GAP_NO_SCORES] = "chart.gap.no_scores",
	[KK_GAP_NO_SIZE_CLASS] = "chart.gap.no_size_class",
	[KK_GAP_NONE_SINCE] = "chart.gap.none_since",
	[KK_GAP_NO_TOTAL] = "chart.gap.no_total",
	[KK_GAP_NO_OTHER] = "chart.gap.no_other_country",
	[KK_GAP_FEW_AREAS] = "chart.gap.few_areas"
};

/* The reason a chart was left out, or NULL if it was not. */
static const char *
omitted(const struct report *r, const char *stem)
{
	const kk_table *t = r->gaps;

	for (size_t i = 0; t && i < t->nrows; i++) {
		if (strcmp(t->cell[i][0], stem) != 0)
			continue;
		int g = kk_chart_gap_parse(t->cell[i][1]);
		return kk_tr(r->L, g < 0 ? "chart.gap.unknown" : gap_keys[g]);
	}
	return NULL;
}

/* A line in place of a chart that is not there. */
static void
no_chart(struct report *r, const char *s)
{
	para_begin(r);
	tag(r, "*", "<em class=\"gap\">");
	text(r, s);
	tag(r, "*", "</em>");
	para_end(r);
}

/* One chart, if kk-plot drew it: a link in Markdown, embedded in HTML so
 * that the page opens offline; if kk-plot left it out, why; if it is
 * missing, a line that says so.  Frees stem. */
static void
chart(struct report *r, char *stem, const char *caption)
{
	char *file = kk_asprintf("%s.png", stem);
	char *p = kk_path_join(r->plots, file);
	const char *why = omitted(r, stem);
	FILE *in = why ? NULL : fopen(p, "rb");

	if (why)
		no_chart(r, kk_trf(r->L, "chart.omitted", "caption", caption,
		    "why", why, NULL));
	else if (!in)
		no_chart(r, kk_trf(r->L, "chart.missing", "caption", caption,
		    NULL));
	else if (r->f == MD) {
		fputs("![", W(r));
		text(r, caption);
		fprintf(W(r), "](%s%s%s)\n\n", strcmp(r->plots, r->dir) ?
		    r->plots : "", strcmp(r->plots, r->dir) ? "/" : "", file);
	} else {
		fputs("<figure><img alt=\"", W(r));
		text(r, caption);
		fputs("\" src=\"data:image/png;base64,", W(r));
		base64(W(r), in);
		fputs("\"><figcaption>", W(r));
		text(r, caption);
		fputs("</figcaption></figure>\n", W(r));
	}
	if (in)
		fclose(in);
	free(file);
	free(p);
	free(stem);
}

/* ---- the report's sections ---------------------------------------------------- */

static void
title(struct report *r)
{
	const struct evaluation *e = r->e;
	const char *t = kk_trf(r->L, "report.title", "instrument",
	    kk_tr(r->L, r->cw->instrument), "year", year_str(r, e->year),
	    "name", e->name, NULL);

	if (r->f == HTML) {
		fprintf(W(r), "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		    "<meta charset=\"utf-8\"><title>", kk_lang_code(r->L));
		text(r, t);
		fputs("</title>\n<style>\n", W(r));
		fputs(
"@page{size:A4;margin:18mm 16mm 20mm}\n"
"body{font-family:\"DejaVu Sans\",sans-serif;font-size:10.5pt;"
"line-height:1.45;color:#222;max-width:48em;margin:1em auto;padding:0 1em}\n"
"h1{font-size:20pt;margin:0 0 .2em;color:#1d4e7a}\n"
"h2{font-size:14pt;margin:1.6em 0 .5em;padding-bottom:.15em;"
"border-bottom:2px solid #1d4e7a;break-after:avoid;page-break-after:avoid}\n"
"h3{font-size:11.5pt;margin:1.2em 0 .4em;break-after:avoid;"
"page-break-after:avoid}\n"
"p.lead{font-size:12pt;color:#555;margin-top:0}\n"
"p.facts{background:#eef3f8;padding:.5em .8em}\n"
"table{border-collapse:collapse;margin:.6em 0 1em;break-inside:auto}\n"
"tr,figure,.swc{break-inside:avoid;page-break-inside:avoid}\n"
"thead{display:table-header-group}\n"
"th,td{border:1px solid #bbb;padding:3px 8px;vertical-align:top}\n"
"th{background:#eef3f8;text-align:left}\n"
"td.n{text-align:right;font-variant-numeric:tabular-nums;"
"white-space:nowrap}\n"
"tr.me td{font-weight:bold}\n"
"figure{margin:1em 0}\n"
"figure img{width:100%;height:auto;display:block}\n"
"figcaption{font-size:9pt;color:#555;margin-top:.3em}\n"
"span.bar{display:inline-block;height:.8em;background:#1d4e7a;"
"-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"td.bar{width:40%}\n"
"section.area{break-before:page;page-break-before:always}\n"
"table.swc{width:100%;table-layout:fixed}\n"
"table.swc ul{margin:0;padding-left:1.1em}\n"
"a.cite{text-decoration:none;font-size:.8em;vertical-align:super}\n"
"ol.sources{font-size:9pt}\n"
"em.gap{color:#8a4b00}\n"
"@media print{body{max-width:none;margin:0;padding:0}}\n", W(r));
		fputs("</style></head><body>\n", W(r));
	}
	heading(r, 1, t, NULL);
	tag(r, "", "<p class=\"lead\">");
	text(r, kk_tr(r->L, "report.subtitle"));
	para_end(r);
	tag(r, "", "<p class=\"facts\">");
	text(r, kk_trf(r->L, "report.facts", "year", year_str(r, e->year),
	    "version", e->version, "population", nint(r, (long)e->population),
	    "pop_date", kk_trf(r->L, r->cw->pop_date, "year",
	    year_str(r, e->population_year), NULL), "pop_source",
	    kk_tr(r->L, r->cw->pop_source), "size", kk_lang_size(r->L,
	    e->size_class), "code", e->code, NULL));
	para_end(r);
}

/* What the data set is, and whose figures lead. */
static void
about_data(struct report *r)
{
	const struct evaluation *e = r->e;
	const kk_benchmark *c = r->count;
	size_t m_all = municipalities_of(e->country, KK_YEAR_MAX);
	size_t m = municipalities_of(e->country, e->year);
	size_t n = evaluations_of(e->country);

	heading(r, 2, kk_tr(r->L, "report.data.title"), "data");
	para_begin(r);
	/* the evaluation itself is one of them */
	say(r, kk_trf(r->L, n == 1 ? "report.data.size_one" : m_all == 1 ?
	    "report.data.size_one_municipality" : "report.data.size", "n",
	    nint(r, (long)n), "m", nint(r, (long)m_all), "adj",
	    kk_tr(r->L, r->cw->adj), NULL));
	if (r->full) {
		say_cited(r, kk_trf(r->L, "report.data.full", "count",
		    published(r, c), "source", source_label(r, c), NULL), c);
		say(r, kk_tr(r->L, "report.data.full_leads"));
	} else {
		say(r, kk_tr(r->L, "report.data.sample"));
		if (c) {
			say_cited(r, kk_trf(r->L, "report.data.sample_count", "count",
			    published(r, c), "m", nint(r, (long)m), "source",
			    source_label(r, c), "adj", kk_tr(r->L, r->cw->adj),
			    NULL), c);
		}
		say(r, kk_tr(r->L, "report.data.sample_leads"));
	}
	para_end(r);
	paragraph(r, kk_tr(r->L, "report.data.raw"));
}

/* Two rows: the published figure and the data set's own, in the order
 * the data set's standing gives. */
static void
reference_rows(struct report *r, const char *label, const kk_benchmark *b,
	const char *label_data, struct mean m)
{
	for (int pass = 0; pass < 2; pass++) {
		bool data = (pass == 0) == r->full;
		if (data) {
			row_begin(r);
			cell(r, label_data);
			cell_num(r, n1(r, m.mean));
			cell(r, kk_trf(r->L, m.n == 1 ? "report.basis.data_one" :
			    "report.basis.data", "n", nint(r, m.n), NULL));
			cell(r, kk_tr(r->L, "report.basis.data_source"));
			row_end(r, 0);
		} else if (b) {
			row_begin(r);
			cell(r, label);
			cell_num(r, published(r, b));
			cell(r, kk_tr(r->L, "report.basis.published"));
			cell_cited(r, source_label(r, b), b);
			row_end(r, 0);
		}
	}
}

static void
reference_head(struct report *r)
{
	row_begin(r);
	head_cell(r, "");
	head_cell(r, kk_tr(r->L, "report.col.points"));
	head_cell(r, kk_tr(r->L, "report.col.basis"));
	head_cell(r, kk_tr(r->L, "report.col.source"));
	row_end(r, 4);
}

static void
rank_sentence(struct report *r)
{
	const struct evaluation *e = r->e;
	struct among all = country_set(r), grp = all;
	long n, ng, rk, rg;
	bool tie, tieg;

	grp.size_class = e->size_class;
	rk = rank_of(e->raw[KK_AREA_TOTAL], KK_AREA_TOTAL, &all, &n, &tie);
	rg = rank_of(e->raw[KK_AREA_TOTAL], KK_AREA_TOTAL, &grp, &ng, &tieg);
	say(r, kk_trf(r->L, n == 1 ? "report.total.only" : ng == 1 ? (tie ?
	    "report.total.rank_alone_tied" : "report.total.rank_alone") :
	    tie || tieg ? "report.total.rank_tied" :
	    "report.total.rank", "n", nint(r, n), "rank", nint(r, rk),
	    "ng", nint(r, ng), "rankg", nint(r, rg), "adj",
	    kk_tr(r->L, r->cw->adj), "size", kk_lang_size(r->L, e->size_class),
	    NULL));
}

/* The published record, and where the evaluation stands to it. */
static void
record_sentence(struct report *r, int area, const kk_benchmark *b)
{
	const struct evaluation *e = r->e;
	double v = e->raw[area];
	const char *key;

	if (!b || isnan(v))
		return;
	if (v == b->value && b->year == e->year)
		key = area == KK_AREA_TOTAL ? "report.record.total_is" :
		    "report.record.area_is";
	else if (v > b->value)
		key = area == KK_AREA_TOTAL ? "report.record.total_above" :
		    "report.record.area_above";
	else
		key = area == KK_AREA_TOTAL ? "report.record.total_below" :
		    "report.record.area_below";
	say_cited(r, kk_trf(r->L, key, "v", published(r, b), "source",
	    source_label(r, b), "country", kk_tr(r->L, r->cw->name), NULL), b);
}

static void
band_sentence(struct report *r)
{
	const kk_benchmark *lo = bench(r, "normal_band_low", "all", 0);
	const kk_benchmark *hi = bench(r, "normal_band_high", "all", 0);
	double v = r->e->raw[KK_AREA_TOTAL];

	if (!lo || !hi || isnan(v))
		return;
	say_cited(r, kk_trf(r->L, "report.band", "low", score(r, lo->value),
	    "high", score(r, hi->value), "source", source_label(r, lo),
	    "country", kk_tr(r->L, r->cw->name), NULL), lo);
	say(r, kk_trf(r->L, v > hi->value ? "report.band.above" :
	    v < lo->value ? "report.band.below" : "report.band.within",
	    "name", r->e->name, NULL));
}

static void
total_section(struct report *r)
{
	const struct evaluation *e = r->e;
	struct among all = country_set(r), grp = all;
	const char *adj = kk_tr(r->L, r->cw->adj);
	const char *size = kk_lang_size(r->L, e->size_class);
	char *s;

	grp.size_class = e->size_class;
	heading(r, 2, kk_tr(r->L, "report.total.title"), "total");
	para_begin(r);
	if (isnan(e->raw[KK_AREA_TOTAL])) {
		say(r, kk_trf(r->L, "report.total.none", "name", e->name, NULL));
	} else {
		say(r, kk_trf(r->L, "report.total.score", "name", e->name,
		    "total", score(r, e->raw[KK_AREA_TOTAL]), "max",
		    nint(r, KK_TOTAL_MAX), NULL));
		rank_sentence(r);
		record_sentence(r, KK_AREA_TOTAL, bench(r, "max_total", "all",
		    0));
	}
	para_end(r);

	table_begin(r, "reference");
	reference_head(r);
	tag(r, "|", "<tr class=\"me\">");
	cell(r, kk_trf(r->L, "report.eval_label", "name", e->name, "year",
	    year_str(r, e->year), NULL));
	cell_num(r, score(r, e->raw[KK_AREA_TOTAL]));
	cell(r, "");
	cell(r, "");
	row_end(r, 0);
	reference_rows(r, kk_trf(r->L, "report.ref.mean_all", "adj", adj,
	    NULL), bench(r, "mean_total", "all", 0),
	    kk_trf(r->L, "report.ref.mean_all_data", "adj", adj, NULL),
	    mean_of(KK_AREA_TOTAL, &all));
	reference_rows(r, kk_trf(r->L, "report.ref.mean_group", "size", size,
	    NULL), bench(r, "mean_total", e->size_class, 0),
	    kk_trf(r->L, "report.ref.mean_group_data", "size", size, NULL),
	    mean_of(KK_AREA_TOTAL, &grp));
	const kk_benchmark *lo = bench(r, "normal_band_low", "all", 0);
	const kk_benchmark *hi = bench(r, "normal_band_high", "all", 0);
	if (lo && hi) {
		row_begin(r);
		cell(r, kk_tr(r->L, "report.ref.band"));
		cell_num(r, kk_trf(r->L, "report.range", "low",
		    score(r, lo->value), "high", score(r, hi->value), NULL));
		cell(r, kk_tr(r->L, "report.basis.published"));
		cell_cited(r, source_label(r, lo), lo);
		row_end(r, 0);
	}
	table_end(r);

	para_begin(r);
	band_sentence(r);
	para_end(r);
	s = kk_chart_stem(KK_CHART_RANK, r->e->country, 0, r->e->municipality, r->e->year);
	chart(r, s, kk_trf(r->L, "chart.caption.rank", "adj", adj, "name",
	    e->name, NULL));
	s = kk_chart_stem(KK_CHART_RANK_GROUP, r->e->country, 0, r->e->municipality,
	    r->e->year);
	chart(r, s, kk_trf(r->L, "chart.caption.rank_group", "adj", adj,
	    "size", size, "name", e->name, NULL));
}

/* The make-up of the top and bottom of the ranking by size class, from
 * tables/size_makeup.csv, beside the published one. */
struct makeup_row {
	const char *size_class;
	long n[2], of[2], among[2];    /* [0] top, [1] bottom */
	const kk_benchmark *pub[2];
};

static const char *const makeup_sets[2] = {
	"top_municipalities", "bottom_evaluations"
};
static const char *const makeup_bench[2] = {
	"top15_municipalities", "bottom15_evaluations"
};

/* Where a size class sorts: by the smallest population it holds. */
static double
size_order(const char *cls)
{
	double lo = 0;

	if (cls[0] == '>' || (cls[0] >= '0' && cls[0] <= '9'))
		lo = atof(cls + (cls[0] == '>')) + (cls[0] == '>' ? 0.5 : 0);
	return lo;
}

static struct makeup_row *
makeup_class(struct makeup_row *rows, size_t *n, size_t max,
	const char *cls)
{
	size_t k = 0;

	while (k < *n && strcmp(rows[k].size_class, cls))
		k++;
	if (k < *n)
		return &rows[k];
	if (*n == max)
		kk_die("more than %zu size classes", max);
	memset(&rows[*n], 0, sizeof rows[*n]);
	rows[*n].size_class = cls;
	return &rows[(*n)++];
}

/* The classes of the data set's table and of the published figures,
 * smallest first. */
static size_t
makeup_rows(const struct report *r, struct makeup_row *rows, size_t max)
{
	const kk_table *t = r->makeup;
	size_t c[KK_MK_N], n = 0;

	for (int k = 0; k < KK_MK_N; k++)
		c[k] = kk_table_need_col(t, &kk_makeup_table, k);
	for (size_t i = 0; i < t->nrows; i++) {
		char **row = t->cell[i];
		for (int set = 0; set < 2; set++) {
			if (strcmp(row[c[KK_MK_SET]], makeup_sets[set]) ||
			    strcmp(row[c[KK_MK_COUNTRY]], r->e->country))
				continue;
			struct makeup_row *m = makeup_class(rows, &n, max,
			    row[c[KK_MK_SIZE_CLASS]]);
			m->n[set] = atol(row[c[KK_MK_COUNT]]);
			m->of[set] = atol(row[c[KK_MK_OF]]);
			m->among[set] = atol(row[c[KK_MK_AMONG]]);
		}
	}
	for (size_t i = 0; i < r->bench->n; i++) {
		const kk_benchmark *b = &r->bench->row[i];
		for (int set = 0; set < 2; set++)
			if (strcmp(b->what, makeup_bench[set]) == 0 &&
			    strcmp(b->country, r->e->country) == 0 &&
			    bench(r, makeup_bench[set], b->group, 0) == b)
				makeup_class(rows, &n, max, b->group)->pub[set] = b;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && size_order(rows[j - 1].size_class) >
		    size_order(rows[j].size_class); j--) {
			struct makeup_row x = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = x;
		}
	return n;
}

static void
makeup_section(struct report *r)
{
	struct makeup_row rows[16];
	size_t n = makeup_rows(r, rows, 16);
	long of[2] = { 0, 0 }, among[2] = { 0, 0 };
	const kk_benchmark *src = NULL;
	const char *adj = kk_tr(r->L, r->cw->adj);

	if (n == 0)
		return;
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < 2; s++) {
			if (rows[i].of[s] > of[s])
				of[s] = rows[i].of[s];
			if (rows[i].among[s] > among[s])
				among[s] = rows[i].among[s];
			if (!src)
				src = rows[i].pub[s];
		}
	heading(r, 2, kk_tr(r->L, "report.size.title"), "size");
	para_begin(r);
	/* the top are municipalities, the bottom evaluations: never fewer */
	say(r, kk_trf(r->L, of[1] == 1 ? "report.size.intro_one" :
	    of[0] == 1 ? "report.size.intro_top_one" : "report.size.intro",
	    "top", nint(r, of[0]), "bottom", nint(r, of[1]), "adj", adj,
	    NULL));
	if (src)
		say_cited(r, kk_trf(r->L, "report.size.published", "source",
		    source_label(r, src), NULL), src);
	if (among[0] < 2 * 15 || among[1] < 2 * 15)
		say(r, kk_trf(r->L, among[1] == 1 ? "report.size.overlap_one" :
		    among[0] == 1 ? "report.size.overlap_one_municipality" :
		    "report.size.overlap", "m", nint(r, among[0]), "n",
		    nint(r, among[1]), "adj", adj, NULL));
	para_end(r);
	table_begin(r, "makeup");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "report.col.size"));
	head_cell(r, kk_trf(r->L, "report.col.top_data", "n", nint(r, of[0]),
	    NULL));
	if (src)
		head_cell(r, kk_tr(r->L, "report.col.top_published"));
	head_cell(r, kk_trf(r->L, "report.col.bottom_data", "n",
	    nint(r, of[1]), NULL));
	if (src)
		head_cell(r, kk_tr(r->L, "report.col.bottom_published"));
	row_end(r, src ? 5 : 3);
	for (size_t i = 0; i < n; i++) {
		row_begin(r);
		cell(r, kk_lang_size(r->L, rows[i].size_class));
		for (int s = 0; s < 2; s++) {
			const kk_benchmark *b = rows[i].pub[s];
			cell_num(r, nint(r, rows[i].n[s]));
			if (b)
				cell_cited(r, nint(r, (long)b->value), b);
			else if (src)
				cell_num(r, "–");
		}
		row_end(r, 0);
	}
	table_end(r);
	char *s = kk_chart_stem(KK_CHART_BOX, r->e->country, 0, NULL, 0);
	chart(r, s, kk_tr(r->L, "chart.caption.box"));
}

/* Highest and lowest area, as the Røros 2022 report opens its area paragraph. */
static void
area_extremes(struct report *r)
{
	const struct evaluation *e = r->e;
	int hi = 0, lo = 0;

	for (int a = 1; a <= KK_NAREA; a++) {
		if (isnan(e->raw[a]))
			continue;
		if (!hi || e->raw[a] > e->raw[hi])
			hi = a;
		if (!lo || e->raw[a] < e->raw[lo])
			lo = a;
	}
	if (!hi)
		return;
	para_begin(r);
	say(r, kk_trf(r->L, "report.areas.extremes", "hi", nint(r, hi),
	    "hi_name", area_name(r, hi), "hi_score", score(r, e->raw[hi]),
	    "lo", nint(r, lo), "lo_name", area_name(r, lo), "lo_score",
	    score(r, e->raw[lo]), "name", e->name, NULL));
	para_end(r);
}

static struct among
family_set(const struct report *r)
{
	struct among s = country_set(r);

	s.family = family_of(r->e);
	return s;
}

/* "nr. 1 av 4", from the data set, within the version family. */
static const char *
area_rank(const struct report *r, int a)
{
	struct among fam = family_set(r);
	long n;
	bool tie;
	long rk = rank_of(r->e->raw[a], a, &fam, &n, &tie);

	if (isnan(r->e->raw[a]))
		return "–";
	return kk_trf(r->L, tie ? "report.rank_of_tied" : "report.rank_of",
	    "rank", nint(r, rk), "n", nint(r, n), NULL);
}

static void
areas_section(struct report *r)
{
	const struct evaluation *e = r->e;
	struct among all = country_set(r);
	const char *adj = kk_tr(r->L, r->cw->adj);

	heading(r, 2, kk_tr(r->L, "report.areas.title"), "areas");
	area_extremes(r);
	table_begin(r, "areas");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "report.col.area"));
	head_cell(r, year_str(r, e->year));
	head_cell(r, kk_trf(r->L, "report.col.mean_data", "adj", adj, NULL));
	head_cell(r, kk_tr(r->L, "report.col.n"));
	head_cell(r, kk_tr(r->L, "report.col.mean_published"));
	head_cell(r, kk_trf(r->L, "report.col.rank_family", "family",
	    family_of(e), NULL));
	row_end(r, 6);
	for (int a = 1; a <= KK_NAREA; a++) {
		struct mean m = mean_of(a, &all);
		const kk_benchmark *b = bench(r, "mean_area", "all", a);
		row_begin(r);
		cell(r, area_label(r, a));
		cell_num(r, score(r, e->raw[a]));
		cell_num(r, n1(r, m.mean));
		cell_num(r, nint(r, m.n));
		if (b)
			cell_cited(r, published(r, b), b);
		else
			cell_num(r, "–");
		cell_num(r, area_rank(r, a));
		row_end(r, 0);
	}
	table_end(r);
	paragraph(r, kk_trf(r->L, "report.areas.note", "adj", adj, "family",
	    family_of(e), NULL));

	/* the radar: how many evaluations its average rests on */
	struct among recent = all;
	recent.since = e->year - KK_RADAR_YEARS + 1;
	recent.until = e->year;
	long nmin = -1, nmax = 0;
	for (int a = 1; a <= KK_NAREA; a++) {
		long n = mean_of(a, &recent).n;
		if (isnan(e->raw[a]) || n == 0)
			continue;
		nmin = nmin < 0 || n < nmin ? n : nmin;
		nmax = n > nmax ? n : nmax;
	}
	if (nmin > 0) {
		const kk_benchmark *b = bench(r, "evaluations_8y", "all", 0);
		para_begin(r);
		say(r, kk_trf(r->L, nmax == 1 ? "report.radar.n_one" :
		    nmin == nmax ? "report.radar.n" : "report.radar.n_range", "nmin", nint(r, nmin), "nmax",
		    nint(r, nmax), "from", year_str(r, recent.since), "to",
		    year_str(r, e->year), "adj", adj, NULL));
		if (b) {
			say_cited(r, kk_trf(r->L, "report.radar.published", "count",
			    published(r, b), "source", source_label(r, b), NULL), b);
		}
		para_end(r);
	}
	char *s = kk_chart_stem(KK_CHART_RADAR, r->e->country, 0, r->e->municipality,
	    r->e->year);
	chart(r, s, kk_trf(r->L, "chart.caption.radar", "name", e->name,
	    "year", year_str(r, e->year), "from", year_str(r, recent.since),
	    "adj", adj, NULL));
}

static const char *
eval_label(const struct report *r, const struct evaluation *h)
{
	return kk_trf(r->L, "report.eval_version", "year",
	    year_str(r, h->year), "version", h->version, NULL);
}

static void
development_section(struct report *r)
{
	heading(r, 2, kk_tr(r->L, "report.dev.title"), "development");
	table_begin(r, "development");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "report.col.area"));
	for (size_t i = 0; i < r->nhist; i++)
		head_cell(r, eval_label(r, r->hist[i]));
	row_end(r, (int)r->nhist + 1);
	for (int a = 1; a <= KK_AREA_TOTAL; a++) {
		row_begin(r);
		cell(r, a == KK_AREA_TOTAL ? kk_tr(r->L, "report.total_label") :
		    area_label(r, a));
		for (size_t i = 0; i < r->nhist; i++)
			cell_num(r, score(r, r->hist[i]->raw[a]));
		row_end(r, 0);
	}
	table_end(r);
	paragraph(r, kk_tr(r->L, "report.dev.versions"));
	char *s = kk_chart_stem(KK_CHART_DEV, r->e->country, 0, r->e->municipality, 0);
	chart(r, s, kk_trf(r->L, "chart.caption.dev", "name", r->e->name,
	    NULL));
}

static void
other_country_section(struct report *r)
{
	const struct evaluation *e = r->e;
	const char *other = strcmp(e->country, "NO") ? "NO" : "SE";
	const struct country_words *ow = words_of(other);
	struct among s = { .country = other, .since = KK_COMPARE_SINCE };
	struct mean m = mean_of(KK_AREA_TOTAL, &s);
	long n;
	bool tie;
	long rk = rank_of(e->raw[KK_AREA_TOTAL], KK_AREA_TOTAL, &s, &n, &tie);

	heading(r, 2, kk_trf(r->L, "report.other.title", "country",
	    kk_tr(r->L, ow->name), NULL), "other");
	if (m.n == 0 || isnan(e->raw[KK_AREA_TOTAL])) {
		paragraph(r, kk_trf(r->L, "report.other.none", "adj",
		    kk_tr(r->L, ow->adj), "since", year_str(r, KK_COMPARE_SINCE),
		    NULL));
		return;
	}
	paragraph(r, kk_trf(r->L, m.n == 1 ? "report.other.text_one" :
	    "report.other.text", "n", nint(r, m.n),
	    "adj", kk_tr(r->L, ow->adj), "since", year_str(r, KK_COMPARE_SINCE),
	    "mean", n1(r, m.mean), "total", score(r, e->raw[KK_AREA_TOTAL]),
	    "name", e->name, "rank", nint(r, rk), "n1", nint(r, n + 1), NULL));
	char *st = kk_chart_stem(KK_CHART_COMPARE, r->e->country, 0, r->e->municipality,
	    r->e->year);
	chart(r, st, kk_trf(r->L, "chart.caption.compare", "name", e->name,
	    "year", year_str(r, e->year), "adj", kk_tr(r->L, ow->adj), "since",
	    year_str(r, KK_COMPARE_SINCE), NULL));
}

/* ---- chapter 4: one section per area ------------------------------------------ */

/* The evaluation's sub-area scores of canonical area a (3.x only: the
 * sub-areas are numbered as the 3.2 areas). */
struct subscore {
	const char *code;
	double score, max;
};

static size_t
subscores(const struct report *r, int a, struct subscore *out, size_t max)
{
	const kk_table *t = r->canon;
	size_t id = kk_table_need_col(t, &kk_canonical_table, KK_C_ID);
	size_t lv = kk_table_need_col(t, &kk_canonical_table, KK_C_LEVEL);
	size_t it = kk_table_need_col(t, &kk_canonical_table, KK_C_ITEM);
	size_t sc = kk_table_need_col(t, &kk_canonical_table, KK_C_SCORE);
	size_t mx = kk_table_need_col(t, &kk_canonical_table, KK_C_MAX);
	size_t n = 0;

	if (strcmp(family_of(r->e), "3.x"))
		return 0;
	for (size_t i = 0; i < t->nrows && n < max; i++) {
		char **c = t->cell[i];
		if (strcmp(c[id], r->e->id) || strcmp(c[lv],
		    kk_level_name(KK_LEVEL_SUBAREA)) || c[it][0] != '0' + a ||
		    c[it][1] != '.')
			continue;
		out[n++] = (struct subscore){ c[it], num(c[sc]), num(c[mx]) };
	}
	return n;
}

static void
blocks(struct report *r, const kk_comment_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!b[i].item) {
			paragraph(r, b[i].text);
			continue;
		}
		if (i == 0 || !b[i - 1].item)
			tag(r, "", "<ul>\n");
		tag(r, "- ", "<li>");
		text(r, b[i].text);
		tag(r, "\n", "</li>\n");
		if (i + 1 == n || !b[i + 1].item)
			tag(r, "\n", "</ul>\n");
	}
}

static const char *const part_keys[KK_COMMENT_NPART] = {
	NULL, "report.comment.strengths", "report.comment.challenges",
	"report.comment.weaknesses"
};

/* Strengths, challenges and weaknesses side by side, as the Røros 2022 report
 * ends each area. */
static void
swc(struct report *r, const char *id)
{
	size_t n[KK_COMMENT_NPART], any = 0;
	const kk_comment_block *b[KK_COMMENT_NPART];

	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++) {
		b[p] = kk_commentary_part(r->comment, id,
		    (enum kk_comment_part)p, &n[p]);
		any += n[p];
	}
	if (!any)
		return;
	if (r->f == MD) {
		for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++) {
			if (!n[p])
				continue;
			fputs("**", W(r));
			text(r, kk_tr(r->L, part_keys[p]));
			fputs("**\n\n", W(r));
			blocks(r, b[p], n[p]);
		}
		return;
	}
	fputs("<table class=\"swc\"><tr>", W(r));
	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++) {
		fputs("<th>", W(r));
		text(r, kk_tr(r->L, part_keys[p]));
		fputs("</th>", W(r));
	}
	fputs("</tr>\n<tr>", W(r));
	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++) {
		fputs("<td>", W(r));
		blocks(r, b[p], n[p]);
		fputs("</td>", W(r));
	}
	fputs("</tr></table>\n", W(r));
}

/* The area's scores over the municipality's evaluations, with a bar. */
static void
area_over_time(struct report *r, int a)
{
	table_begin(r, "overtime");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "report.col.evaluation"));
	head_cell(r, kk_tr(r->L, "report.col.points"));
	if (r->f == HTML)
		head_cell(r, "");
	row_end(r, 2);
	for (size_t i = 0; i < r->nhist; i++) {
		const struct evaluation *h = r->hist[i];
		tag(r, "|", h == r->e ? "<tr class=\"me\">" : "<tr>");
		cell(r, kk_trf(r->L, "report.eval_label_version", "name",
		    h->name, "year", year_str(r, h->year), "version",
		    h->version, NULL));
		cell_num(r, score(r, h->raw[a]));
		if (r->f == HTML) {
			double w = isnan(h->raw[a]) ? 0 : h->raw[a];
			fprintf(W(r), "<td class=\"bar\"><span class=\"bar\" "
			    "style=\"width:%.0f%%\"></span></td>",
			    w < 0 ? 0 : w > KK_AREA_MAX ? 100 : 100 * w /
			    KK_AREA_MAX);
		}
		row_end(r, 0);
	}
	table_end(r);
}

/* Where the area's score stands: its rank within the version family in
 * the data set, and the published record and mean. */
static void
area_standing(struct report *r, int a)
{
	const struct evaluation *e = r->e;
	struct among fam = family_set(r);
	long n;
	bool tie;
	long rk = rank_of(e->raw[a], a, &fam, &n, &tie);
	const char *adj = kk_tr(r->L, r->cw->adj);

	if (isnan(e->raw[a]))
		return;
	para_begin(r);
	if (n < 2)
		say(r, kk_trf(r->L, "report.area.only", "adj", adj, "family",
		    family_of(e), NULL));
	else if (rk == 1)
		say(r, kk_trf(r->L, tie ? "report.area.top_tied" :
		    "report.area.top", "n", nint(r, n), "adj", adj, "family",
		    family_of(e), "area", nint(r, a), NULL));
	else
		say(r, kk_trf(r->L, tie ? "report.area.rank_tied" :
		    "report.area.rank", "rank", nint(r, rk), "n", nint(r, n),
		    "adj", adj, "family", family_of(e), NULL));
	record_sentence(r, a, bench(r, "max_area", "all", a));
	const kk_benchmark *m = bench(r, "mean_area", "all", a);
	if (m) {
		say_cited(r, kk_trf(r->L, "report.area.mean_published", "v",
		    published(r, m), "source", source_label(r, m), NULL), m);
	}
	para_end(r);
}

static void
subarea_table(struct report *r, const struct subscore *s, size_t n)
{
	table_begin(r, "subareas");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "report.col.subarea"));
	head_cell(r, kk_tr(r->L, "report.col.points"));
	head_cell(r, kk_tr(r->L, "report.col.max"));
	row_end(r, 3);
	for (size_t i = 0; i < n; i++) {
		const char *name = kk_areas_subarea_name(r->areas,
		    version_of(r->e), s[i].code, r->namecol);
		row_begin(r);
		cell(r, kk_trf(r->L, "report.subarea_label", "code", s[i].code,
		    "name", name ? name : "", NULL));
		cell_num(r, n1(r, s[i].score));
		cell_num(r, score(r, s[i].max));
		row_end(r, 0);
	}
	table_end(r);
}

static void
area_section(struct report *r, int a)
{
	const struct evaluation *e = r->e;
	struct subscore s[32];
	size_t ns = subscores(r, a, s, 32), n;
	char id[16];
	const kk_comment_block *b;

	snprintf(id, sizeof id, "%d", a);
	tag(r, "", "<section class=\"area\">\n");
	heading(r, 3, kk_trf(r->L, "report.area.title", "label",
	    area_label(r, a), "score", score(r, e->raw[a]), "year",
	    year_str(r, e->year), NULL), NULL);
	area_over_time(r, a);
	area_standing(r, a);
	b = kk_commentary_part(r->comment, id, KK_COMMENT_TEXT, &n);
	blocks(r, b, n);
	if (ns)
		subarea_table(r, s, ns);
	for (size_t i = 0; i < ns; i++) {
		b = kk_commentary_part(r->comment, s[i].code, KK_COMMENT_TEXT,
		    &n);
		if (!n)
			continue;
		const char *name = kk_areas_subarea_name(r->areas,
		    version_of(e), s[i].code, r->namecol);
		heading(r, 4, kk_trf(r->L, "report.subarea.title", "code",
		    s[i].code, "name", name ? name : "", "score",
		    n1(r, s[i].score), "max", score(r, s[i].max), NULL), NULL);
		blocks(r, b, n);
	}
	swc(r, id);
	tag(r, "", "</section>\n");
}

static void
areas_chapter(struct report *r)
{
	heading(r, 2, kk_tr(r->L, "report.chapter4.title"), "practice");
	paragraph(r, kk_tr(r->L, r->comment ? "report.chapter4.intro" :
	    "report.chapter4.intro_numbers"));
	for (int a = 1; a <= KK_NAREA; a++)
		area_section(r, a);
}

static void
sources_section(struct report *r)
{
	heading(r, 2, kk_tr(r->L, "report.sources.title"), "sources");
	paragraph(r, kk_trf(r->L, "report.sources.data", "pop_source",
	    kk_tr(r->L, r->cw->pop_source), NULL));
	if (!r->ncite)
		return;
	tag(r, "", "<ol class=\"sources\">\n");
	for (size_t i = 0; i < r->ncite; i++) {
		const kk_benchmark *b = r->cite[i].b;
		if (r->f == MD)
			fprintf(W(r), "%zu. ", i + 1);
		else
			fprintf(W(r), "<li id=\"src-%zu\">", i + 1);
		text(r, kk_trf(r->L, "report.sources.item", "source", b->source,
		    "quote", b->quote, NULL));
		tag(r, "\n", "</li>\n");
	}
	tag(r, "\n", "</ol>\n");
}

static void
write_report(struct report *r)
{
	r->ncite = 0;
	title(r);
	about_data(r);
	total_section(r);
	makeup_section(r);
	areas_section(r);
	development_section(r);
	other_country_section(r);
	areas_chapter(r);
	sources_section(r);
	if (r->f == HTML)
		fputs("</body></html>\n", W(r));
}

static int
by_year(const void *a, const void *b)
{
	const struct evaluation *x = *(struct evaluation *const *)a;
	const struct evaluation *y = *(struct evaluation *const *)b;

	return (x->year > y->year) - (x->year < y->year);
}

static void
write_file(struct report *r, const char *name, enum fmt f)
{
	char *p = kk_path_join(r->dir, name);
	kk_out *o = kk_out_open(p);

	r->fp = kk_out_fp(o);
	r->f = f;
	write_report(r);
	kk_out_commit(o);
	fprintf(stderr, "%s: wrote %s\n", kk_prog, p);
	free(p);
}

/* The years the municipality was evaluated, when YEAR is not one. */
static int
no_evaluation(const struct report *r, const char *who, long year)
{
	fprintf(stderr, "%s: %s has no evaluation in %ld; its evaluations:",
	    kk_prog, who, year);
	for (size_t h = 0; h < r->nhist; h++)
		fprintf(stderr, " %ld", r->hist[h]->year);
	fputc('\n', stderr);
	return 1;
}

/* The report's language: as asked, or the country's. */
static const char *
language(const char *asked, const char *country)
{
	const char *l = asked ? asked : kk_lang_of_country(country);

	if (!l)
		kk_die("no report language for country '%s': give --lang (%s)",
		    country, KK_LANGS);
	return l;
}

/* For make report (pipeline/report.sh): the evaluation's code and year,
 * the municipality's municipality_id, and the report's language. */
static int
print_resolved(const struct evaluation *e, const char *lang)
{
	printf("%s %ld %s %s\n", e->code, e->year, e->municipality,
	    language(lang, e->country));
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- the evaluator's commentary ------------------------------------------------ */

/* The headings that open strengths, challenges and weaknesses: those of
 * every report language, so a commentary reads whatever the report's. */
static void
part_words(kk_lang **langs, const char *words[][4])
{
	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++) {
		for (int l = 0; l < 3; l++)
			words[p][l] = kk_tr(langs[l], part_keys[p]);
		words[p][3] = NULL;
	}
}

/* Areas 1..8 and the sub-areas of the evaluation's version: what the
 * commentary may have a section for. */
static size_t
section_ids(const struct report *r, char ids[][16], size_t max)
{
	size_t n = 0;

	for (int a = 1; a <= KK_NAREA && n < max; a++) {
		snprintf(ids[n++], 16, "%d", a);
		if (strcmp(family_of(r->e), "3.x"))
			continue;
		for (size_t i = 0; n < max; i++) {
			const char *c = kk_areas_subarea_code(r->areas, KK_V32, a, i);
			if (!c)
				break;
			snprintf(ids[n++], 16, "%s", c);
		}
	}
	return n;
}

/* A commentary file named for no evaluation would be left out without
 * a word: say so. */
static void
stray_commentary(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 4 || strcmp(de->d_name + n - 3, ".md") ||
		    strcmp(de->d_name, "README.md") == 0)
			continue;
		size_t i = 0;
		while (i < nev && (strlen(ev[i].id) != n - 3 ||
		    strncmp(ev[i].id, de->d_name, n - 3)))
			i++;
		if (i == nev)
			kk_warn("%s/%s names no evaluation in the scores (a file "
			    "is named COUNTRY-CODE-YEAR.md, as NO-5025-2022.md)",
			    dir, de->d_name);
	}
	closedir(d);
}

static kk_commentary *
read_commentary(const struct report *r, const char *dir)
{
	static const char *const codes[] = { "nb", "sv", "en" };
	kk_lang *langs[3];
	const char *words[KK_COMMENT_NPART][4] = { { NULL } };
	const char *const *w[KK_COMMENT_NPART] = { NULL };
	char ids[128][16];
	const char *idp[128];

	for (int l = 0; l < 3; l++)
		langs[l] = kk_lang_load(codes[l]);
	part_words(langs, words);
	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++)
		w[p] = words[p];
	char *name = kk_asprintf("%s.md", r->e->id);
	char *path = kk_path_join(dir, name);
	kk_commentary *c = kk_commentary_read(path, w);
	stray_commentary(dir);
	if (c) {
		size_t n = section_ids(r, ids, 128);
		for (size_t i = 0; i < n; i++)
			idp[i] = ids[i];
		kk_commentary_check(c, idp, n);
	}
	free(path);
	free(name);
	for (int l = 0; l < 3; l++)
		kk_lang_free(langs[l]);
	return c;
}

/* ---- the reports of a year ------------------------------------------------------ */

static int
by_name(const void *a, const void *b)
{
	const struct evaluation *x = *(struct evaluation *const *)a;
	const struct evaluation *y = *(struct evaluation *const *)b;
	int c = strcmp(x->country, y->country);

	return c ? c : strcmp(x->name, y->name) ? strcmp(x->name, y->name) :
	    strcmp(x->code, y->code);
}

static size_t
of_year(long year, struct evaluation **out)
{
	size_t n = 0;

	for (size_t i = 0; i < nev; i++)
		if (ev[i].year == year)
			out[n++] = &ev[i];
	qsort(out, n, sizeof *out, by_name);
	return n;
}

static int
list_year(long year)
{
	struct evaluation **e = kk_malloc(sizeof *e * (nev + 1));
	size_t n = of_year(year, e);

	for (size_t i = 0; i < n; i++)
		printf("%s\n", e[i]->code);
	free(e);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* OUT/reports/index.html and index.md: every evaluation of year, with a
 * link to its report. */
static void
write_index_file(struct report *r, struct evaluation **e, size_t n,
	long year)
{
	const char *t = kk_trf(r->L, "index.title", "year", year_str(r, year),
	    NULL);

	if (r->f == HTML) {
		fprintf(W(r), "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		    "<meta charset=\"utf-8\"><title>", kk_lang_code(r->L));
		text(r, t);
		fputs("</title><style>body{font-family:\"DejaVu Sans\","
		    "sans-serif;max-width:48em;margin:1em auto}table{border-"
		    "collapse:collapse}th,td{border:1px solid #bbb;padding:3px "
		    "8px}td.n{text-align:right}</style></head><body>\n", W(r));
	}
	heading(r, 1, t, NULL);
	table_begin(r, "index");
	row_begin(r);
	head_cell(r, kk_tr(r->L, "index.col.country"));
	head_cell(r, kk_tr(r->L, "index.col.municipality"));
	head_cell(r, kk_tr(r->L, "index.col.total"));
	head_cell(r, kk_tr(r->L, "index.col.report"));
	row_end(r, 4);
	for (size_t i = 0; i < n; i++) {
		char *link = kk_asprintf("%s-%ld/report.%s", e[i]->code, year,
		    r->f == HTML ? "html" : "md");
		row_begin(r);
		cell(r, kk_tr(r->L, words_of(e[i]->country)->name));
		cell(r, e[i]->name);
		cell_num(r, score(r, e[i]->raw[KK_AREA_TOTAL]));
		if (r->f == HTML) {
			fprintf(W(r), "<td><a href=\"%s\">", link);
			text(r, kk_tr(r->L, "index.link"));
			fprintf(W(r), "</a> · <a href=\"%s-%ld/report.pdf\">PDF</a>"
			    "</td>", e[i]->code, year);
		} else {
			fprintf(W(r), " [");
			text(r, kk_tr(r->L, "index.link"));
			fprintf(W(r), "](%s) |", link);
		}
		row_end(r, 0);
		free(link);
	}
	table_end(r);
	if (r->f == HTML)
		fputs("</body></html>\n", W(r));
}

/* The language of the index: as asked, or the one country's, or English
 * for a year of both. */
static int
write_index(const char *dir, long year, const char *asked)
{
	struct evaluation **e = kk_malloc(sizeof *e * (nev + 1));
	size_t n = of_year(year, e);
	const char *lang = asked;

	if (n == 0) {
		free(e);
		kk_die("no evaluation of %ld in the scores", year);
	}
	for (size_t i = 1; i < n && !lang; i++)
		if (strcmp(e[i]->country, e[0]->country))
			lang = "en";
	struct report r = { .L = kk_lang_load(language(lang, e[0]->country)) };
	char *rdir = kk_path_join(dir, "reports");
	kk_mkdirs(rdir);
	r.dir = rdir;
	for (int f = MD; f <= HTML; f++) {
		char *p = kk_path_join(rdir, f == MD ? "index.md" : "index.html");
		kk_out *o = kk_out_open(p);
		r.fp = kk_out_fp(o);
		r.f = (enum fmt)f;
		write_index_file(&r, e, n, year);
		kk_out_commit(o);
		fprintf(stderr, "%s: wrote %s\n", kk_prog, p);
		free(p);
	}
	kk_lang_free((kk_lang *)r.L);
	free(rdir);
	free(e);
	return 0;
}

/* ---- main ---------------------------------------------------------------------- */

struct options {
	const char *dir, *plots, *lang;
	char *areas, *subareas, *benchmarks, *commentary;
	long year, list, index;
	bool only_resolve;
};

static long
year_option(const char *opt, const char *val)
{
	long y;

	if (!kk_year_parse(val, strlen(val), &y))
		kk_usage("%s must be a year, not '%s'", opt, val);
	return y;
}

static char *
data_option(char *given, const char *name)
{
	return given ? given : kk_data_path(name);
}

/* report.md and report.html of r->e in DIR/reports/CODE-YEAR/. */
static void
write_reports(struct report *r, const struct options *o)
{
	char sub[64];
	snprintf(sub, sizeof sub, "reports/%s-%ld", r->e->code, r->e->year);
	char *rdir = kk_path_join(o->dir, sub);
	char *canon_path = kk_path_join(o->dir, "evaluations.csv");
	char *tables = kk_path_join(o->dir, "tables");
	char *makeup_path = kk_path_join(tables, kk_makeup_table.file);
	kk_table *canon = kk_table_read(canon_path);
	kk_table *makeup = kk_table_read(makeup_path);
	kk_benchmarks *b = kk_benchmarks_load(o->benchmarks);

	r->L = kk_lang_load(language(o->lang, r->e->country));
	r->namecol = kk_tr(r->L, "lang.name_column");
	r->cw = words_of(r->e->country);
	r->canon = canon;
	r->makeup = makeup;
	r->bench = b;
	r->areas = kk_areas_load(o->areas);
	kk_areas_load_sub(r->areas, o->subareas);
	r->full = kk_benchmarks_full_export(b, r->e->country, r->e->year,
	    municipalities_of(r->e->country, r->e->year), &r->count);
	kk_commentary *c = read_commentary(r, o->commentary);
	r->comment = c;
	kk_mkdirs(rdir);
	r->dir = rdir;
	r->plots = o->plots ? o->plots : rdir;
	char *gaps_path = kk_path_join(r->plots, KK_CHART_OMITTED);
	kk_table *gaps = access(gaps_path, F_OK) == 0 ?
	    kk_table_read(gaps_path) : NULL;
	if (gaps && gaps->ncols < 2)
		kk_die("%s: expected columns chart,reason", gaps_path);
	r->gaps = gaps;
	write_file(r, "report.md", MD);
	write_file(r, "report.html", HTML);
	if (gaps)
		kk_table_free(gaps);
	free(gaps_path);
	kk_commentary_free(c);
	kk_areas_free(r->areas);
	kk_benchmarks_free(b);
	kk_lang_free((kk_lang *)r->L);
	free(r->cite);
	kk_table_free(canon);
	kk_table_free(makeup);
	free(makeup_path);
	free(tables);
	free(canon_path);
	free(rdir);
}

static void
parse_options(int argc, char **argv, int *i, struct options *o)
{
	enum { O_HELP, O_DIR, O_YEAR, O_RESOLVE, O_PLOTS, O_AREAS,
		O_SUBAREAS, O_LANG, O_BENCHMARKS, O_COMMENTARY, O_LIST,
		O_INDEX };
	static const kk_option options[] = {
		{ "help", false, O_HELP }, { "dir", true, O_DIR },
		{ "year", true, O_YEAR }, { "resolve", false, O_RESOLVE },
		{ "plots", true, O_PLOTS }, { "areas", true, O_AREAS },
		{ "subareas", true, O_SUBAREAS }, { "lang", true, O_LANG },
		{ "benchmarks", true, O_BENCHMARKS },
		{ "commentary", true, O_COMMENTARY }, { "list", true, O_LIST },
		{ "index", true, O_INDEX }, { NULL, false, 0 }
	};
	const char *val;
	int k;

	while ((k = kk_getopt(argc, argv, i, options, &val)) >= 0) {
		switch (k) {
		case O_HELP: fputs(usage_text, stdout); exit(0);
		case O_DIR: o->dir = val; break;
		case O_YEAR: o->year = year_option("--year", val); break;
		case O_RESOLVE: o->only_resolve = true; break;
		case O_PLOTS: o->plots = val; break;
		case O_AREAS: free(o->areas); o->areas = kk_strdup(val); break;
		case O_SUBAREAS:
			free(o->subareas);
			o->subareas = kk_strdup(val);
			break;
		case O_LANG:
			if (!kk_lang_known(val))
				kk_usage("--lang must be one of %s, not '%s'",
				    KK_LANGS, val);
			o->lang = val;
			break;
		case O_BENCHMARKS:
			free(o->benchmarks);
			o->benchmarks = kk_strdup(val);
			break;
		case O_COMMENTARY:
			free(o->commentary);
			o->commentary = kk_strdup(val);
			break;
		case O_LIST: o->list = year_option("--list", val); break;
		case O_INDEX: o->index = year_option("--index", val); break;
		}
	}
	o->areas = data_option(o->areas, "areas.csv");
	o->subareas = data_option(o->subareas, "subareas.csv");
	o->benchmarks = data_option(o->benchmarks, "benchmarks.csv");
	o->commentary = data_option(o->commentary, "commentary");
}

static void
free_options(struct options *o)
{
	free(o->areas);
	free(o->subareas);
	free(o->benchmarks);
	free(o->commentary);
}

int
main(int argc, char **argv)
{
	struct options o = { .dir = "out" };
	int i = 1, st = 0;

	kk_set_prog(argv[0]);
	parse_options(argc, argv, &i, &o);
	if ((o.list || o.index) && i != argc)
		kk_usage("--list and --index take no municipality");
	if (!o.list && !o.index && i != argc - 1)
		kk_usage("give one municipality (code or name)");

	char *scores_path = kk_path_join(o.dir, "scores.csv");
	kk_table *scores = kk_table_read(scores_path);
	load_scores(scores);
	if (o.list || o.index) {
		st = o.list ? list_year(o.list) :
		    write_index(o.dir, o.index, o.lang);
		free(ev);
		kk_table_free(scores);
		free(scores_path);
		free_options(&o);
		return st;
	}

	const char *municipality = resolve(argv[i])->municipality;
	struct report r = { 0 };
	r.hist = kk_malloc(sizeof *r.hist * (nev + 1));
	for (size_t e = 0; e < nev; e++)
		if (strcmp(ev[e].municipality, municipality) == 0)
			r.hist[r.nhist++] = &ev[e];
	qsort(r.hist, r.nhist, sizeof *r.hist, by_year);
	for (size_t h = 0; h < r.nhist; h++)
		if (o.year ? r.hist[h]->year == o.year : true)
			r.e = r.hist[h];
	if (!r.e) {
		st = no_evaluation(&r, argv[i], o.year);
	} else if (o.only_resolve) {
		st = print_resolved(r.e, o.lang);
	} else {
		write_reports(&r, &o);
	}

	free(r.hist);
	free(ev);
	kk_table_free(scores);
	free(scores_path);
	free_options(&o);
	return st;
}
