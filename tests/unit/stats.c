/*
 * lib/stats.c against independent values: NIST StRD certified results
 * (read from the .dat files in tests/data/nist/) and R 4.2.2 output on
 * small fixtures.  The R lines that produced each value stand beside it;
 * they print with f <- function(v) cat(sprintf("%.17g", v)).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "kk.h"
#include "stats.h"

#define NIST "tests/data/nist/"

static void
near(double got, double want, double rel, const char *what)
{
	double err = fabs(got - want);
	double tol = rel * fabs(want);

	cr_expect(err <= tol || (got == want),
	    "%s: got %.17g, want %.17g (rel error %.3g > %.3g)", what, got,
	    want, want != 0 ? err / fabs(want) : err, rel);
}

/* ---- NIST StRD ------------------------------------------------------ */

typedef struct {
	char **line;
	size_t n;
} lines;

static lines
slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	lines l = { NULL, 0 };
	char *buf = NULL;
	size_t cap = 0, lcap = 0;
	ssize_t len;

	cr_assert(fp != NULL, "cannot open %s (run from the repository root)",
	    path);
	while ((len = getline(&buf, &cap, fp)) >= 0) {
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		kk_grow((void **)&l.line, &lcap, l.n + 1, sizeof(char *));
		l.line[l.n++] = kk_strdup(buf);
	}
	free(buf);
	fclose(fp);
	return l;
}

static void
lines_free(lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
}

/* The number right after key on the first header line that holds key
 * followed by a number ("Standard Deviation" also heads a column). */
static double
certified(const lines *l, const char *key)
{
	size_t i;
	char *p, *end;
	double v;

	for (i = 0; i < 60 && i < l->n; i++) {
		if ((p = strstr(l->line[i], key)) == NULL)
			continue;
		p += strlen(key);
		v = strtod(p, &end);
		if (end != p)
			return v;
	}
	cr_assert_fail("certified value '%s' not found", key);
	return NAN;
}

/* Estimate and standard deviation of parameter "B<k>". */
static void
certified_param(const lines *l, int k, double *est, double *sd)
{
	char key[8];
	size_t i;
	char *p, *end;

	snprintf(key, sizeof key, "B%d ", k);
	for (i = 0; i < 60 && i < l->n; i++) {
		p = l->line[i] + strspn(l->line[i], " ");
		if (strncmp(p, key, strlen(key)) != 0)
			continue;
		*est = strtod(p + 2, &end);
		*sd = strtod(end, NULL);
		return;
	}
	cr_assert_fail("parameter B%d not found", k);
}

/* Data from line 61: ncol numbers a line into col-major v; rows read. */
static size_t
data(const lines *l, size_t ncol, double **v)
{
	size_t i, j, n = 0, cap = 0;
	double *row = calloc(ncol, sizeof(double));
	char *p, *end;

	*v = NULL;
	for (i = 60; i < l->n; i++) {
		p = l->line[i];
		if (p[strspn(p, " \t")] == '\0')
			continue;
		for (j = 0; j < ncol; j++, p = end) {
			row[j] = strtod(p, &end);
			cr_assert(end != p, "bad data line %zu", i + 1);
		}
		kk_grow((void **)v, &cap, (n + 1) * ncol, sizeof(double));
		memcpy(*v + n * ncol, row, ncol * sizeof(double));
		n++;
	}
	free(row);
	return n;
}

static void
univariate(const char *name, double rel_mean, double rel_sd)
{
	char path[64];
	lines l;
	double *v;
	size_t n;
	st_desc d;

	snprintf(path, sizeof path, NIST "%s.dat", name);
	l = slurp(path);
	n = data(&l, 1, &v);
	cr_assert_eq(n, (size_t)certified(&l, "Number of Observations:"));
	d = st_describe(v, n);
	cr_expect_eq(d.n, n);
	near(d.mean, certified(&l, "ybar:"), rel_mean, name);
	near(d.sd, certified(&l, "(denom. = n-1)      s:"), rel_sd, name);
	free(v);
	lines_free(&l);
}

Test(nist, numacc1) { univariate("NumAcc1", 1e-13, 1e-13); }
Test(nist, numacc4) { univariate("NumAcc4", 1e-13, 1e-7); }
Test(nist, lew) { univariate("Lew", 1e-13, 1e-13); }
Test(nist, pidigits) { univariate("PiDigits", 1e-13, 1e-13); }

/* Norris: y x; st_slope (gsl_fit_linear) gives B1, its SD, and B0. */
Test(nist, norris)
{
	lines l = slurp(NIST "Norris.dat");
	double *v, *x, *y, b0, s0, b1, s1;
	size_t n = data(&l, 2, &v), i;
	st_result r;

	cr_assert_eq(n, 36);
	x = malloc(n * sizeof(double));
	y = malloc(n * sizeof(double));
	for (i = 0; i < n; i++) {
		y[i] = v[2 * i];
		x[i] = v[2 * i + 1];
	}
	certified_param(&l, 0, &b0, &s0);
	certified_param(&l, 1, &b1, &s1);
	r = st_slope(x, y, n);
	near(r.estimate, b1, 1e-13, "Norris B1");
	near(r.se, s1, 1e-13, "Norris SD(B1)");
	near(r.intercept, b0, 1e-13, "Norris B0");
	near(r.r_squared, certified(&l, "R-Squared"), 1e-13, "Norris R^2");
	cr_expect_eq(r.n, 36);
	cr_expect_eq(r.df, 34);
	free(x);
	free(y);
	free(v);
	lines_free(&l);
}

/* Longley: y x1..x6 with intercept, via gsl_multifit_linear. */
Test(nist, longley)
{
	lines l = slurp(NIST "Longley.dat");
	double *v, chisq, est, sd;
	size_t n = data(&l, 7, &v), i, j;
	gsl_matrix *X, *cov;
	gsl_vector *y, *c;
	gsl_multifit_linear_workspace *w;
	char what[32];

	cr_assert_eq(n, 16);
	X = gsl_matrix_alloc(n, 7);
	cov = gsl_matrix_alloc(7, 7);
	y = gsl_vector_alloc(n);
	c = gsl_vector_alloc(7);
	for (i = 0; i < n; i++) {
		gsl_vector_set(y, i, v[7 * i]);
		gsl_matrix_set(X, i, 0, 1);
		for (j = 1; j < 7; j++)
			gsl_matrix_set(X, i, j, v[7 * i + j]);
	}
	w = gsl_multifit_linear_alloc(n, 7);
	cr_assert_eq(gsl_multifit_linear(X, y, c, cov, &chisq, w), 0);
	for (j = 0; j < 7; j++) {
		certified_param(&l, (int)j, &est, &sd);
		snprintf(what, sizeof what, "Longley B%zu", j);
		near(gsl_vector_get(c, j), est, 1e-10, what);
		snprintf(what, sizeof what, "Longley SD(B%zu)", j);
		/* gsl's cov is (X'X)^-1 scaled by chisq/(n-p) */
		near(sqrt(gsl_matrix_get(cov, j, j)), sd, 1e-10, what);
	}
	near(sqrt(chisq / (n - 7)),
	    certified(&l, "Standard Deviation"), 1e-10, "Longley s");
	gsl_multifit_linear_free(w);
	gsl_vector_free(c);
	gsl_vector_free(y);
	gsl_matrix_free(cov);
	gsl_matrix_free(X);
	free(v);
	lines_free(&l);
}

/* ---- R oracles ------------------------------------------------------- */

#define R_REL 1e-9

/* x <- c(12.5, 3, 7, 7, 20, NA, 15, 3, 9, 11)
 * y <- c(40, 31, 35, 35, 52, 44, NA, 30, 35, 41)
 * ties in both, one missing in each: 8 complete pairs */
static const double fx[] = { 12.5, 3, 7, 7, 20, NAN, 15, 3, 9, 11 };
static const double fy[] = { 40, 31, 35, 35, 52, 44, NAN, 30, 35, 41 };
#define FN 10

Test(r, pearson)
{
	st_result r = st_pearson(fx, fy, FN);

	/* t <- cor.test(x, y); f(c(t$estimate, t$statistic, t$parameter,
	 *     t$p.value, t$conf.int)) */
	cr_expect_eq(r.n, 8);
	cr_expect_null(r.why);
	near(r.estimate, 0.9825355439665856, R_REL, "r");
	near(r.statistic, 12.934089824368192, R_REL, "t");
	near(r.df, 6, R_REL, "df");
	near(r.p, 1.314314228459205e-05, R_REL, "p");
	near(r.ci_low, 0.90322524599381682, R_REL, "ci low");
	near(r.ci_high, 0.99695235779367697, R_REL, "ci high");
}

Test(r, spearman)
{
	st_result r = st_spearman(fx, fy, FN);

	/* t <- cor.test(x, y, method = "spearman", exact = FALSE)
	 * f(c(t$estimate, t$statistic, t$p.value)) */
	cr_expect_eq(r.n, 8);
	near(r.estimate, 0.95068973677523017, R_REL, "rho");
	near(r.statistic, 4.1420621108806666, R_REL, "S");
	near(r.p, 0.00028876896178668324, R_REL, "p");
}

Test(r, kendall)
{
	st_result r = st_kendall(fx, fy, FN);

	/* t <- cor.test(x, y, method = "kendall", exact = FALSE,
	 *     continuity = FALSE); f(c(t$estimate, t$statistic, t$p.value)) */
	cr_expect_eq(r.n, 8);
	near(r.estimate, 0.86291099460800968, R_REL, "tau");
	near(r.statistic, 2.8430096337043924, R_REL, "z");
	near(r.p, 0.0044689719586803005, R_REL, "p");
}

Test(r, lm)
{
	st_result r = st_slope(fx, fy, FN);

	/* m <- lm(y ~ x); s <- summary(m); f(c(coef(s)[2, ], coef(m)[1],
	 *     s$r.squared, confint(m)[2, ])) */
	cr_expect_eq(r.n, 8);
	near(r.estimate, 1.2398216084016691, R_REL, "slope");
	near(r.se, 0.095856888674594409, R_REL, "se");
	near(r.statistic, 12.934089824368224, R_REL, "t");
	near(r.p, 1.314314228459186e-05, R_REL, "p");
	near(r.intercept, 26.139116673859878, R_REL, "intercept");
	near(r.r_squared, 0.96537609515771439, R_REL, "r^2");
	near(r.ci_low, 1.0052682514899201, R_REL, "ci low");
	near(r.ci_high, 1.4743749653134182, R_REL, "ci high");
}

/* x3 <- c(1, 2, 4); y3 <- c(2, 1, 5): the smallest n with a test */
static const double x3[] = { 1, 2, 4 }, y3[] = { 2, 1, 5 };

Test(r, n3)
{
	st_result r;

	/* t <- cor.test(x3, y3); f(c(t$estimate, t$statistic, t$p.value))
	 * (R gives no interval for n = 3) */
	r = st_pearson(x3, y3, 3);
	near(r.estimate, 0.83862786937753453, R_REL, "r");
	near(r.statistic, 1.5396007178390014, R_REL, "t");
	near(r.p, 0.36671657332092311, R_REL, "p");
	cr_expect(isnan(r.ci_low) && isnan(r.ci_high));
	/* cor.test(x3, y3, method = "spearman", exact = FALSE) */
	r = st_spearman(x3, y3, 3);
	near(r.estimate, 0.5, R_REL, "rho");
	near(r.statistic, 2, R_REL, "S");
	near(r.p, 0.66666666666666674, R_REL, "p");
	/* cor.test(x3, y3, method = "kendall", exact = FALSE,
	 *     continuity = FALSE) */
	r = st_kendall(x3, y3, 3);
	near(r.estimate, 0.33333333333333337, R_REL, "tau");
	near(r.statistic, 0.5222329678670935, R_REL, "z");
	near(r.p, 0.60150813444058993, R_REL, "p");
	/* m <- lm(y3 ~ x3): slope, se, t, p, intercept
	 * -1.5383701491068513e-15 (zero up to rounding), r^2, confint */
	r = st_slope(x3, y3, 3);
	near(r.estimate, 1.1428571428571432, R_REL, "slope");
	near(r.se, 0.74230748895809051, R_REL, "se");
	near(r.statistic, 1.5396007178390021, R_REL, "t");
	near(r.p, 0.36671657332092289, R_REL, "p");
	cr_expect(fabs(r.intercept) < 1e-13, "intercept %g", r.intercept);
	near(r.r_squared, 0.70329670329670335, R_REL, "r^2");
	near(r.ci_low, -8.2890537890400893, R_REL, "ci low");
	near(r.ci_high, 10.574768074754378, R_REL, "ci high");
}

Test(r, too_few)
{
	static const double x[] = { 1, 2, NAN }, y[] = { 3, 5, 4 };
	st_result r = st_pearson(x, y, 3);

	/* cor.test(c(1, 2), c(3, 5)): "not enough finite observations" */
	cr_expect_eq(r.n, 2);
	cr_expect_not_null(r.why);
	cr_expect(isnan(r.estimate) && isnan(r.p));
	cr_expect(isnan(st_spearman(x, y, 3).p));
	cr_expect(isnan(st_kendall(x, y, 3).p));
	cr_expect(isnan(st_slope(x, y, 3).se));
}

Test(r, constant)
{
	static const double x[] = { 1, 2, 3, 4, 5 }, y[] = { 3, 3, 3, 3, 3 };
	st_result r;

	/* cor.test(1:5, c(3,3,3,3,3)): t = NA, p-value = NA, estimate NA,
	 * warning "the standard deviation is zero" */
	r = st_pearson(x, y, 5);
	cr_expect_not_null(r.why);
	cr_expect(isnan(r.estimate) && isnan(r.statistic) && isnan(r.p));
	cr_expect(isnan(r.ci_low) && isnan(r.ci_high));
	cr_expect_eq(r.n, 5);
	r = st_spearman(x, y, 5);
	cr_expect(r.why && isnan(r.estimate) && isnan(r.p));
	r = st_kendall(x, y, 5);
	cr_expect(r.why && isnan(r.estimate) && isnan(r.p));
	/* lm(x ~ y) with y constant: slope NA */
	r = st_slope(y, x, 5);
	cr_expect(r.why && isnan(r.estimate));
}

/* g <- c(1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3)
 * v <- c(10, 12, 12, NA, 15, 12, 18, 20, 22, 19, 25, 21)
 * Group 7 has no values and -1 marks a value to leave out: neither
 * counts (R drops unused levels / rows not in the data). */
static const int fg[] = { 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, 7 };
static const double fv[] = { 10, 12, 12, NAN, 15, 12, 18, 20, 22, 19, 25,
	21, 99, NAN };
#define GN 14

Test(r, anova)
{
	st_result r = st_anova(fv, fg, GN);

	/* a <- summary(aov(v ~ factor(g)))[[1]]
	 * f(c(a[1, "F value"], a[1, "Df"], a[2, "Df"], a[1, "Pr(>F)"])) */
	cr_expect_eq(r.n, 11);
	near(r.statistic, 19.590040532715683, R_REL, "F");
	near(r.df, 2, R_REL, "df1");
	near(r.df2, 8, R_REL, "df2");
	near(r.p, 0.00082665675120372883, R_REL, "p");
}

Test(r, kruskal)
{
	st_result r = st_kruskal(fv, fg, GN);

	/* k <- kruskal.test(v, factor(g))
	 * f(c(k$statistic, k$parameter, k$p.value)) */
	cr_expect_eq(r.n, 11);
	near(r.statistic, 8.3950617283950617, R_REL, "H");
	near(r.df, 2, R_REL, "df");
	near(r.p, 0.015032648684983324, R_REL, "p");
}

Test(r, one_group)
{
	static const int g[] = { 0, 0, 0, 1 };
	static const double v[] = { 1, 2, 3, NAN };

	/* kruskal.test: "all observations are in the same group" */
	cr_expect_not_null(st_kruskal(v, g, 4).why);
	cr_expect(isnan(st_anova(v, g, 4).p));
}

Test(r, paired)
{
	/* before <- c(30, 42, 51, 28, 60, NA, 45, 37)
	 * after  <- c(35, 47, 50, 40, 66, 70, 45, 44)
	 * t <- t.test(after, before, paired = TRUE)
	 * f(c(t$estimate, t$statistic, t$parameter, t$p.value, t$conf.int)) */
	static const double before[] = { 30, 42, 51, 28, 60, NAN, 45, 37 };
	static const double after[] = { 35, 47, 50, 40, 66, 70, 45, 44 };
	st_result r = st_paired_t(after, before, 8);

	cr_expect_eq(r.n, 7);
	near(r.estimate, 4.8571428571428568, R_REL, "mean change");
	near(r.statistic, 2.9371526469766245, R_REL, "t");
	near(r.df, 6, R_REL, "df");
	near(r.p, 0.026043810687178853, R_REL, "p");
	near(r.ci_low, 0.81070678509161831, R_REL, "ci low");
	near(r.ci_high, 8.9035789291940954, R_REL, "ci high");
}

Test(r, paired_constant)
{
	static const double a[] = { 3, 4, 5 }, b[] = { 1, 2, 3 };

	/* t.test(c(3,4,5), c(1,2,3), paired = TRUE):
	 * "data are essentially constant" */
	cr_expect_not_null(st_paired_t(a, b, 3).why);
}

Test(r, bh)
{
	/* p <- c(0.01, 0.04, 0.03, 0.04, NA, 0.5, 0.001, 0.2, 0.04)
	 * f(p.adjust(p, "BH")) */
	static const double p[] = { 0.01, 0.04, 0.03, 0.04, NAN, 0.5, 0.001,
		0.2, 0.04 };
	static const double want[] = { 0.040000000000000001,
		0.05333333333333333, 0.05333333333333333, 0.05333333333333333,
		NAN, 0.5, 0.0080000000000000002, 0.22857142857142856,
		0.05333333333333333 };
	double adj[9];
	size_t i;

	st_bh(p, 9, adj);
	for (i = 0; i < 9; i++) {
		if (isnan(want[i]))
			cr_expect(isnan(adj[i]));
		else
			near(adj[i], want[i], R_REL, "BH");
	}
}

Test(r, describe)
{
	/* yy <- y[!is.na(y)]; f(c(length(yy), mean(yy), sd(yy),
	 *     quantile(yy, c(.5, .25, .75)), min(yy), max(yy))) */
	st_desc d = st_describe(fy, FN);

	cr_expect_eq(d.n, 9);
	near(d.mean, 38.111111111111114, R_REL, "mean");
	near(d.sd, 6.936217348894937, R_REL, "sd");
	near(d.median, 35, R_REL, "median");
	near(d.q1, 35, R_REL, "q1");
	near(d.q3, 41, R_REL, "q3");
	near(d.min, 30, R_REL, "min");
	near(d.max, 52, R_REL, "max");
}

Test(r, quantile7)
{
	/* quantile(c(4, 1, 3, 2), c(.25, .5, .75)): 1.75 2.5 3.25 */
	static const double v[] = { 4, 1, 3, 2 };
	st_desc d = st_describe(v, 4);

	near(d.q1, 1.75, R_REL, "q1");
	near(d.median, 2.5, R_REL, "median");
	near(d.q3, 3.25, R_REL, "q3");
	d = st_describe(v, 1);
	cr_expect(d.n == 1 && d.mean == 4 && isnan(d.sd));
}

/* xs <- 1:20; ys: nearly linear, so the p-values are deep in the tails */
static const double ys[] = { 2.1, 3.9, 6.2, 8.1, 9.8, 12.2, 13.9, 16.1,
	18.0, 20.2, 21.9, 24.1, 26.0, 27.8, 30.2, 32.1, 33.9, 36.0, 38.1, 39.9 };

Test(r, tails)
{
	double xs[20];
	st_result r;
	int i;

	for (i = 0; i < 20; i++)
		xs[i] = i + 1;
	/* t <- cor.test(xs, ys); f(c(t$estimate, t$statistic, t$p.value)) */
	r = st_pearson(xs, ys, 20);
	near(r.estimate, 0.99993745756083785, R_REL, "r");
	near(r.statistic, 379.32675447592544, R_REL, "t");
	near(r.p, 1.3900183789639842e-36, R_REL, "p");
	/* cor.test(xs, ys, method = "spearman", exact = FALSE): rho 1, p 0 */
	r = st_spearman(xs, ys, 20);
	near(r.estimate, 1, R_REL, "rho");
	cr_expect_eq(r.p, 0);
	/* cor.test(xs, ys, method = "kendall", exact = FALSE,
	 *     continuity = FALSE) */
	r = st_kendall(xs, ys, 20);
	near(r.estimate, 1, R_REL, "tau");
	near(r.statistic, 6.164414002968976, R_REL, "z");
	near(r.p, 7.0744630989707193e-10, R_REL, "p");
	/* f(coef(summary(lm(ys ~ xs)))[2, ]) */
	r = st_slope(xs, ys, 20);
	near(r.estimate, 1.9970676691729325, R_REL, "slope");
	near(r.se, 0.0052647688189886629, R_REL, "se");
	near(r.p, 1.3900183789650904e-36, R_REL, "p");
}

/* ---- bootstrap: properties, not values (R's RNG differs) ------------- */

Test(boot, deterministic)
{
	double lo1, hi1, lo2, hi2, lo3, hi3;
	size_t used;

	cr_assert_eq(st_boot_spearman(fx, fy, NULL, FN, 2000, 42, &lo1, &hi1,
	    &used), 0);
	cr_expect_leq(used, 2000);
	st_boot_spearman(fx, fy, NULL, FN, 2000, 42, &lo2, &hi2, NULL);
	cr_expect(lo1 == lo2 && hi1 == hi2, "same seed, same interval");
	st_boot_spearman(fx, fy, NULL, FN, 2000, 43, &lo3, &hi3, NULL);
	cr_expect(lo1 != lo3 || hi1 != hi3, "another seed, another draw");
	cr_expect(-1 <= lo1 && lo1 <= 0.95068973677523017);
	cr_expect(0.95068973677523017 <= hi1 && hi1 <= 1);
}

/* With B = 1 the interval is the one replicate's rho.  Redraw the same
 * indices with the same generator, write the resample out and rank it
 * from scratch: st_spearman must agree with the counting shortcut. */
Test(boot, one_replicate)
{
	static const double x[] = { 5, 1, 3, 3, 8, 2, 9, 4, 4, 7, 6, 3 };
	static const double y[] = { 2, 1, 4, 4, 9, 1, 7, 3, 5, 8, 6, 2 };
	double bx[12], by[12], lo, hi;
	unsigned long seed;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t i, k;

	for (seed = 1; seed <= 20; seed++) {
		gsl_rng_set(rng, seed);
		for (i = 0; i < 12; i++) {
			k = gsl_rng_uniform_int(rng, 12);
			bx[i] = x[k];
			by[i] = y[k];
		}
		if (st_boot_spearman(x, y, NULL, 12, 1, seed, &lo, &hi,
		    NULL) < 0) {
			cr_expect(st_spearman(bx, by, 12).why != NULL);
			continue;
		}
		near(lo, st_spearman(bx, by, 12).estimate, 1e-12, "rho");
		cr_expect_eq(lo, hi);
	}
	gsl_rng_free(rng);
}

Test(boot, monotone)
{
	double lo, hi;

	st_boot_spearman(ys, ys, NULL, 20, 500, 1, &lo, &hi, NULL);
	near(lo, 1, 1e-15, "lo");
	near(hi, 1, 1e-15, "hi");
}

Test(boot, too_small)
{
	double lo, hi;

	cr_expect_eq(st_boot_spearman(x3, y3, NULL, 2, 100, 1, &lo, &hi, NULL),
	    -1);
	cr_expect(isnan(lo) && isnan(hi));
}

/* ---- bootstrap: the library against a plain restatement --------------
 * The library ranks resamples by counting and draws from its own copy
 * of the generator; here every resample is written out, ranked by
 * counting smaller and equal values, and correlated the textbook way.
 * Ranks are multiples of 1/2, so every sum of products is exact in
 * double and the order of summation cannot matter: the intervals must
 * be equal to the bit, and so must kk-stats' output. */

static int
cmp_double(const void *a, const void *b)
{
	double u = *(const double *)a, v = *(const double *)b;

	return (u > v) - (u < v);
}

/* Average rank, 1-based: one more than the smaller values, plus half
 * of the other equal ones. */
static void
naive_rank(const double *v, size_t n, double *rank)
{
	size_t i, j, less, same;

	for (i = 0; i < n; i++) {
		for (less = same = j = 0; j < n; j++) {
			less += v[j] < v[i];
			same += v[j] == v[i];
		}
		rank[i] = less + (same + 1) / 2.0;
	}
}

static double
naive_pearson(const double *a, const double *b, size_t n)
{
	double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		ma += a[i];
		mb += b[i];
	}
	ma /= n;
	mb /= n;
	for (i = 0; i < n; i++) {
		saa += (a[i] - ma) * (a[i] - ma);
		sbb += (b[i] - mb) * (b[i] - mb);
		sab += (a[i] - ma) * (b[i] - mb);
	}
	if (saa == 0 || sbb == 0)
		return NAN;
	return sab / sqrt(saa * sbb);
}

/* gsl_stats_quantile_from_sorted_data's type 7, restated. */
static double
naive_quantile(const double *s, size_t n, double p)
{
	double h = p * (n - 1);
	size_t lo = (size_t)h;

	if (lo == n - 1)
		return s[lo];
	return (1 - (h - lo)) * s[lo] + (h - lo) * s[lo + 1];
}

static int
naive_boot(const double *x, const double *y, size_t n, size_t B,
	unsigned long seed, double *lo, double *hi, size_t *used)
{
	double *cx = malloc(n * sizeof(double)), *cy = malloc(n * sizeof(double));
	double *bx = malloc(n * sizeof(double)), *by = malloc(n * sizeof(double));
	double *rx = malloc(n * sizeof(double)), *ry = malloc(n * sizeof(double));
	double *rho = malloc(B * sizeof(double)), v;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t m = 0, i, k, rep;

	for (i = 0; i < n; i++)
		if (!isnan(x[i]) && !isnan(y[i])) {
			cx[m] = x[i];
			cy[m++] = y[i];
		}
	*lo = *hi = NAN;
	*used = 0;
	gsl_rng_set(rng, seed);
	for (rep = 0; m >= 3 && rep < B; rep++) {
		for (i = 0; i < m; i++) {
			k = gsl_rng_uniform_int(rng, m);
			bx[i] = cx[k];
			by[i] = cy[k];
		}
		naive_rank(bx, m, rx);
		naive_rank(by, m, ry);
		v = naive_pearson(rx, ry, m);
		if (!isnan(v))
			rho[(*used)++] = v;
	}
	if (*used > 0) {
		qsort(rho, *used, sizeof(double), cmp_double);
		*lo = naive_quantile(rho, *used, 0.025);
		*hi = naive_quantile(rho, *used, 0.975);
	}
	gsl_rng_free(rng);
	free(cx), free(cy), free(bx), free(by), free(rx), free(ry), free(rho);
	return *used > 0 ? 0 : -1;
}

static void
boot_same(const double *x, const double *y, size_t n, size_t B,
	unsigned long seed)
{
	double lo, hi, wlo, whi;
	size_t used, wused;
	int rc = st_boot_spearman(x, y, NULL, n, B, seed, &lo, &hi, &used);
	int wrc = naive_boot(x, y, n, B, seed, &wlo, &whi, &wused);

	cr_expect_eq(rc, wrc, "n %zu seed %lu: returns %d, want %d", n, seed,
	    rc, wrc);
	cr_expect_eq(used, wused, "n %zu seed %lu: %zu replicates, want %zu",
	    n, seed, used, wused);
	cr_expect((lo == wlo || (isnan(lo) && isnan(wlo))) &&
	    (hi == whi || (isnan(hi) && isnan(whi))),
	    "n %zu seed %lu: [%.17g, %.17g], want [%.17g, %.17g]", n, seed,
	    lo, hi, wlo, whi);
}

/* Seed 0 is the generator's default seed, and gsl_rng_set keeps the low
 * 32 bits of a larger one. */
static const unsigned long boot_seeds[] = { 0, 1, 42, 4294967296UL + 7 };
#define NSEEDS (sizeof boot_seeds / sizeof boot_seeds[0])

Test(boot, equals_naive_small)
{
	static const double x[] = { 5, 1, 3, 3, 8, 2, 9, 4, 4, 7, 6, 3 };
	static const double y[] = { 2, 1, 4, 4, 9, 1, 7, 3, 5, 8, 6, 2 };
	static const double x3[] = { 1, 2, 2 }, y3[] = { 3, 1, 2 };
	static const double tied[] = { 1, 1, 1, 1, 2 };
	size_t s;

	for (s = 0; s < NSEEDS; s++) {
		boot_same(fx, fy, FN, 999, boot_seeds[s]);
		boot_same(x, y, 12, 1000, boot_seeds[s]);
		boot_same(x, y, 12, 1, boot_seeds[s]);
		boot_same(x3, y3, 3, 500, boot_seeds[s]);
		boot_same(tied, x, 5, 400, boot_seeds[s]);
	}
}

/* Few distinct values, so that many resamples tie in whole columns, and
 * a column with no ties: the two ends of the counting shortcut. */
Test(boot, equals_naive_ties)
{
	enum { N = 150 };
	double x[N], y[N], u[N];
	unsigned long r = 2024;
	size_t i, s;

	for (i = 0; i < N; i++) {
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		x[i] = (double)((r >> 33) % 4);
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		y[i] = (double)((r >> 33) % 3) + x[i] / 2;
		u[i] = (double)(r >> 11) / 9007199254740992.0;
		if (i % 17 == 5)
			y[i] = NAN;
	}
	for (s = 0; s < NSEEDS; s++) {
		boot_same(x, y, N, 300, boot_seeds[s]);
		boot_same(u, y, N, 300, boot_seeds[s]);
		boot_same(x, y, 7, 2000, boot_seeds[s]);
	}
}

/* ---- bootstrap of municipalities ------------------------------------ */

/* The municipality bootstrap restated plainly: the complete pairs'
 * municipalities numbered by their first pair, a resample as many
 * municipalities drawn by gsl_rng_uniform_int, each written out with all
 * of its pairs, ranked from scratch. */
static int
naive_cluster_boot(const double *x, const double *y, const size_t *label,
	size_t n, size_t B, unsigned long seed, double *lo, double *hi,
	size_t *used)
{
	double *cx = malloc(n * sizeof(double)), *cy = malloc(n * sizeof(double));
	double *bx = NULL, *by = NULL, *rx = NULL, *ry = NULL;
	double *rho = malloc(B * sizeof(double)), v;
	size_t *cl = malloc(n * sizeof(size_t)), *cn = calloc(n, sizeof(size_t));
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	size_t m = 0, nc = 0, i, j, k, rep, len;

	for (i = 0; i < n; i++) {
		if (isnan(x[i]) || isnan(y[i]))
			continue;
		cx[m] = x[i];
		cy[m] = y[i];
		cl[m++] = i;               /* the label's index, for now */
	}
	/* number by first pair */
	for (i = 0; i < m; i++) {
		for (j = 0; j < i && label[cl[j]] != label[cl[i]]; j++)
			;
		cn[i] = j < i ? cn[j] : nc++;
	}
	*lo = *hi = NAN;
	*used = 0;
	gsl_rng_set(rng, seed);
	for (rep = 0; m >= 3 && rep < B; rep++) {
		len = 0;
		for (i = 0; i < nc; i++) {
			k = gsl_rng_uniform_int(rng, nc);
			for (j = 0; j < m; j++) {
				if (cn[j] != k)
					continue;
				bx = realloc(bx, (len + 1) * sizeof(double));
				by = realloc(by, (len + 1) * sizeof(double));
				bx[len] = cx[j];
				by[len++] = cy[j];
			}
		}
		rx = realloc(rx, len * sizeof(double));
		ry = realloc(ry, len * sizeof(double));
		naive_rank(bx, len, rx);
		naive_rank(by, len, ry);
		v = naive_pearson(rx, ry, len);
		if (!isnan(v))
			rho[(*used)++] = v;
	}
	if (*used > 0) {
		qsort(rho, *used, sizeof(double), cmp_double);
		*lo = naive_quantile(rho, *used, 0.025);
		*hi = naive_quantile(rho, *used, 0.975);
	}
	gsl_rng_free(rng);
	free(cx), free(cy), free(bx), free(by), free(rx), free(ry);
	free(rho), free(cl), free(cn);
	return *used > 0 ? 0 : -1;
}

static void
cluster_boot_same(const double *x, const double *y, const size_t *label,
	size_t n, size_t B, unsigned long seed)
{
	double lo, hi, wlo, whi;
	size_t used, wused;
	int rc = st_boot_spearman(x, y, label, n, B, seed, &lo, &hi, &used);
	int wrc = naive_cluster_boot(x, y, label, n, B, seed, &wlo, &whi,
	    &wused);

	cr_expect_eq(rc, wrc, "n %zu seed %lu: returns %d, want %d", n, seed,
	    rc, wrc);
	cr_expect_eq(used, wused, "n %zu seed %lu: %zu replicates, want %zu",
	    n, seed, used, wused);
	cr_expect((lo == wlo || (isnan(lo) && isnan(wlo))) &&
	    (hi == whi || (isnan(hi) && isnan(whi))),
	    "n %zu seed %lu: [%.17g, %.17g], want [%.17g, %.17g]", n, seed,
	    lo, hi, wlo, whi);
}

/* Labels in no order, municipalities of one to four pairs, a missing
 * value that drops a pair (and with it a municipality of one pair). */
Test(boot, clusters_equal_naive)
{
	enum { N = 60 };
	double x[N], y[N];
	size_t label[N], i, s;
	unsigned long r = 77;

	for (i = 0; i < N; i++) {
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		label[i] = (size_t)((r >> 33) % 23) * 1000003;
		x[i] = (double)(label[i] % 17) + (double)((r >> 40) % 3);
		y[i] = x[i] / 2 + (double)((r >> 20) % 5);
		if (i % 13 == 4)
			x[i] = NAN;
	}
	for (s = 0; s < NSEEDS; s++) {
		cluster_boot_same(x, y, label, N, 300, boot_seeds[s]);
		cluster_boot_same(x, y, label, 9, 500, boot_seeds[s]);
	}
}

/* Every pair its own municipality, whatever the labels: the pair
 * bootstrap, to the bit. */
Test(boot, distinct_labels_are_pairs)
{
	size_t label[FN], i;
	double lo, hi, plo, phi;

	for (i = 0; i < FN; i++)
		label[i] = 1000 - 7 * i;
	for (i = 0; i < NSEEDS; i++) {
		st_boot_spearman(fx, fy, label, FN, 999, boot_seeds[i], &lo, &hi,
		    NULL);
		st_boot_spearman(fx, fy, NULL, FN, 999, boot_seeds[i], &plo,
		    &phi, NULL);
		cr_expect(lo == plo && hi == phi);
	}
}

/* By hand: n municipalities, each evaluated twice with the same
 * population and score.  Doubling every pair doubles each rank less a
 * half, so rho of a resample of municipalities (each drawn with its two
 * pairs) is rho of the same draw of single pairs, to the bit (the rank
 * sums scale by powers of two): the municipality bootstrap of the
 * doubled data is the pair bootstrap of the single data.  Resampling the
 * 2n evaluations as independent instead sees twice the data: its
 * interval is narrower by about sqrt(2).  Margin: an endpoint's Monte
 * Carlo sd with B resamples is sqrt(p (1 - p) / B) / f(q), for a normal
 * rho* sd 0.0267 s (B = 10000; s the sd of rho*), the width's 0.038 s, a
 * relative 1 % of the width 3.92 s, and the ratio of two widths 1.4 %;
 * 5 of those, 7 %, bound the ratio away from 1 (it is expected near
 * 0.71). */
Test(boot, duplicated_evaluations_hand)
{
	enum { N = 200, B = 10000 };
	double x[N], y[N], x2[2 * N], y2[2 * N], lo, hi, slo, shi, elo, ehi;
	size_t label[2 * N], i;
	unsigned long r = 5;

	for (i = 0; i < N; i++) {
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		x[i] = (double)(r >> 40);
		y[i] = x[i] / 1e5 + (double)((r >> 11) % 1000);
		x2[2 * i] = x2[2 * i + 1] = x[i];
		y2[2 * i] = y2[2 * i + 1] = y[i];
		label[2 * i] = label[2 * i + 1] = i;
	}
	cr_assert_eq(st_boot_spearman(x2, y2, label, 2 * N, B, 11, &lo, &hi,
	    NULL), 0);
	st_boot_spearman(x, y, NULL, N, B, 11, &slo, &shi, NULL);
	cr_expect(lo == slo && hi == shi, "[%.17g, %.17g] vs [%.17g, %.17g]",
	    lo, hi, slo, shi);
	st_boot_spearman(x2, y2, NULL, 2 * N, B, 11, &elo, &ehi, NULL);
	cr_expect((ehi - elo) / (hi - lo) < 1 - 0.07, "widths %g, %g",
	    ehi - elo, hi - lo);
	cr_expect(fabs((ehi - elo) / (hi - lo) - sqrt(0.5)) < 0.07,
	    "ratio %g, expected about 0.71", (ehi - elo) / (hi - lo));
}

/* R's generator differs, so the distributions are compared: the mean
 * over 40 seeds of the interval's ends (B = 2000) against R's mean over
 * 200 seeds, within 4 standard errors of the difference (R's sd over
 * seeds s: sqrt(s^2/40 + s^2/200)).  50 municipalities, municipality m
 * evaluated 1 + m % 3 times (99 pairs).  R 4.2:
 *
 *   d <- do.call(rbind, lapply(0:49, function(m) { k <- 0:(m %% 3)
 *     data.frame(m = m, pop = 1000 + 997 * ((m*29) %% 50) + 10*k,
 *                y = 300 + 2*((m*29) %% 50) + 3*((m*13) %% 17) + 5*k) }))
 *   rho <- function(x, y) cor(rank(x), rank(y))
 *   idx <- split(seq_len(nrow(d)), d$m)
 *   boot <- function(seed, B, cluster) {
 *     set.seed(seed)
 *     r <- replicate(B, { i <- if (cluster)
 *         unlist(idx[sample(50, 50, replace = TRUE)])
 *       else sample(nrow(d), nrow(d), replace = TRUE)
 *       rho(d$pop[i], d$y[i]) })
 *     quantile(r, c(0.025, 0.975), type = 7, na.rm = TRUE)
 *   }
 *   format(rho(d$pop, d$y), digits = 17)
 *   for (cl in c(TRUE, FALSE)) {
 *     v <- t(sapply(1:200, boot, B = 2000, cluster = cl))
 *     print(format(colMeans(v), digits = 6))
 *     print(format(apply(v, 2, sd), digits = 6))
 *   }
 *
 *   "0.88906414075122719"
 *   municipalities: means 0.800162 0.932633, sds 0.00343669 0.00114346
 *   pairs:          means 0.835032 0.920760, sds 0.00193899 0.00083809
 *
 * The two resamplings differ by 14 to 26 such margins at the low end.
 */
static void
oracle_pairs(double *pop, double *y, size_t *muni, size_t *n)
{
	size_t m, k;

	*n = 0;
	for (m = 0; m < 50; m++)
		for (k = 0; k <= m % 3; k++) {
			pop[*n] = 1000 + 997.0 * (double)(m * 29 % 50) +
			    10.0 * (double)k;
			y[*n] = 300 + 2.0 * (double)(m * 29 % 50) +
			    3.0 * (double)(m * 13 % 17) + 5.0 * (double)k;
			muni[(*n)++] = m;
		}
}

static void
expect_mean_near(double got, double mean, double sd, const char *what)
{
	double tol = 4 * sqrt(sd * sd / 40 + sd * sd / 200);

	cr_expect(fabs(got - mean) < tol, "%s: %g, R %g +- %g", what, got,
	    mean, tol);
}

static void
mean_interval(const double *pop, const double *y, const size_t *muni,
	size_t n, double *lo, double *hi)
{
	double l, h;

	*lo = *hi = 0;
	for (unsigned long s = 1; s <= 40; s++) {
		cr_assert_eq(st_boot_spearman(pop, y, muni, n, 2000, s, &l, &h,
		    NULL), 0);
		*lo += l / 40;
		*hi += h / 40;
	}
}

Test(boot, r_cluster_oracle)
{
	double pop[100], y[100], lo, hi;
	size_t muni[100], n;

	oracle_pairs(pop, y, muni, &n);
	cr_assert_eq(n, 99);
	near(st_spearman(pop, y, n).estimate, 0.88906414075122719, R_REL,
	    "rho");
	mean_interval(pop, y, muni, n, &lo, &hi);
	expect_mean_near(lo, 0.800162, 0.00343669, "municipalities, low");
	expect_mean_near(hi, 0.932633, 0.00114346, "municipalities, high");
	mean_interval(pop, y, NULL, n, &lo, &hi);
	expect_mean_near(lo, 0.835032, 0.00193899, "pairs, low");
	expect_mean_near(hi, 0.920760, 0.00083809, "pairs, high");
}

/* ---- more R oracles: ranks, unordered groups, BH corner cases ---------- */

Test(r, rank)
{
	/* f(rank(c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5))) */
	static const double x[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5 };
	static const double want[] = { 4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5,
		8 };
	double r[11];
	size_t i;

	st_rank(x, 11, r);
	for (i = 0; i < 11; i++)
		near(r[i], want[i], R_REL, "rank");
}

Test(r, groups_unordered)
{
	/* g <- c(2, 0, 1, 2, 0, 1, 2, 0, 1, 1)
	 * y <- c(3.1, 2.2, 2.9, 4.0, 2.2, 3.3, 3.9, 1.8, 2.9, 3.0)
	 * k <- kruskal.test(y, factor(g))
	 * f(c(k$statistic, k$parameter, k$p.value))
	 * a <- summary(aov(y ~ factor(g)))[[1]]
	 * f(c(a[1, "F value"], a[1, "Pr(>F)"])) */
	static const int g[] = { 2, 0, 1, 2, 0, 1, 2, 0, 1, 1 };
	static const double y[] = { 3.1, 2.2, 2.9, 4.0, 2.2, 3.3, 3.9, 1.8,
		2.9, 3.0 };
	st_result k = st_kruskal(y, g, 10), a = st_anova(y, g, 10);

	near(k.statistic, 7.4079754601227013, R_REL, "H");
	near(k.df, 2, R_REL, "df");
	near(k.p, 0.024625132036221339, R_REL, "p");
	near(a.statistic, 19.477645659928648, R_REL, "F");
	near(a.p, 0.0013793319869794599, R_REL, "p");
}

Test(r, bh_corners)
{
	/* p.adjust(c(NA, NA), "BH"): NA NA
	 * p.adjust(c(0.02, 0.02, 0.02), "BH"): 0.02 0.02 0.02 */
	static const double none[] = { NAN, NAN }, tie[] = { 0.02, 0.02, 0.02 };
	double adj[3];

	st_bh(none, 2, adj);
	cr_expect(isnan(adj[0]) && isnan(adj[1]));
	st_bh(tie, 3, adj);
	near(adj[0], 0.02, R_REL, "BH");
	near(adj[1], 0.02, R_REL, "BH");
	near(adj[2], 0.02, R_REL, "BH");
	st_bh(tie, 0, adj);
}

/* Knight's O(n log n) tau-b against its O(n^2) definition, on data with
 * many ties in both columns (as scores and rounded populations have). */
Test(kendall, fast_count_equals_pairwise_definition)
{
	enum { N = 700 };
	double x[N], y[N], s = 0, tx = 0, ty = 0;
	unsigned long seed = 12345;

	for (int i = 0; i < N; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		x[i] = (double)((seed >> 33) % 40);
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		y[i] = (double)((seed >> 33) % 25) + (x[i] > 20 ? 5 : 0);
	}
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++) {
			int sx = (x[i] > x[j]) - (x[i] < x[j]);
			int sy = (y[i] > y[j]) - (y[i] < y[j]);
			s += sx * sy;
			tx += sx * sx;
			ty += sy * sy;
		}
	st_result r = st_kendall(x, y, N);
	cr_assert_float_eq(r.estimate, s / sqrt(tx * ty), 1e-14);
}

/* st_boot_draws against gsl_rng_uniform_int, number for number, over
 * several blocks of the generator and across calls of uneven length.
 * Seed 0 stands for GSL's default seed; 2^32 is 0 in its low bits but
 * not the default; an n just above a power of two makes every other
 * word too large, and UINT32_MAX has no rejection at all. */
Test(boot, draws_equal_gsl)
{
	static const unsigned long seeds[] = { 0, 1, 4357, 4294967296UL,
		4294967296UL + 7 };
	static const uint32_t ns[] = { 1, 2, 3, 1000, 65537, 0x55555556u,
		0x80000001u, 0xc0000000u, UINT32_MAX };
	static const size_t calls[] = { 1, 623, 1, 624, 625, 1000, 1 };
	enum { MOST = 1000 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	uint32_t got[MOST];
	unsigned long want;
	size_t s, t, c, i;
	st_mt g;

	for (s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
		for (t = 0; t < sizeof ns / sizeof ns[0]; t++) {
			gsl_rng_set(r, seeds[s]);
			st_mt_set(&g, seeds[s]);
			for (c = 0; c < sizeof calls / sizeof calls[0]; c++) {
				st_boot_draws(&g, ns[t], got, calls[c]);
				for (i = 0; i < calls[c]; i++) {
					want = gsl_rng_uniform_int(r, ns[t]);
					cr_assert_eq(got[i], want, "seed %lu n %lu call %zu "
					    "draw %zu: %lu, want %lu", seeds[s],
					    (unsigned long)ns[t], c, i,
					    (unsigned long)got[i], want);
				}
			}
		}
	gsl_rng_free(r);
}

/* The rank sums are int64_t, below m^3; past 2^21 pairs they could
 * overflow, so the bootstrap refuses rather than be wrong. */
static double *huge;

Test(boot, refuses_too_many_pairs, .exit_code = 1)
{
	size_t n = (size_t)1 << 21;
	double lo, hi;

	huge = calloc(n, sizeof(double));
	cr_assert(huge);
	st_boot_spearman(huge, huge, NULL, n, 1, 1, &lo, &hi, NULL);
}

/* st_mean2 is gsl_stats_mean twice, to the bit: the correlations' sums
 * (and so every table) depend on it. */
Test(mean2, equals_gsl_to_the_bit)
{
	enum { N = 3001 };
	static double x[N], y[N];
	unsigned long seed = 99;
	double mx, my;

	for (size_t i = 0; i < N; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		x[i] = (double)(seed >> 40) / 7.0 - 1e5;
		y[i] = (double)((seed >> 20) % 101);
	}
	for (size_t n = 0; n <= N; n += n < 10 ? 1 : 997) {
		st_mean2(x, y, n, &mx, &my);
		if (n == 0)
			continue;
		cr_expect(mx == gsl_stats_mean(x, 1, n), "x, n = %zu", n);
		cr_expect(my == gsl_stats_mean(y, 1, n), "y, n = %zu", n);
	}
}
