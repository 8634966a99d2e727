#!/usr/bin/python3
# Copyright 2026 The Vigil Authors.
"""Prints the ratio tables of vigil_index_benchmark's JSON output.

  taskset -c 0 build/release/bench/index/vigil_index_benchmark \
      --benchmark_out=index.json --benchmark_out_format=json
  /usr/bin/python3 bench/index/ratio_table.py index.json

Search rows: queries/s of each matcher on the same data and queries, and
Vigil's speed-up over each (all measured in the same run). Standard library
only.
"""

import json
import re
import sys

SEARCH = re.compile(r"^Search/(\w+)/(\w+)/size:(\d+)/radius:(\d+)")
MATCHERS = ["vigil", "bruteforce", "faiss_flat", "faiss_multihash"]


def human(n):
    for unit, div in (("M", 1e6), ("k", 1e3)):
        if n >= div:
            return f"{n / div:g}{unit}"
    return str(n)


def fmt(x):
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def main(path):
    with open(path) as f:
        data = json.load(f)
    search = {}
    other = []
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "mean":
            continue
        m = SEARCH.match(b["name"])
        if m:
            matcher, kind, size, radius = m.groups()
            key = (kind, int(size), int(radius))
            search.setdefault(key, {})[matcher] = b
        else:
            other.append(b)
    present = [m for m in MATCHERS
               if any(m in row for row in search.values())]
    head = ["data", "size", "r"] + [f"{m} q/s" for m in present] + \
        [f"x {m}" for m in present if m != "vigil"] + ["vigil B/hash"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key in sorted(search):
        row = search[key]
        qps = {m: row[m]["items_per_second"] if m in row else None
               for m in present}
        cells = [key[0], human(key[1]), str(key[2])]
        cells += [fmt(qps[m]) for m in present]
        for m in present:
            if m == "vigil":
                continue
            ok = qps.get("vigil") and qps[m]
            cells.append(f"{qps['vigil'] / qps[m]:,.1f}x" if ok else "-")
        bph = row.get("vigil", {}).get("bytes_per_hash")
        cells.append(fmt(bph))
        print("| " + " | ".join(cells) + " |")
    if other:
        print()
        print("| benchmark | time | items/s | bytes per hash/key |")
        print("|---|---|---|---|")
        for b in other:
            unit = b.get("time_unit", "ns")
            per = b.get("bytes_per_hash", b.get("bytes_per_key"))
            print(f"| {b['name']} | {b['real_time']:.4g} {unit} | "
                  f"{fmt(b.get('items_per_second'))} | {fmt(per)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: ratio_table.py BENCHMARK_JSON")
    main(sys.argv[1])
