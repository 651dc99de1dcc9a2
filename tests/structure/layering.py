#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""layering.py SRC KNOWN OBJ...: liblca's structure, checked on every build.

1. No include cycle: the "..." includes among the engine's files (engine/,
   engine/include/lca/, models/, reports/) form no cycle.
2. No dependency cycle between engine files beyond the known ones: file A
   depends on file B when A's object uses a symbol B's defines (nm).  Each
   strongly connected set of files must lie inside one set listed in KNOWN
   (one set a line, files separated by spaces): a new cycle, or a known one
   that grew, fails.  A known set that shrank or went is reported, so the
   list is trimmed as cycles are taken apart.
3. No mutable static state: no object holds data in .data, .bss, .tdata or
   .tbss, but for the names in ALLOWED (each with its reason).
"""
import collections
import os
import re
import subprocess
import sys

# The one mutable global liblca keeps, and why.
ALLOWED = {
    # track.c: the child a signal handler forwards SIGINT/SIGTERM to; a
    # handler can reach nothing else (sig_atomic_t, written around the
    # child's life only).
    "child_pid",
}


def source_files(src):
    for top in ("engine", "models", "reports"):
        for root, dirs, files in os.walk(os.path.join(src, top)):
            if os.path.relpath(root, src).startswith("engine/cli"):
                continue  # the CLI is a client, not the library
            for f in files:
                if f.endswith((".c", ".h")):
                    yield os.path.join(root, f)


def include_graph(src):
    roots = [os.path.join(src, d) for d in
             ("engine", "engine/include", "engine/include/lca", "models",
              "reports")]
    g = {}
    for path in source_files(src):
        deps = set()
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                if not m:
                    continue
                for base in [os.path.dirname(path)] + roots:
                    cand = os.path.normpath(os.path.join(base, m.group(1)))
                    if os.path.exists(cand):
                        deps.add(os.path.relpath(cand, src))
                        break
        g[os.path.relpath(path, src)] = deps
    return g


def sccs(g):
    """Tarjan's strongly connected sets of g (node -> set of nodes)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            s = []
            while True:
                w = stack.pop()
                on.discard(w)
                s.append(w)
                if w == v:
                    break
            out.append(frozenset(s))

    sys.setrecursionlimit(10000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return [s for s in out if len(s) > 1 or next(iter(s)) in g.get(next(iter(s)), ())]


def object_name(obj):
    # .../lca_objects.dir/engine/ledger.c.o -> engine/ledger.c
    m = re.search(r"lca_objects\.dir/(.*)\.o$", obj)
    return m.group(1) if m else os.path.basename(obj)


def symbol_graph(objs):
    defs, uses = {}, collections.defaultdict(set)
    for obj in objs:
        name = object_name(obj)
        out = subprocess.run(["nm", obj], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBRCVW":
                defs[p[2]] = name
            elif len(p) == 2 and p[0] == "U":
                uses[name].add(p[1])
    g = {object_name(o): set() for o in objs}
    for name, used in uses.items():
        for sym in used:
            if sym in defs and defs[sym] != name:
                g[name].add(defs[sym])
    return g


def mutable_data(objs):
    found = []
    sect = re.compile(r"\s(\.data|\.bss|\.tdata|\.tbss)(\.[\w.]*)?\s")
    for obj in objs:
        out = subprocess.run(["objdump", "-t", obj], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            m = sect.search(line)
            if not m or ".data.rel.ro" in line:
                continue
            sym = line.split()[-1]
            base = sym.split(".")[0]
            if not sym or sym.startswith((".", "__")) or base in ALLOWED:
                continue  # section names, sanitizer and coverage data
            found.append("%s: %s (%s)" % (object_name(obj), sym, m.group(1)))
    return found


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    src, known_path, objs = sys.argv[1], sys.argv[2], sys.argv[3:]
    bad = 0
    for s in sccs(include_graph(src)):
        print("FAIL include cycle: " + " -> ".join(sorted(s)))
        bad = 1
    known = []
    with open(known_path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].split()
            if line:
                known.append(frozenset(line))
    found = sccs(symbol_graph(objs))
    for s in found:
        if not any(s <= k for k in known):
            print("FAIL dependency cycle not in %s: %s" %
                  (os.path.basename(known_path), " ".join(sorted(s))))
            bad = 1
    for k in known:
        now = [s for s in found if s <= k]
        if not now or max(len(s) for s in now) < len(k):
            print("note: known cycle shrank or went (trim the list): %s" %
                  " ".join(sorted(k)))
    for m in mutable_data(objs):
        print("FAIL mutable static state: " + m)
        bad = 1
    if bad:
        print("layering: FAILED")
    else:
        print("%d files: no include cycle, %d known dependency cycles, "
              "no mutable static state" % (len(objs), len(found)))
    return bad


if __name__ == "__main__":
    sys.exit(main())
