#!/bin/bash
# bench/serve/run.sh: `vigil serve` under wrk on loopback with 10M PDQ
# hashes loaded. Not part of the test suite. See README.md.
#
#   bench/serve/run.sh [WORK_DIR]   (VIGIL=path/to/vigil, DURATION=10s,
#                                    THREADS=2, PDQ=10000000, MD5=1000000,
#                                    ONLY_SCAN=1: only the scan comparison,
#                                    ONLY_LOOKUP=1: only the lookups)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VIGIL=${VIGIL:-$HERE/../../build/release/bin/vigil}
WORK=${1:-/tmp/vigil-serve-bench}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
PDQ=${PDQ:-10000000}
MD5=${MD5:-1000000}
PORT=${PORT:-18080}
DB=$WORK/db
mkdir -p "$WORK"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ ! -f "$WORK/pdq.txt" ]; then
  python3 "$HERE/gen_data.py" "$WORK" --pdq "$PDQ" --md5 "$MD5"
fi
if [ ! -d "$DB" ]; then
  "$VIGIL" --db "$DB" hashset create bench --types pdq,md5 --action review
  /usr/bin/time -f "# import pdq: %e s" "$VIGIL" --db "$DB" hashset import bench "$WORK/pdq.txt" --format plain --type pdq >/dev/null
  "$VIGIL" --db "$DB" hashset import bench "$WORK/md5.txt" --format plain --type md5 >/dev/null
  "$VIGIL" --db "$DB" token create bench --scopes match | head -1 > "$WORK/token"
fi
TOKEN=$(cat "$WORK/token")
[ -f "$WORK/md5cold100.json" ] || python3 "$HERE/gen_data.py" "$WORK" --cold-only
# The baselines first (the service holds the store lock while it runs).
if [ -z "${ONLY_SCAN:-}" ]; then
  echo "## vigil bench match (same size, uniform data, threads=$THREADS)"
  "$VIGIL" bench match --size "$PDQ" --queries 200000 --threads "$THREADS"
fi
if [ -z "${ONLY_LOOKUP:-}" ]; then
ls "$WORK"/jpeg/*.jpg > "$WORK/files.txt"
echo "# jpeg files: $(wc -l < "$WORK/files.txt"), mean size $(( $(cat "$WORK"/jpeg/*.jpg | wc -c) / $(wc -l < "$WORK/files.txt") )) bytes"
# vigil scan on 2,000 distinct files (the 20 JPEGs with 100 different
# trailers each: no dedup cache hits), and on one file (start-up: opening
# the store and building the 10M index), so the scan rate excludes start-up.
mkdir -p "$WORK/scanset"
for f in "$WORK"/jpeg/*.jpg; do
  for k in $(seq 100); do
    { cat "$f"; printf 'trailer%09d' "$k"; } > "$WORK/scanset/$(basename "$f" .jpg)-$k.jpg"
  done
done
# Start-up (the 10M index build, ~3 s) is most of a 2,000-file run, so each
# is timed 3 times, alternately, and the medians are subtracted.
echo "## vigil scan, threads=$THREADS: 1 file (start-up) and 2,000 files, 3 times each"
for run in 1 2 3; do
  for set in "$WORK/scanset/img000-1.jpg" "$WORK/scanset"; do
    start=$(date +%s.%N)
    "$VIGIL" --db "$DB" scan --threads "$THREADS" "$set" > /dev/null 2>&1 || true
    t=$(echo "$(date +%s.%N) - $start" | bc)
    echo "vigil scan $(basename "$set"): $t s"
    echo "$t" >> "$WORK/scan-$(basename "$set").times.$$"
  done
done
one=$(sort -n "$WORK/scan-img000-1.jpg.times.$$" | sed -n 2p)
all=$(sort -n "$WORK/scan-scanset.times.$$" | sed -n 2p)
rm -f "$WORK"/scan-*.times.$$
echo "# vigil scan medians: 1 file $one s, 2,000 files $all s: $(echo "2000 / ($all - $one)" | bc) files/s without start-up"
fi

# --dedup-cache 0: scan.lua sends the same 20 JPEGs over and over, and each
# must be hashed as vigil scan hashes its 2,000 distinct files.
"$VIGIL" --db "$DB" serve --listen 127.0.0.1:$PORT --threads "$THREADS" \
  --max-inflight 256 --max-connections 256 --dedup-cache 0 2> "$WORK/serve.err" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
t0=$(date +%s.%N)
until curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/readyz" >/dev/null; do sleep 0.2; done
echo "# ready after $(echo "$(date +%s.%N) - $t0" | bc) s; RSS $(grep VmRSS /proc/$PID/status)"

run() {  # NAME CONNECTIONS BODIES [PATH]
  echo "## $1, $2 connections"
  TOKEN=$TOKEN BODIES=$3 WRK_PATH=${4:-/v1/lookup} \
    wrk -t2 -c"$2" -d"$DURATION" --latency -s "$HERE/lookup.lua" \
    "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Non-2xx|  50%|  99%|requests in|Socket errors"
}
for c in 16 64; do
  [ -n "${ONLY_SCAN:-}" ] && break
  run "/v1/lookup single PDQ" $c "$WORK/single.json"
  run "/v1/lookup 100 PDQ per request" $c "$WORK/batch100.json"
  run "/v1/lookup 100 md5 per request" $c "$WORK/md5batch100.json"
  run "/v1/lookup 100 md5 per request, cold (200k distinct)" $c "$WORK/md5cold100.json"
  echo "## /m/raw_lookup single PDQ (HMA, GET), $c connections"
  TOKEN=$TOKEN BODIES=$WORK/single.json \
    wrk -t2 -c"$c" -d"$DURATION" --latency -s "$HERE/raw_lookup.lua" \
    "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Non-2xx|  50%|  99%|requests in|Socket errors"
done
for c in 16 64; do
  [ -n "${ONLY_LOOKUP:-}" ] && break
  echo "## /v1/scan of the JPEGs, $c connections"
  TOKEN=$TOKEN FILES=$WORK/files.txt wrk -t2 -c$c -d"$DURATION" --latency \
    -s "$HERE/scan.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Non-2xx|  50%|  99%|requests in"
done
echo "# RSS after: $(grep -E 'VmRSS|VmHWM' /proc/$PID/status | tr -s ' \n' ' ')"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
