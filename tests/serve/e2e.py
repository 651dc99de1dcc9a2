# SPDX-License-Identifier: MIT
"""lca serve end to end on a loopback port: every endpoint, the errors, the
API's JSON equal to the CLI's for the same inputs, /metrics parsed as the
Prometheus text format, a stalled client dropped, a clean SIGTERM.
usage: e2e.py LCA WORKDIR"""
import json
import os
import re
import shutil
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, cli  # noqa: E402

lca, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
TOKEN = "s3cret-token-for-the-e2e-test"
fails = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def jget(srv, path):
    st, h, body = srv.request(path)
    return st, (json.loads(body) if body.strip() else None)


srv = Server(lca, work, token=TOKEN)
db = srv.db

st, h, body = srv.request("/healthz")
check(st == 200 and body == b"ok\n", "GET /healthz")

# -- estimates equal the CLI's JSON --------------------------------------
cases = [
    ("gpu=A100-SXM4-80GB&gpu_hours=1000&region=FR",
     ["--gpu", "A100-SXM4-80GB", "--gpu-hours", "1000", "--region", "FR"]),
    ("gpu=H100-SXM5-80GB&gpu-hours=250&region=us-east-1&pue=1.2",
     ["--gpu", "H100-SXM5-80GB", "--gpu-hours", "250", "--region",
      "us-east-1", "--pue", "1.2"]),
    ("params=7B&tokens=2T&gpu=A100-SXM4-80GB&region=SE",
     ["--params", "7B", "--tokens", "2T", "--gpu", "A100-SXM4-80GB",
      "--region", "SE"]),
    ("gpu=A100-SXM4-80GB&gpus=8&hours=24&grid=300",
     ["--gpu", "A100-SXM4-80GB", "--gpus", "8", "--hours", "24", "--grid",
      "300"]),
]
for q, flags in cases:
    st, h, body = srv.request("/api/v1/estimate?" + q)
    rc, out, err = cli(lca, "estimate", *flags, "--format", "json")
    check(st == 200 and rc == 0 and body.decode() == out,
          "GET /api/v1/estimate?%s equals lca estimate --format json" % q)
    check(h.get("Content-Type", "").startswith("application/json"),
          "  its Content-Type is JSON")

job = {"name": "bloom-like", "gpu": "A100-SXM4-80GB", "gpu_hours": 1082990,
       "region": "FR", "pue": 1.2}
jf = os.path.join(work, "job.json")
with open(jf, "w") as f:
    json.dump(job, f)
st, h, body = srv.request("/api/v1/estimate", data=json.dumps(job).encode(),
                          headers={"Content-Type": "application/json"})
rc, out, err = cli(lca, "estimate", "--job", jf, "--format", "json")
check(st == 200 and rc == 0 and body.decode() == out,
      "POST /api/v1/estimate (job JSON) equals lca estimate --job")

# -- bad input: 400, the CLI's message, the field -------------------------
st, data = jget(srv, "/api/v1/estimate?gpu=A100-SXM4-80GB&gpu_hours=1000"
                "&pue=0.5")
rc, out, err = cli(lca, "estimate", "--gpu", "A100-SXM4-80GB", "--gpu-hours",
                   "1000", "--pue", "0.5")
cli_line = err.strip()[len("lca: "):].replace("(--", "(")
check(st == 400 and rc == 2 and data["field"] == "pue" and
      data["error"] == cli_line,
      "bad pue: 400 %r, field pue, as the CLI: %r" % (data, err.strip()))
st, data = jget(srv, "/api/v1/estimate?gpu=A100-SXM4-80GB&gpu_hours=1e3x")
check(st == 400 and data["field"] == "gpu-hours",
      "malformed gpu_hours: 400 with field gpu-hours (%r)" % (data,))
st, data = jget(srv, "/api/v1/estimate?gpu=A100-SXM4-80GB&colour=red")
check(st == 400 and "colour" in data["error"], "unknown key: 400 (%r)" %
      (data,))
st, data = jget(srv, "/api/v1/estimate?job=/etc/passwd")
check(st == 400 and data["field"] == "job",
      "job= (a server path) refused: 400")
st, data = jget(srv, "/api/v1/estimate?gpu=A100-SXM4-80GB&gpu_hours=9"
                "&uncertainty=1&samples=1e9")
check(st == 400 and data["field"] == "samples",
      "samples over the server's bound: 400")
st, h, body = srv.request("/api/v1/estimate", data=b"{not json",
                          headers={"Content-Type": "application/json"})
check(st == 400 and json.loads(body)["error"], "invalid JSON body: 400")

# -- 404, traversal, 405, 413 ---------------------------------------------
for p in ["/nope", "/api/v1/nope", "/api/v1/runs/abc", "/runs/1x",
          "/static/../../etc/passwd", "/api/v1/catalog/pue"]:
    st, h, body = srv.request(p)
    check(st == 404, "GET %s: 404" % p)


def raw(request, limit_s=30):
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=limit_s)
    s.sendall(request)
    got = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
        if b"\r\n\r\n" in got and request.endswith(b"\r\n\r\n"):
            break
    s.close()
    return got


got = raw(b"GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n"
          b"Connection: close\r\n\r\n")
check(got.startswith(b"HTTP/1.1 404") and b"root:" not in got,
      "raw GET /../../../etc/passwd: 404 (%r)" % got[:40])
got = raw(b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n"
          b"Connection: close\r\n\r\n")
check(got.startswith(b"HTTP/1.1 404") and b"root:" not in got,
      "raw GET /%2e%2e/%2e%2e/etc/passwd: 404")
for m, p in [("DELETE", "/healthz"), ("PUT", "/api/v1/estimate"),
             ("GET", "/api/v1/plan"), ("POST", "/metrics"),
             ("DELETE", "/api/v1/runs")]:
    st, h, body = srv.request(p, method=m, data=b"" if m != "GET" else None)
    check(st == 405, "%s %s: 405" % (m, p))
# The answer comes before the body is read: send the headers only (a client
# still sending would see its connection closed).
s = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
s.sendall(b"POST /api/v1/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: "
          b"application/json\r\nContent-Length: %d\r\n\r\n" %
          (1024 * 1024 + 1))
got = s.recv(200)
s.close()
check(got.startswith(b"HTTP/1.1 413"), "POST over 1 MiB: 413 (%r)" % got[:20])

# -- writes with the token --------------------------------------------------
run = {"key": "node7-job42", "source": "track",
       "name": "train <script>alert(1)</script>",
       "tags": {"project": "llm-a", "metric": "ppl=9.1"},
       "status": "complete", "method": "measured",
       "start": "2026-11-01T10:00:00Z", "end": "2026-11-01T12:00:00Z",
       "energy_kwh": 3.5, "facility_energy_kwh": 4.2,
       "operational_kgco2e": 1.1, "embodied_kgco2e": 0.2,
       "total_kgco2e": 1.3, "pue": 1.2, "grid_gco2_per_kwh": 260,
       "gpu": "a100-sxm4-80gb", "devices": 1, "exit_status": 0}
body = json.dumps(run).encode()
st, h, b = srv.request("/api/v1/runs", data=body)
check(st == 401, "POST /api/v1/runs without a token: 401")
st, h, b = srv.request("/api/v1/runs", data=body,
                       headers={"Authorization": "Bearer wrong-token"})
check(st == 403, "POST /api/v1/runs with a wrong token: 403")
auth = {"Authorization": "Bearer " + TOKEN}
st, h, b = srv.request("/api/v1/runs", data=body, headers=auth)
first = json.loads(b)
check(st == 201 and first["created"], "POST /api/v1/runs: 201 %r" % first)
st, h, b = srv.request("/api/v1/runs", data=body, headers=auth)
again = json.loads(b)
check(st == 200 and not again["created"] and again["id"] == first["id"],
      "the same key again: 200, same id, not recorded twice")
run2 = dict(run, key="node8-job1", name="eval", start="2026-10-03T00:00:00Z",
            end="2026-10-03T01:00:00Z", energy_kwh=1.25, total_kgco2e=0.5,
            tags={"project": "llm-a", "account": "team-x"})
st, h, b = srv.request("/api/v1/runs", data=json.dumps(run2).encode(),
                       headers=auth)
check(st == 201, "a second run: 201")
run3 = dict(run, key="k3", name="other", source="codecarbon",
            energy_kwh=2.0, total_kgco2e=0.75, tags={"project": "vision"})
st, h, b = srv.request("/api/v1/runs", data=json.dumps(run3).encode(),
                       headers=auth)
check(st == 201, "a third run: 201")
bad = dict(run, key="k4", start="yesterday")
st, h, b = srv.request("/api/v1/runs", data=json.dumps(bad).encode(),
                       headers=auth)
check(st == 400 and json.loads(b)["field"] == "start",
      "a run with a bad start: 400, field start")
rc, out, err = cli(lca, "runs", "--format", "json", db=db)
check(rc == 0 and len(json.loads(out)["runs"]) == 3,
      "lca runs sees the three posted runs")

st, h, b = srv.request("/api/v1/runs")
rc, out, err = cli(lca, "runs", "--format", "json", "--db", db)
check(st == 200 and b.decode() == out, "GET /api/v1/runs equals lca runs")
rid = str(first["id"])
st, h, b = srv.request("/api/v1/runs/" + rid)
rc, out, err = cli(lca, "runs", "show", rid, "--format", "json", "--db", db)
check(st == 200 and b.decode() == out,
      "GET /api/v1/runs/ID equals lca runs show ID")
check(json.loads(b)["name"] == run["name"], "  the name is kept as sent")
st, h, b = srv.request("/api/v1/runs/999")
check(st == 404, "GET /api/v1/runs/999: 404")

# -- catalog and plan --------------------------------------------------------
for what in ["gpus", "regions"]:
    st, h, b = srv.request("/api/v1/catalog/" + what)
    rc, out, err = cli(lca, "catalog", "list", what, "--format", "json")
    check(st == 200 and b.decode() == out,
          "GET /api/v1/catalog/%s equals lca catalog list" % what)
plan = {"gpu": "A100-SXM4-80GB", "gpus": 8, "hours": 24, "region": "DE",
        "regions": "SE,FR,DE", "from": "2024-06-01T00:00Z", "window": 12}
st, h, b = srv.request("/api/v1/plan", data=json.dumps(plan).encode())
pj = os.path.join(work, "plan_job.json")
with open(pj, "w") as f:
    json.dump({"gpu": "A100-SXM4-80GB", "gpus": 8, "hours": 24,
               "region": "DE"}, f)
rc, out, err = cli(lca, "plan", "--job", pj, "--regions", "SE,FR,DE",
                   "--from", "2024-06-01T00:00Z", "--window", "12",
                   "--format", "json")
check(st == 200 and rc == 0 and b.decode() == out,
      "POST /api/v1/plan equals lca plan --format json")
st, h, b = srv.request("/api/v1/plan", data=json.dumps(
    dict(plan, window="soon")).encode())
check(st == 400 and json.loads(b)["field"] == "window",
      "plan with a bad window: 400, field window (%r)" % b[:120])
st, h, b = srv.request("/api/v1/plan", data=json.dumps(
    dict(plan, output="/tmp/x")).encode())
check(st == 400, "plan with an option that is not the plan's: 400")

# -- /metrics -----------------------------------------------------------------
st, h, b = srv.request("/metrics")
check(st == 200 and h.get("Content-Type", "").startswith("text/plain"),
      "GET /metrics: text/plain")
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)\{((?:[a-zA-Z_][a-zA-Z0-9_]*'
                    r'="(?:[^"\\\n]|\\.)*",?)*)\} (\S+)$')
families, values, ok = {}, {}, True
for line in b.decode().splitlines():
    if line.startswith("# HELP ") or line.startswith("# TYPE "):
        parts = line.split(" ", 3)
        if line.startswith("# TYPE "):
            families[parts[2]] = parts[3]
        continue
    m = sample.match(line)
    if not m:
        ok = False
        print("  not exposition format: %r" % line)
        continue
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"',
                             m.group(2)))
    values[(m.group(1), labels.get("project"), labels.get("source"))] = \
        float(m.group(3))
check(ok, "every /metrics line parses as the exposition format")
check(all(families.get(f) == "counter" for f in
          ["lca_runs_total", "lca_energy_kwh_total", "lca_co2e_kg_total"]),
      "the three families are typed counters")
check(values.get(("lca_runs_total", "llm-a", "track")) == 2 and
      values.get(("lca_energy_kwh_total", "llm-a", "track")) == 4.75 and
      values.get(("lca_co2e_kg_total", "vision", "codecarbon")) == 0.75,
      "metrics sum the ledger per project and source %r" % values)

# -- pages ---------------------------------------------------------------------
st, h, b = srv.request("/")
page = b.decode()
check(st == 200 and '<form id="calc" method="get" action="/estimate">' in page
      and '<option value="a100-sxm4-80gb" selected>' in page
      and 'name="region"' in page and "<script" not in page,
      "GET /: the calculator form, choices from the catalog, no script")
check("http://" not in page.replace('xmlns="http://www.w3.org', ''),
      "  no external assets")
q = "gpu=A100-SXM4-80GB&gpu_hours=1000&region=FR&pue=&grid="
st, h, b = srv.request("/estimate?" + q)
rc, out, err = cli(lca, "report", "--format", "html", "--", "--gpu",
                   "A100-SXM4-80GB", "--gpu-hours", "1000", "--region", "FR")
check(st == 200 and b.decode() == out,
      "GET /estimate?... is lca report --format html of the same inputs")
st, h, b = srv.request("/estimate?" + q + "&uncertainty=1&samples=2000")
page = b.decode()
rc, out, err = cli(lca, "estimate", "--gpu", "A100-SXM4-80GB", "--gpu-hours",
                   "1000", "--region", "FR", "--uncertainty", "--samples",
                   "2000", "--format", "json")
p95 = json.loads(out)["uncertainty"]["total_kgco2e"]["p95"]
check(st == 200 and "<p id=interval>90% interval (Monte Carlo, 2000 draws)"
      in page and ("%.4g" % p95) in page,
      "/estimate?...&uncertainty=1: the report with the CLI's interval")
st, h, b = srv.request("/estimate?gpu=A100-SXM4-80GB&gpu_hours=-3")
check(st == 400 and b"gpu-hours" in b, "/estimate with bad input: 400 page")
st, h, b = srv.request("/estimate?gpu=%3Cscript%3E&gpu_hours=3")
check(st in (400, 404) and b"<script>" not in b,
      "a hostile accelerator name comes back escaped")
st, h, b = srv.request("/runs")
page = b.decode()
check(st == 200 and "<svg" in page and "llm-a" in page and "team-x" in page
      and "2026-11" in page and "<script>" not in page and
      "&lt;script&gt;" in page,
      "GET /runs: totals, chart, account, escaped names")
st, h, b = srv.request("/runs?project=vision")
check(st == 200 and "1 of 3 runs" in b.decode(), "/runs?project= filters")
st, h, b = srv.request("/runs/" + rid)
rc, out, err = cli(lca, "report", "--run", rid, "--format", "html", "--db",
                   db)
check(st == 200 and b.decode() == out and "<script>alert" not in out,
      "GET /runs/ID is lca report --run ID --format html")
st, h, b = srv.request("/leaderboard?tag=project&value=llm-a")
page = b.decode()
check(st == 200 and page.count('<td class="n">') >= 4 and "ppl=9.1" in page
      and page.index(">eval<") < page.index("train &lt;script&gt;"),
      "GET /leaderboard: least energy first, the metric tag beside it")
st, h, b = srv.request("/plan")
check(st == 200 and b'action="/plan"' in b, "GET /plan: the form")
st, h, b = srv.request("/plan?go=1&gpu=A100-SXM4-80GB&gpus=8&hours=24"
                       "&region=DE&regions=SE,FR&from=2024-06-01T00:00Z")
rc, out, err = cli(lca, "plan", "--gpu", "A100-SXM4-80GB", "--gpus", "8",
                   "--hours", "24", "--region", "DE", "--regions", "SE,FR",
                   "--from", "2024-06-01T00:00Z", "--format", "html")
check(st == 200 and b.decode() == out, "GET /plan?... is lca plan's html")
st, h, b = srv.request("/audit")
rc, out, err = cli(lca, "audit", "--all", "--format", "json")
ids = [c["id"] for c in json.loads(out)["claims"]]
check(st == 200 and all(i in b.decode() for i in ids) and "<table>" in
      b.decode(), "GET /audit: a table of every claim of lca audit --all")

# -- a stalled client is dropped (10 s) ------------------------------------
s = socket.create_connection(("127.0.0.1", srv.port), timeout=40)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
try:
    got = s.recv(100)
except (socket.timeout, ConnectionResetError):
    got = None
s.close()
check(got == b"", "a client that stalls mid-request is dropped "
      "(after %.0f s)" % (time.time() - t0))

# -- in process: with the server's own binary gone from the disk, every page
# and answer still comes (nothing runs the lca command as a child) --------------
gone = os.path.join(work, "lca-gone")
shutil.copy(lca, gone)
g = Server(gone, os.path.join(work, "gone"))
os.unlink(gone)
for p in ["/api/v1/runs", "/api/v1/catalog/gpus", "/audit", "/plan?go=1&"
          "gpu=A100-SXM4-80GB&gpus=8&hours=24&region=DE&regions=SE,FR&"
          "from=2024-06-01T00:00Z",
          "/estimate?gpu=A100-SXM4-80GB&gpu_hours=10&region=FR"]:
    st, h, b = g.request(p)
    check(st == 200, "binary gone, GET %s: 200 (in process)" % p[:40])
st, h, b = g.request("/api/v1/plan", data=json.dumps(plan).encode())
rc, out, err = cli(lca, "plan", "--job", pj, "--regions", "SE,FR,DE",
                   "--from", "2024-06-01T00:00Z", "--window", "12",
                   "--format", "json")
check(st == 200 and b.decode() == out,
      "binary gone, POST /api/v1/plan: 200, equal to lca plan")
rc, out = g.stop()
check(rc == 0, "that server stops on SIGTERM")

# -- a read-only server ---------------------------------------------------------
ro = Server(lca, os.path.join(work, "ro"))
st, h, b = ro.request("/api/v1/runs", data=body,
                      headers={"Authorization": "Bearer " + TOKEN})
check(st == 405, "without --token-file, POST /api/v1/runs: 405")
rc, out = ro.stop()
check(rc == 0, "read-only server stops on SIGTERM")

rc, out = srv.stop()
check(rc == 0 and "stopped (SIGTERM)" in out, "SIGTERM: exit 0, %r" % out)

rc, out, err = cli(lca, "serve", "--listen", "nowhere")
check(rc == 2 and "--listen" in err, "lca serve --listen nowhere: exit 2")
rc, out, err = cli(lca, "serve", "--token-file", os.path.join(work, "none"))
check(rc != 0 and "--token-file" in err, "a missing token file: an error")

print("%d failed" % len(fails))
sys.exit(1 if fails else 0)
