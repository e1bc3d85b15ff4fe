/* Grouped descriptive statistics from distinct-value counts (group.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "group.h"

/* ---- hashing ------------------------------------------------------------ */

/* Scores differ in their high bits (sign, exponent, leading mantissa):
 * fold them down before the multiply, and take the product's high half. */
static size_t
hash64(uint64_t b, size_t mask)
{
	b ^= b >> 32;
	b *= 0x9E3779B97F4A7C15ULL;
	return (size_t)(b >> 32) & mask;
}

static uint64_t
bits_of(double v)
{
	uint64_t b;

	memcpy(&b, &v, sizeof b);
	return b;
}

/* ---- distinct-value counts ---------------------------------------------- */

static void
counts_put(gr_counts *c, double v, size_t times)
{
	uint64_t b = bits_of(v);
	size_t mask = c->cap - 1, i = hash64(b, mask);

	while (c->cnt[i] != 0 && bits_of(c->val[i]) != b)
		i = (i + 1) & mask;
	if (c->cnt[i] == 0) {
		c->val[i] = v;
		c->used++;
	}
	c->cnt[i] += times;
}

static void
counts_grow(gr_counts *c)
{
	gr_counts old = *c;
	size_t i;

	c->cap = old.cap ? 2 * old.cap : 16;
	c->val = kk_malloc(c->cap * sizeof *c->val);
	c->cnt = kk_calloc(c->cap, sizeof *c->cnt);
	c->used = 0;
	for (i = 0; i < old.cap; i++)
		if (old.cnt[i] != 0)
			counts_put(c, old.val[i], old.cnt[i]);
	free(old.val);
	free(old.cnt);
}

void
gr_add(gr_counts *c, double v, size_t times)
{
	if (isnan(v) || times == 0)
		return;
	if (2 * (c->used + 1) > c->cap)
		counts_grow(c);
	counts_put(c, v, times);
	c->n += times;
}

void
gr_merge(gr_counts *into, const gr_counts *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++)
		if (from->cnt[i] != 0)
			gr_add(into, from->val[i], from->cnt[i]);
}

void
gr_free(gr_counts *c)
{
	free(c->val);
	free(c->cnt);
	memset(c, 0, sizeof *c);
}

/* ---- describing ---------------------------------------------------------- */

struct vc {
	double v;
	size_t c;
};

static int
cmp_vc(const void *a, const void *b)
{
	double x = ((const struct vc *)a)->v, y = ((const struct vc *)b)->v;

	return (x > y) - (x < y);
}

/* The k-th smallest value (0-based) of the sorted table p[0..m). */
static double
nth(const struct vc *p, size_t m, size_t k)
{
	size_t i;

	for (i = 0; i + 1 < m && k >= p[i].c; i++)
		k -= p[i].c;
	return p[i].v;
}

/* gsl_stats_quantile_from_sorted_data (R's type 7), term for term. */
static double
quantile(const struct vc *p, size_t m, size_t n, double f)
{
	const double index = f * (n - 1);
	const size_t lhs = (size_t)index;
	const double delta = index - lhs;

	if (lhs == n - 1)
		return nth(p, m, lhs);
	return (1 - delta) * nth(p, m, lhs) + delta * nth(p, m, lhs + 1);
}

/* gsl_stats_mean's recurrence over the sorted values, each as often as
 * it occurs: the same long double operations in the same order, hence
 * the same double.  O(n), but no array of n values. */
static double
replay_mean(const struct vc *p, size_t m)
{
	long double mean = 0;
	size_t i = 0, j, k;

	for (k = 0; k < m; k++)
		for (j = 0; j < p[k].c; j++, i++)
			mean += (p[k].v - mean) / (i + 1);
	return (double)mean;
}

/* gsl_stats_sd_m likewise: its delta is a double difference. */
static double
replay_sd(const struct vc *p, size_t m, size_t n, double mean)
{
	long double var = 0;
	size_t i = 0, j, k;
	double variance;

	for (k = 0; k < m; k++) {
		const long double delta = (p[k].v - mean);

		for (j = 0; j < p[k].c; j++, i++)
			var += (delta * delta - var) / (i + 1);
	}
	variance = (double)var;
	return sqrt(variance * ((double)n / (double)(n - 1)));
}

st_desc
gr_describe(const gr_counts *c)
{
	st_desc d = { 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
	struct vc *p = kk_malloc((c->used ? c->used : 1) * sizeof *p);
	size_t i, m = 0;

	for (i = 0; i < c->cap; i++)
		if (c->cnt[i] != 0)
			p[m++] = (struct vc){ c->val[i], c->cnt[i] };
	qsort(p, m, sizeof *p, cmp_vc);
	d.n = c->n;
	if (d.n > 0) {
		d.mean = replay_mean(p, m);
		d.median = quantile(p, m, d.n, 0.5);
		d.q1 = quantile(p, m, d.n, 0.25);
		d.q3 = quantile(p, m, d.n, 0.75);
		d.min = p[0].v;
		d.max = p[m - 1].v;
	}
	if (d.n > 1)
		d.sd = replay_sd(p, m, d.n, d.mean);
	free(p);
	return d;
}

/* ---- keys to indices -------------------------------------------------------- */

static void
index_grow(gr_index *m)
{
	gr_index old = *m;
	size_t i, s;

	m->cap = old.cap ? 2 * old.cap : 16;
	m->key = kk_malloc(m->cap * sizeof *m->key);
	m->idx = kk_calloc(m->cap, sizeof *m->idx);
	for (i = 0; i < old.cap; i++) {
		if (old.idx[i] == 0)
			continue;
		for (s = hash64(old.key[i], m->cap - 1); m->idx[s] != 0;
		    s = (s + 1) & (m->cap - 1))
			;
		m->key[s] = old.key[i];
		m->idx[s] = old.idx[i];
	}
	free(old.key);
	free(old.idx);
}

size_t
gr_lookup(gr_index *m, uint64_t key, int *fresh)
{
	size_t s;

	if (2 * (m->used + 1) > m->cap)
		index_grow(m);
	for (s = hash64(key, m->cap - 1); m->idx[s] != 0;
	    s = (s + 1) & (m->cap - 1))
		if (m->key[s] == key) {
			if (fresh)
				*fresh = 0;
			return m->idx[s] - 1;
		}
	m->key[s] = key;
	m->idx[s] = ++m->used;
	if (fresh)
		*fresh = 1;
	return m->used - 1;
}

void
gr_index_free(gr_index *m)
{
	free(m->key);
	free(m->idx);
	memset(m, 0, sizeof *m);
}
