# Helpers shared by every CMakeLists.txt of the project.

# Warnings for our own code. Third-party headers come in as SYSTEM includes
# through imported targets, so they do not trip -Werror.
# -Wshadow=local is GCC's spelling; clang (fuzz preset) has no equivalent.
set(VIGIL_WARNINGS -Wall -Wextra -Wpedantic $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wnon-virtual-dtor
    -Werror)

# vigil_module(NAME SOURCES ... DEPS ...)
# An internal static library of the engine, `vigil_<NAME>`. DEPS are linked
# PRIVATE unless they are other vigil modules (PUBLIC, so the layering
# media -> hash -> index -> store -> events -> pipeline composes).
function(vigil_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PUBLIC_DEPS" ${ARGN})
  set(target vigil_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE ${VIGIL_WARNINGS})
  target_compile_definitions(${target} PRIVATE VIGIL_COMPILE_LIBRARY)
  target_include_directories(${target}
    PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine/include>
      $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/engine/include>
      $<INSTALL_INTERFACE:include>
    PRIVATE
      ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(${target} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_DEPS})
  set_property(GLOBAL APPEND PROPERTY VIGIL_MODULES ${target})
endfunction()

# vigil_test(NAME SOURCES ... LIBS ...)
# A GoogleTest executable whose tests ctest discovers one by one.
function(vigil_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${VIGIL_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests
                                             ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock GTest::gtest
                                        GTest::gtest_main)
  set(labels unit)
  if(ARG_LABELS)
    set(labels ${ARG_LABELS})
  endif()
  gtest_discover_tests(${name}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}"
               ENVIRONMENT "VIGIL_TEST_BIN_DIR=${PROJECT_BINARY_DIR}")
endfunction()

# vigil_benchmark(NAME SOURCES ... LIBS ...)
# A Google Benchmark executable (not run by ctest; see bench/README.md).
function(vigil_benchmark name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${VIGIL_WARNINGS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/bench
                                             ${PROJECT_SOURCE_DIR}/engine/src)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} benchmark::benchmark)
endfunction()

include(GoogleTest)
