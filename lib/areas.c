/* Instrument versions and the area crosswalk, loaded from data. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "areas.h"

struct subarea {
	enum kk_version version;
	char *code;            /* "6.3" */
	int area;
	double max;
	size_t row;            /* in the sub-area table, for its names */
};

/* A name an area goes by, folded (kk_fold), and where it was read. */
struct area_name {
	enum kk_version version;
	int area;
	char *folded;
	const char *shown;     /* as written in the dictionary */
	long line;
};

struct kk_areas {
	int canonical[KK_NVERSION][KK_NAREA + 1];
	struct area_name *names;
	size_t nnames, namecap;
	kk_arena text;         /* the names as written */
	const char *name_no[KK_NVERSION][KK_NAREA + 1];
	const char *name_se[KK_NVERSION][KK_NAREA + 1];
	double max[KK_NVERSION][KK_NAREA + 1];
	char *slug[KK_NAREA + 1];
	struct subarea *sub;
	size_t nsub, subcap;
	/* The dictionaries as read, for the names in each language. */
	kk_table *t, *subt;
	size_t row[KK_NVERSION][KK_NAREA + 1];
};

static const char *const version_names[KK_NVERSION] = {
	"1.x", "2.0", "2.1", "3.0", "3.2"
};

const char *
kk_version_name(enum kk_version v)
{
	return (unsigned)v < KK_NVERSION ? version_names[v] : "?";
}

enum kk_version
kk_version_for_year(long year)
{
	if (year < 2010)
		return KK_V1X;
	if (year <= 2015)
		return KK_V20;
	if (year <= 2019)
		return KK_V21;
	if (year == 2020)
		return KK_V30;
	return KK_V32;
}

bool
kk_version_is_3x(enum kk_version v)
{
	return v == KK_V30 || v == KK_V32;
}

/* Trim ASCII spaces; returns the start, sets *n to the trimmed length. */
static const char *
trim(const char *s, size_t *n)
{
	size_t len = strlen(s);

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	*n = len;
	return s;
}

static bool
eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* 1.x had sub-releases ("1.0", "1.1") we cannot tell apart: all 1.x. */
static bool
is_v1(const char *s, size_t n)
{
	size_t i;

	if (n < 3 || s[0] != '1' || s[1] != '.')
		return false;
	if (n == 3 && (s[2] == 'x' || s[2] == 'X'))
		return true;
	for (i = 2; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

enum kk_vparse
kk_version_parse(const char *cell, enum kk_version *v)
{
	size_t n;
	const char *s = trim(cell, &n);
	int i;

	if (n == 0)
		return KK_VERSION_EMPTY;
	if (is_v1(s, n)) {
		*v = KK_V1X;
		return KK_VERSION_OK;
	}
	for (i = KK_V20; i < KK_NVERSION; i++)
		if (eq(s, n, version_names[i])) {
			*v = (enum kk_version)i;
			return KK_VERSION_OK;
		}
	if (eq(s, n, "3.x") || eq(s, n, "3.X")) {
		*v = KK_V32;
		return KK_VERSION_FUZZY;
	}
	return KK_VERSION_UNKNOWN;
}

bool
kk_version_resolve(const char *s, long year, enum kk_version *v,
	bool *inferred, bool *fuzzy)
{
	enum kk_vparse st = kk_version_parse(s, v);

	*inferred = st == KK_VERSION_EMPTY;
	*fuzzy = st == KK_VERSION_FUZZY;
	if (*inferred)
		*v = kk_version_for_year(year);
	return st != KK_VERSION_UNKNOWN;
}

int
kk_area_item(const char *s)
{
	long a;

	if (kk_parse_long(s, strlen(s), 1, KK_NAREA, &a) != KK_NUM_OK)
		return -1;
	return (int)a;
}

static enum kk_version
need_version(const kk_table *t, size_t r, size_t col)
{
	enum kk_version v;

	if (kk_version_parse(t->cell[r][col], &v) != KK_VERSION_OK)
		kk_die_at(t->name, t->line[r], (long)col + 1,
		    "unknown version '%s'", t->cell[r][col]);
	return v;
}

static long
need_long(const kk_table *t, size_t r, size_t col, long lo, long hi)
{
	long x;
	const char *s = t->cell[r][col];

	if (kk_parse_long(s, strlen(s), lo, hi, &x) != KK_NUM_OK)
		kk_die_at(t->name, t->line[r], (long)col + 1,
		    "'%s' is not a whole number in %ld..%ld", s, lo, hi);
	return x;
}

static double
need_max(const kk_table *t, size_t r, size_t col)
{
	double x;
	const char *s = t->cell[r][col];

	if (kk_parse_double(s, strlen(s), &x) != KK_NUM_OK || x <= 0)
		kk_die_at(t->name, t->line[r], (long)col + 1,
		    "max '%s' is not a positive number", s);
	return x;
}

/* One more name of area `area` of version v.  A name that two areas of
 * one version share could not tell them apart: the dictionary is wrong. */
static void
add_name(kk_areas *a, const kk_table *t, size_t r, long col,
	enum kk_version v, int area, const char *name)
{
	char *f = kk_fold(name);
	struct area_name *n;

	if (!*f) {
		free(f);
		return;
	}
	for (size_t i = 0; i < a->nnames; i++) {
		n = &a->names[i];
		if (n->version != v || strcmp(n->folded, f) != 0)
			continue;
		free(f);
		if (n->area != area)
			kk_die_at(t->name, t->line[r], col + 1, "name '%s' of version %s "
			    "area %d is also area %d's ('%s', line %ld)", name,
			    kk_version_name(v), area, n->area, n->shown, n->line);
		return;              /* the same name twice: harmless */
	}
	kk_grow((void **)&a->names, &a->namecap, a->nnames + 1,
	    sizeof *a->names);
	a->names[a->nnames++] = (struct area_name){ v, area, f,
		kk_arena_strdup(&a->text, name), t->line[r] };
}

/* name_no, name_se and other_names ('|' between names), where the
 * dictionary has those columns. */
static void
load_names(kk_areas *a, const kk_table *t, size_t r, enum kk_version v,
	int area)
{
	long no = kk_table_col(t, "name_no"), se = kk_table_col(t, "name_se");
	long other = kk_table_col(t, "other_names");

	if (no >= 0) {
		a->name_no[v][area] = kk_arena_strdup(&a->text,
		    t->cell[r][no]);
		add_name(a, t, r, no, v, area, t->cell[r][no]);
	}
	if (se >= 0) {
		a->name_se[v][area] = kk_arena_strdup(&a->text,
		    t->cell[r][se]);
		add_name(a, t, r, se, v, area, t->cell[r][se]);
	}
	if (other < 0)
		return;
	for (const char *s = t->cell[r][other]; *s; ) {
		size_t n = strcspn(s, "|");
		char *one = kk_strndup(s, n);
		add_name(a, t, r, other, v, area, one);
		free(one);
		s += n + (s[n] == '|');
	}
}

static void
load_row(kk_areas *a, const kk_table *t, size_t r, const size_t c[5])
{
	enum kk_version v = need_version(t, r, c[0]);
	int area = (int)need_long(t, r, c[1], 1, KK_NAREA);
	int canon = (int)need_long(t, r, c[2], 1, KK_NAREA);
	const char *slug = t->cell[r][c[3]];

	if (a->canonical[v][area])
		kk_die_at(t->name, t->line[r], 0, "version %s area %d twice",
		    kk_version_name(v), area);
	a->canonical[v][area] = canon;
	a->row[v][area] = r;
	a->max[v][area] = need_max(t, r, c[4]);
	load_names(a, t, r, v, area);
	if (!*slug)
		kk_die_at(t->name, t->line[r], (long)c[3] + 1, "empty slug");
	if (!a->slug[canon])
		a->slug[canon] = kk_strdup(slug);
	else if (strcmp(a->slug[canon], slug) != 0)
		kk_die_at(t->name, t->line[r], (long)c[3] + 1,
		    "canonical area %d is '%s' here but '%s' before", canon,
		    slug, a->slug[canon]);
}

/* A crosswalk must be a bijection per version, or scores would be lost
 * or counted twice. */
static void
check_complete(const kk_areas *a, const char *path)
{
	int v, i, seen;

	for (v = 0; v < KK_NVERSION; v++) {
		seen = 0;
		for (i = 1; i <= KK_NAREA; i++) {
			if (!a->canonical[v][i])
				kk_die("%s: version %s has no area %d", path,
				    kk_version_name(v), i);
			if (seen & 1 << a->canonical[v][i])
				kk_die("%s: version %s maps two areas onto "
				    "canonical area %d", path,
				    kk_version_name(v), a->canonical[v][i]);
			seen |= 1 << a->canonical[v][i];
		}
	}
}

/* A dictionary: PATH, or NAME in the data folder, with the column of
 * each of NAMES[0..N) in C. */
static kk_table *
read_dictionary(const char *path, const char *name,
	const char *const *names, size_t n, size_t *c)
{
	char *dflt = path ? NULL : kk_data_path(name);
	kk_table *t = kk_table_read(path ? path : dflt);

	free(dflt);
	for (size_t i = 0; i < n; i++)
		c[i] = kk_table_need(t, names[i]);
	return t;
}

kk_areas *
kk_areas_load(const char *path)
{
	static const char *const names[5] = {
		"version", "area", "canonical_area", "slug", "max"
	};
	kk_areas *a = kk_calloc(1, sizeof *a);
	size_t c[5], r;
	kk_table *t = read_dictionary(path, "areas.csv", names, 5, c);

	for (r = 0; r < t->nrows; r++)
		load_row(a, t, r, c);
	check_complete(a, t->name);
	a->t = t;
	return a;
}

static void
load_sub(kk_areas *a, const kk_table *t, size_t r, const size_t c[4])
{
	struct subarea *s;
	const char *code = t->cell[r][c[1]];
	int area = (int)need_long(t, r, c[2], 1, KK_NAREA);
	size_t n = strlen(code);
	enum kk_version v = need_version(t, r, c[0]);

	/* "6.3" belongs to area 6: a mismatch is a typo in the dictionary. */
	if (n < 3 || code[0] != '0' + area || code[1] != '.')
		kk_die_at(t->name, t->line[r], (long)c[1] + 1,
		    "sub-area '%s' is not in area %d", code, area);
	if (kk_areas_subarea(a, v, code, NULL, NULL))
		kk_die_at(t->name, t->line[r], (long)c[1] + 1,
		    "sub-area %s twice", code);
	kk_grow((void **)&a->sub, &a->subcap, a->nsub + 1, sizeof *a->sub);
	s = &a->sub[a->nsub++];
	s->version = v;
	s->code = kk_strdup(code);
	s->area = area;
	s->max = need_max(t, r, c[3]);
	s->row = r;
}

void
kk_areas_load_sub(kk_areas *a, const char *path)
{
	static const char *const names[4] = {
		"version", "subarea", "area", "max"
	};
	size_t c[4], r;
	kk_table *t = read_dictionary(path, "subareas.csv", names, 4, c);

	if (a->subt)
		kk_die("%s: a second sub-area dictionary", t->name);
	for (r = 0; r < t->nrows; r++)
		load_sub(a, t, r, c);
	a->subt = t;
}

void
kk_areas_free(kk_areas *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i <= KK_NAREA; i++)
		free(a->slug[i]);
	for (i = 0; i < a->nsub; i++)
		free(a->sub[i].code);
	free(a->sub);
	for (i = 0; i < a->nnames; i++)
		free(a->names[i].folded);
	free(a->names);
	kk_arena_free(&a->text);
	if (a->t)
		kk_table_free(a->t);
	if (a->subt)
		kk_table_free(a->subt);
	free(a);
}

int
kk_areas_canonical(const kk_areas *a, enum kk_version v, int area)
{
	if ((unsigned)v >= KK_NVERSION || area < 1 || area > KK_NAREA)
		return -1;
	return a->canonical[v][area] ? a->canonical[v][area] : -1;
}

int
kk_areas_of_canonical(const kk_areas *a, enum kk_version v, int canonical)
{
	if ((unsigned)v >= KK_NVERSION)
		return -1;
	for (int i = 1; i <= KK_NAREA; i++)
		if (a->canonical[v][i] == canonical)
			return i;
	return -1;
}

const char *
kk_areas_slug(const kk_areas *a, int canonical)
{
	if (canonical == KK_AREA_TOTAL)
		return "total";
	if (canonical < 1 || canonical > KK_NAREA)
		return NULL;
	return a->slug[canonical];
}

double
kk_areas_max(const kk_areas *a, enum kk_version v, int area)
{
	double max = 0;

	if ((unsigned)v >= KK_NVERSION || area < 1 || area > KK_AREA_TOTAL)
		return NAN;
	if (area < KK_AREA_TOTAL)
		return a->max[v][area];
	for (int k = 1; k <= KK_NAREA; k++)
		max += a->max[v][k];
	return max;
}

bool
kk_areas_subarea(const kk_areas *a, enum kk_version v, const char *code,
	int *area, double *max)
{
	size_t i;

	for (i = 0; i < a->nsub; i++) {
		if (a->sub[i].version != v || strcmp(a->sub[i].code, code))
			continue;
		if (area)
			*area = a->sub[i].area;
		if (max)
			*max = a->sub[i].max;
		return true;
	}
	return false;
}

size_t
kk_areas_nsub(const kk_areas *a, enum kk_version v, int area)
{
	size_t i, n = 0;

	for (i = 0; i < a->nsub; i++)
		n += a->sub[i].version == v && a->sub[i].area == area;
	return n;
}

int
kk_areas_named(const kk_areas *a, enum kk_version v, const char *folded)
{
	for (size_t i = 0; i < a->nnames; i++)
		if (a->names[i].version == v &&
		    strcmp(a->names[i].folded, folded) == 0)
			return a->names[i].area;
	return 0;
}

int
kk_areas_name_canonical(const kk_areas *a, const char *folded)
{
	int c = 0;

	for (size_t i = 0; i < a->nnames; i++) {
		const struct area_name *n = &a->names[i];
		if (strcmp(n->folded, folded) != 0)
			continue;
		int k = a->canonical[n->version][n->area];
		if (c > 0 && k != c)
			return -1;
		c = k;
	}
	return c;
}

int
kk_areas_label(const kk_areas *a, enum kk_version v, int number,
	const char *folded)
{
	int c = kk_areas_name_canonical(a, folded);
	int area = c > 0 ? kk_areas_of_canonical(a, v, c) : -1;

	if (area <= 0 || number == 0 || number == area)
		return area;
	for (int w = 0; w < KK_NVERSION; w++)
		if (kk_areas_named(a, (enum kk_version)w, folded) == number)
			return area;
	return -1;
}

const char *
kk_areas_name(const kk_areas *a, enum kk_version v, int area,
	const char *country)
{
	const char *s;

	if ((unsigned)v >= KK_NVERSION || area < 1 || area > KK_NAREA)
		return "";
	s = country && strcmp(country, "SE") == 0 ? a->name_se[v][area] :
	    a->name_no[v][area];
	return s ? s : "";
}

/* Two words alike: the same, or sharing their first six letters
 * ("arbeidsgivar", "arbeidsgiver"; "demokratisk", "demokrati"). */
static bool
word_alike(const char *w, size_t wn, const char *k, size_t kn)
{
	size_t i = 0;

	if (wn == kn && memcmp(w, k, wn) == 0)
		return true;
	while (i < wn && i < kn && w[i] == k[i])
		i++;
	return i >= 6;
}

static bool
begins_with_any(const char *w, size_t n, char *const *stop, size_t nstop)
{
	for (size_t i = 0; i < nstop; i++) {
		size_t k = strlen(stop[i]);
		if (k >= 4 && k <= n && memcmp(w, stop[i], k) == 0)
			return true;
	}
	return false;
}

/* Does the folded header hold at least half of the words of this name
 * that say something (five letters or more, not begun by a stop word)? */
static bool
resembles(const char *header, const char *name, char *const *stop,
	size_t nstop)
{
	size_t words = 0, found = 0;

	for (const char *k = name; *k; ) {
		size_t kn = strcspn(k, "_");
		if (kn >= 5 && !begins_with_any(k, kn, stop, nstop)) {
			words++;
			for (const char *w = header; *w; ) {
				size_t wn = strcspn(w, "_");
				if (wn >= 5 && word_alike(w, wn, k, kn)) {
					found++;
					break;
				}
				w += wn + (w[wn] != '\0');
			}
		}
		k += kn + (k[kn] != '\0');
	}
	return words > 0 && 2 * found >= words;
}

const char *
kk_areas_resembling(const kk_areas *a, const char *folded, char *const *stop,
	size_t nstop)
{
	for (size_t i = 0; i < a->nnames; i++)
		if (resembles(folded, a->names[i].folded, stop, nstop))
			return a->names[i].shown;
	return NULL;
}

const char *
kk_version_family(enum kk_version v)
{
	return v == KK_V1X ? "1.x" : kk_version_is_3x(v) ? "3.x" : "2.x";
}

/* The cell of column name in row r of t; dies if t has no such column,
 * for a language whose names the dictionary lacks. */
static const char *
name_cell(const kk_table *t, size_t r, const char *column)
{
	long c = kk_table_col(t, column);

	if (c < 0)
		kk_die("%s: no column %s for the names", t->name, column);
	return t->cell[r][c];
}

const char *
kk_areas_name_in(const kk_areas *a, enum kk_version v, int area,
	const char *column)
{
	if ((unsigned)v >= KK_NVERSION || area < 1 || area > KK_NAREA)
		return NULL;
	const char *s = name_cell(a->t, a->row[v][area], column);
	return *s ? s : NULL;
}

const char *
kk_areas_subarea_name(const kk_areas *a, enum kk_version v,
	const char *code, const char *column)
{
	for (size_t i = 0; i < a->nsub; i++)
		if (a->sub[i].version == v && strcmp(a->sub[i].code, code) == 0) {
			const char *s = name_cell(a->subt, a->sub[i].row, column);
			return *s ? s : NULL;
		}
	return NULL;
}

const char *
kk_areas_subarea_code(const kk_areas *a, enum kk_version v, int area,
	size_t i)
{
	for (size_t k = 0; k < a->nsub; k++)
		if (a->sub[k].version == v && a->sub[k].area == area && i-- == 0)
			return a->sub[k].code;
	return NULL;
}
