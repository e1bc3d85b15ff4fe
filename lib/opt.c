/* The option parser every stage shares: --name VALUE, --name=VALUE, -x VALUE;
 * and --version. */
#include <stdlib.h>
#include <string.h>

#include "kk.h"

#ifndef KK_PROGRAM_VERSION
#define KK_PROGRAM_VERSION "unknown"
#endif

/* Every stage answers --version alike; the number is the file VERSION of
 * the checkout, compiled in by the Makefile. */
static _Noreturn void
program_version(void)
{
	printf("%s (kompass) %s\n", kk_prog, KK_PROGRAM_VERSION);
	if (fflush(stdout) == EOF || ferror(stdout))
		kk_die("standard output:");
	exit(0);
}

static const kk_option *
lookup(const kk_option *opts, const char *name, size_t len)
{
	for (; opts->name; opts++)
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

int
kk_getopt(int argc, char **argv, int *i, const kk_option *opts,
	const char **val)
{
	const char *a, *name, *eq;
	const kk_option *o;
	size_t len;

	if (*i >= argc)
		return -1;
	a = argv[*i];
	if (strcmp(a, "--") == 0) {
		(*i)++;
		return -1;
	}
	if (a[0] != '-' || a[1] == '\0')
		return -1;
	name = a + (a[1] == '-' ? 2 : 1);
	eq = a[1] == '-' ? strchr(name, '=') : NULL;
	len = eq ? (size_t)(eq - name) : strlen(name);
	if (a[1] != '-' && len != 1)
		kk_usage("unknown option '%s'", a);
	o = lookup(opts, name, len);
	if (!o && strcmp(a, "--version") == 0)
		program_version();
	if (!o)
		kk_usage("unknown option '%s'", a);
	(*i)++;
	*val = NULL;
	if (o->value) {
		if (eq)
			*val = eq + 1;
		else if (*i < argc)
			*val = argv[(*i)++];
		else
			kk_usage("option '%s' needs a value", a);
	} else if (eq) {
		kk_usage("option '--%.*s' takes no value", (int)len, name);
	}
	return o->id;
}
