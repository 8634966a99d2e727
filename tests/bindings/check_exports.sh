#!/bin/sh
# Checks that a shared library exports only the C API: every defined
# dynamic symbol starts with vigil_.  Usage: check_exports.sh LIBRARY
set -eu
lib=$1
all=$(nm -D --defined-only "$lib" | awk '{print $3}')
count=$(printf '%s\n' "$all" | grep -c '^vigil_' || true)
other=$(printf '%s\n' "$all" | grep -v '^vigil_' | grep -v '^$' || true)
if [ -n "$other" ]; then
  echo "FAIL: $lib exports symbols outside the C API:"
  printf '%s\n' "$other" | head -20
  exit 1
fi
if [ "$count" -lt 30 ]; then
  echo "FAIL: only $count vigil_ symbols exported"
  exit 1
fi
echo "OK: $count symbols, all vigil_*"
