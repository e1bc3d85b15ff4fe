/*
 * kk-stats - size against score, descriptive tables and repeat
 * evaluations from scores.csv (issue 5).  See usage_text and
 * README.md (Statistics) for every column and method.
 *
 * The statistics themselves live in lib/stats.c; this file only picks
 * the observations for each country, scale, area and group, and writes
 * the four tables.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "stats.h"

#define DEFAULT_B     10000
#define DEFAULT_SEED  5025UL   /* Røros, the seed report's municipality */

static const char usage_text[] =
"usage: kk-stats [-d DIR] [--latest] [--bootstrap B] [--seed S]\n"
"                [--code-changes FILE]... FILE|-\n"
"Statistics of scores.csv (kk-size's output; '-' is standard input),\n"
"written to DIR (default out/tables) as summary.csv,\n"
"size_correlation.csv, size_groups.csv and repeat_evaluations.csv.\n"
"\n"
"  -d DIR           output directory (created if missing)\n"
"  --latest         one observation per municipality: its latest\n"
"                   evaluation (repeat_evaluations.csv still uses all)\n"
"  --bootstrap B    resamples for the bootstrap interval of Spearman's\n"
"                   rho (default 10000, at most 1000000; 0 leaves the\n"
"                   interval empty)\n"
"  --seed S         seed of the resampling (mt19937; default 5025)\n"
"  --code-changes FILE  a code-change table (old_code,new_code,valid_from\n"
"                   and country, or a file named cc_*.csv; repeatable):\n"
"                   a municipality keeps its identity through one-to-one\n"
"                   renumberings (Røros 1640 -> 5025), not through\n"
"                   mergers or splits\n"
"  --help           show this help\n"
"\n"
"Countries NO, SE and ALL; scales raw (raw_score) and normalised (score);\n"
"areas 1..8 and total.  Pearson and the least-squares slope use\n"
"log10(population), Spearman and Kendall use population; p-values as R's\n"
"cor.test(exact = FALSE), two-sided; 95 % intervals.  Missing values are\n"
"left out pair by pair and n says how many were used; a statistic that is\n"
"undefined for its data is an empty cell and a warning.\n"
"Exit 0 on success, 1 on a data error, 2 on a usage error.\n";

enum { NAREA = 9, TOTAL = 8 };        /* areas 1..8 are 0..7 */
enum { RAW, NORMALISED, NSCALE };
enum { NO, SE, ALL, NCOUNTRY };

static const char *const country_name[] = { "NO", "SE", "ALL" };
static const char *const scale_name[] = { "raw", "normalised" };
static const char *const area_name[] = { "1", "2", "3", "4", "5", "6", "7",
	"8", "total" };

/* One row of scores.csv: an evaluation's score on one canonical area. */
struct obs {
	const char *eval, *country, *code, *name, *version;
	const char *key;        /* code after renumberings (--code-changes) */
	long year;
	int cc;                 /* NO, SE, or -1 for another country */
	int area;               /* 0..8 */
	double score[NSCALE];   /* NaN: missing */
	double pop, logpop;     /* NaN: unmatched */
	int size_class;         /* index into sizes, -1 none */
	int version_class;      /* index into versions, -1 none */
	int kept;               /* an observation (all, or --latest) */
};

/* Distinct labels of a column, in table order (see sort_labels). */
struct labels {
	const char **name;
	double *key;            /* order key: smallest population, or 0 */
	size_t n, cap;
};

static struct obs *obs;
static size_t nobs;
static struct labels sizes, versions;
static size_t nboot = DEFAULT_B;
static unsigned long seed = DEFAULT_SEED;

/* ---- municipality codes ------------------------------------------------- */

/* A renumbering: the municipality `old` is called `new` from year `from`
 * on.  Only one-to-one steps of a code-change table count; a merger or a
 * split makes another municipality, whose scores are not comparable. */
struct renumbering {
	const char *country, *old, *new;
	long from;
};

static struct renumbering *renum;
static size_t nrenum, renumcap;
static kk_table **changes_tab;     /* the strings renum points into */
static size_t nchanges_tab;
static char **owned_cc;            /* countries taken from file names */
static size_t nowned;

/* "no_code_changes.csv" -> "NO", as kk-size names these files. */
static char *
country_of_file(const char *path)
{
	const char *b = strrchr(path, '/');
	char *cc;

	b = b ? b + 1 : path;
	if (!(b[0] >= 'a' && b[0] <= 'z' && b[1] >= 'a' && b[1] <= 'z' &&
	    b[2] == '_'))
		kk_die("%s: no country column, and the file name does not "
		    "start with a country code (no_code_changes.csv)", path);
	cc = kk_strndup(b, 2);
	cc[0] -= 'a' - 'A';
	cc[1] -= 'a' - 'A';
	return cc;
}

/* How many rows of row r's step (country, valid_from) share its
 * column c. */
static size_t
step_count(const kk_table *t, long cc, size_t yc, size_t c, size_t r)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++)
		if (strcmp(t->cell[i][c], t->cell[r][c]) == 0 &&
		    strcmp(t->cell[i][yc], t->cell[r][yc]) == 0 &&
		    (cc < 0 || strcmp(t->cell[i][cc], t->cell[r][cc]) == 0))
			n++;
	return n;
}

static void
load_changes(const char *path)
{
	kk_table *t = kk_table_read(path);
	size_t oc = kk_table_need(t, "old_code"), nc = kk_table_need(t,
	    "new_code"), yc = kk_table_need(t, "valid_from"), r;
	long cc = kk_table_col(t, "country"), y;
	size_t first = nrenum;
	char *owned = cc < 0 ? country_of_file(path) : NULL;

	for (r = 0; r < t->nrows; r++) {
		if (kk_parse_long(t->cell[r][yc], strlen(t->cell[r][yc]), 0,
		    9999, &y) != KK_NUM_OK)
			kk_die_at(t->name, t->line[r], (long)yc + 1,
			    "valid_from '%s' is not a year", t->cell[r][yc]);
		if (step_count(t, cc, yc, oc, r) != 1 ||
		    step_count(t, cc, yc, nc, r) != 1)
			continue;       /* a split or a merger */
		kk_grow((void **)&renum, &renumcap, nrenum + 1, sizeof *renum);
		renum[nrenum].country = cc < 0 ? NULL : t->cell[r][cc];
		renum[nrenum].old = t->cell[r][oc];
		renum[nrenum].new = t->cell[r][nc];
		renum[nrenum++].from = y;
	}
	if (owned) {
		for (r = first; r < nrenum; r++)
			renum[r].country = owned;
		owned_cc = kk_realloc(owned_cc, (nowned + 1) * sizeof *owned_cc);
		owned_cc[nowned++] = owned;
	}
	changes_tab = kk_realloc(changes_tab,
	    (nchanges_tab + 1) * sizeof *changes_tab);
	changes_tab[nchanges_tab++] = t;
}

/* The code a municipality evaluated in year `year` under `code` has
 * after every later renumbering. */
static const char *
renumbered(const char *country, const char *code, long year)
{
	size_t i, steps;

	for (steps = 0; steps <= nrenum; steps++) {
		for (i = 0; i < nrenum; i++)
			if (renum[i].from > year &&
			    strcmp(renum[i].old, code) == 0 &&
			    strcmp(renum[i].country, country) == 0)
				break;
		if (i == nrenum)
			break;
		code = renum[i].new;
		year = renum[i].from;
	}
	return code;
}

/* ---- reading ------------------------------------------------------------- */

static double
cell_num(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];
	kk_num_status st;
	double v;

	st = kk_parse_double(s, strlen(s), &v);
	if (st == KK_NUM_EMPTY)
		return NAN;
	if (st != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)c + 1, "%s '%s': %s",
		    t->col[c], s, kk_num_reason(st));
	return v;
}

static int
label_index(struct labels *l, const char *s, double key)
{
	size_t i;

	if (*s == '\0')
		return -1;
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->name[i], s) == 0) {
			if (key < l->key[i])
				l->key[i] = key;
			return (int)i;
		}
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->name = kk_realloc(l->name, l->cap * sizeof(*l->name));
		l->key = kk_realloc(l->key, l->cap * sizeof(*l->key));
	}
	l->name[l->n] = s;
	l->key[l->n] = key;
	return (int)l->n++;
}

static int
parse_area(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];
	int a;

	for (a = 0; a < NAREA; a++)
		if (strcmp(s, area_name[a]) == 0)
			return a;
	kk_die_at(t->name, t->line[r], (long)c + 1,
	    "area '%s': expected 1..8 or total", s);
}

static void
read_row(const kk_table *t, size_t r, const size_t *c, struct obs *o)
{
	char **f = t->cell[r];
	long y;

	o->eval = f[c[0]];
	o->country = f[c[1]];
	o->code = f[c[2]];
	o->name = f[c[3]];
	if (kk_parse_long(f[c[4]], strlen(f[c[4]]), 0, 9999, &y) != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)c[4] + 1,
		    "year '%s' is not a year", f[c[4]]);
	o->year = y;
	o->version = f[c[5]];
	o->key = renumbered(o->country, o->code, o->year);
	o->area = parse_area(t, r, c[6]);
	o->score[RAW] = cell_num(t, r, c[7]);
	o->score[NORMALISED] = cell_num(t, r, c[8]);
	o->pop = cell_num(t, r, c[9]);
	if (o->pop <= 0) {
		kk_warn_at(t->name, t->line[r], (long)c[9] + 1,
		    "population %g is not positive: left out", o->pop);
		o->pop = NAN;
	}
	o->logpop = log10(o->pop);
	o->cc = strcmp(o->country, "NO") == 0 ? NO :
	    strcmp(o->country, "SE") == 0 ? SE : -1;
	/* a size class is ordered by the smallest population it holds */
	o->size_class = label_index(&sizes, f[c[10]],
	    isnan(o->pop) ? INFINITY : o->pop);
	o->version_class = label_index(&versions, o->version, 0);
	o->kept = 1;
}

static void
read_scores(const kk_table *t)
{
	static const char *const need[] = { "evaluation_id", "country",
		"municipality_code", "municipality", "year", "version", "area",
		"raw_score", "score", "population", "size_class" };
	size_t c[sizeof need / sizeof *need], i;

	for (i = 0; i < sizeof need / sizeof *need; i++)
		c[i] = kk_table_need(t, need[i]);
	nobs = t->nrows;
	obs = kk_calloc(nobs ? nobs : 1, sizeof *obs);
	for (i = 0; i < nobs; i++)
		read_row(t, i, c, &obs[i]);
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
order_groups(void)
{
	int *rs = kk_malloc((sizes.n + 1) * sizeof(int));
	int *rv = kk_malloc((versions.n + 1) * sizeof(int));
	size_t i;

	sort_labels(&sizes, rs);
	sort_labels(&versions, rv);
	for (i = 0; i < nobs; i++) {
		if (obs[i].size_class >= 0)
			obs[i].size_class = rs[obs[i].size_class];
		if (obs[i].version_class >= 0)
			obs[i].version_class = rv[obs[i].version_class];
	}
	free(rs);
	free(rv);
}

/* ---- municipalities and their evaluations ------------------------------ */

/* Rows ordered by municipality (country, key), then year, evaluation
 * and area: an evaluation's rows and a municipality's evaluations are
 * then runs. */
static int
cmp_chrono(const void *pa, const void *pb)
{
	const struct obs *a = *(struct obs *const *)pa;
	const struct obs *b = *(struct obs *const *)pb;
	int d;

	if ((d = strcmp(a->country, b->country)) != 0)
		return d;
	if ((d = strcmp(a->key, b->key)) != 0)
		return d;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if ((d = strcmp(a->eval, b->eval)) != 0)
		return d;
	return a->area - b->area;
}

static struct obs **
chrono(void)
{
	struct obs **p = kk_malloc((nobs ? nobs : 1) * sizeof *p);
	size_t i;

	for (i = 0; i < nobs; i++)
		p[i] = &obs[i];
	qsort(p, nobs, sizeof *p, cmp_chrono);
	return p;
}

static int
same_municipality(const struct obs *a, const struct obs *b)
{
	return strcmp(a->country, b->country) == 0 &&
	    strcmp(a->key, b->key) == 0;
}

/* --latest: keep the rows of each municipality's last evaluation. */
static void
keep_latest(struct obs **p)
{
	size_t i, j, last;

	for (i = 0; i < nobs; i = j) {
		for (j = i + 1; j < nobs && same_municipality(p[i], p[j]); j++)
			;
		last = j - 1;
		while (last > i && strcmp(p[last - 1]->eval, p[j - 1]->eval) == 0)
			last--;
		for (; i < j; i++)
			p[i]->kept = i >= last;
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
in_cell(const struct obs *o, const struct cell *c)
{
	if (!o->kept || o->area != c->area)
		return 0;
	if (c->country != ALL && o->cc != c->country)
		return 0;
	if (c->gt == G_SIZE && o->size_class != c->group)
		return 0;
	if (c->gt == G_VERSION && o->version_class != c->group)
		return 0;
	return 1;
}

/* Scores, populations and classes of the observations in c. */
struct sample {
	double *y, *pop, *logpop;
	int *size_class;
	size_t n;
};

static void
sample_get(struct sample *s, const struct cell *c)
{
	size_t i;

	s->y = kk_malloc(3 * (nobs ? nobs : 1) * sizeof(double));
	s->pop = s->y + (nobs ? nobs : 1);
	s->logpop = s->pop + (nobs ? nobs : 1);
	s->size_class = kk_malloc((nobs ? nobs : 1) * sizeof(int));
	s->n = 0;
	for (i = 0; i < nobs; i++) {
		if (!in_cell(&obs[i], c))
			continue;
		s->y[s->n] = obs[i].score[c->scale];
		s->pop[s->n] = obs[i].pop;
		s->logpop[s->n] = obs[i].logpop;
		s->size_class[s->n] = obs[i].size_class;
		s->n++;
	}
}

static void
sample_free(struct sample *s)
{
	free(s->y);
	free(s->size_class);
}

/* A cell with no observations at all is common (most published
 * evaluations give a total only) and n = 0 says it: no warning. */
static void
warn_undefined(const char *table, const struct cell *c, const st_result *r)
{
	if (r->why && r->n > 0)
		kk_warn("%s: %s %s area %s: %s undefined: %s (n = %zu)", table,
		    country_name[c->country], scale_name[c->scale],
		    area_name[c->area], r->method, r->why, r->n);
}

static void
put_size(FILE *fp, size_t n)
{
	fprintf(fp, "%zu", n);
}


/* ---- summary.csv ------------------------------------------------------ */

static void
summary_row(FILE *fp, const struct cell *c, const char *group)
{
	struct sample s;
	st_desc d;

	sample_get(&s, c);
	d = st_describe(s.y, s.n);
	sample_free(&s);
	fprintf(fp, "%s,%s,%s,%s,", country_name[c->country],
	    scale_name[c->scale], area_name[c->area], group_type_name[c->gt]);
	kk_csv_put(fp, group);
	kk_csv_sep(fp);
	put_size(fp, d.n);
	kk_csv_put_nums(fp, (double[]){ d.mean, d.sd, d.median, d.q1, d.q3, d.min,
	    d.max }, 7);
	kk_csv_eol(fp);
}

static void
write_summary(FILE *fp)
{
	struct cell c;
	size_t g;

	fputs("country,scale,area,group_type,group,n,mean,sd,median,q1,q3,"
	    "min,max\n", fp);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++)
	for (c.area = 0; c.area < NAREA; c.area++) {
		c.gt = G_ALL;
		c.group = -1;
		summary_row(fp, &c, "all");
		c.gt = G_SIZE;
		for (g = 0; g < sizes.n; g++) {
			c.group = (int)g;
			summary_row(fp, &c, sizes.name[g]);
		}
		c.gt = G_VERSION;
		for (g = 0; g < versions.n; g++) {
			c.group = (int)g;
			summary_row(fp, &c, versions.name[g]);
		}
	}
}

/* ---- size_correlation.csv ------------------------------------------------ */

struct correlation {
	st_result pearson, spearman, kendall, slope;
	double boot_lo, boot_hi;
	size_t boot_used;
	double p_adj, spearman_p_adj;
};

static void
correlate(const struct cell *c, struct correlation *k)
{
	static const char *const t = "size_correlation";
	struct sample s;

	sample_get(&s, c);
	k->pearson = st_pearson(s.logpop, s.y, s.n);
	k->spearman = st_spearman(s.pop, s.y, s.n);
	k->kendall = st_kendall(s.pop, s.y, s.n);
	k->slope = st_slope(s.logpop, s.y, s.n);
	k->boot_lo = k->boot_hi = NAN;
	k->boot_used = 0;
	if (nboot > 0 && !k->spearman.why &&
	    st_boot_spearman(s.pop, s.y, s.n, nboot, seed, &k->boot_lo,
	    &k->boot_hi, &k->boot_used) < 0)
		kk_warn("%s: %s %s area %s: bootstrap interval undefined: "
		    "every resample has a constant column (n = %zu)", t,
		    country_name[c->country], scale_name[c->scale],
		    area_name[c->area], k->spearman.n);
	sample_free(&s);
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

	fprintf(fp, "%s,%s,%s,", country_name[c->country], area_name[c->area],
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
write_correlation(FILE *fp)
{
	struct correlation k[NAREA];
	double p[NAREA], adj[NAREA];
	struct cell c = { 0, 0, 0, G_ALL, -1 };
	int a;

	fputs("country,area,scale,n,pearson_r,pearson_t,pearson_p,"
	    "pearson_ci_low,pearson_ci_high,spearman_rho,spearman_p,"
	    "kendall_tau,kendall_p,slope,slope_se,slope_ci_low,slope_ci_high,"
	    "intercept,r_squared,rho_boot_ci_low,rho_boot_ci_high,p_adjusted,"
	    "pearson_df,spearman_s,kendall_z,slope_t,slope_p,"
	    "spearman_p_adjusted,boot_resamples\n", fp);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++) {
		for (a = 0; a < NAREA; a++) {
			c.area = a;
			correlate(&c, &k[a]);
			p[a] = k[a].pearson.p;
		}
		/* Benjamini-Hochberg across the nine areas */
		st_bh(p, NAREA, adj);
		for (a = 0; a < NAREA; a++) {
			k[a].p_adj = adj[a];
			p[a] = k[a].spearman.p;
		}
		st_bh(p, NAREA, adj);
		for (a = 0; a < NAREA; a++) {
			k[a].spearman_p_adj = adj[a];
			c.area = a;
			correlation_row(fp, &c, &k[a]);
		}
	}
}

/* ---- size_groups.csv ------------------------------------------------------ */

static size_t
count_groups(const struct sample *s)
{
	size_t i, k = 0;
	char *seen = kk_calloc(sizes.n + 1, 1);

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

static void
write_groups(FILE *fp)
{
	static const char *const t = "size_groups";
	struct cell c = { 0, 0, 0, G_ALL, -1 };
	struct sample s;
	st_result f, h;
	size_t k;

	fputs("country,area,scale,n,groups,anova_f,anova_df1,anova_df2,"
	    "anova_p,kruskal_h,kruskal_df,kruskal_p\n", fp);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.area = 0; c.area < NAREA; c.area++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++) {
		sample_get(&s, &c);
		f = st_anova(s.y, s.size_class, s.n);
		h = st_kruskal(s.y, s.size_class, s.n);
		k = count_groups(&s);
		sample_free(&s);
		warn_undefined(t, &c, &f);
		if (h.why && (!f.why || strcmp(f.why, h.why) != 0))
			warn_undefined(t, &c, &h);
		fprintf(fp, "%s,%s,%s,", country_name[c.country],
		    area_name[c.area], scale_name[c.scale]);
		put_size(fp, f.n);
		kk_csv_sep(fp);
		put_size(fp, k);
		kk_csv_put_nums(fp, (double[]){ f.statistic, f.df, f.df2, f.p,
		    h.statistic, h.df, h.p }, 7);
		kk_csv_eol(fp);
	}
}

/* ---- repeat_evaluations.csv ------------------------------------------------ */

/* One change: the same municipality and area in two consecutive
 * evaluations. */
struct change {
	const struct obs *from, *to;
};

static struct change *changes;
static size_t nchanges;

/* The rows of evaluation run [i, j) and the next run [j, k) pair up by
 * area. */
static void
pair_runs(struct obs **p, size_t i, size_t j, size_t k, size_t *cap)
{
	size_t a = i, b = j;

	while (a < j && b < k) {
		if (p[a]->area < p[b]->area) {
			a++;
		} else if (p[a]->area > p[b]->area) {
			b++;
		} else {
			kk_grow((void **)&changes, cap, nchanges + 1,
			    sizeof *changes);
			changes[nchanges].from = p[a++];
			changes[nchanges++].to = p[b++];
		}
	}
}

static size_t
run_end(struct obs **p, size_t i, size_t end)
{
	size_t j = i + 1;

	while (j < end && strcmp(p[j]->eval, p[i]->eval) == 0)
		j++;
	return j;
}

static void
find_changes(struct obs **p)
{
	size_t i, j, k, end, cap = 0;

	for (i = 0; i < nobs; i = end) {
		for (end = i + 1; end < nobs && same_municipality(p[i], p[end]);
		    end++)
			;
		for (j = i; j < end; j = k) {
			k = run_end(p, j, end);
			if (k < end)
				pair_runs(p, j, k, run_end(p, k, end), &cap);
		}
	}
}

static void
change_row(FILE *fp, const struct change *ch, int scale)
{
	double a = ch->from->score[scale], b = ch->to->score[scale];

	fputs("change,", fp);
	kk_csv_put(fp, ch->from->country);
	kk_csv_sep(fp);
	kk_csv_put(fp, ch->to->code);
	kk_csv_sep(fp);
	kk_csv_put(fp, ch->to->name);
	fprintf(fp, ",%s,%s,", area_name[ch->from->area], scale_name[scale]);
	kk_csv_put(fp, ch->from->eval);
	kk_csv_sep(fp);
	kk_csv_put(fp, ch->to->eval);
	fprintf(fp, ",%ld,%ld,", ch->from->year, ch->to->year);
	kk_csv_put(fp, ch->from->version);
	kk_csv_sep(fp);
	kk_csv_put(fp, ch->to->version);
	kk_csv_put_nums(fp, (double[]){ a, b, b - a }, 3);
	fputs(",,,,,,,,\n", fp);
}

static void
paired_row(FILE *fp, const struct cell *c)
{
	double *from = kk_malloc(2 * (nchanges ? nchanges : 1) * sizeof(double));
	double *to = from + (nchanges ? nchanges : 1), *d;
	size_t i, n = 0;
	st_result r;
	st_desc s;

	for (i = 0; i < nchanges; i++) {
		if (changes[i].from->area != c->area ||
		    (c->country != ALL && changes[i].from->cc != c->country))
			continue;
		from[n] = changes[i].from->score[c->scale];
		to[n++] = changes[i].to->score[c->scale];
	}
	r = st_paired_t(to, from, n);
	warn_undefined("repeat_evaluations", c, &r);
	d = kk_malloc((n ? n : 1) * sizeof(double));
	for (i = 0; i < n; i++)
		d[i] = to[i] - from[i];
	s = st_describe(d, n);
	free(d);
	free(from);
	fprintf(fp, "paired,%s,,,%s,%s,,,,,,,,,,", country_name[c->country],
	    area_name[c->area], scale_name[c->scale]);
	put_size(fp, r.n);
	/* mean and sd are descriptive and defined even where t is not */
	kk_csv_put_nums(fp, (double[]){ s.mean, s.sd, r.statistic, r.df, r.p,
	    r.ci_low, r.ci_high }, 7);
	kk_csv_eol(fp);
}

static void
write_repeats(FILE *fp)
{
	struct cell c = { 0, 0, 0, G_ALL, -1 };
	size_t i;
	int scale;

	fputs("kind,country,municipality_code,municipality,area,scale,"
	    "from_evaluation,to_evaluation,from_year,to_year,from_version,"
	    "to_version,from_score,to_score,change,n,mean_change,sd_change,t,"
	    "df,p,ci_low,ci_high\n", fp);
	for (i = 0; i < nchanges; i++)
		for (scale = 0; scale < NSCALE; scale++)
			change_row(fp, &changes[i], scale);
	for (c.country = 0; c.country < NCOUNTRY; c.country++)
	for (c.scale = 0; c.scale < NSCALE; c.scale++)
	for (c.area = 0; c.area < NAREA; c.area++)
		paired_row(fp, &c);
}

/* ---- main ------------------------------------------------------------------ */


static void
write_tables(const char *dir)
{
	static const char *const file[] = { "summary.csv",
		"size_correlation.csv", "size_groups.csv",
		"repeat_evaluations.csv" };
	static void (*const writer[])(FILE *) = { write_summary,
		write_correlation, write_groups, write_repeats };
	kk_out *out[4];
	char *path;
	int i;

	kk_mkdirs(dir);
	for (i = 0; i < 4; i++) {
		path = kk_path_join(dir, file[i]);
		out[i] = kk_out_open(path);
		free(path);
		writer[i](kk_out_fp(out[i]));
	}
	/* all four or none: a failed run leaves the old tables */
	for (i = 0; i < 4; i++)
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

int
main(int argc, char **argv)
{
	static const char *const names[] = { "help", "d=", "dir=", "latest",
		"bootstrap=", "seed=", "code-changes=", NULL };
	const char *dir = "out/tables", *val, *in;
	int latest = 0, k, ai = 1;
	struct obs **p;
	kk_table *t;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &ai, names, &val)) >= 0) {
		switch (k) {
		case 0: fputs(usage_text, stdout); return 0;
		case 1: case 2: dir = val; break;
		case 3: latest = 1; break;
		case 4: nboot = parse_count("--bootstrap", val, 1000000); break;
		case 5: seed = parse_count("--seed", val, 4294967295L); break;
		case 6: load_changes(val); break;
		}
	}
	if (ai >= argc)
		kk_usage("expected one FILE (or '-' for standard input)");
	in = argv[ai++];
	if (ai < argc)
		kk_usage("too many operands");
	t = kk_table_read(in);
	read_scores(t);
	order_groups();
	p = chrono();
	find_changes(p);
	if (latest)
		keep_latest(p);
	free(p);
	write_tables(dir);
	free(changes);
	free(obs);
	free(sizes.name);
	free(sizes.key);
	free(versions.name);
	free(versions.key);
	kk_table_free(t);
	while (nchanges_tab > 0)
		kk_table_free(changes_tab[--nchanges_tab]);
	while (nowned > 0)
		free(owned_cc[--nowned]);
	free(changes_tab);
	free(owned_cc);
	free(renum);
	return 0;
}
