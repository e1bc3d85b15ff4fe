/*
 * Statistics for kk-stats on GSL.  Each function follows the R code it
 * names in stats.h step by step, so that a researcher re-running the
 * analysis in R gets the same digits (the unit tests hold it to 1e-9).
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "kk.h"
#include "sort.h"
#include "stats.h"

static st_result
undefined(const char *method, size_t n, const char *why)
{
	st_result r;

	r.estimate = r.se = r.statistic = r.df = r.df2 = r.p = NAN;
	r.ci_low = r.ci_high = r.intercept = r.r_squared = NAN;
	r.n = n;
	r.method = method;
	r.why = why;
	return r;
}

/* Two-sided p of t on df degrees of freedom. */
static double
p_t(double t, double df)
{
	if (isinf(t))
		return 0;
	return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

size_t
st_complete_pairs(const double *x, const double *y, size_t n,
	double *xo, double *yo)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		xo[m] = x[i];
		yo[m] = y[i];
		m++;
	}
	return m;
}

/* Pairs copied into fresh arrays the caller frees with free(*xo). */
static size_t
pairs(const double *x, const double *y, size_t n, double **xo, double **yo)
{
	*xo = kk_malloc(2 * (n ? n : 1) * sizeof(double));
	*yo = *xo + (n ? n : 1);
	return st_complete_pairs(x, y, n, *xo, *yo);
}

/* Add a tie group of t values to the sums of t(t-1), t(t-1)(t-2) and
 * t(t-1)(2t+5) over tie groups, as R's cor.test computes them for
 * Kendall (and Kruskal-Wallis needs the first two). */
static void
add_ties(double s[3], size_t size)
{
	double t = (double)size;

	if (size < 2)
		return;
	s[0] += t * (t - 1);
	s[1] += t * (t - 1) * (t - 2);
	s[2] += t * (t - 1) * (2 * t + 5);
}

/* rank[p[k]] for the run p[i..j) of equal values: the mean of ranks
 * i+1..j. */
static void
rank_run(const size_t *p, size_t i, size_t j, double *rank)
{
	for (size_t k = i; k < j; k++)
		rank[p[k]] = (double)(i + 1 + j) / 2;
}

/* Average ranks of x and its tie sums (add_ties), from one sort. */
static void
rank_ties(const double *x, size_t n, double *rank, double ties[3])
{
	size_t *p, i, j;

	ties[0] = ties[1] = ties[2] = 0;
	if (n == 0)
		return;
	p = kk_malloc(n * sizeof(*p));
	kk_order(x, n, p);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && x[p[j]] == x[p[i]]; j++)
			;
		rank_run(p, i, j, rank);
		add_ties(ties, j - i);
	}
	free(p);
}

void
st_rank(const double *x, size_t n, double *rank)
{
	double ties[3];

	rank_ties(x, n, rank, ties);
}

st_desc
st_describe(const double *x, size_t n)
{
	st_desc d = { 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	double *v = kk_malloc((n ? n : 1) * sizeof(double));
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[m++] = x[i];
	d.n = m;
	if (m > 0) {
		kk_sort(v, m);
		d.mean = gsl_stats_mean(v, 1, m);
		d.median = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.5);
		d.q1 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.25);
		d.q3 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.75);
		d.min = v[0];
		d.max = v[m - 1];
	}
	if (m > 1)
		d.sd = gsl_stats_sd_m(v, 1, m, d.mean);
	free(v);
	return d;
}

/* gsl_stats_mean of x and of y, the same long double operations in the
 * same order (so the same doubles), the two recurrences side by side:
 * each step waits for its division, and two chains overlap. */
void
st_mean2(const double *x, const double *y, size_t n, double *mx, double *my)
{
	long double a = 0, b = 0;

	for (size_t i = 0; i < n; i++) {
		a += (x[i] - a) / (i + 1);
		b += (y[i] - b) / (i + 1);
	}
	*mx = (double)a;
	*my = (double)b;
}

/* Product-moment correlation by centred sums, as R's cor(); NaN when a
 * column is constant. */
static double
correlation(const double *x, const double *y, size_t n)
{
	double mx, my, sxx = 0, syy = 0, sxy = 0, r;
	size_t i;

	st_mean2(x, y, n, &mx, &my);
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (sxx == 0 || syy == 0)
		return NAN;
	r = sxy / sqrt(sxx * syy);
	return r > 1 ? 1 : r < -1 ? -1 : r;
}

st_result
st_pearson(const double *x, const double *y, size_t n)
{
	const char *method = "pearson";
	double *a, *b, z, h;
	size_t m = pairs(x, y, n, &a, &b);
	st_result r;

	if (m < 3) {
		free(a);
		return undefined(method, m, "fewer than 3 pairs");
	}
	r = undefined(method, m, NULL);
	r.estimate = correlation(a, b, m);
	free(a);
	r.df = m - 2;           /* R reports df even when r is NA */
	if (isnan(r.estimate)) {
		r.why = "a column is constant";
		return r;
	}
	if (fabs(r.estimate) < 1)
		r.statistic = sqrt(r.df) * r.estimate /
		    sqrt(1 - r.estimate * r.estimate);
	else
		r.statistic = copysign(INFINITY, r.estimate);
	r.p = p_t(r.statistic, r.df);
	/* R gives the Fisher-z interval only from 4 pairs on */
	if (m > 3) {
		z = atanh(r.estimate);
		h = gsl_cdf_ugaussian_Pinv(0.975) / sqrt((double)m - 3);
		r.ci_low = tanh(z - h);
		r.ci_high = tanh(z + h);
	}
	return r;
}

/* ---- rank correlations: Spearman and Kendall from one sort -------------- */

/* m complete pairs, ranked: the order by (x, y) gives x's ranks, ties
 * and Kendall's pairs tied in x; the order by y gives y's ranks and
 * ties; walking the first while counting y values in a Fenwick tree
 * counts the discordant pairs (Knight 1966) in O(m log d), d distinct
 * values of y (a hundred or so for whole points). */
typedef struct {
	size_t m;
	double *rx, *ry;        /* average ranks, in pair order */
	double s, tx, ty;       /* S; pairs not tied in x, in y */
	double xt[3], yt[3];    /* tie sums (add_ties) */
} ranked;

/* Of the values counted in tree[1..d] (a Fenwick tree), how many are
 * at most the k-th smallest, k from 1. */
static size_t
fenwick_count(const size_t *tree, size_t k)
{
	size_t c = 0;

	for (; k > 0; k &= k - 1)
		c += tree[k];
	return c;
}

static void
fenwick_add(size_t *tree, size_t d, size_t k)
{
	for (; k <= d; k += k & -k)
		tree[k]++;
}

/* Each pair's y rank and the tie sums into r, its pairs tied in y into
 * *tied, and into k, in the order of y, the pairs keyed by their x with
 * their position (low half) and the number (from 1) of their distinct y
 * value (high half); returns how many distinct values. */
static size_t
rank_y(const double *a, const double *b, size_t m, ranked *r, kk_keyed *k,
	double *tied)
{
	size_t *o = kk_malloc(m * sizeof *o), i, j, d = 0;
	double t2 = 0;

	kk_order(b, m, o);
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && b[o[j]] == b[o[i]]; j++)
			;
		rank_run(o, i, j, r->ry);
		add_ties(r->yt, j - i);
		t2 += (double)(j - i) * (double)(j - i - 1) / 2;
		d++;
		for (size_t q = i; q < j; q++)
			k[q] = (kk_keyed){ kk_sort_key(a[o[q]]),
			    o[q] | (uint64_t)d << 32 };
	}
	free(o);
	*tied = t2;
	return d;
}

#define POS(v) ((size_t)((v) & 0xffffffffu))
#define LEVEL(v) ((size_t)((v) >> 32))

/* The m pairs (a, b) ranked: sorted by x, ties by y (a stable sort of
 * y's order), the runs of equal x give x's ranks and ties, the runs of
 * equal y within them the pairs tied in both, and the y levels in that
 * order the discordant pairs. */
static void
rank_pairs(const double *a, const double *b, size_t m, ranked *r)
{
	kk_keyed *k;
	size_t *tree, d, i, j, q, l;
	double t0 = (double)m * (double)(m - 1) / 2, t1 = 0, t2, t3 = 0;
	double swaps = 0;

	if (m > UINT32_MAX)
		kk_die("rank correlation: %zu pairs, more than %lu", m,
		    (unsigned long)UINT32_MAX);
	k = kk_malloc(m * sizeof *k);
	r->m = m;
	r->rx = kk_malloc(2 * m * sizeof(double));
	r->ry = r->rx + m;
	memset(r->xt, 0, sizeof r->xt);
	memset(r->yt, 0, sizeof r->yt);
	d = rank_y(a, b, m, r, k, &t2);
	kk_sort_keyed(k, m);
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && k[j].key == k[i].key; j++)
			;
		for (q = i; q < j; q++)
			r->rx[POS(k[q].val)] = (double)(i + 1 + j) / 2;
		add_ties(r->xt, j - i);
		t1 += (double)(j - i) * (double)(j - i - 1) / 2;
		for (q = i; q < j; q = l) {
			for (l = q + 1; l < j && LEVEL(k[l].val) ==
			    LEVEL(k[q].val); l++)
				;
			t3 += (double)(l - q) * (double)(l - q - 1) / 2;
		}
	}
	/* discordant: an earlier pair in (x, y) order with a larger y */
	tree = kk_calloc(d + 1, sizeof *tree);
	for (i = 0; i < m; i++) {
		l = LEVEL(k[i].val);
		swaps += (double)(i - fenwick_count(tree, l));
		fenwick_add(tree, d, l);
	}
	r->s = t0 - t1 - t2 + t3 - 2 * swaps;
	r->tx = t0 - t1;
	r->ty = t0 - t2;
	free(tree);
	free(k);
}

static st_result
spearman_of(const ranked *k)
{
	const char *method = "spearman";
	size_t m = k->m;
	double den, q, rho, t;
	st_result r = undefined(method, m, NULL);

	r.estimate = correlation(k->rx, k->ry, m);
	if (isnan(r.estimate)) {
		r.why = "a column is constant";
		return r;
	}
	/* R: S = (n^3 - n)(1 - rho)/6, rho recovered from S, then the
	 * asymptotic t on n-2 df (cor.test.default, exact = FALSE) */
	den = ((double)m * ((double)m * m - 1)) / 6;
	q = ((double)m * m * m - m) * (1 - r.estimate) / 6;
	rho = 1 - q / den;
	r.statistic = q;
	r.df = m - 2;
	if (fabs(rho) < 1) {
		t = rho / sqrt((1 - rho * rho) / r.df);
		r.p = fmin(1, p_t(t, r.df));
	} else {
		r.p = 0;
	}
	return r;
}

static st_result
kendall_of(const ranked *k)
{
	const char *method = "kendall";
	const double *xt = k->xt, *yt = k->yt;
	double dn = (double)k->m, v;
	st_result r = undefined(method, k->m, NULL);

	if (k->tx == 0 || k->ty == 0) {
		r.why = "a column is constant";
		return r;
	}
	r.estimate = k->s / sqrt(k->tx * k->ty);
	v = (dn * (dn - 1) * (2 * dn + 5) - xt[2] - yt[2]) / 18 +
	    xt[0] * yt[0] / (2 * dn * (dn - 1)) +
	    xt[1] * yt[1] / (9 * dn * (dn - 1) * (dn - 2));
	/* R recomputes S from tau: S = tau sqrt((T0 - T1)(T0 - T2)) */
	r.statistic = r.estimate * sqrt(k->tx * k->ty) / sqrt(v);
	r.p = 2 * gsl_cdf_ugaussian_Q(fabs(r.statistic));
	return r;
}

void
st_rank_correlations(const double *x, const double *y, size_t n,
	st_result *spearman, st_result *kendall)
{
	double *a, *b;
	size_t m = pairs(x, y, n, &a, &b);
	ranked k;

	if (m < 3) {
		*spearman = undefined("spearman", m, "fewer than 3 pairs");
		*kendall = undefined("kendall", m, "fewer than 3 pairs");
		free(a);
		return;
	}
	rank_pairs(a, b, m, &k);
	*spearman = spearman_of(&k);
	*kendall = kendall_of(&k);
	free(k.rx);
	free(a);
}

st_result
st_spearman(const double *x, const double *y, size_t n)
{
	st_result s, k;

	st_rank_correlations(x, y, n, &s, &k);
	return s;
}

st_result
st_kendall(const double *x, const double *y, size_t n)
{
	st_result s, k;

	st_rank_correlations(x, y, n, &s, &k);
	return k;
}

/*
 * Least squares y = b0 + b1 x.  gsl_fit_linear's running means lose the
 * last digits of an intercept that cancels (NIST Norris: 3.9e-13 off),
 * so the centred sums are accumulated in long double here; the t
 * quantile and p come from GSL as everywhere else.
 */
typedef struct {
	double b0, b1, se1, sse, sst;
} lsq;

static lsq
least_squares(const double *x, const double *y, size_t n)
{
	long double mx = 0, my = 0, sxx = 0, sxy = 0, syy = 0, sse = 0, e;
	size_t i;
	lsq f;

	for (i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= n;
	my /= n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		sxy += (x[i] - mx) * (y[i] - my);
		syy += (y[i] - my) * (y[i] - my);
	}
	f.b1 = sxy / sxx;
	f.b0 = my - (sxy / sxx) * mx;
	for (i = 0; i < n; i++) {
		e = y[i] - my - (sxy / sxx) * (x[i] - mx);
		sse += e * e;
	}
	f.sse = sse;
	f.sst = syy;
	f.se1 = sqrtl(sse / (n - 2) / sxx);
	return f;
}

/* Whether gsl_stats_variance(x, 1, n) is 0, without its two passes: its
 * mean of equal finite values is that value, so the variance is 0, and
 * two different values, or an infinite one, give a positive variance or
 * NaN. */
static bool
constant(const double *x, size_t n)
{
	if (!isfinite(x[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (x[i] != x[0])
			return false;
	return true;
}

st_result
st_slope(const double *x, const double *y, size_t n)
{
	const char *method = "least squares";
	double *a, *b, h;
	size_t m = pairs(x, y, n, &a, &b);
	st_result r;
	lsq f;

	if (m < 3) {
		free(a);
		return undefined(method, m, "fewer than 3 pairs");
	}
	r = undefined(method, m, NULL);
	if (constant(a, m)) {
		free(a);
		r.why = "x is constant";
		return r;
	}
	f = least_squares(a, b, m);
	free(a);
	r.estimate = f.b1;
	r.intercept = f.b0;
	r.se = f.se1;
	r.df = m - 2;
	h = gsl_cdf_tdist_Qinv(0.025, r.df) * r.se;
	r.ci_low = f.b1 - h;
	r.ci_high = f.b1 + h;
	if (f.sst > 0)
		r.r_squared = 1 - f.sse / f.sst;
	if (r.se > 0) {
		r.statistic = f.b1 / r.se;
		r.p = p_t(r.statistic, r.df);
	} else if (f.sst > 0) {
		r.statistic = copysign(INFINITY, f.b1);
		r.p = 0;
	} else {
		r.why = "y is constant";
	}
	return r;
}

/* Values and group indices kept for a k-sample test: y not NaN and
 * group >= 0; groups renumbered 0..k-1 in order of first index. */
typedef struct {
	double *y;
	size_t *g;
	size_t n, k;
	double *sum;
	size_t *count;
} samples;

static void
samples_make(samples *s, const double *y, const int *group, size_t n)
{
	int gmax = -1;
	long *map;
	size_t i;

	for (i = 0; i < n; i++)
		if (group[i] > gmax)
			gmax = group[i];
	map = kk_malloc((size_t)(gmax + 2) * sizeof(long));
	for (i = 0; i < (size_t)(gmax + 1); i++)
		map[i] = -1;
	s->y = kk_malloc((n ? n : 1) * sizeof(double));
	s->g = kk_malloc((n ? n : 1) * sizeof(size_t));
	s->n = s->k = 0;
	for (i = 0; i < n; i++) {
		if (isnan(y[i]) || group[i] < 0)
			continue;
		if (map[group[i]] < 0)
			map[group[i]] = (long)s->k++;
		s->y[s->n] = y[i];
		s->g[s->n++] = (size_t)map[group[i]];
	}
	free(map);
	s->sum = kk_calloc(s->k ? s->k : 1, sizeof(double));
	s->count = kk_calloc(s->k ? s->k : 1, sizeof(size_t));
}

static void
samples_free(samples *s)
{
	free(s->y);
	free(s->g);
	free(s->sum);
	free(s->count);
}

st_result
st_anova(const double *y, const int *group, size_t n)
{
	const char *method = "one-way anova";
	double mean, ssb = 0, ssw = 0, d;
	samples s;
	size_t i;
	st_result r;

	samples_make(&s, y, group, n);
	r = undefined(method, s.n, NULL);
	if (s.k < 2 || s.n <= s.k) {
		r.why = s.k < 2 ? "fewer than 2 groups" :
		    "no more values than groups";
		samples_free(&s);
		return r;
	}
	mean = gsl_stats_mean(s.y, 1, s.n);
	for (i = 0; i < s.n; i++) {
		s.sum[s.g[i]] += s.y[i];
		s.count[s.g[i]]++;
	}
	for (i = 0; i < s.k; i++) {
		d = s.sum[i] / s.count[i] - mean;
		ssb += s.count[i] * d * d;
	}
	for (i = 0; i < s.n; i++) {
		d = s.y[i] - s.sum[s.g[i]] / s.count[s.g[i]];
		ssw += d * d;
	}
	r.df = s.k - 1;
	r.df2 = s.n - s.k;
	samples_free(&s);
	if (ssw == 0) {
		r.why = "no variation within groups";
		return r;
	}
	r.statistic = r.estimate = (ssb / r.df) / (ssw / r.df2);
	r.p = gsl_cdf_fdist_Q(r.statistic, r.df, r.df2);
	return r;
}

st_result
st_kruskal(const double *y, const int *group, size_t n)
{
	const char *method = "kruskal-wallis";
	double *rank, h = 0, tied[3], dn, corr;
	samples s;
	size_t i;
	st_result r;

	samples_make(&s, y, group, n);
	r = undefined(method, s.n, NULL);
	if (s.k < 2) {
		r.why = "fewer than 2 groups";
		samples_free(&s);
		return r;
	}
	rank = kk_malloc(s.n * sizeof(double));
	rank_ties(s.y, s.n, rank, tied);
	for (i = 0; i < s.n; i++) {
		s.sum[s.g[i]] += rank[i];
		s.count[s.g[i]]++;
	}
	for (i = 0; i < s.k; i++)
		h += s.sum[i] * s.sum[i] / s.count[i];
	/* sum(t^3 - t) over tie groups = sum t(t-1)(t+1) */
	dn = s.n;
	r.df = s.k - 1;
	free(rank);
	samples_free(&s);
	/* t^3 - t = t(t-1)(t+1) = t(t-1)(t-2) + 3 t(t-1) */
	corr = 1 - (tied[1] + 3 * tied[0]) / (dn * dn * dn - dn);
	if (corr <= 0) {
		r.why = "all values are tied";
		return r;
	}
	r.statistic = r.estimate =
	    (12 * h / (dn * (dn + 1)) - 3 * (dn + 1)) / corr;
	r.p = gsl_cdf_chisq_Q(r.statistic, r.df);
	return r;
}

st_result
st_paired_t(const double *after, const double *before, size_t n)
{
	const char *method = "paired t";
	double *a, *b, h;
	size_t m = pairs(after, before, n, &a, &b), i;
	st_result r;

	r = undefined(method, m, NULL);
	if (m < 2) {
		free(a);
		r.why = "fewer than 2 pairs";
		return r;
	}
	for (i = 0; i < m; i++)
		a[i] -= b[i];
	r.estimate = gsl_stats_mean(a, 1, m);
	r.se = gsl_stats_sd_m(a, 1, m, r.estimate) / sqrt((double)m);
	free(a);
	r.df = m - 1;
	/* R: stop("data are essentially constant") */
	if (r.se <= 10 * DBL_EPSILON * fabs(r.estimate) || r.se == 0) {
		r.se = r.df = NAN;
		r.estimate = NAN;
		r.why = "the differences are constant";
		return r;
	}
	r.statistic = r.estimate / r.se;
	r.p = p_t(r.statistic, r.df);
	h = gsl_cdf_tdist_Qinv(0.025, r.df) * r.se;
	r.ci_low = r.estimate - h;
	r.ci_high = r.estimate + h;
	return r;
}

/* Sort key for BH: p descending, then index, so equal p-values keep
 * their order as R's order(p, decreasing = TRUE) does. */
static const double *bh_p;

static int
cmp_desc(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	if (bh_p[i] != bh_p[j])
		return bh_p[i] < bh_p[j] ? 1 : -1;
	return (i > j) - (i < j);
}

void
st_bh(const double *p, size_t n, double *adj)
{
	size_t *o = kk_malloc((n ? n : 1) * sizeof(size_t)), m = 0, i;
	double run = INFINITY, v;

	for (i = 0; i < n; i++) {
		adj[i] = NAN;
		if (!isnan(p[i]))
			o[m++] = i;
	}
	bh_p = p;
	qsort(o, m, sizeof(size_t), cmp_desc);
	/* pmin(1, cummin(n / i * p[o])) with i = m..1 */
	for (i = 0; i < m; i++) {
		v = (double)m / (double)(m - i) * p[o[i]];
		if (v < run)
			run = v;
		adj[o[i]] = run < 1 ? run : 1;
	}
	free(o);
}

/* ---- mt19937 as GSL's mt.c has it ---------------------------------- */

enum { MT_N = 624, MT_M = 397 };

static uint32_t
mt_twist(uint32_t k, uint32_t k1, uint32_t km)
{
	uint32_t y = (k & 0x80000000u) | (k1 & 0x7fffffffu);

	return km ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908b0dfu);
}

static uint32_t
mt_temper(uint32_t k)
{
	k ^= k >> 11;
	k ^= (k << 7) & 0x9d2c5680u;
	k ^= (k << 15) & 0xefc60000u;
	return k ^ (k >> 18);
}

/* The next 624 numbers at once: plain loops over arrays, which the
 * compiler vectorises, where GSL makes a call per number.  -O2 only
 * vectorises a loop whose trip count is a multiple of the vector
 * length, hence 224 + 3 rather than 227 in the first loop (the second
 * runs 396 times). */
static void
mt_block(st_mt *g)
{
	uint32_t *mt = g->mt;
	size_t k;

	for (k = 0; k < 224; k++)
		mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M]);
	for (; k < MT_N - MT_M; k++)
		mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M]);
	for (; k < MT_N - 1; k++)
		mt[k] = mt_twist(mt[k], mt[k + 1], mt[k + MT_M - MT_N]);
	mt[MT_N - 1] = mt_twist(mt[MT_N - 1], mt[0], mt[MT_M - 1]);
	for (k = 0; k < MT_N; k++)
		g->word[k] = mt_temper(mt[k]);
	g->next = 0;
}

void
st_mt_set(st_mt *g, unsigned long seed)
{
	size_t i;

	/* GSL replaces 0 before it keeps the low 32 bits */
	g->mt[0] = (uint32_t)(seed ? seed : 4357);
	for (i = 1; i < MT_N; i++)
		g->mt[i] = 1812433253u * (g->mt[i - 1] ^ (g->mt[i - 1] >> 30)) +
		    (uint32_t)i;
	g->next = MT_N;
}

/* floor(v / d) for v < 2^32, d < 2^32, given c = UINT64_MAX / d: it is
 * floor((c + 1) v / 2^64), since c + 1 = ceil(2^64 / d) (Lemire, Kaser
 * and Kurz 2019, theorem 1 with N = 32, F = 64), a multiplication
 * where a division costs some 20 cycles. */
static uint32_t
div_word(uint64_t c, uint32_t v)
{
#ifdef __SIZEOF_INT128__
	__extension__ typedef unsigned __int128 u128;

	return (uint32_t)(((u128)c * v + v) >> 64);
#else
	/* the same in 32-bit halves; (lo + 1) v < 2^64 */
	return (uint32_t)(((c >> 32) * v + (((c & UINT32_MAX) + 1) * v >> 32))
	    >> 32);
#endif
}

void
st_boot_draws(st_mt *g, uint32_t n, uint32_t *out, size_t count)
{
	/* gsl_rng_uniform_int: k = word / (range / n), again while k >= n,
	 * with range = UINT32_MAX for mt19937 */
	uint64_t c = UINT64_MAX / (UINT32_MAX / n);
	uint32_t k;
	size_t i = 0, t, take;
	const uint32_t *word;

	while (i < count) {
		if (g->next == MT_N)
			mt_block(g);
		/* a word gives at most one draw, so take words cannot
		 * overrun out; locals, as out might alias g for all the
		 * compiler knows */
		word = g->word + g->next;
		take = MT_N - g->next;
		if (take > count - i)
			take = count - i;
		g->next += take;
		for (t = 0; t < take; t++) {
			k = div_word(c, word[t]);
			out[i] = k;
			i += k < n;
		}
	}
}

/* Sums of rank products stay below m^3 < 2^63 in int64_t. */
#define BOOT_MAX ((size_t)1 << 21)

/* One bootstrap's working set.  A resample is len indices into the m
 * pairs; ranks need only how many draws fall in each tie group, so the
 * values are sorted once and each resample is ranked by counting,
 * O(len). */
typedef struct {
	size_t m;
	uint32_t *gx, *gy;   /* tie group of each pair, ordered by value */
	size_t nx, ny;       /* number of groups */
	uint32_t *cx, *cy;   /* draws per group, zero between resamples */
	int32_t *dx, *dy;    /* 2 rank - (len + 1) of each group */
	uint32_t *draw;      /* the resample */
	size_t len, cap;     /* its length, and draw[]'s room */
} boot;

/* g[i]: rank of x[i] among the distinct values of x, from 0.  Returns
 * the number of distinct values. */
static size_t
tie_groups(const double *x, size_t n, uint32_t *g)
{
	size_t *order = kk_malloc(n * sizeof(size_t)), i, k = 0;

	kk_order(x, n, order);
	for (i = 0; i < n; i++) {
		if (i > 0 && x[order[i]] != x[order[i - 1]])
			k++;
		g[order[i]] = (uint32_t)k;
	}
	free(order);
	return k + 1;
}

static void
boot_make(boot *b, const double *x, const double *y, size_t m)
{
	b->m = b->len = b->cap = m;
	b->gx = kk_malloc(4 * m * sizeof(uint32_t));
	b->gy = b->gx + m;
	b->cx = b->gy + m;
	b->cy = b->cx + m;
	b->draw = kk_malloc(m * sizeof(uint32_t));
	memset(b->cx, 0, 2 * m * sizeof(uint32_t));
	b->dx = kk_malloc(2 * m * sizeof(int32_t));
	b->dy = b->dx + m;
	b->nx = tie_groups(x, m, b->gx);
	b->ny = tie_groups(y, m, b->gy);
}

static void
boot_free(boot *b)
{
	free(b->gx);
	free(b->dx);
	free(b->draw);
}

/* A group of c draws after `before` earlier ones has average rank
 * before + (c + 1)/2; d gets twice that less m + 1 (m draws in all), so
 * that d is an integer and the mean of d over the draws is 0.  Returns the sum of
 * c d^2, and zeroes the counts for the next resample. */
static int64_t
group_ranks(uint32_t *count, size_t groups, size_t m, int32_t *d)
{
	size_t g;
	int64_t twice_before_less_m = -(int64_t)m, c, v, s = 0;

	for (g = 0; g < groups; g++) {
		c = count[g];
		v = twice_before_less_m + c;
		d[g] = (int32_t)v;
		s += c * v * v;
		twice_before_less_m += 2 * c;
	}
	memset(count, 0, groups * sizeof *count);
	return s;
}

/* rho of the resample in b->draw: Pearson's r of the ranks, summed in
 * integers (|d| < len, so the sums stay below len^3 < 2^63 for
 * len < BOOT_MAX), which is also faster than a chain of double additions.
 * Summing (rank - mean)(rank - mean) in double over the written-out
 * resample is exact as well, ranks being halves, for m < 2^17; the
 * quarters undo the doubling, so the two agree to the bit (the unit
 * test holds it). */
static double
boot_rho(boot *b)
{
	const uint32_t *j = b->draw;
	double sxx, syy;
	int64_t sxy = 0;
	size_t i, m = b->len;

	for (i = 0; i < m; i++) {
		uint32_t k = j[i];   /* once: the counts might alias it */

		b->cx[b->gx[k]]++;
		b->cy[b->gy[k]]++;
	}
	sxx = (double)group_ranks(b->cx, b->nx, m, b->dx) / 4;
	syy = (double)group_ranks(b->cy, b->ny, m, b->dy) / 4;
	for (i = 0; i < m; i++)
		sxy += (int64_t)b->dx[b->gx[j[i]]] * b->dy[b->gy[j[i]]];
	if (sxx == 0 || syy == 0)
		return NAN;
	return ((double)sxy / 4) / sqrt(sxx * syy);
}

/* Municipalities of the pairs: pair i belongs to cluster c[i], the
 * clusters numbered by their first pair, so that with no two pairs
 * sharing a label cluster k is pair k.  Member lists as in CSR: cluster
 * k's pairs are mem[start[k]..start[k + 1]). */
typedef struct {
	size_t n;
	size_t *start;
	uint32_t *mem;
	size_t largest;      /* pairs of the largest cluster */
} clusters;

struct labelled {
	size_t label, i;
};

static int
by_label(const void *pa, const void *pb)
{
	const struct labelled *a = pa, *b = pb;

	if (a->label != b->label)
		return a->label < b->label ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Cluster of each of the m pairs into c[], numbered by first pair. */
static size_t
number_clusters(const size_t *label, size_t m, size_t *c)
{
	struct labelled *l = kk_malloc(m * sizeof *l);
	size_t *rank = kk_malloc(m * sizeof *rank), i, j, n = 0;

	for (i = 0; i < m; i++)
		l[i] = (struct labelled){ label[i], i };
	qsort(l, m, sizeof *l, by_label);
	/* c[i]: the first pair of i's cluster; then that pair's rank among
	 * the first pairs */
	for (i = 0; i < m; i = j)
		for (j = i; j < m && l[j].label == l[i].label; j++)
			c[l[j].i] = l[i].i;
	for (i = 0; i < m; i++)
		if (c[i] == i)
			rank[i] = n++;
	for (i = 0; i < m; i++)
		c[i] = rank[c[i]];
	free(rank);
	free(l);
	return n;
}

static void
clusters_make(clusters *cl, const size_t *label, size_t m)
{
	size_t *c = kk_malloc(m * sizeof *c), *pos, i, k;

	cl->n = number_clusters(label, m, c);
	cl->start = kk_calloc(cl->n + 1, sizeof *cl->start);
	cl->mem = kk_malloc(m * sizeof *cl->mem);
	for (i = 0; i < m; i++)
		cl->start[c[i] + 1]++;
	cl->largest = 0;
	for (k = 0; k < cl->n; k++) {
		if (cl->start[k + 1] > cl->largest)
			cl->largest = cl->start[k + 1];
		cl->start[k + 1] += cl->start[k];
	}
	pos = kk_malloc((cl->n + 1) * sizeof *pos);
	memcpy(pos, cl->start, (cl->n + 1) * sizeof *pos);
	for (i = 0; i < m; i++)
		cl->mem[pos[c[i]]++] = (uint32_t)i;
	free(pos);
	free(c);
}

static void
clusters_free(clusters *cl)
{
	free(cl->start);
	free(cl->mem);
}

/* The pairs' municipality labels, complete pairs only, as pairs() keeps
 * them. */
static size_t *
complete_labels(const double *x, const double *y, const size_t *cluster,
	size_t n, size_t m)
{
	size_t *l = kk_malloc((m ? m : 1) * sizeof *l), i, k = 0;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]) && !isnan(y[i]))
			l[k++] = cluster[i];
	return l;
}

/* One resample into b->draw: as many clusters as there are, drawn with
 * replacement (cd their draws), each with all of its pairs. */
static void
draw_clusters(boot *b, const clusters *cl, st_mt *rng, uint32_t *cd)
{
	size_t i, k, len = 0;

	st_boot_draws(rng, (uint32_t)cl->n, cd, cl->n);
	for (i = 0; i < cl->n; i++)
		len += cl->start[cd[i] + 1] - cl->start[cd[i]];
	if (len >= BOOT_MAX)
		kk_die("bootstrap: a resample of %zu pairs, more than %lu", len,
		    (unsigned long)BOOT_MAX - 1);
	if (len > b->cap) {
		b->draw = kk_realloc(b->draw, len * sizeof *b->draw);
		b->cap = len;
	}
	len = 0;
	for (i = 0; i < cl->n; i++)
		for (k = cl->start[cd[i]]; k < cl->start[cd[i] + 1]; k++)
			b->draw[len++] = cl->mem[k];
	b->len = len;
}

/* The defined values of rho of B resamples; returns how many.  cl NULL:
 * every pair its own municipality, drawn straight into w->draw. */
static size_t
boot_replicates(boot *w, const clusters *cl, size_t B, unsigned long seed,
	double *rho)
{
	st_mt *rng = kk_malloc(sizeof *rng);
	uint32_t *cd = cl ? kk_malloc(cl->n * sizeof *cd) : NULL;
	size_t rep, k = 0;
	double v;

	st_mt_set(rng, seed);
	for (rep = 0; rep < B; rep++) {
		if (cd)
			draw_clusters(w, cl, rng, cd);
		else
			st_boot_draws(rng, (uint32_t)w->m, w->draw, w->m);
		v = boot_rho(w);
		if (!isnan(v))
			rho[k++] = v;
	}
	free(cd);
	free(rng);
	return k;
}

int
st_boot_spearman(const double *x, const double *y, const size_t *cluster,
	size_t n, size_t B, unsigned long seed, double *lo, double *hi,
	size_t *used)
{
	double *a, *b, *rho;
	size_t m = pairs(x, y, n, &a, &b), k, *label;
	clusters cl = { 0, NULL, NULL, 0 };
	bool grouped = false;
	boot w;

	*lo = *hi = NAN;
	if (used)
		*used = 0;
	if (m < 3 || B == 0) {
		free(a);
		return -1;
	}
	if (m >= BOOT_MAX) {
		free(a);
		kk_die("bootstrap: %zu pairs, more than %lu", m,
		    (unsigned long)BOOT_MAX - 1);
	}
	boot_make(&w, a, b, m);
	free(a);
	if (cluster) {
		label = complete_labels(x, y, cluster, n, m);
		clusters_make(&cl, label, m);
		free(label);
		/* no municipality with two pairs: the pair bootstrap, which
		 * draws the same numbers without the detour */
		grouped = cl.largest > 1;
	}
	rho = kk_malloc(B * sizeof(double));
	k = boot_replicates(&w, grouped ? &cl : NULL, B, seed, rho);
	if (cluster)
		clusters_free(&cl);
	if (k > 0) {
		gsl_sort(rho, 1, k);
		*lo = gsl_stats_quantile_from_sorted_data(rho, 1, k, 0.025);
		*hi = gsl_stats_quantile_from_sorted_data(rho, 1, k, 0.975);
	}
	if (used)
		*used = k;
	free(rho);
	boot_free(&w);
	return k > 0 ? 0 : -1;
}
