/* Mean/linear linking with bootstrap SEs, z-scores, percentile ranks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "kk.h"
#include "linking.h"

bool
kk_link_method_parse(const char *s, enum kk_link_method *m)
{
	if (strcmp(s, "mean") == 0)
		*m = KK_LINK_MEAN;
	else if (strcmp(s, "linear") == 0)
		*m = KK_LINK_LINEAR;
	else
		return false;
	return true;
}

bool
kk_link_design_parse(const char *s, enum kk_link_design *d)
{
	if (strcmp(s, "random-groups") == 0)
		*d = KK_DESIGN_RANDOM_GROUPS;
	else if (strcmp(s, "single-group") == 0)
		*d = KK_DESIGN_SINGLE_GROUP;
	else
		return false;
	return true;
}

const char *
kk_link_method_name(enum kk_link_method m)
{
	return m == KK_LINK_MEAN ? "mean" : "linear";
}

const char *
kk_link_design_name(enum kk_link_design d)
{
	return d == KK_DESIGN_SINGLE_GROUP ? "single-group" : "random-groups";
}

/* The constants from one (re)sample; false if x has no spread. */
static bool
constants(enum kk_link_method m, const double *x, size_t nx,
	const double *y, size_t ny, double *slope, double *intercept)
{
	double mx = gsl_stats_mean(x, 1, nx), my = gsl_stats_mean(y, 1, ny);
	double sx, sy;

	*slope = 1;
	if (m == KK_LINK_LINEAR) {
		sx = gsl_stats_sd_m(x, 1, nx, mx);
		sy = gsl_stats_sd_m(y, 1, ny, my);
		if (!(sx > 0))
			return false;
		*slope = sy / sx;
	}
	*intercept = my - *slope * mx;
	return true;
}

/* The scores of each municipality: x[ix[xs[k]..xs[k+1]]] and
 * y[iy[ys[k]..ys[k+1]]] are municipality k's. */
struct members {
	size_t n;                  /* municipalities */
	size_t *xs, *ys, *ix, *iy;
};

/* Index the scores of c's municipalities; c NULL: every score its own
 * municipality, or, for a single group, pair i municipality i. */
static void
members_make(struct members *mb, enum kk_link_design d, size_t nx, size_t ny,
	const kk_link_clusters *c)
{
	size_t i, *own = NULL;
	kk_link_clusters self;

	if (!c) {
		bool pairs = d == KK_DESIGN_SINGLE_GROUP;

		own = kk_malloc((nx + ny) * sizeof *own);
		for (i = 0; i < nx + ny; i++)
			own[i] = pairs && i >= nx ? i - nx : i;
		self = (kk_link_clusters){ own, own + nx,
		    pairs ? nx : nx + ny };
		c = &self;
	}
	mb->n = c->n;
	mb->xs = kk_calloc(2 * (c->n + 1), sizeof *mb->xs);
	mb->ys = mb->xs + c->n + 1;
	mb->ix = kk_malloc((nx + ny + 1) * sizeof *mb->ix);
	mb->iy = mb->ix + nx;
	for (i = 0; i < nx; i++)
		mb->xs[c->x[i] + 1]++;
	for (i = 0; i < ny; i++)
		mb->ys[c->y[i] + 1]++;
	for (i = 0; i < c->n; i++) {
		mb->xs[i + 1] += mb->xs[i];
		mb->ys[i + 1] += mb->ys[i];
	}
	/* fill, then shift the starts back */
	for (i = 0; i < nx; i++)
		mb->ix[mb->xs[c->x[i]]++] = i;
	for (i = 0; i < ny; i++)
		mb->iy[mb->ys[c->y[i]]++] = i;
	memmove(mb->xs + 1, mb->xs, c->n * sizeof *mb->xs);
	memmove(mb->ys + 1, mb->ys, c->n * sizeof *mb->ys);
	mb->xs[0] = mb->ys[0] = 0;
	free(own);
}

static void
members_free(struct members *mb)
{
	free(mb->xs);
	free(mb->ix);
}

/* A growing resample of scores. */
struct draw {
	double *v;
	size_t n, cap;
};

static void
draw_add(struct draw *b, const double *v, const size_t *idx, size_t from,
	size_t to)
{
	kk_grow((void **)&b->v, &b->cap, b->n + (to - from) + 1, sizeof *b->v);
	for (; from < to; from++)
		b->v[b->n++] = v[idx[from]];
}

/* One resample: as many municipalities as there are, drawn with
 * replacement, each with all of its scores under both versions. */
static void
resample(gsl_rng *r, const struct members *mb, const double *x,
	const double *y, struct draw *bx, struct draw *by)
{
	size_t i, k;

	bx->n = by->n = 0;
	for (i = 0; i < mb->n; i++) {
		k = gsl_rng_uniform_int(r, mb->n);
		draw_add(bx, x, mb->ix, mb->xs[k], mb->xs[k + 1]);
		draw_add(by, y, mb->iy, mb->ys[k], mb->ys[k + 1]);
	}
}

/* Bootstrap SEs of slope and intercept and their covariance, resampling
 * municipalities: a municipality's scores are not independent of each
 * other (several evaluations of one place, or its pair under both
 * versions), so they are drawn together.  A replicate with fewer than
 * two scores of a version, or whose x has no spread (possible in tiny
 * cohorts), is dropped; the SEs rest on the others. */
static void
bootstrap(enum kk_link_method m, const struct members *mb, const double *x,
	const double *y, unsigned reps, unsigned long seed, kk_link *out)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	struct draw bx = { 0 }, by = { 0 };
	double *bs = kk_malloc((reps + 1) * sizeof *bs);
	double *bi = kk_malloc((reps + 1) * sizeof *bi);
	size_t ok = 0;
	unsigned k;

	if (!r)
		kk_die("out of memory");
	gsl_rng_set(r, seed);
	for (k = 0; k < reps; k++) {
		resample(r, mb, x, y, &bx, &by);
		ok += bx.n >= 2 && by.n >= 2 && constants(m, bx.v, bx.n, by.v,
		    by.n, &bs[ok], &bi[ok]);
	}
	out->se_slope = ok > 1 ? gsl_stats_sd(bs, 1, ok) : NAN;
	out->se_intercept = ok > 1 ? gsl_stats_sd(bi, 1, ok) : NAN;
	out->cov_slope_intercept = ok > 1 ?
	    gsl_stats_covariance(bs, 1, bi, 1, ok) : NAN;
	if (m == KK_LINK_MEAN)
		out->se_slope = out->cov_slope_intercept = 0;
	out->replicates_used = ok;
	gsl_rng_free(r);
	free(bx.v);
	free(by.v);
	free(bs);
	free(bi);
}

bool
kk_link_fit(enum kk_link_method m, enum kk_link_design d,
	const double *x, size_t nx, const double *y, size_t ny,
	const kk_link_clusters *c, unsigned reps, unsigned long seed,
	kk_link *out)
{
	struct members mb;

	memset(out, 0, sizeof *out);
	out->nx = nx;
	out->ny = ny;
	if (nx < 2 || ny < 2 || (d == KK_DESIGN_SINGLE_GROUP && nx != ny))
		return false;
	out->mean_x = gsl_stats_mean(x, 1, nx);
	out->sd_x = gsl_stats_sd_m(x, 1, nx, out->mean_x);
	out->mean_y = gsl_stats_mean(y, 1, ny);
	out->sd_y = gsl_stats_sd_m(y, 1, ny, out->mean_y);
	if (!constants(m, x, nx, y, ny, &out->slope, &out->intercept))
		return false;
	members_make(&mb, d, nx, ny, c);
	out->municipalities = mb.n;
	bootstrap(m, &mb, x, y, reps, seed, out);
	members_free(&mb);
	return true;
}

bool
kk_zscores(const double *x, size_t n, double *z)
{
	double mean, sd;
	size_t i;

	if (n < 2)
		return false;
	mean = gsl_stats_mean(x, 1, n);
	sd = gsl_stats_sd_m(x, 1, n, mean);
	if (!(sd > 0))
		return false;
	for (i = 0; i < n; i++)
		z[i] = (x[i] - mean) / sd;
	return true;
}

static const double *rank_base;  /* qsort has no context argument */

static int
by_value(const void *a, const void *b)
{
	double x = rank_base[*(const size_t *)a];
	double y = rank_base[*(const size_t *)b];

	return (x > y) - (x < y);
}

/* Sort once; every run of ties shares #below (its start) and #equal. */
void
kk_percentile_ranks(const double *x, size_t n, double *pr)
{
	size_t *idx = kk_malloc((n ? n : 1) * sizeof *idx);
	size_t i, j, k;

	for (i = 0; i < n; i++)
		idx[i] = i;
	rank_base = x;
	qsort(idx, n, sizeof *idx, by_value);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && x[idx[j]] == x[idx[i]]; j++)
			;
		for (k = i; k < j; k++)
			pr[idx[k]] = 100.0 * ((double)i + (double)(j - i) / 2) /
			    (double)n;
	}
	free(idx);
}
