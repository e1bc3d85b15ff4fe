/*
 * CSV reading on libcsv, with what libcsv does not do: dialect and encoding
 * detection, BOM removal, physical line numbers, field numbers, and clear
 * messages for malformed files.
 *
 * How positions are kept: we hand libcsv one physical line at a time (a
 * piece of input ending in LF, or the end of the buffer), so every field
 * and record libcsv reports was completed on the line just fed.  A record
 * starts on the first line fed while no record was open that holds more
 * than blanks and a line break (libcsv skips such a line).
 *
 * A whole line without a quote character, begun outside any record, is
 * split by the reader itself (split_line): libcsv's per-byte state
 * machine is most of the cost of reading, and on such a line its result
 * is simply the line cut at each delimiter, each piece trimmed of blanks.
 * Lines with quotes, and the line a read ends in, still go to libcsv.
 *
 * What spreadsheets add is taken away before parsing: a byte-order mark,
 * Excel's "sep=;" first line (it names the delimiter and is no data), and
 * UTF-16 ("Unicode text"), which is decoded to UTF-8 in memory.  Rows
 * whose fields are all empty (";;;;", a spreadsheet's unused rows) are
 * blank lines, counted and skipped as libcsv skips an empty line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "kk.h"

enum { CHUNK = 1 << 18 };

/* Test-only tuning (kk_csv_tune): read size, and the split_line path. */
static size_t tune_chunk;
static bool tune_no_split;

void
kk_csv_tune(size_t chunk, bool split)
{
	tune_chunk = chunk;
	tune_no_split = !split;
}

struct qrec {              /* a completed record waiting to be returned */
	size_t first, n;   /* its fields: foff[first .. first+n) */
	long line;
	bool clean;        /* split_line saw no NUL and no 0xEF byte */
};

/* The encoding check of the bytes read so far (scan_chunk): a sequence
 * that a read cut short, and the offset of the chunk being checked. */
struct scan {
	unsigned char carry[4];
	size_t ncarry;
	unsigned long long base;
	/* to place an error without reading the input again (a pipe
	 * cannot be): the chunk being checked, the line and byte column of
	 * its first byte, and those of the first byte that is not UTF-8 */
	const char *chunk;
	long line, col, inv_line, inv_col;
	bool after_cr;             /* the chunk before ended in CR */
};

/* The encoding's refusals. */
#define MIXED "mixed encodings: this byte is not UTF-8, but the file has " \
	"UTF-8 text elsewhere; save it in one encoding (or give --encoding)"
#define NOT_UTF8 "invalid UTF-8 (try --encoding windows-1252)"
#define NOT_CP1252 "neither UTF-8 nor Windows-1252 text (byte column %ld)"

struct kk_csv {
	char *name;
	kk_csv_options opt;
	enum kk_encoding enc;
	char delim;

	int fd;                    /* -1 for memory input */
	/* a pipe is read once: what prepare reads to sniff the dialect is
	 * kept in pre, and read again from there */
	bool pipe, recording;
	char *pre;
	size_t prelen, precap, prepos;
	const char *mem;
	size_t memlen, mempos;
	char *decoded;             /* UTF-16 input as UTF-8 (mem points here) */
	char utf16;                /* 'L' or 'B': the input was UTF-16 */
	bool bom;                  /* a UTF-8 byte-order mark is skipped */
	long sep_line;             /* 1 if line 1 is "sep=X", else 0 */
	size_t skip;               /* bytes before the header: BOM, sep line */
	size_t dcount[3];          /* ';' TAB ',' on the header line */
	unsigned long long invalid; /* 1 + offset of the first byte that is
				       not UTF-8 (0: all valid) */
	struct scan scan;          /* the encoding, checked while reading */
	long blank;                /* blank lines and all-empty rows */
	bool given_delim;          /* by the caller, not by a sep line */
	char *buf;                 /* read buffer (fd input) */
	size_t buflen, bufpos, chunk;
	bool eof, fini_done;
	bool split;                /* split_line allowed (kk_csv_tune) */
	unsigned char cls[256];    /* split_line: STOP and BLANK bytes */

	char *dec;                 /* Windows-1252 -> UTF-8 */
	char held[4];              /* see pump */
	size_t nheld;
	char *joined;
	size_t joincap;
	size_t deccap;

	struct csv_parser p;
	bool parser_ready;
	long line;                 /* physical line of the next byte fed */
	bool in_record, cr_pending;
	long rec_line;

	char *arena;               /* field bytes, NUL-terminated */
	size_t alen, acap;
	size_t *foff, *flen;       /* per field */
	size_t nf, fcap;
	size_t cur_first;          /* first field of the open record */

	struct qrec *q;
	size_t qhead, qtail, qcap;

	long header_n;             /* fields in the header, -1 before it */
	kk_record rec;
	size_t rcap;

	char *err;
	long errline, errcol;
};

static int
fail(kk_csv *c, long line, long col, const char *fmt, ...)
{
	va_list ap;
	char tmp[1];
	int n;

	if (c->err)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	c->err = kk_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(c->err, (size_t)n + 1, fmt, ap);
	va_end(ap);
	c->errline = line;
	c->errcol = col;
	return -1;
}

/* ---- libcsv callbacks ------------------------------------------------- */

/* Room for n more fields in foff and flen, which grow together. */
static void
reserve_fields(kk_csv *c, size_t n)
{
	if (c->nf + n > c->fcap) {
		kk_grow((void **)&c->foff, &c->fcap, c->nf + n, sizeof *c->foff);
		c->flen = kk_realloc(c->flen, c->fcap * sizeof *c->flen);
	}
}

static void
add_field(kk_csv *c, size_t off, size_t len)
{
	reserve_fields(c, 1);
	c->foff[c->nf] = off;
	c->flen[c->nf] = len;
	c->nf++;
}

static void
on_field(void *s, size_t len, void *data)
{
	kk_csv *c = data;

	if (c->alen + len + 1 > c->acap)
		kk_grow((void **)&c->arena, &c->acap, c->alen + len + 1, 1);
	if (len)
		memcpy(c->arena + c->alen, s, len);
	c->arena[c->alen + len] = '\0';
	add_field(c, c->alen, len);
	c->alen += len + 1;
}

static void
on_record(int term, void *data)
{
	kk_csv *c = data;

	(void)term;
	kk_grow((void **)&c->q, &c->qcap, c->qtail + 1, sizeof *c->q);
	c->q[c->qtail++] = (struct qrec){ c->cur_first, c->nf - c->cur_first,
		c->rec_line, false };
	c->cur_first = c->nf;
	c->in_record = false;
}

static int
space_only(unsigned char ch)
{
	return ch == ' ';
}

/* ---- input ------------------------------------------------------------ */

/* Next piece of raw input; false at end of input or on a read error. */
static bool
next_chunk(kk_csv *c, const char **p, size_t *n)
{
	if (c->fd < 0) {
		if (c->mempos >= c->memlen)
			return false;
		*p = c->mem + c->mempos;
		*n = c->memlen - c->mempos;
		if (tune_chunk > 0 && *n > tune_chunk)
			*n = tune_chunk;
		c->mempos += *n;
		return true;
	}
	if (c->pipe && c->prepos < c->prelen) {
		*p = c->pre + c->prepos;
		*n = c->prelen - c->prepos;
		c->prepos = c->prelen;
		return true;
	}
	for (;;) {
		ssize_t r = read(c->fd, c->buf, c->chunk);
		if (r > 0) {
			*p = c->buf;
			*n = (size_t)r;
			if (c->recording) {
				kk_grow((void **)&c->pre, &c->precap,
				    c->prelen + *n, 1);
				memcpy(c->pre + c->prelen, c->buf, *n);
				c->prelen += *n;
				c->prepos = c->prelen;
			}
			return true;
		}
		if (r == 0)
			return false;
		if (errno != EINTR) {
			fail(c, 0, 0, "read error: %s", strerror(errno));
			return false;
		}
	}
}

static bool
rewind_input(kk_csv *c)
{
	if (c->fd < 0) {
		c->mempos = 0;
		return true;
	}
	if (c->pipe) {
		if (!c->recording) {
			fail(c, 0, 0, "cannot read a pipe again");
			return false;
		}
		c->prepos = 0;
		return true;
	}
	if (lseek(c->fd, 0, SEEK_SET) != 0) {
		fail(c, 0, 0, "cannot rewind: %s", strerror(errno));
		return false;
	}
	return true;
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static bool
cp1252_undefined(unsigned char b)
{
	return b >= 0x80 && b <= 0x9F && cp1252_hi[b - 0x80] == 0;
}

/* Line and byte column of offset off in the chunk being checked, or
 * (a sequence a read cut short, none of its bytes a line break) just
 * before it.  A line ends at LF, CRLF or a lone CR, as the parser has
 * it. */
static void
scan_where(const struct scan *s, unsigned long long off, long *line,
	long *col)
{
	*line = s->line;
	*col = s->col;
	if (off < s->base) {
		*col -= (long)(s->base - off);
		return;
	}
	for (unsigned long long i = 0; i < off - s->base; i++) {
		char ch = s->chunk[i];
		if (i == 0 && ch == '\n' && s->after_cr)
			continue;       /* the LF of a CRLF counted at its CR */
		if (ch == '\n' || (ch == '\r' && s->chunk[i + 1] != '\n'))
			++*line, *col = 1;
		else
			++*col;
	}
}

/* The line where the chunk just checked ends (its bytes up to the last,
 * which scan_where does not count: a CR there ends its line whatever
 * follows). */
static long
scan_line_after(const struct scan *s, size_t n)
{
	long line, col;

	if (n == 0)
		return s->line;
	scan_where(s, s->base + n - 1, &line, &col);
	return line + (s->chunk[n - 1] == '\n' || s->chunk[n - 1] == '\r');
}

/* Fail with msg at the byte at offset off, in the chunk being checked
 * or, for the first byte that is not UTF-8, wherever it was.  msg is
 * one of the three above (a format given the byte column). */
static int
fail_at_byte(kk_csv *c, unsigned long long off, const char *msg)
{
	long line, col;

	if (off == c->invalid - 1) {
		line = c->scan.inv_line;
		col = c->scan.inv_col;
	} else {
		scan_where(&c->scan, off, &line, &col);
	}
	return fail(c, line, col, msg, col);
}

/* A byte at offset off that does not begin a UTF-8 sequence. */
static int
scan_invalid(kk_csv *c, unsigned long long off, unsigned char b)
{
	if (c->invalid == 0) {
		c->invalid = off + 1;
		scan_where(&c->scan, off, &c->scan.inv_line, &c->scan.inv_col);
	}
	if (c->opt.encoding == KK_ENC_UTF8)
		return fail_at_byte(c, c->invalid - 1, NOT_UTF8);
	if (c->enc == KK_ENC_UTF8)      /* auto, after a UTF-8 letter */
		return fail_at_byte(c, c->invalid - 1, MIXED);
	c->enc = KK_ENC_CP1252;
	if (cp1252_undefined(b))
		return fail_at_byte(c, off, NOT_CP1252);
	return 0;
}

/* A UTF-8 letter: decides an undecided file, and is refused in one
 * already read as Windows-1252 because of an earlier byte. */
static int
scan_letter(kk_csv *c)
{
	if (c->enc == KK_ENC_AUTO)
		c->enc = KK_ENC_UTF8;
	else if (c->enc == KK_ENC_CP1252 && c->opt.encoding == KK_ENC_AUTO)
		return fail_at_byte(c, c->invalid - 1, MIXED);
	return 0;
}

/* Whether the last n bytes of a read can begin a UTF-8 sequence that
 * the read cut short: a lead byte and continuation bytes only.  Anything
 * else is refused (or read as Windows-1252) now, before its row is
 * parsed. */
static bool
cut_short(const unsigned char *u, size_t n)
{
	if (u[0] < 0xC2 || u[0] > 0xF4)
		return false;
	for (size_t i = 1; i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			return false;
	return true;
}

/* Check the encoding of the next n bytes read, before they are parsed:
 * until its first byte outside ASCII a file reads the same as UTF-8 and
 * as Windows-1252, and that byte (a UTF-8 letter or not) decides it, so
 * each file is read once.  A file is UTF-8 if every byte is; else
 * Windows-1252, unless it also holds a UTF-8 letter (two encodings, as
 * in a file edited in both: reading it as Windows-1252 would turn
 * "Røros" into "RÃ¸ros") or a byte undefined there.  A refusal comes
 * when the reader reaches the byte, after the rows before it.  ASCII,
 * the bulk of any export, is skipped eight bytes at a time. */
static int
scan_chunk(kk_csv *c, const char *p, size_t n, long line)
{
	struct scan *s = &c->scan;
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	s->chunk = p;
	s->line = line;
	/* a sequence split across reads: check it whole */
	while (s->ncarry > 0 && i < n) {
		s->carry[s->ncarry++] = u[i++];
		if (kk_utf8_valid((char *)s->carry, s->ncarry)) {
			s->ncarry = 0;
			if (scan_letter(c) < 0)
				return -1;
		} else if (s->ncarry == 4 || (s->carry[1] & 0xC0) != 0x80) {
			s->ncarry = 0;
			if (scan_invalid(c, s->base - 1, 0) < 0)
				return -1;
		}
	}
	while (i < n) {
		unsigned long long w;
		if (i + 8 <= n) {
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		unsigned char b = u[i];
		if (b < 0x80) {
			i++;
			continue;
		}
		size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
		if (b >= 0xC2 && b <= 0xDF && i + 1 < n &&
		    (u[i + 1] & 0xC0) == 0x80) {
			need = 2;       /* å, ø, ö: plainly valid, no call */
		} else if (i + need > n && cut_short(u + i, n - i)) {
			s->ncarry = n - i;
			memcpy(s->carry, u + i, s->ncarry);
			break;
		} else if (i + need > n ||
		    !kk_utf8_valid((const char *)u + i, need)) {
			if (scan_invalid(c, s->base + i, b) < 0)
				return -1;
			i++;
			continue;
		}
		if (scan_letter(c) < 0)
			return -1;
		i += need;
	}
	return 0;
}

/* Past the n bytes just checked: the byte column where the next chunk
 * starts, and its offset. */
static void
scan_next(struct scan *s, size_t n)
{
	size_t i;

	for (i = n; i > 0 && s->chunk[i - 1] != '\n' &&
	    s->chunk[i - 1] != '\r'; i--)
		;
	s->col = i > 0 ? (long)(n - i) + 1 : s->col + (long)n;
	s->after_cr = n > 0 && s->chunk[n - 1] == '\r';
	s->base += n;
}

/* At the end of the input: a sequence cut short by it. */
static int
scan_end(kk_csv *c)
{
	struct scan *s = &c->scan;
	unsigned long long off = s->base - s->ncarry;

	if (s->ncarry == 0)
		return 0;
	s->ncarry = 0;
	return scan_invalid(c, off, 0);
}

/* The verdict on the whole file before any row is read, for
 * kk_csv_describe: scan_chunk over all of it, then back to the start,
 * where the rows are checked again on their way.  A file of ASCII alone
 * is UTF-8. */
static bool
scan_all(kk_csv *c)
{
	const char *p;
	size_t n;
	long line = 1;

	/* nothing is parsed here, so the scan counts the lines itself */
	while (next_chunk(c, &p, &n)) {
		if (scan_chunk(c, p, n, line) < 0)
			return false;
		line = scan_line_after(&c->scan, n);
		scan_next(&c->scan, n);
	}
	if (c->err || scan_end(c) < 0)
		return false;
	c->scan = (struct scan){ .col = 1, .inv_line = c->scan.inv_line,
	    .inv_col = c->scan.inv_col };
	if (c->enc == KK_ENC_AUTO)
		c->enc = KK_ENC_UTF8;
	return rewind_input(c);
}

/* Count delimiters outside quotes on the first line; the most frequent of
 * ';', TAB and ',' wins (ties in that order: ';' is the Nordic default). */
static bool
sniff_delimiter(kk_csv *c)
{
	const char *cands = ";\t,";
	size_t count[3] = { 0, 0, 0 };
	bool quoted = false, done = false;
	const char *p;
	size_t n;

	while (!done && next_chunk(c, &p, &n)) {
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '"')
				quoted = !quoted;
			else if (!quoted && (p[i] == '\n' || p[i] == '\r')) {
				done = true;
				break;
			} else if (!quoted) {
				const char *k = memchr(cands, p[i], 3);
				if (k && p[i])
					count[k - cands]++;
			}
		}
	}
	int best = 0;
	for (int k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = k;
	memcpy(c->dcount, count, sizeof count);
	c->delim = count[best] ? cands[best] : ',';
	return c->err == NULL && rewind_input(c);
}

/* ---- what spreadsheets add ---------------------------------------------- */

/* The first bytes of the input (at most n), then back to the start. */
static size_t
peek(kk_csv *c, char *buf, size_t n)
{
	size_t got = 0, k;
	const char *p;

	while (got < n && next_chunk(c, &p, &k)) {
		if (k > n - got)
			k = n - got;
		memcpy(buf + got, p, k);
		got += k;
	}
	return c->err || !rewind_input(c) ? 0 : got;
}

static void
put_utf8(kk_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	kk_buf_add(b, u, n);
}

/* UTF-16 (Excel's "Unicode text"), its byte-order mark first: decode
 * the whole input to UTF-8 in memory, to be read from there like any
 * UTF-8 file.  Positions in errors count characters. */
static bool
decode_utf16(kk_csv *c, bool le)
{
	c->recording = false;   /* the whole input is kept as UTF-8 */
	kk_buf out = { 0 };
	unsigned char odd = 0;
	bool have_odd = false;
	unsigned hi = 0;
	unsigned long long units = 0;
	long line = 1, col = 0;
	const char *p;
	size_t n;

	while (next_chunk(c, &p, &n)) {
		const unsigned char *u = (const unsigned char *)p;
		size_t i = 0;
		for (;;) {
			unsigned char b0, b1;
			if (have_odd) {
				if (i >= n)
					break;
				b0 = odd, b1 = u[i++], have_odd = false;
			} else if (i + 1 < n) {
				b0 = u[i], b1 = u[i + 1], i += 2;
			} else {
				if (i < n)
					odd = u[i], have_odd = true;
				break;
			}
			unsigned w = le ? (unsigned)(b0 | b1 << 8) :
			    (unsigned)(b0 << 8 | b1);
			if (units++ == 0)
				continue;                /* the byte-order mark */
			if (hi) {
				if (w < 0xDC00 || w > 0xDFFF)
					goto unpaired;
				w = 0x10000 + ((hi - 0xD800) << 10) + (w - 0xDC00);
				hi = 0;
			} else if (w >= 0xD800 && w <= 0xDBFF) {
				hi = w;
				continue;
			} else if (w >= 0xDC00 && w <= 0xDFFF) {
				goto unpaired;
			}
			put_utf8(&out, w);
			if (w == '\n')
				line++, col = 0;
			else
				col++;
		}
	}
	if (c->err)
		goto failed;
	if (have_odd || hi) {
		fail(c, line, col + 1, "UTF-16 text ends inside a character "
		    "(a file cut short?)");
		goto failed;
	}
	close(c->fd);
	c->fd = -1;
	c->decoded = out.p;
	c->mem = out.p ? out.p : "";
	c->memlen = out.len;
	c->mempos = 0;
	c->utf16 = le ? 'L' : 'B';
	return true;
unpaired:
	fail(c, line, col + 1, "invalid UTF-16: a lone surrogate");
failed:
	kk_buf_free(&out);
	return false;
}

/* Excel's first line "sep=;" names the delimiter and is no data; a
 * spreadsheet that read it as a row may have quoted it or padded it
 * with delimiters ("sep=;;;;").  Its length with the line break, or 0. */
static size_t
sep_line(const char *s, size_t n, bool at_end, char *delim)
{
	size_t i = 0;
	bool quoted = n > 0 && s[0] == '"';
	char d;

	i = quoted;
	if (n - i < 5 || strncasecmp(s + i, "sep=", 4) != 0)
		return 0;
	i += 4;
	d = s[i++];
	if (d == '"' || d == '\r' || d == '\n' || d == ' ' || d == '\0' ||
	    (unsigned char)d >= 0x80)
		return 0;
	if (quoted && (i >= n || s[i++] != '"'))
		return 0;
	while (i < n && s[i] == d)
		i++;
	if (i == n)
		return at_end ? (*delim = d, i) : 0;
	if (s[i] == '\r')
		i++;
	if (i < n && s[i] == '\n')
		i++;
	else if (s[i - 1] != '\r')
		return 0;
	*delim = d;
	return i;
}

/* What comes before the header: a UTF-8 byte-order mark (in a UTF-8
 * file), then maybe a "sep=" line; and whether the input is UTF-16. */
static bool
sniff_start(kk_csv *c, bool utf16_only)
{
	char buf[8192], d;
	size_t n = peek(c, buf, sizeof buf), k;

	if (c->err)
		return false;
	if (utf16_only) {
		if (n >= 2 && (unsigned char)buf[0] == 0xFF &&
		    (unsigned char)buf[1] == 0xFE)
			return decode_utf16(c, true);
		if (n >= 2 && (unsigned char)buf[0] == 0xFE &&
		    (unsigned char)buf[1] == 0xFF)
			return decode_utf16(c, false);
		return true;
	}
	c->bom = (c->enc == KK_ENC_UTF8 || c->enc == KK_ENC_AUTO) && n >= 3 &&
	    memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
	c->skip = c->bom ? 3 : 0;
	k = sep_line(buf + c->skip, n - c->skip, n < sizeof buf, &d);
	if (k > 0) {
		c->skip += k;
		c->sep_line = 1;
		if (!c->opt.delimiter)
			c->opt.delimiter = d;
	}
	return true;
}

/* ---- feeding libcsv ----------------------------------------------------- */

static size_t
to_utf8(kk_csv *c, const char *p, size_t n, const char **out)
{
	size_t o = 0;

	kk_grow((void **)&c->dec, &c->deccap, 3 * n + 1, 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p[i];
		unsigned cp = b;
		if (b >= 0x80 && b <= 0x9F && c->enc == KK_ENC_CP1252)
			cp = cp1252_hi[b - 0x80] ? cp1252_hi[b - 0x80] : 0xFFFD;
		if (cp < 0x80) {
			c->dec[o++] = (char)cp;
		} else if (cp < 0x800) {
			c->dec[o++] = (char)(0xC0 | (cp >> 6));
			c->dec[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			c->dec[o++] = (char)(0xE0 | (cp >> 12));
			c->dec[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			c->dec[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	*out = c->dec;
	return o;
}

/* Byte classes for split_line.  STOP ends a scan: the delimiter, or a
 * NUL or 0xEF byte (check_record must look at those fields).  BLANK is
 * what libcsv trims around an unquoted field: space and TAB (only space
 * in a TAB-separated file, see prepare), never the delimiter. */
enum { STOP = 1, BLANK = 2 };

static void
set_classes(kk_csv *c)
{
	c->cls[' '] = c->cls['\t'] = BLANK;
	c->cls['\0'] = c->cls[0xEF] = STOP;
	c->cls[(unsigned char)c->delim] = STOP;
}

static inline bool
is_blank(const kk_csv *c, char ch)
{
	return c->cls[(unsigned char)ch] & BLANK;
}

/* Blanks and line breaks only: libcsv opens no record for them. */
static bool
only_blanks(const kk_csv *c, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '\r' && p[i] != '\n' && !is_blank(c, p[i]))
			return false;
	return true;
}

/* Feed one piece that lies within a single physical line; ends says
 * whether it ends that line (a blank line is then counted). */
static int
feed_line(kk_csv *c, const char *p, size_t n, bool ends)
{
	if (c->enc == KK_ENC_CP1252 || c->enc == KK_ENC_LATIN1)
		n = to_utf8(c, p, n, &p);
	if (!c->in_record) {
		if (!only_blanks(c, p, n)) {
			c->in_record = true;
			c->rec_line = c->line;
		} else if (ends) {
			c->blank++;
		}
	}
	if (csv_parse(&c->p, p, n, on_field, on_record, c) != n)
		return fail(c, c->line, (long)(c->nf - c->cur_first) + 1,
		    "stray quote: a field holding '\"' must be quoted as a whole,"
		    " with inner quotes doubled");
	return 0;
}

/* A whole line (p, n bytes with its line break) holding no quote, fed
 * while no record is open: make the record libcsv would make of it,
 * without libcsv.  libcsv (CSV_STRICT, unquoted fields) skips blanks
 * before a field, drops them after it, ends a field at the delimiter and
 * the record at CR or LF, and makes no record of a line of blanks. */
static void
split_line(kk_csv *c, const char *p, size_t n)
{
	size_t len = n, i = 0, first = c->nf;
	bool clean = true;
	char *a;

	if (c->enc == KK_ENC_CP1252 || c->enc == KK_ENC_LATIN1)
		len = to_utf8(c, p, n, &p);
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	while (i < len && is_blank(c, p[i]))
		i++;
	if (i == len) {
		c->blank++;
		return;
	}
	/* the fields' bytes and a NUL for each fit in len + 1: every
	 * delimiter gives way to a NUL */
	if (c->alen + len + 1 > c->acap)
		kk_grow((void **)&c->arena, &c->acap, c->alen + len + 1, 1);
	a = c->arena + c->alen;
	memcpy(a, p, len);
	a[len] = c->delim;                  /* stops the last field */
	reserve_fields(c, len + 1);         /* at most len + 1 fields */
	for (size_t s = 0;; ) {
		size_t e = s, fs, fe;
		for (;; e++) {
			while (!(c->cls[(unsigned char)a[e]] & STOP))
				e++;
			if (a[e] == c->delim)
				break;
			clean = false;      /* check_record looks closer */
		}
		for (fs = s; fs < e && is_blank(c, a[fs]); fs++)
			;
		for (fe = e; fe > fs && is_blank(c, a[fe - 1]); fe--)
			;
		a[fe] = '\0';
		c->foff[c->nf] = c->alen + fs;
		c->flen[c->nf++] = fe - fs;
		if (e == len)
			break;
		s = e + 1;
	}
	c->alen += len + 1;
	if (c->qtail == c->qcap)
		kk_grow((void **)&c->q, &c->qcap, c->qtail + 1, sizeof *c->q);
	c->q[c->qtail++] = (struct qrec){ first, c->nf - first, c->line, clean };
	c->cur_first = c->nf;
}

/* First ch at or after p before end (end if none), cached in *at for the
 * lines after p in the same chunk. */
static const char *
next_of(const char **at, const char *p, const char *end, char ch)
{
	if (*at == NULL || *at < p) {
		*at = memchr(p, ch, (size_t)(end - p));
		if (*at == NULL)
			*at = end;
	}
	return *at;
}

static int feed_chunk(kk_csv *c, const char *p, size_t n);

/* Parse the next chunk of input; at its end, finish the parser.  While
 * the encoding is still to be found, a sequence that the read cut short
 * is held back, to be parsed with the next read once it has decided. */
static int
pump(kk_csv *c)
{
	const char *p;
	char held[4];
	size_t n;

	if (c->fini_done)
		return 0;
	if (!next_chunk(c, &p, &n)) {
		if (c->err || (c->enc != KK_ENC_LATIN1 && scan_end(c) < 0))
			return -1;
		memcpy(held, c->held, n = c->nheld);
		c->nheld = 0;
		if (n > 0 && feed_chunk(c, held, n) < 0)
			return -1;
		c->fini_done = true;
		if (csv_fini(&c->p, on_field, on_record, c) != 0)
			return fail(c, c->rec_line, (long)(c->nf - c->cur_first) + 1,
			    "unterminated quoted field (the quote opens in the "
			    "record starting here)");
		return 0;
	}
	/* the parser has counted the lines before this chunk */
	if (c->enc != KK_ENC_LATIN1) {
		if (scan_chunk(c, p, n, c->line) < 0)
			return -1;
		scan_next(&c->scan, n);
	}
	if (c->nheld > 0) {
		kk_grow((void **)&c->joined, &c->joincap, c->nheld + n, 1);
		memcpy(c->joined, c->held, c->nheld);
		memcpy(c->joined + c->nheld, p, n);
		p = c->joined;
		n += c->nheld;
		c->nheld = 0;
	}
	if (c->enc == KK_ENC_AUTO && c->scan.ncarry > 0) {
		c->nheld = c->scan.ncarry;
		n -= c->nheld;
		memcpy(c->held, p + n, c->nheld);
	}
	return feed_chunk(c, p, n);
}

/* Parse n bytes of input. */
static int
feed_chunk(kk_csv *c, const char *p, size_t n)
{
	const char *end, *cr = NULL, *quote = NULL;
	bool split = c->split && c->delim != '"' && c->delim != '\r' &&
	    c->delim != '\n';

	/* the byte-order mark and a "sep=X" line (prepare found them) */
	if (c->skip > 0) {
		size_t k = n < c->skip ? n : c->skip;
		p += k;
		n -= k;
		c->skip -= k;
		if (c->skip == 0 && c->sep_line)
			c->line++;
	}
	/* the LF of a CRLF split across chunks: its line is counted */
	if (c->cr_pending && n > 0 && p[0] == '\n') {
		if (feed_line(c, p, 1, false) < 0)
			return -1;
		p++;
		n--;
	}
	c->cr_pending = false;
	end = p + n;
	while (p < end) {
		/* a line ends at LF, CRLF, or a bare CR (old Mac exports) */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *lim = nl ? nl : end;
		size_t r = (size_t)(next_of(&cr, p, end, '\r') - p);
		size_t len = (size_t)(lim - p), rest = (size_t)(end - p), k;
		bool brk = true;

		if (r + 1 < len)
			k = r + 1;                         /* bare CR */
		else if (!nl && r + 1 == rest)
			k = rest, c->cr_pending = true;    /* CR ends the chunk */
		else if (nl)
			k = len + 1;                       /* LF or CRLF */
		else
			k = rest, brk = false;
		if (split && brk && !c->in_record &&
		    next_of(&quote, p, end, '"') >= p + k)
			split_line(c, p, k);
		else if (feed_line(c, p, k, brk) < 0)
			return -1;
		if (brk)
			c->line++;
		p += k;
	}
	return 0;
}

/* Drop the fields of returned records, keeping the open record's. */
static void
compact(kk_csv *c)
{
	size_t k = c->nf - c->cur_first, base;

	c->qhead = c->qtail = 0;
	if (c->cur_first == 0)
		return;
	base = k ? c->foff[c->cur_first] : c->alen;
	memmove(c->arena, c->arena + base, c->alen - base);
	c->alen -= base;
	for (size_t i = 0; i < k; i++) {
		c->foff[i] = c->foff[c->cur_first + i] - base;
		c->flen[i] = c->flen[c->cur_first + i];
	}
	c->nf = k;
	c->cur_first = 0;
}

/* NUL beside every other byte: UTF-16 read as bytes. */
static bool
looks_utf16(const char *f, size_t len)
{
	size_t nul = 0;

	for (size_t i = 0; i < len; i++)
		nul += f[i] == '\0';
	return len >= 4 && 2 * nul + 1 >= len && 2 * nul <= len + 1;
}

/* A spreadsheet's unused row (";;;;"): no record, as a blank line. */
static bool
all_empty(const kk_csv *c, const struct qrec *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (c->flen[r->first + i] > 0)
			return false;
	return true;
}

static int
check_record(kk_csv *c, const struct qrec *r)
{
	for (size_t i = 0; i < r->n && !r->clean; i++) {
		const char *f = c->arena + c->foff[r->first + i];
		size_t len = c->flen[r->first + i];
		if (memchr(f, '\0', len))
			return fail(c, r->line, (long)i + 1, "NUL byte in field%s",
			    looks_utf16(f, len) ? " (UTF-16 text without a "
			    "byte-order mark? save it as 'CSV UTF-8')" : "");
		const char *b = len >= 3 ? memchr(f, 0xEF, len - 2) : NULL;
		for (; b; b = memchr(b + 1, 0xEF, len - 2 - (size_t)(b + 1 - f)))
			if ((unsigned char)b[1] == 0xBB && (unsigned char)b[2] == 0xBF)
				break;
		if (b)
			return fail(c, r->line, (long)i + 1,
			    "byte-order mark inside the file (two files joined?)");
	}
	if (c->header_n < 0) {
		c->header_n = (long)r->n;
	} else if ((long)r->n != c->header_n && !c->opt.allow_ragged) {
		long col = (long)r->n < c->header_n ? (long)r->n : c->header_n + 1;
		return fail(c, r->line, col, "row has %zu fields, the header has %ld",
		    r->n, c->header_n);
	}
	return 0;
}

int
kk_csv_next(kk_csv *c, const kk_record **rec)
{
	struct qrec *r;

	if (c->err)
		return -1;
	for (;;) {
		if (c->qhead == c->qtail)
			compact(c);
		while (c->qhead == c->qtail) {
			if (c->fini_done) {
				if (c->header_n < 0)
					return fail(c, 1, 1, "empty file%s", c->blank ?
					    " (only blank lines)" : "");
				return 0;
			}
			if (pump(c) < 0)
				return -1;
		}
		r = &c->q[c->qhead++];
		if (!all_empty(c, r))
			break;
		c->blank++;
	}
	if (check_record(c, r) < 0)
		return -1;
	if (r->n + 1 > c->rcap) {
		kk_grow((void **)&c->rec.field, &c->rcap, r->n + 1,
		    sizeof *c->rec.field);
		c->rec.len = kk_realloc(c->rec.len, c->rcap * sizeof *c->rec.len);
	}
	for (size_t i = 0; i < r->n; i++) {
		c->rec.field[i] = c->arena + c->foff[r->first + i];
		c->rec.len[i] = c->flen[r->first + i];
	}
	c->rec.nfields = r->n;
	c->rec.line = r->line;
	*rec = &c->rec;
	return 1;
}

const kk_record *
kk_csv_next_or_die(kk_csv *c)
{
	const kk_record *r;
	int st = kk_csv_next(c, &r);

	if (st < 0)
		kk_die_at(c->name, c->errline, c->errcol, "%s", c->err);
	return st > 0 ? r : NULL;
}

/* ---- opening ---------------------------------------------------------- */

static kk_csv *
new_reader(const char *name, const kk_csv_options *opt)
{
	kk_csv *c = kk_calloc(1, sizeof *c);

	c->name = kk_strdup(name);
	if (opt)
		c->opt = *opt;
	c->fd = -1;
	c->line = 1;
	c->scan.col = 1;
	c->header_n = -1;
	c->split = !tune_no_split;
	return c;
}

/* Encoding, delimiter and parser set-up, shared by file and memory input. */
static kk_csv *
prepare(kk_csv *c, char **errmsg)
{
	c->recording = c->pipe;
	if (!sniff_start(c, true))
		goto failed;
	if (c->utf16)
		c->opt.encoding = KK_ENC_UTF8;  /* decoded: the mark decides */
	/* an encoding to be found stays KK_ENC_AUTO until scan_chunk meets
	 * the first byte outside ASCII */
	c->enc = c->opt.encoding;
	c->given_delim = c->opt.delimiter != 0;
	if (!sniff_start(c, false))
		goto failed;
	c->delim = c->opt.delimiter;
	if (!c->delim && !sniff_delimiter(c))
		goto failed;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		kk_die("out of memory");
	c->parser_ready = true;
	/* libcsv grows a field's buffer by a fixed block: with its default
	 * of 128 bytes a 10 MB field costs 80,000 reallocs, each copying the
	 * field so far.  64 KB blocks keep that linear in practice. */
	csv_set_blk_size(&c->p, 1 << 16);
	csv_set_delim(&c->p, (unsigned char)c->delim);
	set_classes(c);
	/* libcsv trims spaces and tabs around unquoted fields by default;
	 * in a TAB-separated file only spaces may be trimmed. */
	if (c->delim == '\t')
		csv_set_space_func(&c->p, space_only);
	c->recording = false;
	return c;
failed:
	if (errmsg) {
		size_t n = strlen(c->name) + strlen(c->err) + 64;
		*errmsg = kk_malloc(n);
		if (c->errline > 0)
			snprintf(*errmsg, n, "%s:%ld:%ld: %s", c->name, c->errline,
			    c->errcol > 0 ? c->errcol : 1, c->err);
		else
			snprintf(*errmsg, n, "%s: %s", c->name, c->err);
	}
	kk_csv_close(c);
	return NULL;
}

/* kk_csv_describe reads the whole input before its rows, which then read
 * it again: a pipe is first copied, from its start (kept in pre), to an
 * unlinked temporary file, and read from there. */
static int
spool(kk_csv *c)
{
	char path[] = "/tmp/kompass-stdin.XXXXXX";
	int fd = mkstemp(path);
	const char *p;
	size_t n;

	if (fd < 0)
		return fail(c, 0, 0, "cannot create temporary file: %s", strerror(errno));
	unlink(path);
	c->prepos = 0;
	while (next_chunk(c, &p, &n)) {
		while (n > 0) {
			ssize_t w = write(fd, p, n);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				close(fd);
				return fail(c, 0, 0, "temporary file: %s", strerror(errno));
			}
			p += w;
			n -= (size_t)w;
		}
	}
	close(c->fd);
	c->fd = fd;
	c->pipe = false;
	free(c->pre);
	c->pre = NULL;
	c->prelen = c->precap = c->prepos = 0;
	if (c->err || !rewind_input(c))
		return -1;
	return 0;
}

kk_csv *
kk_csv_open(const char *path, const kk_csv_options *opt, char **errmsg)
{
	kk_csv *c = new_reader(path, opt);
	struct stat st;

	c->chunk = tune_chunk > 0 ? tune_chunk : CHUNK;
	c->buf = kk_malloc(c->chunk);
	if (strcmp(path, "-") == 0) {
		c->fd = dup(STDIN_FILENO);
		if (c->fd < 0) {
			fail(c, 0, 0, "%s", strerror(errno));
			return prepare(c, errmsg);
		}
		/* a file given as stdin, but not from its start, is read as a
		 * pipe from where it is */
		if (fstat(c->fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    lseek(c->fd, 0, SEEK_CUR) != 0)
			c->pipe = true;
	} else {
		c->fd = open(path, O_RDONLY);
		if (c->fd < 0) {
			fail(c, 0, 0, "%s", strerror(errno));
			return prepare(c, errmsg);
		}
		if (fstat(c->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			fail(c, 0, 0, "is a directory");
			return prepare(c, errmsg);
		}
	}
	/* a pipe, a FIFO or a device: read once, as it comes */
	if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode))
		c->pipe = true;
	return prepare(c, errmsg);
}

kk_csv *
kk_csv_open_or_die(const char *path, const kk_csv_options *opt)
{
	char *msg = NULL;
	kk_csv *c = kk_csv_open(path, opt, &msg);

	if (!c) {
		fflush(stdout);
		fprintf(stderr, "%s: %s\n", kk_prog, msg);
		free(msg);
		exit(1);
	}
	return c;
}

kk_csv *
kk_csv_open_mem(const char *name, const char *data, size_t len,
	const kk_csv_options *opt, char **errmsg)
{
	kk_csv *c = new_reader(name, opt);

	c->mem = data;
	c->memlen = len;
	return prepare(c, errmsg);
}

void
kk_csv_close(kk_csv *c)
{
	if (!c)
		return;
	if (c->parser_ready)
		csv_free(&c->p);
	if (c->fd >= 0)
		close(c->fd);
	free(c->name);
	free(c->pre);
	free(c->joined);
	free(c->buf);
	free(c->dec);
	free(c->decoded);
	free(c->arena);
	free(c->foff);
	free(c->flen);
	free(c->q);
	free(c->rec.field);
	free(c->rec.len);
	free(c->err);
	free(c);
}

const char *kk_csv_errmsg(const kk_csv *c) { return c->err ? c->err : ""; }
long kk_csv_blank(const kk_csv *c) { return c->blank; }
long kk_csv_sep_line(const kk_csv *c) { return c->sep_line; }
long kk_csv_errline(const kk_csv *c) { return c->errline; }
long kk_csv_errcol(const kk_csv *c) { return c->errcol; }
const char *kk_csv_name(const kk_csv *c) { return c->name; }
char kk_csv_delimiter(const kk_csv *c) { return c->delim; }
enum kk_encoding kk_csv_encoding(const kk_csv *c) { return c->enc; }

const char *
kk_encoding_name(enum kk_encoding e)
{
	switch (e) {
	case KK_ENC_AUTO: return "auto";
	case KK_ENC_UTF8: return "utf-8";
	case KK_ENC_CP1252: return "windows-1252";
	case KK_ENC_LATIN1: return "iso-8859-1";
	}
	return "?";
}

bool
kk_encoding_parse(const char *s, enum kk_encoding *e)
{
	char *f = kk_fold(s);
	bool ok = true;

	if (strcmp(f, "utf_8") == 0 || strcmp(f, "utf8") == 0)
		*e = KK_ENC_UTF8;
	else if (strcmp(f, "windows_1252") == 0 || strcmp(f, "cp1252") == 0)
		*e = KK_ENC_CP1252;
	else if (strcmp(f, "iso_8859_1") == 0 || strcmp(f, "latin1") == 0)
		*e = KK_ENC_LATIN1;
	else if (strcmp(f, "auto") == 0)
		*e = KK_ENC_AUTO;
	else
		ok = false;
	free(f);
	return ok;
}

/* ---- what was detected, and why (kk-ingest --explain) ------------------- */

static const char *
delim_name(char d)
{
	static char one[4];

	switch (d) {
	case '\t': return "TAB";
	case ';': return "';'";
	case ',': return "','";
	}
	snprintf(one, sizeof one, "'%c'", d);
	return one;
}

static void
describe_encoding(kk_csv *c, kk_buf *b)
{
	char *s;

	if (c->enc == KK_ENC_AUTO && c->scan.base == 0 && !scan_all(c))
		return;                 /* refused: kk_csv_next says why */
	if (c->utf16) {
		s = kk_asprintf("encoding: UTF-16 %s with byte-order mark%s, "
		    "decoded to UTF-8\n", c->utf16 == 'L' ? "LE" : "BE",
		    c->utf16 == 'L' ? " (Excel's \"Unicode text\")" : "");
	} else if (c->opt.encoding != KK_ENC_AUTO) {
		s = kk_asprintf("encoding: %s (given by --encoding)%s\n",
		    kk_encoding_name(c->enc), c->bom ? ", byte-order mark "
		    "skipped" : "");
	} else if (c->enc == KK_ENC_UTF8) {
		s = kk_asprintf("encoding: utf-8%s (the whole file is valid "
		    "UTF-8)\n", c->bom ? " with byte-order mark" : "");
	} else {
		unsigned long long off = c->invalid - 1;
		unsigned char byte = 0;
		char one[1];
		/* the byte itself, for the message */
		if (c->fd >= 0 && pread(c->fd, one, 1, (off_t)off) == 1)
			byte = (unsigned char)one[0];
		else if (c->fd < 0 && off < c->memlen)
			byte = (unsigned char)c->mem[off];
		s = kk_asprintf("encoding: windows-1252 (not valid UTF-8: byte "
		    "0x%02X at line %ld, byte column %ld; every byte is "
		    "Windows-1252 text), converted to UTF-8\n", byte,
		    c->scan.inv_line, c->scan.inv_col);
	}
	kk_buf_str(b, s);
	free(s);
}

static void
describe_delimiter(const kk_csv *c, kk_buf *b)
{
	char *s;

	if (c->given_delim)
		s = kk_asprintf("delimiter: %s (given by --delimiter)%s\n",
		    delim_name(c->delim), c->sep_line ? "; the 'sep=' line 1 "
		    "is skipped" : "");
	else if (c->sep_line)
		s = kk_asprintf("delimiter: %s (named by the line 'sep=' on "
		    "line 1, which is not data)\n", delim_name(c->delim));
	else
		s = kk_asprintf("delimiter: %s (the most frequent outside "
		    "quotes on the header line: %zu ';', %zu TAB, %zu ',')\n",
		    delim_name(c->delim), c->dcount[0], c->dcount[1],
		    c->dcount[2]);
	kk_buf_str(b, s);
	free(s);
}

/* Line ends of the whole input, in one pass over it. */
static void
describe_line_ends(kk_csv *c, kk_buf *b)
{
	unsigned long long lf = 0, crlf = 0, cr = 0;
	bool after_cr = false;
	const char *p;
	size_t n;
	char *s;

	while (next_chunk(c, &p, &n)) {
		for (size_t i = 0; i < n; i++) {
			if (p[i] == '\n') {
				if (after_cr)
					crlf++, cr--;
				else
					lf++;
			}
			after_cr = p[i] == '\r';
			cr += after_cr;
		}
	}
	rewind_input(c);
	if (lf + crlf + cr == 0)
		s = kk_strdup("line ends: none (a single line)\n");
	else if (lf + crlf == 0 || lf + cr == 0 || crlf + cr == 0)
		s = kk_asprintf("line ends: %s (%llu)\n", lf ? "LF" : crlf ?
		    "CRLF" : "CR (old Mac)", lf + crlf + cr);
	else
		s = kk_asprintf("line ends: mixed: %llu LF, %llu CRLF, %llu CR\n",
		    lf, crlf, cr);
	kk_buf_str(b, s);
	free(s);
}

char *
kk_csv_describe(kk_csv *c)
{
	kk_buf b = { 0 };

	if (c->pipe && spool(c) < 0) {
		kk_buf_char(&b, '\0');
		return b.p;     /* kk_csv_next says why */
	}

	describe_encoding(c, &b);
	describe_delimiter(c, &b);
	describe_line_ends(c, &b);
	kk_buf_char(&b, '\0');
	return b.p;
}
