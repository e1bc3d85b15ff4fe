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

	while (c->slot[i].cnt != 0 && bits_of(c->slot[i].val) != b)
		i = (i + 1) & mask;
	if (c->slot[i].cnt == 0) {
		c->slot[i].val = v;
		c->used++;
	}
	c->slot[i].cnt += times;
}

static void
counts_grow(gr_counts *c)
{
	gr_counts old = *c;
	size_t i;

	c->cap = old.cap ? 2 * old.cap : 16;
	c->slot = kk_calloc(c->cap, sizeof *c->slot);
	c->used = 0;
	for (i = 0; i < old.cap; i++)
		if (old.slot[i].cnt != 0)
			counts_put(c, old.slot[i].val, old.slot[i].cnt);
	free(old.slot);
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

/* How often v occurs in c. */
static size_t
counts_of(const gr_counts *c, double v)
{
	uint64_t b = bits_of(v);
	size_t mask, i;

	if (c->cap == 0)
		return 0;
	mask = c->cap - 1;
	for (i = hash64(b, mask); c->slot[i].cnt != 0; i = (i + 1) & mask)
		if (bits_of(c->slot[i].val) == b)
			return c->slot[i].cnt;
	return 0;
}

int
gr_equal(const gr_counts *a, const gr_counts *b)
{
	size_t i;

	if (a->n != b->n || a->used != b->used)
		return 0;
	for (i = 0; i < a->cap; i++)
		if (a->slot[i].cnt != 0 &&
		    counts_of(b, a->slot[i].val) != a->slot[i].cnt)
			return 0;
	return 1;
}

void
gr_merge(gr_counts *into, const gr_counts *from)
{
	size_t i;

	for (i = 0; i < from->cap; i++)
		if (from->slot[i].cnt != 0)
			gr_add(into, from->slot[i].val, from->slot[i].cnt);
}

void
gr_free(gr_counts *c)
{
	free(c->slot);
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

/*
 * gsl_stats_mean and gsl_stats_sd_m are recurrences over the values in
 * order (here sorted, as st_describe sorts them):
 *     mean += (x - mean) / (i + 1)            in long double
 *     var  += (delta * delta - var) / (i + 1)  delta = (long double)(x - m)
 * Replaying them over the sorted distinct values, each as often as it
 * occurs, does the same long double operations in the same order, hence
 * gives the same doubles.  It is O(n), but holds no array of n values.
 *
 * Each step waits for the previous one's division, which is slow in
 * long double but overlaps with other divisions; so four samples are
 * replayed side by side (lanes), in stretches where each lane repeats
 * one value.
 */
enum { LANES = 4 };

struct lane {
	const struct vc *p;     /* sorted table */
	size_t m;               /* its entries */
	int var;                /* 0: the mean; 1: the variance about mean */
	double mean;
	size_t k, left, i;      /* entry, copies of it left, steps done */
	long double x, acc;     /* the term, the recurrence's value */
	int done;
};

/* Load lane l's next entry, or mark it done. */
static void
lane_next(struct lane *l)
{
	while (l->left == 0 && !l->done) {
		if (l->k == l->m) {
			l->done = 1;
			l->left = (size_t)-1;
			l->x = 0;
			return;
		}
		if (l->var) {
			const long double delta = (l->p[l->k].v - l->mean);
			l->x = delta * delta;
		} else {
			l->x = l->p[l->k].v;
		}
		l->left = l->p[l->k++].c;
	}
}

/* Run the recurrence of every lane of L[0..LANES) to its end. */
static void
replay_lanes(struct lane *L)
{
	long double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
	size_t r, j, n;

	for (;;) {
		n = (size_t)-1;
		for (r = 0; r < LANES; r++) {
			lane_next(&L[r]);
			if (!L[r].done && L[r].left < n)
				n = L[r].left;
		}
		if (n == (size_t)-1)
			break;
		const long double x0 = L[0].x, x1 = L[1].x, x2 = L[2].x,
		    x3 = L[3].x;
		const size_t i0 = L[0].i, i1 = L[1].i, i2 = L[2].i,
		    i3 = L[3].i;
		/* a done lane computes on zeros, harmlessly */
		for (j = 1; j <= n; j++) {
			a0 += (x0 - a0) / (i0 + j);
			a1 += (x1 - a1) / (i1 + j);
			a2 += (x2 - a2) / (i2 + j);
			a3 += (x3 - a3) / (i3 + j);
		}
		for (r = 0; r < LANES; r++) {
			if (!L[r].done) {
				L[r].left -= n;
				L[r].i += n;
			}
		}
		if (!L[0].done)
			L[0].acc = a0;
		if (!L[1].done)
			L[1].acc = a1;
		if (!L[2].done)
			L[2].acc = a2;
		if (!L[3].done)
			L[3].acc = a3;
	}
}

/* The mean (var 0) or the variance about d[s].mean (var 1) of every
 * table t[s] with at least min values, into acc[s], four at a time. */
static void
replay_all(struct vc **t, const size_t *m, st_desc *d, size_t k, int var,
	size_t min, long double *acc)
{
	struct lane L[LANES];
	size_t s = 0, r, q, who[LANES];

	while (s < k) {
		memset(L, 0, sizeof L);
		for (r = 0; r < LANES && s < k; s++) {
			if (d[s].n < min)
				continue;
			L[r] = (struct lane){ .p = t[s], .m = m[s], .var = var,
			    .mean = d[s].mean };
			who[r++] = s;
		}
		for (q = r; q < LANES; q++)
			L[q].done = 1;
		replay_lanes(L);
		while (r-- > 0)
			acc[who[r]] = L[r].acc;
	}
}

/* The table's entries, sorted by value, into *t; returns how many. */
static size_t
sorted(const gr_counts *c, struct vc **t)
{
	struct vc *p = kk_malloc((c->used ? c->used : 1) * sizeof *p);
	size_t i, m = 0;

	for (i = 0; i < c->cap; i++)
		if (c->slot[i].cnt != 0)
			p[m++] = (struct vc){ c->slot[i].val, c->slot[i].cnt };
	qsort(p, m, sizeof *p, cmp_vc);
	*t = p;
	return m;
}

void
gr_describe_all(const gr_counts *c, size_t k, st_desc *d)
{
	struct vc **t = kk_malloc((k ? k : 1) * sizeof *t);
	size_t *m = kk_malloc((k ? k : 1) * sizeof *m), s, n;
	long double *acc = kk_malloc((k ? k : 1) * sizeof *acc);

	for (s = 0; s < k; s++) {
		d[s] = (st_desc){ 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN };
		m[s] = sorted(&c[s], &t[s]);
		d[s].n = n = c[s].n;
		if (n == 0)
			continue;
		d[s].median = quantile(t[s], m[s], n, 0.5);
		d[s].q1 = quantile(t[s], m[s], n, 0.25);
		d[s].q3 = quantile(t[s], m[s], n, 0.75);
		d[s].min = t[s][0].v;
		d[s].max = t[s][m[s] - 1].v;
	}
	replay_all(t, m, d, k, 0, 1, acc);
	for (s = 0; s < k; s++)
		if (d[s].n > 0)
			d[s].mean = (double)acc[s];
	replay_all(t, m, d, k, 1, 2, acc);
	for (s = 0; s < k; s++) {
		if (d[s].n > 1) {
			/* gsl_stats_sd_m: the variance is rounded to double */
			double variance = (double)acc[s];
			n = d[s].n;
			d[s].sd = sqrt(variance * ((double)n / (double)(n - 1)));
		}
		free(t[s]);
	}
	free(acc);
	free(m);
	free(t);
}

st_desc
gr_describe(const gr_counts *c)
{
	st_desc d;

	gr_describe_all(c, 1, &d);
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

/* ---- numbering values ------------------------------------------------------ */

size_t
gr_number(gr_dict *d, double v)
{
	int fresh;
	size_t k = gr_lookup(&d->index, bits_of(v), &fresh);

	if (fresh) {
		kk_grow((void **)&d->val, &d->cap, k + 1, sizeof *d->val);
		d->val[k] = v;
		d->n = k + 1;
	}
	return k;
}

void
gr_dict_free(gr_dict *d)
{
	gr_index_free(&d->index);
	free(d->val);
	memset(d, 0, sizeof *d);
}
