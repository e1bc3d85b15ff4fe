/*
 * lib/formula.c and lib/model.c against independent values: R 4.2.2's
 * lm() with the cluster-robust CR1 covariance written out in R (and
 * checked there against sandwich 3.0-2's vcovCL(type = "HC1")), NIST
 * StRD Longley's certified values, and the coverage of the intervals on
 * data drawn by kk-synth's generator with a known slope.
 *
 * The R fixtures: run this with Rscript; each block it prints is pasted
 * below under the show() call that printed it.
 *
 *   Sys.setlocale("LC_COLLATE", "C")
 *   library(sandwich)
 *   d <- data.frame(
 *     country = c(rep("NO", 10), rep("SE", 10)),
 *     municipality_id = c("NO-1","NO-1","NO-1","NO-2","NO-2","NO-3",
 *       "NO-3","NO-4","NO-5","NO-6","SE-1","SE-1","SE-2","SE-2","SE-2",
 *       "SE-3","SE-4","SE-5","SE-5","SE-6"),
 *     year = c(2014,2018,2022,2015,2019,2016,2021,2013,2022,2021,
 *              2012,2017,2014,2019,2023,2016,2021,2011,2020,2018),
 *     version = c("2.0","2.1","3.2","2.0","2.1","2.1","3.2","2.0","3.2",
 *       "3.2","2.0","2.1","2.0","2.1","3.2","2.1","3.2","2.0","3.0","2.1"),
 *     log10_population = c(3.70,3.71,3.72,4.30,4.31,3.10,3.08,4.90,3.55,
 *       NA,4.60,4.62,4.10,4.12,4.15,5.20,3.90,4.40,4.42,4.00),
 *     score = c(420,455,470,480,500,390,405,520,445,430,
 *               530,560,470,515,540,600,480,500,505,NA),
 *     stringsAsFactors = FALSE)
 *   d$population_year <- ifelse(d$country == "SE", d$year - 1, d$year)
 *   f <- function(v) cat(paste(sprintf("%.17g", v), collapse = ", "), "\n")
 *   cr1 <- function(fit, cl) {
 *     k <- fit$rank
 *     X <- model.matrix(fit)[, fit$qr$pivot[1:k], drop = FALSE]
 *     e <- resid(fit); n <- nrow(X)
 *     S <- rowsum(X * e, cl); G <- nrow(S)
 *     B <- chol2inv(fit$qr$qr[1:k, 1:k, drop = FALSE])  # (X'X)^-1
 *     G / (G - 1) * (n - 1) / (n - k) * B %*% crossprod(S) %*% B
 *   }
 *   show <- function(fml, data, cluster = TRUE) {
 *     fit <- lm(fml, data)
 *     used <- data[rownames(model.frame(fit)), ]
 *     b <- coef(fit)[!is.na(coef(fit))]
 *     if (cluster) {
 *       V <- cr1(fit, used$municipality_id)
 *       G <- length(unique(used$municipality_id))
 *       stopifnot(all.equal(V, vcovCL(fit, cluster = used$municipality_id,
 *         type = "HC1"), check.attributes = FALSE, tolerance = 1e-8))
 *       df <- G - 1
 *     } else { V <- vcov(fit, complete = FALSE); df <- fit$df.residual }
 *     se <- sqrt(diag(V)); t <- b / se; q <- qt(0.975, df)
 *     cat("#", deparse(fml), if (cluster) "cluster" else "classical", "\n")
 *     cat("# coef names:", names(coef(fit)), "\n")
 *     cat("# aliased:", names(coef(fit))[is.na(coef(fit))], "\n")
 *     cat("est "); f(b); cat("se  "); f(se); cat("t   "); f(t)
 *     cat("p   "); f(2 * pt(-abs(t), df))
 *     cat("lo  "); f(b - q * se); cat("hi  "); f(b + q * se)
 *     cat("mde "); f((q + qt(0.8, df)) * se)
 *     s <- summary(fit)
 *     cat("fit "); f(c(nobs(fit), df, s$r.squared, s$adj.r.squared,
 *       s$sigma))
 *   }
 *   show(score ~ log10_population + country + version, d)
 *   show(score ~ log10_population + country + version, d, FALSE)
 *   show(score ~ log10_population + version, subset(d, country == "NO"))
 *   show(score ~ log10_population + country + year + population_year, d)
 *   show(score ~ log10_population * country + version, d)
 *   show(score ~ log10_population * country + version, d, FALSE)
 *   show(score ~ log10_population:country + version, d)
 *   show(score ~ country * version, d, FALSE)
 *
 * (The vcovCL check needs the tolerance: with year, (X'X)^-1 formed two
 * ways differs in R by 1e-10.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "kk.h"
#include "formula.h"
#include "model.h"
#include "synth.h"

#define R_REL 1e-9
#define MAXC 8

static void
near(double got, double want, double rel, const char *what)
{
	double err = fabs(got - want);

	cr_expect(err <= rel * fabs(want) || (want == 0 && err <= rel),
	    "%s: got %.17g, want %.17g (rel error %.3g)", what, got, want,
	    want != 0 ? err / fabs(want) : err);
}

/* ---- the fixture ------------------------------------------------------ */

#define N 20
static const char *const country[N] = {
	"NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO",
	"SE", "SE", "SE", "SE", "SE", "SE", "SE", "SE", "SE", "SE" };
static const char *const municipality[N] = {
	"NO-1", "NO-1", "NO-1", "NO-2", "NO-2", "NO-3", "NO-3", "NO-4", "NO-5",
	"NO-6", "SE-1", "SE-1", "SE-2", "SE-2", "SE-2", "SE-3", "SE-4", "SE-5",
	"SE-5", "SE-6" };
static const double year[N] = {
	2014, 2018, 2022, 2015, 2019, 2016, 2021, 2013, 2022, 2021,
	2012, 2017, 2014, 2019, 2023, 2016, 2021, 2011, 2020, 2018 };
static const char *const version[N] = {
	"2.0", "2.1", "3.2", "2.0", "2.1", "2.1", "3.2", "2.0", "3.2", "3.2",
	"2.0", "2.1", "2.0", "2.1", "3.2", "2.1", "3.2", "2.0", "3.0", "2.1" };
static const double log10_population[N] = {
	3.70, 3.71, 3.72, 4.30, 4.31, 3.10, 3.08, 4.90, 3.55, NAN,
	4.60, 4.62, 4.10, 4.12, 4.15, 5.20, 3.90, 4.40, 4.42, 4.00 };
static const double score[N] = {
	420, 455, 470, 480, 500, 390, 405, 520, 445, 430,
	530, 560, 470, 515, 540, 600, 480, 500, 505, NAN };
static double population_year[N];

/* A text column as a factor, its levels numbered from the last row up:
 * not in byte order, so that the order is the model's doing. */
struct factor {
	const char *level[N];
	int code[N];
	size_t n;
};

static void
factor(const char *const *s, struct factor *f)
{
	f->n = 0;
	for (size_t i = N; i-- > 0; ) {
		size_t l;
		for (l = 0; l < f->n && strcmp(f->level[l], s[i]) != 0; l++)
			;
		if (l == f->n)
			f->level[f->n++] = s[i];
		f->code[i] = (int)l;
	}
}

static struct factor fcountry, fversion, fmunicipality;

static void
setup(void)
{
	for (size_t i = 0; i < N; i++)
		population_year[i] = year[i] - (country[i][0] == 'S');
	factor(country, &fcountry);
	factor(version, &fversion);
	factor(municipality, &fmunicipality);
}

static md_var
column(const char *name)
{
	static const struct { const char *name; const double *num;
	    struct factor *f; } col[] = {
		{ "log10_population", log10_population, NULL },
		{ "year", year, NULL },
		{ "population_year", population_year, NULL },
		{ "country", NULL, &fcountry },
		{ "version", NULL, &fversion },
	};

	for (size_t i = 0; i < sizeof col / sizeof col[0]; i++) {
		if (strcmp(col[i].name, name) != 0)
			continue;
		if (col[i].num)
			return (md_var){ .num = col[i].num };
		return (md_var){ .code = col[i].f->code,
		    .level = col[i].f->level, .nlevel = col[i].f->n };
	}
	cr_assert_fail("no column %s in the fixture", name);
	return (md_var){ 0 };
}

struct expect {
	const char *names[MAXC];        /* R's, aliased ones included */
	double est[MAXC], se[MAXC], t[MAXC], p[MAXC], lo[MAXC], hi[MAXC];
	double mde[MAXC];               /* over the estimated ones */
	double fit[5];                  /* n, df, r2, adjusted r2, sigma */
};

static void
fit_fixture(const char *formula, const char *subset, enum md_se se,
	md_fit *fit)
{
	fm_formula f;
	char *why = NULL;
	md_var var[FM_MAXVAR];
	size_t rows[N], n = 0;

	cr_assert_eq(fm_parse(formula, &f, &why), 0, "%s: %s", formula, why);
	for (size_t v = 0; v < f.nvar; v++)
		var[v] = column(f.var[v]);
	for (size_t i = 0; i < N; i++)
		if (!subset || strcmp(country[i], subset) == 0 ||
		    strcmp(municipality[i], subset) == 0)
			rows[n++] = i;
	md_data d = { .formula = &f, .var = var, .y = score,
	    .cluster = fmunicipality.code, .ncluster = fmunicipality.n };
	md_fit_rows(&d, rows, n, se, fit);
	fm_free(&f);
}

/* The rows of fit that R also has (not the terms left out) against e. */
static void
check(const md_fit *fit, const struct expect *e)
{
	size_t j = 0, k = 0;
	char what[96];

	cr_assert_null(fit->why, "undefined: %s", fit->why);
	for (size_t i = 0; i < fit->ncoef; i++) {
		const md_coef *c = &fit->coef[i];
		if (c->note && strncmp(c->note, "left out", 8) == 0)
			continue;
		cr_assert_lt(j, MAXC);
		cr_assert_not_null(e->names[j], "extra coefficient %s",
		    c->term);
		cr_expect_str_eq(c->term, e->names[j]);
		j++;
		if (c->note) {
			cr_expect_str_eq(c->note, "aliased");
			cr_expect(isnan(c->estimate) && isnan(c->se));
			continue;
		}
#define NEAR(f, a) snprintf(what, sizeof what, "%s " #f, c->term); \
		near(c->f, e->a[k], R_REL, what)
		NEAR(estimate, est); NEAR(se, se); NEAR(t, t); NEAR(p, p);
		NEAR(ci_low, lo); NEAR(ci_high, hi); NEAR(mde80, mde);
#undef NEAR
		k++;
	}
	cr_expect(j == MAXC || e->names[j] == NULL, "coefficient %s missing",
	    e->names[j]);
	cr_expect_eq(fit->n, (size_t)e->fit[0]);
	near(fit->df, e->fit[1], R_REL, "df");
	near(fit->r_squared, e->fit[2], R_REL, "r squared");
	near(fit->adj_r_squared, e->fit[3], R_REL, "adjusted r squared");
	near(fit->residual_sd, e->fit[4], R_REL, "residual sd");
}

static void
expect_fit(const char *formula, const char *subset, enum md_se se,
	const struct expect *e)
{
	md_fit fit;

	fit_fixture(formula, subset, se, &fit);
	check(&fit, e);
	md_fit_free(&fit);
}

/* show(score ~ log10_population + country + version, cluster) */
static const struct expect e0 = {
	.names = {
	    "(Intercept)", "log10_population", "countrySE", "version2.1",
	    "version3.0", "version3.2"
	},
	.est = {
	    83.098612743271772, 90.671685758962496, 21.314831269114855,
	    30.871897435570762, -0.18229506700087467, 42.703651156100264
	},
	.se = {
	    17.483565793661633, 4.2055762137193575, 5.9421742369234574,
	    4.515508165282994, 3.8857031736006964, 8.981312500534397
	},
	.t = {
	    4.7529556455467308, 21.559872215173488, 3.5870424560540224,
	    6.836860062157804, -0.046914305817124601, 4.7547227817269864
	},
	.p = {
	    0.001039876804741465, 4.6771330476988568e-09,
	    0.0058658267897983953, 7.5843356073754898e-05,
	    0.96360605633003982, 0.0010373063043439192
	},
	.lo = {
	    43.548039151886428, 81.158011403403492, 7.8726992564634983,
	    20.657108295802058, -8.9723663336694059, 22.386510751687322
	},
	.hi = {
	    122.64918633465712, 100.1853601145215, 34.756963281766211,
	    41.086686575339471, 8.6077761996676578, 63.020791560513203
	},
	.mde = {
	    54.995623094572011, 13.228896614960355, 18.691471668473483,
	    14.203806481421248, 12.222716447819717, 28.251266532426964
	},
	.fit = {
	    18, 9, 0.97619644367313063, 0.96627829520360176,
	    9.8947410577770061
	},
};
/* show(score ~ log10_population + country + version, classical) */
static const struct expect e1 = {
	.names = {
	    "(Intercept)", "log10_population", "countrySE", "version2.1",
	    "version3.0", "version3.2"
	},
	.est = {
	    83.098612743271772, 90.671685758962496, 21.314831269114855,
	    30.871897435570762, -0.18229506700087467, 42.703651156100264
	},
	.se = {
	    23.766501070809365, 5.7218117770928103, 5.6827611167954437,
	    5.7826346899923911, 11.002574646534297, 6.9249889643049753
	},
	.t = {
	    3.4964596806105233, 15.846673971689398, 3.75078783553275,
	    5.3387251816198305, -0.016568400838643329, 6.1666020518180282
	},
	.p = {
	    0.0044105402507472824, 2.0709514637059264e-09,
	    0.00276699221106153, 0.00017682124734231787,
	    0.98705322161503717, 4.8236318351044477e-05
	},
	.lo = {
	    31.315855293892405, 78.204928850091633, 8.9331584399068742,
	    18.272618783736565, -24.154845866241175, 27.61539635536861
	},
	.hi = {
	    134.88137019265113, 103.13844266783336, 33.696504098322833,
	    43.471176087404956, 23.790255732239423, 57.791905956831918
	},
	.mde = {
	    72.521627112307044, 17.459663030280481, 17.340502981599467,
	    17.645259412181449, 33.573499667198199, 21.131064515129491
	},
	.fit = {
	    18, 12, 0.97619644367313063, 0.96627829520360176,
	    9.8947410577770061
	},
};
/* show(score ~ log10_population + version, cluster) */
static const struct expect e2 = {
	.names = {
	    "(Intercept)", "log10_population", "version2.1", "version3.2"
	},
	.est = {
	    92.338038652736373, 88.603556902464391, 27.571443762128968,
	    41.979690033761486
	},
	.se = {
	    19.72618862106701, 4.8276837437670288, 6.1366704032027792,
	    6.3221719049648577
	},
	.t = {
	    4.6809873121725083, 18.353223120064463, 4.4928995612570626,
	    6.6400741176927607
	},
	.p = {
	    0.0094407772373927088, 5.1850740200295256e-05,
	    0.010881590814024966, 0.0026698594319475087
	},
	.lo = {
	    37.56935881156646, 75.19975800263947, 10.533315258944441,
	    24.426526794002797
	},
	.hi = {
	    147.10671849390627, 102.00735580228931, 44.609572265313496,
	    59.532853273520175
	},
	.mde = {
	    73.33032457745368, 17.946478292803825, 22.812517974765878,
	    23.502103053522088
	},
	.fit = {
	    9, 4, 0.98624779495314063, 0.97799647192502503,
	    6.452799457314951
	},
};
/* show(score ~ log10_population + country + year + population_year, cluster) */
static const struct expect e3 = {
	.names = {
	    "(Intercept)", "log10_population", "countrySE", "year",
	    "population_year"
	},
	.est = {
	    -8394.0834864277404, 88.162873108604742, 21.263319794122587,
	    4.218149417902362
	},
	.se = {
	    2435.5421207901477, 6.1791467805173808, 6.1669697024708023,
	    1.2008549224200471
	},
	.t = {
	    -3.4464948952328118, 14.267806906056835, 3.4479364777166683,
	    3.5126219988353391
	},
	.p = {
	    0.0073150851283190627, 1.7408917103002811e-07,
	    0.007298452621029362, 0.0065914041050810232
	},
	.lo = {
	    -13903.662540269903, 74.184671959075885, 7.3126651089187469,
	    1.5016268536683697
	},
	.hi = {
	    -2884.504432585577, 102.1410742581336, 35.213974479326424,
	    6.9346719821363543
	},
	.mde = {
	    7661.1463637748711, 19.436883265001356, 19.398579522930298,
	    3.7773624376222346
	},
	.fit = {
	    18, 9, 0.94605228324749724, 0.93449205822910375,
	    13.791028291346059
	},
};
/* show(score ~ log10_population * country + version, cluster) */
static const struct expect e4 = {
	.names = {
	    "(Intercept)", "log10_population", "countrySE", "version2.1",
	    "version3.0", "version3.2", "log10_population:countrySE"
	},
	.est = {
	    89.616066298500172, 89.072468385554743, -1.1675780446332311,
	    29.874093673183189, -0.74085498883283685, 42.470794627477638,
	    5.3375693372882296
	},
	.se = {
	    26.237877953688226, 5.8780098395688771, 68.453190117108562,
	    5.7371736356113869, 3.746203180686356, 9.6024000023924341,
	    15.42121068543884
	},
	.t = {
	    3.4155226446543843, 15.153507873693483, -0.017056590680956701,
	    5.2071099064791735, -0.19776156099923603, 4.4229353720836517,
	    0.34611869626605379
	},
	.p = {
	    0.0076821659568292846, 1.0325947201718395e-07,
	    0.98676360789206097, 0.00055872514870927681,
	    0.84762614881578824, 0.001664093950587148, 0.73720717242461209
	},
	.lo = {
	    30.261862748939244, 75.775486323975684, -156.01945238443767,
	    16.895705239167874, -9.2153553473198944, 20.748656682012093,
	    -29.547632873797461
	},
	.hi = {
	    148.97026984806109, 102.3694504471338, 153.68429629517118,
	    42.852482107198504, 7.7336453696542211, 64.192932572943178,
	    40.22277154837392
	},
	.mde = {
	    82.532846203807097, 18.489638641123758, 215.32368669704579,
	    18.046629767400507, 11.783910707471611, 30.204935169823404,
	    48.50835925162616
	},
	.fit = {
	    18, 9, 0.97661861351868862, 0.96386512998342788,
	    10.242663865119949
	},
};
/* show(score ~ log10_population * country + version, classical) */
static const struct expect e5 = {
	.names = {
	    "(Intercept)", "log10_population", "countrySE", "version2.1",
	    "version3.0", "version3.2", "log10_population:countrySE"
	},
	.est = {
	    89.616066298500172, 89.072468385554743, -1.1675780446332311,
	    29.874093673183189, -0.74085498883283685, 42.470794627477638,
	    5.3375693372882296
	},
	.se = {
	    28.620550043726851, 6.9252223311049317, 50.789133425105582,
	    6.3909773731297337, 11.458204001250209, 7.1875048192456372,
	    11.976742509239926
	},
	.t = {
	    3.1311790360976142, 12.862037365281681, -0.022988737273002682,
	    4.6744170615884233, -0.064657165185050103, 5.9089761600932258,
	    0.44566119152769235
	},
	.p = {
	    0.0095575404199365957, 5.6839741493505256e-08,
	    0.98207097862086656, 0.00067766679956014634,
	    0.94960703793846357, 0.00010178470322104436, 0.66448594309674469
	},
	.lo = {
	    26.622660378597267, 73.830156804457559, -112.95370700720484,
	    15.807647316443202, -25.960191956887183, 26.651203182230851,
	    -21.023063191787546
	},
	.hi = {
	    152.60947221840308, 104.31477996665193, 110.61855091793838,
	    43.940540029923177, 24.47848197922151, 58.290386072724424,
	    31.698201866364005
	},
	.mde = {
	    88.051555472149502, 21.305551336806236, 156.25353783664576,
	    19.661938636106939, 35.251338066035004, 22.112467382046837,
	    36.846629635587135
	},
	.fit = {
	    18, 11, 0.97661861351868862, 0.96386512998342788,
	    10.242663865119949
	},
};
/* show(score ~ log10_population:country + version, cluster) */
static const struct expect e6 = {
	.names = {
	    "(Intercept)", "version2.1", "version3.0", "version3.2",
	    "log10_population:countryNO", "log10_population:countrySE"
	},
	.est = {
	    89.310347924045942, 29.923914317043913, -0.71934718800774933,
	    42.478857434002705, 89.146088650889212, 94.210180828950712
	},
	.se = {
	    18.943688166705474, 4.684387541142609, 3.5915426704972715,
	    8.8996268893805972, 4.4649550611167337, 4.4110933462913637
	},
	.t = {
	    4.7145174233290836, 6.3880099701881017, -0.20028919436676251,
	    4.7731054303737421, 19.965730322175474, 21.35755773750699
	},
	.p = {
	    0.0010975164770200758, 0.0001270517188939082,
	    0.84570713294970645, 0.0010109678260485501,
	    9.2178947624180528e-09, 5.0838021324758851e-09
	},
	.lo = {
	    46.456748047917557, 19.327093487525488, -8.843981165568545,
	    22.346502719958881, 79.045658577811892, 84.231594419866198
	},
	.hi = {
	    132.16394780017433, 40.520735146562338, 7.4052867895530472,
	    62.611212148046533, 99.246518723966531, 104.18876723803523
	},
	.mde = {
	    59.588527119275184, 14.735026863626635, 11.297416634903376,
	    27.994319457883812, 14.044788607390299, 13.87536329663148
	},
	.fit = {
	    18, 9, 0.97661749018751964, 0.96687477776565278,
	    9.8068396106419318
	},
};
/* show(score ~ country * version, classical) */
static const struct expect e7 = {
	.names = {
	    "(Intercept)", "countrySE", "version2.1", "version3.0",
	    "version3.2", "countrySE:version2.1", "countrySE:version3.0",
	    "countrySE:version3.2"
	},
	.est = {
	    473.33333333333297, 26.666666666666941, -24.999999999999719,
	    4.9999999999999956, -35.833333333333059, 83.333333333333059,
	    45.833333333333073
	},
	.se = {
	    23.935677693908499, 33.850160019316569, 33.850160019316576,
	    47.871355387816998, 31.66392531993894, 47.871355387816998,
	    49.344663676362629
	},
	.t = {
	    19.77522171656722, 0.78778554226773601, -0.73854894587598652,
	    0.10444659357341841, -1.131676915330792, 1.7407765595569693,
	    0.9288407280256411
	},
	.p = {
	    1.5914788335470607e-10, 0.446104649596613, 0.47437862042503132,
	    0.91854037535383226, 0.2798788858646154, 0.10727595029955647,
	    0.37127897198598847
	},
	.lo = {
	    421.18197168706541, -47.086496269708675, -98.753162936375347,
	    -99.302723292535077, -104.82310005804102, -20.969389959202019,
	    -61.679452960340285
	},
	.hi = {
	    525.48469497960048, 100.41982960304256, 48.753162936375915,
	    109.30272329253508, 33.156433391374904, 187.63605662586815,
	    153.34611962700643
	},
	.mde = {
	    73.037856402431018, 103.29112709097656, 103.29112709097657,
	    146.07571280486204, 96.620002167039587, 146.07571280486204,
	    150.57139830795907
	},
	.fit = {
	    19, 12, 0.60751665080875272, 0.41127497621312914,
	    41.457809879442578
	},
};

TestSuite(r, .init = setup);

Test(r, additive_cluster)
{
	expect_fit("score ~ log10_population + country + version", NULL,
	    MD_CLUSTER, &e0);
}

Test(r, additive_classical)
{
	expect_fit("score ~ log10_population + country + version", NULL,
	    MD_CLASSICAL, &e1);
}

/* Within NO, country has one level: R refuses the formula (contrasts
 * need two levels); the model leaves the term out and fits the rest. */
Test(r, factor_with_one_level_left_out)
{
	md_fit fit;

	fit_fixture("score ~ log10_population + country + version", "NO",
	    MD_CLUSTER, &fit);
	check(&fit, &e2);
	cr_assert_eq(fit.ncoef, 5);
	cr_expect_str_eq(fit.coef[2].term, "country");
	cr_expect_str_eq(fit.coef[2].note,
	    "left out: country has one level (NO) in these rows");
	cr_expect(isnan(fit.coef[2].estimate));
	cr_expect_eq(fit.clusters, 5);
	md_fit_free(&fit);
}

/* population_year is year, less one in Sweden: a linear combination of
 * the intercept, year and countrySE. */
Test(r, aliased_column)
{
	expect_fit("score ~ log10_population + country + year + "
	    "population_year", NULL, MD_CLUSTER, &e3);
}

Test(r, interaction_cluster)
{
	expect_fit("score ~ log10_population * country + version", NULL,
	    MD_CLUSTER, &e4);
}

Test(r, interaction_classical)
{
	expect_fit("score ~ log10_population * country + version", NULL,
	    MD_CLASSICAL, &e5);
}

/* Without its margin country, the interaction codes country by an
 * indicator per level (R's TermCode), not by contrasts. */
Test(r, interaction_without_main_effect)
{
	expect_fit("score ~ log10_population:country + version", NULL,
	    MD_CLUSTER, &e6);
}

/* 3.0 occurs in Sweden only: countrySE:version3.0 equals version3.0. */
Test(r, factor_interaction_with_an_empty_cell)
{
	expect_fit("score ~ country * version", NULL, MD_CLASSICAL, &e7);
}

/* ---- the added-variable plot and the model to quote ------------------ */

/* R 4.2.2, on the fixture's complete rows u (rows 10 and 20 of d have a
 * missing value):
 *   u <- d[complete.cases(d[, c("log10_population", "score")]), ]
 *   f(resid(lm(log10_population ~ country + version, u)))
 *   f(resid(lm(score ~ country + version, u)))
 * The slope through them is the coefficient of log10_population in
 * score ~ log10_population + country + version (e1 above). */
static const double av_x[] = { -0.37142857142856855, -0.20476190476190481,
	0.24952380952380943, 0.22857142857142759, 0.39523809523809444,
	-0.81476190476190491, -0.39047619047619042, 0.82857142857142807,
	0.079523809523809233, 0.0047619047619038984, 0.18142857142857172,
	-0.49523809523809614, -0.31857142857142828, 0.15571428571428625,
	0.76142857142857179, -0.094285714285714181, -0.19523809523809538,
	4.163336342344337e-17 };
static const double av_y[] = { -32.261904761904333, -13.928571428571463,
	29.523809523809504, 27.738095238095099, 31.071428571428541,
	-78.928571428571473, -35.476190476190489, 67.738095238095099,
	4.5238095238095086, 8.928571428571356, 22.261904761904795,
	-51.071428571428648, -22.738095238095205, 30.714285714285758,
	62.261904761904816, -29.285714285714242, -21.07142857142864,
	5.3290705182007514e-15 };

Test(r, added_variable_plot)
{
	const char *model = "score ~ log10_population + country + version";
	fm_formula f;
	char *why;
	md_var var[FM_MAXVAR];
	size_t rows[N], row[N], n;
	double x[N], y[N], sxy = 0, sxx = 0;

	cr_assert_eq(fm_parse(model, &f, &why), 0);
	for (size_t v = 0; v < f.nvar; v++)
		var[v] = column(f.var[v]);
	for (size_t i = 0; i < N; i++)
		rows[i] = i;
	md_data d = { .formula = &f, .var = var, .y = score,
	    .cluster = fmunicipality.code, .ncluster = fmunicipality.n };
	n = md_partial(&d, rows, N, MD_CLUSTER, "log10_population", row, x, y);
	cr_assert_eq(n, 18);
	for (size_t i = 0; i < n; i++) {
		/* R's row names: 1..9 and 11..19 */
		cr_expect_eq(row[i], i < 9 ? i : i + 1);
		cr_expect(fabs(x[i] - av_x[i]) < 1e-12, "x[%zu] %.17g, R %.17g",
		    i, x[i], av_x[i]);
		cr_expect(fabs(y[i] - av_y[i]) < 1e-9, "y[%zu] %.17g, R %.17g",
		    i, y[i], av_y[i]);
		sxy += x[i] * y[i];
		sxx += x[i] * x[i];
	}
	near(sxy / sxx, e1.est[1], 1e-12, "slope through the residuals");
	cr_expect_eq(md_partial(&d, rows, N, MD_CLUSTER, "country", row, x,
	    y), 0, "a factor has no added-variable plot");
	fm_free(&f);
}

Test(r, model_to_quote)
{
	const char *m[] = {
		"score ~ log10_population",
		"score ~ log10_population + country + version",
		"score ~ log10_population + country + version + year",
		"score ~ log10_population * country + version + year + size_class",
		"raw_score ~ log10_population + country + version + year + max",
		"score ~ country + log10_population + version + year",
	};
	char *words;

	cr_expect_eq(md_quoted(m, 6, "score", "log10_population", &words), 2);
	cr_expect_str_eq(words, "country, version and year");
	free(words);
	cr_expect_eq(md_quoted(m, 1, "score", "log10_population", &words), 0);
	cr_expect_str_eq(words, "");
	free(words);
	cr_expect_eq(md_quoted(m + 5, 1, "score", "log10_population", &words),
	    0);
	cr_expect_str_eq(words, "country, version and year");
	free(words);
	cr_expect_eq(md_quoted(m + 3, 2, "score", "log10_population", &words),
	    -1);
	cr_expect_null(words);
}

/* ---- undefined fits ----------------------------------------------------- */

static void
expect_undefined(const char *formula, const char *subset, enum md_se se,
	const char *why)
{
	md_fit fit;

	fit_fixture(formula, subset, se, &fit);
	cr_assert_not_null(fit.why, "%s: defined", formula);
	cr_expect_str_eq(fit.why, why);
	for (size_t i = 0; i < fit.ncoef; i++)
		cr_expect(isnan(fit.coef[i].estimate) &&
		    isnan(fit.coef[i].se) && isnan(fit.coef[i].p),
		    "%s has numbers", fit.coef[i].term);
	cr_expect(isnan(fit.r_squared) && isnan(fit.df));
	md_fit_free(&fit);
}

Test(r, undefined_fits)
{
	expect_undefined("score ~ log10_population", "XX", MD_CLUSTER,
	    "no rows with every variable of the model");
	/* NO-6's only row lacks a population: NO-1 alone has three */
	expect_undefined("score ~ year", "NO-1", MD_CLUSTER,
	    "1 cluster: cluster-robust errors need 2 or more");
	expect_undefined("score ~ year", "NO-4", MD_CLASSICAL,
	    "too few evaluations: no residual degrees of freedom "
	    "(N = K = 1)");
	expect_undefined("score ~ version * year * log10_population", "NO",
	    MD_CLASSICAL, "too few evaluations: no residual degrees of freedom "
	    "(N = K = 9)");
}

Test(r, no_rows_names_the_terms)
{
	md_fit fit;

	fit_fixture("score ~ year * country", "XX", MD_CLUSTER, &fit);
	cr_assert_eq(fit.ncoef, 4);
	cr_expect_str_eq(fit.coef[0].term, "(Intercept)");
	cr_expect_str_eq(fit.coef[3].term, "year:country");
	cr_expect_eq(fit.n, 0);
	md_fit_free(&fit);
}

/* ---- least squares by hand -------------------------------------------- */

struct matrix {
	const double *x, *y;
	size_t p;
};

static void
fill_matrix(void *ctx, size_t from, size_t count, double *xy, int *cluster)
{
	const struct matrix *m = ctx;

	for (size_t i = 0; i < count; i++) {
		memcpy(xy + i * (m->p + 1), m->x + (from + i) * m->p,
		    m->p * sizeof *xy);
		xy[i * (m->p + 1) + m->p] = m->y[from + i];
		if (cluster)
			cluster[i] = (int)(from + i);
	}
}

static void
ls_fit(const double *x, const double *y, size_t n, size_t p, md_ls *ls)
{
	struct matrix m = { x, y, p };
	md_rows rows = { .n = n, .p = p, .fill = fill_matrix, .ctx = &m };

	md_ls_fit(&rows, ls);
}

/* Columns 1, a, a: the second a is aliased (R keeps the first). */
Test(ls, duplicate_column_aliased)
{
	const double x[] = { 1, 1, 1, 1, 2, 2, 1, 3, 3, 1, 4, 4 };
	const double y[] = { 1, 3, 2, 5 };
	md_ls ls;

	ls_fit(x, y, 4, 3, &ls);
	cr_expect_eq(ls.rank, 2);
	cr_expect(!ls.aliased[0] && !ls.aliased[1] && ls.aliased[2]);
	/* slope = Sxy/Sxx = 4.5/5 = 1.1 (x mean 2.5, y mean 2.75); and
	 * intercept 2.75 - 1.1 * 2.5 */
	near(ls.coef[1], 1.1, 1e-14, "slope");
	near(ls.coef[0], 0, 1e-14, "intercept");
	cr_expect(isnan(ls.coef[2]));
	md_ls_free(&ls);
}

/* A zero column is aliased; more columns than rows leave the later ones
 * aliased once the rows are spanned. */
Test(ls, zero_column_and_wide)
{
	const double x[] = { 1, 0, 5, 7, 9, 1, 0, 6, 1, 3, 1, 0, 8, 2, 1 };
	const double y[] = { 3, 4, 9 };
	md_ls ls;

	ls_fit(x, y, 3, 5, &ls);
	cr_expect_eq(ls.rank, 3);
	cr_expect(!ls.aliased[0] && ls.aliased[1] && !ls.aliased[2] &&
	    !ls.aliased[3] && ls.aliased[4]);
	/* b0 + 5 b2 + 7 b3 = 3, b0 + 6 b2 + b3 = 4, b0 + 8 b2 + 2 b3 = 9:
	 * the differences give b2 - 6 b3 = 1 and 2 b2 + b3 = 5, so
	 * b3 = 3/13, b2 = 31/13 and b0 = 4 - 6 b2 - b3 = -137/13 */
	near(ls.coef[0], -137.0 / 13, 1e-12, "b0");
	near(ls.coef[2], 31.0 / 13, 1e-12, "b2");
	near(ls.coef[3], 3.0 / 13, 1e-12, "b3");
	cr_expect(isnan(ls.coef[1]) && isnan(ls.coef[4]));
	cr_expect(ls.rss < 1e-20);
	md_ls_free(&ls);
}

/* ---- NIST StRD Longley ------------------------------------------------ */

#define NIST "tests/data/nist/"

/* The certified estimate and its standard deviation for parameter Bk
 * from the header of Longley.dat. */
static void
certified(FILE *fp, int k, double *est, double *sd)
{
	char line[256], key[16];

	rewind(fp);
	snprintf(key, sizeof key, "B%d ", k);
	while (fgets(line, sizeof line, fp)) {
		char *p = line + strspn(line, " ");
		if (strncmp(p, key, strlen(key)) == 0 &&
		    sscanf(p + 2, "%lf %lf", est, sd) == 2)
			return;
	}
	cr_assert_fail("B%d not in Longley.dat", k);
}

static double
certified_stat(FILE *fp, const char *key)
{
	char line[256];
	double v;

	rewind(fp);
	while (fgets(line, sizeof line, fp)) {
		char *p = strstr(line, key);
		if (p && sscanf(p + strlen(key), "%lf", &v) == 1)
			return v;
	}
	cr_assert_fail("%s not in Longley.dat", key);
	return NAN;
}

/* y ~ x1 + ... + x6 through the formula, classical errors. */
Test(nist, longley)
{
	FILE *fp = fopen(NIST "Longley.dat", "r");
	double v[7][16], est, sd;
	const char *name[7] = { "y", "x1", "x2", "x3", "x4", "x5", "x6" };
	char line[256], what[32];
	size_t n = 0, rows[16];
	md_var var[6];
	fm_formula f;
	char *why;
	md_fit fit;

	cr_assert(fp, "cannot open " NIST "Longley.dat (run from the root)");
	for (int l = 1; fgets(line, sizeof line, fp); l++) {
		if (l < 61)
			continue;
		cr_assert_lt(n, 16);
		cr_assert_eq(sscanf(line, "%lf %lf %lf %lf %lf %lf %lf",
		    &v[0][n], &v[1][n], &v[2][n], &v[3][n], &v[4][n], &v[5][n],
		    &v[6][n]), 7);
		rows[n] = n;
		n++;
	}
	cr_assert_eq(n, 16);
	cr_assert_eq(fm_parse("y ~ x1 + x2 + x3 + x4 + x5 + x6", &f, &why), 0);
	for (int j = 0; j < 6; j++) {
		cr_assert_str_eq(f.var[j], name[j + 1]);
		var[j] = (md_var){ .num = v[j + 1] };
	}
	md_data d = { .formula = &f, .var = var, .y = v[0] };
	md_fit_rows(&d, rows, n, MD_CLASSICAL, &fit);
	cr_assert_null(fit.why);
	cr_assert_eq(fit.ncoef, 7);
	for (int k = 0; k < 7; k++) {
		certified(fp, k, &est, &sd);
		snprintf(what, sizeof what, "Longley B%d", k);
		near(fit.coef[k].estimate, est, 1e-11, what);
		snprintf(what, sizeof what, "Longley SD(B%d)", k);
		near(fit.coef[k].se, sd, 1e-11, what);
	}
	near(fit.residual_sd, certified_stat(fp, "Standard Deviation"), 1e-11,
	    "Longley residual SD");
	near(fit.r_squared, certified_stat(fp, "R-Squared"), 1e-11,
	    "Longley R-squared");
	cr_expect_eq(fit.df, 9);
	md_fit_free(&fit);
	fm_free(&f);
	fclose(fp);
}

/* ---- formulas ----------------------------------------------------------- */

static void
expect_terms(const char *s, const char *text, const char *const *label,
	size_t n)
{
	fm_formula f;
	char *why = NULL;

	cr_assert_eq(fm_parse(s, &f, &why), 0, "%s: %s", s, why);
	cr_expect_str_eq(f.text, text);
	cr_assert_eq(f.nterm, n, "%s: %zu terms", s, f.nterm);
	for (size_t i = 0; i < n; i++) {
		char *l = fm_label(&f, f.term[i]);
		cr_expect_str_eq(l, label[i]);
		free(l);
	}
	fm_free(&f);
}

/* Each expansion and order is what R's
 * attr(terms(FORMULA), "term.labels") prints. */
Test(formula, terms_as_r_orders_them)
{
	expect_terms("score~log10_population*country+version",
	    "score ~ log10_population * country + version",
	    (const char *[]){ "log10_population", "country", "version",
	    "log10_population:country" }, 4);
	expect_terms("  y ~ a*b*c", "y ~ a * b * c", (const char *[]){ "a",
	    "b", "c", "a:b", "a:c", "b:c", "a:b:c" }, 7);
	expect_terms("y ~ b:a + a", "y ~ b:a + a",
	    (const char *[]){ "a", "b:a" }, 2);
	expect_terms("y ~ a + b : a", "y ~ a + b:a",
	    (const char *[]){ "a", "a:b" }, 2);
	expect_terms("y ~ a + a + a:a\t", "y ~ a + a + a:a",
	    (const char *[]){ "a" }, 1);
	expect_terms("y ~ a:b + c", "y ~ a:b + c",
	    (const char *[]){ "c", "a:b" }, 2);
	expect_terms("y ~ a:b*c", "y ~ a:b * c", (const char *[]){ "c", "a:b",
	    "a:b:c" }, 3);
}

static void
expect_error(const char *s, const char *why)
{
	fm_formula f;
	char *got = NULL;

	cr_assert_eq(fm_parse(s, &f, &got), -1, "%s: parsed", s);
	cr_expect_str_eq(got, why, "%s", s);
	free(got);
}

Test(formula, malformed)
{
	expect_error("", "empty formula");
	expect_error("score", "character 6: expected '~' after the response");
	expect_error("score ~",
	    "character 8: expected a column name at the end");
	expect_error("~ year", "character 1: expected a column name");
	expect_error("score ~ year +", "character 15: expected a column name "
	    "at the end");
	expect_error("score ~ year year", "character 14: expected '+', '*', "
	    "':' or the end");
	expect_error("score ~ (year)", "character 9: expected a column name");
	expect_error("score ~ year - 1", "character 14: only +, * and : may "
	    "join columns (no parentheses, -, ^, / or |)");
	expect_error("score ~ year + score", "character 16: the response is "
	    "also a term");
	expect_error("score ~ 1 + year", "character 9: expected a column name");
}
