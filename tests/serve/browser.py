# SPDX-License-Identifier: MIT
"""The calculator in a real browser: headless Chromium driven by
puppeteer-core (npm, installed under the build folder on first use) fills
the form, submits, reads the total and compares it to the CLI; opens /runs
and a run page.  Screenshots: BUILD/serve_screenshots/*.png.  Exit 77
(skipped) only when chromium, node/npm or the npm package cannot be had.
usage: browser.py LCA BUILD_DIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, cli  # noqa: E402

lca, build = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
node, npm = shutil.which("node"), shutil.which("npm")
if not chromium:
    skip("no chromium (Debian package chromium; tests/deps.sh --ci)")
if not node or not npm:
    skip("no node/npm")
mods = os.path.join(build, "serve-node")
if not os.path.isdir(os.path.join(mods, "node_modules", "puppeteer-core")):
    os.makedirs(mods, exist_ok=True)
    p = subprocess.run([npm, "install", "--prefix", mods, "--no-audit",
                        "--no-fund", "puppeteer-core@24"],
                       capture_output=True, text=True, timeout=600)
    if p.returncode:
        skip("npm install puppeteer-core failed: " + p.stderr[-400:])

work = os.path.join(build, "test-tmp", "serve_browser")
shutil.rmtree(work, ignore_errors=True)
shots = os.path.join(build, "serve_screenshots")
os.makedirs(shots, exist_ok=True)
token = "browser-test-token-0123456789"
srv = Server(lca, work, token=token)
run = {"key": "b1", "source": "track", "name": "finetune 7B",
       "tags": {"project": "demo"}, "start": "2026-11-02T08:00:00Z",
       "end": "2026-11-02T10:00:00Z", "energy_kwh": 12.5,
       "total_kgco2e": 3.1}
st, h, b = srv.request("/api/v1/runs", data=json.dumps(run).encode(),
                       headers={"Authorization": "Bearer " + token})
if st != 201:
    srv.stop()
    sys.exit("posting a run failed: %d %r" % (st, b))
rid = str(json.loads(b)["id"])
rc, out, err = cli(lca, "estimate", "--gpu", "a100-sxm4-80gb", "--region",
                   "FR", "--gpu-hours", "1000", "--format", "json")
expected = json.loads(out)["total_kgco2e"]
env = dict(os.environ, NODE_PATH=os.path.join(mods, "node_modules"))
for k in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
    env.pop(k, None)
p = subprocess.run([node, os.path.join(here, "browser.js"), srv.url,
                    chromium, shots, repr(expected), rid], env=env,
                   timeout=300)
srv.stop()
print("screenshots: " + ", ".join(
    os.path.join(shots, f) for f in sorted(os.listdir(shots))))
sys.exit(p.returncode)
