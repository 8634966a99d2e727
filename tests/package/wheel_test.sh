#!/bin/sh
# Builds a wheel of the Python module from the source tree with Debian's
# pip/setuptools/wheel and no index (`pip wheel --no-build-isolation
# --no-index`), packaging the module already built in BUILD_DIR
# (VIGIL_CMAKE_BUILD_DIR, see setup.py); checks its name and contents,
# installs it with `pip install --no-index --target` and imports it.
#
#   wheel_test.sh PYTHON SOURCE_DIR BUILD_DIR WORK_DIR VERSION
set -eu
python=$1
source=$2
build=$3
work=$4
version=$5
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work"
# No pip configuration (find-links, index URLs) and no cache: only the
# Debian packages and the source tree take part.
PIP_CONFIG_FILE=/dev/null
PIP_NO_CACHE_DIR=1
PIP_DISABLE_PIP_VERSION_CHECK=1
PIP_ROOT_USER_ACTION=ignore
export PIP_CONFIG_FILE PIP_NO_CACHE_DIR PIP_DISABLE_PIP_VERSION_CHECK \
  PIP_ROOT_USER_ACTION

VIGIL_CMAKE_BUILD_DIR=$build "$python" -m pip wheel --no-build-isolation \
  --no-index --no-deps -w "$work/dist" "$source" >"$work/wheel.log" 2>&1 ||
  fail "pip wheel: $(cat "$work/wheel.log")"
tag=$("$python" -c 'import sys, sysconfig
v = "cp%d%d" % sys.version_info[:2]
print("%s-%s-%s" % (v, v, sysconfig.get_platform().replace("-", "_").replace(".", "_")))')
wheel="$work/dist/vigil-$version-$tag.whl"
[ -f "$wheel" ] || fail "no $(basename "$wheel"): $(ls "$work/dist")"
[ ! -e "$source/vigil.egg-info" ] || fail "setuptools wrote into the source tree"
echo "OK: built $(basename "$wheel") ($(wc -c <"$wheel") bytes)"

"$python" - "$wheel" "$version" <<'PYEOF' || fail "wheel contents"
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
dist = f"vigil-{version}.dist-info/"
for want in (dist + "METADATA", dist + "WHEEL", dist + "RECORD", "vigil.pyi"):
    assert want in names, (want, names)
mods = [n for n in names if n.startswith("vigil.") and n.endswith(".so")]
assert len(mods) == 1, names
meta = zipfile.ZipFile(wheel).read(dist + "METADATA").decode()
assert f"Version: {version}\n" in meta, meta[:300]
assert "Root-Is-Purelib: false" in zipfile.ZipFile(wheel).read(dist + "WHEEL").decode()
print("OK: wheel holds", ", ".join(sorted(n for n in names if "/" not in n)))
PYEOF

"$python" -m pip install --no-index --no-deps --target "$work/target" \
  "$wheel" >"$work/install.log" 2>&1 ||
  fail "pip install: $(cat "$work/install.log")"
"$here/import_check.sh" "$python" "$work/target" "$version" "$work"
