/*
 * kk-ingest - read evaluation exports in any dialect, write the canonical
 * table.  See usage() and README.md.
 */
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "schema.h"

enum role {
	R_CODE, R_NAME, R_YEAR, R_VERSION, R_COUNTRY, R_AREA, R_TOTAL,
	R_AREA_ITEM, R_SCORE, R_SUBAREA, R_MAX, R_SOURCE, NROLES
};

static const char *const role_name[NROLES] = {
	"code", "name", "year", "version", "country", "area", "total",
	"area_item", "score", "subarea", "max", "source"
};

static const char *const role_title[NROLES] = {
	"municipality code", "municipality name", "year", "version", "country",
	"area score", "total", "area (long layout)", "score", "sub-area",
	"max points", "source"
};

struct alias {
	enum role role;
	char *pattern;          /* in folded form (see kk_fold), with '#' for
				   an area digit and a trailing '*' */
};

static struct alias *aliases;
static size_t naliases;

enum layout { WIDE, LONG, SUBAREA };

struct file_map {               /* what each column of one file means */
	long col[NROLES];       /* -1 if absent (R_AREA unused here) */
	long area_col[9];       /* wide layout: column of area 1..8 */
	enum layout layout;
};

struct options {
	char delimiter;
	enum kk_encoding encoding;
	const char *country;    /* for files without a country column */
	bool allow_rejects;
};

struct counts {
	long read, accepted, rejected;
};

static kk_out *rejects;

static const char usage_text[] =
"usage: kk-ingest [options] FILE...\n"
"Read Kommunekompasset/Kommunkompassen exports (FILE '-' is standard input)\n"
"and write the canonical table to standard output.\n"
"\n"
"  -o, --output FILE      write the table to FILE (only if all went well)\n"
"      --rejects FILE     list rejected rows: file,line,column,reason\n"
"      --allow-rejects    exit 0 even if rows were rejected\n"
"      --country NO|SE    country of files that have no country column\n"
"      --delimiter C      ';', ',' or 'tab' (default: detected per file)\n"
"      --encoding E       utf-8, windows-1252 or iso-8859-1 (default: UTF-8\n"
"                         if the file is valid UTF-8, else Windows-1252)\n"
"      --columns FILE     header alias dictionary (default data/columns.csv)\n"
"      --help             show this help\n"
"\n"
"Layouts: wide (a row per evaluation: area columns and/or a total), long\n"
"(a row per evaluation and area, 'total' allowed as area) and sub-area (a\n"
"row per sub-area such as 6.3, with its max).  Decimal comma or point.\n"
"Output columns: evaluation_id,country,municipality_code,municipality,year,\n"
"version,level,item,score,max,source.  On stderr, per file:\n"
"'FILE: N rows read, N accepted, N rejected'.  Exit 0 on success, 1 on a\n"
"structural error or rejected rows, 2 on a usage error.\n";

/* ---- the alias dictionary --------------------------------------------- */

static enum role
role_parse(const char *s)
{
	for (int r = 0; r < NROLES; r++)
		if (strcmp(s, role_name[r]) == 0)
			return (enum role)r;
	return NROLES;
}

static void
load_aliases(const char *path)
{
	kk_table *t = kk_table_read(path);
	size_t rc = kk_table_need(t, "role"), ac = kk_table_need(t, "alias");

	aliases = kk_calloc(t->nrows, sizeof *aliases);
	for (size_t i = 0; i < t->nrows; i++) {
		enum role r = role_parse(t->cell[i][rc]);
		if (r == NROLES)
			kk_die_at(path, t->line[i], (long)rc + 1, "unknown role '%s'",
			    t->cell[i][rc]);
		aliases[naliases].role = r;
		aliases[naliases++].pattern = kk_strdup(t->cell[i][ac]);
	}
	kk_table_free(t);
}

/* Match a folded header against a pattern; *area gets the '#' digit. */
static bool
pattern_match(const char *p, const char *s, int *area)
{
	for (; *p; p++, s++) {
		if (*p == '*' && p[1] == '\0')
			return *s != '\0';
		if (*p == '#') {
			if (*s < '1' || *s > '8')
				return false;
			*area = *s - '0';
		} else if (*p != *s) {
			return false;
		}
	}
	return *s == '\0';
}

static enum role
header_role(const char *header, int *area)
{
	char *f = kk_fold(header);
	enum role r = NROLES;

	*area = 0;
	for (size_t i = 0; i < naliases && r == NROLES; i++)
		if (pattern_match(aliases[i].pattern, f, area))
			r = aliases[i].role;
	free(f);
	return r;
}

/* Is this folded text one of the aliases of role r? */
static bool
is_alias(enum role r, const char *folded, int *area)
{
	for (size_t i = 0; i < naliases; i++)
		if (aliases[i].role == r && pattern_match(aliases[i].pattern,
		    folded, area))
			return true;
	return false;
}

static void
die_missing(const char *file, enum role r)
{
	char *list = kk_strdup("");

	for (size_t i = 0; i < naliases; i++) {
		if (aliases[i].role != r)
			continue;
		size_t n = strlen(list) + strlen(aliases[i].pattern) + 3;
		list = kk_realloc(list, n);
		if (*list)
			strcat(list, ", ");
		strcat(list, aliases[i].pattern);
	}
	kk_die_at(file, 1, 0, "missing required column: %s (one of: %s)",
	    role_title[r], list);
}

/* ---- the header ------------------------------------------------------- */

static void
map_column(struct file_map *m, const char *file, const kk_record *h, size_t i)
{
	int area;
	enum role r = header_role(h->field[i], &area);
	long *slot;

	if (r == NROLES) {
		kk_warn_at(file, h->line, (long)i + 1,
		    "ignoring column '%s' (not in the column dictionary)",
		    h->field[i]);
		return;
	}
	slot = r == R_AREA ? &m->area_col[area] : &m->col[r];
	if (*slot >= 0)
		kk_die_at(file, h->line, (long)i + 1,
		    "column '%s' duplicates column %ld ('%s'): both are %s%.0d",
		    h->field[i], *slot + 1, h->field[*slot], role_title[r], area);
	*slot = (long)i;
}

static void
map_header(struct file_map *m, const char *file, const kk_record *h,
	const struct options *o)
{
	bool any_area = false;

	for (int r = 0; r < NROLES; r++)
		m->col[r] = -1;
	for (int a = 0; a < 9; a++)
		m->area_col[a] = -1;
	for (size_t i = 0; i < h->nfields; i++)
		map_column(m, file, h, i);
	for (int a = 1; a <= 8; a++)
		any_area |= m->area_col[a] >= 0;

	if (m->col[R_CODE] < 0)
		die_missing(file, R_CODE);
	if (m->col[R_YEAR] < 0)
		die_missing(file, R_YEAR);
	if (m->col[R_COUNTRY] < 0 && !o->country)
		kk_die_at(file, 1, 0, "no country column: give --country NO or SE");
	if (m->col[R_SUBAREA] >= 0)
		m->layout = SUBAREA;
	else if (m->col[R_AREA_ITEM] >= 0)
		m->layout = LONG;
	else
		m->layout = WIDE;
	if (m->layout != WIDE && m->col[R_SCORE] < 0)
		die_missing(file, R_SCORE);
	if (m->layout == WIDE && !any_area && m->col[R_TOTAL] < 0)
		kk_die_at(file, 1, 0, "no score columns: need area columns "
		    "(område 1 ... område 8), a total, or a long layout "
		    "(område + poeng)");
	if (m->layout != WIDE && (any_area || m->col[R_TOTAL] >= 0))
		kk_die_at(file, 1, 0, "mixed layout: area or total columns "
		    "beside a long-layout '%s' column", m->layout == LONG ?
		    "område" : "delområde");
}

/* ---- one row ---------------------------------------------------------- */

struct evaluation {
	char id[32];
	char country[3];
	char code[5];
	long year;
	const char *name, *version, *source;
	char version_buf[16];
};

struct row_error {
	long col;
	char *msg;
};

static bool
reject_row(struct row_error *e, long col, const char *fmt, const char *a,
	const char *b)
{
	size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;

	e->col = col;
	e->msg = kk_malloc(n);
	snprintf(e->msg, n, fmt, a, b ? b : "");
	return false;
}

static const char *
cell(const kk_record *r, long col)
{
	return col >= 0 ? r->field[col] : "";
}

static bool
parse_country(const char *s, char out[3])
{
	if (!strcmp(s, "NO") || !strcmp(s, "SE")) {     /* the usual case */
		memcpy(out, s, 3);
		return true;
	}
	char *f = kk_fold(s);
	bool ok = true;

	if (!strcmp(f, "no") || !strcmp(f, "nor") || !strcmp(f, "norge") ||
	    !strcmp(f, "noreg") || !strcmp(f, "norway"))
		strcpy(out, "NO");
	else if (!strcmp(f, "se") || !strcmp(f, "swe") || !strcmp(f, "sverige") ||
	    !strcmp(f, "sweden"))
		strcpy(out, "SE");
	else
		ok = false;
	free(f);
	return ok;
}

/* Codes are four digits; spreadsheets drop the leading zero ("301"). */
static bool
parse_code(const char *s, char out[5])
{
	long v;

	if (kk_parse_long(s, strlen(s), 1, 9999, &v) != KK_NUM_OK)
		return false;
	for (const char *p = s; *p; p++)
		if (*p == '+' || *p == '-')
			return false;
	for (int k = 3; k >= 0; k--, v /= 10)
		out[k] = (char)('0' + v % 10);
	out[4] = '\0';
	return true;
}

static bool
parse_evaluation(const kk_record *r, const struct file_map *m,
	const struct options *o, const char *file, struct evaluation *ev,
	struct row_error *e)
{
	const char *s;
	size_t n;

	s = m->col[R_COUNTRY] >= 0 ? cell(r, m->col[R_COUNTRY]) : o->country;
	if (!parse_country(s, ev->country))
		return reject_row(e, m->col[R_COUNTRY] + 1,
		    "country '%s' is neither NO nor SE%s", s, NULL);
	s = cell(r, m->col[R_CODE]);
	if (!parse_code(s, ev->code))
		return reject_row(e, m->col[R_CODE] + 1,
		    "municipality code '%s' is not a number of at most four digits%s",
		    s, NULL);
	s = cell(r, m->col[R_YEAR]);
	if (!kk_year_parse(s, strlen(s), &ev->year))
		return reject_row(e, m->col[R_YEAR] + 1,
		    "year '%s' is not a year in " KK_YEAR_RANGE "%s", s, NULL);
	ev->name = cell(r, m->col[R_NAME]);
	s = cell(r, m->col[R_VERSION]);
	n = strlen(s);
	if (n >= sizeof ev->version_buf)
		return reject_row(e, m->col[R_VERSION] + 1,
		    "version '%s' is too long%s", s, NULL);
	memcpy(ev->version_buf, s, n + 1);
	if (n == 3 && ev->version_buf[1] == ',')   /* "3,2" from a comma locale */
		ev->version_buf[1] = '.';
	ev->version = ev->version_buf;
	ev->source = m->col[R_SOURCE] >= 0 ? cell(r, m->col[R_SOURCE]) : file;
	/* "NO-5025-2022": country and code have fixed width, the year 4 digits */
	memcpy(ev->id, ev->country, 2);
	ev->id[2] = '-';
	memcpy(ev->id + 3, ev->code, 4);
	ev->id[7] = '-';
	for (int k = 3; k >= 0; k--)
		ev->id[8 + 3 - k] = (char)('0' + ev->year / (k == 3 ? 1000 : k == 2 ?
		    100 : k == 1 ? 10 : 1) % 10);
	ev->id[12] = '\0';
	return true;
}

/* A score as output text: empty when missing. */
struct score {
	const char *s;
	size_t n;
	char buf[32];
};

/* A score cell: empty means missing; anything else must be a number.
 * A cell already written as kk_format_double would write it ("61",
 * "61.5") is copied: parsing and formatting it gives the same bytes. */
static bool
parse_score(const kk_record *r, long col, const char *what,
	struct score *sc, struct row_error *e)
{
	const char *s;
	size_t n;
	double v;

	sc->s = "";
	sc->n = 0;
	if (col < 0)
		return true;
	s = r->field[col];
	n = r->len[col];
	if (kk_number_is_canonical(s, n)) {
		sc->s = s;
		sc->n = n;
		return true;
	}
	switch (kk_parse_double(s, n, &v)) {
	case KK_NUM_OK:
		sc->s = kk_format_double(sc->buf, v);
		sc->n = strlen(sc->s);
		return true;
	case KK_NUM_EMPTY:
		return true;
	case KK_NUM_RANGE:
		return reject_row(e, col + 1, "%s '%s' is out of range", what, s);
	default:
		return reject_row(e, col + 1, "%s '%s' is not a number", what, s);
	}
}

/* The columns every row of one evaluation shares, built once per input
 * row: "id,country,code,name,year,version," and ",source\n". */
static kk_buf line, suffix, outbuf;
static size_t prefix_len;

/* Output goes through one large buffer: a few fwrite calls per megabyte
 * instead of one per row. */
static void
flush_out(FILE *fp)
{
	if (outbuf.len > 0)
		fwrite(outbuf.p, 1, outbuf.len, fp);
	outbuf.len = 0;
}

static void
begin_rows(const struct evaluation *ev)
{
	line.len = 0;
	kk_buf_str(&line, ev->id);
	kk_buf_char(&line, ',');
	kk_buf_str(&line, ev->country);
	kk_buf_char(&line, ',');
	kk_buf_str(&line, ev->code);
	kk_buf_char(&line, ',');
	kk_buf_csv(&line, ev->name, strlen(ev->name));
	kk_buf_char(&line, ',');
	kk_buf_add(&line, ev->id + 8, 4);     /* the year, as in the id */
	kk_buf_char(&line, ',');
	kk_buf_csv(&line, ev->version, strlen(ev->version));
	kk_buf_char(&line, ',');
	prefix_len = line.len;
	suffix.len = 0;
	kk_buf_char(&suffix, ',');
	kk_buf_csv(&suffix, ev->source, strlen(ev->source));
	kk_buf_char(&suffix, '\n');
}

/* One output row, assembled in place at the end of outbuf. */
static void
emit(FILE *fp, const char *level, const char *item, const struct score *score,
	const struct score *max)
{
	size_t nl = strlen(level), ni = strlen(item);
	size_t need = prefix_len + nl + ni + score->n + max->n + suffix.len + 3;
	char *o;

	o = kk_put(kk_buf_reserve(&outbuf, need), line.p, prefix_len);
	o = kk_put(o, level, nl);
	*o++ = ',';
	o = kk_put(o, item, ni);      /* "1".."8", "total" or a checked "6.3" */
	*o++ = ',';
	o = kk_put(o, score->s, score->n);
	*o++ = ',';
	o = kk_put(o, max->s, max->n);
	o = kk_put(o, suffix.p, suffix.len);
	outbuf.len = (size_t)(o - outbuf.p);
	if (outbuf.len >= 1 << 16)
		flush_out(fp);
}

static bool
wide_row(FILE *fp, const kk_record *r, const struct file_map *m,
	struct row_error *e)
{
	static const struct score none = { "", 0, "" };
	static const char *const what[9] = { "", "area 1 score", "area 2 score",
		"area 3 score", "area 4 score", "area 5 score", "area 6 score",
		"area 7 score", "area 8 score" };
	struct score score[9], total;
	bool any = false;

	for (int a = 1; a <= 8; a++) {
		if (!parse_score(r, m->area_col[a], what[a], &score[a], e))
			return false;
		any |= score[a].n > 0;
	}
	if (!parse_score(r, m->col[R_TOTAL], "total", &total, e))
		return false;
	if (!any && total.n == 0)
		return reject_row(e, 0, "no scores: every area and the total are "
		    "empty%s%s", "", NULL);
	for (int a = 1; a <= 8; a++) {
		if (score[a].n == 0)
			continue;
		emit(fp, kk_level_name(KK_LEVEL_AREA), kk_area_name(a),
		    &score[a], &none);
	}
	if (total.n > 0)
		emit(fp, kk_level_name(KK_LEVEL_TOTAL),
		    kk_area_name(KK_AREA_TOTAL), &total, &none);
	return true;
}

/* The area named in a long-layout row: "1".."8", "Område 3",
 * "3. Styring og kontroll", or a total alias such as "Totalt". */
static int
item_area(const char *s)
{
	size_t len = strlen(s);
	long v;
	char *f;
	int area = -1, a = 0;

	switch (kk_parse_long(s, len, -1000000, 1000000, &v)) {
	case KK_NUM_OK:
		for (size_t i = 0; i < len; i++)
			if (s[i] == '+' || s[i] == '-')
				return -1;              /* "-1" is not area 1 */
		return v >= 1 && v <= 8 ? (int)v : -1;
	case KK_NUM_EMPTY:
	case KK_NUM_RANGE:
		return -1;
	case KK_NUM_INVALID:
		break;
	}
	f = kk_fold(s);
	/* a title: "3. Styring og kontroll" -> "3_styring_og_kontroll" */
	if (f[0] >= '1' && f[0] <= '8' && f[1] == '_' && f[2] >= 'a' && f[2] <= 'z')
		area = f[0] - '0';
	else if (is_alias(R_TOTAL, f, &a))
		area = 0;
	else if (is_alias(R_AREA, f, &a))
		area = a;
	free(f);
	return area;
}

/* The text item_area was last asked about, and its answer. */
static kk_buf area_text;
static int area_of_text;
static bool have_area_text;

/* Long files name each row's area with a digit, and the total with the
 * same word every ninth row: answer those without parsing or folding. */
static int
row_area(const char *s, size_t len)
{
	if (len == 1 && s[0] >= '1' && s[0] <= '8')
		return s[0] - '0';
	if (have_area_text && len == area_text.len &&
	    memcmp(s, area_text.p, len) == 0)
		return area_of_text;
	area_text.len = 0;
	kk_buf_add(&area_text, s, len);
	area_of_text = item_area(s);
	have_area_text = true;
	return area_of_text;
}

static bool
long_row(FILE *fp, const kk_record *r, const struct file_map *m,
	struct row_error *e)
{
	long col = m->col[R_AREA_ITEM];
	const char *s = cell(r, col);
	int area = row_area(s, r->len[col]);
	struct score score, max;

	if (area < 0)
		return reject_row(e, m->col[R_AREA_ITEM] + 1,
		    "area '%s' is neither 1-8 nor a total%s", s, NULL);
	if (!parse_score(r, m->col[R_SCORE], "score", &score, e) ||
	    !parse_score(r, m->col[R_MAX], "max", &max, e))
		return false;
	if (score.n == 0)
		return reject_row(e, m->col[R_SCORE] + 1, "empty score%s%s", "",
		    NULL);
	emit(fp, kk_level_name(area ? KK_LEVEL_AREA : KK_LEVEL_TOTAL),
	    kk_area_name(area ? area : KK_AREA_TOTAL), &score, &max);
	return true;
}

/* Sub-area codes look like "6.3" (or "6,3"). */
static bool
subarea_code(const char *s, char out[8])
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ')
		s++, n--;
	if (n < 3 || n > 4 || s[0] < '1' || s[0] > '8' ||
	    (s[1] != '.' && s[1] != ',') || s[2] < '1' || s[2] > '9' ||
	    (n == 4 && (s[3] < '0' || s[3] > '9')))
		return false;
	memcpy(out, s, n);
	out[1] = '.';
	out[n] = '\0';
	return true;
}

static bool
subarea_row(FILE *fp, const kk_record *r, const struct file_map *m,
	struct row_error *e)
{
	const char *s = cell(r, m->col[R_SUBAREA]);
	char code[8];
	struct score score, max;

	if (!subarea_code(s, code))
		return reject_row(e, m->col[R_SUBAREA] + 1,
		    "sub-area '%s' is not of the form 6.3%s", s, NULL);
	if (!parse_score(r, m->col[R_SCORE], "score", &score, e) ||
	    !parse_score(r, m->col[R_MAX], "max", &max, e))
		return false;
	if (score.n == 0)
		return reject_row(e, m->col[R_SCORE] + 1, "empty score%s%s", "",
		    NULL);
	emit(fp, kk_level_name(KK_LEVEL_SUBAREA), code, &score, &max);
	return true;
}

static void
list_reject(const char *file, long line, const struct row_error *e)
{
	FILE *fp = rejects ? kk_out_fp(rejects) : NULL;

	kk_warn_at(file, line, e->col, "rejected: %s", e->msg);
	if (!fp)
		return;
	kk_csv_put(fp, file);
	fprintf(fp, ",%ld,", line);
	if (e->col > 0)
		fprintf(fp, "%ld", e->col);
	kk_csv_sep(fp);
	kk_csv_put(fp, e->msg);
	kk_csv_eol(fp);
}

/* The cells that make an evaluation (code, name, year, version, country,
 * source) of the last row whose evaluation was accepted.  Long and
 * sub-area files repeat them on every row of an evaluation: when they are
 * the same bytes again, the parsed evaluation and its row prefix stand. */
static const enum role same_roles[] = { R_CODE, R_NAME, R_YEAR, R_VERSION,
	R_COUNTRY, R_SOURCE };
#define NSAME (sizeof same_roles / sizeof *same_roles)
static kk_buf last_cells;
static size_t last_len[NSAME];
static bool have_last;

static bool
same_evaluation(const kk_record *r, const struct file_map *m)
{
	size_t off = 0;

	if (!have_last)
		return false;
	for (size_t k = 0; k < NSAME; k++) {
		long col = m->col[same_roles[k]];
		size_t len = col >= 0 ? r->len[col] : 0;
		if (len != last_len[k] || (len > 0 &&
		    memcmp(r->field[col], last_cells.p + off, len) != 0))
			return false;
		off += len;
	}
	return true;
}

static void
remember_evaluation(const kk_record *r, const struct file_map *m)
{
	last_cells.len = 0;
	for (size_t k = 0; k < NSAME; k++) {
		long col = m->col[same_roles[k]];
		last_len[k] = col >= 0 ? r->len[col] : 0;
		if (col >= 0)
			kk_buf_add(&last_cells, r->field[col], r->len[col]);
	}
	have_last = true;
}

static void
ingest_file(FILE *fp, const char *file, const struct options *o,
	struct counts *total)
{
	kk_csv_options co = { o->delimiter, o->encoding, false };
	kk_csv *c = kk_csv_open_or_die(file, &co);
	const kk_record *r = kk_csv_next_or_die(c);
	struct file_map m;
	struct counts n = { 0, 0, 0 };

	map_header(&m, file, r, o);
	have_last = false;          /* the file name may be the source */
	while ((r = kk_csv_next_or_die(c)) != NULL) {
		struct evaluation ev;
		struct row_error e = { 0, NULL };
		bool ok;

		n.read++;
		ok = same_evaluation(r, &m);
		if (!ok && (ok = parse_evaluation(r, &m, o, file, &ev, &e))) {
			begin_rows(&ev);
			remember_evaluation(r, &m);
		}
		if (ok && m.layout == WIDE)
			ok = wide_row(fp, r, &m, &e);
		else if (ok && m.layout == LONG)
			ok = long_row(fp, r, &m, &e);
		else if (ok)
			ok = subarea_row(fp, r, &m, &e);
		if (ok) {
			n.accepted++;
		} else {
			n.rejected++;
			list_reject(file, r->line, &e);
			free(e.msg);
		}
	}
	kk_csv_close(c);
	flush_out(fp);
	fprintf(stderr, "%s: %ld rows read, %ld accepted, %ld rejected\n",
	    file, n.read, n.accepted, n.rejected);
	total->read += n.read;
	total->accepted += n.accepted;
	total->rejected += n.rejected;
}

static char
parse_delimiter(const char *s)
{
	if (!strcmp(s, ";") || !strcmp(s, ",") || !strcmp(s, "\t"))
		return s[0];
	if (!strcmp(s, "tab") || !strcmp(s, "TAB") || !strcmp(s, "\\t"))
		return '\t';
	kk_usage("--delimiter must be ';', ',' or 'tab', not '%s'", s);
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { "help", "o=", "output=",
		"rejects=", "allow-rejects", "country=", "delimiter=", "encoding=",
		"columns=", NULL };
	struct options o = { 0, KK_ENC_AUTO, NULL, false };
	const char *outpath = NULL, *rejpath = NULL, *val;
	char *columns = NULL;
	struct counts total = { 0, 0, 0 };
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, names, &val)) >= 0) {
		switch (k) {
		case 0: fputs(usage_text, stdout); return 0;
		case 1: case 2: outpath = val; break;
		case 3: rejpath = val; break;
		case 4: o.allow_rejects = true; break;
		case 5:
			o.country = val;
			if (strcmp(val, "NO") && strcmp(val, "SE"))
				kk_usage("--country must be NO or SE");
			break;
		case 6: o.delimiter = parse_delimiter(val); break;
		case 7:
			if (!kk_encoding_parse(val, &o.encoding))
				kk_usage("unknown encoding '%s'", val);
			break;
		case 8: free(columns); columns = kk_strdup(val); break;
		}
	}
	if (i >= argc)
		kk_usage("no input files (use '-' for standard input)");
	if (!columns)
		columns = kk_data_path("columns.csv");
	load_aliases(columns);

	kk_out *out = kk_out_open(outpath);
	FILE *fp = kk_out_fp(out);
	if (rejpath) {
		rejects = kk_out_open(rejpath);
		kk_schema_header(kk_out_fp(rejects), &kk_rejects_table);
	}
	kk_schema_header(fp, &kk_canonical_table);
	for (; i < argc; i++)
		ingest_file(fp, argv[i], &o, &total);
	if (rejects)
		kk_out_commit(rejects);
	if (total.rejected > 0 && !o.allow_rejects)
		kk_die("%ld rows rejected (see above; --allow-rejects to accept "
		    "the rest)", total.rejected);
	kk_out_commit(out);
	for (size_t a = 0; a < naliases; a++)
		free(aliases[a].pattern);
	free(aliases);
	free(columns);
	kk_buf_free(&line);
	kk_buf_free(&suffix);
	kk_buf_free(&outbuf);
	kk_buf_free(&last_cells);
	kk_buf_free(&area_text);
	return 0;
}
