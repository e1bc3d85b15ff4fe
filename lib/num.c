/*
 * Locale-free number parsing.  Exports from Norwegian and Swedish
 * spreadsheets write "61,5"; English ones "61.5".  We never call
 * setlocale(), so strtod() sees the "C" locale; a decimal comma is turned
 * into a point in a private copy after the syntax has been checked here.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

/* Leading/trailing blanks: ASCII space, TAB, U+00A0 and U+202F (the
 * no-break spaces spreadsheets put around numbers). */
static size_t
blank_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
		return 1;
	if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (len >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

static size_t
blank_before(const char *s, size_t len)
{
	if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		return 1;
	if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
	    (unsigned char)s[len - 1] == 0xA0)
		return 2;
	if (len >= 3 && (unsigned char)s[len - 3] == 0xE2 &&
	    (unsigned char)s[len - 2] == 0x80 && (unsigned char)s[len - 1] == 0xAF)
		return 3;
	return 0;
}

static void
trim(const char **s, size_t *len)
{
	size_t k;

	while ((k = blank_at(*s, *len)) > 0) {
		*s += k;
		*len -= k;
	}
	while ((k = blank_before(*s, *len)) > 0)
		*len -= k;
}

static size_t
digits(const char *s, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && s[j] >= '0' && s[j] <= '9')
		j++;
	return j - i;
}

/* [+-]? D+ ([.,] D+)? ([eE] [+-]? D+)?  or  [+-]? [.,] D+ (exp)? */
static bool
number_syntax(const char *s, size_t len)
{
	size_t i = 0, n;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	n = digits(s, len, i);
	i += n;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		size_t f = digits(s, len, i + 1);
		if (f == 0)
			return false;
		i += 1 + f;
	} else if (n == 0) {
		return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		n = digits(s, len, i);
		if (n == 0)
			return false;
		i += n;
	}
	return i == len;
}

/* Plain decimals of up to 15 digits ("61,5", "-12.25"): m / 10^k is the
 * double nearest to the decimal, exactly what strtod would return, since
 * both m and 10^k are exact in a double. */
static bool
parse_short(const char *s, size_t len, double *out)
{
	static const double pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
		1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	unsigned long long m = 0;
	int ndigits = 0, k = -1;
	bool neg = false;
	size_t i = 0;

	if (s[0] == '+' || s[0] == '-')
		neg = s[i++] == '-';
	for (; i < len; i++) {
		if (s[i] == '.' || s[i] == ',') {
			k = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || ++ndigits > 15)
			return false;           /* exponent, or too long */
		m = m * 10 + (unsigned)(s[i] - '0');
		if (k >= 0)
			k++;
	}
	double v = (double)m / pow10[k < 0 ? 0 : k];
	*out = neg && v != 0 ? -v : v;
	return true;
}

/* The commonest cell, a whole number of at most 15 digits, in one pass:
 * the general path below (trim, syntax, parse_short) returns m / 10^0
 * for it, the same exact double. */
static bool
parse_digits(const char *s, size_t len, double *out)
{
	unsigned long long m = 0;

	if (len == 0 || len > 15)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9)
			return false;
		m = m * 10 + d;
	}
	*out = (double)m;
	return true;
}

kk_num_status
kk_parse_double(const char *s, size_t len, double *out)
{
	char small[64], *buf, *end;
	double v;

	if (parse_digits(s, len, out))
		return KK_NUM_OK;
	trim(&s, &len);
	if (len == 0)
		return KK_NUM_EMPTY;
	if (!number_syntax(s, len))
		return KK_NUM_INVALID;
	if (parse_short(s, len, out))
		return KK_NUM_OK;
	buf = len < sizeof small ? small : kk_malloc(len + 1);
	for (size_t i = 0; i < len; i++)
		buf[i] = s[i] == ',' ? '.' : s[i];
	buf[len] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (buf != small)
		free(buf);
	if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
		return KK_NUM_RANGE;
	*out = v == 0 ? 0.0 : v;   /* no negative zero in output */
	return KK_NUM_OK;
}

kk_num_status
kk_parse_long(const char *s, size_t len, long min, long max, long *out)
{
	size_t i = 0;
	bool neg = false;
	unsigned long u = 0, lim;

	trim(&s, &len);
	if (len == 0)
		return KK_NUM_EMPTY;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i = 1;
	}
	if (i == len || digits(s, len, i) != len - i)
		return KK_NUM_INVALID;
	/* Accumulate the magnitude unsigned against the bound on its side:
	 * a long digit string must be out of range, not overflow a long
	 * (undefined behaviour; -LONG_MIN is too). */
	if (neg)
		lim = min < 0 ? 0UL - (unsigned long)min : 0;
	else
		lim = max > 0 ? (unsigned long)max : 0;
	for (; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d > lim || u > (lim - d) / 10)
			return KK_NUM_RANGE;
		u = u * 10 + d;
	}
	/* -(u - 1) - 1 also reaches LONG_MIN without overflow */
	long v = !neg ? (long)u : u == 0 ? 0 : -(long)(u - 1) - 1;
	if (v < min || v > max)
		return KK_NUM_RANGE;
	*out = v;
	return KK_NUM_OK;
}

const char *
kk_num_reason(kk_num_status st)
{
	switch (st) {
	case KK_NUM_OK: return "ok";
	case KK_NUM_EMPTY: return "empty";
	case KK_NUM_INVALID: return "not a number";
	case KK_NUM_RANGE: return "number out of range";
	}
	return "?";
}

/* Most scores have at most four decimals: print those exactly, without
 * printf (the hot path of every stage that writes numbers).  m / 10^k is
 * the double nearest to the decimal m*10^-k, so when it equals v that
 * decimal reads back as v, and it is what "%.15g" would print. */
static bool
format_short(char buf[32], double v)
{
	static const double pow10[] = { 1, 10, 100, 1000, 10000 };
	double a = v < 0 ? -v : v;

	if (!(a >= 1e-4 && a < 1e15))
		return false;
	for (int k = 0; k <= 4; k++) {
		double scaled = a * pow10[k];
		if (scaled >= 9007199254740992.0)
			return false;
		unsigned long long m = (unsigned long long)(scaled + 0.5);
		if ((double)m / pow10[k] != a)
			continue;
		char digits[24];
		int n = 0, o = 0;
		do {
			digits[n++] = (char)('0' + m % 10);
			m /= 10;
		} while (m > 0);
		while (n <= k)
			digits[n++] = '0';
		if (v < 0)
			buf[o++] = '-';
		while (n > k)
			buf[o++] = digits[--n];
		if (k > 0) {
			buf[o++] = '.';
			while (n > 0)
				buf[o++] = digits[--n];
		}
		buf[o] = '\0';
		return true;
	}
	return false;
}

/* The forms format_short writes, read back: [-] (0 | [1-9]D*) (. D{0,3}[1-9])?
 * with at most 15 digits in all, and no "-0".  Up to 15 significant
 * digits a decimal is the shortest that reads back to its double, so
 * format_short finds exactly these digits again. */
bool
kk_number_is_canonical(const char *s, size_t len)
{
	size_t i = 0, int_digits, frac = 0;

	if (len > 0 && s[0] == '-')
		i = 1;
	int_digits = digits(s, len, i);
	if (int_digits == 0 || (int_digits > 1 && s[i] == '0'))
		return false;
	i += int_digits;
	if (i < len) {
		if (s[i] != '.')
			return false;
		frac = digits(s, len, i + 1);
		if (frac == 0 || frac > 4 || i + 1 + frac != len ||
		    s[len - 1] == '0')
			return false;
	}
	if (int_digits + frac > 15)
		return false;
	/* "-0" reads back as 0; "-0.5" is fine */
	return !(s[0] == '-' && int_digits == 1 && s[1] == '0' && frac == 0);
}

/* Whole numbers below 10^15, the commonest scores, zero included (which
 * format_short leaves to printf): their digits are what "%.15g" prints. */
static bool
format_integer(char buf[32], double v)
{
	double a = v < 0 ? -v : v;
	char digits[24];
	int n = 0, o = 0;

	if (!(a < 1e15))
		return false;      /* NAN too */
	unsigned long long m = (unsigned long long)a;
	if ((double)m != a)
		return false;
	do {
		digits[n++] = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	if (v < 0)
		buf[o++] = '-';
	while (n > 0)
		buf[o++] = digits[--n];
	buf[o] = '\0';
	return true;
}

/* ---- "%.Pg" by integer arithmetic -------------------------------------
 * kk_format_double prints "%.15g", or "%.16g" or "%.17g" when fewer
 * digits do not read back.  printf and strtod work in multiple
 * precision; for 1e-4 <= |v| < 1e15 (every z-score) the same digits and
 * the same read-back test are exact in 128 bits: v = f / 2^s with
 * f < 2^53 and 3 <= s <= 66, and v * 10^q for q <= 20 is the integer
 * f * 10^q < 2^120 over 2^s. */
#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;

static const unsigned long long p10[] = { 1ULL, 10ULL, 100ULL, 1000ULL,
	10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
	1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
	10000000000000ULL, 100000000000000ULL, 1000000000000000ULL,
	10000000000000000ULL, 100000000000000000ULL, 1000000000000000000ULL,
	10000000000000000000ULL };

/* 10^q, 0 <= q <= 20 */
static u128
pow10_128(int q)
{
	return q < 20 ? (u128)p10[q] : (u128)p10[19] * 10;
}

struct binary { unsigned long long f; int s; };

/* round(v * 10^q) as printf rounds (to nearest, ties to even); *exact
 * says whether reading n / 10^q back gives v again, as strtod would
 * (to nearest, ties to the even significand). */
static unsigned long long
scaled_digits(struct binary b, int q, bool *exact)
{
	u128 t = (u128)b.f * pow10_128(q), half = (u128)1 << (b.s - 1);
	unsigned long long n = (unsigned long long)(t >> b.s);
	u128 rem = t - ((u128)n << b.s), d, lim = pow10_128(q);

	if (rem > half || (rem == half && (n & 1)))
		n++;
	u128 back = (u128)n << b.s;
	bool below = back < t;
	d = below ? t - back : back - t;
	/* the halfway point to the neighbour below is nearer at a power
	 * of two */
	d *= below && b.f == 1ULL << 52 ? 4 : 2;
	*exact = d < lim || (d == lim && !(b.f & 1));
	return n;
}

/* printf's "%.Pg" of v, n = its P digits, x = its decimal exponent
 * (-4 <= x < P): fixed notation, trailing zeros dropped. */
static void
put_g(char buf[32], double v, unsigned long long n, int p, int x)
{
	char dig[20];
	int o = 0, last;

	for (int i = p - 1; i >= 0; i--, n /= 10)
		dig[i] = (char)('0' + n % 10);
	for (last = p - 1; last > x && last > 0 && dig[last] == '0'; last--)
		;
	if (v < 0)
		buf[o++] = '-';
	if (x < 0) {
		buf[o++] = '0';
		buf[o++] = '.';
		for (int i = -1; i > x; i--)
			buf[o++] = '0';
		for (int i = 0; i <= last; i++)
			buf[o++] = dig[i];
	} else {
		for (int i = 0; i <= x; i++)
			buf[o++] = dig[i];
		if (last > x) {
			buf[o++] = '.';
			for (int i = x + 1; i <= last; i++)
				buf[o++] = dig[i];
		}
	}
	buf[o] = '\0';
}

static bool
format_exact(char buf[32], double v)
{
	double a = v < 0 ? -v : v;
	unsigned long long bits, n;
	struct binary b;
	bool exact;
	int x;

	if (!(a >= 1e-4 && a < 1e15))
		return false;
	memcpy(&bits, &a, sizeof bits);
	b.f = (bits & ((1ULL << 52) - 1)) | 1ULL << 52;
	b.s = 1075 - (int)(bits >> 52);
	/* x: the decimal exponent, 10^x <= a < 10^(x+1) */
	x = (int)floor(log10(a));
	for (;;) {
		if (x < -4 || x > 14)
			return false;
		n = (unsigned long long)((b.f * pow10_128(16 - x)) >> b.s);
		if (n < p10[16])
			x--;
		else if (n >= p10[17])
			x++;
		else
			break;
	}
	for (int p = 15; p <= 17; p++) {
		n = scaled_digits(b, p - 1 - x, &exact);
		if (n >= p10[p])
			return false;   /* rounded up to 10^p: a new exponent */
		if (exact || p == 17) {
			put_g(buf, v, n, p, x);
			return true;
		}
	}
	return false;
}

#else
/* without 128-bit integers, printf and strtod decide */
static bool
format_exact(char buf[32], double v)
{
	(void)buf;
	(void)v;
	return false;
}
#endif

char *
kk_format_double(char buf[32], double v)
{
	if (v == 0)
		v = 0.0;
	if (format_integer(buf, v) || format_short(buf, v) ||
	    format_exact(buf, v))
		return buf;
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}
