#!/usr/bin/env python3
# Copyright 2026 The Vigil Authors.
"""Robustness benchmark of `vigil hash` over the Debian-package corpus.

Not part of the test suite: a script that prints figures for bench/README.md.

    bench/corpus/assemble.sh CACHE CORPUS          # once
    bench/quality/robustness.py --vigil build/release/bin/vigil \
        --corpus CORPUS --work WORK [--subset 1] [--every 8] [--jobs 2]

1. Distances: hashes every corpus image with the default mode and with
   `--pdq-mode full` and prints the histogram of the Hamming distance
   between the two plain PDQ hashes, split by format (PNG and WebP are
   decoded alike in both modes) and by the PDQ quality of the full-mode
   hash, and the images over 10 bits at quality >= 80 (Meta's rule 2).
2. Transforms: makes the 12 transformed copies of every EVERY-th image with
   ImageMagick (/usr/bin/convert), hashes them as a query in three ways --
   default (`vigil hash --dihedral`), full (`--pdq-mode full --dihedral`) and
   reference-style (`--pdq-mode full --no-unletterbox`: the hash `hashset
   add` stores, no query variants) -- and prints recall@31 per transform: a
   copy is found when any of its query hashes (plain, the 8 dihedral
   variants, the one or two unletterboxed ones) is within 31 bits of the original's
   stored hash (the reference-style hash of the original).
3. False positives: pairs of distinct corpus images where a query hash of
   one (in each of the three ways) is within 31 bits of the other's stored
   hash. Copies that are the same picture at other sizes (a wallpaper in
   several resolutions) count here too, alike for every mode. Then the
   pairs the default mode has and full mode has not, and the other way.
Results are cached in WORK (JSONL per mode), so reruns only hash what is new.
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys

CONVERT = "/usr/bin/convert"  # /usr/local/bin/convert may be a stand-in
RADIUS = 31

# name -> (ImageMagick arguments, output extension or None to keep the input's)
TRANSFORMS = {
    "half": (["-resize", "50%"], None),
    "w320": (["-resize", "320x"], None),
    "q30": (["-quality", "30"], "jpg"),
    "crop10": (["-gravity", "center", "-crop", "90%x90%+0+0", "+repage"], None),
    "rot90": (["-rotate", "90"], None),
    "mirror": (["-flop"], None),
    "gray": (["-colorspace", "Gray"], None),
    "bright": (["-modulate", "120"], None),
    # `-compose Copy`: the border is added around the picture's own pixels
    # (transparent ones stay transparent, with their colour). ImageMagick's
    # default (`Over`) composites the picture onto the border colour, which
    # turns the transparent parts of clip art into border colour: a
    # different picture, not an added border (bench/quality/README.md).
    "border6": (["-bordercolor", "black", "-compose", "Copy", "-border", "6%"],
                None),
    "blur": (["-blur", "0x3"], None),
    "overlay": (["(", "+clone", "-fill", "red", "-colorize", "100", "-resize",
                 "30%", ")", "-gravity", "southeast", "-composite"], None),
    "webp60": (["-quality", "60"], "webp"),
}

# Further border cases of the issue (3-15%, one side, another colour),
# printed under the 12 with --extra-borders.
EXTRA_TRANSFORMS = {
    "border3": (["-bordercolor", "black", "-compose", "Copy", "-border", "3%"],
                None),
    "border15": (["-bordercolor", "black", "-compose", "Copy", "-border",
                  "15%"], None),
    "top10white": (["-background", "white", "-gravity", "north", "-splice",
                    "0x10%"], None),
}

MODES = {
    "default": ["--dihedral"],
    "full": ["--pdq-mode", "full", "--dihedral"],
    "reference": ["--pdq-mode", "full", "--no-unletterbox"],
}


def read_manifest(corpus):
    rows = []
    with open(os.path.join(corpus, "MANIFEST.tsv")) as f:
        for line in f:
            pkg, kind, path, fmt, _ = line.rstrip("\n").split("\t")
            rows.append((pkg, kind, path, fmt))
    return rows


def seeded_sample(rows, n, seed):
    """n corpus paths drawn with `seed`, from every package in proportion to
    its share of the corpus (largest remainders, at least one each)."""
    by_pkg = collections.defaultdict(list)
    for pkg, _, path, _ in rows:
        by_pkg[pkg].append(path)
    total = len(rows)
    quota = {k: max(1, n * len(v) // total) for k, v in by_pkg.items()}
    rest = sorted(by_pkg, key=lambda k: -(n * len(by_pkg[k]) % total))
    for k in rest:
        if sum(quota.values()) >= n:
            break
        quota[k] += 1
    rng = random.Random(seed)
    picked = set()
    for k in sorted(by_pkg):
        picked.update(rng.sample(by_pkg[k], min(quota[k], len(by_pkg[k]))))
    return [r[2] for r in rows if r[2] in picked]


def hash_files(vigil, args, paths, out_path, threads):
    """Hashes `paths` not yet in out_path; returns path -> JSON record."""
    records = {}
    if os.path.exists(out_path):
        with open(out_path) as f:
            for line in f:
                r = json.loads(line)
                records[r["path"]] = r
    todo = [p for p in paths if p not in records]
    if todo:
        with open(out_path, "a") as out:
            proc = subprocess.run(
                ["nice", vigil, "hash", "--threads", str(threads)] + args +
                ["-"], input="\n".join(todo) + "\n", capture_output=True,
                text=True)
            for line in proc.stdout.splitlines():
                r = json.loads(line)
                records[r["path"]] = r
                out.write(line + "\n")
    return records


def query_hashes(record):
    hs = []
    if "pdq" in record:
        hs.append(record["pdq"])
    hs += record.get("pdq_dihedral", [])
    for key in ("unletterboxed", "unletterboxed_strict"):
        if key in record:
            hs.append(record[key])
    hs += [o["pdq"] for o in record.get("unletterboxed_one_side", [])]
    return [int(h, 16) for h in set(hs)]


def make_transforms(originals, work, jobs, transforms):
    cmds, envs = [], []
    outputs = collections.defaultdict(dict)
    for src in originals:
        base = os.path.splitext(src.replace("/", "_"))[0]
        ext = os.path.splitext(src)[1].lstrip(".").lower()
        for name, (ops, out_ext) in transforms.items():
            dst = os.path.join(work, "t", name, f"{base}.{out_ext or ext}")
            outputs[name][src] = dst
            if not os.path.exists(dst):
                # Written under a temporary name, renamed when complete.
                tmp = f"{os.path.dirname(dst)}/tmp-{os.path.basename(dst)}"
                cmds.append(["sh", "-c", 'nice "$0" "$@" && mv "$tmp" "$dst"',
                             CONVERT, src + "[0]"] + ops + [tmp])
                envs.append(dict(os.environ, tmp=tmp, dst=dst))
    for name in transforms:
        os.makedirs(os.path.join(work, "t", name), exist_ok=True)
    running = []
    for c, env in zip(cmds, envs):
        running.append(subprocess.Popen(c, env=env))
        if len(running) >= jobs:
            running.pop(0).wait()
    for p in running:
        p.wait()
    return outputs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vigil", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--every", type=int, default=8,
                    help="transform every N-th corpus image (default 8)")
    ap.add_argument("--subset", type=int, default=1,
                    help="use every N-th corpus image only (default 1: all)")
    ap.add_argument("--max-pixels", type=int, default=0,
                    help="transform only originals of at most this many "
                    "pixels (default 0: any; ImageMagick is slow on big "
                    "wallpapers)")
    ap.add_argument("--sample", type=int, default=0,
                    help="transform N originals drawn at random (with "
                    "--seed) from every package in proportion to its size, "
                    "instead of every --every-th image")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--extra-borders", action="store_true",
                    help="also 3%% and 15%% borders and a white band on top")
    ap.add_argument("--make-only", action="store_true",
                    help="only make the transformed copies (no vigil runs)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--tag", default="",
                    help="suffix of the default mode's cache file (to "
                    "compare builds)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    rows = read_manifest(a.corpus)[::a.subset]
    paths = [r[2] for r in rows]
    fmt = {r[2]: r[3] for r in rows}
    transforms = dict(TRANSFORMS)
    if a.extra_borders:
        transforms.update(EXTRA_TRANSFORMS)
    sampled = seeded_sample(rows, a.sample, a.seed) if a.sample else None
    if a.make_only:
        make_transforms(sampled or paths[::a.every], a.work, a.jobs,
                        transforms)
        return 0

    # 1. Distances default vs full over the whole corpus.
    h = {}
    for mode, args in MODES.items():
        tag = a.tag if mode == "default" else ""
        h[mode] = hash_files(a.vigil, args, paths,
                             os.path.join(a.work, f"{mode}{tag}.jsonl"),
                             a.jobs)
    hist = collections.Counter()
    over = []
    hashed = 0
    for p in paths:
        d, f = h["default"].get(p, {}), h["full"].get(p, {})
        if "pdq" not in d or "pdq" not in f:
            continue
        hashed += 1
        dist = (int(d["pdq"], 16) ^ int(f["pdq"], 16)).bit_count()
        q = f["pdq_quality"]
        band = "q>=80" if q >= 80 else "q50-79" if q >= 50 else "q<50"
        hist[(fmt[p] == "JPEG", band, dist)] += 1
        if dist > 10 and q >= 80:
            over.append((dist, p, d["width"], d["height"], q))
    print(f"## Default vs full, plain PDQ: {hashed} of {len(paths)} images "
          f"hashed (every {a.subset}th corpus image)")
    print("(band: PDQ quality of the full-mode hash; PNG and WebP decode "
          "alike in both modes)")
    for jpeg in (True, False):
        for band in ("q>=80", "q50-79", "q<50"):
            items = sorted((k[2], n) for k, n in hist.items()
                           if k[0] == jpeg and k[1] == band)
            total = sum(n for _, n in items)
            print(f"{'JPEG' if jpeg else 'PNG/WebP'} {band} ({total}): " +
                  " ".join(f"d{dist}:{n}" for dist, n in items))
    print(f"over 10 bits at PDQ quality >= 80: {len(over)}")
    for o in sorted(over, reverse=True):
        print("  %d bits  %s  %dx%d quality %d" % o)

    # 2. Recall of transformed copies.
    def small(p):
        r = h["reference"][p]
        return not a.max_pixels or r["width"] * r["height"] <= a.max_pixels

    chosen = sampled if sampled else paths[::a.every]
    originals = [p for p in chosen
                 if "pdq" in h["reference"].get(p, {}) and small(p)]
    outputs = make_transforms(originals, a.work, a.jobs, transforms)
    stored = {p: int(h["reference"][p]["pdq"], 16) for p in paths
              if "pdq" in h["reference"].get(p, {})}
    queries = {}
    for mode, args in MODES.items():
        tag = a.tag if mode == "default" else ""
        tpaths = [t for name in transforms for t in outputs[name].values()
                  if os.path.exists(t)]
        queries[mode] = hash_files(
            a.vigil, args, tpaths,
            os.path.join(a.work, f"t_{mode}{tag}.jsonl"), a.jobs)
    how = (f"{a.sample} drawn with seed {a.seed} across the packages"
           if sampled else f"every {a.every}th image")
    print(f"\n## Recall@{RADIUS}, {len(originals)} originals ({how}" +
          (f", at most {a.max_pixels} pixels)" if a.max_pixels else ")"))
    print("| transform | " + " | ".join(MODES) + " |")
    print("| --- |" + " --- |" * len(MODES))
    for name in transforms:
        cells = []
        for mode in MODES:
            found = 0
            for src, t in outputs[name].items():
                rec = queries[mode].get(t)
                if rec and any((q ^ stored[src]).bit_count() <= RADIUS
                               for q in query_hashes(rec)):
                    found += 1
            n = len(outputs[name])
            cells.append(f"{found}/{n} ({100.0 * found / n:.1f}%)")
        print(f"| {name} | " + " | ".join(cells) + " |")

    # 3. False-positive pairs among distinct corpus images.
    print(f"\n## False-positive pairs among {len(stored)} distinct images")
    keys = list(stored)
    values = [stored[k] for k in keys]
    found = {}
    for mode in MODES:
        pairs = found[mode] = set()
        for i, k in enumerate(keys):
            for q in query_hashes(h[mode][k]):
                for j, s in enumerate(values):
                    if j != i and (q ^ s).bit_count() <= RADIUS:
                        pairs.add((min(i, j), max(i, j)))
        print(f"{mode}: {len(pairs)} pairs")
        for i, j in sorted(pairs)[:20]:
            print(f"  {keys[i]}  {keys[j]}")
    for mode, other in (("default", "full"), ("full", "default")):
        extra = sorted(found[mode] - found[other])
        print(f"{mode} only (not {other}): {len(extra)} pairs")
        for i, j in extra:
            print(f"  {keys[i]}  {keys[j]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
