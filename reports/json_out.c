/* SPDX-License-Identifier: MIT */
/* json_out.c: cJSON trees written out as cJSON_Print and
 * cJSON_PrintUnformatted write them, byte for byte, without printf. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "reports.h"
#include "../engine/lca_int.h"
#include "../engine/banned.h"

/*
 * Why: cJSON prints a number with sprintf("%1.15g"), reads it back with
 * sscanf and, when that is not the number, prints it again with "%1.17g".
 * That was 37% of a whole `lca estimate --format json` and 10% of a
 * year's `lca plan --format json` (tests/bench/).  The digits here are
 * the same: the value is scaled to 15 or 17 digits by one exact power of
 * ten in long double (64-bit mantissa, so the product is within 2^-64 of
 * the true one) and rounded; when it lies too near a half for that to be
 * sure, or outside the powers of ten a long double holds exactly, printf
 * decides as before.  cJSON's read-back test is made only when the
 * 15-digit decimal is not plainly the number.  test_speed compares this
 * with cJSON's own printing over random trees and numbers.
 */

typedef struct out {
	char *p;
	size_t len, cap;
} out;

static int grow(out *o, size_t more)
{
	size_t cap = o->cap ? o->cap : 4096;
	char *p;

	if (more > LCA_BUF_MAX - o->len)
		return LCA_ENOMEM;
	while (cap - o->len < more)
		cap *= 2;
	p = realloc(o->p, cap);
	if (!p)
		return LCA_ENOMEM;
	o->p = p;
	o->cap = cap;
	return 0;
}

static int put(out *o, const char *s, size_t n)
{
	if (o->cap - o->len < n && grow(o, n))
		return LCA_ENOMEM;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	return 0;
}

#if LDBL_MANT_DIG >= 64
/* 10^0 .. 10^27: every one exact in a 64-bit mantissa (5^27 < 2^64) */
static const long double p10l[] = {
    1e0L,  1e1L,  1e2L,	 1e3L,	1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};

/*
 * "%.<sig>g" of v (finite, not 0; sig 15 or 17) into dst (32 bytes); its
 * length, or 0 when it cannot be sure (the caller asks printf).  *dist
 * gets how far v lies from the printed decimal, in units of its last
 * digit, and *unit one ulp of v in the same units.
 */
static int fmt_g(char *dst, double v, int sig, long double *dist,
		 long double *unit)
{
	char dig[20];
	long double a = fabsl((long double)v), m, r, frac;
	long double err = (sig == 17 ? 1e17L : 1e15L) * 0x1p-63L;
	uint64_t q;
	int e, k = 0, i, bin;

	(void)frexp(fabs(v), &bin);
	e = (int)floor((double)(bin - 1) * 0.30102999566398120);
	for (i = 0; i < 2; i++) { /* one off near a power of ten */
		k = sig - 1 - e;
		if (k > 27 || k < -27)
			return 0;
		m = k >= 0 ? a * p10l[k] : a / p10l[-k];
		if (m >= p10l[sig])
			e++;
		else if (m < p10l[sig - 1])
			e--;
		else
			break;
	}
	if (i == 2)
		return 0;
	r = floorl(m);
	frac = m - r;
	if (fabsl(frac - 0.5L) <= 2 * err)
		return 0; /* too near a half: printf rounds the exact value */
	q = (uint64_t)r + (frac > 0.5L);
	*dist = frac > 0.5L ? 1 - frac : frac;
	*unit = ldexpl(1.0L, bin - 53) * (k >= 0 ? p10l[k] : 1 / p10l[-k]);
	if (q >= (uint64_t)p10l[sig]) { /* 9.99..96 -> 10.0 */
		q /= 10;
		e++;
	}
	for (i = sig - 1; i >= 0; i--, q /= 10)
		dig[i] = (char)('0' + q % 10);
	return lca__g_layout(dst, dig, sig, e, v < 0);
}
#endif

/* cJSON's test that the 15-digit text gives the number back. */
static int same_double(double a, double b)
{
	double max = fabs(a) > fabs(b) ? fabs(a) : fabs(b);

	return fabs(a - b) <= max * DBL_EPSILON;
}

/* What cJSON 1.7.15's print_number writes for d, the slow way. */
static int number_printf(char *dst, size_t n, double d)
{
	snprintf(dst, n, "%1.15g", d);
	if (!same_double(strtod(dst, NULL), d))
		snprintf(dst, n, "%1.17g", d);
	return (int)strlen(dst);
}

/* What cJSON 1.7.15's print_number writes for item: "null" for NaN and
 * infinities, else as above. */
static int number(char *dst, size_t n, const cJSON *item)
{
	double d = item->valuedouble;

	if (isnan(d) || isinf(d)) {
		memcpy(dst, "null", 5);
		return 4;
	}
	if (d == 0) { /* "0", or "-0" for -0 */
		int j = signbit(d) ? 1 : 0;
		memcpy(dst, "-0", 3);
		if (j == 0)
			memcpy(dst, "0", 2);
		return j + 1;
	}
	if (fabs(d) < 1e15 && d == (double)(long long)d) {
		/* an integer of at most 15 digits: "%1.15g" writes it whole */
		char tmp[24];
		unsigned long long u = (unsigned long long)(long long)fabs(d);
		int k = (int)sizeof(tmp), j = 0;
		do
			tmp[--k] = (char)('0' + u % 10);
		while ((u /= 10) > 0);
		if (d < 0)
			dst[j++] = '-';
		memcpy(dst + j, tmp + k, sizeof(tmp) - (size_t)k);
		j += (int)sizeof(tmp) - k;
		dst[j] = '\0';
		return j;
	}
#if LDBL_MANT_DIG >= 64
	if (fabs(d) > 1e-250 && fabs(d) < 1e250) {
		long double dist, unit, tol = 1e15L * 0x1p-63L;
		int len = fmt_g(dst, d, 15, &dist, &unit), bin;
		/* nearer than half the gap to the next double: strtod gives d
		 * itself back (below a power of two the gap is half an ulp) */
		long double half = frexp(fabs(d), &bin) == 0.5 ? 0.25L : 0.5L;
		if (len && dist + tol < half * unit)
			return len;
		/* 3 ulps or more: the nearest double is 2 or more away,
		 * more than cJSON's test allows */
		if (len && dist - tol > 3.01L * unit) {
			len = fmt_g(dst, d, 17, &dist, &unit);
			if (len)
				return len;
		} else if (len && same_double(strtod(dst, NULL), d)) {
			return len;
		}
	}
#endif
	return number_printf(dst, n, d);
}

/* 1 for the bytes cJSON escapes: control characters, '"', '\\' and the
 * NUL that ends the string (one table lookup a byte: the assumptions'
 * sources are most of an estimate's JSON) */
static const unsigned char esc_tab[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, ['\\'] = 1};

static int string(out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i, run = 0;

	if (!s)
		return put(o, "\"\"", 2);
	if (put(o, "\"", 1))
		return LCA_ENOMEM;
	for (i = 0;; i++) {
		char esc[6];
		size_t n = 2;
		if (!esc_tab[u[i]])
			continue;
		if (put(o, s + run, i - run))
			return LCA_ENOMEM;
		if (!u[i])
			break;
		esc[0] = '\\';
		switch (u[i]) {
		case '\\':
		case '"':
			esc[1] = (char)u[i];
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[u[i] >> 4];
			esc[5] = hex[u[i] & 15];
			n = 6;
		}
		if (put(o, esc, n))
			return LCA_ENOMEM;
		run = i + 1;
	}
	return put(o, "\"", 1);
}

static int tabs(out *o, size_t n)
{
	if (o->cap - o->len < n && grow(o, n))
		return LCA_ENOMEM;
	memset(o->p + o->len, '\t', n);
	o->len += n;
	return 0;
}

/* 0, LCA_ENOMEM, or LCA_EDATA where cJSON's printing fails (a raw item
 * without text, an invalid type). */
static int value(out *o, const cJSON *item, int fmt, size_t depth)
{
	const cJSON *c;
	char num[40];

	switch (item->type & 0xff) {
	case cJSON_NULL:
		return put(o, "null", 4);
	case cJSON_False:
		return put(o, "false", 5);
	case cJSON_True:
		return put(o, "true", 4);
	case cJSON_Number:
		return put(o, num, (size_t)number(num, sizeof(num), item));
	case cJSON_Raw:
		if (!item->valuestring)
			return LCA_EDATA;
		return put(o, item->valuestring, strlen(item->valuestring));
	case cJSON_String:
		return string(o, item->valuestring);
	case cJSON_Array:
		if (put(o, "[", 1))
			return LCA_ENOMEM;
		for (c = item->child; c; c = c->next) {
			int rc = value(o, c, fmt, depth + 1);
			if (rc)
				return rc;
			if (c->next && put(o, ", ", fmt ? 2 : 1))
				return LCA_ENOMEM;
		}
		return put(o, "]", 1);
	case cJSON_Object:
		if (put(o, "{\n", fmt ? 2 : 1))
			return LCA_ENOMEM;
		for (c = item->child; c; c = c->next) {
			int rc = fmt ? tabs(o, depth + 1) : 0;
			if (!rc)
				rc = string(o, c->string);
			if (!rc)
				rc = put(o, ":\t", fmt ? 2 : 1);
			if (!rc)
				rc = value(o, c, fmt, depth + 1);
			if (!rc && c->next)
				rc = put(o, ",", 1);
			if (!rc && fmt)
				rc = put(o, "\n", 1);
			if (rc)
				return rc;
		}
		if (fmt && tabs(o, depth))
			return LCA_ENOMEM;
		return put(o, "}", 1);
	default:
		return LCA_EDATA;
	}
}

int lca__json_write(lca_buf *b, const cJSON *item, int format)
{
	out o = {NULL, 0, 0};
	int rc = item ? value(&o, item, format, 0) : LCA_EDATA;

	if (!rc)
		rc = lca_buf_add(b, o.p, o.len);
	free(o.p);
	return rc;
}
