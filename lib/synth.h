/*
 * synth.h - seeded generator of synthetic evaluation exports (kk-synth).
 *
 * The model, on the canonical (3.2) area scale, for municipality m,
 * evaluation e and canonical area c:
 *
 *   score = intercept + slope*log10(pop) + offset[c] + shift(version)
 *           + u_m + v_e + eps,  clipped to 0..100, rounded to an integer
 *
 * u_m ~ N(0, sd_municipality) is kept by a municipality across its
 * evaluations, v_e ~ N(0, sd_evaluation), eps ~ N(0, sd_area).  offset[]
 * sums to 0, so intercept + slope*log10(pop) is the expected area mean.
 * shift is shift_2x for versions 1.x, 2.0 and 2.1 and 0 for 3.0 and 3.2.
 * pop is the figure written to the population table for the year kk-size
 * joins (Norway: the evaluation year; Sweden: the year before).
 *
 * Synthetic municipality codes are 6000 to 9998 in both countries: real
 * Swedish codes end at 2584, Norwegian ones at 5636 (2024 reform; SSB
 * uses 9999 for "unknown"), and kk-ingest takes at most four digits.  A
 * code is one municipality throughout (same name, population, effect).
 * Beyond 3,999 municipalities in a country codes repeat, and so may
 * evaluation ids (country-code-year): such files are for volume only.
 */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Every row kk-synth makes up has this source, then "seed N)": how
 * other stages tell made-up data from published results. */
#define SYNTH_SOURCE "synthetic (kk-synth seed "
#define SYNTH_FIRST_CODE 6000
#define SYNTH_NCODES 3999

enum synth_layout { SYNTH_WIDE, SYNTH_LONG, SYNTH_SUBAREA };
enum synth_dialect { SYNTH_NO, SYNTH_SE, SYNTH_EN };
enum synth_country { SYNTH_BOTH, SYNTH_ONLY_NO, SYNTH_ONLY_SE };

struct synth_params {
	uint64_t seed;
	long evaluations;
	enum synth_layout layout;
	enum synth_dialect dialect;
	enum synth_country country;
	int year_from, year_to;
	double intercept, slope, shift_2x;
	double sd_municipality, sd_evaluation, sd_area;
	double missing;        /* P(an area is not published) */
	double total_only;     /* P(an evaluation publishes its total only) */
	double blank_version;  /* P(the version cell is empty) */
	bool every_year;       /* a panel: each municipality every year, so
				  that a large file keeps unique evaluation
				  ids (up to 3,999 x years x countries) */
};

void synth_defaults(struct synth_params *p);
/* Check a parameter set; returns NULL or a reason. */
const char *synth_check(const struct synth_params *p);
/* Write the export to out and, when pop is not NULL, one population
 * row per municipality and year joined, in order of first use (columns
 * of data/population/no_population.csv, source included; UTF-8, comma,
 * LF).  Returns the number of data rows written to out.  Write errors
 * are left for the caller to find with ferror() (kk_out_commit does).
 * The instrument -- the version of each year, the canonical area each
 * of its areas measures, the 3.2 sub-areas and their maxima -- is read
 * from data/areas.csv and data/subareas.csv (kk_data_path). */
long synth_write(const struct synth_params *p, FILE *out, FILE *pop);

#endif
