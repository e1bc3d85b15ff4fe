/*
 * kk-workbook - the analysis tables as one Excel workbook.
 *
 * Where the list separator is ';' and the decimal mark ',' (Norwegian and
 * Swedish settings), a comma-separated UTF-8 file opens in Excel as one
 * column of garbled text.  Here each table is a sheet of typed cells:
 * numbers are numbers, codes and versions are text (0301 keeps its zero,
 * version 2.0 is not the number 2), and a first sheet says what each
 * sheet is and where it came from.
 *
 * Text from data is only ever written as a string cell, never as a
 * formula, so a name such as "=HYPERLINK(...)" stays that text.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "kk.h"
#include "benchmarks.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-workbook [options]\n"
"Write the tables of an analysis directory as one Excel workbook: one\n"
"sheet per table, numbers as numeric cells, codes and versions as text,\n"
"a frozen header row and a filter on each sheet, and a first sheet that\n"
"says what each sheet is, which files were read, the method and the\n"
"sources.  The same inputs give the same bytes.\n"
"\n"
"  --dir OUT              analysis output directory (default out)\n"
"  -o, --output FILE      the workbook (default OUT/kompass.xlsx, or with\n"
"                         --municipality OUT/reports/CODE-YEAR/report.xlsx)\n"
"  --export FILE          an export file the analysis read (repeatable;\n"
"                         listed on the first sheet)\n"
"  --population FILE      a population table it read (repeatable; listed\n"
"                         with the sources it names)\n"
"  --code-changes FILE    a code change table it read (likewise)\n"
"  --municipality ID      the workbook of one municipality's report: its\n"
"                         rows and the tables its charts compare it with;\n"
"                         ID as in scores.csv's municipality_id (NO-5025\n"
"                         for Røros, also under its old code 1640);\n"
"                         needs --year\n"
"  --year YEAR            the evaluation of that report\n"
"  --help                 show this help\n"
"  --version              show the version\n";

/* Excel's limits: rows per sheet (the header is one) and characters per
 * cell.  Longer text is cut with a note saying where the rest is. */
enum { MAX_ROWS = 1048576, MAX_CHARS = 32767 };

/* ---- column types ------------------------------------------------------ */

static bool
schema_type(const kk_schema *s, const char *name, enum kk_coltype *type)
{
	for (size_t k = 0; k < s->ncols; k++)
		if (strcmp(s->col[k].name, name) == 0) {
			*type = s->col[k].type;
			return true;
		}
	return false;
}

/* The type of a column of the table in file: as the table's schema
 * (lib/schema.h) gives it, never guessed from the cells, so "0301" stays
 * text.  A table the schema lacks (a new one in tables/) takes the type
 * its column's name has wherever the schema has it.  false: no schema
 * names the column, or they disagree on text against number. */
static bool
column_type(const char *file, const char *name, enum kk_coltype *type)
{
	const kk_schema *s = kk_schema_of_file(file);
	enum kk_coltype t;
	bool found = false;

	if (s)
		return schema_type(s, name, type);
	for (size_t i = 0; kk_schemas[i]; i++) {
		if (!schema_type(kk_schemas[i], name, &t))
			continue;
		if (found && (t == KK_COL_TEXT) != (*type == KK_COL_TEXT))
			return false;
		if (!found || t != *type)
			*type = found ? KK_COL_NUMBER : t;
		found = true;
	}
	return found;
}

/* ---- what goes in ---------------------------------------------------- */

enum rows {
	ROWS_ALL,
	ROWS_MUNICIPALITY,   /* the report's municipality */
	ROWS_EVALUATIONS,    /* its evaluations, by evaluation_id */
	ROWS_TOTALS          /* area total, every evaluation */
};

struct sheet_spec {
	const char *name;    /* sheet name */
	const char *file;    /* under --dir; its schema types the columns */
	const char *what;    /* the first sheet's description */
	enum rows rows;
};

static const struct sheet_spec analysis_sheets[] = {
	{ "scores", "scores.csv",
	  "The analysis table: one row per evaluation and canonical area "
	  "(1-8 and total) with the published points (raw_score), the "
	  "comparable score, the population and the size class.", ROWS_ALL },
	{ "summary", "tables/summary.csv",
	  "Scores per country, scale and area, for all evaluations and per "
	  "size class: n, mean, SD, median, quartiles, min, max.", ROWS_ALL },
	{ "size_correlation", "tables/size_correlation.csv",
	  "Population (log10) against score per country, area and scale: "
	  "Pearson, Spearman and Kendall with p values and intervals, the "
	  "least-squares slope, a bootstrap interval for rho, adjusted p "
	  "values. Unadjusted for country, version and year.", ROWS_ALL },
	{ "size_groups", "tables/size_groups.csv",
	  "Score by size class per country, area and scale: one-way ANOVA "
	  "and Kruskal-Wallis.", ROWS_ALL },
	{ "repeat_evaluations", "tables/repeat_evaluations.csv",
	  "Municipalities evaluated more than once: each change between "
	  "consecutive evaluations, with the years between them and the "
	  "versions' transition, and the mean change per transition class "
	  "and per transition, its errors clustered by municipality.",
	  ROWS_ALL },
	{ "size_model", "tables/size_model.csv",
	  "Score regressed on log10 population, adjusted for country, version "
	  "and year as each model says, with standard errors clustered by "
	  "municipality: one row per coefficient.", ROWS_ALL },
	{ "size_makeup", "tables/size_makeup.csv",
	  "The size classes of the 15 best municipalities and of the 15 "
	  "lowest evaluations per country, as the benchmark report shows "
	  "them.", ROWS_ALL },
	{ "size_partial", "tables/size_partial.csv",
	  "The added-variable plot of the size effect quoted: log10 "
	  "population and total score, each less what the model's other "
	  "terms explain.", ROWS_ALL },
	{ "linking_constants", "linking_constants.csv",
	  "How score was made from raw_score: per method, country, version "
	  "and area the cohort sizes, means, SDs and constants; for a link "
	  "its pairs, the municipalities resampled, the bootstrap SEs and the "
	  "covariance of slope and intercept (the SE of a linked score at x is "
	  "sqrt(x^2 se_slope^2 + se_intercept^2 + 2x cov_slope_intercept)).",
	  ROWS_ALL },
	{ "findings", "findings.csv",
	  "What validation found in the published numbers: errors, warnings "
	  "and notes.", ROWS_ALL },
	{ "unmatched", "unmatched.csv",
	  "Evaluations without a population figure, with the reason (no rows: "
	  "every evaluation was joined).", ROWS_ALL },
	{ "rejects", "rejects.csv",
	  "Input rows that could not be read, with the reason (no rows: none "
	  "was rejected).", ROWS_ALL },
};

static const struct sheet_spec report_sheets[] = {
	{ "scores", "scores.csv",
	  "Every evaluation of the municipality: one row per canonical area "
	  "(1-8 and total), as in the analysis table.", ROWS_MUNICIPALITY },
	{ "published", "evaluations.csv",
	  "Its scores as published, in each evaluation's own version's "
	  "numbering, with the sub-areas.", ROWS_MUNICIPALITY },
	{ "totals", "scores.csv",
	  "The total score of every evaluation in the data, both countries: "
	  "what the ranking, comparison, box and scatter charts draw.",
	  ROWS_TOTALS },
	{ "summary", "tables/summary.csv",
	  "Scores per country, scale and area, for all evaluations and per "
	  "size class: the averages the report compares with.", ROWS_ALL },
	{ "repeat_evaluations", "tables/repeat_evaluations.csv",
	  "The changes between its consecutive evaluations.",
	  ROWS_MUNICIPALITY },
	{ "findings", "findings.csv",
	  "What validation found in its published numbers.",
	  ROWS_EVALUATIONS },
};

/* One sheet as written, for the first sheet's list. */
struct sheet {
	struct sheet_spec spec;
	char *path;          /* the file read */
	char *name, *file;   /* owned, for a table not listed above */
	size_t rows, total;  /* rows written, rows selected */
};

/* The report's municipality. */
struct focus {
	const char *id;            /* municipality_id */
	char **codes;              /* the codes it had in scores.csv */
	size_t ncodes;
	const char *country;
	long year;
	const char *code, *name;   /* of the evaluation reported */
	char **ids;                /* its evaluation ids */
	size_t nids;
};

struct context {
	const char *dir;
	lxw_workbook *wb;
	lxw_format *head, *text, *integer, *title, *bold, *link, *wrap;
	struct focus *focus;       /* NULL: the whole analysis */
	struct sheet *sheets;
	size_t nsheets, cap;
	const char **exports, **population, **changes;
	size_t nexports, npopulation, nchanges;
};

static void
check(lxw_error e, const char *file)
{
	if (e != LXW_NO_ERROR)
		kk_die("%s: %s", file, lxw_strerror(e));
}

static bool
exists(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (!fp)
		return false;
	fclose(fp);
	return true;
}

/* ---- text --------------------------------------------------------------- */

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Bytes of the first n characters of s. */
static size_t
utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;

	for (; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && n-- == 0)
			break;
	return i;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Is s at "_xHHHH_", the escape with which OOXML spells a character? */
static bool
at_escape(const char *s)
{
	return s[0] == '_' && s[1] == 'x' && is_hex(s[2]) && is_hex(s[3]) &&
	    is_hex(s[4]) && is_hex(s[5]) && s[6] == '_';
}

/* s as Excel will show it back: text that looks like an OOXML escape
 * ("_x0041_" would read as "A") gets its '_' escaped as _x005F_.
 * libxlsxwriter escapes control characters itself. */
static char *
ooxml_text(const char *s)
{
	size_t n = 0;
	char *t, *p;

	for (const char *q = s; *q; q++)
		n += at_escape(q) ? 7 : 1;
	p = t = kk_malloc(n + 1);
	for (; *s; s++) {
		if (at_escape(s))
			p = kk_put(p, "_x005F", 6);
		*p++ = *s;
	}
	*p = '\0';
	return t;
}

/* A cell's text, cut to Excel's limit with a note naming the file, under
 * the analysis folder, that has the whole text (a warning says so too).
 * Returns a new string. */
static char *
cell_text(const kk_table *t, size_t r, size_t c, const char *file)
{
	const char *s = t->cell[r][c];
	static const char cut[] = " [cut at Excel's limit; the whole text "
	    "is in %s]";
	char *e = ooxml_text(s);

	if (utf8_chars(e) <= MAX_CHARS)
		return e;
	kk_warn_at(t->name, t->line[r], (long)c + 1, "text longer than Excel's "
	    "%d characters: cut in the workbook", MAX_CHARS);
	char *note = kk_asprintf(cut, file);
	size_t keep = utf8_prefix(e, MAX_CHARS - utf8_chars(note));
	/* never cut an escape in two */
	for (size_t i = keep > 6 ? keep - 6 : 0; i < keep; i++)
		if (at_escape(e + i)) {
			keep = i;
			break;
		}
	char *out = kk_asprintf("%.*s%s", (int)keep, e, note);
	free(note);
	free(e);
	return out;
}

/* ---- a table's sheet -------------------------------------------------- */

struct column {
	enum kk_coltype type;
	size_t width;        /* characters */
};

static bool
in_list(char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Is row r of t the municipality's: by its municipality_id where the
 * table has one, otherwise by the codes it has had in its country. */
static bool
mine(const struct focus *f, const kk_table *t, size_t r)
{
	long id = kk_table_col(t, kk_colname(&kk_scores_table,
	    KK_S_MUNICIPALITY_ID));
	char **c = t->cell[r];

	if (id >= 0)
		return strcmp(c[id], f->id) == 0;
	return in_list(f->codes, f->ncodes,
	    c[kk_table_need_col(t, &kk_scores_table, KK_S_CODE)]) &&
	    strcmp(c[kk_table_need_col(t, &kk_scores_table, KK_S_COUNTRY)],
	    f->country) == 0;
}

static bool
keep_row(const struct context *x, const struct sheet_spec *s,
	const kk_table *t, size_t r)
{
	const struct focus *f = x->focus;
	char **c = t->cell[r];

	switch (s->rows) {
	case ROWS_ALL:
		return true;
	case ROWS_MUNICIPALITY:
		return mine(f, t, r);
	case ROWS_EVALUATIONS:
		return in_list(f->ids, f->nids, c[kk_table_need(t, "evaluation_id")]);
	case ROWS_TOTALS:
		return strcmp(c[kk_table_need(t, "area")], "total") == 0;
	}
	return false;
}

static double
cell_number(const kk_table *t, size_t r, size_t c)
{
	const char *s = t->cell[r][c];
	double v;
	kk_num_status st = kk_parse_double(s, strlen(s), &v);

	if (st != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)c + 1, "column %s: %s",
		    t->col[c], kk_num_reason(st));
	return v;
}

static bool
whole(double v)
{
	return v <= 1e15 && v >= -1e15 && v == (double)(long long)v;
}

/* Characters a number takes as shown: a whole number of an integer
 * column in full ("0"), others as Excel's General format shows them in a
 * column wide enough (at most 11 characters). */
static size_t
number_width(double v, enum kk_coltype type)
{
	char buf[32];
	size_t n = strlen(kk_format_double(buf, v));

	return (type == KK_COL_INTEGER && whole(v)) || n < 11 ? n : 11;
}

static struct column *
plan_columns(const kk_table *t, const struct sheet_spec *s, const bool *keep)
{
	struct column *col = kk_calloc(t->ncols, sizeof *col);

	for (size_t c = 0; c < t->ncols; c++) {
		if (!column_type(s->file, t->col[c], &col[c].type)) {
			kk_warn("%s: column %s has no type in lib/schema.h: "
			    "written as text", t->name, t->col[c]);
			col[c].type = KK_COL_TEXT;
		}
		col[c].width = utf8_chars(t->col[c]) + 3;   /* + filter button */
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (!keep[r])
			continue;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cell[r][c];
			size_t w;
			if (!*s)
				continue;
			if (col[c].type == KK_COL_TEXT)
				w = utf8_chars(s);
			else
				w = number_width(cell_number(t, r, c), col[c].type);
			if (w + 1 > col[c].width)
				col[c].width = w + 1;
		}
	}
	return col;
}

/* A table being written as a sheet. */
struct writing {
	lxw_worksheet *ws;
	const struct context *x;
	const kk_table *t;
	const char *file;          /* under the analysis folder */
	struct column *col;
};

static void
write_cell(const struct writing *w, size_t r, size_t c, lxw_row_t row)
{
	const kk_table *t = w->t;
	const char *s = t->cell[r][c];

	if (!*s)
		return;          /* a missing value stays an empty cell */
	if (w->col[c].type != KK_COL_TEXT) {
		/* a whole number shown as one; a fraction in an integer
		 * column is shown, not rounded away */
		double v = cell_number(t, r, c);
		check(worksheet_write_number(w->ws, row, (lxw_col_t)c, v,
		    w->col[c].type == KK_COL_INTEGER && whole(v) ?
		    w->x->integer : NULL), t->name);
	} else {
		char *v = cell_text(t, r, c, w->file);
		check(worksheet_write_string(w->ws, row, (lxw_col_t)c, v,
		    w->x->text), t->name);
		free(v);
	}
}

/* Text columns are formatted as text ("@"), so that a code typed into
 * one later keeps its leading zeros too. */
static void
set_widths(const struct writing *w)
{
	for (size_t c = 0; c < w->t->ncols; c++) {
		double width = (double)(w->col[c].width < 60 ? w->col[c].width : 60);
		check(worksheet_set_column(w->ws, (lxw_col_t)c, (lxw_col_t)c,
		    width, w->col[c].type == KK_COL_TEXT ? w->x->text : NULL),
		    w->t->name);
	}
}

/* Printed: A4 landscape. */
static void
print_setup(lxw_worksheet *ws)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
}

/* Which rows of t the sheet holds: those its spec selects, as many as
 * Excel takes. */
static bool *
select_rows(const struct context *x, struct sheet *sh, const kk_table *t)
{
	bool *keep = kk_malloc(t->nrows + 1);

	for (size_t r = 0; r < t->nrows; r++) {
		keep[r] = keep_row(x, &sh->spec, t, r);
		if (keep[r] && ++sh->total >= MAX_ROWS)
			keep[r] = false;
	}
	if (sh->total >= MAX_ROWS)
		kk_warn("%s: %zu rows, more than an Excel sheet holds: the "
		    "workbook has the first %d", t->name, sh->total, MAX_ROWS - 1);
	return keep;
}

/* Header and rows; returns the number of rows written. */
static lxw_row_t
write_rows(const struct writing *w, const bool *keep)
{
	const kk_table *t = w->t;
	lxw_row_t row = 1;

	for (size_t c = 0; c < t->ncols; c++) {
		char *h = ooxml_text(t->col[c]);
		check(worksheet_write_string(w->ws, 0, (lxw_col_t)c, h,
		    w->x->head), t->name);
		free(h);
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (!keep[r])
			continue;
		for (size_t c = 0; c < t->ncols; c++)
			write_cell(w, r, c, row);
		row++;
	}
	return row - 1;
}

static void
write_table(struct context *x, struct sheet *sh, const kk_table *t)
{
	struct writing w = { workbook_add_worksheet(x->wb, sh->spec.name), x,
		t, sh->spec.file, NULL };

	if (!w.ws)
		kk_die("%s: cannot add a sheet named %s", t->name, sh->spec.name);
	if (t->ncols > LXW_COL_MAX)
		kk_die("%s: %zu columns, more than an Excel sheet holds",
		    t->name, t->ncols);
	bool *keep = select_rows(x, sh, t);
	w.col = plan_columns(t, &sh->spec, keep);
	sh->rows = write_rows(&w, keep);
	set_widths(&w);
	worksheet_freeze_panes(w.ws, 1, 0);
	print_setup(w.ws);
	check(worksheet_repeat_rows(w.ws, 0, 0), t->name);   /* on every page */
	check(worksheet_autofilter(w.ws, 0, 0, (lxw_row_t)sh->rows,
	    (lxw_col_t)(t->ncols - 1)), t->name);
	free(w.col);
	free(keep);
}

/* ---- the first sheet ---------------------------------------------------- */

struct about {
	lxw_worksheet *ws;
	const struct context *x;
	lxw_row_t row;
};

static void
put(struct about *a, lxw_col_t col, const char *s, lxw_format *f)
{
	char *v = ooxml_text(s);

	check(worksheet_write_string(a->ws, a->row, col, v, f), "about");
	free(v);
}

/* The first sheet's text column, in characters. */
enum { ABOUT_WIDTH = 90 };

/* Text wrapped in the text column, its row made tall enough: spreadsheet
 * programs keep a row's stored height when they open a file. */
static void
put_wrapped(struct about *a, const char *s)
{
	size_t lines = 0, chars = 0;

	for (const char *p = s;; p++) {
		if (*p == '\n' || !*p) {
			lines += chars / (ABOUT_WIDTH + 10) + 1;
			chars = 0;
			if (!*p)
				break;
		} else {
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		}
	}
	put(a, 1, s, a->x->wrap);
	if (lines > 1)
		check(worksheet_set_row(a->ws, a->row, 15.0 * (double)lines,
		    NULL), "about");
}

static void
line(struct about *a, const char *label, const char *s)
{
	if (label)
		put(a, 0, label, a->x->bold);
	if (s)
		put_wrapped(a, s);
	a->row++;
}

/* Distinct values of a column in order of first appearance. */
static void
distinct(struct about *a, const char *label, const kk_table *t,
	const char *column, const bool *keep)
{
	long c = kk_table_col(t, column);
	char **seen = NULL;
	size_t n = 0, cap = 0;

	if (c < 0)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		const char *v = t->cell[r][c];
		if ((keep && !keep[r]) || !*v || in_list(seen, n, v))
			continue;
		kk_grow((void **)&seen, &cap, n + 1, sizeof *seen);
		seen[n++] = (char *)v;
		line(a, n == 1 ? label : NULL, v);
	}
	free(seen);
}

static void
sheet_list(struct about *a)
{
	const struct context *x = a->x;

	put(a, 0, "Sheet", x->head);
	put(a, 1, "What it holds", x->head);
	put(a, 2, "Rows", x->head);
	put(a, 3, "File", x->head);
	a->row++;
	for (size_t i = 0; i < x->nsheets; i++) {
		const struct sheet *sh = &x->sheets[i];
		char *url = kk_asprintf("internal:'%s'!A1", sh->spec.name);
		check(worksheet_write_url_opt(a->ws, a->row, 0, url, x->link,
		    sh->spec.name, NULL), "about");
		free(url);
		put_wrapped(a, sh->spec.what);
		check(worksheet_write_number(a->ws, a->row, 2, (double)sh->rows,
		    x->integer), "about");
		if (sh->rows < sh->total) {
			char *s = kk_asprintf("%s (the first %zu of %zu rows)",
			    sh->spec.file, sh->rows, sh->total);
			put(a, 3, s, NULL);
			free(s);
		} else {
			put(a, 3, sh->spec.file, NULL);
		}
		a->row++;
	}
}

static void
file_list(struct about *a, const char *label, const char **files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line(a, i ? NULL : label, files[i]);
}

/* Files given with their distinct sources (population tables). */
static void
files_with_sources(struct about *a, const char *label, const char **files,
	size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kk_table *t = kk_table_read(files[i]);
		line(a, i ? NULL : label, files[i]);
		distinct(a, NULL, t, "source", NULL);
		kk_table_free(t);
	}
}

static const char *const method_text[] = {
	"Areas: every published score is placed on the version 3.2 area that "
	"measures the same content (data/areas.csv), whatever its version's "
	"numbering; a missing score stays missing, never 0.",
	"Versions: as exported; where an export gives none, inferred from the "
	"year (version_inferred = yes).",
	"raw_score is the published points; score is made from it by the "
	"method named in the method column (identity: score = raw_score).",
	"Population: inhabitants at the start of the evaluation year (Norway "
	"1 January; Sweden 31 December of the year before), joined by "
	"municipality code; population_year is the year of the figure used.",
	"Statistics: see doc/statistics.md. Points from "
	"before and after the 2020 revision (3.x) are not on the same scale.",
	"Numbers are numeric cells with 16 significant digits; the CSV files "
	"keep every digit. Codes, versions and areas are text.",
	NULL
};

/* How much of each country the evaluations are: a published sample is
 * not all municipalities, and the reader must not take it for them. */
static void
data_set(struct about *a, const kk_table *scores)
{
	static const char *const countries[] = { "NO", "SE" };
	char *path = kk_data_path("benchmarks.csv");
	kk_benchmarks *b = kk_benchmarks_load(path);
	size_t shown = 0;

	for (size_t i = 0; i < sizeof countries / sizeof *countries; i++) {
		char *s = kk_benchmarks_coverage(b, scores, countries[i]);
		if (!s)
			continue;
		line(a, shown++ ? NULL : "Data set", s);
		free(s);
	}
	if (shown)
		a->row++;
	kk_benchmarks_free(b);
	free(path);
}

static void
write_about(struct context *x, lxw_worksheet *ws, const kk_table *scores,
	const bool *keep)
{
	struct about a = { ws, x, 0 };
	char *title, *intro;

	if (x->focus)
		title = kk_asprintf("kompass: %s (%s), evaluation %ld, and what "
		    "it is compared with", x->focus->name, x->focus->code,
		    x->focus->year);
	else
		title = kk_strdup("kompass: the tables of the analysis");
	put(&a, 0, title, x->title);
	free(title);
	a.row++;
	/* the folder by its role, not its path: the same tables anywhere
	 * give the same workbook */
	intro = kk_asprintf("Written by kk-workbook from the CSV tables of the "
	    "analysis folder (out/ unless make analysis was given OUT=); File "
	    "names each one there. Kommunekompasset (KS, Norway) and "
	    "Kommunkompassen (SKR, Sweden) evaluate how a municipality is "
	    "governed: eight areas of 0-%d points, %d in all.", KK_AREA_MAX,
	    KK_TOTAL_MAX);
	put(&a, 0, intro, NULL);
	free(intro);
	a.row += 2;
	sheet_list(&a);
	a.row++;
	data_set(&a, scores);
	line(&a, "Read", NULL);
	file_list(&a, "Exports", x->exports, x->nexports);
	files_with_sources(&a, "Population", x->population, x->npopulation);
	files_with_sources(&a, "Code changes", x->changes, x->nchanges);
	a.row++;
	line(&a, "Method", NULL);
	distinct(&a, "score method", scores, "method", keep);
	for (size_t i = 0; method_text[i]; i++)
		line(&a, NULL, method_text[i]);
	a.row++;
	line(&a, "Sources", NULL);
	distinct(&a, "Evaluations", scores, "source", keep);
	check(worksheet_set_column(ws, 0, 0, 20, NULL), "about");
	check(worksheet_set_column(ws, 1, 1, ABOUT_WIDTH, NULL), "about");
	check(worksheet_set_column(ws, 2, 2, 8, NULL), "about");
	check(worksheet_set_column(ws, 3, 3, 40, NULL), "about");
	print_setup(ws);
	worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- the report's municipality ------------------------------------------ */

static void
add_unique(char ***list, size_t *n, char *s)
{
	if (in_list(*list, *n, s))
		return;
	*list = kk_realloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = s;
}

/* The evaluation reported, and the codes and evaluation ids the
 * municipality has in the scores (for the tables without its id). */
static void
find_focus(struct focus *f, const kk_table *t)
{
	size_t mi = kk_table_need_col(t, &kk_scores_table, KK_S_MUNICIPALITY_ID);
	size_t id = kk_table_need_col(t, &kk_scores_table, KK_S_ID);
	size_t co = kk_table_need_col(t, &kk_scores_table, KK_S_COUNTRY);
	size_t mc = kk_table_need_col(t, &kk_scores_table, KK_S_CODE);
	size_t yr = kk_table_need_col(t, &kk_scores_table, KK_S_YEAR);
	size_t nm = kk_table_need_col(t, &kk_scores_table, KK_S_MUNI);

	for (size_t r = 0; r < t->nrows; r++) {
		char **c = t->cell[r];
		long y;
		if (strcmp(c[mi], f->id) != 0)
			continue;
		f->country = c[co];
		add_unique(&f->codes, &f->ncodes, c[mc]);
		add_unique(&f->ids, &f->nids, c[id]);
		if (kk_year_parse(c[yr], strlen(c[yr]), &y) && y == f->year) {
			f->code = c[mc];
			f->name = c[nm];
		}
	}
	if (!f->code)
		kk_die("%s: no evaluation of %s in %ld", t->name, f->id, f->year);
}

/* ---- main ----------------------------------------------------------------- */

static void
make_formats(struct context *x)
{
	x->head = workbook_add_format(x->wb);
	format_set_bold(x->head);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	format_set_bg_color(x->head, 0xDDE4EE);
	x->text = workbook_add_format(x->wb);
	format_set_num_format(x->text, "@");
	x->integer = workbook_add_format(x->wb);
	format_set_num_format(x->integer, "0");
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->bold = workbook_add_format(x->wb);
	format_set_bold(x->bold);
	x->link = workbook_get_default_url_format(x->wb);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
}

static void
add_sheet(struct context *x, const struct sheet_spec *spec, const char *path)
{
	kk_grow((void **)&x->sheets, &x->cap, x->nsheets + 1, sizeof *x->sheets);
	struct sheet *sh = &x->sheets[x->nsheets++];
	memset(sh, 0, sizeof *sh);
	sh->spec = *spec;
	sh->path = kk_strdup(path);
}

static bool
known_file(const char *file)
{
	for (size_t i = 0; i < sizeof analysis_sheets / sizeof *analysis_sheets;
	    i++)
		if (strcmp(analysis_sheets[i].file, file) == 0)
			return true;
	return false;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A sheet name for a table's file name: without ".csv", within Excel's
 * 31 characters, none of the characters Excel refuses in one. */
static char *
sheet_name(const char *file)
{
	size_t n = strlen(file) - 4;
	char *s = kk_strndup(file, n < LXW_SHEETNAME_MAX ? n : LXW_SHEETNAME_MAX);

	for (char *p = s; *p; p++)
		if (strchr("[]:*?/\\'", *p) || (unsigned char)*p >= 0x80 ||
		    (unsigned char)*p < 0x20)
			*p = '_';
	return s;
}

/* Tables of OUT/tables/ that the list above does not name, in byte order
 * of their names: a new table gets a sheet without a change here. */
static void
other_tables(struct context *x)
{
	char *dir = kk_path_join(x->dir, "tables");
	DIR *d = opendir(dir);
	struct dirent *e;
	char **found = NULL;
	size_t n = 0, cap = 0;

	while (d && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len <= 4 || e->d_name[0] == '.' ||
		    strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		char *file = kk_path_join("tables", e->d_name);
		if (known_file(file)) {
			free(file);
			continue;
		}
		kk_grow((void **)&found, &cap, n + 1, sizeof *found);
		found[n++] = file;
	}
	if (d)
		closedir(d);
	if (n > 1)
		qsort(found, n, sizeof *found, by_name);
	for (size_t i = 0; i < n; i++) {
		char *name = sheet_name(found[i] + strlen("tables/"));
		char *p = kk_path_join(x->dir, found[i]);
		struct sheet_spec spec = { name, found[i], "A table of the "
		    "analysis (see README.md).", ROWS_ALL };
		add_sheet(x, &spec, p);
		x->sheets[x->nsheets - 1].name = name;
		x->sheets[x->nsheets - 1].file = found[i];
		free(p);
	}
	free(found);
	free(dir);
}

/* The sheets of the tables that exist, scores.csv always. */
static void
choose_sheets(struct context *x)
{
	const struct sheet_spec *spec = x->focus ? report_sheets : analysis_sheets;
	size_t n = x->focus ? sizeof report_sheets / sizeof *report_sheets :
	    sizeof analysis_sheets / sizeof *analysis_sheets;

	for (size_t i = 0; i < n; i++) {
		char *p = kk_path_join(x->dir, spec[i].file);
		if (exists(p) || strcmp(spec[i].file, "scores.csv") == 0)
			add_sheet(x, &spec[i], p);
		free(p);
		/* after the statistics, before the files of the first stages */
		if (!x->focus && strcmp(spec[i].name, "size_model") == 0)
			other_tables(x);
	}
}

static void
write_workbook(struct context *x, kk_table *scores, const char *out)
{
	lxw_doc_properties props = {
		.title = x->focus ? "kompass: the tables of a report" :
		    "kompass: the tables of the analysis",
		.subject = "Kommunekompasset and Kommunkompassen evaluations",
		.author = "kompass (kk-workbook)",
		/* a fixed date, so that the same tables give the same bytes
		 * (0 would mean the time of the run) */
		.created = 1,
	};
	bool *keep = kk_malloc(scores->nrows + 1);
	struct sheet_spec mine = { .rows = x->focus ? ROWS_MUNICIPALITY :
	    ROWS_ALL };

	choose_sheets(x);
	if (!(x->wb = workbook_new(out)))
		kk_die("%s: cannot create the workbook", out);
	check(workbook_set_properties(x->wb, &props), out);
	make_formats(x);
	lxw_worksheet *about = workbook_add_worksheet(x->wb, "about");
	for (size_t i = 0; i < x->nsheets; i++) {
		bool is_scores = strcmp(x->sheets[i].spec.file, "scores.csv") == 0;
		kk_table *t = is_scores ? scores : kk_table_read(x->sheets[i].path);
		write_table(x, &x->sheets[i], t);
		if (!is_scores)
			kk_table_free(t);
	}
	for (size_t r = 0; r < scores->nrows; r++)
		keep[r] = keep_row(x, &mine, scores, r);
	write_about(x, about, scores, keep);
	worksheet_activate(about);
	check(workbook_close(x->wb), out);
	free(keep);
}

static void
add_file(const char ***list, size_t *n, const char *file)
{
	*list = kk_realloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = file;
}

/* Where the workbook goes unless -o says: OUT/kompass.xlsx, or the
 * report's folder. */
static char *
default_path(const struct context *x)
{
	if (!x->focus)
		return kk_path_join(x->dir, "kompass.xlsx");
	char *sub = kk_asprintf("reports/%s-%ld", x->focus->code,
	    x->focus->year);
	char *dir = kk_path_join(x->dir, sub);
	kk_mkdirs(dir);
	char *p = kk_path_join(dir, "report.xlsx");
	free(dir);
	free(sub);
	return p;
}

static void
free_context(struct context *x)
{
	for (size_t s = 0; s < x->nsheets; s++) {
		free(x->sheets[s].path);
		free(x->sheets[s].name);
		free(x->sheets[s].file);
	}
	free(x->sheets);
	if (x->focus) {
		free(x->focus->codes);
		free(x->focus->ids);
	}
	free(x->exports);
	free(x->population);
	free(x->changes);
}

int
main(int argc, char **argv)
{
	enum { O_HELP, O_DIR, O_O, O_OUTPUT, O_EXPORT, O_POPULATION,
		O_CHANGES, O_MUNICIPALITY, O_YEAR };
	static const kk_option options[] = {
		{ "help", false, O_HELP }, { "dir", true, O_DIR },
		{ "o", true, O_O }, { "output", true, O_OUTPUT },
		{ "export", true, O_EXPORT },
		{ "population", true, O_POPULATION },
		{ "code-changes", true, O_CHANGES },
		{ "municipality", true, O_MUNICIPALITY },
		{ "year", true, O_YEAR }, { NULL, false, 0 }
	};
	struct context x = { .dir = "out" };
	struct focus focus = { 0 };
	const char *out = NULL, *val;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case O_HELP: fputs(usage_text, stdout); return 0;
		case O_DIR: x.dir = val; break;
		case O_O: case O_OUTPUT: out = val; break;
		case O_EXPORT: add_file(&x.exports, &x.nexports, val); break;
		case O_POPULATION:
			add_file(&x.population, &x.npopulation, val);
			break;
		case O_CHANGES: add_file(&x.changes, &x.nchanges, val); break;
		case O_MUNICIPALITY: focus.id = val; break;
		case O_YEAR:
			if (!kk_year_parse(val, strlen(val), &focus.year))
				kk_usage("--year must be a year in "
				    KK_YEAR_RANGE ", not '%s'", val);
			break;
		}
	}
	if (i < argc)
		kk_usage("unexpected argument '%s'", argv[i]);
	if (!focus.id != !focus.year)
		kk_usage("--municipality and --year go together");
	if (out && strcmp(out, "-") == 0)
		kk_usage("a workbook is a file: give -o FILE.xlsx");

	char *scores_path = kk_path_join(x.dir, "scores.csv");
	kk_table *scores = kk_table_read(scores_path);
	if (focus.id) {
		x.focus = &focus;
		find_focus(&focus, scores);
	}
	char *path = out ? kk_strdup(out) : default_path(&x);
	kk_out *o = kk_out_open(path);
	const char *tmp = kk_out_tmpname(o);
	if (!tmp)
		kk_die("%s: a workbook must be a regular file", path);
	/* libxlsxwriter writes by name: into the temporary file that
	 * kk_out_commit renames over path, so a failed run leaves the
	 * previous workbook as it was */
	write_workbook(&x, scores, tmp);
	kk_out_commit(o);
	fprintf(stderr, "%s: wrote %s\n", kk_prog, path);
	free_context(&x);
	kk_table_free(scores);
	free(scores_path);
	free(path);
	return 0;
}
