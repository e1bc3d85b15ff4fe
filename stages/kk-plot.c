/*
 * kk-plot - write gnuplot scripts for the charts of scores.csv.
 *
 * Every chart is computed here (bins, quartiles, fits, averages) and the
 * script only draws the numbers.  A script is the chart's numbers and
 * words as named gnuplot variables, written through lib/gp.c, followed by
 * the chart's template from plots/, which says how the chart looks.  See
 * README.md (Charts) for each chart and plots/README.md for the names a
 * template is given.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>

#include "areas.h"
#include "chart.h"
#include "gp.h"
#include "kk.h"
#include "stats.h"

#define NITEM 9         /* areas 1..8 at 0..7, total at 8 */
#define TOTAL 8
#define RADAR_YEARS 8   /* the radar's average: the last eight years */

static const char usage[] =
"usage: kk-plot [-d OUTDIR] [--tables DIR] [--areas FILE] [--since YEAR]\n"
"               [--municipality CODE[,CODE...] [--year YEAR]] SCORES.csv\n"
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
"                       taken from DIR/size_correlation.csv when present\n"
"  --areas FILE         data/areas.csv: area names (version 3.2) for labels;\n"
"                       without it areas are labelled by number and slug\n"
"  --since YEAR         ranking chart: evaluations from YEAR on (default all)\n"
"  --municipality CODE  also draw the development chart of this municipality;\n"
"                       several codes (a municipality renumbered by a reform)\n"
"                       are given comma-separated, the first names the files\n"
"  --year YEAR          with --municipality: ranking and radar charts of the\n"
"                       municipality's evaluation of YEAR\n"
"\n"
"Charts: hist-CC-total, hist-CC-areaN (per country, series per version),\n"
"box-CC-total, scatter-CC-total, scatter-CC-areas; with --municipality:\n"
"dev-CC-CODE; with --year also rank-CC-CODE-YEAR, radar-CC-CODE-YEAR.\n";

enum opt { OPT_HELP, OPT_DIR, OPT_TABLES, OPT_AREAS, OPT_SINCE,
	OPT_MUNICIPALITY, OPT_YEAR, NOPT };

static const char *const optname[NOPT + 1] = {
	[OPT_HELP] = "help", [OPT_DIR] = "d=", [OPT_TABLES] = "tables=",
	[OPT_AREAS] = "areas=", [OPT_SINCE] = "since=",
	[OPT_MUNICIPALITY] = "municipality=", [OPT_YEAR] = "year=",
	[NOPT] = NULL
};

struct evaluation {
	char *id, *country, *code, *name, *version, *size_class, *method;
	long year, line;
	double population;
	double raw[NITEM], score[NITEM];    /* NaN: missing */
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
	char **codes;
	size_t ncodes;
	const char *path;                       /* SCORES.csv */
	struct evaluation *ev;                  /* sorted by id */
	size_t nev;
	char *slug[8];
	char *name_no[8], *name_se[8];          /* from --areas */
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

static const char *
country_name(const char *cc)
{
	if (strcmp(cc, "NO") == 0)
		return "Norway";
	if (strcmp(cc, "SE") == 0)
		return "Sweden";
	return cc;
}

static const char *
instrument(const char *cc)
{
	if (strcmp(cc, "NO") == 0)
		return "Kommunekompasset (KS)";
	if (strcmp(cc, "SE") == 0)
		return "Kommunkompassen (SKR)";
	return "Kommunekompasset / Kommunkompassen";
}

/* One of the chart's words: the string variable name, for the template. */
static void
text(FILE *fp, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kk_vasprintf(fmt, ap);
	va_end(ap);
	gp_text(fp, name, s);
	free(s);
}

/* The footnote: where the numbers come from (kk_source), then what the
 * chart rests on (kk_note). */
static void
footnote(FILE *fp, const char *cc, const char *note)
{
	text(fp, "kk_source", "Source: %s, published evaluation results as "
	    "collected in kompass (source column of scores.csv); population: "
	    "%s.", instrument(cc), strcmp(cc, "SE") == 0 ? "SCB" :
	    strcmp(cc, "NO") == 0 ? "SSB" : "SSB / SCB");
	gp_text(fp, "kk_note", note);
}

static char *
area_label(const struct plot *p, const char *cc, int item)
{
	const char *name;

	if (item == TOTAL)
		return kk_strdup("total");
	name = strcmp(cc, "SE") == 0 ? p->name_se[item] : p->name_no[item];
	if (name && *name)
		return kk_asprintf("%d %s", item + 1, name);
	return kk_asprintf("%d %s", item + 1, p->slug[item] ? p->slug[item] :
	    "");
}

/* The areas' labels as array name[8]. */
static void
area_labels(FILE *fp, const struct plot *p, const char *cc,
	const char *name)
{
	char *lab[8];
	int k;

	for (k = 0; k < 8; k++)
		lab[k] = area_label(p, cc, k);
	gp_array(fp, name, (const char *const *)lab, 8);
	for (k = 0; k < 8; k++)
		free(lab[k]);
}

/* One scale label for a set of evaluations: the method, or "mixed". */
static const char *
method_of(struct evaluation *const *e, size_t n)
{
	const char *m = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!m)
			m = e[i]->method;
		else if (strcmp(m, e[i]->method) != 0)
			return "mixed methods";
	}
	return m && *m ? m : "unknown";
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
	long v;
	const char *s = t->cell[r][c];
	kk_num_status st = kk_parse_long(s, strlen(s), 1000, 9999, &v);

	if (st != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)c + 1, "%s: %s",
		    t->col[c], st == KK_NUM_EMPTY ? "missing year" :
		    kk_num_reason(st));
	return v;
}

static int
cell_item(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];

	if (strcmp(s, "total") == 0)
		return TOTAL;
	if (s[0] >= '1' && s[0] <= '8' && s[1] == '\0')
		return s[0] - '1';
	kk_die_at(t->name, t->line[r], (long)c + 1,
	    "area: expected 1..8 or total");
}

/* Codes go into file names: refuse anything but letters and digits. */
static void
check_code(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];

	if (!gp_safe_name(s) || strchr(s, '.'))
		kk_die_at(t->name, t->line[r], (long)c + 1,
		    "%s: not a code usable in a file name", t->col[c]);
}

enum { C_ID, C_COUNTRY, C_CODE, C_NAME, C_YEAR, C_VERSION, C_AREA, C_SLUG,
	C_RAW, C_SCORE, C_METHOD, C_POP, C_CLASS, NCOL };

static const char *const colname[NCOL] = { "evaluation_id", "country",
	"municipality_code", "municipality", "year", "version", "area",
	"area_slug", "raw_score", "score", "method", "population",
	"size_class" };

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
	for (k = 0; k < NITEM; k++)
		e->raw[k] = e->score[k] = NAN;
	return e;
}

static void
read_row(struct plot *p, size_t *cap, const kk_table *t, size_t r,
	const size_t *c)
{
	char **f = t->cell[r];
	struct evaluation *e = find_eval(p, cap, f[c[C_ID]]);
	int item = cell_item(t, r, c[C_AREA]);

	if (!e->id) {
		check_code(t, r, c[C_COUNTRY]);
		check_code(t, r, c[C_CODE]);
		e->id = f[c[C_ID]];
		e->country = f[c[C_COUNTRY]];
		e->code = f[c[C_CODE]];
		e->name = f[c[C_NAME]];
		e->version = f[c[C_VERSION]];
		e->method = f[c[C_METHOD]];
		e->size_class = f[c[C_CLASS]];
		e->year = cell_year(t, r, c[C_YEAR]);
		e->population = cell_num(t, r, c[C_POP]);
		e->line = t->line[r];
	}
	e->raw[item] = cell_num(t, r, c[C_RAW]);
	e->score[item] = cell_num(t, r, c[C_SCORE]);
	if (item != TOTAL && !p->slug[item])
		p->slug[item] = f[c[C_SLUG]];
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
	size_t c[NCOL], r, k, cap = 0;

	for (k = 0; k < NCOL; k++)
		c[k] = kk_table_need(t, colname[k]);
	for (r = 0; r < t->nrows; r++)
		read_row(p, &cap, t, r, c);
	if (p->nev)
		qsort(p->ev, p->nev, sizeof *p->ev, cmp_eval);
	return t;
}

/* Area names of version 3.2 (the canonical numbering) from areas.csv. */
static kk_table *
read_areas(struct plot *p)
{
	kk_table *t = kk_table_read(p->areas);
	size_t ver = kk_table_need(t, "version"), area = kk_table_need(t,
	    "canonical_area"), no = kk_table_need(t, "name_no"),
	    se = kk_table_need(t, "name_se"), r;
	const char *a;

	for (r = 0; r < t->nrows; r++) {
		a = t->cell[r][area];
		if (strcmp(t->cell[r][ver], "3.2") != 0 || a[0] < '1' ||
		    a[0] > '8' || a[1])
			continue;
		p->name_no[a[0] - '1'] = t->cell[r][no];
		p->name_se[a[0] - '1'] = t->cell[r][se];
	}
	return t;
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

/* Evaluations of country cc with a finite value of item on the given
 * scale (raw or comparable score). */
static size_t
select_item(const struct plot *p, const char *cc, int item, bool raw,
	struct evaluation ***out)
{
	size_t i, n = 0, cap = 0;
	double v;

	*out = NULL;
	for (i = 0; i < p->nev; i++) {
		v = raw ? p->ev[i].raw[item] : p->ev[i].score[item];
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
	size_t i;

	for (i = 0; i < p->ncodes; i++)
		if (strcmp(e->code, p->codes[i]) == 0)
			return true;
	return false;
}

/* ---- options ------------------------------------------------------- */

static long
opt_year(const char *val, const char *what)
{
	long y;

	if (kk_parse_long(val, strlen(val), 1000, 9999, &y) != KK_NUM_OK)
		kk_usage("%s: expected a year, got '%s'", what, val);
	return y;
}

static void
set_codes(struct plot *p, const char *val)
{
	size_t cap = 0;
	const char *s = val, *comma;
	char *code;

	do {
		comma = strchr(s, ',');
		code = comma ? kk_strndup(s, (size_t)(comma - s)) :
		    kk_strdup(s);
		if (!gp_safe_name(code) || strchr(code, '.'))
			kk_usage("--municipality: '%s' is not a code", code);
		kk_grow((void **)&p->codes, &cap, p->ncodes + 1,
		    sizeof *p->codes);
		p->codes[p->ncodes++] = code;
		s = comma + 1;
	} while (comma);
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
	case OPT_MUNICIPALITY: set_codes(p, val); break;
	case OPT_YEAR: p->year = opt_year(val, "--year"); break;
	case NOPT: break;
	}
}

/* ---- histograms: per country and item, one series per version ------- */

struct bins {
	double width, lo;     /* first bin [lo, lo + width) */
	size_t nbin;
};

/* Bins of 10 points (areas) or 50 (total) over 0..max; the last bin is
 * closed so that a full score counts.  Values outside widen the range
 * rather than vanish. */
static struct bins
make_bins(int item, struct evaluation *const *e, size_t n)
{
	struct bins b;
	double max = item == TOTAL ? 800 : 100, lo = 0, hi = max, v;
	size_t i;

	b.width = item == TOTAL ? 50 : 10;
	for (i = 0; i < n; i++) {
		v = e[i]->raw[item];
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
	size_t n, int item, const char *const *ver, size_t nver)
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
				    bin_of(b, e[i]->raw[item]) == k)
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
hist_keys(FILE *fp, struct evaluation *const *e, size_t n,
	const char *const *ver, size_t nver)
{
	char **key = kk_calloc(nver, sizeof *key);
	size_t i, j, c;

	for (j = 0; j < nver; j++) {
		for (c = i = 0; i < n; i++)
			c += strcmp(e[i]->version, ver[j]) == 0;
		key[j] = kk_asprintf("version %s (n = %zu)",
		    *ver[j] ? ver[j] : "unknown", c);
	}
	gp_array(fp, "V", (const char *const *)key, nver);
	for (j = 0; j < nver; j++)
		free(key[j]);
	free(key);
}

static void
hist_text(FILE *fp, const struct plot *p, const char *cc, int item,
	size_t n, const struct bins *b)
{
	char *label = area_label(p, cc, item), *note;

	text(fp, "kk_title", "Distribution of %s%s score, %s, %s, by "
	    "instrument version", item == TOTAL ? "" : "area ", label,
	    country_name(cc), instrument(cc));
	text(fp, "kk_xlabel", "%s score as published (points, 0–%d; bins of "
	    "%g points, the last one closed)", item == TOTAL ? "total" :
	    "area", item == TOTAL ? 800 : 100, b->width);
	gp_text(fp, "kk_ylabel", "evaluations (count)");
	note = kk_asprintf("n = %zu evaluations with this score published.",
	    n);
	footnote(fp, cc, note);
	free(note);
	free(label);
}

static void
hist_chart(struct plot *p, const char *cc, int item)
{
	struct evaluation **e;
	size_t n = select_item(p, cc, item, true, &e), nver = 0, cap = 0, i;
	const char **ver = NULL;
	char *stem = kk_chart_stem(KK_CHART_HIST, cc, item == TOTAL ?
	    KK_AREA_TOTAL : item + 1, NULL, 0);
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
	b = make_bins(item, e, n);
	out = chart_open(p, stem, &fp);
	gp_head(fp, "Histogram of scores as published, one series per "
	    "instrument version; bins computed by kk-plot.");
	top = hist_data(fp, &b, e, n, item, ver, nver);
	hist_keys(fp, e, n, ver, nver);
	hist_text(fp, p, cc, item, n, &b);
	/* counts are whole numbers: whole tics, about ten of them, and
	 * room above the highest bar */
	step = fmax(1, ceil(top / 10));
	gp_number(fp, "kk_bin", b.width);
	gp_number(fp, "kk_xmin", b.lo);
	gp_number(fp, "kk_xmax", b.lo + b.nbin * b.width);
	gp_number(fp, "kk_xtics", item == TOTAL ? 100 : 10);
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
box_labels(FILE *fp, const struct group *g, size_t ng)
{
	char **lab = kk_calloc(ng, sizeof *lab);
	size_t k;

	for (k = 0; k < ng; k++)
		lab[k] = kk_asprintf("%s (n = %zu)", g[k].label, g[k].n);
	gp_array(fp, "C", (const char *const *)lab, ng);
	for (k = 0; k < ng; k++)
		free(lab[k]);
	free(lab);
}

static void
box_text(FILE *fp, const char *cc, size_t n, const char *meth)
{
	char *note;

	text(fp, "kk_title", "Total score by municipality size, %s, %s",
	    country_name(cc), instrument(cc));
	gp_text(fp, "kk_xlabel", "size class (inhabitants at the start of "
	    "the evaluation year)");
	text(fp, "kk_ylabel", "total score (points, 0–800; scale: %s)", meth);
	gp_text(fp, "kk_key_box", "quartiles, whiskers at min and max");
	gp_text(fp, "kk_key_median", "median");
	gp_text(fp, "kk_key_points", "evaluations");
	note = kk_asprintf("n = %zu evaluations. Box: first quartile, median, "
	    "third quartile (R type 7, as summary.csv); whiskers at min and "
	    "max.", n);
	footnote(fp, cc, note);
	free(note);
}

static void
box_chart(struct plot *p, const char *cc)
{
	struct evaluation **e;
	size_t n = select_item(p, cc, TOTAL, false, &e), ng, k, used = 0;
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
		box_labels(fp, g, ng);
		box_text(fp, cc, used, method_of(e, n));
		gp_number(fp, "kk_ymax", 800);
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
fit_from_table(struct fit *f, const kk_table *t, const char *cc, int item)
{
	long cc_c, area_c, scale_c, n_c, r_c, p_c;
	char area[16];
	double n, r, p;
	size_t i;

	if (!t)
		return;
	cc_c = kk_table_col(t, "country");
	area_c = kk_table_col(t, "area");
	scale_c = kk_table_col(t, "scale");
	n_c = kk_table_col(t, "n");
	r_c = kk_table_col(t, "pearson_r");
	p_c = kk_table_col(t, "pearson_p");
	if (cc_c < 0 || area_c < 0 || scale_c < 0 || n_c < 0 || r_c < 0 ||
	    p_c < 0)
		return;
	if (item == TOTAL)
		snprintf(area, sizeof area, "total");
	else
		snprintf(area, sizeof area, "%d", item + 1);
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

/* Rows (panel, population, score) of item in country cc into the open
 * data block; returns the fit. */
static struct fit
scatter_data(FILE *fp, const struct plot *p, const char *cc, int item,
	double panel)
{
	struct evaluation **e;
	size_t n = select_item(p, cc, item, false, &e), i;
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
		row[2] = e[i]->score[item];
		gp_block_row(fp, row, 3);
		x[f.n] = log10(row[1]);
		y[f.n++] = row[2];
		f.xmin = fmin(f.xmin, row[1]);
		f.xmax = fmax(f.xmax, row[1]);
	}
	fit_compute(&f, x, y);
	fit_from_table(&f, p->corr, cc, item);
	free(x);
	free(y);
	free(e);
	return f;
}

static char *
fmt_p(double p)
{
	if (!isfinite(p))
		return kk_strdup("p undefined");
	if (p < 0.001)
		return kk_strdup("p < 0.001");
	return kk_asprintf("p = %.3f", p);
}

/* Small panels get the short form without the equation. */
static char *
fit_key(const struct fit *f, bool brief)
{
	char *p, *s;

	if (f->n < 3)
		return kk_asprintf("too few for a fit (n = %zu)", f->n);
	p = fmt_p(f->p);
	if (!isfinite(f->r))
		s = kk_asprintf("r undefined (a constant column), n = %zu",
		    f->n);
	else if (brief)
		s = kk_asprintf("r = %.2f, %s, n = %zu", f->r, p, f->n);
	else
		s = kk_asprintf("least squares: %.1f %+.1f × log10(population);"
		    "  Pearson r = %.2f, %s, n = %zu", f->c0, f->c1, f->r, p,
		    f->n);
	free(p);
	return s;
}

/* What a template draws of one panel, as element k of the arrays
 * kk_n, kk_fit, kk_c0, kk_c1, kk_xmin, kk_xmax (the x range: the
 * populations widened by half, or 1000..100000 for an empty panel). */
struct panels {
	double n[8], fit[8], c0[8], c1[8], xmin[8], xmax[8];
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
scatter_common(FILE *fp, const char *cc)
{
	footnote(fp, cc, "Line: least squares of score on log10(population); "
	    "r, p: Pearson on log10(population), two-sided t test (as "
	    "size_correlation.csv).");
	gp_text(fp, "kk_empty", "no evaluation with this score and a "
	    "population");
}

static void
scatter_total(const struct plot *p, const char *cc)
{
	char *stem = kk_chart_stem(KK_CHART_SCATTER, cc, 0, NULL, 0), *key;
	struct panels pn;
	kk_out *out;
	FILE *fp;
	struct fit f;

	out = chart_open(p, stem, &fp);
	gp_head(fp, "Total score against population (log scale) with the "
	    "least-squares line; fit computed by kk-plot.");
	gp_block_begin(fp, "P");
	f = scatter_data(fp, p, cc, TOTAL, 1);
	gp_block_end(fp);
	panel_set(&pn, 0, &f);
	panels_write(fp, &pn, 1);
	text(fp, "kk_title", "Total score against population, %s, %s (n = %zu)",
	    country_name(cc), instrument(cc), f.n);
	gp_text(fp, "kk_xlabel", "population at the start of the evaluation "
	    "year (inhabitants, log scale)");
	gp_text(fp, "kk_ylabel", "total score (points, 0–800)");
	gp_text(fp, "kk_key_points", "evaluations");
	key = fit_key(&f, false);
	gp_array(fp, "F", (const char *const *)&key, 1);
	free(key);
	scatter_common(fp, cc);
	gp_number(fp, "kk_ymax", 800);
	chart_close(out, fp, stem, "scatter.gp");
	free(stem);
}

static void
scatter_areas(const struct plot *p, const char *cc)
{
	char *stem = kk_chart_stem(KK_CHART_SCATTER_AREAS, cc, 0, NULL, 0);
	char *key[8];
	struct panels pn;
	struct fit f;
	kk_out *out;
	FILE *fp;
	int k;

	out = chart_open(p, stem, &fp);
	gp_head(fp, "Area scores against population, eight panels; fits "
	    "computed by kk-plot.");
	gp_block_begin(fp, "P");
	for (k = 0; k < 8; k++) {
		f = scatter_data(fp, p, cc, k, k + 1);
		panel_set(&pn, k, &f);
		key[k] = fit_key(&f, true);
	}
	gp_block_end(fp);
	panels_write(fp, &pn, 8);
	gp_array(fp, "F", (const char *const *)key, 8);
	for (k = 0; k < 8; k++)
		free(key[k]);
	area_labels(fp, p, cc, "A");
	text(fp, "kk_title", "Area scores against population, %s, %s",
	    country_name(cc), instrument(cc));
	gp_text(fp, "kk_xlabel", "population (inhabitants, log scale)");
	gp_text(fp, "kk_ylabel", "area score (points, 0–100)");
	scatter_common(fp, cc);
	gp_number(fp, "kk_ymax", 100);
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
rank_text(FILE *fp, const struct evaluation *me, const char *footcc,
	size_t n)
{
	char *note;

	gp_text(fp, "kk_xlabel", "municipality and evaluation year (ranked by "
	    "total score)");
	gp_text(fp, "kk_ylabel", "total score (points, 0–800)");
	text(fp, "kk_key_ours", "%s (code %s)", me->name, me->code);
	note = kk_asprintf("n = %zu evaluations; bar colour = evaluation year. "
	    "Scale: %s.", n, me->method);
	footnote(fp, footcc, note);
	free(note);
	gp_number(fp, "kk_ymax", 800);
}

static void
rank_chart(struct plot *p, const struct evaluation *me)
{
	struct evaluation **e, **all;
	size_t n = 0, i, nall = select_item(p, me->country, TOTAL, false,
	    &all);
	char *stem = kk_chart_stem(KK_CHART_RANK, me->country, 0,
	    p->codes[0], p->year), *since;
	kk_out *out;
	FILE *fp;

	e = kk_calloc(nall + 1, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= p->since)
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
	since = p->since ? kk_asprintf(" since %ld", p->since) :
	    kk_strdup("");
	text(fp, "kk_title", "All evaluations%s ranked by total score, %s, %s; "
	    "%s highlighted", since, country_name(me->country),
	    instrument(me->country), me->name);
	free(since);
	rank_text(fp, me, me->country, n);
	chart_close(out, fp, stem, "rank.gp");
	free(stem);
	free(e);
	free(all);
}

/* ---- one evaluation among the other country's ---------------------------- */

/* The seed report's last chart: the Swedish evaluations since 2015 ranked,
 * the Norwegian municipality's bar among them (and the other way round). */
#define COMPARE_SINCE 2015

static void
compare_chart(struct plot *p, const struct evaluation *me)
{
	const char *other = strcmp(me->country, "SE") == 0 ? "NO" : "SE";
	struct evaluation **e, **all;
	size_t n = 0, i, nall;
	char *stem = kk_chart_stem(KK_CHART_COMPARE, me->country, 0,
	    p->codes[0], p->year);
	kk_out *out;
	FILE *fp;

	if (!isfinite(me->score[TOTAL])) {
		omit(p, stem, KK_GAP_NO_TOTAL);
		return;
	}
	nall = select_item(p, other, TOTAL, false, &all);
	e = kk_calloc(nall + 2, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= COMPARE_SINCE)
			e[n++] = all[i];
	if (n == 0) {
		kk_warn("no %s total scores since %d: no comparison chart",
		    other, COMPARE_SINCE);
		omit(p, stem, KK_GAP_NO_OTHER);
		free(e);
		free(all);
		return;
	}
	e[n++] = (struct evaluation *)me;
	qsort(e, n, sizeof *e, cmp_rank);
	out = chart_open(p, stem, &fp);
	gp_head(fp, "One evaluation ranked among the other country's "
	    "evaluations since 2015 by total score.");
	rank_data(fp, p, e, n, me);
	text(fp, "kk_title", "%s %ld among %s evaluations since %d, ranked by "
	    "total score (%s and %s)", me->name, me->year,
	    strcmp(other, "SE") == 0 ? "Swedish" : "Norwegian", COMPARE_SINCE,
	    instrument(other), instrument(me->country));
	rank_text(fp, me, other, n);
	chart_close(out, fp, stem, "comparison.gp");
	free(stem);
	free(e);
	free(all);
}

/* ---- radar: one evaluation against the recent average ------------------ */

struct radar {
	int axis[8];          /* areas drawn, in order */
	int naxis;
	double mine[8], mean[8];
	size_t nmin, nmax;    /* evaluations behind the averages */
};

/* Average of every evaluation of the country in the eight years up to
 * and including the evaluation's year, area by area. */
static struct radar
radar_compute(const struct plot *p, const struct evaluation *me)
{
	struct radar r = { .nmin = (size_t)-1 };
	double sum;
	size_t i, n;
	int k;

	for (k = 0; k < 8; k++) {
		sum = 0;
		n = 0;
		for (i = 0; i < p->nev; i++) {
			const struct evaluation *e = &p->ev[i];
			if (strcmp(e->country, me->country) != 0 ||
			    e->year > me->year ||
			    e->year <= me->year - RADAR_YEARS ||
			    !isfinite(e->score[k]))
				continue;
			sum += e->score[k];
			n++;
		}
		if (n == 0 || !isfinite(me->score[k]))
			continue;
		r.axis[r.naxis] = k;
		r.mine[r.naxis] = me->score[k];
		r.mean[r.naxis++] = sum / n;
		r.nmin = n < r.nmin ? n : r.nmin;
		r.nmax = n > r.nmax ? n : r.nmax;
	}
	return r;
}

static void
radar_data(FILE *fp, const struct plot *p, const struct radar *r,
	const struct evaluation *me)
{
	char *lab[8], *key[2], *nrange;
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
	nrange = r->nmin == r->nmax ? kk_asprintf("%zu", r->nmin) :
	    kk_asprintf("%zu–%zu per area", r->nmin, r->nmax);
	key[0] = kk_asprintf("%s %ld (version %s)", me->name, me->year,
	    me->version);
	key[1] = kk_asprintf("average of %s evaluations %ld–%ld "
	    "(n = %s)", me->country, me->year - RADAR_YEARS + 1, me->year,
	    nrange);
	gp_array(fp, "K", (const char *const *)key, 2);
	free(key[0]);
	free(key[1]);
	free(nrange);
}

static void
radar_text(FILE *fp, const struct evaluation *me)
{
	char *note;

	text(fp, "kk_title", "%s %ld against the average of the last %d years, "
	    "by area, %s", me->name, me->year, RADAR_YEARS,
	    instrument(me->country));
	note = kk_asprintf("Axes: area score (points, 0–100; scale: %s). "
	    "Areas without a score for this evaluation are left out.",
	    me->method);
	footnote(fp, me->country, note);
	free(note);
	gp_number(fp, "kk_rmax", 100);
}

static void
radar_chart(struct plot *p, const struct evaluation *me)
{
	struct radar r = radar_compute(p, me);
	char *stem = kk_chart_stem(KK_CHART_RADAR, me->country, 0,
	    p->codes[0], p->year);
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
	radar_text(fp, me);
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

/* Which items have a score in some of the evaluations: a line without
 * a point is not drawn.  Returns how many. */
static int
dev_items(struct evaluation *const *e, size_t n, bool has[NITEM])
{
	size_t i;
	int k, m = 0;

	for (k = 0; k < NITEM; k++) {
		has[k] = false;
		for (i = 0; i < n && !has[k]; i++)
			has[k] = isfinite(e[i]->score[k]);
		m += has[k];
	}
	return m;
}

/* Block V (year, areas 1..8, total) and tic labels X; array D lists the
 * areas drawn, kk_nareas how many, kk_total whether the total is. */
static void
dev_data(FILE *fp, struct evaluation **e, size_t n, const bool has[NITEM])
{
	char **lab = kk_calloc(n, sizeof *lab);
	double row[1 + NITEM], drawn[8];
	size_t i, nd = 0;
	int k;

	gp_block_begin(fp, "V");
	for (i = 0; i < n; i++) {
		row[0] = (double)e[i]->year;
		for (k = 0; k < NITEM; k++)
			row[k + 1] = e[i]->score[k];
		gp_block_row(fp, row, 1 + NITEM);
		lab[i] = kk_asprintf("%ld (%s)", e[i]->year, e[i]->version);
	}
	gp_block_end(fp);
	gp_array(fp, "X", (const char *const *)lab, n);
	for (i = 0; i < n; i++)
		free(lab[i]);
	free(lab);
	for (k = 0; k < 8; k++)
		if (has[k])
			drawn[nd++] = k + 1;
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
dev_text(FILE *fp, struct evaluation **e, size_t n)
{
	char *note;

	text(fp, "kk_title", "%s (code %s): area scores over %zu evaluations, "
	    "%ld–%ld, %s", e[n - 1]->name, e[n - 1]->code, n, e[0]->year,
	    e[n - 1]->year, instrument(e[0]->country));
	gp_text(fp, "kk_xlabel", "evaluation year (instrument version)");
	text(fp, "kk_ylabel", "area score (points, 0–100; scale: %s)",
	    method_of(e, n));
	gp_text(fp, "kk_y2label", "total score (points, 0–800)");
	gp_text(fp, "kk_key_total", "total (right axis)");
	note = kk_asprintf("n = %zu evaluations; dashed vertical line: "
	    "instrument version changed; areas on the 3.2 numbering.", n);
	footnote(fp, e[0]->country, note);
	free(note);
	gp_number(fp, "kk_xmin", (double)(e[0]->year - 1));
	gp_number(fp, "kk_xmax", (double)(e[n - 1]->year + 1));
	gp_number(fp, "kk_ymax", 100);
	gp_number(fp, "kk_y2max", 800);
}

static void
dev_chart(struct plot *p, const char *cc)
{
	struct evaluation **e = kk_calloc(p->nev + 1, sizeof *e);
	size_t n = 0, i;
	char *stem = kk_chart_stem(KK_CHART_DEV, cc, 0, p->codes[0], 0);
	bool has[NITEM];
	kk_out *out;
	FILE *fp;

	for (i = 0; i < p->nev; i++)
		if (strcmp(p->ev[i].country, cc) == 0 && is_ours(p, &p->ev[i]))
			e[n++] = &p->ev[i];
	qsort(e, n, sizeof *e, cmp_year);
	if (dev_items(e, n, has) == 0) {
		kk_warn("%s: no score in any evaluation of municipality %s: "
		    "no development chart", p->path, p->codes[0]);
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
	dev_text(fp, e, n);
	chart_close(out, fp, stem, "development.gp");
	free(stem);
	free(e);
}

/* ---- driver ------------------------------------------------------------ */

/* The country of the municipality: its codes must not name evaluations
 * in two countries (NO and SE codes overlap). */
static const char *
our_country(const struct plot *p)
{
	const char *cc = NULL;
	size_t i;

	for (i = 0; i < p->nev; i++) {
		if (!is_ours(p, &p->ev[i]))
			continue;
		if (cc && strcmp(cc, p->ev[i].country) != 0)
			kk_die("municipality %s has evaluations in %s and %s",
			    p->codes[0], cc, p->ev[i].country);
		cc = p->ev[i].country;
	}
	if (!cc)
		kk_die("%s: no evaluation of municipality %s", p->path,
		    p->codes[0]);
	return cc;
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
			    "%s and %s", p->codes[0], p->year, me->id,
			    p->ev[i].id);
		me = &p->ev[i];
	}
	if (!me)
		kk_die("%s: no evaluation of municipality %s in %ld", p->path,
		    p->codes[0], p->year);
	return me;
}

static kk_table *
read_corr(const struct plot *p)
{
	char *path;
	kk_table *t = NULL;

	if (!p->tables)
		return NULL;
	path = kk_asprintf("%s/size_correlation.csv", p->tables);
	if (access(path, F_OK) == 0)
		t = kk_table_read(path);
	free(path);
	return t;
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
	const char **cc;
	size_t ncc = countries(p, &cc), i;
	int k;

	for (i = 0; i < ncc; i++) {
		for (k = 0; k < NITEM; k++)
			hist_chart(p, cc[i], k);
		box_chart(p, cc[i]);
		scatter_total(p, cc[i]);
		scatter_areas(p, cc[i]);
	}
	if (ours)
		dev_chart(p, ours);
	if (me) {
		rank_chart(p, me);
		compare_chart(p, me);
		radar_chart(p, me);
	}
	free(cc);
}

int
main(int argc, char **argv)
{
	struct plot p = { .outdir = "out/plots" };
	const char *val;
	kk_table *scores, *areas = NULL;
	const struct evaluation *me;
	const char *ours;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, optname, &val)) >= 0)
		set_option(&p, (enum opt)k, val);
	if (argc - i != 1)
		kk_usage("expected one SCORES.csv");
	if (p.year && !p.ncodes)
		kk_usage("--year needs --municipality");
	p.path = argv[i];
	scores = read_scores(&p);
	if (p.areas)
		areas = read_areas(&p);
	/* the municipality is looked up before anything is written, so a
	 * wrong code leaves no half set of charts, not even the directory */
	ours = p.ncodes ? our_country(&p) : NULL;
	me = p.year ? our_evaluation(&p) : NULL;
	kk_mkdirs(p.outdir);
	p.corr = read_corr(&p);
	draw_all(&p, ours, me);
	write_omitted(&p);
	for (i = 0; (size_t)i < p.ncodes; i++)
		free(p.codes[i]);
	free(p.codes);
	free(p.ev);
	if (p.corr)
		kk_table_free(p.corr);
	if (areas)
		kk_table_free(areas);
	kk_table_free(scores);
	return 0;
}
