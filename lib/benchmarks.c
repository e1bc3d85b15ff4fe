/* The published reference values, from data/benchmarks.csv. */
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "schema.h"
#include "benchmarks.h"
#include "synth.h"

/* The kinds of figure data/README.md describes; an area figure names its
 * area, every other none. */
static const struct { const char *what; bool area; } kinds[] = {
	{ "mean_total", false }, { "mean_area", true },
	{ "max_total", false }, { "max_area", true },
	{ "normal_band_low", false }, { "normal_band_high", false },
	{ "best_total_level", false }, { "evaluations", false },
	{ "evaluations_8y", false },
	{ "municipalities", false }, { "municipalities_above", false },
	{ "top15_municipalities", false }, { "bottom15_evaluations", false },
	{ NULL, false }
};
static const char *const units[] = {
	"points", "evaluations", "municipalities", NULL
};
static const char *const qualifiers[] = {
	"exact", "approx", "below", "above", NULL
};
static const char *const versions[] = { "all", "1.x", "2.x", "3.x", NULL };

static long
one_of(const char *const *list, const char *s)
{
	for (long i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

static int
kind(const char *what)
{
	for (int i = 0; kinds[i].what; i++)
		if (strcmp(kinds[i].what, what) == 0)
			return i;
	return -1;
}

struct reader {
	const kk_table *t;
	size_t r, c[KK_B_N];
};

static const char *
cell(const struct reader *rd, int k)
{
	return rd->t->cell[rd->r][rd->c[k]];
}

static _Noreturn void
bad(const struct reader *rd, int k, const char *what)
{
	kk_die_at(rd->t->name, rd->t->line[rd->r], (long)rd->c[k] + 1,
	    "%s '%s' %s", kk_colname(&kk_benchmarks_table, k), cell(rd, k),
	    what);
}

static void
need_word(const struct reader *rd, int k, const char *const *list,
	const char *what)
{
	if (one_of(list, cell(rd, k)) < 0)
		bad(rd, k, what);
}

static void
read_row(const struct reader *rd, kk_benchmark *b)
{
	const char *year = cell(rd, KK_B_YEAR), *area = cell(rd, KK_B_AREA);
	const char *value = cell(rd, KK_B_VALUE);
	int k = kind(cell(rd, KK_B_WHAT));

	if (k < 0)
		bad(rd, KK_B_WHAT, "is not a kind of figure data/README.md "
		    "describes");
	b->what = kinds[k].what;
	b->country = cell(rd, KK_B_COUNTRY);
	b->group = cell(rd, KK_B_GROUP);
	b->version = cell(rd, KK_B_VERSION);
	b->unit = cell(rd, KK_B_UNIT);
	b->qualifier = cell(rd, KK_B_QUALIFIER);
	b->scope = cell(rd, KK_B_SCOPE);
	b->source = cell(rd, KK_B_SOURCE);
	b->quote = cell(rd, KK_B_QUOTE);
	b->notes = cell(rd, KK_B_NOTES);
	b->line = rd->t->line[rd->r];
	if (!*b->country)
		bad(rd, KK_B_COUNTRY, "is empty");
	if (!*b->group)
		bad(rd, KK_B_GROUP, "is empty");
	if (!*b->source)
		bad(rd, KK_B_SOURCE, "is empty: every figure has its source");
	need_word(rd, KK_B_VERSION, versions, "is not all, 1.x, 2.x or 3.x");
	need_word(rd, KK_B_UNIT, units, "is not points, evaluations or "
	    "municipalities");
	need_word(rd, KK_B_QUALIFIER, qualifiers, "is not exact, approx, "
	    "below or above");
	if (*year && !kk_year_parse(year, strlen(year), &b->year))
		bad(rd, KK_B_YEAR, "is not a year in " KK_YEAR_RANGE);
	long a = 0;
	if (*area && kk_parse_long(area, strlen(area), 1, KK_NAREA, &a) !=
	    KK_NUM_OK)
		bad(rd, KK_B_AREA, "is not an area 1..8");
	if (kinds[k].area != (a != 0))
		bad(rd, KK_B_AREA, kinds[k].area ? "is empty, but the figure is "
		    "an area's" : "is given, but the figure is no area's");
	b->area = (int)a;
	if (kk_parse_double(value, strlen(value), &b->value) != KK_NUM_OK)
		bad(rd, KK_B_VALUE, "is not a number");
}

kk_benchmarks *
kk_benchmarks_load(const char *path)
{
	char *dflt = path ? NULL : kk_data_path("benchmarks.csv");
	kk_benchmarks *b = kk_calloc(1, sizeof *b);
	struct reader rd;

	b->t = kk_table_read(path ? path : dflt);
	free(dflt);
	rd.t = b->t;
	for (int k = 0; k < KK_B_N; k++)
		rd.c[k] = kk_table_need_col(b->t, &kk_benchmarks_table, k);
	b->row = kk_calloc(b->t->nrows + 1, sizeof *b->row);
	for (rd.r = 0; rd.r < b->t->nrows; rd.r++)
		read_row(&rd, &b->row[b->n++]);
	return b;
}

void
kk_benchmarks_free(kk_benchmarks *b)
{
	if (!b)
		return;
	kk_table_free(b->t);
	free(b->row);
	free(b);
}

/* Is a a better fit than b (NULL) for an evaluation of year? */
static bool
better(const kk_benchmark *a, const kk_benchmark *b)
{
	if (!b)
		return true;
	if ((a->year != 0) != (b->year != 0))
		return a->year != 0;
	if (a->year != b->year)
		return a->year > b->year;
	return strcmp(a->qualifier, "exact") == 0 &&
	    strcmp(b->qualifier, "exact") != 0;
}

const kk_benchmark *
kk_benchmark_find(const kk_benchmarks *b, const char *what,
	const char *country, const char *group, int area, long year,
	const char *family)
{
	const kk_benchmark *best = NULL;

	for (size_t i = 0; i < b->n; i++) {
		const kk_benchmark *r = &b->row[i];
		if (strcmp(r->what, what) || strcmp(r->country, country) ||
		    strcmp(r->group, group) || r->area != area ||
		    (r->year && r->year > year) ||
		    (strcmp(r->version, "all") &&
		    (!family || strcmp(r->version, family))))
			continue;
		if (better(r, best))
			best = r;
	}
	return best;
}

char *
kk_benchmark_publisher(const kk_benchmark *r)
{
	return kk_strndup(r->source, strcspn(r->source, ":"));
}

bool
kk_benchmarks_full_export(const kk_benchmarks *b, const char *country,
	long year, size_t municipalities, const kk_benchmark **count)
{
	*count = kk_benchmark_find(b, "municipalities", country, "all", 0,
	    year, NULL);
	return *count && (double)municipalities >= (*count)->value;
}

/* The source kk-synth gives every row it makes up. */
static bool
synthetic(const char *source)
{
	return strncmp(source, SYNTH_SOURCE, strlen(SYNTH_SOURCE)) == 0;
}

/* The municipalities of one country in a scores table and the latest
 * year they were evaluated; *all_synthetic says whether every row of
 * the country is made up by kk-synth. */
static size_t
municipalities_of(const kk_table *scores, const char *country, long *last,
	bool *all_synthetic)
{
	size_t co = kk_table_need(scores, "country");
	size_t id = kk_table_need(scores, "municipality_id");
	size_t ye = kk_table_need(scores, "year");
	size_t so = kk_table_need(scores, "source");
	const char **seen = NULL;
	size_t n = 0, cap = 0;

	*last = 0;
	*all_synthetic = true;
	for (size_t r = 0; r < scores->nrows; r++) {
		const char *const *row = (const char *const *)scores->cell[r];
		if (strcmp(row[co], country) != 0)
			continue;
		if (!synthetic(row[so]))
			*all_synthetic = false;
		long y = strtol(row[ye], NULL, 10);
		if (y > *last)
			*last = y;
		size_t i;
		for (i = 0; i < n && strcmp(seen[i], row[id]) != 0; i++)
			;
		if (i == n) {
			kk_grow((void **)&seen, &cap, n + 1, sizeof *seen);
			seen[n++] = row[id];
		}
	}
	free(seen);
	return n;
}

char *
kk_benchmarks_coverage(const kk_benchmarks *b, const kk_table *scores,
	const char *country)
{
	const kk_benchmark *count;
	long last;
	bool full, made_up;
	size_t m = municipalities_of(scores, country, &last, &made_up);

	if (m == 0)
		return NULL;
	if (made_up)
		return kk_asprintf("%s: %zu synthetic %s (kk-synth), up to %ld; "
		    "made-up data, to be compared with no published count",
		    country, m, m == 1 ? "municipality" : "municipalities",
		    last);
	full = kk_benchmarks_full_export(b, country, last, m, &count);
	if (!count)
		return kk_asprintf("%s: %zu %s evaluated up to %ld; "
		    "no published count of the country's evaluated "
		    "municipalities to compare with, so taken as a sample, "
		    "not all evaluations", country, m,
		    m == 1 ? "municipality" : "municipalities", last);
	char *who = kk_benchmark_publisher(count);
	const char *q = strcmp(count->qualifier, "above") == 0 ? "more than " :
	    strcmp(count->qualifier, "below") == 0 ? "fewer than " :
	    strcmp(count->qualifier, "approx") == 0 ? "about " : "";
	char *s = kk_asprintf("%s: %zu %s evaluated up to %ld; "
	    "%s (%ld) gives %s%.0f that have used the instrument: %s", country,
	    m, m == 1 ? "municipality" : "municipalities", last, who, count->year, q, count->value, full ?
	    "a full export, its own figures describe the country" :
	    "a sample of them, the results municipalities chose to publish "
	    "(self-selected: a good result is published more often than a "
	    "weak one), not all evaluations");
	free(who);
	return s;
}
