/*
 * kk-model - size against score as a researcher asks it: linear models
 * adjusted for other columns, with errors clustered by municipality, per
 * country and area.  See usage_text and doc/model.md.
 *
 * The models themselves (formulas, designs, least squares, CR1) live in
 * lib/formula.c and lib/model.c; this file reads the columns the models
 * use, groups the rows by country and area and writes one table row per
 * coefficient.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "formula.h"
#include "model.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-model [--model FORMULA]... [--se cluster|classical] [-o FILE]\n"
"                [--partial FILE] FILE|-\n"
"Fit linear models of a score on columns of scores.csv (kk-size's output;\n"
"'-' is standard input) for each country (NO, SE, ALL) and area (1..8,\n"
"total), and write one row per coefficient to FILE (default standard\n"
"output): model,country,area,term,estimate,se,t,df,p,ci_low,ci_high,\n"
"se_type,n,clusters,r_squared,adj_r_squared,residual_sd,mde80,note.\n"
"\n"
"  --model FORMULA  R's notation: RESPONSE ~ TERM + TERM ..., RESPONSE\n"
"                   score or raw_score, a TERM a column, a:b (interaction)\n"
"                   or a*b (a + b + a:b); repeatable.  Default:\n"
"                     score ~ log10_population\n"
"                     score ~ log10_population + country + version\n"
"                     score ~ log10_population + country + version + year\n"
"                     score ~ log10_population * country + version\n"
"  --se TYPE        cluster (default): CR1 with the municipalities\n"
"                   (municipality_id) as clusters, G - 1 degrees of\n"
"                   freedom; classical: s^2 (X'X)^-1, N - K\n"
"  -o FILE          output file\n"
"  --partial FILE   the added-variable plot's points: for the model a\n"
"                   reader should quote (of the models of score with\n"
"                   log10_population as a main effect that no interaction\n"
"                   involves, the one adjusted for the most terms), on the\n"
"                   total of both countries, one row per evaluation:\n"
"                   model,evaluation_id,country,log10_population_resid,\n"
"                   score_resid (each less what the other terms explain)\n"
"  --help           show this help\n"
"\n"
"The columns that scores.csv holds numbers in (year, raw_score, score,\n"
"max, population, population_year, log10_population) enter linearly; any\n"
"other column is a factor with treatment contrasts, its reference level\n"
"the first in byte order.  Rows missing any variable of a model are left out of its fits\n"
"(n says how many were used).  A factor with one level in a fit is left\n"
"out with its terms, an aliased coefficient has empty cells, and an\n"
"undefined fit (no rows, N <= K, fewer than 2 clusters, a constant\n"
"response) empty numbers; note says which, and stderr warns.  95 %\n"
"intervals; mde80 = (t(0.975, df) + t(0.80, df)) se.\n"
"Exit 0 on success, 1 on a data error, 2 on a usage error.\n";

static const char *const default_models[] = {
	"score ~ log10_population",
	"score ~ log10_population + country + version",
	"score ~ log10_population + country + version + year",
	"score ~ log10_population * country + version",
};

enum { NO, SE, ALL, NCOUNTRY };
static const char *const country_name[] = { "NO", "SE", "ALL" };

/* ---- text columns: distinct values numbered in order of appearance ----- */

struct dict {
	const char **name;      /* by code */
	size_t n, cap;
	int last;               /* the code found last, or -1 */
	uint64_t *hash;         /* open addressing: code + 1, 0 empty */
	size_t slots;
	kk_arena text;
};

static uint64_t
fnv(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static void
rehash(struct dict *d)
{
	free(d->hash);
	d->slots = d->slots ? 2 * d->slots : 64;
	d->hash = kk_calloc(d->slots, sizeof *d->hash);
	for (size_t c = 0; c < d->n; c++) {
		size_t i = fnv(d->name[c]) & (d->slots - 1);
		while (d->hash[i])
			i = (i + 1) & (d->slots - 1);
		d->hash[i] = c + 1;
	}
}

static int
intern(struct dict *d, const char *s)
{
	size_t i;

	/* rows come by evaluation: mostly the value of the row before */
	if (d->n && strcmp(d->name[d->last], s) == 0)
		return d->last;
	if (2 * (d->n + 1) > d->slots)
		rehash(d);
	for (i = fnv(s) & (d->slots - 1); d->hash[i];
	    i = (i + 1) & (d->slots - 1))
		if (strcmp(d->name[d->hash[i] - 1], s) == 0)
			return d->last = (int)(d->hash[i] - 1);
	kk_grow((void **)&d->name, &d->cap, d->n + 1, sizeof *d->name);
	d->name[d->n] = kk_arena_strdup(&d->text, s);
	d->hash[i] = d->n + 1;
	return d->last = (int)d->n++;
}

static void
dict_free(struct dict *d)
{
	free(d->name);
	free(d->hash);
	kk_arena_free(&d->text);
}

/* ---- the data ----------------------------------------------------------- */

/* A column the models use, held whole. */
struct column {
	const char *name;
	const char *model;      /* the first model that uses it, or NULL */
	long index;             /* in the file */
	double *num;            /* numeric, or NULL */
	int *code;              /* text: the value's number, -1 empty */
	struct dict levels;
};

struct data {
	struct column *col;
	size_t ncol;
	struct column *cluster; /* municipality_id, or NULL */
	size_t nrows, cap;
	unsigned char *country, *area;  /* area: 1..KK_NAREA, KK_AREA_TOTAL */
	size_t *index;          /* 0, 1, ...: every fit's rows lie together */
	size_t first[NCOUNTRY][KK_AREA_SLOTS], nfit[NCOUNTRY][KK_AREA_SLOTS];
};

/* A column scores.csv holds numbers in; any other is text. */
static bool
is_numeric(const char *name)
{
	for (size_t k = 0; k < kk_scores_table.ncols; k++)
		if (strcmp(kk_colname(&kk_scores_table, (int)k), name) == 0)
			return kk_scores_table.col[k].type != KK_COL_TEXT;
	return false;
}

/* The column, held from now on; model names who asked first. */
static struct column *
want(struct data *d, const char *name, const char *model)
{
	for (size_t i = 0; i < d->ncol; i++)
		if (strcmp(d->col[i].name, name) == 0)
			return &d->col[i];
	d->col = kk_realloc(d->col, (d->ncol + 1) * sizeof *d->col);
	d->col[d->ncol] = (struct column){ .name = name, .model = model,
	    .index = -1 };
	return &d->col[d->ncol++];
}

static void
grow(struct data *d)
{
	size_t cap = d->cap;

	if (d->nrows < d->cap)
		return;
	kk_grow((void **)&d->country, &cap, d->nrows + 1, 1);
	cap = d->cap;
	kk_grow((void **)&d->area, &cap, d->nrows + 1, 1);
	for (size_t i = 0; i < d->ncol; i++) {
		struct column *c = &d->col[i];
		cap = d->cap;
		if (c->num)
			kk_grow((void **)&c->num, &cap, d->nrows + 1,
			    sizeof *c->num);
		else
			kk_grow((void **)&c->code, &cap, d->nrows + 1,
			    sizeof *c->code);
	}
	d->cap = cap;
}

static void
read_cell(struct column *c, const kk_rows *r, size_t row)
{
	const kk_record *rec = r->row;
	const char *s = rec->field[c->index];
	size_t len = rec->len[c->index];
	kk_num_status st;

	if (!c->num) {
		c->code[row] = len ? intern(&c->levels, s) : -1;
		return;
	}
	st = kk_parse_double(s, len, &c->num[row]);
	if (st == KK_NUM_EMPTY)
		c->num[row] = NAN;
	else if (st != KK_NUM_OK)
		kk_die_at(kk_rows_name(r), rec->line, c->index + 1,
		    "%s '%s': %s", c->name, s, kk_num_reason(st));
}

static int
area_of(const kk_rows *r, size_t col)
{
	int a = kk_area_parse(r->row->field[col], r->row->len[col]);

	if (a < 0)
		kk_die_at(kk_rows_name(r), r->row->line, (long)col + 1,
		    "area '%s' is not 1..%d or total", r->row->field[col],
		    KK_NAREA);
	return a;
}

static void
read_data(struct data *d, const char *path)
{
	kk_rows r;
	size_t co, ar;

	kk_rows_open(&r, path);
	co = kk_rows_need_col(&r, &kk_scores_table, KK_S_COUNTRY);
	ar = kk_rows_need_col(&r, &kk_scores_table, KK_S_AREA);
	for (size_t i = 0; i < d->ncol; i++) {
		struct column *c = &d->col[i];
		if ((c->index = kk_rows_col(&r, c->name)) >= 0)
			;
		else if (c->model)
			kk_usage("--model '%s': no column '%s' in %s",
			    c->model, c->name, kk_rows_name(&r));
		else
			kk_die_at(kk_rows_name(&r), 1, 1, "missing column "
			    "'%s': the clusters of --se cluster", c->name);
		if (is_numeric(c->name))
			c->num = kk_malloc(sizeof *c->num);
		else
			c->code = kk_malloc(sizeof *c->code);
	}
	while (kk_rows_next(&r)) {
		size_t i = d->nrows;
		const char *c = r.row->field[co];
		grow(d);
		d->country[i] = strcmp(c, "NO") == 0 ? NO :
		    strcmp(c, "SE") == 0 ? SE : ALL;
		d->area[i] = (unsigned char)area_of(&r, ar);
		for (size_t k = 0; k < d->ncol; k++)
			read_cell(&d->col[k], &r, i);
		d->nrows++;
	}
	kk_rows_close(&r);
}

/* A column's cells (n of size bytes) reordered into scratch, returned;
 * the old cells become the scratch for the next column. */
static void *
permute(void *cells, void **scratch, const size_t *old, size_t n,
	size_t size)
{
	char *to = *scratch;
	const char *from = cells;

	for (size_t i = 0; i < n; i++)
		memcpy(to + i * size, from + old[i] * size, size);
	*scratch = cells;
	return to;
}

/* The rows in order of area, then country (NO, SE, others), each group
 * in file order: a fit's rows then lie together, and its passes over
 * them read memory in order. */
static void
group_rows(struct data *d)
{
	size_t start[KK_AREA_SLOTS * NCOUNTRY + 1] = { 0 }, n = d->nrows;
	size_t *old = kk_malloc((n ? n : 1) * sizeof *old);
	void *dbl = kk_malloc((n ? n : 1) * sizeof(double));
	void *num = kk_malloc((n ? n : 1) * sizeof(int));

	for (size_t i = 0; i < n; i++)
		start[d->area[i] * NCOUNTRY + d->country[i] + 1]++;
	for (size_t k = 1; k <= KK_AREA_SLOTS * NCOUNTRY; k++)
		start[k] += start[k - 1];
	for (size_t i = 0; i < n; i++)
		old[start[d->area[i] * NCOUNTRY + d->country[i]]++] = i;
	for (size_t i = 0; i < d->ncol; i++) {
		struct column *c = &d->col[i];
		if (c->num)
			c->num = permute(c->num, &dbl, old, n, sizeof *c->num);
		else
			c->code = permute(c->code, &num, old, n,
			    sizeof *c->code);
	}
	free(dbl);
	free(num);
	for (size_t i = 0; i < n; i++)
		old[i] = i;
	d->index = old;
	/* start[k] is now where group k ends; slot 0 holds no area */
	for (int a = 1; a <= KK_AREA_TOTAL; a++) {
		size_t from = start[a * NCOUNTRY - 1];
		d->first[NO][a] = d->first[ALL][a] = from;
		d->nfit[NO][a] = start[a * NCOUNTRY + NO] - from;
		d->first[SE][a] = start[a * NCOUNTRY + NO];
		d->nfit[SE][a] = start[a * NCOUNTRY + SE] - d->first[SE][a];
		d->nfit[ALL][a] = start[a * NCOUNTRY + ALL] - from;
	}
}

static void
data_free(struct data *d)
{
	for (size_t i = 0; i < d->ncol; i++) {
		free(d->col[i].num);
		free(d->col[i].code);
		dict_free(&d->col[i].levels);
	}
	free(d->index);
	free(d->col);
	free(d->country);
	free(d->area);
}

/* ---- models ------------------------------------------------------------- */

struct model {
	fm_formula f;
	struct column *y, **var;
};

static void
parse_model(struct model *m, const char *s, struct data *d)
{
	char *why;

	if (fm_parse(s, &m->f, &why) < 0)
		kk_usage("--model '%s': %s", s, why);
	if (strcmp(m->f.response, kk_colname(&kk_scores_table, KK_S_SCORE)) &&
	    strcmp(m->f.response, kk_colname(&kk_scores_table, KK_S_RAW)))
		kk_usage("--model '%s': the response must be %s or %s", s,
		    kk_colname(&kk_scores_table, KK_S_SCORE),
		    kk_colname(&kk_scores_table, KK_S_RAW));
	want(d, m->f.response, s);
	m->var = kk_malloc((m->f.nvar + 1) * sizeof *m->var);
	for (size_t v = 0; v < m->f.nvar; v++)
		m->var[v] = NULL;
}

/* After the data's columns stopped moving in memory. */
static void
bind_model(struct model *m, struct data *d)
{
	m->y = want(d, m->f.response, NULL);
	for (size_t v = 0; v < m->f.nvar; v++)
		m->var[v] = want(d, m->f.var[v], NULL);
}

/* A number cell: empty for NaN. */
static const char *
number(char buf[32], double v)
{
	return isnan(v) ? "" : kk_format_double(buf, v);
}

/* One row of size_model.csv, its cells by the schema's columns. */
static void
put_row(kk_buf *b, const struct model *m, int c, int a, const md_fit *fit,
	const md_coef *k, enum md_se se)
{
	char buf[KK_MOD_N][32];
	const char *cell[KK_MOD_N];

	cell[KK_MOD_MODEL] = m->f.text;
	cell[KK_MOD_COUNTRY] = country_name[c];
	cell[KK_MOD_AREA] = kk_area_name(a);
	cell[KK_MOD_TERM] = k->term;
	cell[KK_MOD_ESTIMATE] = number(buf[KK_MOD_ESTIMATE], k->estimate);
	cell[KK_MOD_SE] = number(buf[KK_MOD_SE], k->se);
	cell[KK_MOD_T] = number(buf[KK_MOD_T], k->t);
	cell[KK_MOD_DF] = number(buf[KK_MOD_DF], fit->df);
	cell[KK_MOD_P] = number(buf[KK_MOD_P], k->p);
	cell[KK_MOD_CI_LOW] = number(buf[KK_MOD_CI_LOW], k->ci_low);
	cell[KK_MOD_CI_HIGH] = number(buf[KK_MOD_CI_HIGH], k->ci_high);
	cell[KK_MOD_SE_TYPE] = se == MD_CLUSTER ? "cluster" : "classical";
	cell[KK_MOD_COUNT] = number(buf[KK_MOD_COUNT], (double)fit->n);
	cell[KK_MOD_CLUSTERS] = se == MD_CLUSTER ?
	    number(buf[KK_MOD_CLUSTERS], (double)fit->clusters) : "";
	cell[KK_MOD_R_SQUARED] = number(buf[KK_MOD_R_SQUARED],
	    fit->r_squared);
	cell[KK_MOD_ADJ_R_SQUARED] = number(buf[KK_MOD_ADJ_R_SQUARED],
	    fit->adj_r_squared);
	cell[KK_MOD_RESIDUAL_SD] = number(buf[KK_MOD_RESIDUAL_SD],
	    fit->residual_sd);
	cell[KK_MOD_MDE80] = number(buf[KK_MOD_MDE80], k->mde80);
	cell[KK_MOD_NOTE] = k->note ? k->note : fit->why ? fit->why : "";
	for (int i = 0; i < KK_MOD_N; i++) {
		if (i)
			kk_buf_char(b, ',');
		kk_buf_csv(b, cell[i], strlen(cell[i]));
	}
	kk_buf_char(b, '\n');
}

/* The model's variables as lib/model takes them, into var. */
static md_data
model_data(const struct model *m, const struct data *d, md_var *var)
{
	for (size_t v = 0; v < m->f.nvar; v++) {
		const struct column *c = m->var[v];
		var[v] = c->num ? (md_var){ .num = c->num } :
		    (md_var){ .code = c->code, .level = c->levels.name,
		    .nlevel = c->levels.n };
	}
	return (md_data){ .formula = &m->f, .var = var, .y = m->y->num,
	    .cluster = d->cluster ? d->cluster->code : NULL,
	    .ncluster = d->cluster ? d->cluster->levels.n : 0 };
}

static void
fit_all(const struct model *m, const struct data *d, enum md_se se,
	FILE *out)
{
	md_var var[FM_MAXVAR];
	kk_buf b = { 0 };
	md_fit fit;
	md_data data = model_data(m, d, var);

	for (int c = 0; c < NCOUNTRY; c++)
		for (int a = 1; a <= KK_AREA_TOTAL; a++) {
			md_fit_rows(&data, d->index + d->first[c][a],
			    d->nfit[c][a], se, &fit);
			if (fit.why)
				kk_warn("%s: %s area %s: undefined: %s",
				    m->f.text, country_name[c],
				    kk_area_name(a), fit.why);
			b.len = 0;
			for (size_t k = 0; k < fit.ncoef; k++)
				put_row(&b, m, c, a, &fit, &fit.coef[k], se);
			fwrite(b.p, 1, b.len, out);
			md_fit_free(&fit);
		}
	kk_buf_free(&b);
}

/* A text cell of the data ("" when empty). */
static const char *
text_cell(const struct column *c, size_t row)
{
	return c->code[row] < 0 ? "" : c->levels.name[c->code[row]];
}

/* --partial: the added-variable plot of the size effect on the total of
 * both countries in the model a reader should quote (md_quoted); only
 * the header when no model qualifies or its fit is undefined (the
 * residuals are then rounding noise). */
static void
write_partial(const char *path, const struct model *m, size_t nm,
	struct data *d, enum md_se se)
{
	const char **text = kk_malloc((nm + 1) * sizeof *text);
	const char *size = kk_colname(&kk_scores_table, KK_S_LOG10_POP);
	kk_out *o = kk_out_open(path);
	FILE *fp = kk_out_fp(o);
	long q;

	for (size_t j = 0; j < nm; j++)
		text[j] = m[j].f.text;
	q = md_quoted(text, nm, kk_colname(&kk_scores_table, KK_S_SCORE),
	    size, NULL);
	kk_schema_header(fp, &kk_partial_table);
	if (q >= 0) {
		size_t n = d->nfit[ALL][KK_AREA_TOTAL], k;
		size_t *row = kk_malloc((n + 1) * sizeof *row);
		double *x = kk_malloc((n + 1) * sizeof *x);
		double *y = kk_malloc((n + 1) * sizeof *y);
		md_var var[FM_MAXVAR];
		md_data data = model_data(&m[q], d, var);
		const struct column *id = want(d, kk_colname(&kk_scores_table,
		    KK_S_ID), NULL), *cc = want(d, kk_colname(&kk_scores_table,
		    KK_S_COUNTRY), NULL);
		kk_buf b = { 0 };
		char buf[32];

		md_fit fit;
		md_fit_rows(&data, d->index + d->first[ALL][KK_AREA_TOTAL], n,
		    se, &fit);
		k = fit.why ? 0 : md_partial(&data, d->index +
		    d->first[ALL][KK_AREA_TOTAL], n, se, size, row, x, y);
		md_fit_free(&fit);
		for (size_t i = 0; i < k; i++) {
			const char *cell[KK_PAR_N];
			cell[KK_PAR_MODEL] = m[q].f.text;
			cell[KK_PAR_ID] = text_cell(id, row[i]);
			cell[KK_PAR_COUNTRY] = text_cell(cc, row[i]);
			for (int j = 0; j < KK_PAR_N; j++) {
				if (j)
					kk_buf_char(&b, ',');
				if (j == KK_PAR_SIZE || j == KK_PAR_SCORE)
					kk_buf_str(&b, kk_format_double(buf,
					    j == KK_PAR_SIZE ? x[i] : y[i]));
				else
					kk_buf_csv(&b, cell[j],
					    strlen(cell[j]));
			}
			kk_buf_char(&b, '\n');
		}
		fwrite(b.p, 1, b.len, fp);
		kk_buf_free(&b);
		free(row);
		free(x);
		free(y);
	}
	kk_out_commit(o);
	free(text);
}

int
main(int argc, char **argv)
{
	enum { HELP, MODEL, SE_TYPE, OUTPUT, PARTIAL };
	static const kk_option options[] = {
		{ "help", false, HELP },
		{ "model", true, MODEL },
		{ "se", true, SE_TYPE },
		{ "o", true, OUTPUT },
		{ "partial", true, PARTIAL },
		{ NULL, false, 0 }
	};
	const char *out = NULL, *partial = NULL, *val, **given = NULL;
	size_t ngiven = 0;
	enum md_se se = MD_CLUSTER;
	struct data d = { 0 };
	struct model *m;
	int i = 1, k;
	kk_out *o;

	kk_set_prog(argv[0]);
	kk_malloc_keep();
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0)
		switch (k) {
		case HELP:
			fputs(usage_text, stdout);
			return 0;
		case MODEL:
			given = kk_realloc(given, (ngiven + 1) * sizeof *given);
			given[ngiven++] = val;
			break;
		case SE_TYPE:
			if (strcmp(val, "cluster") == 0)
				se = MD_CLUSTER;
			else if (strcmp(val, "classical") == 0)
				se = MD_CLASSICAL;
			else
				kk_usage("--se: '%s' is not cluster or "
				    "classical", val);
			break;
		case OUTPUT:
			out = val;
			break;
		case PARTIAL:
			partial = val;
			break;
		}
	if (i != argc - 1)
		kk_usage(i < argc ? "one input file only" :
		    "no input file (use '-' for standard input)");
	if (!given) {
		given = kk_malloc(sizeof default_models);
		ngiven = sizeof default_models / sizeof default_models[0];
		memcpy(given, default_models, sizeof default_models);
	}
	m = kk_calloc(ngiven, sizeof *m);
	for (size_t j = 0; j < ngiven; j++)
		parse_model(&m[j], given[j], &d);
	for (size_t j = 0; j < ngiven; j++)
		for (size_t v = 0; v < m[j].f.nvar; v++)
			want(&d, m[j].f.var[v], given[j]);
	if (partial) {
		want(&d, kk_colname(&kk_scores_table, KK_S_ID), NULL);
		want(&d, kk_colname(&kk_scores_table, KK_S_COUNTRY), NULL);
	}
	if (se == MD_CLUSTER)
		d.cluster = want(&d, kk_colname(&kk_scores_table,
		    KK_S_MUNICIPALITY_ID), NULL);
	read_data(&d, argv[i]);
	for (size_t j = 0; j < ngiven; j++)
		bind_model(&m[j], &d);
	group_rows(&d);
	o = kk_out_open(out);
	kk_schema_header(kk_out_fp(o), &kk_model_table);
	for (size_t j = 0; j < ngiven; j++)
		fit_all(&m[j], &d, se, kk_out_fp(o));
	if (partial)
		write_partial(partial, m, ngiven, &d, se);
	kk_out_commit(o);
	for (size_t j = 0; j < ngiven; j++) {
		fm_free(&m[j].f);
		free(m[j].var);
	}
	free(m);
	free(given);
	data_free(&d);
	return 0;
}
