/*
 * benchmarks.h - the published reference values (data/benchmarks.csv)
 * that a report sets beside the data set's own figures: national and
 * size-group averages, records, the "normal score" band, counts of
 * evaluations and municipalities, each with its source.
 *
 * Which published figure belongs to which evaluation, and when a data
 * set counts as a full export rather than a published sample, is decided
 * here and nowhere else.
 */
#ifndef KK_BENCHMARKS_H
#define KK_BENCHMARKS_H

#include <stdbool.h>
#include <stddef.h>

#include "kk.h"

typedef struct {
	const char *what, *country, *group, *version, *unit, *qualifier;
	const char *scope, *source, *quote, *notes;
	long year;             /* the year it was stated; 0: undated */
	int area;              /* canonical area 1..8; 0: a total or a count */
	double value;
	long line;             /* in the file, for messages */
} kk_benchmark;

typedef struct {
	kk_benchmark *row;
	size_t n;
	kk_table *t;           /* the file as read: the strings above */
} kk_benchmarks;

/* Read data/benchmarks.csv (path NULL: the default through
 * kk_data_path).  Dies with FILE:LINE:COL on a row that does not follow
 * data/README.md: an unknown what, unit or qualifier, a year, area or
 * value that does not parse, an area on a total or none on an area
 * figure, an empty country, group or source. */
kk_benchmarks *kk_benchmarks_load(const char *path);
void kk_benchmarks_free(kk_benchmarks *b);

/* The published figure of kind what for country and group ("all" or a
 * size class as kk-size labels it) and area (0 for totals and counts)
 * that an evaluation of year and version family ("2.x", "3.x") is set
 * beside: of the rows for all versions or for that family, the one
 * stated last but not after year (a figure published later did not
 * exist when the evaluation was made); an undated row only when no dated
 * one fits; of one year, an exact figure before an approximate one, then
 * the file's order.  NULL if none fits. */
const kk_benchmark *kk_benchmark_find(const kk_benchmarks *b,
	const char *what, const char *country, const char *group, int area,
	long year, const char *family);

/* Who published it: the source up to its first ':' ("KS-Konsulent",
 * "vallentuna.se"), as a new string. */
char *kk_benchmark_publisher(const kk_benchmark *r);

/*
 * A full export or a published sample.  The published results collected
 * in data/exports are those the municipalities chose to publish: a small
 * sample, and a proud one.  A data set is taken as a full export of a
 * country when it holds at least as many of its municipalities, evaluated
 * up to year, as the publisher said had been evaluated (the latest
 * 'municipalities' figure for the whole country not after year); then its
 * own figures lead.  Without such a figure it cannot be told, and it is
 * taken as a sample.  *count is set to the figure compared with (NULL:
 * none).
 */
bool kk_benchmarks_full_export(const kk_benchmarks *b, const char *country,
	long year, size_t municipalities, const kk_benchmark **count);

/* One sentence in English on how much of a country's evaluations a scores
 * table (with municipality_id) holds, by the rule above: its
 * municipalities, the latest year, and the published count beside them.
 * NULL when the table has none of the country.  A new string. */
char *kk_benchmarks_coverage(const kk_benchmarks *b, const kk_table *scores,
	const char *country);

#endif
