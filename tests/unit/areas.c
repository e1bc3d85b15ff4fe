/*
 * Versions and the area crosswalk, against the map doc/versions.md (The
 * crosswalk) tabulates:
 * 2.x areas map by content 1->1, 2->5, 3->3, 4->8, 5->4, 6->7, 7->6, 8->2;
 * 1.x is assumed to map as 2.x; 3.0 and 3.2 use the 3.2 numbering.
 * Sub-area counts and maxima are the Røros 2022 report's (its tables).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "kk.h"
#include "areas.h"
#include "tmp.h"

static const int map_2x[9] = { 0, 1, 5, 3, 8, 4, 7, 6, 2 };
static const char *const slug[9] = { NULL, "democracy", "community",
	"governance", "efficiency", "service", "quality", "employer",
	"leadership" };

static kk_areas *
load(void)
{
	kk_areas *a = kk_areas_load(NULL);

	kk_areas_load_sub(a, NULL);
	return a;
}

Test(crosswalk, every_version)
{
	kk_areas *a = load();
	int v, area, want;

	for (v = 0; v < KK_NVERSION; v++)
		for (area = 1; area <= 8; area++) {
			want = kk_version_is_3x(v) ? area : map_2x[area];
			cr_expect_eq(kk_areas_canonical(a, v, area), want,
			    "version %s area %d", kk_version_name(v), area);
			cr_expect_eq(kk_areas_max(a, v, area), 100.0);
		}
	kk_areas_free(a);
}

Test(crosswalk, slugs_and_bounds)
{
	kk_areas *a = load();
	int c;

	for (c = 1; c <= 8; c++)
		cr_expect_str_eq(kk_areas_slug(a, c), slug[c]);
	cr_expect_str_eq(kk_areas_slug(a, KK_AREA_TOTAL), "total");
	cr_expect_null(kk_areas_slug(a, 0));
	cr_expect_eq(kk_areas_canonical(a, KK_V20, 0), -1);
	cr_expect_eq(kk_areas_canonical(a, KK_V20, 9), -1);
	/* the total's max is the sum of its areas' (8 x 100) */
	cr_expect_eq(kk_areas_max(a, KK_V32, KK_AREA_TOTAL), 800.0);
	cr_expect(isnan(kk_areas_max(a, KK_V32, KK_AREA_TOTAL + 1)));
	kk_areas_free(a);
}

/* 2.x area 8 "Kommunen som samfunnsutvikler" is 3.2's Samfunnsutvikling;
 * 2.x area 2 "Tilgjengelighet og brukerorientering" is Brukerens fokus. */
Test(crosswalk, named_examples)
{
	kk_areas *a = load();

	cr_expect_str_eq(kk_areas_slug(a, kk_areas_canonical(a, KK_V21, 8)),
	    "community");
	cr_expect_str_eq(kk_areas_slug(a, kk_areas_canonical(a, KK_V20, 2)),
	    "service");
	cr_expect_str_eq(kk_areas_slug(a, kk_areas_canonical(a, KK_V20, 7)),
	    "quality");
	kk_areas_free(a);
}

Test(subareas, seed_report)
{
	/* sub-areas per 3.2 area in the Røros 2022 report: 5,4,4,5,5,4,4,4 = 35 */
	static const size_t count[9] = { 0, 5, 4, 4, 5, 5, 4, 4, 4 };
	static const char *const codes[] = { "1.1", "1.2", "1.3", "1.4",
		"1.5", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4",
		"4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "5.4",
		"5.5", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2", "7.3", "7.4",
		"8.1", "8.2", "8.3", "8.4" };
	double sum[9] = { 0 }, max;
	kk_areas *a = load();
	size_t i, total = 0;
	int area;

	for (area = 1; area <= 8; area++) {
		cr_expect_eq(kk_areas_nsub(a, KK_V32, area), count[area]);
		cr_expect_eq(kk_areas_nsub(a, KK_V21, area), 0);
		total += kk_areas_nsub(a, KK_V32, area);
	}
	cr_expect_eq(total, 35);
	for (i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		cr_assert(kk_areas_subarea(a, KK_V32, codes[i], &area, &max),
		    "%s", codes[i]);
		cr_expect_eq(area, codes[i][0] - '0');
		sum[area] += max;
	}
	/* each area's sub-area maxima add to 100 (1.2's max is 10, not the
	 * 30 of the report's heading) */
	for (area = 1; area <= 8; area++)
		cr_expect_eq(sum[area], 100.0, "area %d", area);
	cr_expect(kk_areas_subarea(a, KK_V32, "1.2", NULL, &max));
	cr_expect_eq(max, 10.0);
	cr_expect(kk_areas_subarea(a, KK_V32, "6.3", NULL, &max));
	cr_expect_eq(max, 30.0);
	cr_expect_not(kk_areas_subarea(a, KK_V32, "6.5", NULL, NULL));
	kk_areas_free(a);
}

Test(version, parse)
{
	enum kk_version v;

	cr_expect_eq(kk_version_parse("2.0", &v), KK_VERSION_OK);
	cr_expect_eq(v, KK_V20);
	cr_expect_eq(kk_version_parse(" 3.2 ", &v), KK_VERSION_OK);
	cr_expect_eq(v, KK_V32);
	cr_expect_eq(kk_version_parse("3.0", &v), KK_VERSION_OK);
	cr_expect_eq(v, KK_V30);
	cr_expect_eq(kk_version_parse("1.x", &v), KK_VERSION_OK);
	cr_expect_eq(v, KK_V1X);
	cr_expect_eq(kk_version_parse("1.0", &v), KK_VERSION_OK);
	cr_expect_eq(v, KK_V1X);
	cr_expect_eq(kk_version_parse("3.x", &v), KK_VERSION_FUZZY);
	cr_expect_eq(v, KK_V32);
	cr_expect_eq(kk_version_parse("", &v), KK_VERSION_EMPTY);
	cr_expect_eq(kk_version_parse("  ", &v), KK_VERSION_EMPTY);
	cr_expect_eq(kk_version_parse("4.0", &v), KK_VERSION_UNKNOWN);
	cr_expect_eq(kk_version_parse("3.1", &v), KK_VERSION_UNKNOWN);
	cr_expect_eq(kk_version_parse("2", &v), KK_VERSION_UNKNOWN);
	cr_expect_eq(kk_version_parse("1.", &v), KK_VERSION_UNKNOWN);
	cr_expect_eq(kk_version_parse("2.0x", &v), KK_VERSION_UNKNOWN);
}

Test(version, from_year)
{
	cr_expect_eq(kk_version_for_year(2002), KK_V1X);
	cr_expect_eq(kk_version_for_year(2009), KK_V1X);
	cr_expect_eq(kk_version_for_year(2010), KK_V20);
	cr_expect_eq(kk_version_for_year(2015), KK_V20);
	cr_expect_eq(kk_version_for_year(2016), KK_V21);
	cr_expect_eq(kk_version_for_year(2019), KK_V21);
	cr_expect_eq(kk_version_for_year(2020), KK_V30);
	cr_expect_eq(kk_version_for_year(2021), KK_V32);
	cr_expect_eq(kk_version_for_year(2024), KK_V32);
}

Test(version, resolve)
{
	enum kk_version v;
	bool inferred, fuzzy;

	cr_expect(kk_version_resolve("", 2017, &v, &inferred, &fuzzy));
	cr_expect_eq(v, KK_V21);
	cr_expect(inferred);
	cr_expect_not(fuzzy);
	cr_expect(kk_version_resolve("3.x", 2020, &v, &inferred, &fuzzy));
	cr_expect_eq(v, KK_V32);
	cr_expect_not(inferred);
	cr_expect(fuzzy);
	cr_expect(kk_version_resolve("2.0", 2017, &v, &inferred, &fuzzy));
	cr_expect_eq(v, KK_V20);
	cr_expect_not(inferred);
	cr_expect_not(kk_version_resolve("4.0", 2024, &v, &inferred, &fuzzy));
}

Test(area_item, parse)
{
	cr_expect_eq(kk_area_item("1"), 1);
	cr_expect_eq(kk_area_item("8"), 8);
	cr_expect_eq(kk_area_item("0"), -1);
	cr_expect_eq(kk_area_item("9"), -1);
	cr_expect_eq(kk_area_item("6.3"), -1);
	cr_expect_eq(kk_area_item("total"), -1);
}

/* The death tests exit inside kk_areas_load: nothing may be left on the
 * heap (LeakSanitizer) or in $TMPDIR (tmp_file). */

/* Two 2.0 areas on one canonical area would count a score twice: a full
 * dictionary except that 2.0 area 2 is put on canonical area 1. */
Test(dictionary, refuses_non_bijection, .exit_code = 1)
{
	static const char *const v[] = { "1.x", "2.0", "2.1", "3.0", "3.2" };
	static char text[4096];
	char *p = text;
	int i, area;

	p += sprintf(p, "version,area,canonical_area,slug,max\n");
	for (i = 0; i < 5; i++)
		for (area = 1; area <= 8; area++)
			p += sprintf(p, "%s,%d,%d,%s,100\n", v[i], area,
			    i == 1 && area == 2 ? 1 : area,
			    slug[i == 1 && area == 2 ? 1 : area]);
	kk_areas_load(tmp_file(text));
}

Test(dictionary, refuses_incomplete, .exit_code = 1)
{
	const char *p = tmp_file("version,area,canonical_area,slug,max\n"
	    "2.0,1,1,democracy,100\n");

	kk_areas_load(p);
}

static int
named(const kk_areas *a, enum kk_version v, const char *name)
{
	char *f = kk_fold(name);
	int area = kk_areas_named(a, v, f);

	free(f);
	return area;
}

/* Names as the sources print them (tests/data/evaluations/
 * no_published.csv and se_published.csv area_names, and its NOTES.md):
 * each is its own version's area, and no area of the other family. */
Test(names, as_published)
{
	static const struct { enum kk_version v; int area; const char *name; }
	    seen[] = {
		{ KK_V21, 1, "Offentlegheit og deomkrati" },      /* Hareid */
		{ KK_V21, 2, "Tilgjengeligheit, innbyggar og brukarorientering" },
		{ KK_V21, 8, "Kommunen som samfunnsutviklar" },
		{ KK_V21, 4, "Leiarskap, ansvar og delegering" },  /* Ulstein */
		{ KK_V21, 1, "Offentlighet og demokratisk kontroll" },
		{ KK_V21, 2, "Tilgjengelighet, innbygger og brukerorientering" },
		{ KK_V20, 5, "Resultatfokus og effektivitet" },    /* Øvre Eiker */
		{ KK_V20, 6, "Kommunen som arbetsgivare personalpolitik" },
		{ KK_V20, 6, "Kommunen som arbetsgivare – personalpolitik" },
		{ KK_V20, 6, "Kommunen som arbetsgivare (personalpolitik)" },
		{ KK_V20, 8, "Kommun som samhällsbyggare" },       /* Grästorp */
		{ KK_V20, 7, "Verksamhetsutveckling" },
		{ KK_V32, 1, "Offentlighet och demokrati" },       /* Vallentuna */
		{ KK_V32, 2, "Samhällsutveckling" },
		{ KK_V32, 8, "Chefs- och ledarskap samt medarbetarskap" },
		{ KK_V32, 5, "Brukerens fokus og service" },       /* Røros 2022 */
		{ KK_V30, 7, "Arbeidsliv" },
	};
	kk_areas *a = load();

	for (size_t i = 0; i < sizeof seen / sizeof *seen; i++) {
		bool x2 = !kk_version_is_3x(seen[i].v);
		cr_expect_eq(named(a, seen[i].v, seen[i].name), seen[i].area,
		    "%s", seen[i].name);
		/* the other family does not know it, unless both share it */
		if (strcmp(seen[i].name, "Offentlighet och demokrati") != 0)
			cr_expect_eq(named(a, x2 ? KK_V32 : KK_V20,
			    seen[i].name), 0, "%s", seen[i].name);
	}
	cr_expect_eq(named(a, KK_V20, "Offentlighet och demokrati"), 1);
	cr_expect_eq(named(a, KK_V32, "Kvalitet"), 0);
	cr_expect_eq(named(a, KK_V1X, "Offentlighet og demokrati"), 0);
	cr_expect_str_eq(kk_areas_name(a, KK_V32, 2, "SE"),
	    "Samhällsutveckling");
	cr_expect_str_eq(kk_areas_name(a, KK_V21, 8, "NO"),
	    "Kommunen som samfunnsutvikler");
	kk_areas_free(a);
}

/* The crosswalk read backwards: which area of a version measures a
 * canonical area (2.x: 1->1, 2->5, 3->3, 4->8, 5->4, 6->7, 7->6, 8->2). */
Test(crosswalk, area_of_canonical)
{
	static const int of_2x[9] = { 0, 1, 8, 3, 5, 2, 7, 6, 4 };
	kk_areas *a = load();

	for (int c = 1; c <= 8; c++) {
		cr_expect_eq(kk_areas_of_canonical(a, KK_V20, c), of_2x[c]);
		cr_expect_eq(kk_areas_of_canonical(a, KK_V32, c), c);
	}
	cr_expect_eq(kk_areas_of_canonical(a, KK_V32, 9), -1);
	kk_areas_free(a);
}

/* A header spelt otherwise than any name still resembles an area when
 * it holds half of the name's telling words; "kommunen" tells nothing
 * when it begins a word of another role ("kommun"). */
Test(names, resembling)
{
	static char *stop[] = { "kommun", "kommune" };
	kk_areas *a = load();

	cr_expect_not_null(kk_areas_resembling(a, "kommunen_som_arbeidsgivarr",
	    stop, 2));
	cr_expect_not_null(kk_areas_resembling(a, "offentleg_og_demokrati",
	    stop, 2));
	cr_expect_not_null(kk_areas_resembling(a, "kvalitet", stop, 2));
	cr_expect_null(kk_areas_resembling(a, "kommunens_namn", stop, 2));
	cr_expect_null(kk_areas_resembling(a, "innbyggertall", stop, 2));
	cr_expect_null(kk_areas_resembling(a, "ansvarlig", stop, 2));
	kk_areas_free(a);
}

static const char *
dictionary(const char *rows)
{
	char *text = NULL;
	size_t len;
	FILE *fp = open_memstream(&text, &len);
	const char *path;

	cr_assert(fp);
	fputs("version,area,canonical_area,slug,name_no,name_se,max,"
	    "other_names\n", fp);
	for (int v = 0; v < 5; v++)
		for (int i = 1; i <= 8; i++)
			fprintf(fp, "%s,%d,%d,s%d,%s,,100,%s\n", (const char *[]){
			    "1.x", "2.0", "2.1", "3.0", "3.2" }[v], i, i, i,
			    v == 4 && i <= 2 ? (i == 1 ? rows : "Styring") : "",
			    v == 4 && i == 1 ? "Folkestyre|Demokratisk kontroll" :
			    "");
	fclose(fp);
	path = tmp_file(text);
	free(text);
	return path;
}

/* One name on two areas of one version could not tell them apart. */
Test(names, shared_name_refused, .exit_code = 1)
{
	kk_areas_load(dictionary("Styring"));
}

Test(names, other_names_read)
{
	kk_areas *a = kk_areas_load(dictionary("Demokrati"));

	cr_expect_eq(named(a, KK_V32, "demokrati"), 1);
	cr_expect_eq(named(a, KK_V32, "Demokratisk kontroll"), 1);
	cr_expect_eq(named(a, KK_V32, "folkestyre"), 1);
	cr_expect_eq(named(a, KK_V32, "STYRING"), 2);
	cr_expect_eq(named(a, KK_V30, "Folkestyre"), 0);
	kk_areas_free(a);
}

static int
label(const kk_areas *a, enum kk_version v, int number, const char *name)
{
	char *f = kk_fold(name);
	int area = kk_areas_label(a, v, number, f);

	free(f);
	return area;
}

/* A label's area in a version is the one measuring what its name names
 * (2.x -> 3.x: 1->1, 2->5, 3->3, 4->8, 5->4, 6->7, 7->6, 8->2), its
 * number, if any, that area's own or the name's in its own version. */
Test(names, labels_by_what_they_measure)
{
	kk_areas *a = load();

	cr_expect_eq(label(a, KK_V32, 0, "Samfunnsutvikling"), 2);
	cr_expect_eq(label(a, KK_V20, 0, "Samfunnsutvikling"), 8);
	cr_expect_eq(label(a, KK_V21, 0, "Kommunen som samfunnsutvikler"), 8);
	cr_expect_eq(label(a, KK_V30, 0, "Kommunen som samfunnsutvikler"), 2);
	cr_expect_eq(label(a, KK_V1X, 0, "Arbetsliv"), 6);
	/* '2. Samfunnsutvikling' is a 3.x label: on a 2.x row, area 8 */
	cr_expect_eq(label(a, KK_V20, 2, "Samfunnsutvikling"), 8);
	cr_expect_eq(label(a, KK_V32, 2, "Samfunnsutvikling"), 2);
	/* the number of neither: which is meant cannot be told */
	cr_expect_eq(label(a, KK_V32, 5, "Effektivitet"), -1);
	cr_expect_eq(label(a, KK_V20, 5, "Effektivitet"), 5);
	cr_expect_eq(label(a, KK_V32, 3, "Kommunen som samfunnsutvikler"), -1);
	cr_expect_eq(label(a, KK_V32, 0, "Kvalitet"), -1);
	char *f = kk_fold("Offentlighet og demokrati");
	cr_expect_eq(kk_areas_name_canonical(a, f), 1);
	free(f);
	kk_areas_free(a);
}

/* The names a report prints, by the language's column: as published
 * (Norwegian, Swedish) or as translated (English, Swedish sub-areas). */
Test(names, by_column)
{
	kk_areas *a = load();

	cr_expect_str_eq(kk_areas_name_in(a, KK_V32, 3, "name_no"),
	    "Styring og kontroll");
	cr_expect_str_eq(kk_areas_name_in(a, KK_V32, 3, "name_se"),
	    "Styrning och kontroll");
	cr_expect_str_eq(kk_areas_name_in(a, KK_V32, 3, "name_en"),
	    "Governance and control");
	cr_expect_str_eq(kk_areas_name_in(a, KK_V20, 2, "name_no"),
	    "Tilgjengelighet, innbygger- og brukerorientering");
	cr_expect_null(kk_areas_name_in(a, KK_V1X, 1, "name_no"));
	cr_expect_str_eq(kk_areas_subarea_name(a, KK_V32, "6.3", "name_no"),
	    "Kontinuerlig forbedring");
	cr_expect_str_eq(kk_areas_subarea_name(a, KK_V32, "6.3", "name_en"),
	    "Continuous improvement");
	cr_expect_null(kk_areas_subarea_name(a, KK_V32, "6.9", "name_no"));
	cr_expect_str_eq(kk_areas_subarea_code(a, KK_V32, 6, 0), "6.1");
	cr_expect_str_eq(kk_areas_subarea_code(a, KK_V32, 6, 3), "6.4");
	cr_expect_null(kk_areas_subarea_code(a, KK_V32, 6, 4));
	cr_expect_null(kk_areas_subarea_code(a, KK_V21, 6, 0));
	for (int v = KK_V20; v < KK_NVERSION; v++)
		for (int k = 1; k <= 8; k++)
			cr_expect(kk_areas_name(a, v, k, "name_en"),
			    "version %s area %d has no English name",
			    kk_version_name(v), k);
	kk_areas_free(a);
}

/* static: the dictionary stays reachable when the call dies, so that
 * LeakSanitizer does not take it for a leak */
static kk_areas *volatile lacking;

Test(names, a_language_the_dictionary_lacks, .exit_code = 1)
{
	lacking = load();
	kk_areas_name_in(lacking, KK_V32, 1, "name_fi");
}

Test(versions, families)
{
	cr_expect_str_eq(kk_version_family(KK_V1X), "1.x");
	cr_expect_str_eq(kk_version_family(KK_V20), "2.x");
	cr_expect_str_eq(kk_version_family(KK_V21), "2.x");
	cr_expect_str_eq(kk_version_family(KK_V30), "3.x");
	cr_expect_str_eq(kk_version_family(KK_V32), "3.x");
}
