/*
 * kk-summary - the closing lines of `make analysis`: the headline
 * size-score result, what went in, what was rejected or flagged, and,
 * when the chain stopped, at which step and where that step said why.
 */
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "benchmarks.h"
#include "model.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-summary [--dir OUT] [TABLE...]\n"
"Print a short summary of an analysis output directory (default out/):\n"
"the adjusted, cluster-robust size effect on the total score of both\n"
"countries (tables/size_model.csv: of the models of score on\n"
"log10_population without an interaction involving it, the one adjusted\n"
"for the most terms), the unadjusted size-score correlation of the total\n"
"(tables/size_correlation.csv), evaluations per country and version\n"
"(scores.csv), rejected rows (rejects.csv), validation findings by\n"
"severity (findings.csv) and unjoined evaluations (unmatched.csv).\n"
"When make analysis stopped at a step\n"
"(OUT/.failed), it names the step and the list that says why, and leaves\n"
"out the files of that step and later ones, which are not of this run.\n"
"Given TABLEs ('-' is standard input), summarise those instead, each by\n"
"what its header says it is.\n";

/* The steps of make analysis in order, as pipeline/analysis.mk names
 * them in OUT/.failed.  A list table (rejects, findings, unmatched) is
 * written also when its step fails: it is the step's explanation. */
enum { INGEST, VALIDATE, NORMALISE, SIZE, STATS, MODEL, PLOT, RENDER,
	NSTEPS };
static const char *const step_name[NSTEPS] = {
	"ingest", "validate", "normalise", "size", "stats", "model", "plot",
	"render"
};

/* An optional table; NULL if the file does not exist. */
static kk_table *
maybe_read(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (!fp)
		return NULL;
	fclose(fp);
	return kk_table_read(path);
}

/* How much of each country's evaluations the data set holds, so that no
 * reader takes a published sample for all municipalities. */
static void
coverage(const kk_table *t)
{
	static const char *const countries[] = { "NO", "SE" };
	kk_benchmarks *b;
	char *path;

	if (kk_table_col(t, kk_colname(&kk_scores_table,
	    KK_S_MUNICIPALITY_ID)) < 0)
		return;
	path = kk_data_path("benchmarks.csv");
	b = kk_benchmarks_load(path);
	for (size_t i = 0; i < sizeof countries / sizeof *countries; i++) {
		char *s = kk_benchmarks_coverage(b, t, countries[i]);
		if (s)
			printf("  %s\n", s);
		free(s);
	}
	kk_benchmarks_free(b);
	free(path);
}

/* Distinct evaluations per country and version, in order of appearance
 * of the sorted scores table. */
static void
count_evaluations(const kk_table *t)
{
	size_t id = kk_table_need_col(t, &kk_scores_table, KK_S_ID);
	size_t co = kk_table_need_col(t, &kk_scores_table, KK_S_COUNTRY);
	size_t ve = kk_table_need_col(t, &kk_scores_table, KK_S_VERSION);
	char **key = NULL;
	long *count = NULL;
	size_t nkeys = 0, cap = 0, ccap = 0, total = 0;
	const char *last = "";

	for (size_t r = 0; r < t->nrows; r++) {
		if (strcmp(t->cell[r][id], last) == 0)
			continue;
		last = t->cell[r][id];
		total++;
		size_t n = strlen(t->cell[r][co]) + strlen(t->cell[r][ve]) + 2;
		char *k = kk_malloc(n);
		snprintf(k, n, "%s %s", t->cell[r][co], t->cell[r][ve]);
		size_t i;
		for (i = 0; i < nkeys && strcmp(key[i], k) != 0; i++)
			;
		if (i == nkeys) {
			kk_grow((void **)&key, &cap, nkeys + 1, sizeof *key);
			kk_grow((void **)&count, &ccap, nkeys + 1, sizeof *count);
			key[nkeys] = k;
			count[nkeys++] = 0;
		} else {
			free(k);
		}
		count[i]++;
	}
	printf("evaluations: %zu\n", total);
	/* by country, then version: insertion sort, a handful of keys */
	for (size_t i = 1; i < nkeys; i++)
		for (size_t j = i; j > 0 && strcmp(key[j - 1], key[j]) > 0; j--) {
			char *k = key[j];
			long c = count[j];
			key[j] = key[j - 1];
			count[j] = count[j - 1];
			key[j - 1] = k;
			count[j - 1] = c;
		}
	for (size_t i = 0; i < nkeys; i++) {
		printf("  %-10s %ld\n", key[i], count[i]);
		free(key[i]);
	}
	free(key);
	free(count);
	coverage(t);
}

static void
count_findings(const kk_table *t, const char *label)
{
	size_t sev = kk_table_need_col(t, &kk_findings_table, KK_F_SEVERITY);
	long err = 0, warn = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		if (strcmp(t->cell[r][sev], "error") == 0)
			err++;
		else
			warn++;
	}
	printf("findings: %ld error%s, %ld %s (%s)\n", err, err == 1 ? "" : "s",
	    warn, warn == 1 ? "warning or note" : "warnings or notes", label);
}

static void
headline(const kk_table *t)
{
	const char *want[] = { "ALL", "NO", "SE" };
#define COL(k) kk_table_need_col(t, &kk_correlation_table, (k))
	size_t co = COL(KK_COR_COUNTRY), ar = COL(KK_COR_AREA);
	size_t sc = COL(KK_COR_SCALE), r_ = COL(KK_COR_PEARSON_R);
	size_t p = COL(KK_COR_PEARSON_P), n = COL(KK_COR_COUNT);
	size_t lo = COL(KK_COR_PEARSON_CI_LOW), hi = COL(KK_COR_PEARSON_CI_HIGH);
#undef COL

	printf("unadjusted (ALL pools the countries; versions and years "
	    "pooled, every\nevaluation counted as independent):\n");
	for (int w = 0; w < 3; w++)
		for (size_t r = 0; r < t->nrows; r++) {
			char **c = t->cell[r];
			if (strcmp(c[co], want[w]) ||
			    strcmp(c[ar], kk_area_name(KK_AREA_TOTAL)) ||
			    strcmp(c[sc], "raw"))
				continue;
			printf("size vs total score (%s, raw): ", want[w]);
			if (*c[r_])
				printf("Pearson r = %s, p = %s, 95%% CI [%s, "
				    "%s], n = %s\n", c[r_], c[p], c[lo], c[hi],
				    c[n]);
			else
				printf("Pearson r undefined, n = %s\n", c[n]);
		}
}

/* ---- the size effect ----------------------------------------------------- */

/* The distinct models of the table, in order. */
static const char **
models_of(const kk_table *t, size_t mo, size_t *n)
{
	const char **m = kk_malloc((t->nrows + 1) * sizeof *m);

	*n = 0;
	for (size_t r = 0; r < t->nrows; r++)
		if (*n == 0 || strcmp(m[*n - 1], t->cell[r][mo]) != 0)
			m[(*n)++] = t->cell[r][mo];
	return m;
}

/* The row of term in model's fit to the total of both countries; -1 if
 * none. */
static long
total_row(const kk_table *t, const char *model, const char *term)
{
	size_t mo = kk_table_need_col(t, &kk_model_table, KK_MOD_MODEL);
	size_t co = kk_table_need_col(t, &kk_model_table, KK_MOD_COUNTRY);
	size_t ar = kk_table_need_col(t, &kk_model_table, KK_MOD_AREA);
	size_t te = kk_table_need_col(t, &kk_model_table, KK_MOD_TERM);

	for (size_t r = 0; r < t->nrows; r++) {
		char **c = t->cell[r];
		if (strcmp(c[mo], model) == 0 && strcmp(c[co], "ALL") == 0 &&
		    strcmp(c[te], term) == 0 &&
		    strcmp(c[ar], kk_area_name(KK_AREA_TOTAL)) == 0)
			return (long)r;
	}
	return -1;
}

/* The row of the size effect on the total of both countries in the model
 * a reader should quote (md_quoted); -1 if none.  *words gets what that
 * model adjusts for. */
static long
quoted_row(const kk_table *t, char **words, int *n)
{
	const char *size = kk_colname(&kk_scores_table, KK_S_LOG10_POP);
	size_t mo = kk_table_need_col(t, &kk_model_table, KK_MOD_MODEL);
	size_t nm;
	const char **m = models_of(t, mo, &nm);
	long q = md_quoted(m, nm, kk_colname(&kk_scores_table, KK_S_SCORE),
	    size, words), row = q >= 0 ? total_row(t, m[q], size) : -1;

	*n = *words && **words;
	free(m);
	return row;
}

/* Why the size effect of row r has no estimate.  A term is aliased also
 * when the fit has too few evaluations for any estimate (one evaluation:
 * its population is the intercept's); the fit's own reason, on its
 * intercept's row, then says what is wrong. */
static const char *
why_undefined(const kk_table *t, long r)
{
	size_t no = kk_table_need_col(t, &kk_model_table, KK_MOD_NOTE);
	size_t mo = kk_table_need_col(t, &kk_model_table, KK_MOD_MODEL);
	const char *why = t->cell[r][no];
	long i;

	if (strcmp(why, MD_ALIASED) == 0 &&
	    (i = total_row(t, t->cell[r][mo], MD_INTERCEPT)) >= 0 &&
	    *t->cell[i][no])
		return t->cell[i][no];
	return why;
}

/* "+X points per tenfold population (95 % CI a to b; cluster-robust,
 * N evaluations of G municipalities; adjusted for ...)".  An estimate
 * needs N of 2 or more, and G of 2 or more: the nouns are plural. */
static void
size_effect(const kk_table *t)
{
	char *words, **c;
	int n;
	long r = quoted_row(t, &words, &n);

	if (r < 0)
		return;
	c = t->cell[r];
#define CELL(k) c[kk_table_need_col(t, &kk_model_table, k)]
	bool cluster = strcmp(CELL(KK_MOD_SE_TYPE), "cluster") == 0;
	printf("size effect on the total score: ");
	if (!*CELL(KK_MOD_ESTIMATE))
		printf("undefined: %s\n", why_undefined(t, r));
	else
		printf("%+.1f points per tenfold population (95 %% CI %.1f to "
		    "%.1f; %s, %s evaluations%s%s%s; %s%s)\n",
		    atof(CELL(KK_MOD_ESTIMATE)), atof(CELL(KK_MOD_CI_LOW)),
		    atof(CELL(KK_MOD_CI_HIGH)),
		    cluster ? "cluster-robust" : "classical errors",
		    CELL(KK_MOD_COUNT), cluster ? " of " : "",
		    cluster ? CELL(KK_MOD_CLUSTERS) : "",
		    cluster ? " municipalities" : "",
		    n ? "adjusted for " : "unadjusted", words);
	printf("  (%s, both countries: tables/size_model.csv)\n",
	    CELL(KK_MOD_MODEL));
#undef CELL
	free(words);
}

/* Has t column k of table s? */
static bool
has(const kk_table *t, const kk_schema *s, int k)
{
	return kk_table_col(t, kk_colname(s, k)) >= 0;
}

/* A table summarised by what its header says it is: the columns tested
 * are those each stage writes. */
static void
summarise(const kk_table *t, const char *label)
{
	if (has(t, &kk_model_table, KK_MOD_SE_TYPE))
		size_effect(t);
	else if (has(t, &kk_correlation_table, KK_COR_PEARSON_R))
		headline(t);
	else if (has(t, &kk_findings_table, KK_F_SEVERITY))
		count_findings(t, label);
	else if (has(t, &kk_rejects_table, KK_REJ_FILE) &&
	    has(t, &kk_rejects_table, KK_REJ_REASON))
		printf("rejected rows: %zu (%s)\n", t->nrows, label);
	else if (has(t, &kk_unmatched_table, KK_U_REASON))
		printf("evaluations without population: %zu (%s)\n", t->nrows,
		    label);
	else if (has(t, &kk_scores_table, KK_S_ID) &&
	    has(t, &kk_scores_table, KK_S_VERSION) &&
	    has(t, &kk_scores_table, KK_S_AREA))
		count_evaluations(t);
	else
		kk_die("%s: neither scores, rejects, findings, unmatched, "
		    "size_correlation nor size_model (by its header)", t->name);
}

/* OUT/.failed's two lines: the step make analysis stopped at, and the
 * file holding its reason if the step wrote one.  order is the step's
 * place in step_name, NSTEPS when no step failed; a step this program
 * does not know (a rule added to the chain) is taken as the first, so
 * that no table of that run is shown as if it were complete. */
struct failure {
	int order;
	char step[256];
	char list[4096];
};

static void
failed_step(const char *dir, struct failure *f)
{
	char *p = kk_path_join(dir, ".failed");
	FILE *fp = fopen(p, "r");

	free(p);
	f->order = NSTEPS;
	f->step[0] = f->list[0] = '\0';
	if (!fp)
		return;
	if (!fgets(f->step, sizeof f->step, fp) ||
	    !fgets(f->list, sizeof f->list, fp))
		f->list[0] = '\0';
	fclose(fp);
	f->step[strcspn(f->step, "\n")] = '\0';
	f->list[strcspn(f->list, "\n")] = '\0';
	for (f->order = 0; f->order < NSTEPS &&
	    strcmp(f->step, step_name[f->order]) != 0; f->order++)
		;
	if (f->order == NSTEPS)
		f->order = 0;
}

/* The closing lines of a run that stopped: the step, and where it said
 * why, with the switch that lets the chain go on where there is one. */
static void
say_failed(const char *dir, const struct failure *f)
{
	char *p = f->list[0] ? kk_path_join(dir, f->list) : NULL;
	kk_table *t = p ? kk_table_read(p) : NULL;

	printf("make analysis stopped at step %s: ", f->step);
	if (!t)
		printf("its message above says why\n");
	else if (strcmp(f->step, "ingest") == 0)
		printf("%zu rejected row%s, listed in %s (ALLOW_REJECTS=1 "
		    "goes on without %s)\n", t->nrows, t->nrows == 1 ? "" : "s",
		    p, t->nrows == 1 ? "it" : "them");
	else if (strcmp(f->step, "size") == 0)
		printf("%zu evaluation%s without population, listed in %s "
		    "(ALLOW_UNMATCHED=1 keeps %s, population empty)\n",
		    t->nrows, t->nrows == 1 ? "" : "s", p,
		    t->nrows == 1 ? "it" : "them");
	else
		printf("the errors are listed in %s\n", p);
	printf("%s/ holds no %soutput of this run from step %s on; any there "
	    "is from an earlier run\n", dir, t ? "other " : "", f->step);
	kk_table_free(t);
	free(p);
}

/* The summary of OUT, the result first: a table is shown when its step
 * completed in this run (a step before the one that failed), or when it
 * is the failed step's explanation. */
static void
summarise_dir(const char *dir)
{
	static const struct { int step; const char *file; } shown[] = {
		{ MODEL, "tables/size_model.csv" },
		{ STATS, "tables/size_correlation.csv" },
		{ SIZE, "scores.csv" }, { INGEST, "rejects.csv" },
		{ SIZE, "unmatched.csv" }, { VALIDATE, "findings.csv" },
	};
	char *scores = kk_path_join(dir, "scores.csv");
	struct failure f;
	FILE *fp;

	failed_step(dir, &f);
	if (!f.step[0] && !(fp = fopen(scores, "r")))
		kk_die("%s: missing: run make analysis first", scores);
	if (!f.step[0])
		fclose(fp);
	free(scores);
	printf("== summary of %s/\n", dir);
	for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
		char *p = kk_path_join(dir, shown[i].file);
		kk_table *t = NULL;
		if (shown[i].step < f.order || strcmp(shown[i].file, f.list) == 0)
			t = maybe_read(p);
		if (t)
			summarise(t, shown[i].file);
		kk_table_free(t);
		free(p);
	}
	if (f.step[0])
		say_failed(dir, &f);
}

int
main(int argc, char **argv)
{
	enum { OPT_HELP, OPT_DIR };
	static const kk_option options[] = {
		{ "help", false, OPT_HELP },
		{ "dir", true, OPT_DIR },
		{ NULL, false, 0 }
	};
	const char *dir = "out", *val;
	int i = 1, k;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_DIR: dir = val; break;
		}
	}
	if (i == argc)
		summarise_dir(dir);
	for (; i < argc; i++) {
		kk_table *t = kk_table_read(argv[i]);
		summarise(t, argv[i]);
		kk_table_free(t);
	}
	if (fflush(stdout) != 0)
		kk_die("standard output: write error:");
	return 0;
}
