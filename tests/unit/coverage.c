/*
 * Do the model's 95 % intervals cover the truth 95 % of the time?
 *
 * kk-synth's generator draws scores with a known slope per tenfold
 * population and a municipality effect that a municipality keeps across
 * its one to four evaluations, so repeat evaluations are correlated.
 * For each of 400 seeds, area 1 (democracy: numbered 1 in every version,
 * so no crosswalk is needed) is fitted as score ~ log10_population +
 * version, the model kk-model fits per area; the cluster-robust interval
 * must cover the slope given in 92-98 % of the seeds (the binomial
 * spread of 400 draws at 95 % is 1.1 points).  The classical interval,
 * which takes the evaluations as independent, is counted beside it and
 * must cover less often.
 *
 * Parameters: the generator's defaults (intercept 30, slope 6, version
 * shift 8, sd of the municipality effect 8, of the evaluation 5, of the
 * area 10), 200 evaluations a seed (about 120 municipalities).  Area 1's
 * mean is 46.5 points (54.5 before 2020) with an sd of about 14, so a
 * score clipped at 0 or 100 is more than three sds out: the test counts
 * them and requires fewer than 0.5 %.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kk.h"
#include "formula.h"
#include "model.h"
#include "synth.h"

#define SEEDS 400
#define EVALUATIONS 200

/* Distinct strings numbered in order of first appearance. */
struct names {
	char *s[EVALUATIONS];
	size_t n;
};

static int
intern(struct names *d, const char *s)
{
	size_t i;

	for (i = 0; i < d->n && strcmp(d->s[i], s) != 0; i++)
		;
	if (i == d->n) {
		cr_assert_lt(d->n, EVALUATIONS);
		d->s[d->n++] = kk_strdup(s);
	}
	return (int)i;
}

static void
names_free(struct names *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->s[i]);
	d->n = 0;
}

static double
number(const kk_record *r, size_t i)
{
	double x;

	cr_assert_eq(kk_parse_double(r->field[i], r->len[i], &x), KK_NUM_OK,
	    "line %ld field %zu: '%s'", r->line, i, r->field[i]);
	return x;
}

/* The population rows: "country code year" -> population. */
struct population {
	struct names key;
	double pop[EVALUATIONS];
};

static void
read_population(const char *s, size_t len, struct population *p)
{
	kk_csv_options opt = { 0 };
	kk_csv *c = kk_csv_open_mem("population", s, len, &opt, NULL);
	const kk_record *r;
	char key[64];

	cr_assert(c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[4], "population");
	while (kk_csv_next(c, &r) == 1) {
		snprintf(key, sizeof key, "%s %s %s", r->field[0], r->field[1],
		    r->field[3]);
		p->pop[intern(&p->key, key)] = number(r, 4);
	}
	kk_csv_close(c);
}

/* kk-size's rule: Norway 1 January of the year, Sweden 31 December of
 * the year before. */
static double
log10_population(struct population *p, const char *country,
	const char *code, long year)
{
	char key[64];
	size_t before = p->key.n;
	int i;

	snprintf(key, sizeof key, "%s %s %ld", country, code,
	    country[0] == 'N' ? year : year - 1);
	i = intern(&p->key, key);
	cr_assert_lt((size_t)i, before, "no population for %s", key);
	return log10(p->pop[i]);
}

/* One seed's area-1 scores as model data. */
struct sample {
	double score[EVALUATIONS], logpop[EVALUATIONS];
	int version[EVALUATIONS], municipality[EVALUATIONS];
	struct names versions, municipalities;
	size_t n, clipped;
};

static void
draw(unsigned seed, struct sample *s)
{
	struct synth_params p;
	struct population pop = { 0 };
	char *ex = NULL, *po = NULL, key[64];
	size_t nex = 0, npo = 0;
	FILE *fex = open_memstream(&ex, &nex), *fpo = open_memstream(&po, &npo);
	kk_csv_options opt = { 0 };
	kk_csv *c;
	const kk_record *r;

	synth_defaults(&p);
	p.seed = seed;
	p.evaluations = EVALUATIONS;
	p.layout = SYNTH_WIDE;
	p.dialect = SYNTH_EN;
	cr_assert(fex && fpo);
	synth_write(&p, fex, fpo);
	cr_assert_eq(fclose(fex), 0);
	cr_assert_eq(fclose(fpo), 0);
	read_population(po, npo, &pop);
	c = kk_csv_open_mem("export", ex, nex, &opt, NULL);
	cr_assert(c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[5], "area_1");
	for (s->n = 0; kk_csv_next(c, &r) == 1; s->n++) {
		cr_assert_lt(s->n, EVALUATIONS);
		s->score[s->n] = number(r, 5);
		s->clipped += s->score[s->n] == 0 || s->score[s->n] == 100;
		s->logpop[s->n] = log10_population(&pop, r->field[2],
		    r->field[0], (long)number(r, 3));
		s->version[s->n] = intern(&s->versions, r->field[4]);
		snprintf(key, sizeof key, "%s-%s", r->field[2], r->field[0]);
		s->municipality[s->n] = intern(&s->municipalities, key);
	}
	cr_assert_eq(s->n, EVALUATIONS);
	kk_csv_close(c);
	names_free(&pop.key);
	free(ex);
	free(po);
}

/* Does the interval for log10_population cover the slope? */
static bool
covers(const fm_formula *f, const struct sample *s, enum md_se se,
	double slope, size_t *clusters)
{
	md_var var[2] = {
		{ .num = s->logpop },
		{ .code = s->version, .level = (const char *const *)
		    s->versions.s, .nlevel = s->versions.n },
	};
	md_data d = { .formula = f, .var = var, .y = s->score,
	    .cluster = s->municipality, .ncluster = s->municipalities.n };
	size_t rows[EVALUATIONS];
	md_fit fit;
	bool in;

	for (size_t i = 0; i < s->n; i++)
		rows[i] = i;
	md_fit_rows(&d, rows, s->n, se, &fit);
	cr_assert_null(fit.why);
	cr_assert_str_eq(fit.coef[1].term, "log10_population");
	in = fit.coef[1].ci_low <= slope && slope <= fit.coef[1].ci_high;
	*clusters = fit.clusters;
	md_fit_free(&fit);
	return in;
}

Test(coverage, cluster_robust_interval_covers_the_slope)
{
	fm_formula f;
	char *why;
	size_t cluster = 0, classical = 0, clipped = 0, clusters = 0, g;

	cr_assert_eq(fm_parse("score ~ log10_population + version", &f, &why),
	    0);
	for (unsigned seed = 1; seed <= SEEDS; seed++) {
		struct sample s = { 0 };
		draw(seed, &s);
		cluster += covers(&f, &s, MD_CLUSTER, 6, &g);
		classical += covers(&f, &s, MD_CLASSICAL, 6, &g);
		clusters += g;
		clipped += s.clipped;
		names_free(&s.versions);
		names_free(&s.municipalities);
	}
	fm_free(&f);
	fprintf(stderr, "coverage of the 95 %% interval for the slope over "
	    "%d seeds (%d evaluations, %.1f municipalities a seed): "
	    "cluster-robust %.1f %%, classical %.1f %%; %zu of %d scores "
	    "clipped\n", SEEDS, EVALUATIONS, (double)clusters / SEEDS,
	    100.0 * (double)cluster / SEEDS, 100.0 * (double)classical / SEEDS,
	    clipped, SEEDS * EVALUATIONS);
	cr_expect(cluster >= SEEDS * 92 / 100 && cluster <= SEEDS * 98 / 100,
	    "cluster-robust coverage %zu of %d", cluster, SEEDS);
	cr_expect_lt(classical, cluster, "classical %zu, cluster-robust %zu",
	    classical, cluster);
	cr_expect_lt(clipped, SEEDS * EVALUATIONS / 200);
}
