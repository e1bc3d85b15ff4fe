/* lib/chart.c: chart file names, shared by kk-plot and kk-report. */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "chart.h"
#include "kk.h"
#include "schema.h"

static void
expect(char *got, const char *want)
{
	cr_expect_str_eq(got, want);
	free(got);
}

Test(chart, stems)
{
	expect(kk_chart_stem(KK_CHART_HIST, "NO", KK_AREA_TOTAL, NULL, 0),
	    "hist-NO-total");
	expect(kk_chart_stem(KK_CHART_HIST, "SE", 8, NULL, 0), "hist-SE-area8");
	expect(kk_chart_stem(KK_CHART_BOX, "NO", 0, NULL, 0), "box-NO-total");
	expect(kk_chart_stem(KK_CHART_SCATTER, "SE", 0, NULL, 0),
	    "scatter-SE-total");
	expect(kk_chart_stem(KK_CHART_SCATTER_AREAS, "NO", 0, NULL, 0),
	    "scatter-NO-areas");
	/* a municipality's charts by its municipality_id */
	expect(kk_chart_stem(KK_CHART_RANK, "NO", 0, "NO-5025", 2022),
	    "rank-NO-5025-2022");
	expect(kk_chart_stem(KK_CHART_COMPARE, "NO", 0, "NO-5025", 2014),
	    "compare-NO-5025-2014");
	expect(kk_chart_stem(KK_CHART_RADAR, "SE", 0, "SE-0115", 2021),
	    "radar-SE-0115-2021");
	expect(kk_chart_stem(KK_CHART_SIZE_EFFECT, NULL, 0, NULL, 0),
	    "size-effect");
	expect(kk_chart_stem(KK_CHART_SIZE_PARTIAL, NULL, 0, NULL, 0),
	    "size-partial");
	expect(kk_chart_stem(KK_CHART_DEV, NULL, 0, "NO-5025", 0),
	    "dev-NO-5025");
}

Test(chart, code_with_a_path_dies, .exit_code = 1)
{
	kk_chart_stem(KK_CHART_DEV, "NO", 0, "NO-../5025", 0);
}

Test(chart, code_with_a_dot_dies, .exit_code = 1)
{
	kk_chart_stem(KK_CHART_RANK, "NO", 0, "NO-50.25", 2022);
}

Test(chart, no_area_zero, .exit_code = 1)
{
	kk_chart_stem(KK_CHART_HIST, "NO", 0, NULL, 0);
}

Test(chart, gap_keys_read_back)
{
	int g;

	for (g = 0; g < KK_NGAP; g++)
		cr_expect_eq(kk_chart_gap_parse(kk_chart_gap_key(g)), g);
	cr_expect_eq(kk_chart_gap_parse("few areas"), -1);
	cr_expect_str_eq(kk_chart_gap_key(KK_GAP_FEW_AREAS), "few_areas");
}
