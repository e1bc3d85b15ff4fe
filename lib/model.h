/*
 * model.h - linear models as R's lm() fits them, with classical or
 * cluster-robust inference.
 *
 * md_ls_fit is lm.fit(): least squares by Householder QR (GSL), where a
 * column that lies within a relative 1e-7 of the span of the columns
 * kept before it is aliased (R's NA), as LINPACK's dqrdc2 decides it in
 * lm.fit with its default tolerance: of two dependent columns the first
 * is kept.  GSL's own pivoted QR (largest norm first) would keep another.
 *
 * md_fit_rows is lm(formula) on a subset of rows: listwise deletion,
 * factors with treatment contrasts (reference level: the first in byte
 * order, as R's factor() in the C locale), R's rule for coding a factor
 * by contrasts or by indicators in an interaction, R's coefficient
 * names, and then either
 *   classical  V = s^2 (X'X)^-1 on N - K degrees of freedom, or
 *   cluster    CR1: V = G/(G-1) (N-1)/(N-K) (X'X)^-1 [sum_g X_g'e_g e_g'X_g]
 *              (X'X)^-1 on G - 1 degrees of freedom, as Stata's
 *              vce(cluster) and sandwich::vcovCL(type = "HC1") with a
 *              t(G-1) reference,
 * with N rows used, K coefficients estimated (not aliased), G clusters.
 * Intervals are 95 %; mde80 = (t(0.975, df) + t(0.80, df)) se, the
 * smallest effect found with 80 % power by a two-sided 5 % test.
 */
#ifndef KK_MODEL_H
#define KK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "formula.h"

#define MD_TOL 1e-7             /* lm.fit's tol */

/* ---- least squares --------------------------------------------------- */

/* The rows of a problem, made a block at a time so that the n x p matrix
 * is never held: fill writes rows from..from+count-1 into xy, each p
 * numbers of X then y (count x (p+1), row-major), and, when cluster is
 * not NULL, each row's cluster.  Every pass asks for the rows in order. */
typedef struct {
	size_t n, p;            /* n, p >= 1 */
	void (*fill)(void *ctx, size_t from, size_t count, double *xy,
		int *cluster);
	void *ctx;
} md_rows;

typedef struct {
	size_t n, p, rank;
	bool *aliased;          /* p */
	size_t *kept;           /* rank: the columns estimated, in order */
	double *coef;           /* p; NaN where aliased */
	double rss;             /* residual sum of squares */
	double tss;             /* sum of squares of y about its mean */
	double *rinv;           /* rank x rank, row-major: the inverse of the
				   R factor of the kept columns, so that
				   (X'X)^-1 = rinv rinv' over them */
} md_ls;

/* Least squares of y on X: one pass over the rows. */
void md_ls_fit(const md_rows *rows, md_ls *ls);
/* Covariance of the kept coefficients into v (rank x rank): the
 * classical s^2 (X'X)^-1; NaN when n <= rank. */
void md_vcov_classical(const md_ls *ls, double *v);
/* CR1 with clusters numbered below ncodes (one more pass over the
 * rows); returns the number of clusters G (v is NaN when G < 2 or
 * n <= rank). */
size_t md_vcov_cluster(const md_rows *rows, const md_ls *ls, size_t ncodes,
	double *v);
void md_ls_free(md_ls *ls);

/* ---- models of a data set --------------------------------------------- */

enum md_se { MD_CLUSTER, MD_CLASSICAL };

/* A column of the data: numeric, or a factor (text). */
typedef struct {
	const double *num;      /* numeric: values, NaN missing; NULL for a
				   factor */
	const int *code;        /* factor: each row's level, < 0 missing */
	const char *const *level;  /* factor: level names by code */
	size_t nlevel;
} md_var;

typedef struct {
	const fm_formula *formula;
	const md_var *var;      /* one per formula->var, in that order */
	const double *y;        /* the response, NaN missing */
	const int *cluster;     /* each row's cluster, < 0 missing; may be
				   NULL for MD_CLASSICAL */
	size_t ncluster;        /* cluster numbers are below this */
} md_data;

/* One row of the result: a coefficient, or a term left out. */
typedef struct {
	char *term;             /* R's name ("(Intercept)", "countrySE",
				   "log10_population:countrySE"), or the
				   label of a term left out */
	double estimate, se, t, p, ci_low, ci_high, mde80;  /* NaN: empty */
	char *note;             /* NULL, MD_ALIASED, or why left out */
} md_coef;

/* The note of a coefficient that is a linear combination of earlier
 * columns (R's NA), and the intercept's term, as R names them. */
#define MD_ALIASED "aliased"
#define MD_INTERCEPT "(Intercept)"

typedef struct {
	md_coef *coef;
	size_t ncoef;
	size_t n;               /* rows used */
	size_t clusters;        /* distinct clusters among them (0 without
				   cluster data) */
	size_t rank;            /* K */
	double df, r_squared, adj_r_squared, residual_sd;  /* NaN: empty */
	char *why;              /* NULL, or why the fit is undefined */
} md_fit;

/* Fit the formula on rows[0..nrows) of the data.  A factor with a single
 * level among the rows used is left out with every term that uses it.
 * An undefined fit (no rows, N <= K, G < 2 under MD_CLUSTER, a constant
 * response, an exact fit) has empty numbers and why set. */
void md_fit_rows(const md_data *d, const size_t *rows, size_t nrows,
	enum md_se se, md_fit *fit);
void md_fit_free(md_fit *fit);

/* The added-variable (partial regression) plot of var, a numeric main
 * effect of the formula, on the rows of md_fit_rows: the residuals of
 * var (x) and of the response (y), each regressed on the model's other
 * columns, so that the least-squares slope through them is var's
 * coefficient (Frisch-Waugh-Lovell).  row, x and y get the rows used
 * (room for nrows); returns how many: 0 when no row is complete or var
 * is not such a term of the fit. */
size_t md_partial(const md_data *d, const size_t *rows, size_t nrows,
	enum md_se se, const char *var, size_t *row, double *x, double *y);

/* Which of n formulas a reader should quote for the effect of var on
 * response: of those with var as a main effect that no interaction
 * involves (with one, the effect differs between groups: not one
 * number), the one adjusted for the most other terms, the first of
 * equals.  Returns its index, or -1.  *adjusted (may be NULL) gets the
 * other terms in words, "country, version and year", or "" for none (a
 * new string). */
long md_quoted(const char *const *models, size_t n, const char *response,
	const char *var, char **adjusted);

#endif
