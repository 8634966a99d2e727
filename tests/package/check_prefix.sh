#!/bin/sh
# Checks a complete Vigil installation under PREFIX (from `cmake --install`
# or an unpacked .deb): the layout, libvigil's SONAME, `vigil --version`,
# a C program built against it (consumer_test.sh) and, unless PYTHON is
# "-", `import vigil` with PYTHONPATH=PREFIX/lib/python3/dist-packages.
#
#   check_prefix.sh CMAKE PYTHON PREFIX VERSION WORK_DIR
set -eu
cmake=$1
python=$2
prefix=$3
version=$4
work=$5
here=$(cd "$(dirname "$0")" && pwd)
major=${version%%.*}

fail() { echo "FAIL: $*"; exit 1; }
need() { [ -e "$prefix/$1" ] || fail "$1 is not installed under $prefix"; }

# Layout.
need bin/vigil
need include/vigil.h
need share/doc/vigil/README.md
need share/doc/vigil/docs/events.md
need share/doc/vigil/bindings/README.md
lib=$(find "$prefix" -name "libvigil.so.$version" | head -1)
[ -n "$lib" ] || fail "libvigil.so.$version is not installed"
libdir=$(dirname "$lib")
[ "$(readlink "$libdir/libvigil.so.$major")" = "libvigil.so.$version" ] ||
  fail "libvigil.so.$major does not link to libvigil.so.$version"
[ "$(readlink "$libdir/libvigil.so")" = "libvigil.so.$major" ] ||
  fail "libvigil.so does not link to libvigil.so.$major"
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libvigil.so.$major" ] || fail "SONAME '$soname'"
[ -f "$libdir/pkgconfig/vigil.pc" ] || fail "vigil.pc is not beside the library"
[ -f "$libdir/cmake/VigilC/VigilCConfig.cmake" ] || fail "no VigilCConfig.cmake"
# Only the tool: no test or benchmark programs.
extra=$(find "$prefix/bin" -mindepth 1 ! -name vigil)
[ -z "$extra" ] || fail "unexpected files in bin: $extra"
# Only the C API is installed for embedders (docs/packaging.md).
[ ! -e "$prefix/include/vigil/engine.h" ] || fail "C++ headers installed"
echo "OK: layout, SONAME $soname"

# The tool runs from the prefix.
out=$("$prefix/bin/vigil" --version)
[ "$out" = "vigil $version" ] || fail "vigil --version printed '$out'"
echo "OK: $prefix/bin/vigil --version: $out"

"$here/consumer_test.sh" "$cmake" "$prefix" "$version" "$work/consumer"

[ "$python" = "-" ] && exit 0
pydir="$prefix/lib/python3/dist-packages"
ls "$pydir"/vigil.*.so >/dev/null 2>&1 || fail "no Python module in $pydir"
[ -f "$pydir/vigil.pyi" ] || fail "no vigil.pyi in $pydir"
"$here/import_check.sh" "$python" "$pydir" "$version" "$work"
