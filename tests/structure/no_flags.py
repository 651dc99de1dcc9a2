#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""no_flags.py SRC: library messages name no command-line flag.

liblca is embedded by the lca command, the Python package and the web
server; only the first has flags.  Its strings (messages, assumption
sources, error wheres) name a field by its key ("pue", "gpu-hours") or an
option by its request key ("window", "budget_kg"); an error carries the
field id, and the CLI prints "--pue" from it (cli_error_flags).

Every C string literal in the library (engine/ but engine/cli/, models/,
reports/; comments are not strings) that holds "--" followed by a letter
or a conversion ("--pue", "--%s") fails, but for ALLOWED, each with its
reason.  PENDING names files another change rewords; it goes when that
lands.
"""
import os
import re
import sys

# (file, literal) -> why the library may spell a flag there.
ALLOWED = {
    # lca_error_flag_where: by its contract the flag spelling of a field
    # error, for command-line front ends (lca_error_print uses it).
    ("engine/util.c", '"--%s"'):
        "lca_error_flag_where gives front ends the flag spelling",
}

# Files whose wording another change rewrites (none left).
PENDING = ()

FLAG = re.compile(r"--[a-z%]")


def library_files(src):
    for top in ("engine", "models", "reports"):
        for root, dirs, files in os.walk(os.path.join(src, top)):
            rel = os.path.relpath(root, src)
            if rel == "engine/cli" or rel.startswith("engine/cli/"):
                continue  # the CLI is a client: it has flags
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(root, f), src)


def literals(text):
    """(line, literal) of each string literal in C text, comments and
    character constants skipped."""
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            if c == '"':
                yield line, text[i:j + 1]
            i = j + 1
        else:
            i += 1


def main():
    src = sys.argv[1]
    bad, n = [], 0
    for rel in library_files(src):
        if any(rel == p or (p.endswith("/") and rel.startswith(p))
               for p in PENDING):
            continue
        n += 1
        with open(os.path.join(src, rel), encoding="utf-8",
                  errors="replace") as fh:
            text = fh.read()
        for line, lit in literals(text):
            if FLAG.search(lit) and (rel, lit) not in ALLOWED:
                bad.append(f"{rel}:{line}: {lit}")
    if bad:
        print("library strings that name a command-line flag (name the "
              "field or option key; the CLI adds the --):")
        print("\n".join(bad))
        return 1
    print(f"{n} library files: no string names a command-line flag "
          f"({len(ALLOWED)} allowed, {len(PENDING)} pending)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
