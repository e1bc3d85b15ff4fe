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

static void
resample(const gsl_rng *r, const double *src, size_t n, double *dst)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[gsl_rng_uniform_int(r, n)];
}

/* Pairs stay pairs: the same index is drawn for x and y. */
static void
resample_pairs(const gsl_rng *r, const double *x, const double *y, size_t n,
	double *bx, double *by)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		k = gsl_rng_uniform_int(r, n);
		bx[i] = x[k];
		by[i] = y[k];
	}
}

/* Bootstrap SE of slope and intercept.  A replicate whose x has no
 * spread (possible in tiny cohorts) is dropped; the SEs rest on the
 * others. */
static void
bootstrap(enum kk_link_method m, enum kk_link_design d, const double *x,
	size_t nx, const double *y, size_t ny, unsigned reps,
	unsigned long seed, kk_link *out)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double *bx = kk_malloc(nx * sizeof *bx), *by = kk_malloc(ny * sizeof *by);
	double *bs = kk_malloc((reps + 1) * sizeof *bs);
	double *bi = kk_malloc((reps + 1) * sizeof *bi);
	size_t ok = 0;
	unsigned k;

	if (!r)
		kk_die("out of memory");
	gsl_rng_set(r, seed);
	for (k = 0; k < reps; k++) {
		if (d == KK_DESIGN_SINGLE_GROUP)
			resample_pairs(r, x, y, nx, bx, by);
		else {
			resample(r, x, nx, bx);
			resample(r, y, ny, by);
		}
		ok += constants(m, bx, nx, by, ny, &bs[ok], &bi[ok]);
	}
	out->se_slope = ok > 1 ? gsl_stats_sd(bs, 1, ok) : NAN;
	out->se_intercept = ok > 1 ? gsl_stats_sd(bi, 1, ok) : NAN;
	if (m == KK_LINK_MEAN)
		out->se_slope = 0;
	gsl_rng_free(r);
	free(bx);
	free(by);
	free(bs);
	free(bi);
}

bool
kk_link_fit(enum kk_link_method m, enum kk_link_design d,
	const double *x, size_t nx, const double *y, size_t ny,
	unsigned reps, unsigned long seed, kk_link *out)
{
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
	bootstrap(m, d, x, nx, y, ny, reps, seed, out);
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
