#!/usr/bin/env python3
"""png_colors.py PNG: the screenshot shows the report's charts: enough pixels
of the lifecycle colours (dynamic #1f77b4, idle #ff7f0e, embodied #8c564b).
A small PNG decoder (8-bit RGB/RGBA, no interlace), standard library only."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("not a png")
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit(f"unsupported png: depth {depth} type {ctype}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


w, h, bpp, rows = decode(sys.argv[1])
want = {"dynamic": (0x1f, 0x77, 0xb4), "idle": (0xff, 0x7f, 0x0e), "embodied": (0x8c, 0x56, 0x4b)}
counts = dict.fromkeys(want, 0)
for row in rows:
    for x in range(0, w * bpp, bpp):
        px = (row[x], row[x + 1], row[x + 2])
        for k, v in want.items():
            if all(abs(p - q) <= 6 for p, q in zip(px, v)):
                counts[k] += 1
print(f"screenshot {w}x{h}; chart pixels: {counts}")
bad = [k for k, n in counts.items() if n < 2000]
if bad:
    sys.exit(f"charts not rendered: too few {', '.join(bad)} pixels")
