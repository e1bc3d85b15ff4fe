/*
 * kk-validate - check the canonical evaluation table against the
 * instrument's arithmetic and the version dictionary.
 *
 * Published numbers contain errors (the Røros 2022 report gives sub-area
 * 6.3 as 14,5 in a table and 16,0 in a heading), so every evaluation is
 * checked for scores outside 0..max, sub-areas that do not add up to
 * their area, totals that do not fit the areas or sub-areas, the same
 * evaluation twice with different numbers, and versions that are unknown
 * or do not fit the year.  Findings go out as CSV; any error-severity
 * finding makes the exit status 1.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "areas.h"
#include "canon.h"
#include "schema.h"

/* Sub-areas have one decimal and areas are whole numbers: a sum may
 * allows 0.5; a little more absorbs binary floating point. */
#define SUB_TOLERANCE (0.5 + 1e-9)
/* Eight areas each rounded to a whole number can drift by up to 4. */
#define TOTAL_TOLERANCE (4 + 1e-9)

enum severity { ERROR, WARNING, INFO };
static const char *const severity_name[] = { "error", "warning", "info" };

struct finding {
	const char *id;
	const char *check;
	enum severity severity;
	char *detail;
	size_t seq;            /* keeps the order of checks within an id */
};

struct group {                 /* the rows of one evaluation_id */
	const char *id;
	size_t *row, nrow;     /* a run of order[] */
	enum kk_version version;
	bool version_ok;
};

static kk_canon *canon;
static kk_areas *areas;
static struct finding *finding;
static size_t nfinding, findcap, nerror, nwarning;

static const char *const usage_text =
"usage: kk-validate [options] [FILE|-]\n"
"Check the canonical evaluation table (kk-ingest's output; default\n"
"stdin) and write findings as CSV: evaluation_id,check,severity,detail.\n"
"Exit status 1 if any finding is an error.\n"
"\n"
"  -o, --output FILE   write findings to FILE (default stdout)\n"
"  --areas FILE        area dictionary (default " KK_AREAS_PATH ")\n"
"  --subareas FILE     sub-area dictionary (default " KK_SUBAREAS_PATH ")\n"
"  --help              show this help\n"
"\n"
"Checks: range (score outside 0..max), max (max differs from the\n"
"dictionary), item, subarea_sum (sub-areas more than 0.5 from their\n"
"area), total_areas (all eight areas more than 4 from the total),\n"
"total_subareas (total differs from the rounded sum of all sub-areas),\n"
"duplicate, version (unknown: error; 3.x read as 3.2: warning),\n"
"version_year (version does not fit the year: warning).\n";


static void __attribute__((format(printf, 4, 5)))
report(const struct group *g, const char *check, enum severity sev,
	const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	kk_grow((void **)&finding, &findcap, nfinding + 1, sizeof *finding);
	f = &finding[nfinding++];
	f->id = g->id;
	f->check = check;
	f->severity = sev;
	f->seq = nfinding - 1;
	va_start(ap, fmt);
	f->detail = kk_vasprintf(fmt, ap);
	va_end(ap);
	nerror += sev == ERROR;
	nwarning += sev == WARNING;
}

/* Sums of one-decimal numbers print as 64.30000000000001 otherwise. */
static const char *
num(char buf[32], double v)
{
	return kk_format_double(buf, round(v * 1e6) / 1e6);
}

static const kk_canon_row *
row_of(const struct group *g, size_t i)
{
	return &canon->row[g->row[i]];
}

static const char *
level_name(enum kk_level l)
{
	return l == KK_LEVEL_TOTAL ? "total" : l == KK_LEVEL_AREA ? "area" :
	    "sub-area";
}

/* A row named for a reader: "area 8", "sub-area 6.3", "the total".
 * Used as WHAT in a format with WHAT_ARGS(r): three strings. */
#define WHAT "%s%s%s"
#define WHAT_ARGS(r) (r)->level == KK_LEVEL_TOTAL ? "the total" : \
	level_name((r)->level), (r)->level == KK_LEVEL_TOTAL ? "" : " ", \
	(r)->level == KK_LEVEL_TOTAL ? "" : (r)->field[KK_C_ITEM]

/* ---- grouping ---------------------------------------------------------- */

static struct group *groups;
static size_t ngroups;
static size_t *order;          /* all rows by id, level, item, line */

static int
by_row(const void *a, const void *b)
{
	const kk_canon_row *x = &canon->row[*(const size_t *)a];
	const kk_canon_row *y = &canon->row[*(const size_t *)b];
	int c = strcmp(x->field[KK_C_ID], y->field[KK_C_ID]);

	if (c)
		return c;
	if (x->level != y->level)
		return (int)x->level - (int)y->level;
	if ((c = strcmp(x->field[KK_C_ITEM], y->field[KK_C_ITEM])))
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

/* One sort makes each evaluation a run of rows, and within it puts the
 * repeats of an item next to each other: no quadratic search anywhere. */
static void
group_rows(void)
{
	static size_t cap;
	const char *id;
	size_t r, start;

	order = kk_malloc((canon->nrows ? canon->nrows : 1) * sizeof *order);
	for (r = 0; r < canon->nrows; r++)
		order[r] = r;
	qsort(order, canon->nrows, sizeof *order, by_row);
	for (start = 0; start < canon->nrows; start = r) {
		id = canon->row[order[start]].field[KK_C_ID];
		for (r = start + 1; r < canon->nrows &&
		    !strcmp(canon->row[order[r]].field[KK_C_ID], id); r++)
			;
		kk_grow((void **)&groups, &cap, ngroups + 1, sizeof *groups);
		memset(&groups[ngroups], 0, sizeof *groups);
		groups[ngroups].id = id;
		groups[ngroups].row = order + start;
		groups[ngroups].nrow = r - start;
		ngroups++;
	}
}

/* ---- checks ------------------------------------------------------------ */

static void
check_version(struct group *g)
{
	const kk_canon_row *first = row_of(g, 0), *r;
	bool inferred, fuzzy;
	enum kk_version expect;
	size_t i;

	for (i = 1; i < g->nrow; i++) {
		r = row_of(g, i);
		if (strcmp(r->field[KK_C_VERSION], first->field[KK_C_VERSION])
		    || r->year != first->year)
			report(g, "version", ERROR, "rows disagree: version "
			    "'%s' year %ld at line %ld, version '%s' year %ld "
			    "at line %ld", first->field[KK_C_VERSION],
			    first->year, first->line, r->field[KK_C_VERSION],
			    r->year, r->line);
	}
	g->version_ok = kk_version_resolve(first->field[KK_C_VERSION],
	    first->year, &g->version, &inferred, &fuzzy);
	if (!g->version_ok) {
		report(g, "version", ERROR, "unknown version '%s' (known: 1.x, "
		    "2.0, 2.1, 3.0, 3.2, 3.x)", first->field[KK_C_VERSION]);
		return;
	}
	if (fuzzy)
		report(g, "version", WARNING, "version '%s' read as 3.2",
		    first->field[KK_C_VERSION]);
	expect = kk_version_for_year(first->year);
	if (!inferred && expect != g->version)
		report(g, "version_year", WARNING, "version %s in %ld, when "
		    "%s was in use", kk_version_name(g->version), first->year,
		    kk_version_name(expect));
}

/* Same level and item. */
static bool
same_item(const kk_canon_row *a, const kk_canon_row *b)
{
	return a->level == b->level &&
	    strcmp(a->field[KK_C_ITEM], b->field[KK_C_ITEM]) == 0;
}

static bool
same_score(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/* Is row i a repeat of the item in row i - 1?  Rows are sorted. */
static bool
is_repeat(const struct group *g, size_t i)
{
	return i > 0 && same_item(row_of(g, i - 1), row_of(g, i));
}

static void
check_duplicates(const struct group *g)
{
	const kk_canon_row *r, *e;
	char a[32], b[32];
	size_t i, k = 0;

	for (i = 1; i < g->nrow; i++) {
		r = row_of(g, i);
		if (!is_repeat(g, i)) {
			k = i;          /* first of its item */
			continue;
		}
		e = row_of(g, k);
		if (same_score(e->score, r->score))
			report(g, "duplicate", WARNING, WHAT " repeated at "
			    "lines %ld and %ld", WHAT_ARGS(r), e->line, r->line);
		else
			report(g, "duplicate", ERROR, WHAT " is %s at line %ld "
			    "and %s at line %ld", WHAT_ARGS(r),
			    isnan(e->score) ? "missing" : num(a, e->score),
			    e->line,
			    isnan(r->score) ? "missing" : num(b, r->score),
			    r->line);
	}
}

/* Area number of a sub-area code "6.3", or -1. */
static int
subarea_area(const char *code)
{
	if (code[0] < '1' || code[0] > '0' + KK_NAREA || code[1] != '.' ||
	    !code[2])
		return -1;
	return code[0] - '0';
}

/* The dictionary's max for a row, NAN when unknown. */
static double
dictionary_max(const struct group *g, const kk_canon_row *r)
{
	double max = NAN;

	if (!g->version_ok)
		return NAN;
	switch (r->level) {
	case KK_LEVEL_TOTAL:
		return kk_areas_max(areas, g->version, KK_AREA_TOTAL);
	case KK_LEVEL_AREA:
		return kk_areas_max(areas, g->version,
		    kk_area_item(r->field[KK_C_ITEM]));
	case KK_LEVEL_SUBAREA:
		kk_areas_subarea(areas, g->version, r->field[KK_C_ITEM], NULL,
		    &max);
		return max;
	}
	return NAN;
}

static bool
check_item(const struct group *g, const kk_canon_row *r)
{
	const char *item = r->field[KK_C_ITEM];
	bool ok = true;

	if (r->level == KK_LEVEL_TOTAL)
		ok = strcmp(item, kk_area_name(KK_AREA_TOTAL)) == 0;
	else if (r->level == KK_LEVEL_AREA)
		ok = kk_area_item(item) > 0;
	else if (subarea_area(item) < 0)
		ok = false;
	else if (g->version_ok && kk_areas_nsub(areas, g->version,
	    subarea_area(item)) && !kk_areas_subarea(areas, g->version, item,
	    NULL, NULL))
		report(g, "item", WARNING, "sub-area %s (line %ld) is not in "
		    "the %s dictionary", item, r->line,
		    kk_version_name(g->version));
	if (!ok)
		report(g, "item", ERROR, "%s item '%s' at line %ld is not "
		    "valid", level_name(r->level), item, r->line);
	return ok;
}

static void
check_range(const struct group *g)
{
	const kk_canon_row *r;
	double dmax, max;
	char a[32], b[32];
	size_t i;

	for (i = 0; i < g->nrow; i++) {
		r = row_of(g, i);
		if (!check_item(g, r))
			continue;
		dmax = dictionary_max(g, r);
		max = isnan(r->max) ? dmax : r->max;
		if (!isnan(r->max) && !isnan(dmax) && r->max != dmax)
			report(g, "max", WARNING, WHAT " has max %s at line "
			    "%ld; the %s dictionary says %s", WHAT_ARGS(r),
			    num(a, r->max), r->line,
			    kk_version_name(g->version), num(b, dmax));
		if (isnan(r->score))
			continue;
		if (r->score < 0 || (!isnan(max) && r->score > max))
			report(g, "range", ERROR, WHAT " is %s at line %ld, "
			    "outside 0..%s", WHAT_ARGS(r), num(a, r->score), r->line,
			    isnan(max) ? "max" : num(b, max));
	}
}

/* First score of a level/item in the group, NAN if absent or missing. */
static double
score_of(const struct group *g, enum kk_level level, const char *item)
{
	const kk_canon_row *r;
	size_t i;

	for (i = 0; i < g->nrow; i++) {
		r = row_of(g, i);
		if (r->level == level && strcmp(r->field[KK_C_ITEM], item) == 0)
			return r->score;
	}
	return NAN;
}

/* Sum of the sub-areas of an area (first occurrence of each).  Returns
 * the number counted; *complete is false when a sub-area is missing or
 * the dictionary lists more than were given. */
static size_t
subarea_sum(const struct group *g, int area, double *sum, bool *complete)
{
	const kk_canon_row *r;
	size_t i, n = 0, want = 0;

	*sum = 0;
	*complete = true;
	for (i = 0; i < g->nrow; i++) {
		r = row_of(g, i);
		if (r->level != KK_LEVEL_SUBAREA ||
		    subarea_area(r->field[KK_C_ITEM]) != area ||
		    is_repeat(g, i))
			continue;
		n++;
		if (isnan(r->score))
			*complete = false;
		else
			*sum += r->score;
	}
	if (g->version_ok)
		want = kk_areas_nsub(areas, g->version, area);
	if (n == 0 || n < want)
		*complete = false;
	return n;
}

static void
check_subareas(const struct group *g)
{
	double sum, score;
	bool complete;
	size_t n, want;
	char item[2] = { 0, 0 }, a[32], b[32];
	int area;

	for (area = 1; area <= KK_NAREA; area++) {
		item[0] = (char)('0' + area);
		if (!(n = subarea_sum(g, area, &sum, &complete)))
			continue;
		score = score_of(g, KK_LEVEL_AREA, item);
		if (isnan(score))
			continue;
		if (!complete) {
			want = g->version_ok ?
			    kk_areas_nsub(areas, g->version, area) : 0;
			if (want > n)
				report(g, "subarea_sum", WARNING, "area %d: %zu "
				    "of %zu sub-area scores given; sum not "
				    "checked", area, n, want);
			else
				report(g, "subarea_sum", WARNING, "area %d: a "
				    "sub-area score is missing; sum not checked",
				    area);
			continue;
		}
		if (fabs(sum - score) > SUB_TOLERANCE)
			report(g, "subarea_sum", ERROR, "sub-areas %d.x add to "
			    "%s but area %d is %s", area, num(a, sum), area,
			    num(b, score));
	}
}

static void
check_total_areas(const struct group *g, double total)
{
	double sum = 0, s, d;
	char item[2] = { 0, 0 }, a[32], b[32];
	int area;

	for (area = 1; area <= KK_NAREA; area++) {
		item[0] = (char)('0' + area);
		if (isnan(s = score_of(g, KK_LEVEL_AREA, item)))
			return;
		sum += s;
	}
	d = fabs(sum - total);
	if (d > TOTAL_TOLERANCE)
		report(g, "total_areas", ERROR, "the eight areas add to %s but "
		    "the total is %s (more than 4 apart)", num(a, sum),
		    num(b, total));
	else if (d > 0)
		report(g, "total_areas", INFO, "the eight areas add to %s, the "
		    "total is %s (within the rounding of eight areas)",
		    num(a, sum), num(b, total));
}

static void
check_total_subareas(const struct group *g, double total)
{
	double sum = 0, s, rounded;
	bool complete;
	char a[32], b[32], c[32];
	int area;

	for (area = 1; area <= KK_NAREA; area++) {
		if (!subarea_sum(g, area, &s, &complete) || !complete)
			return;
		sum += s;
	}
	/* round the decimal sum, not its binary neighbour */
	rounded = round(round(sum * 1e6) / 1e6);
	if (rounded != total)
		report(g, "total_subareas", ERROR, "the sub-areas add to %s "
		    "(rounded %s) but the total is %s", num(a, sum),
		    num(b, rounded), num(c, total));
}

static void
check_total(const struct group *g)
{
	double total = score_of(g, KK_LEVEL_TOTAL, "total");

	if (isnan(total))
		return;
	check_total_areas(g, total);
	check_total_subareas(g, total);
}

/* Same items with the same scores, in the same (sorted) order? */
static bool
same_numbers(const struct group *a, const struct group *b)
{
	const kk_canon_row *x, *y;
	size_t i;

	if (a->nrow != b->nrow)
		return false;
	for (i = 0; i < a->nrow; i++) {
		x = row_of(a, i);
		y = row_of(b, i);
		if (!same_item(x, y) || !same_score(x->score, y->score))
			return false;
	}
	return true;
}

static int
by_municipality_year(const void *a, const void *b)
{
	const kk_canon_row *x = row_of(*(struct group *const *)a, 0);
	const kk_canon_row *y = row_of(*(struct group *const *)b, 0);
	int c = strcmp(x->field[KK_C_COUNTRY], y->field[KK_C_COUNTRY]);

	if (c || (c = strcmp(x->field[KK_C_CODE], y->field[KK_C_CODE])))
		return c;
	if (x->year != y->year)
		return (x->year > y->year) - (x->year < y->year);
	return strcmp(x->field[KK_C_ID], y->field[KK_C_ID]);
}

static bool
same_evaluation(const struct group *a, const struct group *b)
{
	const kk_canon_row *x = row_of(a, 0), *y = row_of(b, 0);

	return x->year == y->year &&
	    !strcmp(x->field[KK_C_COUNTRY], y->field[KK_C_COUNTRY]) &&
	    !strcmp(x->field[KK_C_CODE], y->field[KK_C_CODE]);
}

/* The same municipality and year under two evaluation ids. */
static void
check_twins(void)
{
	struct group **by = kk_malloc((ngroups ? ngroups : 1) * sizeof *by);
	const kk_canon_row *a;
	size_t i, first = 0;
	bool differ;

	for (i = 0; i < ngroups; i++)
		by[i] = &groups[i];
	qsort(by, ngroups, sizeof *by, by_municipality_year);
	for (i = 1; i < ngroups; i++) {
		if (!same_evaluation(by[first], by[i])) {
			first = i;
			continue;
		}
		a = row_of(by[first], 0);
		differ = !same_numbers(by[first], by[i]);
		report(by[i], "duplicate", differ ? ERROR : WARNING,
		    "municipality %s %s in %ld is also evaluation %s, %s",
		    a->field[KK_C_COUNTRY], a->field[KK_C_CODE], a->year,
		    by[first]->id, differ ? "with different numbers" :
		    "with the same numbers");
	}
	free(by);
}

/* ---- output ------------------------------------------------------------ */

static int
by_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void
write_findings(const char *path)
{
	kk_out *o = kk_out_open(path);
	FILE *fp = kk_out_fp(o);
	size_t i;

	if (nfinding)
		qsort(finding, nfinding, sizeof *finding, by_finding);
	kk_schema_header(fp, &kk_findings_table);
	for (i = 0; i < nfinding; i++) {
		kk_csv_put(fp, finding[i].id);
		kk_csv_sep(fp);
		kk_csv_put(fp, finding[i].check);
		kk_csv_sep(fp);
		kk_csv_put(fp, severity_name[finding[i].severity]);
		kk_csv_sep(fp);
		kk_csv_put(fp, finding[i].detail);
		kk_csv_eol(fp);
	}
	kk_out_commit(o);
}

static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < nfinding; i++)
		free(finding[i].detail);
	free(finding);
	free(groups);
	free(order);
	kk_canon_free(canon);
	kk_areas_free(areas);
}

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_OUTPUT, OPT_AREAS, OPT_SUBAREAS };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "o", true, OPT_OUTPUT }, { "output", true, OPT_OUTPUT },
		{ "areas", true, OPT_AREAS },
		{ "subareas", true, OPT_SUBAREAS },
		{ NULL, false, 0 }
	};
	const char *val, *out = NULL, *areas_path = NULL, *sub_path = NULL;
	const char *in = "-";
	size_t i;
	int k, ai = 1;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &ai, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_OUTPUT: out = val; break;
		case OPT_AREAS: areas_path = val; break;
		case OPT_SUBAREAS: sub_path = val; break;
		}
	}
	if (ai < argc)
		in = argv[ai++];
	if (ai < argc)
		kk_usage("too many operands");
	areas = kk_areas_load(areas_path);
	kk_areas_load_sub(areas, sub_path);
	canon = kk_canon_read(in);
	group_rows();
	for (i = 0; i < ngroups; i++) {
		check_version(&groups[i]);
		check_duplicates(&groups[i]);
		check_range(&groups[i]);
		check_subareas(&groups[i]);
		check_total(&groups[i]);
	}
	check_twins();
	write_findings(out);
	if (nerror)
		kk_warn("%zu error%s, %zu warning%s", nerror,
		    nerror == 1 ? "" : "s", nwarning, nwarning == 1 ? "" : "s");
	k = nerror ? 1 : 0;
	cleanup();
	return k;
}
