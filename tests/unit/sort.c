/*
 * lib/sort.c against the definition: an order is a permutation, its
 * values ascend as < has them, and equal values keep their input order.
 * Checked on values that stress the byte keys: negatives, -0 and +0,
 * infinities, subnormals, whole points with many ties, and a few
 * thousand random doubles.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kk.h"
#include "sort.h"

/* idx sorts x stably: a permutation, ascending, ties in input order. */
static void
expect_stable_order(const double *x, const size_t *idx, size_t n)
{
	char *seen = calloc(n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		cr_assert_lt(idx[i], n);
		cr_expect(!seen[idx[i]], "position %zu twice", idx[i]);
		seen[idx[i]] = 1;
		if (i == 0)
			continue;
		cr_expect(!(x[idx[i]] < x[idx[i - 1]]), "%zu: %g before %g", i,
		    x[idx[i - 1]], x[idx[i]]);
		if (x[idx[i]] == x[idx[i - 1]])
			cr_expect_gt(idx[i], idx[i - 1], "tie out of input order");
	}
	free(seen);
}

static unsigned long seed = 20261207;

static unsigned long
next(void)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return seed >> 33;
}

Test(sort, awkward_values)
{
	double x[] = { 3, -0.0, 0.0, -1, INFINITY, -INFINITY, DBL_MIN / 4,
		-DBL_MIN / 4, 1e300, -1e300, 3, 0.0, -0.0, 2.5, -2.5, 3 };
	size_t n = sizeof x / sizeof *x, idx[sizeof x / sizeof *x];

	kk_order(x, n, idx);
	expect_stable_order(x, idx, n);
	cr_expect_eq(x[idx[0]], -INFINITY);
	cr_expect_eq(x[idx[n - 1]], INFINITY);
	/* the four zeros are one tie group, in input order */
	size_t z = 0;
	while (x[idx[z]] != 0)
		z++;
	cr_expect(idx[z] == 1 && idx[z + 1] == 2 && idx[z + 2] == 11 &&
	    idx[z + 3] == 12);
}

Test(sort, random_and_tied)
{
	enum { N = 5000 };
	static double x[N], y[N], v[N];
	static size_t idx[N], by[N];
	static kk_keyed k[N];

	for (size_t i = 0; i < N; i++) {
		x[i] = (double)(next() % 101);                  /* points */
		y[i] = ((double)next() - 1e9) * 1e-3 * (double)(next() % 7);
	}
	kk_order(x, N, idx);
	expect_stable_order(x, idx, N);
	kk_order(y, N, idx);
	expect_stable_order(y, idx, N);
	memcpy(v, y, sizeof v);
	kk_sort(v, N);
	for (size_t i = 0; i < N; i++)
		cr_expect_eq(v[i], y[idx[i]]);
	/* by x, ties by y, then input order: keyed by x in y's order, each
	 * key carrying its position */
	kk_order(y, N, by);
	for (size_t i = 0; i < N; i++)
		k[i] = (kk_keyed){ kk_sort_key(x[by[i]]), by[i] };
	kk_sort_keyed(k, N);
	for (size_t i = 1; i < N; i++) {
		size_t a = k[i - 1].val, b = k[i].val;
		cr_expect(x[a] < x[b] || (x[a] == x[b] && (y[a] < y[b] ||
		    (y[a] == y[b] && a < b))), "position %zu", i);
	}
	kk_order(x, 0, idx);        /* nothing to sort is no error */
}
