#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""strict_json.py FILE: exits 0 when FILE is JSON with no key twice in one
object (Python's json keeps the last of two; many readers refuse them)."""
import json
import sys


def no_dup(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ValueError("duplicate key(s) in one object: " + ", ".join(dup))
    return dict(pairs)


with open(sys.argv[1], encoding="utf-8") as fh:
    json.load(fh, object_pairs_hook=no_dup)
