/* SPDX-License-Identifier: MIT */
/* util.c: errors, the string buffer, number parsing and small helpers. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lca_int.h"
#include "banned.h"

const char *lca_version(void)
{
	return LCA_VERSION;
}

int lca_version_number(void)
{
	return LCA_VERSION_NUMBER;
}

const char *lca_strerror(int code)
{
	switch (code) {
#define LCA__ERR_STR(name, c, exitc, text) \
	case c:                            \
		return text;
		LCA_ERRNO_MAP(LCA__ERR_STR)
#undef LCA__ERR_STR
	}
	return "unknown error";
}

int lca_exit_code(int code)
{
	switch (code) {
#define LCA__ERR_EXIT(name, c, exitc, text) \
	case c:                             \
		return exitc;
		LCA_ERRNO_MAP(LCA__ERR_EXIT)
#undef LCA__ERR_EXIT
	}
	return 1;
}

/* Length of the field key where starts with ("gpu" in "gpu; did you
 * mean..."), or 0. */
static size_t key_at(const char *where, int field)
{
	const lca_field_info *fi = lca_field_info_get(field);
	size_t n = fi ? strlen(fi->key) : 0;

	if (!n || strncmp(where, fi->key, n))
		return 0;
	return strchr(" ;,)", where[n]) ? n : 0; /* also the '\0' */
}

static int error_vset(lca_error *err, int code, int field, const char *where,
		      const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static int error_vset(lca_error *err, int code, int field, const char *where,
		      const char *fmt, va_list ap)
{
	if (!err)
		return code;
	where = where ? where : "";
	if (field < 0 && where[0] == '-' && where[1] == '-') {
		char key[64];
		size_t n = strcspn(where + 2, " ;,)");
		lca__fmt(key, sizeof(key), "%.*s", (int)n, where + 2);
		field = lca_field_lookup(key);
		if (field >= 0 && !strcmp(lca_field_info_get(field)->key, key))
			where += 2; /* a field: its key, not the flag */
		else
			field = -1;
	}
	err->code = code;
	err->field = field;
	lca__strlcpy(err->where, where, sizeof(err->where));
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	return code;
}

int lca_error_set(lca_error *err, int code, const char *where, const char *fmt,
		  ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = error_vset(err, code, -1, where, fmt, ap);
	va_end(ap);
	return code;
}

int lca_error_set_field(lca_error *err, int code, int field, const char *where,
			const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	code = error_vset(err, code, field, where, fmt, ap);
	va_end(ap);
	return code;
}

const char *lca_error_flag_where(const lca_error *err, char *buf, size_t n)
{
	if (err->field >= 0 && key_at(err->where, err->field)) {
		lca__fmt(buf, n, "--%s", err->where);
		return buf;
	}
	return err->where;
}

/* Writes s with control characters (a terminal's escape sequences from
 * a file name, a newline) as \xHH: one line, nothing run by the
 * terminal. */
static void put_safe(FILE *fp, const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fprintf(fp, "\\x%02x", (unsigned char)*s);
		else
			fputc(*s, fp);
}

void lca_error_print(const lca_error *err, FILE *fp)
{
	const char *msg =
	    err->message[0] ? err->message : lca_strerror(err->code);
	char buf[sizeof(err->where) + 2];
	const char *where = lca_error_flag_where(err, buf, sizeof(buf));

	fputs("lca: ", fp);
	put_safe(fp, msg);
	if (where[0]) {
		fputs(" (", fp);
		put_safe(fp, where);
		fputc(')', fp);
	}
	fputc('\n', fp);
}

static int buf_grow(lca_buf *b, size_t extra)
{
	size_t need, alloc;
	char *p;

	if (extra > LCA_BUF_MAX - b->len - 1)
		return LCA_ENOMEM;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < need)
		alloc = alloc < LCA_BUF_MAX / 2 ? alloc * 2 : LCA_BUF_MAX;
	p = realloc(b->buf, alloc);
	if (!p)
		return LCA_ENOMEM;
	b->buf = p;
	b->alloc = alloc;
	return 0;
}

int lca_buf_add(lca_buf *b, const char *s, size_t n)
{
	if (buf_grow(b, n))
		return LCA_ENOMEM;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

/* A plain decimal number: [+-]digits[.digits][(e|E)[+-]digits]. */
static int plain_number(const char *s)
{
	int d = 0;

	s += *s == '+' || *s == '-';
	for (; isdigit((unsigned char)*s); s++)
		d = 1;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			d = 1;
	if (d && (*s == 'e' || *s == 'E')) {
		s++;
		s += *s == '+' || *s == '-';
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return d && !*s;
}

int lca_buf_csv(lca_buf *b, const char *s, int quote)
{
	int formula = s[0] && strchr("=+-@\t\r", s[0]), rc = 0;

	if (formula && plain_number(s))
		formula = 0; /* -3.5 is a number, not a formula */
	if (!formula && !quote && !strpbrk(s, ",\"\n\r"))
		return lca_buf_puts(b, s);
	rc |= lca_buf_puts(b, formula ? "\"'" : "\"");
	for (; *s && !rc; s++)
		rc |=
		    *s == '"' ? lca_buf_puts(b, "\"\"") : lca_buf_add(b, s, 1);
	rc |= lca_buf_puts(b, "\"");
	return rc;
}

int lca_buf_puts(lca_buf *b, const char *s)
{
	return lca_buf_add(b, s, strlen(s));
}

int lca_buf_printf(lca_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return LCA_ENOMEM;
	if (buf_grow(b, (size_t)n))
		return LCA_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *lca_buf_cstr(const lca_buf *b)
{
	return b->buf ? b->buf : "";
}

void lca_buf_reset(lca_buf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

void lca_buf_release(lca_buf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = b->alloc = 0;
}

/*
 * Length of the decimal number at s: [+-] digits [. digits] [e [+-] digits],
 * at least one digit before the exponent; 0 when there is none.  strtod
 * alone would also take hex ("0x10"), "inf" and "nan".
 */
static size_t decimal_span(const char *s)
{
	size_t i = 0, digits = 0, exp;

	if (s[i] == '+' || s[i] == '-')
		i++;
	while (isdigit((unsigned char)s[i]))
		i++, digits++;
	if (s[i] == '.') {
		i++;
		while (isdigit((unsigned char)s[i]))
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (s[i] != 'e' && s[i] != 'E')
		return i;
	exp = i + 1;
	if (s[exp] == '+' || s[exp] == '-')
		exp++;
	if (!isdigit((unsigned char)s[exp]))
		return i; /* "7e" is 7 followed by junk */
	while (isdigit((unsigned char)s[exp]))
		exp++;
	return exp;
}

/* The number at s (after white space) and where it ends; 0 or LCA_EDATA. */
static int parse_decimal(const char *s, double *out, const char **rest)
{
	char buf[128], *end;
	size_t n;
	double v;

	if (!s)
		return LCA_EDATA;
	while (isspace((unsigned char)*s))
		s++;
	n = decimal_span(s);
	if (!n || n >= sizeof(buf))
		return LCA_EDATA;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (*end || errno == ERANGE || !isfinite(v))
		return LCA_EDATA;
	*out = v;
	*rest = s + n;
	return 0;
}

static const char *skip_space(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

int lca_parse_number(const char *s, double *out)
{
	const char *rest;
	double v;

	if (parse_decimal(s, &v, &rest) || *skip_space(rest))
		return LCA_EDATA;
	*out = v;
	return 0;
}

int lca_parse_count(const char *s, double *out)
{
	/* SI prefixes as people write model sizes and token counts: 70B
	 * parameters, 15T tokens ("G" is the SI spelling of B). */
	static const struct {
		char c;
		double mult;
	} suffix[] = {
	    {'k', 1e3}, {'m', 1e6}, {'b', 1e9}, {'g', 1e9}, {'t', 1e12}};
	const char *rest;
	double v;
	size_t i;

	if (parse_decimal(s, &v, &rest))
		return LCA_EDATA;
	rest = skip_space(rest);
	if (!*rest) {
		*out = v;
		return 0;
	}
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++)
		if (tolower((unsigned char)*rest) == suffix[i].c &&
		    !*skip_space(rest + 1)) {
			v *= suffix[i].mult;
			if (!isfinite(v))
				return LCA_EDATA;
			*out = v;
			return 0;
		}
	return LCA_EDATA;
}

int lca_suggest_score(const char *typed, const char *known)
{
	int d = lca__edit_distance(typed, known);
	int limit = (int)strlen(typed) / 3 + 1;
	size_t n = strlen(typed);

	if (limit < 2)
		limit = 2;
	if (d > limit)
		return -1;
	return 2 * d - (n && !strncmp(typed, known, n));
}

void lca__hash_more(unsigned long long st[2], const void *p, size_t n)
{
	const unsigned char *c = p;
	unsigned long long a = st[0], b = st[1];
	size_t i;

	for (i = 0; i < n; i++) {
		a = (a ^ c[i]) * 0x100000001b3ULL;
		b = (b ^ c[i]) * 0x100000001b3ULL ^ (b >> 29);
	}
	st[0] = a;
	st[1] = b;
}

void lca__hash_hex(const unsigned long long st[2], char *out, size_t n)
{
	lca__fmt(out, n, "%016llx%016llx", st[0] & 0xffffffffffffffffULL,
		 st[1] & 0xffffffffffffffffULL);
}

void lca__hash(const void *p, size_t n, char *out, size_t outn)
{
	unsigned long long st[2] = LCA__HASH_INIT;

	lca__hash_more(st, p, n);
	lca__hash_hex(st, out, outn);
}

int lca__is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lca__month_days(long long y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return n[m - 1] + (m == 2 && lca__is_leap(y));
}

long long lca__days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void lca__strlcpy(char *dst, const char *src, size_t n)
{
	size_t len;

	if (!n)
		return;
	len = src ? strlen(src) : 0;
	if (len >= n)
		len = n - 1;
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
}

char *lca__normalize(char *dst, size_t n, const char *src)
{
	size_t j = 0;

	for (; src && *src && j + 1 < n; src++) {
		unsigned char c = (unsigned char)*src;
		if (isalnum(c))
			dst[j++] = (char)tolower(c);
	}
	if (n)
		dst[j] = '\0';
	return dst;
}

int lca__edit_distance(const char *a, const char *b)
{
	int prev[65], cur[65];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > 64)
		la = 64;
	if (lb > 64)
		lb = 64;
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		cur[0] = (int)i;
		for (j = 1; j <= lb; j++) {
			int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			int del = prev[j] + 1, ins = cur[j - 1] + 1;
			int m = sub < del ? sub : del;
			cur[j] = m < ins ? m : ins;
		}
		memcpy(prev, cur, sizeof(int) * (lb + 1));
	}
	return prev[lb];
}

static int fast_g(char *dst, size_t n, double v, int sig);

/* Appends len bytes of s to dst[*j], keeping room for the NUL. */
static void put(char *dst, size_t n, size_t *j, const char *s, size_t len)
{
	if (*j + 1 >= n)
		return;
	if (len > n - 1 - *j)
		len = n - 1 - *j;
	memcpy(dst + *j, s, len);
	*j += len;
}

/*
 * vsnprintf for what lca's messages and assumptions use: literal text,
 * %s (with a precision), %d %ld %lld %u, %.Ng and %%.  0 when fmt has
 * anything else (the caller falls back to vsnprintf).  vsnprintf's setup
 * was a fifth of an in-process estimate (bench_estimate_inproc).
 */
static int fast_fmt(char *dst, size_t n, const char *fmt, va_list ap)
{
	size_t j = 0;
	char num[64];

	while (*fmt) {
		const char *pct = strchr(fmt, '%');
		int prec = -1, lng = 0;
		if (!pct) {
			put(dst, n, &j, fmt, strlen(fmt));
			break;
		}
		put(dst, n, &j, fmt, (size_t)(pct - fmt));
		fmt = pct + 1;
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				if (*fmt < '0' || *fmt > '9')
					return 0;
				for (prec = 0; *fmt >= '0' && *fmt <= '9';
				     fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		while (*fmt == 'l' && lng < 2) {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *str = va_arg(ap, const char *);
			size_t len;
			if (lng)
				return 0;
			if (!str)
				str = "(null)";
			len = prec >= 0 ? strnlen(str, (size_t)prec)
					: strlen(str);
			put(dst, n, &j, str, len);
			break;
		}
		case 'd':
		case 'u': {
			long long v;
			unsigned long long u;
			int k = (int)sizeof(num), neg = 0;
			if (prec >= 0)
				return 0;
			if (*fmt == 'u')
				v = lng == 2 ? (long long)va_arg(
						   ap, unsigned long long)
				    : lng == 1
					? (long long)va_arg(ap, unsigned long)
					: (long long)va_arg(ap, unsigned int);
			else
				v = lng == 2   ? va_arg(ap, long long)
				    : lng == 1 ? va_arg(ap, long)
					       : va_arg(ap, int);
			if (*fmt == 'd' && v < 0) {
				neg = 1;
				u = 0ULL - (unsigned long long)v;
			} else {
				u = (unsigned long long)v;
			}
			do
				num[--k] = (char)('0' + u % 10);
			while ((u /= 10) > 0);
			if (neg)
				num[--k] = '-';
			put(dst, n, &j, num + k, sizeof(num) - (size_t)k);
			break;
		}
		case 'g': {
			double v = va_arg(ap, double);
			if (lng)
				return 0;
			if (prec < 0)
				prec = 6;
			if (prec == 0)
				prec = 1;
			if (!fast_g(num, sizeof(num), v, prec))
				snprintf(num, sizeof(num), "%.*g", prec, v);
			put(dst, n, &j, num, strlen(num));
			break;
		}
		case '%':
			if (prec >= 0 || lng)
				return 0;
			put(dst, n, &j, "%", 1);
			break;
		default:
			return 0;
		}
		fmt++;
	}
	if (n)
		dst[j] = '\0';
	return 1;
}

void lca__fmt(char *dst, size_t n, const char *fmt, ...)
{
	va_list ap, again;

	va_start(ap, fmt);
	va_copy(again, ap);
	if (!fast_fmt(dst, n, fmt, ap))
		vsnprintf(dst, n, fmt, again);
	va_end(again);
	va_end(ap);
}

/*
 * printf's "%.*g" for sig <= 9 without printf: the value scaled to sig
 * digits by one exact power of ten (one rounding, so within 2^-53 of the
 * true product) and rounded to an integer, unless it lies too near a half
 * to be sure, which printf then decides.  snprintf was a quarter of an
 * in-process estimate (tests/bench/bench_estimate_inproc.c); test_speed
 * checks this against snprintf.  0 when it cannot: the caller falls back.
 */
static int fast_g(char *dst, size_t n, double v, int sig)
{
	static const double p10[] = {1e0,  1e1,	 1e2,  1e3,  1e4,  1e5,
				     1e6,  1e7,	 1e8,  1e9,  1e10, 1e11,
				     1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
				     1e18, 1e19, 1e20, 1e21, 1e22};
	char dig[16], out[48];
	double a = fabs(v), m, r, frac;
	long long q;
	int e, k, i;

	if (sig < 1 || sig > 9 || !isfinite(v) || a < 1e-280 || a > 1e280)
		return 0;
	/* the decimal exponent from the binary one: a = f 2^x, f in [0.5, 1),
	 * so log10 a lies in [(x - 1) log10 2, x log10 2), within one of
	 * this (log10 was a sixth of fast_g); the loop corrects it */
	(void)frexp(a, &e);
	e = (int)floor((double)(e - 1) * 0.30102999566398120);
	for (i = 0; i < 2; i++) { /* one off near a power of ten */
		k = sig - 1 - e;
		if (k > 22 || k < -22)
			return 0;
		m = k >= 0 ? a * p10[k] : a / p10[-k];
		if (m >= p10[sig])
			e++;
		else if (m < p10[sig - 1])
			e--;
		else
			break;
	}
	if (i == 2)
		return 0;
	r = floor(m);
	frac = m - r;
	if (fabs(frac - 0.5) <= p10[sig] * 4.5e-16)
		return 0; /* too near a half: printf rounds the exact value */
	q = (long long)r + (frac > 0.5);
	if (q >= (long long)p10[sig]) { /* 9.9999996 -> 10.0000 */
		q /= 10;
		e++;
	}
	for (i = sig - 1; i >= 0; i--, q /= 10)
		dig[i] = (char)('0' + q % 10);
	(void)lca__g_layout(out, dig, sig, e, v < 0);
	lca__strlcpy(dst, out, n);
	return 1;
}

int lca__g_layout(char *dst, const char *dig, int sig, int e, int neg)
{
	int i, j = 0, last;

	for (last = sig - 1; last > 0 && dig[last] == '0'; last--)
		; /* %g drops trailing zeros */
	if (neg)
		dst[j++] = '-';
	if (e < -4 || e >= sig) { /* d.ddde+XX */
		int x = e < 0 ? -e : e;
		dst[j++] = dig[0];
		if (last > 0)
			dst[j++] = '.';
		for (i = 1; i <= last; i++)
			dst[j++] = dig[i];
		dst[j++] = 'e';
		dst[j++] = e < 0 ? '-' : '+';
		if (x >= 100)
			dst[j++] = (char)('0' + x / 100);
		dst[j++] = (char)('0' + x / 10 % 10);
		dst[j++] = (char)('0' + x % 10);
	} else if (e >= 0) { /* ddd.ddd */
		for (i = 0; i <= e; i++)
			dst[j++] = dig[i];
		if (last > e)
			dst[j++] = '.';
		for (i = e + 1; i <= last; i++)
			dst[j++] = dig[i];
	} else { /* 0.000ddd */
		dst[j++] = '0';
		dst[j++] = '.';
		for (i = -1; i > e; i--)
			dst[j++] = '0';
		for (i = 0; i <= last; i++)
			dst[j++] = dig[i];
	}
	dst[j] = '\0';
	return j;
}

void lca__num(char *dst, size_t n, double v, int sig)
{
	if (isnan(v))
		lca__fmt(dst, n, "n/a");
	else if (v == 0)
		lca__strlcpy(dst, signbit(v) ? "-0" : "0", n);
	else if (!fast_g(dst, n, v, sig))
		lca__fmt(dst, n, "%.*g", sig, v);
}

int lca__read_file(const char *path, size_t max, char **out, size_t *len,
		   lca_error *err)
{
	FILE *fp = NULL;
	char *data = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	*out = NULL;
	fp = fopen(path, "rb");
	if (!fp) {
		rc = lca_error_set(err, LCA_EIO, path, "cannot open file: %s",
				   strerror(errno));
		goto done;
	}
	for (;;) {
		size_t got;
		if (cap - n < 4096) {
			char *p;
			cap = cap ? cap * 2 : 8192;
			if (cap > max + 4097)
				cap = max + 4097;
			p = realloc(data, cap + 1);
			if (!p) {
				rc = lca_error_set(err, LCA_ENOMEM, path,
						   "out of memory");
				goto done;
			}
			data = p;
		}
		got = fread(data + n, 1, cap - n, fp);
		n += got;
		if (n > max) {
			rc = lca_error_set(err, LCA_EDATA, path,
					   "file too large (over %zu bytes)",
					   max);
			goto done;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		rc = lca_error_set(err, LCA_EIO, path, "read error");
		goto done;
	}
	data[n] = '\0';
	*out = data;
	data = NULL;
	if (len)
		*len = n;
done:
	free(data);
	if (fp)
		fclose(fp);
	return rc;
}

void lca__mkdir_parents(const char *path)
{
	char tmp[1024];
	char *p;

	lca__strlcpy(tmp, path, sizeof(tmp));
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return; /* the open that follows reports it */
		*p = '/';
	}
}

void lca__data_path(char *out, size_t n, const char *env, const char *file)
{
	const char *e = getenv(env);
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (e && *e)
		lca__strlcpy(out, e, n);
	else if (xdg && *xdg)
		lca__fmt(out, n, "%s/lca/%s", xdg, file);
	else if (home && *home)
		lca__fmt(out, n, "%s/.local/share/lca/%s", home, file);
	else
		lca__fmt(out, n, "lca-%s", file);
}
