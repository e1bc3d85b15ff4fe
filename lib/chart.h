/*
 * chart.h - the charts kk-plot draws and kk-report shows: their file
 * names, and the reasons a chart is left out.
 *
 * Both stages name a chart through kk_chart_stem, so a report never looks
 * for a file under another name than the one it was drawn under.  A chart
 * with nothing to draw is not written; kk-plot lists it with its reason in
 * KK_CHART_OMITTED beside the charts, and kk-report says why it is
 * missing.
 */
#ifndef KK_CHART_H
#define KK_CHART_H

enum kk_chart {
	KK_CHART_HIST,          /* hist-CC-total, hist-CC-areaN */
	KK_CHART_BOX,           /* box-CC-total */
	KK_CHART_SCATTER,       /* scatter-CC-total */
	KK_CHART_SCATTER_AREAS, /* scatter-CC-areas */
	KK_CHART_RANK,          /* rank-ID-YEAR */
	KK_CHART_RANK_GROUP,    /* rankgroup-ID-YEAR: the size group's */
	KK_CHART_COMPARE,       /* compare-ID-YEAR */
	KK_CHART_RADAR,         /* radar-ID-YEAR */
	KK_CHART_DEV,           /* dev-ID */
	KK_CHART_SIZE_EFFECT,   /* size-effect: the model's, both countries */
	KK_CHART_SIZE_PARTIAL   /* size-partial: its added-variable plot */
};

/* The file name of a chart without its extension (.gp, .png, .svg).
 * The charts of a country are named by country (and, for a histogram,
 * area: 1..KK_NAREA or KK_AREA_TOTAL); the charts of one municipality by
 * its municipality_id (ID: NO-5025, the same across renumberings) and,
 * for rank, compare and radar, the evaluation year; the two charts of
 * the size effect, which show both countries, by their name alone.  Parts
 * a chart does not use are ignored.  Dies unless the parts used are [A-Za-z0-9_-]
 * only, so that no name from data reaches a path.  Returns a new
 * string. */
char *kk_chart_stem(enum kk_chart c, const char *country, int area,
	const char *municipality, long year);

/* The table of charts left out, in the charts' folder: chart,reason. */
#define KK_CHART_OMITTED "omitted.csv"

/* Why a chart was left out; the key is what omitted.csv holds. */
enum kk_chart_gap {
	KK_GAP_NO_SCORES,       /* no evaluation with this score */
	KK_GAP_NO_SIZE_CLASS,   /* no evaluation with a size class */
	KK_GAP_NONE_SINCE,      /* no total score in the ranking's years */
	KK_GAP_NO_TOTAL,        /* the evaluation has no total score */
	KK_GAP_NO_OTHER,        /* no total of the other country to compare */
	KK_GAP_FEW_AREAS,       /* fewer than three area scores for a radar */
	KK_GAP_NO_MODEL,        /* no model of score on log10_population to
				   quote in tables/size_model.csv */
	KK_NGAP
};
const char *kk_chart_gap_key(enum kk_chart_gap g);
/* The gap of a key; -1 for a key this version does not know. */
int kk_chart_gap_parse(const char *key);

#endif
