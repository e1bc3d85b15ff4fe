/*
 * gp.h - writing gnuplot scripts that text from data cannot subvert.
 *
 * This is the only module that writes gnuplot text.  The rules (see
 * README.md (Charts) and research notes section 5):
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
 */
#ifndef GP_H
#define GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define GP_WIDTH  1200
#define GP_HEIGHT 800
#define GP_FONT   "DejaVu Sans"

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

/* Script head (comment, encoding, missing mark) up to the point where
 * data blocks and arrays go. */
void gp_head(FILE *fp, const char *what);
/* Open the loop that sets the terminal and output STEM.png / STEM.svg
 * and resets all settings; stem must pass gp_safe_name. */
void gp_begin(FILE *fp, const char *stem);
/* Close the output and the loop. */
void gp_end(FILE *fp);

/* set title / xlabel / ylabel from UTF-8 text. */
void gp_set(FILE *fp, const char *what, const char *text);
/* Footnote of two lines at the bottom left of the canvas (source; n and
 * method).  Labels 1000 and 1001; line2 may be NULL. */
void gp_footnote(FILE *fp, const char *line1, const char *line2);

#endif
