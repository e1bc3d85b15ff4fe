/*
 * libFuzzer target for the CSV reader (lib/csvread.c) and the helpers
 * every stage runs on its fields (kk_parse_double, kk_fold).
 * Built and run by pipeline/fuzz.sh; see doc/fuzzing.md.
 *
 * Besides "no crash, no leak, no undefined behaviour" it checks what
 * kk.h promises, so a silent contract break is a crash too:
 *   - every field is NUL-terminated at len and is valid UTF-8;
 *   - record line numbers never go backwards;
 *   - a parsed number is finite and its shortest form reads back equal;
 *   - a folded name is only [a-z0-9] runs joined by single '_';
 *   - text kk_number_is_canonical accepts is what kk_format_double
 *     writes for it (kk-ingest copies such scores unparsed);
 *   - the reader's own split of quote-free lines gives the same records,
 *     line numbers and errors as libcsv alone, at any read-chunk size.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

#define CHECK(c) do { if (!(c)) { \
	fprintf(stderr, "fuzz_reader: contract broken: %s (%s:%d)\n", \
	    #c, __FILE__, __LINE__); abort(); } } while (0)

static void
check_number(const char *s, size_t len)
{
	char buf[32];
	double v, back;

	if (kk_parse_double(s, len, &v) != KK_NUM_OK)
		return;
	CHECK(isfinite(v));
	kk_format_double(buf, v);
	CHECK(kk_parse_double(buf, strlen(buf), &back) == KK_NUM_OK);
	CHECK(back == v);
	if (kk_number_is_canonical(s, len))
		CHECK(strlen(buf) == len && memcmp(buf, s, len) == 0);
}

/* What a read yields, as bytes, so that two reads can be compared. */
typedef struct {
	char *p;
	size_t len, cap;
} trace;

static void
trace_add(trace *t, const void *p, size_t len)
{
	if (len == 0)
		return;
	if (t->len + len > t->cap) {
		t->cap = 2 * (t->len + len) + 64;
		t->p = realloc(t->p, t->cap);
		CHECK(t->p != NULL);
	}
	memcpy(t->p + t->len, p, len);
	t->len += len;
}

static void
check_fold(const char *s)
{
	char *f = kk_fold(s), *p;

	CHECK(f[0] != '_');
	for (p = f; *p; p++) {
		CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '_');
		CHECK(!(p[0] == '_' && (p[1] == '_' || p[1] == '\0')));
	}
	free(f);
}

static void
read_all(const uint8_t *data, size_t size, const kk_csv_options *opt,
    trace *t)
{
	const kk_record *rec;
	char *errmsg = NULL;
	long last = 0;
	kk_csv *c;
	size_t i;
	int r;

	c = kk_csv_open_mem("fuzz", (const char *)data, size, opt, &errmsg);
	if (!c) {
		free(errmsg);
		return;
	}
	while ((r = kk_csv_next(c, &rec)) == 1) {
		CHECK(rec->line >= last);
		last = rec->line;
		trace_add(t, &rec->line, sizeof rec->line);
		trace_add(t, &rec->nfields, sizeof rec->nfields);
		for (i = 0; i < rec->nfields; i++) {
			trace_add(t, rec->field[i], rec->len[i] + 1);
			CHECK(rec->field[i][rec->len[i]] == '\0');
			CHECK(kk_utf8_valid(rec->field[i], rec->len[i]));
			check_number(rec->field[i], rec->len[i]);
			check_fold(rec->field[i]);
		}
	}
	if (r == -1) {
		CHECK(kk_csv_errmsg(c)[0] != '\0');
		trace_add(t, kk_csv_errmsg(c), strlen(kk_csv_errmsg(c)));
	}
	kk_csv_close(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* What kk-ingest does with no flags... */
	kk_csv_options autodetect = { 0, KK_ENC_AUTO, false };
	/* ...and the explicit paths: a forced dialect, ragged rows allowed. */
	kk_csv_options forced = { ';', KK_ENC_CP1252, true };

	const kk_csv_options *opts[] = { &autodetect, &forced };
	/* A small read chunk now and then, so that lines straddle reads. */
	size_t chunk = size > 0 && data[0] % 4 == 0 ? 1 + data[0] % 61 : 0;
	trace split = { 0 }, plain = { 0 };

	for (size_t k = 0; k < 2; k++) {
		split.len = plain.len = 0;
		kk_csv_tune(chunk, true);
		read_all(data, size, opts[k], &split);
		kk_csv_tune(chunk, false);
		read_all(data, size, opts[k], &plain);
		CHECK(split.len == plain.len && (split.len == 0 ||
		    memcmp(split.p, plain.p, split.len) == 0));
	}
	kk_csv_tune(0, true);
	free(split.p);
	free(plain.p);
	return 0;
}
