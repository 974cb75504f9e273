# Included by the top-level CMakeLists.txt: builds guest/ (a separate CMake project for RV32IM,
# configured with cmake/riscv32-goldfinch.cmake) as an external project into
# ${CMAKE_BINARY_DIR}/guest (ELFs in ${CMAKE_BINARY_DIR}/guest/bin), and registers the guest tests
# (label `guest`) that run the ELFs under qemu-riscv32 (and under `goldfinch run` when the
# executable target `goldfinch` has a `run` subcommand) against Python oracles. The tests need
# the ELFs and the goldfinch binary built first (`cmake --build build/release`).
include(ExternalProject)

set(GF_GUEST_DIR ${PROJECT_SOURCE_DIR}/guest)
set(GF_GUEST_BIN_DIR ${CMAKE_BINARY_DIR}/guest/bin)

# Everything the guest toolchain needs; without it, the guests are skipped with a message.
find_program(GF_CLANG14 clang-14)
find_program(GF_LLD14 NAMES ld.lld-14 ld.lld)
file(GLOB gf_libgcc /usr/lib/gcc/riscv64-unknown-elf/*/rv32im/ilp32/libgcc.a)
set(gf_missing "")
if(NOT GF_CLANG14)
  list(APPEND gf_missing clang-14)
endif()
if(NOT GF_LLD14)
  list(APPEND gf_missing lld-14)
endif()
set(GF_PICOLIBC_ROOT /usr/lib/picolibc/riscv64-unknown-elf CACHE PATH "picolibc install root")
if(NOT EXISTS ${GF_PICOLIBC_ROOT}/lib/rv32im/ilp32/libc.a)
  list(APPEND gf_missing picolibc-riscv64-unknown-elf)
endif()
if(NOT gf_libgcc)
  list(APPEND gf_missing gcc-riscv64-unknown-elf)
endif()
if(gf_missing)
  message(STATUS "Guests: not built, missing ${gf_missing} (scripts/install-deps.sh installs them)")
  return()
endif()

set(GF_GUEST_ELFS "")
foreach(g fibonacci sha256 keccak sort bigint json cxx_stl cxx_containers heap_test isa_rv32i_alu isa_rv32i_shift
          isa_rv32i_branch_jump isa_rv32i_mem isa_rv32m verifier wx_segment hash_bench)
  list(APPEND GF_GUEST_ELFS ${GF_GUEST_BIN_DIR}/${g}.elf)
endforeach()

# The verifier guest (guest/verifier) compiles exactly the sources of the host's verifier-side
# targets, read from those targets here, plus the verifier-safe files of base, field and
# stark_params (whose targets also hold host-only files: cpuid, SIMD kernels, the calculator).
set(gf_verifier_sources "")
foreach(t goldfinch_stark_verify goldfinch_air goldfinch_merkle_verify goldfinch_blake3 goldfinch_air_examples
          goldfinch_recursion_input goldfinch_circuit_verify goldfinch_multiset goldfinch_multiset_air_verify
          goldfinch_shard_verify)
  get_target_property(srcs ${t} SOURCES)
  get_target_property(dir ${t} SOURCE_DIR)
  foreach(src ${srcs})
    if(NOT IS_ABSOLUTE ${src})
      set(src ${dir}/${src})
    endif()
    list(APPEND gf_verifier_sources ${src})
  endforeach()
endforeach()
foreach(src base/error.cc field/goldilocks.cc stark/params.cc)
  list(APPEND gf_verifier_sources ${PROJECT_SOURCE_DIR}/src/goldfinch/${src})
endforeach()
string(REPLACE ";" "|" gf_verifier_sources "${gf_verifier_sources}")

ExternalProject_Add(goldfinch_guests
  SOURCE_DIR ${GF_GUEST_DIR}
  BINARY_DIR ${CMAKE_BINARY_DIR}/guest
  LIST_SEPARATOR |
  CMAKE_ARGS
    -DCMAKE_TOOLCHAIN_FILE=${GF_GUEST_DIR}/cmake/riscv32-goldfinch.cmake
    -DCMAKE_BUILD_TYPE=RelWithDebInfo
    -DGF_PICOLIBC_ROOT=${GF_PICOLIBC_ROOT}
    -DGF_VERIFIER_SOURCES=${gf_verifier_sources}
  BUILD_ALWAYS ON
  INSTALL_COMMAND ""
  BUILD_BYPRODUCTS ${GF_GUEST_ELFS}
  USES_TERMINAL_BUILD ON)
message(STATUS "Guests: built into ${GF_GUEST_BIN_DIR}")
if(TARGET vm_difftest)
  add_dependencies(vm_difftest goldfinch_guests)  # it runs the guests in lock-step with Unicorn
endif()
foreach(t recursion_test recursion_rv32im_test recursion_shard_test recursion_aggregator_test recursion_tree_test bench_recursion bench_precompiles)  # they run verifier.elf, hash_bench.elf
  if(TARGET ${t})
    add_dependencies(${t} goldfinch_guests)
  endif()
endforeach()
foreach(t recursion_test recursion_rv32im_test recursion_shard_test recursion_aggregator_test recursion_tree_test)  # the toolchain is here, so verifier.elf must be too
  if(TARGET ${t})
    target_compile_definitions(${t} PRIVATE GF_VERIFIER_GUEST_REQUIRED=1)
  endif()
endforeach()

if(NOT GF_BUILD_TESTS)
  return()
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
execute_process(COMMAND ${Python3_EXECUTABLE} ${GF_GUEST_DIR}/tests/run_guests.py --list
                OUTPUT_VARIABLE gf_guest_cases OUTPUT_STRIP_TRAILING_WHITESPACE
                COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" gf_guest_cases "${gf_guest_cases}")
# Under `goldfinch run` too once the CLI has that subcommand (the vm branch adds it), and both
# hosts side by side (guest.compare.*: each against the oracle and against each other).
set(gf_runners qemu)
if(TARGET goldfinch AND EXISTS ${PROJECT_SOURCE_DIR}/cli/cmd_run.cc)
  list(APPEND gf_runners goldfinch compare)
endif()
foreach(c ${gf_guest_cases})
  foreach(r ${gf_runners})
    add_test(NAME guest.${r}.${c}
             COMMAND ${Python3_EXECUTABLE} ${GF_GUEST_DIR}/tests/run_guests.py
                     --bin-dir ${GF_GUEST_BIN_DIR} --runner ${r} --case ${c}
                     "$<$<TARGET_EXISTS:goldfinch>:--goldfinch=$<TARGET_FILE:goldfinch>>")
    set_tests_properties(guest.${r}.${c} PROPERTIES LABELS guest SKIP_RETURN_CODE 77 TIMEOUT 300)
  endforeach()
endforeach()
if(TARGET goldfinch AND EXISTS ${PROJECT_SOURCE_DIR}/cli/cmd_profile.cc)
  add_test(NAME guest.profile.sha256
           COMMAND ${Python3_EXECUTABLE} ${GF_GUEST_DIR}/tests/run_guests.py
                   --bin-dir ${GF_GUEST_BIN_DIR} --profile-check --goldfinch $<TARGET_FILE:goldfinch>)
  set_tests_properties(guest.profile.sha256 PROPERTIES LABELS guest TIMEOUT 120)
endif()

# `goldfinch check`: the circuit's debug checkers on honest traces (every constraint and bus must
# hold): the per-instruction guests, a guest reading its input with read(0) and committing
# (fibonacci), and guests reading their input in place (sha256, json).
if(TARGET goldfinch)
  set(_data ${GF_GUEST_DIR}/tests/data)
  add_test(NAME guest.check.isa_rv32m COMMAND goldfinch check ${GF_GUEST_BIN_DIR}/isa_rv32m.elf)
  add_test(NAME guest.check.isa_rv32i_mem COMMAND goldfinch check ${GF_GUEST_BIN_DIR}/isa_rv32i_mem.elf)
  add_test(NAME guest.check.fibonacci COMMAND goldfinch check ${GF_GUEST_BIN_DIR}/fibonacci.elf --input ${_data}/fib30.bin)
  add_test(NAME guest.check.sha256 COMMAND goldfinch check ${GF_GUEST_BIN_DIR}/sha256.elf --input ${_data}/text.txt)
  # A writable and executable segment (the fetch check of W+X slots), input read into it.
  add_test(NAME guest.check.wx_segment COMMAND goldfinch check ${GF_GUEST_BIN_DIR}/wx_segment.elf --input ${_data}/fib30.bin)
  set_tests_properties(guest.check.isa_rv32m guest.check.isa_rv32i_mem guest.check.fibonacci guest.check.sha256
                       guest.check.wx_segment
                       PROPERTIES LABELS guest TIMEOUT 300 PASS_REGULAR_EXPRESSION "every constraint and bus holds")
endif()
# The README's library example (examples/prove_guest.cc) on a per-instruction guest.
if(TARGET prove_guest)
  add_test(NAME example_prove_guest COMMAND prove_guest ${GF_GUEST_BIN_DIR}/isa_rv32i_shift.elf)
  set_tests_properties(example_prove_guest PROPERTIES LABELS guest TIMEOUT 300
                       PASS_REGULAR_EXPRESSION "valid: exit code 0 after [0-9]+ cycles")
endif()
foreach(t circuit_test guest_proof_test zkvm_test bench_guests prove_guest statement_attack_test random_program_test)
  if(TARGET ${t})
    add_dependencies(${t} goldfinch_guests)
  endif()
endforeach()

# The user's path: a separate project with the toolchain file and add_subdirectory(guest/sdk).
add_test(NAME guest.sdk_usage
         COMMAND ${Python3_EXECUTABLE} ${GF_GUEST_DIR}/tests/sdk_usage_test.py
                 ${CMAKE_BINARY_DIR}/guest_sdk_usage)
set_tests_properties(guest.sdk_usage PROPERTIES LABELS guest SKIP_RETURN_CODE 77 TIMEOUT 300)
