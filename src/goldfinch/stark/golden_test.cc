// Golden proofs: a proof and its verifying key for two fixed statements, committed under
// testdata/, are checked on every test run:
//   - the key file decodes, equals the key setup() computes today, and re-encodes to its bytes;
//   - the proof file verifies against the key read from the file (and the claimed Fibonacci value
//     is recomputed here by a plain loop);
//   - proving the same statement today gives the same bytes, so any change of the proof format,
//     the transcript, the hash or the parameters is caught (and must bump the format version).
// Statements: Fibonacci with 2^10 rows from (1, 1), and 2^10 seeded 16-bit values range-checked
// by lookup into the preprocessed 16-bit table; both with the default parameters. Fibonacci again
// with the recursion preset (Poseidon2 commitments, transcript and key digest).
// To regenerate the files after an intended change (say so in the commit message):
//   GOLDFINCH_REGENERATE_GOLDEN=1 build/release/src/goldfinch/stark/golden_test
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::stark {
namespace {

using namespace air::examples;

constexpr size_t kRows = 1024;

FibonacciAir kFib;
RangeCheckedAir kRange;
U16TableAir kU16;

bool regenerating() {
  const char* v = std::getenv("GOLDFINCH_REGENERATE_GOLDEN");
  return v && std::strcmp(v, "1") == 0;
}

std::string golden_path(const std::string& file) { return std::string(GF_GOLDEN_DIR) + "/" + file; }

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << "cannot open " << path
                        << " (regenerate with GOLDFINCH_REGENERATE_GOLDEN=1, see the top of golden_test.cc)";
  return {std::istreambuf_iterator<char>(f), {}};
}

void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(f.good()) << "cannot write " << path;
  std::printf("golden_test: wrote %s (%zu bytes)\n", path.c_str(), bytes.size());
}

// Proof bytes in a 16-byte aligned buffer (the verifier reads in place).
struct AlignedProof {
  std::vector<uint64_t> storage;
  size_t size = 0;
  explicit AlignedProof(const std::vector<uint8_t>& b) : storage((b.size() + 15) / 8 + 2), size(b.size()) {
    std::memcpy(bytes(), b.data(), b.size());
  }
  uint8_t* bytes() {
    auto p = reinterpret_cast<uintptr_t>(storage.data());
    return reinterpret_cast<uint8_t*>(storage.data()) + ((16 - p % 16) % 16);
  }
  std::span<const uint8_t> span() { return {bytes(), size}; }
};

struct Golden {
  std::string name;
  std::vector<const air::Air*> tables;
  std::unique_ptr<ProvingKey> pk;
  std::vector<TableWitness> witness;
};

Golden fibonacci(const std::string& name = "fibonacci_1024", StarkParams params = StarkParams::conjectured_100()) {
  Golden g{name, {&kFib}, nullptr, {}};
  g.pk = std::move(*setup(g.tables, params));
  std::vector<Fp> pv;
  RowMajorMatrix t = FibonacciAir::trace(kRows, Fp::one(), Fp::one(), &pv);
  g.witness.push_back({std::move(t), pv});
  return g;
}

Golden range_check() {
  Golden g{"range_check_1024", {&kRange, &kU16}, nullptr, {}};
  g.pk = std::move(*setup(g.tables, StarkParams::conjectured_100()));
  RowMajorMatrix v(kRows, 1);
  std::mt19937_64 rng(2026);  // mt19937_64 is fully specified by the standard: same values everywhere
  for (size_t r = 0; r < kRows; ++r) v.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
  RowMajorMatrix m = U16TableAir::multiplicities(v);
  g.witness.push_back({std::move(v), {}});
  g.witness.push_back({std::move(m), {}});
  return g;
}

std::vector<uint8_t> prove_today(const Golden& g) {
  auto p = prove(*g.pk, g.witness);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().what);
  return p.ok() ? *p : std::vector<uint8_t>{};
}

// When regenerating, the files are rewritten from today's prover before the checks run.
void maybe_regenerate(const Golden& g) {
  if (!regenerating()) return;
  write_file(golden_path(g.name + ".vk"), g.pk->vk.encode());
  write_file(golden_path(g.name + ".proof"), prove_today(g));
}

// Names the first differing byte: its offset and the section (tag) it lies in.
std::string first_difference(const std::vector<uint8_t>& want, const std::vector<uint8_t>& got) {
  const size_t n = std::min(want.size(), got.size());
  size_t i = 0;
  while (i < n && want[i] == got[i]) ++i;
  // Walk the golden proof's section headers to find the one holding byte i.
  size_t pos = 0;
  uint32_t tag = 0;
  while (pos + 16 <= want.size()) {
    uint32_t t = 0;
    uint64_t len = 0;
    for (int k = 0; k < 4; ++k) t |= static_cast<uint32_t>(want[pos + k]) << (8 * k);
    for (int k = 0; k < 8; ++k) len |= static_cast<uint64_t>(want[pos + 8 + k]) << (8 * k);
    const size_t next = pos + 16 + (len + 15) / 16 * 16;
    if (i < next || next <= pos) {
      tag = t;
      break;
    }
    pos = next;
  }
  return "sizes " + std::to_string(want.size()) + " (golden) and " + std::to_string(got.size()) +
         " (today); first difference at byte " + std::to_string(i) + ", in the section with tag " + std::to_string(tag);
}

void check_golden(const Golden& g) {
  maybe_regenerate(g);
  // The key file.
  const std::vector<uint8_t> vk_bytes = read_file(golden_path(g.name + ".vk"));
  auto vk = VerifyingKey::decode(vk_bytes);
  ASSERT_TRUE(vk.ok()) << vk.error().what;
  EXPECT_EQ(*vk, g.pk->vk) << "the verifying key setup() computes today differs from the golden one";
  EXPECT_EQ(vk->encode(), vk_bytes);
  // The proof file verifies against the key from the file.
  const std::vector<uint8_t> proof = read_file(golden_path(g.name + ".proof"));
  EXPECT_LT(proof.size(), 200u * 1024) << "golden proofs are kept small";
  AlignedProof a(proof);
  VerifiedProof out;
  Error e = verify(*vk, g.tables, a.span(), &out);
  ASSERT_TRUE(e.ok()) << e.what << " (" << e.expected << ", " << e.got << ")";
  ASSERT_EQ(out.log_heights.size(), g.tables.size());
  for (size_t t = 0; t < g.tables.size(); ++t) EXPECT_EQ(size_t{1} << out.log_heights[t], g.witness[t].main.height());
  // Proving today gives the same bytes.
  const std::vector<uint8_t> today = prove_today(g);
  EXPECT_TRUE(today == proof) << g.name << ": " << first_difference(proof, today)
                              << ". If the change is intended, bump kProofVersion and regenerate "
                                 "(GOLDFINCH_REGENERATE_GOLDEN=1, see golden_test.cc).";
}

TEST(GoldenProof, Fibonacci1024) {
  const Golden g = fibonacci();
  check_golden(g);
  // The claimed values, recomputed by a plain loop: F(1) = F(2) = 1, b of row n-1 is F(n + 1).
  const std::vector<uint8_t> proof = read_file(golden_path(g.name + ".proof"));
  AlignedProof a(proof);
  VerifiedProof out;
  ASSERT_TRUE(verify(g.pk->vk, g.tables, a.span(), &out).ok());
  Fp x = Fp::one(), y = Fp::one();
  for (size_t i = 1; i < kRows; ++i) {
    const Fp z = x + y;
    x = y;
    y = z;
  }
  EXPECT_EQ(out.public_values[0], (std::vector<Fp>{Fp::one(), Fp::one(), y}));
}

TEST(GoldenProof, RangeCheck1024) { check_golden(range_check()); }

// The recursion preset: Poseidon2 commitments, the Poseidon2 transcript and key digest.
TEST(GoldenProof, Fibonacci1024Recursion) {
  check_golden(fibonacci("fibonacci_1024_recursion", StarkParams::recursion()));
}

// The golden files are real evidence only if a changed byte is noticed: one flipped bit in the
// golden proof (in its last section, the FRI query openings) must be rejected.
TEST(GoldenProof, AFlippedBitInTheGoldenProofIsRejected) {
  const Golden g = fibonacci();
  std::vector<uint8_t> proof = read_file(golden_path(g.name + ".proof"));
  ASSERT_GT(proof.size(), 64u);
  proof[proof.size() - 40] ^= 0x10;
  AlignedProof a(proof);
  EXPECT_FALSE(verify(g.pk->vk, g.tables, a.span()).ok());
}

}  // namespace
}  // namespace goldfinch::stark
