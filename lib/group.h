/*
 * group.h - grouped descriptive statistics in memory that grows with the
 * number of groups and distinct values, not with the number of rows.
 *
 * Scores take few distinct values (halves from 0 to 100, a population
 * per municipality), so a sample is kept as a table of its distinct
 * values and how often each occurs.  gr_describe gives exactly what
 * st_describe (lib/stats.c) gives for the same values, bit for bit: it
 * replays GSL's recurrences over the sorted values.  A group is named by
 * a 64-bit key the caller packs (gr_index).
 */
#ifndef KK_GROUP_H
#define KK_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

/* Distinct values and their counts (open addressing on the bits of the
 * value; a zero count marks an empty slot).  A value and its count share
 * a slot, hence a cache line: the tables of all groups together outgrow
 * the cache, and a row's lookup is then one miss, not two. */
typedef struct {
	double val;
	size_t cnt;
} gr_slot;

typedef struct {
	gr_slot *slot;
	size_t used, cap;      /* distinct values, slots (a power of two) */
	size_t n;              /* values added, with repeats */
} gr_counts;

/* Add v `times` times; NaN (missing) is left out, as st_describe does. */
void gr_add(gr_counts *c, double v, size_t times);
/* 1 if a and b hold the same values, each as often. */
int gr_equal(const gr_counts *a, const gr_counts *b);
/* Add every value of from into into. */
void gr_merge(gr_counts *into, const gr_counts *from);
/* st_describe of the values, without holding them one by one. */
st_desc gr_describe(const gr_counts *c);
/* gr_describe of c[0..k) into d[0..k): the same, but faster together
 * (the replays of GSL's recurrences overlap). */
void gr_describe_all(const gr_counts *c, size_t k, st_desc *d);
void gr_free(gr_counts *c);

/* A map from caller's keys to dense indices 0, 1, ... in order of first
 * appearance. */
typedef struct {
	uint64_t *key;
	size_t *idx;           /* index + 1; 0 marks an empty slot */
	size_t used, cap;
} gr_index;

/* The index of key, *fresh set to 1 if it is new (fresh may be NULL). */
size_t gr_lookup(gr_index *m, uint64_t key, int *fresh);
void gr_index_free(gr_index *m);

/* Distinct values numbered 0, 1, ... in order of first appearance, so
 * that while they are few a group's counts can be a plain array indexed
 * by number: one small table to look a value up in for all groups, and
 * a group's array small enough to stay in cache. */
typedef struct {
	gr_index index;        /* keyed by the value's bits */
	double *val;           /* val[number] */
	size_t n, cap;
} gr_dict;

/* The number of v (not NaN). */
size_t gr_number(gr_dict *d, double v);
void gr_dict_free(gr_dict *d);

#endif
