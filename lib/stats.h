/*
 * stats.h - the statistics kk-stats needs, on GSL, matching R.
 *
 * Every test fills one st_result.  Missing values are NaN; functions that
 * take paired data drop a pair when either member is NaN, and n says how
 * many pairs were used.  A result that is undefined for the data (n too
 * small, a constant column) has NaN fields and why set to the reason; the
 * caller decides whether to warn.  All p-values are two-sided, all
 * intervals 95 %.  The R call each function reproduces is named beside it.
 */
#ifndef KK_STATS_H
#define KK_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	double estimate;    /* r, rho, tau, slope, mean difference, F, H */
	double se;          /* standard error of estimate (slope, paired) */
	double statistic;   /* t, S, z, F, H */
	double df;          /* degrees of freedom (df1 for F) */
	double df2;         /* denominator df of F, else NaN */
	double p;           /* two-sided p-value */
	double ci_low;      /* 95 % interval for estimate */
	double ci_high;
	double intercept;   /* least squares only */
	double r_squared;   /* least squares only */
	size_t n;           /* observations (pairs) used */
	const char *method; /* short name of the method */
	const char *why;    /* NULL when defined, else why not */
} st_result;

typedef struct {
	size_t n;
	double mean, sd, median, q1, q3, min, max;
} st_desc;

/* Copy the pairs with both members non-NaN into xo, yo; returns count. */
size_t st_complete_pairs(const double *x, const double *y, size_t n,
	double *xo, double *yo);

/* gsl_stats_mean(x) and gsl_stats_mean(y), to the bit, in one pass. */
void st_mean2(const double *x, const double *y, size_t n, double *mx,
	double *my);

/* Average ranks (1-based, ties get the mean rank), as R's rank(). */
void st_rank(const double *x, size_t n, double *rank);

/* n, mean, sd (n-1), median, quartiles (R's quantile type 7), min, max
 * of the non-NaN values of x. */
st_desc st_describe(const double *x, size_t n);

/* cor.test(x, y, method = "pearson"): t on n-2 df, Fisher-z interval. */
st_result st_pearson(const double *x, const double *y, size_t n);
/* cor.test(x, y, method = "spearman", exact = FALSE): statistic is S,
 * p from the t approximation on n-2 df. */
st_result st_spearman(const double *x, const double *y, size_t n);
/* cor.test(x, y, method = "kendall", exact = FALSE, continuity = FALSE):
 * tau-b, statistic z with the tie-corrected variance of S. */
st_result st_kendall(const double *x, const double *y, size_t n);
/* Both of the above from one sort of the pairs. */
void st_rank_correlations(const double *x, const double *y, size_t n,
	st_result *spearman, st_result *kendall);
/* lm(y ~ x): estimate slope, se, t and p on n-2 df, t interval,
 * intercept, r_squared (gsl_fit_linear). */
st_result st_slope(const double *x, const double *y, size_t n);
/* anova(lm(y ~ factor(group))) / summary(aov()): F, df, df2, p.
 * group[i] is a class index >= 0, or < 0 to leave the value out;
 * classes with no values do not count. */
st_result st_anova(const double *y, const int *group, size_t n);
/* kruskal.test(y, factor(group)): statistic H with tie correction,
 * chi-squared p on (groups - 1) df. */
st_result st_kruskal(const double *y, const int *group, size_t n);
/* t.test(after, before, paired = TRUE): estimate mean(after - before),
 * se, t on n-1 df, p, interval. */
st_result st_paired_t(const double *after, const double *before, size_t n);

/* p.adjust(p, "BH") into adj; NaN p-values stay NaN and do not count. */
void st_bh(const double *p, size_t n, double *adj);

/* gsl_rng_mt19937 restated, so that the bootstrap can draw its indices
 * a block at a time without a call per number: same seed, same words. */
typedef struct {
	uint32_t mt[624];    /* the generator's state */
	uint32_t word[624];  /* its output for this state, tempered */
	size_t next;         /* word[next] is the next number; 624: none left */
} st_mt;

/* gsl_rng_set(r, seed) on an mt19937 r. */
void st_mt_set(st_mt *g, unsigned long seed);
/* count numbers that gsl_rng_uniform_int(r, n) would return, one after
 * the other, from r in g's state; 0 < n <= UINT32_MAX. */
void st_boot_draws(st_mt *g, uint32_t n, uint32_t *out, size_t count);

/* Percentile bootstrap interval of Spearman's rho: B resamples of the
 * municipalities of the complete pairs (pair i is municipality
 * cluster[i]'s; NULL: every pair its own), each drawn with all of its
 * pairs, as many municipalities as there are, with gsl_rng mt19937
 * seeded with seed (with every pair its own, the numbers
 * gsl_rng_uniform_int draws for the pairs); the interval is
 * quantile(type 7) at 0.025 and 0.975 of the replicates whose rho is
 * defined.  *used gets that number (may be NULL).  Returns 0, or -1 (NaN
 * interval) when fewer than 3 pairs or no defined replicate.  Dies with
 * 2^21 pairs or more, in the data or in a resample. */
int st_boot_spearman(const double *x, const double *y,
	const size_t *cluster, size_t n, size_t B, unsigned long seed,
	double *lo, double *hi, size_t *used);

#endif
