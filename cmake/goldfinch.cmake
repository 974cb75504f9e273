# Shared helpers for Goldfinch's module folders.
# gf_add_library(name SOURCES ... DEPS ...) makes goldfinch_<name> (alias goldfinch::<name>, and
# the same name when installed: cmake/install.cmake exports every such library under src/).
# gf_add_test(name SOURCES ... DEPS ...) makes a GoogleTest binary registered with CTest.

set(GF_WARNINGS -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers)

# Per-ISA flags, used only on the translation units that hold that ISA's kernels.
set(GF_AVX2_FLAGS -mavx2 -mbmi2 -mfma)
set(GF_AVX512_FLAGS -mavx2 -mbmi2 -mfma -mavx512f -mavx512dq -mavx512bw -mavx512vl)

function(gf_add_library name)
  cmake_parse_arguments(GF "" "" "SOURCES;DEPS;AVX2_SOURCES;AVX512_SOURCES" ${ARGN})
  set(target goldfinch_${name})
  set(srcs ${GF_SOURCES})
  if(GF_ENABLE_AVX2 AND GF_AVX2_SOURCES)
    list(APPEND srcs ${GF_AVX2_SOURCES})
    set_source_files_properties(${GF_AVX2_SOURCES} PROPERTIES COMPILE_OPTIONS "${GF_AVX2_FLAGS}")
  endif()
  if(GF_ENABLE_AVX512 AND GF_AVX512_SOURCES)
    list(APPEND srcs ${GF_AVX512_SOURCES})
    set_source_files_properties(${GF_AVX512_SOURCES} PROPERTIES COMPILE_OPTIONS "${GF_AVX512_FLAGS}")
  endif()
  if(srcs)
    add_library(${target} STATIC ${srcs})
    target_compile_options(${target} PRIVATE ${GF_WARNINGS})
    set(scope PUBLIC)
  else()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  target_include_directories(${target} ${scope} $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
                             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
  if(CMAKE_CURRENT_SOURCE_DIR MATCHES "^${PROJECT_SOURCE_DIR}/src/")  # the library modules, not fuzz/ or cli/
    set_property(GLOBAL APPEND PROPERTY GF_LIBRARIES ${target})
  endif()
  target_link_libraries(${target} ${scope} ${GF_DEPS})
  if(GF_ENABLE_AVX2)
    target_compile_definitions(${target} ${scope} GF_HAVE_AVX2=1)
  endif()
  if(GF_ENABLE_AVX512)
    target_compile_definitions(${target} ${scope} GF_HAVE_AVX512=1)
  endif()
  add_library(goldfinch::${name} ALIAS ${target})
endfunction()

function(gf_add_test name)
  if(NOT GF_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(GF "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${GF_SOURCES})
  target_compile_options(${name} PRIVATE ${GF_WARNINGS})
  target_link_libraries(${name} PRIVATE ${GF_DEPS} GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit)
endfunction()
