/*
 * kk-plot - write gnuplot scripts for the charts of scores.csv.
 *
 * Every chart is computed here (bins, quartiles, fits, averages) and the
 * script only draws the numbers.  A script is the chart's numbers and
 * words as named gnuplot variables, written through lib/gp.c, followed by
 * the chart's template from plots/, which says how the chart looks.  See
 * doc/charts.md for each chart and plots/README.md for the names a
 * template is given.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>

#include "areas.h"
#include "benchmarks.h"
#include "chart.h"
#include "gp.h"
#include "i18n.h"
#include "kk.h"
#include "model.h"
#include "schema.h"
#include "stats.h"

#define TOTAL KK_AREA_TOTAL

static const char usage[] =
"usage: kk-plot [-d OUTDIR] [--tables DIR] [--areas FILE] [--since YEAR]\n"
"               [--lang LANG] [--benchmarks FILE]\n"
"               [--municipality ID|CODE [--year YEAR]] SCORES.csv\n"
"\n"
"Write gnuplot scripts (.gp) for the charts of SCORES.csv (kk-size output;\n"
"'-' reads stdin) into OUTDIR (default out/plots).  Render them with\n"
"pipeline/render.sh OUTDIR, or run 'gnuplot FILE.gp' inside OUTDIR; each\n"
"script writes FILE.png (1200x800) and FILE.svg.  How each chart looks\n"
"comes from its template in plots/ ($KK_PLOTS if set).  Charts with\n"
"nothing to draw are left out and listed in OUTDIR/omitted.csv.\n"
"\n"
"  -d OUTDIR            output directory (created if missing)\n"
"  --tables DIR         kk-stats tables; r, p, n of the scatter charts are\n"
"                       taken from DIR/size_correlation.csv when present;\n"
"                       the size-effect charts draw DIR/size_model.csv and\n"
"                       DIR/size_partial.csv (kk-model)\n"
"  --areas FILE         data/areas.csv: area names (version 3.2) for labels;\n"
"                       without it areas are labelled by number and slug\n"
"  --since YEAR         ranking chart: evaluations from YEAR on (default all)\n"
"  --lang LANG          the charts' words and area names in nb, sv or en\n"
"                       (data/i18n); without it, English words and each\n"
"                       country's own area names\n"
"  --benchmarks FILE    published reference values (data/benchmarks.csv):\n"
"                       the rankings shade the \"normal score\" band\n"
"  --municipality ID    also draw the development chart of this municipality:\n"
"                       its municipality_id (NO-5025), or a code it was\n"
"                       evaluated under (5025 or 1640 for Røros); its\n"
"                       evaluations are those with its municipality_id\n"
"  --year YEAR          with --municipality: ranking, comparison and radar\n"
"                       charts of the municipality's evaluation of YEAR\n"
"\n"
"Charts: hist-CC-total, hist-CC-areaN (per country, series per version),\n"
"box-CC-total, scatter-CC-total, scatter-CC-areas; with --municipality:\n"
"dev-ID; with --year also rank-ID-YEAR, rankgroup-ID-YEAR (its size group\n"
"only), compare-ID-YEAR, radar-ID-YEAR (ID: the municipality_id); with\n"
"--tables: size-effect, size-partial.\n";

enum opt { OPT_HELP, OPT_DIR, OPT_TABLES, OPT_AREAS, OPT_SINCE,
	OPT_MUNICIPALITY, OPT_YEAR, OPT_LANG, OPT_BENCHMARKS, NOPT };

static const kk_option options[] = {
	{ "help", false, OPT_HELP }, { "d", true, OPT_DIR },
	{ "tables", true, OPT_TABLES }, { "areas", true, OPT_AREAS },
	{ "since", true, OPT_SINCE },
	{ "municipality", true, OPT_MUNICIPALITY }, { "year", true, OPT_YEAR },
	{ "lang", true, OPT_LANG }, { "benchmarks", true, OPT_BENCHMARKS },
	{ NULL, false, 0 }
};

/* One evaluation; its scores by area number (1..KK_NAREA, KK_AREA_TOTAL). */
struct evaluation {
	char *id, *country, *code, *name, *version, *size_class, *method;
	char *municipality;                 /* municipality_id */
	long year, line;
	double population;
	double raw[KK_AREA_SLOTS], score[KK_AREA_SLOTS];    /* NaN: missing */
};

/* A chart left out, and why. */
struct omission {
	char *stem;
	enum kk_chart_gap gap;
};

/* A run: its options, the evaluations it draws, the charts it left out. */
struct plot {
	const char *outdir, *tables, *areas;    /* options */
	long since, year;
	const char *focus;                      /* --municipality */
	const char *municipality;               /* its municipality_id */
	const char *path;                       /* SCORES.csv */
	struct evaluation *ev;                  /* sorted by id */
	size_t nev;
	char *slug[KK_AREA_SLOTS];
	const char *name_no[KK_AREA_SLOTS], *name_se[KK_AREA_SLOTS]; /* --areas */
	const char *name_lang[KK_AREA_SLOTS];   /* --lang's, from --areas */
	const char *lang;                       /* --lang, or NULL */
	kk_lang *L;                             /* the words (en without
						   --lang) */
	const char *benchmarks;                 /* --benchmarks */
	kk_benchmarks *bench;                   /* the normal score band */
	kk_table *corr;                         /* size_correlation.csv */
	struct omission *omitted;
	size_t nomitted, capomitted;
};

/* ---- small helpers ------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add s to the set strs[0..*n) unless present; strs holds borrowed
 * pointers. */
static void
set_add(const char ***strs, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*strs)[i], s) == 0)
			return;
	kk_grow((void **)strs, cap, *n + 1, sizeof **strs);
	(*strs)[(*n)++] = s;
}

/* A country's words: its name, its adjective, its instrument and its
 * statistics office, by the language file's keys. */
enum { W_NAME, W_ADJ, W_INSTRUMENT, W_POP };

static const char *
country_word(const kk_lang *L, const char *cc, int w)
{
	static const char *const no[] = { "chart.country.no",
		"chart.adj.no", "chart.instrument.no", "chart.pop.no" };
	static const char *const se[] = { "chart.country.se",
		"chart.adj.se", "chart.instrument.se", "chart.pop.se" };
	static const char *const other[] = { NULL, NULL,
		"chart.instrument.both", "chart.pop.both" };

	if (strcmp(cc, "NO") == 0)
		return kk_tr(L, no[w]);
	if (strcmp(cc, "SE") == 0)
		return kk_tr(L, se[w]);
	return other[w] ? kk_tr(L, other[w]) : cc;
}

static const char *
country_name(const kk_lang *L, const char *cc)
{
	return country_word(L, cc, W_NAME);
}

static const char *
instrument(const kk_lang *L, const char *cc)
{
	return country_word(L, cc, W_INSTRUMENT);
}

/* Numbers in a chart's words, in its language. */
static const char *
count(const kk_lang *L, size_t n)
{
	return kk_lang_int(L, (long)n);
}

static const char *
year_word(const kk_lang *L, long y)
{
	return kk_lang_plain(L, y);
}

/* What common.gp draws of every chart: the footnote, where the numbers
 * come from (kk_source), then what the chart rests on (kk_note); and the
 * decimal mark of the axes' numbers, as in the words (kk_decimal). */
static void
footnote(FILE *fp, const kk_lang *L, const char *cc, const char *note)
{
	gp_text(fp, "kk_source", kk_trf(L, "chart.source", "instrument",
	    instrument(L, cc), "pop", country_word(L, cc, W_POP), NULL));
	gp_text(fp, "kk_note", note);
	gp_text(fp, "kk_decimal", kk_tr(L, "num.decimal"));
}

static char *
area_label(const struct plot *p, const char *cc, int area)
{
	const char *name;

	if (area == TOTAL)
		return kk_strdup(kk_tr(p->L, "chart.total"));
	name = p->lang ? p->name_lang[area] : strcmp(cc, "SE") == 0 ?
	    p->name_se[area] : p->name_no[area];
	if (name && *name)
		return kk_asprintf("%d %s", area, name);
	return kk_asprintf("%d %s", area, p->slug[area] ? p->slug[area] : "");
}

/* The areas' labels as array name[KK_NAREA], area a at name[a]. */
static void
area_labels(FILE *fp, const struct plot *p, const char *cc,
	const char *name)
{
	char *lab[KK_NAREA];
	int a;

	for (a = 1; a <= KK_NAREA; a++)
		lab[a - 1] = area_label(p, cc, a);
	gp_array(fp, name, (const char *const *)lab, KK_NAREA);
	for (a = 1; a <= KK_NAREA; a++)
		free(lab[a - 1]);
}

/* What the scores of a normalisation method are, in the reader's words
 * (kk-normalise names the methods); a method it does not know is named
 * as it is. */
static const char *
scale_words(const kk_lang *L, const char *method)
{
	static const char *const m[][2] = {
		{ "identity", "chart.scale.identity" },
		{ "zscore", "chart.scale.zscore" },
		{ "percentile", "chart.scale.percentile" },
		{ "mean", "chart.scale.mean" },
		{ "linear", "chart.scale.linear" },
	};

	if (!*method)
		return kk_tr(L, "chart.unknown");
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (strcmp(method, m[i][0]) == 0)
			return kk_tr(L, m[i][1]);
	return method;
}

/* One scale label for a set of evaluations: the method, or "mixed". */
static const char *
method_of(const kk_lang *L, struct evaluation *const *e, size_t n)
{
	const char *m = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!m)
			m = e[i]->method;
		else if (strcmp(m, e[i]->method) != 0)
			return kk_tr(L, "chart.mixed_methods");
	}
	return scale_words(L, m ? m : "");
}

/* A range end to six significant digits: enough for an axis, and the
 * numbers a chart has always been drawn with. */
static double
round6(double v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%.6g", v);
	return strtod(buf, NULL);
}

static kk_out *
chart_open(const struct plot *p, const char *stem, FILE **fp)
{
	char *path = kk_asprintf("%s/%s.gp", p->outdir, stem);
	kk_out *out = kk_out_open(path);

	free(path);
	*fp = kk_out_fp(out);
	return out;
}

/* The loop over the output formats, the template, the end: what follows
 * the chart's variables in every script. */
static void
chart_close(kk_out *out, FILE *fp, const char *stem, const char *tmpl)
{
	gp_begin(fp, stem);
	gp_template(fp, tmpl);
	gp_end(fp);
	kk_out_commit(out);
}

static void
omit(struct plot *p, char *stem, enum kk_chart_gap gap)
{
	kk_grow((void **)&p->omitted, &p->capomitted, p->nomitted + 1,
	    sizeof *p->omitted);
	p->omitted[p->nomitted].stem = stem;
	p->omitted[p->nomitted++].gap = gap;
}

/* ---- reading ------------------------------------------------------- */

static double
cell_num(const kk_table *t, size_t r, size_t c)
{
	double v;
	const char *s = t->cell[r][c];
	kk_num_status st = kk_parse_double(s, strlen(s), &v);

	if (st == KK_NUM_EMPTY)
		return NAN;
	if (st != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)c + 1, "%s: %s",
		    t->col[c], kk_num_reason(st));
	return v;
}

static long
cell_year(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];

	return kk_year_need(s, strlen(s), t->col[c], t->name, t->line[r],
	    (long)c + 1);
}

static int
cell_area(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];
	int a = kk_area_parse(s, strlen(s));

	if (a < 0)
		kk_die_at(t->name, t->line[r], (long)c + 1,
		    "area: expected 1..%d or total", KK_NAREA);
	return a;
}

/* Country and municipality go into file names: refuse anything but
 * letters, digits, '-' and '_'. */
static void
check_name_part(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];

	if (!gp_safe_name(s) || strchr(s, '.'))
		kk_die_at(t->name, t->line[r], (long)c + 1,
		    "%s: not usable in a file name", t->col[c]);
}

/* The columns of scores.csv kk-plot reads. */
static const int used_col[] = { KK_S_ID, KK_S_COUNTRY, KK_S_CODE,
	KK_S_MUNI, KK_S_YEAR, KK_S_VERSION, KK_S_AREA, KK_S_SLUG, KK_S_RAW,
	KK_S_SCORE, KK_S_METHOD, KK_S_MUNICIPALITY_ID, KK_S_POPULATION,
	KK_S_SIZE_CLASS };
#define NUSED (sizeof used_col / sizeof *used_col)

static struct evaluation *
find_eval(struct plot *p, size_t *cap, const char *id)
{
	struct evaluation *e;
	size_t i, k;

	/* scores.csv is sorted by evaluation_id: look at the last first */
	for (i = p->nev; i > 0; i--)
		if (strcmp(p->ev[i - 1].id, id) == 0)
			return &p->ev[i - 1];
	kk_grow((void **)&p->ev, cap, p->nev + 1, sizeof *p->ev);
	e = &p->ev[p->nev++];
	memset(e, 0, sizeof *e);
	for (k = 0; k < KK_AREA_SLOTS; k++)
		e->raw[k] = e->score[k] = NAN;
	return e;
}

static void
read_row(struct plot *p, size_t *cap, const kk_table *t, size_t r,
	const size_t *c)
{
	char **f = t->cell[r];
	struct evaluation *e = find_eval(p, cap, f[c[KK_S_ID]]);
	int a = cell_area(t, r, c[KK_S_AREA]);

	if (!e->id) {
		check_name_part(t, r, c[KK_S_COUNTRY]);
		check_name_part(t, r, c[KK_S_MUNICIPALITY_ID]);
		e->id = f[c[KK_S_ID]];
		e->country = f[c[KK_S_COUNTRY]];
		e->code = f[c[KK_S_CODE]];
		e->name = f[c[KK_S_MUNI]];
		e->version = f[c[KK_S_VERSION]];
		e->method = f[c[KK_S_METHOD]];
		e->municipality = f[c[KK_S_MUNICIPALITY_ID]];
		e->size_class = f[c[KK_S_SIZE_CLASS]];
		e->year = cell_year(t, r, c[KK_S_YEAR]);
		e->population = cell_num(t, r, c[KK_S_POPULATION]);
		e->line = t->line[r];
	}
	e->raw[a] = cell_num(t, r, c[KK_S_RAW]);
	e->score[a] = cell_num(t, r, c[KK_S_SCORE]);
	if (a != TOTAL && !p->slug[a])
		p->slug[a] = f[c[KK_S_SLUG]];
}

static int
cmp_eval(const void *a, const void *b)
{
	const struct evaluation *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/* The table stays allocated: evaluations borrow its cells. */
static kk_table *
read_scores(struct plot *p)
{
	kk_table *t = kk_table_read(p->path);
	size_t c[KK_S_N], r, k, cap = 0;

	for (k = 0; k < NUSED; k++)
		c[used_col[k]] = kk_table_need_col(t, &kk_scores_table,
		    used_col[k]);
	for (r = 0; r < t->nrows; r++)
		read_row(p, &cap, t, r, c);
	if (p->nev)
		qsort(p->ev, p->nev, sizeof *p->ev, cmp_eval);
	return t;
}

/* Area names of version 3.2 (the canonical numbering), from the area
 * dictionary as lib/areas reads it for every stage. */
static kk_areas *
read_areas(struct plot *p)
{
	kk_areas *a = kk_areas_load(p->areas);
	const char *lc = p->lang ? kk_tr(p->L, "lang.name_column") : NULL;

	for (int k = 1; k <= KK_NAREA; k++) {
		p->name_no[k] = kk_areas_name_in(a, KK_V32, k, "name_no");
		p->name_se[k] = kk_areas_name_in(a, KK_V32, k, "name_se");
		if (lc)
			p->name_lang[k] = kk_areas_name_in(a, KK_V32, k, lc);
	}
	return a;
}

/* ---- selections ---------------------------------------------------- */

static size_t
countries(const struct plot *p, const char ***out)
{
	size_t i, n = 0, cap = 0;

	*out = NULL;
	for (i = 0; i < p->nev; i++)
		set_add(out, &n, &cap, p->ev[i].country);
	if (n)
		qsort(*out, n, sizeof **out, cmp_str);
	return n;
}

/* Evaluations of country cc with a finite value of area (or the total)
 * on the given scale (raw or comparable score). */
static size_t
select_area(const struct plot *p, const char *cc, int area, bool raw,
	struct evaluation ***out)
{
	size_t i, n = 0, cap = 0;
	double v;

	*out = NULL;
	for (i = 0; i < p->nev; i++) {
		v = raw ? p->ev[i].raw[area] : p->ev[i].score[area];
		if (strcmp(p->ev[i].country, cc) != 0 || !isfinite(v))
			continue;
		kk_grow((void **)out, &cap, n + 1, sizeof **out);
		(*out)[n++] = &p->ev[i];
	}
	return n;
}

static bool
is_ours(const struct plot *p, const struct evaluation *e)
{
	return p->municipality && strcmp(e->municipality, p->municipality) == 0;
}

/* ---- options ------------------------------------------------------- */

static long
opt_year(const char *val, const char *what)
{
	long y;

	if (!kk_year_parse(val, strlen(val), &y))
		kk_usage("%s: expected a year in " KK_YEAR_RANGE ", got '%s'",
		    what, val);
	return y;
}

static void
set_option(struct plot *p, enum opt k, const char *val)
{
	switch (k) {
	case OPT_HELP:
		fputs(usage, stdout);
		exit(0);
	case OPT_DIR: p->outdir = val; break;
	case OPT_TABLES: p->tables = val; break;
	case OPT_AREAS: p->areas = val; break;
	case OPT_SINCE: p->since = opt_year(val, "--since"); break;
	case OPT_MUNICIPALITY: p->focus = val; break;
	case OPT_YEAR: p->year = opt_year(val, "--year"); break;
	case OPT_LANG:
		if (!kk_lang_known(val))
			kk_usage("--lang must be one of %s, not '%s'", KK_LANGS,
			    val);
		p->lang = val;
		break;
	case OPT_BENCHMARKS: p->benchmarks = val; break;
	case NOPT: break;
	}
}

/* ---- histograms: per country and area, one series per version ------- */

struct bins {
	double width, lo;     /* first bin [lo, lo + width) */
	size_t nbin;
};

/* Bins of 10 points (areas) or 50 (total) over 0..max; the last bin is
 * closed so that a full score counts.  Values outside widen the range
 * rather than vanish. */
static struct bins
make_bins(int area, struct evaluation *const *e, size_t n)
{
	struct bins b;
	double max = area == TOTAL ? KK_TOTAL_MAX : KK_AREA_MAX, lo = 0,
	    hi = max, v;
	size_t i;

	b.width = area == TOTAL ? 50 : 10;
	for (i = 0; i < n; i++) {
		v = e[i]->raw[area];
		if (v < lo)
			lo = floor(v / b.width) * b.width;
		if (v > hi)
			hi = (floor(v / b.width) + 1) * b.width;
	}
	b.lo = lo;
	b.nbin = (size_t)((hi - lo) / b.width + 0.5);
	return b;
}

static size_t
bin_of(const struct bins *b, double v)
{
	size_t k = (size_t)floor((v - b->lo) / b->width);

	return k >= b->nbin ? b->nbin - 1 : k;
}

/* Returns the largest count, for the tic step. */
static double
hist_data(FILE *fp, const struct bins *b, struct evaluation *const *e,
	size_t n, int area, const char *const *ver, size_t nver)
{
	double *row = kk_calloc(nver + 1, sizeof *row), top = 0;
	size_t k, i, j;

	gp_block_begin(fp, "H");
	for (k = 0; k < b->nbin; k++) {
		row[0] = b->lo + (k + 0.5) * b->width;
		for (j = 0; j < nver; j++) {
			row[j + 1] = 0;
			for (i = 0; i < n; i++)
				if (strcmp(e[i]->version, ver[j]) == 0 &&
				    bin_of(b, e[i]->raw[area]) == k)
					row[j + 1]++;
			if (row[j + 1] > top)
				top = row[j + 1];
		}
		gp_block_row(fp, row, nver + 1);
	}
	gp_block_end(fp);
	free(row);
	return top;
}

static void
hist_keys(FILE *fp, const kk_lang *L, struct evaluation *const *e,
	size_t n, const char *const *ver, size_t nver)
{
	const char **key = kk_calloc(nver, sizeof *key);
	size_t i, j, c;

	for (j = 0; j < nver; j++) {
		for (c = i = 0; i < n; i++)
			c += strcmp(e[i]->version, ver[j]) == 0;
		key[j] = kk_trf(L, "chart.hist.key", "version", *ver[j] ?
		    ver[j] : kk_tr(L, "chart.unknown"), "n", count(L, c), NULL);
	}
	gp_array(fp, "V", key, nver);
	free(key);
}

static void
hist_text(FILE *fp, const struct plot *p, const char *cc, int area,
	size_t n, const struct bins *b)
{
	const kk_lang *L = p->L;
	char *label = area_label(p, cc, area);

	gp_text(fp, "kk_title", kk_trf(L, area == TOTAL ?
	    "chart.hist.title_total" : "chart.hist.title_area", "area", label,
	    "country", country_name(L, cc), "instrument", instrument(L, cc),
	    NULL));
	gp_text(fp, "kk_xlabel", kk_trf(L, area == TOTAL ?
	    "chart.hist.x_total" : "chart.hist.x_area", "max",
	    count(L, area == TOTAL ? KK_TOTAL_MAX : KK_AREA_MAX), "bin",
	    kk_lang_num(L, b->width, b->width == round(b->width) ? 0 : 1),
	    NULL));
	gp_text(fp, "kk_ylabel", kk_tr(L, "chart.hist.y"));
	footnote(fp, L, cc, kk_trf(L, n == 1 ? "chart.hist.note_one" :
	    "chart.hist.note", "n", count(L, n), NULL));
	free(label);
}

static void
hist_chart(struct plot *p, const char *cc, int area)
{
	struct evaluation **e;
	size_t n = select_area(p, cc, area, true, &e), nver = 0, cap = 0, i;
	const char **ver = NULL;
	char *stem = kk_chart_stem(KK_CHART_HIST, cc, area, NULL, 0);
	struct bins b;
	double top, step;
	kk_out *out;
	FILE *fp;

	if (n == 0) {
		omit(p, stem, KK_GAP_NO_SCORES);
		free(e);
		return;
	}
	for (i = 0; i < n; i++)
		set_add(&ver, &nver, &cap, e[i]->version);
	qsort(ver, nver, sizeof *ver, cmp_str);
	b = make_bins(area, e, n);
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Histogram of scores as published, one series per "
	    "instrument version; bins computed by kk-plot.");
	top = hist_data(fp, &b, e, n, area, ver, nver);
	hist_keys(fp, p->L, e, n, ver, nver);
	hist_text(fp, p, cc, area, n, &b);
	/* counts are whole numbers: whole tics, about ten of them, and
	 * room above the highest bar */
	step = fmax(1, ceil(top / 10));
	gp_number(fp, "kk_bin", b.width);
	gp_number(fp, "kk_xmin", b.lo);
	gp_number(fp, "kk_xmax", b.lo + b.nbin * b.width);
	gp_number(fp, "kk_xtics", area == TOTAL ? 100 : 10);
	gp_number(fp, "kk_ytics", step);
	gp_number(fp, "kk_ymax", top + step);
	chart_close(out, fp, stem, "histogram.gp");
	free(stem);
	free(ver);
	free(e);
}

/* ---- box plot: total score by size class, per country ---------------- */

struct group {
	const char *label;
	double minpop;        /* orders the classes from small to large */
	double *v;
	size_t n, cap;
};

static int
cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->minpop != y->minpop)
		return x->minpop < y->minpop ? -1 : 1;
	return strcmp(x->label, y->label);
}

static size_t
size_groups(struct evaluation *const *e, size_t n, struct group **out)
{
	struct group *g = NULL;
	size_t ng = 0, cap = 0, i, k;

	for (i = 0; i < n; i++) {
		if (!*e[i]->size_class)
			continue;
		for (k = 0; k < ng; k++)
			if (strcmp(g[k].label, e[i]->size_class) == 0)
				break;
		if (k == ng) {
			kk_grow((void **)&g, &cap, ng + 1, sizeof *g);
			memset(&g[ng], 0, sizeof *g);
			g[ng].label = e[i]->size_class;
			g[ng++].minpop = INFINITY;
		}
		if (e[i]->population < g[k].minpop)
			g[k].minpop = e[i]->population;
		kk_grow((void **)&g[k].v, &g[k].cap, g[k].n + 1, sizeof *g[k].v);
		g[k].v[g[k].n++] = e[i]->score[TOTAL];
	}
	if (ng)
		qsort(g, ng, sizeof *g, cmp_group);
	*out = g;
	return ng;
}

/* x, min, q1, median, q3, max as summary.csv gives them (st_describe:
 * R's type-7 quantiles); the whiskers end at min and max, so every line
 * drawn is a number of that table (no outlier rule).  The points follow
 * in order of score. */
static void
box_data(FILE *fp, struct group *g, size_t ng)
{
	double row[6];
	st_desc s;
	size_t k, i;

	gp_block_begin(fp, "B");
	for (k = 0; k < ng; k++) {
		s = st_describe(g[k].v, g[k].n);
		row[0] = (double)(k + 1);
		row[1] = s.min;
		row[2] = s.q1;
		row[3] = s.median;
		row[4] = s.q3;
		row[5] = s.max;
		gp_block_row(fp, row, 6);
	}
	gp_block_end(fp);
	gp_block_begin(fp, "P");
	for (k = 0; k < ng; k++) {
		gsl_sort(g[k].v, 1, g[k].n);
		for (i = 0; i < g[k].n; i++) {
			row[0] = (double)(k + 1);
			row[1] = g[k].v[i];
			gp_block_row(fp, row, 2);
		}
	}
	gp_block_end(fp);
}

static void
box_labels(FILE *fp, const kk_lang *L, const struct group *g, size_t ng)
{
	const char **lab = kk_calloc(ng, sizeof *lab);
	size_t k;

	for (k = 0; k < ng; k++)
		lab[k] = kk_trf(L, "chart.box.class", "class",
		    kk_lang_size(L, g[k].label), "n", count(L, g[k].n), NULL);
	gp_array(fp, "C", lab, ng);
	free(lab);
}

static void
box_text(FILE *fp, const kk_lang *L, const char *cc, size_t n,
	const char *meth)
{
	gp_text(fp, "kk_title", kk_trf(L, "chart.box.title", "country",
	    country_name(L, cc), "instrument", instrument(L, cc), NULL));
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.box.x"));
	gp_text(fp, "kk_ylabel", kk_trf(L, "chart.y_total_scale", "scale",
	    meth, NULL));
	gp_text(fp, "kk_key_box", kk_tr(L, "chart.box.key_box"));
	gp_text(fp, "kk_key_median", kk_tr(L, "chart.box.key_median"));
	gp_text(fp, "kk_key_points", kk_tr(L, "chart.key_evaluations"));
	footnote(fp, L, cc, kk_trf(L, n == 1 ? "chart.box.note_one" :
	    "chart.box.note", "n", count(L, n), NULL));
}

static void
box_chart(struct plot *p, const char *cc)
{
	struct evaluation **e;
	size_t n = select_area(p, cc, TOTAL, false, &e), ng, k, used = 0;
	struct group *g;
	char *stem = kk_chart_stem(KK_CHART_BOX, cc, 0, NULL, 0);
	kk_out *out;
	FILE *fp;

	ng = size_groups(e, n, &g);
	for (k = 0; k < ng; k++)
		used += g[k].n;
	if (ng > 0) {
		out = chart_open(p, stem, &fp);
		gp_head(fp, "Box plot of total score by size class; quartiles "
		    "computed by kk-plot.");
		box_data(fp, g, ng);
		box_labels(fp, p->L, g, ng);
		box_text(fp, p->L, cc, used, method_of(p->L, e, n));
		gp_number(fp, "kk_ymax", KK_TOTAL_MAX);
		chart_close(out, fp, stem, "box.gp");
		free(stem);
	} else {
		omit(p, stem, KK_GAP_NO_SIZE_CLASS);
	}
	for (k = 0; k < ng; k++)
		free(g[k].v);
	free(g);
	free(e);
}

/* ---- score against population --------------------------------------- */

struct fit {
	size_t n;
	double c0, c1;        /* score = c0 + c1 * log10(population) */
	double r, p;          /* Pearson on log10(population) */
	double xmin, xmax;
};

/* The line (from n = 3) and r, p as kk-stats computes them: Pearson on
 * log10(population), two-sided t test with n - 2 df. */
static void
fit_compute(struct fit *f, const double *x, const double *y)
{
	st_result line = st_slope(x, y, f->n), cor = st_pearson(x, y, f->n);

	f->c0 = line.intercept;
	f->c1 = line.estimate;
	f->r = cor.estimate;
	f->p = cor.p;
}

/* Take r, p from size_correlation.csv when it describes the same n:
 * then the chart quotes the table's numbers. */
static void
fit_from_table(struct fit *f, const kk_table *t, const char *cc, int a)
{
	const kk_schema *s = &kk_correlation_table;
	long cc_c, area_c, scale_c, n_c, r_c, p_c;
	const char *area = kk_area_name(a);
	double n, r, p;
	size_t i;

	if (!t)
		return;
	cc_c = kk_table_col(t, kk_colname(s, KK_COR_COUNTRY));
	area_c = kk_table_col(t, kk_colname(s, KK_COR_AREA));
	scale_c = kk_table_col(t, kk_colname(s, KK_COR_SCALE));
	n_c = kk_table_col(t, kk_colname(s, KK_COR_COUNT));
	r_c = kk_table_col(t, kk_colname(s, KK_COR_PEARSON_R));
	p_c = kk_table_col(t, kk_colname(s, KK_COR_PEARSON_P));
	if (cc_c < 0 || area_c < 0 || scale_c < 0 || n_c < 0 || r_c < 0 ||
	    p_c < 0)
		return;
	for (i = 0; i < t->nrows; i++) {
		if (strcmp(t->cell[i][cc_c], cc) != 0 ||
		    strcmp(t->cell[i][area_c], area) != 0 ||
		    strcmp(t->cell[i][scale_c], "normalised") != 0)
			continue;
		n = cell_num(t, i, (size_t)n_c);
		r = cell_num(t, i, (size_t)r_c);
		p = cell_num(t, i, (size_t)p_c);
		if (n != (double)f->n) {
			kk_warn("%s: %s area %s: n = %g, the chart has %zu; "
			    "r and p computed here", t->name, cc, area, n, f->n);
			return;
		}
		f->r = r;
		f->p = p;
		return;
	}
}

/* Evaluations of country cc with a score of area and a population: the
 * points of its scatter panel. */
static size_t
scatter_count(const struct plot *p, const char *cc, int area)
{
	size_t i, n = 0;

	for (i = 0; i < p->nev; i++)
		n += strcmp(p->ev[i].country, cc) == 0 &&
		    isfinite(p->ev[i].score[area]) && p->ev[i].population > 0;
	return n;
}

/* Rows (panel, population, score) of area in country cc into the open
 * data block; returns the fit. */
static struct fit
scatter_data(FILE *fp, const struct plot *p, const char *cc, int area,
	double panel)
{
	struct evaluation **e;
	size_t n = select_area(p, cc, area, false, &e), i;
	double *x = kk_calloc(n + 1, sizeof *x), *y = kk_calloc(n + 1,
	    sizeof *y), row[3];
	struct fit f = { 0 };

	f.xmin = INFINITY;
	f.xmax = -INFINITY;
	for (i = 0; i < n; i++) {
		if (!(e[i]->population > 0))
			continue;
		row[0] = panel;
		row[1] = e[i]->population;
		row[2] = e[i]->score[area];
		gp_block_row(fp, row, 3);
		x[f.n] = log10(row[1]);
		y[f.n++] = row[2];
		f.xmin = fmin(f.xmin, row[1]);
		f.xmax = fmax(f.xmax, row[1]);
	}
	fit_compute(&f, x, y);
	fit_from_table(&f, p->corr, cc, area);
	free(x);
	free(y);
	free(e);
	return f;
}

static const char *
fmt_p(const kk_lang *L, double p)
{
	if (!isfinite(p))
		return kk_tr(L, "chart.fit.p_undefined");
	if (p < 0.001)
		return kk_trf(L, "chart.fit.p_below", "v", kk_lang_num(L, 0.001,
		    3), NULL);
	return kk_trf(L, "chart.fit.p", "v", kk_lang_num(L, p, 3), NULL);
}

/* A signed number with one decimal: "+2.5", "-2.5". */
static const char *
signed1(const kk_lang *L, double v)
{
	const char *s = kk_lang_num(L, v, 1);

	return *s == '-' ? s : kk_trf(L, "chart.fit.plus", "v", s, NULL);
}

/* Small panels get the short form without the equation. */
static const char *
fit_key(const kk_lang *L, const struct fit *f, bool brief)
{
	const char *n = count(L, f->n);

	if (f->n < 3)
		return kk_trf(L, "chart.fit.too_few", "n", n, NULL);
	if (!isfinite(f->r))
		return kk_trf(L, "chart.fit.r_undefined", "n", n, NULL);
	if (brief)
		return kk_trf(L, "chart.fit.brief", "r", kk_lang_num(L, f->r, 2),
		    "p", fmt_p(L, f->p), "n", n, NULL);
	return kk_trf(L, "chart.fit.full", "c0", kk_lang_num(L, f->c0, 1),
	    "c1", signed1(L, f->c1), "r", kk_lang_num(L, f->r, 2), "p",
	    fmt_p(L, f->p), "n", n, NULL);
}

/* What a template draws of one panel, as element k of the arrays
 * kk_n, kk_fit, kk_c0, kk_c1, kk_xmin, kk_xmax (the x range: the
 * populations widened by half, or 1000..100000 for an empty panel). */
struct panels {
	double n[KK_NAREA], fit[KK_NAREA], c0[KK_NAREA], c1[KK_NAREA];
	double xmin[KK_NAREA], xmax[KK_NAREA];
};

static void
panel_set(struct panels *pn, int k, const struct fit *f)
{
	pn->n[k] = (double)f->n;
	pn->fit[k] = f->n >= 3 && isfinite(f->c1);
	pn->c0[k] = f->c0;
	pn->c1[k] = f->c1;
	pn->xmin[k] = round6(f->n ? f->xmin / 1.5 : 1000);
	pn->xmax[k] = round6(f->n ? f->xmax * 1.5 : 100000);
}

static void
panels_write(FILE *fp, const struct panels *pn, size_t np)
{
	gp_numbers(fp, "kk_n", pn->n, np);
	gp_numbers(fp, "kk_fit", pn->fit, np);
	gp_numbers(fp, "kk_c0", pn->c0, np);
	gp_numbers(fp, "kk_c1", pn->c1, np);
	gp_numbers(fp, "kk_xmin", pn->xmin, np);
	gp_numbers(fp, "kk_xmax", pn->xmax, np);
}

static void
scatter_common(FILE *fp, const kk_lang *L, const char *cc)
{
	footnote(fp, L, cc, kk_tr(L, "chart.scatter.note"));
	gp_text(fp, "kk_empty", kk_tr(L, "chart.scatter.empty"));
}

static void
scatter_total(struct plot *p, const char *cc)
{
	char *stem = kk_chart_stem(KK_CHART_SCATTER, cc, 0, NULL, 0);
	const kk_lang *L = p->L;
	const char *key;
	struct panels pn;
	kk_out *out;
	FILE *fp;
	struct fit f;

	if (scatter_count(p, cc, TOTAL) == 0) {
		omit(p, stem, KK_GAP_NO_SCORES);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Total score against population (log scale) with the "
	    "least-squares line; fit computed by kk-plot.");
	gp_block_begin(fp, "P");
	f = scatter_data(fp, p, cc, TOTAL, 1);
	gp_block_end(fp);
	panel_set(&pn, 0, &f);
	panels_write(fp, &pn, 1);
	gp_text(fp, "kk_title", kk_trf(L, "chart.scatter.title", "country",
	    country_name(L, cc), "instrument", instrument(L, cc), "n",
	    count(L, f.n), NULL));
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.scatter.x"));
	gp_text(fp, "kk_ylabel", kk_tr(L, "chart.y_total"));
	gp_text(fp, "kk_key_points", kk_tr(L, "chart.key_evaluations"));
	key = fit_key(L, &f, false);
	gp_array(fp, "F", &key, 1);
	scatter_common(fp, L, cc);
	gp_number(fp, "kk_ymax", KK_TOTAL_MAX);
	chart_close(out, fp, stem, "scatter.gp");
	free(stem);
}

static void
scatter_areas(struct plot *p, const char *cc)
{
	char *stem = kk_chart_stem(KK_CHART_SCATTER_AREAS, cc, 0, NULL, 0);
	const char *key[KK_NAREA];
	const kk_lang *L = p->L;
	struct panels pn;
	struct fit f;
	kk_out *out;
	FILE *fp;
	size_t n = 0;
	int a;

	for (a = 1; a <= KK_NAREA; a++)
		n += scatter_count(p, cc, a);
	if (n == 0) {
		omit(p, stem, KK_GAP_NO_SCORES);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Area scores against population, a panel per area; fits "
	    "computed by kk-plot.");
	gp_block_begin(fp, "P");
	for (a = 1; a <= KK_NAREA; a++) {
		f = scatter_data(fp, p, cc, a, a);
		panel_set(&pn, a - 1, &f);
		key[a - 1] = fit_key(L, &f, true);
	}
	gp_block_end(fp);
	panels_write(fp, &pn, KK_NAREA);
	gp_array(fp, "F", key, KK_NAREA);
	area_labels(fp, p, cc, "A");
	gp_text(fp, "kk_title", kk_trf(L, "chart.scatter_areas.title",
	    "country", country_name(L, cc), "instrument", instrument(L, cc),
	    NULL));
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.scatter_areas.x"));
	gp_text(fp, "kk_ylabel", kk_tr(L, "chart.y_area"));
	scatter_common(fp, L, cc);
	gp_number(fp, "kk_ymax", KK_AREA_MAX);
	chart_close(out, fp, stem, "scatter-areas.gp");
	free(stem);
}

/* ---- per municipality ----------------------------------------------- */

static int
cmp_rank(const void *a, const void *b)
{
	const struct evaluation *x = *(struct evaluation *const *)a;
	const struct evaluation *y = *(struct evaluation *const *)b;

	if (x->score[TOTAL] != y->score[TOTAL])
		return x->score[TOTAL] > y->score[TOTAL] ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static size_t
distinct_years(struct evaluation *const *e, size_t n, long **out)
{
	long *y = kk_calloc(n + 1, sizeof *y);
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		y[i] = e[i]->year;
	qsort(y, n, sizeof *y, cmp_long);
	for (i = 0; i < n; i++)
		if (k == 0 || y[k - 1] != y[i])
			y[k++] = y[i];
	*out = y;
	return k;
}

/* "name year" for a tic label, the name cut to RANK_NAME characters
 * (not bytes: never inside a UTF-8 sequence) so the bars keep room. */
#define RANK_NAME 20
static char *
short_label(const char *name, long year)
{
	size_t i = 0, chars = 0;

	while (name[i] && chars < RANK_NAME) {
		i++;
		while (((unsigned char)name[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!name[i])
		return kk_asprintf("%s %ld", name, year);
	return kk_asprintf("%.*s… %ld", (int)i, name, year);
}

/* Bars of e[0..n): rank, score, the year's number (1 for the earliest;
 * the template colours by it), highlighted or not.  Highlighted: the
 * evaluations of the municipality asked for, or only `only` when it is
 * given. */
static void
rank_data(FILE *fp, const struct plot *p, struct evaluation **e,
	size_t n, const struct evaluation *only)
{
	char **lab = kk_calloc(n + 1, sizeof *lab);
	double row[4];
	long *years;
	size_t i, k, ny = distinct_years(e, n, &years);

	gp_block_begin(fp, "R");
	for (i = 0; i < n; i++) {
		for (k = 0; years[k] != e[i]->year; k++)
			;
		row[0] = (double)(i + 1);
		row[1] = e[i]->score[TOTAL];
		row[2] = (double)(k + 1);
		row[3] = only ? e[i] == only : is_ours(p, e[i]);
		gp_block_row(fp, row, 4);
		lab[i] = short_label(e[i]->name, e[i]->year);
	}
	gp_block_end(fp);
	gp_array(fp, "L", (const char *const *)lab, n);
	for (i = 0; i < n; i++)
		free(lab[i]);
	for (k = 0; k < ny; k++)
		lab[k] = kk_asprintf("%ld", years[k]);
	gp_array(fp, "Y", (const char *const *)lab, ny);
	for (k = 0; k < ny; k++)
		free(lab[k]);
	free(lab);
	free(years);
}

static void
rank_text(FILE *fp, const kk_lang *L, const struct evaluation *me,
	const char *footcc, size_t n)
{
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.rank.x"));
	gp_text(fp, "kk_ylabel", kk_tr(L, "chart.y_total"));
	gp_text(fp, "kk_key_ours", kk_trf(L, "chart.rank.key_ours", "name",
	    me->name, "code", me->code, NULL));
	gp_text(fp, "kk_key_year", kk_tr(L, "chart.rank.key_year"));
	footnote(fp, L, footcc, kk_trf(L, n == 1 ? "chart.rank.note_one" :
	    "chart.rank.note", "n", count(L, n), "scale",
	    scale_words(L, me->method), NULL));
	gp_number(fp, "kk_ymax", KK_TOTAL_MAX);
}

/* A ranking without the "normal score" band. */
static void
no_band(FILE *fp)
{
	gp_number(fp, "kk_band", 0);
	gp_number(fp, "kk_band_low", 0);
	gp_number(fp, "kk_band_high", 0);
	gp_text(fp, "kk_key_band", "");
}

/* The published "normal score" band of the evaluation's country and
 * time (--benchmarks), shaded behind its bars; kk_band 0 without one. */
static void
rank_band(FILE *fp, const struct plot *p, const struct evaluation *me)
{
	enum kk_version v;
	const char *fam = kk_version_parse(me->version, &v) == KK_VERSION_OK ?
	    kk_version_family(v) : NULL;
	const kk_benchmark *lo = NULL, *hi = NULL;

	if (p->bench) {
		lo = kk_benchmark_find(p->bench, "normal_band_low", me->country,
		    "all", 0, me->year, fam);
		hi = kk_benchmark_find(p->bench, "normal_band_high",
		    me->country, "all", 0, me->year, fam);
	}
	if (!lo || !hi) {
		no_band(fp);
		return;
	}
	gp_number(fp, "kk_band", 1);
	gp_number(fp, "kk_band_low", lo->value);
	gp_number(fp, "kk_band_high", hi->value);
	char *who = kk_benchmark_publisher(lo);
	gp_text(fp, "kk_key_band", kk_trf(p->L, "chart.rank.key_band", "low",
	    kk_lang_num(p->L, lo->value, 0), "high", kk_lang_num(p->L,
	    hi->value, 0), "source", who, "year", lo->year ?
	    year_word(p->L, lo->year) : "", NULL));
	free(who);
}

/* The ranking of the evaluation's country since --since, or only of its
 * size class (group). */
static void
rank_chart(struct plot *p, const struct evaluation *me, bool group)
{
	static const char *const title[2][2] = {
		{ "chart.rank.title_all", "chart.rank.title" },
		{ "chart.rank.title_group_all", "chart.rank.title_group" }
	};
	const kk_lang *L = p->L;
	struct evaluation **e, **all;
	size_t n = 0, i, nall = select_area(p, me->country, TOTAL, false,
	    &all);
	char *stem = kk_chart_stem(group ? KK_CHART_RANK_GROUP : KK_CHART_RANK,
	    me->country, 0, p->municipality, p->year);
	kk_out *out;
	FILE *fp;

	if (group && !*me->size_class) {
		omit(p, stem, KK_GAP_NO_SIZE_CLASS);
		free(all);
		return;
	}
	e = kk_calloc(nall + 1, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= p->since && (!group ||
		    strcmp(all[i]->size_class, me->size_class) == 0))
			e[n++] = all[i];
	if (n == 0) {
		kk_warn("no total scores in %s since %ld: no ranking chart",
		    me->country, p->since);
		omit(p, stem, KK_GAP_NONE_SINCE);
		free(e);
		free(all);
		return;
	}
	qsort(e, n, sizeof *e, cmp_rank);
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Ranking of all evaluations by total score, one colour "
	    "per year, one municipality highlighted.");
	rank_data(fp, p, e, n, NULL);
	gp_text(fp, "kk_title", kk_trf(L, title[group][p->since != 0],
	    "size", kk_lang_size(L, me->size_class), "since",
	    year_word(L, p->since), "country", country_name(L, me->country),
	    "instrument", instrument(L, me->country), "name", me->name, NULL));
	rank_text(fp, L, me, me->country, n);
	rank_band(fp, p, me);
	chart_close(out, fp, stem, "rank.gp");
	free(stem);
	free(e);
	free(all);
}

/* ---- one evaluation among the other country's ---------------------------- */

/* The Røros 2022 report's last chart: the Swedish evaluations since
 * KK_COMPARE_SINCE ranked, the Norwegian municipality's bar among them
 * (and the other way round). */
static void
compare_chart(struct plot *p, const struct evaluation *me)
{
	const char *other = strcmp(me->country, "SE") == 0 ? "NO" : "SE";
	struct evaluation **e, **all;
	size_t n = 0, i, nall;
	char *stem = kk_chart_stem(KK_CHART_COMPARE, me->country, 0,
	    p->municipality, p->year);
	kk_out *out;
	FILE *fp;

	if (!isfinite(me->score[TOTAL])) {
		omit(p, stem, KK_GAP_NO_TOTAL);
		return;
	}
	nall = select_area(p, other, TOTAL, false, &all);
	e = kk_calloc(nall + 2, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= KK_COMPARE_SINCE)
			e[n++] = all[i];
	if (n == 0) {
		kk_warn("no %s total scores since %d: no comparison chart",
		    other, KK_COMPARE_SINCE);
		omit(p, stem, KK_GAP_NO_OTHER);
		free(e);
		free(all);
		return;
	}
	e[n++] = (struct evaluation *)me;
	qsort(e, n, sizeof *e, cmp_rank);
	out = chart_open(p, stem, &fp);
	gp_head(fp, "One evaluation ranked among the other country's "
	    "recent evaluations by total score.");
	rank_data(fp, p, e, n, me);
	gp_text(fp, "kk_title", kk_trf(p->L, "chart.compare.title", "name",
	    me->name, "year", year_word(p->L, me->year), "adj",
	    country_word(p->L, other, W_ADJ), "since",
	    year_word(p->L, KK_COMPARE_SINCE), "instrument",
	    instrument(p->L, other), "instrument_own",
	    instrument(p->L, me->country), NULL));
	rank_text(fp, p->L, me, other, n);
	/* the band is published for the evaluation's own country */
	no_band(fp);
	chart_close(out, fp, stem, "rank.gp");
	free(stem);
	free(e);
	free(all);
}

/* ---- radar: one evaluation against the recent average ------------------ */

struct radar {
	int axis[KK_NAREA];   /* areas drawn, in order */
	int naxis;
	double mine[KK_NAREA], mean[KK_NAREA];
	size_t nmin, nmax;    /* evaluations behind the averages */
};

/* Average of every evaluation of the country in the eight years up to
 * and including the evaluation's year, area by area (the mean of
 * st_describe, as kk-stats' summary.csv gives it). */
static struct radar
radar_compute(const struct plot *p, const struct evaluation *me)
{
	struct radar r = { .nmin = (size_t)-1 };
	double *v = kk_calloc(p->nev + 1, sizeof *v);
	size_t i, n;
	int a;

	for (a = 1; a <= KK_NAREA; a++) {
		n = 0;
		for (i = 0; i < p->nev; i++) {
			const struct evaluation *e = &p->ev[i];
			if (strcmp(e->country, me->country) != 0 ||
			    e->year > me->year ||
			    e->year <= me->year - KK_RADAR_YEARS ||
			    !isfinite(e->score[a]))
				continue;
			v[n++] = e->score[a];
		}
		if (n == 0 || !isfinite(me->score[a]))
			continue;
		r.axis[r.naxis] = a;
		r.mine[r.naxis] = me->score[a];
		r.mean[r.naxis++] = st_describe(v, n).mean;
		r.nmin = n < r.nmin ? n : r.nmin;
		r.nmax = n > r.nmax ? n : r.nmax;
	}
	free(v);
	return r;
}

static void
radar_data(FILE *fp, const struct plot *p, const struct radar *r,
	const struct evaluation *me)
{
	char *lab[KK_NAREA];
	const char *key[2], *nrange;
	const kk_lang *L = p->L;
	int k;

	gp_block_begin(fp, "S");
	gp_block_row(fp, r->mine, (size_t)r->naxis);
	gp_block_row(fp, r->mean, (size_t)r->naxis);
	gp_block_end(fp);
	for (k = 0; k < r->naxis; k++)
		lab[k] = area_label(p, me->country, r->axis[k]);
	gp_array(fp, "A", (const char *const *)lab, (size_t)r->naxis);
	for (k = 0; k < r->naxis; k++)
		free(lab[k]);
	nrange = r->nmin == r->nmax ? count(L, r->nmin) : kk_trf(L,
	    "chart.radar.n_range", "min", count(L, r->nmin), "max",
	    count(L, r->nmax), NULL);
	key[0] = kk_trf(L, "chart.radar.key_ours", "name", me->name, "year",
	    year_word(L, me->year), "version", me->version, NULL);
	key[1] = kk_trf(L, "chart.radar.key_mean", "adj",
	    country_word(L, me->country, W_ADJ), "from",
	    year_word(L, me->year - KK_RADAR_YEARS + 1), "to",
	    year_word(L, me->year), "n", nrange, NULL);
	gp_array(fp, "K", key, 2);
}

static void
radar_text(FILE *fp, const kk_lang *L, const struct evaluation *me)
{
	gp_text(fp, "kk_title", kk_trf(L, "chart.radar.title", "name",
	    me->name, "year", year_word(L, me->year), "years",
	    count(L, KK_RADAR_YEARS), "instrument", instrument(L, me->country),
	    NULL));
	footnote(fp, L, me->country, kk_trf(L, "chart.radar.note", "scale",
	    scale_words(L, me->method), NULL));
	gp_number(fp, "kk_rmax", KK_AREA_MAX);
}

static void
radar_chart(struct plot *p, const struct evaluation *me)
{
	struct radar r = radar_compute(p, me);
	char *stem = kk_chart_stem(KK_CHART_RADAR, me->country, 0,
	    p->municipality, p->year);
	kk_out *out;
	FILE *fp;

	if (r.naxis < 3) {
		kk_warn("%s: %d areas with a score: no radar chart", me->id,
		    r.naxis);
		omit(p, stem, KK_GAP_FEW_AREAS);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Radar (spider) chart of one evaluation against the "
	    "average of the last eight years; averages computed by kk-plot.");
	radar_data(fp, p, &r, me);
	radar_text(fp, p->L, me);
	chart_close(out, fp, stem, "radar.gp");
	free(stem);
}

/* ---- development of one municipality's areas --------------------------- */

static int
cmp_year(const void *a, const void *b)
{
	const struct evaluation *x = *(struct evaluation *const *)a;
	const struct evaluation *y = *(struct evaluation *const *)b;

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Which areas (and the total) have a score in some of the evaluations:
 * a line without a point is not drawn.  Returns how many. */
static int
dev_areas(struct evaluation *const *e, size_t n, bool has[KK_AREA_SLOTS])
{
	size_t i;
	int a, m = 0;

	for (a = 1; a <= KK_AREA_TOTAL; a++) {
		has[a] = false;
		for (i = 0; i < n && !has[a]; i++)
			has[a] = isfinite(e[i]->score[a]);
		m += has[a];
	}
	return m;
}

/* Block V (year, areas 1..8, total: column a + 1 holds area a) and tic
 * labels X; array D lists the areas drawn, kk_nareas how many, kk_total
 * whether the total is. */
static void
dev_data(FILE *fp, struct evaluation **e, size_t n,
	const bool has[KK_AREA_SLOTS])
{
	char **lab = kk_calloc(n, sizeof *lab);
	double row[KK_AREA_SLOTS], drawn[KK_NAREA];
	size_t i, nd = 0;
	int a;

	gp_block_begin(fp, "V");
	for (i = 0; i < n; i++) {
		row[0] = (double)e[i]->year;
		for (a = 1; a <= KK_AREA_TOTAL; a++)
			row[a] = e[i]->score[a];
		gp_block_row(fp, row, KK_AREA_SLOTS);
		lab[i] = kk_asprintf("%ld (%s)", e[i]->year, e[i]->version);
	}
	gp_block_end(fp);
	gp_array(fp, "X", (const char *const *)lab, n);
	for (i = 0; i < n; i++)
		free(lab[i]);
	free(lab);
	for (a = 1; a <= KK_NAREA; a++)
		if (has[a])
			drawn[nd++] = a;
	gp_numbers(fp, "D", drawn, nd);
	gp_number(fp, "kk_nareas", (double)nd);
	gp_number(fp, "kk_total", has[TOTAL]);
}

/* x of a dashed line between two evaluations of different versions:
 * array kk_marks, kk_nmarks of them. */
static void
dev_version_marks(FILE *fp, struct evaluation **e, size_t n)
{
	double *x = kk_calloc(n, sizeof *x);
	size_t i, m = 0;

	for (i = 1; i < n; i++)
		if (strcmp(e[i - 1]->version, e[i]->version) != 0)
			x[m++] = (e[i - 1]->year + e[i]->year) / 2.0;
	gp_numbers(fp, "kk_marks", x, m);
	gp_number(fp, "kk_nmarks", (double)m);
	free(x);
}

static void
dev_text(FILE *fp, const kk_lang *L, struct evaluation **e, size_t n,
    bool areas)
{
	/* one evaluation: no span of years, no change of version */
	gp_text(fp, "kk_title", kk_trf(L, n == 1 ? (areas ?
	    "chart.dev.title_one" : "chart.dev.title_total_one") : areas ?
	    "chart.dev.title" : "chart.dev.title_total", "name",
	    e[n - 1]->name, "code", e[n - 1]->code, "n", count(L, n), "from",
	    year_word(L, e[0]->year), "to", year_word(L, e[n - 1]->year),
	    "instrument", instrument(L, e[0]->country), NULL));
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.dev.x"));
	gp_text(fp, "kk_ylabel", kk_trf(L, "chart.y_area_scale", "scale",
	    method_of(L, e, n), NULL));
	gp_text(fp, "kk_y2label", kk_tr(L, "chart.y_total"));
	gp_text(fp, "kk_key_total", kk_tr(L, "chart.dev.key_total"));
	footnote(fp, L, e[0]->country, kk_trf(L, n == 1 ? "chart.dev.note_one" :
	    "chart.dev.note", "n", count(L, n), NULL));
	gp_number(fp, "kk_xmin", (double)(e[0]->year - 1));
	gp_number(fp, "kk_xmax", (double)(e[n - 1]->year + 1));
	gp_number(fp, "kk_ymax", KK_AREA_MAX);
	gp_number(fp, "kk_y2max", KK_TOTAL_MAX);
}

static void
dev_chart(struct plot *p, const char *cc)
{
	struct evaluation **e = kk_calloc(p->nev + 1, sizeof *e);
	size_t n = 0, i;
	char *stem = kk_chart_stem(KK_CHART_DEV, cc, 0, p->municipality, 0);
	bool has[KK_AREA_SLOTS];
	int drawn;
	kk_out *out;
	FILE *fp;

	for (i = 0; i < p->nev; i++)
		if (is_ours(p, &p->ev[i]))
			e[n++] = &p->ev[i];
	qsort(e, n, sizeof *e, cmp_year);
	drawn = dev_areas(e, n, has);
	if (drawn == 0) {
		kk_warn("%s: no score in any evaluation of municipality %s: "
		    "no development chart", p->path, p->municipality);
		omit(p, stem, KK_GAP_NO_SCORES);
		free(e);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Development of each area over one municipality's "
	    "evaluations, across instrument versions.");
	dev_data(fp, e, n, has);
	area_labels(fp, p, cc, "A");
	dev_version_marks(fp, e, n);
	dev_text(fp, p->L, e, n, drawn > has[TOTAL]);
	chart_close(out, fp, stem, "development.gp");
	free(stem);
	free(e);
}

/* ---- driver ------------------------------------------------------------ */

/* The municipality asked for, as its municipality_id: given as that, or
 * as a code it was evaluated under.  A code that names evaluations of
 * two municipalities (Norwegian and Swedish codes overlap; a code may
 * be given again after a merger) needs the municipality_id. */
static const struct evaluation *
our_municipality(const struct plot *p)
{
	const struct evaluation *e = NULL;
	size_t i;

	for (i = 0; i < p->nev; i++)
		if (strcmp(p->ev[i].municipality, p->focus) == 0)
			return &p->ev[i];
	for (i = 0; i < p->nev; i++) {
		if (strcmp(p->ev[i].code, p->focus) != 0)
			continue;
		if (e && strcmp(e->municipality, p->ev[i].municipality) != 0)
			kk_die("%s: code %s names evaluations of municipality %s "
			    "and of %s: give the one meant (--municipality %s)",
			    p->path, p->focus, e->municipality,
			    p->ev[i].municipality, e->municipality);
		e = &p->ev[i];
	}
	if (!e)
		kk_die("%s: no evaluation of municipality %s", p->path,
		    p->focus);
	return e;
}

static const struct evaluation *
our_evaluation(const struct plot *p)
{
	const struct evaluation *me = NULL;
	size_t i;

	for (i = 0; i < p->nev; i++) {
		if (!is_ours(p, &p->ev[i]) || p->ev[i].year != p->year)
			continue;
		if (me)
			kk_die("municipality %s has two evaluations in %ld: "
			    "%s and %s", p->municipality, p->year, me->id,
			    p->ev[i].id);
		me = &p->ev[i];
	}
	if (!me)
		kk_die("%s: no evaluation of municipality %s in %ld", p->path,
		    p->focus, p->year);
	return me;
}

/* ---- the size effect: size_model.csv and size_partial.csv ------------ */

enum { SE_NO, SE_SE, SE_ALL, SE_NSERIES };
static const char *const series_key[SE_NSERIES] = { "NO", "SE", "ALL" };

/* The legend of the series in order, then that of the third: both
 * countries (an estimate) or another country (a point). */
static void
series_names(FILE *fp, const kk_lang *L, const char *third)
{
	const char *name[SE_NSERIES] = { kk_tr(L, "chart.country.no"),
		kk_tr(L, "chart.country.se"), kk_tr(L, third) };

	gp_array(fp, "S", name, SE_NSERIES);
}

/* The size effect per country and area in the model a reader should
 * quote (md_quoted, as the summary quotes it). */
struct effect {
	const char *model;      /* NULL: no model to quote */
	char *words;            /* what it is adjusted for ("" for
				   nothing), in the reader's words */
	int nterms;             /* how many terms that is */
	double est[SE_NSERIES][KK_AREA_SLOTS], lo[SE_NSERIES][KK_AREA_SLOTS];
	double hi[SE_NSERIES][KK_AREA_SLOTS];
	const char *n, *clusters, *se_type;     /* of both countries' total */
	kk_table *t;
};

/* A table of the --tables directory, or NULL. */
static kk_table *
read_table(const struct plot *p, const kk_schema *s)
{
	char *path;
	kk_table *t = NULL;

	if (!p->tables)
		return NULL;
	path = kk_path_join(p->tables, s->file);
	if (access(path, F_OK) == 0)
		t = kk_table_read(path);
	free(path);
	return t;
}

static int
series_of(const char *cc)
{
	for (int s = 0; s < SE_NSERIES; s++)
		if (strcmp(cc, series_key[s]) == 0)
			return s;
	return -1;
}

/* The rows of the size term of the model quoted into e. */
static void
effect_rows(struct effect *e, size_t mo, const char *size)
{
	const kk_table *t = e->t;
#define C(k) kk_table_need_col(t, &kk_model_table, k)
	size_t co = C(KK_MOD_COUNTRY), ar = C(KK_MOD_AREA), te = C(KK_MOD_TERM);

	for (size_t r = 0; r < t->nrows; r++) {
		char **c = t->cell[r];
		int s = series_of(c[co]);
		int a = kk_area_parse(c[ar], strlen(c[ar]));
		if (strcmp(c[mo], e->model) || strcmp(c[te], size) || s < 0 ||
		    a < 0)
			continue;
		e->est[s][a] = cell_num(t, r, C(KK_MOD_ESTIMATE));
		e->lo[s][a] = cell_num(t, r, C(KK_MOD_CI_LOW));
		e->hi[s][a] = cell_num(t, r, C(KK_MOD_CI_HIGH));
		if (s == SE_ALL && a == TOTAL) {
			e->n = c[C(KK_MOD_COUNT)];
			e->clusters = c[C(KK_MOD_CLUSTERS)];
			e->se_type = c[C(KK_MOD_SE_TYPE)];
		}
	}
#undef C
}

/* A term of a model in the reader's words: each column of scores.csv
 * it multiplies by its name in the language, one the language files do
 * not name as it is. */
static char *
term_words(const kk_lang *L, const fm_formula *f, fm_term t)
{
	static const char *const col[][2] = {
		{ "country", "chart.term.country" },
		{ "version", "chart.term.version" },
		{ "year", "chart.term.year" },
		{ "size_class", "chart.term.size_class" },
	};
	kk_buf b = { 0 };

	for (size_t v = 0; v < f->nvar; v++) {
		const char *w = f->var[v];
		if (!(t >> v & 1))
			continue;
		for (size_t i = 0; i < sizeof col / sizeof *col; i++)
			if (strcmp(w, col[i][0]) == 0)
				w = kk_tr(L, col[i][1]);
		if (b.len)
			kk_buf_str(&b, " × ");
		kk_buf_str(&b, w);
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* The terms of the model quoted other than the size, as a list in the
 * reader's words ("land, versjon og år"), into e->words. */
static void
effect_words(const kk_lang *L, struct effect *e, const char *size)
{
	fm_formula f;
	char *why, **w;
	const char *list = "";
	size_t v, n = 0;

	/* md_quoted chose the model: it parses */
	if (fm_parse(e->model, &f, &why) < 0)
		kk_die("%s: %s", e->model, why);
	for (v = 0; v < f.nvar && strcmp(f.var[v], size) != 0; v++)
		;
	w = kk_calloc(f.nterm + 1, sizeof *w);
	for (size_t t = 0; t < f.nterm; t++)
		if (v == f.nvar || !(f.term[t] >> v & 1))
			w[n++] = term_words(L, &f, f.term[t]);
	for (size_t i = 0; i < n; i++)
		list = i == 0 ? w[0] : kk_trf(L, i + 1 < n ? "chart.list.more" :
		    "chart.list.last", "a", list, "b", w[i], NULL);
	free(e->words);
	e->words = kk_strdup(list);
	e->nterms = (int)n;
	for (size_t i = 0; i < n; i++)
		free(w[i]);
	free(w);
	fm_free(&f);
}

static void
read_effect(const struct plot *p, struct effect *e)
{
	const char *size = kk_colname(&kk_scores_table, KK_S_LOG10_POP);
	const char **m;
	size_t mo, nm = 0;
	long q;

	memset(e, 0, sizeof *e);
	for (int s = 0; s < SE_NSERIES; s++)
		for (int a = 0; a < KK_AREA_SLOTS; a++)
			e->est[s][a] = e->lo[s][a] = e->hi[s][a] = NAN;
	if (!(e->t = read_table(p, &kk_model_table)))
		return;
	mo = kk_table_need_col(e->t, &kk_model_table, KK_MOD_MODEL);
	m = kk_malloc((e->t->nrows + 1) * sizeof *m);
	for (size_t r = 0; r < e->t->nrows; r++)
		if (nm == 0 || strcmp(m[nm - 1], e->t->cell[r][mo]) != 0)
			m[nm++] = e->t->cell[r][mo];
	q = md_quoted(m, nm, kk_colname(&kk_scores_table, KK_S_SCORE), size,
	    &e->words);
	if (q >= 0) {
		e->model = m[q];
		effect_rows(e, mo, size);
		effect_words(p->L, e, size);
	}
	free(m);
}

/* "adjusted for country, version and year", or "unadjusted". */
static const char *
adjusted(const kk_lang *L, const struct effect *e)
{
	return e->nterms ? kk_trf(L, "chart.model.adjusted", "terms",
	    e->words, NULL) : kk_tr(L, "chart.model.unadjusted");
}

/* The footnote's second line: the model, its errors, and what. */
static const char *
model_note(const kk_lang *L, const struct effect *e, const char *what)
{
	bool cluster = e->se_type && strcmp(e->se_type, "cluster") == 0;

	return kk_trf(L, cluster ? "chart.model.note_cluster" :
	    "chart.model.note_classical", "model", e->model, "what", what,
	    NULL);
}

/* The series (1..3) with an estimate among areas from..to, as words. */
static char *
effect_series(const struct effect *e, int from, int to)
{
	kk_buf b = { 0 };

	for (int s = 0; s < SE_NSERIES; s++)
		for (int a = from; a <= to; a++)
			if (isfinite(e->est[s][a])) {
				if (b.len)
					kk_buf_char(&b, ' ');
				kk_buf_char(&b, (char)('1' + s));
				break;
			}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* x range of a panel: the intervals and 0, widened by a twentieth. */
static void
effect_range(const struct effect *e, int from, int to, double *lo,
	double *hi)
{
	*lo = *hi = 0;
	for (int s = 0; s < SE_NSERIES; s++)
		for (int a = from; a <= to; a++) {
			if (isfinite(e->lo[s][a]))
				*lo = fmin(*lo, e->lo[s][a]);
			if (isfinite(e->hi[s][a]))
				*hi = fmax(*hi, e->hi[s][a]);
		}
	if (*hi == *lo)
		*hi = *lo + 1;
	*lo = round6(*lo - (*hi - *lo) / 20);
	*hi = round6(*hi + (*hi - *lo) / 20);
}

static void
size_effect_chart(struct plot *p, const struct effect *e)
{
	char *stem = kk_chart_stem(KK_CHART_SIZE_EFFECT, "ALL", 0, NULL, 0);
	double row[6], lo[2], hi[2];
	const kk_lang *L = p->L;
	kk_out *out;
	FILE *fp;

	if (!e->model) {
		omit(p, stem, KK_GAP_NO_MODEL);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "The size effect of the model quoted per area and for "
	    "the total, with 95 % intervals, from size_model.csv.");
	gp_block_begin(fp, "C");
	for (int a = 1; a <= TOTAL; a++)
		for (int s = 0; s < SE_NSERIES; s++) {
			row[0] = a == TOTAL ? 1 : a;
			row[1] = s + 1;
			row[2] = e->est[s][a];
			row[3] = e->lo[s][a];
			row[4] = e->hi[s][a];
			row[5] = a == TOTAL ? 2 : 1;
			gp_block_row(fp, row, 6);
		}
	gp_block_end(fp);
	effect_range(e, 1, KK_NAREA, &lo[0], &hi[0]);
	effect_range(e, TOTAL, TOTAL, &lo[1], &hi[1]);
	gp_numbers(fp, "kk_xmin", lo, 2);
	gp_numbers(fp, "kk_xmax", hi, 2);
	area_labels(fp, p, "ALL", "A");
	series_names(fp, L, "chart.series.both");
	/* the legend lists every series drawn, in either panel */
	char *series[2] = { effect_series(e, 1, KK_NAREA),
		effect_series(e, TOTAL, TOTAL) }, *keys = effect_series(e, 1,
		TOTAL);
	gp_array(fp, "kk_series", (const char *const *)series, 2);
	gp_text(fp, "kk_keys", keys);
	free(series[0]);
	free(series[1]);
	free(keys);
	gp_text(fp, "kk_title", kk_trf(L, "chart.size_effect.title",
	    "adjusted", adjusted(L, e), NULL));
	gp_text(fp, "kk_xlabel", kk_tr(L, "chart.size_effect.x"));
	gp_text(fp, "kk_areas", kk_trf(L, "chart.size_effect.areas", "max",
	    count(L, KK_AREA_MAX), NULL));
	gp_text(fp, "kk_total", kk_trf(L, "chart.size_effect.total", "max",
	    count(L, KK_TOTAL_MAX), NULL));
	gp_text(fp, "kk_empty", kk_tr(L, "chart.size_effect.empty"));
	footnote(fp, L, "ALL", model_note(L, e,
	    kk_tr(L, "chart.size_effect.note")));
	chart_close(out, fp, stem, "size-effect.gp");
	free(stem);
}

/* The points of the added-variable plot into the open data block $P;
 * their ranges into lo[0..1], hi[0..1], how many of each series (Norway,
 * Sweden, another country) into count.  Returns how many in all. */
static size_t
partial_data(FILE *fp, const kk_table *t, const struct effect *e,
	double lo[2], double hi[2], size_t count[3])
{
#define C(k) kk_table_need_col(t, &kk_partial_table, k)
	size_t mo = C(KK_PAR_MODEL), co = C(KK_PAR_COUNTRY), n = 0;
	size_t x = C(KK_PAR_SIZE), y = C(KK_PAR_SCORE);
	double row[3];
#undef C

	lo[0] = lo[1] = INFINITY;
	hi[0] = hi[1] = -INFINITY;
	for (size_t r = 0; r < t->nrows; r++) {
		int s = series_of(t->cell[r][co]);
		if (strcmp(t->cell[r][mo], e->model) != 0)
			continue;
		row[0] = s == SE_NO ? 1 : s == SE_SE ? 2 : 3;
		count[(int)row[0] - 1]++;
		row[1] = cell_num(t, r, x);
		row[2] = cell_num(t, r, y);
		gp_block_row(fp, row, 3);
		for (int k = 0; k < 2; k++) {
			lo[k] = fmin(lo[k], row[k + 1]);
			hi[k] = fmax(hi[k], row[k + 1]);
		}
		n++;
	}
	for (int k = 0; k < 2 && n; k++) {
		double pad = hi[k] > lo[k] ? (hi[k] - lo[k]) / 10 : 1;
		lo[k] = round6(lo[k] - pad);
		hi[k] = round6(hi[k] + pad);
	}
	return n;
}

/* The line's legend: the size effect as the summary quotes it. */
static const char *
partial_key(const kk_lang *L, const struct effect *e)
{
	double b = e->est[SE_ALL][TOTAL];

	if (!isfinite(b))
		return kk_tr(L, "chart.size_partial.key_undefined");
	return kk_trf(L, "chart.size_partial.key", "b", signed1(L, b), "lo",
	    kk_lang_num(L, e->lo[SE_ALL][TOTAL], 1), "hi",
	    kk_lang_num(L, e->hi[SE_ALL][TOTAL], 1), NULL);
}

/* The title: what is drawn, and of how many. */
static const char *
partial_title(const kk_lang *L, const struct effect *e, size_t n)
{
	const char *c = kk_trf(L, n == 1 ? "chart.size_partial.count_one" :
	    "chart.size_partial.count", "n", count(L, n), NULL);

	if (n && e->clusters && *e->clusters)
		c = kk_trf(L, strcmp(e->clusters, "1") ?
		    "chart.size_partial.count_of" :
		    "chart.size_partial.count_of_one", "count", c, "m",
		    e->clusters, NULL);
	return kk_trf(L, "chart.size_partial.title", "adjusted",
	    adjusted(L, e), "count", c, NULL);
}

static void
partial_text(FILE *fp, const kk_lang *L, const struct effect *e, size_t n)
{
	gp_text(fp, "kk_key_line", partial_key(L, e));
	gp_text(fp, "kk_title", partial_title(L, e, n));
	gp_text(fp, "kk_xlabel", e->nterms == 0 ? kk_tr(L,
	    "chart.size_partial.x_none") : kk_trf(L, e->nterms == 1 ?
	    "chart.size_partial.x_one" : "chart.size_partial.x", "terms",
	    e->words, NULL));
	gp_text(fp, "kk_ylabel", kk_tr(L, e->nterms ? "chart.size_partial.y" :
	    "chart.size_partial.y_none"));
	footnote(fp, L, "ALL", model_note(L, e,
	    kk_tr(L, "chart.size_partial.note")));
}

static void
size_partial_chart(struct plot *p, const struct effect *e)
{
	char *stem = kk_chart_stem(KK_CHART_SIZE_PARTIAL, "ALL", 0, NULL, 0);
	kk_table *t = e->model ? read_table(p, &kk_partial_table) : NULL;
	double lo[2], hi[2];
	size_t n, count[3] = { 0 };
	kk_buf series = { 0 };
	kk_out *out;
	FILE *fp;

	if (!t) {
		omit(p, stem, KK_GAP_NO_MODEL);
		return;
	}
	out = chart_open(p, stem, &fp);
	gp_head(fp, "The added-variable plot of the size effect on the total "
	    "of both countries, from size_partial.csv.");
	gp_block_begin(fp, "P");
	n = partial_data(fp, t, e, lo, hi, count);
	gp_block_end(fp);
	if (n == 0) {
		lo[0] = lo[1] = -1;
		hi[0] = hi[1] = 1;
	}
	gp_number(fp, "kk_n", (double)n);
	gp_number(fp, "kk_slope", e->est[SE_ALL][TOTAL]);
	gp_number(fp, "kk_xmin", lo[0]);
	gp_number(fp, "kk_xmax", hi[0]);
	gp_number(fp, "kk_ymin", lo[1]);
	gp_number(fp, "kk_ymax", hi[1]);
	series_names(fp, p->L, "chart.series.other");
	for (int s = 0; s < 3; s++)
		if (count[s]) {
			if (series.len)
				kk_buf_char(&series, ' ');
			kk_buf_char(&series, (char)('1' + s));
		}
	kk_buf_char(&series, '\0');
	gp_text(fp, "kk_series", series.p);
	kk_buf_free(&series);
	partial_text(fp, p->L, e, n);
	chart_close(out, fp, stem, "size-partial.gp");
	free(stem);
	kk_table_free(t);
}

static kk_table *
read_corr(const struct plot *p)
{
	return read_table(p, &kk_correlation_table);
}

/* omitted.csv, and no stale drawing of an omitted chart left beside it
 * for a report to pick up. */
static void
write_omitted(struct plot *p)
{
	static const char *const ext[] = { "gp", "png", "svg" };
	char *path = kk_path_join(p->outdir, KK_CHART_OMITTED), *old;
	kk_out *out = kk_out_open(path);
	FILE *fp = kk_out_fp(out);
	size_t i, k;

	fputs("chart,reason\n", fp);
	for (i = 0; i < p->nomitted; i++) {
		fprintf(fp, "%s,%s\n", p->omitted[i].stem,
		    kk_chart_gap_key(p->omitted[i].gap));
		for (k = 0; k < 3; k++) {
			old = kk_asprintf("%s/%s.%s", p->outdir,
			    p->omitted[i].stem, ext[k]);
			unlink(old);
			free(old);
		}
		free(p->omitted[i].stem);
	}
	kk_out_commit(out);
	free(path);
	free(p->omitted);
}

static void
draw_all(struct plot *p, const char *ours, const struct evaluation *me)
{
	struct effect effect;
	const char **cc;
	size_t ncc = countries(p, &cc), i;
	int a;

	for (i = 0; i < ncc; i++) {
		for (a = 1; a <= KK_AREA_TOTAL; a++)
			hist_chart(p, cc[i], a);
		box_chart(p, cc[i]);
		scatter_total(p, cc[i]);
		scatter_areas(p, cc[i]);
	}
	read_effect(p, &effect);
	size_effect_chart(p, &effect);
	size_partial_chart(p, &effect);
	free(effect.words);
	if (effect.t)
		kk_table_free(effect.t);
	if (ours)
		dev_chart(p, ours);
	if (me) {
		rank_chart(p, me, false);
		rank_chart(p, me, true);
		compare_chart(p, me);
		radar_chart(p, me);
	}
	free(cc);
}

int
main(int argc, char **argv)
{
	struct plot p = { .outdir = "out/plots" };
	const char *val, *ours = NULL;
	kk_table *scores;
	kk_areas *areas = NULL;
	const struct evaluation *me = NULL;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0)
		set_option(&p, (enum opt)k, val);
	if (argc - i != 1)
		kk_usage("expected one SCORES.csv");
	if (p.year && !p.focus)
		kk_usage("--year needs --municipality");
	p.path = argv[i];
	p.L = kk_lang_load(p.lang ? p.lang : "en");
	if (p.benchmarks)
		p.bench = kk_benchmarks_load(p.benchmarks);
	scores = read_scores(&p);
	if (p.areas)
		areas = read_areas(&p);
	/* the municipality is looked up before anything is written, so a
	 * wrong code leaves no half set of charts, not even the directory */
	if (p.focus) {
		me = our_municipality(&p);
		p.municipality = me->municipality;
		ours = me->country;
		me = p.year ? our_evaluation(&p) : NULL;
	}
	kk_mkdirs(p.outdir);
	p.corr = read_corr(&p);
	draw_all(&p, ours, me);
	write_omitted(&p);
	free(p.ev);
	if (p.corr)
		kk_table_free(p.corr);
	if (areas)
		kk_areas_free(areas);
	kk_table_free(scores);
	kk_benchmarks_free(p.bench);
	kk_lang_free(p.L);
	return 0;
}
