/*
 * schema.h - the tables the stages pass to each other, each defined once:
 * its columns in order, their names and the kind of value they hold.
 *
 * A stage that writes a table writes its header from here; a stage that
 * reads one finds each column by the name given here (kk_schema_need),
 * so a file with its columns in another order still reads, and a renamed
 * or added column is changed in one place.  A consumer that must know
 * whether a cell is text or a number (a workbook, a model) asks the
 * column's type: municipality_code "0301" is text, not the number 301.
 *
 * The area convention, the maxima and the year range every stage shares
 * are here too.
 */
#ifndef KK_SCHEMA_H
#define KK_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kk.h"

/* ---- areas -------------------------------------------------------------- */

/* Areas are numbered 1..KK_NAREA (canonical: as in version 3.2) and the
 * reported total is the pseudo-area KK_AREA_TOTAL, one past them.  A
 * table over areas and total is indexed by that number: KK_AREA_SLOTS
 * slots, slot 0 unused. */
#define KK_NAREA 8
#define KK_AREA_TOTAL (KK_NAREA + 1)
#define KK_AREA_SLOTS (KK_AREA_TOTAL + 1)

/* Every area has 100 points and the total 800 (KS: "Maksimal skår for
 * hvert fokusområde er 100 poeng"); data/areas.csv states them per
 * version, these are what charts and reports print. */
#define KK_AREA_MAX 100
#define KK_TOTAL_MAX (KK_NAREA * KK_AREA_MAX)

/* The comparison with the other country takes its evaluations from this
 * year on, as the Røros 2022 report compares Røros with the Swedish
 * municipalities evaluated since 2015. */
#define KK_COMPARE_SINCE 2015

/* The radar sets an evaluation beside the average of its country's
 * evaluations in the eight years up to and including its own, as the
 * Røros 2022 report compares Røros with "the last eight years". */
#define KK_RADAR_YEARS 8

/* The text of an area in the scores table: "1".."8", or "total". */
extern const char *const kk_area_names[KK_AREA_SLOTS];
static inline const char *
kk_area_name(int area)
{
	return area >= 1 && area <= KK_AREA_TOTAL ? kk_area_names[area] : NULL;
}
/* The inverse: 1..KK_NAREA, KK_AREA_TOTAL, or -1 for anything else. */
int kk_area_parse(const char *s, size_t len);

/* The canonical table's level column: what an item is. */
enum kk_level { KK_LEVEL_TOTAL, KK_LEVEL_AREA, KK_LEVEL_SUBAREA };
#define KK_NLEVEL (KK_LEVEL_SUBAREA + 1)
/* "total", "area", "subarea" */
extern const char *const kk_level_names[KK_NLEVEL];
static inline const char *
kk_level_name(enum kk_level level)
{
	return (unsigned)level < KK_NLEVEL ? kk_level_names[level] : NULL;
}

/* ---- years -------------------------------------------------------------- */

/* A year is written with four digits, 1900..2100: wide enough for every
 * evaluation and population series, narrow enough that a score or a
 * code typed into a year column is caught. */
#define KK_YEAR_MIN 1900
#define KK_YEAR_MAX 2100

#define KK_XSTR(x) KK_STR(x)
#define KK_STR(x) #x
#define KK_YEAR_RANGE KK_XSTR(KK_YEAR_MIN) ".." KK_XSTR(KK_YEAR_MAX)

/* Parse a year cell (spaces around it allowed): true and *year set, or
 * false for anything but a whole number in KK_YEAR_RANGE. */
bool kk_year_parse(const char *s, size_t len, long *year);
/* The same, or die "FILE:LINE:COL: WHAT 'S' is not a year in
 * KK_YEAR_RANGE". */
long kk_year_need(const char *s, size_t len, const char *what,
	const char *file, long line, long col);

/* ---- tables -------------------------------------------------------------- */

enum kk_coltype {
	KK_COL_TEXT,        /* kept as written: codes, ids, names, labels */
	KK_COL_NUMBER,      /* a decimal number; empty: missing */
	KK_COL_INTEGER      /* a whole number; empty: missing */
};

typedef struct {
	const char *name;
	enum kk_coltype type;
} kk_column;

typedef struct {
	const char *name;           /* "scores" */
	const char *file;           /* as make analysis names it */
	const kk_column *col;
	size_t ncols;
} kk_schema;

/*
 * Each table's columns, in order: X(enum constant, header name, type).
 * The enum constants index the schema's col[] and name the column in
 * the code; nothing else spells a column name.
 */

/* The canonical table (kk-ingest's output), one row per evaluation x
 * item: every score of every export, as exported. */
#define KK_CANONICAL_COLUMNS(X) \
	X(KK_C_ID,      "evaluation_id",     TEXT) \
	X(KK_C_COUNTRY, "country",           TEXT) \
	X(KK_C_CODE,    "municipality_code", TEXT) \
	X(KK_C_MUNI,    "municipality",      TEXT) \
	X(KK_C_YEAR,    "year",              INTEGER) \
	X(KK_C_VERSION, "version",           TEXT) \
	X(KK_C_LEVEL,   "level",             TEXT) \
	X(KK_C_ITEM,    "item",              TEXT) \
	X(KK_C_SCORE,   "score",             NUMBER) \
	X(KK_C_MAX,     "max",               NUMBER) \
	X(KK_C_SOURCE,  "source",            TEXT)

/* The normalised table (kk-normalise), one row per evaluation x
 * canonical area and total.  Its first columns are the canonical
 * table's evaluation columns, in the same order. */
#define KK_NORMALISED_COLUMNS(X) \
	X(KK_N_ID,       "evaluation_id",     TEXT) \
	X(KK_N_COUNTRY,  "country",           TEXT) \
	X(KK_N_CODE,     "municipality_code", TEXT) \
	X(KK_N_MUNI,     "municipality",      TEXT) \
	X(KK_N_YEAR,     "year",              INTEGER) \
	X(KK_N_VERSION,  "version",           TEXT) \
	X(KK_N_INFERRED, "version_inferred",  TEXT) \
	X(KK_N_AREA,     "area",              TEXT) \
	X(KK_N_SLUG,     "area_slug",         TEXT) \
	X(KK_N_RAW,      "raw_score",         NUMBER) \
	X(KK_N_SCORE,    "score",             NUMBER) \
	X(KK_N_MAX,      "max",               NUMBER) \
	X(KK_N_METHOD,   "method",            TEXT) \
	X(KK_N_SOURCE,   "source",            TEXT)

/* scores.csv (kk-size): the normalised table and what kk-size adds. */
#define KK_SCORES_COLUMNS(X) \
	X(KK_S_ID,       "evaluation_id",     TEXT) \
	X(KK_S_COUNTRY,  "country",           TEXT) \
	X(KK_S_CODE,     "municipality_code", TEXT) \
	X(KK_S_MUNI,     "municipality",      TEXT) \
	X(KK_S_YEAR,     "year",              INTEGER) \
	X(KK_S_VERSION,  "version",           TEXT) \
	X(KK_S_INFERRED, "version_inferred",  TEXT) \
	X(KK_S_AREA,     "area",              TEXT) \
	X(KK_S_SLUG,     "area_slug",         TEXT) \
	X(KK_S_RAW,      "raw_score",         NUMBER) \
	X(KK_S_SCORE,    "score",             NUMBER) \
	X(KK_S_MAX,      "max",               NUMBER) \
	X(KK_S_METHOD,   "method",            TEXT) \
	X(KK_S_SOURCE,   "source",            TEXT) \
	X(KK_S_MUNICIPALITY_ID, "municipality_id", TEXT) \
	X(KK_S_POPULATION, "population",      INTEGER) \
	X(KK_S_POP_YEAR, "population_year",   INTEGER) \
	X(KK_S_LOG10_POP, "log10_population", NUMBER) \
	X(KK_S_SIZE_CLASS, "size_class",      TEXT)

/* Input rows kk-ingest could not read. */
#define KK_REJECTS_COLUMNS(X) \
	X(KK_REJ_FILE,   "file",   TEXT) \
	X(KK_REJ_LINE,   "line",   INTEGER) \
	X(KK_REJ_COLUMN, "column", INTEGER) \
	X(KK_REJ_REASON, "reason", TEXT)

/* What kk-validate found. */
#define KK_FINDINGS_COLUMNS(X) \
	X(KK_F_ID,       "evaluation_id", TEXT) \
	X(KK_F_CHECK,    "check",         TEXT) \
	X(KK_F_SEVERITY, "severity",      TEXT) \
	X(KK_F_DETAIL,   "detail",        TEXT)

/* kk-normalise --constants: one row per cohort.  A linked cohort's
 * reference_cohort names the evaluations it was linked onto (design
 * country or "*", and version): rows of one area with the same value
 * share them, and their constants are correlated. */
#define KK_CONSTANTS_COLUMNS(X) \
	X(KK_LC_METHOD,       "method",       TEXT) \
	X(KK_LC_COUNTRY,      "country",      TEXT) \
	X(KK_LC_VERSION,      "version",      TEXT) \
	X(KK_LC_TO_VERSION,   "to_version",   TEXT) \
	X(KK_LC_AREA,         "area",         TEXT) \
	X(KK_LC_SLUG,         "area_slug",    TEXT) \
	X(KK_LC_DESIGN,       "design",       TEXT) \
	X(KK_LC_REFERENCE,    "reference_cohort", TEXT) \
	X(KK_LC_COUNT,        "n",            INTEGER) \
	X(KK_LC_COUNT_TO,     "n_to",         INTEGER) \
	X(KK_LC_PAIRS,        "pairs",        INTEGER) \
	X(KK_LC_MEDIAN_GAP,   "median_gap_years", NUMBER) \
	X(KK_LC_MUNICIPALITIES, "municipalities", INTEGER) \
	X(KK_LC_MEAN,         "mean",         NUMBER) \
	X(KK_LC_SD,           "sd",           NUMBER) \
	X(KK_LC_MEAN_TO,      "mean_to",      NUMBER) \
	X(KK_LC_SD_TO,        "sd_to",        NUMBER) \
	X(KK_LC_SLOPE,        "slope",        NUMBER) \
	X(KK_LC_INTERCEPT,    "intercept",    NUMBER) \
	X(KK_LC_SE_SLOPE,     "se_slope",     NUMBER) \
	X(KK_LC_SE_INTERCEPT, "se_intercept", NUMBER) \
	X(KK_LC_COV,          "cov_slope_intercept", NUMBER) \
	X(KK_LC_REPLICATES,   "replicates",   INTEGER) \
	X(KK_LC_SEED,         "seed",         INTEGER)

/* Evaluations kk-size could not join to a population. */
#define KK_UNMATCHED_COLUMNS(X) \
	X(KK_U_ID,     "evaluation_id",     TEXT) \
	X(KK_U_CODE,   "municipality_code", TEXT) \
	X(KK_U_YEAR,   "year",              INTEGER) \
	X(KK_U_REASON, "reason",            TEXT)

/* kk-stats: tables/summary.csv */
#define KK_SUMMARY_COLUMNS(X) \
	X(KK_SUM_COUNTRY,    "country",    TEXT) \
	X(KK_SUM_SCALE,      "scale",      TEXT) \
	X(KK_SUM_AREA,       "area",       TEXT) \
	X(KK_SUM_GROUP_TYPE, "group_type", TEXT) \
	X(KK_SUM_GROUP,      "group",      TEXT) \
	X(KK_SUM_COUNT,      "n",          INTEGER) \
	X(KK_SUM_MEAN,       "mean",       NUMBER) \
	X(KK_SUM_SD,         "sd",         NUMBER) \
	X(KK_SUM_MEDIAN,     "median",     NUMBER) \
	X(KK_SUM_Q1,         "q1",         NUMBER) \
	X(KK_SUM_Q3,         "q3",         NUMBER) \
	X(KK_SUM_MIN,        "min",        NUMBER) \
	X(KK_SUM_MAX,        "max",        NUMBER)

/* kk-stats: tables/size_correlation.csv */
#define KK_CORRELATION_COLUMNS(X) \
	X(KK_COR_COUNTRY,          "country",          TEXT) \
	X(KK_COR_AREA,             "area",             TEXT) \
	X(KK_COR_SCALE,            "scale",            TEXT) \
	X(KK_COR_COUNT,            "n",                INTEGER) \
	X(KK_COR_PEARSON_R,        "pearson_r",        NUMBER) \
	X(KK_COR_PEARSON_T,        "pearson_t",        NUMBER) \
	X(KK_COR_PEARSON_P,        "pearson_p",        NUMBER) \
	X(KK_COR_PEARSON_CI_LOW,   "pearson_ci_low",   NUMBER) \
	X(KK_COR_PEARSON_CI_HIGH,  "pearson_ci_high",  NUMBER) \
	X(KK_COR_SPEARMAN_RHO,     "spearman_rho",     NUMBER) \
	X(KK_COR_SPEARMAN_P,       "spearman_p",       NUMBER) \
	X(KK_COR_KENDALL_TAU,      "kendall_tau",      NUMBER) \
	X(KK_COR_KENDALL_P,        "kendall_p",        NUMBER) \
	X(KK_COR_SLOPE,            "slope",            NUMBER) \
	X(KK_COR_SLOPE_SE,         "slope_se",         NUMBER) \
	X(KK_COR_SLOPE_CI_LOW,     "slope_ci_low",     NUMBER) \
	X(KK_COR_SLOPE_CI_HIGH,    "slope_ci_high",    NUMBER) \
	X(KK_COR_INTERCEPT,        "intercept",        NUMBER) \
	X(KK_COR_R_SQUARED,        "r_squared",        NUMBER) \
	X(KK_COR_RHO_BOOT_CI_LOW,  "rho_boot_ci_low",  NUMBER) \
	X(KK_COR_RHO_BOOT_CI_HIGH, "rho_boot_ci_high", NUMBER) \
	X(KK_COR_P_ADJUSTED,       "p_adjusted",       NUMBER) \
	X(KK_COR_PEARSON_DF,       "pearson_df",       NUMBER) \
	X(KK_COR_SPEARMAN_S,       "spearman_s",       NUMBER) \
	X(KK_COR_KENDALL_Z,        "kendall_z",        NUMBER) \
	X(KK_COR_SLOPE_T,          "slope_t",          NUMBER) \
	X(KK_COR_SLOPE_P,          "slope_p",          NUMBER) \
	X(KK_COR_SPEARMAN_P_ADJUSTED, "spearman_p_adjusted", NUMBER) \
	X(KK_COR_BOOT_RESAMPLES,   "boot_resamples",   INTEGER)

/* kk-stats: tables/size_groups.csv */
#define KK_GROUPS_COLUMNS(X) \
	X(KK_GRP_COUNTRY,    "country",    TEXT) \
	X(KK_GRP_AREA,       "area",       TEXT) \
	X(KK_GRP_SCALE,      "scale",      TEXT) \
	X(KK_GRP_COUNT,      "n",          INTEGER) \
	X(KK_GRP_GROUPS,     "groups",     INTEGER) \
	X(KK_GRP_ANOVA_F,    "anova_f",    NUMBER) \
	X(KK_GRP_ANOVA_DF1,  "anova_df1",  NUMBER) \
	X(KK_GRP_ANOVA_DF2,  "anova_df2",  NUMBER) \
	X(KK_GRP_ANOVA_P,    "anova_p",    NUMBER) \
	X(KK_GRP_KRUSKAL_H,  "kruskal_h",  NUMBER) \
	X(KK_GRP_KRUSKAL_DF, "kruskal_df", NUMBER) \
	X(KK_GRP_KRUSKAL_P,  "kruskal_p",  NUMBER)

/* kk-stats: tables/repeat_evaluations.csv: a row per change (kind
 * "change") and per test of the mean change (kind "paired"). */
#define KK_REPEATS_COLUMNS(X) \
	X(KK_REP_KIND,            "kind",              TEXT) \
	X(KK_REP_COUNTRY,         "country",           TEXT) \
	X(KK_REP_MUNICIPALITY_ID, "municipality_id",   TEXT) \
	X(KK_REP_CODE,            "municipality_code", TEXT) \
	X(KK_REP_MUNI,            "municipality",      TEXT) \
	X(KK_REP_AREA,            "area",              TEXT) \
	X(KK_REP_SCALE,           "scale",             TEXT) \
	X(KK_REP_FROM_EVALUATION, "from_evaluation",   TEXT) \
	X(KK_REP_TO_EVALUATION,   "to_evaluation",     TEXT) \
	X(KK_REP_FROM_YEAR,       "from_year",         INTEGER) \
	X(KK_REP_TO_YEAR,         "to_year",           INTEGER) \
	X(KK_REP_GAP_YEARS,       "gap_years",         INTEGER) \
	X(KK_REP_FROM_VERSION,    "from_version",      TEXT) \
	X(KK_REP_TO_VERSION,      "to_version",        TEXT) \
	X(KK_REP_TRANSITION,      "transition",        TEXT) \
	X(KK_REP_TRANSITION_CLASS, "transition_class", TEXT) \
	X(KK_REP_FROM_SCORE,      "from_score",        NUMBER) \
	X(KK_REP_TO_SCORE,        "to_score",          NUMBER) \
	X(KK_REP_CHANGE,          "change",            NUMBER) \
	X(KK_REP_COUNT,           "n",                 INTEGER) \
	X(KK_REP_CLUSTERS,        "municipalities",    INTEGER) \
	X(KK_REP_MEAN_CHANGE,     "mean_change",       NUMBER) \
	X(KK_REP_SD_CHANGE,       "sd_change",         NUMBER) \
	X(KK_REP_SE,              "se",                NUMBER) \
	X(KK_REP_T,               "t",                 NUMBER) \
	X(KK_REP_DF,              "df",                NUMBER) \
	X(KK_REP_P,               "p",                 NUMBER) \
	X(KK_REP_CI_LOW,          "ci_low",            NUMBER) \
	X(KK_REP_CI_HIGH,         "ci_high",           NUMBER)

/* kk-model: tables/size_model.csv, one row per coefficient of each
 * model x country x area. */
#define KK_MODEL_COLUMNS(X) \
	X(KK_MOD_MODEL,         "model",         TEXT) \
	X(KK_MOD_COUNTRY,       "country",       TEXT) \
	X(KK_MOD_AREA,          "area",          TEXT) \
	X(KK_MOD_TERM,          "term",          TEXT) \
	X(KK_MOD_ESTIMATE,      "estimate",      NUMBER) \
	X(KK_MOD_SE,            "se",            NUMBER) \
	X(KK_MOD_T,             "t",             NUMBER) \
	X(KK_MOD_DF,            "df",            NUMBER) \
	X(KK_MOD_P,             "p",             NUMBER) \
	X(KK_MOD_CI_LOW,        "ci_low",        NUMBER) \
	X(KK_MOD_CI_HIGH,       "ci_high",       NUMBER) \
	X(KK_MOD_SE_TYPE,       "se_type",       TEXT) \
	X(KK_MOD_COUNT,         "n",             INTEGER) \
	X(KK_MOD_CLUSTERS,      "clusters",      INTEGER) \
	X(KK_MOD_R_SQUARED,     "r_squared",     NUMBER) \
	X(KK_MOD_ADJ_R_SQUARED, "adj_r_squared", NUMBER) \
	X(KK_MOD_RESIDUAL_SD,   "residual_sd",   NUMBER) \
	X(KK_MOD_MDE80,         "mde80",         NUMBER) \
	X(KK_MOD_NOTE,          "note",          TEXT)

/* kk-model --partial: tables/size_partial.csv, the added-variable plot of
 * the size effect on the total of both countries in the model quoted:
 * one row per evaluation, log10_population and score each less what the
 * model's other terms explain. */
#define KK_PARTIAL_COLUMNS(X) \
	X(KK_PAR_MODEL,   "model",                  TEXT) \
	X(KK_PAR_ID,      "evaluation_id",          TEXT) \
	X(KK_PAR_COUNTRY, "country",                TEXT) \
	X(KK_PAR_SIZE,    "log10_population_resid", NUMBER) \
	X(KK_PAR_SCORE,   "score_resid",            NUMBER)

/* A population table (data/population/xx_population.csv, kk-synth
 * --population-out): one figure per municipality code and year. */
#define KK_POPULATION_COLUMNS(X) \
	X(KK_POP_COUNTRY,    "country",           TEXT) \
	X(KK_POP_CODE,       "municipality_code", TEXT) \
	X(KK_POP_MUNI,       "municipality",      TEXT) \
	X(KK_POP_YEAR,       "year",              INTEGER) \
	X(KK_POP_POPULATION, "population",        INTEGER) \
	X(KK_POP_SOURCE,     "source",            TEXT)

/* A code-change table (data/population/xx_code_changes.csv): one row per
 * old code and new code.  old_name and new_name may be absent. */
#define KK_CHANGES_COLUMNS(X) \
	X(KK_CHG_COUNTRY,    "country",    TEXT) \
	X(KK_CHG_OLD_CODE,   "old_code",   TEXT) \
	X(KK_CHG_OLD_NAME,   "old_name",   TEXT) \
	X(KK_CHG_NEW_CODE,   "new_code",   TEXT) \
	X(KK_CHG_NEW_NAME,   "new_name",   TEXT) \
	X(KK_CHG_VALID_FROM, "valid_from", INTEGER)

/* The published reference values (data/benchmarks.csv): one figure
 * per row with its source; data/README.md says what each column holds. */
#define KK_BENCHMARKS_COLUMNS(X) \
	X(KK_B_WHAT,      "what",      TEXT) \
	X(KK_B_COUNTRY,   "country",   TEXT) \
	X(KK_B_YEAR,      "year",      INTEGER) \
	X(KK_B_GROUP,     "group",     TEXT) \
	X(KK_B_VERSION,   "version",   TEXT) \
	X(KK_B_AREA,      "area",      TEXT) \
	X(KK_B_VALUE,     "value",     NUMBER) \
	X(KK_B_UNIT,      "unit",      TEXT) \
	X(KK_B_QUALIFIER, "qualifier", TEXT) \
	X(KK_B_SCOPE,     "scope",     TEXT) \
	X(KK_B_SOURCE,    "source",    TEXT) \
	X(KK_B_QUOTE,     "quote",     TEXT) \
	X(KK_B_NOTES,     "notes",     TEXT)

/* kk-stats: tables/size_makeup.csv, the size classes of the evaluations
 * at the top and the bottom of a country's ranking by total score. */
#define KK_MAKEUP_COLUMNS(X) \
	X(KK_MK_COUNTRY,    "country",    TEXT) \
	X(KK_MK_SET,        "set",        TEXT) \
	X(KK_MK_SIZE_CLASS, "size_class", TEXT) \
	X(KK_MK_COUNT,      "n",          INTEGER) \
	X(KK_MK_OF,         "of",         INTEGER) \
	X(KK_MK_AMONG,      "among",      INTEGER)

#define KK_SCHEMA_ENUM(k, name, type) k,
enum kk_canon_col { KK_CANONICAL_COLUMNS(KK_SCHEMA_ENUM) KK_C_N };
enum kk_normalised_col { KK_NORMALISED_COLUMNS(KK_SCHEMA_ENUM) KK_N_N };
enum kk_scores_col { KK_SCORES_COLUMNS(KK_SCHEMA_ENUM) KK_S_N };
enum kk_rejects_col { KK_REJECTS_COLUMNS(KK_SCHEMA_ENUM) KK_REJ_N };
enum kk_findings_col { KK_FINDINGS_COLUMNS(KK_SCHEMA_ENUM) KK_F_N };
enum kk_constants_col { KK_CONSTANTS_COLUMNS(KK_SCHEMA_ENUM) KK_LC_N };
enum kk_unmatched_col { KK_UNMATCHED_COLUMNS(KK_SCHEMA_ENUM) KK_U_N };
enum kk_summary_col { KK_SUMMARY_COLUMNS(KK_SCHEMA_ENUM) KK_SUM_N };
enum kk_correlation_col { KK_CORRELATION_COLUMNS(KK_SCHEMA_ENUM) KK_COR_N };
enum kk_groups_col { KK_GROUPS_COLUMNS(KK_SCHEMA_ENUM) KK_GRP_N };
enum kk_repeats_col { KK_REPEATS_COLUMNS(KK_SCHEMA_ENUM) KK_REP_N };
enum kk_model_col { KK_MODEL_COLUMNS(KK_SCHEMA_ENUM) KK_MOD_N };
enum kk_partial_col { KK_PARTIAL_COLUMNS(KK_SCHEMA_ENUM) KK_PAR_N };
enum kk_population_col { KK_POPULATION_COLUMNS(KK_SCHEMA_ENUM) KK_POP_N };
enum kk_changes_col { KK_CHANGES_COLUMNS(KK_SCHEMA_ENUM) KK_CHG_N };
enum kk_benchmarks_col { KK_BENCHMARKS_COLUMNS(KK_SCHEMA_ENUM) KK_B_N };
enum kk_makeup_col { KK_MAKEUP_COLUMNS(KK_SCHEMA_ENUM) KK_MK_N };
#undef KK_SCHEMA_ENUM

/* kk-size copies the normalised columns through and adds its own. */
_Static_assert((int)KK_S_SOURCE == (int)KK_N_SOURCE &&
    (int)KK_S_MUNICIPALITY_ID == (int)KK_N_N,
    "scores.csv is the normalised table and kk-size's columns");

extern const kk_schema kk_canonical_table, kk_normalised_table,
	kk_scores_table, kk_rejects_table, kk_findings_table,
	kk_constants_table, kk_unmatched_table, kk_summary_table,
	kk_correlation_table, kk_groups_table, kk_repeats_table,
	kk_model_table, kk_partial_table,
	kk_population_table, kk_changes_table, kk_benchmarks_table,
	kk_makeup_table;

/* Every table above, for a consumer that looks one up by file name. */
extern const kk_schema *const kk_schemas[];
/* The schema whose file is the last path component of path, or NULL. */
const kk_schema *kk_schema_of_file(const char *path);

/* Name of column k. */
static inline const char *
kk_colname(const kk_schema *s, int k)
{
	return s->col[k].name;
}

/* Columns from..to-1 of s, comma-separated, without a line end. */
void kk_schema_put_names(FILE *fp, const kk_schema *s, int from, int to);
/* The header line of s. */
void kk_schema_header(FILE *fp, const kk_schema *s);
/* Index of column k of s among a header's names; dies "FILE:1: missing
 * column 'NAME'" when it is not there. */
size_t kk_schema_need(const kk_schema *s, int k, const char *file,
	char *const *names, size_t n);
/* The same for a whole table or a row reader. */
size_t kk_table_need_col(const kk_table *t, const kk_schema *s, int k);
size_t kk_rows_need_col(const kk_rows *r, const kk_schema *s, int k);
/* Index, or -1 when the column is absent. */
long kk_rows_find_col(const kk_rows *r, const kk_schema *s, int k);

#endif
