/*
 * Linking and within-cohort scores (issue 3).  Oracles: hand
 * calculations, R 4.2 values pasted with their code, and synthetic
 * cohorts generated here with a known shift and scale.
 */
#include <criterion/criterion.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

#include "kk.h"
#include "linking.h"

/* R: x <- c(10,20,30,40); y <- c(15,25,45,55); s <- sd(y)/sd(x)
 *    format(c(s, mean(y) - s*mean(x)), digits=17)
 *    "1.41421356237309515" "-0.35533905932737753"
 * By hand: var(y) = 1000/3 = 2 var(x), so slope = sqrt(2). */
Test(linear, r_oracle)
{
	double x[] = { 10, 20, 30, 40 }, y[] = { 15, 25, 45, 55 };
	kk_link l;

	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, 4,
	    y, 4, 50, 1, &l));
	cr_expect_float_eq(l.slope, 1.41421356237309515, 1e-14);
	cr_expect_float_eq(l.intercept, -0.35533905932737753, 1e-13);
	cr_expect_float_eq(l.mean_x, 25, 1e-14);
	cr_expect_float_eq(l.mean_y, 35, 1e-14);
	cr_expect_eq(l.nx, 4);
}

/* Mean linking: slope 1, intercept = difference of means = 10. */
Test(mean, hand)
{
	double x[] = { 10, 20, 30, 40 }, y[] = { 15, 25, 45, 55 };
	kk_link l;

	cr_assert(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, x, 4,
	    y, 4, 50, 1, &l));
	cr_expect_eq(l.slope, 1.0);
	cr_expect_float_eq(l.intercept, 10, 1e-13);
	cr_expect_eq(l.se_slope, 0.0);
	cr_expect(l.se_intercept > 0);
}

static void
normal_sample(gsl_rng *r, double *v, size_t n, double mean, double sd)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = mean + gsl_ran_gaussian(r, sd);
}

/* Random groups: old version X ~ N(50, 10); the new version scores an
 * equivalent group as Y = 0.8 X' + 25 (X' a fresh draw).  The true link
 * is slope 0.8, intercept 25. */
static void
synthetic(gsl_rng *r, double *x, double *y, size_t n)
{
	size_t i;

	normal_sample(r, x, n, 50, 10);
	normal_sample(r, y, n, 50, 10);
	for (i = 0; i < n; i++)
		y[i] = 0.8 * y[i] + 25;
}

Test(linear, recovers_known_constants)
{
	enum { N = 400 };
	double x[N], y[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	kk_link l;

	gsl_rng_set(r, 20260101);
	synthetic(r, x, y, N);
	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, N,
	    y, N, 1000, 7, &l));
	cr_expect(l.se_slope > 0 && l.se_slope < 0.1, "se %g", l.se_slope);
	cr_expect(fabs(l.slope - 0.8) < 3 * l.se_slope, "slope %g se %g",
	    l.slope, l.se_slope);
	cr_expect(fabs(l.intercept - 25) < 3 * l.se_intercept,
	    "intercept %g se %g", l.intercept, l.se_intercept);
	gsl_rng_free(r);
}

/* The bootstrap SEs are honest: over 200 independent synthetic cohort
 * pairs the interval constant +- 1.96 SE holds the true slope and
 * intercept about 95% of the time (binomial sd 1.5%: accept 88..99%). */
Test(linear, bootstrap_se_coverage)
{
	enum { N = 150, RUNS = 200 };
	double x[N], y[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	kk_link l;
	int run, hit_s = 0, hit_i = 0;

	gsl_rng_set(r, 42);
	for (run = 0; run < RUNS; run++) {
		synthetic(r, x, y, N);
		cr_assert(kk_link_fit(KK_LINK_LINEAR,
		    KK_DESIGN_RANDOM_GROUPS, x, N, y, N, 200,
		    (unsigned long)run + 1, &l));
		hit_s += fabs(l.slope - 0.8) < 1.96 * l.se_slope;
		hit_i += fabs(l.intercept - 25) < 1.96 * l.se_intercept;
	}
	cr_expect(hit_s >= 176 && hit_s <= 198, "slope coverage %d/200",
	    hit_s);
	cr_expect(hit_i >= 176 && hit_i <= 198, "intercept coverage %d/200",
	    hit_i);
	gsl_rng_free(r);
}

Test(mean, recovers_known_shift)
{
	enum { N = 300 };
	double x[N], y[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	kk_link l;

	gsl_rng_set(r, 99);
	normal_sample(r, x, N, 55, 12);
	normal_sample(r, y, N, 55 - 14, 12);   /* new version 14 harder */
	cr_assert(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, x, N,
	    y, N, 1000, 3, &l));
	cr_expect(fabs(l.intercept + 14) < 3 * l.se_intercept,
	    "intercept %g se %g", l.intercept, l.se_intercept);
	gsl_rng_free(r);
}

/* Single group, exactly linear: the paired bootstrap sees no error. */
Test(single_group, exact_pairs)
{
	enum { N = 60 };
	double x[N], y[N];
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	kk_link l;
	size_t i;

	gsl_rng_set(r, 5);
	normal_sample(r, x, N, 40, 15);
	for (i = 0; i < N; i++)
		y[i] = 1.25 * x[i] - 5;
	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_SINGLE_GROUP, x, N,
	    y, N, 200, 1, &l));
	cr_expect_float_eq(l.slope, 1.25, 1e-12);
	cr_expect_float_eq(l.intercept, -5, 1e-10);
	cr_expect(l.se_slope < 1e-9 && l.se_intercept < 1e-8);
	cr_expect_not(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_SINGLE_GROUP, x,
	    N, y, N - 1, 200, 1, &l), "pairs need equal counts");
	gsl_rng_free(r);
}

/* Same seed, same answer: output must be reproducible. */
Test(linear, seeded)
{
	double x[] = { 31, 45, 52, 60, 38, 71 }, y[] = { 40, 62, 55, 81, 70 };
	kk_link a, b;

	kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, 6, y, 5, 300,
	    11, &a);
	kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, 6, y, 5, 300,
	    11, &b);
	cr_expect_eq(a.se_slope, b.se_slope);
	cr_expect_eq(a.se_intercept, b.se_intercept);
}

Test(linear, degenerate)
{
	double flat[] = { 50, 50, 50 }, y[] = { 1, 2, 3 };
	kk_link l;

	cr_expect_not(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS,
	    flat, 3, y, 3, 10, 1, &l));
	cr_expect_not(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, y,
	    1, y, 3, 10, 1, &l));
}

/* R: x <- c(2,4,4,4,5,5,7,9); format(as.vector(scale(x)), digits=17)
 *   -1.40312152004022805 -0.46770717334674267 (x3) 0 0
 *    0.93541434669348533  1.87082869338697066 */
Test(zscore, r_oracle_and_properties)
{
	double x[] = { 2, 4, 4, 4, 5, 5, 7, 9 }, z[8], sum = 0, ss = 0;
	static const double r[] = { -1.40312152004022805,
		-0.46770717334674267, -0.46770717334674267,
		-0.46770717334674267, 0, 0, 0.93541434669348533,
		1.87082869338697066 };
	int i;

	cr_assert(kk_zscores(x, 8, z));
	for (i = 0; i < 8; i++) {
		cr_expect_float_eq(z[i], r[i], 1e-14, "z[%d] = %.17g", i,
		    z[i]);
		sum += z[i];
		ss += z[i] * z[i];
	}
	cr_expect_float_eq(sum, 0, 1e-13);            /* mean 0 */
	cr_expect_float_eq(ss / 7, 1, 1e-13);         /* sample sd 1 */
	cr_expect_not(kk_zscores(x, 1, z));
	cr_expect_not(kk_zscores((double[]){ 3, 3 }, 2, z));
}

/* Mid-rank percentile ranks by hand: 10 -> 100*(0+1/2)/4 = 12.5,
 * 20 (twice) -> 100*(1+2/2)/4 = 50, 30 -> 100*(3+1/2)/4 = 87.5. */
Test(percentile, hand_and_properties)
{
	double x[] = { 20, 10, 30, 20 }, pr[4], sum = 0;
	double big[101], prb[101];
	int i;

	kk_percentile_ranks(x, 4, pr);
	cr_expect_eq(pr[0], 50.0);
	cr_expect_eq(pr[1], 12.5);
	cr_expect_eq(pr[2], 87.5);
	cr_expect_eq(pr[3], 50.0);
	for (i = 0; i < 101; i++)
		big[i] = (i * 37) % 101;       /* 0..100 shuffled */
	kk_percentile_ranks(big, 101, prb);
	for (i = 0; i < 101; i++) {
		sum += prb[i];
		/* strictly increasing in the score, inside (0, 100) */
		cr_expect_float_eq(prb[i], 100 * (big[i] + 0.5) / 101, 1e-12);
		cr_expect(prb[i] > 0 && prb[i] < 100);
	}
	cr_expect_float_eq(sum / 101, 50, 1e-12);    /* mid-ranks average 50 */
	kk_percentile_ranks((double[]){ 7 }, 1, pr);
	cr_expect_eq(pr[0], 50.0);
}
