// The contract between the CPU table and the precompile tables (Keccak-f, BLAKE3 compression,
// F_p^3 Horner, Poseidon2; docs/circuit_precompiles.md). On a GF_KECCAK_F, GF_BLAKE3_COMPRESS,
// GF_FP3_HORNER or GF_POSEIDON2 ecall row the CPU reads a7
// (rs1, naming the call) and a0 (rs2), writes a0 back unchanged (rd) and sends (kind, clk, a0) on
// kBusPrecompile; the precompile table receives it once per call and performs every other access
// itself, through the memory bus, at fixed slots of the call's cycle:
//
//   Keccak-f:  the 50 state words (space 1, writable only), each one access at 4 clk + 2:
//              receive (1, w, before, ts_prev), send (1, w, after, 4 clk + 2).
//   BLAKE3:    registers a1..a6 (space 0, addresses 11..16) read at 4 clk + 2;
//              cv words (space 1 + ro) read at 4 clk + 1; block words (space 1 + ro) read at
//              4 clk + 2; out words (space 1) written at 4 clk + 3.
//   Horner:    registers a1..a4 (space 0, addresses 11..14) read at 4 clk + 2; x's 6 words
//              (space 1 + ro) read at 4 clk + 1; the coefficient words (space 1 + ro) read at
//              4 clk + 2; out's 6 words (space 1) written at 4 clk + 3.
//   Poseidon2: the 16 state words (space 1, writable only), each one access at 4 clk + 2:
//              receive (1, w, before, ts_prev), send (1, w, after, 4 clk + 2).
//
// Distinct slots keep every access to one address strictly later than the one before even when
// the buffers overlap (the executor allows out to overlap cv or block, and cv to overlap block):
// a word in cv and out is read at 4 clk + 1 and written at 4 clk + 3. Slot 0 is left to the
// fetch read of W+X programs, and register slots 0, 1, 3 to a7, a0 and the a0 write.
// Timestamp gaps t - ts_prev - 1 are two range-checked 16-bit limbs, as everywhere.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace goldfinch::circuit {

enum PrecompileKind : uint32_t {
  kPrecompileKeccakF = 1,
  kPrecompileBlake3 = 2,
  kPrecompileFp3Horner = 3,
  kPrecompilePoseidon2 = 4,
};

// One GF_KECCAK_F call: a0 = the 8-aligned state address; lane i (i = x + 5 y) is the words
// 2 i (low half) and 2 i + 1 (high half) at word address a0 / 4.
struct KeccakEvent {
  uint64_t clk = 0;
  uint32_t a0 = 0;
  std::array<uint64_t, 25> before{};
  std::array<uint64_t, 25> after{};   // keccak_f1600(before)
  std::array<uint64_t, 50> ts_prev{};  // each word's previous access, < 4 clk + 2
};

// One GF_BLAKE3_COMPRESS call. regs = a0..a6: cv, block, counter low, counter high, block_len
// (<= 64), flags (< 256), out; the pointers 4-aligned.
struct Blake3Event {
  uint64_t clk = 0;
  std::array<uint32_t, 7> regs{};
  std::array<uint64_t, 6> reg_ts_prev{};  // a1..a6, < 4 clk + 2
  std::array<uint32_t, 8> cv{};
  std::array<bool, 8> cv_ro{};  // the word is read-only (memory space 2)
  std::array<uint64_t, 8> cv_ts_prev{};  // < 4 clk + 1
  std::array<uint32_t, 16> block{};
  std::array<bool, 16> block_ro{};
  std::array<uint64_t, 16> block_ts_prev{};  // < 4 clk + 2
  std::array<uint32_t, 16> out_before{};  // the out words' values before the write
  std::array<uint64_t, 16> out_ts_prev{};  // < 4 clk + 3
  std::array<uint32_t, 16> out{};  // blake3_compress_xof(cv, block, counter, block_len, flags)
};

// One GF_FP3_HORNER call. regs = a0..a4: x, coefficients, n (1..4096), out, kind (1 or 3); the
// pointers 4-aligned. Words are little-endian u32 halves of the u64s (lo, hi); coefficient i is
// the words [2 kind i, 2 kind (i + 1)) of coeffs.
struct Fp3HornerEvent {
  uint64_t clk = 0;
  std::array<uint32_t, 5> regs{};
  std::array<uint64_t, 4> reg_ts_prev{};  // a1..a4, < 4 clk + 2
  std::array<uint32_t, 6> x{};
  std::array<bool, 6> x_ro{};  // the word is read-only (memory space 2)
  std::array<uint64_t, 6> x_ts_prev{};  // < 4 clk + 1
  std::vector<uint32_t> coeffs;  // 2 kind n words
  std::vector<bool> coeffs_ro;
  std::vector<uint64_t> coeffs_ts_prev;  // < 4 clk + 2
  std::array<uint32_t, 6> out_before{};  // the out words' values before the write
  std::array<uint64_t, 6> out_ts_prev{};  // < 4 clk + 3
  std::array<uint32_t, 6> out{};  // vm::fp3_horner(x, coeffs, n, kind)
};

// One GF_POSEIDON2 call: a0 = the 8-aligned state address; element i is the words 2 i (low half)
// and 2 i + 1 (high half) at word address a0 / 4, each element canonical (< p) before and after.
struct Poseidon2Event {
  uint64_t clk = 0;
  uint32_t a0 = 0;
  std::array<uint32_t, 16> before{};
  std::array<uint32_t, 16> after{};    // multiset::poseidon2_permute(before)
  std::array<uint64_t, 16> ts_prev{};  // each word's previous access, < 4 clk + 2
};

}  // namespace goldfinch::circuit
