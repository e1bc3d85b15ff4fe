/*
 * kk-synth - write a synthetic evaluation export with a known model.
 *
 * For tests (do the statistics recover the slope and the version shift
 * they were given?) and for benchmarks (volume in any dialect).  The
 * model and the synthetic codes are described in lib/synth.h; every row
 * says in its source column that it was generated.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"
#include "synth.h"
#include "schema.h"

static const char usage_text[] =
"usage: kk-synth [options]\n"
"Write a synthetic Kommunekompasset/Kommunkompassen export to stdout.\n"
"  --seed S             random seed (default 1); same seed, same bytes\n"
"  --evaluations N      number of evaluations (default 1000)\n"
"  --layout L           wide | long | subarea (default long)\n"
"  --dialect D          no: ';', decimal comma, UTF-8 BOM, CRLF, Norwegian\n"
"                       headers; se: ';', decimal comma, Windows-1252, CRLF,\n"
"                       Swedish headers; en: ',', UTF-8, LF (default en)\n"
"  --country C          NO | SE | both (default both)\n"
"  --years FROM-TO      evaluation years (default 2002-2025; subarea 2021-2025)\n"
"  --population-out F   write the matching population table to F\n"
"  --intercept A        model intercept (default 30)\n"
"  --slope B            points per tenfold population (default 6)\n"
"  --shift-2x D         added to 1.x and 2.x scores (default 8)\n"
"  --sd-municipality S  persistent municipality effect (default 8)\n"
"  --sd-evaluation S    evaluation effect (default 5)\n"
"  --sd-area S          area noise (default 10)\n"
"  --missing P          probability an area is unpublished (default 0)\n"
"  --total-only P       probability only the total is published (default 0)\n"
"  --blank-version P    probability the version cell is empty (default 0)\n"
"  --every-year         a panel: every municipality evaluated every year;\n"
"                       keeps evaluation ids unique up to 3999 x years x\n"
"                       countries evaluations (for volume)\n"
"  -o FILE              write to FILE (atomically) instead of stdout\n"
"score = A + B*log10(population) + area offset + shift + effects + noise,\n"
"clipped to 0..100.  Municipality codes are 6000-9998, unused in both\n"
"countries (real codes end at 5636); beyond 3999 municipalities per country\n"
"they repeat, and evaluation ids may too (volume tests only).\n";

enum { OPT_HELP, OPT_SEED, OPT_EVALUATIONS, OPT_LAYOUT, OPT_DIALECT,
	OPT_COUNTRY, OPT_YEARS, OPT_POPULATION_OUT, OPT_INTERCEPT, OPT_SLOPE,
	OPT_SHIFT_2X, OPT_SD_MUNICIPALITY, OPT_SD_EVALUATION, OPT_SD_AREA,
	OPT_MISSING, OPT_TOTAL_ONLY, OPT_BLANK_VERSION, OPT_OUTPUT,
	OPT_EVERY_YEAR };

static const kk_option options[] = {
	{ "help", false, OPT_HELP },
	{ "seed", true, OPT_SEED },
	{ "evaluations", true, OPT_EVALUATIONS },
	{ "layout", true, OPT_LAYOUT },
	{ "dialect", true, OPT_DIALECT },
	{ "country", true, OPT_COUNTRY },
	{ "years", true, OPT_YEARS },
	{ "population-out", true, OPT_POPULATION_OUT },
	{ "intercept", true, OPT_INTERCEPT },
	{ "slope", true, OPT_SLOPE },
	{ "shift-2x", true, OPT_SHIFT_2X },
	{ "sd-municipality", true, OPT_SD_MUNICIPALITY },
	{ "sd-evaluation", true, OPT_SD_EVALUATION },
	{ "sd-area", true, OPT_SD_AREA },
	{ "missing", true, OPT_MISSING },
	{ "total-only", true, OPT_TOTAL_ONLY },
	{ "blank-version", true, OPT_BLANK_VERSION },
	{ "o", true, OPT_OUTPUT },
	{ "every-year", false, OPT_EVERY_YEAR },
	{ NULL, false, 0 }
};

static double
number(const char *opt, const char *v)
{
	double x;

	if (kk_parse_double(v, strlen(v), &x) != KK_NUM_OK)
		kk_usage("--%s: not a number: %s", opt, v);
	return x;
}

static long
integer(const char *opt, const char *v, long min, long max)
{
	long x;

	if (kk_parse_long(v, strlen(v), min, max, &x) != KK_NUM_OK)
		kk_usage("--%s: not an integer in %ld..%ld: %s", opt, min, max,
			v);
	return x;
}

static unsigned long long
seed_of(const char *v)
{
	char *end;
	unsigned long long s;

	errno = 0;
	s = strtoull(v, &end, 10);
	if (!*v || *end || errno || v[0] == '-' || v[0] == '+' || v[0] == ' ')
		kk_usage("--seed: not a non-negative integer: %s", v);
	return s;
}

static int
choice(const char *opt, const char *v, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (strcmp(v, words[i]) == 0)
			return i;
	kk_usage("--%s: unknown value: %s", opt, v);
}

static void
years(const char *v, struct synth_params *p)
{
	const char *dash = strchr(v, '-');
	long from, to;

	if (!dash || !kk_year_parse(v, (size_t)(dash - v), &from) ||
	    !kk_year_parse(dash + 1, strlen(dash + 1), &to))
		kk_usage("--years: expected FROM-TO within " KK_YEAR_RANGE
		    ": %s", v);
	p->year_from = (int)from;
	p->year_to = (int)to;
}

int
main(int argc, char **argv)
{
	static const char *const layouts[] = { "wide", "long", "subarea", NULL };
	static const char *const dialects[] = { "no", "se", "en", NULL };
	static const char *const countries[] = { "both", "NO", "SE", NULL };
	struct synth_params p;
	const char *val, *out_path = NULL, *pop_path = NULL, *why;
	bool years_given = false;
	kk_out *out, *pop = NULL;
	int i = 1, k;

	kk_set_prog(argv[0]);
	synth_defaults(&p);
	while ((k = kk_getopt(argc, argv, &i, options, &val)) >= 0) {
		switch (k) {
		case OPT_HELP: fputs(usage_text, stdout); return 0;
		case OPT_SEED: p.seed = seed_of(val); break;
		case OPT_EVALUATIONS:
			p.evaluations = integer("evaluations", val, 0,
			    1000000000L);
			break;
		case OPT_LAYOUT: p.layout = choice("layout", val, layouts); break;
		case OPT_DIALECT:
			p.dialect = choice("dialect", val, dialects);
			break;
		case OPT_COUNTRY:
			p.country = choice("country", val, countries);
			break;
		case OPT_YEARS: years(val, &p); years_given = true; break;
		case OPT_POPULATION_OUT: pop_path = val; break;
		case OPT_INTERCEPT: p.intercept = number("intercept", val); break;
		case OPT_SLOPE: p.slope = number("slope", val); break;
		case OPT_SHIFT_2X: p.shift_2x = number("shift-2x", val); break;
		case OPT_SD_MUNICIPALITY:
			p.sd_municipality = number("sd-municipality", val);
			break;
		case OPT_SD_EVALUATION:
			p.sd_evaluation = number("sd-evaluation", val);
			break;
		case OPT_SD_AREA: p.sd_area = number("sd-area", val); break;
		case OPT_MISSING: p.missing = number("missing", val); break;
		case OPT_TOTAL_ONLY:
			p.total_only = number("total-only", val);
			break;
		case OPT_BLANK_VERSION:
			p.blank_version = number("blank-version", val);
			break;
		case OPT_OUTPUT: out_path = val; break;
		case OPT_EVERY_YEAR: p.every_year = true; break;
		}
	}
	if (i < argc)
		kk_usage("unexpected operand: %s", argv[i]);
	if (p.layout == SYNTH_SUBAREA && !years_given)
		p.year_from = 2021;
	if ((why = synth_check(&p)))
		kk_usage("%s", why);
	out = kk_out_open(out_path);
	if (pop_path)
		pop = kk_out_open(pop_path);
	synth_write(&p, kk_out_fp(out), pop ? kk_out_fp(pop) : NULL);
	if (pop)
		kk_out_commit(pop);
	kk_out_commit(out);
	return 0;
}
