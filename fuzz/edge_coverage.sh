#!/usr/bin/env bash
# Edge coverage of our source files reached by a stored corpus, from the
# fuzz build's own SanitizerCoverage (libFuzzer -print_coverage=1; no
# separate coverage build): for each engine/src file, the instrumented
# edges covered / total, over the functions the binary links.
#
#   fuzz/edge_coverage.sh target [corpus dir]   # default fuzz/corpus/<target>
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${VIGIL_FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
t=$1
corpus=${2:-$ROOT/fuzz/corpus/$t}
ASAN_OPTIONS=detect_leaks=0 "$BUILD/fuzz/vigil_fuzz_$t" -runs=0 \
  -print_coverage=1 -rss_limit_mb=2048 \
  -artifact_prefix="$BUILD/fuzz-artifacts/coverage-" "$corpus" 2>&1 |
  awk '/^(UN)?COVERED_FUNC:/ {
         split($5, e, "/"); file = $NF; sub(/:[0-9]+$/, "", file);
         if (file !~ /engine\/src\//) next;
         sub(/.*engine\/src\//, "", file);
         cov[file] += e[1]; tot[file] += e[2] }
       END { for (f in tot) if (tot[f] > 0)
               printf "%-40s %6d / %-6d %5.1f%%\n", f, cov[f], tot[f],
                      100 * cov[f] / tot[f] }' | sort
