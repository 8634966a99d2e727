#!/usr/bin/env bash
# Installs the Debian 12 packages Vigil needs to build and test.
# Idempotent and non-interactive; run as root (or with sudo available).
# Skips apt entirely when every package is already installed.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libtbb-dev libxxhash-dev librocksdb-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libcurl4-openssl-dev libjpeg-dev libturbojpeg0-dev libpng-dev libwebp-dev libgif-dev
  libtiff-dev libheif-dev
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  pybind11-dev python3-dev python3-pytest python3-numpy
  libcli11-dev nlohmann-json3-dev
  libnats-dev nats-server
  libcpp-httplib-dev prometheus-cpp-dev
  clang-14 libclang-rt-14-dev
  # packaging: cpack -G DEB (dpkg-shlibdeps) and the wheel (docs/packaging.md)
  dpkg-dev python3-pip python3-setuptools python3-wheel
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
