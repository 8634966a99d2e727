# CMake package of the Vigil C API.
#   find_package(VigilC 0.1 REQUIRED)
#   target_link_libraries(app PRIVATE vigil::c)
include("${CMAKE_CURRENT_LIST_DIR}/VigilCTargets.cmake")
