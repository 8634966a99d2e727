#!/usr/bin/env bash
# The README's demo command: installs the build dependencies (Debian 12),
# builds `vigil`, and runs the main job on embedded defaults:
#   1. generates a benign demo corpus (synthetic images: fractals, waves,
#      shapes, rings) -- known originals and "uploads" (resized,
#      recompressed, rotated, mirrored copies, unrelated images, one corrupt
#      file);
#   2. creates a store in a temporary directory and a hash set "demo-known"
#      from the originals (hash and block: `vigil hashset add NAME MEDIA`);
#   3. scans the uploads (`vigil scan --dihedral`), printing one JSON line
#      per file, the takedown events and the summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

bash tools/scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vigil make_demo_images
bin="$root/build/release/bin"

work="$(mktemp -d -t vigil-demo-XXXXXX)"
trap 'rm -rf "$work"' EXIT
vigil() { "$bin/vigil" --db "$work/db" "$@"; }

echo "== demo corpus (benign, generated) in $work/corpus"
"$bin/make_demo_images" "$work/corpus" >/dev/null
ls "$work/corpus/known" "$work/corpus/uploads"

echo
echo "== hash set 'demo-known' from the originals"
vigil hashset create demo-known --types pdq,md5,sha1,sha256 --action remove \
  --source "vigil demo" --description "benign generated demo images" >/dev/null
for f in "$work"/corpus/known/*; do
  vigil hashset add demo-known "$f" --external-id "$(basename "$f")" \
    --category demo >/dev/null
done
vigil hashset stats demo-known

echo
echo "== scan of the uploads (one JSON line per file; events in $work/events.jsonl)"
set +e
vigil scan --dihedral --progress never --events "$work/events.jsonl" \
  "$work/corpus/uploads"
code=$?
set -e

echo
echo "== takedown events"
cat "$work/events.jsonl"
echo
echo "demo: vigil scan exited with $code (1 = matches found, see README 'Exit codes')"
[ "$code" -eq 1 ]
