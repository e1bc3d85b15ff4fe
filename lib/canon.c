/* The canonical evaluation table, typed: whole (kk_canon_read) or a row
 * at a time (kk_canon_open, kk_canon_next).  Both type a row alike. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "canon.h"

struct kk_canon_reader {
	kk_csv *csv;
	size_t col[KK_C_N];
	kk_canon_row row;
	kk_buf year;               /* the last year cell, parsed: the rows */
	long year_value;           /* of an evaluation repeat it */
};

long
kk_canon_colno(const kk_canon *c, enum kk_canon_col k)
{
	return (long)c->col[k] + 1;
}

/* Empty is missing; anything else must be a number. */
static double
number(const char *file, const size_t *col, const kk_canon_row *row,
	enum kk_canon_col k)
{
	const char *s = row->field[k];
	double x;
	kk_num_status st;

	if (row->len[k] == 0)      /* max, mostly: kk_parse_double's EMPTY */
		return NAN;
	st = kk_parse_double(s, row->len[k], &x);

	if (st == KK_NUM_EMPTY)
		return NAN;
	if (st != KK_NUM_OK)
		kk_die_at(file, row->line, (long)col[k] + 1, "%s '%s': %s",
		    kk_colname(&kk_canonical_table, k), s, kk_num_reason(st));
	return x;
}

/* strcmp(s, w) == 0, inline: a call per row for a four-letter word
 * costs more than the comparison. */
static bool
is(const char *s, const char *w)
{
	while (*w && *s == *w)
		s++, w++;
	return *s == *w;
}

static enum kk_level
level(const char *file, const size_t *col, const kk_canon_row *row)
{
	const char *s = row->field[KK_C_LEVEL];

	for (int l = 0; l < KK_NLEVEL; l++)
		if (is(s, kk_level_name((enum kk_level)l)))
			return (enum kk_level)l;
	kk_die_at(file, row->line, (long)col[KK_C_LEVEL] + 1, "level '%s' is "
	    "not total, area or subarea", s);
}

static void
type_year(const char *file, const size_t *col, kk_canon_row *row)
{
	row->year = kk_year_need(row->field[KK_C_YEAR], row->len[KK_C_YEAR],
	    "year", file, row->line, (long)col[KK_C_YEAR] + 1);
}

/* Fill the typed members other than the year of a row whose fields,
 * lengths and line are set; dies at FILE:LINE:COL on a value of the
 * wrong type. */
static void
type_row(const char *file, const size_t *col, kk_canon_row *row)
{
	row->level = level(file, col, row);
	row->score = number(file, col, row, KK_C_SCORE);
	row->max = number(file, col, row, KK_C_MAX);
}

kk_canon *
kk_canon_read(const char *path)
{
	kk_canon *c = kk_calloc(1, sizeof *c);
	size_t k, r;

	c->table = kk_table_read(path);
	for (k = 0; k < KK_C_N; k++)
		c->col[k] = kk_table_need_col(c->table, &kk_canonical_table,
		    (int)k);
	c->nrows = c->table->nrows;
	c->row = kk_calloc(c->nrows ? c->nrows : 1, sizeof *c->row);
	for (r = 0; r < c->nrows; r++) {
		kk_canon_row *row = &c->row[r];

		for (k = 0; k < KK_C_N; k++) {
			row->field[k] = c->table->cell[r][c->col[k]];
			row->len[k] = strlen(row->field[k]);
		}
		row->line = c->table->line[r];
		type_year(c->table->name, c->col, row);
		type_row(c->table->name, c->col, row);
	}
	return c;
}

void
kk_canon_free(kk_canon *c)
{
	if (!c)
		return;
	kk_table_free(c->table);
	free(c->row);
	free(c);
}

/* ---- a row at a time ---------------------------------------------------- */

kk_canon_reader *
kk_canon_open(const char *path)
{
	kk_canon_reader *r = kk_calloc(1, sizeof *r);
	const kk_record *h;
	size_t k;

	/* the options kk_table_read uses: any dialect, as a table */
	r->csv = kk_csv_open_or_die(path, NULL);
	h = kk_csv_next_or_die(r->csv);
	for (k = 0; k < KK_C_N; k++)
		r->col[k] = kk_schema_need(&kk_canonical_table, (int)k, path,
		    h->field, h->nfields);
	return r;
}

static void
year(kk_canon_reader *r)
{
	const char *s = r->row.field[KK_C_YEAR];
	size_t n = r->row.len[KK_C_YEAR];

	if (r->year.len == n && r->year.p && memcmp(r->year.p, s, n) == 0) {
		r->row.year = r->year_value;
		return;
	}
	type_year(kk_csv_name(r->csv), r->col, &r->row);
	r->year.len = 0;
	kk_buf_add(&r->year, s, n);
	r->year_value = r->row.year;
}

const kk_canon_row *
kk_canon_next(kk_canon_reader *r)
{
	const kk_record *rec = kk_csv_next_or_die(r->csv);
	size_t k;

	if (!rec)
		return NULL;
	for (k = 0; k < KK_C_N; k++) {
		r->row.field[k] = rec->field[r->col[k]];
		r->row.len[k] = rec->len[r->col[k]];
	}
	r->row.line = rec->line;
	year(r);
	type_row(kk_csv_name(r->csv), r->col, &r->row);
	return &r->row;
}

const char *
kk_canon_name(const kk_canon_reader *r)
{
	return kk_csv_name(r->csv);
}

long
kk_canon_reader_colno(const kk_canon_reader *r, enum kk_canon_col k)
{
	return (long)r->col[k] + 1;
}

void
kk_canon_close(kk_canon_reader *r)
{
	if (!r)
		return;
	kk_csv_close(r->csv);
	kk_buf_free(&r->year);
	free(r);
}
