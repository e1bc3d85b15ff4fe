/* Error reporting and allocation that cannot fail silently. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

const char *kk_prog = "kompass";

void
kk_set_prog(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0)
		kk_prog = slash ? slash + 1 : argv0;
}

/* A trailing ':' in fmt asks for the errno text, as in sbase's eprintf. */
static void
vmsg(const char *file, long line, long col, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", kk_prog);
	if (file) {
		fprintf(stderr, "%s:", file);
		if (line > 0)
			fprintf(stderr, "%ld:", line);
		if (line > 0 && col > 0)
			fprintf(stderr, "%ld:", col);
		fputc(' ', stderr);
	}
	vfprintf(stderr, fmt, ap);
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

void *
kk_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		kk_die("out of memory (%zu bytes)", n);
	return p;
}

void *
kk_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		kk_die("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
kk_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		kk_die("out of memory (%zu bytes)", n);
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
	*p = kk_realloc(*p, c * elsz);
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
