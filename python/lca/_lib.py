# SPDX-License-Identifier: MIT
"""Finding liblca and declaring the part of its C API the package calls
(lca/door.h, lca/ledger.h).  ctypes releases the GIL around every call."""
import ctypes
import ctypes.util
import os
import shutil
import threading

c_char_p, c_int, c_double, c_void_p, c_size_t = (
    ctypes.c_char_p, ctypes.c_int, ctypes.c_double, ctypes.c_void_p,
    ctypes.c_size_t)
P = ctypes.POINTER


class Buf(ctypes.Structure):
    """lca_buf: the growable string buffer (lca.h)."""
    _fields_ = [("buf", c_void_p), ("len", c_size_t), ("alloc", c_size_t)]


_NAMES = ("liblca.so.0", "liblca.so")


def _walk_up(start):
    d = os.path.abspath(start)
    while True:
        yield d
        parent = os.path.dirname(d)
        if parent == d:
            return
        d = parent


def candidates():
    """Where liblca is looked for, in order: $LCA_LIBRARY; the prefix of
    an installed lca ($LCA_PREFIX, else the `lca` on PATH: bin/../lib*);
    the system's library path; a build tree (build/liblca.so*) above this
    package or the current directory."""
    env = os.environ.get("LCA_LIBRARY")
    if env:
        yield env
        return
    prefixes = []
    if os.environ.get("LCA_PREFIX"):
        prefixes.append(os.environ["LCA_PREFIX"])
    exe = shutil.which("lca")
    if exe:
        prefixes.append(os.path.dirname(os.path.dirname(
            os.path.realpath(exe))))
    for p in prefixes:
        for libdir in ("lib", "lib64", "lib/x86_64-linux-gnu",
                       "lib/aarch64-linux-gnu"):
            for n in _NAMES:
                yield os.path.join(p, libdir, n)
        for n in _NAMES:  # a build tree's lca sits beside its library
            yield os.path.join(os.path.dirname(os.path.realpath(exe or p)),
                               n)
    found = ctypes.util.find_library("lca")
    if found:
        yield found
    for start in (os.path.dirname(__file__), os.getcwd()):
        for d in _walk_up(start):
            for n in _NAMES:
                yield os.path.join(d, "build", n)


def _load():
    tried = []
    for path in candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError(
        "lca: cannot find liblca (set LCA_LIBRARY to liblca.so.0, install "
        "lca to a prefix, or build it: cmake -S . -B build && cmake --build "
        "build); tried: " + ", ".join(tried[:8]))


lib, path = _load()


def _decl(name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


E = c_void_p  # lca_error *, read through the accessors
_decl("lca_error_sizeof", c_size_t)
_decl("lca_error_code", c_int, E)
_decl("lca_error_where", c_char_p, E)
_decl("lca_error_message", c_char_p, E)
_decl("lca_error_field", c_int, E)
_decl("lca_exit_code", c_int, c_int)
_decl("lca_field_info_get", c_void_p, c_int)
_decl("lca_field_lookup", c_int, c_char_p)
_decl("lca_buf_release", None, P(Buf))
_decl("lca_catalog_open", c_int, P(c_void_p), c_char_p, c_char_p, E)
_decl("lca_catalog_free", None, c_void_p)
_decl("lca_catalog_datasets", c_char_p, c_void_p)
_decl("lca_ledger_open", c_int, P(c_void_p), c_char_p, E)
_decl("lca_ledger_free", None, c_void_p)
_decl("lca_ledger_path", c_char_p, c_void_p)
_decl("lca_request_new", c_int, P(c_void_p), E)
_decl("lca_request_free", None, c_void_p)
_decl("lca_request_reset", None, c_void_p)
_decl("lca_request_assumptions", c_int, c_void_p, P(Buf), P(c_double), c_int,
      E)
_decl("lca_request_set", c_int, c_void_p, c_char_p, c_char_p, E)
_decl("lca_request_compute", c_int, c_void_p, c_void_p, E)
_decl("lca_request_render", c_int, c_void_p, c_char_p, P(Buf), E)
_decl("lca_request_number", c_double, c_void_p, c_char_p)
_decl("lca_request_nassumptions", c_int, c_void_p)
_decl("lca_request_assumption", c_int, c_void_p, c_int, P(c_char_p),
      P(c_char_p), P(c_double), P(c_char_p), P(c_char_p))
_decl("lca_request_track", c_int, P(c_void_p), c_void_p, c_void_p, c_void_p,
      c_char_p, c_double, E)
_decl("lca_tracker_sample", c_int, c_void_p, E)
_decl("lca_tracker_stop", c_int, c_void_p, c_char_p, c_int, E)
_decl("lca_tracker_render", c_int, c_void_p, c_char_p, P(Buf), E)
_decl("lca_tracker_free", None, c_void_p)
_decl("lca_tracker_run", c_void_p, c_void_p)



class AuditQuery(ctypes.Structure):
    """lca_audit_query (lca/door.h)."""
    _fields_ = [("version", c_int), ("claims_file", c_char_p),
                ("claims_json", c_char_p), ("ids", P(c_char_p)),
                ("nids", c_int), ("all", c_int)]


_decl("lca_runs_render", c_int, c_void_p, c_void_p, c_char_p, P(Buf), E)
_decl("lca_request_plan", c_int, c_void_p, c_void_p, c_char_p, P(Buf), E)
_decl("lca_request_report", c_int, c_void_p, c_void_p, c_char_p, P(Buf), E)
_decl("lca_run_report_render", c_int, c_void_p, c_void_p, ctypes.c_longlong,
      c_char_p, c_char_p, P(Buf), E)
_decl("lca_audit_query_render", c_int, c_void_p, P(AuditQuery), c_char_p,
      P(Buf), E)

ERROR_SIZE = lib.lca_error_sizeof()


def new_error():
    return ctypes.create_string_buffer(ERROR_SIZE)


def take_text(buf):
    """The text of an lca_buf, released."""
    try:
        return ctypes.string_at(buf.buf, buf.len).decode("utf-8", "replace")
    finally:
        lib.lca_buf_release(ctypes.byref(buf))


class _PerThread(threading.local):
    """One catalog handle per thread: liblca's rule (lca.h) is that a
    handle is used by one thread at a time."""
    cat = None
    key = None
    err = None


_tls = _PerThread()


def thread_error():
    if _tls.err is None:
        _tls.err = new_error()
    return _tls.err
