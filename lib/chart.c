/* Chart file names and the reasons for leaving a chart out; see chart.h. */
#include <string.h>

#include "chart.h"
#include "kk.h"
#include "schema.h"

static const char *const prefix[] = {
	[KK_CHART_HIST] = "hist", [KK_CHART_BOX] = "box",
	[KK_CHART_SCATTER] = "scatter", [KK_CHART_SCATTER_AREAS] = "scatter",
	[KK_CHART_RANK] = "rank", [KK_CHART_RANK_GROUP] = "rankgroup",
	[KK_CHART_COMPARE] = "compare",
	[KK_CHART_RADAR] = "radar", [KK_CHART_DEV] = "dev"
};

static const char *const gap_key[KK_NGAP] = {
	[KK_GAP_NO_SCORES] = "no_scores",
	[KK_GAP_NO_SIZE_CLASS] = "no_size_class",
	[KK_GAP_NONE_SINCE] = "none_since",
	[KK_GAP_NO_TOTAL] = "no_total",
	[KK_GAP_NO_OTHER] = "no_other_country",
	[KK_GAP_FEW_AREAS] = "few_areas",
	[KK_GAP_NO_MODEL] = "no_model"
};

/* A part of a file name: no '.', no '/', nothing a shell or gnuplot
 * reads specially. */
static const char *
part(const char *s)
{
	if (!s || !*s || *s == '-' || strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(s))
		kk_die("chart name: '%s' is not usable in a file name",
		    s ? s : "(none)");
	return s;
}

char *
kk_chart_stem(enum kk_chart c, const char *country, int area,
	const char *municipality, long year)
{
	switch (c) {
	case KK_CHART_HIST:
		if (area == KK_AREA_TOTAL)
			return kk_asprintf("hist-%s-total", part(country));
		if (area < 1 || area > KK_NAREA)
			kk_die("chart name: no area %d", area);
		return kk_asprintf("hist-%s-area%d", part(country), area);
	case KK_CHART_BOX:
	case KK_CHART_SCATTER:
		return kk_asprintf("%s-%s-total", prefix[c], part(country));
	case KK_CHART_SCATTER_AREAS:
		return kk_asprintf("scatter-%s-areas", part(country));
	case KK_CHART_DEV:
		return kk_asprintf("dev-%s", part(municipality));
	case KK_CHART_RANK:
	case KK_CHART_RANK_GROUP:
	case KK_CHART_COMPARE:
	case KK_CHART_RADAR:
		return kk_asprintf("%s-%s-%ld", prefix[c], part(municipality),
		    year);
	case KK_CHART_SIZE_EFFECT:
		return kk_strdup("size-effect");
	case KK_CHART_SIZE_PARTIAL:
		return kk_strdup("size-partial");
	}
	kk_die("chart name: unknown chart %d", (int)c);
}

const char *
kk_chart_gap_key(enum kk_chart_gap g)
{
	return g >= 0 && g < KK_NGAP ? gap_key[g] : "unknown";
}

int
kk_chart_gap_parse(const char *key)
{
	int g;

	for (g = 0; g < KK_NGAP; g++)
		if (strcmp(gap_key[g], key) == 0)
			return g;
	return -1;
}
