# SPDX-License-Identifier: MIT
"""lca: lifecycle carbon accounting for ML, from Python.

A thin layer over liblca (the engine of the ``lca`` command, through
ctypes): ``estimate`` computes a job's footprint with the one formula,
``track`` measures a block of code into the run ledger, ``runs`` lists the
ledger.  No number is computed here; every figure comes from liblca and its
catalog, found the way the ``lca`` command finds them.
"""
import collections
import ctypes
import json
import math
import os
import threading

from . import _lib
from ._lib import lib

__all__ = ["estimate", "track", "runs", "plan", "audit", "report",
           "Footprint", "Assumption", "Run", "Error", "InputError",
           "DataError", "FileError", "DatabaseError", "library_path"]
__version__ = "0.1.0"

library_path = _lib.path

# ---------------------------------------------------------------- errors


class Error(Exception):
    """An error liblca reported: .code ("ERANGE", ...), .where, .message,
    .exit_code (what the lca command would exit with)."""

    def __init__(self, message, where="", code="EUSAGE", exit_code=2):
        super().__init__("%s (%s)" % (message, where) if where else message)
        self.message = message
        self.where = where
        self.code = code
        self.exit_code = exit_code


class InputError(Error, ValueError):
    """A bad or missing input; .field names it ("pue", "gpu_hours") as
    the CLI names the flag, or is None."""

    def __init__(self, message, where="", code="EUSAGE", exit_code=2,
                 field=None):
        super().__init__(message, where, code, exit_code)
        self.field = field


class DataError(Error):
    """Malformed data: a job file, a catalog row."""


class FileError(Error, OSError):
    """A file could not be read or written."""


class DatabaseError(Error):
    """The catalog or the ledger could not be read or written."""


# liblca's codes (lca.h LCA_ERRNO_MAP) -> (name, class)
_CODES = {
    -1: ("EUSAGE", InputError), -2: ("ERANGE", InputError),
    -3: ("ENOTFOUND", InputError), -4: ("EDATA", DataError),
    -5: ("EIO", FileError), -6: ("ENOMEM", Error),
    -7: ("EDB", DatabaseError), -8: ("EMISSING", InputError),
}


# Request options that are not job fields (lca/door.h), as Python names them.
_OPTIONS = {"samples": "samples", "seed": "seed", "uncertainty":
            "uncertainty", "job": "job", "job_json": "job", "tag": "tags",
            "interval": "interval", "format": "format"}
# plan and report options (lca/door.h): their own names
_OPTIONS.update((k, k) for k in (
    "title", "regions", "command_line", "window", "pause_resume",
    "max_stretch", "year", "from", "to", "budget_kg", "deadline",
    "budget_scope"))


def _field_name(fid):
    if fid < 0:
        return None
    info = lib.lca_field_info_get(fid)
    if not info:
        return None
    key = ctypes.cast(info, ctypes.POINTER(ctypes.c_char_p))[0]
    return key.decode().replace("-", "_")


def _raise(rc, err):
    name, cls = _CODES.get(rc, ("E%d" % -rc, Error))
    where = (lib.lca_error_where(err) or b"").decode("utf-8", "replace")
    msg = (lib.lca_error_message(err) or b"").decode("utf-8", "replace")
    kw = {"code": name, "exit_code": lib.lca_exit_code(rc)}
    if cls is InputError:
        kw["field"] = _field_name(lib.lca_error_field(err)) or \
            _OPTIONS.get(where)
    raise cls(msg or lib_strerror(rc), where, **kw)


def lib_strerror(rc):
    return _CODES.get(rc, ("error",))[0]


def _check(rc, err):
    if rc:
        _raise(rc, err)


# -------------------------------------------------------------- handles


class _Catalog:
    """A catalog handle for one thread, freed with it."""

    def __init__(self, key):
        self.key = key
        self.ptr = ctypes.c_void_p()
        err = _lib.new_error()
        _check(lib.lca_catalog_open(ctypes.byref(self.ptr), None, None,
                                    err), err)

    def __del__(self):
        if self.ptr:
            lib.lca_catalog_free(self.ptr)
            self.ptr = None


def _catalog():
    """This thread's catalog, opened as the lca command opens it
    ($LCA_CATALOG, $LCA_DATASETS, else the defaults); reopened when those
    change."""
    key = (os.environ.get("LCA_CATALOG"), os.environ.get("LCA_DATASETS"))
    c = _lib._tls.cat
    if c is None or c.key != key:
        _lib._tls.cat = None
        c = _lib._tls.cat = _Catalog(key)
    return c.ptr


def _text(key, v):
    """The text form liblca parses for an input value."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise InputError("not a finite number '%r'" % v, key,
                             field=key)
        return repr(v)
    if isinstance(v, (tuple, list)) and len(v) == 2:
        return "%s:%s" % (_text(key, v[0]), _text(key, v[1]))
    if isinstance(v, os.PathLike):
        v = os.fspath(v)
    if not isinstance(v, str):
        raise InputError("not a number or text '%r'" % (v,), key,
                         field=key)
    if "\0" in v:
        raise InputError("text with a NUL character", key, field=key)
    return v


def _encode(s):
    return s.encode("utf-8", "surrogateescape")


_POOL_MAX = 8


def _release(rq):
    """Gives a request back to this thread's pool (lca_request_reset keeps
    its memory for the next estimate), or frees it."""
    try:
        pool = _lib._tls.__dict__.setdefault("pool", [])
        if len(pool) < _POOL_MAX:
            lib.lca_request_reset(rq)
            pool.append(rq)
            return
    except Exception:  # noqa: BLE001 - interpreter shutdown
        pass
    lib.lca_request_free(rq)


def _request(inputs, err):
    """A liblca request with inputs set (give it back with _release)."""
    pool = _lib._tls.__dict__.get("pool")
    if pool:
        rq = pool.pop()
    else:
        rq = ctypes.c_void_p()
        _check(lib.lca_request_new(ctypes.byref(rq), err), err)
    try:
        for key, v in inputs.items():
            if v is None:
                continue
            if key == "job":
                if isinstance(v, dict):
                    key, v = "job_json", json.dumps(v)
                elif not isinstance(v, (str, os.PathLike)):
                    raise InputError("not a file name or a dict '%r'" % (v,),
                                     "job", field="job")
            elif key == "tags":
                for k, tv in dict(v).items():
                    t = "%s=%s" % (_text("tag", k), _text("tag", tv))
                    _check(lib.lca_request_set(rq, b"tag", _encode(t), err),
                           err)
                continue
            rc = lib.lca_request_set(rq, _encode(key),
                                     _encode(_text(key, v)), err)
            if rc:
                _raise(rc, err)
    except BaseException:
        _release(rq)
        raise
    return rq


# ------------------------------------------------------------ footprint

Assumption = collections.namedtuple("Assumption",
                                    "name value unit source")
Assumption.__doc__ = "One assumption of a footprint, as its JSON lists it."

# Totals read straight from liblca (lca_request_number), no JSON needed.
_NUMBERS = ("total_kgco2e", "operational_kgco2e", "embodied_kgco2e",
            "device_hours", "energy_kwh", "it_energy_kwh", "pue",
            "grid_gco2_per_kwh")


def _num(x):
    return None if math.isnan(x) else x


class Footprint:
    """A job's lifecycle footprint.  Attributes are the keys of
    ``lca estimate --format json`` (total_kgco2e, device_hours,
    components_kgco2e, phases, uncertainty, ...; assumptions as a list of
    Assumption named tuples); to_dict() is that JSON."""

    def __init__(self, rq=None, data=None):
        self._rq = rq
        self._dict = data
        self._assumptions = None

    def __del__(self):
        rq, self._rq = getattr(self, "_rq", None), None
        if rq:
            _release(rq)

    def render(self, format="text"):
        """The footprint as lca estimate --format prints it (text, json,
        csv, md, html)."""
        if self._rq is None:
            if format == "json":
                return json.dumps(self._dict) + "\n"
            raise InputError("only json is kept for this footprint",
                             "format", field="format")
        err = _lib.thread_error()
        buf = _lib.Buf()
        rc = lib.lca_request_render(self._rq, _encode(format),
                                    ctypes.byref(buf), err)
        text = _lib.take_text(buf)
        _check(rc, err)
        return text

    def to_dict(self):
        """What ``lca estimate --format json`` prints, as a dict."""
        if self._dict is None:
            self._dict = json.loads(self.render("json"))
        return self._dict

    @property
    def assumptions(self):
        if self._assumptions is None:
            if self._rq is None:
                self._assumptions = [Assumption(a["name"], a["value"],
                                                a["unit"], a["source"])
                                     for a in self.to_dict()["assumptions"]]
            else:
                self._assumptions = self._read_assumptions()
        return self._assumptions

    def _read_assumptions(self):
        # one call for all of them: a ctypes call costs more than copying
        n = lib.lca_request_nassumptions(self._rq)
        numbers = (ctypes.c_double * n)()
        buf = _lib.Buf()
        err = _lib.thread_error()
        rc = lib.lca_request_assumptions(self._rq, ctypes.byref(buf),
                                         numbers, n, err)
        text = _lib.take_text(buf)
        _check(rc, err)
        # The texts (numbers' values left empty) repeat between estimates
        # of the same kind: split once, kept per thread.
        cache = _lib._tls.__dict__.setdefault("texts", {})
        parts = cache.get(text)
        if parts is None:
            f = text[:-1].replace("\x1e", "\x1f").split("\x1f") if n else []
            parts = (f[0::4], f[1::4], f[2::4], f[3::4])
            if len(cache) >= 64:
                cache.clear()
            cache[text] = parts
        values = list(parts[1])
        for i, x in enumerate(numbers):
            if x == x:  # a number, as the JSON gives it
                values[i] = int(x) if x.is_integer() and abs(x) < 2**53 \
                    else x
        return list(map(Assumption._make,
                        zip(parts[0], values, parts[2], parts[3])))

    def __getattr__(self, key):
        if key.startswith("_"):
            raise AttributeError(key)
        d = self.to_dict()
        if key in d:
            return d[key]
        if key == "uncertainty":
            return None
        raise AttributeError(key)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.to_dict()))

    def __repr__(self):
        return "<lca.Footprint total_kgco2e=%.6g device_hours=%.6g>" % (
            self.total_kgco2e or 0, self.device_hours or 0)

    def _repr_html_(self):
        return self.render("html") if self._rq is not None else None


def _number(key):
    ckey = key.encode()

    def get(self):
        if self._rq is not None:
            return _num(lib.lca_request_number(self._rq, ckey))
        return self.to_dict().get(key)
    return property(get, doc="%s of the JSON (a float, or None)" % key)


for _k in _NUMBERS:
    setattr(Footprint, _k, _number(_k))
del _k


def estimate(params=None, tokens=None, gpu=None, region=None, **inputs):
    """A job's lifecycle footprint, as ``lca estimate`` computes it.

    Takes every input ``lca estimate`` takes, underscored (active_params,
    gpu_hours, pue, grid, phase, idle_fraction, ...; a range as a (lo, hi)
    tuple), uncertainty=True with samples= and seed= for the Monte Carlo
    interval, or job="file.json" / job={...} (the other inputs win over
    it).  Raises InputError (with .field) for a bad input.
    """
    kv = {"params": params, "tokens": tokens, "gpu": gpu, "region": region}
    kv.update(inputs)
    err = _lib.thread_error()
    cat = _catalog()
    rq = _request(kv, err)
    fp = Footprint(rq)
    _check(lib.lca_request_compute(cat, rq, err), err)
    return fp


# ---------------------------------------------------------------- track


class Run:
    """What lca.track measured: .id (the ledger's run id), .name,
    .status ("running", "complete", "failed"), .ledger (its path) and,
    after the block, .footprint."""
    id = None
    name = None
    status = "running"
    ledger = None
    footprint = None

    def __repr__(self):
        return "<lca.Run id=%s name=%r status=%s>" % (self.id, self.name,
                                                      self.status)


# liblca's run footprint and process-tree reading still keep state in
# statics (engine/run.c, engine/sensors.c): trackers take turns.
_TRACK_LOCK = threading.Lock()


class _RunId(ctypes.Structure):
    _fields_ = [("id", ctypes.c_longlong)]  # lca_run starts with its id


class track:
    """Measures a block of code (context manager) or each call of a
    function (decorator) with the sensors ``lca track`` samples, in a
    background thread, and records one run in the ledger (db, else
    $LCA_DB, else the default).  region, tags and the other site inputs
    (grid, pue, gpu, cpu, ...) are those of ``lca track``.  An exception
    inside records the run as failed and propagates.

        with lca.track(name="finetune", region="FR") as run:
            train()
        print(run.id, run.footprint.total_kgco2e)
    """

    def __init__(self, name=None, region=None, tags=None, db=None,
                 interval=1.0, **site):
        self._args = dict(name=name, region=region, tags=tags, db=db,
                          interval=interval, **site)
        self.name = name
        self.region = region
        self.tags = dict(tags or {})
        self.db = db
        self.interval = float(interval)
        self.site = site
        self._t = None

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*a, **kw):
            with track(**self._args) as run:
                wrapper.last_run = run
                return fn(*a, **kw)
        wrapper.last_run = None
        return wrapper

    def __enter__(self):
        if self._t is not None:
            raise Error("this lca.track is running already", "track")
        err = _lib.new_error()
        self.run = Run()
        self.run.name = self.name or "python"
        self._cat = _Catalog((None, None))  # the sampler thread's own
        self._ledger = ctypes.c_void_p()
        t = ctypes.c_void_p()
        self._rq = None  # the run's site: lives as long as the tracker
        try:
            db = os.fspath(self.db) if self.db is not None else None
            _check(lib.lca_ledger_open(ctypes.byref(self._ledger),
                                       _encode(db) if db else None, err),
                   err)
            self.run.ledger = lib.lca_ledger_path(self._ledger).decode()
            site = dict(self.site, region=self.region, tags=self.tags)
            self._rq = _request(site, err)
            with _TRACK_LOCK:
                rc = lib.lca_request_track(
                    ctypes.byref(t), self._cat.ptr, self._ledger, self._rq,
                    _encode(_text("name", self.run.name)), self.interval,
                    err)
            _check(rc, err)
        except BaseException:
            self._close()
            raise
        self._t = t
        self.run.id = self._run_id()
        self._stop = threading.Event()
        self._lock = _TRACK_LOCK
        self._sample_error = None
        self._thread = threading.Thread(target=self._sampler,
                                        name="lca.track", daemon=True)
        self._thread.start()
        return self.run

    def _run_id(self):
        rid = ctypes.cast(lib.lca_tracker_run(self._t),
                          ctypes.POINTER(_RunId))[0].id
        return rid or None

    def _sampler(self):
        err = _lib.new_error()
        while not self._stop.wait(self.interval):
            with self._lock:
                rc = lib.lca_tracker_sample(self._t, err)
            if rc:
                try:
                    _raise(rc, err)
                except Error as e:
                    self._sample_error = e
                return

    def __exit__(self, etype, evalue, tb):
        self._stop.set()
        self._thread.join()
        err = _lib.new_error()
        status = b"failed" if etype is not None else b"complete"
        try:
            with self._lock:
                rc = lib.lca_tracker_stop(self._t, status,
                                          1 if etype else 0, err)
                if not rc:
                    buf = _lib.Buf()
                    rc = lib.lca_tracker_render(self._t, b"json",
                                                ctypes.byref(buf), err)
                    text = _lib.take_text(buf)
            if rc:
                if etype is None:
                    _raise(rc, err)
            else:
                self.run.footprint = Footprint(data=json.loads(text))
                self.run.status = status.decode()
                # recorded once the ledger's lock was free (None: spooled)
                self.run.id = self._run_id()
        finally:
            self._close()
        if etype is None and self._sample_error is not None:
            raise self._sample_error
        return False

    def _close(self):
        if self._t:
            lib.lca_tracker_free(self._t)
        self._t = None
        if self._ledger:
            lib.lca_ledger_free(self._ledger)
        self._ledger = None
        if self._rq:
            lib.lca_request_free(self._rq)
        self._rq = None
        self._cat = None


# ------------------------------------------- runs, plan, audit, report


def _rendered(fn, *args):
    """The text fn (a liblca renderer: ..., lca_buf *out, lca_error *err)
    appends, or its error raised."""
    err = _lib.new_error()
    buf = _lib.Buf()
    rc = fn(*(args + (ctypes.byref(buf), err)))
    text = _lib.take_text(buf)
    _check(rc, err)
    return text


class _Ledger:
    """A ledger handle for one call ($LCA_DB, else the user's, as the lca
    command opens it)."""

    def __init__(self, db):
        self.ptr = ctypes.c_void_p()
        err = _lib.new_error()
        db = os.fspath(db) if db is not None else None
        _check(lib.lca_ledger_open(ctypes.byref(self.ptr),
                                   _encode(db) if db else None, err), err)

    def __enter__(self):
        return self.ptr

    def __exit__(self, *exc):
        lib.lca_ledger_free(self.ptr)
        self.ptr = None


def _options(inputs):
    """Inputs as lca_request_set takes them: True flags as "1", False and
    None left out, lists of regions joined."""
    out = {}
    for key, v in inputs.items():
        if v is None or v is False:
            continue
        if v is True and key != "uncertainty":
            v = "1"
        elif key == "regions" and isinstance(v, (list, tuple)):
            v = ",".join(v)
        out[key] = v
    return out


def runs(db=None):
    """The ledger's runs as ``lca runs --format json`` lists them: a
    pandas DataFrame when pandas is importable, else a list of dicts."""
    with _Ledger(db) as ledger:
        data = json.loads(_rendered(lib.lca_runs_render, ledger, None,
                                    b"json"))["runs"]
    try:
        import pandas
    except ImportError:
        return data
    return pandas.DataFrame(data)


def plan(**inputs):
    """What ``lca plan --format json`` prints, as a dict (job inputs as
    for estimate, plus regions=, window=, year=, budget_kg=, ...)."""
    err = _lib.new_error()
    rq = _request(_options(inputs), err)
    try:
        return json.loads(_rendered(lib.lca_request_plan, _catalog(), rq,
                                    b"json"))
    finally:
        _release(rq)


def audit(claim=None, ids=(), all=False):
    """What ``lca audit --format json`` prints: claim is a claim file or a
    dict with the fields of published_claims.json; ids are shipped claims."""
    q = _lib.AuditQuery(version=1)
    keep = [_encode(str(i)) for i in ids]
    arr = (ctypes.c_char_p * (len(keep) + 1))(*keep)
    q.ids, q.nids, q.all = arr, len(keep), 1 if all else 0
    if isinstance(claim, dict):
        q.claims_json = _encode(json.dumps(claim))
    elif claim is not None:
        q.claims_file = _encode(os.fspath(claim))
    return json.loads(_rendered(lib.lca_audit_query_render, _catalog(),
                                ctypes.byref(q), b"json"))


def _command_line(args):
    """The lca command these arguments are, as lca report writes it in its
    appendix (arguments with spaces or quotes quoted)."""
    return "lca" + "".join(" '%s'" % a if any(c in a for c in " \t\"'")
                           else " " + a for a in args)


def report(job=None, run=None, format="html", title=None, regions=None,
           db=None, **inputs):
    """The text ``lca report --format F`` prints for a job (a file, or
    the inputs of estimate) or a tracked run (run=ID, from the ledger
    db)."""
    fmt = _encode(format)
    if run is not None:
        with _Ledger(db) as ledger:
            return _rendered(lib.lca_run_report_render, _catalog(), ledger,
                             int(getattr(run, "id", run)),
                             _encode(title) if title else None, fmt)
    args = ["report", "--format", format]
    if title:
        args += ["--title", title]
    if isinstance(regions, (list, tuple)):
        regions = ",".join(regions)
    if regions:
        args += ["--regions", regions]
    if job is not None and not isinstance(job, dict):
        args += ["--job", os.fspath(job)]
    flags = _flags(inputs)
    if flags:
        args += ["--"] + flags
    err = _lib.new_error()
    rq = _request(dict(inputs, job=job, title=title, regions=regions,
                       command_line=_command_line(args)), err)
    try:
        return _rendered(lib.lca_request_report, _catalog(), rq, fmt)
    finally:
        _release(rq)


def _flags(kv):
    out = []
    for key, v in kv.items():
        if v is None or v is False:
            continue
        flag = "--" + key.replace("_", "-")
        if v is True:
            out.append(flag)
        else:
            out += [flag, _text(key, v)]
    return out
