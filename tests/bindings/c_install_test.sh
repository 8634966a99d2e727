#!/bin/sh
# Installs the C API component into a temporary prefix, then builds and runs
# a small C program against it twice: with plain `cc` and pkg-config, and
# with a CMake project using find_package(VigilC). Everything is local.
#
#   c_install_test.sh CMAKE BUILD_DIR WORK_DIR VERSION
set -eu
cmake=$1
build=$2
work=$3
version=$4

rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"
"$cmake" --install "$build" --prefix "$prefix" --component c_api >"$work/install.log"

test -f "$prefix/include/vigil.h" || { echo "FAIL: vigil.h not installed"; exit 1; }
lib=$(find "$prefix" -name 'libvigil.so' | head -1)
pc=$(find "$prefix" -name 'vigil.pc' | head -1)
test -n "$lib" || { echo "FAIL: libvigil.so not installed"; exit 1; }
test -n "$pc" || { echo "FAIL: vigil.pc not installed"; exit 1; }
libdir=$(dirname "$lib")

PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_PATH
got=$(pkg-config --modversion vigil)
[ "$got" = "$version" ] || { echo "FAIL: pkg-config version $got, want $version"; exit 1; }

cat >"$work/x.c" <<'CEOF'
#include <stdio.h>
#include <string.h>
#include <vigil.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  vigil_hashes_t* h = NULL;
  char* err = NULL;
  if (vigil_hash_bytes(NULL, argv[1], strlen(argv[1]), &h, &err) != VIGIL_OK) {
    fprintf(stderr, "%s\n", err);
    vigil_free(err);
    return 1;
  }
  const char* md5 = NULL;
  if (vigil_hashes_get_string(h, VIGIL_HASHES_MD5, &md5, NULL) != VIGIL_OK) {
    return 1;
  }
  vigil_code_t c = vigil_hash_file(NULL, "/nonexistent/x", &h, &err);
  printf("%s %s %s\n", vigil_version(), md5, vigil_code_name(c));
  vigil_free(err);
  return 0;
}
CEOF

# 1. Plain cc with pkg-config.
# shellcheck disable=SC2046
cc -std=c11 -Wall -Werror -o "$work/x" "$work/x.c" $(pkg-config --cflags --libs vigil)
out=$(LD_LIBRARY_PATH="$libdir" "$work/x" "upload bytes")
want_md5=$(printf '%s' "upload bytes" | md5sum | cut -d' ' -f1)
want="$version $want_md5 not_found"
[ "$out" = "$want" ] || { echo "FAIL: pkg-config build printed '$out', want '$want'"; exit 1; }
# The program must have loaded the installed library.
LD_LIBRARY_PATH="$libdir" ldd "$work/x" | grep -q "$libdir/libvigil.so" ||
  { echo "FAIL: x does not load $libdir/libvigil.so"; exit 1; }
echo "OK: cc + pkg-config: $out"

# 2. CMake package.
mkdir -p "$work/cmake_project"
cp "$work/x.c" "$work/cmake_project/x.c"
cat >"$work/cmake_project/CMakeLists.txt" <<'CMEOF'
cmake_minimum_required(VERSION 3.16)
project(vigil_consumer C)
find_package(VigilC REQUIRED)
add_executable(x x.c)
target_link_libraries(x PRIVATE vigil::c)
CMEOF
"$cmake" -S "$work/cmake_project" -B "$work/cmake_build" \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/cmake_configure.log"
"$cmake" --build "$work/cmake_build" >"$work/cmake_build.log"
out=$(LD_LIBRARY_PATH="$libdir" "$work/cmake_build/x" "upload bytes")
[ "$out" = "$want" ] || { echo "FAIL: CMake build printed '$out', want '$want'"; exit 1; }
echo "OK: find_package(VigilC): $out"
