/*
 * Which published figure an evaluation is set beside, read off
 * data/benchmarks.csv by hand: the Røros 2022 report's 362 and 352, the
 * undated "i underkant av 350" for a year before 2022, the Swedish 476
 * for a 2.x evaluation and none for a 3.x one, Vallentuna's Sverigesnitt
 * per area; and when a data set counts as a full export.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

#include "kk.h"
#include "benchmarks.h"
#include "tmp.h"

static kk_benchmarks *b;

static void
load(void)
{
	b = kk_benchmarks_load(NULL);
}

static void
unload(void)
{
	kk_benchmarks_free(b);
}

TestSuite(benchmarks, .init = load, .fini = unload);

Test(benchmarks, roros_2022)
{
	const kk_benchmark *r;

	r = kk_benchmark_find(b, "mean_total", "NO", "all", 0, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 362);
	cr_expect_eq(r->year, 2022);
	cr_expect_str_eq(r->qualifier, "exact");
	r = kk_benchmark_find(b, "mean_total", "NO", "5000-10000", 0, 2022,
	    "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 352);
	r = kk_benchmark_find(b, "normal_band_low", "NO", "all", 0, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 320);
	r = kk_benchmark_find(b, "normal_band_high", "NO", "all", 0, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 360);
	/* two rows say 593 in 2022, both exact: the file's first, the
	 * report itself */
	r = kk_benchmark_find(b, "max_total", "NO", "all", 0, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 593);
	char *who = kk_benchmark_publisher(r);
	cr_expect_str_eq(who, "KS-Konsulent");
	free(who);
	r = kk_benchmark_find(b, "max_area", "NO", "all", 3, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 90);
	cr_expect_null(kk_benchmark_find(b, "max_area", "NO", "all", 5, 2022,
	    "3.x"));
	r = kk_benchmark_find(b, "evaluations_8y", "NO", "all", 0, 2022, "3.x");
	cr_assert(r);
	cr_expect_eq(r->value, 66);
	/* the Swedish counts are since 2002, not of the last eight years */
	cr_expect_null(kk_benchmark_find(b, "evaluations_8y", "SE", "all", 0,
	    2021, "3.x"));
}

Test(benchmarks, nothing_published_later_than_the_evaluation)
{
	const kk_benchmark *r;

	/* 362 is from 2022; before it only the undated page's "a little
	 * under 350" fits */
	r = kk_benchmark_find(b, "mean_total", "NO", "all", 0, 2019, "2.x");
	cr_assert(r);
	cr_expect_eq(r->value, 350);
	cr_expect_eq(r->year, 0);
	cr_expect_str_eq(r->qualifier, "below");
	/* 2.x's area-1 record of 2019 (Ulstein, 72) is no 3.x record */
	r = kk_benchmark_find(b, "max_area", "NO", "all", 1, 2019, "2.x");
	cr_assert(r);
	cr_expect_eq(r->value, 72);
	cr_expect_null(kk_benchmark_find(b, "max_area", "NO", "all", 1, 2022,
	    "3.x"));
}

Test(benchmarks, sweden)
{
	const kk_benchmark *r;

	/* 2017: Strängnäs's 476 (exact, 2.x) */
	r = kk_benchmark_find(b, "mean_total", "SE", "all", 0, 2017, "2.x");
	cr_assert(r);
	cr_expect_eq(r->value, 476);
	/* 2018: 475 exact before 450 approximate, both 2018 */
	r = kk_benchmark_find(b, "mean_total", "SE", "all", 0, 2019, "2.x");
	cr_assert(r);
	cr_expect_eq(r->value, 475);
	/* every Swedish total mean is a 2.x figure */
	cr_expect_null(kk_benchmark_find(b, "mean_total", "SE", "all", 0, 2021,
	    "3.x"));
	/* Sverigesnitt 2021 beside Vallentuna, area by area */
	static const double snitt[9] = { 0, 63, 65, 73, 64, 61, 59, 68, 64 };
	for (int a = 1; a <= 8; a++) {
		r = kk_benchmark_find(b, "mean_area", "SE", "all", a, 2021, "3.x");
		cr_assert(r, "area %d", a);
		cr_expect_eq(r->value, snitt[a], "area %d", a);
	}
}

Test(benchmarks, full_export_or_sample)
{
	const kk_benchmark *c;

	/* 58 Norwegian municipalities in 2022 (the Røros report's Forord) */
	cr_expect(!kk_benchmarks_full_export(b, "NO", 2022, 57, &c));
	cr_assert(c);
	cr_expect_eq(c->value, 58);
	cr_expect(kk_benchmarks_full_export(b, "NO", 2022, 58, &c));
	/* 2014: 46 */
	cr_expect(!kk_benchmarks_full_export(b, "NO", 2014, 45, &c));
	cr_expect_eq(c->value, 46);
	/* before any published count: cannot be told, so a sample */
	cr_expect(!kk_benchmarks_full_export(b, "NO", 2011, 1000, &c));
	cr_expect_null(c);
	cr_expect(!kk_benchmarks_full_export(b, "DK", 2022, 1000, &c));
}

/* A table of the header and row, loaded (the death tests die here). */
static void
read_row(const char *row)
{
	char *text = kk_asprintf("what,country,year,group,version,area,value,"
	    "unit,qualifier,scope,source,quote,notes\n%s\n", row);
	const char *path = tmp_file(text);

	free(text);
	kk_benchmarks_free(kk_benchmarks_load(path));
}

Test(benchmarks_bad, a_good_row_reads)
{
	read_row("mean_total,NO,2022,all,all,,362,points,exact,s,src,q,");
}

Test(benchmarks_bad, unknown_kind, .exit_code = 1)
{
	read_row("median_total,NO,2022,all,all,,362,points,exact,s,src,q,");
}

Test(benchmarks_bad, area_figure_without_area, .exit_code = 1)
{
	read_row("mean_area,SE,2021,all,3.x,,63,points,exact,s,src,q,");
}

Test(benchmarks_bad, total_with_area, .exit_code = 1)
{
	read_row("mean_total,NO,2022,all,all,3,362,points,exact,s,src,q,");
}

Test(benchmarks_bad, no_source, .exit_code = 1)
{
	read_row("mean_total,NO,2022,all,all,,362,points,exact,s,,q,");
}

Test(benchmarks_bad, value_not_a_number, .exit_code = 1)
{
	read_row("mean_total,NO,2022,all,all,,ca 362,points,exact,s,src,q,");
}

Test(benchmarks_bad, year_not_a_year, .exit_code = 1)
{
	read_row("mean_total,NO,22,all,all,,362,points,exact,s,src,q,");
}

Test(benchmarks_bad, unknown_qualifier, .exit_code = 1)
{
	read_row("mean_total,NO,2022,all,all,,362,points,roughly,s,src,q,");
}
