# ctest install_find_package: installs the goldfinch_dev component of the build GF_BUILD_DIR into
# a fresh prefix under GF_WORK_DIR, then configures, builds and runs the out-of-tree consumer
# GF_CONSUMER_DIR against it with find_package(Goldfinch). Only the consumer is compiled.
cmake_minimum_required(VERSION 3.25)
set(prefix ${GF_WORK_DIR}/prefix)
set(build ${GF_WORK_DIR}/consumer)
file(REMOVE_RECURSE ${GF_WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install ${GF_BUILD_DIR} --prefix ${prefix} --component goldfinch_dev)
run(${CMAKE_COMMAND} -S ${GF_CONSUMER_DIR} -B ${build} -G ${GF_GENERATOR} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_COMPILER=${GF_CXX_COMPILER} -DCMAKE_C_COMPILER=${GF_C_COMPILER} -DCMAKE_PREFIX_PATH=${prefix})
run(${CMAKE_COMMAND} --build ${build})
run(${build}/consumer)
