/*
 * canon.h - the canonical evaluation table (kk-ingest's output; its
 * columns are in schema.h) read into typed rows, for kk-validate and
 * kk-normalise.
 */
#ifndef KK_CANON_H
#define KK_CANON_H

#include <stddef.h>

#include "kk.h"
#include "schema.h"


typedef struct {
	const char *field[KK_C_N];     /* cells, owned by the table */
	size_t len[KK_C_N];            /* their lengths in bytes */
	long year;
	enum kk_level level;
	double score;                  /* NAN: missing */
	double max;                    /* NAN: not given */
	long line;
} kk_canon_row;

typedef struct {
	kk_table *table;
	size_t col[KK_C_N];            /* column of each field in the file */
	kk_canon_row *row;
	size_t nrows;
} kk_canon;

/* Read and type-check the canonical table ("-": stdin).  Dies at
 * FILE:LINE:COL (COL = field number) on a missing column, a year that is
 * not a year, an unknown level, or a score/max that is not a number. */
kk_canon *kk_canon_read(const char *path);
void kk_canon_free(kk_canon *c);
/* Field number (1-based) of a column, for messages. */
long kk_canon_colno(const kk_canon *c, enum kk_canon_col k);

/* The same table a row at a time, for a stage that keeps less than the
 * whole table.  kk_canon_open dies on an unreadable file or a missing
 * column; kk_canon_next returns the next typed row (valid until the next
 * call) or NULL at the end, and dies as kk_canon_read does on a
 * malformed row, at that row. */
typedef struct kk_canon_reader kk_canon_reader;
kk_canon_reader *kk_canon_open(const char *path);
const kk_canon_row *kk_canon_next(kk_canon_reader *r);
const char *kk_canon_name(const kk_canon_reader *r);   /* as given */
long kk_canon_reader_colno(const kk_canon_reader *r, enum kk_canon_col k);
void kk_canon_close(kk_canon_reader *r);

#endif
