#!/bin/sh
# Imports the Python module `vigil` from DIR only (PYTHONPATH=DIR, run from
# an empty directory) and checks where it came from, its version and one
# hash.
#
#   import_check.sh PYTHON DIR VERSION WORK_DIR
set -eu
python=$1
dir=$2
version=$3
work=$4

mkdir -p "$work/empty"
cd "$work/empty"
out=$(PYTHONPATH="$dir" PYTHONNOUSERSITE=1 "$python" -c '
import hashlib, os, sys, vigil
d = os.path.realpath(sys.argv[1])
assert os.path.dirname(os.path.realpath(vigil.__file__)) == d, vigil.__file__
assert vigil.version() == sys.argv[2], vigil.version()
h = vigil.hash_bytes(b"upload bytes")
assert h.md5 == hashlib.md5(b"upload bytes").hexdigest(), h.md5
print(vigil.version(), h.md5)
' "$dir" "$version") || { echo "FAIL: import vigil from $dir"; exit 1; }
echo "OK: python3 import vigil from $dir: $out"
