/*
 * Synthetic evaluation exports: the model is described in synth.h.
 *
 * Everything is streamed: one municipality's draws at a time, so memory
 * does not grow with the number of evaluations.  The random stream does
 * not depend on layout or dialect, so the same seed and model give the
 * same evaluations in every layout and dialect (sub-area noise has a
 * stream of its own); kk-ingest must then turn them into one table.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "areas.h"
#include "synth.h"
#include "schema.h"

/* ---- random numbers ---------------------------------------------------- */

/* xoshiro256** seeded through splitmix64 (Blackman and Vigna): the same
 * stream on every platform, unlike rand(). */
struct rng {
	uint64_t s[4];
	double spare;
	bool has_spare;
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
	r->has_spare = false;
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

/* Uniform on [0, 1). */
static double
rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static int
rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_unif(r) * (hi - lo + 1));
}

/* Marsaglia's polar method: only sqrt and log, no trigonometry whose last
 * bit could differ between libms.  Draws even when sd is 0, so a zero
 * standard deviation does not shift the stream. */
static double
rng_normal(struct rng *r, double sd)
{
	double u, v, q;

	if (r->has_spare) {
		r->has_spare = false;
		return sd * r->spare;
	}
	do {
		u = 2 * rng_unif(r) - 1;
		v = 2 * rng_unif(r) - 1;
		q = u * u + v * v;
	} while (q >= 1 || q == 0);
	q = sqrt(-2 * log(q) / q);
	r->spare = v * q;
	r->has_spare = true;
	return sd * u * q;
}

/* ---- the instrument ---------------------------------------------------- */

/* Which version is used in a year, which canonical area each of its
 * areas measures and the 3.2 sub-areas with their maxima are
 * lib/areas's (data/areas.csv, data/subareas.csv); the generator only
 * adds the model. */

/* Per canonical area, added to every score; sums to 0.  Service and
 * democracy low, governance and leadership high, as in the published
 * Røros and Grästorp tables. */
static const double area_offset[KK_NAREA + 1] =
	{ 0, -6, 4, 6, 0, -8, -4, 2, 6 };

struct subarea {
	const char *code;      /* "6.3" */
	int area;
	double max;
};

/* ---- names ------------------------------------------------------------- */

/* Made-up names in each country's style, with its letters, so that the
 * encodings are exercised; no real municipality is meant. */
static const char *no_head[] = {
	"Bø", "Sør", "Nord", "Øst", "Vest", "Rø", "Hov", "Sol", "Fjell",
	"Sand", "Stor", "Lille", "Vå", "Kvæ", "Skå", "Hær", "Tys", "Mel",
	"Ål", "Grå", "Lun", "Ør", "Rin", "Ulv",
};
static const char *no_tail[] = {
	"dal", "vik", "fjord", "øy", "ås", "heim", "stad", "berg", "sund",
	"nes", "land", "bu", "ker", "os", "våg", "anger", "sjø", "ros",
};
static const char *se_head[] = {
	"Väs", "Ör", "Hö", "Gräs", "Ty", "Ly", "Sol", "Stor", "Mal", "Ljung",
	"Kar", "Enkö", "Hel", "Ström", "Åm", "Sä", "Tran", "Kal", "Borg",
	"Falk", "Hud", "Vall", "Lin", "Ale",
};
static const char *se_tail[] = {
	"torp", "köping", "berg", "holm", "by", "sund", "hamn", "ås", "dinge",
	"näs", "vik", "stad", "säter", "inge", "tuna", "fors", "ryd", "hult",
};
#define LEN(a) (int)(sizeof(a) / sizeof((a)[0]))

/* ---- dialects ---------------------------------------------------------- */

struct dialect {
	char delim;
	bool decimal_comma, bom, crlf, cp1252;
	const char *code, *name, *country, *year, *version;
	const char *area_n;   /* wide area column, followed by its number */
	const char *total, *area, *score, *subarea, *max, *source;
	const char *total_row; /* area cell of a long file's total row */
};

static const struct dialect dialects[] = {
	[SYNTH_NO] = { ';', true, true, true, false,
		"kommunenummer", "kommune", "land", "år", "versjon",
		"område ", "totalt", "område", "poeng", "delområde", "maks",
		"kilde", "Totalt" },
	[SYNTH_SE] = { ';', true, false, true, true,
		"kommunkod", "kommun", "land", "år", "version",
		"område ", "totalpoäng", "område", "poäng", "delområde", "max",
		"källa", "Totalt" },
	[SYNTH_EN] = { ',', false, false, false, false,
		"municipality_code", "municipality", "country", "year",
		"version", "area_", "total", "area", "score", "subarea", "max",
		"source", "total" },
};

/* ---- output ------------------------------------------------------------ */

/* A growable line: the fields every row of an evaluation shares. */
struct line {
	char *s;
	size_t len, cap;
};

static void
line_add(struct line *l, const char *s, size_t n)
{
	kk_grow((void **)&l->s, &l->cap, l->len + n + 1, 1);
	memcpy(l->s + l->len, s, n);
	l->len += n;
	l->s[l->len] = '\0';
}

/* UTF-8 text in the dialect's encoding.  Only our own strings pass here;
 * all of them are in Latin-1, which Windows-1252 contains. */
static void
line_text(struct line *l, const char *s, const struct dialect *d)
{
	const unsigned char *p = (const unsigned char *)s;
	char c;

	if (!d->cp1252) {
		line_add(l, s, strlen(s));
		return;
	}
	for (; *p; p++) {
		if (*p >= 0xC2 && *p <= 0xC3 && (p[1] & 0xC0) == 0x80) {
			c = (char)(((*p & 0x1F) << 6) | (p[1] & 0x3F));
			p++;
		} else {
			c = (char)*p;
		}
		line_add(l, &c, 1);
	}
}

static void
line_long(struct line *l, long v)
{
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%ld", v);

	line_add(l, buf, (size_t)n);
}

static void
line_sep(struct line *l, const struct dialect *d)
{
	line_add(l, &d->delim, 1);
}

static void
put_eol(FILE *fp, const struct dialect *d)
{
	if (d->crlf)
		putc('\r', fp);
	putc('\n', fp);
}

/* Non-negative integer without printf's format parsing: the hot path
 * writes tens of millions of them. */
static void
put_uint(FILE *fp, unsigned long v)
{
	char buf[24], *p = buf + sizeof buf;

	*--p = '\0';
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	fputs(p, fp);
}

static void
header(FILE *fp, const struct dialect *d, enum synth_layout layout)
{
	struct line l = {0};

	if (d->bom)
		line_add(&l, "\xEF\xBB\xBF", 3);
	line_text(&l, d->code, d);
	line_sep(&l, d);
	line_text(&l, d->name, d);
	line_sep(&l, d);
	line_text(&l, d->country, d);
	line_sep(&l, d);
	line_text(&l, d->year, d);
	line_sep(&l, d);
	line_text(&l, d->version, d);
	line_sep(&l, d);
	if (layout == SYNTH_WIDE) {
		for (long k = 1; k <= KK_NAREA; k++) {
			line_text(&l, d->area_n, d);
			line_long(&l, k);
			line_sep(&l, d);
		}
		line_text(&l, d->total, d);
	} else if (layout == SYNTH_LONG) {
		line_text(&l, d->area, d);
		line_sep(&l, d);
		line_text(&l, d->score, d);
	} else {
		line_text(&l, d->subarea, d);
		line_sep(&l, d);
		line_text(&l, d->score, d);
		line_sep(&l, d);
		line_text(&l, d->max, d);
	}
	line_sep(&l, d);
	line_text(&l, d->source, d);
	fputs(l.s, fp);
	put_eol(fp, d);
	free(l.s);
}

/* ---- the model --------------------------------------------------------- */

struct municipality {
	char code[32];
	int slot;
	const char *country;
	char name[64];
	double log10_pop0, growth, effect;
	int nevals, year;
};

struct evaluation {
	int year, pop_year;
	enum kk_version version;
	long population;
	bool blank_version, total_only;
	/* areas 1..KK_NAREA; [0] unused */
	double canonical[KK_NAREA + 1]; /* unrounded, clipped, by canonical area */
	int own[KK_NAREA + 1];          /* rounded, by the version's numbering */
	bool missing[KK_NAREA + 1];
	int total;
};

struct gen {
	const struct synth_params *p;
	const struct dialect *d;
	struct rng rng, sub_rng;
	struct line pre, source;
	FILE *out, *pop;
	long rows;
	long next_slot[2];     /* per country: SE 0, NO 1 */
	bool warned;
	unsigned char *written; /* population rows already written */
	char pop_source[64];    /* UTF-8 even when the export is not */
	kk_areas *areas;
	struct subarea *sub;    /* of 3.2, area by area */
	size_t nsub;
};

static double
clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* A municipality's own attributes come from a stream seeded by the run's
 * seed, its country and its code, not from the main stream: when codes
 * run out and repeat, the code is the same municipality again, with the
 * same name, population and effect. */
static void
describe(struct gen *g, bool no, int slot, struct municipality *m)
{
	uint64_t key = g->p->seed ^ ((uint64_t)no << 40) ^ (uint64_t)slot;
	struct rng r;
	int h, t;

	rng_seed(&r, splitmix(&key));
	m->country = no ? "NO" : "SE";
	m->slot = slot;
	h = rng_int(&r, 0, no ? LEN(no_head) - 1 : LEN(se_head) - 1);
	t = rng_int(&r, 0, no ? LEN(no_tail) - 1 : LEN(se_tail) - 1);
	snprintf(m->name, sizeof m->name, "%s%s",
		no ? no_head[h] : se_head[h], no ? no_tail[t] : se_tail[t]);
	snprintf(m->code, sizeof m->code, "%d", SYNTH_FIRST_CODE + slot);
	/* Median about 5,600 inhabitants, 200 to 800,000: the spread of
	 * Norwegian and Swedish municipalities. */
	m->log10_pop0 = clamp(3.75 + rng_normal(&r, 0.45), 2.3, 5.9);
	m->growth = rng_normal(&r, 0.008);
	m->effect = rng_normal(&r, g->p->sd_municipality);
}

static void
draw_municipality(struct gen *g, struct municipality *m)
{
	struct rng *r = &g->rng;
	bool no;
	long *next;

	no = rng_unif(r) < 0.5;
	if (g->p->country != SYNTH_BOTH)
		no = g->p->country == SYNTH_ONLY_NO;
	next = &g->next_slot[no];
	if (*next == SYNTH_NCODES && !g->warned) {
		kk_warn("more than %d municipalities in a country: codes "
			"repeat, and evaluation ids may too", SYNTH_NCODES);
		g->warned = true;
	}
	describe(g, no, (int)(*next % SYNTH_NCODES), m);
	(*next)++;
	m->nevals = 1;
	while (m->nevals < 4 && rng_unif(r) < 0.45)
		m->nevals++;
	m->year = rng_int(r, g->p->year_from, g->p->year_to);
	if (g->p->every_year) {
		m->nevals = g->p->year_to - g->p->year_from + 1;
		m->year = g->p->year_from;
	}
}

static void
draw_evaluation(struct gen *g, const struct municipality *m,
	struct evaluation *e)
{
	const struct synth_params *p = g->p;
	struct rng *r = &g->rng;
	double lp, base, s;

	e->year = m->year;
	e->version = kk_version_for_year(e->year);
	/* kk-size joins Norway to 1 January of the year, Sweden to
	 * 31 December of the year before. */
	e->pop_year = m->country[0] == 'N' ? e->year : e->year - 1;
	e->population = lround(pow(10, m->log10_pop0) *
		exp(m->growth * (e->pop_year - 2010)));
	if (e->population < 50)
		e->population = 50;
	lp = log10((double)e->population);
	base = p->intercept + p->slope * lp + m->effect +
		rng_normal(r, p->sd_evaluation) +
		(kk_version_is_3x(e->version) ? 0 : p->shift_2x);
	for (int c = 1; c <= KK_NAREA; c++) {
		s = base + area_offset[c] + rng_normal(r, p->sd_area);
		e->canonical[c] = clamp(s, 0, KK_AREA_MAX);
	}
	e->total = 0;
	for (int k = 1; k <= KK_NAREA; k++) {
		int c = kk_areas_canonical(g->areas, e->version, k);
		e->own[k] = (int)lround(e->canonical[c]);
		e->total += e->own[k];
		e->missing[k] = rng_unif(r) < p->missing;
	}
	e->total_only = rng_unif(r) < p->total_only;
	/* Only where kk-normalise can infer it: 2010 and later. */
	e->blank_version = rng_unif(r) < p->blank_version && e->year >= 2010;
}

/* code;name;country;year;version; */
static void
prefix(struct gen *g, const struct municipality *m,
	const struct evaluation *e)
{
	const struct dialect *d = g->d;

	g->pre.len = 0;
	line_add(&g->pre, "", 0);
	line_text(&g->pre, m->code, d);
	line_sep(&g->pre, d);
	line_text(&g->pre, m->name, d);
	line_sep(&g->pre, d);
	line_text(&g->pre, m->country, d);
	line_sep(&g->pre, d);
	line_long(&g->pre, e->year);
	line_sep(&g->pre, d);
	if (!e->blank_version)
		line_text(&g->pre, kk_version_name(e->version), d);
	line_sep(&g->pre, d);
}

static void
tail(struct gen *g)
{
	putc(g->d->delim, g->out);
	fputs(g->source.s, g->out);
	put_eol(g->out, g->d);
	g->rows++;
}

static void
write_wide(struct gen *g, const struct evaluation *e)
{
	fputs(g->pre.s, g->out);
	for (int k = 1; k <= KK_NAREA; k++) {
		if (!e->missing[k] && !e->total_only)
			put_uint(g->out, (unsigned long)e->own[k]);
		putc(g->d->delim, g->out);
	}
	put_uint(g->out, (unsigned long)e->total);
	tail(g);
}

static void
write_long(struct gen *g, const struct evaluation *e)
{
	for (int k = 1; k <= KK_NAREA && !e->total_only; k++) {
		if (e->missing[k])
			continue;
		fputs(g->pre.s, g->out);
		put_uint(g->out, (unsigned long)k);
		putc(g->d->delim, g->out);
		put_uint(g->out, (unsigned long)e->own[k]);
		tail(g);
	}
	fputs(g->pre.s, g->out);
	fputs(g->d->total_row, g->out);
	putc(g->d->delim, g->out);
	put_uint(g->out, (unsigned long)e->total);
	tail(g);
}

/* Each sub-area gets its share of the area score plus its own noise,
 * in tenths of a point as the reports print them; the sub-areas of an
 * area then add up to about its score. */
static void
write_subareas(struct gen *g, const struct evaluation *e)
{
	for (size_t i = 0; i < g->nsub; i++) {
		int c = g->sub[i].area;
		double max = g->sub[i].max;
		double x = max * e->canonical[c] / KK_AREA_MAX +
			rng_normal(&g->sub_rng, 0.05 * max);
		long tenths = lround(clamp(x, 0, max) * 10);

		if (e->missing[c])
			continue;
		fputs(g->pre.s, g->out);
		fputs(g->sub[i].code, g->out);
		putc(g->d->delim, g->out);
		put_uint(g->out, (unsigned long)(tenths / 10));
		putc(g->d->decimal_comma ? ',' : '.', g->out);
		put_uint(g->out, (unsigned long)(tenths % 10));
		putc(g->d->delim, g->out);
		put_uint(g->out, (unsigned long)max);
		tail(g);
	}
}

/* Population rows are always UTF-8, comma, LF: the population table's
 * own format, not the export's. */
static void
write_population(struct gen *g, const struct municipality *m,
	const struct evaluation *e)
{
	size_t years = (size_t)(g->p->year_to - g->p->year_from + 2);
	size_t bit = ((size_t)(m->country[0] == 'N') * SYNTH_NCODES +
		(size_t)m->slot) * years +
		(size_t)(e->pop_year - (g->p->year_from - 1));

	if (!g->pop || (g->written[bit / 8] & (1u << bit % 8)))
		return;
	g->written[bit / 8] |= (unsigned char)(1u << bit % 8);
	fprintf(g->pop, "%s,%s,", m->country, m->code);
	kk_csv_put(g->pop, m->name);
	fprintf(g->pop, ",%d,%ld,", e->pop_year, e->population);
	kk_csv_put(g->pop, g->pop_source);
	putc('\n', g->pop);
}

static void
emit(struct gen *g, const struct municipality *m, const struct evaluation *e)
{
	prefix(g, m, e);
	switch (g->p->layout) {
	case SYNTH_WIDE: write_wide(g, e); break;
	case SYNTH_LONG: write_long(g, e); break;
	case SYNTH_SUBAREA: write_subareas(g, e); break;
	}
	write_population(g, m, e);
}

void
synth_defaults(struct synth_params *p)
{
	*p = (struct synth_params){
		.seed = 1, .evaluations = 1000, .layout = SYNTH_LONG,
		.dialect = SYNTH_EN, .country = SYNTH_BOTH,
		.year_from = 2002, .year_to = 2025,
		.intercept = 30, .slope = 6, .shift_2x = 8,
		.sd_municipality = 8, .sd_evaluation = 5, .sd_area = 10,
	};
}

static bool
probability(double x)
{
	return x >= 0 && x <= 1;
}

static bool
spread(double x)
{
	return isfinite(x) && x >= 0 && x <= 1000;
}

const char *
synth_check(const struct synth_params *p)
{
	if (p->evaluations < 0)
		return "number of evaluations must not be negative";
	if (p->year_from < KK_YEAR_MIN || p->year_to > KK_YEAR_MAX ||
	    p->year_from > p->year_to)
		return "years must be a range within " KK_YEAR_RANGE;
	if (p->layout == SYNTH_SUBAREA && p->year_from < 2021)
		return "the sub-area layout is version 3.2: years from 2021";
	if (!isfinite(p->intercept) || !isfinite(p->slope) ||
	    !isfinite(p->shift_2x) || fabs(p->intercept) > 1000 ||
	    fabs(p->slope) > 1000 || fabs(p->shift_2x) > 1000)
		return "intercept, slope and shift must be finite, within +-1000";
	if (!spread(p->sd_municipality) || !spread(p->sd_evaluation) ||
	    !spread(p->sd_area))
		return "standard deviations must be within 0..1000";
	if (!probability(p->missing) || !probability(p->total_only) ||
	    !probability(p->blank_version))
		return "probabilities must be within 0..1";
	return NULL;
}

/* The dictionaries of data/ (kk_data_path), and the 3.2 sub-areas in
 * their order. */
static void
load_instrument(struct gen *g)
{
	const char *code;
	size_t cap = 0;

	g->areas = kk_areas_load(NULL);
	kk_areas_load_sub(g->areas, NULL);
	for (int a = 1; a <= KK_NAREA; a++)
		for (size_t i = 0; (code = kk_areas_subarea_code(g->areas,
		    KK_V32, a, i)); i++) {
			kk_grow((void **)&g->sub, &cap, g->nsub + 1,
			    sizeof *g->sub);
			g->sub[g->nsub].code = code;
			g->sub[g->nsub].area = a;
			kk_areas_subarea(g->areas, KK_V32, code, NULL,
			    &g->sub[g->nsub].max);
			g->nsub++;
		}
}

long
synth_write(const struct synth_params *p, FILE *out, FILE *pop)
{
	struct gen g = { .p = p, .d = &dialects[p->dialect], .out = out,
		.pop = pop };
	struct municipality m;
	struct evaluation e;
	long done = 0;
	char seed[32];

	load_instrument(&g);
	g.written = kk_calloc((size_t)2 * SYNTH_NCODES *
		(size_t)(p->year_to - p->year_from + 2) / 8 + 1, 1);
	rng_seed(&g.rng, p->seed);
	rng_seed(&g.sub_rng, p->seed ^ 0x5ab5ab5ab5ab5abULL);
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
	snprintf(g.pop_source, sizeof g.pop_source,
		SYNTH_SOURCE "%s)", seed);
	line_add(&g.source, "", 0);
	line_text(&g.source, SYNTH_SOURCE, g.d);
	line_text(&g.source, seed, g.d);
	line_text(&g.source, ")", g.d);
	header(out, g.d, p->layout);
	if (pop)
		kk_schema_header(pop, &kk_population_table);
	while (done < p->evaluations) {
		draw_municipality(&g, &m);
		for (int k = 0; k < m.nevals && done < p->evaluations; k++) {
			draw_evaluation(&g, &m, &e);
			emit(&g, &m, &e);
			done++;
			m.year += p->every_year ? 1 : rng_int(&g.rng, 2, 5);
			if (m.year > p->year_to)
				break;
		}
	}
	free(g.pre.s);
	free(g.source.s);
	free(g.written);
	free(g.sub);
	kk_areas_free(g.areas);
	return g.rows;
}
