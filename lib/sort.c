/*
 * LSD radix sort of (key, position) pairs, a byte per pass.  The key of
 * a double orders as the double does: the sign bit flipped for positive
 * numbers, every bit flipped for negative ones.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "sort.h"

uint64_t
kk_sort_key(double x)
{
	uint64_t u;

	if (x == 0)
		x = 0;          /* -0 sorts with +0 */
	memcpy(&u, &x, sizeof u);
	return u >> 63 ? ~u : u | (uint64_t)1 << 63;
}

/* Stable sort of a[0..n) by key; tmp has room for n.  A pass whose byte
 * is the same in every key leaves the order as it is, so it is skipped. */
static void
radix(kk_keyed *a, kk_keyed *tmp, size_t n)
{
	size_t count[8][256];
	kk_keyed *from = a, *to = tmp, *t;
	size_t i, b, sum, c;

	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			count[b][(a[i].key >> (8 * b)) & 0xff]++;
	for (b = 0; b < 8; b++) {
		if (count[b][(a[0].key >> (8 * b)) & 0xff] == n)
			continue;
		for (sum = 0, i = 0; i < 256; i++) {
			c = count[b][i];
			count[b][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[count[b][(from[i].key >> (8 * b)) & 0xff]++] =
			    from[i];
		t = from;
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof *a);
}

static kk_keyed *
pairs_of(const double *x, size_t n)
{
	kk_keyed *a = kk_malloc(2 * (n ? n : 1) * sizeof *a);

	for (size_t i = 0; i < n; i++)
		a[i] = (kk_keyed){ kk_sort_key(x[i]), i };
	return a;
}

void
kk_order(const double *x, size_t n, size_t *idx)
{
	kk_keyed *a = pairs_of(x, n);

	radix(a, a + n, n);
	for (size_t i = 0; i < n; i++)
		idx[i] = a[i].val;
	free(a);
}

void
kk_sort_keyed(kk_keyed *a, size_t n)
{
	kk_keyed *tmp = kk_malloc((n ? n : 1) * sizeof *tmp);

	radix(a, tmp, n);
	free(tmp);
}

void
kk_sort(double *x, size_t n)
{
	size_t *idx = kk_malloc((n ? n : 1) * sizeof *idx);
	double *v = kk_malloc((n ? n : 1) * sizeof *v);

	kk_order(x, n, idx);
	for (size_t i = 0; i < n; i++)
		v[i] = x[idx[i]];
	memcpy(x, v, n * sizeof *v);
	free(v);
	free(idx);
}
