/*
 * kk-size - join every evaluation to its municipality's population and
 * size class.  See usage_text and doc/population.md.
 *
 * Rows are streamed: memory holds the population tables and the current
 * evaluation, never the input.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "population.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-size [options] FILE\n"
"Add municipality_id,population,population_year,log10_population,\n"
"size_class to the kk-normalise table FILE ('-' is standard input).\n"
"\n"
"  -o, --output FILE        write the table to FILE (only if all joined)\n"
"      --population-dir DIR every *_population.csv and *_code_changes.csv\n"
"                           in DIR (default: data/population)\n"
"      --population FILE    a population table (repeatable; replaces the\n"
"                           directory)\n"
"      --code-changes FILE  a code-change table (repeatable): country,\n"
"                           old_code, new_code, valid_from\n"
"      --breaks LIST        size-class breaks, e.g. 5000,10000,50000, for\n"
"                           every country, or per country:\n"
"                           NO:5000,10000,SE:10000,50000 (default 5000,10000)\n"
"      --allow-unmatched    keep unjoinable evaluations with empty columns\n"
"                           and exit 0\n"
"      --unmatched FILE     list them: evaluation_id,municipality_code,year,\n"
"                           reason\n"
"      --help               show this help\n"
"\n"
"Norway's figure is the population on 1 January of the evaluation year,\n"
"Sweden's on 31 December of the year before; past the end of a table the\n"
"latest earlier figure is used and population_year says which.  Codes are\n"
"followed through renumberings and mergers, never through a split; names\n"
"are only checked (a warning), never joined on.  municipality_id names\n"
"the municipality across renumberings (Røros 1640 and 5025: NO-5025);\n"
"a merger or split starts another, an absorbed one ends (Klæbu into\n"
"Trondheim, 2020), and an old code used after its change is the\n"
"municipality of that year (Klæbu's 5030 in 2022: NO-5001).  Size\n"
"classes: '<5000' below 5000, '5000-10000' from 5000 to 10000\n"
"inclusive, '>10000' above.\n"
"Exit 0 on success, 1 on a data error or an unmatched evaluation, 2 on a\n"
"usage error.\n";

/* The key columns, which make an evaluation, in the order of struct
 * evaluation's fields: the normalised table's first five. */
enum { NKEY = KK_N_YEAR + 1 };

struct config {
	kk_pop *pop;
	kk_size_classes *classes;   /* later entries win */
	size_t nclasses;
	bool allow_unmatched;
	kk_out *unmatched;
};

/* The evaluation being read: consecutive rows share it. */
struct evaluation {
	char *id, *country, *code, *name, *year;
	size_t klen[NKEY];  /* their lengths */
	kk_buf keys;        /* when the key columns come first, in order,
			       one after another in the reader's buffer:
			       their bytes, each field ended by its NUL */
	bool joined;
	char *identity;     /* kk_pop_identity's */
	kk_pop_match m;
	const kk_size_classes *sc;
	kk_buf tail;    /* the added columns and the line's end: the same
			   for every row of the evaluation, so formatted once */
	kk_buf head;    /* the leading columns that are key columns, quoted
			   and each followed by ',': the same in every row */
	size_t nhead;   /* how many columns head holds */
	/* kk_pop_name_agrees's verdict on place (country, code and name,
	 * each ended by a NUL): rows come grouped by municipality, so the
	 * next evaluation usually asks the same.  Kept across evaluations. */
	kk_buf place, key;
	bool agrees;
};

struct counts {
	long evaluations, joined, unmatched;
};

/* ---- options ------------------------------------------------------------ */

static void
add_classes(struct config *c, const char *country, const char *s, size_t n)
{
	kk_size_classes sc;

	if (!kk_size_parse(s, n, &sc))
		kk_usage("--breaks: '%.*s' is not a list of increasing "
			"positive integers", (int)n, s);
	sc.country = country ? kk_strdup(country) : NULL;
	c->classes = kk_realloc(c->classes, (c->nclasses + 1) * sizeof sc);
	c->classes[c->nclasses++] = sc;
}

static bool
is_country_prefix(const char *s)
{
	return s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	    s[2] == ':';
}

/* "5000,10000" or "NO:5000,10000,SE:10000,50000": a "CC:" starts the
 * list of the country CC. */
static void
parse_breaks(struct config *c, const char *val)
{
	const char *s = val;

	while (*s) {
		char *country = NULL;
		const char *end;

		if (is_country_prefix(s)) {
			country = kk_strndup(s, 2);
			s += 3;
		}
		for (end = s; *end; end++)
			if (*end == ',' && is_country_prefix(end + 1))
				break;
		add_classes(c, country, s, (size_t)(end - s));
		free(country);
		s = *end ? end + 1 : end;
	}
	if (s == val)
		kk_usage("--breaks: empty list");
}

static const kk_size_classes *
classes_for(const struct config *c, const char *country)
{
	const kk_size_classes *all = NULL;

	for (size_t i = c->nclasses; i-- > 0; ) {
		if (c->classes[i].country &&
		    strcmp(c->classes[i].country, country) == 0)
			return &c->classes[i];
		if (!c->classes[i].country && !all)
			all = &c->classes[i];
	}
	return all;
}

/* ---- one evaluation ----------------------------------------------------- */

/* Ready for the next evaluation; the buffers keep their memory. */
static void
evaluation_reset(struct evaluation *e)
{
	free(e->id);
	free(e->country);
	free(e->code);
	free(e->name);
	free(e->year);
	free(e->identity);
	e->id = e->country = e->code = e->name = e->year = NULL;
	e->identity = NULL;
	kk_pop_match_clear(&e->m);
	e->tail.len = e->head.len = e->keys.len = 0;
}

static void
evaluation_free(struct evaluation *e)
{
	evaluation_reset(e);
	kk_buf_free(&e->tail);
	kk_buf_free(&e->head);
	kk_buf_free(&e->place);
	kk_buf_free(&e->key);
	kk_buf_free(&e->keys);
}

static bool
name_agrees(const struct config *c, struct evaluation *e)
{
	kk_buf t;

	e->key.len = 0;
	kk_buf_add(&e->key, e->country, e->klen[1] + 1);
	kk_buf_add(&e->key, e->code, e->klen[2] + 1);
	kk_buf_add(&e->key, e->name, e->klen[3] + 1);
	if (e->place.len == e->key.len &&
	    memcmp(e->place.p, e->key.p, e->key.len) == 0)
		return e->agrees;
	t = e->place, e->place = e->key, e->key = t;
	e->agrees = kk_pop_name_agrees(c->pop, e->country, e->code, e->name);
	return e->agrees;
}

/* The bytes of the first five fields with their NULs, when they lie
 * one after another; else 0.  Equal such bytes are equal fields. */
static size_t
key_bytes(const kk_record *r)
{
	for (size_t k = 1; k < NKEY; k++)
		if (r->field[k] != r->field[k - 1] + r->len[k - 1] + 1)
			return 0;
	return (size_t)(r->field[NKEY - 1] + r->len[NKEY - 1] - r->field[0]) +
	    1;
}

/* Asked of every row: lengths first, then bytes (the reader rejects a
 * NUL inside a field, so this is strcmp's answer). */
static bool
same_evaluation(const struct evaluation *e, const kk_record *r,
	const size_t *col)
{
	const char *key[] = { e->id, e->country, e->code, e->name, e->year };

	if (!e->id)
		return false;
	if (e->keys.len && key_bytes(r) == e->keys.len &&
	    memcmp(r->field[0], e->keys.p, e->keys.len) == 0)
		return true;
	for (size_t k = 0; k < NKEY; k++)
		if (r->len[col[k]] != e->klen[k] ||
		    memcmp(key[k], r->field[col[k]], e->klen[k]) != 0)
			return false;
	return true;
}

/* Data in a message on stderr: control characters escaped, so that a
 * name cannot forge a line of its own. */
static char *
visible(const char *s)
{
	size_t n = strlen(s);
	char *v = kk_malloc(4 * n + 1), *o = v;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '\n')
			o += sprintf(o, "\\n");
		else if (ch < 0x20 || ch == 0x7f)
			o += sprintf(o, "\\x%02x", ch);
		else
			*o++ = (char)ch;
	}
	*o = '\0';
	return v;
}

static void
list_unmatched(const struct config *c, const struct evaluation *e,
	const char *file, long line)
{
	char *id = visible(e->id), *why = visible(e->m.reason);

	kk_warn_at(file, line, 0, "%s not joined: %s", id, why);
	free(id);
	free(why);
	if (c->unmatched) {
		FILE *fp = kk_out_fp(c->unmatched);

		kk_csv_put(fp, e->id);
		kk_csv_sep(fp);
		kk_csv_put(fp, e->code);
		kk_csv_sep(fp);
		kk_csv_put(fp, e->year);
		kk_csv_sep(fp);
		kk_csv_put(fp, e->m.reason);
		kk_csv_eol(fp);
	}
}

static void
warn_evaluation(const char *file, long line, const struct evaluation *e,
	const char *msg)
{
	char *id = visible(e->id), *v = visible(msg);

	kk_warn_at(file, line, 0, "%s: %s", id, v);
	free(id);
	free(v);
}

/* municipality_id,population,population_year,log10_population,
 * size_class and the newline; the last four empty for an unjoined
 * evaluation. */
static void
format_tail(struct evaluation *e)
{
	const kk_pop_figure *f = e->m.fig;

	kk_buf_csv(&e->tail, e->identity, strlen(e->identity));
	kk_buf_char(&e->tail, ',');
	if (!e->joined) {
		kk_buf_str(&e->tail, ",,,\n");
		return;
	}
	kk_buf_num(&e->tail, (double)f->population);
	kk_buf_char(&e->tail, ',');
	kk_buf_num(&e->tail, (double)f->year);
	kk_buf_char(&e->tail, ',');
	kk_buf_num(&e->tail, log10((double)f->population));
	kk_buf_char(&e->tail, ',');
	kk_buf_str(&e->tail, e->sc->label[kk_size_class(e->sc,
		f->population)]);
	kk_buf_char(&e->tail, '\n');
}

/* The normalised table puts the five key columns first: those, as far
 * as the file follows it, are quoted once per evaluation. */
static void
format_head(struct evaluation *e, const kk_record *r, const size_t *col)
{
	for (e->nhead = 0; e->nhead < NKEY && col[e->nhead] == e->nhead;
	     e->nhead++) {
		kk_buf_csv(&e->head, r->field[e->nhead], r->len[e->nhead]);
		kk_buf_char(&e->head, ',');
	}
}

/* col: evaluation_id, country, municipality_code, municipality, year. */
static void
evaluation_start(const struct config *c, struct evaluation *e,
	const kk_csv *in, const kk_record *r, const size_t *col,
	struct counts *n)
{
	const char *file = kk_csv_name(in);
	long year;

	evaluation_reset(e);
	e->id = kk_strdup(r->field[col[KK_N_ID]]);
	e->country = kk_strdup(r->field[col[KK_N_COUNTRY]]);
	e->code = kk_strdup(r->field[col[KK_N_CODE]]);
	e->name = kk_strdup(r->field[col[KK_N_MUNI]]);
	e->year = kk_strdup(r->field[col[KK_N_YEAR]]);
	for (size_t k = 0; k < NKEY; k++)
		e->klen[k] = r->len[col[k]];
	if (col[0] == 0 && col[1] == 1 && col[2] == 2 && col[3] == 3 &&
	    col[4] == 4)
		kk_buf_add(&e->keys, r->field[0], key_bytes(r));
	year = kk_year_need(e->year, e->klen[KK_N_YEAR], "year", file,
	    r->line, (long)col[KK_N_YEAR] + 1);
	e->sc = classes_for(c, e->country);
	e->joined = kk_pop_join(c->pop, e->country, e->code, year, &e->m);
	e->identity = kk_pop_identity(c->pop, e->country, e->code, year);
	n->evaluations++;
	format_head(e, r, col);
	format_tail(e);
	if (!e->joined) {
		n->unmatched++;
		list_unmatched(c, e, file, r->line);
		return;
	}
	n->joined++;
	if (e->m.note)
		warn_evaluation(file, r->line, e, e->m.note);
	if (!name_agrees(c, e)) {
		char *msg = kk_malloc(strlen(e->name) + strlen(e->code) +
			strlen(e->m.fig->label) + 64);

		sprintf(msg, "municipality '%s' is not the name of code %s (%s)",
			e->name, e->code, e->m.fig->label);
		warn_evaluation(file, r->line, e, msg);
		free(msg);
	}
}

/* The row as read, then the evaluation's tail, added to line: the head,
 * then the other columns, copied through at once when none needs
 * quoting. */
static void
put_row(kk_buf *line, const kk_record *r, const struct evaluation *e)
{
	size_t first = e->nhead;

	kk_buf_add(line, e->head.p, e->head.len);
	if (first >= r->nfields || !kk_buf_csv_plain(line, r->field + first,
	    r->len + first, r->nfields - first))
		for (size_t k = first; k < r->nfields; k++) {
			kk_buf_csv(line, r->field[k], r->len[k]);
			kk_buf_char(line, ',');
		}
	kk_buf_add(line, e->tail.p, e->tail.len);
}

/* ---- the table ------------------------------------------------------------ */

/* The columns kk-size adds: scores.csv's after the normalised table's. */
static void
read_header(const kk_csv *in, const kk_record *h, size_t *col, FILE *fp)
{
	const char *file = kk_csv_name(in);

	for (int k = 0; k < NKEY; k++)
		col[k] = kk_schema_need(&kk_normalised_table, k, file, h->field,
		    h->nfields);
	for (size_t i = 0; i < h->nfields; i++)
		for (int k = KK_S_MUNICIPALITY_ID; k < KK_S_N; k++)
			if (strcmp(h->field[i], kk_colname(&kk_scores_table,
			    k)) == 0)
				kk_die_at(file, 1, (long)i + 1, "column '%s' "
					"is already there: sized twice?",
					h->field[i]);
	for (size_t i = 0; i < h->nfields; i++) {
		kk_csv_putn(fp, h->field[i], h->len[i]);
		kk_csv_sep(fp);
	}
	kk_schema_put_names(fp, &kk_scores_table, KK_S_MUNICIPALITY_ID,
	    KK_S_N);
	kk_csv_eol(fp);
}

/* Rows are written an evaluation at a time (a call to fwrite a row was
 * 4% of the instructions), and always before anything that may write a
 * message or die, so that a failed run leaves on standard output what it
 * did when each row was written at once. */
static void
flush_rows(FILE *fp, kk_buf *out)
{
	if (out->len)                   /* p is NULL before the first row */
		fwrite(out->p, 1, out->len, fp);
	out->len = 0;
}

/* kk_csv_next_or_die, but the rows read before a malformed one are
 * written first. */
static const kk_record *
next_row(kk_csv *in, FILE *fp, kk_buf *out)
{
	const kk_record *r;
	int st = kk_csv_next(in, &r);

	if (st < 0) {
		flush_rows(fp, out);
		kk_die_at(kk_csv_name(in), kk_csv_errline(in),
		    kk_csv_errcol(in), "%s", kk_csv_errmsg(in));
	}
	return st > 0 ? r : NULL;
}

static void
size_table(const struct config *c, const char *path, FILE *fp,
	struct counts *n)
{
	/* Delimiter 0 (detected): the reader rewinds a spooled pipe only
	 * after sniffing, so fixing both ',' and UTF-8 would read standard
	 * input from its end.  The normalised table's header has commas
	 * only. */
	kk_csv_options opt = { 0, KK_ENC_UTF8, false };
	kk_csv *in = kk_csv_open_or_die(path, &opt);
	const kk_record *r = kk_csv_next_or_die(in);
	struct evaluation e = { 0 };
	kk_buf rows = { 0 };
	size_t col[NKEY];

	if (!r)
		kk_die("%s: no header", path);
	read_header(in, r, col, fp);
	while ((r = next_row(in, fp, &rows)) != NULL) {
		if (!same_evaluation(&e, r, col)) {
			flush_rows(fp, &rows);
			evaluation_start(c, &e, in, r, col, n);
		}
		put_row(&rows, r, &e);
		if (rows.len >= 1 << 16)
			flush_rows(fp, &rows);
	}
	flush_rows(fp, &rows);
	evaluation_free(&e);
	kk_buf_free(&rows);
	kk_csv_close(in);
}

/* ---- main ------------------------------------------------------------------ */

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_OUTPUT, OPT_POPULATION_DIR, OPT_POPULATION,
		OPT_CODE_CHANGES, OPT_BREAKS, OPT_ALLOW_UNMATCHED,
		OPT_UNMATCHED };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "o", true, OPT_OUTPUT }, { "output", true, OPT_OUTPUT },
		{ "population-dir", true, OPT_POPULATION_DIR },
		{ "population", true, OPT_POPULATION },
		{ "code-changes", true, OPT_CODE_CHANGES },
		{ "breaks", true, OPT_BREAKS },
		{ "allow-unmatched", false, OPT_ALLOW_UNMATCHED },
		{ "unmatched", true, OPT_UNMATCHED },
		{ NULL, false, 0 }
	};
	struct config c = { 0 };
	kk_pop_sources src = { 0 };
	struct counts n = { 0, 0, 0 };
	const char *outpath = NULL, *unmatched_path = NULL, *val;
	int i = 1, k;

	kk_set_prog(argv[0]);
	kk_malloc_keep();
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_OUTPUT: outpath = val; break;
		case OPT_POPULATION_DIR: src.dir = val; break;
		case OPT_POPULATION: kk_pop_sources_add(&src.fig, &src.nfig, val);
			break;
		case OPT_CODE_CHANGES:
			kk_pop_sources_add(&src.chg, &src.nchg, val);
			break;
		case OPT_BREAKS: parse_breaks(&c, val); break;
		case OPT_ALLOW_UNMATCHED: c.allow_unmatched = true; break;
		case OPT_UNMATCHED: unmatched_path = val; break;
		}
	}
	if (i >= argc)
		kk_usage("no input file (use '-' for standard input)");
	if (i + 1 < argc)
		kk_usage("one input file only");
	if (src.dir && src.nfig)
		kk_usage("--population-dir and --population exclude each other");
	if (unmatched_path && strcmp(unmatched_path, "-") == 0 &&
	    (!outpath || strcmp(outpath, "-") == 0))
		kk_usage("--unmatched - needs -o FILE: the table goes to "
			"standard output");
	if (!classes_for(&c, ""))
		add_classes(&c, NULL, "5000,10000", 10);

	c.pop = kk_pop_open(&src);
	kk_out *out = kk_out_open(outpath);
	if (unmatched_path) {
		c.unmatched = kk_out_open(unmatched_path);
		kk_schema_header(kk_out_fp(c.unmatched), &kk_unmatched_table);
	}
	size_table(&c, argv[i], kk_out_fp(out), &n);
	if (c.unmatched)
		kk_out_commit(c.unmatched);
	kk_warn("%ld evaluation%s, %ld joined, %ld not joined", n.evaluations,
		n.evaluations == 1 ? "" : "s", n.joined, n.unmatched);
	if (n.unmatched > 0 && !c.allow_unmatched)
		kk_die("%ld evaluation%s not joined (see above; "
			"--allow-unmatched keeps %s with empty columns)",
			n.unmatched, n.unmatched == 1 ? "" : "s",
			n.unmatched == 1 ? "it" : "them");
	kk_out_commit(out);

	kk_pop_free(c.pop);
	for (size_t j = 0; j < c.nclasses; j++)
		kk_size_clear(&c.classes[j]);
	free(c.classes);
	kk_pop_sources_free(&src);
	return 0;
}
