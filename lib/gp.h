/*
 * gp.h - writing gnuplot scripts that text from data cannot subvert.
 *
 * This is the only module that writes gnuplot text.  The rules (see
 * doc/charts.md, "Text from data is inert"):
 *   - every string is a single-quoted literal with ' doubled: single
 *     quotes block backquote (shell) substitution and @ macros, and do
 *     no backslash processing;
 *   - control characters become spaces (a raw LF would end the command),
 *     invalid UTF-8 becomes U+FFFD, enhanced text is off;
 *   - data blocks hold numbers only, never names: gnuplot's data parser
 *     treats '"' as a quote and truncates names.  Labels travel in
 *     string arrays (gp_array);
 *   - output file names are built from codes checked by gp_safe_name.
 * A script writes STEM.png (pngcairo) and STEM.svg from one loop, so it
 * runs with a plain "gnuplot STEM.gp" from its own folder.
 *
 * How a chart looks is not written here but in its template in plots/
 * (found through kk_plots_path), copied into the script as it is.  The
 * script first defines what the template draws: data blocks and arrays,
 * and every word as a named string variable (gp_text), every computed
 * number as a named number (gp_number).  The template refers to those
 * names only, so text from data stays inside the single-quoted literals
 * of those definitions.
 */
#ifndef GP_H
#define GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The template every chart starts with: terminal, font, footnote. */
#define GP_COMMON "common.gp"

/* Write s as a single-quoted gnuplot string literal (quotes included);
 * a text starting with ' becomes ("'".'rest'), see gp.c. */
void gp_string(FILE *fp, const char *s);
void gp_stringn(FILE *fp, const char *s, size_t n);
/* Number in shortest round-trip form; NaN and infinities as '?', the
 * missing-value mark gp_begin declares. */
void gp_num(FILE *fp, double v);

/* Is s usable in an output file name or a gnuplot identifier part:
 * non-empty, [A-Za-z0-9._-] only, not starting with '.' or '-'? */
bool gp_safe_name(const char *s);

/* Data block $name of numbers only, ended by a terminator no number can
 * equal.  name must be an identifier ([A-Za-z_][A-Za-z0-9_]*). */
void gp_block_begin(FILE *fp, const char *name);
void gp_block_row(FILE *fp, const double *v, size_t n);
void gp_block_end(FILE *fp);

/* array name[n] = ['s0', 's1', ...] (n >= 1; n == 0 writes a one-element
 * array holding ''). */
void gp_array(FILE *fp, const char *name, const char *const *s, size_t n);

/* name = 'text', a string variable for the template (name must be an
 * identifier; kk-plot's start with kk_). */
void gp_text(FILE *fp, const char *name, const char *text);
/* name = v in shortest round-trip form; NaN when v is not finite. */
void gp_number(FILE *fp, const char *name, double v);
/* array name[n] = [v0, ...] of numbers (n == 0: one NaN). */
void gp_numbers(FILE *fp, const char *name, const double *v, size_t n);
/* Copy the template plots/NAME into the script; dies if unreadable. */
void gp_template(FILE *fp, const char *name);

/* Script head (comment, encoding) up to the point where data blocks,
 * arrays and variables go. */
void gp_head(FILE *fp, const char *what);
/* Open the loop that resets all settings, sets the terminal (template
 * GP_COMMON) and the output STEM.png / STEM.svg; stem must pass
 * gp_safe_name.  The chart's template follows, then gp_end. */
void gp_begin(FILE *fp, const char *stem);
/* Close the output and the loop. */
void gp_end(FILE *fp);

#endif
