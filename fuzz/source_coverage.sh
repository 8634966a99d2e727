#!/usr/bin/env bash
# Line and branch coverage of the files each fuzz target is about, from
# clang's source-based coverage over the target's stored corpus
# (fuzz/corpus/<target>): builds (or reuses) the `fuzz-coverage` preset
# (clang-14, -fprofile-instr-generate -fcoverage-mapping, libFuzzer's main,
# no sanitizers), runs the target once over every stored input (-runs=0),
# merges the profiles with llvm-profdata-14 and prints, from llvm-cov-14,
# a markdown table for fuzz/README.md. Exits non-zero when a target fails
# on its corpus.
#
#   fuzz/source_coverage.sh [target ...]   # default: every stored corpus
#   VIGIL_COVERAGE_BUILD_DIR=build/cov fuzz/source_coverage.sh gif json
#
# Per target, the raw profiles, the merged profile and the full
# `llvm-cov report` are kept in <build>/coverage/<target>/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${VIGIL_COVERAGE_BUILD_DIR:-$ROOT/build/fuzz-coverage}
cd "$ROOT"

# The files (under engine/src) each target is about.
files_of() {
  case "$1" in
    sniff) echo media/media_type.cc ;;
    image) echo media/image.cc media/media_type.cc ;;
    exif) echo media/internal/exif.cc ;;
    jpeg | png | webp | gif | bmp | tiff | heif) echo "media/${1}_decoder.cc" ;;
    webp_anim) echo media/webp_animation.cc ;;
    animation)
      echo hash/content_hasher.cc media/gif_decoder.cc \
        media/webp_animation.cc media/video_decoder.cc \
        media/internal/ffmpeg_session.cc ;;
    video)
      echo media/video_decoder.cc media/internal/ffmpeg_session.cc \
        media/internal/ffmpeg_util.cc ;;
    hashlist) echo store/internal/import_parser.cc ;;
    vpdq) echo hash/vpdq_io.cc ;;
    json) echo events/event.cc events/event_state.cc core/signal_type.cc ;;
    bundle) echo store/bundle.cc ;;
    *) echo "no file list for target '$1' (fuzz/source_coverage.sh)" >&2
       return 1 ;;
  esac
}

if [[ $# -gt 0 ]]; then
  TARGETS=("$@")
else
  TARGETS=()
  for d in fuzz/corpus/*/; do TARGETS+=("$(basename "$d")"); done
fi
for t in "${TARGETS[@]}"; do
  files_of "$t" > /dev/null
  [[ -d fuzz/corpus/$t ]] || { echo "no stored corpus fuzz/corpus/$t" >&2; exit 2; }
done

cmake --preset fuzz-coverage -B "$BUILD" > /dev/null
cmake --build "$BUILD" --target "${TARGETS[@]/#/vigil_fuzz_}" > /dev/null

echo "| target | file | lines | branches |"
echo "| --- | --- | ---: | ---: |"
failed=0
for t in "${TARGETS[@]}"; do
  out="$BUILD/coverage/$t"
  rm -rf "$out"
  mkdir -p "$out"
  if ! LLVM_PROFILE_FILE="$out/%p.profraw" "$BUILD/fuzz/vigil_fuzz_$t" \
      -runs=0 -rss_limit_mb=4096 -timeout=60 "fuzz/corpus/$t" \
      > "$out/run.log" 2>&1; then
    echo "FAILED: $t over its corpus (log $out/run.log)" >&2
    failed=1
    continue
  fi
  llvm-profdata-14 merge -sparse -o "$out/$t.profdata" "$out"/*.profraw
  sources=()
  for f in $(files_of "$t"); do sources+=("$ROOT/engine/src/$f"); done
  llvm-cov-14 report "$BUILD/fuzz/vigil_fuzz_$t" \
    -instr-profile="$out/$t.profdata" "${sources[@]}" > "$out/report.txt"
  llvm-cov-14 export -summary-only "$BUILD/fuzz/vigil_fuzz_$t" \
    -instr-profile="$out/$t.profdata" "${sources[@]}" |
    python3 -c '
import json, os, sys
# The binary names its sources by the paths the build used (e.g.
# <build>/../../engine/src/x.cc): normalised, then only the files of the
# target are printed.
target, root, wanted = sys.argv[1], sys.argv[2] + "/engine/src/", sys.argv[3:]
def cell(s):
    if s["count"] == 0:
        return "-"
    return "%d / %d (%.1f%%)" % (s["covered"], s["count"], s["percent"])
for f in sorted(json.load(sys.stdin)["data"][0]["files"],
                key=lambda f: f["filename"]):
    name = os.path.normpath(f["filename"]).replace(root, "")
    if name not in wanted:
        continue
    s = f["summary"]
    print("| `%s` | %s | %s | %s |" % (target, name, cell(s["lines"]),
                                      cell(s["branches"])))
' "$t" "$ROOT" $(files_of "$t")
done
exit $failed
