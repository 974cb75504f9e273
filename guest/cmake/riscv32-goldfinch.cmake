# CMake toolchain file for Goldfinch guests: Debian's clang-14 + lld, RV32IM / ilp32, picolibc,
# libgcc's rv32im/ilp32 multilib (64-bit division and other helpers). Use it with
#   cmake -S my_guest -B build -DCMAKE_TOOLCHAIN_FILE=<goldfinch>/guest/cmake/riscv32-goldfinch.cmake
# and link each guest against goldfinch_guest_sdk (add_subdirectory(<goldfinch>/guest/sdk)), which
# brings crt0, the linker script, system-call glue, the heap and the C++ header shims.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

find_program(GF_GUEST_CLANG NAMES clang-14 REQUIRED)
find_program(GF_GUEST_CLANGXX NAMES clang++-14 REQUIRED)
set(CMAKE_C_COMPILER ${GF_GUEST_CLANG})
set(CMAKE_CXX_COMPILER ${GF_GUEST_CLANGXX})
set(CMAKE_ASM_COMPILER ${GF_GUEST_CLANG})
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_CXX_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv32-unknown-elf)

set(GF_PICOLIBC_ROOT /usr/lib/picolibc/riscv64-unknown-elf CACHE PATH "picolibc install root")
set(GF_PICOLIBC_LIBDIR ${GF_PICOLIBC_ROOT}/lib/rv32im/ilp32)
if(NOT EXISTS ${GF_PICOLIBC_LIBDIR}/libc.a OR NOT EXISTS ${GF_PICOLIBC_ROOT}/include/picolibc.h)
  message(FATAL_ERROR "picolibc for rv32im/ilp32 not found under ${GF_PICOLIBC_ROOT} "
                      "(apt-get install picolibc-riscv64-unknown-elf)")
endif()
file(GLOB GF_GUEST_LIBGCC /usr/lib/gcc/riscv64-unknown-elf/*/rv32im/ilp32/libgcc.a)
if(GF_GUEST_LIBGCC)
  list(SORT GF_GUEST_LIBGCC)
  list(GET GF_GUEST_LIBGCC -1 GF_GUEST_LIBGCC)  # newest gcc version
else()
  message(FATAL_ERROR "libgcc.a for rv32im/ilp32 not found (apt-get install gcc-riscv64-unknown-elf)")
endif()
# Keep the found values for try_compile projects, which re-read this file.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES GF_PICOLIBC_ROOT)

set(GF_GUEST_ARCH_FLAGS "-march=rv32im -mabi=ilp32 -mno-relax -mcmodel=medlow")
# -gdwarf-aranges: clang emits no .debug_aranges by default, and address-to-CU lookups (libdw's
# dwarf_addrdie, used by `goldfinch profile` for file:line) need them.
set(GF_GUEST_COMMON_FLAGS
    "${GF_GUEST_ARCH_FLAGS} -nostdlibinc -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -gdwarf-aranges")
set(CMAKE_C_FLAGS_INIT "${GF_GUEST_COMMON_FLAGS} -isystem ${GF_PICOLIBC_ROOT}/include")
# C++: picolibc's include directory must come after libstdc++'s (whose <cstdlib> uses
# #include_next <stdlib.h>), so goldfinch_guest_sdk adds all three in the right order.
set(CMAKE_CXX_FLAGS_INIT "${GF_GUEST_COMMON_FLAGS} -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_ASM_FLAGS_INIT "${GF_GUEST_ARCH_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-nostdlib -static -fuse-ld=lld -Wl,--gc-sections -Wno-unused-command-line-argument")
set(CMAKE_C_STANDARD_LIBRARIES
    "-Wl,--start-group ${GF_PICOLIBC_LIBDIR}/libc.a ${GF_GUEST_LIBGCC} -Wl,--end-group")
set(CMAKE_CXX_STANDARD_LIBRARIES "${CMAKE_C_STANDARD_LIBRARIES}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
