#!/usr/bin/env bash
# Long fuzzing run of the decoders and parsers: like run_smoke.sh, but each target
# runs for much longer (default 600 s) and keeps its growing corpus in
# $BUILD/fuzz-corpus/<target> between runs. Crashes land in
# $BUILD/fuzz-artifacts/; reproduce one with
#   $BUILD/fuzz/vigil_fuzz_<target> <artifact>
#
#   fuzz/run_long.sh [seconds per target] [target ...]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PER_TARGET=${1:-600}
shift || true
if [[ $# -gt 0 ]]; then
  export VIGIL_FUZZ_TARGETS="$*"
fi
BUILD=${VIGIL_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
TARGETS=(${VIGIL_FUZZ_TARGETS:-sniff image exif jpeg png webp webp_anim gif bmp tiff heif
  animation video hashlist vpdq json})

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
for t in "${TARGETS[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  mkdir -p "$corpus"
  seeds="$SEEDS/$t"
  [[ -d "$seeds" ]] || seeds=""
  echo "== $t for ${PER_TARGET}s"
  if ! "$BUILD/fuzz/vigil_fuzz_$t" -max_total_time="$PER_TARGET" \
      -print_final_stats=1 -rss_limit_mb=2048 -timeout=20 -max_len=262144 \
      -artifact_prefix="$BUILD/fuzz-artifacts/$t-" \
      "$corpus" ${seeds:+"$seeds"} 2>&1 | tee "$BUILD/fuzz-logs/$t-long.log" |
      grep -E "^#[0-9]+.*(NEW|pulse)|ERROR|SUMMARY|stat::number_of_executed_units"; then
    :
  fi
  if grep -qE "ERROR: |SUMMARY: |violation" "$BUILD/fuzz-logs/$t-long.log"; then
    echo "FAILED: $t"
    failed=1
  fi
done
exit $failed
