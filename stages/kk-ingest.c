/*
 * kk-ingest - read evaluation exports in any dialect, write the canonical
 * table.  See usage() and doc/ingest.md.
 */
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "areas.h"
#include "schema.h"

enum role {
	R_CODE, R_NAME, R_YEAR, R_VERSION, R_COUNTRY, R_AREA, R_TOTAL,
	R_AREA_ITEM, R_SCORE, R_SUBAREA, R_MAX, R_SOURCE, R_IGNORE, NROLES
};

static const char *const role_name[NROLES] = {
	"code", "name", "year", "version", "country", "area", "total",
	"area_item", "score", "subarea", "max", "source", "ignore"
};

static const char *const role_title[NROLES] = {
	"municipality code", "municipality name", "year", "version", "country",
	"area score", "total", "area (long layout)", "score", "sub-area",
	"max points", "source", "ignored"
};

/* Roles whose columns hold or name scores: a header that resembles one
 * of their aliases must not be dropped as unknown. */
static bool
scores_role(enum role r)
{
	return r == R_AREA || r == R_TOTAL || r == R_AREA_ITEM ||
	    r == R_SCORE || r == R_SUBAREA || r == R_MAX;
}

struct alias {
	enum role role;
	char *pattern;          /* in folded form (see kk_fold), with '#' for
				   an area digit and a trailing '*' */
	long line;              /* in the dictionary */
};

static struct alias *aliases;
static size_t naliases;
static const char *columns_path;
static const char *columns_name;  /* its last part, for --explain */
static const char *areas_path;
static kk_areas *areas;

/* Words of the aliases: those of the score roles make an unknown header
 * look like a score; the others ("kommune") do not, nor does a word they
 * begin ("kommunens"). */
static char **score_words, **other_words;
static size_t nscore_words, nother_words;

enum layout { WIDE, LONG, SUBAREA };

/* Versions by number, and one more slot for a row whose version is not
 * known: only columns that name no version's area serve it. */
enum { V_UNKNOWN = KK_NVERSION, NSLOT };

/* What an area header or long-layout cell says, per version.  A name
 * says what the area measures (its canonical area in data/areas.csv),
 * which is a different area number in 2.x and 3.x. */
struct area_ref {
	signed char area[NSLOT];  /* 1..8; 0 (V_UNKNOWN): needs the version;
				     -1: ambiguous in that version */
	int number;               /* written in it ("Område 3"), else 0 */
	int canonical;            /* what its name names, 0: no name, -1:
				     the dictionary gives it to two */
	char *name;               /* the name, folded, or NULL */
};

struct column {                 /* how one header was understood */
	char *header;           /* as written */
	enum role role;         /* NROLES: unknown */
	const struct alias *alias;
	struct area_ref ref;    /* R_AREA */
	const char *like;       /* unknown, but resembles this score word or
				   area name: an error */
	bool like_area;         /* `like` is an area's name */
};

/* The roles that make an evaluation, compared row by row. */
static const enum role same_roles[] = { R_CODE, R_NAME, R_YEAR, R_VERSION,
	R_COUNTRY, R_SOURCE };
#define NSAME (sizeof same_roles / sizeof *same_roles)

struct file_map {               /* what each column of one file means */
	long col[NROLES];       /* -1 if absent (R_AREA unused here) */
	/* wide layout: the column of area 1..KK_NAREA */
	long area_col[NSLOT][KK_NAREA + 1];
	long *foreign[NSLOT];   /* columns naming an area of another version */
	size_t nforeign[NSLOT];
	bool by_version;        /* the area columns depend on the version */
	long same_col[NSAME];   /* the columns of same_roles, or -1 */
	struct column *column;  /* per header field */
	size_t ncols;
	enum layout layout;
};

struct options {
	char delimiter;
	enum kk_encoding encoding;
	const char *country;    /* for files without a country column */
	bool allow_rejects;
	bool explain;
};

struct counts {
	long read, accepted, rejected, blank;
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
"      --areas FILE       area names by version (default data/areas.csv)\n"
"      --explain          for each file, say what was detected and why and\n"
"                         show its first rows as they would be read; write\n"
"                         no table\n"
"      --help             show this help\n"
"\n"
"Layouts: wide (a row per evaluation: area columns and/or a total), long\n"
"(a row per evaluation and area, 'total' allowed as area) and sub-area (a\n"
"row per sub-area such as 6.3, with its max).  Areas are named by number\n"
"('Område 3', '3. Styring og kontroll') or by their name in the row's\n"
"version.  Decimal comma or point.  Excel's 'sep=;' line, rows of empty\n"
"cells and UTF-16 ('Unicode text') are understood.\n"
"Output columns: evaluation_id,country,municipality_code,municipality,year,\n"
"version,level,item,score,max,source.  On stderr, per file:\n"
"'FILE: N rows read, N accepted, N rejected'.  Without -o nothing reaches\n"
"standard output unless all went well.  Exit 0 on success, 1 on a\n"
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

/* Does s end (or, with at_start, begin) in a character kk_fold turns
 * into a separator? */
static bool
folds_to_separator(const char *s, bool at_start)
{
	char *t = at_start ? kk_asprintf("x%s", s) : kk_asprintf("%sx", s);
	char *f = kk_fold(t);
	size_t n = strlen(f);
	bool sep = at_start ? n >= 2 && f[1] == '_' : n >= 2 && f[n - 2] == '_';

	free(t);
	free(f);
	return sep;
}

/* An alias as a pattern: folded as headers are ('Poäng 2024' ->
 * 'poang_2024'), keeping '#' (an area digit) and '*' (any further text),
 * so that a header may be copied into the dictionary as it stands. */
static char *
alias_pattern(const char *alias)
{
	kk_buf b = { 0 };
	const char *s = alias;

	while (*s) {
		size_t n = strcspn(s, "#*");
		char *piece = kk_strndup(s, n), *f = kk_fold(piece);
		if (n > 0 && !*f) {
			if (s > alias && s[n])      /* "#_*": one separator */
				kk_buf_char(&b, '_');
		} else {
			if (s > alias && folds_to_separator(piece, true))
				kk_buf_char(&b, '_');
			kk_buf_str(&b, f);
			if (s[n] && folds_to_separator(piece, false))
				kk_buf_char(&b, '_');
		}
		free(piece);
		free(f);
		s += n;
		if (*s)
			kk_buf_char(&b, *s++);
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

static void
add_word(char ***v, size_t *n, const char *w, size_t len)
{
	if (len < 3)                     /* "nr", "no": in too many headers */
		return;
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i]) == len && !memcmp((*v)[i], w, len))
			return;
	*v = kk_realloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = kk_strndup(w, len);
}

static void
add_words(const struct alias *a)
{
	for (const char *s = a->pattern; *s; ) {
		size_t n = strcspn(s, "_#*");
		if (scores_role(a->role))
			add_word(&score_words, &nscore_words, s, n);
		else if (a->role != R_IGNORE)
			add_word(&other_words, &nother_words, s, n);
		s += n + (s[n] != '\0');
	}
}

/* role,alias[,note]: the note may be left out. */
static void
load_aliases(const char *path)
{
	kk_csv_options co = { 0, KK_ENC_AUTO, true };
	kk_csv *c = kk_csv_open_or_die(path, &co);
	const kk_record *r = kk_csv_next_or_die(c);
	long rc = kk_col_index(r->field, r->nfields, "role");
	long ac = kk_col_index(r->field, r->nfields, "alias");

	if (rc < 0 || ac < 0)
		kk_die_at(path, r->line, 1, "the header must name the columns "
		    "role and alias (and may add note)");
	columns_path = path;
	columns_name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	while ((r = kk_csv_next_or_die(c)) != NULL) {
		if ((long)r->nfields <= (rc > ac ? rc : ac))
			kk_die_at(path, r->line, (long)r->nfields, "a line needs "
			    "at least role,alias (and may add a note)");
		enum role role = role_parse(r->field[rc]);
		if (role == NROLES)
			kk_die_at(path, r->line, rc + 1, "unknown role '%s' (one "
			    "of: code, name, year, version, country, area, total, "
			    "area_item, score, subarea, max, source, ignore)",
			    r->field[rc]);
		char *pattern = alias_pattern(r->field[ac]);
		if (!*pattern || *pattern == '*')
			kk_die_at(path, r->line, ac + 1, "alias '%s' would match "
			    "any header", r->field[ac]);
		aliases = kk_realloc(aliases, (naliases + 1) * sizeof *aliases);
		aliases[naliases] = (struct alias){ role, pattern, r->line };
		add_words(&aliases[naliases++]);
	}
	kk_csv_close(c);
}

/* Match a folded header against a pattern; *area gets the '#' digit and
 * *tail (if not NULL) the text a trailing '*' stands for. */
static bool
pattern_match(const char *p, const char *s, int *area, const char **tail)
{
	for (; *p; p++, s++) {
		if (*p == '*' && p[1] == '\0') {
			if (tail)
				*tail = s;
			return *s != '\0';
		}
		if (*p == '#') {
			if (*s < '1' || *s > '0' + KK_NAREA)
				return false;
			*area = *s - '0';
		} else if (*p != *s) {
			return false;
		}
	}
	return *s == '\0';
}

/* The first alias the folded text matches (of role r, or of any role
 * when r is NROLES), or NULL. */
static const struct alias *
find_alias(enum role r, const char *folded, int *area, const char **tail)
{
	for (size_t i = 0; i < naliases; i++) {
		int a = 0;
		const char *t = NULL;
		if ((r == NROLES || aliases[i].role == r) &&
		    pattern_match(aliases[i].pattern, folded, &a, &t)) {
			*area = a;
			if (tail && t)
				*tail = t;
			return &aliases[i];
		}
	}
	return NULL;
}

/* ---- area names ---------------------------------------------------------- */

/* What a folded header or cell says about areas; false if nothing: no
 * area alias ("omrade_#", "#_*") and no name from data/areas.csv. */
static bool
area_ref(const char *folded, struct area_ref *ref)
{
	const char *name = folded;
	int number = 0;

	memset(ref, 0, sizeof *ref);
	if (find_alias(R_AREA, folded, &number, &name) == NULL)
		name = folded;
	else if (name == folded)
		name = "";              /* "omrade_3": a number, no name */
	ref->number = number;
	ref->canonical = *name ? kk_areas_name_canonical(areas, name) : 0;
	if (!ref->canonical && !number)
		return false;
	if (ref->canonical)
		ref->name = kk_strdup(name);
	for (int v = 0; v < KK_NVERSION; v++)
		ref->area[v] = (signed char)(ref->canonical ? kk_areas_label(areas,
		    (enum kk_version)v, number, ref->name) : number);
	/* a row of unknown version: only an area that is the same in all */
	ref->area[V_UNKNOWN] = ref->area[0];
	for (int v = 1; v < KK_NVERSION; v++)
		if (ref->area[v] != ref->area[0])
			ref->area[V_UNKNOWN] = 0;
	return true;
}

/* "area 8 of 1.x, 2.0 and 2.1 and area 2 of 3.0 and 3.2": the area a
 * named text is in each version (by what it measures); the versions
 * where it is ambiguous are left out. */
static char *
ref_areas(const struct area_ref *ref)
{
	kk_buf b = { 0 };

	bool done[KK_NVERSION] = { false };

	for (int v = 0; v < KK_NVERSION; v++) {
		int a = ref->area[v], vs[KK_NVERSION], n = 0;
		if (done[v] || a <= 0)
			continue;
		for (int w = v; w < KK_NVERSION; w++)
			if (ref->area[w] == a) {
				vs[n++] = w;
				done[w] = true;
			}
		if (b.len)
			kk_buf_str(&b, " and ");
		char *s = kk_asprintf("area %d of ", a);
		kk_buf_str(&b, s);
		free(s);
		for (int k = 0; k < n; k++) {
			if (k > 0)
				kk_buf_str(&b, k + 1 < n ? ", " : " and ");
			kk_buf_str(&b, kk_version_name((enum kk_version)vs[k]));
		}
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* "area 6 of 2.0 (employer) and area 7 of 3.2 (quality)": the areas
 * the dictionary gives one name. */
static char *
name_owners(const char *name)
{
	kk_buf b = { 0 };

	for (int v = 0; v < KK_NVERSION; v++) {
		int a = kk_areas_named(areas, (enum kk_version)v, name);
		if (a <= 0)
			continue;
		char *s = kk_asprintf("%sarea %d of %s (%s)", b.len ? " and " :
		    "", a, kk_version_name((enum kk_version)v), kk_areas_slug(
		    areas, kk_areas_canonical(areas, (enum kk_version)v, a)));
		kk_buf_str(&b, s);
		free(s);
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* ---- the header ------------------------------------------------------- */

/* Is the word w (wn bytes) k, or begun by k of four letters or more? */
static bool
word_begins(const char *w, size_t wn, const char *k)
{
	size_t kn = strlen(k);

	return wn == kn ? !memcmp(w, k, kn) : kn >= 4 && wn > kn &&
	    !memcmp(w, k, kn);
}

/* An unknown folded header that resembles a score: a word begun by a
 * word of a score alias ("poengsum": "poeng"), unless a word of another
 * role begins it too; or an area's name, spelt otherwise ("Kommunen som
 * arbeidsgivar").  What it resembles, or NULL. */
static const char *
resembles_score(const char *folded, bool *area)
{
	*area = false;
	for (const char *s = folded; *s; ) {
		size_t n = strcspn(s, "_");
		bool other = false;
		for (size_t i = 0; i < nother_words && !other; i++)
			other = strlen(other_words[i]) >= 4 &&
			    word_begins(s, n, other_words[i]);
		for (size_t i = 0; i < nscore_words && !other; i++)
			if (word_begins(s, n, score_words[i]))
				return score_words[i];
		s += n + (s[n] != '\0');
	}
	*area = true;
	return kk_areas_resembling(areas, folded, other_words, nother_words);
}

static void
classify(struct column *c, const char *header)
{
	char *f = kk_fold(header);
	int area = 0;

	memset(c, 0, sizeof *c);
	c->header = kk_strdup(header);
	c->role = NROLES;
	c->alias = find_alias(NROLES, f, &area, NULL);
	if (c->alias)
		c->role = c->alias->role;
	if ((c->role == R_AREA || c->role == NROLES) && area_ref(f, &c->ref))
		c->role = R_AREA;
	else if (c->role == NROLES)
		c->like = resembles_score(f, &c->like_area);
	free(f);
}

/* A header that cannot be read: what, where. */
struct header_error {
	long line, col;
	char *msg;
};

static bool
header_fail(struct header_error *he, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool
header_fail(struct header_error *he, long line, long col, const char *fmt, ...)
{
	va_list ap;

	if (he->msg)
		return false;           /* the first error is the one told */
	va_start(ap, fmt);
	he->msg = kk_vasprintf(fmt, ap);
	va_end(ap);
	he->line = line;
	he->col = col;
	return false;
}

static char *
alias_list(enum role r)
{
	kk_buf b = { 0 };

	for (size_t i = 0; i < naliases; i++) {
		if (aliases[i].role != r)
			continue;
		if (b.len)
			kk_buf_str(&b, ", ");
		kk_buf_str(&b, aliases[i].pattern);
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* A required role no header has.  If some header is unknown, it may be
 * that role under a new name: say which line would make it so. */
static bool
missing(const struct file_map *m, struct header_error *he, long line,
	enum role r)
{
	char *list = alias_list(r), *hint = kk_strdup("");

	for (size_t i = 0; i < m->ncols; i++) {
		const struct column *c = &m->column[i];
		if (c->role != NROLES || c->like)
			continue;
		char *f = kk_fold(c->header);
		free(hint);
		hint = kk_asprintf("; if column %zu '%s' is it, add the line "
		    "'%s,%s,' to %s", i + 1, c->header, role_name[r], f,
		    columns_path);
		free(f);
		break;
	}
	header_fail(he, line, 1, "missing required column: %s (one of: %s)%s",
	    role_title[r], list, hint);
	free(list);
	free(hint);
	return false;
}

static void
add_foreign(struct file_map *m, int slot, long col)
{
	m->foreign[slot] = kk_realloc(m->foreign[slot],
	    (m->nforeign[slot] + 1) * sizeof *m->foreign[slot]);
	m->foreign[slot][m->nforeign[slot]++] = col;
}

/* Place area column i in every version slot; a second column on one
 * area of one version is an error. */
static bool
place_area(struct file_map *m, const kk_record *h, size_t i,
	struct header_error *he)
{
	const struct area_ref *ref = &m->column[i].ref;

	for (int s = 0; s < NSLOT; s++) {
		int a = ref->area[s];
		if (a <= 0) {
			add_foreign(m, s, (long)i);
			continue;
		}
		long *slot = &m->area_col[s][a];
		if (*slot >= 0)
			return header_fail(he, h->line, (long)i + 1, "column '%s' "
			    "duplicates column %ld ('%s'): both are area %d%s%s",
			    h->field[i], *slot + 1, h->field[*slot], a,
			    m->by_version && s < V_UNKNOWN ? " of version " : "",
			    m->by_version && s < V_UNKNOWN ?
			    kk_version_name((enum kk_version)s) : "");
		*slot = (long)i;
	}
	return true;
}

/* Why a column that looks like a score cannot be left unread, and what
 * to add so that it is read. */
static char *
unknown_score(const struct column *c, const char *folded,
	const char *columns)
{
	if (c->like_area)
		return kk_asprintf("column '%s' looks like the area '%s' but no "
		    "alias and no area name matches it: add its name to that "
		    "area's other_names in %s (or a line 'ignore,%s,' to %s "
		    "if it holds no score)", c->header, c->like, areas_path,
		    folded, columns);
	return kk_asprintf("column '%s' looks like a score ('%s') but no "
	    "alias and no area name matches it: add a line such as "
	    "'total,%s,' to %s (or 'ignore,%s,' if it holds no score)",
	    c->header, c->like, folded, columns, folded);
}

static bool
map_columns(struct file_map *m, const char *file, const kk_record *h,
	bool warn, struct header_error *he)
{
	for (size_t i = 0; i < h->nfields; i++) {
		struct column *c = &m->column[i];
		classify(c, h->field[i]);
		m->by_version |= c->role == R_AREA && c->ref.canonical != 0;
	}
	for (size_t i = 0; i < h->nfields; i++) {
		struct column *c = &m->column[i];
		if (c->role == R_AREA) {
			if (!place_area(m, h, i, he))
				return false;
		} else if (c->role == R_IGNORE) {
			continue;
		} else if (c->role != NROLES) {
			long *slot = &m->col[c->role];
			if (*slot >= 0)
				return header_fail(he, h->line, (long)i + 1,
				    "column '%s' duplicates column %ld ('%s'): "
				    "both are %s", h->field[i], *slot + 1,
				    h->field[*slot], role_title[c->role]);
			*slot = (long)i;
		} else if (c->like) {
			char *f = kk_fold(h->field[i]), *why = unknown_score(c, f,
			    columns_path);
			header_fail(he, h->line, (long)i + 1, "%s", why);
			free(why);
			free(f);
			return false;
		} else if (warn) {
			kk_warn_at(file, h->line, (long)i + 1,
			    "ignoring column '%s' (not in the column dictionary)",
			    h->field[i]);
		}
	}
	return true;
}

static bool
map_header(struct file_map *m, const char *file, const kk_record *h,
	const struct options *o, struct header_error *he)
{
	bool any_area = false;

	memset(m, 0, sizeof *m);
	for (int r = 0; r < NROLES; r++)
		m->col[r] = -1;
	for (int s = 0; s < NSLOT; s++)
		for (int a = 0; a <= KK_NAREA; a++)
			m->area_col[s][a] = -1;
	m->ncols = h->nfields;
	m->column = kk_calloc(h->nfields, sizeof *m->column);
	if (!map_columns(m, file, h, !o->explain, he))
		return false;
	for (size_t k = 0; k < NSAME; k++)
		m->same_col[k] = m->col[same_roles[k]];
	for (size_t i = 0; i < h->nfields; i++)
		any_area |= m->column[i].role == R_AREA;

	if (m->col[R_CODE] < 0)
		return missing(m, he, h->line, R_CODE);
	if (m->col[R_YEAR] < 0)
		return missing(m, he, h->line, R_YEAR);
	if (m->col[R_COUNTRY] < 0 && !o->country)
		return header_fail(he, h->line, 1, "no country column: add one "
		    "(land, country: NO or SE on every row) or give --country "
		    "NO or SE (make analysis COUNTRY=NO)");
	if (m->col[R_SUBAREA] >= 0)
		m->layout = SUBAREA;
	else if (m->col[R_AREA_ITEM] >= 0)
		m->layout = LONG;
	else
		m->layout = WIDE;
	if (m->layout != WIDE && m->col[R_SCORE] < 0)
		return missing(m, he, h->line, R_SCORE);
	if (m->layout == WIDE && !any_area && m->col[R_TOTAL] < 0)
		return header_fail(he, h->line, 1, "no score columns: need area "
		    "columns (område 1 ... område 8, or the areas' names), a "
		    "total, or a long layout (område + poeng)");
	if (m->layout != WIDE && (any_area || m->col[R_TOTAL] >= 0))
		return header_fail(he, h->line, 1, "mixed layout: area or total "
		    "columns beside a long-layout '%s' column", m->layout ==
		    LONG ? "område" : "delområde");
	return true;
}

static void
free_map(struct file_map *m)
{
	for (int s = 0; s < NSLOT; s++)
		free(m->foreign[s]);
	for (size_t i = 0; i < m->ncols; i++) {
		free(m->column[i].header);
		free(m->column[i].ref.name);
	}
	free(m->column);
}

/* ---- one row ---------------------------------------------------------- */

struct evaluation {
	char id[32];
	char country[3];
	char code[5];
	long year;
	const char *name, *version, *source;
	char version_buf[16];
	int slot;               /* the version (enum kk_version) or
				   V_UNKNOWN; -1 until asked */
	bool inferred;          /* the version is the year's */
};

struct row_error {
	long col;
	char *msg;
};

static bool
reject(struct row_error *e, long col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool
reject(struct row_error *e, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e->col = col;
	e->msg = kk_vasprintf(fmt, ap);
	va_end(ap);
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
		return reject(e, m->col[R_COUNTRY] + 1,
		    "country '%s' is neither NO nor SE", s);
	s = cell(r, m->col[R_CODE]);
	if (!parse_code(s, ev->code))
		return reject(e, m->col[R_CODE] + 1, "municipality code '%s' "
		    "is not a number of at most four digits", s);
	s = cell(r, m->col[R_YEAR]);
	if (!kk_year_parse(s, strlen(s), &ev->year))
		return reject(e, m->col[R_YEAR] + 1, "year '%s' is not a year in "
		    KK_YEAR_RANGE, s);
	ev->name = cell(r, m->col[R_NAME]);
	s = cell(r, m->col[R_VERSION]);
	n = strlen(s);
	if (n >= sizeof ev->version_buf)
		return reject(e, m->col[R_VERSION] + 1, "version '%s' is too "
		    "long", s);
	memcpy(ev->version_buf, s, n + 1);
	if (n == 3 && ev->version_buf[1] == ',')   /* "3,2" from a comma locale */
		ev->version_buf[1] = '.';
	ev->version = ev->version_buf;
	ev->slot = -1;
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

/* The version whose area names apply to the row, asked only when a name
 * is read: as exported, or the year's. */
static int
version_slot(struct evaluation *ev)
{
	enum kk_version v;
	bool fuzzy;

	if (ev->slot < 0)
		ev->slot = kk_version_resolve(ev->version, ev->year, &v,
		    &ev->inferred, &fuzzy) ? (int)v : V_UNKNOWN;
	return ev->slot;
}

/* The row's version in words, for messages. */
static char *
version_words(const struct evaluation *ev)
{
	if (ev->slot == V_UNKNOWN)
		return kk_asprintf("'%s'", ev->version);
	if (ev->inferred)
		return kk_asprintf("%s (inferred from the year %ld; a version "
		    "column would say otherwise)",
		    kk_version_name((enum kk_version)ev->slot), ev->year);
	return kk_strdup(kk_version_name((enum kk_version)ev->slot));
}

/* Why the area `what` ("column 'X'", "area 'X'") cannot be read in
 * the row's version. */
static bool
reject_area(struct row_error *e, long col, const char *what,
	const struct area_ref *ref, const struct evaluation *ev)
{
	char *vw = version_words(ev), *in;
	enum kk_version v = (enum kk_version)ev->slot;

	if (ref->canonical < 0) {
		in = name_owners(ref->name);
		reject(e, col, "%s is ambiguous: data/areas.csv gives its name "
		    "to %s", what, in);
	} else if (ev->slot == V_UNKNOWN) {
		in = ref_areas(ref);
		reject(e, col, "%s is %s: which one needs the version, and "
		    "version %s is unknown (1.x, 2.0, 2.1, 3.0, 3.2 or 3.x)",
		    what, in, vw);
	} else {
		int a = kk_areas_of_canonical(areas, v, ref->canonical);
		in = NULL;
		reject(e, col, "%s is ambiguous in version %s: its number says "
		    "area %d ('%s'), its name area %d ('%s')", what, vw,
		    ref->number, kk_areas_name(areas, v, ref->number,
		    ev->country), a, kk_areas_name(areas, v, a, ev->country));
	}
	free(vw);
	free(in);
	return false;
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
		return reject(e, col + 1, "%s '%s' is out of range", what, s);
	default:
		return reject(e, col + 1, "%s '%s' is not a number", what, s);
	}
}

/* The columns every row of one evaluation shares, built once per input
 * row: "id,country,code,name,year,version," and ",source\n". */
static kk_buf line, suffix, outbuf;
static size_t prefix_len;
/* --explain: the items of a row shown, as words, instead of the table */
static kk_buf *shown;

/* Output goes through one large buffer: a few fwrite calls per megabyte
 * instead of one per row.  No fp (--explain): nothing is written. */
static void
flush_out(FILE *fp)
{
	if (outbuf.len > 0 && fp)
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

static void
show(enum kk_level level, const char *item, const struct score *score,
	const struct score *max)
{
	if (shown->len)
		kk_buf_str(shown, ", ");
	if (level != KK_LEVEL_TOTAL) {
		kk_buf_str(shown, level == KK_LEVEL_AREA ? "area " : "sub-area ");
		kk_buf_str(shown, item);
	} else {
		kk_buf_str(shown, "total");
	}
	kk_buf_str(shown, " = ");
	kk_buf_add(shown, score->s, score->n);
	if (max->n) {
		kk_buf_str(shown, " of ");
		kk_buf_add(shown, max->s, max->n);
	}
}

/* One output row, assembled in place at the end of outbuf. */
static void
emit(FILE *fp, enum kk_level lv, const char *item, const struct score *score,
	const struct score *max)
{
	const char *level = kk_level_name(lv);
	size_t nl = strlen(level), ni = strlen(item);
	size_t need = prefix_len + nl + ni + score->n + max->n + suffix.len + 3;
	char *o;

	if (shown)
		show(lv, item, score, max);
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
	struct evaluation *ev, struct row_error *e)
{
	static const struct score none = { "", 0, "" };
	struct score score[KK_NAREA + 1], total;
	char what[32];
	int s = m->by_version ? version_slot(ev) : 0;
	const long *col = m->area_col[s];
	bool any = false;

	for (size_t k = 0; k < m->nforeign[s]; k++) {
		long c = m->foreign[s][k];
		if (r->len[c] > 0) {
			char *w = kk_asprintf("column '%s'", m->column[c].header);
			reject_area(e, c + 1, w, &m->column[c].ref, ev);
			free(w);
			return false;
		}
	}
	for (int a = 1; a <= KK_NAREA; a++) {
		snprintf(what, sizeof what, "area %d score", a);
		if (!parse_score(r, col[a], what, &score[a], e))
			return false;
		any |= score[a].n > 0;
	}
	if (!parse_score(r, m->col[R_TOTAL], "total", &total, e))
		return false;
	if (!any && total.n == 0)
		return reject(e, 0, "no scores: every area and the total are "
		    "empty");
	for (int a = 1; a <= KK_NAREA; a++) {
		if (score[a].n == 0)
			continue;
		emit(fp, KK_LEVEL_AREA, kk_area_name(a), &score[a], &none);
	}
	if (total.n > 0)
		emit(fp, KK_LEVEL_TOTAL, kk_area_name(KK_AREA_TOTAL), &total,
		    &none);
	return true;
}

/* What a long-layout area cell says: a total alias ("Totalt"), or an
 * area by number or name. */
struct item {
	bool ok, total;
	struct area_ref ref;
};

static struct item
item_of(const char *s)
{
	struct item it;
	size_t len = strlen(s);
	long v;
	char *f;
	int a = 0;

	memset(&it, 0, sizeof it);

	switch (kk_parse_long(s, len, -1000000, 1000000, &v)) {
	case KK_NUM_OK:
		for (size_t i = 0; i < len; i++)
			if (s[i] == '+' || s[i] == '-')
				return it;              /* "-1" is not area 1 */
		if (v >= 1 && v <= KK_NAREA) {
			it.ok = true;
			memset(it.ref.area, (int)v, sizeof it.ref.area);
		}
		return it;
	case KK_NUM_EMPTY:
	case KK_NUM_RANGE:
		return it;
	case KK_NUM_INVALID:
		break;
	}
	f = kk_fold(s);
	if (find_alias(R_TOTAL, f, &a, NULL))
		it.ok = it.total = true;
	else
		it.ok = area_ref(f, &it.ref);
	free(f);
	return it;
}

/* The text item_of was last asked about, and its answer. */
static kk_buf item_text;
static struct item last_item;
static bool have_item;

/* Long files name each row's area with a digit, and the total with the
 * same word every ninth row: answer those without parsing or folding. */
static const struct item *
row_item(const char *s, size_t len)
{
	if (have_item && len == item_text.len &&
	    memcmp(s, item_text.p, len) == 0)
		return &last_item;
	item_text.len = 0;
	kk_buf_add(&item_text, s, len);
	free(last_item.ref.name);
	last_item = item_of(s);
	have_item = true;
	return &last_item;
}

static bool
long_row(FILE *fp, const kk_record *r, const struct file_map *m,
	struct evaluation *ev, struct row_error *e)
{
	long col = m->col[R_AREA_ITEM];
	const char *s = cell(r, col);
	struct score score, max;
	int area;

	if (r->len[col] == 1 && s[0] >= '1' && s[0] <= '0' + KK_NAREA) {
		area = s[0] - '0';
	} else {
		const struct item *it = row_item(s, r->len[col]);
		if (!it->ok)
			return reject(e, col + 1, "area '%s' is neither 1-8, a "
			    "total, nor an area name of data/areas.csv", s);
		area = it->total ? 0 : it->ref.area[it->ref.canonical ?
		    version_slot(ev) : 0];
		if (area < 0 || (area == 0 && !it->total)) {
			char *w = kk_asprintf("area '%s'", s);
			reject_area(e, col + 1, w, &it->ref, ev);
			free(w);
			return false;
		}
	}
	if (!parse_score(r, m->col[R_SCORE], "score", &score, e) ||
	    !parse_score(r, m->col[R_MAX], "max", &max, e))
		return false;
	if (score.n == 0)
		return reject(e, m->col[R_SCORE] + 1, "empty score");
	emit(fp, area ? KK_LEVEL_AREA : KK_LEVEL_TOTAL,
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
	if (n < 3 || n > 4 || s[0] < '1' || s[0] > '0' + KK_NAREA ||
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
		return reject(e, m->col[R_SUBAREA] + 1,
		    "sub-area '%s' is not of the form 6.3", s);
	if (!parse_score(r, m->col[R_SCORE], "score", &score, e) ||
	    !parse_score(r, m->col[R_MAX], "max", &max, e))
		return false;
	if (score.n == 0)
		return reject(e, m->col[R_SCORE] + 1, "empty score");
	emit(fp, KK_LEVEL_SUBAREA, code, &score, &max);
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
 * source; same_roles) of the last row whose evaluation was accepted.
 * Long and sub-area files repeat them on every row of an evaluation:
 * when they are the same bytes again, the parsed evaluation and its row
 * prefix stand. */
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
		long col = m->same_col[k];
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
		long col = m->same_col[k];
		last_len[k] = col >= 0 ? r->len[col] : 0;
		if (col >= 0)
			kk_buf_add(&last_cells, r->field[col], r->len[col]);
	}
	have_last = true;
}

/* One input row: its evaluation (parsed once for the rows that repeat
 * it), then its scores. */
static bool
read_row(FILE *fp, const kk_record *r, const struct file_map *m,
	const struct options *o, const char *file, struct evaluation *ev,
	struct row_error *e)
{
	if (!same_evaluation(r, m)) {
		struct evaluation next;
		if (!parse_evaluation(r, m, o, file, &next, e))
			return false;
		*ev = next;
		ev->version = ev->version_buf;
		begin_rows(ev);
		remember_evaluation(r, m);
	}
	if (m->layout == WIDE)
		return wide_row(fp, r, m, ev, e);
	if (m->layout == LONG)
		return long_row(fp, r, m, ev, e);
	return subarea_row(fp, r, m, e);
}

/* "FILE: N rows read, N accepted, N rejected", on stderr. */
static void
print_counts(const char *file, const struct counts *n)
{
	fprintf(stderr, "%s: %ld rows read, %ld accepted, %ld rejected", file,
	    n->read, n->accepted, n->rejected);
	if (n->blank > 0)
		fprintf(stderr, " (%ld blank lines skipped)", n->blank);
	fputc('\n', stderr);
}

static void explain_row(long line, const struct evaluation *ev,
	const char *name, bool ok, const struct row_error *e,
	const kk_buf *items);

enum { SHOW_ROWS = 5, SHOW_REJECTS = 5 };

/* The rows of a file after its header: read, written to fp (none with
 * --explain, which tells the first rows and the rejected ones instead)
 * and counted.  kk_csv_next's last status. */
static int
read_rows(kk_csv *c, FILE *fp, const struct file_map *m,
	const struct options *o, const char *file, struct counts *n)
{
	const kk_record *r;
	const bool explain = o->explain;
	struct evaluation ev;
	struct counts k = { 0, 0, 0, 0 };
	kk_buf items = { 0 };
	int st;

	have_last = false;          /* the file name may be the source */
	have_item = false;
	while ((st = kk_csv_next(c, &r)) > 0) {
		struct row_error e = { 0, NULL };
		bool ok;

		k.read++;
		if (explain) {
			items.len = 0;
			shown = k.read <= SHOW_ROWS ? &items : NULL;
		}
		ok = read_row(fp, r, m, o, file, &ev, &e);
		k.accepted += ok;
		k.rejected += !ok;
		if (explain) {
			shown = NULL;
			flush_out(NULL);
			if (k.read <= SHOW_ROWS ||
			    (!ok && k.rejected <= SHOW_REJECTS))
				explain_row(r->line, &ev, cell(r, m->col[R_NAME]),
				    ok, &e, &items);
		} else if (!ok) {
			list_reject(file, r->line, &e);
		}
		free(e.msg);
	}
	k.blank = kk_csv_blank(c);
	*n = k;
	kk_buf_free(&items);
	return st;
}

static void
ingest_file(FILE *fp, const char *file, const struct options *o,
	struct counts *total)
{
	kk_csv_options co = { o->delimiter, o->encoding, false };
	kk_csv *c = kk_csv_open_or_die(file, &co);
	const kk_record *r = kk_csv_next_or_die(c);
	struct file_map m;
	struct header_error he = { 0, 0, NULL };
	struct counts n = { 0, 0, 0, 0 };

	if (!map_header(&m, file, r, o, &he))
		kk_die_at(file, he.line, he.col, "%s", he.msg);
	if (read_rows(c, fp, &m, o, file, &n) < 0)
		kk_die_at(file, kk_csv_errline(c), kk_csv_errcol(c), "%s",
		    kk_csv_errmsg(c));
	kk_csv_close(c);
	free_map(&m);
	flush_out(fp);
	print_counts(file, &n);
	total->read += n.read;
	total->accepted += n.accepted;
	total->rejected += n.rejected;
}

/* ---- --explain ------------------------------------------------------------ */

/* Text from data or the command line, on standard output. */
static void
say(const char *s)
{
	kk_fputs_safe(s, stdout);
}

static void
explain_column(const struct column *c, const char *header, size_t i)
{
	char *f = kk_fold(header);

	printf("    %3zu  ", i + 1);
	kk_fputs_safe(header, stdout);
	fputs("  ->  ", stdout);
	if (c->role == R_AREA && c->ref.canonical < 0) {
		char *in = name_owners(c->ref.name);
		printf("ERROR: an ambiguous area name: %s", in);
		free(in);
	} else if (c->role == R_AREA && c->ref.canonical) {
		char *in = ref_areas(&c->ref);
		printf("an area by its name (%s): %s", kk_areas_slug(areas,
		    c->ref.canonical), in);
		free(in);
		const char *sep = "; ambiguous in ";
		for (int v = 0; v < KK_NVERSION; v++)
			if (c->ref.area[v] < 0) {
				printf("%s%s", sep, kk_version_name(
				    (enum kk_version)v));
				sep = ", ";
			}
		if (*sep == ',')
			printf(", where its number %d is another area",
			    c->ref.number);
	} else if (c->role == R_AREA) {
		printf("area %d by its number; alias '%s', %s line %ld",
		    c->ref.number, c->alias->pattern, columns_name,
		    c->alias->line);
		const char *tail = NULL;
		int a;
		if (pattern_match(c->alias->pattern, f, &a, &tail) && tail)
			printf("; the words after it are no area name in "
			    "data/areas.csv");
	} else if (c->role != NROLES) {
		printf("%s; alias '%s', %s line %ld", role_title[c->role],
		    c->alias->pattern, columns_name, c->alias->line);
	} else if (c->like) {
		char *why = unknown_score(c, f, columns_name);
		fputs("ERROR: ", stdout);
		say(why);
		free(why);
	} else {
		printf("unknown, ignored: to read it, add a line to %s like "
		    "'ROLE,%s,' (ROLE: code, name, year, version, country, "
		    "total, score, max, source, ...), or 'ignore,%s,' to say "
		    "it holds nothing to read", columns_name, f, f);
	}
	putchar('\n');
	free(f);
}

static void
explain_layout(const struct file_map *m, const kk_record *h)
{
	int na = 0;

	for (size_t i = 0; i < m->ncols; i++)
		na += m->column[i].role == R_AREA;
	if (m->layout == WIDE)
		printf("  layout: wide, a row per evaluation: %d area column%s, "
		    "%s%s\n", na, na == 1 ? "" : "s",
		    m->col[R_TOTAL] >= 0 ? "a total" : "no total",
		    m->by_version ? "; area names are read in each row's "
		    "version (given, or the year's)" : "");
	else
		printf("  layout: %s, a row per evaluation and %s: column %ld "
		    "'%s' names it, column %ld '%s' holds the score\n",
		    m->layout == LONG ? "long" : "sub-area", m->layout == LONG ?
		    "area" : "sub-area", m->col[m->layout == LONG ? R_AREA_ITEM :
		    R_SUBAREA] + 1, h->field[m->col[m->layout == LONG ?
		    R_AREA_ITEM : R_SUBAREA]], m->col[R_SCORE] + 1,
		    h->field[m->col[R_SCORE]]);
}

static void
explain_row(long line, const struct evaluation *ev, const char *name,
	bool ok, const struct row_error *e, const kk_buf *items)
{
	printf("    line %ld: ", line);
	if (!ok) {
		printf("rejected (column %ld): ", e->col);
		kk_fputs_safe(e->msg, stdout);
		putchar('\n');
		return;
	}
	printf("%s ", ev->id);
	kk_fputs_safe(name, stdout);
	if (*ev->version)
		printf(", version %s", ev->version);
	else
		printf(", no version (%s by the year)", kk_version_name(
		    kk_version_for_year(ev->year)));
	fputs(": ", stdout);
	fwrite(items->p, 1, items->len, stdout);
	putchar('\n');
}

/* "  stops: FILE:LINE:COL: why", as kk-ingest would stop. */
static void
say_stop(const char *file, long line, long col, const char *why)
{
	fputs("  stops: ", stdout);
	say(file);
	if (line > 0)
		printf(":%ld:%ld", line, col > 0 ? col : 1);
	fputs(": ", stdout);
	say(why);
	putchar('\n');
}

/* Everything kk-ingest would do with one file, told; false if reading
 * it would fail. */
static bool
explain_file(const char *file, const struct options *o)
{
	kk_csv_options co = { o->delimiter, o->encoding, false };
	char *msg = NULL, *about;
	kk_csv *c = kk_csv_open(file, &co, &msg);
	const kk_record *r;
	struct file_map m;
	struct header_error he = { 0, 0, NULL };
	struct counts n = { 0, 0, 0, 0 };
	bool ok = false, have_map = false;

	say(file);
	putchar('\n');
	if (!c) {
		fputs("  cannot be read: ", stdout);
		say(msg);
		putchar('\n');
		free(msg);
		goto done;
	}
	about = kk_csv_describe(c);
	for (char *s = about; *s; ) {
		size_t k = strcspn(s, "\n");
		printf("  %.*s\n", (int)k, s);
		s += k + (s[k] != '\0');
	}
	free(about);
	if (kk_csv_next(c, &r) <= 0) {
		say_stop(file, kk_csv_errline(c), kk_csv_errcol(c),
		    kk_csv_errmsg(c));
		goto done;
	}
	printf("  header: line %ld, %zu columns\n", r->line, r->nfields);
	have_map = true;
	bool mapped = map_header(&m, file, r, o, &he);
	for (size_t i = 0; i < m.ncols; i++)
		explain_column(&m.column[i], r->field[i], i);
	if (!mapped) {
		say_stop(file, he.line, he.col, he.msg);
		free(he.msg);
		goto done;
	}
	explain_layout(&m, r);
	printf("  first rows, as they would be read:\n");
	ok = read_rows(c, NULL, &m, o, file, &n) == 0;
	if (!ok)
		say_stop(file, kk_csv_errline(c), kk_csv_errcol(c),
		    kk_csv_errmsg(c));
	printf("  rows: %ld read, %ld accepted, %ld rejected", n.read,
	    n.accepted, n.rejected);
	if (n.blank > 0)
		printf(" (%ld blank lines skipped)", n.blank);
	putchar('\n');
	if (n.rejected > 0 && !o->allow_rejects)
		ok = false;
done:
	printf("  result: %s\n", ok ? "reads without error" :
	    "would fail (see above)");
	if (have_map)
		free_map(&m);
	kk_csv_close(c);
	return ok;
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

static void
free_dictionaries(void)
{
	for (size_t a = 0; a < naliases; a++)
		free(aliases[a].pattern);
	free(aliases);
	for (size_t i = 0; i < nscore_words; i++)
		free(score_words[i]);
	for (size_t i = 0; i < nother_words; i++)
		free(other_words[i]);
	free(score_words);
	free(other_words);
	kk_areas_free(areas);
}

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_OUTPUT, OPT_REJECTS, OPT_ALLOW_REJECTS,
		OPT_COUNTRY, OPT_DELIMITER, OPT_ENCODING, OPT_COLUMNS, OPT_AREAS,
		OPT_EXPLAIN };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "o", true, OPT_OUTPUT }, { "output", true, OPT_OUTPUT },
		{ "rejects", true, OPT_REJECTS },
		{ "allow-rejects", false, OPT_ALLOW_REJECTS },
		{ "country", true, OPT_COUNTRY },
		{ "delimiter", true, OPT_DELIMITER },
		{ "encoding", true, OPT_ENCODING },
		{ "columns", true, OPT_COLUMNS },
		{ "areas", true, OPT_AREAS },
		{ "explain", false, OPT_EXPLAIN },
		{ NULL, false, 0 }
	};
	struct options o = { 0, KK_ENC_AUTO, NULL, false, false };
	const char *outpath = NULL, *rejpath = NULL, *val;
	char *columns = NULL, *areas_file = NULL;
	struct counts total = { 0, 0, 0, 0 };
	int i = 1, k, status = 0;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_OUTPUT: outpath = val; break;
		case OPT_REJECTS: rejpath = val; break;
		case OPT_ALLOW_REJECTS: o.allow_rejects = true; break;
		case OPT_COUNTRY:
			o.country = val;
			if (strcmp(val, "NO") && strcmp(val, "SE"))
				kk_usage("--country must be NO or SE");
			break;
		case OPT_DELIMITER: o.delimiter = parse_delimiter(val); break;
		case OPT_ENCODING:
			if (!kk_encoding_parse(val, &o.encoding))
				kk_usage("unknown encoding '%s'", val);
			break;
		case OPT_COLUMNS: free(columns); columns = kk_strdup(val); break;
		case OPT_AREAS:
			free(areas_file);
			areas_file = kk_strdup(val);
			break;
		case OPT_EXPLAIN: o.explain = true; break;
		}
	}
	if (i >= argc)
		kk_usage("no input files (use '-' for standard input)");
	if (!columns)
		columns = kk_data_path("columns.csv");
	if (!areas_file)
		areas_file = kk_data_path("areas.csv");
	areas_path = areas_file;
	load_aliases(columns);
	areas = kk_areas_load(areas_path);

	if (o.explain) {
		printf("dictionaries: %s (header aliases), %s (area names)\n\n",
		    columns, areas_path);
		for (int first = i; i < argc; i++) {
			if (i > first)
				putchar('\n');
			if (!explain_file(argv[i], &o))
				status = 1;
		}
	} else {
		kk_out *out = kk_out_open_whole(outpath);
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
			kk_die("%ld rows rejected (see above; --allow-rejects to "
			    "accept the rest)", total.rejected);
		kk_out_commit(out);
	}
	free_dictionaries();
	free(columns);
	free(areas_file);
	kk_buf_free(&line);
	kk_buf_free(&suffix);
	kk_buf_free(&outbuf);
	kk_buf_free(&last_cells);
	kk_buf_free(&item_text);
	free(last_item.ref.name);
	return status;
}
