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
	if (rnd(12) == 0)
		add(b, rnd(2) ? "sep=;\n" : "\"sep=,\",,\r\n");
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

/* Every chunk size, both split modes: the same dump. */
static void
expect_dump(const char *data, size_t len, const kk_csv_options *o,
	const char *want)
{
	kk_buf a = { 0 };

	for (int split = 0; split <= 1; split++)
		for (size_t chunk = 0; chunk <= 9; chunk++) {
			dump(&a, data, len, o, chunk, split);
			cr_expect(a.len == strlen(want) &&
			    memcmp(a.p, want, a.len) == 0,
			    "split %d, chunk %zu:\n%.*s\nwanted:\n%s", split,
			    chunk, (int)a.len, a.p, want);
		}
	kk_buf_free(&a);
}

/* Excel's first line "sep=;" names the delimiter and is no record;
 * the header is then on line 2.  Quoted or padded by a spreadsheet that
 * read it as a row, it is still that line; anything else is data. */
Test(csvread, excel_sep_line)
{
	kk_csv_options o = { 0, KK_ENC_AUTO, false };
	static const char plain[] = "sep=;\r\nh1,x;h2\r\n1;2\r\n";
	static const char want[] =
	    "line 2, 2 fields: [4]h1,x [2]h2\n"
	    "line 3, 2 fields: [1]1 [1]2\n"
	    "status 0 at 0:0 delim 59: ";
	static const char bom_quoted[] = "\xef\xbb\xbf\"sep=;\";;;\nh1,x;h2\n1;2";
	static const char tab[] = "SEP=\t\na,b\tc\n";
	static const char want_tab[] =
	    "line 2, 2 fields: [3]a,b [1]c\n"
	    "status 0 at 0:0 delim 9: ";
	static const char not_sep[] = "sep=;x\na;b\n";
	static const char want_not[] =
	    "line 1, 2 fields: [4]sep= [1]x\n"
	    "line 2, 2 fields: [1]a [1]b\n"
	    "status 0 at 0:0 delim 59: ";

	expect_dump(plain, sizeof plain - 1, &o, want);
	expect_dump(bom_quoted, sizeof bom_quoted - 1, &o, want);
	expect_dump(tab, sizeof tab - 1, &o, want_tab);
	expect_dump(not_sep, sizeof not_sep - 1, &o, want_not);
	/* a delimiter given by the caller wins; the line still goes */
	o.delimiter = ',';
	static const char want_comma[] =
	    "line 2, 2 fields: [2]h1 [4]x;h2\n"
	    "status 0 at 0:0 delim 44: ";
	static const char two[] = "sep=;\nh1,x;h2\n";
	expect_dump(two, sizeof two - 1, &o, want_comma);
}

/* A spreadsheet's unused rows (";;;;", also quoted or blank-padded) are
 * no records, as an empty line is none; both are counted. */
Test(csvread, all_empty_rows_are_blank_lines)
{
	kk_csv_options o = { 0, KK_ENC_AUTO, false };
	static const char data[] = ";;\nh1;h2;h3\n1;2;3\n;;\r\n\n \"\";  ;\n"
	    ";;;;;\n4;;\n;;";
	static const char want[] =
	    "line 2, 3 fields: [2]h1 [2]h2 [2]h3\n"
	    "line 3, 3 fields: [1]1 [1]2 [1]3\n"
	    "line 8, 3 fields: [1]4 [0] [0]\n"
	    "status 0 at 0:0 delim 59: ";
	char *msg = NULL;
	const kk_record *r;

	expect_dump(data, sizeof data - 1, &o, want);
	for (int split = 0; split <= 1; split++)
		for (size_t chunk = 0; chunk <= 5; chunk++) {
			kk_csv_tune(chunk, split);
			kk_csv *c = kk_csv_open_mem("t", data, sizeof data - 1,
			    &o, &msg);
			kk_csv_tune(0, true);
			cr_assert_not_null(c);
			while (kk_csv_next(c, &r) > 0)
				;
			/* ";;", ";;\r\n", "\n", "\"\";  ;", ";;;;;", ";;" */
			cr_expect_eq(kk_csv_blank(c), 6, "split %d chunk %zu: %ld",
			    split, chunk, kk_csv_blank(c));
			kk_csv_close(c);
		}
	static const char only[] = ";;;\n\n;;\n";
	static const char want_only[] = "status -1 at 1:1 delim 59: empty file "
	    "(only blank lines)";
	expect_dump(only, sizeof only - 1, &o, want_only);
	expect_dump("", 0, &o, "status -1 at 1:1 delim 44: empty file");
}

/* UTF-16 with its byte-order mark, as Excel saves "Unicode text": the
 * same records as the UTF-8 text, in either byte order, characters
 * beyond the BMP included. */
Test(csvread, utf16_with_byte_order_mark)
{
	static const char utf8[] = "knr\tR\xc3\xb8ros \xf0\x9f\x98\x80\r\n"
	    "1640\t\xe2\x80\x93 x\r\n";
	kk_csv_options o = { 0, KK_ENC_AUTO, false };
	kk_buf want = { 0 }, le = { 0 }, be = { 0 };
	/* the text as UTF-16 code units, by hand */
	static const unsigned short units[] = { 0xFEFF, 'k', 'n', 'r', '\t',
		'R', 0xF8, 'r', 'o', 's', ' ', 0xD83D, 0xDE00, '\r', '\n',
		'1', '6', '4', '0', '\t', 0x2013, ' ', 'x', '\r', '\n' };

	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		char l[2] = { (char)(units[i] & 0xFF), (char)(units[i] >> 8) };
		char b[2] = { l[1], l[0] };
		kk_buf_add(&le, l, 2);
		kk_buf_add(&be, b, 2);
	}
	dump(&want, utf8, sizeof utf8 - 1, &o, 0, true);
	kk_buf_char(&want, '\0');
	cr_assert(strstr(want.p, "[11]R\xc3\xb8ros \xf0\x9f\x98\x80\n") != NULL,
	    "%s", want.p);
	expect_dump(le.p, le.len, &o, want.p);
	expect_dump(be.p, be.len, &o, want.p);
	/* the byte-order mark decides, whatever --encoding said */
	o.encoding = KK_ENC_CP1252;
	expect_dump(le.p, le.len, &o, want.p);
	o.encoding = KK_ENC_AUTO;
	/* cut inside a character, or a lone surrogate: an error that says
	 * where: the cut is in the tenth character of line 2, the en dash is
	 * its sixth */
	expect_dump(le.p, le.len - 1, &o, "open: t.csv:2:10: UTF-16 text ends "
	    "inside a character (a file cut short?)");
	le.p[40] = 0x00;              /* the en dash becomes U+DC00 */
	le.p[41] = (char)0xDC;
	expect_dump(le.p, le.len, &o, "open: t.csv:2:6: invalid UTF-16: a "
	    "lone surrogate");
	kk_buf_free(&want);
	kk_buf_free(&le);
	kk_buf_free(&be);
}

/* What --explain says of a file: encoding (and the first byte that is
 * not UTF-8), delimiter and why, line ends. */
Test(csvread, describe)
{
	kk_csv_options o = { 0, KK_ENC_AUTO, false };
	static const char cp[] = "a;b\r\nx;\x96\r\n";
	static const char mixed[] = "sep=,\na,b\r\n1,2\r";
	char *msg = NULL, *s;
	kk_csv *c;

	c = kk_csv_open_mem("t", cp, sizeof cp - 1, &o, &msg);
	s = kk_csv_describe(c);
	cr_expect_str_eq(s, "encoding: windows-1252 (not valid UTF-8: byte "
	    "0x96 at line 2, byte column 3; every byte is Windows-1252 text), "
	    "converted to UTF-8\n"
	    "delimiter: ';' (the most frequent outside quotes on the header "
	    "line: 1 ';', 0 TAB, 0 ',')\n"
	    "line ends: CRLF (2)\n");
	free(s);
	/* describe reads the input again, and rewinds it */
	const kk_record *r;
	cr_expect_eq(kk_csv_next(c, &r), 1);
	cr_expect_str_eq(r->field[1], "b");
	kk_csv_close(c);

	/* the byte a few reads in (8 bytes a read): its line counted over
	 * the reads before it, though no row has been parsed yet */
	static const char late[] = "a;b\r\nx;y\r\nxx;yy\r\nx;\x96\r\n";
	kk_csv_tune(8, true);
	c = kk_csv_open_mem("t", late, sizeof late - 1, &o, &msg);
	s = kk_csv_describe(c);
	cr_expect(strncmp(s, "encoding: windows-1252 (not valid UTF-8: byte "
	    "0x96 at line 4, byte column 3;", 76) == 0, "%s", s);
	free(s);
	kk_csv_close(c);
	kk_csv_tune(0, true);

	c = kk_csv_open_mem("t", mixed, sizeof mixed - 1, &o, &msg);
	s = kk_csv_describe(c);
	cr_expect_str_eq(s, "encoding: utf-8 (the whole file is valid UTF-8)\n"
	    "delimiter: ',' (named by the line 'sep=' on line 1, which is not "
	    "data)\n"
	    "line ends: mixed: 1 LF, 1 CRLF, 1 CR\n");
	free(s);
	kk_csv_close(c);
}
