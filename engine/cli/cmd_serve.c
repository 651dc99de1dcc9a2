/* SPDX-License-Identifier: MIT */
/* cmd_serve.c: lca serve: the calculator, the runs dashboard and an HTTP API
 * on GNU libmicrohttpd (a thread pool; one catalog handle and one door
 * request per worker thread).  Everything runs in process through
 * lca/door.h -- estimates, reports, plans, audits, runs and catalog lists
 * -- the functions the lca command prints with, so every page and every
 * JSON answer is what the command prints. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "../banned.h"

#ifdef LCA_HAVE_MHD
#include <microhttpd.h>

#include "lca/door.h"

#define BODY_MAX    (1024 * 1024)
#define TIMEOUT_S   10
#define SAMPLES_MAX 1000000 /* Monte Carlo draws one request may ask for */

/* One worker thread's handles (opened on its first request). */
typedef struct worker {
	lca_catalog *cat;
	lca_request *rq;
	struct worker *next;
} worker;

typedef struct server {
	const char *catalog_path, *datasets_dir, *db;
	char token[512];
	int has_token;
	char *form;		  /* the calculator page, built once */
	pthread_mutex_t mu;	  /* workers list */
	pthread_mutex_t write_mu; /* POST /api/v1/runs, one at a time */
	worker *workers;
} server;

static _Thread_local worker *tls_worker;

/* A connection's request body. */
typedef struct conn {
	lca_buf body;
	int too_big;
} conn;

static worker *get_worker(server *s, lca_error *err)
{
	worker *w;

	if (tls_worker)
		return tls_worker;
	w = calloc(1, sizeof(*w));
	if (!w) {
		lca_error_set(err, LCA_ENOMEM, "serve", "out of memory");
		return NULL;
	}
	if (lca_catalog_open(&w->cat, s->catalog_path, s->datasets_dir, err) ||
	    lca_request_new(&w->rq, err)) {
		lca_catalog_free(w->cat);
		free(w);
		return NULL;
	}
	pthread_mutex_lock(&s->mu);
	w->next = s->workers;
	s->workers = w;
	pthread_mutex_unlock(&s->mu);
	tls_worker = w;
	return w;
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */
/* ------------------------------------------------------------------ */

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
			     const char *type, const char *data, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    len, (void *)data, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (!strncmp(type, "text/html", 9))
		MHD_add_response_header(
		    r, "Content-Security-Policy",
		    "default-src 'none'; style-src 'unsafe-inline'; "
		    "img-src data:");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_buf(struct MHD_Connection *c, unsigned status,
				 const char *type, const lca_buf *b)
{
	return reply(c, status, type, lca_buf_cstr(b), b->len);
}

#define JSON_TYPE "application/json"
#define HTML_TYPE "text/html; charset=utf-8"
#define TEXT_TYPE "text/plain; charset=utf-8"

/* {"error": message, "field": where or null}; message as lca prints it. */
static enum MHD_Result reply_error(struct MHD_Connection *c, unsigned status,
				   const char *message, const char *field)
{
	cJSON *o = cJSON_CreateObject();
	char *text;
	enum MHD_Result ret;

	if (!o)
		return MHD_NO;
	cJSON_AddStringToObject(o, "error", message);
	if (field && *field)
		cJSON_AddStringToObject(o, "field", field);
	else
		cJSON_AddNullToObject(o, "field");
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text)
		return MHD_NO;
	ret = reply(c, status, JSON_TYPE, text, strlen(text));
	cJSON_free(text);
	return ret;
}

static unsigned err_status(int code)
{
	/* the request's inputs: usage, range, data (a malformed job), an
	 * unknown name */
	return code == LCA_EUSAGE || code == LCA_ERANGE || code == LCA_EDATA ||
		       code == LCA_ENOTFOUND || code == LCA_EMISSING
		   ? 400
		   : 500;
}

/* An lca error as the CLI prints it, less "lca: ": MESSAGE (WHERE); the
 * field is the input's key when the error is about one. */
static void lca_error_text(const lca_error *err, char *msg, size_t mn,
			   char *field, size_t fn)
{
	int f = lca_error_field(err);
	const char *m =
	    err->message[0] ? err->message : lca_strerror(err->code);

	if (err->where[0])
		snprintf(msg, mn, "%s (%s)", m, err->where);
	else
		snprintf(msg, mn, "%s", m);
	if (f >= 0)
		snprintf(field, fn, "%s", lca_field_info_get(f)->key);
	else
		snprintf(field, fn, "%.*s", (int)strcspn(err->where, ";"),
			 err->where);
}

static enum MHD_Result reply_lca_error(struct MHD_Connection *c,
				       const lca_error *err)
{
	char msg[sizeof(err->message) + sizeof(err->where) + 4], field[128];

	lca_error_text(err, msg, sizeof(msg), field, sizeof(field));
	return reply_error(c, err_status(err->code), msg, field);
}

/* Appends s with & < > " ' escaped. */
static void html_esc(lca_buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&':
			lca_buf_puts(b, "&amp;");
			break;
		case '<':
			lca_buf_puts(b, "&lt;");
			break;
		case '>':
			lca_buf_puts(b, "&gt;");
			break;
		case '"':
			lca_buf_puts(b, "&quot;");
			break;
		case '\'':
			lca_buf_puts(b, "&#39;");
			break;
		default:
			lca_buf_add(b, s, 1);
		}
}

/* Appends s percent-encoded for a query string. */
static void url_esc(lca_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-_.~", ch))
			lca_buf_add(b, s, 1);
		else
			lca_buf_printf(b, "%%%02X", ch);
	}
}

static const char page_style[] =
    "<style>body{font-family:sans-serif;max-width:64em;margin:1em auto;"
    "padding:0 1em;color:#222}table{border-collapse:collapse}td,th{border:"
    "1px solid #ccc;padding:.2em .5em;text-align:left}th{background:#f3f3f3}"
    "td.n{text-align:right}label{display:inline-block;min-width:14em}"
    "fieldset{margin:.5em 0}nav a{margin-right:1em}</style>";

static void page_head(lca_buf *b, const char *title)
{
	lca_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
			"charset=\"utf-8\"><title>");
	html_esc(b, title);
	lca_buf_puts(b, "</title>");
	lca_buf_puts(b, page_style);
	lca_buf_puts(b, "</head><body><nav><a href=\"/\">Calculator</a>"
			"<a href=\"/runs\">Runs</a><a href=\"/leaderboard\">"
			"Leaderboard</a><a href=\"/plan\">Plan</a>"
			"<a href=\"/audit\">Audit</a></nav><h1>");
	html_esc(b, title);
	lca_buf_puts(b, "</h1>\n");
}

static enum MHD_Result reply_html_error(struct MHD_Connection *c,
					unsigned status, const char *message,
					const char *field)
{
	lca_buf b = {0};
	enum MHD_Result ret;

	page_head(&b, "Bad input");
	lca_buf_puts(&b, "<p class=\"error\">lca: ");
	(void)field; /* already in the message, as lca prints it */
	html_esc(&b, message);
	lca_buf_puts(&b, "</p><p><a href=\"/\">Back to the calculator</a>"
			 "</p></body></html>\n");
	ret = reply_buf(c, status, HTML_TYPE, &b);
	lca_buf_release(&b);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Estimates, in process                                               */
/* ------------------------------------------------------------------ */

static const char *query(struct MHD_Connection *c, const char *key)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

typedef struct args_ctx {
	lca_request *rq;
	lca_error *err;
	int rc;
} args_ctx;

static enum MHD_Result set_arg(void *ud, enum MHD_ValueKind kind,
			       const char *key, const char *value)
{
	args_ctx *a = ud;
	double n;

	(void)kind;
	if (!value || !*value)
		return MHD_YES; /* a form's empty field: not given */
	/* "job" names a file on the server: not for clients. */
	if (!strcmp(key, "job")) {
		a->rc = lca_error_set(a->err, LCA_EUSAGE, key,
				      "unknown input '%s' (send the job's "
				      "JSON as the body, or job_json)",
				      key);
		return MHD_NO;
	}
	if (!strcmp(key, "samples") && !lca_parse_count(value, &n) &&
	    n > SAMPLES_MAX) {
		a->rc = lca_error_set(a->err, LCA_ERANGE, key,
				      "samples '%s' out of range for the "
				      "server (at most %d)",
				      value, SAMPLES_MAX);
		return MHD_NO;
	}
	a->rc = lca_request_set(a->rq, key, value, a->err);
	return a->rc ? MHD_NO : MHD_YES;
}

/* The footprint of the query's inputs (and body's job JSON) rendered as
 * format into out; 0 or an lca error in err. */
static int estimate(server *s, struct MHD_Connection *c, const char *body,
		    const char *format, lca_buf *out, lca_error *err)
{
	worker *w = get_worker(s, err);
	args_ctx a;

	if (!w)
		return err->code ? err->code : LCA_EIO;
	lca_request_reset(w->rq);
	if (body && lca_request_set(w->rq, "job_json", body, err))
		return err->code;
	a.rq = w->rq;
	a.err = err;
	a.rc = 0;
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, set_arg, &a);
	if (a.rc)
		return a.rc;
	if (lca_request_compute(w->cat, w->rq, err))
		return err->code;
	return format ? lca_request_render(w->rq, format, out, err) : 0;
}

/* An lca error as a page (html) or as JSON, with its status (404 for a
 * missing run when notfound is set). */
static enum MHD_Result reply_err(struct MHD_Connection *c, const lca_error *err,
				 int html, int notfound)
{
	char msg[sizeof(err->message) + sizeof(err->where) + 4], field[128];
	unsigned status = notfound && err->code == LCA_ENOTFOUND
			      ? 404
			      : err_status(err->code);

	lca_error_text(err, msg, sizeof(msg), field, sizeof(field));
	return html ? reply_html_error(c, status, msg, field)
		    : reply_error(c, status, msg, field);
}

/* A rendered answer: 200 with out, or the error. */
static enum MHD_Result reply_rendered(struct MHD_Connection *c, int rc,
				      lca_buf *out, const lca_error *err,
				      int html, int notfound)
{
	enum MHD_Result ret =
	    rc ? reply_err(c, err, html, notfound)
	       : reply_buf(c, 200, html ? HTML_TYPE : JSON_TYPE, out);

	lca_buf_release(out);
	return ret;
}

static int all_digits(const char *s)
{
	if (!*s || strlen(s) > 18)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ------------------------------------------------------------------ */
/* Plan: the job's JSON to a file, the options as whitelisted flags     */
/* ------------------------------------------------------------------ */

static const char *const plan_flags[] = {
    "regions", "window",    "pause-resume", "max-stretch",  "year", "from",
    "to",      "budget-kg", "deadline",	    "budget-scope", NULL};

/* key as a plan flag ("pause_resume" -> "pause-resume"), or NULL. */
static int plan_flag(const char *key, char *flag, size_t n)
{
	size_t i;

	if (strlen(key) + 1 > n)
		return 0;
	for (i = 0; key[i]; i++)
		flag[i] = key[i] == '_' ? '-' : key[i];
	flag[i] = '\0';
	for (i = 0; plan_flags[i]; i++)
		if (!strcmp(flag, plan_flags[i]))
			return 1;
	return lca_field_lookup(key) >= 0;
}

/* A plan's option or job field, on the whitelist (no job file on the
 * server, no report options). */
static int plan_set(lca_request *rq, const char *key, const char *value,
		    lca_error *err)
{
	char flag[96];

	if (!plan_flag(key, flag, sizeof(flag)))
		return lca_error_set(err, LCA_EUSAGE, key,
				     "unknown plan option '%s'", key);
	return lca_request_set(rq, key, value, err);
}

typedef struct query_ctx {
	lca_request *rq;
	lca_error *err;
	int rc, fields_only;
	/* fields_only: the command line they equal, "--key value" */
	const char *argv[128];
	int argc;
	char *own[128];
	int nown;
} query_ctx;

static char *keep(query_ctx *q, const char *s)
{
	char *c = q->nown < 128 ? strdup(s) : NULL;

	if (c)
		q->own[q->nown++] = c;
	return c;
}

/* Query arguments into the request: a plan's options and fields, or (for
 * a report) the fields alone, noted as flags for the appendix. */
static enum MHD_Result query_arg(void *ud, enum MHD_ValueKind kind,
				 const char *key, const char *value)
{
	query_ctx *q = ud;
	char flag[96];
	size_t i;

	(void)kind;
	if (q->rc || !value || !*value || !strcmp(key, "format") ||
	    !strcmp(key, "go"))
		return MHD_YES;
	if (!q->fields_only) {
		q->rc = plan_set(q->rq, key, value, q->err);
		return MHD_YES;
	}
	if (lca_field_lookup(key) < 0)
		return MHD_YES; /* uncertainty, samples, seed: the API's */
	q->rc = lca_request_set(q->rq, key, value, q->err);
	if (q->argc > 124 || strlen(key) + 3 > sizeof(flag))
		return MHD_YES;
	flag[0] = flag[1] = '-';
	for (i = 0; key[i]; i++)
		flag[i + 2] = key[i] == '_' ? '-' : key[i];
	flag[i + 2] = '\0';
	q->argv[q->argc++] = keep(q, flag);
	q->argv[q->argc++] = keep(q, value);
	if (!q->argv[q->argc - 1] || !q->argv[q->argc - 2])
		q->rc =
		    lca_error_set(q->err, LCA_ENOMEM, "serve", "out of memory");
	return MHD_YES;
}

static void query_free(query_ctx *q)
{
	int i;

	for (i = 0; i < q->nown; i++)
		free(q->own[i]);
}

/* The Monte Carlo interval of an estimate's JSON as a paragraph, or "". */
static void interval_html(lca_buf *b, const char *json)
{
	cJSON *o = cJSON_Parse(json);
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(o, "uncertainty");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(u, "total_kgco2e");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(u, "energy_kwh");
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(u, "samples");

	if (cJSON_IsObject(t) && cJSON_IsObject(e) && cJSON_IsNumber(n))
		lca_buf_printf(
		    b,
		    "<p id=interval>90%% interval (Monte Carlo, %.0f draws): "
		    "%.4g to %.4g kg CO2e (median %.4g); energy %.4g to %.4g "
		    "kWh</p>\n",
		    n->valuedouble,
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(t, "p05")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(t, "p95")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(t, "p50")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(e, "p05")),
		    cJSON_GetNumberValue(
			cJSON_GetObjectItemCaseSensitive(e, "p95")));
	cJSON_Delete(o);
}

/* /estimate: the inputs checked as the API checks them, then the page of
 * `lca report --format html -- <the inputs as flags>` (that command line
 * in its appendix), with the Monte Carlo interval of the same estimate
 * after the total when asked. */
static enum MHD_Result page_estimate(server *s, struct MHD_Connection *c)
{
	lca_error err;
	lca_buf json = {0}, html = {0}, cmd = {0}, page = {0};
	query_ctx q;
	worker *w;
	enum MHD_Result ret;
	const char *u = query(c, "uncertainty");
	int want = u && (!strcmp(u, "1") || !strcmp(u, "true"));
	int rc;

	memset(&err, 0, sizeof(err));
	if (estimate(s, c, NULL, want ? "json" : NULL, &json, &err)) {
		lca_buf_release(&json);
		return reply_err(c, &err, 1, 0);
	}
	w = get_worker(s, &err);
	memset(&q, 0, sizeof(q));
	q.rq = w->rq;
	q.err = &err;
	q.fields_only = 1;
	q.argv[q.argc++] = "report";
	q.argv[q.argc++] = "--format";
	q.argv[q.argc++] = "html";
	q.argv[q.argc++] = "--";
	lca_request_reset(w->rq);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
	rc = q.rc;
	if (!rc && cli_command_line(&cmd, q.argc, (char **)q.argv))
		rc = lca_error_set(&err, LCA_ENOMEM, "serve", "out of memory");
	if (!rc)
		rc = lca_request_set(w->rq, "command_line", lca_buf_cstr(&cmd),
				     &err);
	if (!rc)
		rc = lca_request_report(w->cat, w->rq, "html", &html, &err);
	query_free(&q);
	if (!rc && want) {
		const char *doc = lca_buf_cstr(&html);
		const char *big = strstr(doc, "<p class=big>");
		const char *end = big ? strstr(big, "</p>") : NULL;
		size_t at = end ? (size_t)(end + 4 - doc) : 0;
		lca_buf_add(&page, doc, at);
		lca_buf_puts(&page, "\n");
		interval_html(&page, lca_buf_cstr(&json));
		lca_buf_puts(&page, doc + at);
		ret = reply_rendered(c, rc, &page, &err, 1, 0);
	} else {
		ret = reply_rendered(c, rc, &html, &err, 1, 0);
	}
	lca_buf_release(&json);
	lca_buf_release(&html);
	lca_buf_release(&cmd);
	lca_buf_release(&page);
	return ret;
}

/* A job's plan options as text: a string, 1/0, a number, "A,B". */
static void option_text(const cJSON *it, lca_buf *b)
{
	const cJSON *e;

	if (cJSON_IsString(it))
		lca_buf_puts(b, it->valuestring);
	else if (cJSON_IsBool(it))
		lca_buf_puts(b, cJSON_IsTrue(it) ? "1" : "0");
	else if (cJSON_IsNumber(it))
		lca_buf_printf(b, "%.17g", it->valuedouble);
	else if (cJSON_IsArray(it))
		cJSON_ArrayForEach (e, it)
			if (cJSON_IsString(e))
				lca_buf_printf(b, "%s%s", b->len ? "," : "",
					       e->valuestring);
}

/* POST /api/v1/plan (a job with plan options; json) and GET /plan?go=1
 * (html): lca plan in process. */
static enum MHD_Result do_plan(server *s, struct MHD_Connection *c,
			       const char *body, int html)
{
	lca_error err;
	lca_buf out = {0};
	query_ctx q;
	worker *w;
	cJSON *job = NULL, *it, *next;
	int rc = 0;

	memset(&err, 0, sizeof(err));
	w = get_worker(s, &err);
	if (!w)
		return reply_err(c, &err, html, 0);
	lca_request_reset(w->rq);
	if (body) {
		char *text;
		job = cJSON_Parse(body);
		if (!cJSON_IsObject(job)) {
			cJSON_Delete(job);
			return reply_error(c, 400, "invalid JSON job", "body");
		}
		/* plan options out of the job; the rest is the job */
		for (it = job->child; !rc && it; it = next) {
			char flag[96];
			lca_buf v = {0};
			next = it->next;
			if (!it->string || lca_field_lookup(it->string) >= 0 ||
			    !plan_flag(it->string, flag, sizeof(flag)))
				continue;
			option_text(it, &v);
			rc =
			    plan_set(w->rq, it->string, lca_buf_cstr(&v), &err);
			lca_buf_release(&v);
			cJSON_DeleteItemFromObject(job, it->string);
		}
		text = rc ? NULL : cJSON_PrintUnformatted(job);
		if (!rc)
			rc = text ? lca_request_set(w->rq, "job_json", text,
						    &err)
				  : lca_error_set(&err, LCA_ENOMEM, "serve",
						  "out of memory");
		cJSON_free(text);
		cJSON_Delete(job);
	}
	memset(&q, 0, sizeof(q));
	q.rq = w->rq;
	q.err = &err;
	if (!rc) {
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg,
					  &q);
		rc = q.rc;
	}
	if (!rc)
		rc = lca_request_plan(w->cat, w->rq, html ? "html" : "json",
				      &out, &err);
	query_free(&q);
	return reply_rendered(c, rc, &out, &err, html, 0);
}

/* ------------------------------------------------------------------ */
/* The ledger: dashboard, leaderboard, metrics                          */
/* ------------------------------------------------------------------ */

#define MAX_GROUPS 512

typedef struct group {
	char key[256];
	double runs, kwh, kg;
} group;

typedef struct groups {
	group g[MAX_GROUPS];
	int n;
} groups;

static void group_add(groups *gs, const char *key, const lca_run *r)
{
	int i;

	for (i = 0; i < gs->n && strcmp(gs->g[i].key, key); i++)
		;
	if (i == gs->n) {
		if (gs->n == MAX_GROUPS)
			return;
		cli_strlcpy(gs->g[i].key, key, sizeof(gs->g[i].key));
		gs->n++;
	}
	gs->g[i].runs++;
	if (!isnan(r->energy_kwh))
		gs->g[i].kwh += r->energy_kwh;
	if (!isnan(r->total_kgco2e))
		gs->g[i].kg += r->total_kgco2e;
}

static void month_of(const lca_run *r, char *out, size_t n)
{
	struct tm tm;
	time_t t = (time_t)r->start;

	out[0] = '\0';
	if (!isnan(r->start) && gmtime_r(&t, &tm))
		strftime(out, n, "%Y-%m", &tm);
}

typedef struct dash {
	const char *project, *name, *month, *tag_key, *tag_value;
	groups by_project, by_name, by_account, by_month, by_source;
	lca_buf rows;
	int nruns, shown;
	/* leaderboard: matching runs */
	lca_run *board;
	int nboard, board_cap;
} dash;

static int str_eq_opt(const char *filter, const char *v)
{
	return !filter || !*filter || !strcmp(filter, v ? v : "");
}

/* digits 0: a count ("%.0f"), else "%.4g" */
static void num_cell(lca_buf *b, double v, int count)
{
	lca_buf_puts(b, "<td class=\"n\">");
	if (isnan(v))
		lca_buf_puts(b, "-");
	else if (count)
		lca_buf_printf(b, "%.0f", v);
	else
		lca_buf_printf(b, "%.4g", v);
	lca_buf_puts(b, "</td>");
}

static int dash_each(const lca_run *r, void *ud)
{
	dash *d = ud;
	const char *project = lca_run_tag_get(r, "project");
	const char *account = lca_run_tag_get(r, "account");
	char month[16];

	month_of(r, month, sizeof(month));
	d->nruns++;
	if (!str_eq_opt(d->project, project) || !str_eq_opt(d->name, r->name) ||
	    !str_eq_opt(d->month, month))
		return 0;
	group_add(&d->by_project, project ? project : "(none)", r);
	group_add(&d->by_name, r->name, r);
	if (account)
		group_add(&d->by_account, account, r);
	group_add(&d->by_month, month[0] ? month : "(unknown)", r);
	group_add(&d->by_source, r->source, r);
	if (d->shown++ < 500) {
		lca_buf *b = &d->rows;
		lca_buf_printf(b,
			       "<tr><td><a href=\"/runs/%lld\">%lld</a></td>"
			       "<td>",
			       r->id, r->id);
		html_esc(b, r->name);
		lca_buf_puts(b, "</td><td>");
		html_esc(b, project ? project : "");
		lca_buf_puts(b, "</td><td>");
		html_esc(b, r->source);
		lca_buf_puts(b, "</td><td>");
		html_esc(b, month);
		lca_buf_puts(b, "</td>");
		num_cell(b, r->energy_kwh, 0);
		num_cell(b, r->total_kgco2e, 0);
		lca_buf_puts(b, "</tr>\n");
	}
	return 0;
}

static int ledger_open(server *s, lca_ledger **l, lca_error *err)
{
	return lca_ledger_open(l, s->db, err);
}

static void groups_table(lca_buf *b, const char *title, const char *param,
			 groups *gs)
{
	int i;

	if (!gs->n)
		return;
	lca_buf_puts(b, "<h2>");
	html_esc(b, title);
	lca_buf_puts(b, "</h2><table><tr><th>");
	html_esc(b, title);
	lca_buf_puts(b, "</th><th>runs</th><th>energy (kWh)</th>"
			"<th>CO2e (kg)</th></tr>\n");
	for (i = 0; i < gs->n; i++) {
		lca_buf_puts(b, "<tr><td>");
		if (param) {
			lca_buf_printf(b, "<a href=\"/runs?%s=", param);
			url_esc(b, gs->g[i].key);
			lca_buf_puts(b, "\">");
			html_esc(b, gs->g[i].key);
			lca_buf_puts(b, "</a>");
		} else {
			html_esc(b, gs->g[i].key);
		}
		lca_buf_puts(b, "</td>");
		num_cell(b, gs->g[i].runs, 1);
		num_cell(b, gs->g[i].kwh, 0);
		num_cell(b, gs->g[i].kg, 0);
		lca_buf_puts(b, "</tr>\n");
	}
	lca_buf_puts(b, "</table>\n");
}

static int cmp_month(const void *a, const void *b)
{
	return strcmp(((const group *)a)->key, ((const group *)b)->key);
}

/* Energy and CO2e per month as two bar series in an inline SVG. */
static void month_chart(lca_buf *b, groups *gs)
{
	double maxk = 0, maxc = 0;
	int i, w = 640, h = 200, n = gs->n;
	double bw;

	if (!n)
		return;
	qsort(gs->g, (size_t)n, sizeof(group), cmp_month);
	for (i = 0; i < n; i++) {
		if (gs->g[i].kwh > maxk)
			maxk = gs->g[i].kwh;
		if (gs->g[i].kg > maxc)
			maxc = gs->g[i].kg;
	}
	bw = (double)(w - 40) / n;
	lca_buf_printf(b,
		       "<h2>Energy and CO2e over time</h2><svg role=\"img\" "
		       "aria-label=\"energy and CO2e per month\" "
		       "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		       "height=\"%d\" viewBox=\"0 0 %d %d\">",
		       w, h + 40, w, h + 40);
	for (i = 0; i < n; i++) {
		double x = 20 + i * bw;
		double hk = maxk > 0 ? gs->g[i].kwh / maxk * h : 0;
		double hc = maxc > 0 ? gs->g[i].kg / maxc * h : 0;
		lca_buf_printf(b,
			       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			       "height=\"%.1f\" fill=\"#4a7ab5\"><title>",
			       x + bw * 0.1, h - hk, bw * 0.4, hk);
		html_esc(b, gs->g[i].key);
		lca_buf_printf(b, ": %.4g kWh</title></rect>", gs->g[i].kwh);
		lca_buf_printf(b,
			       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			       "height=\"%.1f\" fill=\"#b5584a\"><title>",
			       x + bw * 0.5, h - hc, bw * 0.4, hc);
		html_esc(b, gs->g[i].key);
		lca_buf_printf(b, ": %.4g kg CO2e</title></rect>", gs->g[i].kg);
		lca_buf_printf(b,
			       "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
			       "text-anchor=\"middle\">",
			       x + bw / 2, h + 16);
		html_esc(b, gs->g[i].key);
		lca_buf_puts(b, "</text>");
	}
	lca_buf_printf(b,
		       "<text x=\"20\" y=\"%d\" font-size=\"11\" "
		       "fill=\"#4a7ab5\">energy (max %.4g kWh)</text>"
		       "<text x=\"260\" y=\"%d\" font-size=\"11\" "
		       "fill=\"#b5584a\">CO2e (max %.4g kg)</text></svg>\n",
		       h + 34, maxk, h + 34, maxc);
}

static void filter_input(lca_buf *b, const char *label, const char *name,
			 const char *value)
{
	lca_buf_printf(b, "<label>%s <input name=\"%s\" value=\"", label, name);
	html_esc(b, value ? value : "");
	lca_buf_puts(b, "\"></label> ");
}

static enum MHD_Result page_runs(server *s, struct MHD_Connection *c)
{
	lca_ledger *l = NULL;
	lca_error err;
	dash *d = calloc(1, sizeof(*d));
	lca_buf b = {0};
	enum MHD_Result ret;

	memset(&err, 0, sizeof(err));
	if (!d)
		return MHD_NO;
	d->project = query(c, "project");
	d->name = query(c, "name");
	d->month = query(c, "month");
	if (ledger_open(s, &l, &err) ||
	    lca_ledger_each_run(l, dash_each, d, &err)) {
		lca_ledger_free(l);
		lca_buf_release(&d->rows);
		free(d);
		return reply_html_error(c, 500, err.message, err.where);
	}
	lca_ledger_free(l);
	page_head(&b, "Runs");
	lca_buf_puts(&b, "<form method=\"get\" action=\"/runs\">");
	filter_input(&b, "project", "project", d->project);
	filter_input(&b, "name", "name", d->name);
	filter_input(&b, "month (YYYY-MM)", "month", d->month);
	lca_buf_printf(&b,
		       "<button>Filter</button></form><p>%d of %d runs"
		       "</p>\n",
		       d->shown, d->nruns);
	month_chart(&b, &d->by_month);
	groups_table(&b, "project", "project", &d->by_project);
	groups_table(&b, "name", "name", &d->by_name);
	groups_table(&b, "account", NULL, &d->by_account);
	groups_table(&b, "month", "month", &d->by_month);
	lca_buf_puts(&b, "<h2>Runs</h2><table><tr><th>id</th><th>name</th>"
			 "<th>project</th><th>source</th><th>month</th>"
			 "<th>energy (kWh)</th><th>CO2e (kg)</th></tr>\n");
	lca_buf_add(&b, lca_buf_cstr(&d->rows), d->rows.len);
	lca_buf_puts(&b, "</table></body></html>\n");
	ret = reply_buf(c, 200, HTML_TYPE, &b);
	lca_buf_release(&b);
	lca_buf_release(&d->rows);
	free(d);
	return ret;
}

static int board_each(const lca_run *r, void *ud)
{
	dash *d = ud;
	const char *v = lca_run_tag_get(r, d->tag_key);

	if (!v || (d->tag_value && *d->tag_value && strcmp(v, d->tag_value)))
		return 0;
	if (d->nboard == d->board_cap) {
		int cap = d->board_cap ? d->board_cap * 2 : 16;
		lca_run *nb;
		if (cap > 4096)
			return 0;
		nb = realloc(d->board, (size_t)cap * sizeof(*nb));
		if (!nb)
			return 0;
		d->board = nb;
		d->board_cap = cap;
	}
	/* only the header fields are kept: copy them, not the hourly table */
	memcpy(&d->board[d->nboard++], r, sizeof(*r));
	return 0;
}

static int cmp_energy(const void *a, const void *b)
{
	double x = ((const lca_run *)a)->energy_kwh;
	double y = ((const lca_run *)b)->energy_kwh;
	return isnan(x) ? 1 : isnan(y) ? -1 : (x > y) - (x < y);
}

static enum MHD_Result page_leaderboard(server *s, struct MHD_Connection *c)
{
	lca_ledger *l = NULL;
	lca_error err;
	dash d;
	lca_buf b = {0};
	enum MHD_Result ret;
	const char *metric = query(c, "metric");
	int i;

	memset(&err, 0, sizeof(err));
	memset(&d, 0, sizeof(d));
	d.tag_key = query(c, "tag");
	d.tag_value = query(c, "value");
	if (!d.tag_key || !*d.tag_key)
		d.tag_key = "project";
	if (!metric || !*metric)
		metric = "metric";
	if (ledger_open(s, &l, &err) ||
	    lca_ledger_each_run(l, board_each, &d, &err)) {
		lca_ledger_free(l);
		free(d.board);
		return reply_html_error(c, 500, err.message, err.where);
	}
	lca_ledger_free(l);
	qsort(d.board, (size_t)d.nboard, sizeof(lca_run), cmp_energy);
	page_head(&b, "Leaderboard");
	lca_buf_puts(&b, "<form method=\"get\" action=\"/leaderboard\">");
	filter_input(&b, "tag", "tag", d.tag_key);
	filter_input(&b, "value", "value", d.tag_value);
	filter_input(&b, "metric tag", "metric", metric);
	lca_buf_puts(&b, "<button>Rank</button></form>\n<table><tr><th>rank"
			 "</th><th>run</th><th>name</th><th>");
	html_esc(&b, d.tag_key);
	lca_buf_puts(&b, "</th><th>energy (kWh)</th><th>CO2e (kg)</th><th>");
	html_esc(&b, metric);
	lca_buf_puts(&b, "</th></tr>\n");
	for (i = 0; i < d.nboard; i++) {
		const lca_run *r = &d.board[i];
		const char *m = lca_run_tag_get(r, metric);
		lca_buf_printf(&b,
			       "<tr><td class=\"n\">%d</td><td><a "
			       "href=\"/runs/%lld\">%lld</a></td><td>",
			       i + 1, r->id, r->id);
		html_esc(&b, r->name);
		lca_buf_puts(&b, "</td><td>");
		html_esc(&b, lca_run_tag_get(r, d.tag_key));
		lca_buf_puts(&b, "</td>");
		num_cell(&b, r->energy_kwh, 0);
		num_cell(&b, r->total_kgco2e, 0);
		lca_buf_puts(&b, "<td>");
		html_esc(&b, m ? m : "");
		lca_buf_puts(&b, "</td></tr>\n");
	}
	lca_buf_puts(&b, "</table></body></html>\n");
	ret = reply_buf(c, 200, HTML_TYPE, &b);
	lca_buf_release(&b);
	free(d.board);
	return ret;
}

/* Prometheus label value: \ " and newline escaped. */
static void prom_esc(lca_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			lca_buf_printf(b, "\\%c", *s);
		else if (*s == '\n')
			lca_buf_puts(b, "\\n");
		else
			lca_buf_add(b, s, 1);
	}
}

typedef struct metrics {
	groups g; /* key: project \x1f source */
} metrics;

static int metrics_each(const lca_run *r, void *ud)
{
	metrics *m = ud;
	const char *project = lca_run_tag_get(r, "project");
	char key[256];

	snprintf(key, sizeof(key), "%s\x1f%s", project ? project : "",
		 r->source);
	group_add(&m->g, key, r);
	return 0;
}

static void metric_family(lca_buf *b, const metrics *m, const char *name,
			  const char *help, int which)
{
	int i;

	lca_buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", name, help,
		       name);
	for (i = 0; i < m->g.n; i++) {
		const group *g = &m->g.g[i];
		const char *sep = strchr(g->key, '\x1f');
		double v = which == 0 ? g->runs : which == 1 ? g->kwh : g->kg;
		char project[256];
		size_t pn = sep ? (size_t)(sep - g->key) : 0;

		memcpy(project, g->key, pn);
		project[pn] = '\0';
		lca_buf_printf(b, "%s{project=\"", name);
		prom_esc(b, project);
		lca_buf_puts(b, "\",source=\"");
		prom_esc(b, sep ? sep + 1 : "");
		lca_buf_printf(b, "\"} %.17g\n", v);
	}
}

static enum MHD_Result page_metrics(server *s, struct MHD_Connection *c)
{
	lca_ledger *l = NULL;
	lca_error err;
	metrics *m = calloc(1, sizeof(*m));
	lca_buf b = {0};
	enum MHD_Result ret;

	memset(&err, 0, sizeof(err));
	if (!m)
		return MHD_NO;
	if (ledger_open(s, &l, &err) ||
	    lca_ledger_each_run(l, metrics_each, m, &err)) {
		lca_ledger_free(l);
		free(m);
		return reply_lca_error(c, &err);
	}
	lca_ledger_free(l);
	metric_family(&b, m, "lca_runs_total", "Runs in the ledger.", 0);
	metric_family(&b, m, "lca_energy_kwh_total",
		      "Measured IT energy of the ledger's runs (kWh).", 1);
	metric_family(&b, m, "lca_co2e_kg_total",
		      "Lifecycle CO2e of the ledger's runs (kg).", 2);
	ret = reply_buf(c, 200, "text/plain; version=0.0.4; charset=utf-8", &b);
	lca_buf_release(&b);
	free(m);
	return ret;
}

/* ------------------------------------------------------------------ */
/* POST /api/v1/runs                                                    */
/* ------------------------------------------------------------------ */

/* "YYYY-MM-DDTHH:MM:SSZ" -> unix seconds (as lca runs prints them). */
static int parse_iso(const char *s, double *out)
{
	int y, mo, d, h, mi, se;
	long long days;
	char z = 0;

	if (!s ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se,
		   &z) != 7 ||
	    z != 'Z' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return -1;
	/* days from civil (Howard Hinnant) */
	y -= mo <= 2;
	{
		long long era = (y >= 0 ? y : y - 399) / 400;
		unsigned yoe = (unsigned)(y - era * 400);
		unsigned doy =
		    (153u * (unsigned)(mo + (mo > 2 ? -3 : 9)) + 2) / 5 +
		    (unsigned)d - 1;
		unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = era * 146097 + (long long)doe - 719468;
	}
	*out = (double)days * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

static double jnum(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : LCA_NAN;
}

static int jstr(const cJSON *o, const char *key, char *out, size_t n,
		int required, lca_error *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v || cJSON_IsNull(v)) {
		if (required)
			return lca_error_set(err, LCA_EUSAGE, key,
					     "missing '%s'", key);
		return 0;
	}
	if (!cJSON_IsString(v) || strlen(v->valuestring) >= n)
		return lca_error_set(err, LCA_EUSAGE, key,
				     "'%s' must be a string of at most %zu "
				     "bytes",
				     key, n - 1);
	cli_strlcpy(out, v->valuestring, n);
	return 0;
}

static int run_from_json(const char *body, lca_run *r, char *key, size_t kn,
			 lca_error *err)
{
	cJSON *o = cJSON_Parse(body), *tags, *t;
	char when[64];
	int rc = 0;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return lca_error_set(err, LCA_EUSAGE, "body",
				     "invalid JSON run");
	}
	lca_run_init(r);
	if ((rc = jstr(o, "key", key, kn, 1, err)) || !*key ||
	    (rc = jstr(o, "source", r->source, sizeof(r->source), 1, err)) ||
	    (rc = jstr(o, "name", r->name, sizeof(r->name), 1, err)) ||
	    (rc = jstr(o, "status", r->status, sizeof(r->status), 0, err)) ||
	    (rc = jstr(o, "method", r->method, sizeof(r->method), 0, err)) ||
	    (rc = jstr(o, "gpu", r->gpu, sizeof(r->gpu), 0, err)))
		goto out;
	if (!*key) {
		rc = lca_error_set(err, LCA_EUSAGE, "key", "empty 'key'");
		goto out;
	}
	if (!r->status[0])
		cli_strlcpy(r->status, "complete", sizeof(r->status));
	if (!r->method[0])
		cli_strlcpy(r->method, "measured", sizeof(r->method));
	if ((rc = jstr(o, "start", when, sizeof(when), 1, err)))
		goto out;
	if (parse_iso(when, &r->start)) {
		rc = lca_error_set(err, LCA_EUSAGE, "start",
				   "invalid time '%s' (expected "
				   "YYYY-MM-DDTHH:MM:SSZ)",
				   when);
		goto out;
	}
	if ((rc = jstr(o, "end", when, sizeof(when), 1, err)))
		goto out;
	if (parse_iso(when, &r->end) || r->end < r->start) {
		rc = lca_error_set(err, LCA_EUSAGE, "end",
				   "invalid time '%s' (expected "
				   "YYYY-MM-DDTHH:MM:SSZ, not before start)",
				   when);
		goto out;
	}
	r->energy_kwh = jnum(o, "energy_kwh");
	if (isnan(r->energy_kwh) || r->energy_kwh < 0) {
		rc = lca_error_set(err, LCA_EUSAGE, "energy_kwh",
				   "missing or negative 'energy_kwh'");
		goto out;
	}
	r->facility_energy_kwh = jnum(o, "facility_energy_kwh");
	r->operational_kgco2e = jnum(o, "operational_kgco2e");
	r->embodied_kgco2e = jnum(o, "embodied_kgco2e");
	r->total_kgco2e = jnum(o, "total_kgco2e");
	r->pue = jnum(o, "pue");
	r->grid_gco2_per_kwh = jnum(o, "grid_gco2_per_kwh");
	r->devices = jnum(o, "devices");
	{
		double es = jnum(o, "exit_status");
		r->exit_status = isnan(es) ? -1 : (int)es;
	}
	tags = cJSON_GetObjectItemCaseSensitive(o, "tags");
	cJSON_ArrayForEach (t, tags) {
		char kv[300];
		if (!t->string || !cJSON_IsString(t)) {
			rc = lca_error_set(err, LCA_EUSAGE, "tags",
					   "tags must be strings");
			goto out;
		}
		snprintf(kv, sizeof(kv), "%s=%s", t->string, t->valuestring);
		if ((rc = lca_run_tag_parse(r->tags, &r->ntags, kv, "tags",
					    err)))
			goto out;
	}
out:
	cJSON_Delete(o);
	return rc;
}

static enum MHD_Result post_run(server *s, struct MHD_Connection *c,
				const char *body)
{
	const char *auth;
	lca_run *r;
	lca_ledger *l = NULL;
	lca_error err;
	char key[256], hash[300], resp[128];
	long long have = 0;
	int rc;
	unsigned status = 201;

	if (!s->has_token)
		return reply_error(
		    c, 405, "the server is read-only (no --token-file)", NULL);
	auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					   MHD_HTTP_HEADER_AUTHORIZATION);
	if (!auth || strncmp(auth, "Bearer ", 7))
		return reply_error(c, 401, "missing bearer token",
				   "Authorization");
	{
		/* constant-time comparison */
		const char *t = auth + 7;
		size_t n = strlen(t), m = strlen(s->token), i;
		unsigned diff = n != m;
		for (i = 0; i < m; i++)
			diff |= (unsigned char)s->token[i] ^
				(unsigned char)(i < n ? t[i] : 0);
		if (diff)
			return reply_error(c, 403, "wrong token",
					   "Authorization");
	}
	memset(&err, 0, sizeof(err));
	r = malloc(sizeof(*r));
	if (!r)
		return MHD_NO;
	if (run_from_json(body ? body : "", r, key, sizeof(key), &err)) {
		free(r);
		return reply_lca_error(c, &err);
	}
	snprintf(hash, sizeof(hash), "serve-key:%s", key);
	pthread_mutex_lock(&s->write_mu);
	rc = ledger_open(s, &l, &err);
	if (!rc)
		rc = lca_ledger_begin(l, &err);
	if (!rc) {
		rc = lca_ledger_has_file(l, hash, &have, &err);
		if (rc == 1) {
			status = 200; /* a retry: the run recorded before */
			rc = 0;
		} else if (rc == 0) {
			rc = lca_ledger_add_run(l, r, NULL, &err);
			if (!rc)
				rc = lca_ledger_add_file(l, hash, "lca serve",
							 r->id, &err);
			have = r->id;
		}
		if (rc)
			lca_ledger_rollback(l);
		else
			rc = lca_ledger_commit(l, &err);
	}
	lca_ledger_free(l);
	pthread_mutex_unlock(&s->write_mu);
	free(r);
	if (rc)
		return reply_lca_error(c, &err);
	snprintf(resp, sizeof(resp), "{\"id\":%lld,\"created\":%s}", have,
		 status == 201 ? "true" : "false");
	return reply(c, status, JSON_TYPE, resp, strlen(resp));
}

/* ------------------------------------------------------------------ */
/* The calculator form                                                  */
/* ------------------------------------------------------------------ */

/* A <select>'s options: value (label), "(none)" first. */
typedef struct choice {
	char value[128], label[160], kind[32];
} choice;

static void options_html(lca_buf *b, const choice *ch, int n,
			 const char *selected)
{
	int i;

	lca_buf_puts(b, "<option value=\"\">(none)</option>");
	for (i = 0; i < n; i++) {
		lca_buf_puts(b, "<option value=\"");
		html_esc(b, ch[i].value);
		lca_buf_printf(b, "\"%s>",
			       selected && !strcmp(ch[i].value, selected)
				   ? " selected"
				   : "");
		html_esc(b, ch[i].value);
		if (ch[i].label[0] && strcmp(ch[i].label, ch[i].value)) {
			lca_buf_puts(b, " (");
			html_esc(b, ch[i].label);
			lca_buf_puts(b, ")");
		}
		lca_buf_puts(b, "</option>");
	}
}

static const char *jtext(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static int by_kind_value(const void *a, const void *b)
{
	const choice *x = a, *y = b;
	int k = strcmp(x->kind, y->kind);

	return k ? k : strcmp(x->value, y->value);
}

/* The catalog list what (lca_catalog_list_render) as choices: gpus by
 * id (family); regions as --region takes them -- countries and zones by
 * code, clouds by provider:region -- with the first name of each, sorted
 * by kind then code.  *out malloc'd. */
static int choices(lca_catalog *cat, const char *what, choice **out, int *n)
{
	lca_buf json = {0};
	lca_error err;
	cJSON *arr = NULL, *row;
	choice *ch = NULL;
	int i, k = 0, regions = !strcmp(what, "regions");

	*out = NULL;
	*n = 0;
	if (!lca_catalog_list_render(cat, what, "json", &json, &err))
		arr = cJSON_Parse(lca_buf_cstr(&json));
	lca_buf_release(&json);
	if (cJSON_GetArraySize(arr) > 0)
		ch = calloc((size_t)cJSON_GetArraySize(arr), sizeof(*ch));
	if (!ch) {
		cJSON_Delete(arr);
		return LCA_ENOMEM;
	}
	cJSON_ArrayForEach (row, arr) {
		const char *key = jtext(row, regions ? "key" : "id");
		const char *kind = jtext(row, "kind");
		const char *colon = strchr(key, ':');
		choice c;
		if (!*key)
			continue;
		memset(&c, 0, sizeof(c));
		cli_strlcpy(
		    c.value,
		    regions && strcmp(kind, "cloud") && colon ? colon + 1 : key,
		    sizeof(c.value));
		cli_strlcpy(c.label, jtext(row, regions ? "name" : "family"),
			    sizeof(c.label));
		cli_strlcpy(c.kind, kind, sizeof(c.kind));
		for (i = 0; regions && i < k && strcmp(ch[i].value, c.value);
		     i++)
			;
		if (!regions || i == k)
			ch[k++] = c;
		else { /* one entry per code: the least kind and name */
			if (strcmp(c.kind, ch[i].kind) < 0)
				cli_strlcpy(ch[i].kind, c.kind,
					    sizeof(ch[i].kind));
			if (strcmp(c.label, ch[i].label) < 0)
				cli_strlcpy(ch[i].label, c.label,
					    sizeof(ch[i].label));
		}
	}
	cJSON_Delete(arr);
	if (regions && k)
		qsort(ch, (size_t)k, sizeof(*ch), by_kind_value);
	*out = ch;
	*n = k;
	return 0;
}

static void field_input(lca_buf *b, const char *key, const char *label,
			const char *placeholder)
{
	int f = lca_field_lookup(key);
	const lca_field_info *fi = f >= 0 ? lca_field_info_get(f) : NULL;

	lca_buf_printf(b,
		       "<p><label for=\"%s\">%s</label> <input id=\"%s\" "
		       "name=\"%s\" placeholder=\"%s\"> ",
		       key, label, key, key, placeholder);
	if (fi && fi->unit && *fi->unit)
		html_esc(b, fi->unit);
	lca_buf_puts(b, "</p>\n");
}

static int build_form(server *s, lca_catalog *cat, lca_buf *b)
{
	choice *gpus = NULL, *regions = NULL;
	int ngpus = 0, nregions = 0;

	(void)s;
	/* the choices are the catalog's lists, as lca catalog list prints
	 * them */
	choices(cat, "gpus", &gpus, &ngpus);
	choices(cat, "regions", &regions, &nregions);
	page_head(b, "lca: price a job");
	lca_buf_puts(
	    b, "<p>Enter a model and its training tokens, or devices and "
	       "hours. Every result is a link you can share.</p>\n"
	       "<form id=\"calc\" method=\"get\" action=\"/estimate\">\n"
	       "<fieldset><legend>Hardware and place</legend>\n"
	       "<p><label for=\"gpu\">accelerator</label> <select id=\"gpu\" "
	       "name=\"gpu\">");
	options_html(b, gpus, ngpus, "a100-sxm4-80gb");
	lca_buf_puts(b, "</select></p>\n<p><label for=\"region\">region"
			"</label> <select id=\"region\" name=\"region\">");
	options_html(b, regions, nregions, NULL);
	lca_buf_puts(b, "</select></p>\n");
	field_input(b, "pue", "PUE", "region's or default");
	field_input(b, "grid", "grid intensity", "region's");
	lca_buf_puts(b, "</fieldset>\n<fieldset><legend>A model and its "
			"tokens</legend>\n");
	field_input(b, "params", "parameters", "e.g. 7B");
	field_input(b, "tokens", "training tokens", "e.g. 2T");
	field_input(b, "precision", "precision", "bf16");
	lca_buf_puts(b, "</fieldset>\n<fieldset><legend>or devices and hours"
			"</legend>\n");
	field_input(b, "gpus", "devices", "e.g. 8");
	field_input(b, "hours", "hours", "e.g. 24");
	field_input(b, "gpu-hours", "device-hours", "e.g. 1000");
	lca_buf_puts(b, "</fieldset>\n<p><label for=\"uncertainty\">"
			"uncertainty interval</label> <input type=\"checkbox\" "
			"id=\"uncertainty\" name=\"uncertainty\" value=\"1\">"
			"</p>\n<p><button id=\"submit\" type=\"submit\">Price "
			"the job</button></p>\n</form>\n<p>API: <code>GET "
			"/api/v1/estimate?gpu=...&amp;gpu_hours=...</code>, "
			"the JSON of <code>lca estimate --format json</code>."
			"</p></body></html>\n");
	free(gpus);
	free(regions);
	return 0;
}

static enum MHD_Result page_plan_form(struct MHD_Connection *c)
{
	lca_buf b = {0};
	enum MHD_Result ret;

	page_head(&b, "Plan a job");
	lca_buf_puts(&b, "<p>Ranks regions and start times (<code>lca plan"
			 "</code>).</p><form method=\"get\" action=\"/plan\">\n"
			 "<input type=\"hidden\" name=\"go\" value=\"1\">\n");
	field_input(&b, "gpu", "accelerator", "e.g. H100-SXM5-80GB");
	field_input(&b, "gpus", "devices", "e.g. 8");
	field_input(&b, "hours", "hours", "e.g. 24");
	field_input(&b, "region", "baseline region", "e.g. us-east-1");
	lca_buf_puts(&b, "<p><label for=\"regions\">candidate regions</label> "
			 "<input id=\"regions\" name=\"regions\" "
			 "placeholder=\"SE,FR,DE\"></p>\n<p><label "
			 "for=\"window\">window (hours)</label> <input "
			 "id=\"window\" name=\"window\"></p>\n<p><label "
			 "for=\"from\">from</label> <input id=\"from\" "
			 "name=\"from\" placeholder=\"2024-06-01T00:00Z\">"
			 "</p>\n<p><button>Plan</button></p></form>"
			 "</body></html>\n");
	ret = reply_buf(c, 200, HTML_TYPE, &b);
	lca_buf_release(&b);
	return ret;
}

static void json_cell(lca_buf *b, const cJSON *v)
{
	char num[64];

	if (cJSON_IsString(v)) {
		lca_buf_puts(b, "<td>");
		html_esc(b, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof(num), "%.4g", v->valuedouble);
		lca_buf_printf(b, "<td class=\"n\">%s", num);
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;
		int i = 0;
		lca_buf_puts(b, "<td>");
		cJSON_ArrayForEach (e, v) {
			if (!cJSON_IsString(e))
				continue;
			if (i++)
				lca_buf_puts(b, ", ");
			html_esc(b, e->valuestring);
		}
	} else {
		lca_buf_puts(b, "<td>");
	}
	lca_buf_puts(b, "</td>");
}

/* lca audit --all --format json (in process) as a table. */
static enum MHD_Result page_audit(server *s, struct MHD_Connection *c)
{
	static const char *const cols[] = {
	    "id",    "method",	"claimed_tco2e", "recomputed_tco2e",
	    "ratio", "verdict", "flags",	 "reason",
	    NULL};
	lca_audit_query q = LCA_AUDIT_QUERY_INIT;
	lca_buf out = {0}, b = {0};
	lca_error err;
	cJSON *o, *claims, *cl;
	enum MHD_Result ret;
	worker *w;
	int i, rc;

	memset(&err, 0, sizeof(err));
	q.all = 1;
	w = get_worker(s, &err);
	rc = w ? lca_audit_query_render(w->cat, &q, "json", &out, &err)
	       : err.code;
	o = rc == 0 ? cJSON_Parse(lca_buf_cstr(&out)) : NULL;
	claims = cJSON_GetObjectItemCaseSensitive(o, "claims");
	if (!cJSON_IsArray(claims)) {
		cJSON_Delete(o);
		lca_buf_release(&out);
		if (!rc)
			lca_error_set(&err, LCA_EDATA, "audit",
				      "lca audit failed");
		return reply_err(c, &err, 1, 0);
	}
	page_head(&b, "Audit of published claims");
	lca_buf_puts(&b, "<p>Every claim of <code>lca audit --all</code>, "
			 "recomputed (tCO2e).</p><table><tr>");
	for (i = 0; cols[i]; i++) {
		lca_buf_puts(&b, "<th>");
		html_esc(&b, cols[i]);
		lca_buf_puts(&b, "</th>");
	}
	lca_buf_puts(&b, "</tr>\n");
	cJSON_ArrayForEach (cl, claims) {
		lca_buf_puts(&b, "<tr>");
		for (i = 0; cols[i]; i++)
			json_cell(
			    &b, cJSON_GetObjectItemCaseSensitive(cl, cols[i]));
		lca_buf_puts(&b, "</tr>\n");
	}
	lca_buf_puts(&b, "</table></body></html>\n");
	ret = reply_buf(c, 200, HTML_TYPE, &b);
	cJSON_Delete(o);
	lca_buf_release(&b);
	lca_buf_release(&out);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Routing                                                              */
/* ------------------------------------------------------------------ */

static int is_get(const char *m)
{
	return !strcmp(m, MHD_HTTP_METHOD_GET) ||
	       !strcmp(m, MHD_HTTP_METHOD_HEAD);
}

static enum MHD_Result route(server *s, struct MHD_Connection *c,
			     const char *url, const char *method,
			     const char *body)
{
	lca_error err;
	lca_buf out = {0};
	enum MHD_Result ret;
	int get = is_get(method), post = !strcmp(method, MHD_HTTP_METHOD_POST);

	memset(&err, 0, sizeof(err));
	if (!strcmp(url, "/healthz")) {
		if (!get)
			goto not_allowed;
		return reply(c, 200, TEXT_TYPE, "ok\n", 3);
	}
	if (!strcmp(url, "/api/v1/estimate")) {
		if (!get && !post)
			goto not_allowed;
		if (estimate(s, c, post ? body : NULL, "json", &out, &err)) {
			lca_buf_release(&out);
			return reply_lca_error(c, &err);
		}
		ret = reply_buf(c, 200, JSON_TYPE, &out);
		lca_buf_release(&out);
		return ret;
	}
	if (!strcmp(url, "/estimate")) {
		if (!get)
			goto not_allowed;
		return page_estimate(s, c);
	}
	if (!strcmp(url, "/")) {
		if (!get)
			goto not_allowed;
		return reply(c, 200, HTML_TYPE, s->form, strlen(s->form));
	}
	if (!strcmp(url, "/api/v1/runs")) {
		lca_ledger *l = NULL;
		int rc;
		if (post)
			return post_run(s, c, body);
		if (!get)
			goto not_allowed;
		rc = ledger_open(s, &l, &err);
		if (!rc)
			rc = lca_runs_render(l, NULL, "json", &out, &err);
		lca_ledger_free(l);
		return reply_rendered(c, rc, &out, &err, 0, 0);
	}
	if (!strncmp(url, "/api/v1/runs/", 13) || !strncmp(url, "/runs/", 6)) {
		int api = url[1] == 'a', rc;
		const char *id = url + (api ? 13 : 6);
		lca_ledger *l = NULL;
		worker *w;
		if (!all_digits(id))
			goto not_found;
		if (!get)
			goto not_allowed;
		w = get_worker(s, &err);
		rc = w ? ledger_open(s, &l, &err) : err.code;
		if (!rc && api)
			rc = lca_run_render(l, strtoll(id, NULL, 10), "json",
					    &out, &err);
		else if (!rc)
			rc = lca_run_report_render(w->cat, l,
						   strtoll(id, NULL, 10), NULL,
						   "html", &out, &err);
		lca_ledger_free(l);
		return reply_rendered(c, rc, &out, &err, !api, 1);
	}
	if (!strcmp(url, "/api/v1/catalog/gpus") ||
	    !strcmp(url, "/api/v1/catalog/regions")) {
		worker *w;
		int rc;
		if (!get)
			goto not_allowed;
		w = get_worker(s, &err);
		rc = w ? lca_catalog_list_render(w->cat, url + 16, "json", &out,
						 &err)
		       : err.code;
		return reply_rendered(c, rc, &out, &err, 0, 0);
	}
	if (!strcmp(url, "/api/v1/plan")) {
		if (!post)
			goto not_allowed;
		return do_plan(s, c, body, 0);
	}
	if (!strcmp(url, "/plan")) {
		if (!get)
			goto not_allowed;
		if (!query(c, "go"))
			return page_plan_form(c);
		return do_plan(s, c, NULL, 1);
	}
	if (!strcmp(url, "/audit")) {
		if (!get)
			goto not_allowed;
		return page_audit(s, c);
	}
	if (!strcmp(url, "/runs")) {
		if (!get)
			goto not_allowed;
		return page_runs(s, c);
	}
	if (!strcmp(url, "/leaderboard")) {
		if (!get)
			goto not_allowed;
		return page_leaderboard(s, c);
	}
	if (!strcmp(url, "/metrics")) {
		if (!get)
			goto not_allowed;
		return page_metrics(s, c);
	}
not_found:
	return reply_error(c, 404, "not found", NULL);
not_allowed:
	return reply_error(c, 405, "method not allowed", NULL);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	server *s = cls;
	conn *cn = *con_cls;

	(void)version;
	if (!cn) {
		const char *cl = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		cn = calloc(1, sizeof(*cn));
		if (!cn)
			return MHD_NO;
		*con_cls = cn;
		if (cl && strtoull(cl, NULL, 10) > BODY_MAX) {
			cn->too_big = 1;
			return reply_error(c, 413, "request body over 1 MiB",
					   NULL);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cn->too_big && cn->body.len + *upload_size > BODY_MAX)
			cn->too_big = 1;
		if (!cn->too_big)
			lca_buf_add(&cn->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (cn->too_big)
		return reply_error(c, 413, "request body over 1 MiB", NULL);
	return route(s, c, url, method,
		     cn->body.len ? lca_buf_cstr(&cn->body) : NULL);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cn) {
		lca_buf_release(&cn->body);
		free(cn);
		*con_cls = NULL;
	}
}

/* ------------------------------------------------------------------ */
/* The command                                                          */
/* ------------------------------------------------------------------ */

static const cli_opt serve_opts[] = {
    {"listen", 1, "address:port to listen on (default 127.0.0.1:8787)"},
    {"db", 1, "ledger database (default $LCA_DB, else the user's)"},
    {"catalog", 1, "catalog database (as the global --catalog)"},
    {"token-file", 1,
     "file holding the bearer token that POST /api/v1/runs needs "
     "(without it the server is read-only)"},
    {"threads", 1, "worker threads (default: the CPUs)"},
    {"help", 0, "show this help"},
    {NULL, 0, NULL},
};

typedef struct serve_cmd {
	const char *listen, *db, *catalog, *token_file, *threads;
	int help;
} serve_cmd;

static int serve_on_opt(void *ud, const cli_opt *o, const char *value,
			lca_error *err)
{
	serve_cmd *sc = ud;

	(void)err;
	if (!strcmp(o->name, "listen"))
		sc->listen = value;
	else if (!strcmp(o->name, "db"))
		sc->db = value;
	else if (!strcmp(o->name, "catalog"))
		sc->catalog = value;
	else if (!strcmp(o->name, "token-file"))
		sc->token_file = value;
	else if (!strcmp(o->name, "threads"))
		sc->threads = value;
	else
		sc->help = 1;
	return 0;
}

static int serve_on_arg(void *ud, const char *arg, lca_error *err)
{
	(void)ud;
	return lca_error_set(err, LCA_EUSAGE, "lca serve",
			     "unexpected argument '%s'", arg);
}

static int parse_listen(const char *text, struct sockaddr_in *sa,
			lca_error *err)
{
	char host[64];
	const char *colon = strrchr(text, ':');
	char *end;
	long port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (!colon || (size_t)(colon - text) >= sizeof(host))
		return lca_error_set(err, LCA_EUSAGE, "--listen",
				     "invalid address '%s' (expected "
				     "HOST:PORT, e.g. 127.0.0.1:8787)",
				     text);
	memcpy(host, text, (size_t)(colon - text));
	host[colon - text] = '\0';
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port < 0 || port > 65535)
		return lca_error_set(err, LCA_EUSAGE, "--listen",
				     "invalid port '%s' (0..65535)", colon + 1);
	if (!strcmp(host, "localhost"))
		cli_strlcpy(host, "127.0.0.1", sizeof(host));
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return lca_error_set(err, LCA_EUSAGE, "--listen",
				     "invalid IPv4 address '%s'", host);
	sa->sin_port = htons((unsigned short)port);
	return 0;
}

static int read_token(server *s, const char *path, lca_error *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc = cli_read_file(path, sizeof(s->token) - 1, &text, &len);

	if (rc)
		return lca_error_set(err, rc, "--token-file",
				     "cannot read token file '%s'", path);
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' ||
		       text[len - 1] == ' '))
		text[--len] = '\0';
	if (len < 16) {
		free(text);
		return lca_error_set(err, LCA_EUSAGE, "--token-file",
				     "token in '%s' too short (at least 16 "
				     "characters)",
				     path);
	}
	cli_strlcpy(s->token, text, sizeof(s->token));
	s->has_token = 1;
	free(text);
	return 0;
}

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	serve_cmd sc;
	server s;
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	lca_buf form = {0};
	unsigned threads = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int sig = 0, rc;
	char host[INET_ADDRSTRLEN];

	memset(&sc, 0, sizeof(sc));
	memset(&s, 0, sizeof(s));
	sc.listen = "127.0.0.1:8787";
	if ((rc = cli_parse(argc, argv, serve_opts, serve_on_opt, serve_on_arg,
			    &sc, &ctx->err)))
		return rc;
	if (sc.help) {
		printf("usage: lca serve [--listen 127.0.0.1:8787] [--db "
		       "LEDGER] [--catalog PATH] [--token-file F]\n\n"
		       "Serves the calculator (/), the runs dashboard "
		       "(/runs), /leaderboard, /plan, /audit, the API "
		       "(/api/v1/...), /metrics and /healthz.\n\noptions:\n");
		cli_print_opts(stdout, serve_opts);
		return 0;
	}
	if ((rc = parse_listen(sc.listen, &sa, &ctx->err)))
		return rc;
	if (sc.threads) {
		double t;
		if (lca_parse_number(sc.threads, &t) || t < 1 || t > 256 ||
		    t != (unsigned)t)
			return lca_error_set(&ctx->err, LCA_EUSAGE, "--threads",
					     "invalid thread count '%s' "
					     "(1..256)",
					     sc.threads);
		threads = (unsigned)t;
	} else {
		threads = ncpu > 0 ? (unsigned)ncpu : 2;
	}
	if (sc.catalog)
		ctx->catalog_path = sc.catalog;
	s.catalog_path = ctx->catalog_path;
	s.datasets_dir = ctx->datasets_dir;
	s.db = sc.db ? sc.db : getenv("LCA_DB");
	if (s.db && !*s.db)
		s.db = NULL;
	if (sc.token_file && (rc = read_token(&s, sc.token_file, &ctx->err)))
		return rc;
	/* The catalog (created or migrated now, not by the first request)
	 * and the calculator page, built once. */
	if ((rc = cli_catalog(ctx)))
		return rc;
	build_form(&s, ctx->cat, &form);
	s.form = form.buf;
	if (s.db) {
		lca_ledger *l = NULL;
		if ((rc = lca_ledger_open(&l, s.db, &ctx->err))) {
			lca_buf_release(&form);
			return rc;
		}
		lca_ledger_free(l);
	}
	pthread_mutex_init(&s.mu, NULL);
	pthread_mutex_init(&s.write_mu, NULL);
	/* Workers inherit the mask: only this thread takes the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (serve_mhd_load(&ctx->err) != 0) {
		lca_buf_release(&form);
		return ctx->err.code;
	}
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0,
	    NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)TIMEOUT_S, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, &s, MHD_OPTION_END);
	if (!d) {
		lca_buf_release(&form);
		return lca_error_set(&ctx->err, LCA_EIO, "--listen",
				     "cannot listen on '%s' (%s)", sc.listen,
				     strerror(errno));
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	printf("lca serve: listening on http://%s:%u/ (%u threads%s)\n", host,
	       info ? (unsigned)info->port : ntohs(sa.sin_port), threads,
	       s.has_token ? ", writes with the token" : ", read-only");
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	MHD_stop_daemon(d);
	while (s.workers) {
		worker *w = s.workers;
		s.workers = w->next;
		lca_request_free(w->rq);
		lca_catalog_free(w->cat);
		free(w);
	}
	lca_buf_release(&form);
	printf("lca serve: stopped (%s)\n",
	       sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}

#else /* !LCA_HAVE_MHD */

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return lca_error_set(&ctx->err, LCA_EUSAGE, "lca serve",
			     "this lca was built without lca serve (it needs "
			     "libmicrohttpd-dev and lca/door.h; rebuild)");
}

#endif
