/*
 * formula.h - model formulas in R's notation, restricted to
 *
 *   RESPONSE ~ TERM + TERM ...
 *
 * where a TERM is a column name, a:b (the interaction, a product of
 * columns) or a*b (a + b + a:b); ':' binds tighter than '*', '*' tighter
 * than '+', as in R.  No parentheses, no '-', no '^': every model has an
 * intercept.  The terms are R's terms(): duplicates dropped, ordered by
 * degree (main effects first, then two-way interactions, ...), within a
 * degree by first appearance; a term's variables are named in the order
 * the variables first appear in the formula ("a:b" for y ~ a + b:a).
 */
#ifndef KK_FORMULA_H
#define KK_FORMULA_H

#include <stddef.h>
#include <stdint.h>

/* A term: the set of predictors it multiplies, bit i for var[i]. */
typedef uint64_t fm_term;
#define FM_MAXVAR 64

typedef struct {
	char *text;             /* as given, one space around ~, + and *,
				   none around ':' */
	char *response;
	char **var;             /* predictors, in order of first appearance */
	size_t nvar;
	fm_term *term;          /* R's order */
	size_t nterm;
} fm_formula;

/* Parse s into f.  On a malformed formula returns -1 with *why a new
 * string saying what is wrong and at which character (1-based), and f
 * left empty; 0 on success. */
int fm_parse(const char *s, fm_formula *f, char **why);
/* The term's label, its variables joined by ':' (a new string). */
char *fm_label(const fm_formula *f, fm_term t);
/* Number of variables in t. */
int fm_degree(fm_term t);
void fm_free(fm_formula *f);

#endif
