# flip_bits.py SRC DST SEED N: copies SRC to DST with N random bits flipped
# past the 100-byte SQLite header (seeded: the same damage every run).
import random
import sys

src, dst, seed, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
b = bytearray(open(src, "rb").read())
r = random.Random(seed)
for _ in range(n):
    i = r.randrange(100, len(b))
    b[i] ^= 1 << r.randrange(8)
open(dst, "wb").write(b)
