/*
 * kk.h - the shared library every kompass stage links.
 *
 * Errors, allocation, number parsing, CSV reading (libcsv with dialect
 * handling), CSV writing and atomic output live here and nowhere else.
 *
 * Exit status convention for every program:
 *   0  success
 *   1  data error (bad input, rejected rows, failed validation, I/O error)
 *   2  usage error (bad option)
 */
#ifndef KK_H
#define KK_H

#include <stddef.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

/* ---- errors (err.c) --------------------------------------------------- */

/* Program name used as message prefix ("kk-ingest"). */
extern const char *kk_prog;
void kk_set_prog(const char *argv0);

/* "prog: message\n" on stderr, then exit(1).  A format ending in ':'
 * gets ": strerror(errno)" appended, as in sbase's eprintf. */
_Noreturn void kk_die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* "prog: FILE:LINE:COL: message\n", exit(1).  line/col <= 0 are omitted. */
_Noreturn void kk_die_at(const char *file, long line, long col,
	const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Usage errors: "prog: message\nTry 'prog --help'.\n", exit(2). */
_Noreturn void kk_usage(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void kk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kk_warn_at(const char *file, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Write s with control characters escaped (\n, \t, \x1b), for text
 * from data in messages. */
void kk_fputs_safe(const char *s, FILE *fp);

void *kk_malloc(size_t n);
void *kk_calloc(size_t n, size_t size);
void *kk_realloc(void *p, size_t n);
/* Keep freed blocks for the next malloc rather than give them back to
 * the system (see lib/err.c): for a stage that frees and allocates large
 * blocks over and over. */
void kk_malloc_keep(void);
/* Grow *p (holding *cap elements of size elsz) to hold at least need. */
void kk_grow(void **p, size_t *cap, size_t need, size_t elsz);
char *kk_strdup(const char *s);
/* printf into a new string (labels and messages hold names of any length) */
char *kk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *kk_vasprintf(const char *fmt, va_list ap);
/* "dir/file" as a new string */
char *kk_path_join(const char *dir, const char *file);
char *kk_strndup(const char *s, size_t n);

/* ---- numbers (num.c) -------------------------------------------------- */

typedef enum {
	KK_NUM_OK = 0,
	KK_NUM_EMPTY,    /* empty or only spaces: a missing value */
	KK_NUM_INVALID,  /* not a number ("9O", "61,5,2", "NaN", "5 612") */
	KK_NUM_RANGE     /* a number, but not finite in a double ("1e999") */
} kk_num_status;

/* Parse a decimal number with '.' or ',' as decimal mark, optional sign
 * and exponent, surrounded by optional spaces (ASCII space, TAB, U+00A0).
 * Never consults the locale.  Thousands separators, NaN and infinities
 * are INVALID. */
kk_num_status kk_parse_double(const char *s, size_t len, double *out);
/* Integer in [min, max]; same trimming rules; no decimal mark. */
kk_num_status kk_parse_long(const char *s, size_t len, long min, long max,
	long *out);
/* Human-readable reason for a non-OK status. */
const char *kk_num_reason(kk_num_status st);
/* Shortest "%.{15..17}g" form that reads back to the same double;
 * buf must hold 32 bytes.  Returns buf. */
char *kk_format_double(char buf[32], double v);
/* Is s exactly what kk_format_double writes for the number it spells
 * ("61", "61.5", "-0.25"; not "061", "61.50", "61,5", " 61", "-0",
 * "1e2")?  Such text can be copied instead of parsed and formatted. */
bool kk_number_is_canonical(const char *s, size_t len);

/* ---- text helpers (text.c) -------------------------------------------- */

/* Fold a UTF-8 string for matching headers and names: lower case, Nordic
 * and common Latin accents removed (å->a, ä->a, æ->ae, ø->o, ö->o, é->e,
 * ü->u), every run of non-alphanumerics turned into one '_', leading and
 * trailing '_' dropped.  "Område 1" -> "omrade_1", "Poäng totalt" ->
 * "poang_totalt".  Returns a new string. */
char *kk_fold(const char *s);
/* Is s (len bytes) valid UTF-8 (no overlongs, no surrogates)? */
bool kk_utf8_valid(const char *s, size_t len);

/* Text a stage keeps to its end, in blocks of at least 1 MiB: a malloc
 * per string costs headers and calls when a stage keeps one for each of
 * a panel's evaluations.  A new block is as large as all before it (up
 * to 32 MiB), so a large panel's text takes few, large blocks (see
 * kk_malloc on those).  Start from { 0 }; freed all at once. */
typedef struct {
	struct kk_block *blocks;
	size_t left;             /* bytes free in the newest block */
	size_t total;            /* bytes in all blocks */
} kk_arena;
char *kk_arena_alloc(kk_arena *a, size_t n);
const char *kk_arena_strdup(kk_arena *a, const char *s);
void kk_arena_free(kk_arena *a);

/* ---- CSV reading (csvread.c) ------------------------------------------ */

enum kk_encoding {
	KK_ENC_AUTO = 0,     /* UTF-8 if the whole file is valid UTF-8,
				otherwise Windows-1252 */
	KK_ENC_UTF8,
	KK_ENC_CP1252,
	KK_ENC_LATIN1
};

typedef struct {
	char delimiter;          /* 0: detect ';', ',' or TAB from header line */
	enum kk_encoding encoding;
	bool allow_ragged;       /* false: a row with a field count other
				    than the header's is a structural error */
} kk_csv_options;

/* One record.  Fields are NUL-terminated UTF-8, valid until the next call
 * to kk_csv_next.  line is the physical line (counting every LF in the
 * file, also those inside quoted fields) on which the record starts. */
typedef struct {
	size_t nfields;
	char **field;
	size_t *len;
	long line;
} kk_record;

typedef struct kk_csv kk_csv;

/* Open a file ("-" = stdin; a pipe is read once, as it comes, its
 * first line kept in memory to sniff the delimiter).  A leading
 * byte-order mark and Excel's "sep=X" line (which sets the delimiter)
 * are skipped; UTF-16 with its byte-order mark is decoded.  Returns
 * NULL with kk_csv_error set only for
 * errors the caller may want to survive; kk_csv_open_or_die dies with
 * "prog: FILE: reason" (directory, unreadable, empty file, ...). */
kk_csv *kk_csv_open(const char *path, const kk_csv_options *opt,
	char **errmsg);
kk_csv *kk_csv_open_or_die(const char *path, const kk_csv_options *opt);
/* Read from memory (used by the fuzz target and unit tests). */
kk_csv *kk_csv_open_mem(const char *name, const char *data, size_t len,
	const kk_csv_options *opt, char **errmsg);

/* 1: *rec set; 0: end of file; -1: structural error, see kk_csv_errmsg/
 * kk_csv_errline/kk_csv_errcol.  The first record is the header.  The
 * encoding is checked as the input is read, once: a byte that makes the
 * file unreadable (not UTF-8 in a file given as UTF-8, or two encodings
 * in one file) is an error when the reader reaches it, after the rows
 * before it. */
int kk_csv_next(kk_csv *c, const kk_record **rec);
/* Same, but a structural error dies with "prog: FILE:LINE:COL: reason". */
const kk_record *kk_csv_next_or_die(kk_csv *c);
const char *kk_csv_errmsg(const kk_csv *c);
long kk_csv_errline(const kk_csv *c);
long kk_csv_errcol(const kk_csv *c);

/* Blank lines and rows of only empty fields (";;;;") skipped so far:
 * they are no records. */
long kk_csv_blank(const kk_csv *c);
/* 1 if line 1 was Excel's "sep=X" (it set the delimiter), else 0. */
long kk_csv_sep_line(const kk_csv *c);
/* What was detected and why, as lines "encoding: ...", "delimiter: ...",
 * "line ends: ...", each ending in '\n'.  Reads the input once more:
 * call it before the first kk_csv_next.  Returns a new string. */
char *kk_csv_describe(kk_csv *c);
const char *kk_csv_name(const kk_csv *c);      /* path as given, or "-" */
char kk_csv_delimiter(const kk_csv *c);
/* The encoding as far as read: KK_ENC_AUTO while every byte so far is
 * ASCII (which reads the same in each); at the end, the file's. */
enum kk_encoding kk_csv_encoding(const kk_csv *c);
const char *kk_encoding_name(enum kk_encoding e);
/* Parse "utf-8", "windows-1252"/"cp1252", "iso-8859-1"/"latin1";
 * returns false if unknown. */
bool kk_encoding_parse(const char *s, enum kk_encoding *e);
void kk_csv_close(kk_csv *c);
/* For tests only: read input in pieces of at most chunk bytes (0: the
 * default; memory input then comes in one piece), and whether whole
 * lines without quotes may be split without libcsv (default true).
 * Applies to readers opened afterwards.  Not thread-safe. */
void kk_csv_tune(size_t chunk, bool split);

/* ---- tables with named columns (table.c) ------------------------------ */

/* A whole CSV read into memory with its header, for the stages that need
 * random access (validate, stats, plot).  Comma-separated UTF-8 as the
 * stages write it; any dialect is accepted.  Dies on structural errors. */
typedef struct {
	char *name;              /* file name for messages */
	size_t ncols;
	char **col;              /* header names */
	size_t nrows;
	char ***cell;            /* cell[row][col], NUL-terminated; a row is
				    one allocation: never free a cell */
	long *line;              /* physical line of each row */
} kk_table;

kk_table *kk_table_read(const char *path);
/* Column index of name, or -1. */
long kk_table_col(const kk_table *t, const char *name);
/* Column index of name; dies "FILE: missing column NAME" if absent. */
size_t kk_table_need(const kk_table *t, const char *name);
/* The same over any list of header names (a header record's fields, for
 * a stage that reads row by row), FILE naming the file in the message. */
long kk_col_index(char *const *names, size_t n, const char *name);
size_t kk_col_need(const char *file, char *const *names, size_t n,
	const char *name);
void kk_table_free(kk_table *t);

/* The same kind of table a row at a time, for a stage that keeps less
 * than the whole of it: the header's names are kept (kk_csv_next reuses
 * the header record), the rows come as kk_csv_next returns them.  Dies
 * as kk_table_read does. */
typedef struct {
	kk_csv *csv;
	char **col;              /* header names */
	size_t ncols;
	const kk_record *row;    /* the current row, once kk_rows_next ran */
} kk_rows;

void kk_rows_open(kk_rows *r, const char *path);
/* The next row (also r->row), or NULL at the end. */
const kk_record *kk_rows_next(kk_rows *r);
const char *kk_rows_name(const kk_rows *r);     /* the file, as given */
long kk_rows_col(const kk_rows *r, const char *name);
size_t kk_rows_need(const kk_rows *r, const char *name);
void kk_rows_close(kk_rows *r);

/* ---- output (out.c) --------------------------------------------------- */

/* An output file written beside its destination under a temporary name
 * and renamed over it only by kk_out_commit.  If the program exits
 * (kk_die, exit, SIGINT/SIGTERM/SIGHUP) before the commit, the temporary
 * file is removed and the destination is left as it was.
 * path NULL or "-" writes to stdout (commit then only flushes and checks
 * for write errors). */
typedef struct kk_out kk_out;
kk_out *kk_out_open(const char *path);
/* The same, but standard output (path NULL or "-") also gets nothing
 * unless committed: the output waits in an unlinked temporary file (in
 * $TMPDIR) and is copied out by kk_out_commit.  A terminal is written
 * as it comes. */
kk_out *kk_out_open_whole(const char *path);
FILE *kk_out_fp(kk_out *o);
/* The temporary file's name, for a writer that opens its output by name
 * (libxlsxwriter) and has finished with it before kk_out_commit; NULL
 * when writing to stdout or in place to a device or FIFO. */
const char *kk_out_tmpname(const kk_out *o);
/* Flush, fsync, close, rename; dies "prog: PATH: reason" on any error
 * (including a full device). */
void kk_out_commit(kk_out *o);
/* Ensure a directory exists (mkdir -p); dies on error. */
void kk_mkdirs(const char *dir);

/* CSV writing: RFC 4180, comma, LF.  A field is quoted when it contains
 * ',', '"', CR or LF (or leading/trailing space). */
void kk_csv_put(FILE *fp, const char *s);
void kk_csv_putn(FILE *fp, const char *s, size_t n);
/* Number field: empty when isnan(v) (missing), else kk_format_double. */
void kk_csv_put_num(FILE *fp, double v);
/* n number fields, each preceded by a separator */
void kk_csv_put_nums(FILE *fp, const double *v, size_t n);
/* A growable byte buffer, for building a whole output line and writing it
 * with one fwrite (the writers above cost a call per field). */
typedef struct {
	char *p;
	size_t len, cap;
} kk_buf;
void kk_buf_add(kk_buf *b, const char *s, size_t n);
void kk_buf_str(kk_buf *b, const char *s);
void kk_buf_csv(kk_buf *b, const char *s, size_t n);  /* quoted as needed */
/* The n fields of a record from field[0] on, each followed by ',', as
 * kk_buf_csv would write them, in one copy: for fields that lie one
 * after another, each ended by its NUL (as the reader keeps a line it
 * split), none needing quotes.  Otherwise appends nothing and returns
 * false, for the caller to write them one by one. */
bool kk_buf_csv_plain(kk_buf *b, char *const *field, const size_t *len,
	size_t n);
void kk_buf_num(kk_buf *b, double v);                 /* empty for NaN */
static inline void
kk_buf_char(kk_buf *b, char c)
{
	if (b->len + 2 <= b->cap)           /* room for c and a NUL */
		b->p[b->len++] = c;
	else
		kk_buf_add(b, &c, 1);
}
/* Room for n more bytes (and a NUL) at the end of b; returns where they
 * go, for a line assembled in place with kk_put (set b->len after). */
char *kk_buf_reserve(kk_buf *b, size_t n);
static inline char *
kk_put(char *at, const char *s, size_t n)
{
	memcpy(at, s, n);
	return at + n;
}
void kk_buf_free(kk_buf *b);

/* Separators: kk_csv_sep writes ',', kk_csv_eol writes '\n'. */
static inline void kk_csv_sep(FILE *fp) { putc(',', fp); }
static inline void kk_csv_eol(FILE *fp) { putc('\n', fp); }

/* ---- data files (data.c) ----------------------------------------------- */

/* Path of NAME under the project's data/ directory: $KK_DATA/NAME when the
 * environment sets KK_DATA, else the data/ directory of the checkout the
 * program was built from.  Returns a new string. */
char *kk_data_path(const char *name);
/* Path of NAME among the chart templates: $KK_PLOTS/NAME when the
 * environment sets KK_PLOTS, else KK_PLOTSDIR as built (the checkout's
 * plots/; an installed build gives its share directory).  Returns a new
 * string. */
char *kk_plots_path(const char *name);

/* ---- command line (opt.c) --------------------------------------------- */

/* Minimal long-option parser shared by all stages, so every program takes
 * --help and "--name value" / "--name=value" alike.  A stage lists its
 * options in a table beside an enum of its own, as datamash's
 * long_options[]; an option is matched by name and answered by its id, so
 * inserting one renumbers nothing:
 *
 *	enum { OPT_HELP, OPT_OUTPUT };
 *	static const kk_option options[] = {
 *		{ "help", false, OPT_HELP },
 *		{ "o", true, OPT_OUTPUT }, { "output", true, OPT_OUTPUT },
 *		{ NULL, false, 0 }
 *	};
 *
 * A one-letter name is a short option (-o FILE), any other a long one. */
typedef struct {
	const char *name;
	bool value;             /* takes a value */
	int id;                 /* what kk_getopt returns for it */
} kk_option;

/* The id of the option at argv[*i] (its value, if it takes one, in
 * *val), -1 at the first operand (argv[*i] is then the operand), or a
 * usage error.  "--" ends options; "-" is an operand (stdin).
 * --version, unless opts has it, prints "PROG (kompass) VERSION" and
 * exits 0. */
int kk_getopt(int argc, char **argv, int *i, const kk_option *opts,
	const char **val);

#endif
