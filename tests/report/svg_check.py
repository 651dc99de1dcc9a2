#!/usr/bin/env python3
"""svg_check.py HTML ID...: every inline <svg> in HTML parses as XML in the
SVG namespace, each named chart is present and draws shapes, and the page
loads nothing from the network."""
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
html = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"<svg\b.*?</svg>", html, re.S)
if not blocks:
    sys.exit("no inline svg")
found = {}
for b in blocks:
    # parsed as written: an unquoted attribute is not XML, so it fails here
    try:
        root = ET.fromstring(b)
    except ET.ParseError as e:
        sys.exit(f"invalid svg: {e}")
    if root.tag != NS + "svg":
        sys.exit(f"not an svg root: {root.tag}")
    shapes = len(root.findall(f".//{NS}rect")) + len(root.findall(f".//{NS}polyline"))
    found[root.get("id")] = shapes
for want in sys.argv[2:]:
    if not found.get(want):
        sys.exit(f"chart {want} missing or empty: {found}")
if re.search(r"<script|<link\b|\bsrc=|url\(", html):
    sys.exit("page is not self-contained")
print("svg ok:", found)
