# Copyright 2026 The Vigil Authors.
"""Builds a wheel of the Python module `vigil` (docs/packaging.md).

    python3 -m pip wheel --no-build-isolation --no-index -w dist .

Two ways to get the extension module into the wheel:

- By default CMake configures and builds only the module (target
  vigil_python: no tests, benchmarks or C API) in build/wheel, with the
  release preset's build type. CMAKE_BUILD_PARALLEL_LEVEL and
  CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) are honoured as usual.
- With VIGIL_CMAKE_BUILD_DIR set to an existing CMake build directory, the
  module already built there (<dir>/python/vigil.*.so) is packaged as it
  is: no compiler runs.

Either way the copy in the wheel is stripped of debug info, and the stubs
(vigil.pyi) sit beside it. The wheel is for the Python that runs pip (e.g.
cp311-cp311-linux_x86_64) and loads Debian 12's shared libraries (RocksDB,
TBB, FFmpeg, ...): it is not a manylinux wheel.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
# The CMake build directory holding python/vigil.*.so: given, or our own.
PREBUILT = os.environ.get("VIGIL_CMAKE_BUILD_DIR")
CMAKE_BUILD = pathlib.Path(PREBUILT).resolve() if PREBUILT else ROOT / "build" / "wheel"


def project_version():
    """The version of project() in CMakeLists.txt, the one place it is set."""
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    m = re.search(r"project\(\s*vigil\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)", text)
    if not m:
        sys.exit("setup.py: no project(vigil VERSION x.y.z) in CMakeLists.txt")
    return m.group(1)


def built_module(python_dir):
    """The extension module for this interpreter in python_dir, or exit."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    path = pathlib.Path(python_dir) / ("vigil" + suffix)
    if not path.is_file():
        found = sorted(p.name for p in pathlib.Path(python_dir).glob("vigil*.so"))
        sys.exit(f"setup.py: {path} not found (this Python wants *{suffix}; "
                 f"found: {', '.join(found) or 'nothing'})")
    return path


class CMakeBuildExt(build_ext):
    """Puts the CMake-built module and its stubs where the wheel takes them."""

    def build_extension(self, ext):
        if PREBUILT:
            python_dir = CMAKE_BUILD / "python"
        else:
            python_dir = self.cmake_build()
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built_module(python_dir), target)
        strip = shutil.which("strip")
        if strip:
            subprocess.run([strip, "--strip-debug", str(target)], check=True)
        shutil.copyfile(ROOT / "bindings" / "python" / "vigil.pyi",
                        target.parent / "vigil.pyi")

    def cmake_build(self):
        cmake = shutil.which("cmake")
        if not cmake:
            sys.exit("setup.py: cmake not found (tools/scripts/install-deps.sh)")
        build = CMAKE_BUILD
        configure = [
            cmake, "-S", str(ROOT), "-B", str(build),
            "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DVIGIL_BUILD_PYTHON=ON", "-DVIGIL_BUILD_C_API=OFF",
            "-DVIGIL_BUILD_TESTS=OFF", "-DVIGIL_BUILD_BENCHMARKS=OFF",
            "-DVIGIL_BUILD_FUZZERS=OFF", "-DVIGIL_INSTALL=OFF",
        ]
        if shutil.which("ninja") and not (build / "CMakeCache.txt").exists():
            configure += ["-G", "Ninja"]
        subprocess.run(configure, check=True)
        subprocess.run([cmake, "--build", str(build), "--target", "vigil_python"],
                       check=True)
        return build / "python"


setup(
    name="vigil",
    version=project_version(),
    description="Match uploads against known-CSAM hash lists "
                "(MD5, SHA-1, SHA-256, PDQ, vPDQ) and record takedown events",
    long_description=(ROOT / "bindings" / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    author="The Vigil Authors",
    python_requires=">=3.9",
    # hash_pixels() takes numpy arrays; nothing else needs numpy.
    extras_require={"numpy": ["numpy"]},
    ext_modules=[Extension("vigil", sources=[])],
    cmdclass={"build_ext": CMakeBuildExt},
    # setuptools' own scratch space goes inside the CMake build directory,
    # not into the source tree.
    options={"build": {"build_base": str(CMAKE_BUILD / "setuptools")},
             "egg_info": {"egg_base": str(CMAKE_BUILD / "setuptools")}},
    zip_safe=False,
)
