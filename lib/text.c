/* UTF-8 helpers: validation, and folding for header/name matching. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

/* Decode one UTF-8 sequence at s (len > 0); returns its length, or 0 if
 * invalid (overlong, surrogate, out of range, truncated). */
static size_t
utf8_decode(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned long c;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

bool
kk_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned long cp;

	while (i < len) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_decode(u + i, len - i, &cp)) == 0)
			return false;
		i += n;
	}
	return true;
}

/* Latin-1 supplement U+00C0..U+00FF and Latin Extended-A U+0100..U+017F
 * folded to ASCII base letters; '*' marks a non-letter (separator). */
static const char latin1_fold[] =
	"aaaaaaeceeeeiiiidnooooo*ouuuuyts"   /* C0..DF (C6 ae, DE th, DF ss) */
	"aaaaaaeceeeeiiiidnooooo*ouuuuyty";  /* E0..FF */
static const char latinA_fold[] =
	"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
	"iiiiiiiiiiii" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooooo"
	"rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(sizeof latin1_fold == 65, "latin1 table");
static_assert(sizeof latinA_fold == 129, "latin extended-A table");

/* Append the folded form of cp; returns false for a separator. */
static bool
fold_cp(unsigned long cp, char *out, size_t *o)
{
	char c = 0;

	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
		c = (char)cp;
	else if (cp >= 'A' && cp <= 'Z')
		c = (char)(cp - 'A' + 'a');
	else if (cp == 0xC6 || cp == 0xE6) {      /* æ */
		out[(*o)++] = 'a';
		c = 'e';
	} else if (cp == 0xDF) {                  /* ß */
		out[(*o)++] = 's';
		c = 's';
	} else if (cp >= 0xC0 && cp <= 0xFF)
		c = latin1_fold[cp - 0xC0];
	else if (cp >= 0x100 && cp <= 0x17F)
		c = latinA_fold[cp - 0x100];
	if (c == 0 || c == '*')
		return false;
	out[(*o)++] = c;
	return true;
}

char *
kk_fold(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0, n;
	char *out = kk_malloc(2 * len + 1);
	bool sep = false;
	unsigned long cp;

	while (i < len) {
		n = utf8_decode(u + i, len - i, &cp);
		if (n == 0) {
			n = 1;
			cp = 0xFFFD;
		}
		i += n;
		size_t before = o;
		if (sep && o > 0)
			out[o++] = '_';
		if (fold_cp(cp, out, &o)) {
			sep = false;
		} else {
			o = before;
			sep = true;
		}
	}
	out[o] = '\0';
	return out;
}

/* ---- kept text ------------------------------------------------------------ */

struct kk_block {
	struct kk_block *next;
	char text[];
};

char *
kk_arena_alloc(kk_arena *a, size_t n)
{
	if (!a->blocks || n > a->left) {
		size_t size = a->total < (32 << 20) ? a->total : 32 << 20;
		struct kk_block *b;

		if (size < (1 << 20))
			size = 1 << 20;
		if (size < n)
			size = n;
		b = kk_malloc(sizeof *b + size);
		b->next = a->blocks;
		a->blocks = b;
		a->left = size;
		a->total += size;
	}
	a->left -= n;
	return a->blocks->text + a->left;
}

const char *
kk_arena_strdup(kk_arena *a, const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(kk_arena_alloc(a, n), s, n);
}

void
kk_arena_free(kk_arena *a)
{
	struct kk_block *b;

	while ((b = a->blocks) != NULL) {
		a->blocks = b->next;
		free(b);
	}
	a->left = 0;
	a->total = 0;
}
