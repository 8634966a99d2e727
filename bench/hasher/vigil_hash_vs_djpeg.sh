#!/usr/bin/env bash
# Copyright 2026 The Vigil Authors.
#
# End-to-end throughput of `vigil hash` (3 digests + XXH3 + decode + PDQ,
# output to /dev/null) against libjpeg-turbo's `djpeg` decoding the same
# files at full scale to RGB (one process per file, as a shell loop would
# run it), on 1 and 2 CPUs; and `vigil hash --dihedral` (the 8 exact
# variants; unletterbox is on in both) on 1 CPU.
#
# Inputs: the ~1600x1000 baseline 4:2:0 bridge photos of
# $VIGIL_CONFORMANCE_DIR/pdq/images/bridge-mods (benign), copied COPIES
# times into a temporary directory so that a run lasts long enough to time.
#
#   VIGIL_CONFORMANCE_DIR=... bench/hasher/vigil_hash_vs_djpeg.sh \
#       build/release/bin/vigil [COPIES=20] [ROUNDS=3]
#
# Prints, per configuration, the best of ROUNDS runs: wall seconds,
# images/s and MB/s (input bytes), and CPU seconds (user + system).
# One-CPU runs are pinned to CPU $VIGIL_BENCH_CPU (default 1; pick an idle
# one on a shared machine). VIGIL_BENCH_FULL=1 adds `vigil hash --pdq-mode
# full` (plain and --dihedral) on 1 CPU. Needs djpeg (package
# libjpeg-turbo-progs) and taskset.
set -euo pipefail

vigil=${1:?usage: $0 path/to/vigil [copies] [rounds]}
copies=${2:-20}
rounds=${3:-3}
cpu=${VIGIL_BENCH_CPU:-1}
src=${VIGIL_CONFORMANCE_DIR:?set VIGIL_CONFORMANCE_DIR}/pdq/images/bridge-mods
command -v djpeg >/dev/null || { echo "djpeg not found" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/in"
for f in "$src"/*.jpg; do
  name=$(basename "$f")
  case "$name" in square* | shrink*) continue ;; esac
  for ((i = 0; i < copies; i++)); do cp "$f" "$work/in/$i-$name"; done
done
files=$(ls "$work/in" | wc -l)
bytes=$(cat "$work/in"/* | wc -c)

# Best of `rounds` runs of "$@": "WALL CPU" in seconds, CPU being user +
# system time of all its processes (on a shared machine the CPU time is the
# steadier figure; wall time counts the other jobs' share of the CPU too).
best() {
  local best_s="" best_cpu=""
  for ((r = 0; r < rounds; r++)); do
    local out wall cpu
    out=$({
      TIMEFORMAT='%R %U %S'
      time "$@" >/dev/null 2>&1
    } 2>&1)
    read -r wall user sys <<<"$out"
    cpu=$(echo "$user + $sys" | bc -l)
    if [[ -z $best_s ]] || (($(echo "$wall < $best_s" | bc -l))); then
      best_s=$wall
    fi
    if [[ -z $best_cpu ]] || (($(echo "$cpu < $best_cpu" | bc -l))); then
      best_cpu=$cpu
    fi
  done
  echo "$best_s $best_cpu"
}

report() {
  local label=$1 s cpu
  read -r s cpu <<<"$2"
  printf '%-34s %7.3f s  %7.1f images/s  %6.1f MB/s  CPU %7.3f s = %6.2f ms/image\n' \
    "$label" "$s" "$(echo "$files / $s" | bc -l)" \
    "$(echo "$bytes / $s / 1000000" | bc -l)" "$cpu" \
    "$(echo "$cpu * 1000 / $files" | bc -l)"
}

djpeg_all() {
  local cpus=$1 jobs=$2
  ls "$work/in" | sed "s|^|$work/in/|" |
    taskset -c "$cpus" xargs -P "$jobs" -n 1 djpeg -outfile /dev/null
}

echo "$files files, $bytes bytes; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
report "vigil hash, 1 thread (cpu $cpu)" \
  "$(best taskset -c "$cpu" "$vigil" hash --threads 1 "$work/in")"
report "djpeg, 1 process (cpu $cpu)" "$(best djpeg_all "$cpu" 1)"
report "vigil hash --dihedral, 1 thread" \
  "$(best taskset -c "$cpu" "$vigil" hash --dihedral --threads 1 "$work/in")"
if [[ ${VIGIL_BENCH_FULL:-0} == 1 ]]; then
  report "vigil hash --pdq-mode full, 1 thread" \
    "$(best taskset -c "$cpu" "$vigil" hash --pdq-mode full --threads 1 "$work/in")"
  report "  ... full --dihedral, 1 thread" \
    "$(best taskset -c "$cpu" "$vigil" hash --pdq-mode full --dihedral \
      --threads 1 "$work/in")"
fi
report "vigil hash, 2 threads (cpus 0,1)" \
  "$(best taskset -c 0,1 "$vigil" hash --threads 2 "$work/in")"
report "djpeg, 2 processes (cpus 0,1)" "$(best djpeg_all 0,1 2)"
