/* Where the data dictionaries live (data/ of the checkout, or $KK_DATA)
 * and the chart templates (plots/ of the checkout, or $KK_PLOTS). */
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
