/*
 * Units of lib/population: joins across code reforms and size classes.
 *
 * Oracles: the figures are looked up by hand in data/population/
 * (grep '^NO,1640,' no_population.csv etc.; the values are quoted next
 * to each assertion), SSB's Røros figures (5,583 in 2014, 5,572 in
 * 2022), and SSB's own grouping of every code onto the 2024 division
 * (no_code_to_2024_ssb.csv), which is a source independent of the FHI
 * change table the joins follow.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kk.h"
#include "population.h"
#include "tmp.h"

static kk_pop *pop;

static void
load_real(void)
{
	char *dir = kk_data_path("population");

	pop = kk_pop_new();
	kk_pop_load_dir(pop, dir);
	kk_pop_finish(pop);
	free(dir);
}

static void
unload(void)
{
	kk_pop_free(pop);
	pop = NULL;
}

/* Join and expect a figure: its code, year and population. */
static void
expect(const char *country, const char *code, long year,
	const char *fcode, long fyear, long population)
{
	kk_pop_match m = { 0 };

	cr_assert(kk_pop_join(pop, country, code, year, &m),
		"%s %s %ld: %s", country, code, year, m.reason);
	cr_expect_str_eq(m.fig->code, fcode, "%s %s %ld", country, code, year);
	cr_expect_eq(m.fig->year, fyear, "%s %s %ld: year %ld", country, code,
		year, m.fig->year);
	cr_expect_eq(m.fig->population, population, "%s %s %ld: %ld", country,
		code, year, m.fig->population);
	kk_pop_match_clear(&m);
}

/* Join and expect no figure, with a reason containing why. */
static void
refuse(const char *country, const char *code, long year, const char *why)
{
	kk_pop_match m = { 0 };

	cr_assert_not(kk_pop_join(pop, country, code, year, &m),
		"%s %s %ld joined %s %ld", country, code, year,
		m.fig ? m.fig->code : "", m.fig ? m.fig->year : 0L);
	cr_expect(strstr(m.reason, why) != NULL, "reason '%s' lacks '%s'",
		m.reason, why);
	kk_pop_match_clear(&m);
}

TestSuite(join, .init = load_real, .fini = unload);

/* Røros was 1640 until 2017 and 5025 from 2018; SSB 1 January
 * 2014 = 5583 (row "NO,1640,Røros (-2017),2014,5583"), 2022 = 5572 (row
 * "NO,5025,Røros,2022,5572").  Either code joins in either year. */
Test(join, roros_across_the_2018_renumbering)
{
	expect("NO", "1640", 2014, "1640", 2014, 5583);
	expect("NO", "5025", 2022, "5025", 2022, 5572);
	expect("NO", "5025", 2014, "1640", 2014, 5583);
	expect("NO", "1640", 2022, "5025", 2022, 5572);
	expect("NO", "1640", 2017, "1640", 2017, 5623);
	expect("NO", "5025", 2018, "5025", 2018, 5663);
}

/* Ålesund 1504 merged with 1523, 1529, 1534, 1546 into 1507 in 2020.
 * 1504 on 1 Jan 2019: 47998; 1507 on 1 Jan 2022: 67114. */
Test(join, merged_in_2020)
{
	kk_pop_match m = { 0 };

	expect("NO", "1504", 2019, "1504", 2019, 47998);
	expect("NO", "1507", 2022, "1507", 2022, 67114);
	/* Forwards the old municipality lives on in the merged one... */
	cr_assert(kk_pop_join(pop, "NO", "1504", 2022, &m));
	cr_expect_str_eq(m.fig->code, "1507");
	cr_expect_eq(m.fig->population, 67114);
	cr_expect(m.note && strstr(m.note, "merged into 1507"));
	kk_pop_match_clear(&m);
	/* ...but backwards the new code names five municipalities. */
	refuse("NO", "1507", 2016, "formed by merging 1504, 1523, 1529, "
		"1534, 1546");
	/* Steinkjer 5006 (2020) = 5004 + 5039. */
	refuse("NO", "5006", 2019, "formed by merging 5004, 5039");
}

/* Stavanger kept its code 1103 when it absorbed 1141 Finnøy and 1142
 * Rennesøy in 2020; SSB lists only the absorbed codes.  1 January: 1103
 * 2005 = 113991, 2022 = 144699. */
Test(join, merger_into_a_kept_code)
{
	kk_pop_match m = { 0 };

	expect("NO", "1103", 2005, "1103", 2005, 113991);
	expect("NO", "1103", 2022, "1103", 2022, 144699);
	cr_assert(kk_pop_join(pop, "NO", "1141", 2022, &m));
	cr_expect_str_eq(m.fig->code, "1103");
	cr_expect(m.note && strstr(m.note, "merged into 1103"));
	kk_pop_match_clear(&m);
}

/* 1601 Trondheim became 5001 in 2018 (with 1662 Klæbu -> 5030); 5030
 * joined 5001 in 2020.  So 5001 is created by the 2018 renumbering, and
 * the 2020 row is an absorption.  1 January: 1601 2015 = 184960, 5001
 * 2022 = 210496, 1662 2016 = 6067. */
Test(join, renumbered_then_absorbing)
{
	kk_pop_match m = { 0 };

	expect("NO", "5001", 2015, "1601", 2015, 184960);
	expect("NO", "5030", 2016, "1662", 2016, 6067);
	cr_assert(kk_pop_join(pop, "NO", "1601", 2022, &m));
	cr_expect_str_eq(m.fig->code, "5001");
	cr_expect_eq(m.fig->population, 210496);
	cr_expect_null(m.note, "a renumbering, not a merger: %s", m.note);
	kk_pop_match_clear(&m);
	cr_assert(kk_pop_join(pop, "NO", "5030", 2022, &m));
	cr_expect_str_eq(m.fig->code, "5001");
	cr_expect(m.note && strstr(m.note, "merged into 5001 in 2020"));
	kk_pop_match_clear(&m);
}

/* Every figure is the answer for its own code in its own year: an
 * evaluation under the code valid at the time is never sent elsewhere by
 * the change table. */
Test(join, every_figure_answers_for_itself)
{
	char *dir = kk_data_path("population");
	const char *file[] = { "no_population.csv", "se_population.csv" };
	size_t n = 0;

	for (size_t k = 0; k < 2; k++) {
		size_t len = strlen(dir) + strlen(file[k]) + 2;
		char *path = kk_malloc(len);
		kk_table *t;

		snprintf(path, len, "%s/%s", dir, file[k]);
		t = kk_table_read(path);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *country = t->cell[r][0];
			const char *code = t->cell[r][1];
			long year = atol(t->cell[r][3]);
			long eval = strcmp(country, "SE") == 0 ? year + 1 : year;
			kk_pop_match m = { 0 };

			cr_assert(kk_pop_join(pop, country, code, eval, &m),
				"%s %s %ld: %s", country, code, eval, m.reason);
			cr_assert_str_eq(m.fig->code, code);
			cr_assert_eq(m.fig->year, year);
			cr_assert_eq(m.fig->population, atol(t->cell[r][4]));
			kk_pop_match_clear(&m);
			n++;
		}
		kk_table_free(t);
		free(path);
	}
	/* 8,921 Norwegian and 5,800 Swedish municipality-years (SOURCES.md) */
	cr_expect_eq(n, 8921 + 5800);
	free(dir);
}

/* A renumbering is no merger: no warning note. */
Test(join, renumbering_has_no_note)
{
	kk_pop_match m = { 0 };

	cr_assert(kk_pop_join(pop, "NO", "1640", 2022, &m));
	cr_expect_null(m.note);
	kk_pop_match_clear(&m);
}

/* 1507 Ålesund split in 2024 into 1508 Ålesund and 1580 Haram.  1 Jan
 * 2024: 1508 = 58509; 1507 had 67114 in 2022. */
Test(join, split_in_2024)
{
	expect("NO", "1507", 2022, "1507", 2022, 67114);
	expect("NO", "1508", 2024, "1508", 2024, 58509);
	refuse("NO", "1507", 2024, "1507 was split in 2024 (into 1508, 1580)");
	refuse("NO", "1508", 2022, "formed when 1507 was split");
	refuse("NO", "1580", 2023, "formed when 1507 was split");
	/* An old code whose chain runs into the split says so. */
	refuse("NO", "1504", 2024, "1504 -> 1507 (2020): municipality 1507 "
		"was split");
}

/* 1850 Tysfjord split in 2020 into 1806 Narvik and 1875 Hamarøy; its
 * own figure for 2019 is 1925 ("NO,1850,Divtasvuodna - Tysfjord,2019,
 * 1925"). */
Test(join, split_in_2020_uses_own_figure_while_it_existed)
{
	expect("NO", "1850", 2019, "1850", 2019, 1925);
	refuse("NO", "1850", 2020, "split in 2020 (into 1806, 1875)");
}

/* SCB counts on 31 December: an evaluation in year Y is joined to 31
 * December Y-1.  The figures are read in SCB's own Excel files in
 * data/population/raw/scb/, not in the CSV built from them:
 * - Klimatbyran__klimatkollen__6a0b2d5__population_scb.xlsx ("Folkmängden
 *   i Sveriges kommuner 1950-2022"), sheet Tabell, names in column A,
 *   years in row 6 (BR6 = 2018, BT6 = 2020, BU6 = 2021, BV6 = 2022):
 *   Vallentuna row 253: BT253 = 34119; Tomelilla row 232: BR232 = 13557,
 *   BU232 = 13712; Höganäs row 90: BV90 = 28103; Mark row 145: BU145 =
 *   35201;
 * - Klimatbyran__klimatkollen__2fc6856__be0101_tabhel2023.xlsx, sheet
 *   Totalt, column C "Folkmängd" (31 December 2023): Mark, A180 "1463",
 *   C180 = 35287;
 * - Klimatbyran__municipality-data-pipeline__af3346d__be0101_tabhel2024
 *   .xlsx, sheet Totalt, column C (31 December 2024): Vallentuna, A34
 *   "0115", C34 = 35119; Tomelilla, A141 "1270", C141 = 13639. */
Test(join, sweden_the_year_before)
{
	expect("SE", "0115", 2021, "0115", 2020, 34119);
	expect("SE", "1270", 2022, "1270", 2021, 13712);
	expect("SE", "1284", 2023, "1284", 2022, 28103);
	expect("SE", "1463", 2022, "1463", 2021, 35201);
	expect("SE", "1463", 2024, "1463", 2023, 35287);
	expect("SE", "0115", 2025, "0115", 2024, 35119);
	expect("SE", "1270", 2019, "1270", 2018, 13557);
}

/* The table ends with 31 December 2024: a 2026 evaluation wants 2025 and
 * gets the latest earlier figure, which says its year (Tomelilla 2024 =
 * 13639, cell C141 above). */
Test(join, sweden_past_the_table)
{
	kk_pop_match m = { 0 };

	cr_assert(kk_pop_join(pop, "SE", "1270", 2026, &m));
	cr_expect_eq(m.wanted, 2025);
	cr_expect_eq(m.fig->year, 2024);
	cr_expect_eq(m.fig->population, 13639);
	kk_pop_match_clear(&m);
}

/* Heby was 1917 until 2006 and 0331 from 2007; SCB's series files every
 * year under 0331 (31 Dec 2005: 13634). */
Test(join, heby_renumbered_in_a_table_on_the_later_division)
{
	expect("SE", "1917", 2006, "0331", 2005, 13634);
	expect("SE", "0331", 2006, "0331", 2005, 13634);
}

Test(join, unknown_is_refused_with_a_reason)
{
	refuse("NO", "9999", 2022, "unknown municipality code 9999");
	refuse("NO", "", 2022, "no municipality code");
	refuse("DK", "0101", 2022, "no population reference date");
	refuse("NO", "1942", 2002, "starts in 2005");
	/* Sweden's 2005 evaluation would need 31 Dec 2004. */
	refuse("SE", "1270", 2005, "starts in 2005");
}

/* Norway 2027 is past the table (last 1 January: 2026): nearest earlier. */
Test(join, norway_past_the_table)
{
	expect("NO", "5025", 2027, "5025", 2026, 5638);
}

Test(join, reference_years)
{
	long y;

	cr_assert(kk_pop_ref_year("NO", 2022, &y));
	cr_expect_eq(y, 2022);
	cr_assert(kk_pop_ref_year("SE", 2022, &y));
	cr_expect_eq(y, 2021);
	cr_expect_not(kk_pop_ref_year("DK", 2022, &y));
	cr_expect_str_eq(kk_pop_ref_date("NO"), "1 January");
	cr_expect_str_eq(kk_pop_ref_date("SE"), "31 December");
}

/* SSB's grouping maps every code onto the 2024 division.  For every code
 * with a figure and a definite 2024 code (not "Rest", SSB's bin for split
 * and border-adjusted municipalities), the join for 2024 must give that
 * code's figure, or refuse because the chain runs into a split.  It must
 * never give another municipality's figure. */
Test(join, agrees_with_ssb_grouping_onto_2024)
{
	char *path = kk_data_path("population/no_code_to_2024_ssb.csv");
	kk_table *t = kk_table_read(path);
	size_t cold = kk_table_need(t, "old_code");
	size_t cnew = kk_table_need(t, "code_2024");
	size_t agree = 0, split = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		const char *old = t->cell[r][cold], *new = t->cell[r][cnew];
		kk_pop_match m = { 0 };

		if (strcmp(new, "Rest") == 0 || strlen(new) != 4 ||
		    !kk_pop_join(pop, "NO", old, 2005, &m) ||
		    strcmp(m.fig->code, old) != 0) {
			kk_pop_match_clear(&m);
			continue;       /* no figure of its own: pre-2005 */
		}
		if (kk_pop_join(pop, "NO", old, 2024, &m)) {
			cr_expect_str_eq(m.fig->code, new, "%s", old);
			agree++;
		} else {
			cr_expect(strstr(m.reason, "split") != NULL, "%s: %s",
				old, m.reason);
			split++;
		}
		kk_pop_match_clear(&m);
	}
	/* 1504, 1523, 1529, 1534 and 1546 run into Ålesund's split (1507
	 * itself has no figure for 2005, so it is not counted).  422 codes
	 * have a 2005 figure and a definite 2024 code, counted by awk:
	 *   tr -d '\r' < no_code_to_2024_ssb.csv | awk -F, 'NR==FNR {
	 *   if ($4 == 2005) has[$2] = 1; next } FNR > 1 &&
	 *   $3 ~ /^[0-9][0-9][0-9][0-9]$/ && has[$1] { n++ } END { print n }'
	 *   no_population.csv -                                          */
	cr_expect_eq(split, 5);
	cr_expect_eq(agree, 422 - 5);
	kk_table_free(t);
	free(path);
}

/* Backwards, against the same SSB grouping: for every 2024 municipality
 * and every year 2005-2024, the join gives the code's own figure when it
 * existed, otherwise a figure of a code SSB groups into it (never of any
 * other municipality), or refuses.  Where SSB names exactly one code the
 * join may refuse only because of a split: 1508 and 1580 were split out
 * of 1507 in 2024, and the change table cannot tell that 1580 restored
 * the Haram (1534) of before 2020. */
Test(join, backwards_agrees_with_ssb_grouping)
{
	char *ppath = kk_data_path("population/no_population.csv");
	char *gpath = kk_data_path("population/no_code_to_2024_ssb.csv");
	kk_table *t = kk_table_read(ppath), *g = kk_table_read(gpath);
	const char **group = kk_calloc(t->nrows, sizeof *group);
	long *year = kk_calloc(t->nrows, sizeof *year);
	size_t own = 0, single = 0, refused = 0, several = 0;

	/* group[r]: SSB's 2024 code for the code of figure r */
	for (size_t r = 0; r < t->nrows; r++) {
		year[r] = atol(t->cell[r][3]);
		for (size_t k = 0; k < g->nrows && !group[r]; k++)
			if (strcmp(g->cell[k][0], t->cell[r][1]) == 0)
				group[r] = g->cell[k][2];
	}
	for (size_t c = 0; c < t->nrows; c++) {
		const char *code = t->cell[c][1];

		if (year[c] != 2024)
			continue;
		for (long y = 2005; y <= 2024; y++) {
			kk_pop_match m = { 0 };
			const char *in_group = NULL;
			bool mine = false, hit = false;
			size_t n = 0;
			bool ok = kk_pop_join(pop, "NO", code, y, &m);

			for (size_t r = 0; r < t->nrows; r++) {
				if (year[r] != y || !group[r] ||
				    strcmp(group[r], code) != 0)
					continue;
				n++;
				in_group = t->cell[r][1];
				mine |= strcmp(t->cell[r][1], code) == 0;
				hit |= ok && strcmp(t->cell[r][1],
					m.fig->code) == 0;
			}
			if (mine) {
				cr_assert(ok && strcmp(m.fig->code, code) == 0,
					"%s %ld: not its own figure", code, y);
				own++;
			} else if (ok) {
				cr_assert(hit, "%s %ld: joined %s, outside "
					"SSB's group", code, y, m.fig->code);
				n == 1 ? single++ : several++;
			} else if (n == 1) {
				cr_assert(strstr(m.reason, "split"), "%s %ld: "
					"SSB says %s; %s", code, y, in_group,
					m.reason);
				refused++;
			}
			kk_pop_match_clear(&m);
		}
	}
	cr_expect_gt(own, 2000);
	cr_expect_gt(single, 3000);
	/* 1508 2020-2023 (4) and 1580 2005-2019 (15) */
	cr_expect_eq(refused, 19);
	/* 5001 Trondheim 2005-2017: 1601 renumbered, Klæbu 1662 came in
	 * 2020 (SSB groups both into 5001) */
	cr_expect_eq(several, 13);
	free(group);
	free(year);
	kk_table_free(t);
	kk_table_free(g);
	free(ppath);
	free(gpath);
}

/* ---- names ------------------------------------------------------------------ */

/* ---- identity ----------------------------------------------------------- */

/* Rows of (country, code, year) -> municipality_id, datamash-style. */
struct identity_row {
	const char *country, *code;
	long year;
	const char *want;
};

static void
expect_identities(const struct identity_row *row, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *id = kk_pop_identity(pop, row[i].country, row[i].code,
		    row[i].year);
		cr_expect_str_eq(id, row[i].want, "%s %s %ld", row[i].country,
		    row[i].code, row[i].year);
		free(id);
	}
}

#define EXPECT_IDENTITIES(...) do { \
	static const struct identity_row rows_[] = { __VA_ARGS__ }; \
	expect_identities(rows_, sizeof rows_ / sizeof *rows_); \
} while (0)

TestSuite(identity, .init = load_real, .fini = unload);

/* Renumberings keep the municipality: Røros 1640 -> 5025 (2018); Øvre
 * Eiker 0624 -> 3048 (2020) -> 3314 (2024), named after its last code. */
Test(identity, renumberings_keep_it)
{
	EXPECT_IDENTITIES(
	    { "NO", "1640", 2014, "NO-5025" },
	    { "NO", "5025", 2022, "NO-5025" },
	    { "NO", "0624", 2015, "NO-3314" },
	    { "NO", "3048", 2021, "NO-3314" },
	    { "SE", "1917", 2005, "SE-0331" },
	    { "SE", "0115", 2017, "SE-0115" });
}

/* A merger makes another municipality: 1504 Ålesund and four others
 * became 1507 in 2020; 5030 Klæbu joined 5001 Trondheim in 2020. */
Test(identity, a_merger_makes_another)
{
	EXPECT_IDENTITIES(
	    { "NO", "1504", 2019, "NO-1504" },
	    { "NO", "1507", 2022, "NO-1507" },
	    { "NO", "1662", 2016, "NO-5030" },
	    { "NO", "1601", 2016, "NO-5001" });
}

/* An absorption ends the absorbed municipality; the other goes on.  The
 * rows (no_code_changes.csv): 1601 Trondheim -> 5001 (2018), 1662 Klæbu
 * -> 5030 (2018), 5030 Klæbu -> 5001 Trondheim (2020).  Trondheim 2016
 * and Klæbu 2016 are two municipalities, and no Klæbu evaluation is a
 * repeat of a Trondheim one; Klæbu's codes used after 2020 name the
 * Trondheim of that year. */
Test(identity, an_absorption_ends_the_absorbed)
{
	EXPECT_IDENTITIES(
	    { "NO", "1601", 2016, "NO-5001" },
	    { "NO", "5001", 2015, "NO-5001" },
	    { "NO", "5001", 2022, "NO-5001" },
	    { "NO", "1662", 2016, "NO-5030" },
	    { "NO", "5030", 2019, "NO-5030" },
	    { "NO", "5030", 2022, "NO-5001" },
	    { "NO", "1662", 2022, "NO-5001" });
}

/* A code kept through a merger goes on: 1141 Finnøy and 1142 Rennesøy
 * -> 1103 Stavanger (2020), 1103 with figures of its own before. */
Test(identity, a_kept_code_goes_on)
{
	EXPECT_IDENTITIES(
	    { "NO", "1103", 2016, "NO-1103" },
	    { "NO", "1103", 2022, "NO-1103" },
	    { "NO", "1141", 2016, "NO-1141" },
	    { "NO", "1141", 2022, "NO-1103" });
}

/* An old code used after its change is the municipality of that year,
 * as kk-size joins it: Røros 1640 in 2022 (1640 -> 5025, 2018). */
Test(identity, an_old_code_after_its_change)
{
	EXPECT_IDENTITIES(
	    { "NO", "1640", 2022, "NO-5025" },
	    { "NO", "5025", 2014, "NO-5025" },
	    { "NO", "1504", 2022, "NO-1507" });
}

/* Two into one: 1154 Vindafjord and 1159 Ølen -> 1160 Vindafjord
 * (2006), a new municipality; each old one ends.  1160 before 2006 names
 * neither: the code as given stands (kk-size joins no figure to it). */
Test(identity, a_merger_of_two_into_one)
{
	EXPECT_IDENTITIES(
	    { "NO", "1154", 2005, "NO-1154" },
	    { "NO", "1159", 2005, "NO-1159" },
	    { "NO", "1160", 2010, "NO-1160" },
	    { "NO", "1154", 2010, "NO-1160" },
	    { "NO", "1159", 2010, "NO-1160" },
	    { "NO", "1160", 2005, "NO-1160" });
}

/* A split makes new municipalities: 1507 Ålesund -> 1508 Ålesund and
 * 1580 Haram (2024).  1507 after the split names neither: the code as
 * given stands (kk-size joins no figure to it). */
Test(identity, a_split_makes_new_ones)
{
	EXPECT_IDENTITIES(
	    { "NO", "1507", 2022, "NO-1507" },
	    { "NO", "1508", 2024, "NO-1508" },
	    { "NO", "1580", 2024, "NO-1580" },
	    { "NO", "1507", 2024, "NO-1507" });
}

TestSuite(names, .init = load_real, .fini = unload);

Test(names, labels_without_their_qualifiers)
{
	/* "Røros (-2017)", "Røros - Rossen" */
	cr_expect(kk_pop_name_agrees(pop, "NO", "1640", "Røros"));
	cr_expect(kk_pop_name_agrees(pop, "NO", "5025", "RØROS"));
	cr_expect(kk_pop_name_agrees(pop, "NO", "5025", "Rossen"));
	/* "Nordreisa - Ráisa - Raisi" */
	cr_expect(kk_pop_name_agrees(pop, "NO", "1942", "Nordreisa"));
	cr_expect(kk_pop_name_agrees(pop, "NO", "1942", "Raisi"));
	cr_expect(kk_pop_name_agrees(pop, "SE", "1880", "Orebro"));
	cr_expect(kk_pop_name_agrees(pop, "NO", "5025", ""));
}

Test(names, another_municipality_disagrees)
{
	cr_expect_not(kk_pop_name_agrees(pop, "NO", "5025", "Tromsø"));
	cr_expect_not(kk_pop_name_agrees(pop, "NO", "5025", "Røros kommune"));
	cr_expect_not(kk_pop_name_agrees(pop, "SE", "1270", "Tomelille"));
	cr_expect_not(kk_pop_name_agrees(pop, "NO", "9999", "Røros"));
}

/* ---- loading ---------------------------------------------------------------- */

Test(load, a_figure_without_source_is_refused, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	kk_pop_load_figures(p, tmp_file("country,municipality_code,"
		"municipality,year,population\nNO,0301,Oslo,2020,693494\n"));
}

Test(load, an_empty_source_is_refused, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	kk_pop_load_figures(p, tmp_file("country,municipality_code,"
		"municipality,year,population,source\nNO,0301,Oslo,2020,693494,"
		"\n"));
}

Test(load, a_bad_population_is_refused, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	kk_pop_load_figures(p, tmp_file("country,municipality_code,"
		"municipality,year,population,source\nNO,0301,Oslo,2020,"
		"693 494,SSB\n"));
}

Test(load, a_duplicate_figure_is_refused, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	kk_pop_load_figures(p, tmp_file("country,municipality_code,"
		"municipality,year,population,source\nNO,0301,Oslo,2020,1,SSB\n"
		"NO,0301,Oslo,2020,2,SSB\n"));
	kk_pop_finish(p);
}

Test(load, a_changes_file_needs_a_country, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	/* no country column: the file's name is never asked */
	kk_pop_load_changes(p, tmp_file("old_code,new_code,valid_from\n"
		"1640,5025,2018\n"));
}

Test(load, a_code_that_ceases_twice_is_refused, .exit_code = 1)
{
	kk_pop *p = kk_pop_new();

	kk_pop_load_changes(p, tmp_file("country,old_code,new_code,"
		"valid_from\nNO,1640,5025,2018\nNO,1640,5026,2020\n"));
	kk_pop_finish(p);
}

/* A change loop (a -> b, b -> a) must end with a reason, not recurse. */
Test(load, a_change_loop_ends)
{
	kk_pop *p = kk_pop_new();
	kk_pop_match m = { 0 };

	kk_pop_load_figures(p, tmp_file("country,municipality_code,"
		"municipality,year,population,source\nNO,0001,A,2005,10,test\n"));
	kk_pop_load_changes(p, tmp_file("country,old_code,new_code,"
		"valid_from\nNO,0001,0002,2010\nNO,0002,0001,2010\n"));
	kk_pop_finish(p);
	cr_expect_not(kk_pop_join(p, "NO", "0001", 2012, &m));
	cr_expect(strstr(m.reason, "loop") != NULL, "%s", m.reason);
	kk_pop_match_clear(&m);
	kk_pop_free(p);
}

/* ---- size classes ----------------------------------------------------------- */

static const char *
class_of(const kk_size_classes *sc, long pop)
{
	return sc->label[kk_size_class(sc, pop)];
}

/* KS: "mindre enn 5.000", "mellom 5.000-10.000", "mer enn 10.000". */
Test(size, ks_default_boundaries)
{
	kk_size_classes sc;

	cr_assert(kk_size_parse("5000,10000", 10, &sc));
	cr_expect_str_eq(class_of(&sc, 1), "<5000");
	cr_expect_str_eq(class_of(&sc, 4999), "<5000");
	cr_expect_str_eq(class_of(&sc, 5000), "5000-10000");
	cr_expect_str_eq(class_of(&sc, 5583), "5000-10000");
	cr_expect_str_eq(class_of(&sc, 10000), "5000-10000");
	cr_expect_str_eq(class_of(&sc, 10001), ">10000");
	kk_size_clear(&sc);
}

Test(size, three_breaks)
{
	kk_size_classes sc;

	cr_assert(kk_size_parse("5000,10000,50000", 16, &sc));
	cr_expect_eq(sc.n, 3);
	cr_expect_str_eq(class_of(&sc, 4999), "<5000");
	cr_expect_str_eq(class_of(&sc, 10000), "5000-10000");
	cr_expect_str_eq(class_of(&sc, 10001), "10000-50000");
	cr_expect_str_eq(class_of(&sc, 50000), "10000-50000");
	cr_expect_str_eq(class_of(&sc, 50001), ">50000");
	kk_size_clear(&sc);
}

Test(size, one_break)
{
	kk_size_classes sc;

	cr_assert(kk_size_parse("10000", 5, &sc));
	cr_expect_str_eq(class_of(&sc, 9999), "<10000");
	cr_expect_str_eq(class_of(&sc, 10000), ">=10000");
	kk_size_clear(&sc);
}

Test(size, bad_lists)
{
	const char *bad[] = { "", "10000,5000", "5000,5000", "5000,,10000",
		"5000,", "abc", "0", "-5", "5000.5", "5 000", NULL };
	kk_size_classes sc;

	for (size_t i = 0; bad[i]; i++)
		cr_expect_not(kk_size_parse(bad[i], strlen(bad[i]), &sc),
			"'%s' accepted", bad[i]);
}
