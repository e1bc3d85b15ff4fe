/* Where the data dictionaries live ($KK_DATA, else KK_DATADIR: data/ of
 * the checkout, or PREFIX/share/kompass when installed) and the chart
 * templates ($KK_PLOTS, else KK_PLOTSDIR: plots/ of the checkout, or
 * PREFIX/share/kompass/plots).  The Makefile sets both. */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

#ifndef KK_DATADIR
#define KK_DATADIR "data"
#endif
#ifndef KK_PLOTSDIR
#define KK_PLOTSDIR "plots"
#endif

static char *
path_in(const char *env, const char *dflt, const char *name)
{
	const char *dir = getenv(env);

	return kk_path_join(dir && *dir ? dir : dflt, name);
}

char *
kk_data_path(const char *name)
{
	return path_in("KK_DATA", KK_DATADIR, name);
}

char *
kk_plots_path(const char *name)
{
	return path_in("KK_PLOTS", KK_PLOTSDIR, name);
}
