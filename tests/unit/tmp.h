/*
 * tmp.h - a file holding a given text, for a unit test whose code under
 * test reads a file.  It is made under $TMPDIR (default /tmp) and removed
 * when the test's process exits, also when the code under test exits
 * (a death test), so that nothing is left behind.  Criterion runs each
 * test in a process of its own; one test may write several files.
 */
#ifndef KK_TEST_TMP_H
#define KK_TEST_TMP_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { TMP_FILES = 8, TMP_PATH = 1024 };
static char tmp_files[TMP_FILES][TMP_PATH];
static int tmp_nfiles;

static inline void
tmp_remove(void)
{
	while (tmp_nfiles > 0)
		unlink(tmp_files[--tmp_nfiles]);
}

/* A new file holding text; its path lives as long as the process. */
static inline const char *
tmp_file(const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *fp;
	int fd, n;

	cr_assert(tmp_nfiles < TMP_FILES, "more than %d files", TMP_FILES);
	path = tmp_files[tmp_nfiles];
	n = snprintf(path, TMP_PATH, "%s/kk-test-XXXXXX",
	    dir && *dir ? dir : "/tmp");
	cr_assert(n > 0 && n < TMP_PATH, "TMPDIR is too long");
	fd = mkstemp(path);
	cr_assert(fd >= 0, "%s: cannot create", path);
	if (tmp_nfiles++ == 0)
		atexit(tmp_remove);
	fp = fdopen(fd, "w");
	cr_assert(fp);
	fputs(text, fp);
	cr_assert(fclose(fp) == 0, "%s: cannot write", path);
	return path;
}

#endif
