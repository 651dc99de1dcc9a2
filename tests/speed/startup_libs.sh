#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# startup_libs.sh LCA: every lca process loads only the shared objects a
# command needs.  libmicrohttpd linked in brought its TLS stack (gnutls,
# p11-kit, nettle, gmp, libtasn1...), loaded, relocated and initialised by
# every command: 4.5M of the 5.5M instructions of `lca version`.  `lca
# serve` dlopen()s it instead (engine/cli/serve_mhd.c).
set -u
lca=$1
libs=$(ldd "$lca") || { echo "ldd $lca failed"; exit 1; }
bad=$(printf '%s\n' "$libs" | grep -E -o 'lib(microhttpd|gnutls|p11-kit|nettle|hogweed|gmp|tasn1|idn2|unistring|ffi)\.so[.0-9]*' | sort -u)
if [ -n "$bad" ]; then
	echo "lca loads at start-up what only lca serve needs:"
	printf '  %s\n' $bad
	exit 1
fi
echo "ok: $(printf '%s\n' "$libs" | wc -l) shared objects at start-up"
