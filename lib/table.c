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
	kk_csv *c = kk_csv_open_or_die(path, NULL);
	kk_table *t = kk_calloc(1, sizeof *t);
	const kk_record *r;
	size_t cap = 0, lcap = 0;

	t->name = kk_strdup(path);
	r = kk_csv_next_or_die(c);
	t->ncols = r->nfields;
	t->col = kk_malloc(t->ncols * sizeof *t->col);
	for (size_t i = 0; i < t->ncols; i++)
		t->col[i] = kk_strndup(r->field[i], r->len[i]);
	while ((r = kk_csv_next_or_die(c)) != NULL) {
		kk_grow((void **)&t->cell, &cap, t->nrows + 1, sizeof *t->cell);
		kk_grow((void **)&t->line, &lcap, t->nrows + 1, sizeof *t->line);
		t->cell[t->nrows] = row_copy(r, t->ncols);
		t->line[t->nrows] = r->line;
		t->nrows++;
	}
	kk_csv_close(c);
	return t;
}

long
kk_table_col(const kk_table *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->col[i], name) == 0)
			return (long)i;
	return -1;
}

size_t
kk_table_need(const kk_table *t, const char *name)
{
	long i = kk_table_col(t, name);

	if (i < 0)
		kk_die_at(t->name, 1, 0, "missing column '%s'", name);
	return (size_t)i;
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
