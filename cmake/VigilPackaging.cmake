# Installed docs and the Debian package (docs/packaging.md).
#
#   cmake --install build/release --prefix P   # bin, lib, include, python, docs
#   cd build/release && cpack -G DEB           # vigil_<version>_<arch>.deb
#
# The install components are: cli (bin/vigil), c_api (libvigil.so, vigil.h,
# pkg-config and CMake files), python (the module and its stubs), docs. The
# .deb holds all of them, installed under /usr.

# The README and the operator's docs in share/doc/vigil, laid out as in the
# repository so that the README's links (docs/events.md, ...) hold.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT docs)
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT docs FILES_MATCHING PATTERN "*.md")
install(FILES bindings/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/bindings
        COMPONENT docs)
install(FILES hashsets/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}/hashsets
        COMPONENT docs)

set(VIGIL_PACKAGE_MAINTAINER
    "Vigil maintainers <vigil-maintainers@example.org>" CACHE STRING
    "Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME vigil)
set(CPACK_PACKAGE_VENDOR "The Vigil Authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "engine that matches uploads against known-CSAM hash lists")
set(CPACK_PACKAGE_DESCRIPTION
    "Vigil computes digests (MD5, SHA-1, SHA-256) and perceptual hashes (PDQ
for images, vPDQ for video) of uploaded files, matches them against
known-content hash sets kept in RocksDB, and records a takedown event for
every match. This package holds the vigil command-line tool (scanner,
hash-set store, HTTP service), the C library libvigil with its header,
pkg-config and CMake files, and the Python 3 module vigil.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# RelWithDebInfo objects carry ~180 MB of debug info; the package does not.
set(CPACK_STRIP_FILES ON)
set(CPACK_THREADS 0)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # vigil_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${VIGIL_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends on exactly the Debian packages whose libraries the binaries load
# (dpkg-shlibdeps), and records libvigil.so.0 in a shlibs file. ldconfig
# runs from the trigger (what lintian asks for) and, as CPack writes for
# any package with a library in /usr/lib, from postinst/postrm.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/deb/triggers")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
if(VIGIL_BUILD_PYTHON AND DEFINED Python_VERSION_MINOR)
  # The extension module is built for one Python ABI (e.g. cpython-311).
  math(EXPR vigil_python_next "${Python_VERSION_MINOR} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "python3 (>= ${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}~), python3 (<< ${Python_VERSION_MAJOR}.${vigil_python_next})")
endif()

include(CPack)
