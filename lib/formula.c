/*
 * R's model formula, the part of it kk-model needs: see formula.h.
 *
 * A recursive descent over three levels (+, *, :), each giving a list of
 * terms; a*b crosses its operands' lists as R's CrossTerms does (left
 * terms, right terms, then every left term with every right one), + joins
 * them keeping the first of repeats, and the result is sorted by degree,
 * stably, as terms.formula(keep.order = FALSE) sorts it.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "formula.h"

struct terms {
	fm_term *t;
	size_t n, cap;
};

struct parser {
	const char *s, *p;      /* the formula, the next character */
	fm_formula *f;
	kk_buf text;
	char *why;
};

static void
add_term(struct terms *l, fm_term t)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->t[i] == t)
			return;
	kk_grow((void **)&l->t, &l->cap, l->n + 1, sizeof *l->t);
	l->t[l->n++] = t;
}

static bool
failed(struct parser *ps, const char *at, const char *what)
{
	if (!ps->why)
		ps->why = kk_asprintf("character %td: %s", at - ps->s + 1,
		    what);
	return false;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static bool
name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
	    c == '_' || c >= 0x80;
}

static bool
name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* A column name at the cursor, as a new string, or NULL. */
static char *
name(struct parser *ps)
{
	const char *start;

	skip_space(ps);
	start = ps->p;
	if (!name_start((unsigned char)*ps->p)) {
		failed(ps, ps->p, *ps->p ? "expected a column name" :
		    "expected a column name at the end");
		return NULL;
	}
	while (name_char((unsigned char)*ps->p))
		ps->p++;
	kk_buf_add(&ps->text, start, (size_t)(ps->p - start));
	return kk_strndup(start, (size_t)(ps->p - start));
}

/* The operator at the cursor if it is c; written to the text as sep. */
static bool
accept(struct parser *ps, char c, const char *sep)
{
	skip_space(ps);
	if (*ps->p != c)
		return false;
	ps->p++;
	kk_buf_str(&ps->text, sep);
	return true;
}

static bool
variable(struct parser *ps, fm_term *t)
{
	fm_formula *f = ps->f;
	const char *at;
	char *n;
	size_t i;

	skip_space(ps);
	at = ps->p;
	if (!(n = name(ps)))
		return false;
	if (strcmp(n, f->response) == 0) {
		free(n);
		return failed(ps, at, "the response is also a term");
	}
	for (i = 0; i < f->nvar && strcmp(f->var[i], n) != 0; i++)
		;
	if (i == f->nvar) {
		if (i == FM_MAXVAR) {
			free(n);
			return failed(ps, at, "more than 64 columns");
		}
		f->var = kk_realloc(f->var, (i + 1) * sizeof *f->var);
		f->var[f->nvar++] = n;
	} else {
		free(n);
	}
	*t |= (fm_term)1 << i;
	return true;
}

/* a:b:... */
static bool
interaction(struct parser *ps, fm_term *t)
{
	*t = 0;
	do
		if (!variable(ps, t))
			return false;
	while (accept(ps, ':', ":"));
	return true;
}

/* a*b*...: every product of the operands' terms, as R expands it. */
static bool
product(struct parser *ps, struct terms *out)
{
	fm_term t;

	if (!interaction(ps, &t))
		return false;
	add_term(out, t);
	while (accept(ps, '*', " * ")) {
		size_t nleft = out->n;
		if (!interaction(ps, &t))
			return false;
		add_term(out, t);
		for (size_t i = 0; i < nleft; i++)
			add_term(out, out->t[i] | t);
	}
	return true;
}

static bool
sum(struct parser *ps, struct terms *out)
{
	do
		if (!product(ps, out))
			return false;
	while (accept(ps, '+', " + "));
	skip_space(ps);
	if (*ps->p == '\0')
		return true;
	if (strchr("()-^/|.%", *ps->p))
		return failed(ps, ps->p, "only +, * and : may join columns "
		    "(no parentheses, -, ^, / or |)");
	return failed(ps, ps->p, "expected '+', '*', ':' or the end");
}

int
fm_degree(fm_term t)
{
	int d = 0;

	for (; t; t &= t - 1)
		d++;
	return d;
}

/* Main effects first, then by degree; stable. */
static void
order_terms(fm_formula *f, const struct terms *l)
{
	int maxdeg = 0;

	f->term = kk_malloc((l->n ? l->n : 1) * sizeof *f->term);
	for (size_t i = 0; i < l->n; i++)
		if (fm_degree(l->t[i]) > maxdeg)
			maxdeg = fm_degree(l->t[i]);
	for (int d = 1; d <= maxdeg; d++)
		for (size_t i = 0; i < l->n; i++)
			if (fm_degree(l->t[i]) == d)
				f->term[f->nterm++] = l->t[i];
}

int
fm_parse(const char *s, fm_formula *f, char **why)
{
	struct parser ps = { .s = s, .p = s, .f = f };
	struct terms l = { 0 };
	bool ok;

	memset(f, 0, sizeof *f);
	skip_space(&ps);
	if (*ps.p == '\0') {
		*why = kk_strdup("empty formula");
		return -1;
	}
	ok = (f->response = name(&ps)) != NULL;
	if (ok) {
		skip_space(&ps);
		ok = accept(&ps, '~', " ~ ") ||
		    failed(&ps, ps.p, "expected '~' after the response");
	}
	ok = ok && sum(&ps, &l);
	if (ok)
		order_terms(f, &l);
	free(l.t);
	kk_buf_char(&ps.text, '\0');
	f->text = ps.text.p;
	if (!ok) {
		fm_free(f);
		*why = ps.why;
		return -1;
	}
	return 0;
}

char *
fm_label(const fm_formula *f, fm_term t)
{
	kk_buf b = { 0 };

	for (size_t i = 0; i < f->nvar; i++)
		if (t & (fm_term)1 << i) {
			if (b.len)
				kk_buf_char(&b, ':');
			kk_buf_str(&b, f->var[i]);
		}
	kk_buf_char(&b, '\0');
	return b.p;
}

void
fm_free(fm_formula *f)
{
	for (size_t i = 0; i < f->nvar; i++)
		free(f->var[i]);
	free(f->var);
	free(f->term);
	free(f->response);
	free(f->text);
	memset(f, 0, sizeof *f);
}
