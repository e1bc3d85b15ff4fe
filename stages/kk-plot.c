/*
 * kk-plot - write gnuplot scripts for the charts of scores.csv.
 *
 * Every chart is computed here (bins, quartiles, fits, averages) and the
 * script only draws the numbers; text reaches the script only through
 * lib/gp.c.  See README.md (Charts) for each chart.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "gp.h"
#include "kk.h"

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
"script writes FILE.png (1200x800) and FILE.svg.\n"
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

struct evaluation {
	char *id, *country, *code, *name, *version, *size_class, *method;
	long year, line;
	double population;
	double raw[NITEM], score[NITEM];    /* NaN: missing */
};

struct data {
	const char *path;
	struct evaluation *ev;
	size_t nev;
	char *slug[8];
	char *name_no[8], *name_se[8];      /* from --areas */
};

struct options {
	const char *outdir, *tables, *areas;
	long since, year;
	char **codes;
	size_t ncodes;
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

/* The footnote: where the numbers come from, then what the chart
 * rests on. */
static void
footnote(FILE *fp, const char *cc, const char *extra)
{
	char *src = kk_asprintf("Source: %s, published evaluation results as "
	    "collected in kompass (source column of scores.csv); population: "
	    "%s.", instrument(cc), strcmp(cc, "SE") == 0 ? "SCB" :
	    strcmp(cc, "NO") == 0 ? "SSB" : "SSB / SCB");

	gp_footnote(fp, src, extra);
	free(src);
}

static char *
area_label(const struct data *d, const char *cc, int item)
{
	const char *name;

	if (item == TOTAL)
		return kk_strdup("total");
	name = strcmp(cc, "SE") == 0 ? d->name_se[item] : d->name_no[item];
	if (name && *name)
		return kk_asprintf("%d %s", item + 1, name);
	return kk_asprintf("%d %s", item + 1, d->slug[item] ? d->slug[item] : "");
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

static kk_out *
chart_open(const struct options *o, const char *stem, FILE **fp)
{
	char *path = kk_asprintf("%s/%s.gp", o->outdir, stem);
	kk_out *out = kk_out_open(path);

	free(path);
	*fp = kk_out_fp(out);
	return out;
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
find_eval(struct data *d, size_t *cap, const char *id)
{
	struct evaluation *e;
	size_t i, k;

	/* scores.csv is sorted by evaluation_id: look at the last first */
	for (i = d->nev; i > 0; i--)
		if (strcmp(d->ev[i - 1].id, id) == 0)
			return &d->ev[i - 1];
	kk_grow((void **)&d->ev, cap, d->nev + 1, sizeof *d->ev);
	e = &d->ev[d->nev++];
	memset(e, 0, sizeof *e);
	for (k = 0; k < NITEM; k++)
		e->raw[k] = e->score[k] = NAN;
	return e;
}

static void
read_row(struct data *d, size_t *cap, const kk_table *t, size_t r,
	const size_t *c)
{
	char **f = t->cell[r];
	struct evaluation *e = find_eval(d, cap, f[c[C_ID]]);
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
	if (item != TOTAL && !d->slug[item])
		d->slug[item] = f[c[C_SLUG]];
}

static int
cmp_eval(const void *a, const void *b)
{
	const struct evaluation *x = a, *y = b;

	return strcmp(x->id, y->id);
}

/* The table stays allocated: evaluations borrow its cells. */
static kk_table *
read_scores(struct data *d)
{
	kk_table *t = kk_table_read(d->path);
	size_t c[NCOL], r, k, cap = 0;

	for (k = 0; k < NCOL; k++)
		c[k] = kk_table_need(t, colname[k]);
	for (r = 0; r < t->nrows; r++)
		read_row(d, &cap, t, r, c);
	if (d->nev)
		qsort(d->ev, d->nev, sizeof *d->ev, cmp_eval);
	return t;
}

/* Area names of version 3.2 (the canonical numbering) from areas.csv. */
static kk_table *
read_areas(struct data *d, const char *path)
{
	kk_table *t = kk_table_read(path);
	size_t ver = kk_table_need(t, "version"), area = kk_table_need(t,
	    "canonical_area"), no = kk_table_need(t, "name_no"),
	    se = kk_table_need(t, "name_se"), r;
	const char *a;

	for (r = 0; r < t->nrows; r++) {
		a = t->cell[r][area];
		if (strcmp(t->cell[r][ver], "3.2") != 0 || a[0] < '1' ||
		    a[0] > '8' || a[1])
			continue;
		d->name_no[a[0] - '1'] = t->cell[r][no];
		d->name_se[a[0] - '1'] = t->cell[r][se];
	}
	return t;
}

/* ---- selections ---------------------------------------------------- */

static size_t
countries(const struct data *d, const char ***out)
{
	size_t i, n = 0, cap = 0;

	*out = NULL;
	for (i = 0; i < d->nev; i++)
		set_add(out, &n, &cap, d->ev[i].country);
	if (n)
		qsort(*out, n, sizeof **out, cmp_str);
	return n;
}

/* Evaluations of country cc with a finite value of item on the given
 * scale (raw or comparable score). */
static size_t
select_item(const struct data *d, const char *cc, int item, bool raw,
	struct evaluation ***out)
{
	size_t i, n = 0, cap = 0;
	double v;

	*out = NULL;
	for (i = 0; i < d->nev; i++) {
		v = raw ? d->ev[i].raw[item] : d->ev[i].score[item];
		if (strcmp(d->ev[i].country, cc) != 0 || !isfinite(v))
			continue;
		kk_grow((void **)out, &cap, n + 1, sizeof **out);
		(*out)[n++] = &d->ev[i];
	}
	return n;
}

static bool
is_ours(const struct options *o, const struct evaluation *e)
{
	size_t i;

	for (i = 0; i < o->ncodes; i++)
		if (strcmp(e->code, o->codes[i]) == 0)
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
set_codes(struct options *o, const char *val)
{
	size_t cap = 0;
	const char *p = val, *comma;
	char *code;

	do {
		comma = strchr(p, ',');
		code = comma ? kk_strndup(p, (size_t)(comma - p)) :
		    kk_strdup(p);
		if (!gp_safe_name(code) || strchr(code, '.'))
			kk_usage("--municipality: '%s' is not a code", code);
		kk_grow((void **)&o->codes, &cap, o->ncodes + 1,
		    sizeof *o->codes);
		o->codes[o->ncodes++] = code;
		p = comma + 1;
	} while (comma);
}

static void
set_option(struct options *o, int k, const char *val)
{
	switch (k) {
	case 0:
		fputs(usage, stdout);
		exit(0);
	case 1: o->outdir = val; break;
	case 2: o->tables = val; break;
	case 3: o->areas = val; break;
	case 4: o->since = opt_year(val, "--since"); break;
	case 5: set_codes(o, val); break;
	case 6: o->year = opt_year(val, "--year"); break;
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
hist_chart(const struct options *o, const struct data *d, const char *cc,
	int item)
{
	struct evaluation **e;
	size_t n = select_item(d, cc, item, true, &e), nver = 0, cap = 0, i;
	const char **ver = NULL;
	char *stem, *text, *label;
	struct bins b;
	double top;
	kk_out *out;
	FILE *fp;

	if (n == 0) {
		free(e);
		return;
	}
	for (i = 0; i < n; i++)
		set_add(&ver, &nver, &cap, e[i]->version);
	qsort(ver, nver, sizeof *ver, cmp_str);
	b = make_bins(item, e, n);
	stem = item == TOTAL ? kk_asprintf("hist-%s-total", cc) :
	    kk_asprintf("hist-%s-area%d", cc, item + 1);
	out = chart_open(o, stem, &fp);
	gp_head(fp, "Histogram of scores as published, one series per "
	    "instrument version; bins computed by kk-plot.");
	top = hist_data(fp, &b, e, n, item, ver, nver);
	hist_keys(fp, e, n, ver, nver);
	gp_begin(fp, stem);
	label = area_label(d, cc, item);
	text = kk_asprintf("Distribution of %s%s score, %s, %s, by instrument "
	    "version", item == TOTAL ? "" : "area ", label, country_name(cc),
	    instrument(cc));
	gp_set(fp, "title", text);
	free(text);
	text = kk_asprintf("%s score as published (points, 0–%d; bins of %g "
	    "points, the last one closed)", item == TOTAL ? "total" : "area",
	    item == TOTAL ? 800 : 100, b.width);
	gp_set(fp, "xlabel", text);
	free(text);
	gp_set(fp, "ylabel", "evaluations (count)");
	text = kk_asprintf("n = %zu evaluations with this score published.", n);
	footnote(fp, cc, text);
	fputs("set style fill solid 0.75 border -1\n"
	    "set key top left box opaque\n"
	    "set grid ytics\nset bmargin 5\n", fp);
	/* counts are whole numbers: whole tics, about ten of them, and
	 * room above the highest bar */
	fprintf(fp, "set ytics %g nomirror\nset yrange [0:%g]\n",
	    fmax(1, ceil(top / 10)), top + fmax(1, ceil(top / 10)));
	fprintf(fp, "set xrange [%g:%g]\nset xtics %g nomirror\n", b.lo,
	    b.lo + b.nbin * b.width, item == TOTAL ? 100.0 : 10.0);
	fprintf(fp, "set boxwidth %g absolute\n", 0.9 * b.width / nver);
	fprintf(fp, "plot for [j=1:%zu] $H using ($1 + %g*((j-0.5)/%zu.0 - "
	    "0.5)):(column(j+1)) with boxes lc j title V[j]\n", nver,
	    b.width, nver);
	gp_end(fp);
	kk_out_commit(out);
	free(text);
	free(label);
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

/* x, min, q1, median, q3, max: R's type-7 quantiles, as in summary.csv;
 * the whiskers end at min and max, so every line drawn is a number of
 * that table (no outlier rule). */
static void
box_data(FILE *fp, struct group *g, size_t ng)
{
	double row[6];
	size_t k, i;

	gp_block_begin(fp, "B");
	for (k = 0; k < ng; k++) {
		gsl_sort(g[k].v, 1, g[k].n);
		row[0] = (double)(k + 1);
		row[1] = g[k].v[0];
		row[2] = gsl_stats_quantile_from_sorted_data(g[k].v, 1,
		    g[k].n, 0.25);
		row[3] = gsl_stats_quantile_from_sorted_data(g[k].v, 1,
		    g[k].n, 0.5);
		row[4] = gsl_stats_quantile_from_sorted_data(g[k].v, 1,
		    g[k].n, 0.75);
		row[5] = g[k].v[g[k].n - 1];
		gp_block_row(fp, row, 6);
	}
	gp_block_end(fp);
	gp_block_begin(fp, "P");
	for (k = 0; k < ng; k++)
		for (i = 0; i < g[k].n; i++) {
			row[0] = (double)(k + 1);
			row[1] = g[k].v[i];
			gp_block_row(fp, row, 2);
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
box_script(FILE *fp, const char *cc, size_t ng, size_t n, const char *meth)
{
	char *text;

	text = kk_asprintf("Total score by municipality size, %s, %s",
	    country_name(cc), instrument(cc));
	gp_set(fp, "title", text);
	free(text);
	gp_set(fp, "xlabel", "size class (inhabitants at the start of the "
	    "evaluation year)");
	text = kk_asprintf("total score (points, 0–800; scale: %s)", meth);
	gp_set(fp, "ylabel", text);
	free(text);
	text = kk_asprintf("n = %zu evaluations. Box: first quartile, median, "
	    "third quartile (R type 7, as summary.csv); whiskers at min and "
	    "max.", n);
	footnote(fp, cc, text);
	free(text);
	fprintf(fp, "set xrange [0.5:%zu.5]\nset yrange [0:800]\n"
	    "set ytics 100 nomirror\nset grid ytics\nset xtics nomirror\n"
	    "set boxwidth 0.5 absolute\nset style fill solid 0.35 border -1\n"
	    "set key top left box opaque\nset bmargin 5\n", ng);
	fputs("plot $B using 1:3:2:6:5:xtic(C[int($1)]) with candlesticks "
	    "whiskerbars 0.5 lc rgb '#4477aa' lw 1.5 title 'quartiles, "
	    "whiskers at min and max', \\\n"
	    "     $B using 1:4:4:4:4 with candlesticks lc rgb 'black' lw 3 "
	    "title 'median', \\\n"
	    "     $P using 1:2 with points pt 7 ps 0.8 lc rgb '#cc6677' "
	    "title 'evaluations'\n", fp);
}

static void
box_chart(const struct options *o, const struct data *d, const char *cc)
{
	struct evaluation **e;
	size_t n = select_item(d, cc, TOTAL, false, &e), ng, k, used = 0;
	struct group *g;
	char *stem;
	kk_out *out;
	FILE *fp;

	ng = size_groups(e, n, &g);
	for (k = 0; k < ng; k++)
		used += g[k].n;
	if (ng > 0) {
		stem = kk_asprintf("box-%s-total", cc);
		out = chart_open(o, stem, &fp);
		gp_head(fp, "Box plot of total score by size class; quartiles "
		    "computed by kk-plot.");
		box_data(fp, g, ng);
		box_labels(fp, g, ng);
		gp_begin(fp, stem);
		box_script(fp, cc, ng, used, method_of(e, n));
		gp_end(fp);
		kk_out_commit(out);
		free(stem);
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
	bool from_table;
};

/* r and p as kk-stats computes them: Pearson on log10(population),
 * two-sided t test with n - 2 df. */
static void
fit_compute(struct fit *f, const double *x, const double *y)
{
	double cov00, cov01, cov11, ss, t;

	f->r = f->p = NAN;
	f->c0 = f->c1 = NAN;
	if (f->n < 3)
		return;
	gsl_fit_linear(x, 1, y, 1, f->n, &f->c0, &f->c1, &cov00, &cov01,
	    &cov11, &ss);
	f->r = gsl_stats_correlation(x, 1, y, 1, f->n);
	if (!isfinite(f->r))
		return;
	if (fabs(f->r) >= 1) {
		f->p = 0;
		return;
	}
	t = f->r * sqrt((f->n - 2) / (1 - f->r * f->r));
	f->p = 2 * gsl_cdf_tdist_Q(fabs(t), f->n - 2);
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
		f->from_table = true;
		return;
	}
}

/* Writes data block name and returns the fit of item in country cc. */
static struct fit
scatter_data(FILE *fp, const struct data *d, const char *cc, int item,
	const kk_table *corr, const char *name)
{
	struct evaluation **e;
	size_t n = select_item(d, cc, item, false, &e), i;
	double *x = kk_calloc(n + 1, sizeof *x), *y = kk_calloc(n + 1,
	    sizeof *y), row[2];
	struct fit f = { 0 };

	f.xmin = INFINITY;
	f.xmax = -INFINITY;
	gp_block_begin(fp, name);
	for (i = 0; i < n; i++) {
		if (!(e[i]->population > 0))
			continue;
		row[0] = e[i]->population;
		row[1] = e[i]->score[item];
		gp_block_row(fp, row, 2);
		x[f.n] = log10(row[0]);
		y[f.n++] = row[1];
		f.xmin = fmin(f.xmin, row[0]);
		f.xmax = fmax(f.xmax, row[0]);
	}
	gp_block_end(fp);
	fit_compute(&f, x, y);
	fit_from_table(&f, corr, cc, item);
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
	if (brief)
		s = kk_asprintf("r = %.2f, %s, n = %zu", f->r, p, f->n);
	else
		s = kk_asprintf("least squares: %.1f %+.1f × log10(population);"
		    "  Pearson r = %.2f, %s, n = %zu", f->c0, f->c1, f->r, p,
		    f->n);
	free(p);
	return s;
}

/* One panel: points and, from n = 3, the least-squares line. */
static void
scatter_panel(FILE *fp, const struct fit *f, const char *block, int item,
	bool brief)
{
	char *key = fit_key(f, brief);

	fprintf(fp, "set xrange [%g:%g]\nset yrange [0:%d]\n",
	    f->n ? f->xmin / 1.5 : 1000, f->n ? f->xmax * 1.5 : 100000,
	    item == TOTAL ? 800 : 100);
	if (f->n == 0) {
		/* an empty data block makes gnuplot warn: say it instead,
		 * over an invisible line */
		fputs("set label 1004 'no evaluation with this score and a "
		    "population' at graph 0.5, graph 0.5 center noenhanced\n"
		    "plot -1 notitle\nunset label 1004\n", fp);
		free(key);
		return;
	}
	fprintf(fp, "plot $%s using 1:2 with points pt 7 ps 0.9 "
	    "lc rgb '#4477aa' title '%s', \\\n     ", block,
	    brief ? "" : "evaluations");
	if (f->n >= 3 && isfinite(f->c1))
		fprintf(fp, "(%.17g + %.17g*log10(x)) with lines lw 2 "
		    "lc rgb '#cc3311' title ", f->c0, f->c1);
	else
		fputs("keyentry with lines lc rgb '#cc3311' title ", fp);
	gp_string(fp, key);
	putc('\n', fp);
	free(key);
}

static void
scatter_common(FILE *fp, const char *cc)
{
	footnote(fp, cc, "Line: least squares of score on log10(population); "
	    "r, p: Pearson on log10(population), two-sided t test (as "
	    "size_correlation.csv).");
	fputs("set logscale x 10\nset format x '%.0f'\nset grid\n"
	    "set key top left box opaque\nset bmargin 5\n", fp);
}

static void
scatter_total(const struct options *o, const struct data *d,
	const char *cc, const kk_table *corr)
{
	char *stem = kk_asprintf("scatter-%s-total", cc), *text;
	kk_out *out;
	FILE *fp;
	struct fit f;

	out = chart_open(o, stem, &fp);
	gp_head(fp, "Total score against population (log scale) with the "
	    "least-squares line; fit computed by kk-plot.");
	f = scatter_data(fp, d, cc, TOTAL, corr, "P");
	gp_begin(fp, stem);
	text = kk_asprintf("Total score against population, %s, %s (n = %zu)",
	    country_name(cc), instrument(cc), f.n);
	gp_set(fp, "title", text);
	free(text);
	gp_set(fp, "xlabel", "population at the start of the evaluation year "
	    "(inhabitants, log scale)");
	gp_set(fp, "ylabel", "total score (points, 0–800)");
	scatter_common(fp, cc);
	scatter_panel(fp, &f, "P", TOTAL, false);
	gp_end(fp);
	kk_out_commit(out);
	free(stem);
}

static void
scatter_areas(const struct options *o, const struct data *d,
	const char *cc, const kk_table *corr)
{
	char *stem = kk_asprintf("scatter-%s-areas", cc), *text, name[16];
	struct fit f[8];
	kk_out *out;
	FILE *fp;
	int k;

	out = chart_open(o, stem, &fp);
	gp_head(fp, "Area scores against population, eight panels; fits "
	    "computed by kk-plot.");
	for (k = 0; k < 8; k++) {
		snprintf(name, sizeof name, "P%d", k + 1);
		f[k] = scatter_data(fp, d, cc, k, corr, name);
	}
	gp_begin(fp, stem);
	scatter_common(fp, cc);
	fputs("set key top left box opaque font ',9' samplen 2\n"
	    "set xtics font ',8'\nset ytics 20 font ',8'\n", fp);
	text = kk_asprintf("Area scores against population, %s, %s",
	    country_name(cc), instrument(cc));
	fputs("set multiplot layout 2,4 margins 0.06,0.98,0.12,0.9 spacing "
	    "0.04,0.12 title ", fp);
	gp_string(fp, text);
	fputs(" noenhanced\n", fp);
	free(text);
	for (k = 0; k < 8; k++) {
		text = area_label(d, cc, k);
		gp_set(fp, "title", text);
		free(text);
		gp_set(fp, "xlabel", "population (inhabitants, log scale)");
		gp_set(fp, "ylabel", k % 4 ? "" : "area score (points, 0–100)");
		snprintf(name, sizeof name, "P%d", k + 1);
		scatter_panel(fp, &f[k], name, k, true);
		if (k == 0)
			fputs("unset label 1000\nunset label 1001\n", fp);
	}
	fputs("unset multiplot\n", fp);
	gp_end(fp);
	kk_out_commit(out);
	free(stem);
}

/* ---- per municipality ----------------------------------------------- */

/* Colour-blind-safe palette (Paul Tol), one colour per year. */
static const char *const palette[] = { "#4477aa", "#66ccee", "#228833",
	"#ccbb44", "#ee6677", "#aa3377", "#bbbbbb", "#332288", "#88ccee",
	"#44aa99", "#999933", "#882255" };
#define NPALETTE (sizeof palette / sizeof *palette)

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

/* Bars of e[0..n), coloured by year; highlighted: the evaluations of
 * the municipality asked for, or only `only` when it is given. */
static void
rank_data(FILE *fp, const struct options *o, struct evaluation **e,
	size_t n, const long *years, size_t ny, const struct evaluation *only)
{
	char **lab = kk_calloc(n + 1, sizeof *lab);
	double row[4];
	size_t i, k;

	gp_block_begin(fp, "R");
	for (i = 0; i < n; i++) {
		for (k = 0; years[k] != e[i]->year; k++)
			;
		row[0] = (double)(i + 1);
		row[1] = e[i]->score[TOTAL];
		row[2] = (double)(k % NPALETTE + 1);
		row[3] = only ? e[i] == only : is_ours(o, e[i]);
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
}

static void
rank_script(FILE *fp, const struct evaluation *me, const char *title,
	const char *footcc, size_t n, size_t ny)
{
	char *text;
	size_t k;

	gp_set(fp, "title", title);
	/* gnuplot puts the xlabel at the foot of a fixed margin, on the
	 * footnote: place it under the tic labels by hand */
	fputs("set label 1003 ", fp);
	gp_string(fp, "municipality and evaluation year (ranked by total "
	    "score)");
	fputs(" at screen 0.5, screen 0.09 center noenhanced\n", fp);
	gp_set(fp, "ylabel", "total score (points, 0–800)");
	text = kk_asprintf("n = %zu evaluations; bar colour = evaluation year. "
	    "Scale: %s.", n, me->method);
	footnote(fp, footcc, text);
	free(text);
	for (k = 0; k < ny && k < NPALETTE; k++)
		fprintf(fp, "set linetype %zu lc rgb '%s'\n", k + 1,
		    palette[k]);
	fprintf(fp, "set xrange [0.5:%zu.5]\nset yrange [0:800]\n"
	    "set ytics 100 nomirror\nset grid ytics\n"
	    "set xtics rotate by 90 right nomirror font ',%d'\n"
	    "set style fill solid 0.9 border -1\nset boxwidth 0.8 absolute\n"
	    "set key top right box opaque\nset bmargin at screen 0.36\n",
	    n, n > 120 ? 6 : n > 60 ? 8 : 10);
	text = kk_asprintf("%s (code %s)", me->name, me->code);
	fputs("plot $R using 1:2:3:xtic(L[int($1)]) with boxes lc variable "
	    "notitle, \\\n"
	    "     $R using 1:($4 > 0 ? $2 : NaN) with boxes fs empty "
	    "border rgb 'black' lw 4 lc rgb 'black' title ", fp);
	gp_string(fp, text);
	fputs(", \\\n     $R using 1:($4 > 0 ? $2 : NaN):"
	    "(sprintf('%.0f', $2)) with labels offset 0,0.8 notitle, \\\n"
	    "     for [j=1:|Y|] keyentry with boxes lc ((j-1)%", fp);
	fprintf(fp, "%zu+1) title Y[j]\n", NPALETTE);
	free(text);
}

static void
rank_chart(const struct options *o, const struct data *d,
	const struct evaluation *me)
{
	struct evaluation **e, **all;
	size_t n = 0, i, nall = select_item(d, me->country, TOTAL, false,
	    &all), ny;
	long *years;
	char *stem, *since, *title;
	kk_out *out;
	FILE *fp;

	e = kk_calloc(nall + 1, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= o->since)
			e[n++] = all[i];
	if (n == 0) {
		kk_warn("no total scores in %s since %ld: no ranking chart",
		    me->country, o->since);
		free(e);
		free(all);
		return;
	}
	qsort(e, n, sizeof *e, cmp_rank);
	ny = distinct_years(e, n, &years);
	stem = kk_asprintf("rank-%s-%s-%ld", me->country, o->codes[0],
	    o->year);
	out = chart_open(o, stem, &fp);
	gp_head(fp, "Ranking of all evaluations by total score, one colour "
	    "per year, one municipality highlighted.");
	rank_data(fp, o, e, n, years, ny, NULL);
	gp_begin(fp, stem);
	since = o->since ? kk_asprintf(" since %ld", o->since) : kk_strdup("");
	title = kk_asprintf("All evaluations%s ranked by total score, %s, %s; "
	    "%s highlighted", since, country_name(me->country),
	    instrument(me->country), me->name);
	rank_script(fp, me, title, me->country, n, ny);
	gp_end(fp);
	kk_out_commit(out);
	free(title);
	free(since);
	free(stem);
	free(years);
	free(e);
	free(all);
}

/* ---- one evaluation among the other country's ---------------------------- */

/* The seed report's last chart: the Swedish evaluations since 2015 ranked,
 * the Norwegian municipality's bar among them (and the other way round). */
#define COMPARE_SINCE 2015

static void
compare_chart(const struct options *o, const struct data *d,
	const struct evaluation *me)
{
	const char *other = strcmp(me->country, "SE") == 0 ? "NO" : "SE";
	struct evaluation **e, **all;
	size_t n = 0, i, nall = select_item(d, other, TOTAL, false, &all), ny;
	long *years;
	char *stem, *title;
	kk_out *out;
	FILE *fp;

	if (me->score[TOTAL] != me->score[TOTAL]) {
		free(all);
		return;
	}
	e = kk_calloc(nall + 2, sizeof *e);
	for (i = 0; i < nall; i++)
		if (all[i]->year >= COMPARE_SINCE)
			e[n++] = all[i];
	if (n == 0) {
		kk_warn("no %s total scores since %d: no comparison chart",
		    other, COMPARE_SINCE);
		free(e);
		free(all);
		return;
	}
	e[n++] = (struct evaluation *)me;
	qsort(e, n, sizeof *e, cmp_rank);
	ny = distinct_years(e, n, &years);
	stem = kk_asprintf("compare-%s-%s-%ld", me->country, o->codes[0],
	    o->year);
	out = chart_open(o, stem, &fp);
	gp_head(fp, "One evaluation ranked among the other country's "
	    "evaluations since 2015 by total score.");
	rank_data(fp, o, e, n, years, ny, me);
	gp_begin(fp, stem);
	title = kk_asprintf("%s %ld among %s evaluations since %d, ranked by "
	    "total score (%s and %s)", me->name, me->year,
	    strcmp(other, "SE") == 0 ? "Swedish" : "Norwegian", COMPARE_SINCE,
	    instrument(other), instrument(me->country));
	rank_script(fp, me, title, other, n, ny);
	gp_end(fp);
	kk_out_commit(out);
	free(title);
	free(stem);
	free(years);
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
radar_compute(const struct data *d, const struct evaluation *me)
{
	struct radar r = { .nmin = (size_t)-1 };
	double sum;
	size_t i, n;
	int k;

	for (k = 0; k < 8; k++) {
		sum = 0;
		n = 0;
		for (i = 0; i < d->nev; i++) {
			const struct evaluation *e = &d->ev[i];
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
radar_data(FILE *fp, const struct data *d, const struct radar *r,
	const struct evaluation *me)
{
	char *lab[8], *key[2], *nrange;
	int k;

	gp_block_begin(fp, "S");
	gp_block_row(fp, r->mine, (size_t)r->naxis);
	gp_block_row(fp, r->mean, (size_t)r->naxis);
	gp_block_end(fp);
	for (k = 0; k < r->naxis; k++)
		lab[k] = area_label(d, me->country, r->axis[k]);
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

/* Axis labels pushed outward along their axis (axis 1 points up, the
 * rest follow clockwise), so that they clear the axis ends.  gnuplot
 * 5.4.4 mirrors the offset of labels on the left half: flip it there. */
static void
radar_labels(FILE *fp, int naxis)
{
	double angle, dx, dy;
	int p;

	for (p = 0; p < naxis; p++) {
		angle = M_PI / 2 - 2 * M_PI * p / naxis;
		dx = 1.5 * cos(angle);
		dy = 0.6 * sin(angle);
		if (dx < -1e-9) {
			dx = -dx;
			dy = -dy;
		}
		fprintf(fp, "set paxis %d label A[%d] offset %.2f,%.2f\n",
		    p + 1, p + 1, dx + 0.0, dy + 0.0);
	}
}

static void
radar_script(FILE *fp, const struct evaluation *me, const struct radar *r)
{
	char *text;

	text = kk_asprintf("%s %ld against the average of the last %d years, "
	    "by area, %s", me->name, me->year, RADAR_YEARS,
	    instrument(me->country));
	fputs("set label 1002 ", fp);
	gp_string(fp, text);
	fputs(" at screen 0.5, screen 0.97 center font ',13' noenhanced\n",
	    fp);
	free(text);
	text = kk_asprintf("Axes: area score (points, 0–100; scale: %s). "
	    "Areas without a score for this evaluation are left out.",
	    me->method);
	footnote(fp, me->country, text);
	free(text);
	fprintf(fp, "set spiderplot\n"
	    "set style spiderplot fs transparent solid 0.25 border lw 2\n"
	    "set for [p=1:%d] paxis p range [0:100]\n"
	    "set for [p=2:%d] paxis p tics format ''\n"
	    "set paxis 1 tics 20\n"
	    "set grid spiderplot\n"
	    "set lmargin at screen 0.14\nset rmargin at screen 0.64\n"
	    "set tmargin at screen 0.86\nset bmargin at screen 0.14\n"
	    "set key at screen 0.98, screen 0.07 right bottom box opaque\n",
	    r->naxis, r->naxis);
	radar_labels(fp, r->naxis);
	fprintf(fp, "plot for [i=1:%d] $S using i notitle, \\\n"
	    "     keyentry with spiderplot lc 1 title K[1], \\\n"
	    "     keyentry with spiderplot lc 2 title K[2]\n", r->naxis);
}

static void
radar_chart(const struct options *o, const struct data *d,
	const struct evaluation *me)
{
	struct radar r = radar_compute(d, me);
	char *stem;
	kk_out *out;
	FILE *fp;

	if (r.naxis < 3) {
		kk_warn("%s: %d areas with a score: no radar chart", me->id,
		    r.naxis);
		return;
	}
	stem = kk_asprintf("radar-%s-%s-%ld", me->country, o->codes[0],
	    o->year);
	out = chart_open(o, stem, &fp);
	gp_head(fp, "Radar (spider) chart of one evaluation against the "
	    "average of the last eight years; averages computed by kk-plot.");
	radar_data(fp, d, &r, me);
	gp_begin(fp, stem);
	radar_script(fp, me, &r);
	gp_end(fp);
	kk_out_commit(out);
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

static void
dev_data(FILE *fp, const struct data *d, struct evaluation **e, size_t n)
{
	char **lab = kk_calloc(n > 8 ? n : 8, sizeof *lab);
	double row[1 + NITEM];
	size_t i;
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
	for (k = 0; k < 8; k++)
		lab[k] = area_label(d, e[0]->country, k);
	gp_array(fp, "A", (const char *const *)lab, 8);
	for (k = 0; k < 8; k++)
		free(lab[k]);
	free(lab);
}

/* A dashed line between two evaluations of different versions. */
static void
dev_version_marks(FILE *fp, struct evaluation **e, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (strcmp(e[i - 1]->version, e[i]->version) == 0)
			continue;
		fprintf(fp, "set arrow from %g, graph 0 to %g, graph 1 nohead "
		    "dt 2 lc rgb '#888888'\n",
		    (e[i - 1]->year + e[i]->year) / 2.0,
		    (e[i - 1]->year + e[i]->year) / 2.0);
	}
}

static void
dev_script(FILE *fp, struct evaluation **e, size_t n)
{
	char *text;

	text = kk_asprintf("%s (code %s): area scores over %zu evaluations, "
	    "%ld–%ld, %s", e[n - 1]->name, e[n - 1]->code, n, e[0]->year,
	    e[n - 1]->year, instrument(e[0]->country));
	gp_set(fp, "title", text);
	free(text);
	gp_set(fp, "xlabel", "evaluation year (instrument version)");
	text = kk_asprintf("area score (points, 0–100; scale: %s)",
	    method_of(e, n));
	gp_set(fp, "ylabel", text);
	free(text);
	gp_set(fp, "y2label", "total score (points, 0–800)");
	text = kk_asprintf("n = %zu evaluations; dashed vertical line: "
	    "instrument version changed; areas on the 3.2 numbering.", n);
	footnote(fp, e[0]->country, text);
	free(text);
	dev_version_marks(fp, e, n);
	fprintf(fp, "set xrange [%ld:%ld]\nset yrange [0:100]\n"
	    "set y2range [0:800]\nset ytics 10 nomirror\nset y2tics 100\n"
	    "set grid ytics\nset key outside right top box\n"
	    "set bmargin 5\n",
	    e[0]->year - 1, e[n - 1]->year + 1);
	fputs("plot for [k=1:8] $V using 1:(column(k+1)):xtic(X[int($0)+1]) "
	    "with linespoints lw 2 pt 7 lc k title A[k], \\\n"
	    "     $V using 1:10 axes x1y2 with linespoints lw 3 dt 2 pt 5 "
	    "lc rgb 'black' title 'total (right axis)'\n", fp);
}

static void
dev_chart(const struct options *o, const struct data *d, const char *cc)
{
	struct evaluation **e = kk_calloc(d->nev + 1, sizeof *e);
	size_t n = 0, i;
	char *stem;
	kk_out *out;
	FILE *fp;

	for (i = 0; i < d->nev; i++)
		if (strcmp(d->ev[i].country, cc) == 0 && is_ours(o, &d->ev[i]))
			e[n++] = &d->ev[i];
	qsort(e, n, sizeof *e, cmp_year);
	stem = kk_asprintf("dev-%s-%s", cc, o->codes[0]);
	out = chart_open(o, stem, &fp);
	gp_head(fp, "Development of each area over one municipality's "
	    "evaluations, across instrument versions.");
	dev_data(fp, d, e, n);
	gp_begin(fp, stem);
	dev_script(fp, e, n);
	gp_end(fp);
	kk_out_commit(out);
	free(stem);
	free(e);
}

/* ---- driver ------------------------------------------------------------ */

/* The country of the municipality: its codes must not name evaluations
 * in two countries (NO and SE codes overlap). */
static const char *
our_country(const struct options *o, const struct data *d)
{
	const char *cc = NULL;
	size_t i;

	for (i = 0; i < d->nev; i++) {
		if (!is_ours(o, &d->ev[i]))
			continue;
		if (cc && strcmp(cc, d->ev[i].country) != 0)
			kk_die("municipality %s has evaluations in %s and %s",
			    o->codes[0], cc, d->ev[i].country);
		cc = d->ev[i].country;
	}
	if (!cc)
		kk_die("%s: no evaluation of municipality %s", d->path,
		    o->codes[0]);
	return cc;
}

static const struct evaluation *
our_evaluation(const struct options *o, const struct data *d)
{
	const struct evaluation *me = NULL;
	size_t i;

	for (i = 0; i < d->nev; i++) {
		if (!is_ours(o, &d->ev[i]) || d->ev[i].year != o->year)
			continue;
		if (me)
			kk_die("municipality %s has two evaluations in %ld: "
			    "%s and %s", o->codes[0], o->year, me->id,
			    d->ev[i].id);
		me = &d->ev[i];
	}
	if (!me)
		kk_die("%s: no evaluation of municipality %s in %ld", d->path,
		    o->codes[0], o->year);
	return me;
}

static kk_table *
read_corr(const struct options *o)
{
	char *path;
	kk_table *t = NULL;

	if (!o->tables)
		return NULL;
	path = kk_asprintf("%s/size_correlation.csv", o->tables);
	if (access(path, F_OK) == 0)
		t = kk_table_read(path);
	free(path);
	return t;
}

static void
draw_all(const struct options *o, const struct data *d, const char *ours,
	const struct evaluation *me)
{
	const char **cc;
	size_t ncc = countries(d, &cc), i;
	kk_table *corr = read_corr(o);
	int k;

	for (i = 0; i < ncc; i++) {
		for (k = 0; k < NITEM; k++)
			hist_chart(o, d, cc[i], k);
		box_chart(o, d, cc[i]);
		scatter_total(o, d, cc[i], corr);
		scatter_areas(o, d, cc[i], corr);
	}
	if (ours)
		dev_chart(o, d, ours);
	if (me) {
		rank_chart(o, d, me);
		compare_chart(o, d, me);
		radar_chart(o, d, me);
	}
	if (corr)
		kk_table_free(corr);
	free(cc);
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { "help", "d=", "tables=",
		"areas=", "since=", "municipality=", "year=", NULL };
	struct options o = { "out/plots", NULL, NULL, 0, 0, NULL, 0 };
	struct data d = { 0 };
	const char *val;
	kk_table *scores, *areas = NULL;
	const struct evaluation *me;
	const char *ours;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, names, &val)) >= 0)
		set_option(&o, k, val);
	if (argc - i != 1)
		kk_usage("expected one SCORES.csv");
	if (o.year && !o.ncodes)
		kk_usage("--year needs --municipality");
	d.path = argv[i];
	scores = read_scores(&d);
	if (o.areas)
		areas = read_areas(&d, o.areas);
	/* the municipality is looked up before anything is written, so a
	 * wrong code leaves no half set of charts, not even the directory */
	ours = o.ncodes ? our_country(&o, &d) : NULL;
	me = o.year ? our_evaluation(&o, &d) : NULL;
	kk_mkdirs(o.outdir);
	draw_all(&o, &d, ours, me);
	for (i = 0; (size_t)i < o.ncodes; i++)
		free(o.codes[i]);
	free(o.codes);
	free(d.ev);
	if (areas)
		kk_table_free(areas);
	kk_table_free(scores);
	return 0;
}
