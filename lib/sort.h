/*
 * Sorting numbers by their bits: a stable radix sort of doubles, for the
 * rank statistics.  Scores are mostly whole points and populations have
 * a few thousand distinct values, so most of the eight byte passes find
 * one byte value everywhere and are skipped.  No NaN: callers sort
 * complete values only.  -0 and +0 are one value, as == has them.
 */
#ifndef KK_SORT_H
#define KK_SORT_H

#include <stddef.h>
#include <stdint.h>

/* idx[k] = position in x of the k-th smallest value, equal values in
 * input order. */
void kk_order(const double *x, size_t n, size_t *idx);

/* A sort key with what travels with it: the key of a double orders as
 * the double does (kk_sort_key), and val is the caller's (a position, or
 * several numbers packed), read back in sorted order without a lookup. */
typedef struct {
	uint64_t key, val;
} kk_keyed;

uint64_t kk_sort_key(double x);

/* a[0..n) by key, stably. */
void kk_sort_keyed(kk_keyed *a, size_t n);

/* x ascending, in place. */
void kk_sort(double *x, size_t n);

#endif
