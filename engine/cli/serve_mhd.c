/* SPDX-License-Identifier: MIT */
/* serve_mhd.c: GNU libmicrohttpd loaded by dlopen when `lca serve` starts,
 * not linked.  Linked, its TLS stack (gnutls, p11-kit, nettle, gmp, libtasn1:
 * nine shared objects) was loaded, relocated and initialised by every lca
 * process: 4.5M of the 5.5M instructions of `lca version`
 * (valgrind --tool=callgrind).  The functions cmd_serve.c calls are defined
 * here under their own names and forward to the library. */
#ifdef LCA_HAVE_MHD
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "cli.h"
#include "../banned.h"

#define MHD_SONAME "libmicrohttpd.so.12"

static struct {
	struct MHD_Daemon *(*start_daemon_va)(unsigned, uint16_t,
					      MHD_AcceptPolicyCallback, void *,
					      MHD_AccessHandlerCallback, void *,
					      va_list);
	void (*stop_daemon)(struct MHD_Daemon *);
	const union MHD_DaemonInfo *(*get_daemon_info)(struct MHD_Daemon *,
						       enum MHD_DaemonInfoType,
						       ...);
	int (*get_connection_values)(struct MHD_Connection *,
				     enum MHD_ValueKind, MHD_KeyValueIterator,
				     void *);
	const char *(*lookup_connection_value)(struct MHD_Connection *,
					       enum MHD_ValueKind,
					       const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned,
					  struct MHD_Response *);
	struct MHD_Response *(*create_response_from_buffer)(
	    size_t, void *, enum MHD_ResponseMemoryMode);
	void (*destroy_response)(struct MHD_Response *);
	enum MHD_Result (*add_response_header)(struct MHD_Response *,
					       const char *, const char *);
} mhd;

static void *mhd_lib;
static char mhd_why[256];
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

/* dlsym's void * to a function pointer: POSIX guarantees it works. */
#define MHD_SYM(field, name)                                            \
	do {                                                            \
		void *p_ = dlsym(mhd_lib, name);                        \
		if (!p_) {                                              \
			snprintf(mhd_why, sizeof(mhd_why), "%s", name); \
			return;                                         \
		}                                                       \
		memcpy(&mhd.field, &p_, sizeof(p_));                    \
	} while (0)

static void mhd_open(void)
{
	const char *e;

	mhd_lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!mhd_lib) {
		e = dlerror();
		snprintf(mhd_why, sizeof(mhd_why), "%s", e ? e : MHD_SONAME);
		return;
	}
	MHD_SYM(start_daemon_va, "MHD_start_daemon_va");
	MHD_SYM(stop_daemon, "MHD_stop_daemon");
	MHD_SYM(get_daemon_info, "MHD_get_daemon_info");
	MHD_SYM(get_connection_values, "MHD_get_connection_values");
	MHD_SYM(lookup_connection_value, "MHD_lookup_connection_value");
	MHD_SYM(queue_response, "MHD_queue_response");
	MHD_SYM(create_response_from_buffer, "MHD_create_response_from_buffer");
	MHD_SYM(destroy_response, "MHD_destroy_response");
	MHD_SYM(add_response_header, "MHD_add_response_header");
}

int serve_mhd_load(lca_error *err)
{
	pthread_once(&mhd_once, mhd_open);
	if (mhd.add_response_header)
		return 0;
	return lca_error_set(err, LCA_EIO, "lca serve",
			     "cannot load '%s' (%s; install libmicrohttpd12)",
			     MHD_SONAME, mhd_why);
}

/* The forwarders: called only after serve_mhd_load() succeeded. */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
				    MHD_AcceptPolicyCallback apc, void *apc_cls,
				    MHD_AccessHandlerCallback dh, void *dh_cls,
				    ...)
{
	struct MHD_Daemon *d;
	va_list ap;

	va_start(ap, dh_cls);
	d = mhd.start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
	va_end(ap);
	return d;
}

void MHD_stop_daemon(struct MHD_Daemon *daemon)
{
	mhd.stop_daemon(daemon);
}

/* Only the info types that take no further argument (BIND_PORT). */
const union MHD_DaemonInfo *
MHD_get_daemon_info(struct MHD_Daemon *daemon,
		    enum MHD_DaemonInfoType info_type, ...)
{
	return mhd.get_daemon_info(daemon, info_type);
}

int MHD_get_connection_values(struct MHD_Connection *connection,
			      enum MHD_ValueKind kind,
			      MHD_KeyValueIterator iterator, void *iterator_cls)
{
	return mhd.get_connection_values(connection, kind, iterator,
					 iterator_cls);
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind,
					const char *key)
{
	return mhd.lookup_connection_value(connection, kind, key);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection,
				   unsigned int status_code,
				   struct MHD_Response *response)
{
	return mhd.queue_response(connection, status_code, response);
}

struct MHD_Response *
MHD_create_response_from_buffer(size_t size, void *buffer,
				enum MHD_ResponseMemoryMode mode)
{
	return mhd.create_response_from_buffer(size, buffer, mode);
}

void MHD_destroy_response(struct MHD_Response *response)
{
	mhd.destroy_response(response);
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response,
					const char *header, const char *content)
{
	return mhd.add_response_header(response, header, content);
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int serve_mhd_unused;
#endif
