#!/usr/bin/env bash
# Smoke fuzzing of the decoders and parsers: builds the libFuzzer targets with the
# `fuzz` preset (clang-14, ASan+UBSan), generates the seed corpus and runs
# every target for a few seconds (default 4 s each, ~1 minute in total).
# Prints the executions per target; exits non-zero if any target finds a
# crash, a leak, a sanitizer report or a contract violation.
#
#   fuzz/run_smoke.sh [seconds per target]
#   VIGIL_FUZZ_BUILD_DIR=build/media-fuzz fuzz/run_smoke.sh 4
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${VIGIL_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
PER_TARGET=${1:-4}
TARGETS=(sniff image exif jpeg png webp webp_anim gif bmp tiff heif animation video
         hashlist vpdq json bundle)

cd "$ROOT"
cmake --preset fuzz -B "$BUILD" > /dev/null
cmake --build "$BUILD" --target vigil_fuzzers > /dev/null

SEEDS="$BUILD/fuzz-seeds"
rm -rf "$SEEDS"
# x265 (HEIC seed encoding) leaks a little on purpose; not our code.
ASAN_OPTIONS=detect_leaks=0 "$BUILD/fuzz/vigil_fuzz_make_seeds" "$SEEDS"
mkdir -p "$BUILD/fuzz-logs" "$BUILD/fuzz-artifacts"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

failed=0
total=0
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="$BUILD/fuzz-logs/$t.log"
  seeds="$SEEDS/$t"
  [[ -d "$seeds" ]] || seeds=""
  if ! "$BUILD/fuzz/vigil_fuzz_$t" -max_total_time="$PER_TARGET" \
      -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -artifact_prefix="$BUILD/fuzz-artifacts/$t-" \
      "$corpus" ${seeds:+"$seeds"} > "$log" 2>&1; then
    echo "FAILED: $t (log $log)"
    grep -E "ERROR|SUMMARY|violation|Test unit written" "$log" | head -20 || true
    failed=1
  fi
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  cov=$(grep -oE "cov: [0-9]+" "$log" | tail -1 || true)
  printf "%-6s %10s execs  %s\n" "$t" "${execs:-?}" "$cov"
  total=$((total + ${execs:-0}))
done
echo "total  $total execs"
exit $failed
