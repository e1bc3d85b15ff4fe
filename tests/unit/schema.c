/*
 * Units of lib/schema: the tables between stages, the area convention
 * and the year range.
 *
 * Oracles: the headers as the files of doc/ document them, written out here by
 * hand; the year range's bounds; the area texts of scores.csv.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "schema.h"

static char *
header_of(const kk_schema *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert(fp);
	kk_schema_header(fp, s);
	fclose(fp);
	return buf;
}

static void
expect_header(const kk_schema *s, const char *want)
{
	char *got = header_of(s);

	cr_expect_str_eq(got, want, "%s", s->name);
	free(got);
}

Test(schema, headers_as_documented)
{
	expect_header(&kk_canonical_table, "evaluation_id,country,"
	    "municipality_code,municipality,year,version,level,item,score,max,"
	    "source\n");
	expect_header(&kk_normalised_table, "evaluation_id,country,"
	    "municipality_code,municipality,year,version,version_inferred,"
	    "area,area_slug,raw_score,score,max,method,source\n");
	expect_header(&kk_scores_table, "evaluation_id,country,"
	    "municipality_code,municipality,year,version,version_inferred,"
	    "area,area_slug,raw_score,score,max,method,source,municipality_id,"
	    "population,population_year,log10_population,size_class\n");
	expect_header(&kk_unmatched_table,
	    "evaluation_id,municipality_code,year,reason\n");
	expect_header(&kk_rejects_table, "file,line,column,reason\n");
	expect_header(&kk_findings_table,
	    "evaluation_id,check,severity,detail\n");
	expect_header(&kk_repeats_table, "kind,country,municipality_id,"
	    "municipality_code,municipality,area,scale,from_evaluation,"
	    "to_evaluation,from_year,to_year,gap_years,from_version,"
	    "to_version,transition,transition_class,from_score,to_score,"
	    "change,n,municipalities,mean_change,sd_change,se,t,df,p,ci_low,"
	    "ci_high\n");
}

/* The scores table is the normalised one and kk-size's columns. */
Test(schema, scores_extend_normalised)
{
	cr_assert_eq(kk_normalised_table.ncols, KK_N_N);
	cr_assert_eq(kk_scores_table.ncols, KK_S_N);
	for (size_t k = 0; k < kk_normalised_table.ncols; k++) {
		cr_expect_str_eq(kk_scores_table.col[k].name,
		    kk_normalised_table.col[k].name);
		cr_expect_eq(kk_scores_table.col[k].type,
		    kk_normalised_table.col[k].type);
	}
}

/* A code keeps its leading zero ("0301"): text; a year is a whole
 * number; a score a decimal one. */
Test(schema, types)
{
	cr_expect_eq(kk_scores_table.col[KK_S_CODE].type, KK_COL_TEXT);
	cr_expect_eq(kk_scores_table.col[KK_S_MUNICIPALITY_ID].type,
	    KK_COL_TEXT);
	cr_expect_eq(kk_scores_table.col[KK_S_YEAR].type, KK_COL_INTEGER);
	cr_expect_eq(kk_scores_table.col[KK_S_POPULATION].type,
	    KK_COL_INTEGER);
	cr_expect_eq(kk_scores_table.col[KK_S_SCORE].type, KK_COL_NUMBER);
	cr_expect_eq(kk_scores_table.col[KK_S_AREA].type, KK_COL_TEXT);
	cr_expect_eq(kk_canonical_table.col[KK_C_CODE].type, KK_COL_TEXT);
}

/* No table names a column twice. */
Test(schema, names_unique)
{
	for (size_t t = 0; kk_schemas[t]; t++) {
		const kk_schema *s = kk_schemas[t];

		for (size_t i = 0; i < s->ncols; i++)
			for (size_t j = 0; j < i; j++)
				cr_expect_str_neq(s->col[i].name,
				    s->col[j].name, "%s", s->name);
	}
}

Test(schema, of_file)
{
	cr_expect_eq(kk_schema_of_file("out/scores.csv"), &kk_scores_table);
	cr_expect_eq(kk_schema_of_file("out/tables/size_groups.csv"),
	    &kk_groups_table);
	cr_expect_eq(kk_schema_of_file("data/population/no_population.csv"),
	    &kk_population_table);
	cr_expect_eq(kk_schema_of_file("se_code_changes.csv"),
	    &kk_changes_table);
	cr_expect_null(kk_schema_of_file("out/plots/hist-NO-total.gp"));
}

Test(schema, areas)
{
	char buf[16];

	cr_expect_eq(KK_AREA_TOTAL, 9);
	cr_expect_eq(KK_TOTAL_MAX, 800);
	cr_expect_eq(KK_AREA_MAX, 100);
	for (int a = 1; a <= KK_NAREA; a++) {
		snprintf(buf, sizeof buf, "%d", a);
		cr_expect_str_eq(kk_area_name(a), buf);
		cr_expect_eq(kk_area_parse(buf, strlen(buf)), a);
	}
	cr_expect_str_eq(kk_area_name(KK_AREA_TOTAL), "total");
	cr_expect_eq(kk_area_parse("total", 5), KK_AREA_TOTAL);
	cr_expect_null(kk_area_name(0));
	cr_expect_null(kk_area_name(KK_AREA_TOTAL + 1));
	cr_expect_eq(kk_area_parse("0", 1), -1);
	cr_expect_eq(kk_area_parse("9", 1), -1);
	cr_expect_eq(kk_area_parse("Total", 5), -1);
	cr_expect_eq(kk_area_parse("10", 2), -1);
	cr_expect_eq(kk_area_parse("", 0), -1);
	cr_expect_str_eq(kk_level_name(KK_LEVEL_SUBAREA), "subarea");
}

Test(schema, years)
{
	long y = 0;

	cr_expect(kk_year_parse("1900", 4, &y) && y == 1900);
	cr_expect(kk_year_parse("2100", 4, &y) && y == 2100);
	cr_expect(kk_year_parse(" 2022 ", 6, &y) && y == 2022);
	cr_expect(!kk_year_parse("1899", 4, &y));
	cr_expect(!kk_year_parse("2101", 4, &y));
	cr_expect(!kk_year_parse("22", 2, &y));
	cr_expect(!kk_year_parse("20x2", 4, &y));
	cr_expect(!kk_year_parse("2022.0", 6, &y));
	cr_expect(!kk_year_parse("", 0, &y));
	cr_expect_str_eq(KK_YEAR_RANGE, "1900..2100");
}
