/*
 * commentary.h - the evaluator's words for one evaluation, read from an
 * optional plain-text file (data/commentary/EVALUATION_ID.md, format in
 * data/commentary/README.md) and placed by the report into its per-area
 * sections.
 *
 * One section per area ("## 3") and per sub-area ("## 3.2"), in the 3.2
 * numbering of the report; an area section may end with strengths,
 * challenges and weaknesses ("### Styrker", "### Challenges", ...).  The
 * text is data: the report escapes it and never reads markup in it but
 * paragraphs and "- " list items.  A section the evaluation has no area
 * or sub-area for, and an area or sub-area without a section, is a
 * warning that names it, never an error: the report is complete without.
 */
#ifndef KK_COMMENTARY_H
#define KK_COMMENTARY_H

#include <stdbool.h>
#include <stddef.h>

enum kk_comment_part {
	KK_COMMENT_TEXT,          /* the section's own text */
	KK_COMMENT_STRENGTHS,
	KK_COMMENT_CHALLENGES,
	KK_COMMENT_WEAKNESSES,
	KK_COMMENT_NPART
};

/* A paragraph, or one item of a list. */
typedef struct {
	bool item;
	const char *text;
} kk_comment_block;

typedef struct kk_commentary kk_commentary;

/* Read path; NULL when there is no such file.  words[p] for p from
 * KK_COMMENT_STRENGTHS on: the headings that open that part (NULL-ended;
 * matched as kk_fold matches names, so "Styrker", "styrker" and
 * "STYRKER" alike).  Dies on a file that cannot be read or is not
 * UTF-8; warns (FILE:LINE) about text before the first section, a
 * heading that opens no part, and a section given twice (the first
 * counts). */
kk_commentary *kk_commentary_read(const char *path,
	const char *const *const words[KK_COMMENT_NPART]);
void kk_commentary_free(kk_commentary *c);

/* Warn about every section whose id is not among ids[0..n) ("3",
 * "3.2"; misnamed: left out of the report), and name in one warning the
 * ids without a section (missing). */
void kk_commentary_check(const kk_commentary *c, const char *const *ids,
	size_t n);

/* The blocks of part p of section id, *n of them (0: none). */
const kk_comment_block *kk_commentary_part(const kk_commentary *c,
	const char *id, enum kk_comment_part p, size_t *n);

#endif
