/*
 * Linking and within-cohort scores.  Oracles: hand
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
	    y, 4, NULL, 50, 1, &l));
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
	    y, 4, NULL, 50, 1, &l));
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
	    y, N, NULL, 1000, 7, &l));
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
		    KK_DESIGN_RANDOM_GROUPS, x, N, y, N, NULL, 200,
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
	    y, N, NULL, 1000, 3, &l));
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
	    y, N, NULL, 200, 1, &l));
	cr_expect_float_eq(l.slope, 1.25, 1e-12);
	cr_expect_float_eq(l.intercept, -5, 1e-10);
	cr_expect(l.se_slope < 1e-9 && l.se_intercept < 1e-8);
	cr_expect_not(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_SINGLE_GROUP, x,
	    N, y, N - 1, NULL, 200, 1, &l), "pairs need equal counts");
	gsl_rng_free(r);
}

/* Same seed, same answer: output must be reproducible. */
Test(linear, seeded)
{
	double x[] = { 31, 45, 52, 60, 38, 71 }, y[] = { 40, 62, 55, 81, 70 };
	kk_link a, b;

	kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, 6, y, 5, NULL, 300,
	    11, &a);
	kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, 6, y, 5, NULL, 300,
	    11, &b);
	cr_expect_eq(a.se_slope, b.se_slope);
	cr_expect_eq(a.se_intercept, b.se_intercept);
}

Test(linear, degenerate)
{
	double flat[] = { 50, 50, 50 }, y[] = { 1, 2, 3 };
	kk_link l;

	cr_expect_not(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS,
	    flat, 3, y, 3, NULL, 10, 1, &l));
	cr_expect_not(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, y,
	    1, y, 3, NULL, 10, 1, &l));
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

/* ---- resampling municipalities -------------------------------------- */

/* The oracle's data: municipalities 0..59; 0..39 scored under the old
 * version 1 + m % 3 times, x = 40 + (37 m mod 41) + 2k; 20..59 under the
 * new one 1 + m % 2 times, y = 30 + 1.2 (37 m mod 41) + (11 m mod 13) +
 * 3k.  Municipalities 20..39 have both, and their x and y correlate. */
enum { NMUNI = 60, NXMAX = 120 };

static size_t
oracle_data(double *x, size_t *cx, size_t *nx, double *y, size_t *cy)
{
	size_t n = 0, m, k;

	*nx = 0;
	for (m = 0; m < 40; m++)
		for (k = 0; k <= m % 3; k++) {
			x[*nx] = 40 + (double)(m * 37 % 41) + 2.0 * k;
			cx[(*nx)++] = m;
		}
	for (m = 20; m < NMUNI; m++)
		for (k = 0; k <= m % 2; k++) {
			y[n] = 30 + 1.2 * (double)(m * 37 % 41) +
			    (double)(m * 11 % 13) + 3.0 * k;
			cy[n++] = m;
		}
	return n;
}

struct boot_moments {
	double se_slope, se_intercept, cov;
};

/* Mean over seeds 1..S of the bootstrap's SEs and covariance. */
static struct boot_moments
over_seeds(const kk_link_clusters *c, const double *x, size_t nx,
	const double *y, size_t ny, unsigned S, unsigned B)
{
	struct boot_moments m = { 0, 0, 0 };
	kk_link l;

	for (unsigned s = 1; s <= S; s++) {
		cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS,
		    x, nx, y, ny, c, B, s, &l));
		m.se_slope += l.se_slope / S;
		m.se_intercept += l.se_intercept / S;
		m.cov += l.cov_slope_intercept / S;
	}
	return m;
}

/* R's bootstrap draws other numbers, so the distributions are compared:
 * the mean over 40 seeds of 1000 replicates each against R's mean over
 * 200 seeds, within 4 standard errors of the difference (R's sd over
 * seeds s: sqrt(s^2/40 + s^2/200)).  R 4.2:
 *
 *   xs <- lapply(0:59, function(i) if (i < 40) 40 + (i*37) %% 41 +
 *       2*(0:(i %% 3)) else numeric(0))
 *   ys <- lapply(0:59, function(i) if (i >= 20) 30 + 1.2*((i*37) %% 41) +
 *       (i*11) %% 13 + 3*(0:(i %% 2)) else numeric(0))
 *   x <- unlist(xs); y <- unlist(ys)
 *   fit <- function(x, y) { s <- sd(y)/sd(x); c(s, mean(y) - s*mean(x)) }
 *   boot <- function(seed, B, cluster) {
 *     set.seed(seed)
 *     r <- replicate(B, {
 *       if (cluster) { k <- sample(60, 60, replace = TRUE)
 *         bx <- unlist(xs[k]); by <- unlist(ys[k]) }
 *       else { u <- c(x, y); g <- c(rep(1, length(x)), rep(2, length(y)))
 *         k <- sample(length(u), length(u), replace = TRUE)
 *         bx <- u[k][g[k] == 1]; by <- u[k][g[k] == 2] }
 *       if (length(bx) < 2 || length(by) < 2 || sd(bx) == 0) c(NA, NA)
 *       else fit(bx, by)
 *     })
 *     r <- r[, !is.na(r[1, ])]
 *     c(sd(r[1, ]), sd(r[2, ]), cov(r[1, ], r[2, ]))
 *   }
 *   format(fit(x, y), digits = 17)
 *   for (cl in c(TRUE, FALSE)) {
 *     v <- t(sapply(1:200, boot, B = 1000, cluster = cl))
 *     print(format(colMeans(v), digits = 6))
 *     print(format(apply(v, 2, sd), digits = 6))
 *   }
 *
 *   [1] "  1.2647151938092802" "-16.8664234939511175"
 *   cluster:    means  0.131259    8.765768   -1.090705
 *               sds    0.00285427  0.19787028  0.04925806
 *   evaluation: means  0.108019    7.255394   -0.734035
 *               sds    0.00221288  0.15077457  0.03122899
 *
 * The two resamplings differ by 5 to 10 such margins, so the test tells
 * them apart. */
static void
expect_near(double got, double mean, double sd, const char *what)
{
	double tol = 4 * sqrt(sd * sd / 40 + sd * sd / 200);

	cr_expect(fabs(got - mean) < tol, "%s: %g, R %g +- %g", what, got,
	    mean, tol);
}

Test(clusters, r_oracle_distribution)
{
	double x[NXMAX], y[NXMAX];
	size_t cx[NXMAX], cy[NXMAX], nx, ny;
	kk_link_clusters c;
	struct boot_moments m;
	kk_link l;

	ny = oracle_data(x, cx, &nx, y, cy);
	cr_assert_eq(nx, 79);
	cr_assert_eq(ny, 60);
	c = (kk_link_clusters){ cx, cy, NMUNI };
	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_RANDOM_GROUPS, x, nx,
	    y, ny, &c, 10, 1, &l));
	cr_expect_float_eq(l.slope, 1.2647151938092802, 1e-14);
	cr_expect_float_eq(l.intercept, -16.8664234939511175, 1e-12);
	cr_expect_eq(l.municipalities, NMUNI);
	m = over_seeds(&c, x, nx, y, ny, 40, 1000);
	expect_near(m.se_slope, 0.131259, 0.00285427, "cluster se_slope");
	expect_near(m.se_intercept, 8.765768, 0.19787028,
	    "cluster se_intercept");
	expect_near(m.cov, -1.090705, 0.04925806, "cluster cov");
	m = over_seeds(NULL, x, nx, y, ny, 40, 1000);
	expect_near(m.se_slope, 0.108019, 0.00221288, "evaluation se_slope");
	expect_near(m.se_intercept, 7.255394, 0.15077457,
	    "evaluation se_intercept");
	expect_near(m.cov, -0.734035, 0.03122899, "evaluation cov");
}

/* By hand: 50 municipalities scored 4 times under the old version with
 * one score each time (a_m = m), 50 others 4 times under the new (b_m =
 * 2m).  Mean linking, intercept = mean(y) - mean(x).  Drawing the 100
 * municipalities, mean(x*) is the mean of about 50 drawn a_m: its
 * variance is sigma_a^2 / 50 (sigma^2 with divisor n: the bootstrap's
 * population), so SE = sqrt(sigma_a^2 / 50 + sigma_b^2 / 50), with
 * sigma_a^2 = (50^2 - 1) / 12 and sigma_b^2 = 4 sigma_a^2.  Drawing the
 * 400 evaluations as if independent gives sqrt(... / 200): half.
 * Margins: an SE from B replicates has relative sd 1 / sqrt(2 (B - 1))
 * (0.005 for B = 20000), the ratio of two sqrt(2) times that; the number
 * of old-version municipalities drawn varies (binomial), which adds
 * E[1/N] - 1/E[N] = about 1/50 to the variance, 1 % to the SE (0.25 %
 * for 200 evaluations).  Allowed: 5 sds and the 1 % bias. */
Test(clusters, duplicated_evaluations_hand)
{
	enum { M = 50, K = 4, B = 20000 };
	double x[M * K], y[M * K], sa2 = (M * M - 1) / 12.0, ideal, rel;
	size_t cx[M * K], cy[M * K], i;
	kk_link by_muni, by_eval;
	kk_link_clusters c = { cx, cy, 2 * M };

	for (i = 0; i < M * K; i++) {
		x[i] = (double)(i / K);
		cx[i] = i / K;
		y[i] = 2.0 * (double)(i / K);
		cy[i] = M + i / K;
	}
	cr_assert(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, x,
	    M * K, y, M * K, &c, B, 9, &by_muni));
	cr_assert(kk_link_fit(KK_LINK_MEAN, KK_DESIGN_RANDOM_GROUPS, x,
	    M * K, y, M * K, NULL, B, 9, &by_eval));
	ideal = sqrt(sa2 / M + 4 * sa2 / M);
	rel = 5 / sqrt(2.0 * (B - 1));
	cr_expect(fabs(by_muni.se_intercept / ideal - 1) < rel + 0.01,
	    "by municipality %g, ideal %g", by_muni.se_intercept, ideal);
	cr_expect(fabs(by_muni.se_intercept / by_eval.se_intercept - 2) <
	    2 * (sqrt(2.0) * rel + 0.01), "ratio %g, expected 2",
	    by_muni.se_intercept / by_eval.se_intercept);
	cr_expect_eq(by_muni.cov_slope_intercept, 0.0);
	cr_expect_eq(by_muni.se_slope, 0.0);
}

/* The covariance is what makes the SE of a linked score: at x,
 * Var(b x + a) = x^2 Var(b) + Var(a) + 2 x Cov(a, b).  Checked against
 * the replicates' own spread of b x + a, recomputed here from a single
 * group whose pairs are exact but for one outlier (so that the
 * replicates vary). */
Test(clusters, covariance_gives_linked_se)
{
	enum { N = 40, B = 4000 };
	double x[N], y[N], at = 480, se, direct;
	kk_link l, l2;
	size_t i;

	for (i = 0; i < N; i++) {
		x[i] = 300 + 10.0 * (double)i;
		y[i] = 1.1 * x[i] - 20 + (i % 5 == 0 ? 15.0 : -3.75);
	}
	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_SINGLE_GROUP, x, N,
	    y, N, NULL, B, 4, &l));
	se = sqrt(at * at * l.se_slope * l.se_slope + l.se_intercept *
	    l.se_intercept + 2 * at * l.cov_slope_intercept);
	/* the same from the linked scores' spread: shifting x by at makes
	 * the new intercept the linked score at x = at, and its SE ours */
	for (i = 0; i < N; i++)
		x[i] -= at;
	cr_assert(kk_link_fit(KK_LINK_LINEAR, KK_DESIGN_SINGLE_GROUP, x, N,
	    y, N, NULL, B, 4, &l2));
	direct = l2.se_intercept;
	cr_expect_float_eq(se, direct, 1e-9 * direct, "%.17g vs %.17g", se,
	    direct);
	cr_expect(l.cov_slope_intercept < 0, "x > 0: slope and intercept "
	    "move against each other");
	cr_expect(se < sqrt(at * at * l.se_slope * l.se_slope +
	    l.se_intercept * l.se_intercept), "independent SEs overstate it");
}
