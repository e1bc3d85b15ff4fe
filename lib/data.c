/* Where the data dictionaries live: data/ of the checkout, or $KK_DATA. */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

#ifndef KK_DATADIR
#define KK_DATADIR "data"
#endif

char *
kk_data_path(const char *name)
{
	const char *dir = getenv("KK_DATA");
	size_t n;
	char *p;

	if (!dir || !*dir)
		dir = KK_DATADIR;
	n = strlen(dir) + strlen(name) + 2;
	p = kk_malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}
