/*
 * i18n.h - the words of reports and charts, in the reader's language.
 *
 * Every word a report or chart prints comes from data/i18n/LANG.csv
 * (key,text): nothing a reader sees is a C string.  A text may name
 * values as {placeholder}; the code gives them by name, already
 * formatted, so a translation may order them as its grammar wants.  A
 * key the code asks for and the file lacks is an error, never a blank.
 *
 * Numbers in prose follow the language (422,0 in Norwegian and Swedish,
 * 422.0 in English) through kk_lang_num; CSV outputs never use it.
 */
#ifndef KK_I18N_H
#define KK_I18N_H

#include <stdbool.h>

typedef struct kk_lang kk_lang;

/* The languages there are files for, as the help texts name them. */
#define KK_LANGS "nb, sv, en"

/* Is code one of KK_LANGS? */
bool kk_lang_known(const char *code);
/* The language a country's reports are written in by default: NO nb,
 * SE sv; NULL for any other country. */
const char *kk_lang_of_country(const char *country);

/* Load data/i18n/CODE.csv (through kk_data_path).  Dies on a language
 * that is not one of KK_LANGS, or a file that is malformed (FILE:LINE:COL:
 * an empty key or text, a key twice, a '{' that does not open a
 * {placeholder}, a number format key that does not parse). */
kk_lang *kk_lang_load(const char *code);
/* The same from any file. */
kk_lang *kk_lang_read(const char *code, const char *path);
void kk_lang_free(kk_lang *l);

const char *kk_lang_code(const kk_lang *l);
/* Number of keys, and the i-th key in file order (for the tests). */
unsigned long kk_lang_nkeys(const kk_lang *l);
const char *kk_lang_key(const kk_lang *l, unsigned long i);
/* Does the file have key? */
bool kk_lang_has(const kk_lang *l, const char *key);

/* The text of key; dies "FILE: no text for key 'KEY'" if there is none. */
const char *kk_tr(const kk_lang *l, const char *key);
/* The text of key with each {name} replaced by the value given for it:
 * name, value pairs ended by NULL.  Dies naming the key when its text
 * names a placeholder that was not given.  The string lives as long as
 * l. */
const char *kk_trf(const kk_lang *l, const char *key, ...)
	__attribute__((sentinel));

/* v rounded to decimals places, with the language's decimal mark
 * (num.decimal) and digit group separator (num.group, from num.group_from
 * on); "–" for a missing value (NaN).  Lives as long as l. */
const char *kk_lang_num(const kk_lang *l, double v, int decimals);
/* A number written as digits alone, never grouped: a year. */
const char *kk_lang_plain(const kk_lang *l, long v);
/* A whole number such as a count or a population, as kk_lang_num with
 * no decimals. */
const char *kk_lang_int(const kk_lang *l, long v);

/* A size class as kk-size labels it ("<5000", "5000-10000", ">10000")
 * in words ("under 5 000 innbyggere"); another label as it is, an empty
 * one as size.unknown says. */
const char *kk_lang_size(const kk_lang *l, const char *cls);

#endif
