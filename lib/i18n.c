/* The words of reports and charts, from data/i18n/LANG.csv. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "i18n.h"

static const char *const langs[] = { "nb", "sv", "en", NULL };

/* The country's own language; any country not here has no default. */
static const char *const country_lang[][2] = {
	{ "NO", "nb" }, { "SE", "sv" }, { NULL, NULL }
};

struct kk_lang {
	char *code, *path;
	kk_table *t;
	size_t key, text;
	size_t *sorted;          /* rows by key, for bsearch */
	const char *decimal, *group;
	double group_from;
	kk_arena *arena;         /* what kk_trf and kk_lang_num return */
};

bool
kk_lang_known(const char *code)
{
	for (size_t i = 0; langs[i]; i++)
		if (strcmp(langs[i], code) == 0)
			return true;
	return false;
}

const char *
kk_lang_of_country(const char *country)
{
	for (size_t i = 0; country_lang[i][0]; i++)
		if (strcmp(country_lang[i][0], country) == 0)
			return country_lang[i][1];
	return NULL;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Length of the placeholder name after the '{' at s, or 0 when s does
 * not open a "{name}". */
static size_t
placeholder(const char *s)
{
	size_t n = 1;

	while (name_char(s[n]))
		n++;
	return n > 1 && s[n] == '}' ? n - 1 : 0;
}

static const kk_lang *sort_lang;

static int
by_key(const void *a, const void *b)
{
	const kk_lang *l = sort_lang;

	return strcmp(l->t->cell[*(const size_t *)a][l->key],
	    l->t->cell[*(const size_t *)b][l->key]);
}

static void
check_row(const kk_lang *l, size_t r)
{
	const char *key = l->t->cell[r][l->key], *text = l->t->cell[r][l->text];
	long line = l->t->line[r];

	if (!*key)
		kk_die_at(l->path, line, (long)l->key + 1, "empty key");
	for (const char *k = key; *k; k++)
		if (!name_char(*k) && *k != '.')
			kk_die_at(l->path, line, (long)l->key + 1, "key '%s' is "
			    "not lower-case letters, digits, '_' and '.'", key);
	if (!*text)
		kk_die_at(l->path, line, (long)l->text + 1, "key '%s' has no "
		    "text", key);
	for (const char *s = text; (s = strchr(s, '{')) != NULL; s++)
		if (!placeholder(s))
			kk_die_at(l->path, line, (long)l->text + 1, "key '%s': "
			    "'{' does not open a {placeholder} of lower-case "
			    "letters, digits and '_'", key);
}

static long
find(const kk_lang *l, const char *key)
{
	size_t lo = 0, hi = l->t->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(key, l->t->cell[l->sorted[mid]][l->key]);
		if (c == 0)
			return (long)l->sorted[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static void
number_format(kk_lang *l)
{
	const char *from = kk_tr(l, "num.group_from");
	long v;

	l->decimal = kk_tr(l, "num.decimal");
	l->group = kk_tr(l, "num.group");
	if (kk_parse_long(from, strlen(from), 1000, 1000000000, &v) != KK_NUM_OK)
		kk_die_at(l->path, l->t->line[find(l, "num.group_from")], 0,
		    "num.group_from '%s' is not a whole number from 1000 on",
		    from);
	l->group_from = (double)v;
}

kk_lang *
kk_lang_read(const char *code, const char *path)
{
	kk_lang *l = kk_calloc(1, sizeof *l);

	l->code = kk_strdup(code);
	l->path = kk_strdup(path);
	l->arena = kk_calloc(1, sizeof *l->arena);
	l->t = kk_table_read(path);
	l->key = kk_table_need(l->t, "key");
	l->text = kk_table_need(l->t, "text");
	l->sorted = kk_malloc(sizeof *l->sorted * (l->t->nrows + 1));
	for (size_t r = 0; r < l->t->nrows; r++) {
		check_row(l, r);
		l->sorted[r] = r;
	}
	sort_lang = l;
	qsort(l->sorted, l->t->nrows, sizeof *l->sorted, by_key);
	for (size_t i = 1; i < l->t->nrows; i++)
		if (by_key(&l->sorted[i - 1], &l->sorted[i]) == 0) {
			size_t a = l->sorted[i - 1], b = l->sorted[i];
			kk_die_at(path, l->t->line[a > b ? a : b], 0, "key '%s' "
			    "again (first on line %ld)", l->t->cell[a][l->key],
			    l->t->line[a < b ? a : b]);
		}
	number_format(l);
	return l;
}

kk_lang *
kk_lang_load(const char *code)
{
	if (!kk_lang_known(code))
		kk_die("no language '%s': there are %s", code, KK_LANGS);
	char *name = kk_asprintf("i18n/%s.csv", code);
	char *path = kk_data_path(name);
	kk_lang *l = kk_lang_read(code, path);

	free(path);
	free(name);
	return l;
}

void
kk_lang_free(kk_lang *l)
{
	if (!l)
		return;
	kk_arena_free(l->arena);
	free(l->arena);
	kk_table_free(l->t);
	free(l->sorted);
	free(l->code);
	free(l->path);
	free(l);
}

const char *
kk_lang_code(const kk_lang *l)
{
	return l->code;
}

unsigned long
kk_lang_nkeys(const kk_lang *l)
{
	return (unsigned long)l->t->nrows;
}

const char *
kk_lang_key(const kk_lang *l, unsigned long i)
{
	return i < l->t->nrows ? l->t->cell[i][l->key] : NULL;
}

bool
kk_lang_has(const kk_lang *l, const char *key)
{
	return find(l, key) >= 0;
}

const char *
kk_tr(const kk_lang *l, const char *key)
{
	long r = find(l, key);

	if (r < 0)
		kk_die("%s: no text for key '%s'", l->path, key);
	return l->t->cell[r][l->text];
}

/* The value given for placeholder name (n bytes), or NULL. */
static const char *
arg(const char *const *pairs, size_t npairs, const char *name, size_t n)
{
	for (size_t i = 0; i + 1 < npairs; i += 2)
		if (strlen(pairs[i]) == n && memcmp(pairs[i], name, n) == 0)
			return pairs[i + 1];
	return NULL;
}

const char *
kk_trf(const kk_lang *l, const char *key, ...)
{
	const char *text = kk_tr(l, key), *pairs[64];
	size_t npairs = 0;
	kk_buf b = { 0 };
	va_list ap;

	va_start(ap, key);
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
		if (npairs == sizeof pairs / sizeof *pairs)
			kk_die("internal: too many placeholders for '%s'", key);
		pairs[npairs++] = s;
	}
	va_end(ap);
	if (npairs % 2)
		kk_die("internal: placeholder without a value for '%s'", key);
	for (const char *s = text; *s;) {
		const char *open = strchr(s, '{');
		if (!open) {
			kk_buf_str(&b, s);
			break;
		}
		kk_buf_add(&b, s, (size_t)(open - s));
		size_t n = placeholder(open);
		const char *v = arg(pairs, npairs, open + 1, n);
		if (!v)
			kk_die("%s: key '%s' names {%.*s}, which is not given "
			    "there", l->path, key, (int)n, open + 1);
		kk_buf_str(&b, v);
		s = open + n + 2;
	}
	kk_buf_char(&b, '\0');
	const char *out = kk_arena_strdup(l->arena, b.p);
	kk_buf_free(&b);
	return out;
}

const char *
kk_lang_num(const kk_lang *l, double v, int decimals)
{
	char digits[64];
	kk_buf b = { 0 };

	if (isnan(v))
		return "–";
	snprintf(digits, sizeof digits, "%.*f", decimals, v);
	const char *p = digits;
	if (*p == '-') {
		/* "-0.0" is zero: no sign */
		if (strspn(p + 1, "0.") != strlen(p + 1))
			kk_buf_char(&b, '-');
		p++;
	}
	size_t nint = strcspn(p, ".");
	bool group = fabs(v) >= l->group_from;
	for (size_t i = 0; i < nint; i++) {
		if (group && i > 0 && (nint - i) % 3 == 0)
			kk_buf_str(&b, l->group);
		kk_buf_char(&b, p[i]);
	}
	if (p[nint] == '.') {
		kk_buf_str(&b, l->decimal);
		kk_buf_str(&b, p + nint + 1);
	}
	kk_buf_char(&b, '\0');
	const char *out = kk_arena_strdup(l->arena, b.p);
	kk_buf_free(&b);
	return out;
}

const char *
kk_lang_int(const kk_lang *l, long v)
{
	return kk_lang_num(l, (double)v, 0);
}

const char *
kk_lang_plain(const kk_lang *l, long v)
{
	char digits[32];

	snprintf(digits, sizeof digits, "%ld", v);
	return kk_arena_strdup(l->arena, digits);
}

const char *
kk_lang_size(const kk_lang *l, const char *cls)
{
	long a, b;
	size_t n = strlen(cls), dash = strcspn(cls, "-");

	if (n > 1 && cls[0] == '<' &&
	    kk_parse_long(cls + 1, n - 1, 0, 1000000000, &a) == KK_NUM_OK)
		return kk_trf(l, "size.below", "a", kk_lang_int(l, a), NULL);
	if (n > 1 && cls[0] == '>' &&
	    kk_parse_long(cls + 1, n - 1, 0, 1000000000, &a) == KK_NUM_OK)
		return kk_trf(l, "size.above", "a", kk_lang_int(l, a), NULL);
	if (dash > 0 && dash < n &&
	    kk_parse_long(cls, dash, 0, 1000000000, &a) == KK_NUM_OK &&
	    kk_parse_long(cls + dash + 1, n - dash - 1, 0, 1000000000, &b) ==
	    KK_NUM_OK)
		return kk_trf(l, "size.between", "a", kk_lang_int(l, a), "b",
		    kk_lang_int(l, b), NULL);
	return *cls ? cls : kk_tr(l, "size.unknown");
}
