/* The evaluator's commentary on one evaluation; see commentary.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "commentary.h"

struct section {
	char *id;
	long line;
	kk_comment_block *block[KK_COMMENT_NPART];
	size_t nblock[KK_COMMENT_NPART], cap[KK_COMMENT_NPART];
};

struct kk_commentary {
	char *path;
	struct section *sec;
	size_t nsec, cap;
	kk_arena text;
};

/* Where the lines being read go. */
struct cursor {
	kk_commentary *c;
	struct section *sec;     /* NULL: before the first, or a repeat */
	enum kk_comment_part part;
	bool skip;               /* under a heading that opens no part */
	kk_buf block;            /* the paragraph or item being read */
	bool item;
	long line;
	bool warned_before;
};

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	kk_buf b = { 0 };
	char chunk[8192];
	size_t n;

	if (!fp) {
		if (errno == ENOENT)
			return NULL;
		kk_die("%s:", path);
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		kk_buf_add(&b, chunk, n);
	if (ferror(fp))
		kk_die("%s:", path);
	fclose(fp);
	kk_buf_char(&b, '\0');
	*len = b.len - 1;
	return b.p;
}

static void
flush(struct cursor *k)
{
	size_t n = k->block.len;

	while (n && k->block.p[n - 1] == ' ')
		n--;
	if (n && k->sec && !k->skip) {
		struct section *s = k->sec;
		char *t = kk_arena_alloc(&k->c->text, n + 1);
		memcpy(t, k->block.p, n);
		t[n] = '\0';
		kk_grow((void **)&s->block[k->part], &s->cap[k->part],
		    s->nblock[k->part] + 1, sizeof *s->block[k->part]);
		s->block[k->part][s->nblock[k->part]++] =
		    (kk_comment_block){ k->item, t };
	}
	k->block.len = 0;
	k->item = false;
}

static struct section *
find(const kk_commentary *c, const char *id)
{
	for (size_t i = 0; i < c->nsec; i++)
		if (strcmp(c->sec[i].id, id) == 0)
			return &c->sec[i];
	return NULL;
}

/* "## 3.2 Politisk styring": the section 3.2; the words after the id
 * are the writer's and are not read. */
static void
open_section(struct cursor *k, const char *s)
{
	kk_commentary *c = k->c;
	size_t n;

	s += strspn(s, " \t");
	n = strcspn(s, " \t");
	char *id = kk_strndup(s, n);
	struct section *old = find(c, id);
	if (old) {
		kk_warn_at(c->path, k->line, 0, "section '%s' again (first on "
		    "line %ld); only the first is used", id, old->line);
		free(id);
		k->sec = NULL;
		return;
	}
	kk_grow((void **)&c->sec, &c->cap, c->nsec + 1, sizeof *c->sec);
	k->sec = &c->sec[c->nsec++];
	memset(k->sec, 0, sizeof *k->sec);
	k->sec->id = id;
	k->sec->line = k->line;
	k->part = KK_COMMENT_TEXT;
	k->skip = false;
}

static void
open_part(struct cursor *k, const char *s,
	const char *const *const words[KK_COMMENT_NPART])
{
	char *f = kk_fold(s);

	k->skip = false;
	if (strchr(k->sec->id, '.')) {
		kk_warn_at(k->c->path, k->line, 0, "heading '%s' in section "
		    "'%s': only an area's section has strengths, challenges and "
		    "weaknesses; its text is left out", s + strspn(s, " \t"),
		    k->sec->id);
		k->skip = true;
		free(f);
		return;
	}
	for (int p = KK_COMMENT_STRENGTHS; p < KK_COMMENT_NPART; p++)
		for (size_t i = 0; words[p] && words[p][i]; i++) {
			char *w = kk_fold(words[p][i]);
			bool hit = strcmp(w, f) == 0;
			free(w);
			if (hit) {
				free(f);
				k->part = (enum kk_comment_part)p;
				return;
			}
		}
	free(f);
	kk_warn_at(k->c->path, k->line, 0, "heading '%s' in section '%s' "
	    "opens no part (strengths, challenges or weaknesses): its text is "
	    "left out", s + strspn(s, " \t"), k->sec->id);
	k->skip = true;
}

static void
text_line(struct cursor *k, const char *s)
{
	bool item = (s[0] == '-' || s[0] == '*') && s[1] == ' ';

	if (!k->sec || k->skip) {
		if (!k->warned_before && k->c->nsec == 0) {
			kk_warn_at(k->c->path, k->line, 0, "text before the first "
			    "section ('## 1', '## 1.1', ...) is left out");
			k->warned_before = true;
		}
		return;
	}
	if (item) {
		flush(k);
		k->item = true;
		s += 2;
	} else if (k->block.len) {
		kk_buf_char(&k->block, ' ');
	}
	kk_buf_str(&k->block, s + strspn(s, " \t"));
}

static void
parse(kk_commentary *c, char *text,
	const char *const *const words[KK_COMMENT_NPART])
{
	struct cursor k = { .c = c };

	for (char *s = text, *nl; s && *s; s = nl) {
		nl = strchr(s, '\n');
		if (nl)
			*nl++ = '\0';
		size_t n = strlen(s);
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';
		k.line++;
		if (strncmp(s, "## ", 3) == 0) {
			flush(&k);
			open_section(&k, s + 3);
		} else if (strncmp(s, "### ", 4) == 0) {
			flush(&k);
			if (k.sec)
				open_part(&k, s + 4, words);
		} else if (s[0] == '#' && c->nsec == 0) {
			continue;      /* the file's title */
		} else if (s[strspn(s, " \t")] == '\0') {
			flush(&k);
		} else {
			text_line(&k, s);
		}
	}
	flush(&k);
	kk_buf_free(&k.block);
}

kk_commentary *
kk_commentary_read(const char *path,
	const char *const *const words[KK_COMMENT_NPART])
{
	size_t len;
	char *text = slurp(path, &len);

	if (!text)
		return NULL;
	if (strlen(text) != len || !kk_utf8_valid(text, len))
		kk_die("%s: not a UTF-8 text file", path);
	kk_commentary *c = kk_calloc(1, sizeof *c);
	c->path = kk_strdup(path);
	parse(c, text, words);
	free(text);
	return c;
}

void
kk_commentary_free(kk_commentary *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsec; i++) {
		free(c->sec[i].id);
		for (int p = 0; p < KK_COMMENT_NPART; p++)
			free(c->sec[i].block[p]);
	}
	free(c->sec);
	kk_arena_free(&c->text);
	free(c->path);
	free(c);
}

void
kk_commentary_check(const kk_commentary *c, const char *const *ids,
	size_t n)
{
	for (size_t i = 0; i < c->nsec; i++) {
		size_t j = 0;
		while (j < n && strcmp(ids[j], c->sec[i].id) != 0)
			j++;
		if (j == n)
			kk_warn_at(c->path, c->sec[i].line, 0, "section '%s' is "
			    "no area or sub-area of this evaluation: left out",
			    c->sec[i].id);
	}
	kk_buf missing = { 0 };
	for (size_t j = 0; j < n; j++)
		if (!find(c, ids[j])) {
			if (missing.len)
				kk_buf_str(&missing, ", ");
			kk_buf_str(&missing, ids[j]);
		}
	if (missing.len) {
		kk_buf_char(&missing, '\0');
		kk_warn("%s: no section for %s: the report shows their numbers "
		    "alone", c->path, missing.p);
	}
	kk_buf_free(&missing);
}

const kk_comment_block *
kk_commentary_part(const kk_commentary *c, const char *id,
	enum kk_comment_part p, size_t *n)
{
	const struct section *s = c ? find(c, id) : NULL;

	*n = s ? s->nblock[p] : 0;
	return s ? s->block[p] : NULL;
}
