/* A whole CSV in memory, with its header, for stages that need random
 * access.  Built on the one CSV reader, so every dialect rule holds. */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

/* A row in one allocation: the cell pointers, then the cells' bytes.
 * Tables of a million rows would otherwise cost a malloc per cell. */
static char **
row_copy(const kk_record *r, size_t ncols)
{
	size_t bytes = ncols * sizeof(char *);
	char **row, *p;

	for (size_t i = 0; i < ncols; i++)
		bytes += r->len[i] + 1;
	row = kk_malloc(bytes);
	p = (char *)(row + ncols);
	for (size_t i = 0; i < ncols; i++) {
		row[i] = p;
		memcpy(p, r->field[i], r->len[i]);
		p[r->len[i]] = '\0';
		p += r->len[i] + 1;
	}
	return row;
}

kk_table *
kk_table_read(const char *path)
{
	kk_table *t = kk_calloc(1, sizeof *t);
	const kk_record *r;
	kk_rows rows;
	size_t cap = 0, lcap = 0;

	kk_rows_open(&rows, path);
	t->name = kk_strdup(path);
	t->ncols = rows.ncols;
	t->col = rows.col;           /* the table keeps the names */
	while ((r = kk_rows_next(&rows)) != NULL) {
		kk_grow((void **)&t->cell, &cap, t->nrows + 1, sizeof *t->cell);
		kk_grow((void **)&t->line, &lcap, t->nrows + 1, sizeof *t->line);
		t->cell[t->nrows] = row_copy(r, t->ncols);
		t->line[t->nrows] = r->line;
		t->nrows++;
	}
	kk_csv_close(rows.csv);
	return t;
}

long
kk_col_index(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (long)i;
	return -1;
}

size_t
kk_col_need(const char *file, char *const *names, size_t n,
    const char *name)
{
	long i = kk_col_index(names, n, name);

	if (i < 0)
		kk_die_at(file, 1, 1, "missing column '%s'", name);
	return (size_t)i;
}

long
kk_table_col(const kk_table *t, const char *name)
{
	return kk_col_index(t->col, t->ncols, name);
}

size_t
kk_table_need(const kk_table *t, const char *name)
{
	return kk_col_need(t->name, t->col, t->ncols, name);
}

void
kk_table_free(kk_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++)
		free(t->cell[r]);
	for (size_t i = 0; i < t->ncols; i++)
		free(t->col[i]);
	free(t->col);
	free(t->cell);
	free(t->line);
	free(t->name);
	free(t);
}

/* ---- a row at a time ---------------------------------------------------- */

void
kk_rows_open(kk_rows *r, const char *path)
{
	const kk_record *h;

	r->csv = kk_csv_open_or_die(path, NULL);
	h = kk_csv_next_or_die(r->csv);
	r->ncols = h->nfields;
	r->col = kk_malloc((r->ncols ? r->ncols : 1) * sizeof *r->col);
	for (size_t i = 0; i < r->ncols; i++)
		r->col[i] = kk_strndup(h->field[i], h->len[i]);
	r->row = NULL;
}

const kk_record *
kk_rows_next(kk_rows *r)
{
	return r->row = kk_csv_next_or_die(r->csv);
}

const char *
kk_rows_name(const kk_rows *r)
{
	return kk_csv_name(r->csv);
}

long
kk_rows_col(const kk_rows *r, const char *name)
{
	return kk_col_index(r->col, r->ncols, name);
}

size_t
kk_rows_need(const kk_rows *r, const char *name)
{
	return kk_col_need(kk_rows_name(r), r->col, r->ncols, name);
}

void
kk_rows_close(kk_rows *r)
{
	for (size_t i = 0; i < r->ncols; i++)
		free(r->col[i]);
	free(r->col);
	kk_csv_close(r->csv);
}
