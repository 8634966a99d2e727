#!/bin/sh
# `cmake --install` into a temporary prefix: everything (checked by
# check_prefix.sh), then the c_api component alone, which must hold exactly
# the library, vigil.h and the pkg-config and CMake files, and be enough to
# build a C program.
#
#   install_test.sh CMAKE PYTHON|- BUILD_DIR WORK_DIR VERSION
set -eu
cmake=$1
python=$2
build=$3
work=$4
version=$5
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work"
mkdir -p "$work"

# 1. Everything.
"$cmake" --install "$build" --prefix "$work/prefix" >"$work/install.log" ||
  fail "cmake --install: $(cat "$work/install.log")"
"$here/check_prefix.sh" "$cmake" "$python" "$work/prefix" "$version" "$work/full"

# 2. The C API component alone.
c="$work/c_api"
"$cmake" --install "$build" --prefix "$c" --component c_api \
  >"$work/install_c_api.log" || fail "cmake --install --component c_api"
# LIB stands for lib, lib64 or lib/<multiarch triplet>.
files=$(cd "$c" && find . ! -type d | sed -E 's#^\./##; s#^lib(64)?(/[a-z0-9_]+-linux-[a-z0-9_]+)?/#LIB/#' |
        sort | tr '\n' ' ')
case "$files" in
  *bin/*|*python*|*share/*) fail "c_api component holds more than the C API: $files" ;;
esac
for f in include/vigil.h LIB/libvigil.so LIB/libvigil.so.${version%%.*} \
         LIB/libvigil.so.$version LIB/pkgconfig/vigil.pc \
         LIB/cmake/VigilC/VigilCConfig.cmake \
         LIB/cmake/VigilC/VigilCConfigVersion.cmake \
         LIB/cmake/VigilC/VigilCTargets.cmake; do
  case " $files" in
    *" $f "*) ;;
    *) fail "c_api component lacks $f: $files" ;;
  esac
done
echo "OK: c_api component: $files"
"$here/consumer_test.sh" "$cmake" "$c" "$version" "$work/c_api_consumer"
