/*
 * kk-normalise - put every area score on its canonical (3.2) area and,
 * if asked, on a comparable scale.
 *
 * The crosswalk is data (data/areas.csv).  Methods:
 *   identity    the crosswalk only: raw points, re-labelled (default)
 *   zscore      (x - mean) / sd within a (country, version, area) cohort
 *   percentile  mid-rank percentile rank within the same cohort
 *   mean        older versions shifted onto the 3.x scale
 *   linear      older versions shifted and stretched (mean-sigma)
 * Linking (mean, linear) needs a design declared in data/linking.csv and
 * cohorts of at least its min_cohort; anything less is refused, never
 * linked quietly.  The reported total is its own scale: it is never
 * summed from areas, and is transformed from its own cohort.
 */
#include <math.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "kk.h"
#include "areas.h"
#include "canon.h"
#include "linking.h"
#include "population.h"
#include "schema.h"

enum method { IDENTITY, ZSCORE, PERCENTILE, MEAN, LINEAR };
static const char *const method_name[] = {
	"identity", "zscore", "percentile", "mean", "linear", NULL
};

/* The text every row of an evaluation repeats, kept once for a run of
 * adjacent rows that agree on all of it (an export lists an evaluation's
 * rows together).  Rows of one evaluation_id far apart make two runs;
 * rank, the place of the id in strcmp order, joins them again. */
enum ev_field { EV_ID, EV_COUNTRY, EV_CODE, EV_MUNI, EV_YEAR, EV_SOURCE,
	EV_N };
static const enum kk_canon_col ev_col[EV_N] = {
	KK_C_ID, KK_C_COUNTRY, KK_C_CODE, KK_C_MUNI, KK_C_YEAR, KK_C_SOURCE
};

struct evaluation {
	char *f[EV_N + 1];         /* in text[], one after another; each
				      field NUL-terminated, f[EV_N] its end */
	size_t first, n;           /* its records, in input order */
	size_t rank;               /* of f[EV_ID] among the ids */
	size_t country;            /* rank of f[EV_COUNTRY] */
	char *municipality;        /* municipality_id: linking only */
	long year;                 /* f[EV_YEAR], as the reader parsed it */
};

/* One output row, compact: a panel has millions (24 bytes). */
struct rec {
	double raw;                /* NAN when missing */
	long line;
	uint32_t ev;               /* index into ev[] */
	unsigned char area;        /* canonical 1..8, KK_AREA_TOTAL */
	unsigned char version;     /* enum kk_version */
	bool inferred;
	bool max_given;            /* in given_max[], else the dictionary's */
};

struct cohort {                    /* (country, version, area) */
	const char *country;
	enum kk_version version;
	int area;
	size_t *member, nmember;   /* indices into rec[], a run of member[] */
	size_t n;                  /* non-missing scores */
	double mean, sd;
	const struct design *design;   /* linking only */
	kk_link link;
	bool linked;
	size_t pairs;              /* single group: municipalities paired */
	double median_gap;         /* and the median years between */
	char *label;
};

struct design {                    /* a row of data/linking.csv */
	enum kk_version from, to;
	enum kk_link_design design;
	const char *country;       /* "*": both countries pooled */
	long min_cohort;
	long line;
};

/* kk_version_resolve's answer for the last (cell, year): the rows of an
 * evaluation repeat them. */
struct version_memo {
	kk_buf cell;
	long year;
	enum kk_version version;
	bool inferred, fuzzy;
};

/* One run of kk-normalise: its options, what it read, its cohorts. */
struct run {
	enum method method;
	unsigned long seed;
	unsigned replicates;
	kk_canon_reader *canon;
	kk_areas *areas;
	struct evaluation *ev;
	size_t nev, ev_cap;
	kk_arena ev_text;          /* the evaluations' text (a malloc each
				      cost a tenth of its size in headers) */
	struct rec *rec;           /* in input order */
	size_t nrec, rec_cap;
	uint32_t *order;           /* indices into rec[], output order */
	size_t nout;               /* after repeats are counted once */
	double *given_max;         /* by rec index, where max_given: the */
	size_t given_cap;          /* max column is mostly empty */
	struct version_memo version;
	const char *warned;        /* the last evaluation warned about */
	double *relative_score;    /* zscore, percentile: by rec index */
	struct cohort *cohort;
	size_t ncohort, cohort_cap;
	uint32_t *cohort_of_rec;   /* index into cohort[] by rec index */
	size_t *member;            /* rec indices by cohort */
	struct design *design;
	size_t ndesign, design_cap;
	kk_table *linking;
	kk_pop_sources population; /* for municipality_id */
};

static const char *const usage_text =
"usage: kk-normalise [options] [FILE|-]\n"
"Map the area scores of the canonical table (default stdin) onto the\n"
"canonical 3.2 areas and a chosen scale.  Sub-area rows are dropped.\n"
"\n"
"  --method M          identity (default): crosswalk only, raw points;\n"
"                      zscore, percentile: position within the (country,\n"
"                      version) cohort of each area;\n"
"                      mean, linear: link 1.x/2.x onto the 3.x scale with\n"
"                      the design declared in the linking file\n"
"  -o, --output FILE   write the table to FILE (default stdout)\n"
"  --constants FILE    write cohort sizes, means, SDs, linking constants\n"
"                      and their bootstrap standard errors to FILE\n"
"  --seed N            bootstrap seed (default 2022)\n"
"  --replicates N      bootstrap replicates (default 1000)\n"
"  --areas FILE        area dictionary (default " KK_AREAS_PATH ")\n"
"  --linking FILE      linking designs (default data/linking.csv)\n"
"  --population-dir DIR, --population FILE, --code-changes FILE\n"
"                      where municipality_id comes from, as for kk-size\n"
"                      (default data/population): mean and linear only\n"
"  --help              show this help\n"
"\n"
"Linking pairs and resamples municipalities, each its country and\n"
"municipality_id (as kk-size writes it; a code means another\n"
"municipality in the other country).  A single-group design pairs each\n"
"municipality scored under both versions once: its two evaluations\n"
"closest in time; of equally close pairs the later old-version and then\n"
"the earlier new-version evaluation, then the smaller evaluation_id.\n"
"The bootstrap draws municipalities with replacement, each with all of\n"
"its scores under both versions, and --constants gives the covariance of\n"
"slope and intercept: the SE of a linked score s = slope x + intercept\n"
"is sqrt(x^2 se_slope^2 + se_intercept^2 + 2 x cov_slope_intercept).\n"
"Links of one area with the same reference_cohort share its\n"
"evaluations, so their constants are correlated.\n"
"See doc/versions.md for what each method assumes.\n";

/* ---- records ------------------------------------------------------------ */

static const char *
ev_id(struct run *run, const struct rec *x)
{
	return run->ev[x->ev].f[EV_ID];
}

static void
warn_fuzzy(struct run *run, const kk_canon_row *r, const char *id)
{
	/* once per evaluation: its rows usually sit together */
	if (run->warned && strcmp(run->warned, id) == 0)
		return;
	run->warned = id;
	kk_warn_at(kk_canon_name(run->canon), r->line,
	    kk_canon_reader_colno(run->canon, KK_C_VERSION),
	    "%s: version '%s' read as 3.2", id, r->field[KK_C_VERSION]);
}

static int
canonical_area(struct run *run, const kk_canon_row *r, enum kk_version v)
{
	const char *item;
	int area, canonical;

	if (r->level == KK_LEVEL_TOTAL)
		return KK_AREA_TOTAL;
	/* "1".."8" on nearly every row: kk_area_item's answer, unparsed */
	item = r->field[KK_C_ITEM];
	if (r->len[KK_C_ITEM] == 1 && item[0] >= '1' &&
	    item[0] <= '0' + KK_NAREA)
		area = item[0] - '0';
	else
		area = kk_area_item(item);
	if (area < 0)
		kk_die_at(kk_canon_name(run->canon), r->line,
		    kk_canon_reader_colno(run->canon, KK_C_ITEM),
		    "area '%s' is not 1..8", r->field[KK_C_ITEM]);
	canonical = kk_areas_canonical(run->areas, v, area);
	if (canonical < 0)
		kk_die_at(kk_canon_name(run->canon), r->line,
		    kk_canon_reader_colno(run->canon, KK_C_ITEM), "area %d of "
		    "version %s has no canonical area in the area dictionary",
		    area, kk_version_name(v));
	return canonical;
}

static double
max_of(struct run *run, size_t i)
{
	const struct rec *x = &run->rec[i];

	return x->max_given ? run->given_max[i] :
	    kk_areas_max(run->areas, x->version, x->area);
}

static size_t
ev_len(const struct evaluation *e, enum ev_field k)
{
	return (size_t)(e->f[k + 1] - e->f[k]) - 1;
}

/* Do the row's id..year cells lie one after another, each ended by its
 * NUL, as e->f[EV_ID..EV_YEAR] do?  The reader's buffer usually has them
 * so, and one memcmp then compares all five (a call per cell made six
 * calls a row, the largest cost of kk-normalise outside the reader). */
static bool
row_prefix_contiguous(const kk_canon_row *r)
{
	for (int k = EV_ID; k < EV_YEAR; k++)
		if (r->field[ev_col[k + 1]] !=
		    r->field[ev_col[k]] + r->len[ev_col[k]] + 1)
			return false;
	return true;
}

static bool
same_evaluation(const struct evaluation *e, const kk_canon_row *r)
{
	int k;

	for (k = 0; k < EV_N; k++)
		if (ev_len(e, k) != r->len[ev_col[k]])
			return false;
	/* lengths equal, so the cell boundaries of the spans agree */
	if (row_prefix_contiguous(r))
		return memcmp(e->f[EV_ID], r->field[KK_C_ID],
		    (size_t)(e->f[EV_SOURCE] - e->f[EV_ID])) == 0 &&
		    memcmp(e->f[EV_SOURCE], r->field[KK_C_SOURCE],
		    ev_len(e, EV_SOURCE)) == 0;
	for (k = 0; k < EV_N; k++)
		if (memcmp(e->f[k], r->field[ev_col[k]], ev_len(e, k)) != 0)
			return false;
	return true;
}

/* The evaluation of row r: the current one, or a new one after it. */
static size_t
evaluation_of(struct run *run, const kk_canon_row *r)
{
	struct evaluation *e;
	size_t bytes = 0;
	char *p;
	int k;

	if (run->nev && same_evaluation(&run->ev[run->nev - 1], r))
		return run->nev - 1;
	if (run->nev == UINT32_MAX)
		kk_die("more than %lu evaluations", (unsigned long)UINT32_MAX);
	kk_grow((void **)&run->ev, &run->ev_cap, run->nev + 1, sizeof *run->ev);
	e = &run->ev[run->nev];
	for (k = 0; k < EV_N; k++)
		bytes += r->len[ev_col[k]] + 1;
	p = kk_arena_alloc(&run->ev_text, bytes);
	for (k = 0; k < EV_N; k++) {
		e->f[k] = p;
		memcpy(p, r->field[ev_col[k]], r->len[ev_col[k]] + 1);
		p += r->len[ev_col[k]] + 1;
	}
	e->f[EV_N] = p;
	e->first = run->nrec;
	e->n = 0;
	e->year = r->year;
	e->municipality = NULL;
	return run->nev++;
}

static void
resolve_version(struct run *run, const kk_canon_row *r, enum kk_version *v,
	bool *inferred, bool *fuzzy)
{
	struct version_memo *m = &run->version;
	kk_buf *cell = &m->cell;
	size_t n = r->len[KK_C_VERSION];

	if (!cell->p || m->year != r->year || cell->len != n ||
	    memcmp(cell->p, r->field[KK_C_VERSION], n) != 0) {
		if (!kk_version_resolve(r->field[KK_C_VERSION], r->year,
		    &m->version, &m->inferred, &m->fuzzy))
			kk_die_at(kk_canon_name(run->canon), r->line,
			    kk_canon_reader_colno(run->canon, KK_C_VERSION),
			    "unknown version '%s' (known: 1.x, 2.0, 2.1, 3.0, "
			    "3.2, 3.x)", r->field[KK_C_VERSION]);
		m->year = r->year;
		cell->len = 0;
		kk_buf_add(cell, r->field[KK_C_VERSION], n);
	}
	*v = m->version;
	*inferred = m->inferred;
	*fuzzy = m->fuzzy;
}

static void
add_record(struct run *run, const kk_canon_row *r)
{
	struct rec *x;
	enum kk_version v;
	bool fuzzy;

	/* order[] holds 32-bit row indices: half the memory */
	if (run->nrec == UINT32_MAX)
		kk_die("more than %lu rows", (unsigned long)UINT32_MAX);
	kk_grow((void **)&run->rec, &run->rec_cap, run->nrec + 1,
	    sizeof *run->rec);
	x = &run->rec[run->nrec];
	x->ev = (uint32_t)evaluation_of(run, r);
	x->line = r->line;
	resolve_version(run, r, &v, &x->inferred, &fuzzy);
	if (fuzzy)
		warn_fuzzy(run, r, run->ev[x->ev].f[EV_ID]);
	x->version = (unsigned char)v;
	x->area = (unsigned char)canonical_area(run, r, v);
	x->max_given = !isnan(r->max);
	if (x->max_given) {
		kk_grow((void **)&run->given_max, &run->given_cap,
		    run->nrec + 1, sizeof *run->given_max);
		run->given_max[run->nrec] = r->max;
	}
	x->raw = r->score;
	run->ev[x->ev].n++;
	run->nrec++;
}

static bool
same_number(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static const char *
area_words(struct run *run, const struct rec *x)
{
	return kk_areas_slug(run->areas, x->area);
}

/* Two numbers for one area would make every statistic downstream
 * ambiguous (kk-validate says which is which); the same number twice,
 * as when one evaluation comes in two export files, is counted once. */
static void
check_unique(struct run *run)
{
	const struct rec *a, *b;
	size_t i, n = run->nout ? 1 : 0;

	for (i = 1; i < run->nout; i++) {
		a = &run->rec[run->order[n - 1]];
		b = &run->rec[run->order[i]];
		if (a->area != b->area ||
		    run->ev[a->ev].rank != run->ev[b->ev].rank) {
			run->order[n++] = run->order[i];
			continue;
		}
		if (!same_number(a->raw, b->raw) ||
		    !same_number(max_of(run, run->order[n - 1]),
		    max_of(run, run->order[i])))
			kk_die_at(kk_canon_name(run->canon), b->line, 0,
			    "%s has two different scores for %s (also line "
			    "%ld); run kk-validate", ev_id(run, b),
			    area_words(run, b), a->line);
		kk_warn_at(kk_canon_name(run->canon), b->line, 0, "%s: %s "
		    "repeated with the same score (also line %ld); counted "
		    "once", ev_id(run, b), area_words(run, b), a->line);
	}
	run->nout = n;
}

/* ---- sorting ------------------------------------------------------------- */

/* An evaluation's field, to sort the evaluations by it. */
struct keyed {
	const char *text;
	size_t ev;
};

static int
by_text(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->text, y->text);

	return c ? c : (x->ev > y->ev) - (x->ev < y->ev);
}

/* Sort the evaluations (far fewer than rows) by field k, set each one's
 * rank (equal strings share one; the country's rank when country, else
 * the id's) and return the evaluations in that order. */
static size_t *
rank_evaluations(struct run *run, enum ev_field k, bool country)
{
	size_t n = run->nev, *sorted = kk_malloc((n ? n : 1) * sizeof *sorted);
	struct keyed *key = kk_malloc((n ? n : 1) * sizeof *key);
	size_t i, r = 0;

	for (i = 0; i < n; i++)
		key[i] = (struct keyed){ run->ev[i].f[k], i };
	if (n)
		qsort(key, n, sizeof *key, by_text);
	for (i = 0; i < n; i++) {
		sorted[i] = key[i].ev;
		if (i && strcmp(key[i].text, key[i - 1].text))
			r++;
		if (country)
			run->ev[sorted[i]].country = r;
		else
			run->ev[sorted[i]].rank = r;
	}
	free(key);
	return sorted;
}

/* Stable counting sort of record indices idx[0..n) by key(rec) in
 * 0..nkey-1. */
static void
counting_sort(struct run *run, size_t *idx, size_t n,
	size_t (*key)(const struct run *, const struct rec *), size_t nkey,
	size_t *tmp)
{
	size_t *count = kk_calloc(nkey + 1, sizeof *count), i;

	for (i = 0; i < n; i++)
		count[key(run, &run->rec[idx[i]]) + 1]++;
	for (i = 0; i < nkey; i++)
		count[i + 1] += count[i];
	for (i = 0; i < n; i++)
		tmp[count[key(run, &run->rec[idx[i]])]++] = idx[i];
	memcpy(idx, tmp, n * sizeof *idx);
	free(count);
}

/* Records of one evaluation_id, in input order, into (area, line) order. */
static void
sort_by_area(struct run *run, uint32_t *seg, size_t n)
{
	size_t count[KK_AREA_TOTAL + 2] = { 0 }, i;
	uint32_t *tmp;

	for (i = 1; i < n &&
	    run->rec[seg[i - 1]].area <= run->rec[seg[i]].area; i++)
		;
	if (i >= n)
		return;
	tmp = kk_malloc(n * sizeof *tmp);
	for (i = 0; i < n; i++)
		count[run->rec[seg[i]].area + 1]++;
	for (i = 0; i <= KK_AREA_TOTAL; i++)
		count[i + 1] += count[i];
	for (i = 0; i < n; i++)
		tmp[count[run->rec[seg[i]].area]++] = seg[i];
	memcpy(seg, tmp, n * sizeof *seg);
	free(tmp);
}

/* Output order: evaluation_id (strcmp), canonical area, line.  The
 * evaluations are sorted, not the rows; a row keeps its place among
 * the rows of its id, which are in line order, unless the areas need
 * reordering.  The rows stay where they are, in input order: order[]
 * lists them (moving the records about was mostly cache misses). */
static void
sort_records(struct run *run)
{
	size_t *by_rank = rank_evaluations(run, EV_ID, false);
	size_t i, j, k, start;

	run->order = kk_malloc((run->nrec ? run->nrec : 1) *
	    sizeof *run->order);
	run->nout = 0;
	for (i = 0; i < run->nev; i = j) {
		start = run->nout;
		for (j = i; j < run->nev &&
		    run->ev[by_rank[j]].rank == run->ev[by_rank[i]].rank; j++)
			for (k = 0; k < run->ev[by_rank[j]].n; k++)
				run->order[run->nout++] =
				    (uint32_t)(run->ev[by_rank[j]].first + k);
		sort_by_area(run, run->order + start, run->nout - start);
	}
	free(by_rank);
}

static void
read_records(struct run *run, const char *path)
{
	const kk_canon_row *r;

	run->canon = kk_canon_open(path);
	while ((r = kk_canon_next(run->canon)) != NULL)
		if (r->level != KK_LEVEL_SUBAREA)
			add_record(run, r);
	sort_records(run);
	check_unique(run);
}

/* ---- cohorts ------------------------------------------------------------ */

static const char *
country_of(struct run *run, const struct rec *x)
{
	return run->ev[x->ev].f[EV_COUNTRY];
}

static bool
same_cohort(struct run *run, const struct rec *x, const struct rec *y)
{
	return x->version == y->version && x->area == y->area &&
	    run->ev[x->ev].country == run->ev[y->ev].country;
}

static bool
in_pool(const struct cohort *c, const char *country, enum kk_version v,
	int area)
{
	return c->version == v && c->area == area &&
	    (strcmp(country, "*") == 0 || strcmp(c->country, country) == 0);
}

/* Scores of the cohorts of (country, v, area); country "*" pools every
 * country.  The caller frees *out (and *evs, the evaluation of each
 * score, when asked for). */
static size_t
collect(struct run *run, const char *country, enum kk_version v, int area,
	double **out, uint32_t **evs)
{
	const struct cohort *c;
	const struct rec *x;
	size_t i, k, n = 0, size = 1;

	for (i = 0; i < run->ncohort; i++)
		if (in_pool(&run->cohort[i], country, v, area))
			size += run->cohort[i].nmember;
	*out = kk_malloc(size * sizeof **out);
	if (evs)
		*evs = kk_malloc(size * sizeof **evs);
	for (i = 0; i < run->ncohort; i++) {
		c = &run->cohort[i];
		if (!in_pool(c, country, v, area))
			continue;
		for (k = 0; k < c->nmember; k++) {
			x = &run->rec[c->member[k]];
			if (isnan(x->raw))
				continue;
			if (evs)
				(*evs)[n] = x->ev;
			(*out)[n++] = x->raw;
		}
	}
	return n;
}

static void
describe(struct run *run, struct cohort *c)
{
	double *x, sum = 0, ss = 0;
	size_t i;

	c->n = collect(run, c->country, c->version, c->area, &x, NULL);
	for (i = 0; i < c->n; i++)
		sum += x[i];
	c->mean = c->n ? sum / (double)c->n : NAN;
	for (i = 0; i < c->n; i++)
		ss += (x[i] - c->mean) * (x[i] - c->mean);
	c->sd = c->n > 1 ? sqrt(ss / (double)(c->n - 1)) : NAN;
	free(x);
}

/* Member indices sorted by (country, version, area, output order): two
 * stable counting sorts of order[], the less significant key first. */
static size_t
version_area_key(const struct run *run, const struct rec *x)
{
	(void)run;
	return (size_t)x->version * (KK_AREA_TOTAL + 1) + x->area;
}

static size_t
country_key(const struct run *run, const struct rec *x)
{
	return run->ev[x->ev].country;
}

static void
sort_members(struct run *run)
{
	size_t *tmp = kk_malloc((run->nout ? run->nout : 1) * sizeof *tmp), i;

	for (i = 0; i < run->nout; i++)
		run->member[i] = run->order[i];
	counting_sort(run, run->member, run->nout, version_area_key,
	    KK_NVERSION * (KK_AREA_TOTAL + 1), tmp);
	counting_sort(run, run->member, run->nout, country_key, run->nev, tmp);
	free(tmp);
}

/* Each cohort is a run of member[], in country, version, area order. */
static void
make_cohorts(struct run *run)
{
	struct cohort *c;
	size_t i, start;

	free(rank_evaluations(run, EV_COUNTRY, true));
	run->member = kk_malloc((run->nout ? run->nout : 1) *
	    sizeof *run->member);
	run->cohort_of_rec = kk_malloc((run->nrec ? run->nrec : 1) *
	    sizeof *run->cohort_of_rec);
	sort_members(run);
	for (start = 0; start < run->nout; start = i) {
		for (i = start + 1; i < run->nout &&
		    same_cohort(run, &run->rec[run->member[start]],
		    &run->rec[run->member[i]]); i++)
			;
		if (run->ncohort == UINT32_MAX)
			kk_die("more than %lu cohorts",
			    (unsigned long)UINT32_MAX);
		kk_grow((void **)&run->cohort, &run->cohort_cap,
		    run->ncohort + 1, sizeof *run->cohort);
		c = &run->cohort[run->ncohort];
		memset(c, 0, sizeof *c);
		c->country = country_of(run, &run->rec[run->member[start]]);
		c->version = run->rec[run->member[start]].version;
		c->area = run->rec[run->member[start]].area;
		c->member = run->member + start;
		c->nmember = i - start;
		for (size_t k = start; k < i; k++)
			run->cohort_of_rec[run->member[k]] =
			    (uint32_t)run->ncohort;
		run->ncohort++;
	}
	for (i = 0; i < run->ncohort; i++)
		describe(run, &run->cohort[i]);
}

static const struct cohort *
cohort_of(struct run *run, size_t i)
{
	return &run->cohort[run->cohort_of_rec[i]];
}

/* The score column: raw, linked, or the cohort-relative value. */
static double
score_of(struct run *run, size_t i)
{
	const struct cohort *c;

	if (run->method == IDENTITY)    /* no cohorts without --constants */
		return run->rec[i].raw;
	c = cohort_of(run, i);
	if (run->relative_score)
		return run->relative_score[i];
	if (c->linked)
		return c->link.slope * run->rec[i].raw + c->link.intercept;
	return run->rec[i].raw;
}

static const char *
method_of(struct run *run, size_t i)
{
	const char *label;

	if (run->method == IDENTITY)
		return method_name[IDENTITY];
	label = cohort_of(run, i)->label;
	return label ? label : method_name[IDENTITY];
}

/* ---- zscore, percentile -------------------------------------------------- */

/* Give the records of cohort c, in collect()'s order, the values v. */
static void
assign(struct run *run, const struct cohort *c, const double *v)
{
	size_t i, k = 0;

	for (i = 0; i < c->nmember; i++)
		if (!isnan(run->rec[c->member[i]].raw))
			run->relative_score[c->member[i]] = v[k++];
}

/* Returns false when z-scores are undefined (n < 2 or no spread). */
static bool
relative_cohort(struct run *run, struct cohort *c)
{
	double *x, *v;
	size_t n = collect(run, c->country, c->version, c->area, &x, NULL);
	bool ok = true;

	v = kk_malloc((n ? n : 1) * sizeof *v);
	if (run->method == PERCENTILE)
		kk_percentile_ranks(x, n, v);
	else if (!(ok = kk_zscores(x, n, v)))
		for (size_t i = 0; i < n; i++)
			v[i] = NAN;
	assign(run, c, v);
	free(x);
	free(v);
	return ok;
}

static void
relative(struct run *run)
{
	struct cohort *c;
	size_t i, small = 0;

	run->relative_score = kk_malloc((run->nrec ? run->nrec : 1) *
	    sizeof *run->relative_score);
	for (i = 0; i < run->nrec; i++)
		run->relative_score[i] = run->rec[i].raw;
	for (i = 0; i < run->ncohort; i++) {
		c = &run->cohort[i];
		c->label = kk_asprintf("%s:%s:%s", method_name[run->method],
		    c->country, kk_version_name(c->version));
		small += !relative_cohort(run, c);
	}
	if (small)
		kk_warn("%zu cohort%s with fewer than two distinct scores: "
		    "their z-scores are left empty", small,
		    small == 1 ? "" : "s");
}

/* ---- linking ------------------------------------------------------------ */

static enum kk_version
design_version(struct run *run, size_t r, size_t col)
{
	enum kk_version v;

	if (kk_version_parse(run->linking->cell[r][col], &v) != KK_VERSION_OK)
		kk_die_at(run->linking->name, run->linking->line[r],
		    (long)col + 1, "unknown version '%s'",
		    run->linking->cell[r][col]);
	return v;
}

static void
load_design(struct run *run, size_t r, const size_t col[5])
{
	struct design *d;
	const char *s;

	kk_grow((void **)&run->design, &run->design_cap, run->ndesign + 1,
	    sizeof *run->design);
	d = &run->design[run->ndesign++];
	d->line = run->linking->line[r];
	d->from = design_version(run, r, col[0]);
	d->to = design_version(run, r, col[1]);
	if (kk_version_is_3x(d->from) || !kk_version_is_3x(d->to))
		kk_die_at(run->linking->name, d->line, 0, "a design links an "
		    "older version onto 3.0 or 3.2, not %s onto %s",
		    kk_version_name(d->from), kk_version_name(d->to));
	if (!kk_link_design_parse(run->linking->cell[r][col[2]], &d->design))
		kk_die_at(run->linking->name, d->line, (long)col[2] + 1,
		    "design '%s' is not single-group or random-groups",
		    run->linking->cell[r][col[2]]);
	d->country = run->linking->cell[r][col[3]];
	s = run->linking->cell[r][col[4]];
	if (kk_parse_long(s, strlen(s), 2, 1000000, &d->min_cohort) !=
	    KK_NUM_OK)
		kk_die_at(run->linking->name, d->line, (long)col[4] + 1,
		    "min_cohort '%s' is not a whole number >= 2", s);
}

static void
load_designs(struct run *run, const char *path)
{
	static const char *const names[5] = {
		"from_version", "to_version", "design", "country", "min_cohort"
	};
	char *dflt = path ? NULL : kk_data_path("linking.csv");
	size_t col[5], r;
	int i;

	run->linking = kk_table_read(path ? path : dflt);
	free(dflt);
	for (i = 0; i < 5; i++)
		col[i] = kk_table_need(run->linking, names[i]);
	for (r = 0; r < run->linking->nrows; r++)
		load_design(run, r, col);
}

static const struct design *
find_design(struct run *run, const char *country, enum kk_version v)
{
	size_t i;

	for (i = 0; i < run->ndesign; i++)
		if (run->design[i].from == v &&
		    (strcmp(run->design[i].country, "*") == 0 ||
		    strcmp(run->design[i].country, country) == 0))
			return &run->design[i];
	return NULL;
}

/* ---- municipalities ------------------------------------------------------ */

/* Every evaluation's municipality_id, as kk-size writes it: linking pairs
 * and resamples municipalities, and a municipality may have changed its
 * code between two evaluations. */
static void
identify(struct run *run)
{
	kk_pop *pop = kk_pop_open(&run->population);
	struct evaluation *e;

	for (size_t i = 0; i < run->nev; i++) {
		e = &run->ev[i];
		e->municipality = kk_pop_identity(pop, e->f[EV_COUNTRY],
		    e->f[EV_CODE], e->year);
	}
	kk_pop_free(pop);
}

/* A score of a linking cohort and its evaluation's place and time. */
struct place {
	const char *country, *municipality, *id;
	long year;
	size_t k;                  /* index of the score in collect()'s order */
};

static int
by_municipality(const struct place *a, const struct place *b)
{
	int c = strcmp(a->country, b->country);

	return c ? c : strcmp(a->municipality, b->municipality);
}

/* Municipality, then year, then evaluation_id: a total order. */
static int
by_place(const void *pa, const void *pb)
{
	const struct place *a = pa, *b = pb;
	int c = by_municipality(a, b);

	if (c == 0)
		c = (a->year > b->year) - (a->year < b->year);
	if (c == 0)
		c = strcmp(a->id, b->id);
	return c ? c : (a->k > b->k) - (a->k < b->k);
}

/* The places of the scores of evaluations evs[0..n), sorted. */
static struct place *
places(struct run *run, const uint32_t *evs, size_t n)
{
	struct place *p = kk_malloc((n ? n : 1) * sizeof *p);
	const struct evaluation *e;

	for (size_t k = 0; k < n; k++) {
		e = &run->ev[evs[k]];
		p[k] = (struct place){ e->f[EV_COUNTRY], e->municipality,
		    e->f[EV_ID], e->year, k };
	}
	if (n)
		qsort(p, n, sizeof *p, by_place);
	return p;
}

/* Past the run of the municipality of p[*i]. */
static size_t
run_end(const struct place *p, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && by_municipality(&p[i], &p[j]) == 0)
		j++;
	return j;
}

/* Is the pair (a, b) better than (c, d)?  The closer in time; on a tie
 * the later old-version evaluation, then the earlier new-version one
 * (a municipality's runs are in year, evaluation_id order, so the first
 * found of equal years is the smaller evaluation_id). */
static bool
better_pair(const struct place *a, const struct place *b,
	const struct place *c, const struct place *d)
{
	long g = labs(b->year - a->year), h = labs(d->year - c->year);

	if (g != h)
		return g < h;
	if (a->year != c->year)
		return a->year > c->year;
	return b->year < d->year;
}

/* The pair of one municipality: x's places [i, i1) and y's [j, j1). */
static void
best_pair(const struct place *x, size_t i, size_t i1, const struct place *y,
	size_t j, size_t j1, size_t *bi, size_t *bj)
{
	*bi = i;
	*bj = j;
	for (size_t a = i; a < i1; a++)
		for (size_t b = j; b < j1; b++)
			if (better_pair(&x[a], &y[b], &x[*bi], &y[*bj])) {
				*bi = a;
				*bj = b;
			}
}

/* Single group: only municipalities scored under both versions count,
 * one pair each (px[k], py[k]), the two evaluations closest in time.
 * Municipalities are (country, municipality_id): a code means another
 * municipality in another country.  Returns the number of pairs and
 * their median gap in years. */
static size_t
pair_up(struct run *run, const double *x, const uint32_t *ex, size_t nx,
	const double *y, const uint32_t *ey, size_t ny, double *px,
	double *py, double *median_gap)
{
	struct place *a = places(run, ex, nx), *b = places(run, ey, ny);
	double *gap = kk_malloc((nx ? nx : 1) * sizeof *gap);
	size_t i = 0, j = 0, n = 0, bi, bj;
	int c;

	while (i < nx && j < ny) {
		c = by_municipality(&a[i], &b[j]);
		if (c < 0)
			i = run_end(a, nx, i);
		else if (c > 0)
			j = run_end(b, ny, j);
		else {
			best_pair(a, i, run_end(a, nx, i), b, j,
			    run_end(b, ny, j), &bi, &bj);
			px[n] = x[a[bi].k];
			py[n] = y[b[bj].k];
			gap[n++] = (double)labs(b[bj].year - a[bi].year);
			i = run_end(a, nx, i);
			j = run_end(b, ny, j);
		}
	}
	gsl_sort(gap, 1, n);
	*median_gap = n ? gsl_stats_median_from_sorted_data(gap, 1, n) : NAN;
	free(gap);
	free(a);
	free(b);
	return n;
}

/* Random groups: the municipality of every score, numbered 0..m-1 over
 * both cohorts, so that a municipality scored under both versions is
 * resampled as one. */
static size_t
number_municipalities(struct run *run, const uint32_t *ex, size_t nx,
	const uint32_t *ey, size_t ny, size_t *cx, size_t *cy)
{
	struct place *a = places(run, ex, nx), *b = places(run, ey, ny);
	size_t i = 0, j = 0, m = 0, i1, j1;
	int c;

	while (i < nx || j < ny) {
		c = i == nx ? 1 : j == ny ? -1 : by_municipality(&a[i], &b[j]);
		i1 = c <= 0 ? run_end(a, nx, i) : i;
		j1 = c >= 0 ? run_end(b, ny, j) : j;
		for (; i < i1; i++)
			cx[a[i].k] = m;
		for (; j < j1; j++)
			cy[b[j].k] = m;
		m++;
	}
	free(a);
	free(b);
	return m;
}

/* The scores of a link: x under the old version, y under the new. */
struct link_data {
	double *x, *y;
	size_t nx, ny;
	uint32_t *ex, *ey;         /* their evaluations */
};

static void
link_data_free(struct link_data *l)
{
	free(l->x);
	free(l->y);
	free(l->ex);
	free(l->ey);
}

/* Keep only the pairs of a single group in l. */
static void
pair_link_data(struct run *run, struct cohort *c, struct link_data *l)
{
	double *px = kk_malloc((l->nx ? l->nx : 1) * sizeof *px);
	double *py = kk_malloc((l->nx ? l->nx : 1) * sizeof *py);

	c->pairs = pair_up(run, l->x, l->ex, l->nx, l->y, l->ey, l->ny, px,
	    py, &c->median_gap);
	free(l->x);
	free(l->y);
	l->x = px;
	l->y = py;
	l->nx = l->ny = c->pairs;
}

static void
check_cohort_sizes(struct run *run, const struct cohort *c,
	const struct design *d, size_t nx, size_t ny)
{
	if ((long)nx >= d->min_cohort && (long)ny >= d->min_cohort)
		return;
	kk_die("refusing to link %s %s onto %s, %s: cohorts of %zu and %zu%s "
	    "evaluations, the declared minimum is %ld (%s line %ld); use "
	    "--method identity", c->country, kk_version_name(c->version),
	    kk_version_name(d->to), kk_areas_slug(run->areas, c->area), nx,
	    ny, d->design == KK_DESIGN_SINGLE_GROUP ? " paired" : "",
	    d->min_cohort, run->linking->name, d->line);
}

/* Fit c's link on l, resampling municipalities. */
static void
fit(struct run *run, struct cohort *c, const struct design *d,
	const struct link_data *l)
{
	size_t *cx = NULL, *cy = NULL;
	kk_link_clusters m = { NULL, NULL, 0 }, *mp = NULL;
	bool ok;

	if (d->design == KK_DESIGN_RANDOM_GROUPS) {
		cx = kk_malloc((l->nx + l->ny + 1) * sizeof *cx);
		cy = cx + l->nx;
		m = (kk_link_clusters){ cx, cy, number_municipalities(run,
		    l->ex, l->nx, l->ey, l->ny, cx, cy) };
		mp = &m;
	}
	ok = kk_link_fit(run->method == MEAN ? KK_LINK_MEAN : KK_LINK_LINEAR,
	    d->design, l->x, l->nx, l->y, l->ny, mp, run->replicates,
	    run->seed, &c->link);
	free(cx);
	if (!ok)
		kk_die("cannot link %s %s, %s: the %s scores have no spread",
		    c->country, kk_version_name(c->version),
		    kk_areas_slug(run->areas, c->area),
		    kk_version_name(c->version));
}

static void
link_cohort(struct run *run, struct cohort *c)
{
	const struct design *d = find_design(run, c->country, c->version);
	struct link_data l;
	const char *pool;

	if (!d)
		kk_die("no linking design declared for version %s in %s (%s); "
		    "use --method identity, zscore or percentile, or declare "
		    "one (see doc/versions.md, Linking designs)",
		    kk_version_name(c->version), c->country,
		    run->linking->name);
	pool = strcmp(d->country, "*") == 0 ? "*" : c->country;
	l.nx = collect(run, pool, c->version, c->area, &l.x, &l.ex);
	l.ny = collect(run, pool, d->to, c->area, &l.y, &l.ey);
	if (d->design == KK_DESIGN_SINGLE_GROUP)
		pair_link_data(run, c, &l);
	check_cohort_sizes(run, c, d, l.nx, l.ny);
	fit(run, c, d, &l);
	c->design = d;
	c->linked = true;
	/* "linear:random-groups:2.0->3.2" */
	c->label = kk_asprintf("%s:%s:%s->%s", method_name[run->method],
	    kk_link_design_name(d->design), kk_version_name(c->version),
	    kk_version_name(d->to));
	link_data_free(&l);
}

static void
link_all(struct run *run, const char *linking_path)
{
	struct cohort *c;
	size_t i;

	load_designs(run, linking_path);
	identify(run);
	for (i = 0; i < run->ncohort; i++) {
		c = &run->cohort[i];
		if (kk_version_is_3x(c->version)) {
			c->label = kk_asprintf("%s:reference",
			    method_name[run->method]);
			continue;
		}
		link_cohort(run, c);
	}
}

/* ---- output ------------------------------------------------------------- */

/* The parts of an output line that repeat from row to row, quoted and
 * formatted once: a panel's rows differ mostly in their scores. */
struct line_parts {
	size_t ev;                 /* evaluation of prefix and source */
	kk_buf prefix;             /* "id,country,code,municipality,year," */
	kk_buf source;             /* ",source\n" */
	const char *label;         /* method of method */
	kk_buf method;             /* "method" */
	double max;
	char maxs[32];             /* max formatted, "" for NAN */
	size_t maxlen;
	kk_buf middle[KK_NVERSION][2][KK_AREA_TOTAL + 1];
	                           /* "version,inferred,area,slug," */
};

static void
add_field(kk_buf *b, const char *s)
{
	kk_buf_csv(b, s, strlen(s));
}

static void
evaluation_parts(struct run *run, struct line_parts *p, size_t i)
{
	static const enum ev_field first[] = {
		EV_ID, EV_COUNTRY, EV_CODE, EV_MUNI, EV_YEAR
	};
	const struct evaluation *e = &run->ev[i];

	p->ev = i;
	p->prefix.len = 0;
	for (size_t k = 0; k < sizeof first / sizeof first[0]; k++) {
		kk_buf_csv(&p->prefix, e->f[first[k]], ev_len(e, first[k]));
		kk_buf_char(&p->prefix, ',');
	}
	p->source.len = 0;
	kk_buf_char(&p->source, ',');
	kk_buf_csv(&p->source, e->f[EV_SOURCE], ev_len(e, EV_SOURCE));
	kk_buf_char(&p->source, '\n');
}

static const kk_buf *
middle_part(struct run *run, struct line_parts *p, const struct rec *x)
{
	kk_buf *b = &p->middle[x->version][x->inferred][x->area];

	if (b->len)
		return b;
	kk_buf_str(b, kk_version_name(x->version));
	kk_buf_str(b, x->inferred ? ",yes," : ",no,");
	kk_buf_str(b, kk_area_name(x->area));
	kk_buf_char(b, ',');
	add_field(b, kk_areas_slug(run->areas, x->area));
	kk_buf_char(b, ',');
	return b;
}

/* Its length; "" for NAN. */
static size_t
format_num(char s[32], double v)
{
	if (isnan(v)) {
		*s = '\0';
		return 0;
	}
	return strlen(kk_format_double(s, v));
}

/* Row i as one line appended to b: the caller writes many at once. */
static void
format_rec(struct run *run, kk_buf *b, size_t i, struct line_parts *p)
{
	const struct rec *x = &run->rec[i];
	const char *label = method_of(run, i);
	double score = score_of(run, i);
	const kk_buf *mid;
	char raw[32], sc[32], *at;
	double max = max_of(run, i);
	size_t nraw, nsc;

	if (x->ev != p->ev)
		evaluation_parts(run, p, x->ev);
	if (label != p->label) {
		p->label = label;
		p->method.len = 0;
		add_field(&p->method, label);
	}
	if (!same_number(max, p->max)) {
		p->max = max;
		p->maxlen = format_num(p->maxs, max);
	}
	mid = middle_part(run, p, x);
	nraw = format_num(raw, x->raw);
	if (same_number(score, x->raw))
		memcpy(sc, raw, nsc = nraw);
	else
		nsc = format_num(sc, score);
	at = kk_buf_reserve(b, p->prefix.len + mid->len + nraw + nsc +
	    p->maxlen + p->method.len + p->source.len + 3);
	at = kk_put(at, p->prefix.p, p->prefix.len);
	at = kk_put(at, mid->p, mid->len);
	at = kk_put(at, raw, nraw);
	*at++ = ',';
	at = kk_put(at, sc, nsc);
	*at++ = ',';
	at = kk_put(at, p->maxs, p->maxlen);
	*at++ = ',';
	at = kk_put(at, p->method.p, p->method.len);
	at = kk_put(at, p->source.p, p->source.len);
	b->len = (size_t)(at - b->p);
}

static void
line_parts_free(struct line_parts *p)
{
	kk_buf_free(&p->prefix);
	kk_buf_free(&p->source);
	kk_buf_free(&p->method);
	for (int v = 0; v < KK_NVERSION; v++)
		for (int k = 0; k < 2; k++)
			for (int a = 0; a <= KK_AREA_TOTAL; a++)
				kk_buf_free(&p->middle[v][k][a]);
}

static void
write_table(struct run *run, const char *path)
{
	kk_out *o = kk_out_open(path);
	FILE *fp = kk_out_fp(o);
	struct line_parts parts = { .ev = SIZE_MAX, .max = NAN };
	kk_buf line = { 0 };
	size_t i;

	kk_schema_header(fp, &kk_normalised_table);
	for (i = 0; i < run->nout; i++) {
		format_rec(run, &line, run->order[i], &parts);
		if (line.len >= 1 << 16 || i + 1 == run->nout) {
			fwrite(line.p, 1, line.len, fp);
			line.len = 0;
		}
	}
	line_parts_free(&parts);
	kk_buf_free(&line);
	kk_out_commit(o);
}


/* slope and intercept that turn a raw score into the cohort's score */
static void
cohort_constants(struct run *run, const struct cohort *c, double *slope,
	double *intercept)
{
	*slope = *intercept = NAN;
	if (c->linked) {
		*slope = c->link.slope;
		*intercept = c->link.intercept;
	} else if (run->method == ZSCORE) {
		if (c->sd > 0) {
			*slope = 1 / c->sd;
			*intercept = -c->mean / c->sd;
		}
	} else if (run->method != PERCENTILE) {
		*slope = 1;
		*intercept = 0;
	}
}

/* The columns from design to n_to; empty where they do not apply. */
static void
write_cohort_sizes(FILE *fp, const struct cohort *c)
{
	const struct design *d = c->design;
	char *ref;

	if (!c->linked) {
		fprintf(fp, ",,%zu,", c->n);
		return;
	}
	fprintf(fp, "%s,", kk_link_design_name(d->design));
	ref = kk_asprintf("%s:%s", d->country, kk_version_name(d->to));
	kk_csv_put(fp, ref);
	free(ref);
	fprintf(fp, ",%zu,%zu", c->link.nx, c->link.ny);
}

static void
write_constant(struct run *run, FILE *fp, const struct cohort *c)
{
	const kk_link *l = &c->link;
	bool single = c->linked && c->design->design == KK_DESIGN_SINGLE_GROUP;
	double v[10];

	kk_csv_put(fp, c->label ? c->label : method_name[run->method]);
	fprintf(fp, ",");
	kk_csv_put(fp, c->country);
	fprintf(fp, ",%s,%s,", kk_version_name(c->version), c->linked ?
	    kk_version_name(c->design->to) : "");
	fputs(kk_area_name(c->area), fp);
	fprintf(fp, ",%s,", kk_areas_slug(run->areas, c->area));
	write_cohort_sizes(fp, c);
	if (single)
		fprintf(fp, ",%zu", c->pairs);
	else
		fputc(',', fp);
	kk_csv_put_nums(fp, (double[]){ single ? c->median_gap : NAN }, 1);
	if (c->linked)
		fprintf(fp, ",%zu", l->municipalities);
	else
		fputc(',', fp);
	v[0] = c->linked ? l->mean_x : c->mean;
	v[1] = c->linked ? l->sd_x : c->sd;
	v[2] = c->linked ? l->mean_y : NAN;
	v[3] = c->linked ? l->sd_y : NAN;
	cohort_constants(run, c, &v[4], &v[5]);
	v[6] = c->linked ? l->se_slope : NAN;
	v[7] = c->linked ? l->se_intercept : NAN;
	v[8] = c->linked ? l->cov_slope_intercept : NAN;
	kk_csv_put_nums(fp, v, 9);
	if (c->linked)
		fprintf(fp, ",%u,%lu\n", run->replicates, run->seed);
	else
		fputs(",,\n", fp);
}

static void
write_constants(struct run *run, const char *path)
{
	kk_out *o = kk_out_open(path);
	FILE *fp = kk_out_fp(o);
	size_t i;

	kk_schema_header(fp, &kk_constants_table);
	for (i = 0; i < run->ncohort; i++)
		write_constant(run, fp, &run->cohort[i]);
	kk_out_commit(o);
}

static void
cleanup(struct run *run)
{
	size_t i;

	for (i = 0; i < run->ncohort; i++)
		free(run->cohort[i].label);
	free(run->cohort);
	free(run->member);
	free(run->cohort_of_rec);
	free(run->relative_score);
	free(run->rec);
	free(run->order);
	free(run->given_max);
	for (i = 0; i < run->nev; i++)
		free(run->ev[i].municipality);
	kk_arena_free(&run->ev_text);
	free(run->ev);
	free(run->design);
	kk_buf_free(&run->version.cell);
	kk_table_free(run->linking);
	kk_canon_close(run->canon);
	kk_areas_free(run->areas);
	kk_pop_sources_free(&run->population);
	free(run);
}

static unsigned long
number_option(const char *name, const char *val, unsigned long max)
{
	long x;

	if (kk_parse_long(val, strlen(val), 0, (long)max, &x) != KK_NUM_OK)
		kk_usage("--%s '%s' is not a whole number in 0..%lu", name,
		    val, max);
	return (unsigned long)x;
}

/* What the options name. */
struct paths {
	const char *in, *out, *constants, *areas, *linking;
};

static enum method
method_option(const char *val)
{
	int k;

	for (k = 0; method_name[k] && strcmp(method_name[k], val); k++)
		;
	if (!method_name[k])
		kk_usage("unknown method '%s' (identity, zscore, percentile, "
		    "mean, linear)", val);
	return (enum method)k;
}

static void
parse_options(struct run *run, struct paths *p, int argc, char **argv)
{
	enum { OPT_HELP, OPT_METHOD, OPT_OUTPUT, OPT_CONSTANTS, OPT_SEED,
		OPT_REPLICATES, OPT_AREAS, OPT_LINKING, OPT_POPULATION_DIR,
		OPT_POPULATION, OPT_CODE_CHANGES };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "method", true, OPT_METHOD },
		{ "o", true, OPT_OUTPUT }, { "output", true, OPT_OUTPUT },
		{ "constants", true, OPT_CONSTANTS },
		{ "seed", true, OPT_SEED },
		{ "replicates", true, OPT_REPLICATES },
		{ "areas", true, OPT_AREAS },
		{ "linking", true, OPT_LINKING },
		{ "population-dir", true, OPT_POPULATION_DIR },
		{ "population", true, OPT_POPULATION },
		{ "code-changes", true, OPT_CODE_CHANGES },
		{ NULL, false, 0 }
	};
	kk_pop_sources *src = &run->population;
	const char *val;
	int k, ai = 1;

	while ((k = kk_getopt(argc, argv, &ai, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); exit(0);
		case OPT_METHOD: run->method = method_option(val); break;
		case OPT_OUTPUT: p->out = val; break;
		case OPT_CONSTANTS: p->constants = val; break;
		case OPT_SEED:
			run->seed = number_option("seed", val, 4294967295UL);
			break;
		case OPT_REPLICATES:
			run->replicates = (unsigned)number_option("replicates",
			    val, 1000000);
			break;
		case OPT_AREAS: p->areas = val; break;
		case OPT_LINKING: p->linking = val; break;
		case OPT_POPULATION_DIR: src->dir = val; break;
		case OPT_POPULATION:
			kk_pop_sources_add(&src->fig, &src->nfig, val);
			break;
		case OPT_CODE_CHANGES:
			kk_pop_sources_add(&src->chg, &src->nchg, val);
			break;
		}
	}
	if (ai < argc)
		p->in = argv[ai++];
	if (ai < argc)
		kk_usage("too many operands");
	if ((run->method == MEAN || run->method == LINEAR) &&
	    run->replicates < 2)
		kk_usage("--replicates must be at least 2");
	if (src->dir && src->nfig)
		kk_usage("--population-dir and --population exclude each "
		    "other");
}

int
main(int argc, char **argv)
{
	struct paths p = { .in = "-" };
	struct run *run = kk_calloc(1, sizeof *run);

	kk_set_prog(argv[0]);
	kk_malloc_keep();
	run->method = IDENTITY;
	run->seed = 2022;
	run->replicates = 1000;
	parse_options(run, &p, argc, argv);
	run->areas = kk_areas_load(p.areas);
	read_records(run, p.in);
	/* the identity table is raw points: cohorts only for --constants */
	if (run->method != IDENTITY || p.constants)
		make_cohorts(run);
	if (run->method == ZSCORE || run->method == PERCENTILE)
		relative(run);
	else if (run->method == MEAN || run->method == LINEAR)
		link_all(run, p.linking);
	write_table(run, p.out);
	if (p.constants)
		write_constants(run, p.constants);
	cleanup(run);
	return 0;
}
