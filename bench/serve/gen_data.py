#!/usr/bin/env python3
"""Data for bench/serve: stored hashes, lookup bodies, ~100 KB JPEGs.

  gen_data.py OUT_DIR [--pdq N] [--md5 N] [--images N]

Writes OUT_DIR/pdq.txt (N uniformly random PDQ hashes, one hex per line, the
distribution of `vigil bench match`), OUT_DIR/md5.txt, lookup bodies
OUT_DIR/single.json and batch100.json (JSON arrays, one per line: half of
the PDQ queries are stored hashes with 0-24 bits flipped, half random, as
`vigil bench match` draws them), md5batch100.json (stored digests, 20,000
draws from a 100,000 sample: they repeat), md5cold100.json (200,000 draws
from all stored digests), and
OUT_DIR/jpeg/*.jpg (generated photos-like pictures, ~100 KB, with cjpeg).
Deterministic (seeded).
"""
import argparse
import json
import math
import os
import random
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--pdq", type=int, default=10_000_000)
ap.add_argument("--md5", type=int, default=1_000_000)
ap.add_argument("--images", type=int, default=20)
ap.add_argument("--bodies", type=int, default=2000)
ap.add_argument("--cold-only", action="store_true",
                help="only write md5cold100.json (from an existing md5.txt)")
a = ap.parse_args()


def write_cold_md5():
    """md5cold100.json: 2,000 bodies of 100 stored MD5s drawn from all of
    md5.txt (~200,000 distinct digests), more than the engine's entry cache
    holds (65,536), so that most descriptions are read from the store."""
    r = random.Random(2)
    with open(a.out + "/md5.txt") as f:
        stored = f.read().split()
    with open(a.out + "/md5cold100.json", "w") as f:
        for _ in range(a.bodies):
            f.write(json.dumps([{"type": "md5", "hash": h}
                                for h in r.sample(stored, 100)]) + "\n")


if a.cold_only:
    write_cold_md5()
    raise SystemExit(0)
os.makedirs(a.out + "/jpeg", exist_ok=True)
rng = random.Random(1)

sample = []  # stored PDQ hashes kept for planted queries
with open(a.out + "/pdq.txt", "w") as f:
    for i in range(a.pdq):
        h = rng.getrandbits(256)
        if i % max(1, a.pdq // 100000) == 0:
            sample.append(h)
        f.write("%064x\n" % h)
md5s = []
with open(a.out + "/md5.txt", "w") as f:
    for i in range(a.md5):
        h = "%032x" % rng.getrandbits(128)
        if i % max(1, a.md5 // 100000) == 0:
            md5s.append(h)
        f.write(h + "\n")


def pdq_query(i):
    if i % 2 == 0:
        h = rng.choice(sample)
        for bit in rng.sample(range(256), rng.randint(0, 24)):
            h ^= 1 << bit
    else:
        h = rng.getrandbits(256)
    return {"type": "pdq", "hash": "%064x" % h}


with open(a.out + "/single.json", "w") as f:
    for i in range(a.bodies):
        f.write(json.dumps([pdq_query(i)]) + "\n")
with open(a.out + "/batch100.json", "w") as f:
    for _ in range(a.bodies // 10):
        f.write(json.dumps([pdq_query(i) for i in range(100)]) + "\n")
with open(a.out + "/md5batch100.json", "w") as f:
    for _ in range(a.bodies // 10):
        f.write(json.dumps([{"type": "md5", "hash": rng.choice(md5s)}
                            for _ in range(100)]) + "\n")

write_cold_md5()

# Smooth waves plus grain: photo-like JPEGs of ~100 KB at quality 88.
W, H = 640, 480
for n in range(a.images):
    fx, fy, ph = rng.uniform(2, 9), rng.uniform(2, 9), rng.uniform(0, 6)
    px = bytearray()
    for y in range(H):
        for x in range(W):
            v = math.sin(fx * x / W * 6.28 + ph) * math.cos(fy * y / H * 6.28)
            g = rng.randint(-18, 18)
            px += bytes((max(0, min(255, int(128 + 90 * v) + g)),
                         max(0, min(255, int(128 - 70 * v) + g)),
                         max(0, min(255, (x * 255 // W) + g))))
    ppm = a.out + "/jpeg/p.ppm"
    with open(ppm, "wb") as f:
        f.write(b"P6 %d %d 255\n" % (W, H) + px)
    with open(a.out + "/jpeg/img%03d.jpg" % n, "wb") as out:
        subprocess.run(["cjpeg", "-quality", "88", ppm], stdout=out,
                       check=True)
    os.remove(ppm)
