/*
 * Units of lib/canon: the canonical table read a row at a time
 * (kk_canon_open, kk_canon_next) and whole (kk_canon_read).
 *
 * Oracles: the small tables below, written out by hand with the values
 * each row must type to; and kk_canon_read, the whole-table reader that
 * kk-validate uses, for the same file row by row.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kk.h"
#include "canon.h"
#include "tmp.h"

#define HEADER "evaluation_id,country,municipality_code,municipality,year," \
	"version,level,item,score,max,source\n"

/* Line 3 holds a line break inside a quoted name, so the third record
 * starts on physical line 5. */
static const char table[] = HEADER
    "NO-5025-2022,NO,5025,Røros,2022,3.2,total,total,612,800,seed\n"
    "NO-5025-2022,NO,5025,\"Røros,\nkommune\",2022,3.2,area,1,61.5,,seed\n"
    "SE-0331-2018,SE,0331,Heby,2018,,subarea,6.3,,10,\"a \"\"b\"\"\"\n";

Test(reader, types_each_row)
{
	kk_canon_reader *r = kk_canon_open(tmp_file(table));
	const kk_canon_row *row;

	row = kk_canon_next(r);
	cr_assert(row);
	cr_expect_str_eq(row->field[KK_C_ID], "NO-5025-2022");
	cr_expect_eq(row->line, 2);
	cr_expect_eq(row->year, 2022);
	cr_expect_eq(row->level, KK_LEVEL_TOTAL);
	cr_expect_eq(row->score, 612);
	cr_expect_eq(row->max, 800);

	row = kk_canon_next(r);
	cr_assert(row);
	cr_expect_str_eq(row->field[KK_C_MUNI], "Røros,\nkommune");
	cr_expect_eq(row->len[KK_C_MUNI], strlen("Røros,\nkommune"));
	cr_expect_eq(row->line, 3);
	cr_expect_eq(row->level, KK_LEVEL_AREA);
	cr_expect_str_eq(row->field[KK_C_ITEM], "1");
	cr_expect_eq(row->score, 61.5);
	cr_expect(isnan(row->max), "an empty max is missing");

	row = kk_canon_next(r);
	cr_assert(row);
	cr_expect_eq(row->line, 5);
	cr_expect_str_eq(row->field[KK_C_CODE], "0331", "leading zero kept");
	cr_expect_str_eq(row->field[KK_C_VERSION], "");
	cr_expect_eq(row->level, KK_LEVEL_SUBAREA);
	cr_expect(isnan(row->score), "an empty score is missing");
	cr_expect_eq(row->max, 10);
	cr_expect_str_eq(row->field[KK_C_SOURCE], "a \"b\"");
	cr_expect_eq(row->len[KK_C_SOURCE], 5);

	cr_expect_null(kk_canon_next(r));
	cr_expect_null(kk_canon_next(r), "the end stays the end");
	kk_canon_close(r);
}

/* Columns are found by name: any order, extra columns ignored. */
Test(reader, columns_by_name)
{
	const char *path = tmp_file(
	    "source,extra,max,score,item,level,version,year,municipality,"
	    "municipality_code,country,evaluation_id\n"
	    "seed,x,100,42,3,area,2.1,2017,Heby,0331,SE,SE-0331-2017\n");
	kk_canon_reader *r = kk_canon_open(path);
	const kk_canon_row *row = kk_canon_next(r);

	cr_assert(row);
	cr_expect_str_eq(row->field[KK_C_ID], "SE-0331-2017");
	cr_expect_str_eq(row->field[KK_C_COUNTRY], "SE");
	cr_expect_str_eq(row->field[KK_C_SOURCE], "seed");
	cr_expect_eq(row->score, 42);
	cr_expect_eq(row->year, 2017);
	cr_expect_str_eq(kk_canon_name(r), path);
	cr_expect_eq(kk_canon_reader_colno(r, KK_C_ID), 12);
	cr_expect_eq(kk_canon_reader_colno(r, KK_C_SOURCE), 1);
	cr_expect_null(kk_canon_next(r));
	kk_canon_close(r);
}

Test(reader, header_only)
{
	kk_canon_reader *r = kk_canon_open(tmp_file(HEADER));

	cr_expect_null(kk_canon_next(r));
	kk_canon_close(r);
}

/* The row reader and the whole-table reader agree row for row. */
Test(reader, agrees_with_kk_canon_read)
{
	const char *path = tmp_file(table);
	kk_canon *c = kk_canon_read(path);
	kk_canon_reader *r = kk_canon_open(path);
	const kk_canon_row *row;
	size_t i = 0;

	while ((row = kk_canon_next(r)) != NULL) {
		const kk_canon_row *w = &c->row[i];

		cr_assert_lt(i, c->nrows);
		for (int k = 0; k < KK_C_N; k++) {
			cr_expect_str_eq(row->field[k], w->field[k]);
			cr_expect_eq(row->len[k], w->len[k]);
		}
		cr_expect_eq(row->line, w->line);
		cr_expect_eq(row->year, w->year);
		cr_expect_eq(row->level, w->level);
		cr_expect(row->score == w->score ||
		    (isnan(row->score) && isnan(w->score)));
		cr_expect(row->max == w->max ||
		    (isnan(row->max) && isnan(w->max)));
		i++;
	}
	cr_expect_eq(i, c->nrows);
	kk_canon_close(r);
	kk_canon_free(c);
}

Test(reader, missing_column_dies, .exit_code = 1)
{
	kk_canon_open(tmp_file("evaluation_id,country\nA,NO\n"));
}

static bool got_first_row;

/* Exit status 2 instead of the death's 1 if the reader died before it
 * returned the good first row. */
static void
require_first_row(void)
{
	if (!got_first_row)
		_exit(2);
}

/* A bad row dies when it is reached, not before: the row before it is
 * returned first. */
Test(reader, bad_year_dies_at_its_row, .exit_code = 1)
{
	kk_canon_reader *r;

	atexit(require_first_row);
	r = kk_canon_open(tmp_file(HEADER
	    "A,NO,1,x,2017,2.1,area,1,5,,s\n"
	    "A,NO,1,x,17,2.1,area,2,5,,s\n"));
	got_first_row = kk_canon_next(r) != NULL;
	kk_canon_next(r);
}

Test(reader, bad_level_dies, .exit_code = 1)
{
	kk_canon_reader *r = kk_canon_open(tmp_file(HEADER
	    "A,NO,1,x,2017,2.1,areas,1,5,,s\n"));

	kk_canon_next(r);
}

Test(reader, bad_score_dies, .exit_code = 1)
{
	kk_canon_reader *r = kk_canon_open(tmp_file(HEADER
	    "A,NO,1,x,2017,2.1,area,1,5x,,s\n"));

	kk_canon_next(r);
}
