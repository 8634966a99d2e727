#!/bin/sh
# Builds consumer.c against the C API installed under PREFIX, twice: with
# plain `cc` and pkg-config, and as a CMake project with
# find_package(VigilC); runs both and checks that they print the version,
# the right MD5 and that they loaded PREFIX's libvigil.so.
#
#   consumer_test.sh CMAKE PREFIX VERSION WORK_DIR
set -eu
cmake=$1
prefix=$2
version=$3
work=$4
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*"; exit 1; }

mkdir -p "$work"
pc=$(find "$prefix" -name vigil.pc | head -1)
lib=$(find "$prefix" -name libvigil.so | head -1)
[ -n "$pc" ] || fail "no vigil.pc under $prefix"
[ -n "$lib" ] || fail "no libvigil.so under $prefix"
libdir=$(dirname "$lib")

want_md5=$(printf '%s' "upload bytes" | md5sum | cut -d' ' -f1)
want="$version $want_md5 not_found"

# 1. Plain cc with pkg-config (the .pc file is relocatable: ${pcfiledir}).
PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
got=$(pkg-config --modversion vigil)
[ "$got" = "$version" ] || fail "pkg-config version $got, want $version"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Werror -o "$work/consumer" "$here/consumer.c" \
  $(pkg-config --cflags --libs vigil)
out=$(LD_LIBRARY_PATH="$libdir" "$work/consumer" "upload bytes")
[ "$out" = "$want" ] || fail "pkg-config build printed '$out', want '$want'"
LD_LIBRARY_PATH="$libdir" ldd "$work/consumer" |
  grep -q "$libdir/libvigil.so.${version%%.*} " ||
  fail "consumer does not load $libdir/libvigil.so"
echo "OK: cc + pkg-config: $out"

# 2. CMake package.
mkdir -p "$work/cmake_project"
cp "$here/consumer.c" "$work/cmake_project/consumer.c"
cat >"$work/cmake_project/CMakeLists.txt" <<CMEOF
cmake_minimum_required(VERSION 3.16)
project(vigil_consumer C)
find_package(VigilC $version EXACT REQUIRED)
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE vigil::c)
CMEOF
"$cmake" -S "$work/cmake_project" -B "$work/cmake_build" \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake_configure.log" ||
  fail "find_package(VigilC) configure failed: $(cat "$work/cmake_configure.log")"
"$cmake" --build "$work/cmake_build" >"$work/cmake_build.log" ||
  fail "CMake consumer build failed: $(cat "$work/cmake_build.log")"
out=$(LD_LIBRARY_PATH="$libdir" "$work/cmake_build/consumer" "upload bytes")
[ "$out" = "$want" ] || fail "CMake build printed '$out', want '$want'"
echo "OK: find_package(VigilC): $out"
