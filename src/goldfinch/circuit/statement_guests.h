// The hand-assembled guest programs of the soundness sweep (statement_attack_test.cc), each
// ending with the exit call: ALU-heavy, memory of every width and region, control flow, multiply
// and divide corner cases, the cycle-count and write calls, read/commit on an input, and the
// Keccak-f, BLAKE3 compression, F_p^3 Horner and Poseidon2 precompiles.
#pragma once

#include <cstdint>
#include <iterator>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit::testing {

namespace guests {
namespace rv = vm::rv;

inline constexpr uint32_t kGuestExit = 93;

inline vm::ElfImage alu_program() {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0xDEADBEEF);
  rv::li(c, 6, 0x80000000);
  rv::li(c, 7, 0x7FFFFFFF);
  c.push_back(rv::addi(8, 0, -1));
  for (uint32_t w : {rv::add(9, 5, 6), rv::sub(10, 6, 5), rv::add(11, 7, 8), rv::sub(12, 0, 6), rv::addi(13, 5, -2048),
                     rv::xor_(14, 5, 8), rv::or_(15, 5, 6), rv::and_(16, 5, 7), rv::xori(17, 5, 0x555), rv::ori(18, 6, -1),
                     rv::andi(19, 5, 0x0F0), rv::sll(20, 5, 8), rv::srl(21, 5, 8), rv::sra(22, 6, 8), rv::slli(23, 5, 0),
                     rv::srli(24, 6, 31), rv::srai(25, 6, 16), rv::sll(26, 7, 0), rv::slt(27, 6, 7), rv::sltu(28, 6, 7),
                     rv::slti(29, 8, 0), rv::sltiu(30, 8, -1), rv::lui(31, 0xFFFFF), rv::auipc(1, 0x80000)})
    c.push_back(w);
  // a0 = a checksum of the results (nonzero), then exit.
  for (uint32_t r = 9; r <= 31; ++r) c.push_back(rv::add(10, 10, r));
  c.push_back(rv::ori(10, 10, 1));
  c.push_back(rv::addi(17, 0, kGuestExit));
  c.push_back(rv::ecall());
  return rv::image_from_code(c);
}

// Code at 0x10000, read-only data at 0x11000, writable data (with bss) at 0x12000, plain RAM at
// 0x100000: loads of every width and sign, stores of every width, and a load of the code itself.
inline vm::ElfImage memory_program() {
  std::vector<uint32_t> code = {
      rv::lui(5, 0x12), rv::lui(20, 0x11), rv::lui(14, 0x100), rv::lui(18, 0x10),
      rv::lw(6, 5, 0), rv::lb(7, 5, 0), rv::lb(8, 5, 1), rv::lbu(9, 5, 2), rv::lh(11, 5, 2), rv::lhu(12, 5, 0),
      rv::lhu(21, 20, 2), rv::lw(22, 20, 4), rv::lb(23, 20, 3), rv::lbu(24, 20, 3), rv::lh(25, 20, 6),
      rv::sw(6, 5, 4), rv::sb(9, 5, 5), rv::sh(8, 5, 6), rv::sb(8, 5, 11), rv::lw(13, 5, 4), rv::lw(26, 5, 8),
      rv::lw(15, 14, 0), rv::sw(13, 14, 8), rv::sh(7, 14, 10), rv::lw(16, 14, 8), rv::sb(11, 14, 3), rv::lbu(27, 14, 3),
      rv::lw(19, 18, 0),
      rv::add(10, 6, 7), rv::add(10, 10, 8), rv::add(10, 10, 9), rv::add(10, 10, 11), rv::add(10, 10, 12),
      rv::xor_(10, 10, 13), rv::add(10, 10, 15), rv::add(10, 10, 16), rv::add(10, 10, 19), rv::add(10, 10, 21),
      rv::add(10, 10, 22), rv::add(10, 10, 23), rv::add(10, 10, 24), rv::add(10, 10, 25), rv::add(10, 10, 26),
      rv::add(10, 10, 27), rv::ori(10, 10, 1),
      rv::addi(17, 0, kGuestExit), rv::ecall(),
  };
  vm::ElfImage image = rv::image_from_code(code);
  image.segments.push_back(rv::data_segment(0x11000, {0x11, 0x22, 0xF3, 0x84, 0x55, 0x66, 0x77, 0x88}, 8, false));
  image.segments.push_back(rv::data_segment(0x12000, {0x01, 0x7F, 0xFF, 0x80}, 16, true));  // 12 bytes of bss
  return image;
}

// LUI/AUIPC, JAL to a subroutine and JALR back through a target with bit 0 set, every branch kind
// taken and not taken, an x0 write, then exit with a checksum.
inline vm::ElfImage control_program() {
  return rv::image_from_code({
      rv::lui(1, 0x12345), rv::auipc(2, 1), rv::addi(0, 0, 7),
      rv::addi(3, 0, -5), rv::addi(4, 0, 3),
      rv::slt(5, 3, 4), rv::sltu(6, 3, 4),
      rv::blt(3, 4, 8), rv::addi(9, 9, 100),   // taken
      rv::bge(3, 4, 8), rv::addi(9, 9, 1),     // not taken
      rv::bltu(3, 4, 8), rv::addi(9, 9, 2),    // not taken
      rv::bgeu(3, 4, 8), rv::addi(9, 9, 200),  // taken
      rv::beq(4, 4, 8), rv::addi(9, 9, 300),   // taken
      rv::bne(4, 4, 8), rv::addi(9, 9, 4),     // not taken
      rv::bne(3, 4, 8), rv::addi(9, 9, 400),   // taken
      rv::jal(1, 20),
      rv::add(10, 9, 5), rv::add(10, 10, 6),
      rv::addi(17, 0, kGuestExit), rv::ecall(),
      rv::addi(9, 9, 8),                       // subroutine
      rv::addi(11, 1, 1), rv::jalr(0, 11, 0),
  });
}

// Multiply and divide corner cases: division by zero, INT_MIN / -1, signs of every kind.
inline vm::ElfImage muldiv_program() {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0x80000000);
  c.push_back(rv::addi(6, 0, -1));
  c.push_back(rv::addi(7, 0, 7));
  rv::li(c, 8, 0xFFFFFFF9);  // -7
  for (uint32_t w : {rv::div(9, 5, 6), rv::rem(11, 5, 6), rv::div(12, 7, 0), rv::divu(13, 7, 0), rv::rem(14, 7, 0),
                     rv::remu(15, 8, 0), rv::div(16, 8, 7), rv::rem(18, 8, 7), rv::divu(19, 8, 7), rv::remu(20, 8, 7),
                     rv::mul(21, 8, 8), rv::mulh(22, 5, 5), rv::mulh(23, 8, 7), rv::mulhsu(24, 8, 6), rv::mulhu(25, 6, 6),
                     rv::mulhsu(26, 7, 8), rv::mul(27, 5, 6)})
    c.push_back(w);
  for (uint32_t r : {9u, 11u, 12u, 13u, 14u, 15u, 16u, 18u, 19u, 20u, 21u, 22u, 23u, 24u, 25u, 26u, 27u})
    c.insert(c.end(), {rv::xor_(10, 10, r), rv::slli(10, 10, 1), rv::add(10, 10, r)});
  c.push_back(rv::ori(10, 10, 1));
  c.push_back(rv::addi(17, 0, kGuestExit));
  c.push_back(rv::ecall());
  return rv::image_from_code(c);
}

// The cycle-count and write system calls (console and a bad fd), exit with a nonzero code.
inline vm::ElfImage syscall_program() {
  return rv::image_from_code({
      rv::lui(17, 0x47460), rv::addi(17, 17, 2), rv::addi(11, 0, 77), rv::ecall(),  // a0 = cycles, a1 = 0
      rv::addi(20, 10, 0), rv::addi(21, 11, 0),
      rv::lui(11, 0x10), rv::addi(10, 0, 1), rv::addi(12, 0, 5), rv::addi(17, 0, 64), rv::ecall(),  // write(1, code, 5)
      rv::addi(22, 10, 0),
      rv::addi(10, 0, 2), rv::addi(12, 0, 3), rv::ecall(),                                           // write(2, code, 3)
      rv::addi(23, 10, 0),
      rv::addi(10, 0, 7), rv::ecall(),                                                               // write(7, ...) = -9
      rv::add(10, 10, 20), rv::add(10, 10, 21), rv::add(10, 10, 22), rv::add(10, 10, 23), rv::andi(10, 10, 0xFF),
      rv::addi(17, 0, kGuestExit), rv::ecall(),
  });
}

// read (fd 0: partial, unaligned, to the end, past the end; another fd), commit from writable and
// read-only memory (and an empty commit), the input payload and header loaded in place, exit with a
// checksum.
inline vm::ElfImage io_program() {
  std::vector<uint32_t> c;
  auto call = [&](uint32_t number, uint32_t a0, uint32_t a1, uint32_t a2) {
    rv::li(c, 17, number);
    rv::li(c, 10, a0);
    rv::li(c, 11, a1);
    rv::li(c, 12, a2);
    c.push_back(rv::ecall());
    c.push_back(rv::add(20, 20, 10));
  };
  call(63, 0, 0x12001, 6);   // 6 bytes to an unaligned buffer
  call(63, 0, 0x12013, 3);
  call(63, 0, 0x12020, 100);  // the rest
  call(63, 0, 0x12030, 5);   // end of input: 0
  call(63, 4, 0x12030, 5);   // another fd: -9
  call(0x47460001, 0x12001, 6, 0);
  call(0x47460001, 0x11001, 5, 0);  // read-only data
  call(0x47460001, 0x12020, 7, 0);
  call(0x47460001, 0x12040, 0, 0);  // empty
  rv::li(c, 5, 0x20000010);
  c.insert(c.end(), {rv::lw(21, 5, 0), rv::lbu(22, 5, 9), rv::add(10, 20, 21), rv::add(10, 10, 22)});
  // The input header in place (magic, version, length, reserved) and a payload word wholly past
  // the length (bytes 20..23 of 17): every row kind of the input region, and payload words with
  // all, some and none of their bytes below the length (issue 10).
  for (int32_t off : {-16, -12, -8, -4, 20}) c.insert(c.end(), {rv::lw(21, 5, off), rv::add(10, 10, 21)});
  c.insert(c.end(), {rv::ori(10, 10, 1), rv::addi(17, 0, kGuestExit), rv::ecall()});
  vm::ElfImage image = rv::image_from_code(c);
  image.segments.push_back(rv::data_segment(0x11000, {0x11, 0x22, 0xF3, 0x84, 0x55, 0x66, 0x77, 0x88}, 8, false));
  image.segments.push_back(rv::data_segment(0x12000, {0x01, 0x7F, 0xFF, 0x80}, 0x80, true));
  return image;
}
inline const std::vector<uint8_t> kIoInput = {'g', 'o', 'l', 'd', 'f', 'i', 'n', 'c', 'h',
                                             '-', 's', 'o', 'u', 'n', 'd', '!', 0xFF};

// The precompile calls (issue 13): Keccak-f on a writable state, then BLAKE3 compression with cv
// in read-only data, block overlapping the permuted state and out overlapping the block, then an
// F_p^3 Horner sum with x in read-only data and out over its coefficients, then a Poseidon2
// permutation over the state's tail and BLAKE3's out (all canonical there); a0 of the exit is a
// checksum of words of the four results.
inline vm::ElfImage precompile_program() {
  std::vector<uint32_t> c;
  rv::li(c, 10, 0x12000);
  rv::li(c, 17, 0x47460003);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x11000);  // cv: read-only data
  rv::li(c, 11, 0x12040);  // block: inside the permuted state
  rv::li(c, 12, 0xFFFFFFFF);
  c.push_back(rv::addi(13, 0, 3));
  c.push_back(rv::addi(14, 0, 17));
  c.push_back(rv::addi(15, 0, 0x0B));
  rv::li(c, 16, 0x12060);  // out: overlaps the block's second half
  rv::li(c, 17, 0x47460004);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x11000);  // x: read-only data (the cv's first 24 bytes)
  rv::li(c, 11, 0x12000);  // three F_p^3 coefficients: the state's first 72 bytes
  c.push_back(rv::addi(12, 0, 3));
  rv::li(c, 13, 0x12010);  // out: over the coefficients
  c.push_back(rv::addi(14, 0, 3));
  rv::li(c, 17, 0x47460005);
  c.push_back(rv::ecall());
  rv::li(c, 10, 0x12080);  // Poseidon2: 8 elements over the state's tail and BLAKE3's out
  rv::li(c, 17, 0x47460006);
  c.push_back(rv::ecall());
  rv::li(c, 5, 0x12000);
  c.insert(c.end(), {rv::lw(6, 5, 0), rv::lw(7, 5, 0xC4), rv::lw(8, 5, 0x60), rv::lw(9, 5, 0x9C), rv::add(10, 6, 7),
                     rv::add(10, 10, 8), rv::add(10, 10, 9), rv::lw(6, 5, 0x14), rv::add(10, 10, 6), rv::ori(10, 10, 1),
                     rv::addi(17, 0, kGuestExit), rv::ecall()});
  vm::ElfImage image = rv::image_from_code(c);
  std::vector<uint8_t> cv(32);
  for (size_t i = 0; i < cv.size(); ++i) cv[i] = static_cast<uint8_t>(0x3D * i + 7);
  image.segments.push_back(rv::data_segment(0x11000, cv, 32, false));
  image.segments.push_back(rv::data_segment(0x12000, {0x01, 0x7F, 0xFF, 0x80, 0x42}, 0x100, true));
  return image;
}

struct Guest {
  const char* name;
  vm::ElfImage (*image)();
  const std::vector<uint8_t>* input;
};
inline const Guest kGuests[] = {{"alu", alu_program, nullptr},
                                {"memory", memory_program, nullptr},
                                {"control", control_program, nullptr},
                                {"muldiv", muldiv_program, nullptr},
                                {"syscalls", syscall_program, nullptr},
                                {"io", io_program, &kIoInput},
                                {"precompiles", precompile_program, nullptr}};
inline constexpr size_t kNumGuests = std::size(kGuests);

}  // namespace guests
using guests::kGuests;
using guests::kNumGuests;

}  // namespace goldfinch::circuit::testing
