// The guest's 32-bit address space (see docs/guest_abi.md and docs/executor.md): a null guard,
// RAM holding the ELF image, heap and stack, and the read-only private input region.
#pragma once

#include <cstdint>

namespace goldfinch::vm {

inline constexpr uint32_t kPageBits = 12;
inline constexpr uint32_t kPageSize = 1u << kPageBits;

inline constexpr uint32_t kRamBase = 0x00010000;   // [0, kRamBase) is the unmapped null guard
inline constexpr uint32_t kRamEnd = 0x20000000;    // RAM is [kRamBase, kRamEnd)
inline constexpr uint32_t kInputBase = 0x20000000; // read-only input region [kInputBase, kInputEnd)
inline constexpr uint32_t kInputEnd = 0x30000000;
inline constexpr uint32_t kAddressTop = kInputEnd;  // everything at or above is unmapped
inline constexpr uint32_t kNumPages = kAddressTop >> kPageBits;

// Input region header: {magic, version, payload length, reserved}, payload at kInputPayload.
inline constexpr uint32_t kInputMagic = 0x4E494647;  // "GFIN" little-endian
inline constexpr uint32_t kInputVersion = 1;
inline constexpr uint32_t kInputHeaderSize = 16;
inline constexpr uint32_t kInputPayload = kInputBase + kInputHeaderSize;
inline constexpr uint64_t kMaxInputPayload = uint64_t{kInputEnd - kInputBase} - kInputHeaderSize;

// System call numbers (a7).
inline constexpr uint32_t kSysRead = 63;
inline constexpr uint32_t kSysWrite = 64;
inline constexpr uint32_t kSysExit = 93;
inline constexpr uint32_t kSysCommit = 0x47460001;
inline constexpr uint32_t kSysCycleCount = 0x47460002;
// Precompiles (docs/guest_abi.md): Keccak-f[1600] on the 25 lanes at a0 (8-byte aligned), in place;
// one BLAKE3 compression (a0 cv, a1 block, a2/a3 counter low/high, a4 block_len, a5 flags, a6 out).
inline constexpr uint32_t kSysKeccakF = 0x47460003;
inline constexpr uint32_t kSysBlake3Compress = 0x47460004;
// F_p^3 Horner sum (docs/guest_abi.md): a0 = x (3 u64), a1 = n coefficients (u64, or 3 u64 each
// when a4 = 3), a2 = n (1..kMaxFp3HornerTerms), a3 = out (3 u64), a4 = 1 or 3; out = sum c_i x^(n-i).
inline constexpr uint32_t kSysFp3Horner = 0x47460005;
inline constexpr uint32_t kMaxFp3HornerTerms = 4096;
// Poseidon2 permutation (docs/guest_abi.md): a0 = 8 canonical Goldilocks elements (8 u64,
// 8-aligned, writable), replaced in place by multiset::poseidon2_permute of themselves.
inline constexpr uint32_t kSysPoseidon2 = 0x47460006;
// An assumption (docs/guest_abi.md, "Claims"): a0 = 64 bytes, a program's key digest then an
// output digest. The call commits them to the public output like commit(a0, 64) and marks their
// position as a claim, so the run's statement holds only on the condition that the claimed
// program ran to exit 0 with that output (an aggregation node can discharge it). Returns 0.
inline constexpr uint32_t kSysVerifyClaim = 0x47460007;
inline constexpr uint32_t kClaimBytes = 64;
inline constexpr uint32_t kEbadf = static_cast<uint32_t>(-9);

}  // namespace goldfinch::vm
