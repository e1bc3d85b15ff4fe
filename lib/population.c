/* Municipality population across code reforms; see population.h and
 * doc/population.md for the rules. */
#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "population.h"
#include "schema.h"

typedef struct {
	char *country;
	char *old_code, *old_name;
	char *new_code, *new_name;
	long valid_from;            /* first year of the new code */
	char *file;                 /* for messages */
	long line;
} change;

/* The figures of one code: fig[first .. end). */
typedef struct {
	const char *country, *code;
	size_t first, end;
} code_figs;

struct kk_pop {
	kk_pop_figure *fig;         /* sorted by country, code, year */
	size_t nfig, figcap;
	code_figs *code;            /* by kk_pop_finish, in fig's order */
	size_t ncode;
	char **file;                /* names of the figure files */
	size_t nfile;
	change *chg;
	size_t nchg, chgcap;
	bool finished;
};

/* Reference dates: SSB's table 07459 counts on 1 January of the year,
 * SCB's series on 31 December.  Both describe the start of a year. */
static const struct {
	const char *country;
	long offset;                /* figure year = evaluation year + offset */
	const char *date;
} refdate[] = {
	{ "NO", 0, "1 January" },
	{ "SE", -1, "31 December" },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAXDEPTH 64             /* longest sane chain of code changes */

kk_pop *
kk_pop_new(void)
{
	return kk_calloc(1, sizeof(kk_pop));
}

void
kk_pop_free(kk_pop *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nfig; i++)
		free(p->fig[i].country);      /* also holds code and label */
	for (size_t i = 0; i < p->nchg; i++) {
		change *c = &p->chg[i];
		free(c->country);
		free(c->old_code);
		free(c->old_name);
		free(c->new_code);
		free(c->new_name);
		free(c->file);
	}
	for (size_t i = 0; i < p->nfile; i++)
		free(p->file[i]);
	free(p->file);
	free(p->fig);
	free(p->code);
	free(p->chg);
	free(p);
}

/* The population and code-change tables are read a row at a time
 * (kk_rows): small next to an evaluation panel, but a panel's own
 * population file (kk-synth --population-out) is not, and a copy of it
 * in memory would only be turned into figures and freed. */

static long
need_long(const kk_rows *s, size_t col, long min, long max)
{
	const char *v = s->row->field[col];
	long x;
	kk_num_status st = kk_parse_long(v, s->row->len[col], min, max, &x);

	if (st != KK_NUM_OK)
		kk_die_at(kk_rows_name(s), s->row->line, (long)col + 1,
			"%s '%s': %s", s->col[col], v, st == KK_NUM_RANGE ||
			st == KK_NUM_OK ? "out of range" : kk_num_reason(st));
	return x;
}

static long
need_year(const kk_rows *s, size_t col)
{
	return kk_year_need(s->row->field[col], s->row->len[col], s->col[col],
	    kk_rows_name(s), s->row->line, (long)col + 1);
}

static const char *
need_text(const kk_rows *s, size_t col)
{
	const char *v = s->row->field[col];

	if (*v == '\0')
		kk_die_at(kk_rows_name(s), s->row->line, (long)col + 1,
			"empty %s", s->col[col]);
	return v;
}

/* country, code and label in one allocation, owned by country: a panel's
 * population file has a figure per evaluation. */
static void
figure_text(kk_pop_figure *f, const char *country, const char *code,
	const char *label)
{
	size_t nc = strlen(country) + 1, nk = strlen(code) + 1;
	size_t nl = strlen(label) + 1;

	f->country = kk_malloc(nc + nk + nl);
	f->code = f->country + nc;
	f->label = f->code + nk;
	memcpy(f->country, country, nc);
	memcpy(f->code, code, nk);
	memcpy(f->label, label, nl);
}

void
kk_pop_load_figures(kk_pop *p, const char *path)
{
	kk_rows s;
	size_t ccountry, ccode, cname, cyear, cpop, csrc;
	const char *file;

	kk_rows_open(&s, path);
	ccountry = kk_rows_need_col(&s, &kk_population_table, KK_POP_COUNTRY);
	ccode = kk_rows_need_col(&s, &kk_population_table, KK_POP_CODE);
	cname = kk_rows_need_col(&s, &kk_population_table, KK_POP_MUNI);
	cyear = kk_rows_need_col(&s, &kk_population_table, KK_POP_YEAR);
	cpop = kk_rows_need_col(&s, &kk_population_table, KK_POP_POPULATION);
	csrc = kk_rows_need_col(&s, &kk_population_table, KK_POP_SOURCE);
	p->file = kk_realloc(p->file, (p->nfile + 1) * sizeof *p->file);
	file = p->file[p->nfile++] = kk_strdup(path);
	while (kk_rows_next(&s)) {
		kk_pop_figure f;

		f.file = file;
		f.line = s.row->line;
		f.order = p->nfig;

		need_text(&s, csrc);
		figure_text(&f, need_text(&s, ccountry), need_text(&s, ccode),
			s.row->field[cname]);
		f.year = need_year(&s, cyear);
		f.population = need_long(&s, cpop, 1, LONG_MAX);
		kk_grow((void **)&p->fig, &p->figcap, p->nfig + 1, sizeof f);
		p->fig[p->nfig++] = f;
	}
	p->finished = false;
	kk_rows_close(&s);
}

static char *
opt_text(const kk_rows *s, long col)
{
	return kk_strdup(col < 0 ? "" : s->row->field[col]);
}

void
kk_pop_load_changes(kk_pop *p, const char *path)
{
	kk_rows s;
	long coldn, cnewn;
	size_t ccountry, cold, cnew, cfrom;

	/* The country is a column, never guessed from the file's name: a
	 * code means a municipality only within its country (1860 is
	 * Vestvågøy and Laxå). */
	kk_rows_open(&s, path);
	ccountry = kk_rows_need_col(&s, &kk_changes_table, KK_CHG_COUNTRY);
	cold = kk_rows_need_col(&s, &kk_changes_table, KK_CHG_OLD_CODE);
	cnew = kk_rows_need_col(&s, &kk_changes_table, KK_CHG_NEW_CODE);
	cfrom = kk_rows_need_col(&s, &kk_changes_table, KK_CHG_VALID_FROM);
	coldn = kk_rows_find_col(&s, &kk_changes_table, KK_CHG_OLD_NAME);
	cnewn = kk_rows_find_col(&s, &kk_changes_table, KK_CHG_NEW_NAME);
	while (kk_rows_next(&s)) {
		change c;

		/* a country without a reference date has no figures, so its
		 * changes would renumber nothing: a mistake, not data */
		c.country = kk_strdup(need_text(&s, ccountry));
		if (!kk_pop_ref_date(c.country))
			kk_die_at(kk_rows_name(&s), s.row->line,
				(long)ccountry + 1, "country '%s' has no "
				"population reference date", c.country);
		c.old_code = kk_strdup(need_text(&s, cold));
		c.new_code = kk_strdup(need_text(&s, cnew));
		c.old_name = opt_text(&s, coldn);
		c.new_name = opt_text(&s, cnewn);
		c.valid_from = need_year(&s, cfrom);
		c.file = kk_strdup(path);
		c.line = s.row->line;
		if (strcmp(c.old_code, c.new_code) == 0)
			kk_die_at(path, c.line, (long)cnew + 1,
				"code %s changes into itself", c.old_code);
		kk_grow((void **)&p->chg, &p->chgcap, p->nchg + 1, sizeof c);
		p->chg[p->nchg++] = c;
	}
	p->finished = false;
	kk_rows_close(&s);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
kk_pop_load_dir(kk_pop *p, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **name = NULL;
	size_t n = 0, cap = 0, nfig = 0;

	if (!d)
		kk_die("%s:", dir);
	while ((e = readdir(d)) != NULL) {
		if (!ends_with(e->d_name, "_population.csv") &&
		    !ends_with(e->d_name, "_code_changes.csv"))
			continue;
		kk_grow((void **)&name, &cap, n + 1, sizeof *name);
		name[n++] = kk_strdup(e->d_name);
	}
	closedir(d);
	/* Sorted, so that messages and load order do not depend on the
	 * file system. */
	if (n)
		qsort(name, n, sizeof *name, cmp_str);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(name[i]) + 2;
		char *path = kk_malloc(len);

		snprintf(path, len, "%s/%s", dir, name[i]);
		if (ends_with(name[i], "_population.csv")) {
			kk_pop_load_figures(p, path);
			nfig++;
		} else {
			kk_pop_load_changes(p, path);
		}
		free(path);
		free(name[i]);
	}
	free(name);
	if (nfig == 0)
		kk_die("%s: no *_population.csv in this directory", dir);
}

void
kk_pop_sources_add(const char ***v, size_t *n, const char *path)
{
	*v = kk_realloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = path;
}

void
kk_pop_sources_free(kk_pop_sources *s)
{
	free(s->fig);
	free(s->chg);
}

kk_pop *
kk_pop_open(const kk_pop_sources *s)
{
	kk_pop *p = kk_pop_new();

	if (s->nfig == 0) {
		char *dflt = s->dir ? NULL : kk_data_path("population");

		kk_pop_load_dir(p, s->dir ? s->dir : dflt);
		free(dflt);
	}
	for (size_t i = 0; i < s->nfig; i++)
		kk_pop_load_figures(p, s->fig[i]);
	for (size_t i = 0; i < s->nchg; i++)
		kk_pop_load_changes(p, s->chg[i]);
	kk_pop_finish(p);
	return p;
}

static int
cmp_fig(const void *a, const void *b)
{
	const kk_pop_figure *x = a, *y = b;
	int c;

	if ((c = strcmp(x->country, y->country)) != 0)
		return c;
	if ((c = strcmp(x->code, y->code)) != 0)
		return c;
	return (x->year > y->year) - (x->year < y->year);
}

/* Same key, then load order: a duplicate is reported at the later one. */
static int
cmp_fig_order(const void *a, const void *b)
{
	const kk_pop_figure *x = a, *y = b;
	int c = cmp_fig(a, b);

	return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A code that ceases does so once, on one date, in every row: otherwise
 * "the code was valid until V" means nothing and a chain could loop. */
static void
check_changes(const kk_pop *p)
{
	for (size_t i = 0; i < p->nchg; i++) {
		const change *a = &p->chg[i];

		for (size_t j = 0; j < i; j++) {
			const change *b = &p->chg[j];

			if (strcmp(a->country, b->country) != 0 ||
			    strcmp(a->old_code, b->old_code) != 0)
				continue;
			if (strcmp(a->new_code, b->new_code) == 0)
				kk_die_at(a->file, a->line, 0,
					"change %s -> %s listed twice",
					a->old_code, a->new_code);
			if (a->valid_from != b->valid_from)
				kk_die_at(a->file, a->line, 0, "code %s "
					"ceases both in %ld and in %ld",
					a->old_code, b->valid_from,
					a->valid_from);
		}
	}
}

/* One entry a code: each evaluation looks its code up, and a search of
 * the codes, then a walk over that code's figures without comparing
 * strings, costs a fraction of a search and walk of all figures. */
static void
index_codes(kk_pop *p)
{
	p->code = kk_malloc((p->nfig ? p->nfig : 1) * sizeof *p->code);
	for (size_t i = 0; i < p->nfig; i++) {
		const kk_pop_figure *f = &p->fig[i];
		code_figs *last = p->ncode ? &p->code[p->ncode - 1] : NULL;

		if (last && strcmp(last->country, f->country) == 0 &&
		    strcmp(last->code, f->code) == 0) {
			last->end = i + 1;
			continue;
		}
		p->code[p->ncode++] = (code_figs){ f->country, f->code, i, i + 1 };
	}
	p->code = kk_realloc(p->code, (p->ncode ? p->ncode : 1) *
	    sizeof *p->code);
}

void
kk_pop_finish(kk_pop *p)
{
	if (p->nfig)
		qsort(p->fig, p->nfig, sizeof *p->fig, cmp_fig_order);
	for (size_t i = 1; i < p->nfig; i++) {
		const kk_pop_figure *a = &p->fig[i - 1], *b = &p->fig[i];

		if (cmp_fig(a, b) == 0)
			kk_die_at(b->file, b->line, 0, "two figures for %s %s "
				"in %ld (the other: %s:%ld)", b->country,
				b->code, b->year, a->file, a->line);
	}
	index_codes(p);
	check_changes(p);
	p->finished = true;
}

bool
kk_pop_ref_year(const char *country, long y, long *ref)
{
	for (size_t i = 0; i < NELEM(refdate); i++)
		if (strcmp(country, refdate[i].country) == 0) {
			*ref = y + refdate[i].offset;
			return true;
		}
	return false;
}

const char *
kk_pop_ref_date(const char *country)
{
	for (size_t i = 0; i < NELEM(refdate); i++)
		if (strcmp(country, refdate[i].country) == 0)
			return refdate[i].date;
	return NULL;
}

/* ---- lookups ------------------------------------------------------------ */

/* Index of the first figure of (country, code), or nfig. */
static size_t
first_fig(const kk_pop *p, const char *country, const char *code)
{
	size_t lo = 0, hi = p->nfig;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const kk_pop_figure *f = &p->fig[mid];
		int c = strcmp(f->country, country);

		if (c == 0)
			c = strcmp(f->code, code);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
same_code(const kk_pop_figure *f, const char *country, const char *code)
{
	return strcmp(f->country, country) == 0 && strcmp(f->code, code) == 0;
}

/* The figure of code for year y, or failing that its latest one before
 * y (when earlier is true); NULL if none. */
static const kk_pop_figure *
find_fig(const kk_pop *p, const char *country, const char *code, long y,
	bool earlier)
{
	const kk_pop_figure *best = NULL;
	size_t lo = 0, hi = p->ncode;

	while (lo < hi) {               /* as first_fig, over the codes */
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->code[mid].country, country);

		if (c == 0)
			c = strcmp(p->code[mid].code, code);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == p->ncode || strcmp(p->code[lo].country, country) != 0 ||
	    strcmp(p->code[lo].code, code) != 0)
		return NULL;
	for (size_t i = p->code[lo].first; i < p->code[lo].end; i++) {
		if (p->fig[i].year == y)
			return &p->fig[i];
		if (earlier && p->fig[i].year < y)
			best = &p->fig[i];
	}
	return best;
}

/* First and last year with any figure for the country. */
static bool
coverage(const kk_pop *p, const char *country, long *first, long *last)
{
	bool any = false;

	for (size_t i = 0; i < p->nfig; i++) {
		if (strcmp(p->fig[i].country, country) != 0)
			continue;
		if (!any || p->fig[i].year < *first)
			*first = p->fig[i].year;
		if (!any || p->fig[i].year > *last)
			*last = p->fig[i].year;
		any = true;
	}
	return any;
}

typedef enum { SUCC, PRED } direction;

/* Changes of code in one direction: SUCC rows where it is the old code,
 * PRED rows where it is the new one.  Returns how many; their indices go
 * to *out (allocated) when out is not NULL. */
static size_t
changes_of(const kk_pop *p, const char *country, const char *code,
	direction dir, size_t **out)
{
	size_t n = 0, cap = 0;

	if (out)
		*out = NULL;
	for (size_t i = 0; i < p->nchg; i++) {
		const change *c = &p->chg[i];
		const char *k = dir == SUCC ? c->old_code : c->new_code;

		if (strcmp(c->country, country) != 0 || strcmp(k, code) != 0)
			continue;
		if (out) {
			kk_grow((void **)out, &cap, n + 1, sizeof **out);
			(*out)[n] = i;
		}
		n++;
	}
	return n;
}


/* "1504, 1523, 1529" from the chosen side of the rows in idx. */
static char *
code_list(const kk_pop *p, const size_t *idx, size_t n, direction side)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++) {
		const change *c = &p->chg[idx[i]];

		len += strlen(side == SUCC ? c->new_code : c->old_code) + 2;
	}
	s = kk_malloc(len);
	*s = '\0';
	for (size_t i = 0; i < n; i++) {
		const change *c = &p->chg[idx[i]];

		if (i)
			strcat(s, ", ");
		strcat(s, side == SUCC ? c->new_code : c->old_code);
	}
	return s;
}

static bool
unmatched(kk_pop_match *m, char *reason)
{
	m->fig = NULL;
	free(m->reason);
	m->reason = reason;
	return false;
}

static bool resolve(const kk_pop *p, const char *country, const char *code,
	long y, kk_pop_match *m, int depth, bool join);

static bool
has_fig_before(const kk_pop *p, const char *country, const char *code,
	long y)
{
	return find_fig(p, country, code, y - 1, true) != NULL;
}

/* Was the change a merger into a code that lived on?  SSB lists only the
 * absorbed codes (1141 Finnøy -> 1103 Stavanger, 2020), so it shows as
 * both codes having figures of their own before the change.  A table on
 * a later division (SCB's, Heby 0331 also before 2007) has none under
 * the old code, and there the change is a renumbering. */
static bool
kept(const kk_pop *p, const change *c)
{
	return has_fig_before(p, c->country, c->new_code, c->valid_from) &&
	    has_fig_before(p, c->country, c->old_code, c->valid_from);
}

/* The changes that created code: the rows into it on the earliest date.
 * Later rows are absorptions (5030 Klæbu into 5001 Trondheim in 2020,
 * two years after 1601 became 5001), and a code that existed before its
 * rows (kept) was not created by them: none then. */
static size_t
creation(const kk_pop *p, const char *country, const char *code,
	size_t **idx)
{
	size_t n = changes_of(p, country, code, PRED, idx), k = 0;
	long first = LONG_MAX;

	for (size_t i = 0; i < n; i++)
		if (p->chg[(*idx)[i]].valid_from < first)
			first = p->chg[(*idx)[i]].valid_from;
	for (size_t i = 0; i < n; i++)
		if (p->chg[(*idx)[i]].valid_from == first)
			(*idx)[k++] = (*idx)[i];
	for (size_t i = 0; i < k; i++)
		if (kept(p, &p->chg[(*idx)[i]]))
			return 0;
	return k;
}

/* One code became one other code, and nothing else happened then. */
static bool
one_for_one(const kk_pop *p, const change *c)
{
	size_t *idx, n = creation(p, c->country, c->new_code, &idx);
	bool ok = n == 1 && &p->chg[idx[0]] == c &&
	    changes_of(p, c->country, c->old_code, SUCC, NULL) == 1;

	free(idx);
	return ok;
}

/* Record a step of the chain, for messages. */
static void
step(kk_pop_match *m, const char *from, const char *to, long valid_from)
{
	char *via = m->via ? kk_asprintf("%s -> %s (%ld)", m->via, to,
		valid_from) : kk_asprintf("%s -> %s (%ld)", from, to, valid_from);

	free(m->via);
	m->via = via;
}

/* The code ceased before y: follow it to its one successor, if it has
 * only one. */
static bool
forward(const kk_pop *p, const char *country, const char *code, long y,
	kk_pop_match *m, int depth, const size_t *succ, size_t nsucc, bool join)
{
	const change *c = &p->chg[succ[0]];
	char *list;

	if (nsucc > 1) {
		list = code_list(p, succ, nsucc, SUCC);
		unmatched(m, kk_asprintf("municipality %s was split in %ld "
			"(into %s): no figure for %ld refers to it", code,
			c->valid_from, list, y));
		free(list);
		return false;
	}
	/* A merger: the evaluated municipality lives on inside the new
	 * one, so its figure is the right one for a later year, but an
	 * outdated code deserves a warning. */
	if (!m->note && !one_for_one(p, c))
		m->note = kk_asprintf("code %s was merged into %s in %ld; "
			"joined to %s", code, c->new_code, c->valid_from,
			c->new_code);
	step(m, code, c->new_code, c->valid_from);
	return resolve(p, country, c->new_code, y, m, depth + 1, join);
}

/* The code did not exist yet in y: go back to its predecessor if the
 * change was a renumbering, one code for one code. */
static bool
backward(const kk_pop *p, const char *country, const char *code, long y,
	kk_pop_match *m, int depth, const size_t *pred, size_t npred, bool join)
{
	const change *c = &p->chg[pred[0]];
	char *list;

	if (npred > 1) {
		list = code_list(p, pred, npred, PRED);
		unmatched(m, kk_asprintf("code %s exists from %ld, formed by "
			"merging %s: the code does not say which of them was "
			"evaluated in %ld", code, c->valid_from, list, y));
		free(list);
		return false;
	}
	if (changes_of(p, country, c->old_code, SUCC, NULL) > 1)
		return unmatched(m, kk_asprintf("code %s exists from %ld, formed "
			"when %s was split: no figure for %ld refers to it",
			code, c->valid_from, c->old_code, y));
	step(m, code, c->old_code, c->valid_from);
	return resolve(p, country, c->old_code, y, m, depth + 1, join);
}

/* Keep the successors that had taken over by y. */
static size_t
dated(const kk_pop *p, size_t *idx, size_t n, long y)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (p->chg[idx[i]].valid_from <= y)
			idx[k++] = idx[i];
	return k;
}

/* The one code that code was renumbered to (SUCC) or from (PRED), one
 * for one, or NULL. */
static const char *
renumbered(const kk_pop *p, const char *country, const char *code,
	direction dir)
{
	size_t *idx, n = dir == SUCC ? changes_of(p, country, code, SUCC, &idx) :
		creation(p, country, code, &idx);
	const char *other = NULL;

	if (n == 1 && one_for_one(p, &p->chg[idx[0]]))
		other = dir == SUCC ? p->chg[idx[0]].new_code :
			p->chg[idx[0]].old_code;
	free(idx);
	return other;
}

/* A table on a later division files a renumbered municipality under its
 * new code for every year (SCB: Heby is 0331 also before 2007), so the
 * figure may sit under any code of a one-for-one chain. */
static const kk_pop_figure *
find_renumbered(const kk_pop *p, const char *country, const char *code,
	long y, bool earlier)
{
	const kk_pop_figure *f = find_fig(p, country, code, y, earlier);

	for (int dir = SUCC; !f && dir <= PRED; dir++) {
		const char *c = code;

		for (int k = 0; !f && k < MAXDEPTH &&
		     (c = renumbered(p, country, c, (direction)dir)); k++)
			f = find_fig(p, country, c, y, earlier);
	}
	return f;
}

static bool
lookup(const kk_pop *p, const char *country, const char *code, long y,
	kk_pop_match *m)
{
	long first = 0, last = 0;

	m->fig = find_renumbered(p, country, code, y, false);
	if (m->fig)
		return true;
	if (!coverage(p, country, &first, &last))
		return unmatched(m, kk_asprintf("no population table for "
			"country '%s'", country));
	if (!find_renumbered(p, country, code, LONG_MAX, true) &&
	    !changes_of(p, country, code, SUCC, NULL) &&
	    !changes_of(p, country, code, PRED, NULL))
		return unmatched(m, kk_asprintf("unknown municipality code %s",
			code));
	if (y < first)
		return unmatched(m, kk_asprintf("the %s population table starts "
			"in %ld, the evaluation needs %ld", country, first, y));
	/* The table ends before y (Sweden after 2025): the latest figure
	 * is the best there is, and population_year says so. */
	if (y > last && (m->fig = find_renumbered(p, country, code, y, true)))
		return true;
	return unmatched(m, kk_asprintf("no figure for code %s in %ld", code, y));
}

/* Follow code to the code valid in y, as far as the change table says
 * which municipality it was; then, when join, to its figure.  Without
 * join, m->code is the code reached. */
static bool
resolve(const kk_pop *p, const char *country, const char *code, long y,
	kk_pop_match *m, int depth, bool join)
{
	size_t *idx, n;
	bool ok;

	if (depth > MAXDEPTH)
		return unmatched(m, kk_asprintf("code changes from %s loop", code));
	n = changes_of(p, country, code, SUCC, &idx);
	n = dated(p, idx, n, y);
	if (n > 0) {
		ok = forward(p, country, code, y, m, depth, idx, n, join);
		free(idx);
		return ok;
	}
	free(idx);
	n = creation(p, country, code, &idx);
	if (n > 0 && p->chg[idx[0]].valid_from > y) {
		ok = backward(p, country, code, y, m, depth, idx, n, join);
		free(idx);
		return ok;
	}
	free(idx);
	if (!join) {
		m->code = code;
		return true;
	}
	return lookup(p, country, code, y, m);
}

bool
kk_pop_join(const kk_pop *p, const char *country, const char *code,
	long year, kk_pop_match *m)
{
	kk_pop_match_clear(m);
	if (!p->finished)
		kk_die("kk_pop_join before kk_pop_finish");
	if (*code == '\0')
		return unmatched(m, kk_strdup("no municipality code"));
	if (!kk_pop_ref_year(country, year, &m->wanted))
		return unmatched(m, kk_asprintf("no population reference date "
			"for country '%s'", country));
	if (resolve(p, country, code, m->wanted, m, 0, true))
		return true;
	if (m->via) {
		char *r = kk_asprintf("%s: %s", m->via, m->reason);

		free(m->reason);
		m->reason = r;
	}
	return false;
}

void
kk_pop_match_clear(kk_pop_match *m)
{
	free(m->reason);
	free(m->note);
	free(m->via);
	memset(m, 0, sizeof *m);
}

/* ---- identity ----------------------------------------------------------- */

/* The code evaluated in year is first followed, as kk_pop_join follows
 * it, to the code the municipality had then: an old code used after a
 * renumbering, merger or absorption means the municipality that existed
 * in that year (Klæbu's 5030 in 2022 is Trondheim, 5001).  Where the
 * table does not say which municipality that was (after a split, before
 * a merger) the code as given stands.  The identity is then named after
 * the last code of its one-for-one renumberings, later ones included. */
char *
kk_pop_identity(const kk_pop *p, const char *country, const char *code,
	long year)
{
	kk_pop_match m = { 0 };
	const char *c = code, *next;
	char *id;

	if (!p->finished)
		kk_die("kk_pop_identity before kk_pop_finish");
	if (resolve(p, country, code, year, &m, 0, false))
		c = m.code;
	for (int k = 0; k < MAXDEPTH &&
	     (next = renumbered(p, country, c, SUCC)) != NULL; k++)
		c = next;
	id = kk_asprintf("%s-%s", country, c);
	kk_pop_match_clear(&m);
	return id;
}

/* ---- names ---------------------------------------------------------------- */

/* Does folded name equal one form of label?  SSB qualifies labels with a
 * period or county, "Røros (-2017)", "Våler (Østfold)", and lists Sámi
 * and Kven forms after " - ": "Nordreisa - Ráisa - Raisi". */
static bool
label_agrees(const char *label, const char *fname)
{
	const char *paren = strstr(label, " (");
	size_t len = paren ? (size_t)(paren - label) : strlen(label);
	char *base = kk_strndup(label, len);
	bool ok = false;
	char *part = base, *dash;

	do {
		char *f;

		dash = strstr(part, " - ");
		if (dash)
			*dash = '\0';
		f = kk_fold(part);
		ok = strcmp(f, fname) == 0;
		free(f);
		part = dash ? dash + 3 : NULL;
	} while (!ok && part);
	free(base);
	if (!ok) {
		char *f = kk_fold(label);

		ok = strcmp(f, fname) == 0;
		free(f);
	}
	return ok;
}

bool
kk_pop_name_agrees(const kk_pop *p, const char *country, const char *code,
	const char *name)
{
	char *fname = kk_fold(name);
	bool ok = *fname == '\0';

	for (size_t i = first_fig(p, country, code); !ok && i < p->nfig &&
	     same_code(&p->fig[i], country, code); i++)
		ok = label_agrees(p->fig[i].label, fname);
	for (size_t i = 0; !ok && i < p->nchg; i++) {
		const change *c = &p->chg[i];

		if (strcmp(c->country, country) != 0)
			continue;
		if (strcmp(c->old_code, code) == 0)
			ok = label_agrees(c->old_name, fname);
		if (!ok && strcmp(c->new_code, code) == 0)
			ok = label_agrees(c->new_name, fname);
	}
	free(fname);
	return ok;
}

/* ---- size classes --------------------------------------------------------- */

static void
make_labels(kk_size_classes *sc)
{
	size_t n = sc->n;

	sc->label = kk_calloc(n + 1, sizeof *sc->label);
	sc->label[0] = kk_asprintf("<%ld", sc->brk[0]);
	for (size_t k = 1; k < n; k++)
		sc->label[k] = kk_asprintf("%ld-%ld", sc->brk[k - 1], sc->brk[k]);
	/* With one break the break itself is in the upper class. */
	sc->label[n] = kk_asprintf(n == 1 ? ">=%ld" : ">%ld", sc->brk[n - 1]);
}

bool
kk_size_parse(const char *s, size_t len, kk_size_classes *sc)
{
	size_t cap = 0;

	memset(sc, 0, sizeof *sc);
	for (size_t i = 0; i <= len; ) {
		const char *comma = memchr(s + i, ',', len - i);
		size_t end = comma ? (size_t)(comma - s) : len;
		long v;

		if (kk_parse_long(s + i, end - i, 1, LONG_MAX, &v) != KK_NUM_OK ||
		    (sc->n && v <= sc->brk[sc->n - 1])) {
			kk_size_clear(sc);
			return false;
		}
		kk_grow((void **)&sc->brk, &cap, sc->n + 1, sizeof *sc->brk);
		sc->brk[sc->n++] = v;
		i = end + 1;
	}
	make_labels(sc);
	return true;
}

void
kk_size_clear(kk_size_classes *sc)
{
	if (sc->label)
		for (size_t k = 0; k <= sc->n; k++)
			free(sc->label[k]);
	free(sc->label);
	free(sc->brk);
	free(sc->country);
	memset(sc, 0, sizeof *sc);
}

/* KS: "mindre enn 5.000" (< 5000), "mellom 5.000-10.000" (5000..10000),
 * "mer enn 10.000" (> 10000).  The first break goes up, the others down. */
size_t
kk_size_class(const kk_size_classes *sc, long population)
{
	if (population < sc->brk[0])
		return 0;
	for (size_t k = 1; k < sc->n; k++)
		if (population <= sc->brk[k])
			return k;
	return sc->n;
}
