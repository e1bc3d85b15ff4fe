/*
 * lib/synth.c: does the generated export carry the model it was given?
 *
 * The oracle is the model itself, not earlier output: the export is read
 * back through the shared CSV reader (dialect, encoding and decimal comma
 * included), joined to the population table it came with, and least
 * squares (GSL) must find the slope, intercept and version shift within
 * three standard errors.  The seeds are fixed, so the outcome is too; the
 * tolerances are the statistical ones, not tuned to these seeds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit.h>

#include "kk.h"
#include "synth.h"

struct buf {
	char *s;
	size_t n;
};

struct output {
	struct buf export, pop;
};

static struct output
generate(const struct synth_params *p)
{
	struct output o = {0};
	FILE *ex = open_memstream(&o.export.s, &o.export.n);
	FILE *pop = open_memstream(&o.pop.s, &o.pop.n);

	cr_assert(ex && pop);
	cr_assert_null(synth_check(p));
	synth_write(p, ex, pop);
	cr_assert_eq(fclose(ex), 0);
	cr_assert_eq(fclose(pop), 0);
	return o;
}

static void
release(struct output *o)
{
	free(o->export.s);
	free(o->pop.s);
}

static double
num(const kk_record *r, size_t i)
{
	double x;

	cr_assert_lt(i, r->nfields);
	cr_assert_eq(kk_parse_double(r->field[i], r->len[i], &x), KK_NUM_OK,
	    "line %ld field %zu: '%s' is not a number", r->line, i,
	    r->field[i]);
	return x;
}

/* ---- population: (country, code, year) -> population ------------------ */

#define YEARS 120 /* 1990..2109 */

static size_t
pop_key(const char *country, long code, long year)
{
	cr_assert(code >= SYNTH_FIRST_CODE &&
	    code < SYNTH_FIRST_CODE + SYNTH_NCODES, "code %ld outside the "
	    "synthetic range", code);
	cr_assert(year >= 1990 && year < 1990 + YEARS);
	return ((size_t)(country[0] == 'N') * SYNTH_NCODES +
	    (size_t)(code - SYNTH_FIRST_CODE)) * YEARS + (size_t)(year - 1990);
}

static double *
read_population(const struct buf *b)
{
	double *pop = calloc((size_t)2 * SYNTH_NCODES * YEARS, sizeof *pop);
	kk_csv_options opt = {0};
	kk_csv *c = kk_csv_open_mem("population", b->s, b->n, &opt, NULL);
	const kk_record *r;

	cr_assert(pop && c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[4], "population");
	while (kk_csv_next(c, &r) == 1) {
		size_t k = pop_key(r->field[0], (long)num(r, 1), (long)num(r, 3));

		cr_assert_eq(pop[k], 0, "population row repeated, line %ld",
		    r->line);
		pop[k] = num(r, 4);
	}
	kk_csv_close(c);
	return pop;
}

/* kk-size's rule: Norway 1 January of the year, Sweden 31 December of
 * the year before. */
static double
log10_pop(const double *pop, const char *country, long code, long year)
{
	double p = pop[pop_key(country, code, country[0] == 'N' ? year :
	    year - 1)];

	cr_assert_gt(p, 0, "no population for %s %ld %ld", country, code, year);
	return log10(p);
}

/* ---- tests --------------------------------------------------------------- */

/* Area rows are independent given population when the municipality and
 * evaluation effects and the version shift are off: plain OLS of score
 * on log10(population) must find the slope and intercept.  Read in the
 * Norwegian dialect: BOM, CRLF, ';', Norwegian headers. */
Test(synth, ols_recovers_slope_and_intercept)
{
	struct synth_params p;
	struct output o;
	double *pop, *x = NULL, *y = NULL;
	size_t n = 0, cap = 0, capy = 0;
	double c0, c1, cov00, cov01, cov11, sumsq;
	kk_csv_options opt = {0};
	kk_csv *c;
	const kk_record *r;

	synth_defaults(&p);
	p.seed = 20261128;
	p.evaluations = 5000;
	p.dialect = SYNTH_NO;
	p.layout = SYNTH_LONG;
	p.slope = 7.5;
	p.intercept = 25;
	p.sd_municipality = p.sd_evaluation = p.shift_2x = 0;
	o = generate(&p);
	pop = read_population(&o.pop);
	c = kk_csv_open_mem("export", o.export.s, o.export.n, &opt, NULL);
	cr_assert(c);
	cr_assert_eq(kk_csv_delimiter(c), ';');
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[6], "poeng");
	while (kk_csv_next(c, &r) == 1) {
		if (strcmp(r->field[5], "Totalt") == 0)
			continue;
		kk_grow((void **)&x, &cap, n + 1, sizeof *x);
		kk_grow((void **)&y, &capy, n + 1, sizeof *y);
		x[n] = log10_pop(pop, r->field[2], (long)num(r, 0),
		    (long)num(r, 3));
		y[n] = num(r, 6);
		n++;
	}
	kk_csv_close(c);
	cr_assert_eq(n, (size_t)8 * 5000);
	gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
	cr_expect(fabs(c1 - p.slope) < 3 * sqrt(cov11),
	    "slope %g, given %g, se %g", c1, p.slope, sqrt(cov11));
	cr_expect(fabs(c0 - p.intercept) < 3 * sqrt(cov00),
	    "intercept %g, given %g, se %g", c0, p.intercept, sqrt(cov00));
	cr_expect(sqrt(cov11) < 0.3, "too little data to tell: se %g",
	    sqrt(cov11));
	free(x);
	free(y);
	free(pop);
	release(&o);
}

/* With every effect on (defaults), observations are independent only
 * across municipalities: take each municipality's first evaluation, its
 * mean area score (total / 8, all eight areas reported), and regress on
 * log10(population) and an indicator of versions before 3.0: the slope
 * and the shift must come back.  Swedish dialect: Windows-1252, wide. */
Test(synth, first_evaluations_recover_slope_and_version_shift)
{
	struct synth_params p;
	struct output o;
	double *pop;
	size_t n = 0, cap = 0, k;
	double *rows = NULL, chisq, se_slope, se_shift;
	char *seen = calloc(2 * SYNTH_NCODES, 1);
	kk_csv_options opt = {0};
	kk_csv *c;
	const kk_record *r;
	gsl_matrix *X, *cov;
	gsl_vector *yv, *b;
	gsl_multifit_linear_workspace *w;

	synth_defaults(&p);
	p.seed = 7;
	p.evaluations = 6000;
	p.dialect = SYNTH_SE;
	p.layout = SYNTH_WIDE;
	p.slope = 5;
	p.shift_2x = 10;
	o = generate(&p);
	pop = read_population(&o.pop);
	c = kk_csv_open_mem("export", o.export.s, o.export.n, &opt, NULL);
	cr_assert(c && seen);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[14], "källa");
	cr_assert_eq(kk_csv_encoding(c), KK_ENC_CP1252);  /* its header's ä */
	while (kk_csv_next(c, &r) == 1) {
		long code = (long)num(r, 0), year = (long)num(r, 3);
		size_t m = (size_t)(r->field[2][0] == 'N') * SYNTH_NCODES +
		    (size_t)(code - SYNTH_FIRST_CODE);

		if (seen[m])
			continue;
		seen[m] = 1;
		kk_grow((void **)&rows, &cap, 3 * (n + 1), sizeof *rows);
		rows[3 * n] = log10_pop(pop, r->field[2], code, year);
		rows[3 * n + 1] = year < 2020;
		rows[3 * n + 2] = num(r, 13) / 8;
		n++;
	}
	kk_csv_close(c);
	cr_assert_gt(n, 2000);
	X = gsl_matrix_alloc(n, 3);
	yv = gsl_vector_alloc(n);
	b = gsl_vector_alloc(3);
	cov = gsl_matrix_alloc(3, 3);
	w = gsl_multifit_linear_alloc(n, 3);
	for (k = 0; k < n; k++) {
		gsl_matrix_set(X, k, 0, 1);
		gsl_matrix_set(X, k, 1, rows[3 * k]);
		gsl_matrix_set(X, k, 2, rows[3 * k + 1]);
		gsl_vector_set(yv, k, rows[3 * k + 2]);
	}
	cr_assert_eq(gsl_multifit_linear(X, yv, b, cov, &chisq, w), 0);
	se_slope = sqrt(gsl_matrix_get(cov, 1, 1));
	se_shift = sqrt(gsl_matrix_get(cov, 2, 2));
	cr_expect(fabs(gsl_vector_get(b, 1) - p.slope) < 3 * se_slope,
	    "slope %g, given %g, se %g", gsl_vector_get(b, 1), p.slope,
	    se_slope);
	cr_expect(fabs(gsl_vector_get(b, 2) - p.shift_2x) < 3 * se_shift,
	    "shift %g, given %g, se %g", gsl_vector_get(b, 2), p.shift_2x,
	    se_shift);
	gsl_multifit_linear_free(w);
	gsl_matrix_free(X);
	gsl_matrix_free(cov);
	gsl_vector_free(yv);
	gsl_vector_free(b);
	free(rows);
	free(seen);
	free(pop);
	release(&o);
}

/* Wide rows: the total is the sum of the eight (rounded) areas, as
 * kk-validate expects of a published total; scores lie in 0..100. */
Test(synth, totals_add_up_and_scores_in_range)
{
	struct synth_params p;
	struct output o;
	kk_csv_options opt = {0};
	kk_csv *c;
	const kk_record *r;
	long rows = 0;

	synth_defaults(&p);
	p.evaluations = 2000;
	p.layout = SYNTH_WIDE;
	o = generate(&p);
	c = kk_csv_open_mem("export", o.export.s, o.export.n, &opt, NULL);
	cr_assert(c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[13], "total");
	while (kk_csv_next(c, &r) == 1) {
		double sum = 0, s;

		for (size_t i = 5; i < 13; i++) {
			s = num(r, i);
			cr_assert(s >= 0 && s <= 100 && s == floor(s));
			sum += s;
		}
		cr_assert_eq(sum, num(r, 13), "line %ld", r->line);
		cr_assert_str_eq(r->field[14], "synthetic (kk-synth seed 1)");
		rows++;
	}
	cr_assert_eq(rows, 2000);
	kk_csv_close(c);
	release(&o);
}

/* Sub-areas: 35 per evaluation, within 0..max, max as in the 3.2
 * dictionary (sum 800), one decimal; and they add up to about the area
 * (the generator splits the area score, plus noise). */
Test(synth, subareas_within_max)
{
	struct synth_params p;
	struct output o;
	kk_csv_options opt = {0};
	kk_csv *c;
	const kk_record *r;
	long rows = 0;
	double maxsum = 0;

	synth_defaults(&p);
	p.evaluations = 100;
	p.layout = SYNTH_SUBAREA;
	p.dialect = SYNTH_NO;
	p.year_from = 2021;
	o = generate(&p);
	c = kk_csv_open_mem("export", o.export.s, o.export.n, &opt, NULL);
	cr_assert(c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[5], "delområde");
	while (kk_csv_next(c, &r) == 1) {
		double s = num(r, 6), max = num(r, 7);

		cr_assert(s >= 0 && s <= max, "line %ld: %g of %g", r->line, s,
		    max);
		cr_assert(strchr(r->field[6], ','), "decimal comma expected");
		cr_assert_str_eq(r->field[4], "3.2");
		if (rows < 35)
			maxsum += max;
		rows++;
	}
	cr_assert_eq(rows, 35 * 100);
	cr_assert_eq(maxsum, 800);
	kk_csv_close(c);
	release(&o);
}

Test(synth, same_seed_same_bytes)
{
	struct synth_params p;
	struct output a, b, d;

	synth_defaults(&p);
	p.evaluations = 500;
	p.dialect = SYNTH_NO;
	a = generate(&p);
	b = generate(&p);
	p.seed = 2;
	d = generate(&p);
	cr_assert_eq(a.export.n, b.export.n);
	cr_assert(memcmp(a.export.s, b.export.s, a.export.n) == 0);
	cr_assert(a.pop.n == b.pop.n && memcmp(a.pop.s, b.pop.s, a.pop.n) == 0);
	cr_assert(a.export.n != d.export.n ||
	    memcmp(a.export.s, d.export.s, a.export.n) != 0);
	release(&a);
	release(&b);
	release(&d);
}

Test(synth, dialect_bytes)
{
	struct synth_params p;
	struct output no, se, en;

	synth_defaults(&p);
	p.evaluations = 50;
	p.dialect = SYNTH_NO;
	no = generate(&p);
	p.dialect = SYNTH_SE;
	se = generate(&p);
	p.dialect = SYNTH_EN;
	en = generate(&p);
	cr_assert(memcmp(no.export.s, "\xEF\xBB\xBFkommunenummer;", 17) == 0);
	cr_assert(strstr(no.export.s, "\r\n"));
	cr_assert(kk_utf8_valid(no.export.s, no.export.n));
	cr_assert(memcmp(se.export.s, "kommunkod;kommun;land;\xE5r;", 25) == 0);
	cr_assert(!kk_utf8_valid(se.export.s, se.export.n));
	cr_assert(strstr(se.export.s, "\r\n"));
	cr_assert(memcmp(en.export.s, "municipality_code,", 18) == 0);
	cr_assert_null(strchr(en.export.s, '\r'));
	release(&no);
	release(&se);
	release(&en);
}

Test(synth, parameters_checked)
{
	struct synth_params p;

	synth_defaults(&p);
	cr_assert_null(synth_check(&p));
	p.layout = SYNTH_SUBAREA;
	cr_assert_not_null(synth_check(&p)); /* 3.2 only: years from 2021 */
	synth_defaults(&p);
	p.missing = 1.5;
	cr_assert_not_null(synth_check(&p));
	synth_defaults(&p);
	p.sd_area = -1;
	cr_assert_not_null(synth_check(&p));
	synth_defaults(&p);
	p.slope = NAN;
	cr_assert_not_null(synth_check(&p));
}
