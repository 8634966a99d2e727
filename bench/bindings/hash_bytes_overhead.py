#!/usr/bin/python3
# Copyright 2026 The Vigil Authors.
"""Times vigil.hash_bytes on one input; the Python side of the overhead
benchmark (see run_hash_bytes_overhead.py). Not a test: ctest never runs it.

  PYTHONPATH=build/<dir>/python /usr/bin/python3 hash_bytes_overhead.py FILE

Prints one JSON object: per-call seconds (median and min over repeats).
"""

import argparse
import json
import statistics
import time

import vigil


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input")
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="approximate time to measure (default 1)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with open(args.input, "rb") as f:
        data = f.read()
    h = vigil.hash_bytes(data)
    if h.pdq is None:
        raise SystemExit(f"{args.input}: no PDQ ({h.error})")
    # Calibrate the number of calls per repeat.
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.1:
        vigil.hash_bytes(data)
        calls += 1
    per_repeat = max(1, int(calls * args.seconds / 0.1 / args.repeats))
    timings = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(per_repeat):
            vigil.hash_bytes(data)
        timings.append((time.perf_counter() - start) / per_repeat)
    print(json.dumps({
        "input_bytes": len(data),
        "calls_per_repeat": per_repeat,
        "median_s": statistics.median(timings),
        "min_s": min(timings),
    }))


if __name__ == "__main__":
    main()
