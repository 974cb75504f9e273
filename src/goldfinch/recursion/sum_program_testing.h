// The small guest the recursion tests prove and verify (test code only): sums 1..n through
// memory, commits the 4-byte sum and exits with its low byte, in 6 n + 13 cycles.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/vm/memory_map.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"

namespace goldfinch::recursion::testing {

// x6 = 1 + .. + n through the word at 0x20000 (x7), in 6 n + 4 cycles.
inline void append_sum_loop(std::vector<uint32_t>& c, uint32_t n) {
  namespace rv = vm::rv;
  rv::li(c, 5, n);
  c.push_back(rv::addi(6, 0, 0));
  rv::li(c, 7, 0x20000);
  c.push_back(rv::add(6, 6, 5));
  c.push_back(rv::sw(6, 7, 0));
  c.push_back(rv::lw(6, 7, 0));
  c.push_back(rv::addi(5, 5, -1));
  c.push_back(rv::bne(5, 0, -16));
}

inline std::vector<uint8_t> sum_elf(uint32_t n) {
  namespace rv = vm::rv;
  std::vector<uint32_t> c;
  append_sum_loop(c, n);
  c.push_back(rv::addi(10, 7, 0));
  c.push_back(rv::addi(11, 0, 4));
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::andi(10, 6, 0xFF));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

}  // namespace goldfinch::recursion::testing
