/*
 * Linear models with R's design rules and CR1 inference: see model.h.
 *
 * The least squares runs in two steps.  GSL's Householder QR reduces
 * [X y] block by block (the triangle so far stacked on the next rows,
 * as in TSQR) to an upper triangle T with T'T = [X y]'[X y]: the
 * columns' lengths and angles, hence which of them are dependent, in a
 * matrix of p+1 rows however many rows X has, and without holding X.
 * On T, GSL's Householder transforms then take the columns left to
 * right, skipping one whose part orthogonal to the columns kept so far
 * is below MD_TOL of its length: dqrdc2's limited pivoting, which keeps
 * the first of dependent columns as R does.  What is left of y's column
 * below the kept rows is the residual.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>

#include "kk.h"
#include "model.h"

/* Rows reduced at a time: the stacked block stays in the cache. */
enum { BLOCK = 256 };

/* ---- least squares --------------------------------------------------- */

/* Welford's running mean and sum of squares of y. */
struct moments {
	double n, mean, m2;
};

static void
moment(struct moments *m, double y)
{
	double d = y - m->mean;

	m->n++;
	m->mean += d / m->n;
	m->m2 += d * (y - m->mean);
}

/* The upper triangle of the QR of [X y], (p+1) x (p+1). */
static gsl_matrix *
triangle(const md_rows *rows, struct moments *y)
{
	size_t q = rows->p + 1;
	gsl_matrix *s = gsl_matrix_calloc(q + BLOCK, q);
	gsl_matrix *t = gsl_matrix_alloc(q, q);
	gsl_vector *tau = gsl_vector_alloc(q);

	for (size_t from = 0; from < rows->n; from += BLOCK) {
		size_t count = rows->n - from < BLOCK ? rows->n - from : BLOCK;
		rows->fill(rows->ctx, from, count, gsl_matrix_ptr(s, q, 0), NULL);
		for (size_t i = 0; i < count; i++)
			moment(y, gsl_matrix_get(s, q + i, q - 1));
		gsl_matrix_view v = gsl_matrix_submatrix(s, 0, 0, q + count, q);
		gsl_linalg_QR_decomp(&v.matrix, tau);
		for (size_t i = 1; i < q; i++)          /* R only */
			for (size_t j = 0; j < i; j++)
				gsl_matrix_set(s, i, j, 0);
	}
	gsl_matrix_const_view top = gsl_matrix_const_submatrix(s, 0, 0, q, q);
	gsl_matrix_memcpy(t, &top.matrix);
	gsl_vector_free(tau);
	gsl_matrix_free(s);
	return t;
}

/* dqrdc2's choice of columns on t, at most n of them (the rank of n
 * rows); returns the rank. */
static size_t
keep_columns(gsl_matrix *t, size_t n, size_t p, md_ls *ls)
{
	size_t m = t->size1, q = t->size2, k = 0;
	double *len = kk_malloc(p * sizeof *len);

	for (size_t j = 0; j < p; j++) {
		gsl_vector_view c = gsl_matrix_subcolumn(t, j, 0, m);
		len[j] = gsl_blas_dnrm2(&c.vector);
	}
	for (size_t j = 0; j < p; j++) {
		ls->aliased[j] = true;
		if (k == n)
			continue;
		gsl_vector_view v = gsl_matrix_subcolumn(t, j, k, m - k);
		if (gsl_blas_dnrm2(&v.vector) <
		    MD_TOL * (len[j] > 0 ? len[j] : 1))
			continue;
		double tau = gsl_linalg_householder_transform(&v.vector);
		gsl_matrix_view rest = gsl_matrix_submatrix(t, k, j + 1, m - k,
		    q - j - 1);
		gsl_linalg_householder_hm(tau, &v.vector, &rest.matrix);
		ls->aliased[j] = false;
		ls->kept[k++] = j;
	}
	free(len);
	return k;
}

void
md_ls_fit(const md_rows *rows, md_ls *ls)
{
	size_t n = rows->n, p = rows->p, k;
	struct moments y = { 0 };
	gsl_matrix *t = triangle(rows, &y);

	ls->n = n;
	ls->p = p;
	ls->tss = y.m2;
	ls->aliased = kk_malloc(p * sizeof *ls->aliased);
	ls->kept = kk_malloc(p * sizeof *ls->kept);
	ls->rank = k = keep_columns(t, n, p, ls);
	ls->coef = kk_malloc(p * sizeof *ls->coef);
	ls->rinv = kk_calloc(k ? k * k : 1, sizeof *ls->rinv);
	ls->rss = 0;
	for (size_t i = k; i <= p; i++)
		ls->rss += gsl_matrix_get(t, i, p) * gsl_matrix_get(t, i, p);
	for (size_t j = 0; j < p; j++)
		ls->coef[j] = NAN;
	if (k) {
		gsl_matrix_view r = gsl_matrix_view_array(ls->rinv, k, k);
		gsl_vector *b = gsl_vector_alloc(k);
		for (size_t i = 0; i < k; i++) {
			for (size_t j = i; j < k; j++)
				gsl_matrix_set(&r.matrix, i, j,
				    gsl_matrix_get(t, i, ls->kept[j]));
			gsl_vector_set(b, i, gsl_matrix_get(t, i, p));
		}
		gsl_blas_dtrsv(CblasUpper, CblasNoTrans, CblasNonUnit,
		    &r.matrix, b);
		for (size_t i = 0; i < k; i++)
			ls->coef[ls->kept[i]] = gsl_vector_get(b, i);
		gsl_linalg_tri_invert(CblasUpper, CblasNonUnit, &r.matrix);
		gsl_vector_free(b);
	}
	gsl_matrix_free(t);
}

/* v = scale * rinv middle rinv' (k x k); middle NULL: the identity. */
static void
sandwich(const md_ls *ls, const gsl_matrix *middle, double scale, double *v)
{
	size_t k = ls->rank;
	gsl_matrix_const_view r = gsl_matrix_const_view_array(ls->rinv, k, k);
	gsl_matrix_view out = gsl_matrix_view_array(v, k, k);
	gsl_matrix *rm = gsl_matrix_alloc(k, k);

	if (middle)
		gsl_blas_dsymm(CblasRight, CblasUpper, 1, middle, &r.matrix, 0,
		    rm);
	else
		gsl_matrix_memcpy(rm, &r.matrix);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, scale, rm, &r.matrix, 0,
	    &out.matrix);
	gsl_matrix_free(rm);
}

static void
all_nan(double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		v[i] = NAN;
}

void
md_vcov_classical(const md_ls *ls, double *v)
{
	size_t k = ls->rank;

	if (ls->n <= k || k == 0) {
		all_nan(v, k * k);
		return;
	}
	sandwich(ls, NULL, ls->rss / (double)(ls->n - k), v);
}

/* A cluster's row of sums, numbered in order of appearance. */
static double *
cluster_row(double **sum, size_t *cap, size_t k, int *local, int code,
	size_t *g)
{
	if (local[code] < 0) {
		if (*g == *cap) {
			*sum = kk_realloc(*sum, 2 * *cap * k * sizeof **sum);
			memset(*sum + *cap * k, 0, *cap * k * sizeof **sum);
			*cap *= 2;
		}
		local[code] = (int)(*g)++;
	}
	return *sum + (size_t)local[code] * k;
}

/* Row c of s (G x k): cluster c's score sum_i x_i e_i over the kept
 * columns, clusters numbered 0.. in order of appearance; returns G. */
static size_t
scores(const md_rows *rows, const md_ls *ls, size_t ncodes, gsl_matrix **s)
{
	size_t k = ls->rank, q = rows->p + 1, g = 0, cap = 16;
	double *xy = kk_malloc(BLOCK * q * sizeof *xy);
	double *b = kk_malloc((k + 1) * sizeof *b), *xk;
	double *sum = kk_calloc(cap * (k ? k : 1), sizeof *sum);
	int *cl = kk_malloc(BLOCK * sizeof *cl);
	int *local = kk_malloc((ncodes ? ncodes : 1) * sizeof *local);

	xk = kk_malloc((k + 1) * sizeof *xk);
	for (size_t j = 0; j < k; j++)
		b[j] = ls->coef[ls->kept[j]];
	for (size_t c = 0; c < ncodes; c++)
		local[c] = -1;
	for (size_t from = 0; from < rows->n; from += BLOCK) {
		size_t count = rows->n - from < BLOCK ? rows->n - from : BLOCK;
		rows->fill(rows->ctx, from, count, xy, cl);
		for (size_t i = 0; i < count; i++) {
			const double *x = xy + i * q;
			double e = x[q - 1];
			for (size_t j = 0; j < k; j++) {
				xk[j] = x[ls->kept[j]];
				e -= xk[j] * b[j];
			}
			double *row = cluster_row(&sum, &cap, k, local, cl[i],
			    &g);
			for (size_t j = 0; j < k; j++)
				row[j] += xk[j] * e;
		}
	}
	*s = gsl_matrix_alloc(g ? g : 1, k ? k : 1);
	if (g && k)
		memcpy((*s)->data, sum, g * k * sizeof *sum);
	free(sum);
	free(local);
	free(cl);
	free(xk);
	free(b);
	free(xy);
	return g;
}

size_t
md_vcov_cluster(const md_rows *rows, const md_ls *ls, size_t ncodes,
	double *v)
{
	size_t k = ls->rank, n = ls->n, g;
	gsl_matrix *s, *mid;

	g = scores(rows, ls, ncodes, &s);
	if (g < 2 || n <= k || k == 0) {
		gsl_matrix_free(s);
		all_nan(v, k * k);
		return g;
	}
	/* sum_c (rinv' s_c)(rinv' s_c)': the meat in the R factor's basis,
	 * so that (X'X)^-1 is never formed. */
	gsl_matrix_const_view r = gsl_matrix_const_view_array(ls->rinv, k, k);
	gsl_blas_dtrmm(CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, 1,
	    &r.matrix, s);
	mid = gsl_matrix_alloc(k, k);
	gsl_blas_dsyrk(CblasUpper, CblasTrans, 1, s, 0, mid);
	sandwich(ls, mid, (double)g / (double)(g - 1) *
	    (double)(n - 1) / (double)(n - k), v);
	gsl_matrix_free(mid);
	gsl_matrix_free(s);
	return g;
}

void
md_ls_free(md_ls *ls)
{
	free(ls->aliased);
	free(ls->kept);
	free(ls->coef);
	free(ls->rinv);
	memset(ls, 0, sizeof *ls);
}

/* ---- the design of a formula on some rows ------------------------------ */

/* A factor's levels among the rows used, in byte order of their names. */
struct levels {
	size_t n;
	int *pos;               /* by code: position, or -1 if absent */
	int *code;              /* by position: the code */
};

/* How a variable enters a term: a numeric column, or a factor's
 * indicator columns from level `first` on (1: treatment contrasts,
 * 0: an indicator per level). */
struct part {
	size_t var, ncol, first;
	const double *num;      /* the variable's values, or NULL */
	const int *code;        /* a factor's codes, and their positions */
	const int *pos;         /* among the levels present */
};

struct term {
	fm_term vars;
	bool dropped;
	char *why;              /* why dropped */
	struct part *part;
	size_t npart, ncol;
	size_t first;           /* its first column in X */
};

struct design {
	const md_data *d;
	size_t *row;            /* the rows used */
	size_t n, p;
	struct levels *lev;     /* per variable (factors only) */
	struct term *term;
	size_t nterm;
};

/* Listwise deletion into g->row, a column at a time. */
static void
complete_rows(struct design *g, const size_t *rows, size_t n, enum md_se se)
{
	const md_data *d = g->d;
	size_t *row = g->row, m = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(d->y[rows[i]]))
			row[m++] = rows[i];
	if (se == MD_CLUSTER) {
		n = m;
		m = 0;
		for (size_t i = 0; i < n; i++)
			if (d->cluster[row[i]] >= 0)
				row[m++] = row[i];
	}
	for (size_t v = 0; v < d->formula->nvar; v++) {
		const double *num = d->var[v].num;
		const int *code = d->var[v].code;
		n = m;
		m = 0;
		for (size_t i = 0; i < n; i++)
			if (num ? !isnan(num[row[i]]) : code[row[i]] >= 0)
				row[m++] = row[i];
	}
	g->n = m;
}

struct named {
	const char *name;
	int code;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name,
	    ((const struct named *)b)->name);
}

static void
find_levels(struct design *g, size_t v)
{
	const md_var *x = &g->d->var[v];
	struct levels *l = &g->lev[v];
	size_t cap = x->nlevel ? x->nlevel : 1;
	struct named *s = kk_malloc(cap * sizeof *s);

	l->pos = kk_malloc(cap * sizeof *l->pos);
	l->code = kk_malloc(cap * sizeof *l->code);
	for (size_t c = 0; c < x->nlevel; c++)
		l->pos[c] = -1;
	for (size_t i = 0; i < g->n; i++) {
		int c = x->code[g->row[i]];
		if (l->pos[c] < 0) {
			l->pos[c] = 0;
			s[l->n++] = (struct named){ x->level[c], c };
		}
	}
	qsort(s, l->n, sizeof *s, by_name);
	for (size_t i = 0; i < l->n; i++) {
		l->code[i] = s[i].code;
		l->pos[s[i].code] = (int)i;
	}
	free(s);
}

/* The factors with one level, and the terms that use them. */
static void
drop_terms(struct design *g)
{
	const fm_formula *f = g->d->formula;

	for (size_t t = 0; t < g->nterm; t++)
		for (size_t v = 0; v < f->nvar && !g->term[t].dropped; v++) {
			if (!(g->term[t].vars >> v & 1) || g->d->var[v].num ||
			    g->lev[v].n != 1)
				continue;
			g->term[t].dropped = true;
			g->term[t].why = kk_asprintf("left out: %s has one "
			    "level (%s) in these rows", f->var[v],
			    g->d->var[v].level[g->lev[v].code[0]]);
		}
}

/* R's TermCode: a factor in a term is coded by contrasts when the term
 * without it is empty or lies within a term before it, else by an
 * indicator per level. */
static bool
by_contrasts(const struct design *g, size_t t, size_t v)
{
	fm_term rest = g->term[t].vars & ~((fm_term)1 << v);

	if (rest == 0)
		return true;
	for (size_t u = 0; u < t; u++)
		if (!g->term[u].dropped && (rest & ~g->term[u].vars) == 0)
			return true;
	return false;
}

static void
code_terms(struct design *g)
{
	const fm_formula *f = g->d->formula;

	g->p = 1;
	for (size_t t = 0; t < g->nterm; t++) {
		struct term *tm = &g->term[t];
		if (tm->dropped)
			continue;
		tm->part = kk_malloc((size_t)fm_degree(tm->vars) *
		    sizeof *tm->part);
		tm->ncol = 1;
		for (size_t v = 0; v < f->nvar; v++) {
			if (!(tm->vars >> v & 1))
				continue;
			struct part *pt = &tm->part[tm->npart++];
			pt->var = v;
			pt->num = g->d->var[v].num;
			pt->code = g->d->var[v].code;
			pt->pos = g->lev[v].pos;
			pt->first = g->d->var[v].num ? 0 :
			    by_contrasts(g, t, v) ? 1 : 0;
			pt->ncol = g->d->var[v].num ? 1 :
			    g->lev[v].n - pt->first;
			tm->ncol *= pt->ncol;
		}
		tm->first = g->p;
		g->p += tm->ncol;
	}
}

/* Column col of a term: its parts' digits, the first part fastest. */
static void
digits(const struct term *tm, size_t col, size_t *d)
{
	for (size_t i = 0; i < tm->npart; i++) {
		d[i] = col % tm->part[i].ncol;
		col /= tm->part[i].ncol;
	}
}

static char *
column_name(const struct design *g, const struct term *tm, size_t col)
{
	const fm_formula *f = g->d->formula;
	size_t d[FM_MAXVAR];
	kk_buf b = { 0 };

	digits(tm, col, d);
	for (size_t i = 0; i < tm->npart; i++) {
		const struct part *pt = &tm->part[i];
		const md_var *x = &g->d->var[pt->var];
		if (i)
			kk_buf_char(&b, ':');
		kk_buf_str(&b, f->var[pt->var]);
		if (!x->num)
			kk_buf_str(&b, x->level[g->lev[pt->var].code[pt->first +
			    d[i]]]);
	}
	kk_buf_char(&b, '\0');
	return b.p;
}

/* A term's columns in row r: at most one is not 0, the one whose digits
 * are the row's levels; none when a level is a reference. */
static void
term_cells(const struct term *tm, size_t r, double *x)
{
	size_t col = 0, stride = 1;
	double v = 1;

	for (size_t i = 0; i < tm->npart; i++) {
		const struct part *pt = &tm->part[i];
		if (pt->num) {
			v *= pt->num[r];
			continue;
		}
		size_t pos = (size_t)pt->pos[pt->code[r]];
		if (pos < pt->first)
			return;
		col += (pos - pt->first) * stride;
		stride *= pt->ncol;
	}
	x[tm->first + col] = v;
}

/* md_rows' fill: [X y] of rows from..from+count-1, the intercept first. */
static void
fill(void *ctx, size_t from, size_t count, double *xy, int *cluster)
{
	const struct design *g = ctx;
	size_t q = g->p + 1;

	for (size_t i = 0; i < count; i++) {
		size_t r = g->row[from + i];
		double *x = xy + i * q;
		x[0] = 1;
		for (size_t j = 1; j < g->p; j++)
			x[j] = 0;
		for (size_t t = 0; t < g->nterm; t++)
			if (!g->term[t].dropped)
				term_cells(&g->term[t], r, x);
		x[g->p] = g->d->y[r];
		if (cluster)
			cluster[i] = g->d->cluster[r];
	}
}

static void
design_free(struct design *g)
{
	for (size_t t = 0; t < g->nterm; t++) {
		free(g->term[t].part);
		free(g->term[t].why);
	}
	for (size_t v = 0; v < g->d->formula->nvar; v++) {
		free(g->lev[v].pos);
		free(g->lev[v].code);
	}
	free(g->term);
	free(g->lev);
	free(g->row);
}

/* ---- the result ------------------------------------------------------- */

static md_coef *
add_coef(md_fit *fit, char *term)
{
	md_coef *c;

	fit->coef = kk_realloc(fit->coef, (fit->ncoef + 1) * sizeof *c);
	c = &fit->coef[fit->ncoef++];
	c->term = term;
	c->estimate = c->se = c->t = c->p = NAN;
	c->ci_low = c->ci_high = c->mde80 = NAN;
	c->note = NULL;
	return c;
}

/* One row per coefficient in R's order, a term left out in its place. */
static void
name_coefs(md_fit *fit, const struct design *g)
{
	add_coef(fit, kk_strdup(MD_INTERCEPT));
	for (size_t t = 0; t < g->nterm; t++) {
		const struct term *tm = &g->term[t];
		if (tm->dropped) {
			add_coef(fit, fm_label(g->d->formula, tm->vars))->note =
			    kk_strdup(tm->why);
			continue;
		}
		for (size_t c = 0; c < tm->ncol; c++)
			add_coef(fit, column_name(g, tm, c));
	}
}

static void
infer(md_coef *c, double est, double se, double df)
{
	double q975 = gsl_cdf_tdist_Pinv(0.975, df);

	c->estimate = est;
	c->se = se;
	c->t = est / se;
	c->p = 2 * gsl_cdf_tdist_Q(fabs(c->t), df);
	c->ci_low = est - q975 * se;
	c->ci_high = est + q975 * se;
	c->mde80 = (q975 + gsl_cdf_tdist_Pinv(0.80, df)) * se;
}

static void
fill_coefs(md_fit *fit, const md_ls *ls, const double *v)
{
	size_t j = 0, k = 0;

	for (size_t i = 0; i < fit->ncoef; i++) {
		md_coef *c = &fit->coef[i];
		if (c->note)            /* a term left out */
			continue;
		if (ls->aliased[j])
			c->note = kk_strdup(MD_ALIASED);
		else if (!fit->why) {
			infer(c, ls->coef[j], sqrt(v[k * ls->rank + k]),
			    fit->df);
			k++;
		}
		j++;
	}
}

static void
summarise(md_fit *fit, const md_ls *ls)
{
	double n = (double)ls->n, k = (double)ls->rank;

	fit->r_squared = 1 - ls->rss / ls->tss;
	fit->adj_r_squared = 1 - (1 - fit->r_squared) * (n - 1) / (n - k);
	fit->residual_sd = sqrt(ls->rss / (n - k));
}

static size_t
count_clusters(const md_data *d, const struct design *g)
{
	size_t c = 0;
	bool *seen = kk_calloc(d->ncluster ? d->ncluster : 1, 1);

	for (size_t i = 0; i < g->n; i++) {
		int k = d->cluster[g->row[i]];
		if (k >= 0 && !seen[k]) {
			seen[k] = true;
			c++;
		}
	}
	free(seen);
	return c;
}

static void
estimate(md_fit *fit, struct design *g, enum md_se se)
{
	md_rows rows = { .n = g->n, .p = g->p, .fill = fill, .ctx = g };
	md_ls ls;
	double *v;

	md_ls_fit(&rows, &ls);
	fit->rank = ls.rank;
	v = kk_malloc((ls.rank ? ls.rank * ls.rank : 1) * sizeof *v);
	if (g->n <= ls.rank)
		fit->why = kk_asprintf("too few evaluations: no residual "
		    "degrees of freedom (N = K = %zu)", g->n);
	else if (se == MD_CLUSTER && fit->clusters < 2)
		fit->why = kk_asprintf("%zu cluster%s: cluster-robust "
		    "errors need 2 or more", fit->clusters,
		    fit->clusters == 1 ? "" : "s");
	else if (ls.tss == 0)
		fit->why = kk_strdup("the response is constant");
	else if (ls.rss == 0)
		fit->why = kk_strdup("an exact fit: no residual variation");
	if (!fit->why) {
		fit->df = se == MD_CLUSTER ? (double)fit->clusters - 1 :
		    (double)(g->n - ls.rank);
		if (se == MD_CLUSTER)
			md_vcov_cluster(&rows, &ls, g->d->ncluster, v);
		else
			md_vcov_classical(&ls, v);
		summarise(fit, &ls);
	}
	fill_coefs(fit, &ls, v);
	free(v);
	md_ls_free(&ls);
}

/* No rows: the intercept and the formula's terms by label. */
static void
no_rows(md_fit *fit, const fm_formula *f)
{
	add_coef(fit, kk_strdup(MD_INTERCEPT));
	for (size_t t = 0; t < f->nterm; t++)
		add_coef(fit, fm_label(f, f->term[t]));
	fit->why = kk_strdup("no rows with every variable of the model");
}

/* The design of the formula on the complete rows among rows[0..nrows):
 * levels, terms left out, coding.  False when no row is complete (the
 * terms are then not coded). */
static bool
design(struct design *g, const md_data *d, const size_t *rows, size_t nrows,
	enum md_se se)
{
	const fm_formula *f = d->formula;

	memset(g, 0, sizeof *g);
	g->d = d;
	g->row = kk_malloc((nrows ? nrows : 1) * sizeof *g->row);
	complete_rows(g, rows, nrows, se);
	g->lev = kk_calloc(f->nvar ? f->nvar : 1, sizeof *g->lev);
	g->nterm = f->nterm;
	g->term = kk_calloc(g->nterm ? g->nterm : 1, sizeof *g->term);
	if (g->n == 0)
		return false;
	for (size_t v = 0; v < f->nvar; v++)
		if (!d->var[v].num)
			find_levels(g, v);
	for (size_t t = 0; t < g->nterm; t++)
		g->term[t].vars = f->term[t];
	drop_terms(g);
	code_terms(g);
	return true;
}

void
md_fit_rows(const md_data *d, const size_t *rows, size_t nrows,
	enum md_se se, md_fit *fit)
{
	struct design g;
	bool some = design(&g, d, rows, nrows, se);

	memset(fit, 0, sizeof *fit);
	fit->df = fit->r_squared = fit->adj_r_squared = NAN;
	fit->residual_sd = NAN;
	fit->n = g.n;
	if (d->cluster)
		fit->clusters = count_clusters(d, &g);
	if (some) {
		name_coefs(fit, &g);
		estimate(fit, &g, se);
	} else {
		no_rows(fit, d->formula);
	}
	design_free(&g);
}

/* ---- the added-variable plot ------------------------------------------- */

/* The design's rows without one column, with that column or y as the
 * response: md_rows' fill for the two regressions of the plot. */
struct without {
	const struct design *g;
	size_t col;             /* the column left out */
	bool of_col;            /* the response: that column, else y */
	double *buf;            /* BLOCK rows of [X y] */
};

static void
fill_without(void *ctx, size_t from, size_t count, double *xy, int *cluster)
{
	const struct without *w = ctx;
	size_t p = w->g->p;

	fill((void *)w->g, from, count, w->buf, cluster);
	for (size_t i = 0; i < count; i++) {
		const double *src = w->buf + i * (p + 1);
		double *dst = xy + i * p;
		size_t k = 0;
		for (size_t j = 0; j < p; j++)
			if (j != w->col)
				dst[k++] = src[j];
		dst[p - 1] = w->of_col ? src[w->col] : src[p];
	}
}

/* The residuals of the response of w on the other columns into e. */
static void
residuals(struct without *w, double *e)
{
	const struct design *g = w->g;
	md_rows rows = { .n = g->n, .p = g->p - 1, .fill = fill_without,
	    .ctx = w };
	double *xy = kk_malloc(BLOCK * g->p * sizeof *xy);
	md_ls ls;

	md_ls_fit(&rows, &ls);
	for (size_t from = 0; from < g->n; from += BLOCK) {
		size_t count = g->n - from < BLOCK ? g->n - from : BLOCK;
		fill_without(w, from, count, xy, NULL);
		for (size_t i = 0; i < count; i++) {
			const double *x = xy + i * g->p;
			double r = x[g->p - 1];
			for (size_t j = 0; j < ls.rank; j++)
				r -= x[ls.kept[j]] * ls.coef[ls.kept[j]];
			e[from + i] = r;
		}
	}
	free(xy);
	md_ls_free(&ls);
}

/* The column of a numeric main effect named var, or 0 (the intercept's)
 * when there is none. */
static size_t
main_effect(const struct design *g, const char *var)
{
	const fm_formula *f = g->d->formula;

	for (size_t t = 0; t < g->nterm; t++) {
		const struct term *tm = &g->term[t];
		if (!tm->dropped && fm_degree(tm->vars) == 1 &&
		    strcmp(f->var[tm->part[0].var], var) == 0 &&
		    tm->part[0].num)
			return tm->first;
	}
	return 0;
}

size_t
md_partial(const md_data *d, const size_t *rows, size_t nrows,
	enum md_se se, const char *var, size_t *row, double *x, double *y)
{
	struct design g;
	struct without w = { .g = &g };
	size_t n = 0;

	if (design(&g, d, rows, nrows, se) && (w.col = main_effect(&g, var))) {
		w.buf = kk_malloc(BLOCK * (g.p + 1) * sizeof *w.buf);
		w.of_col = true;
		residuals(&w, x);
		w.of_col = false;
		residuals(&w, y);
		memcpy(row, g.row, g.n * sizeof *row);
		n = g.n;
		free(w.buf);
	}
	design_free(&g);
	return n;
}

/* ---- which model to quote ------------------------------------------------ */

/* The terms f adjusts var's effect for, as words ("country, version and
 * year"; "" for none), or NULL when var is not a main effect of f or an
 * interaction involves it.  *n gets their number. */
static char *
adjustments(const fm_formula *f, const char *var, int *n)
{
	size_t v, k = 0;
	kk_buf b = { 0 };
	bool alone = true;

	for (v = 0; v < f->nvar && strcmp(f->var[v], var) != 0; v++)
		;
	if (v == f->nvar)
		return NULL;
	for (size_t t = 0; t < f->nterm; t++)
		if (f->term[t] >> v & 1)
			alone = alone && fm_degree(f->term[t]) == 1;
	if (!alone)
		return NULL;
	for (size_t t = 0; t < f->nterm; t++) {
		if (f->term[t] >> v & 1)
			continue;
		char *l = fm_label(f, f->term[t]);
		if (k++)
			kk_buf_str(&b, k == f->nterm - 1 ? " and " : ", ");
		kk_buf_str(&b, l);
		free(l);
	}
	kk_buf_char(&b, '\0');
	*n = (int)k;
	return b.p;
}

long
md_quoted(const char *const *models, size_t n, const char *response,
	const char *var, char **adjusted)
{
	long best = -1;
	int most = -1, k;

	if (adjusted)
		*adjusted = NULL;
	for (size_t i = 0; i < n; i++) {
		fm_formula f;
		char *why, *words = NULL;
		if (fm_parse(models[i], &f, &why) < 0) {
			free(why);
			continue;
		}
		if (strcmp(f.response, response) == 0 &&
		    (words = adjustments(&f, var, &k)) && k > most) {
			most = k;
			best = (long)i;
			if (adjusted) {
				free(*adjusted);
				*adjusted = words;
				words = NULL;
			}
		}
		free(words);
		fm_free(&f);
	}
	return best;
}

void
md_fit_free(md_fit *fit)
{
	for (size_t i = 0; i < fit->ncoef; i++) {
		free(fit->coef[i].term);
		free(fit->coef[i].note);
	}
	free(fit->coef);
	free(fit->why);
	memset(fit, 0, sizeof *fit);
}
