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

/* idx[k] = position in x of the k-th smallest value, equal values in
 * input order. */
void kk_order(const double *x, size_t n, size_t *idx);

/* The positions by[0..n) reordered by x, stably: given the order of y,
 * the order by x, ties by y.  idx may be by. */
void kk_order_then(const double *x, const size_t *by, size_t n, size_t *idx);

/* x ascending, in place. */
void kk_sort(double *x, size_t n);

#endif
