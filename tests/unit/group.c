/*
 * lib/group.c: distinct-value counts must describe a sample exactly as
 * st_describe (GSL on the sorted values) does, bit for bit, because
 * kk-stats writes every double in full; and the hand-computed values
 * hold (R: x <- c(1, 2, 3, 4); mean(x); sd(x); quantile(x)).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>

#include "kk.h"
#include "group.h"
#include "stats.h"

static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

#define SAME(field) cr_expect(same(g.field, s.field), \
	"%s, n = %zu: " #field " %.17g, GSL %.17g", what, s.n, g.field, s.field)

static void
expect_as_gsl(const double *x, size_t n, const char *what)
{
	gr_counts c = { 0 };
	st_desc g, s;
	size_t i;

	for (i = 0; i < n; i++)
		gr_add(&c, x[i], 1);
	g = gr_describe(&c);
	s = st_describe(x, n);
	cr_expect_eq(g.n, s.n, "%s: n %zu, want %zu", what, g.n, s.n);
	SAME(mean);
	SAME(sd);
	SAME(median);
	SAME(q1);
	SAME(q3);
	SAME(min);
	SAME(max);
	gr_free(&c);
}

/* n values drawn by draw(), which sees the generator */
static double *
sample(gsl_rng *r, size_t n, double (*draw)(gsl_rng *))
{
	double *x = kk_malloc((n ? n : 1) * sizeof *x);
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = draw(r);
	return x;
}

static double halves(gsl_rng *r) { return gsl_rng_uniform_int(r, 201) / 2.0; }
static double any(gsl_rng *r) { return (gsl_rng_uniform(r) - 0.3) * 1e4; }
static double thirds(gsl_rng *r) { return gsl_rng_uniform_int(r, 31) / 3.0 - 4; }
static double
gappy(gsl_rng *r)
{
	return gsl_rng_uniform(r) < 0.2 ? NAN : gsl_rng_uniform_int(r, 7) * 0.1;
}

Test(group, as_gsl_on_random_samples)
{
	static double (*const draw[])(gsl_rng *) = { halves, any, thirds,
		gappy };
	static const char *const name[] = { "halves 0..100", "continuous",
		"thirds", "tenths with NaN" };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	size_t d, t, n;

	gsl_rng_set(r, 9);
	for (d = 0; d < 4; d++) {
		for (t = 0; t < 60; t++) {
			n = t < 10 ? t : 1 + gsl_rng_uniform_int(r, 3000);
			double *x = sample(r, n, draw[d]);
			expect_as_gsl(x, n, name[d]);
			free(x);
		}
	}
	gsl_rng_free(r);
}

/* A million values: the recurrences' rounding adds up, and must add up
 * the same way. */
Test(group, as_gsl_on_a_large_sample)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	double *x;

	gsl_rng_set(r, 1640);
	x = sample(r, 1000000, halves);
	expect_as_gsl(x, 1000000, "a million halves");
	free(x);
	gsl_rng_free(r);
}

Test(group, by_hand)
{
	gr_counts c = { 0 };
	st_desc d;

	gr_add(&c, 4, 1);
	gr_add(&c, 2, 1);
	gr_add(&c, 1, 1);
	gr_add(&c, 3, 1);
	d = gr_describe(&c);
	cr_expect_eq(d.n, 4);
	cr_expect_eq(d.mean, 2.5);
	cr_expect_float_eq(d.sd, 1.2909944487358056, 1e-15);  /* sqrt(5/3) */
	cr_expect_eq(d.median, 2.5);
	cr_expect_eq(d.q1, 1.75);
	cr_expect_eq(d.q3, 3.25);
	cr_expect_eq(d.min, 1);
	cr_expect_eq(d.max, 4);
	cr_expect_eq(c.used, 4);
	/* the same values again, as counts: n doubles, one table entry each;
	 * quantile(rep(1:4, 2)) is 1.75, 2.5, 3.25 */
	gr_add(&c, 1, 1);
	gr_add(&c, 2, 1);
	gr_add(&c, 3, 1);
	gr_add(&c, 4, 1);
	d = gr_describe(&c);
	cr_expect_eq(d.n, 8);
	cr_expect_eq(c.used, 4);
	cr_expect_eq(d.q1, 1.75);
	cr_expect_eq(d.q3, 3.25);
	cr_expect_float_eq(d.sd, 1.1952286093343936, 1e-15); /* sqrt(10/7) */
	gr_free(&c);
}

Test(group, degenerate_samples)
{
	gr_counts c = { 0 };
	st_desc d;

	d = gr_describe(&c);
	cr_expect_eq(d.n, 0);
	cr_expect(isnan(d.mean) && isnan(d.sd) && isnan(d.median) &&
	    isnan(d.min) && isnan(d.max));
	gr_add(&c, NAN, 3);
	cr_expect_eq(gr_describe(&c).n, 0, "NaN is a missing value");
	gr_add(&c, 61.5, 1);
	d = gr_describe(&c);
	cr_expect_eq(d.n, 1);
	cr_expect_eq(d.mean, 61.5);
	cr_expect(isnan(d.sd), "sd of one value is undefined");
	cr_expect_eq(d.median, 61.5);
	cr_expect_eq(d.q3, 61.5);
	gr_add(&c, 61.5, 2);
	d = gr_describe(&c);
	cr_expect_eq(d.n, 3);
	cr_expect_eq(d.sd, 0);
	gr_free(&c);
}

Test(group, merge_is_the_union)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gr_counts a = { 0 }, b = { 0 }, all = { 0 };
	st_desc m, w;
	size_t i;

	gsl_rng_set(r, 3);
	for (i = 0; i < 5000; i++) {
		double v = halves(r);
		gr_add(i % 3 ? &a : &b, v, 1);
		gr_add(&all, v, 1);
	}
	gr_merge(&a, &b);
	m = gr_describe(&a);
	w = gr_describe(&all);
	cr_expect_eq(m.n, 5000);
	cr_expect_eq(a.used, all.used);
	cr_expect(same(m.mean, w.mean) && same(m.sd, w.sd) &&
	    same(m.median, w.median) && same(m.q1, w.q1) && same(m.q3, w.q3));
	gr_free(&a);
	gr_free(&b);
	gr_free(&all);
	gsl_rng_free(r);
}

Test(group, index_in_order_of_first_appearance)
{
	gr_index m = { 0 };
	int fresh;
	uint64_t k;

	for (k = 0; k < 1000; k++) {
		cr_expect_eq(gr_lookup(&m, k * 0x10000, &fresh), k);
		cr_expect_eq(fresh, 1);
	}
	for (k = 0; k < 1000; k += 7) {
		cr_expect_eq(gr_lookup(&m, k * 0x10000, &fresh), k);
		cr_expect_eq(fresh, 0);
	}
	cr_expect_eq(gr_lookup(&m, 1, NULL), 1000);
	cr_expect_eq(m.used, 1001);
	gr_index_free(&m);
}

/* Several samples described together (their replays run side by side,
 * four at a time, and end at different steps): each as if alone. */
Test(group, described_together_as_alone)
{
	enum { K = 11 };
	static const size_t n[K] = { 0, 1, 2, 5000, 3, 0, 700, 1, 12000, 40,
		2 };
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gr_counts c[K];
	st_desc d[K], s;
	double *x[K];
	size_t k, i;

	gsl_rng_set(r, 5);
	memset(c, 0, sizeof c);
	for (k = 0; k < K; k++) {
		x[k] = sample(r, n[k], k % 2 ? halves : any);
		for (i = 0; i < n[k]; i++)
			gr_add(&c[k], x[k][i], 1);
	}
	gr_describe_all(c, K, d);
	for (k = 0; k < K; k++) {
		s = st_describe(x[k], n[k]);
		cr_expect_eq(d[k].n, s.n);
		cr_expect(same(d[k].mean, s.mean) && same(d[k].sd, s.sd) &&
		    same(d[k].median, s.median) && same(d[k].q1, s.q1) &&
		    same(d[k].q3, s.q3) && same(d[k].min, s.min) &&
		    same(d[k].max, s.max), "sample %zu (n = %zu): mean %.17g "
		    "sd %.17g, GSL %.17g %.17g", k, n[k], d[k].mean, d[k].sd,
		    s.mean, s.sd);
		gr_free(&c[k]);
		free(x[k]);
	}
	gsl_rng_free(r);
}

Test(group, numbers_in_order_of_first_appearance)
{
	gr_dict d = { 0 };
	size_t i;

	for (i = 0; i < 5000; i++)
		cr_expect_eq(gr_number(&d, i * 0.5 - 7), i);
	cr_expect_eq(gr_number(&d, 61.5), 137, "61.5 = 137 * 0.5 - 7");
	cr_expect_eq(gr_number(&d, 1e300), 5000);
	cr_expect_eq(d.n, 5001);
	cr_expect_eq(d.val[137], 61.5);
	cr_expect_eq(d.val[5000], 1e300);
	gr_dict_free(&d);
}

Test(group, equal_means_the_same_values_as_often)
{
	gr_counts a = { 0 }, b = { 0 };
	size_t i;

	cr_expect(gr_equal(&a, &b), "two empty tables");
	for (i = 0; i < 300; i++) {
		gr_add(&a, i % 17 * 0.5, 1);
		gr_add(&b, (i + 5) % 17 * 0.5, 1);
	}
	cr_expect(!gr_equal(&a, &b), "the same values, as many, other counts");
	gr_free(&b);
	for (i = 300; i-- > 0; )
		gr_add(&b, i % 17 * 0.5, 1);
	cr_expect(gr_equal(&a, &b), "added in another order");
	gr_add(&b, 3, 1);
	gr_add(&a, 3.5, 1);
	cr_expect(!gr_equal(&a, &b), "as many values, one different");
	gr_free(&a);
	gr_free(&b);
}
