/*
 * kk-summary - the closing lines of `make analysis`: what went in, what
 * was rejected or flagged, and the headline size-score result.
 */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

static const char usage_text[] =
"usage: kk-summary [--dir OUT]\n"
"Print a short summary of an analysis output directory (default out/):\n"
"evaluations per country and version (scores.csv), rejected rows\n"
"(rejects.csv), validation findings by severity (findings.csv), unjoined\n"
"evaluations (unmatched.csv) and the size-score correlation of the total\n"
"(tables/size_correlation.csv).\n";


/* Rows of an optional table; -1 if the file does not exist. */
static kk_table *
maybe_read(const char *dir, const char *name)
{
	char *p = kk_path_join(dir, name);
	FILE *fp = fopen(p, "r");
	kk_table *t = NULL;

	if (fp) {
		fclose(fp);
		t = kk_table_read(p);
	}
	free(p);
	return t;
}

/* Distinct evaluations per country and version, in order of appearance
 * of the sorted scores table. */
static void
count_evaluations(const kk_table *t)
{
	size_t id = kk_table_need(t, "evaluation_id");
	size_t co = kk_table_need(t, "country"), ve = kk_table_need(t, "version");
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
}

static void
count_findings(const kk_table *t)
{
	size_t sev = kk_table_need(t, "severity");
	long err = 0, warn = 0;

	for (size_t r = 0; r < t->nrows; r++) {
		if (strcmp(t->cell[r][sev], "error") == 0)
			err++;
		else
			warn++;
	}
	printf("findings: %ld errors, %ld warnings or notes (findings.csv)\n",
	    err, warn);
}

static void
headline(const kk_table *t)
{
	const char *want[] = { "ALL", "NO", "SE" };

	for (int w = 0; w < 3; w++)
		for (size_t r = 0; r < t->nrows; r++) {
			const char **c = (const char **)t->cell[r];
			if (strcmp(c[kk_table_need(t, "country")], want[w]) ||
			    strcmp(c[kk_table_need(t, "area")], "total") ||
			    strcmp(c[kk_table_need(t, "scale")], "raw"))
				continue;
			const char *rr = c[kk_table_need(t, "pearson_r")];
			printf("size vs total score (%s, raw): Pearson r = %s, "
			    "p = %s, 95%% CI [%s, %s], n = %s\n", want[w],
			    *rr ? rr : "undefined",
			    c[kk_table_need(t, "pearson_p")],
			    c[kk_table_need(t, "pearson_ci_low")],
			    c[kk_table_need(t, "pearson_ci_high")],
			    c[kk_table_need(t, "n")]);
		}
}

int
main(int argc, char **argv)
{
	static const char *const names[] = { "help", "dir=", NULL };
	const char *dir = "out", *val;
	int i = 1, k;
	kk_table *t;

	kk_set_prog(argv[0]);
	while ((k = kk_getopt(argc, argv, &i, names, &val)) >= 0) {
		if (k == 0) {
			fputs(usage_text, stdout);
			return 0;
		}
		dir = val;
	}
	if (i < argc)
		kk_usage("unexpected argument '%s'", argv[i]);
	printf("== summary of %s/\n", dir);
	if (!(t = maybe_read(dir, "scores.csv")))
		kk_die("%s/scores.csv: missing: run make analysis first", dir);
	count_evaluations(t);
	kk_table_free(t);
	if ((t = maybe_read(dir, "rejects.csv"))) {
		printf("rejected rows: %zu (rejects.csv)\n", t->nrows);
		kk_table_free(t);
	}
	if ((t = maybe_read(dir, "unmatched.csv"))) {
		printf("evaluations without population: %zu (unmatched.csv)\n",
		    t->nrows);
		kk_table_free(t);
	}
	if ((t = maybe_read(dir, "findings.csv"))) {
		count_findings(t);
		kk_table_free(t);
	}
	if ((t = maybe_read(dir, "tables/size_correlation.csv"))) {
		headline(t);
		kk_table_free(t);
	}
	if (fflush(stdout) != 0)
		kk_die("standard output: write error:");
	return 0;
}
