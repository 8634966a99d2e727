#!/usr/bin/python3
# Copyright 2026 The Vigil Authors.
"""Overhead of the Python binding: vigil.hash_bytes vs the C++ call.

  /usr/bin/python3 bench/bindings/run_hash_bytes_overhead.py \
      --build-dir build/release [--input FILE] [--rounds 5]

Uses a ~100 KB JPEG of the benign demo corpus (make_demo_images) unless
--input is given. Each round runs the C++ baseline (vigil_bindings_benchmark,
Google Benchmark, MediaHasher::HashBytes) and then the Python side
(hash_bytes_overhead.py) on the same bytes, one after the other, so both see
the same machine load; the ratio is taken per round and the median is
reported. Target: ratio <= 1.05.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent


def pick_jpeg(build_dir, target=100_000):
    out = pathlib.Path(tempfile.mkdtemp(prefix="vigil_bench_"))
    subprocess.run([str(build_dir / "bin" / "make_demo_images"), str(out)],
                   check=True, capture_output=True)
    jpegs = sorted(out.rglob("*.jpg"))
    return min(jpegs, key=lambda p: abs(p.stat().st_size - target))


def cpp_seconds(build_dir, path, min_time):
    exe = build_dir / "bench" / "bindings" / "vigil_bindings_benchmark"
    env = dict(os.environ, VIGIL_BENCH_INPUT=str(path))
    out = subprocess.run(
        [str(exe), "--benchmark_format=json",
         f"--benchmark_min_time={min_time}", "--benchmark_repetitions=5",
         "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True, env=env)
    for b in json.loads(out.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            assert b["time_unit"] == "us"
            return b["real_time"] * 1e-6
    raise RuntimeError("no median in benchmark output")


def python_seconds(build_dir, path, seconds):
    env = dict(os.environ, PYTHONPATH=str(build_dir / "python"))
    out = subprocess.run(
        ["/usr/bin/python3", str(HERE / "hash_bytes_overhead.py"), str(path),
         "--seconds", str(seconds)],
        check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)["median_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True, type=pathlib.Path)
    parser.add_argument("--input", type=pathlib.Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    build_dir = args.build_dir.resolve()
    path = args.input or pick_jpeg(build_dir)
    print(f"input: {path.name}, {path.stat().st_size} bytes")
    print(f"{'round':>5} {'C++ us':>10} {'Python us':>10} {'ratio':>7}")
    ratios = []
    for i in range(args.rounds):
        c = cpp_seconds(build_dir, path, args.seconds / 5)
        p = python_seconds(build_dir, path, args.seconds)
        ratios.append(p / c)
        print(f"{i + 1:>5} {c * 1e6:>10.1f} {p * 1e6:>10.1f} {p / c:>7.3f}")
    ratio = statistics.median(ratios)
    verdict = "within" if ratio <= 1.05 else "NOT within"
    print(f"median ratio Python/C++: {ratio:.3f} ({verdict} the 5% target)")
    return 0 if ratio <= 1.05 else 1


if __name__ == "__main__":
    sys.exit(main())
