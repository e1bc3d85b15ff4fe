/*
 * population.h - municipality population across code reforms.
 *
 * The figures are data (data/population/); this module loads them and
 * answers one question: how many people lived in the municipality that
 * was evaluated, at the start of its evaluation year?
 *
 * Reference dates differ by country: SSB counts on 1 January, SCB on
 * 31 December.  The figure for an evaluation in year Y is therefore
 * Norway's for year Y and Sweden's for year Y-1 (kk_pop_ref_year).
 *
 * A municipality keeps its identity across a code change when the change
 * is a renumbering (one old code, one new code) and, forwards in time, a
 * merger (the old municipality lives on inside the new one).  Backwards
 * through a merger or either way through a split the code alone does not
 * say which municipality was meant, so no figure is joined.  See
 * doc/population.md.
 */
#ifndef KK_POPULATION_H
#define KK_POPULATION_H

#include <stdbool.h>
#include <stddef.h>

#define KK_POP_DIR "data/population"

typedef struct {
	char *country;          /* "NO", "SE" */
	char *code;             /* "1640": a string, leading zeros kept */
	char *label;            /* SSB/SCB label, e.g. "Røros (-2017)" */
	long year;              /* the year of the figure's reference date */
	long population;
	const char *file;       /* where it was read, for messages */
	long line;
	size_t order;           /* load order: the later of two duplicates */
} kk_pop_figure;

typedef struct kk_pop kk_pop;

kk_pop *kk_pop_new(void);
void kk_pop_free(kk_pop *p);
/* A population table: columns country, municipality_code, municipality,
 * year, population, source (a figure without a source is refused). */
void kk_pop_load_figures(kk_pop *p, const char *path);
/* A code-change table: country, old_code, old_name, new_code, new_name,
 * valid_from (the names may be absent); the country must be one with a
 * population reference date. */
void kk_pop_load_changes(kk_pop *p, const char *path);
/* Every *_population.csv and *_code_changes.csv in dir (sorted by name). */
void kk_pop_load_dir(kk_pop *p, const char *dir);
/* Index what was loaded; dies on a duplicate code-year.  Call once after
 * loading and before any query. */
void kk_pop_finish(kk_pop *p);

/* Where the tables come from, as the stages' options give them: the
 * figure and change files named, or, when no figure file is, every
 * table in dir (default data/population) and the change files named. */
typedef struct {
	const char *dir;
	const char **fig, **chg;
	size_t nfig, nchg;
} kk_pop_sources;

void kk_pop_sources_add(const char ***v, size_t *n, const char *path);
void kk_pop_sources_free(kk_pop_sources *s);
/* Load and finish the tables of s. */
kk_pop *kk_pop_open(const kk_pop_sources *s);

/* Year of the figure that describes the start of evaluation year y, or
 * false for a country without a known reference date. */
bool kk_pop_ref_year(const char *country, long y, long *ref);
/* "1 January", "31 December" (NULL for an unknown country). */
const char *kk_pop_ref_date(const char *country);

typedef struct {
	const kk_pop_figure *fig;   /* NULL: unmatched, see reason */
	long wanted;                /* reference year asked for */
	char *reason;               /* why unmatched (allocated) */
	char *note;                 /* matched, but through a merger:
				       worth a warning (allocated) */
	char *via;                  /* codes followed, "1504 -> 1507 (2020)",
				       or NULL (allocated) */
	const char *code;           /* kk_pop_identity's: the code valid in
				       the year (not allocated) */
} kk_pop_match;

/* Join an evaluation (country, municipality code, evaluation year).
 * Returns true with m->fig set, or false with m->reason set. */
bool kk_pop_join(const kk_pop *p, const char *country, const char *code,
	long year, kk_pop_match *m);
void kk_pop_match_clear(kk_pop_match *m);

/* The identity of the municipality evaluated under code in year, as a
 * new string: "CC-CODE" after the last code it has carried, following
 * one-for-one renumberings (Røros 1640 and 5025: "NO-5025").  A merger
 * or split makes another municipality, with its own identity; an
 * absorbed one ends and the one that absorbed it goes on (Klæbu into
 * Trondheim, 2020).  An old code used after its change is the
 * municipality of that year, as kk_pop_join joins it (Røros 1640 in
 * 2022, Klæbu 5030 in 2022: Trondheim).  See doc/population.md
 * (Municipality identity). */
char *kk_pop_identity(const kk_pop *p, const char *country, const char *code,
	long year);

/* Does name agree with any SSB/SCB label the code has carried?  Labels
 * are compared folded (kk_fold) and without their qualifiers: "Røros
 * (-2017)" -> "Røros"; "Nordreisa - Ráisa - Raisi" accepts each of its
 * forms.  An empty name agrees. */
bool kk_pop_name_agrees(const kk_pop *p, const char *country,
	const char *code, const char *name);

/* ---- size classes ------------------------------------------------------ */

/* Breaks b1 < b2 < ... < bn give n+1 classes, labelled as KS does:
 * "<b1", "b1-b2", ..., ">bn".  KS's wording ("mindre enn 5.000", "mellom
 * 5.000-10.000", "mer enn 10.000") puts the first break in the class
 * above it and every other break in the class below it. */
typedef struct {
	char *country;              /* NULL: every country without its own */
	long *brk;
	size_t n;
	char **label;               /* n + 1 labels */
} kk_size_classes;

/* Parse "5000,10000" into sc (country NULL).  Returns false on anything
 * but strictly increasing positive integers. */
bool kk_size_parse(const char *s, size_t len, kk_size_classes *sc);
void kk_size_clear(kk_size_classes *sc);
/* Class index 0..n of a population. */
size_t kk_size_class(const kk_size_classes *sc, long population);

#endif
