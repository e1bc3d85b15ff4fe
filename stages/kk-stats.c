/*
 * kk-stats - size against score, descriptive tables and repeat
 * evaluations from scores.csv.  See usage_text and doc/statistics.md
 * for every column and method.
 *
 * The statistics themselves live in lib/stats.c (lib/group.c for the
 * summary's counts); this file only picks the observations for each
 * country, scale, area and group, and writes the four tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "areas.h"
#include "group.h"
#include "model.h"
#include "schema.h"
#include "stats.h"

#define DEFAULT_B     10000
#define DEFAULT_SEED  5025UL   /* Røros, whose 2022 report kompass follows */

static const char usage_text[] =
"usage: kk-stats [-d DIR] [--latest] [--bootstrap B] [--seed S]\n"
"                [--tables LIST] FILE|-\n"
"Statistics of scores.csv (kk-size's output; '-' is standard input),\n"
"written to DIR (default out/tables) as summary.csv,\n"
"size_correlation.csv, size_groups.csv, repeat_evaluations.csv and\n"
"size_makeup.csv.\n"
"\n"
"  -d DIR           output directory (created if missing)\n"
"  --latest         one observation per municipality: its latest\n"
"                   evaluation (repeat_evaluations.csv still uses all)\n"
"  --bootstrap B    resamples for the bootstrap interval of Spearman's\n"
"                   rho, each of municipalities drawn with all of their\n"
"                   evaluations (default 10000, at most 1000000; 0\n"
"                   leaves the interval empty)\n"
"  --seed S         seed of the resampling (mt19937; default 5025)\n"
"  --tables LIST    write only these tables, comma-separated, of\n"
"                   summary, correlation, groups, repeat, makeup (default\n"
"                   all; the others in DIR are left as they are).  The\n"
"                   summary alone, without --latest, is computed in one\n"
"                   pass in memory that grows with the groups, not rows\n"

"  --help           show this help\n"
"\n"
"A municipality is its municipality_id (kk-size's): evaluations under\n"
"two codes of one municipality (Røros 1640 and 5025) are its repeat\n"
"evaluations.  Two evaluations of it in different years, one after the\n"
"other, form a change (gap_years, transition such as 2.1->3.2); two of\n"
"one year form none.  The mean change is tested per transition class\n"
"(within a version family; across families, as over the 2020 revision)\n"
"and per transition, never pooled, with errors clustered by\n"
"municipality: CR1, t on G - 1 df, as R's lm(change ~ 1) with\n"
"sandwich::vcovCL(type = \"HC1\", cluster = ~municipality_id).\n"
"Countries NO, SE and ALL; scales raw (raw_score) and normalised (score);\n"
"areas 1..8 and total.  Pearson and the least-squares slope use\n"
"log10(population), Spearman and Kendall use population; p-values as R's\n"
"cor.test(exact = FALSE), two-sided; 95 % intervals.  Missing values are\n"
"left out pair by pair and n says how many were used; a statistic that is\n"
"undefined for its data is an empty cell and a warning.\n"
"Exit 0 on success, 1 on a data error, 2 on a usage error.\n";

enum { RAW, NORMALISED, NSCALE };
enum { NO, SE, ALL, NCOUNTRY };

static const char *const country_name[] = { "NO", "SE", "ALL" };
static const char *const scale_name[] = { "raw", "normalised" };

/* What an evaluation's rows share: one of these per evaluation, not per
 * row, keeps a million-row file's rows small. */
struct evaluation {
	const char *eval, *country, *code, *name;
	const char *key;        /* municipality_id: the municipality */
	size_t municipality;    /* (country, key) as a number */
	double pop, logpop;     /* NaN: unmatched */
	int size_class;         /* index into sizes, -1 none */
	int version_class;      /* index into versions, -1 none */
	int year;               /* KK_YEAR_RANGE */
	signed char cc;         /* NO, SE, or -1 for another country */
	signed char kept;       /* observed (all, or --latest) */
};

/* One row of scores.csv: an evaluation's score on one canonical area. */
struct obs {
	struct evaluation *ev;
	double score[NSCALE];   /* NaN: missing */
	signed char area;       /* 1..KK_NAREA, KK_AREA_TOTAL */
};
/* Distinct labels of a column, in table order (see sort_labels). */
struct labels {
	const char **name;
	double *key;            /* order key: smallest population, or 0 */
	size_t n, cap;
	size_t last;            /* the label found last */
};

/* summary.csv's counts: the finest groups (country, area, size class,
 * version), whose unions are the table's cells.  A few hundred at most,
 * however many rows. */
struct fine {
	int cc, area, size, version;
	size_t *dense[NSCALE];  /* count of each value's number, or NULL */
	size_t ndense[NSCALE];
	gr_counts v[NSCALE];    /* after finish_counts, or once sparse */
};

/* While a scale has at most DENSE_MAX distinct values, each group
 * counts them in an array indexed by their number: the lookup is then in
 * one small table, not in one of hundreds that together outgrow the
 * cache.  Beyond, each group has its own table of values (sparse). */
enum { DENSE_MAX = 4096 };

struct counts {
	gr_dict numbers[NSCALE];   /* each scale's distinct values */
	int sparse[NSCALE];        /* past DENSE_MAX of them */
	struct fine *fine;
	size_t nfine, cap;
	gr_index index;            /* of fine, by its four fields */
};

/* Correlations already computed in this run (see memo_find). */
struct memos {
	struct memo *m;
	size_t n, doubles;
};

/* One change: the same municipality and area in two consecutive
 * evaluations. */
struct change {
	const struct obs *from, *to;
	int class;                 /* WITHIN, ACROSS, or -1: unknown */
	signed char cc;            /* the municipality's country (as obs) */
};

/* One run of kk-stats: its options, the rows it read and what it built
 * from them.  Every function is handed what it needs of it. */
struct analysis {
	size_t nboot;
	unsigned long seed;
	struct obs *obs;
	size_t nobs, obscap;
	kk_arena kept;             /* the kept rows' strings */
	kk_arena evaluations;      /* the kept rows' evaluations */
	struct evaluation **ev;    /* each once, in input order */
	size_t nev, evcap;
	struct labels sizes, versions;
	struct counts counts;
	/* the kept rows of each area, in input order (sums, hence
	 * results, depend on the order): a cell's sample is picked from
	 * its area's rows rather than from all */
	size_t *area_obs[KK_AREA_SLOTS], area_nobs[KK_AREA_SLOTS];
	struct memos memo;
	struct change *changes;
	size_t nchanges, nmunicipalities;
	/* the changes of each area and transition class, then of each
	 * area and exact transition, in order: (area, key) holds the
	 * positions change_start[area * nkeys + key] up to the next
	 * start of struct change_data, where a key is a class or
	 * NCLASS + a transition */
	size_t *change_start, nkeys;
	signed char *keyed_cc;     /* each position's country */
};

/* ---- reading ------------------------------------------------------------- */

static void count_row(struct counts *n, int cc, int area, int size,
	int version, const double *score);

/* The input is streamed: a row's fields live until the next row, so
 * what is kept is copied.  Strings go to big blocks rather than a
 * malloc each, and an evaluation's rows (consecutive, as kk-size writes
 * them) share one struct evaluation, with one copy of its strings. */

/* The columns of scores.csv kk-stats reads, by its C_ names below. */
static const int need[] = { KK_S_ID, KK_S_COUNTRY, KK_S_CODE, KK_S_MUNI,
	KK_S_YEAR, KK_S_VERSION, KK_S_AREA, KK_S_RAW, KK_S_SCORE,
	KK_S_POPULATION, KK_S_SIZE_CLASS, KK_S_MUNICIPALITY_ID };
enum { C_EVAL, C_COUNTRY, C_CODE, C_NAME, C_YEAR, C_VERSION, C_AREA, C_RAW,
	C_SCORE, C_POP, C_SIZE, C_ID, NNEED };

struct reader {
	kk_rows t;                 /* header names, the current row */
	size_t c[NNEED];           /* index of each needed column */
};

static void
reader_open(struct reader *r, const char *path)
{
	kk_rows_open(&r->t, path);
	for (size_t j = 0; j < NNEED; j++)
		r->c[j] = kk_rows_need_col(&r->t, &kk_scores_table, need[j]);
}

static const char *
cell(const struct reader *r, int k)
{
	return r->t.row->field[r->c[k]];
}

_Noreturn static void
die_cell(const struct reader *r, int k, const char *fmt, const char *s)
{
	kk_die_at(kk_rows_name(&r->t), r->t.row->line, (long)r->c[k] + 1, fmt,
	    r->t.col[r->c[k]], s);
}

static double
cell_num(const struct reader *r, int k)
{
	const char *s = cell(r, k);
	kk_num_status st;
	double v;

	st = kk_parse_double(s, strlen(s), &v);
	if (st == KK_NUM_EMPTY)
		return NAN;
	if (st != KK_NUM_OK)
		kk_die_at(kk_rows_name(&r->t), r->t.row->line, (long)r->c[k] + 1,
		    "%s '%s': %s", r->t.col[r->c[k]], s, kk_num_reason(st));
	return v;
}

/* A label's index; a new label's name is copied.  Consecutive rows
 * mostly share their labels: the previous row's is tried first. */
static int
label_index(kk_arena *kept, struct labels *l, const char *s, double key)
{
	size_t i;

	if (*s == '\0')
		return -1;
	for (i = 0; i < l->n; i++) {
		size_t j = l->last + i < l->n ? l->last + i : l->last + i - l->n;
		if (strcmp(l->name[j], s) == 0) {
			if (key < l->key[j])
				l->key[j] = key;
			l->last = j;
			return (int)j;
		}
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->name = kk_realloc(l->name, l->cap * sizeof(*l->name));
		l->key = kk_realloc(l->key, l->cap * sizeof(*l->key));
	}
	l->name[l->n] = kk_arena_strdup(kept, s);
	l->key[l->n] = key;
	return (int)l->n++;
}

static int
parse_area(const struct reader *r)
{
	const char *s = cell(r, C_AREA);
	int a = kk_area_parse(s, strlen(s));

	if (a < 0)
		die_cell(r, C_AREA, "%s '%s': expected 1..8 or total", s);
	return a;
}

/* The current row into e and o; e's strings still point into the row. */
static void
parse_row(struct analysis *an, const struct reader *r, struct evaluation *e,
	struct obs *o)
{
	const char *yr = cell(r, C_YEAR);

	e->eval = cell(r, C_EVAL);
	e->country = cell(r, C_COUNTRY);
	e->code = cell(r, C_CODE);
	e->name = cell(r, C_NAME);
	e->key = cell(r, C_ID);
	e->year = (int)kk_year_need(yr, strlen(yr), r->t.col[r->c[C_YEAR]],
	    kk_rows_name(&r->t), r->t.row->line, (long)r->c[C_YEAR] + 1);
	o->area = (signed char)parse_area(r);
	o->score[RAW] = cell_num(r, C_RAW);
	o->score[NORMALISED] = cell_num(r, C_SCORE);
	e->pop = cell_num(r, C_POP);
	if (e->pop <= 0) {
		kk_warn_at(kk_rows_name(&r->t), r->t.row->line,
		    (long)r->c[C_POP] + 1,
		    "population %g is not positive: left out", e->pop);
		e->pop = NAN;
	}
	e->cc = (signed char)(strcmp(e->country, "NO") == 0 ? NO :
	    strcmp(e->country, "SE") == 0 ? SE : -1);
	/* a size class is ordered by the smallest population it holds */
	e->size_class = label_index(&an->kept, &an->sizes, cell(r, C_SIZE),
	    isnan(e->pop) ? INFINITY : e->pop);
	e->version_class = label_index(&an->kept, &an->versions,
	    cell(r, C_VERSION), 0);
	e->kept = 1;
}

/* Does the parsed e describe the evaluation of the previous row, p? */
static int
same_evaluation(const struct evaluation *p, const struct evaluation *e)
{
	return p && strcmp(p->eval, e->eval) == 0 &&
	    strcmp(p->country, e->country) == 0 &&
	    strcmp(p->code, e->code) == 0 && strcmp(p->name, e->name) == 0 &&
	    strcmp(p->key, e->key) == 0 && p->year == e->year &&
	    (p->pop == e->pop || (isnan(p->pop) && isnan(e->pop))) &&
	    p->size_class == e->size_class &&
	    p->version_class == e->version_class;
}

/* s, or prev when it is the same string */
static const char *
keep_str(kk_arena *kept, const char *s, const char *prev)
{
	return prev && strcmp(prev, s) == 0 ? prev : kk_arena_strdup(kept, s);
}

/* Keep the parsed row: its evaluation is the previous row's, or a new
 * one with its strings copied (each shared with the previous evaluation
 * where equal). */
static void
keep_row(struct analysis *an, const struct evaluation *e, struct obs *o)
{
	struct evaluation *p = an->nev ? an->ev[an->nev - 1] : NULL, *n;
	kk_arena *k = &an->kept;

	if (!same_evaluation(p, e)) {
		/* sizeof is a multiple of 8, so the block stays aligned */
		n = (struct evaluation *)(void *)kk_arena_alloc(
		    &an->evaluations, sizeof *n);
		*n = *e;
		n->eval = keep_str(k, e->eval, p ? p->eval : NULL);
		n->country = keep_str(k, e->country, p ? p->country : NULL);
		n->code = keep_str(k, e->code, p ? p->code : NULL);
		n->name = keep_str(k, e->name, p ? p->name : NULL);
		n->key = keep_str(k, e->key, p ? p->key : NULL);
		n->logpop = log10(n->pop);
		kk_grow((void **)&an->ev, &an->evcap, an->nev + 1,
		    sizeof *an->ev);
		an->ev[an->nev++] = p = n;
	}
	o->ev = p;
	kk_grow((void **)&an->obs, &an->obscap, an->nobs + 1, sizeof *an->obs);
	an->obs[an->nobs++] = *o;
}

/* Every row of path into obs, or, with counts_only, only into the
 * summary's counts (count_row): then memory does not grow with rows. */
static void
read_scores(struct analysis *an, const char *path, int counts_only)
{
	struct reader r;
	struct evaluation e;
	struct obs o;

	reader_open(&r, path);
	while (kk_rows_next(&r.t) != NULL) {
		parse_row(an, &r, &e, &o);
		if (counts_only)
			count_row(&an->counts, e.cc, o.area, e.size_class,
			    e.version_class, o.score);
		else
			keep_row(an, &e, &o);
	}
	kk_rows_close(&r.t);
}

/* Size classes by the smallest population they hold (so '<5000' comes
 * before '5000-10000'), versions by name; ties by name. */
static void
sort_labels(struct labels *l, int *remap)
{
	size_t i, j, k;
	int *order = kk_malloc((l->n ? l->n : 1) * sizeof(int));
	const char **name = kk_malloc((l->n ? l->n : 1) * sizeof(*name));
	double *key = kk_malloc((l->n ? l->n : 1) * sizeof(double));

	for (i = 0; i < l->n; i++)
		order[i] = (int)i;
	for (i = 1; i < l->n; i++) {
		for (j = i; j > 0; j--) {
			int a = order[j - 1], b = order[j];
			if (l->key[a] < l->key[b] || (l->key[a] == l->key[b] &&
			    strcmp(l->name[a], l->name[b]) <= 0))
				break;
			order[j - 1] = b;
			order[j] = a;
		}
	}
	for (k = 0; k < l->n; k++) {
		name[k] = l->name[order[k]];
		key[k] = l->key[order[k]];
		remap[order[k]] = (int)k;
	}
	free(l->name);
	free(l->key);
	l->name = name;
	l->key = key;
	free(order);
}

static void
order_groups(struct analysis *an)
{
	int *rs = kk_malloc((an->sizes.n + 1) * sizeof(int));
	int *rv = kk_malloc((an->versions.n + 1) * sizeof(int));
	struct evaluation **e = an->ev;
	struct fine *f = an->counts.fine;
	size_t i;

	sort_labels(&an->sizes, rs);
	sort_labels(&an->versions, rv);
	for (i = 0; i < an->nev; i++) {
		if (e[i]->size_class >= 0)
			e[i]->size_class = rs[e[i]->size_class];
		if (e[i]->version_class >= 0)
			e[i]->version_class = rv[e[i]->version_class];
	}
	for (i = 0; i < an->counts.nfine; i++) {
		if (f[i].size >= 0)
			f[i].size = rs[f[i].size];
		if (f[i].version >= 0)
			f[i].version = rv[f[i].version];
	}
	free(rs);
	free(rv);
}

/* ---- municipalities and their evaluations ------------------------------ */

/* Rows ordered by municipality (country, municipality_id), then year,
 * evaluation and area: an evaluation's rows and a municipality's
 * evaluations are then runs. */
static int
cmp_chrono(const void *pa, const void *pb)
{
	const struct evaluation *a = *(struct evaluation *const *)pa;
	const struct evaluation *b = *(struct evaluation *const *)pb;
	int d;

	if ((d = strcmp(a->country, b->country)) != 0)
		return d;
	if ((d = strcmp(a->key, b->key)) != 0)
		return d;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return strcmp(a->eval, b->eval);
}

/* p[0..n) in area order, stably: by insertion for an evaluation's few
 * rows, by counting for more (a file repeating one evaluation id). */
static void
by_area(struct obs **p, size_t n)
{
	size_t at[KK_AREA_SLOTS + 1] = { 0 }, i, k;
	struct obs **t, *o;

	if (n <= 32) {
		for (i = 1; i < n; i++) {
			for (o = p[i], k = i; k > 0 && p[k - 1]->area > o->area; k--)
				p[k] = p[k - 1];
			p[k] = o;
		}
		return;
	}
	t = kk_malloc(n * sizeof *t);
	for (i = 0; i < n; i++)
		at[p[i]->area + 1]++;
	for (i = 0; i < KK_AREA_SLOTS; i++)
		at[i + 1] += at[i];
	for (i = 0; i < n; i++)
		t[at[p[i]->area]++] = p[i];
	memcpy(p, t, n * sizeof *t);
	free(t);
}

/* The rows in that order, then by area, equal ones in input order: the
 * evaluations are sorted (a ninth as many as rows), the rows placed by
 * counting on their evaluation's place, then each evaluation's rows put
 * in area order. */
static struct obs **
chrono(const struct analysis *an)
{
	size_t n = an->nobs, ne = an->nev, i, r;
	struct evaluation **e = kk_malloc((ne ? ne : 1) * sizeof *e);
	size_t *start = kk_calloc(ne + 2, sizeof *start);
	struct obs **p = kk_malloc((n ? n : 1) * sizeof *p);

	if (ne > 0)
		memcpy(e, an->ev, ne * sizeof *e);
	qsort(e, ne, sizeof *e, cmp_chrono);
	/* an evaluation's rank, equal for equal keys, kept in .municipality
	 * until number_municipalities sets it */
	for (i = r = 0; i < ne; i++) {
		if (i > 0 && cmp_chrono(&e[i - 1], &e[i]) != 0)
			r++;
		e[i]->municipality = r;
	}
	for (i = 0; i < n; i++)
		start[an->obs[i].ev->municipality + 1]++;
	for (i = 0; i < ne; i++)
		start[i + 1] += start[i];
	for (i = 0; i < n; i++)
		p[start[an->obs[i].ev->municipality]++] = &an->obs[i];
	/* start[r] is now where rank r + 1 begins */
	for (r = 0, i = 0; r < ne; i = start[r++])
		by_area(p + i, start[r] - i);
	free(start);
	free(e);
	return p;
}

static int
same_municipality(const struct obs *a, const struct obs *b)
{
	return strcmp(a->ev->country, b->ev->country) == 0 &&
	    strcmp(a->ev->key, b->ev->key) == 0;
}

/* Number the municipalities of the rows p (in chrono() order): the
 * bootstrap draws municipalities, each with all of its rows, and the
 * repeat evaluations' errors are clustered by them.  Returns how many. */
static size_t
number_municipalities(struct obs **p, size_t nobs)
{
	size_t i, k = 0;

	for (i = 0; i < nobs; i++) {
		if (i && !same_municipality(p[i - 1], p[i]))
			k++;
		p[i]->ev->municipality = k;
	}
	return nobs ? k + 1 : 0;
}

/* --latest: keep the rows of each municipality's last evaluation. */
static void
keep_latest(struct obs **p, size_t nobs)
{
	size_t i, j, last;

	for (i = 0; i < nobs; i = j) {
		for (j = i + 1; j < nobs && same_municipality(p[i], p[j]); j++)
			;
		last = j - 1;
		while (last > i && strcmp(p[last - 1]->ev->eval, p[j - 1]->ev->eval) == 0)
			last--;
		for (; i < j; i++)
			p[i]->ev->kept = (signed char)(i >= last);
	}
}

/* ---- selecting observations --------------------------------------------- */

enum group_type { G_ALL, G_SIZE, G_VERSION };
static const char *const group_type_name[] = { "all", "size_class",
	"version" };

struct cell {
	int country, scale, area;
	enum group_type gt;
	int group;
};

static int
matches(const struct cell *c, int cc, int area, int size, int version)
{
	if (area != c->area)
		return 0;
	if (c->country != ALL && cc != c->country)
		return 0;
	if (c->gt == G_SIZE && size != c->group)
		return 0;
	if (c->gt == G_VERSION && version != c->group)
		return 0;
	return 1;
}

/* Scores, populations, classes and municipalities of the observations
 * of a cell. */
struct sample {
	double *y, *pop, *logpop;
	int *size_class;
	size_t *municipality;
	size_t n;
	int owned;              /* copies, or a view of struct columns */
};

/* The kept rows of one area, column by column, in input order (sums,
 * hence results, depend on the order): every cell of the area is
 * picked from them. */
struct columns {
	double *y[NSCALE], *pop, *logpop;
	int *size_class;
	size_t *municipality;
	signed char *cc;
	size_t n;
};

static void
bucket_areas(struct analysis *an)
{
	size_t i, cap[KK_AREA_SLOTS] = { 0 }, *n = an->area_nobs;
	int a;

	for (i = 0; i < an->nobs; i++) {
		if (!an->obs[i].ev->kept)
			continue;
		a = an->obs[i].area;
		kk_grow((void **)&an->area_obs[a], &cap[a], n[a] + 1,
		    sizeof **an->area_obs);
		an->area_obs[a][n[a]++] = i;
	}
}

static void
columns_get(const struct analysis *an, int area, struct columns *k)
{
	const size_t *area_obs = an->area_obs[area];
	size_t i, n = an->area_nobs[area], m = n ? n : 1;
	const struct obs *o;

	k->y[RAW] = kk_malloc(4 * m * sizeof(double));
	k->y[NORMALISED] = k->y[RAW] + m;
	k->pop = k->y[NORMALISED] + m;
	k->logpop = k->pop + m;
	k->size_class = kk_malloc(m * sizeof(int));
	k->municipality = kk_malloc(m * sizeof(size_t));
	k->cc = kk_malloc(m);
	for (i = 0; i < n; i++) {
		o = &an->obs[area_obs[i]];
		k->y[RAW][i] = o->score[RAW];
		k->y[NORMALISED][i] = o->score[NORMALISED];
		k->pop[i] = o->ev->pop;
		k->logpop[i] = o->ev->logpop;
		k->size_class[i] = o->ev->size_class;
		k->municipality[i] = o->ev->municipality;
		k->cc[i] = o->ev->cc;
	}
	k->n = n;
}

/* Whether the area's normalised scores are its raw ones, bit for bit
 * (every evaluation of a version the crosswalk maps as it is): a
 * statistic of the one scale is then that of the other. */
static int
columns_same_scales(const struct columns *k)
{
	return memcmp(k->y[RAW], k->y[NORMALISED], k->n * sizeof(double)) == 0;
}

static void
columns_free(struct columns *k)
{
	free(k->y[RAW]);
	free(k->size_class);
	free(k->municipality);
	free(k->cc);
}

/* The sample of a country (or ALL) and scale from its area's columns. */
static void
sample_get(const struct columns *k, struct sample *s, int country, int scale)
{
	size_t i, m = k->n ? k->n : 1;

	if (country == ALL) {
		*s = (struct sample){ k->y[scale], k->pop, k->logpop,
		    k->size_class, k->municipality, k->n, 0 };
		return;
	}
	s->y = kk_malloc(3 * m * sizeof(double));
	s->pop = s->y + m;
	s->logpop = s->pop + m;
	s->size_class = kk_malloc(m * sizeof(int));
	s->municipality = kk_malloc(m * sizeof(size_t));
	s->n = 0;
	s->owned = 1;
	for (i = 0; i < k->n; i++) {
		if (k->cc[i] != country)
			continue;
		s->y[s->n] = k->y[scale][i];
		s->pop[s->n] = k->pop[i];
		s->logpop[s->n] = k->logpop[i];
		s->size_class[s->n] = k->size_class[i];
		s->municipality[s->n] = k->municipality[i];
		s->n++;
	}
}

static void
sample_free(struct sample *s)
{
	if (!s->owned)
		return;
	free(s->y);
	free(s->size_class);
	free(s->municipality);
}

/* A cell with no observations at all is common (most published
 * evaluations give a total only) and n = 0 says it: no warning. */
static void
warn_undefined(const char *table, const struct cell *c, const st_result *r)
{
	if (r->why && r->n > 0)
		kk_warn("%s: %s %s area %s: %s undefined: %s (n = %zu)", table,
		    country_name[c->country], scale_name[c->scale],
		    kk_area_name(c->area), r->method, r->why, r->n);
}

static void
put_size(FILE *fp, size_t n)
{
	fprintf(fp, "%zu", n);
}


/* ---- summary.csv ------------------------------------------------------ */

/* Every group's array of scale k into its table of values. */
static void
dense_to_counts(struct counts *n, int k)
{
	const gr_dict *num = &n->numbers[k];
	struct fine *f;
	size_t g, i;

	for (g = 0; g < n->nfine; g++) {
		f = &n->fine[g];
		/* ndense is the array's capacity: numbers beyond the
		 * dictionary's count 0 and have no value yet */
		for (i = 0; i < f->ndense[k] && i < num->n; i++)
			if (f->dense[k][i] != 0)
				gr_add(&f->v[k], num->val[i], f->dense[k][i]);
		free(f->dense[k]);
		f->dense[k] = NULL;
		f->ndense[k] = 0;
	}
}

static void
count_value(struct counts *n, struct fine *f, int k, double x)
{
	size_t id, old;

	if (isnan(x))
		return;
	if (!n->sparse[k]) {
		id = gr_number(&n->numbers[k], x);
		if (n->numbers[k].n <= DENSE_MAX) {
			if (id >= f->ndense[k]) {
				old = f->ndense[k];
				kk_grow((void **)&f->dense[k], &f->ndense[k],
				    id + 1, sizeof **f->dense);
				memset(f->dense[k] + old, 0,
				    (f->ndense[k] - old) * sizeof **f->dense);
			}
			f->dense[k][id]++;
			return;
		}
		dense_to_counts(n, k);
		gr_dict_free(&n->numbers[k]);
		n->sparse[k] = 1;
	}
	gr_add(&f->v[k], x, 1);
}

/* Once every row is counted: all counts in the groups' tables. */
static void
finish_counts(struct counts *n)
{
	int k;

	for (k = 0; k < NSCALE; k++) {
		if (!n->sparse[k])
			dense_to_counts(n, k);
		gr_dict_free(&n->numbers[k]);
	}
}

static void
count_row(struct counts *n, int cc, int area, int size, int version,
	const double *score)
{
	/* cc + 1 < 4, area < 16; a class index is below 2^29 */
	uint64_t key = (uint64_t)(cc + 1) | (uint64_t)area << 2 |
	    (uint64_t)(size + 1) << 6 | (uint64_t)(version + 1) << 35;
	int fresh;
	size_t g = gr_lookup(&n->index, key, &fresh);
	int k;

	if (fresh) {
		kk_grow((void **)&n->fine, &n->cap, n->nfine + 1,
		    sizeof *n->fine);
		n->fine[g] = (struct fine){ .cc = cc, .area = area,
		    .size = size, .version = version };
		n->nfine++;
	}
	for (k = 0; k < NSCALE; k++)
		count_value(n, &n->fine[g], k, score[k]);
}

static void
count_kept(struct analysis *an)
{
	const struct obs *o;
	size_t i;

	for (i = 0; i < an->nobs; i++) {
		o = &an->obs[i];
		if (o->ev->kept)
			count_row(&an->counts, o->ev->cc, o->area, o->ev->size_class,
			    o->ev->version_class, o->score);
	}
}

static void
counts_free(struct counts *n)
{
	size_t i;
	int k;

	for (i = 0; i < n->nfine; i++)
		for (k = 0; k < NSCALE; k++)
			gr_free(&n->fine[i].v[k]);
	free(n->fine);
	gr_index_free(&n->index);
}

/* The counts of cell c: the union of its finest groups'. */
static void
cell_counts(const struct counts *n, const struct cell *c, gr_counts *u)
{
	const struct fine *f;
	size_t i;

	memset(u, 0, sizeof *u);
	for (i = 0; i < n->nfine; i++) {
		f = &n->fine[i];
		if (matches(c, f->cc, f->area, f->size, f->version))
			gr_merge(u, &f->v[c->scale]);
	}
}

static void
summary_row(FILE *fp, const struct cell *c, const char *group,
	const st_desc *d)
{
	fprintf(fp, "%s,%s,%s,%s,", country_name[c->country],
	    scale_name[c->scale], kk_area_name(c->area), group_type_name[c->gt]);
	kk_csv_put(fp, group);
	kk_csv_sep(fp);
	put_size(fp, d->n);
	kk_csv_put_nums(fp, (double[]){ d->mean, d->sd, d->median, d->q1,
	    d->q3, d->min, d->max }, 7);
	kk_csv_eol(fp);
}

/* The rows of one country, scale and area: all, then each size class,
 * then each version. */
struct rowset {
	size_t k;
	struct cell *cells;
	const char **group;
	gr_counts *u;
	st_desc *d;
};

static void
rowset_count(const struct analysis *an, struct rowset *r, struct cell c)
{
	const struct labels *sizes = &an->sizes, *versions = &an->versions;
	size_t g;

	r->k = 1 + sizes->n + versions->n;
	r->cells = kk_malloc(r->k * sizeof *r->cells);
	r->group = kk_malloc(r->k * sizeof *r->group);
	r->u = kk_malloc(r->k * sizeof *r->u);
	r->d = kk_malloc(r->k * sizeof *r->d);
	for (g = 0; g < r->k; g++) {
		r->cells[g] = c;
		if (g == 0) {
			r->cells[g].gt = G_ALL;
			r->cells[g].group = -1;
			r->group[g] = "all";
		} else if (g <= sizes->n) {
			r->cells[g].gt = G_SIZE;
			r->cells[g].group = (int)(g - 1);
			r->group[g] = sizes->name[g - 1];
		} else {
			r->cells[g].gt = G_VERSION;
			r->cells[g].group = (int)(g - 1 - sizes->n);
			r->group[g] = versions->name[g - 1 - sizes->n];
		}
		cell_counts(&an->counts, &r->cells[g], &r->u[g]);
	}
}

/* Describe the rows together (gr_describe_all); a row whose values are
 * those of the same row of like (the raw scale, where the normalised
 * score is the raw one, as on the 3.2 scale) takes like's. */
static void
rowset_describe(struct rowset *r, const struct rowset *like)
{
	gr_counts *todo = kk_malloc(r->k * sizeof *todo);
	st_desc *d = kk_malloc(r->k * sizeof *d);
	size_t *at = kk_malloc(r->k * sizeof *at), g, n = 0;

	for (g = 0; g < r->k; g++) {
		if (like && gr_equal(&r->u[g], &like->u[g])) {
			r->d[g] = like->d[g];
		} else {
			todo[n] = r->u[g];      /* a shallow copy, only read */
			at[n++] = g;
		}
	}
	gr_describe_all(todo, n, d);
	while (n-- > 0)
		r->d[at[n]] = d[n];
	free(at);
	free(d);
	free(todo);
}

static void
rowset_print(FILE *fp, const struct rowset *r)
{
	size_t g;

	for (g = 0; g < r->k; g++)
		summary_row(fp, &r->cells[g], r->group[g], &r->d[g]);
}

static void
rowset_free(struct rowset *r)
{
	size_t g;

	for (g = 0; g < r->k; g++)
		gr_free(&r->u[g]);
	free(r->u);
	free(r->d);
	free(r->group);
	free(r->cells);
}

static void
write_summary(FILE *fp, struct analysis *an)
{
	struct rowset raw[KK_AREA_SLOTS], norm;
	int country, a;

	finish_counts(&an->counts);
	kk_schema_header(fp, &kk_summary_table);
	for (country = 0; country < NCOUNTRY; country++) {
		for (a = 1; a <= KK_AREA_TOTAL; a++) {
			rowset_count(an, &raw[a], (struct cell){ country, RAW, a,
			    G_ALL, -1 });
			rowset_describe(&raw[a], NULL);
			rowset_print(fp, &raw[a]);
		}
		for (a = 1; a <= KK_AREA_TOTAL; a++) {
			rowset_count(an, &norm, (struct cell){ country, NORMALISED,
			    a, G_ALL, -1 });
			rowset_describe(&norm, &raw[a]);
			rowset_print(fp, &norm);
			rowset_free(&norm);
			rowset_free(&raw[a]);
		}
	}
}

/* ---- size_correlation.csv ------------------------------------------------ */

struct correlation {
	st_result pearson, spearman, kendall, slope;
	double boot_lo, boot_hi;
	size_t boot_used;
	int boot_rc;
	double p_adj, spearman_p_adj;
};

/* Correlations already computed in this run, by their exact sample.  The
 * normalised scale often holds the raw scores unchanged (the identity
 * method, and every 3.2 evaluation), and a one-country input makes ALL
 * that country: the same bytes then get the same numbers without running
 * Kendall and the bootstrap again.  Equality is checked on every value,
 * never on a hash; past MEMO_MAX doubles a sample is simply recomputed. */
#define MEMO_MAX ((size_t)4 << 20)

struct memo {
	size_t n;
	double *data;              /* y, pop, logpop: 3n values */
	size_t *municipality;      /* n: the bootstrap's clusters */
	struct correlation k;
	int boot_rc;
};

static const struct memo *
memo_find(const struct memos *ms, const struct sample *s)
{
	const struct memo *m;
	size_t i, b = s->n * sizeof(double);

	for (i = 0; i < ms->n; i++) {
		m = &ms->m[i];
		if (m->n == s->n && memcmp(m->data, s->y, b) == 0 &&
		    memcmp(m->data + s->n, s->pop, b) == 0 &&
		    memcmp(m->data + 2 * s->n, s->logpop, b) == 0 &&
		    memcmp(m->municipality, s->municipality,
		    s->n * sizeof(size_t)) == 0)
			return m;
	}
	return NULL;
}

static void
memo_add(struct memos *ms, const struct sample *s,
	const struct correlation *k, int boot_rc)
{
	struct memo *m;

	if (s->n == 0 || ms->doubles + 4 * s->n > MEMO_MAX)
		return;
	ms->m = kk_realloc(ms->m, (ms->n + 1) * sizeof *ms->m);
	m = &ms->m[ms->n++];
	m->n = s->n;
	m->data = kk_malloc(3 * s->n * sizeof(double));
	memcpy(m->data, s->y, s->n * sizeof(double));
	memcpy(m->data + s->n, s->pop, s->n * sizeof(double));
	memcpy(m->data + 2 * s->n, s->logpop, s->n * sizeof(double));
	m->municipality = kk_malloc(s->n * sizeof(size_t));
	memcpy(m->municipality, s->municipality, s->n * sizeof(size_t));
	m->k = *k;
	m->boot_rc = boot_rc;
	ms->doubles += 4 * s->n;
}

static void
memo_free(struct memos *ms)
{
	while (ms->n > 0) {
		free(ms->m[--ms->n].data);
		free(ms->m[ms->n].municipality);
	}
	free(ms->m);
	ms->m = NULL;
	ms->doubles = 0;
}

static void
correlate(struct analysis *an, const struct sample *s, struct correlation *k)
{
	const struct memo *m;

	if ((m = memo_find(&an->memo, s)) != NULL) {
		*k = m->k;
		k->boot_rc = m->boot_rc;
		return;
	}
	k->pearson = st_pearson(s->logpop, s->y, s->n);
	st_rank_correlations(s->pop, s->y, s->n, &k->spearman, &k->kendall);
	k->slope = st_slope(s->logpop, s->y, s->n);
	k->boot_lo = k->boot_hi = NAN;
	k->boot_used = 0;
	k->boot_rc = 0;
	if (an->nboot > 0 && !k->spearman.why)
		k->boot_rc = st_boot_spearman(s->pop, s->y, s->municipality,
		    s->n, an->nboot, an->seed, &k->boot_lo, &k->boot_hi,
		    &k->boot_used);
	memo_add(&an->memo, s, k, k->boot_rc);
}

static void
warn_correlation(const struct cell *c, const struct correlation *k)
{
	static const char *const t = "size_correlation";

	if (k->boot_rc < 0)
		kk_warn("%s: %s %s area %s: bootstrap interval undefined: "
		    "every resample has a constant column (n = %zu)", t,
		    country_name[c->country], scale_name[c->scale],
		    kk_area_name(c->area), k->spearman.n);
	warn_undefined(t, c, &k->pearson);
	/* the rank statistics and the slope fail for the same data as
	 * Pearson; say so once unless the reason differs */
	if (!k->pearson.why)
		warn_undefined(t, c, &k->spearman);
}

static void
correlation_row(FILE *fp, const struct cell *c, const struct correlation *k)
{
	const st_result *p = &k->pearson, *s = &k->spearman, *t = &k->kendall;
	const st_result *l = &k->slope;

	fprintf(fp, "%s,%s,%s,", country_name[c->country], kk_area_name(c->area),
	    scale_name[c->scale]);
	put_size(fp, p->n);
	kk_csv_put_nums(fp, (double[]){ p->estimate, p->statistic, p->p, p->ci_low,
	    p->ci_high, s->estimate, s->p, t->estimate, t->p, l->estimate,
	    l->se, l->ci_low, l->ci_high, l->intercept, l->r_squared,
	    k->boot_lo, k->boot_hi, k->p_adj, p->df, s->statistic,
	    t->statistic, l->statistic, l->p, k->spearman_p_adj }, 24);
	kk_csv_sep(fp);
	put_size(fp, k->boot_used);
	kk_csv_eol(fp);
}

static void
write_correlation(FILE *fp, struct analysis *an)
{
	struct correlation (*k)[NSCALE][KK_AREA_SLOTS] = kk_malloc(NCOUNTRY *
	    sizeof *k);
	double p[KK_AREA_SLOTS], adj[KK_AREA_SLOTS];
	struct cell c = { 0, 0, 0, G_ALL, -1 };
	struct columns col;
	struct sample s;
	int a;

	/* area by area, so that each area's columns are gathered once */
	for (a = 1; a <= KK_AREA_TOTAL; a++) {
		columns_get(an, a, &col);
		for (c.country = 0; c.country < NCOUNTRY; c.country++)
		for (c.scale = 0; c.scale < NSCALE; c.scale++) {
			sample_get(&col, &s, c.country, c.scale);
			correlate(an, &s, &k[c.country][c.scale][a]);
			sample_free(&s);
		}
		columns_free(&col);
	}
	kk_schema_header(fp, &kk_correlation_table);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++) {
		struct correlation *r = k[c.country][c.scale];
		for (a = 1; a <= KK_AREA_TOTAL; a++) {
			c.area = a;
			warn_correlation(&c, &r[a]);
			p[a] = r[a].pearson.p;
		}
		/* Benjamini-Hochberg across the nine areas */
		st_bh(p + 1, KK_AREA_TOTAL, adj + 1);
		for (a = 1; a <= KK_AREA_TOTAL; a++) {
			r[a].p_adj = adj[a];
			p[a] = r[a].spearman.p;
		}
		st_bh(p + 1, KK_AREA_TOTAL, adj + 1);
		for (a = 1; a <= KK_AREA_TOTAL; a++) {
			r[a].spearman_p_adj = adj[a];
			c.area = a;
			correlation_row(fp, &c, &r[a]);
		}
	}
	memo_free(&an->memo);
	free(k);
}

/* ---- size_groups.csv ------------------------------------------------------ */

static size_t
count_groups(const struct sample *s, size_t nsizes)
{
	size_t i, k = 0;
	char *seen = kk_calloc(nsizes + 1, 1);

	for (i = 0; i < s->n; i++) {
		if (isnan(s->y[i]) || s->size_class[i] < 0 ||
		    seen[s->size_class[i]])
			continue;
		seen[s->size_class[i]] = 1;
		k++;
	}
	free(seen);
	return k;
}

struct group_test {
	st_result f, h;
	size_t groups;
};

static void
write_groups(FILE *fp, struct analysis *an)
{
	static const char *const t = "size_groups";
	struct group_test (*g)[KK_AREA_SLOTS][NSCALE] = kk_malloc(NCOUNTRY *
	    sizeof *g), *r;
	struct cell c = { 0, 0, 0, G_ALL, -1 };
	struct columns col;
	struct sample s;

	/* area by area, so that each area's columns are gathered once */
	for (c.area = 1; c.area <= KK_AREA_TOTAL; c.area++) {
		columns_get(an, c.area, &col);
		for (c.country = 0; c.country < NCOUNTRY; c.country++)
		for (c.scale = 0; c.scale < NSCALE; c.scale++) {
			r = &g[c.country][c.area][c.scale];
			if (c.scale == NORMALISED && columns_same_scales(&col)) {
				*r = g[c.country][c.area][RAW];
				continue;
			}
			sample_get(&col, &s, c.country, c.scale);
			r->f = st_anova(s.y, s.size_class, s.n);
			r->h = st_kruskal(s.y, s.size_class, s.n);
			r->groups = count_groups(&s, an->sizes.n);
			sample_free(&s);
		}
		columns_free(&col);
	}
	kk_schema_header(fp, &kk_groups_table);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.area = 1; c.area <= KK_AREA_TOTAL; c.area++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++) {
		r = &g[c.country][c.area][c.scale];
		warn_undefined(t, &c, &r->f);
		if (r->h.why && (!r->f.why || strcmp(r->f.why, r->h.why) != 0))
			warn_undefined(t, &c, &r->h);
		fprintf(fp, "%s,%s,%s,", country_name[c.country],
		    kk_area_name(c.area), scale_name[c.scale]);
		put_size(fp, r->f.n);
		kk_csv_sep(fp);
		put_size(fp, r->groups);
		kk_csv_put_nums(fp, (double[]){ r->f.statistic, r->f.df,
		    r->f.df2, r->f.p, r->h.statistic, r->h.df, r->h.p }, 7);
		kk_csv_eol(fp);
	}
	free(g);
}

/* ---- repeat_evaluations.csv ------------------------------------------------ */

/* A change within one version family (1.x, 2.x, 3.x: raw points keep
 * their meaning) or across a revision (2.x -> 3.x: the 2020 revision
 * renamed the areas and raised the bar, so a change there is partly a
 * change of instrument). */
enum { WITHIN, ACROSS, NCLASS };
static const char *const class_name[] = { "within_family",
	"across_families" };

static const char *
version_name(const struct analysis *an, const struct obs *o)
{
	return o->ev->version_class < 0 ? "" : an->versions.name[o->ev->version_class];
}

/* Are versions from and to (indices into an->versions) of one family,
 * or -1 when either is not a version kompass knows? */
static int
transition_class(const struct analysis *an, int from, int to)
{
	enum kk_version a, b;

	if (from < 0 || to < 0 ||
	    kk_version_parse(an->versions.name[from], &a) != KK_VERSION_OK ||
	    kk_version_parse(an->versions.name[to], &b) != KK_VERSION_OK)
		return -1;
	return strcmp(kk_version_family(a), kk_version_family(b)) == 0 ?
	    WITHIN : ACROSS;
}

/* The rows of evaluation run [i, j) and the next run [j, k) pair up by
 * area. */
static void
pair_runs(struct analysis *an, struct obs **p, size_t i, size_t j, size_t k,
	size_t *cap)
{
	size_t a = i, b = j;
	int class = transition_class(an, p[i]->ev->version_class,
	    p[j]->ev->version_class);

	while (a < j && b < k) {
		if (p[a]->area < p[b]->area) {
			a++;
		} else if (p[a]->area > p[b]->area) {
			b++;
		} else {
			kk_grow((void **)&an->changes, cap, an->nchanges + 1,
			    sizeof *an->changes);
			an->changes[an->nchanges++] = (struct change){ p[a],
			    p[b], class, p[a]->ev->cc };
			a++;
			b++;
		}
	}
}

static size_t
run_end(struct obs **p, size_t i, size_t end)
{
	size_t j = i + 1;

	while (j < end && strcmp(p[j]->ev->eval, p[i]->ev->eval) == 0)
		j++;
	return j;
}

/* Consecutive evaluations of the municipality in rows [i, end) pair up;
 * two of one year are not a change over time, whatever their ids. */
static void
pair_evaluations(struct analysis *an, struct obs **p, size_t i, size_t end,
	size_t *cap)
{
	size_t j, k;

	for (j = i; (k = run_end(p, j, end)) < end; j = k) {
		if (p[j]->ev->year == p[k]->ev->year)
			kk_warn("repeat_evaluations: %s: %s and %s are both of "
			    "%d: no change between them", p[j]->ev->key,
			    p[j]->ev->eval, p[k]->ev->eval, p[j]->ev->year);
		else
			pair_runs(an, p, j, k, run_end(p, k, end), cap);
	}
}

static void
find_changes(struct analysis *an, struct obs **p)
{
	size_t i, end, cap = 0, n = an->nobs;

	/* a row is the later end of one change at most: room for all at
	 * once, rather than growing (and copying) while pairing */
	kk_grow((void **)&an->changes, &cap, n, sizeof *an->changes);
	for (i = 0; i < n; i = end) {
		for (end = i + 1; end < n && same_municipality(p[i], p[end]);
		    end++)
			;
		pair_evaluations(an, p, i, end, &cap);
	}
}

/* The exact transition as a number: from's version, then to's. */
static int
transition(const struct analysis *an, const struct change *ch)
{
	int a = ch->from->ev->version_class, b = ch->to->ev->version_class;

	return a < 0 || b < 0 ? -1 : a * (int)an->versions.n + b;
}

static void
buf_field(kk_buf *b, const char *s)
{
	kk_buf_char(b, ',');
	kk_buf_csv(b, s, strlen(s));
}

static void
buf_num(kk_buf *b, double x)
{
	kk_buf_char(b, ',');
	kk_buf_num(b, x);
}

/* "2.1->3.2", or empty when a version is missing */
static void
buf_transition(kk_buf *b, const struct analysis *an, const struct change *ch)
{
	const char *from = version_name(an, ch->from);
	const char *to = version_name(an, ch->to);
	int c = ch->class;

	kk_buf_char(b, ',');
	if (*from && *to) {
		kk_buf_csv(b, from, strlen(from));
		kk_buf_str(b, "->");
		kk_buf_csv(b, to, strlen(to));
	}
	buf_field(b, c < 0 ? "" : class_name[c]);
}

/* Millions of these: a change's two rows (raw, normalised) differ only
 * in the scale and the scores, and the changes between two evaluations
 * (one per area, one after another) differ only in the area and the
 * scores; so the fields around those are formatted once per pair of
 * evaluations (head: country to name; mid: from the first evaluation to
 * the transition class), and each change's rows go out with one fwrite. */
struct change_bufs {
	kk_buf head, mid, scores, out;
	const struct evaluation *from, *to;     /* what head and mid hold */
};

static void
change_fields(const struct analysis *an, struct change_bufs *cb,
	const struct change *ch)
{
	kk_buf *b = &cb->head, *m = &cb->mid;
	const struct evaluation *from = ch->from->ev, *to = ch->to->ev;

	b->len = m->len = 0;
	kk_buf_str(b, "change");
	buf_field(b, from->country);
	buf_field(b, to->key);
	buf_field(b, to->code);
	buf_field(b, to->name);
	buf_field(m, from->eval);
	buf_field(m, to->eval);
	buf_num(m, from->year);
	buf_num(m, to->year);
	buf_num(m, to->year - from->year);
	buf_field(m, version_name(an, ch->from));
	buf_field(m, version_name(an, ch->to));
	buf_transition(m, an, ch);
	cb->from = from;
	cb->to = to;
}

/* Whether a and b are one double, bit for bit (NaN too): then they
 * print the same. */
static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

static void
change_rows(const struct analysis *an, FILE *fp, struct change_bufs *cb,
	const struct change *ch)
{
	/* the empty columns of the paired rows, as one string */
	static const char tail[] = ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,";
	_Static_assert(KK_REP_N - KK_REP_COUNT < sizeof tail, "tail too short");
	const char *area = kk_area_name(ch->from->area);
	size_t narea = strlen(area), ntail = KK_REP_N - KK_REP_COUNT;
	kk_buf *o = &cb->out;

	kk_buf *s = &cb->scores;

	if (ch->from->ev != cb->from || ch->to->ev != cb->to)
		change_fields(an, cb, ch);
	o->len = 0;
	for (int scale = 0; scale < NSCALE; scale++) {
		double a = ch->from->score[scale], v = ch->to->score[scale];

		kk_buf_add(o, cb->head.p, cb->head.len);
		kk_buf_char(o, ',');
		kk_buf_add(o, area, narea);     /* a number or "total" */
		kk_buf_char(o, ',');
		kk_buf_str(o, scale_name[scale]);
		kk_buf_add(o, cb->mid.p, cb->mid.len);
		/* the normalised scores are mostly the raw ones */
		if (scale == RAW || !same_bits(a, ch->from->score[RAW]) ||
		    !same_bits(v, ch->to->score[RAW])) {
			s->len = 0;
			buf_num(s, a);
			buf_num(s, v);
			buf_num(s, v - a);
		}
		kk_buf_add(o, s->p, s->len);
		kk_buf_add(o, tail, ntail);
		kk_buf_char(o, '\n');
	}
	fwrite(o->p, 1, o->len, fp);
}

/* A change's keys into an->change_start: its class and its transition. */
static void
change_keys(const struct analysis *an, const struct change *ch, int key[2])
{
	int t = transition(an, ch);

	key[0] = ch->class;
	key[1] = t < 0 ? -1 : NCLASS + t;
}

/* The changes' values on each scale and their municipalities, as
 * kk-model's data: change ~ 1 with the municipality as cluster.  They
 * are laid out in bucket order (bucket_changes), each change once under
 * its class and once under its transition, so that a test reads its
 * rows one after the other rather than picking them from all the
 * changes. */
struct change_data {
	double *y[NSCALE];      /* to - from; NaN when either is missing */
	int *cluster;
	fm_formula intercept;   /* change ~ 1 */
};

static void
change_data_free(struct change_data *d)
{
	free(d->y[RAW]);
	free(d->cluster);
}

static void
change_set(struct change_data *d, size_t at, const struct change *ch)
{
	for (int s = 0; s < NSCALE; s++)
		d->y[s][at] = ch->to->score[s] - ch->from->score[s];
	d->cluster[at] = (int)ch->from->ev->municipality;
}

/* Bucket the changes by area and class and by area and transition, in
 * order, by counting, into d: each paired test then reads only its own. */
static void
bucket_changes(struct analysis *an, struct change_data *d)
{
	size_t i, nk = NCLASS + an->versions.n * an->versions.n;
	size_t nb = KK_AREA_SLOTS * nk, *start = kk_calloc(nb + 1, sizeof *start);
	size_t *next = kk_malloc((nb + 1) * sizeof *next);
	int key[2];

	for (i = 0; i < an->nchanges; i++) {
		change_keys(an, &an->changes[i], key);
		for (int k = 0; k < 2; k++)
			if (key[k] >= 0)
				start[an->changes[i].from->area * nk +
				    (size_t)key[k] + 1]++;
	}
	for (i = 0; i < nb; i++)
		start[i + 1] += start[i];
	memcpy(next, start, (nb + 1) * sizeof *next);
	d->y[RAW] = kk_malloc(NSCALE * (start[nb] + 1) * sizeof(double));
	d->y[NORMALISED] = d->y[RAW] + start[nb] + 1;
	d->cluster = kk_malloc((start[nb] + 1) * sizeof(int));
	d->intercept = (fm_formula){ .text = "change ~ 1",
	    .response = "change" };
	an->keyed_cc = kk_malloc(start[nb] + 1);
	for (i = 0; i < an->nchanges; i++) {
		change_keys(an, &an->changes[i], key);
		for (int k = 0; k < 2; k++) {
			if (key[k] < 0)
				continue;
			size_t at = next[an->changes[i].from->area * nk +
			    (size_t)key[k]]++;
			change_set(d, at, &an->changes[i]);
			an->keyed_cc[at] = an->changes[i].cc;
		}
	}
	free(next);
	an->change_start = start;
	an->nkeys = nk;
}

/* A paired test's changes: of one country, scale and area, and either
 * of one transition class (transition < 0) or of one exact transition
 * (class < 0). */
struct paired {
	int country, scale, area;
	int class, transition;
};

/* The changes of cell c, as positions in the bucket order of struct
 * change_data; returns how many. */
static size_t
paired_rows(const struct analysis *an, const struct paired *c, size_t *row)
{
	size_t key = c->transition >= 0 ? NCLASS + (size_t)c->transition :
	    (size_t)c->class;
	const size_t *b = an->change_start + c->area * an->nkeys + key;
	size_t k, n = 0;

	for (k = b[0]; k < b[1]; k++)
		if (c->country == ALL ||
		    an->keyed_cc[k] == c->country)
			row[n++] = k;
	return n;
}

static void
paired_head(FILE *fp, const struct analysis *an, const struct paired *c)
{
	int nv = (int)an->versions.n;

	fprintf(fp, "paired,%s,,,,%s,%s,,,,,,,,", country_name[c->country],
	    kk_area_name(c->area), scale_name[c->scale]);
	if (c->transition >= 0) {
		kk_csv_put(fp, an->versions.name[c->transition / nv]);
		fputs("->", fp);
		kk_csv_put(fp, an->versions.name[c->transition % nv]);
	}
	kk_csv_sep(fp);
	if (c->class >= 0)
		fputs(class_name[c->class], fp);
	fputs(",,,,", fp);
}

static void
warn_paired(const struct analysis *an, const struct paired *c,
	const char *why, size_t n)
{
	int nv = (int)an->versions.n;

	if (c->transition < 0)
		kk_warn("repeat_evaluations: %s %s area %s %s: mean change "
		    "undefined: %s (n = %zu)", country_name[c->country],
		    scale_name[c->scale], kk_area_name(c->area),
		    class_name[c->class], why, n);
	else
		kk_warn("repeat_evaluations: %s %s area %s %s->%s: mean "
		    "change undefined: %s (n = %zu)", country_name[c->country],
		    scale_name[c->scale], kk_area_name(c->area),
		    an->versions.name[c->transition / nv],
		    an->versions.name[c->transition % nv], why, n);
}

/* The mean change with its cluster-robust standard error (CR1 by
 * municipality, t on G - 1 df: a municipality's changes are not
 * independent of each other), as lm(change ~ 1) with
 * sandwich::vcovCL(type = "HC1", cluster = ~municipality_id).  Where
 * every municipality gives one change this is the paired t test. */
struct paired_test {
	struct paired c;
	md_fit fit;
	gr_counts counts;       /* the changes, for their mean and sd */
};

static void
paired_fit(const struct analysis *an, const struct change_data *d,
	struct paired_test *p, size_t *row)
{
	const double *y = d->y[p->c.scale];
	size_t i, n = paired_rows(an, &p->c, row);
	const md_data data = { .formula = &d->intercept, .y = y,
	    .cluster = d->cluster, .ncluster = an->nmunicipalities };

	md_fit_rows(&data, row, n, MD_CLUSTER, &p->fit);
	p->counts = (gr_counts){ 0 };
	for (i = 0; i < n; i++)
		if (!isnan(y[row[i]]))
			gr_add(&p->counts, y[row[i]], 1);
}

static void
paired_row(FILE *fp, const struct analysis *an, struct paired_test *p,
	const st_desc *s)
{
	const md_fit *fit = &p->fit;

	/* one change is no test, and says so by n */
	if (fit->why && fit->n > 1)
		warn_paired(an, &p->c, fit->why, fit->n);
	paired_head(fp, an, &p->c);
	fprintf(fp, "%zu,%zu", fit->n, fit->clusters);
	kk_csv_put_nums(fp, (double[]){ s->mean, s->sd, fit->coef[0].se,
	    fit->coef[0].t, fit->df, fit->coef[0].p, fit->coef[0].ci_low,
	    fit->coef[0].ci_high }, 8);
	kk_csv_eol(fp);
}

static void
paired_free(struct paired_test *p, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		md_fit_free(&p[i].fit);
		gr_free(&p[i].counts);
	}
}

/* Whether an area's changes are the same on both scales, bit for bit
 * (every evaluation of a version the crosswalk maps as it is): its
 * tests on the normalised scale are then those on the raw scale. */
static int
same_scales(const struct analysis *an, const struct change_data *d,
	int area)
{
	const size_t *b = an->change_start + (size_t)area * an->nkeys;
	size_t n = b[an->nkeys] - b[0];

	return memcmp(d->y[RAW] + b[0], d->y[NORMALISED] + b[0],
	    n * sizeof(double)) == 0;
}

/* Which exact transitions each country has: seen[country][transition]. */
static char *
transitions_seen(const struct analysis *an, size_t ntrans)
{
	char *seen = kk_calloc(NCOUNTRY * ntrans + 1, 1);
	const struct change *ch;
	int t;

	for (size_t i = 0; i < an->nchanges; i++) {
		ch = &an->changes[i];
		if ((t = transition(an, ch)) < 0)
			continue;
		seen[ALL * ntrans + (size_t)t] = 1;
		if (ch->from->ev->cc >= 0)
			seen[(size_t)ch->from->ev->cc * ntrans + (size_t)t] = 1;
	}
	return seen;
}

/* Per country, scale and area: each transition class, then each exact
 * transition the country has. */
/* The tests of one country, scale and area: each transition class, then
 * each exact transition the country has.  Returns how many. */
static size_t
paired_tests(const struct analysis *an, const struct paired *at,
	const char *seen, struct paired_test *p)
{
	size_t t, k = 0, ntrans = an->versions.n * an->versions.n;
	int nv = (int)an->versions.n;
	struct paired c = *at;

	c.transition = -1;
	for (c.class = 0; c.class < NCLASS; c.class++)
		p[k++].c = c;
	for (t = 0; t < ntrans; t++) {
		if (!seen[(size_t)c.country * ntrans + t])
			continue;
		c.transition = (int)t;
		c.class = transition_class(an, c.transition / nv,
		    c.transition % nv);
		p[k++].c = c;
	}
	return k;
}

/* Per country, scale and area, the tests of paired_tests; their means
 * and sds together (gr_describe_all runs several side by side).  An
 * area whose scales agree keeps its raw tests for the normalised rows. */
static void
write_paired(FILE *fp, const struct analysis *an, const struct change_data *d)
{
	size_t i, k, ntrans = an->versions.n * an->versions.n, m = NCLASS + ntrans;
	size_t *row = kk_malloc((an->nchanges + 1) * sizeof *row);
	char *seen = transitions_seen(an, ntrans);
	struct paired_test *p = kk_malloc(KK_AREA_SLOTS * m * sizeof *p), *t;
	gr_counts *counts = kk_malloc(m * sizeof *counts);
	st_desc *desc = kk_malloc(KK_AREA_SLOTS * m * sizeof *desc), *e;
	struct paired c = { 0, 0, 0, -1, -1 };
	int same[KK_AREA_SLOTS];

	for (c.area = 1; c.area <= KK_AREA_TOTAL; c.area++)
		same[c.area] = same_scales(an, d, c.area);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++)
	for (c.area = 1; c.area <= KK_AREA_TOTAL; c.area++) {
		t = p + (size_t)c.area * m;
		e = desc + (size_t)c.area * m;
		k = paired_tests(an, &c, seen, t);
		if (c.scale == RAW || !same[c.area]) {
			for (i = 0; i < k; i++) {
				paired_fit(an, d, &t[i], row);
				counts[i] = t[i].counts;
			}
			gr_describe_all(counts, k, e);
		}
		for (i = 0; i < k; i++)
			paired_row(fp, an, &t[i], &e[i]);
		if (c.scale == NORMALISED || !same[c.area])
			paired_free(t, k);
	}
	free(desc);
	free(counts);
	free(p);
	free(seen);
	free(row);
}

static void
write_repeats(FILE *fp, struct analysis *an)
{
	struct change_bufs cb = { 0 };
	struct change_data d;

	kk_schema_header(fp, &kk_repeats_table);
	for (size_t i = 0; i < an->nchanges; i++)
		change_rows(an, fp, &cb, &an->changes[i]);
	kk_buf_free(&cb.head);
	kk_buf_free(&cb.mid);
	kk_buf_free(&cb.scores);
	kk_buf_free(&cb.out);
	bucket_changes(an, &d);
	write_paired(fp, an, &d);
	change_data_free(&d);
}

/* ---- size make-up of the top and the bottom (size_makeup.csv) ------------ */

/* The Røros 2022 report's evidence on size: of the fifteen municipalities
 * with the highest total, how many are in each size class, and of the
 * fifteen evaluations with the lowest.  A municipality counts once, with
 * its best total (and that evaluation's size class); equal totals are
 * ordered by evaluation id, so the table is the same on every run. */
enum { MAKEUP_N = 15 };

static int
cmp_best(const void *pa, const void *pb)
{
	const struct obs *a = *(struct obs *const *)pa;
	const struct obs *b = *(struct obs *const *)pb;

	if (a->score[RAW] != b->score[RAW])
		return a->score[RAW] < b->score[RAW] ? 1 : -1;
	return strcmp(a->ev->eval, b->ev->eval);
}

/* A municipality's evaluations together, its best first. */
static int
cmp_municipality_best(const void *pa, const void *pb)
{
	const struct obs *a = *(struct obs *const *)pa;
	const struct obs *b = *(struct obs *const *)pb;
	int d = strcmp(a->ev->key, b->ev->key);

	return d ? d : cmp_best(pa, pb);
}

static void
makeup_set(FILE *fp, const struct labels *sizes, int cc, const char *set,
	struct obs **o, size_t n, size_t among)
{
	for (size_t s = 0; s < sizes->n; s++) {
		size_t k = 0, in = 0;
		for (size_t i = 0; i < among; i++)
			in += o[i]->ev->size_class == (int)s;
		if (!in)
			continue;       /* a class the country does not have */
		for (size_t i = 0; i < n; i++)
			k += o[i]->ev->size_class == (int)s;
		fprintf(fp, "%s,%s,", country_name[cc], set);
		kk_csv_put(fp, sizes->name[s]);
		fprintf(fp, ",%zu,%zu,%zu\n", k, n, among);
	}
}

static void
write_makeup(FILE *fp, struct analysis *an)
{
	struct obs **t = kk_malloc((an->nobs + 1) * sizeof *t);
	struct obs **best = kk_malloc((an->nobs + 1) * sizeof *best);
	struct obs *o = an->obs;

	kk_schema_header(fp, &kk_makeup_table);
	for (int cc = NO; cc < ALL; cc++) {
		size_t n = 0, nbest = 0;
		for (size_t i = 0; i < an->nobs; i++)
			if (o[i].ev->cc == cc && o[i].area == KK_AREA_TOTAL &&
			    !isnan(o[i].score[RAW]) && o[i].ev->size_class >= 0)
				t[n++] = &o[i];
		qsort(t, n, sizeof *t, cmp_municipality_best);
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(t[i]->ev->key, t[i - 1]->ev->key))
				best[nbest++] = t[i];
		qsort(best, nbest, sizeof *best, cmp_best);
		makeup_set(fp, &an->sizes, cc, "top_municipalities", best,
		    nbest < MAKEUP_N ? nbest : MAKEUP_N, nbest);
		qsort(t, n, sizeof *t, cmp_best);
		size_t nlow = n < MAKEUP_N ? n : MAKEUP_N;
		/* the lowest, lowest first */
		for (size_t i = 0; i < n / 2; i++) {
			struct obs *x = t[i];
			t[i] = t[n - 1 - i];
			t[n - 1 - i] = x;
		}
		makeup_set(fp, &an->sizes, cc, "bottom_evaluations", t, nlow,
		    n);
	}
	free(best);
	free(t);
}

/* ---- main ------------------------------------------------------------------ */


static const char *const table_name[] = { "summary", "correlation",
	"groups", "repeat", "makeup" };
enum { NTABLE = 5 };

/* --tables LIST: which tables to write, as a bit set. */
static unsigned
parse_tables(const char *list)
{
	const char *p = list, *e;
	unsigned set = 0;
	size_t n;
	int i;

	for (;;) {
		e = strchr(p, ',');
		n = e ? (size_t)(e - p) : strlen(p);
		for (i = 0; i < NTABLE; i++)
			if (strlen(table_name[i]) == n &&
			    strncmp(p, table_name[i], n) == 0)
				break;
		if (i == NTABLE)
			kk_usage("--tables: '%.*s' is not one of summary, "
			    "correlation, groups, repeat, makeup", (int)n, p);
		set |= 1u << i;
		if (!e)
			return set;
		p = e + 1;
	}
}

static void
write_tables(struct analysis *an, const char *dir, unsigned set)
{
	static const char *const file[] = { "summary.csv",
		"size_correlation.csv", "size_groups.csv",
		"repeat_evaluations.csv", "size_makeup.csv" };
	static void (*const writer[])(FILE *, struct analysis *) = {
		write_summary,
		write_correlation, write_groups, write_repeats, write_makeup };
	kk_out *out[NTABLE];
	char *path;
	int i;

	kk_mkdirs(dir);
	for (i = 0; i < NTABLE; i++) {
		if (!(set & 1u << i))
			continue;
		path = kk_path_join(dir, file[i]);
		out[i] = kk_out_open(path);
		free(path);
		writer[i](kk_out_fp(out[i]), an);
	}
	/* all or none: a failed run leaves the old tables */
	for (i = 0; i < NTABLE; i++)
		if (set & 1u << i)
			kk_out_commit(out[i]);
}

static unsigned long
parse_count(const char *opt, const char *val, long max)
{
	long v;

	if (kk_parse_long(val, strlen(val), 0, max, &v) != KK_NUM_OK)
		kk_usage("%s: '%s' is not a whole number from 0 to %ld", opt,
		    val, max);
	return (unsigned long)v;
}

/* Every table but the summary needs the rows themselves; so does
 * --latest, which knows a municipality's last evaluation only at the
 * end. */
static void
analyse(struct analysis *an, const char *in, int latest, unsigned set)
{
	struct obs **p;

	if (set == 1u && !latest) {
		read_scores(an, in, 1);
		order_groups(an);
		return;
	}
	read_scores(an, in, 0);
	order_groups(an);
	p = chrono(an);
	an->nmunicipalities = number_municipalities(p, an->nobs);
	find_changes(an, p);
	if (latest)
		keep_latest(p, an->nobs);
	free(p);
	bucket_areas(an);
	if (set & 1u)
		count_kept(an);
}

static void
analysis_free(struct analysis *an)
{
	for (int a = 1; a <= KK_AREA_TOTAL; a++)
		free(an->area_obs[a]);
	free(an->keyed_cc);
	free(an->change_start);
	free(an->changes);
	free(an->obs);
	free(an->ev);
	kk_arena_free(&an->evaluations);
	counts_free(&an->counts);
	free(an->sizes.name);
	free(an->sizes.key);
	free(an->versions.name);
	free(an->versions.key);
	kk_arena_free(&an->kept);
}

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_DIR, OPT_LATEST, OPT_BOOTSTRAP, OPT_SEED,
		OPT_TABLES };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "d", true, OPT_DIR }, { "dir", true, OPT_DIR },
		{ "latest", false, OPT_LATEST },
		{ "bootstrap", true, OPT_BOOTSTRAP },
		{ "seed", true, OPT_SEED },
		{ "tables", true, OPT_TABLES },
		{ NULL, false, 0 }
	};
	const char *dir = "out/tables", *val, *in;
	int latest = 0, k, ai = 1;
	unsigned set = (1u << NTABLE) - 1;
	struct analysis an = { .nboot = DEFAULT_B, .seed = DEFAULT_SEED };

	kk_set_prog(argv[0]);
	kk_malloc_keep();
	while ((k = kk_getopt(argc, argv, &ai, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_DIR: dir = val; break;
		case OPT_LATEST: latest = 1; break;
		case OPT_BOOTSTRAP:
			an.nboot = parse_count("--bootstrap", val, 1000000);
			break;
		case OPT_SEED:
			an.seed = parse_count("--seed", val, 4294967295L);
			break;
		case OPT_TABLES: set = parse_tables(val); break;
		}
	}
	if (ai >= argc)
		kk_usage("expected one FILE (or '-' for standard input)");
	in = argv[ai++];
	if (ai < argc)
		kk_usage("too many operands");
	analyse(&an, in, latest, set);
	write_tables(&an, dir, set);
	analysis_free(&an);
	return 0;
}
