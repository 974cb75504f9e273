// The verifier guest on shard proofs (statement rv32im_shard): the small program of
// rv32im_in_vm_test.cc is proven as a receipt of several shards with zkvm::prove_receipt (testing
// preset, small shards); each shard proof is packed with the guest key's shard VK and verified by
// guest/bin/verifier.elf in the executor. A valid shard commits the shard key's digest and the
// statement the host's verifier reads from the same proof; the host's chain check
// (zkvm::check_receipt_chain) on the committed statements gives verify_receipt's answer. A
// tampered shard proof, a shard of another program, the whole-run key, and shards reordered or
// dropped are rejected.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/shard_output.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/recursion/sum_program_testing.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/zkvm/receipt.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {
namespace {


const vm::ElfImage* verifier_elf() {
  static std::optional<vm::ElfImage> image = []() -> std::optional<vm::ElfImage> {
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/verifier.elf", std::ios::binary);
    if (!f) return std::nullopt;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    vm::ElfResult r = vm::load_elf(bytes);
    if (!std::holds_alternative<vm::ElfImage>(r)) return std::nullopt;
    return std::get<vm::ElfImage>(std::move(r));
  }();
  return image ? &*image : nullptr;
}

#if defined(GF_VERIFIER_GUEST_REQUIRED)
#define REQUIRE_GUEST()                     \
  const vm::ElfImage* elf = verifier_elf(); \
  ASSERT_NE(elf, nullptr) << "guest/bin/verifier.elf missing or invalid"
#else
#define REQUIRE_GUEST()                     \
  const vm::ElfImage* elf = verifier_elf(); \
  if (!elf) GTEST_SKIP() << "guest/bin/verifier.elf not built (GF_BUILD_GUESTS)"
#endif

using testing::sum_elf;

constexpr uint64_t kShardCycles = 128;

struct ProvenReceipt {
  zkvm::Program program;
  zkvm::ReceiptOutput out;
  std::vector<std::vector<uint8_t>> shards;  // each shard proof, copied out of the receipt
};

const ProvenReceipt& proven(uint32_t n) {
  static std::map<uint32_t, ProvenReceipt> cache;
  auto it = cache.find(n);
  if (it != cache.end()) return it->second;
  auto program = zkvm::Program::from_elf_bytes(sum_elf(n), stark::StarkParams::testing());
  EXPECT_TRUE(program.ok()) << program.error().message;
  zkvm::ProveOptions options;
  options.shard_cycles = kShardCycles;
  auto out = zkvm::prove_receipt(*program, {}, options);
  EXPECT_TRUE(out.ok()) << out.error().message;
  ProvenReceipt p{*program, *out, {}};
  auto view = zkvm::read_receipt(p.out.receipt);
  EXPECT_TRUE(view.ok());
  for (auto s : view->shards) p.shards.emplace_back(s.begin(), s.end());
  return cache.emplace(n, std::move(p)).first->second;
}

std::vector<uint8_t> pack_shard(const zkvm::GuestKey& key, std::span<const uint8_t> proof) {
  auto s = key.shard_shape();
  EXPECT_TRUE(s.ok());
  return pack_input(static_cast<uint32_t>(StatementId::kRv32imShard), s->entry, key.shard_vk.encode(), proof,
                    packed_shape(*s));
}

InVmReport run(const vm::ElfImage& elf, const std::vector<uint8_t>& packed) {
  Result<InVmReport> r = run_verifier_guest(elf, packed, 2'000'000'000);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : InVmReport{};
}

int exit_of(const InVmReport& r) {
  EXPECT_EQ(r.public_output.empty(), !r.valid());
  return r.status == vm::RunStatus::kExited ? static_cast<int>(r.exit_code) : -1;
}

// The statements the verifier guest commits for every shard of the receipt (all must be accepted).
std::vector<shard::ShardProofStatement> in_vm_statements(const vm::ElfImage& elf, const ProvenReceipt& p) {
  std::vector<shard::ShardProofStatement> out;
  for (const auto& proof : p.shards) {
    const InVmReport r = run(elf, pack_shard(p.program.key(), proof));
    EXPECT_TRUE(r.valid()) << "exit " << r.exit_code << " " << r.console << r.trap;
    Result<ShardGuestOutput> d = decode_shard_output(r.public_output);
    EXPECT_TRUE(d.ok());
    if (d.ok()) out.push_back(d->statement);
  }
  return out;
}

void expect_same(const shard::ShardProofStatement& a, const shard::ShardProofStatement& b) {
  EXPECT_EQ(a.rv.start_cycle, b.rv.start_cycle);
  EXPECT_EQ(a.rv.end_cycle, b.rv.end_cycle);
  EXPECT_EQ(a.rv.start_pc, b.rv.start_pc);
  EXPECT_EQ(a.rv.end_pc, b.rv.end_pc);
  EXPECT_EQ(a.rv.start_regs, b.rv.start_regs);
  EXPECT_EQ(a.rv.end_regs, b.rv.end_regs);
  EXPECT_EQ(a.rv.last, b.rv.last);
  EXPECT_EQ(a.rv.exit_code, b.rv.exit_code);
  EXPECT_EQ(a.rv.payload_len, b.rv.payload_len);
  EXPECT_EQ(a.rv.output, b.rv.output);
  EXPECT_TRUE(a.contribution == b.contribution);
}

TEST(VerifierGuestShard, AcceptsEveryShardAndCommitsItsStatement) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const zkvm::GuestKey& key = p.program.key();
  ASSERT_GE(p.shards.size(), 2u);
  auto host_run = zkvm::verify_receipt(key, p.out.receipt);
  ASSERT_TRUE(host_run.ok()) << host_run.error().message;
  auto shape = key.shard_shape();
  ASSERT_TRUE(shape.ok());
  const shard::ShardTables tables(*shape);
  std::vector<shard::ShardProofStatement> committed;
  for (size_t k = 0; k < p.shards.size(); ++k) {
    const InVmReport r = run(*elf, pack_shard(key, p.shards[k]));
    ASSERT_TRUE(r.valid()) << "shard " << k << ": exit " << r.exit_code << " " << r.console << r.trap;
    uint64_t total = r.other_cycles;
    for (uint64_t x : r.phase_cycles) total += x;
    EXPECT_EQ(total, r.cycles);
    Result<ShardGuestOutput> d = decode_shard_output(r.public_output);
    ASSERT_TRUE(d.ok()) << d.error().what;
    EXPECT_EQ(d->vk_digest, key.shard_digest());
    // The host verifier's reading of the same proof.
    const stark::AlignedBytes aligned(p.shards[k]);
    stark::VerifiedProof proven_values;
    ASSERT_TRUE(stark::verify(key.shard_vk, tables.tables(), aligned.span(), &proven_values).ok());
    Result<shard::ShardProofStatement> host = shard::ShardTables::statement(proven_values.public_values);
    ASSERT_TRUE(host.ok());
    expect_same(d->statement, *host);
    // The encoding is exactly what the guest committed.
    EXPECT_EQ(encode_shard_output(key.shard_digest(), *host), r.public_output);
    committed.push_back(d->statement);
  }
  auto chained = zkvm::check_receipt_chain(key, p.out.shard_cycles, committed);
  ASSERT_TRUE(chained.ok()) << chained.error().message;
  const uint32_t sum = 60 * 61 / 2;
  EXPECT_EQ(chained->exit_code, sum & 0xFF);
  EXPECT_EQ(chained->exit_code, host_run->exit_code);
  EXPECT_EQ(chained->cycles, host_run->cycles);
  EXPECT_EQ(chained->output, host_run->output);
  EXPECT_EQ(chained->shards, p.shards.size());
}

TEST(VerifierGuestShard, RejectsATamperedShardProof) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  for (size_t k : {size_t{0}, p.shards.size() - 1}) {
    const std::vector<uint8_t> packed = pack_shard(p.program.key(), p.shards[k]);
    const size_t proof_at = packed.size() - p.shards[k].size();
    const size_t n = p.shards[k].size();
    for (size_t off : {size_t{40}, n / 3, n / 2, n - 24}) {
      auto bad = packed;
      bad[proof_at + off] ^= 0x02;
      const InVmReport r = run(*elf, bad);
      EXPECT_EQ(exit_of(r), 1) << "shard " << k << ", bit flipped at proof byte " << off << ": " << r.console;
    }
  }
}

TEST(VerifierGuestShard, RejectsAShardOfAnotherProgramAndTheWholeRunKey) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const ProvenReceipt& other = proven(61);
  // Another program's shard under this key, this program's shard under another key.
  EXPECT_EQ(exit_of(run(*elf, pack_shard(p.program.key(), other.shards[0]))), 1);
  EXPECT_EQ(exit_of(run(*elf, pack_shard(other.program.key(), p.shards[0]))), 1);
  // The whole-run key does not describe the shard tables; a shard proof is not a whole-run proof.
  const zkvm::GuestKey& key = p.program.key();
  auto shape = key.shard_shape();
  ASSERT_TRUE(shape.ok());
  EXPECT_EQ(exit_of(run(*elf, pack_input(static_cast<uint32_t>(StatementId::kRv32imShard), shape->entry,
                                         key.vk.encode(), p.shards[0], packed_shape(*shape)))),
            1);
  EXPECT_EQ(exit_of(run(*elf, pack_input(static_cast<uint32_t>(StatementId::kRv32im), shape->entry,
                                         key.shard_vk.encode(), p.shards[0], packed_shape(*shape)))),
            1);
}

TEST(VerifierGuestShard, TheHostChainCheckRejectsReorderedAndDroppedShards) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const zkvm::GuestKey& key = p.program.key();
  const std::vector<shard::ShardProofStatement> st = in_vm_statements(*elf, p);
  ASSERT_EQ(st.size(), p.shards.size());
  ASSERT_GE(st.size(), 2u);
  ASSERT_TRUE(zkvm::check_receipt_chain(key, kShardCycles, st).ok());
  auto swapped = st;
  std::swap(swapped[0], swapped[1]);
  auto r = zkvm::check_receipt_chain(key, kShardCycles, swapped);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("shards dropped, repeated or reordered"), std::string::npos) << r.error().message;
  auto first_dropped = std::vector(st.begin() + 1, st.end());
  EXPECT_FALSE(zkvm::check_receipt_chain(key, kShardCycles, first_dropped).ok());
  auto last_dropped = std::vector(st.begin(), st.end() - 1);
  r = zkvm::check_receipt_chain(key, kShardCycles, last_dropped);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("ends before the exit shard"), std::string::npos) << r.error().message;
  auto repeated = st;
  repeated.insert(repeated.begin() + 1, st[0]);
  EXPECT_FALSE(zkvm::check_receipt_chain(key, kShardCycles, repeated).ok());
  // Another program's statements do not chain from this program's entry.
  const std::vector<shard::ShardProofStatement> other = in_vm_statements(*elf, proven(61));
  EXPECT_TRUE(zkvm::check_receipt_chain(proven(61).program.key(), kShardCycles, other).ok());
  auto mixed = st;
  mixed.back() = other.back();
  EXPECT_FALSE(zkvm::check_receipt_chain(key, kShardCycles, mixed).ok());
}

TEST(ShardGuestOutput, RoundTripsAndRejectsMalformedOutputs) {
  shard::ShardProofStatement s;
  s.rv.start_cycle = 128;
  s.rv.end_cycle = 200;
  s.rv.start_pc = 0x10010;
  s.rv.end_pc = 0;
  for (size_t i = 0; i < circuit::kNumRegisterCells; ++i) {
    s.rv.start_regs[i] = static_cast<uint32_t>(i * 7);
    s.rv.end_regs[i] = static_cast<uint32_t>(0xFFFFFF00u + i);
  }
  s.rv.last = true;
  s.rv.exit_code = 0xABCDEF01;
  s.rv.payload_len = 77;
  s.rv.output = {1, 2, 3};
  s.contribution = multiset::multiset_sum_offset();
  hash::Digest digest;
  for (size_t i = 0; i < digest.bytes.size(); ++i) digest.bytes[i] = static_cast<uint8_t>(i + 1);
  const std::vector<uint8_t> bytes = encode_shard_output(digest, s);
  ASSERT_EQ(bytes.size(), kShardOutputFixedBytes + 3);
  Result<ShardGuestOutput> d = decode_shard_output(bytes);
  ASSERT_TRUE(d.ok()) << d.error().what;
  EXPECT_EQ(d->vk_digest, digest);
  expect_same(d->statement, s);
  s.contribution = multiset::Point::infinity();
  d = decode_shard_output(encode_shard_output(digest, s));
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->statement.contribution.is_infinity());

  EXPECT_FALSE(decode_shard_output(std::span(bytes).first(kShardOutputFixedBytes - 1)).ok());  // short
  EXPECT_FALSE(decode_shard_output(std::span(bytes).first(bytes.size() - 1)).ok());            // output cut
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(decode_shard_output(longer).ok());
  auto not_bit = bytes;
  not_bit[56] = 2;
  EXPECT_FALSE(decode_shard_output(not_bit).ok());
  auto off_curve = bytes;
  off_curve[344] ^= 1;
  EXPECT_FALSE(decode_shard_output(off_curve).ok());
}

}  // namespace
}  // namespace goldfinch::recursion
