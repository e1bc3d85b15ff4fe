/* The canonical evaluation table, typed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "canon.h"

static const char *const colnames[KK_C_N] = {
	"evaluation_id", "country", "municipality_code", "municipality",
	"year", "version", "level", "item", "score", "max", "source"
};

long
kk_canon_colno(const kk_canon *c, enum kk_canon_col k)
{
	return (long)c->col[k] + 1;
}

/* Empty is missing; anything else must be a number. */
static double
number(const kk_canon *c, size_t r, enum kk_canon_col k)
{
	const char *s = c->row[r].field[k];
	double x;
	kk_num_status st = kk_parse_double(s, strlen(s), &x);

	if (st == KK_NUM_EMPTY)
		return NAN;
	if (st != KK_NUM_OK)
		kk_die_at(c->table->name, c->row[r].line, kk_canon_colno(c, k),
		    "%s '%s': %s", colnames[k], s, kk_num_reason(st));
	return x;
}

static void
type_row(kk_canon *c, size_t r)
{
	kk_canon_row *row = &c->row[r];
	const char *s;
	size_t k;

	for (k = 0; k < KK_C_N; k++)
		row->field[k] = c->table->cell[r][c->col[k]];
	row->line = c->table->line[r];
	s = row->field[KK_C_YEAR];
	if (kk_parse_long(s, strlen(s), 1900, 2100, &row->year) != KK_NUM_OK)
		kk_die_at(c->table->name, row->line,
		    kk_canon_colno(c, KK_C_YEAR), "year '%s' is not a year "
		    "in 1900..2100", s);
	s = row->field[KK_C_LEVEL];
	if (strcmp(s, "total") == 0)
		row->level = KK_LEVEL_TOTAL;
	else if (strcmp(s, "area") == 0)
		row->level = KK_LEVEL_AREA;
	else if (strcmp(s, "subarea") == 0)
		row->level = KK_LEVEL_SUBAREA;
	else
		kk_die_at(c->table->name, row->line,
		    kk_canon_colno(c, KK_C_LEVEL), "level '%s' is not "
		    "total, area or subarea", s);
	row->score = number(c, r, KK_C_SCORE);
	row->max = number(c, r, KK_C_MAX);
}

kk_canon *
kk_canon_read(const char *path)
{
	kk_canon *c = kk_calloc(1, sizeof *c);
	size_t k, r;

	c->table = kk_table_read(path);
	for (k = 0; k < KK_C_N; k++)
		c->col[k] = kk_table_need(c->table, colnames[k]);
	c->nrows = c->table->nrows;
	c->row = kk_calloc(c->nrows ? c->nrows : 1, sizeof *c->row);
	for (r = 0; r < c->nrows; r++)
		type_row(c, r);
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
