#!/usr/bin/env bash
# The README's demo command: installs the build dependencies (Debian 12),
# builds the `vigil` tool and runs the demo job on embedded defaults.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

bash tools/scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target vigil
vigil="$root/build/release/bin/vigil"

"$vigil" --version
"$vigil" version
