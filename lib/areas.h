/*
 * areas.h - instrument versions and the area crosswalk.
 *
 * The dictionary is data (data/areas.csv, data/subareas.csv); this module
 * only loads it and answers: which version is this, and which canonical
 * (3.2) area does area N of version V measure.
 */
#ifndef KK_AREAS_H
#define KK_AREAS_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"            /* KK_NAREA, KK_AREA_TOTAL */

enum kk_version { KK_V1X, KK_V20, KK_V21, KK_V30, KK_V32, KK_NVERSION };

/* Defaults, found through kk_data_path: $KK_DATA or the checkout's data/. */
#define KK_AREAS_PATH "data/areas.csv"
#define KK_SUBAREAS_PATH "data/subareas.csv"

/* "1.x", "2.0", ... */
const char *kk_version_name(enum kk_version v);
/* The version in use in a year: <2010 1.x, 2010-2015 2.0, 2016-2019 2.1,
 * 2020 3.0, 2021- 3.2. */
enum kk_version kk_version_for_year(long year);
/* Is the version on the 3.x scale (areas renamed, bar raised in 2020)? */
bool kk_version_is_3x(enum kk_version v);

enum kk_vparse {
	KK_VERSION_OK,
	KK_VERSION_EMPTY,      /* missing: infer from the year */
	KK_VERSION_FUZZY,      /* "3.x": read as 3.2, caller warns */
	KK_VERSION_UNKNOWN     /* "4.0", "2.5", "x": an error */
};
/* Parse a version cell.  Accepts 1.x and any 1.N, 2.0, 2.1, 3.0, 3.2,
 * and 3.x; surrounding spaces ignored. */
enum kk_vparse kk_version_parse(const char *s, enum kk_version *v);

/* Resolve a cell and a year into a version: empty -> year (inferred set),
 * 3.x -> 3.2 (fuzzy set).  Returns false for an unknown version. */
bool kk_version_resolve(const char *s, long year, enum kk_version *v,
	bool *inferred, bool *fuzzy);

typedef struct kk_areas kk_areas;

/* Load data/areas.csv (path NULL: default).  Dies on a malformed
 * dictionary: missing version x area, duplicate, canonical out of 1..8,
 * two areas of one version on one canonical area. */
kk_areas *kk_areas_load(const char *path);
/* Add the sub-area dictionary (path NULL: default). */
void kk_areas_load_sub(kk_areas *a, const char *path);
void kk_areas_free(kk_areas *a);

/* Canonical 3.2 area (1..8) of area 1..8 of version v; -1 if none. */
int kk_areas_canonical(const kk_areas *a, enum kk_version v, int area);
/* The area 1..8 of version v that measures canonical area c; -1 if none. */
int kk_areas_of_canonical(const kk_areas *a, enum kk_version v, int c);
/* "democracy", ..., "leadership"; "total" for KK_AREA_TOTAL; NULL else. */
const char *kk_areas_slug(const kk_areas *a, int canonical);
/* Max points of area 1..8 of version v, or of its total (KK_AREA_TOTAL:
 * the sum of its areas'); NAN if unknown. */
double kk_areas_max(const kk_areas *a, enum kk_version v, int area);

/* Sub-area "6.3" of version v: its area and max.  False if unknown. */
bool kk_areas_subarea(const kk_areas *a, enum kk_version v,
	const char *code, int *area, double *max);
/* Number of sub-areas the dictionary lists for area 1..8 of version v
 * (0: none known, e.g. for 2.x). */
size_t kk_areas_nsub(const kk_areas *a, enum kk_version v, int area);

/* Area 1..8 of version v that goes by this name, given folded (kk_fold):
 * its name_no, name_se or one of its other_names in areas.csv; 0 if
 * none.  Loading refuses a name two areas of one version share. */
int kk_areas_named(const kk_areas *a, enum kk_version v, const char *folded);
/* What a folded name names: the canonical area of the areas that go by
 * it, in any version; 0 if none does, -1 if areas of two canonical
 * areas do. */
int kk_areas_name_canonical(const kk_areas *a, const char *folded);
/* The area of version v a label means, given its folded name and the
 * number written beside it (0: none).  A name says what an area
 * measures, so it is the area of v that measures that, by the
 * crosswalk: 'Samfunnsutvikling' is area 2 of 3.x and area 8 of 2.x.  A
 * number must be that area's number in v, or the name's own number in
 * the version the label comes from ('2. Samfunnsutvikling' is 3.x's
 * label); else which area is meant cannot be told: -1.  -1 also for a
 * name no area, or areas of two canonical areas, go by. */
int kk_areas_label(const kk_areas *a, enum kk_version v, int number,
	const char *folded);
/* The name of area 1..8 of version v in the language of a country ("SE":
 * Swedish, else Norwegian); "" if the dictionary has none. */
const char *kk_areas_name(const kk_areas *a, enum kk_version v, int area,
	const char *country);

/* A name of any area that the folded text resembles: it holds at least
 * half of the name's telling words (five letters or more, not begun by
 * one of the nstop stop words of four letters or more), each maybe
 * spelt differently after its sixth letter.  NULL if none.  For
 * headers that must not be dropped as unknown. */
const char *kk_areas_resembling(const kk_areas *a, const char *folded,
	char *const *stop, size_t nstop);

/* "1.x", "2.x" or "3.x": the versions whose scores compare directly
 * (2.1 kept 2.0's areas; 3.2 is a minor revision of 3.0). */
const char *kk_version_family(enum kk_version v);

/* The name of area 1..8 of version v, or of sub-area code, in the
 * dictionary's column (name_no, name_se, name_en: the report's language
 * says which); NULL when the cell is empty or there is no such area.
 * Dies when the dictionary has no such column. */
const char *kk_areas_name_in(const kk_areas *a, enum kk_version v, int area,
	const char *column);
const char *kk_areas_subarea_name(const kk_areas *a, enum kk_version v,
	const char *code, const char *column);
/* The i-th sub-area of area 1..8 of version v in the dictionary's order
 * ("6.1", "6.2", ...), or NULL past the last. */
const char *kk_areas_subarea_code(const kk_areas *a, enum kk_version v,
	int area, size_t i);

/* Parse an area item "1".."8"; -1 otherwise. */
int kk_area_item(const char *s);

#endif
