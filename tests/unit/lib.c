/* Units of the shared library: numbers, folding, the CSV reader, output. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kk.h"

static kk_num_status
num(const char *s, double *v)
{
	return kk_parse_double(s, strlen(s), v);
}

Test(num, decimal_comma_and_point)
{
	double v;

	cr_assert_eq(num("61,5", &v), KK_NUM_OK);
	cr_assert_eq(v, 61.5);
	cr_assert_eq(num("61.5", &v), KK_NUM_OK);
	cr_assert_eq(v, 61.5);
	cr_assert_eq(num("  -0,25 ", &v), KK_NUM_OK);
	cr_assert_eq(v, -0.25);
	cr_assert_eq(num("\xc2\xa0" "593\xc2\xa0", &v), KK_NUM_OK);
	cr_assert_eq(v, 593);
	cr_assert_eq(num("1e2", &v), KK_NUM_OK);
	cr_assert_eq(v, 100);
	cr_assert_eq(num(",5", &v), KK_NUM_OK);
	cr_assert_eq(v, 0.5);
}

Test(num, rejects_what_is_not_a_number)
{
	double v;
	const char *bad[] = { "9O", "NaN", "nan", "inf", "-inf", "61,5,2",
		"5 612", "5\xc2\xa0" "612", "1.2.3", "+", "-", ".", "1e", "0x10",
		"61,", "abc", "1,2e", NULL };

	for (int i = 0; bad[i]; i++)
		cr_expect_eq(num(bad[i], &v), KK_NUM_INVALID, "%s", bad[i]);
	cr_assert_eq(num("1e999", &v), KK_NUM_RANGE);
	cr_assert_eq(num("   ", &v), KK_NUM_EMPTY);
	cr_assert_eq(num("", &v), KK_NUM_EMPTY);
}

Test(num, integers)
{
	long v;

	cr_assert_eq(kk_parse_long(" 2022 ", 6, 1000, 9999, &v), KK_NUM_OK);
	cr_assert_eq(v, 2022);
	cr_assert_eq(kk_parse_long("22", 2, 1000, 9999, &v), KK_NUM_RANGE);
	cr_assert_eq(kk_parse_long("5.612", 5, 0, 100000000, &v), KK_NUM_INVALID);
	cr_assert_eq(kk_parse_long("99999999999999999999999", 23, 0, 100, &v),
	    KK_NUM_RANGE);
}

/* Digit strings past a long's range are out of range, never an overflow
 * (under UBSan, the old accumulator trapped on these with the full range
 * of a long as bounds). */
Test(num, integers_at_the_limits_of_long)
{
	long v;
	const char *over[] = { "99999999999999999999", "9223372036854775808",
		"9223372036854775809", "-9223372036854775809",
		"-99999999999999999999", "00009223372036854775808", NULL };

	for (int i = 0; over[i]; i++)
		cr_expect_eq(kk_parse_long(over[i], strlen(over[i]), LONG_MIN,
		    LONG_MAX, &v), KK_NUM_RANGE, "%s", over[i]);
	cr_assert_eq(kk_parse_long("9223372036854775807", 19, LONG_MIN,
	    LONG_MAX, &v), KK_NUM_OK);
	cr_assert_eq(v, LONG_MAX);
	cr_assert_eq(kk_parse_long("-9223372036854775808", 20, LONG_MIN,
	    LONG_MAX, &v), KK_NUM_OK);
	cr_assert_eq(v, LONG_MIN);
	/* the bounds lib/population.c uses: only the last digit overflows */
	cr_assert_eq(kk_parse_long("9223372036854775809", 19, 1, LONG_MAX, &v),
	    KK_NUM_RANGE);
	cr_assert_eq(kk_parse_long("-0", 2, 0, 10, &v), KK_NUM_OK);
	cr_assert_eq(v, 0);
	cr_assert_eq(kk_parse_long("-5", 2, 1, 10, &v), KK_NUM_RANGE);
	cr_assert_eq(kk_parse_long("-5", 2, -10, -1, &v), KK_NUM_OK);
	cr_assert_eq(v, -5);
	cr_assert_eq(kk_parse_long("5", 1, -10, -1, &v), KK_NUM_RANGE);
	cr_assert_eq(kk_parse_long("0000000000000000000000042", 25, 0, 100, &v),
	    KK_NUM_OK);
	cr_assert_eq(v, 42);
}

Test(num, shortest_round_trip_format)
{
	char b[32];

	cr_assert_str_eq(kk_format_double(b, 61.5), "61.5");
	cr_assert_str_eq(kk_format_double(b, 0.1), "0.1");
	cr_assert_str_eq(kk_format_double(b, 593), "593");
	cr_assert_str_eq(kk_format_double(b, -0.0), "0");
	cr_assert_str_eq(kk_format_double(b, 1.0 / 3), "0.3333333333333333");
	cr_assert_eq(strtod(kk_format_double(b, 3.141592653589793), NULL), 3.141592653589793);
}

Test(text, fold)
{
	const char *cases[][2] = {
		{ "Område 1", "omrade_1" }, { "Poäng totalt", "poang_totalt" },
		{ "ÅRSTALL", "arstall" }, { "Kommunenr.", "kommunenr" },
		{ "1. Offentlighet og demokrati", "1_offentlighet_og_demokrati" },
		{ "Bærum", "baerum" }, { "Ørland", "orland" },
		{ "Čáhcesuolu", "cahcesuolu" }, { "  -- ", "" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *f = kk_fold(cases[i][0]);
		cr_expect_str_eq(f, cases[i][1]);
		free(f);
	}
}

Test(text, utf8_validation)
{
	cr_assert(kk_utf8_valid("Røros", 6));
	cr_assert_not(kk_utf8_valid("R\xf8ros", 5));          /* Latin-1 ø */
	cr_assert_not(kk_utf8_valid("\xc0\xaf", 2));          /* overlong */
	cr_assert_not(kk_utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	cr_assert_not(kk_utf8_valid("\xe2\x82", 2));          /* truncated */
}

/* Read all records of an in-memory file; returns the error status. */
static int
read_all(const char *data, kk_csv_options *o, char **out, long *lines,
	size_t *n, kk_csv **keep)
{
	kk_csv *c = kk_csv_open_mem("t.csv", data, strlen(data), o, NULL);
	const kk_record *r;
	int st;

	cr_assert_not_null(c);
	*n = 0;
	while ((st = kk_csv_next(c, &r)) > 0) {
		lines[*n] = r->line;
		out[(*n)++] = r->nfields > 1 ? kk_strdup(r->field[1]) : NULL;
	}
	*keep = c;
	return st;
}

Test(csv, lines_after_quoted_line_breaks)
{
	char *f[8];
	long line[8];
	size_t n;
	kk_csv *c;
	int st = read_all("a;b\n1;\"x\ny\"\n\n2;\"p\r\nq\"\r\n3;z", NULL, f, line, &n, &c);

	cr_assert_eq(st, 0);
	cr_assert_eq(n, 4);
	cr_assert_eq(line[0], 1);
	cr_assert_eq(line[1], 2);
	cr_assert_eq(line[2], 5);
	cr_assert_eq(line[3], 7);
	cr_assert_str_eq(f[1], "x\ny");
	cr_assert_str_eq(f[2], "p\r\nq");
	cr_assert_eq(kk_csv_delimiter(c), ';');
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	kk_csv_close(c);
}

Test(csv, errors_name_line_and_field)
{
	char *f[8];
	long line[8];
	size_t n;
	kk_csv *c;

	cr_assert_eq(read_all("a,b\n1,\"x\n2,3\n", NULL, f, line, &n, &c), -1);
	cr_assert_eq(kk_csv_errline(c), 2);
	cr_assert_eq(kk_csv_errcol(c), 2);
	cr_assert(strstr(kk_csv_errmsg(c), "unterminated") != NULL);
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	kk_csv_close(c);

	cr_assert_eq(read_all("a,b\n1,2\n\"q\nq\",2\n1,2,3\n", NULL, f, line, &n, &c), -1);
	cr_assert_eq(kk_csv_errline(c), 5);
	cr_assert_eq(kk_csv_errcol(c), 3);
	for (size_t i = 0; i < n; i++)
		free(f[i]);
	kk_csv_close(c);
}

/* Reading c ends in a refusal at line:col with a message starting with
 * msg; c is closed.  Returns how many rows came before it. */
static long
rows_before_refusal(kk_csv *c, long line, long col, const char *msg)
{
	const kk_record *r;
	long rows = 0;
	int st;

	cr_assert_not_null(c);
	while ((st = kk_csv_next(c, &r)) > 0)
		rows++;
	cr_expect_eq(st, -1);
	cr_expect_eq(kk_csv_errline(c), line);
	cr_expect_eq(kk_csv_errcol(c), col);
	cr_expect(strncmp(kk_csv_errmsg(c), msg, strlen(msg)) == 0, "%s",
	    kk_csv_errmsg(c));
	kk_csv_close(c);
	return rows;
}

/* The first kk_csv_next of c refuses the input, as above. */
static void
expect_refused(kk_csv *c, long line, long col, const char *msg)
{
	cr_expect_eq(rows_before_refusal(c, line, col, msg), 0);
}

Test(csv, encodings)
{
	const char *bom = "\xef\xbb\xbfk;n\n1;R\xc3\xb8ros\n";
	kk_csv *c = kk_csv_open_mem("t", bom, strlen(bom), NULL, NULL);
	const kk_record *r;

	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[0], "k");           /* BOM removed */
	cr_assert_eq(kk_csv_encoding(c), KK_ENC_UTF8);
	kk_csv_close(c);

	const char *cp = "k;n\n1;Gr\xe4storp \x80\n";
	c = kk_csv_open_mem("t", cp, strlen(cp), NULL, NULL);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[1], "Grästorp €");
	cr_assert_eq(kk_csv_encoding(c), KK_ENC_CP1252);
	kk_csv_close(c);

	/* the first byte outside ASCII the last of a read, or of the file:
	 * held back until it has decided the encoding */
	static const char *const cut[] = { "k,n\n1,Gr\xe4storp\n",
		"k,n\n1,Gr\xe4" };
	static const char *const whole[] = { "Grästorp", "Grä" };
	for (int k = 0; k < 2; k++) {
		kk_csv_tune(9, true);
		c = kk_csv_open_mem("t", cut[k], strlen(cut[k]), NULL, NULL);
		cr_assert_eq(kk_csv_next(c, &r), 1);
		cr_assert_eq(kk_csv_next(c, &r), 1, "%s", kk_csv_errmsg(c));
		cr_expect_str_eq(r->field[1], whole[k]);
		cr_expect_eq(kk_csv_encoding(c), KK_ENC_CP1252);
		kk_csv_close(c);
		kk_csv_tune(0, true);
	}

	/* 0x81 is no Windows-1252 character: refused at its line */
	const char *bad = "k;n\n1;\xe4\x81\n";
	expect_refused(kk_csv_open_mem("t", bad, strlen(bad), NULL, NULL), 2, 4,
	    "neither UTF-8 nor Windows-1252 text (byte column 4)");
}

Test(csv, delimiter_detection)
{
	const char *files[] = { "a;b;c\n", "a\tb\tc\n", "a,b,c\n", "\"x;y\",b,c\n" };
	const char want[] = { ';', '\t', ',', ',' };

	for (int i = 0; i < 4; i++) {
		kk_csv *c = kk_csv_open_mem("t", files[i], strlen(files[i]), NULL, NULL);
		cr_expect_eq(kk_csv_delimiter(c), want[i], "file %d", i);
		kk_csv_close(c);
	}
}

Test(out, commit_renames_and_abandoned_output_leaves_destination)
{
	char dir[] = "/tmp/kk-out-XXXXXX", path[64], buf[16] = { 0 };
	FILE *fp;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/x.csv", dir);
	kk_out *o = kk_out_open(path);
	fputs("new", kk_out_fp(o));
	cr_assert_eq(access(path, F_OK), -1);     /* not there before commit */
	kk_out_commit(o);
	fp = fopen(path, "r");
	cr_assert_not_null(fp);
	cr_assert_eq(fread(buf, 1, sizeof buf - 1, fp), 3);
	fclose(fp);
	cr_assert_str_eq(buf, "new");
	unlink(path);
	rmdir(dir);
}

/* What a child writing to standard output (a pipe) through
 * kk_out_open_whole leaves there: everything if it commits, nothing if
 * it dies first.  A table several buffers long comes out whole. */
static size_t
whole_stdout(bool commit, size_t rows)
{
	int fd[2];
	char buf[4096];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	cr_assert_eq(pipe(fd), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		kk_out *o = kk_out_open_whole(NULL);
		for (size_t i = 0; i < rows; i++)
			fprintf(kk_out_fp(o), "row %09zu\n", i);
		if (!commit)
			kk_die("failing before the commit");
		kk_out_commit(o);
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof buf)) > 0)
		got += (size_t)n;
	close(fd[0]);
	int st;
	waitpid(pid, &st, 0);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == (commit ? 0 : 1));
	return got;
}

Test(out, whole_stdout_only_on_commit)
{
	cr_expect_eq(whole_stdout(true, 100000), 100000 * 14);
	cr_expect_eq(whole_stdout(false, 100000), 0);
}

/* kk_out buffers its file itself (out.c's OUT_BUF): a table several
 * buffers long, written in pieces of awkward sizes, arrives whole and in
 * order, and only at the commit. */
Test(out, large_output_whole_and_in_order)
{
	char dir[] = "/tmp/kk-test-XXXXXX", path[64];
	const size_t total = 3 * 1000 * 1000 + 7;
	FILE *fp;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/big.csv", dir);
	kk_out *o = kk_out_open(path);
	for (size_t i = 0, step = 1; i < total; i += step, step = step % 997 + 1) {
		char piece[1000];
		size_t n = i + step > total ? total - i : step;

		for (size_t k = 0; k < n; k++)
			piece[k] = (char)('a' + (i + k) % 23);
		cr_assert_eq(fwrite(piece, 1, n, kk_out_fp(o)), n);
	}
	cr_assert_eq(access(path, F_OK), -1);
	kk_out_commit(o);
	fp = fopen(path, "r");
	cr_assert_not_null(fp);
	size_t i = 0;
	for (int ch; (ch = getc(fp)) != EOF; i++)
		if (ch != 'a' + (int)(i % 23))
			cr_assert_fail("byte %zu is '%c'", i, ch);
	fclose(fp);
	cr_assert_eq(i, total);
	unlink(path);
	rmdir(dir);
}

/* The shortest round trip as kk_format_double wrote it before its fast
 * paths: "%.15g", else more digits until strtod reads the value back. */
static const char *
format_reference(char b[32], double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(b, 32, "%.*g", prec, v == 0 ? 0.0 : v);
		if (strtod(b, NULL) == v)
			break;
	}
	return b;
}

/* kk_buf_num writes a number as kk_format_double does, whose integer
 * path (num.c, format_exact) handles the numbers in [1, 10) kk-size
 * writes once per evaluation (log10_population): byte for byte what
 * printf and strtod give. */
static void
num_as_format_double(double v)
{
	char want[32];
	kk_buf b = { 0 };

	format_reference(want, v);
	kk_buf_num(&b, v);
	kk_buf_char(&b, '\0');
	if (strcmp(b.p, want) != 0)
		cr_assert_fail("%.17g: kk_buf_num '%s', kk_format_double '%s'",
		    v, b.p, want);
	kk_buf_free(&b);
}

Test(out, numbers_in_1_to_10_as_format_double)
{
	uint64_t x = 88172645463325252u;     /* xorshift64 */

	for (long p = 1; p <= 200000; p++)          /* log10_population */
		num_as_format_double(log10((double)p));
	for (long p = 200000; p <= 20000000; p += 97)
		num_as_format_double(log10((double)p));
	for (int i = 10000; i < 100000; i++)        /* short decimals */
		num_as_format_double(i / 10000.0);
	for (int i = 0; i < 200000; i++) {          /* any bits */
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v = ldexp((double)((x >> 11) | (1ull << 52)),
		    -52 + (int)(x & 3));
		num_as_format_double(v < 10 ? v : v / 2);
	}
	const double edge[] = { 1, 2, 4, 8, 9.5, 1.5, 1.1, 3.1234,
		9.999999999999999, 9.99999999999999, 1.0000000000000002,
		0.9999999999999999, 10, 0, -1.5, 1e300, 1e-300 };
	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
		num_as_format_double(edge[i]);
		num_as_format_double(nextafter(edge[i], 0));
		num_as_format_double(nextafter(edge[i], 20));
	}
}

Test(out, csv_quoting)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	kk_csv_put(fp, "plain");
	kk_csv_sep(fp);
	kk_csv_put(fp, "a,b");
	kk_csv_sep(fp);
	kk_csv_put(fp, "say \"hi\"");
	kk_csv_sep(fp);
	kk_csv_put(fp, "two\nlines");
	kk_csv_sep(fp);
	kk_csv_put_num(fp, NAN);
	kk_csv_sep(fp);
	kk_csv_put_num(fp, 14.5);
	fclose(fp);
	cr_assert_str_eq(buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,14.5");
	free(buf);
}

/* kk_buf_csv_plain copies a record's fields through at once; it must
 * write what kk_buf_csv and a comma per field write, or nothing (false)
 * exactly when a field needs quotes.  Random fields, laid out as the
 * reader lays out a line it split: one after another, each ended by NUL. */
Test(out, plain_run_equals_field_by_field)
{
	static const char alphabet[] = "ab ,\"\r\n9";
	uint64_t x = 0x9E3779B97F4A7C15u;
	long plain = 0, quoted = 0;

	for (int t = 0; t < 20000; t++) {
		char line[200], *field[12];
		size_t len[12], n, o = 0;
		kk_buf want = { 0 }, got = { 0 };
		bool needs = false;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = 1 + x % 12;
		for (size_t k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			len[k] = x % 14;
			field[k] = line + o;
			for (size_t i = 0; i < len[k]; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				/* mostly letters: most runs are plain */
				line[o++] = x % 8 ? 'a' + (char)(x % 3) :
				    alphabet[(x >> 8) % (sizeof alphabet - 1)];
			}
			line[o++] = '\0';
			size_t before = want.len;
			kk_buf_csv(&want, field[k], len[k]);
			/* quoting adds two quotes at least */
			needs |= want.len - before != len[k];
			kk_buf_char(&want, ',');
		}
		kk_buf_str(&got, "x");
		if (kk_buf_csv_plain(&got, field, len, n)) {
			plain++;
			cr_assert(!needs);
			cr_assert_eq(got.len, want.len + 1);
			cr_assert(memcmp(got.p + 1, want.p, want.len) == 0);
		} else {
			quoted++;
			cr_assert(needs);
			cr_assert_eq(got.len, 1);
		}
		kk_buf_free(&want);
		kk_buf_free(&got);
	}
	cr_assert_gt(plain, 1000);
	cr_assert_gt(quoted, 1000);
}

/* The fast paths of parsing and formatting must agree with strtod and
 * printf ("%.15g"), the independent reference, on every short decimal. */
Test(num, fast_paths_agree_with_strtod_and_printf)
{
	char s[64], b[32], ref[32];
	double v;

	for (long i = -200000; i <= 200000; i += 7) {
		for (int k = 0; k <= 4; k++) {
			static const long p10[] = { 1, 10, 100, 1000, 10000 };
			long ip = labs(i) / p10[k], fp = labs(i) % p10[k];
			if (k == 0)
				snprintf(s, sizeof s, "%s%ld", i < 0 ? "-" : "", ip);
			else
				snprintf(s, sizeof s, "%s%ld,%0*ld", i < 0 ? "-" : "",
				    ip, k, fp);
			cr_assert_eq(kk_parse_double(s, strlen(s), &v), KK_NUM_OK);
			for (char *c = s; *c; c++)
				if (*c == ',')
					*c = '.';
			cr_assert_eq(v, strtod(s, NULL), "%s", s);
			snprintf(ref, sizeof ref, "%.15g", v == 0 ? 0.0 : v);
			cr_assert_str_eq(kk_format_double(b, v), ref);
		}
	}
}

/* Whole numbers, the commonest scores, take a digit loop each way: it
 * must agree with strtod and printf on any length, with leading zeros,
 * at zero and at the 15-digit edge. */
Test(num, whole_number_fast_paths_agree_with_strtod_and_printf)
{
	static const double edge[] = { 0, -0.0, 1, -1, 9, 10, 99, 100,
		999999999999999, -999999999999999, 1e15, -1e15, 1e15 + 2,
		123456789012345, 4503599627370496, 9007199254740992, 1e16, 1e22,
		0.5, -0.5, 1e-5, 2.5e-300 };
	unsigned long long x = 2463534242ULL;
	char s[32], b[32], ref[32];
	double v;

	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
		cr_assert_str_eq(kk_format_double(b, edge[i]),
		    format_reference(ref, edge[i]), "%.17g", edge[i]);
	for (int k = 0; k < 200000; k++) {
		size_t n = 1 + (size_t)k % 17;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s[i] = (char)('0' + x % 10);
		}
		s[n] = '\0';
		cr_assert_eq(kk_parse_double(s, n, &v), KK_NUM_OK, "%s", s);
		cr_assert_eq(v, strtod(s, NULL), "%s", s);
		cr_assert_str_eq(kk_format_double(b, v),
		    format_reference(ref, v));
		cr_assert_str_eq(kk_format_double(b, -v),
		    format_reference(ref, -v));
	}
}

/* Below 1e11 every double with up to four decimals is printed by
 * format_short exactly as "%.15g" would, so there kk_format_double must
 * be the printf reference throughout: z-scores, ratios, random bit
 * patterns, powers of ten and of two and their neighbours, ties. */
static unsigned long long
xorshift(void)
{
	static unsigned long long x = 88172645463325252ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

Test(num, format_agrees_with_printf_below_1e11)
{
	char b[32], ref[32];
	long checked = 0;

	for (int i = 0; i < 150000; i++) {
		double v[8], m, sd;
		unsigned long long bits = (unsigned long long)(1023 - 20 +
		    xorshift() % 57) << 52 | (xorshift() & ((1ULL << 52) - 1));
		memcpy(&v[0], &bits, sizeof v[0]);
		v[1] = (double)((long)(xorshift() % 2000001) - 1000000) /
		    (double)(1 + xorshift() % 99999);
		m = (double)(xorshift() % 10000) / 100;
		sd = (double)(1 + xorshift() % 5000) / 137;
		v[2] = ((double)(xorshift() % 101) - m) / sd;
		v[3] = pow(10, (int)(xorshift() % 16) - 5);
		v[4] = nextafter(v[3], 0);
		v[5] = nextafter(v[3], 1);
		v[6] = ldexp((double)(xorshift() % 100000),
		    -(int)(xorshift() % 40));
		v[7] = (1 - ldexp((double)(1 + xorshift() % 1000), -53)) *
		    pow(10, (int)(xorshift() % 15) - 4);
		for (int k = 0; k < 8; k++) {
			double w = (i & 1) ? -v[k] : v[k];
			if (!(fabs(w) < 1e11))
				continue;
			checked++;
			cr_assert_str_eq(kk_format_double(b, w),
			    format_reference(ref, w), "%.17g", w);
		}
	}
	cr_assert_gt(checked, 1000000);
}

/* Copying a canonical score instead of parsing and formatting it must
 * write the same bytes: kk_number_is_canonical(s) only where
 * kk_format_double(kk_parse_double(s)) is s itself. */
static bool
round_trips(const char *s)
{
	char b[32];
	double v;

	return kk_parse_double(s, strlen(s), &v) == KK_NUM_OK &&
	    strcmp(kk_format_double(b, v), s) == 0;
}

Test(num, canonical_numbers_are_what_format_writes)
{
	const char *yes[] = { "61", "61.5", "0", "0.5", "-0.25", "100",
		"0.0001", "-12.1234", "999999999999999", "99999999999.9999", NULL };
	const char *no[] = { "061", "61.50", "61,5", " 61", "61 ", "-0", "+61",
		"1e2", "61.", ".5", "-.5", "00", "0.00001", "61.12345", "-",
		"", "1000000000000000", "99999999999999.99", "6 1", "NaN",
		"0x10", "--1", "1-", "61.0", NULL };

	for (int i = 0; yes[i]; i++) {
		cr_expect(kk_number_is_canonical(yes[i], strlen(yes[i])), "%s", yes[i]);
		cr_expect(round_trips(yes[i]), "%s", yes[i]);
	}
	for (int i = 0; no[i]; i++)
		cr_expect(!kk_number_is_canonical(no[i], strlen(no[i])), "%s", no[i]);

	/* random spellings: every one called canonical reads back as itself */
	static const char alphabet[] = "0123456789000.,-+e ";
	unsigned long long x = 88172645463325252ULL;
	long canonical = 0;
	char s[20];
	for (int k = 0; k < 300000; k++) {
		size_t n = 1 + k % 18;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly digits, so that long numbers come up */
			s[i] = alphabet[x % 8 < 6 ? x % 10 : x % (sizeof alphabet - 1)];
		}
		s[n] = '\0';
		if (kk_number_is_canonical(s, n)) {
			canonical++;
			cr_assert(round_trips(s), "%s", s);
		}
	}
	cr_assert_gt(canonical, 10000);

	/* and what format writes for short decimals is recognised */
	char b[32];
	for (long i = -300000; i <= 300000; i += 13)
		for (int d = 1; d <= 10000; d *= 10) {
			kk_format_double(b, (double)i / d);
			cr_assert(kk_number_is_canonical(b, strlen(b)), "%s", b);
		}
}

/* A pipe is read once; with delimiter and encoding both given nothing
 * is sniffed, and the rows still start at its start. */
Test(csv, piped_stdin_with_explicit_dialect)
{
	int fds[2];
	kk_csv_options o = { ',', KK_ENC_UTF8, false };
	const kk_record *r;

	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(write(fds[1], "a,b\n1,2\n", 8), 8);
	close(fds[1]);
	int saved = dup(0);
	dup2(fds[0], 0);
	close(fds[0]);
	kk_csv *c = kk_csv_open("-", &o, NULL);
	dup2(saved, 0);
	close(saved);
	cr_assert_not_null(c);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[0], "a");
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_assert_str_eq(r->field[1], "2");
	cr_assert_eq(kk_csv_next(c, &r), 0);
	kk_csv_close(c);
}

/* kk_csv_open("-") on a pipe that a child fills with data[0..n). */
static kk_csv *
open_piped(const char *data, size_t n)
{
	int fds[2], saved = dup(0);
	pid_t child;
	kk_csv *c;

	cr_assert_eq(pipe(fds), 0);
	child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		close(fds[0]);
		for (size_t k = 0; k < n; ) {
			ssize_t w = write(fds[1], data + k, n - k);
			if (w <= 0)
				_exit(1);
			k += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	dup2(fds[0], 0);
	close(fds[0]);
	c = kk_csv_open("-", NULL, NULL);
	dup2(saved, 0);
	close(saved);
	cr_assert_not_null(c);
	return c;
}

/* A pipe is read once, as it comes: its first line is kept to sniff the
 * delimiter and read again from memory, and an encoding error is placed
 * by counting, as it cannot be read twice. */
Test(csv, pipe_read_once)
{
	kk_buf b = { 0 };
	const kk_record *r;
	long rows = 0;
	int st;

	kk_buf_str(&b, "sep=;\nk;n\n");
	for (int i = 0; i < 20000; i++) {
		char line[64];
		snprintf(line, sizeof line, "%05d;Vestre Toten kommune\n", i);
		kk_buf_str(&b, line);
	}
	kk_buf_str(&b, "1;R\xc3\xb8ros\n2;Gr\xe4storp\n");
	kk_csv *c = open_piped(b.p, b.len);
	cr_assert_eq(kk_csv_next(c, &r), 1);
	cr_expect_str_eq(r->field[1], "n");
	rows = rows_before_refusal(c, 20004, 5, "mixed encodings");
	cr_expect_gt(rows, 1);
	while (wait(NULL) > 0)
		;

	/* the same rows without the last: all read, ';' sniffed */
	b.len -= strlen("2;Gr\xe4storp\n");
	c = open_piped(b.p, b.len);
	rows = 0;
	while ((st = kk_csv_next(c, &r)) > 0)
		if (++rows == 20002)
			cr_expect_str_eq(r->field[1], "Røros");
	cr_expect_eq(st, 0, "%s", kk_csv_errmsg(c));
	cr_expect_eq(rows, 20002);
	cr_expect_eq(kk_csv_delimiter(c), ';');
	kk_csv_close(c);
	while (wait(NULL) > 0)
		;
	kk_buf_free(&b);
}

/* A character straddling two reads of a file declared UTF-8 is fine; a
 * byte that is not UTF-8 is reported at its line. */
Test(csv, explicit_utf8_across_reads)
{
	char path[] = "/tmp/kk-utf8-XXXXXX";
	int fd = mkstemp(path);
	kk_csv_options o = { ',', KK_ENC_UTF8, false };
	const kk_record *r;
	long rows = 0;
	FILE *fp = fdopen(fd, "w");

	cr_assert_not_null(fp);
	/* a 6-byte header, then lines of 29 bytes with 'Ö' at bytes 6-7:
	 * 262144 = 6 + 9039 * 29 + 7, so the first 256 KiB read ends inside
	 * an 'Ö' */
	fputs("ab,cd\n", fp);
	for (int i = 0; i < 20000; i++)
		fprintf(fp, "%05d,Östre Toten kommune x\n", i);
	fclose(fp);
	kk_csv *c = kk_csv_open(path, &o, NULL);
	cr_assert_not_null(c);
	int st;
	while ((st = kk_csv_next(c, &r)) > 0)
		rows++;
	cr_assert_eq(st, 0, "%s", kk_csv_errmsg(c));
	cr_assert_eq(rows, 20001);
	kk_csv_close(c);

	fp = fopen(path, "w");
	fputs("a,b\n1,R\xf8ros\n", fp);
	fclose(fp);
	expect_refused(kk_csv_open(path, &o, NULL), 2, 4, "invalid UTF-8 (try "
	    "--encoding windows-1252)");
	unlink(path);
}

/* The encoding is checked as the input is read: a file is ASCII up to
 * its first other byte, which decides it.  A UTF-8 letter and, further
 * on, a byte that is not UTF-8 are two encodings in one file, refused
 * at the byte that is not UTF-8 whichever comes first, after the reads
 * before it have given their rows (256 KiB a read here). */
Test(csv, encoding_decided_while_reading)
{
	char path[] = "/tmp/kk-mixed-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	long rows = 0;

	cr_assert_not_null(fp);
	fputs("k,n\n", fp);
	for (int i = 0; i < 20000; i++)         /* 440 KB of ASCII */
		fprintf(fp, "%05d,Vestre Toten kommune\n", i);
	fputs("1,R\xc3\xb8ros\n2,Gr\xe4storp\n", fp);
	fclose(fp);
	kk_csv *c = kk_csv_open(path, NULL, NULL);
	cr_assert_not_null(c);
	cr_expect_eq(kk_csv_encoding(c), KK_ENC_AUTO);
	rows = rows_before_refusal(c, 20003, 5, "mixed encodings");
	cr_expect_gt(rows, 1);                  /* the first read's rows */
	cr_expect_lt(rows, 20001);

	/* the other way round: Windows-1252 first, then a UTF-8 letter */
	static const char cp_first[] = "k,n\n2,Gr\xe4storp\n1,R\xc3\xb8ros\n";
	expect_refused(kk_csv_open_mem("t", cp_first, sizeof cp_first - 1, NULL,
	    NULL), 2, 5, "mixed encodings");
	unlink(path);
}

/* ---- options (opt.c) -------------------------------------------------- */

enum { T_HELP, T_OUTPUT, T_SEED, T_LATEST };
static const kk_option t_options[] = {
	{ "help", false, T_HELP },
	{ "o", true, T_OUTPUT }, { "output", true, T_OUTPUT },
	{ "latest", false, T_LATEST },
	{ "seed", true, T_SEED },
	{ NULL, false, 0 }
};

/* Options answer with their id, whatever their place in the table. */
Test(opt, matched_by_name_answered_by_id)
{
	char *argv[] = { "kk-x", "--seed", "7", "-o", "a.csv", "--latest",
		"--output=b.csv", "--", "-", NULL };
	int argc = 9, i = 1;
	const char *val;

	cr_expect_eq(kk_getopt(argc, argv, &i, t_options, &val), T_SEED);
	cr_expect_str_eq(val, "7");
	cr_expect_eq(kk_getopt(argc, argv, &i, t_options, &val), T_OUTPUT);
	cr_expect_str_eq(val, "a.csv");
	cr_expect_eq(kk_getopt(argc, argv, &i, t_options, &val), T_LATEST);
	cr_expect_null(val);
	cr_expect_eq(kk_getopt(argc, argv, &i, t_options, &val), T_OUTPUT);
	cr_expect_str_eq(val, "b.csv");
	cr_expect_eq(kk_getopt(argc, argv, &i, t_options, &val), -1);
	cr_expect_eq(i, 8);
	cr_expect_str_eq(argv[i], "-");
}

Test(opt, unknown_is_a_usage_error, .exit_code = 2)
{
	char *argv[] = { "kk-x", "--sed", "7", NULL };
	int i = 1;
	const char *val;

	kk_getopt(3, argv, &i, t_options, &val);
}

Test(opt, flag_with_value_is_a_usage_error, .exit_code = 2)
{
	char *argv[] = { "kk-x", "--latest=yes", NULL };
	int i = 1;
	const char *val;

	kk_getopt(2, argv, &i, t_options, &val);
}
