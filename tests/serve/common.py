# SPDX-License-Identifier: MIT
"""Starts `lca serve` on a free loopback port for a test and stops it."""
import atexit
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request


class Server:
    def __init__(self, lca, workdir, token=None, extra=()):
        self.lca = lca
        os.makedirs(workdir, exist_ok=True)
        self.db = os.path.join(workdir, "ledger.db")
        args = [lca, "serve", "--listen", "127.0.0.1:0", "--db", self.db]
        if token:
            tf = os.path.join(workdir, "token")
            with open(tf, "w") as f:
                f.write(token + "\n")
            args += ["--token-file", tf]
        self.proc = subprocess.Popen(list(args) + list(extra),
                                     stdout=subprocess.PIPE, text=True)
        atexit.register(self._kill)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (http://127\.0\.0\.1:(\d+)/)", line)
        if not m:
            self.proc.kill()
            raise SystemExit("lca serve did not print its URL: %r" % line)
        self.url = m.group(1).rstrip("/")
        self.port = int(m.group(2))
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}))

    def request(self, path, data=None, method=None, headers=None):
        """(status, headers, body bytes); errors are answers too."""
        req = urllib.request.Request(self.url + path, data=data,
                                     method=method, headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def _kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self):
        """SIGTERM; the exit status and the rest of stdout."""
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=30)
        return self.proc.returncode, out


def cli(lca, *args, db=None):
    """(exit status, stdout, stderr) of an lca command."""
    env = dict(os.environ)
    if db:
        env["LCA_DB"] = db
    p = subprocess.run([lca] + list(args), capture_output=True, text=True,
                       env=env)
    return p.returncode, p.stdout, p.stderr


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_until(fn, limit_s=30):
    t0 = time.time()
    while time.time() - t0 < limit_s:
        if fn():
            return True
        time.sleep(0.05)
    return False
