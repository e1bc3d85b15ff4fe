/*
 * linking.h - putting scores of two instrument versions on one scale:
 * mean and linear (mean-sigma) linking with bootstrap standard errors,
 * and within-cohort z-scores and percentile ranks.
 *
 * Linear linking maps x (old version) to y = slope * x + intercept with
 * slope = sd_y / sd_x and intercept = mean_y - slope * mean_x; mean
 * linking fixes slope = 1 (Kolen & Brennan ch. 2; R equate's "linear" and
 * "mean" types).  Standard deviations are sample SDs (n - 1).
 */
#ifndef KK_LINKING_H
#define KK_LINKING_H

#include <stdbool.h>
#include <stddef.h>

enum kk_link_method { KK_LINK_MEAN, KK_LINK_LINEAR };

enum kk_link_design {
	KK_DESIGN_RANDOM_GROUPS,   /* two cohorts assumed equivalent */
	KK_DESIGN_SINGLE_GROUP     /* the same units under both versions */
};

typedef struct {
	size_t nx, ny;
	double mean_x, sd_x, mean_y, sd_y;
	double slope, intercept;
	double se_slope, se_intercept;   /* bootstrap; 0 for mean's slope */
	double cov_slope_intercept;      /* bootstrap; 0 for mean */
	size_t municipalities;           /* resampled */
	size_t replicates_used;          /* replicates the SEs rest on */
} kk_link;

/* The municipality of each score: x[i] is municipality x[i]'s, in
 * 0..n-1.  Every municipality has a score. */
typedef struct {
	const size_t *x, *y;
	size_t n;
} kk_link_clusters;

/* Parse "mean"/"linear" and "random-groups"/"single-group". */
bool kk_link_method_parse(const char *s, enum kk_link_method *m);
bool kk_link_design_parse(const char *s, enum kk_link_design *d);
const char *kk_link_method_name(enum kk_link_method m);
const char *kk_link_design_name(enum kk_link_design d);

/* Fit the link from x onto y's scale.  Random groups: x and y are
 * samples of municipalities under each version.  Single group: x[i] and
 * y[i] are one municipality's pair (nx == ny).  The bootstrap draws
 * municipalities with replacement, each with all of its scores (c; NULL:
 * every score its own municipality, or for a single group every pair):
 * reps replicates from a Mersenne Twister seeded with seed.  Needs
 * nx, ny >= 2 and sd_x > 0 (returns false otherwise). */
bool kk_link_fit(enum kk_link_method m, enum kk_link_design d,
	const double *x, size_t nx, const double *y, size_t ny,
	const kk_link_clusters *c, unsigned reps, unsigned long seed,
	kk_link *out);

/* z[i] = (x[i] - mean) / sd over the cohort; false (z untouched) when
 * n < 2 or sd == 0. */
bool kk_zscores(const double *x, size_t n, double *z);
/* Mid-rank percentile rank: pr[i] = 100 * (#below + #equal / 2) / n. */
void kk_percentile_ranks(const double *x, size_t n, double *pr);

#endif
