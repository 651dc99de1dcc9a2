# SPDX-License-Identifier: MIT
"""The lca package against the lca command: the same JSON, the same
ledger.  Run by ctest (tests/python.cmake) in a venv made with the README's
install command; LCA_BIN names the lca binary, LCA_CATALOG / LCA_DATASETS /
LCA_DB the test's own files."""
import json
import os
import subprocess
import threading

import pytest

import lca

LCA = os.environ.get("LCA_BIN", "lca")
SRC = os.environ.get("LCA_SOURCE_DIR",
                     os.path.join(os.path.dirname(__file__), "..", ".."))
BLOOM = os.path.join(SRC, "datasets", "jobs", "bloom-176b.json")


def cli_json(*args):
    out = subprocess.run([LCA, "estimate", *args, "--format", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


@pytest.fixture
def ledger(tmp_path, monkeypatch):
    path = str(tmp_path / "ledger.db")
    monkeypatch.setenv("LCA_DB", path)
    return path


def test_bloom_job_file_equals_cli():
    fp = lca.estimate(job=BLOOM)
    assert fp.to_dict() == cli_json("--job", BLOOM)


def test_bloom_job_dict_with_a_flag_over_it():
    with open(BLOOM) as f:
        job = json.load(f)
    fp = lca.estimate(job=job, region="FR")
    assert fp.to_dict() == cli_json("--job", BLOOM, "--region", "FR")


# Five flag combinations: keyword arguments -> the same flags.
COMBOS = [
    (dict(params=70e9, tokens=15e12, gpu="h100", region="us-east-1"),
     ["--params", "70e9", "--tokens", "15e12", "--gpu", "h100",
      "--region", "us-east-1"]),
    (dict(params=671e9, active_params=37e9, tokens=14.8e12, gpu="h800",
          region="CN"),
     ["--params", "671e9", "--active-params", "37e9", "--tokens", "14.8e12",
      "--gpu", "h800", "--region", "CN"]),
    (dict(gpus=64, days=3, gpu="a100-sxm4-40gb", region="france"),
     ["--gpus", "64", "--days", "3", "--gpu", "a100-sxm4-40gb",
      "--region", "france"]),
    (dict(energy_kwh=1200, pue=1.3, grid=350),
     ["--energy-kwh", "1200", "--pue", "1.3", "--grid", "350"]),
    (dict(phase="inference", params=7e9, requests=1e8,
          tokens_per_request=800, gpu="l4", region="DE",
          uncertainty=True, samples=2000, seed=7),
     ["--phase", "inference", "--params", "7e9", "--requests", "1e8",
      "--tokens-per-request", "800", "--gpu", "l4", "--region", "DE",
      "--uncertainty", "--samples", "2000", "--seed", "7"]),
]


@pytest.mark.parametrize("kwargs,flags", COMBOS)
def test_flags_equal_cli(kwargs, flags):
    fp = lca.estimate(**kwargs)
    want = cli_json(*flags)
    assert fp.to_dict() == want
    # attributes are the JSON's keys; numbers exact (the JSON rounds)
    assert fp.total_kgco2e == pytest.approx(want["total_kgco2e"], rel=1e-13)
    assert fp.device_hours == pytest.approx(want["device_hours"], rel=1e-13)
    assert fp.components_kgco2e == want["components_kgco2e"]
    assert [a.name for a in fp.assumptions] == \
        [a["name"] for a in want["assumptions"]]
    assert [a.source for a in fp.assumptions] == \
        [a["source"] for a in want["assumptions"]]
    if kwargs.get("uncertainty"):
        assert fp.uncertainty == want["uncertainty"]
    else:
        assert fp.uncertainty is None


def test_html_and_text_are_the_cli_renderers():
    fp = lca.estimate(gpu_hours=5000, gpu="a100", region="FR")
    html = fp._repr_html_()
    assert html.lstrip().lower().startswith("<!doctype html")
    text = subprocess.run([LCA, "estimate", "--gpu-hours", "5000", "--gpu",
                           "a100", "--region", "FR"], check=True,
                          capture_output=True, text=True).stdout
    assert fp.render("text") == text


@pytest.mark.parametrize("kwargs,field,code", [
    (dict(params=7e9, gpu="h100", pue=0.5), "pue", "ERANGE"),
    (dict(params=7e9, gpu="h1000"), "gpu", "ENOTFOUND"),
    (dict(params="seven", gpu="h100"), "params", "EUSAGE"),
    (dict(gpu_hours=-1, gpu="h100"), "gpu_hours", None),
    (dict(gpu_hours=10, gpu="h100", mfu=float("nan")), "mfu", None),
    (dict(gpu_hours=10, gpu="h100", region=object()), "region", None),
    (dict(gpu_hours=10, gpu="h100", region="F\0R"), "region", None),
    (dict(gpu_hours=10, gpu="h100", samples=5), "samples", "ERANGE"),
])
def test_bad_input_raises_input_error(kwargs, field, code):
    with pytest.raises(lca.InputError) as e:
        lca.estimate(**kwargs)
    assert e.value.field == field
    assert isinstance(e.value, lca.Error)
    assert e.value.exit_code == 2
    if code:
        assert e.value.code == code


def test_unknown_input_and_bad_job():
    with pytest.raises(lca.InputError) as e:
        lca.estimate(gpu="h100", bogus=1)
    assert "bogus" in str(e.value)
    with pytest.raises(lca.FileError):
        lca.estimate(job="/nonexistent/job.json")
    with pytest.raises(lca.DataError):
        lca.estimate(job={"phases": "not a list"})
    with pytest.raises(lca.InputError):
        lca.estimate()  # nothing to estimate from


def runs_json(db):
    out = subprocess.run([LCA, "runs", "--format", "json", "--db", db],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["runs"]


def test_tracked_block_is_in_the_ledger(ledger):
    with lca.track(name="finetune", region="FR", tags={"project": "x",
                                                      "step": 2},
                   interval=0.05) as run:
        sum(i * i for i in range(200000))
    assert run.status == "complete"
    assert run.footprint.total_kgco2e >= 0
    [row] = [r for r in runs_json(ledger) if r["id"] == run.id]
    assert row["name"] == "finetune"
    assert row["status"] == "complete"
    assert row["source"] == "track"
    assert row["exit_status"] == 0
    assert row["tags"] == {"project": "x", "step": "2"}
    assert row["total_kgco2e"] == pytest.approx(
        run.footprint.total_kgco2e, rel=1e-9, abs=1e-300)
    listed = lca.runs()
    ids = list(listed["id"]) if hasattr(listed, "columns") else \
        [r["id"] for r in listed]
    assert run.id in ids


def test_exception_records_a_failed_run_and_reraises(ledger):
    with pytest.raises(ZeroDivisionError):
        with lca.track(name="crash", region="DE", interval=0.05) as run:
            1 / 0
    assert run.status == "failed"
    [row] = [r for r in runs_json(ledger) if r["id"] == run.id]
    assert row["status"] == "failed"
    assert row["exit_status"] == 1


def test_decorator_records_one_run_per_call(ledger):
    @lca.track(name="step", db=ledger, interval=0.05)
    def step(x):
        return x * 2

    assert step(21) == 42
    assert step(1) == 2
    assert [r["name"] for r in runs_json(ledger)].count("step") == 2


def test_track_bad_tag_raises_before_running(ledger):
    with pytest.raises(lca.InputError) as e:
        with lca.track(name="x", tags={"bad key!": "v"}):
            pytest.fail("the block must not run")
    assert e.value.field == "tags"


def test_track_bad_site_raises_before_running(ledger):
    with pytest.raises(lca.InputError) as e:
        with lca.track(name="x", region="atlantis"):
            pytest.fail("the block must not run")
    assert e.value.field == "region"


def run_threads(worker, n):
    """Runs worker(k) for k in range(n) in n threads at once; returns what
    each returned, by k.  The first exception a worker raised is raised
    here, after every thread has ended."""
    results, errors = {}, []

    def run(k):
        try:
            results[k] = worker(k)
        except Exception as e:  # noqa: BLE001 - raised below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def test_threads_give_the_serial_answers():
    jobs = [dict(params=p * 1e9, tokens=t * 1e12, gpu=g, region=r)
            for p, t, g, r in [(7, 1, "h100", "FR"), (70, 2, "a100", "DE"),
                               (13, 0.5, "l4", "us-east-1"),
                               (175, 0.3, "v100", "US")]]
    serial = [lca.estimate(**j).to_dict() for j in jobs]

    def worker(k):
        out = []
        for n in range(25):
            i = (k + n) % len(jobs)
            got = lca.estimate(**jobs[i])
            out.append((i, got.total_kgco2e, got.to_dict()))
        return out

    results = run_threads(worker, 8)
    assert sum(len(v) for v in results.values()) == 8 * 25
    for v in results.values():
        for i, total, d in v:
            assert d == serial[i]
            assert total == pytest.approx(serial[i]["total_kgco2e"],
                                          rel=1e-13)


def test_tracked_blocks_in_two_threads(ledger):
    def worker(k):
        with lca.track(name="thread%d" % k, region="FR",
                       interval=0.02) as run:
            for i in range(20):
                lca.estimate(gpu_hours=10 + i, gpu="h100", region="DE")
        return run

    runs = run_threads(worker, 2)
    rows = {r["id"]: r for r in runs_json(ledger)}
    for k, run in runs.items():
        assert rows[run.id]["name"] == "thread%d" % k
        assert rows[run.id]["status"] == "complete"


# ---- runs, plan, audit, report: library renderers in process, the CLI's
# output -----------------------------------------------------------------


def cli_text(*args):
    return subprocess.run([LCA, *args], check=True, capture_output=True,
                          text=True).stdout


def test_no_lca_binary_needed(monkeypatch):
    """runs/plan/audit/report run in process: with no lca command to be
    found (none on PATH, none beside the library) they still answer."""
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(lca, "library_path", "/nonexistent/liblca.so.0")
    assert lca.audit(ids=["bloom-embodied"])["claims"][0]["id"] == \
        "bloom-embodied"
    assert "total" in lca.report(gpu="a100", gpu_hours=10, region="FR",
                                 format="text")


def test_runs_equal_cli(ledger):
    with lca.track(name="listed", region="FR", interval=0.05):
        pass
    listed = lca.runs()
    rows = listed.to_dict("records") if hasattr(listed, "columns") else listed
    assert [r["id"] for r in rows] == \
        [r["id"] for r in json.loads(cli_text("runs", "--format",
                                              "json"))["runs"]]


def test_plan_equals_cli():
    got = lca.plan(gpu="A100-SXM4-80GB", gpus=8, hours=24, region="DE",
                   regions=["SE", "FR"], window=12,
                   **{"from": "2024-06-01T00:00Z"})
    want = json.loads(cli_text("plan", "--gpu", "A100-SXM4-80GB", "--gpus",
                               "8", "--hours", "24", "--region", "DE",
                               "--regions", "SE,FR", "--window", "12",
                               "--from", "2024-06-01T00:00Z", "--format",
                               "json"))
    assert got == want


def test_plan_bad_option_names_its_field():
    with pytest.raises(lca.InputError) as e:
        lca.plan(gpu="a100", gpus=8, hours=24, window="soon")
    assert e.value.field == "window"


def test_audit_equals_cli(tmp_path):
    assert lca.audit(ids=["bloom-embodied", "luccioni-t4-gpt3"]) == \
        json.loads(cli_text("audit", "bloom-embodied", "luccioni-t4-gpt3",
                            "--format", "json"))
    claim = {"id": "mine", "accelerator": "A100-SXM4-80GB",
             "accelerator_hours": 1000, "pue": 1.1,
             "grid_gco2_per_kwh": 300, "total_tco2e": 0.2}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(claim))
    want = json.loads(cli_text("audit", "--claim", str(path), "--format",
                               "json"))
    assert lca.audit(claim=claim) == want
    assert lca.audit(claim=path) == want


@pytest.mark.parametrize("fmt", ["text", "md", "json", "csv", "html"])
def test_report_equals_cli(fmt):
    got = lca.report(format=fmt, title="A test", regions=["SE", "DE"],
                     gpu="A100-SXM4-80GB", gpu_hours=1000, region="FR")
    assert got == cli_text("report", "--format", fmt, "--title", "A test",
                           "--regions", "SE,DE", "--", "--gpu",
                           "A100-SXM4-80GB", "--gpu-hours", "1000",
                           "--region", "FR")


def test_report_of_a_job_file_and_a_run_equal_cli(ledger):
    assert lca.report(job=BLOOM, format="md") == \
        cli_text("report", "--format", "md", "--job", BLOOM)
    with lca.track(name="reported", region="FR", tags={"k": "v"},
                   interval=0.05) as run:
        pass
    assert lca.report(run=run, format="text") == \
        cli_text("report", "--format", "text", "--run", str(run.id))
