#!/usr/bin/env bash
# The README's test command: installs the build dependencies (Debian 12),
# builds the release preset, and runs every test with ctest.
#
#   bash tools/scripts/test.sh            # all tests
#   VIGIL_PRESET=asan bash tools/scripts/test.sh   # under ASan+UBSan
#
# Conformance tests read $VIGIL_CONFORMANCE_DIR; when it is unset and
# ../shared/conformance exists beside the checkout, that folder is used.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
preset="${VIGIL_PRESET:-release}"

bash tools/scripts/install-deps.sh
if [ -z "${VIGIL_CONFORMANCE_DIR:-}" ] && [ -d "$root/../shared/conformance" ]; then
  VIGIL_CONFORMANCE_DIR="$(cd "$root/../shared/conformance" && pwd)"
fi
export VIGIL_CONFORMANCE_DIR="${VIGIL_CONFORMANCE_DIR:-}"
echo "test: conformance data: ${VIGIL_CONFORMANCE_DIR:-<unset: conformance tests skip>}"

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
