#!/usr/bin/env bash
# The fuzzing campaign: runs each target, one at a time and niced, until it
# has used CPU_SECONDS of CPU time (default 600; libFuzzer's
# -max_total_time is wall time, so the target runs in chunks of
# CHUNK_SECONDS wall time and /usr/bin/time adds up user + system time),
# then minimises the grown corpus into fuzz/corpus/<target> (-merge=1) and
# appends one line to $BUILD/fuzz-logs/campaign.tsv:
#   target  cpu_s  wall_s  executions  corpus_files  corpus_bytes  findings
# A timeout that does not repeat when its input runs alone is the machine,
# not a finding (the chunk ends early and the next one starts).
# Crashes land in $BUILD/fuzz-artifacts/ (reproduce with
# $BUILD/fuzz/vigil_fuzz_<target> <artifact>). Uses an existing build
# ($BUILD, default build/fuzz: cmake --preset fuzz; cmake --build build/fuzz
# --target vigil_fuzzers) and its seeds ($BUILD/fuzz-seeds, written by
# vigil_fuzz_make_seeds).
#
#   CPU_SECONDS=600 fuzz/run_campaign.sh target ...
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${VIGIL_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
CPU_SECONDS=${CPU_SECONDS:-600}
CHUNK_SECONDS=${CHUNK_SECONDS:-150}
SEEDS="$BUILD/fuzz-seeds"
LOGS="$BUILD/fuzz-logs"
mkdir -p "$LOGS" "$BUILD/fuzz-artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

for t in "$@"; do
  bin="$BUILD/fuzz/vigil_fuzz_$t"
  corpus="$BUILD/fuzz-corpus/$t"
  kept="$ROOT/fuzz/corpus/$t"
  mkdir -p "$corpus" "$kept"
  dirs=("$corpus" "$kept")
  [[ -d "$SEEDS/$t" ]] && dirs+=("$SEEDS/$t")
  cpu=0 wall=0 execs=0 findings=0 chunk=0
  while awk -v c="$cpu" -v b="$CPU_SECONDS" 'BEGIN { exit !(c < b) }'; do
    chunk=$((chunk + 1))
    log="$LOGS/$t-campaign-$chunk.log"
    nice -n 5 /usr/bin/time -f "%U %S %e" -o "$LOGS/$t.time" "$bin" \
      -max_total_time="$CHUNK_SECONDS" -print_final_stats=1 \
      -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
      -report_slow_units=100000 \
      -artifact_prefix="$BUILD/fuzz-artifacts/$t-" "${dirs[@]}" \
      > "$log" 2>&1
    read -r user sys elapsed < <(tail -1 "$LOGS/$t.time")
    cpu=$(awk -v a="$cpu" -v u="$user" -v s="$sys" 'BEGIN { print a + u + s }')
    wall=$(awk -v a="$wall" -v e="$elapsed" 'BEGIN { print a + e }')
    n=$(awk '/stat::number_of_executed_units/ {n = $2} END {print n}' "$log")
    execs=$((execs + ${n:-0}))
    echo "$t chunk $chunk: cpu ${cpu}s wall ${wall}s execs $execs" >&2
    # A timeout on a shared machine may be the machine (a paused or starved
    # process: libFuzzer's -timeout is wall time): the input is run again
    # alone, and only a second timeout is a finding.
    if grep -q "ERROR: libFuzzer: timeout" "$log"; then
      unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
      if [[ -n "$unit" ]] && nice -n 5 timeout 300 "$bin" -timeout=20 \
        -rss_limit_mb=2048 "$unit" > "$log.recheck" 2>&1; then
        echo "$t chunk $chunk: timeout not reproduced alone (machine load): $unit" >&2
        mv "$unit" "$unit.spurious"
        continue
      fi
    fi
    if grep -qE "ERROR: |SUMMARY: |contract violation|Test unit written" "$log"; then
      findings=$((findings + 1))
      echo "FINDING: $t (log $log)"
      grep -E "ERROR|SUMMARY|violation|Test unit written" "$log" | head -5
      break
    fi
  done
  # Minimise: the kept corpus becomes the smallest set with the same
  # coverage as kept + grown.
  fresh="$BUILD/fuzz-merge/$t"
  rm -rf "$fresh" && mkdir -p "$fresh"
  nice -n 5 "$bin" -merge=1 -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
    "$fresh" "$kept" "$corpus" ${dirs[2]:+"${dirs[2]}"} \
    > "$LOGS/$t-merge.log" 2>&1
  rm -rf "$kept" && mv "$fresh" "$kept"
  files=$(find "$kept" -type f | wc -l)
  bytes=$(du -sb "$kept" | cut -f1)
  printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$t" "$cpu" "$wall" "$execs" \
    "$files" "$bytes" "$findings" | tee -a "$LOGS/campaign.tsv"
done
