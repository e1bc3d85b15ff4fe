/* The tables the stages pass to each other, the area convention and the
 * year range; see schema.h. */
#include <string.h>

#include "kk.h"
#include "schema.h"

#define KK_SCHEMA_COLUMN(k, name, type) { name, KK_COL_##type },
#define KK_SCHEMA(var, tname, tfile, LIST) \
	static const kk_column var##_cols[] = { LIST(KK_SCHEMA_COLUMN) }; \
	const kk_schema var = { tname, tfile, var##_cols, \
		sizeof var##_cols / sizeof var##_cols[0] };

KK_SCHEMA(kk_canonical_table, "canonical", "evaluations.csv",
	KK_CANONICAL_COLUMNS)
KK_SCHEMA(kk_normalised_table, "normalised", "normalised.csv",
	KK_NORMALISED_COLUMNS)
KK_SCHEMA(kk_scores_table, "scores", "scores.csv", KK_SCORES_COLUMNS)
KK_SCHEMA(kk_rejects_table, "rejects", "rejects.csv", KK_REJECTS_COLUMNS)
KK_SCHEMA(kk_findings_table, "findings", "findings.csv",
	KK_FINDINGS_COLUMNS)
KK_SCHEMA(kk_constants_table, "linking_constants", "linking_constants.csv",
	KK_CONSTANTS_COLUMNS)
KK_SCHEMA(kk_unmatched_table, "unmatched", "unmatched.csv",
	KK_UNMATCHED_COLUMNS)
KK_SCHEMA(kk_summary_table, "summary", "summary.csv", KK_SUMMARY_COLUMNS)
KK_SCHEMA(kk_correlation_table, "size_correlation", "size_correlation.csv",
	KK_CORRELATION_COLUMNS)
KK_SCHEMA(kk_groups_table, "size_groups", "size_groups.csv",
	KK_GROUPS_COLUMNS)
KK_SCHEMA(kk_repeats_table, "repeat_evaluations", "repeat_evaluations.csv",
	KK_REPEATS_COLUMNS)
KK_SCHEMA(kk_model_table, "size_model", "size_model.csv", KK_MODEL_COLUMNS)
KK_SCHEMA(kk_partial_table, "size_partial", "size_partial.csv",
	KK_PARTIAL_COLUMNS)
KK_SCHEMA(kk_population_table, "population", "population.csv",
	KK_POPULATION_COLUMNS)
KK_SCHEMA(kk_changes_table, "code_changes", "code_changes.csv",
	KK_CHANGES_COLUMNS)
KK_SCHEMA(kk_benchmarks_table, "benchmarks", "benchmarks.csv",
	KK_BENCHMARKS_COLUMNS)
KK_SCHEMA(kk_makeup_table, "size_makeup", "size_makeup.csv",
	KK_MAKEUP_COLUMNS)

const kk_schema *const kk_schemas[] = {
	&kk_canonical_table, &kk_normalised_table, &kk_scores_table,
	&kk_rejects_table, &kk_findings_table, &kk_constants_table,
	&kk_unmatched_table, &kk_summary_table, &kk_correlation_table,
	&kk_groups_table, &kk_repeats_table, &kk_model_table,
	&kk_partial_table, &kk_population_table, &kk_changes_table,
	&kk_benchmarks_table, &kk_makeup_table, NULL
};

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Population and code-change files carry a country prefix
 * (no_population.csv): they are matched by their ending. */
const kk_schema *
kk_schema_of_file(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	for (size_t i = 0; kk_schemas[i]; i++)
		if (strcmp(base, kk_schemas[i]->file) == 0)
			return kk_schemas[i];
	if (ends_with(base, "_population.csv"))
		return &kk_population_table;
	if (ends_with(base, "_code_changes.csv"))
		return &kk_changes_table;
	return NULL;
}

void
kk_schema_put_names(FILE *fp, const kk_schema *s, int from, int to)
{
	for (int k = from; k < to; k++) {
		if (k > from)
			kk_csv_sep(fp);
		fputs(s->col[k].name, fp);
	}
}

void
kk_schema_header(FILE *fp, const kk_schema *s)
{
	kk_schema_put_names(fp, s, 0, (int)s->ncols);
	kk_csv_eol(fp);
}

size_t
kk_schema_need(const kk_schema *s, int k, const char *file,
	char *const *names, size_t n)
{
	return kk_col_need(file, names, n, s->col[k].name);
}

size_t
kk_table_need_col(const kk_table *t, const kk_schema *s, int k)
{
	return kk_table_need(t, s->col[k].name);
}

size_t
kk_rows_need_col(const kk_rows *r, const kk_schema *s, int k)
{
	return kk_rows_need(r, s->col[k].name);
}

long
kk_rows_find_col(const kk_rows *r, const kk_schema *s, int k)
{
	return kk_rows_col(r, s->col[k].name);
}

/* ---- areas ---------------------------------------------------------------- */

const char *const kk_area_names[KK_AREA_SLOTS] = {
	NULL, "1", "2", "3", "4", "5", "6", "7", "8", "total"
};

int
kk_area_parse(const char *s, size_t len)
{
	if (len == 1 && s[0] >= '1' && s[0] <= '0' + KK_NAREA)
		return s[0] - '0';
	if (len == 5 && memcmp(s, "total", 5) == 0)
		return KK_AREA_TOTAL;
	return -1;
}

const char *const kk_level_names[KK_NLEVEL] = {
	"total", "area", "subarea"
};

/* ---- years ---------------------------------------------------------------- */

bool
kk_year_parse(const char *s, size_t len, long *year)
{
	return kk_parse_long(s, len, KK_YEAR_MIN, KK_YEAR_MAX, year) ==
	    KK_NUM_OK;
}

long
kk_year_need(const char *s, size_t len, const char *what, const char *file,
	long line, long col)
{
	long y;

	if (!kk_year_parse(s, len, &y))
		kk_die_at(file, line, col, "%s '%.*s' is not a year in "
		    KK_YEAR_RANGE, what, (int)len, s);
	return y;
}
