# Installs the C++ API for use outside the tree: every goldfinch library (static), the headers
# under include/goldfinch, and a CMake package, so that a consumer writes
#   find_package(Goldfinch REQUIRED)
#   target_link_libraries(app PRIVATE goldfinch::zkvm)
# and gets the library with its dependencies (other goldfinch libraries, fmt, OpenMP). Everything
# is in the install component `goldfinch_dev`; the CLI is in `goldfinch_cli`.
include(CMakePackageConfigHelpers)

set(GF_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/Goldfinch)
get_property(gf_libraries GLOBAL PROPERTY GF_LIBRARIES)
install(TARGETS ${gf_libraries} EXPORT GoldfinchTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT goldfinch_dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/src/goldfinch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT goldfinch_dev FILES_MATCHING PATTERN "*.h")
install(EXPORT GoldfinchTargets NAMESPACE goldfinch:: DESTINATION ${GF_INSTALL_CMAKEDIR} COMPONENT goldfinch_dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/GoldfinchConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/GoldfinchConfig.cmake INSTALL_DESTINATION ${GF_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/GoldfinchConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/GoldfinchConfig.cmake ${PROJECT_BINARY_DIR}/GoldfinchConfigVersion.cmake
        DESTINATION ${GF_INSTALL_CMAKEDIR} COMPONENT goldfinch_dev)
if(TARGET goldfinch)
  install(TARGETS goldfinch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT goldfinch_cli)
endif()

# The package as a consumer sees it: install the component into a fresh prefix, then configure,
# build and run examples/find_package against it (cmake/test_install.cmake).
if(GF_BUILD_TESTS)
  add_test(NAME install_find_package
           COMMAND ${CMAKE_COMMAND} -DGF_BUILD_DIR=${PROJECT_BINARY_DIR}
                   -DGF_CONSUMER_DIR=${PROJECT_SOURCE_DIR}/examples/find_package
                   -DGF_WORK_DIR=${PROJECT_BINARY_DIR}/install_test
                   -DGF_GENERATOR=${CMAKE_GENERATOR}
                   -DGF_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                   -DGF_C_COMPILER=${CMAKE_C_COMPILER}
                   -P ${PROJECT_SOURCE_DIR}/cmake/test_install.cmake)
  set_tests_properties(install_find_package PROPERTIES LABELS unit TIMEOUT 300
                       PASS_REGULAR_EXPRESSION "valid: exit code 42")
endif()
