/* Error reporting and allocation that cannot fail silently. */
#define _DEFAULT_SOURCE         /* madvise */
#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>             /* mallopt */
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kk.h"

const char *kk_prog = "kompass";

void
kk_set_prog(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0)
		kk_prog = slash ? slash + 1 : argv0;
}

void
kk_fputs_safe(const char *s, FILE *fp)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			putc(c, fp);
	}
}

/* A trailing ':' in fmt asks for the errno text, as in sbase's eprintf.
 * Messages quote data (names, cells, file names): control characters in
 * them are escaped, so that data can neither forge a line of its own nor
 * drive the terminal. */
static void
vmsg(const char *file, long line, long col, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	va_list copy;
	char *text;
	int len;

	fflush(stdout);
	fprintf(stderr, "%s: ", kk_prog);
	if (file) {
		kk_fputs_safe(file, stderr);
		fputc(':', stderr);
		if (line > 0)
			fprintf(stderr, "%ld:", line);
		if (line > 0 && col > 0)
			fprintf(stderr, "%ld:", col);
		fputc(' ', stderr);
	}
	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len >= 0 && (text = malloc((size_t)len + 1)) != NULL) {
		vsnprintf(text, (size_t)len + 1, fmt, ap);
		kk_fputs_safe(text, stderr);
		free(text);
	} else {
		vfprintf(stderr, fmt, ap);
	}
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
kk_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

void
kk_die_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, col, fmt, ap);
	va_end(ap);
	exit(1);
}

void
kk_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help'.\n", kk_prog);
	exit(2);
}

void
kk_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void
kk_warn_at(const char *file, long line, long col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, col, fmt, ap);
	va_end(ap);
}

/*
 * A large table (a million rows of scores, their order, the changes
 * between evaluations) is written once, page by page, and each first
 * touch of a 4 KiB page is a fault into the kernel: on a large panel a
 * tenth of kk-stats' time.  Where the kernel leaves transparent huge
 * pages to the program's choice, ask for them on the 2 MiB-aligned
 * interior of such a block: a fault then maps 512 pages at once.  Only
 * advice: without it (or on another system) nothing changes but speed.
 */
enum { HUGE_MIN = 4 << 20, HUGE_ALIGN = 2 << 20 };

static void
advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = ((uintptr_t)p + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1);
	uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_ALIGN - 1);

	if (n >= HUGE_MIN && e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)n;
#endif
}

/* The stages that hold a whole file allocate and free blocks of
 * megabytes over and over: kk-stats a cell's sample, pairs, ranks and
 * sort space, before the next cell; kk-model a design's columns;
 * kk-normalise and kk-size the tables they grow by doubling.  glibc maps
 * a block that large afresh and unmaps it on free, or gives the top of
 * the heap back once a few megabytes are free there, so each new block
 * touched new pages, which the kernel zeroes first (a tenth of kk-stats'
 * run).  Blocks up to 1 GiB now come from the heap, whose top is kept,
 * so a freed block serves the next; memory goes back at exit. */
void
kk_malloc_keep(void)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	(void)mallopt(M_MMAP_THRESHOLD, 1 << 30);
	(void)mallopt(M_TRIM_THRESHOLD, INT_MAX);
#endif
}

void *
kk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		kk_die("out of memory (%zu bytes)", n);
	advise_huge(p, n);
	return p;
}

void *
kk_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		kk_die("out of memory (%zu x %zu bytes)", n, size);
	if (size && n <= (size_t)-1 / size)
		advise_huge(p, n * size);
	return p;
}

void *
kk_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		kk_die("out of memory (%zu bytes)", n);
	advise_huge(q, n);
	return q;
}

void
kk_grow(void **p, size_t *cap, size_t need, size_t elsz)
{
	size_t c = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (c < need) {
		if (c > ((size_t)-1 / 2) / elsz)
			kk_die("out of memory (table too large)");
		c *= 2;
	}
	if (c * elsz >= HUGE_MIN && *p) {
		/* copied into a block advised before the copy touches it
		 * (realloc would copy first) */
		void *q = kk_malloc(c * elsz);
		memcpy(q, *p, *cap * elsz);
		free(*p);
		*p = q;
	} else {
		*p = kk_realloc(*p, c * elsz);
	}
	*cap = c;
}

char *
kk_strdup(const char *s)
{
	return kk_strndup(s, strlen(s));
}

char *
kk_strndup(const char *s, size_t n)
{
	char *d = kk_malloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
kk_vasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		kk_die("vsnprintf:");
	s = kk_malloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
kk_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = kk_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *
kk_path_join(const char *dir, const char *file)
{
	return kk_asprintf("%s/%s", dir, file);
}
