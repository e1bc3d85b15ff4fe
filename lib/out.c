/*
 * Output that never leaves a partial file: write beside the destination
 * under a temporary name, rename over it only when complete.  Temporary
 * files still open at exit or on SIGINT/SIGTERM/SIGHUP are removed.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kk.h"

struct kk_out {
	char *path;        /* destination, NULL for stdout */
	char *tmp;         /* temporary beside it */
	bool direct;       /* a device or FIFO: written in place */
	bool held;         /* stdout, held in an unlinked temporary file
			      until the commit */
	FILE *fp;
	char *buf;         /* fp's buffer, freed after fclose */
	struct kk_out *next;
};

/* stdio's default buffer is a page: a 200 MB table then costs 50,000
 * write calls, most of its system time.  128 KiB measured best: a buffer
 * much larger than the L2 cache makes each write's copy miss (1 MiB
 * cost more system time than 4 KiB). */
enum { OUT_BUF = 1 << 17 };

/* Before the first write on fp.  Not for stdout, which may be a
 * terminal (line-buffered) or have been written to already. */
static void
set_buffer(kk_out *o)
{
	o->buf = kk_malloc(OUT_BUF);
	if (setvbuf(o->fp, o->buf, _IOFBF, OUT_BUF) != 0) {
		free(o->buf);
		o->buf = NULL;
	}
}

static struct kk_out *pending;   /* uncommitted outputs */
static bool hooks_set;

static void
remove_pending(void)
{
	for (struct kk_out *o = pending; o; o = o->next)
		if (o->tmp)
			unlink(o->tmp);
}

static void
on_signal(int sig)
{
	remove_pending();     /* unlink is async-signal-safe */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
set_hooks(void)
{
	if (hooks_set)
		return;
	hooks_set = true;
	atexit(remove_pending);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

kk_out *
kk_out_open(const char *path)
{
	kk_out *o = kk_calloc(1, sizeof *o);

	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return o;
	}
	/* A device or FIFO (/dev/full, /dev/stdout, a pipe) is written as it
	 * is: renaming a temporary over it would replace the device itself. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			kk_die("%s:", path);
		}
		o->fp = fopen(path, "w");
		if (!o->fp)
			kk_die("%s:", path);
		o->path = kk_strdup(path);
		o->direct = true;
		set_buffer(o);
		return o;
	}
	set_hooks();
	o->path = kk_strdup(path);
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	o->tmp = kk_malloc(n);
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path,
	    path + dirlen);
	int fd = mkstemp(o->tmp);
	if (fd < 0)
		kk_die("%s:", path);
	fchmod(fd, 0644);
	o->fp = fdopen(fd, "w");
	if (!o->fp)
		kk_die("%s:", path);
	set_buffer(o);
	o->next = pending;
	pending = o;
	return o;
}

kk_out *
kk_out_open_whole(const char *path)
{
	kk_out *o;
	const char *dir = getenv("TMPDIR");
	char *tmp;
	int fd;

	if ((path && strcmp(path, "-") != 0) || isatty(STDOUT_FILENO))
		return kk_out_open(path);
	o = kk_calloc(1, sizeof *o);
	tmp = kk_path_join(dir && *dir ? dir : "/tmp", "kompass-out.XXXXXX");
	fd = mkstemp(tmp);
	if (fd < 0)
		kk_die("%s:", tmp);
	unlink(tmp);
	free(tmp);
	o->fp = fdopen(fd, "w+");
	if (!o->fp)
		kk_die("temporary file:");
	o->held = true;
	set_buffer(o);
	return o;
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			kk_die("standard output: write error:");
		p += w;
		n -= (size_t)w;
	}
}

/* The held output, from its start, to standard output. */
static void
release(kk_out *o)
{
	char *buf = kk_malloc(OUT_BUF);
	int fd = fileno(o->fp);
	ssize_t n;

	if (fflush(o->fp) != 0 || ferror(o->fp) || lseek(fd, 0, SEEK_SET) != 0)
		kk_die("temporary file: write error:");
	fflush(stdout);
	while ((n = read(fd, buf, OUT_BUF)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			kk_die("temporary file: read error:");
		write_all(STDOUT_FILENO, buf, (size_t)n);
	}
	free(buf);
	fclose(o->fp);
	free(o->buf);
	free(o);
}

FILE *
kk_out_fp(kk_out *o)
{
	return o->fp;
}

const char *
kk_out_tmpname(const kk_out *o)
{
	return o->tmp;
}

static void
unlist(kk_out *o)
{
	for (struct kk_out **p = &pending; *p; p = &(*p)->next)
		if (*p == o) {
			*p = o->next;
			return;
		}
}

void
kk_out_commit(kk_out *o)
{
	const char *name = o->path ? o->path : "standard output";

	if (o->held) {
		release(o);
		return;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp))
		kk_die("%s: write error:", name);
	if (!o->path) {
		free(o);
		return;
	}
	if (!o->direct && fsync(fileno(o->fp)) != 0 && errno != EINVAL)
		kk_die("%s: write error:", name);
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		kk_die("%s: write error:", name);
	}
	free(o->buf);
	if (o->direct) {
		free(o->path);
		free(o);
		return;
	}
	if (rename(o->tmp, o->path) != 0)
		kk_die("%s:", o->path);
	unlist(o);
	free(o->tmp);
	free(o->path);
	free(o);
}

void
kk_mkdirs(const char *dir)
{
	char *p = kk_strdup(dir);

	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST)
				kk_die("%s:", p);
			*s = c;
			if (c == '\0')
				break;
		}
	}
	free(p);
}

/* ---- CSV writing ---------------------------------------------------- */

static bool
needs_quotes(const char *s, size_t n)
{
	/* one lookup per byte: every stage writes its cells through here */
	static const bool special[256] = { [','] = true, ['"'] = true,
		['\n'] = true, ['\r'] = true };

	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		return true;
	for (size_t i = 0; i < n; i++)
		if (special[(unsigned char)s[i]])
			return true;
	return false;
}

void
kk_csv_putn(FILE *fp, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		fwrite(s, 1, n, fp);
		return;
	}
	putc('"', fp);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

void
kk_csv_put(FILE *fp, const char *s)
{
	kk_csv_putn(fp, s, strlen(s));
}

void
kk_csv_put_num(FILE *fp, double v)
{
	char buf[32];

	if (v != v)
		return;
	fputs(kk_format_double(buf, v), fp);
}

void
kk_csv_put_nums(FILE *fp, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		kk_csv_sep(fp);
		kk_csv_put_num(fp, v[i]);
	}
}

/* ---- line buffers ----------------------------------------------------- */

char *
kk_buf_reserve(kk_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap)
		kk_grow((void **)&b->p, &b->cap, b->len + n + 1, 1);
	return b->p + b->len;
}

void
kk_buf_add(kk_buf *b, const char *s, size_t n)
{
	char *at = kk_buf_reserve(b, n);

	if (n > 0)                 /* s may be an empty buffer's NULL */
		memcpy(at, s, n);
	b->len += n;
}

void
kk_buf_str(kk_buf *b, const char *s)
{
	kk_buf_add(b, s, strlen(s));
}

void
kk_buf_csv(kk_buf *b, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		kk_buf_add(b, s, n);
		return;
	}
	kk_buf_char(b, '"');
	for (const char *q; (q = memchr(s, '"', n)) != NULL; ) {
		kk_buf_add(b, s, (size_t)(q - s) + 1);
		kk_buf_char(b, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	kk_buf_add(b, s, n);
	kk_buf_char(b, '"');
}

/* Copy the n bytes at s to d, each NUL made a comma, unless one of them
 * is one needs_quotes looks for (',', '"', CR, LF): then false, and d
 * holds garbage.  Eight bytes a step: a byte of x is zero iff its lane of
 * (x - 1s) & ~x & 0x80s is set (exact for "any"), and, with no carry
 * between lanes, iff its lane of ~(((x & 0x7fs) + 0x7fs) | x) & 0x80s is. */
static bool
copy_plain(char *d, const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7,
		low = ~high;
	const uint64_t sp[4] = { ones * ',', ones * '"', ones * '\r',
		ones * '\n' };
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, z = 0;

		memcpy(&w, s + i, 8);
		for (int k = 0; k < 4; k++)
			z |= ((w ^ sp[k]) - ones) & ~(w ^ sp[k]) & high;
		if (z)
			return false;
		w |= ((~(((w & low) + low) | w) & high) >> 7) * ',';
		memcpy(d + i, &w, 8);
	}
	for (; i < n; i++) {
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return false;
		d[i] = s[i] ? s[i] : ',';
	}
	return true;
}

bool
kk_buf_csv_plain(kk_buf *b, char *const *field, const size_t *len, size_t n)
{
	size_t span;

	if (n == 0)
		return true;
	/* one after another, and no blank at an end (needs_quotes's other
	 * rule) */
	for (size_t k = 0; k < n; k++) {
		const char *f = field[k];

		if ((k > 0 && f != field[k - 1] + len[k - 1] + 1) ||
		    (len[k] > 0 && (f[0] == ' ' || f[len[k] - 1] == ' ')))
			return false;
	}
	span = (size_t)(field[n - 1] + len[n - 1] - field[0]) + 1;
	if (!copy_plain(kk_buf_reserve(b, span), field[0], span))
		return false;
	b->len += span;
	return true;
}

void
kk_buf_num(kk_buf *b, double v)
{
	char tmp[32];

	if (v == v)
		kk_buf_str(b, kk_format_double(tmp, v));
}

void
kk_buf_free(kk_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
