# Finds every third-party dependency once, so that the module CMakeLists
# files only link targets. All of them come from Debian 12 packages
# (tools/install-deps.sh).

find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(TBB CONFIG REQUIRED)
find_package(RocksDB CONFIG REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(CURL REQUIRED)
find_package(PNG REQUIRED)
find_package(TIFF REQUIRED)
find_package(GIF REQUIRED)
find_package(libjpeg-turbo CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
# `vigil serve`: HTTP (cpp-httplib, built by Debian as a shared library
# with OpenSSL) and Prometheus metrics (docs/service.md says why).
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_package(prometheus-cpp CONFIG REQUIRED)

pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(WEBP REQUIRED IMPORTED_TARGET libwebp libwebpdemux)
# Tests only: encoding animated WebP samples.
pkg_check_modules(WEBPMUX REQUIRED IMPORTED_TARGET libwebpmux)
# The NATS JetStream event sink (nats.c; its CMake config is broken).
pkg_check_modules(NATS REQUIRED IMPORTED_TARGET libnats)
pkg_check_modules(HEIF REQUIRED IMPORTED_TARGET libheif)
# Video decoding is part of the engine (vigil/video.h), not an option.
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET
                  libavformat libavcodec libavutil libswscale)

if(VIGIL_BUILD_TESTS)
  find_package(GTest CONFIG REQUIRED)
endif()
if(VIGIL_BUILD_BENCHMARKS)
  find_package(benchmark CONFIG REQUIRED)
endif()
if(VIGIL_BUILD_PYTHON)
  set(PYBIND11_FINDPYTHON ON)
  find_package(pybind11 CONFIG QUIET)
  if(NOT pybind11_FOUND)
    message(STATUS "pybind11 not found: the Python module is not built")
    set(VIGIL_BUILD_PYTHON OFF)
  endif()
endif()
