// A tiny RV32IM assembler (instruction encoders) for tests, benchmarks and generated programs,
// plus image_from_code() wrapping code words into an ElfImage. Encodings follow the RISC-V
// unprivileged specification's base formats directly; nothing here uses the decoder.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::vm::rv {

constexpr uint32_t r_type(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t opc) {
  return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}
constexpr uint32_t i_type(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd, uint32_t opc) {
  return (static_cast<uint32_t>(imm & 0xFFF) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc;
}
constexpr uint32_t s_type(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3, uint32_t opc) {
  const uint32_t u = static_cast<uint32_t>(imm);
  return (((u >> 5) & 0x7F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((u & 0x1F) << 7) | opc;
}
constexpr uint32_t b_type(int32_t off, uint32_t rs2, uint32_t rs1, uint32_t f3) {
  const uint32_t u = static_cast<uint32_t>(off);
  return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
         (((u >> 1) & 0xF) << 8) | (((u >> 11) & 1) << 7) | 0x63;
}
constexpr uint32_t u_type(uint32_t imm20, uint32_t rd, uint32_t opc) { return (imm20 << 12) | (rd << 7) | opc; }
constexpr uint32_t j_type(int32_t off, uint32_t rd) {
  const uint32_t u = static_cast<uint32_t>(off);
  return (((u >> 20) & 1) << 31) | (((u >> 1) & 0x3FF) << 21) | (((u >> 11) & 1) << 20) |
         (((u >> 12) & 0xFF) << 12) | (rd << 7) | 0x6F;
}

constexpr uint32_t lui(uint32_t rd, uint32_t imm20) { return u_type(imm20 & 0xFFFFF, rd, 0x37); }
constexpr uint32_t auipc(uint32_t rd, uint32_t imm20) { return u_type(imm20 & 0xFFFFF, rd, 0x17); }
constexpr uint32_t jal(uint32_t rd, int32_t off) { return j_type(off, rd); }
constexpr uint32_t jalr(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 0, rd, 0x67); }
constexpr uint32_t beq(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 0); }
constexpr uint32_t bne(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 1); }
constexpr uint32_t blt(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 4); }
constexpr uint32_t bge(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 5); }
constexpr uint32_t bltu(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 6); }
constexpr uint32_t bgeu(uint32_t a, uint32_t b, int32_t off) { return b_type(off, b, a, 7); }
constexpr uint32_t lb(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 0, rd, 0x03); }
constexpr uint32_t lh(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 1, rd, 0x03); }
constexpr uint32_t lw(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 2, rd, 0x03); }
constexpr uint32_t lbu(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 4, rd, 0x03); }
constexpr uint32_t lhu(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 5, rd, 0x03); }
constexpr uint32_t sb(uint32_t rs2, uint32_t rs1, int32_t imm) { return s_type(imm, rs2, rs1, 0, 0x23); }
constexpr uint32_t sh(uint32_t rs2, uint32_t rs1, int32_t imm) { return s_type(imm, rs2, rs1, 1, 0x23); }
constexpr uint32_t sw(uint32_t rs2, uint32_t rs1, int32_t imm) { return s_type(imm, rs2, rs1, 2, 0x23); }
constexpr uint32_t addi(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 0, rd, 0x13); }
constexpr uint32_t slti(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 2, rd, 0x13); }
constexpr uint32_t sltiu(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 3, rd, 0x13); }
constexpr uint32_t xori(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 4, rd, 0x13); }
constexpr uint32_t ori(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 6, rd, 0x13); }
constexpr uint32_t andi(uint32_t rd, uint32_t rs1, int32_t imm) { return i_type(imm, rs1, 7, rd, 0x13); }
constexpr uint32_t slli(uint32_t rd, uint32_t rs1, uint32_t sh) { return r_type(0, sh, rs1, 1, rd, 0x13); }
constexpr uint32_t srli(uint32_t rd, uint32_t rs1, uint32_t sh) { return r_type(0, sh, rs1, 5, rd, 0x13); }
constexpr uint32_t srai(uint32_t rd, uint32_t rs1, uint32_t sh) { return r_type(0x20, sh, rs1, 5, rd, 0x13); }
constexpr uint32_t add(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 0, rd, 0x33); }
constexpr uint32_t sub(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0x20, b, a, 0, rd, 0x33); }
constexpr uint32_t sll(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 1, rd, 0x33); }
constexpr uint32_t slt(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 2, rd, 0x33); }
constexpr uint32_t sltu(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 3, rd, 0x33); }
constexpr uint32_t xor_(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 4, rd, 0x33); }
constexpr uint32_t srl(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 5, rd, 0x33); }
constexpr uint32_t sra(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0x20, b, a, 5, rd, 0x33); }
constexpr uint32_t or_(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 6, rd, 0x33); }
constexpr uint32_t and_(uint32_t rd, uint32_t a, uint32_t b) { return r_type(0, b, a, 7, rd, 0x33); }
constexpr uint32_t mul(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 0, rd, 0x33); }
constexpr uint32_t mulh(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 1, rd, 0x33); }
constexpr uint32_t mulhsu(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 2, rd, 0x33); }
constexpr uint32_t mulhu(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 3, rd, 0x33); }
constexpr uint32_t div(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 4, rd, 0x33); }
constexpr uint32_t divu(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 5, rd, 0x33); }
constexpr uint32_t rem(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 6, rd, 0x33); }
constexpr uint32_t remu(uint32_t rd, uint32_t a, uint32_t b) { return r_type(1, b, a, 7, rd, 0x33); }
constexpr uint32_t fence() { return 0x0FF0000F; }
constexpr uint32_t ecall() { return 0x00000073; }
constexpr uint32_t ebreak() { return 0x00100073; }
constexpr uint32_t marker(int32_t n) { return addi(0, 0, n); }

// Appends lui+addi loading an arbitrary 32-bit value into rd.
inline void li(std::vector<uint32_t>& code, uint32_t rd, uint32_t value) {
  const uint32_t lo = value & 0xFFF;
  const uint32_t hi = (value + (lo >= 0x800 ? 0x1000u : 0u)) >> 12;
  code.push_back(lui(rd, hi));
  code.push_back(addi(rd, rd, static_cast<int32_t>(lo << 20) >> 20));
}

// A data segment at `vaddr` holding `data`, `memsz` bytes in all (zero past the data).
inline Segment data_segment(uint32_t vaddr, std::vector<uint8_t> data, uint32_t memsz, bool writable) {
  Segment s;
  s.vaddr = vaddr;
  s.data = std::move(data);
  s.memsz = memsz;
  s.writable = writable;
  return s;
}

// An image with `code` as one executable segment at `base` (entry = base) and, when data_size
// is non-zero, a writable zero-filled data segment at data_base.
inline ElfImage image_from_code(const std::vector<uint32_t>& code, uint32_t base = 0x10000,
                                uint32_t data_base = 0, uint32_t data_size = 0) {
  ElfImage img;
  img.entry = base;
  Segment text;
  text.vaddr = base;
  text.memsz = static_cast<uint32_t>(code.size() * 4);
  text.executable = true;
  for (uint32_t w : code)
    for (int b = 0; b < 4; ++b) text.data.push_back(static_cast<uint8_t>(w >> (8 * b)));
  img.segments.push_back(std::move(text));
  if (data_size) {
    Segment data;
    data.vaddr = data_base;
    data.memsz = data_size;
    data.writable = true;
    img.segments.push_back(std::move(data));
  }
  return img;
}


// An image with `code` at `base` (entry = base) in one segment that is writable and executable,
// as linker scripts without PHDRS give; `extra` zero bytes follow the code in the same segment.
inline ElfImage wx_image(const std::vector<uint32_t>& code, uint32_t extra = 0x100, uint32_t base = 0x10000) {
  ElfImage img = image_from_code(code, base);
  img.segments[0].writable = true;
  img.segments[0].memsz += extra;
  return img;
}

}  // namespace goldfinch::vm::rv
