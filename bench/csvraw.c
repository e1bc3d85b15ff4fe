/*
 * csvraw - the ceiling for a libcsv reader: parse a file with libcsv and
 * count its fields and records, doing nothing else.  Built and run by
 * pipeline/bench.sh.  Usage: csvraw FILE [DELIMITER]
 */
#include <stdio.h>
#include <stdlib.h>

#include <csv.h>

static unsigned long fields, records;

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	fields++;
}

static void
on_record(int c, void *data)
{
	(void)c;
	(void)data;
	records++;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct csv_parser p;
	FILE *fp;
	size_t n;

	if (argc < 2 || !(fp = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: csvraw FILE [DELIMITER]\n");
		return 2;
	}
	/* The options kk's reader gives libcsv: strict quoting. */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return 1;
	if (argc > 2)
		csv_set_delim(&p, (unsigned char)argv[2][0]);
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
		if (csv_parse(&p, buf, n, on_field, on_record, NULL) != n) {
			fprintf(stderr, "csvraw: %s\n",
			    csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	fclose(fp);
	printf("%lu records, %lu fields\n", records, fields);
	return 0;
}
