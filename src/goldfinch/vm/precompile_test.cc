// The precompile system calls (Keccak-f[1600], BLAKE3 compression) against independent oracles:
// OpenSSL's SHA3-256 through a sponge built on vm::keccak_f1600, the repo's host BLAKE3
// (src/goldfinch/hash, written apart from vm/precompiles.cc) for compressions; then the calls run
// by the executor in fast and trace mode, and every trap they can raise.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/field/ext3.h"
#include "goldfinch/hash/blake3_portable.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/precompiles.h"
#include "goldfinch/vm/profiler.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::vm {
namespace {

using namespace rv;  // NOLINT

constexpr uint32_t kCode = 0x10000, kData = 0x40000, kDataSize = 0x1000;
constexpr uint32_t kA0 = 10, kA7 = 17;

std::vector<uint8_t> sha3_256_openssl(const std::vector<uint8_t>& msg) {
  std::vector<uint8_t> out(32);
  unsigned len = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EXPECT_EQ(EVP_DigestInit_ex(ctx, EVP_sha3_256(), nullptr), 1);
  EXPECT_EQ(EVP_DigestUpdate(ctx, msg.data(), msg.size()), 1);
  EXPECT_EQ(EVP_DigestFinal_ex(ctx, out.data(), &len), 1);
  EVP_MD_CTX_free(ctx);
  EXPECT_EQ(len, 32u);
  return out;
}

// SHA3-256 (rate 136, domain byte 0x06) on top of `permute`.
template <class Permute>
std::vector<uint8_t> sha3_256_sponge(const std::vector<uint8_t>& msg, Permute permute) {
  uint64_t a[25] = {};
  std::vector<uint8_t> padded = msg;
  padded.push_back(0x06);
  while (padded.size() % 136 != 0) padded.push_back(0);
  padded.back() ^= 0x80;
  for (size_t at = 0; at < padded.size(); at += 136) {
    for (size_t i = 0; i < 136; ++i) a[i / 8] ^= uint64_t{padded[at + i]} << (8 * (i % 8));
    permute(a);
  }
  std::vector<uint8_t> out(32);
  for (size_t i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(a[i / 8] >> (8 * (i % 8)));
  return out;
}

TEST(VmPrecompile, KeccakFMatchesOpenSslSha3) {
  std::mt19937_64 rng(13);
  for (size_t len : {0, 1, 135, 136, 137, 272, 1000, 3000}) {
    std::vector<uint8_t> msg(len);
    for (uint8_t& b : msg) b = static_cast<uint8_t>(rng());
    EXPECT_EQ(sha3_256_sponge(msg, [](uint64_t* a) { keccak_f1600(a); }), sha3_256_openssl(msg)) << len;
  }
}

TEST(VmPrecompile, KeccakFOfZeroState) {
  // Keccak-f[1600] of the all-zero state (the Keccak team's KeccakF-1600 intermediate values).
  uint64_t a[25] = {};
  keccak_f1600(a);
  EXPECT_EQ(a[0], 0xF1258F7940E1DDE7ull);
  EXPECT_EQ(a[1], 0x84D5CCF933C0478Aull);
  EXPECT_EQ(a[24], 0xEAF1FF7B5CECA249ull);
}

TEST(VmPrecompile, Blake3CompressMatchesHostBlake3) {
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 200; ++trial) {
    uint32_t cv[8], block[16], out[16];
    for (uint32_t& w : cv) w = static_cast<uint32_t>(rng());
    for (uint32_t& w : block) w = static_cast<uint32_t>(rng());
    const uint64_t counter = trial % 3 == 0 ? rng() : rng() % 100;
    const uint32_t block_len = static_cast<uint32_t>(rng() % 65), flags = static_cast<uint32_t>(rng() % 256);
    blake3_compress_xof(cv, block, counter, block_len, flags, out);
    uint8_t block_bytes[64], want[64];
    std::memcpy(block_bytes, block, 64);
    hash::compress_xof(cv, block_bytes, static_cast<uint8_t>(block_len), counter, static_cast<uint8_t>(flags), want);
    EXPECT_EQ(std::memcmp(out, want, 64), 0) << trial;
  }
}

Machine make(const std::vector<uint32_t>& code) {
  auto m = Machine::create(image_from_code(code, kCode, kData, kDataSize));
  EXPECT_TRUE(std::holds_alternative<Machine>(m));
  return std::move(std::get<Machine>(m));
}

// Sets a0.. from `args`, calls `number`, then exits with a0 (unchanged by the precompiles).
std::vector<uint32_t> call(uint32_t number, const std::vector<uint32_t>& args) {
  std::vector<uint32_t> c;
  li(c, kA7, number);
  for (size_t i = 0; i < args.size(); ++i) li(c, kA0 + static_cast<uint32_t>(i), args[i]);
  c.push_back(ecall());
  li(c, kA7, kSysExit);
  c.push_back(ecall());
  return c;
}

enum class Mode { kFast, kTrace, kProfile };
constexpr Mode kModes[] = {Mode::kFast, Mode::kTrace, Mode::kProfile};

RunResult run_in(Machine& m, Mode mode, TraceRecorder* rec) {
  if (mode == Mode::kTrace) return m.run_trace(rec);
  if (mode == Mode::kFast) return m.run();
  Profiler prof(m.program(), {});
  return m.run_with(prof, UINT64_MAX);
}

template <class T>
void put(Machine& m, uint32_t addr, const T* v, size_t n) {
  ASSERT_EQ(m.memory().write_bytes(addr, {reinterpret_cast<const uint8_t*>(v), n * sizeof(T)}), StoreStatus::kOk);
}

template <class T>
std::vector<T> get(const Machine& m, uint32_t addr, size_t n) {
  std::vector<T> v(n);
  EXPECT_TRUE(m.memory().read_bytes(addr, static_cast<uint32_t>(n * sizeof(T)), reinterpret_cast<uint8_t*>(v.data())));
  return v;
}

TEST(VmPrecompile, KeccakFCallInFastAndTraceMode) {
  std::mt19937_64 rng(7);
  uint64_t state[25];
  for (uint64_t& w : state) w = rng();
  uint64_t want[25];
  std::memcpy(want, state, sizeof(state));
  keccak_f1600(want);
  const std::vector<uint32_t> code = call(kSysKeccakF, {kData + 0x100});
  for (Mode mode : kModes) {
    const bool trace = mode == Mode::kTrace;
    Machine m = make(code);
    put(m, kData + 0x100, state, 25);
    TraceRecorder rec;
    const RunResult r = run_in(m, mode, &rec);
    ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
    EXPECT_EQ(r.exit_code, kData + 0x100);  // a0 is unchanged
    EXPECT_EQ(r.cycles, code.size());       // one cycle per ecall
    EXPECT_EQ(get<uint64_t>(m, kData + 0x100, 25), std::vector<uint64_t>(want, want + 25));
    if (trace) {
      ASSERT_EQ(rec.rows.size(), code.size());
      ASSERT_EQ(rec.io.size(), 2u);
      EXPECT_EQ(rec.io[0].number, kSysKeccakF);
      EXPECT_EQ(rec.io[0].cycle, std::find(code.begin(), code.end(), ecall()) - code.begin());
      EXPECT_EQ(rec.io[0].args[0], kData + 0x100);
      const TraceRow& row = rec.rows[rec.io[0].cycle];
      EXPECT_EQ(row.rs1_value, kSysKeccakF);
      EXPECT_EQ(row.rs2_value, kData + 0x100);
      EXPECT_EQ(row.rd_value, kData + 0x100);
    }
  }
}

TEST(VmPrecompile, Blake3CompressCall) {
  std::mt19937_64 rng(11);
  uint32_t cv[8], block[16], want[16];
  for (uint32_t& w : cv) w = static_cast<uint32_t>(rng());
  for (uint32_t& w : block) w = static_cast<uint32_t>(rng());
  const uint64_t counter = 0x123456789ull;
  uint8_t block_bytes[64], want_bytes[64];
  std::memcpy(block_bytes, block, 64);
  hash::compress_xof(cv, block_bytes, 64, counter, 11, want_bytes);
  std::memcpy(want, want_bytes, 64);
  // out overlapping cv: every input is read before the output is written.
  for (uint32_t out_at : {kData + 0x200, kData}) {
    for (Mode mode : kModes) {
      const bool trace = mode == Mode::kTrace;
      Machine m = make(call(kSysBlake3Compress, {kData, kData + 0x40, static_cast<uint32_t>(counter),
                                                 static_cast<uint32_t>(counter >> 32), 64, 11, out_at}));
      put(m, kData, cv, 8);
      put(m, kData + 0x40, block, 16);
      TraceRecorder rec;
      const RunResult r = run_in(m, mode, &rec);
      ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
      EXPECT_EQ(get<uint32_t>(m, out_at, 16), std::vector<uint32_t>(want, want + 16));
      if (trace) {
        ASSERT_EQ(rec.io.size(), 2u);
        EXPECT_EQ(rec.io[0].number, kSysBlake3Compress);
        EXPECT_EQ(rec.rows.size(), r.cycles);
      }
    }
  }
}

// The Horner sum against the field library's F_p^3 (field/ext3.h, written apart from the plain
// 128-bit remainders of vm/precompiles.cc): random and edge values, non-canonical inputs taken mod p.
TEST(VmPrecompile, Fp3HornerMatchesFieldLibrary) {
  std::mt19937_64 rng(5);
  const uint64_t edge[] = {0, 1, Fp::kModulus - 1, Fp::kModulus, Fp::kModulus + 1, ~uint64_t{0}, 0xFFFFFFFFull,
                           0x100000000ull};
  auto draw = [&] { return rng() % 3 == 0 ? edge[rng() % 8] : rng(); };
  for (uint32_t kind : {1u, 3u}) {
    for (uint32_t n : {1u, 2u, 3u, 17u, 300u, 4096u}) {
      uint64_t x[3] = {draw(), draw(), draw()}, out[3];
      std::vector<uint64_t> c(size_t{n} * kind);
      for (uint64_t& v : c) v = draw();
      fp3_horner(x, c.data(), n, kind, out);
      const Fp3 fx(Fp::from_u64(x[0]), Fp::from_u64(x[1]), Fp::from_u64(x[2]));
      Fp3 acc = Fp3::zero();
      for (uint32_t i = 0; i < n; ++i) {
        Fp3 ci = Fp3::zero();
        for (uint32_t j = 0; j < kind; ++j) ci[j] = Fp::from_u64(c[size_t{i} * kind + j]);
        acc = (acc + ci) * fx;
      }
      for (int j = 0; j < 3; ++j) {
        EXPECT_LT(out[j], Fp::kModulus);
        EXPECT_EQ(out[j], acc[j].value()) << kind << " " << n << " " << j;
      }
    }
  }
  // A product: n = 1, kind 3 gives c * x.
  const Fp3 a(Fp::from_u64(3), Fp::from_u64(5), Fp::from_u64(7)), b(Fp::from_u64(11), Fp::zero(), Fp::from_u64(2));
  uint64_t ca[3] = {3, 5, 7}, xb[3] = {11, 0, 2}, out[3];
  fp3_horner(xb, ca, 1, 3, out);
  EXPECT_EQ(out[0], (a * b)[0].value());
  EXPECT_EQ(out[1], (a * b)[1].value());
  EXPECT_EQ(out[2], (a * b)[2].value());
}

TEST(VmPrecompile, Fp3HornerCall) {
  std::mt19937_64 rng(17);
  const uint32_t n = 40;
  std::vector<uint64_t> x(3), c(3 * n);
  for (uint64_t& v : x) v = rng();
  for (uint64_t& v : c) v = rng();
  for (uint32_t kind : {1u, 3u}) {
    uint64_t want[3];
    fp3_horner(x.data(), c.data(), n, kind, want);
    // out over x and over the first coefficients: every input is read before the output is written.
    for (uint32_t out_at : {kData + 0x800, kData, kData + 0x40}) {
      for (Mode mode : kModes) {
        Machine m = make(call(kSysFp3Horner, {kData, kData + 0x40, n, out_at, kind}));
        put(m, kData, x.data(), 3);
        put(m, kData + 0x40, c.data(), n * kind);
        TraceRecorder rec;
        const RunResult r = run_in(m, mode, &rec);
        ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
        EXPECT_EQ(get<uint64_t>(m, out_at, 3), std::vector<uint64_t>(want, want + 3));
        EXPECT_EQ(m.reg(kA0), kData);  // a0 unchanged
        if (mode == Mode::kTrace) {
          ASSERT_EQ(rec.io.size(), 2u);
          EXPECT_EQ(rec.io[0].number, kSysFp3Horner);
        }
      }
    }
  }
}

// GF_POSEIDON2 against multiset::poseidon2_permute (itself checked against the published
// Plonky3/HorizenLabs vectors in multiset/poseidon2_test.cc): the published "range" vector through
// the call, then random canonical states with edge lanes (0, p - 1, 2^32 - 1, 2^32), in every mode.
TEST(VmPrecompile, Poseidon2Call) {
  auto run_call = [](const uint64_t in[8], uint64_t out[8], Mode mode) {
    const uint32_t at = kData + 0x200;
    const std::vector<uint32_t> code = call(kSysPoseidon2, {at});
    Machine m = make(code);
    put(m, at, in, 8);
    TraceRecorder rec;
    const RunResult r = run_in(m, mode, &rec);
    ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
    EXPECT_EQ(r.exit_code, at);           // a0 unchanged
    EXPECT_EQ(r.cycles, code.size());     // one cycle per ecall
    const std::vector<uint64_t> got = get<uint64_t>(m, at, 8);
    std::copy(got.begin(), got.end(), out);
    if (mode == Mode::kTrace) {
      ASSERT_EQ(rec.io.size(), 2u);
      EXPECT_EQ(rec.io[0].number, kSysPoseidon2);
      EXPECT_EQ(rec.io[0].args[0], at);
    }
  };
  const uint64_t range[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  const uint64_t published[8] = {14266028122062624699ull, 5353147180106052723ull, 15203350112844181434ull,
                                 17630919042639565165ull, 16601551015858213987ull, 10184091939013874068ull,
                                 16774100645754596496ull, 12047415603622314780ull};
  for (Mode mode : kModes) {
    uint64_t out[8];
    run_call(range, out, mode);
    EXPECT_EQ(std::vector<uint64_t>(out, out + 8), std::vector<uint64_t>(published, published + 8));
  }
  std::mt19937_64 rng(23);
  const uint64_t edge[] = {0, 1, Fp::kModulus - 1, 0xFFFFFFFFull, 0x100000000ull, 0xFFFFFFFF00000000ull};
  for (int trial = 0; trial < 20; ++trial) {
    uint64_t in[8], out[8];
    multiset::Poseidon2State want;
    for (int i = 0; i < 8; ++i) {
      in[i] = rng() % 3 == 0 ? edge[rng() % 6] : rng() % Fp::kModulus;
      want[i] = Fp::from_canonical(in[i]);
    }
    multiset::poseidon2_permute(want);
    run_call(in, out, kModes[trial % 3]);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(out[i], want[i].value()) << trial << " lane " << i;
  }
}

// A state element >= p traps (the circuit cannot prove it: docs/circuit_poseidon2.md), naming the
// element's address, and leaves the state as it was.
TEST(VmPrecompile, Poseidon2NonCanonicalElementTraps) {
  const uint32_t at = kData + 0x100;
  for (uint64_t bad : std::initializer_list<uint64_t>{Fp::kModulus, Fp::kModulus + 1, ~uint64_t{0}, Fp::kModulus + 0x7FFFFFFF}) {
    for (uint32_t lane : {0u, 5u, 7u}) {
      for (Mode mode : kModes) {
        uint64_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        in[lane] = bad;
        Machine m = make(call(kSysPoseidon2, {at}));
        put(m, at, in, 8);
        TraceRecorder rec;
        const RunResult r = run_in(m, mode, &rec);
        ASSERT_EQ(r.status, RunStatus::kTrap) << lane;
        EXPECT_EQ(r.trap.reason, TrapReason::kSyscallBadArgument);
        EXPECT_EQ(r.trap.addr, at + 8 * lane);
        EXPECT_EQ(r.trap.detail, kSysPoseidon2);
        EXPECT_NE(r.trap.message().find("not a canonical Goldilocks element"), std::string::npos) << r.trap.message();
        EXPECT_EQ(get<uint64_t>(m, at, 8), std::vector<uint64_t>(in, in + 8));
      }
    }
  }
}

struct TrapCase {
  const char* name;
  uint32_t number;
  std::vector<uint32_t> args;
  TrapReason reason;
  uint32_t addr;
  const char* message_part;
};

TEST(VmPrecompile, Traps) {
  const uint32_t d = kData;
  const TrapCase cases[] = {
      {"misaligned state", kSysKeccakF, {d + 4}, TrapReason::kSyscallMisaligned, d + 4, "not 8-byte aligned"},
      {"state in code (read-only)", kSysKeccakF, {kCode}, TrapReason::kSyscallBadBuffer, kCode, "Keccak-f"},
      {"state in the input region", kSysKeccakF, {kInputBase}, TrapReason::kSyscallBadBuffer, kInputBase, "read-only"},
      {"state outside the map", kSysKeccakF, {kAddressTop}, TrapReason::kSyscallBadBuffer, kAddressTop, "outside"},
      {"state in the null guard", kSysKeccakF, {0x100}, TrapReason::kSyscallBadBuffer, 0x100, "0x00000100"},
      {"state wraps", kSysKeccakF, {0xFFFFFFF8}, TrapReason::kSyscallBadBuffer, 0xFFFFFFF8, "Keccak-f"},
      {"state runs past the map", kSysKeccakF, {kAddressTop - 8}, TrapReason::kSyscallBadBuffer, kAddressTop - 8, ""},
      {"block_len 65", kSysBlake3Compress, {d, d, 0, 0, 65, 0, d}, TrapReason::kSyscallBadArgument, 65, "BLAKE3"},
      {"flags 256", kSysBlake3Compress, {d, d, 0, 0, 64, 256, d}, TrapReason::kSyscallBadArgument, 256, "flags"},
      {"misaligned cv",
       kSysBlake3Compress,
       {d + 2, d, 0, 0, 64, 0, d},
       TrapReason::kSyscallMisaligned,
       d + 2,
       "4-byte"},
      {"misaligned block", kSysBlake3Compress, {d, d + 1, 0, 0, 64, 0, d}, TrapReason::kSyscallMisaligned, d + 1, ""},
      {"misaligned out", kSysBlake3Compress, {d, d, 0, 0, 64, 0, d + 3}, TrapReason::kSyscallMisaligned, d + 3, ""},
      {"out into code", kSysBlake3Compress, {d, d, 0, 0, 64, 0, kCode}, TrapReason::kSyscallBadBuffer, kCode, ""},
      {"out into input",
       kSysBlake3Compress,
       {d, d, 0, 0, 64, 0, kInputBase},
       TrapReason::kSyscallBadBuffer,
       kInputBase,
       ""},
      {"cv outside the map",
       kSysBlake3Compress,
       {0x30000000, d, 0, 0, 64, 0, d},
       TrapReason::kSyscallBadBuffer,
       0x30000000,
       ""},
      {"block unmapped", kSysBlake3Compress, {d, 0x8, 0, 0, 64, 0, d}, TrapReason::kSyscallBadBuffer, 0x8, ""},
      {"Horner kind 2", kSysFp3Horner, {d, d, 1, d, 2}, TrapReason::kSyscallBadArgument, 2, "kind 1 or 3"},
      {"Horner n = 0", kSysFp3Horner, {d, d, 0, d, 1}, TrapReason::kSyscallBadArgument, 0, "F_p^3 Horner"},
      {"Horner n = 4097", kSysFp3Horner, {d, d, 4097, d, 1}, TrapReason::kSyscallBadArgument, 4097, "n <= 4096"},
      {"Horner misaligned x", kSysFp3Horner, {d + 2, d, 1, d, 1}, TrapReason::kSyscallMisaligned, d + 2, "4-byte"},
      {"Horner misaligned coefficients", kSysFp3Horner, {d, d + 1, 1, d, 3}, TrapReason::kSyscallMisaligned, d + 1, ""},
      {"Horner misaligned out", kSysFp3Horner, {d, d, 1, d + 6, 1}, TrapReason::kSyscallMisaligned, d + 6, ""},
      {"Horner out into code", kSysFp3Horner, {d, d, 1, kCode, 1}, TrapReason::kSyscallBadBuffer, kCode, ""},
      {"Horner x unmapped", kSysFp3Horner, {0x8, d, 1, d, 1}, TrapReason::kSyscallBadBuffer, 0x8, ""},
      {"Horner coefficients run past the map",
       kSysFp3Horner,
       {d, kAddressTop - 8, 2, d, 1},
       TrapReason::kSyscallBadBuffer,
       kAddressTop - 8,
       ""},
      {"Poseidon2 misaligned state", kSysPoseidon2, {d + 4}, TrapReason::kSyscallMisaligned, d + 4, "not 8-byte aligned"},
      {"Poseidon2 state in code", kSysPoseidon2, {kCode}, TrapReason::kSyscallBadBuffer, kCode, "Poseidon2"},
      {"Poseidon2 state in the input region",
       kSysPoseidon2,
       {kInputBase},
       TrapReason::kSyscallBadBuffer,
       kInputBase,
       "read-only"},
      {"Poseidon2 state unmapped", kSysPoseidon2, {0x100}, TrapReason::kSyscallBadBuffer, 0x100, "Poseidon2"},
      {"Poseidon2 state outside the map", kSysPoseidon2, {kAddressTop}, TrapReason::kSyscallBadBuffer, kAddressTop, ""},
      {"Poseidon2 state runs past the map",
       kSysPoseidon2,
       {kAddressTop - 32},
       TrapReason::kSyscallBadBuffer,
       kAddressTop - 32,
       ""},
      {"Poseidon2 state wraps", kSysPoseidon2, {0xFFFFFFF8}, TrapReason::kSyscallBadBuffer, 0xFFFFFFF8, ""},
      {"out past the map",
       kSysBlake3Compress,
       {d, d, 0, 0, 64, 0, kAddressTop - 32},
       TrapReason::kSyscallBadBuffer,
       kAddressTop - 32,
       ""},
  };
  for (const TrapCase& t : cases) {
    const std::vector<uint32_t> code = call(t.number, t.args);
    const uint32_t at = static_cast<uint32_t>(std::find(code.begin(), code.end(), ecall()) - code.begin());
    for (Mode mode : kModes) {
      const bool trace = mode == Mode::kTrace;
      Machine m = make(code);
      const std::vector<uint8_t> before = get<uint8_t>(m, kData, kDataSize);
      TraceRecorder rec;
      const RunResult r = run_in(m, mode, &rec);
      ASSERT_EQ(r.status, RunStatus::kTrap) << t.name;
      EXPECT_EQ(r.trap.reason, t.reason) << t.name << ": " << r.trap.message();
      EXPECT_EQ(r.trap.addr, t.addr) << t.name;
      EXPECT_EQ(r.trap.detail, t.number) << t.name;
      EXPECT_EQ(r.trap.pc, kCode + 4 * at) << t.name;
      EXPECT_NE(r.trap.message().find(t.message_part), std::string::npos) << t.name << ": " << r.trap.message();
      EXPECT_EQ(r.cycles, at) << t.name;                               // the trapping ecall does not count
      EXPECT_EQ(get<uint8_t>(m, kData, kDataSize), before) << t.name;  // nothing written
      if (trace) {
        EXPECT_EQ(rec.rows.size(), r.cycles) << t.name;
        EXPECT_TRUE(rec.io.empty()) << t.name;
      }
    }
  }
}

// Outputs into a writable and executable segment behave as stores there: data words after the
// code are written and the run goes on; overwriting code that runs later traps at its fetch as
// self-modifying code, in every mode.
TEST(VmPrecompile, KeccakFIntoWritableExecutableSegment) {
  // li a7 (2 words), li a0 (2), ecall, li a7 (2), ecall: the exit sequence starts at kCode + 20.
  const uint32_t after_ecall = kCode + 20, data = kCode + 0x80;
  for (bool over_code : {false, true}) {
    const uint32_t at = over_code ? (after_ecall & ~7u) : data;
    std::vector<uint32_t> c;
    li(c, kA7, kSysKeccakF);
    li(c, kA0, at);
    c.push_back(ecall());
    li(c, kA7, kSysExit);
    c.push_back(ecall());
    ASSERT_EQ(kCode + 4 * 5, after_ecall);
    for (Mode mode : kModes) {
      auto created = Machine::create(rv::wx_image(c, 0x400, kCode));
      ASSERT_TRUE(std::holds_alternative<Machine>(created));
      Machine m = std::move(std::get<Machine>(created));
      TraceRecorder rec;
      const RunResult r = run_in(m, mode, &rec);
      if (over_code) {
        ASSERT_EQ(r.status, RunStatus::kTrap);
        EXPECT_EQ(r.trap.reason, TrapReason::kSelfModifyingCode) << r.trap.message();
        EXPECT_EQ(r.trap.pc, after_ecall);
      } else {
        ASSERT_EQ(r.status, RunStatus::kExited) << r.trap.message();
        uint64_t want[25] = {};
        keccak_f1600(want);
        EXPECT_EQ(get<uint64_t>(m, at, 25), std::vector<uint64_t>(want, want + 25));
      }
    }
  }
}

}  // namespace
}  // namespace goldfinch::vm
