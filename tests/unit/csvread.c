/*
 * The reader's own split of quote-free lines (split_line) against libcsv
 * doing every line: the same records, fields, line numbers and errors,
 * on thousands of random small files read in tiny pieces, so that lines
 * straddle reads in every way.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kk.h"

static uint64_t rng;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *
pick(const char *const *v, size_t n)
{
	return v[rnd((unsigned)n)];
}

#define PICK(v) pick(v, sizeof v / sizeof *v)

/* Bits of text: blanks, delimiters of every dialect, line breaks,
 * multi-byte UTF-8, and (rarely) quotes, NUL, a BOM or a lone
 * Windows-1252 byte. */
static const char *const plain[] = { "a", "b", "1", "61,5", " ", "  ", "\t",
	"x y", "\xc3\xb8", "\xe2\x82\xac", "R\xc3\xb8ros", ";", ",", "-" };
static const char *const inner[] = { "a", " ", "\t", ",", ";", "\n", "\r\n",
	"\r", "\"\"", "\xc3\xa5", "z" };
static const char *const stray[] = { "\"", "x\"y", "\"\"" };
static const char *const odd[] = { "\0", "\xef\xbb\xbf", "\xef\xbb",
	"\xe4", "\x80" };
static const char *const eol[] = { "\n", "\n", "\n", "\r\n", "\r\n", "\r" };
static const char delims[] = { ',', ';', '\t' };

static void
add(kk_buf *b, const char *s)
{
	/* "\0" is one NUL byte */
	kk_buf_add(b, s, *s ? strlen(s) : 1);
}

static void
gen_field(kk_buf *b)
{
	unsigned kind = rnd(20);

	if (kind < 3)
		return;                                   /* empty */
	if (kind < 14) {
		for (unsigned i = 0, n = 1 + rnd(5); i < n; i++)
			add(b, PICK(plain));
	} else if (kind < 16) {
		add(b, PICK(plain));
		add(b, PICK(odd));
		add(b, PICK(plain));
	} else if (kind < 19) {
		if (rnd(4) == 0)
			add(b, " ");
		kk_buf_char(b, '"');
		for (unsigned i = 0, n = rnd(5); i < n; i++)
			add(b, PICK(inner));
		kk_buf_char(b, '"');
		if (rnd(4) == 0)
			add(b, rnd(2) ? " " : "x");       /* after the quote */
	} else {
		add(b, PICK(plain));
		add(b, PICK(stray));
	}
}

static void
gen_file(kk_buf *b, char delim)
{
	unsigned rows = rnd(8), cols = 1 + rnd(4);

	b->len = 0;
	if (rnd(10) == 0)
		add(b, "\xef\xbb\xbf");
	for (unsigned r = 0; r < rows; r++) {
		unsigned n = rnd(8) == 0 ? 1 + rnd(5) : cols;   /* ragged */
		if (rnd(12) == 0)
			add(b, rnd(2) ? "" : "  ");       /* a blank line */
		else
			for (unsigned f = 0; f < n; f++) {
				if (f > 0)
					kk_buf_char(b, delim);
				gen_field(b);
			}
		if (r + 1 < rows || rnd(2))
			add(b, PICK(eol));
	}
}

/* Everything a reader reports about a file, as one string; path NULL
 * reads data from memory, else the same bytes written to path. */
static void
dump_from(kk_buf *out, const char *path, const char *data, size_t len,
	const kk_csv_options *o, size_t chunk, bool split)
{
	char *msg = NULL, tmp[128];
	const kk_record *r;
	int st;
	kk_csv *c;

	out->len = 0;
	kk_csv_tune(chunk, split);
	if (path) {
		FILE *fp = fopen(path, "wb");
		cr_assert_not_null(fp);
		cr_assert_eq(fwrite(data, 1, len, fp), len);
		cr_assert_eq(fclose(fp), 0);
		c = kk_csv_open(path, o, &msg);
	} else {
		c = kk_csv_open_mem("t.csv", data, len, o, &msg);
	}
	kk_csv_tune(0, true);
	if (!c) {
		kk_buf_str(out, "open: ");
		kk_buf_str(out, msg);
		free(msg);
		return;
	}
	while ((st = kk_csv_next(c, &r)) > 0) {
		snprintf(tmp, sizeof tmp, "line %ld, %zu fields:", r->line,
		    r->nfields);
		kk_buf_str(out, tmp);
		for (size_t i = 0; i < r->nfields; i++) {
			cr_assert_eq(r->field[i][r->len[i]], '\0');
			snprintf(tmp, sizeof tmp, " [%zu]", r->len[i]);
			kk_buf_str(out, tmp);
			kk_buf_add(out, r->field[i], r->len[i]);
		}
		kk_buf_char(out, '\n');
	}
	snprintf(tmp, sizeof tmp, "status %d at %ld:%ld delim %d: ", st,
	    kk_csv_errline(c), kk_csv_errcol(c), kk_csv_delimiter(c));
	kk_buf_str(out, tmp);
	kk_buf_str(out, kk_csv_errmsg(c));
	kk_csv_close(c);
}

static void
dump(kk_buf *out, const char *data, size_t len, const kk_csv_options *o,
	size_t chunk, bool split)
{
	dump_from(out, NULL, data, len, o, chunk, split);
}

static void
expect_same(const kk_buf *file, const kk_csv_options *o, size_t chunk,
	unsigned seed, const char *path)
{
	kk_buf a = { 0 }, b = { 0 };

	dump_from(&a, path, file->p, file->len, o, chunk, false);
	dump_from(&b, path, file->p, file->len, o, chunk, true);
	cr_assert(a.len == b.len && memcmp(a.p, b.p, a.len) == 0,
	    "file %u, read in pieces of %zu:\nlibcsv:\n%.*s\nsplit:\n%.*s",
	    seed, chunk, (int)a.len, a.p, (int)b.len, b.p);
	kk_buf_free(&a);
	kk_buf_free(&b);
}

Test(csvread, split_lines_read_as_libcsv_reads_them)
{
	static const size_t chunks[] = { 0, 1, 2, 3, 4, 5, 7, 11, 16, 64 };
	kk_buf file = { 0 };
	char path[] = "/tmp/kk-csvread-XXXXXX";
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	for (unsigned seed = 1; seed <= 4000; seed++) {
		rng = 0x9E3779B97F4A7C15ULL * seed;
		char delim = delims[rnd(3)];
		kk_csv_options o = { 0, KK_ENC_AUTO, rnd(2) == 0 };
		if (rnd(2))
			o.delimiter = delims[rnd(3)];     /* maybe not the file's */
		if (rnd(8) == 0)
			o.encoding = rnd(2) ? KK_ENC_LATIN1 : KK_ENC_CP1252;
		gen_file(&file, delim);
		expect_same(&file, &o, 0, seed, NULL);
		expect_same(&file, &o, chunks[1 + rnd(9)], seed, NULL);
		expect_same(&file, &o, 1 + rnd(6), seed, NULL);
		/* a file is read with read(2) in pieces of the same sizes */
		if (seed % 8 == 0)
			expect_same(&file, &o, 1 + rnd(6), seed, path);
	}
	unlink(path);
	kk_buf_free(&file);
}

/* The trimming libcsv does, spelled out: blanks around unquoted fields
 * go (only spaces in a TAB-separated file), an empty line is no record,
 * nor is a line of blanks (the next record starts on its own line), and
 * the last line needs no line break. */
Test(csvread, blanks_line_breaks_and_line_numbers)
{
	static const char data[] = "h1;h2;h3\r\n a ; b\tc\t;\r\n\n  \n;x y;\r"
	    "\"q\";2;3\n1;2;3";
	kk_csv_options o = { 0, KK_ENC_AUTO, true };
	kk_buf a = { 0 };
	static const char want[] =
	    "line 1, 3 fields: [2]h1 [2]h2 [2]h3\n"
	    "line 2, 3 fields: [1]a [3]b\tc [0]\n"
	    "line 5, 3 fields: [0] [3]x y [0]\n"
	    "line 6, 3 fields: [1]q [1]2 [1]3\n"
	    "line 7, 3 fields: [1]1 [1]2 [1]3\n"
	    "status 0 at 0:0 delim 59: ";

	for (int split = 0; split <= 1; split++)
		for (size_t chunk = 0; chunk <= 9; chunk++) {
			dump(&a, data, sizeof data - 1, &o, chunk, split);
			cr_expect(a.len == sizeof want - 1 &&
			    memcmp(a.p, want, a.len) == 0,
			    "split %d, chunk %zu:\n%.*s", split, chunk,
			    (int)a.len, a.p);
		}
	/* in a TAB-separated file a TAB is a delimiter, never a blank */
	static const char tab[] = "a\tb\n x \t\t y\n";
	static const char want_tab[] =
	    "line 1, 2 fields: [1]a [1]b\n"
	    "line 2, 3 fields: [1]x [0] [1]y\n"
	    "status 0 at 0:0 delim 9: ";
	for (int split = 0; split <= 1; split++) {
		dump(&a, tab, sizeof tab - 1, &o, 0, split);
		cr_expect(a.len == sizeof want_tab - 1 &&
		    memcmp(a.p, want_tab, a.len) == 0, "%.*s", (int)a.len, a.p);
	}
	kk_buf_free(&a);
}
