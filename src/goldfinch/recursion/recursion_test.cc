// The verifier guest: the packed input format on the host, then the guest (guest/bin/verifier.elf,
// the host's verifier compiled for RV32IM) run in the executor on honest and attacked inputs. The
// expected public output is built here from the key's digest and the witness's public values.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>

#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/elf.h"

namespace goldfinch::recursion {
namespace {

// A 16-byte aligned copy of `bytes`, optionally starting `shift` bytes past the alignment.
struct AlignedBytes {
  std::vector<uint64_t> words;
  size_t shift = 0, size = 0;
  AlignedBytes(std::span<const uint8_t> bytes, size_t shift_by = 0) : shift(shift_by), size(bytes.size()) {
    words.resize((bytes.size() + shift + 16) / 8 + 2);
    std::memcpy(base() + shift, bytes.data(), bytes.size());
  }
  uint8_t* base() {
    auto p = reinterpret_cast<uintptr_t>(words.data());
    return reinterpret_cast<uint8_t*>((p + 15) & ~uintptr_t{15});
  }
  std::span<const uint8_t> span() { return {base() + shift, size}; }
};

std::vector<uint8_t> random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(rng());
  return v;
}

TEST(PackedInput, RoundTripsInPlace) {
  for (size_t vk_len : {0, 1, 15, 16, 17, 100}) {
    for (size_t proof_len : {0, 8, 33, 4096}) {
      const auto vk = random_bytes(vk_len, vk_len), proof = random_bytes(proof_len, 1000 + proof_len);
      const auto blob = pack_input(4, 64, vk, proof);
      ASSERT_EQ(blob.size(), (kPackedHeaderBytes + vk_len + 15) / 16 * 16 + proof_len);
      AlignedBytes a(blob);
      Result<PackedInput> p = parse_packed(a.span());
      ASSERT_TRUE(p.ok()) << p.error().what;
      EXPECT_EQ(p->statement, 4u);
      EXPECT_EQ(p->statement_param, 64u);
      EXPECT_TRUE(std::equal(vk.begin(), vk.end(), p->vk.begin(), p->vk.end()));
      EXPECT_TRUE(std::equal(proof.begin(), proof.end(), p->proof.begin(), p->proof.end()));
      // In place: the spans point into the buffer, the proof 16-byte aligned.
      EXPECT_EQ(p->vk.data(), a.span().data() + 64);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p->proof.data()) % 16, 0u);
      EXPECT_GE(p->proof.data(), a.span().data());
    }
  }
}

TEST(PackedInput, CarriesTheRv32imShapeFields) {
  const auto vk = random_bytes(40, 3), proof = random_bytes(64, 4);
  const PackedShape shape{1, 1u << 12, 1u << 20};
  const auto blob = pack_input(5, 0x10074, vk, proof, shape);
  AlignedBytes a(blob);
  Result<PackedInput> p = parse_packed(a.span());
  ASSERT_TRUE(p.ok()) << p.error().what;
  EXPECT_EQ(p->statement, 5u);
  EXPECT_EQ(p->statement_param, 0x10074u);
  EXPECT_EQ(p->shape, shape);
  // Version 1 blobs (no shape fields) are refused.
  auto v1 = blob;
  v1[8] = 1;
  AlignedBytes b(v1);
  EXPECT_EQ(parse_packed(b.span()).error().code, ErrorCode::kMismatch);
}

TEST(PackedInput, RejectsMalformedBlobs) {
  const auto vk = random_bytes(37, 1), proof = random_bytes(200, 2);
  const auto blob = pack_input(1, 0, vk, proof);
  auto parse = [](std::vector<uint8_t> b, size_t shift = 0) {
    AlignedBytes a(b, shift);
    return parse_packed(a.span());
  };
  ASSERT_TRUE(parse(blob).ok());
  for (size_t shift : {1, 4, 8}) EXPECT_FALSE(parse(blob, shift).ok()) << "misaligned by " << shift;
  for (size_t n = 0; n < blob.size(); ++n) {
    auto t = blob;
    t.resize(n);
    EXPECT_FALSE(parse(t).ok()) << "truncated to " << n;
  }
  auto longer = blob;
  longer.push_back(0);
  EXPECT_EQ(parse(longer).error().code, ErrorCode::kTrailingBytes);
  // Every header byte but the statement's own fields (id, parameter, flags, heights: checked by
  // make_statement) matters; the padding must be zero.
  for (size_t i = 0; i < kPackedHeaderBytes; ++i) {
    if ((i >= 12 && i < 24) || i >= 56) continue;
    auto t = blob;
    t[i] ^= 1;
    EXPECT_FALSE(parse(t).ok()) << "header byte " << i;
  }
  auto pad = blob;
  pad[kPackedHeaderBytes + vk.size()] = 7;  // first padding byte after the key
  EXPECT_FALSE(parse(pad).ok());
  // A proof section that does not start on a 16-byte boundary.
  auto unaligned = blob;
  unaligned[40] = static_cast<uint8_t>(kPackedHeaderBytes + vk.size());
  EXPECT_FALSE(parse(unaligned).ok());
}

TEST(Statements, RejectUnknownIdsAndParameters) {
  EXPECT_TRUE(make_statement(1, 0).ok());
  EXPECT_FALSE(make_statement(1, 3).ok());
  EXPECT_FALSE(make_statement(0, 0).ok());
  EXPECT_FALSE(make_statement(5, 0).ok());
  EXPECT_FALSE(make_statement(4, 0).ok());
  EXPECT_FALSE(make_statement(4, kMaxSyntheticWidth + 1).ok());
  Result<Statement> s = make_statement(4, 8);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->tables.size(), 1u);
  EXPECT_EQ(s->tables[0]->width(), 8u);
  EXPECT_EQ(make_statement(2, 0)->tables.size(), 2u);
  EXPECT_EQ(*statement_from_name("bus"), StatementId::kBus);
  EXPECT_EQ(*statement_from_name("rv32im"), StatementId::kRv32im);
  // The shape fields belong to rv32im only, and must describe valid heights there.
  EXPECT_FALSE(make_statement(1, 0, PackedShape{0, 4, 0}).ok());
  EXPECT_FALSE(make_statement(4, 8, PackedShape{1, 0, 0}).ok());
  Result<Statement> rv = make_statement(5, 0x10000, PackedShape{0, 64, 16});
  ASSERT_TRUE(rv.ok()) << rv.error().what;
  EXPECT_EQ(rv->tables.size(), circuit::Rv32imTables::kNumTables);
  EXPECT_EQ(rv->tables[circuit::Rv32imTables::kCpuIndex]->constants()[0].value(), 0x10000u);
  EXPECT_EQ(rv->tables[0]->fixed_height(), 64u);
  for (const PackedShape& bad : {PackedShape{2, 64, 16}, PackedShape{0, 0, 16}, PackedShape{0, 64, 2}, PackedShape{0, 48, 16},
                                 PackedShape{0, 64, 1u << 29}, PackedShape{0, 1u << 31, 16}})
    EXPECT_FALSE(make_statement(5, 0x10000, bad).ok()) << bad.flags << " " << bad.program_height << " " << bad.image_height;
  EXPECT_FALSE(statement_from_name("fib").ok());
  // rv32im_shard: the shard tables (shard::ShardTables) of the same shape fields, checked alike.
  EXPECT_EQ(*statement_from_name("rv32im_shard"), StatementId::kRv32imShard);
  Result<Statement> sh = make_statement(6, 0x10000, PackedShape{1, 64, 16});
  ASSERT_TRUE(sh.ok()) << sh.error().what;
  EXPECT_EQ(sh->tables.size(), shard::ShardTables::kNumTables);
  EXPECT_EQ(sh->tables[circuit::Rv32imTables::kFinalizeIndex]->name(), "ram_finalize");
  EXPECT_EQ(sh->tables[shard::ShardTables::kSumIndex]->name(), "multiset_sum");
  EXPECT_EQ(sh->tables[circuit::Rv32imTables::kCpuIndex]->constants()[0].value(), 0x10000u);
  const shard::ShardTables reference({0x10000, 64, 16, true, true});
  const std::vector<const air::Air*> want = reference.tables();
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(sh->tables[i]->name(), want[i]->name());
    EXPECT_EQ(sh->tables[i]->width(), want[i]->width()) << want[i]->name();
  }
  for (const PackedShape& bad : {PackedShape{2, 64, 16}, PackedShape{0, 0, 16}, PackedShape{0, 64, 48}})
    EXPECT_FALSE(make_statement(6, 0x10000, bad).ok()) << bad.flags << " " << bad.program_height << " " << bad.image_height;
  EXPECT_FALSE(make_statement(7, 0x10000, PackedShape{0, 64, 16}).ok());
}

// --- In the VM -----------------------------------------------------------------------------

const vm::ElfImage* verifier_elf() {
  static std::optional<vm::ElfImage> image = [] () -> std::optional<vm::ElfImage> {
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/verifier.elf", std::ios::binary);
    if (!f) return std::nullopt;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    vm::ElfResult r = vm::load_elf(bytes);
    if (!std::holds_alternative<vm::ElfImage>(r)) return std::nullopt;
    return std::get<vm::ElfImage>(std::move(r));
  }();
  return image ? &*image : nullptr;
}

// Skipped when the guest toolchain is absent; a failure when the build has it (the guest build
// then produced verifier.elf, or should have).
#if defined(GF_VERIFIER_GUEST_REQUIRED)
#define REQUIRE_GUEST()                       \
  const vm::ElfImage* elf = verifier_elf();   \
  ASSERT_NE(elf, nullptr) << "guest/bin/verifier.elf missing or invalid"
#else
#define REQUIRE_GUEST()                       \
  const vm::ElfImage* elf = verifier_elf();   \
  if (!elf) GTEST_SKIP() << "guest/bin/verifier.elf not built (GF_BUILD_GUESTS)"
#endif

// The output the guest must commit: digest bytes, then each public value as 8 LE bytes.
std::vector<uint8_t> want_output(const ExampleProof& p) {
  const hash::Digest d = p.vk.digest();
  std::vector<uint8_t> out(d.bytes.begin(), d.bytes.end());
  for (const auto& t : p.public_values)
    for (Fp v : t)
      for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v.value() >> (8 * i)));
  return out;
}

InVmReport run(const vm::ElfImage& elf, const std::vector<uint8_t>& packed) {
  Result<InVmReport> r = run_verifier_guest(elf, packed, 2'000'000'000);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : InVmReport{};
}

ExampleProof proof_of(StatementId id, uint32_t param, unsigned log_rows,
                      stark::StarkParams params = stark::StarkParams::testing()) {
  Result<ExampleProof> p = prove_example(id, param, log_rows, params);
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().what);
  return p.ok() ? std::move(*p) : ExampleProof{};
}

TEST(VerifierGuest, AcceptsValidProofsAndCommitsKeyDigestAndPublicValues) {
  REQUIRE_GUEST();
  struct Case {
    StatementId id;
    uint32_t param;
    unsigned log_rows;
  };
  for (const Case& c : {Case{StatementId::kFibonacci, 0, 6}, Case{StatementId::kRange, 0, 8},
                        Case{StatementId::kBus, 0, 5}, Case{StatementId::kSynthetic, 8, 6}}) {
    const ExampleProof p = proof_of(c.id, c.param, c.log_rows);
    const std::vector<uint8_t> packed = pack_input(static_cast<uint32_t>(c.id), c.param, p.vk.encode(), p.proof);
    const InVmReport r = run(*elf, packed);
    EXPECT_TRUE(r.valid()) << statement_name(c.id) << ": exit " << r.exit_code << " " << r.console << r.trap;
    EXPECT_EQ(r.public_output, want_output(p)) << statement_name(c.id);
    // The phases add up to the run, and each verifier phase ran.
    uint64_t sum = r.other_cycles;
    for (uint64_t x : r.phase_cycles) sum += x;
    EXPECT_EQ(sum, r.cycles);
    EXPECT_EQ(r.other_cycles, 0u);
    for (int ph = stark::kPhaseUnpack; ph <= stark::kPhaseOutput; ++ph)
      EXPECT_GT(r.phase_cycles[ph], 0u) << stark::verifier_phase_name(ph);
  }
  // Fibonacci's public values are (1, 1, fib) — the statement, not just bytes.
  const ExampleProof fib = proof_of(StatementId::kFibonacci, 0, 4);
  ASSERT_EQ(fib.public_values.size(), 1u);
  EXPECT_EQ(fib.public_values[0][2].value(), 1597u);  // b after 15 steps from (1, 1): F(17)
}

TEST(VerifierGuest, RejectsTamperedProofInsideTheGuest) {
  REQUIRE_GUEST();
  const ExampleProof p = proof_of(StatementId::kFibonacci, 0, 6);
  const std::vector<uint8_t> packed = pack_input(1, 0, p.vk.encode(), p.proof);
  const size_t proof_at = packed.size() - p.proof.size();
  // A bit in each of a spread of positions across the proof: header, roots, openings, FRI, paths.
  size_t flips = 0;
  for (size_t off = 3; off < p.proof.size(); off += p.proof.size() / 12 + 1) {
    auto bad = packed;
    bad[proof_at + off] ^= 0x10;
    const InVmReport r = run(*elf, bad);
    EXPECT_EQ(r.status, vm::RunStatus::kExited) << off;
    EXPECT_EQ(r.exit_code, 1u) << "bit flipped at proof byte " << off;
    EXPECT_NE(r.console.find("proof rejected"), std::string::npos) << r.console;
    EXPECT_TRUE(r.public_output.empty());
    ++flips;
  }
  EXPECT_GE(flips, 10u);
}

TEST(VerifierGuest, RejectsWrongVerifyingKey) {
  REQUIRE_GUEST();
  const ExampleProof fib = proof_of(StatementId::kFibonacci, 0, 6);
  // The same statement under other parameters: a different key digest.
  const ExampleProof fib_default = proof_of(StatementId::kFibonacci, 0, 6, stark::StarkParams::conjectured_100());
  const ExampleProof bus = proof_of(StatementId::kBus, 0, 5);
  auto exit_of = [&](uint32_t id, const stark::VerifyingKey& vk, const std::vector<uint8_t>& proof) {
    const InVmReport r = run(*elf, pack_input(id, 0, vk.encode(), proof));
    EXPECT_EQ(r.public_output.empty(), !r.valid());
    return r.status == vm::RunStatus::kExited ? static_cast<int>(r.exit_code) : -1;
  };
  EXPECT_EQ(exit_of(1, fib.vk, fib.proof), 0);
  EXPECT_EQ(exit_of(1, fib_default.vk, fib.proof), 1);  // another key for the same tables
  EXPECT_EQ(exit_of(3, bus.vk, fib.proof), 1);          // the key of another statement
  EXPECT_EQ(exit_of(1, bus.vk, fib.proof), 1);          // key does not describe the named tables
  EXPECT_EQ(exit_of(3, fib.vk, fib.proof), 1);          // statement id of another table set
  auto vk_bytes = fib.vk.encode();
  vk_bytes[vk_bytes.size() - 1] ^= 1;                   // preprocessed root changed: decodes, digest differs
  const InVmReport r = run(*elf, pack_input(1, 0, vk_bytes, fib.proof));
  EXPECT_EQ(r.exit_code, 1u) << r.console;
}

TEST(VerifierGuest, RejectsMalformedPackedInput) {
  REQUIRE_GUEST();
  const ExampleProof p = proof_of(StatementId::kFibonacci, 0, 5);
  const std::vector<uint8_t> vk = p.vk.encode(), packed = pack_input(1, 0, vk, p.proof);
  auto exit_of = [&](const std::vector<uint8_t>& blob) {
    const InVmReport r = run(*elf, blob);
    EXPECT_EQ(r.public_output.empty(), !r.valid());
    return r.status == vm::RunStatus::kExited ? static_cast<int>(r.exit_code) : -1;
  };
  EXPECT_EQ(exit_of(packed), 0);
  for (size_t n : {size_t{0}, size_t{10}, size_t{63}, size_t{64}, packed.size() / 2, packed.size() - 1}) {
    auto t = packed;
    t.resize(n);
    EXPECT_EQ(exit_of(t), 2) << "truncated to " << n;
  }
  // The proof section moved off its 16-byte boundary (offset not the canonical one).
  std::vector<uint8_t> shifted(packed.begin(), packed.begin() + 64);
  shifted.insert(shifted.end(), vk.begin(), vk.end());
  while ((shifted.size() - 64 - vk.size()) < 8 || shifted.size() % 16 != 8) shifted.push_back(0);
  const uint64_t off = shifted.size();
  for (int i = 0; i < 8; ++i) shifted[40 + i] = static_cast<uint8_t>(off >> (8 * i));
  shifted.insert(shifted.end(), p.proof.begin(), p.proof.end());
  EXPECT_EQ(exit_of(shifted), 2);
  auto magic = packed;
  magic[0] ^= 1;
  EXPECT_EQ(exit_of(magic), 2);
  auto unknown = packed;
  unknown[12] = 9;  // statement id
  EXPECT_EQ(exit_of(unknown), 2);
  auto bad_vk = packed;
  bad_vk[64] ^= 1;  // key magic
  EXPECT_EQ(exit_of(bad_vk), 2);
}

}  // namespace
}  // namespace goldfinch::recursion
