// The aggregation guest (guest/bin/aggregator.elf) in the executor: the small program of
// shard_in_vm_test.cc is proven as a receipt of 3 shards of 128 cycles (testing preset); nodes over
// consecutive shards are packed with pack_shard_node and run. An honest node commits the join of
// the statements the host verifier reads from the same proofs; each attack of issue 14 that can be
// tried on leaf nodes is rejected for its reason (the guest's stderr names it).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_host.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/recursion/sum_program_testing.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/zkvm/receipt.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {
namespace {


const vm::ElfImage* guest_elf(const char* name) {
  static std::map<std::string, std::optional<vm::ElfImage>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    std::optional<vm::ElfImage> image;
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/" + name, std::ios::binary);
    if (f) {
      std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      vm::ElfResult r = vm::load_elf(bytes);
      if (std::holds_alternative<vm::ElfImage>(r)) image = std::get<vm::ElfImage>(std::move(r));
    }
    it = cache.emplace(name, std::move(image)).first;
  }
  return it->second ? &*it->second : nullptr;
}

#if defined(GF_VERIFIER_GUEST_REQUIRED)
#define REQUIRE_GUEST()                                  \
  const vm::ElfImage* elf = guest_elf("aggregator.elf"); \
  ASSERT_NE(elf, nullptr) << "guest/bin/aggregator.elf missing or invalid"
#else
#define REQUIRE_GUEST()                                  \
  const vm::ElfImage* elf = guest_elf("aggregator.elf"); \
  if (!elf) GTEST_SKIP() << "guest/bin/aggregator.elf not built (GF_BUILD_GUESTS)"
#endif

using testing::sum_elf;

constexpr uint64_t kShardCycles = 128;

struct ProvenReceipt {
  zkvm::Program program;
  zkvm::ReceiptOutput out;
  std::vector<std::vector<uint8_t>> shards;            // each shard proof, copied out of the receipt
  std::vector<shard::ShardProofStatement> statements;  // the host verifier's reading of each
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
  ProvenReceipt p{*program, *out, {}, {}};
  auto view = zkvm::read_receipt(p.out.receipt);
  EXPECT_TRUE(view.ok());
  auto shape = p.program.key().shard_shape();
  EXPECT_TRUE(shape.ok());
  const shard::ShardTables tables(*shape);
  for (auto s : view->shards) {
    p.shards.emplace_back(s.begin(), s.end());
    const stark::AlignedBytes aligned(s);
    stark::VerifiedProof v;
    EXPECT_TRUE(stark::verify(p.program.key().shard_vk, tables.tables(), aligned.span(), &v).ok());
    Result<shard::ShardProofStatement> st = shard::ShardTables::statement(v.public_values);
    EXPECT_TRUE(st.ok());
    p.statements.push_back(*st);
  }
  return cache.emplace(n, std::move(p)).first->second;
}

// The digest a root pins inner children to: the aggregation program's own whole-run key.
const hash::Digest& aggregator_digest() {
  static const hash::Digest d = [] {
    std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/aggregator.elf", std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    auto program = zkvm::Program::from_elf_bytes(bytes, stark::StarkParams::testing());
    EXPECT_TRUE(program.ok()) << program.error().message;
    return program.ok() ? aggregation_key_digest(program->key()) : hash::Digest{};
  }();
  return d;
}

std::vector<uint8_t> node(const ProvenReceipt& p, const std::vector<size_t>& shards,
                          const zkvm::GuestKey* key = nullptr, const ProvenReceipt* from = nullptr) {
  std::vector<std::span<const uint8_t>> proofs;
  for (size_t k : shards) proofs.push_back((from ? *from : p).shards[k]);
  auto packed = pack_shard_node(key ? *key : p.program.key(), proofs, aggregator_digest());
  EXPECT_TRUE(packed.ok()) << packed.error().message;
  return packed.ok() ? *packed : std::vector<uint8_t>{};
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

void expect_rejected(const InVmReport& r, int code, const char* reason) {
  EXPECT_EQ(exit_of(r), code) << r.console;
  EXPECT_NE(r.console.find(reason), std::string::npos) << r.console;
}

JoinedStatement host_join(const ProvenReceipt& p, const std::vector<size_t>& shards) {
  std::vector<JoinedStatement> leaves;
  for (size_t k : shards)
    leaves.push_back(leaf_statement(p.program.key().shard_digest(), aggregator_digest(), p.statements[k]));
  Result<JoinedStatement> j = join(leaves);
  EXPECT_TRUE(j.ok()) << j.error().what;
  return *j;
}

TEST(AggregatorGuest, AcceptsTwoAndThreeConsecutiveShardsAndCommitsTheirJoin) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const zkvm::GuestKey& key = p.program.key();
  ASSERT_EQ(p.shards.size(), 3u);
  for (const std::vector<size_t>& range : {std::vector<size_t>{0, 1}, {1, 2}, {0, 1, 2}}) {
    const InVmReport r = run(*elf, node(p, range));
    ASSERT_TRUE(r.valid()) << "exit " << r.exit_code << " " << r.console << r.trap;
    auto got = decode_node_output(key, aggregator_digest(), r.public_output);
    ASSERT_TRUE(got.ok()) << got.error().message;
    const JoinedStatement want = host_join(p, range);
    EXPECT_TRUE(*got == want);
    EXPECT_EQ(encode_joined(want), r.public_output);
    EXPECT_EQ(got->shards, range.size());
    std::printf("aggregator over shards %zu..%zu: %llu cycles (unpack %llu, join+statements %llu)\n", range.front(),
                range.back(), static_cast<unsigned long long>(r.cycles),
                static_cast<unsigned long long>(r.phase_cycles[stark::kPhaseUnpack]),
                static_cast<unsigned long long>(r.phase_cycles[stark::kPhaseOutput]));
    auto root = check_root(key, aggregator_digest(), *got);
    if (range.size() == 3) {
      ASSERT_TRUE(root.ok()) << root.error().message;
      auto host = zkvm::verify_receipt(key, p.out.receipt);
      ASSERT_TRUE(host.ok());
      EXPECT_EQ(root->exit_code, host->exit_code);
      EXPECT_EQ(root->cycles, host->cycles);
      EXPECT_EQ(root->output, host->output);
      EXPECT_EQ(root->shards, host->shards);
    } else {
      EXPECT_FALSE(root.ok());  // not the whole run
    }
  }
  // A node of a node: the host's join of the committed 0..1 statement and leaf 2 is the 0..2 node.
  {
    auto left = decode_node_output(key, aggregator_digest(), run(*elf, node(p, {0, 1})).public_output);
    auto all = decode_node_output(key, aggregator_digest(), run(*elf, node(p, {0, 1, 2})).public_output);
    ASSERT_TRUE(left.ok() && all.ok());
    Result<JoinedStatement> nested =
        join(std::vector{*left, leaf_statement(key.shard_digest(), aggregator_digest(), p.statements[2])});
    ASSERT_TRUE(nested.ok());
    EXPECT_TRUE(*nested == *all);
  }
  // The same node from the receipt container.
  auto packed = pack_receipt_node(key, p.out.receipt, 0, 3, aggregator_digest());
  ASSERT_TRUE(packed.ok()) << packed.error().message;
  EXPECT_EQ(*packed, node(p, {0, 1, 2}));
  EXPECT_FALSE(pack_receipt_node(key, p.out.receipt, 2, 2, aggregator_digest()).ok());
  EXPECT_FALSE(pack_receipt_node(proven(61).program.key(), p.out.receipt, 0, 2, aggregator_digest()).ok());
}

// The saving of decoding the program's shard key and building its tables once per node, against
// one verifier-guest run per shard.
TEST(AggregatorGuest, CostsLessThanOneVerifierRunPerChild) {
  REQUIRE_GUEST();
  const vm::ElfImage* verifier = guest_elf("verifier.elf");
  ASSERT_NE(verifier, nullptr);
  const ProvenReceipt& p = proven(60);
  const zkvm::GuestKey& key = p.program.key();
  auto shape = key.shard_shape();
  ASSERT_TRUE(shape.ok());
  uint64_t separate = 0;
  for (size_t k = 0; k < 3; ++k) {
    const InVmReport v = run(*verifier, pack_input(static_cast<uint32_t>(StatementId::kRv32imShard), shape->entry,
                                                   key.shard_vk.encode(), p.shards[k], packed_shape(*shape)));
    ASSERT_TRUE(v.valid());
    std::printf("verifier guest, shard %zu: %llu cycles\n", k, static_cast<unsigned long long>(v.cycles));
    separate += v.cycles;
  }
  const InVmReport two = run(*elf, node(p, {0, 1}));
  const InVmReport three = run(*elf, node(p, {0, 1, 2}));
  ASSERT_TRUE(two.valid() && three.valid());
  std::printf("aggregator: 2 children %llu, 3 children %llu cycles (the third child: %llu); 3 verifier runs %llu\n",
              static_cast<unsigned long long>(two.cycles), static_cast<unsigned long long>(three.cycles),
              static_cast<unsigned long long>(three.cycles - two.cycles), static_cast<unsigned long long>(separate));
  EXPECT_LT(three.cycles, separate);
  // The shard key is checked against the tables once per node: a further child costs clearly less
  // than a verifier run of its own (which includes those checks, ~0.5 M cycles).
  EXPECT_LT(three.cycles - two.cycles + 300'000, separate / 3);
}

TEST(AggregatorGuest, RejectsChildrenOutOfOrder) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  expect_rejected(run(*elf, node(p, {1, 0})), 1, "another cycle");
  expect_rejected(run(*elf, node(p, {0, 2, 1})), 1, "another cycle");
  expect_rejected(run(*elf, node(p, {2, 0})), 1, "follows the exit shard");
}

TEST(AggregatorGuest, RejectsOverlappingChildren) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  expect_rejected(run(*elf, node(p, {0, 0})), 1, "another cycle");
  expect_rejected(run(*elf, node(p, {0, 1, 1})), 1, "another cycle");
}

TEST(AggregatorGuest, RejectsADroppedMiddleChild) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  expect_rejected(run(*elf, node(p, {0, 2})), 1, "another cycle");
}

TEST(AggregatorGuest, RejectsAShardOfAnotherProgram) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const ProvenReceipt& other = proven(61);
  // Another program's shard among this program's: its proof is not under this shard key.
  std::vector<uint8_t> mixed = node(p, {0, 1});
  {
    std::vector<std::span<const uint8_t>> proofs{p.shards[0], other.shards[1]};
    auto packed = pack_shard_node(p.program.key(), proofs, aggregator_digest());
    ASSERT_TRUE(packed.ok());
    mixed = *packed;
  }
  expect_rejected(run(*elf, mixed), 1, "leaf proof rejected (child 1)");
}

TEST(AggregatorGuest, RejectsAShardProofUnderAnotherKey) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const ProvenReceipt& other = proven(61);
  // This program's shards packed with another program's shard key: not under that key.
  expect_rejected(run(*elf, node(p, {0, 1}, &other.program.key())), 1, "leaf proof rejected (child 0)");
  // Another program's shards under its own key are a valid node, of that program: the pin on the
  // program's shard-key digest (decode_node_output, check_root) refuses it for this program.
  const InVmReport r = run(*elf, node(other, {0, 1, 2}));
  ASSERT_TRUE(r.valid()) << r.console;
  EXPECT_TRUE(decode_node_output(other.program.key(), aggregator_digest(), r.public_output).ok());
  auto d = decode_node_output(p.program.key(), aggregator_digest(), r.public_output);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("another program"), std::string::npos) << d.error().message;
  Result<JoinedStatement> j = decode_joined(r.public_output);
  ASSERT_TRUE(j.ok());
  EXPECT_FALSE(check_root(p.program.key(), aggregator_digest(), *j).ok());
  // And a node naming another aggregation key digest is refused by the root's pin.
  hash::Digest forged = aggregator_digest();
  forged.bytes[0] ^= 1;
  EXPECT_FALSE(decode_node_output(other.program.key(), forged, r.public_output).ok());
  EXPECT_FALSE(check_root(other.program.key(), forged, *j).ok());
}

TEST(AggregatorGuest, RejectsAFlippedProofByte) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const std::vector<uint8_t> good = node(p, {0, 1});
  const size_t n = p.shards[1].size();
  const size_t proof_at = good.size() - n;  // the last child's proof ends the blob
  for (size_t off : {size_t{40}, n / 2, n - 24}) {
    auto bad = good;
    bad[proof_at + off] ^= 0x02;
    expect_rejected(run(*elf, bad), 1, "leaf proof rejected (child 1)");
  }
}

TEST(AggregatorGuest, RejectsMalformedInput) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const std::vector<uint8_t> good = node(p, {0, 1});
  expect_rejected(run(*elf, std::vector(good.begin(), good.end() - 1)), 2, "aggregation input");
  auto bad = good;
  bad[0] ^= 1;
  expect_rejected(run(*elf, bad), 2, "bad magic");
  bad = good;
  bad[12] = 1;  // one child
  expect_rejected(run(*elf, bad), 2, "child count");
  bad = good;
  bad[24] = 3;  // a program table height that is not a power of two
  expect_rejected(run(*elf, bad), 2, "program shard shape");
  bad = good;
  bad[kAggregationHeaderBytes + 2 * kAggregationChildEntryBytes] ^= 0xFF;  // the key's first byte
  expect_rejected(run(*elf, bad), 2, "program shard key");
}

// Inner children: proofs of a run of the aggregation program under the aggregation key, whose
// digest the node commits (and the root pins). Proving a real aggregation run is beyond the tests'
// budget (docs/recursion.md); these cases reach each check of the inner path with other proofs.
TEST(AggregatorGuest, RejectsAnInnerNodeProvenByADifferentAggregationKey) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);
  const zkvm::GuestKey& key = p.program.key();
  // Whole-run proofs of other programs posing as inner nodes: the summing program on n = 60 (exit
  // code 38) and on n = 511 (exit code 0, it commits 4 bytes).
  for (uint32_t n : {60u, 511u}) {
    auto q = zkvm::Program::from_elf_bytes(sum_elf(n), stark::StarkParams::testing());
    ASSERT_TRUE(q.ok());
    auto whole = zkvm::prove(*q, {});
    ASSERT_TRUE(whole.ok()) << whole.error().message;
    const zkvm::GuestKey& qkey = q->key();
    auto shard_shape = key.shard_shape();
    auto shape = qkey.shape();
    ASSERT_TRUE(shard_shape.ok() && shape.ok());
    const std::vector<uint8_t> program_key = key.shard_vk.encode(), other_key = qkey.vk.encode();
    auto input = [&](const hash::Digest& committed) {
      AggregationInput in;
      in.program_entry = shard_shape->entry;
      in.program_shape = packed_shape(*shard_shape);
      in.aggregation_entry = shape->entry;
      in.aggregation_shape = packed_shape(*shape);
      in.aggregation_digest = committed;
      in.program_key = program_key;
      in.aggregation_key = other_key;
      in.children = {{ChildKind::kInner, whole->proof}, {ChildKind::kLeaf, p.shards[2]}};
      return pack_aggregation_input(in);
    };
    // The node commits the real aggregation digest but supplies another key: refused before any
    // child is verified.
    expect_rejected(run(*elf, input(aggregator_digest())), 1, "aggregation key rejected");
    // The node commits the other key's digest (which the root's pin refuses); even then the
    // verified child is not an aggregation node's run.
    expect_rejected(
        run(*elf, input(qkey.digest())), 1,
        n == 60 ? "did not exit with 0 [mismatch] (expected 0, got 38)" : "inner output rejected (child 0)");
  }
  // A shard proof is not a whole-run proof under a whole-run key.
  {
    auto shard_shape = key.shard_shape();
    auto shape = key.shape();
    ASSERT_TRUE(shard_shape.ok() && shape.ok());
    const std::vector<uint8_t> program_key = key.shard_vk.encode(), other_key = key.vk.encode();
    AggregationInput in;
    in.program_entry = shard_shape->entry;
    in.program_shape = packed_shape(*shard_shape);
    in.aggregation_entry = shape->entry;
    in.aggregation_shape = packed_shape(*shape);
    in.aggregation_digest = key.digest();
    in.program_key = program_key;
    in.aggregation_key = other_key;
    in.children = {{ChildKind::kInner, p.shards[0]}, {ChildKind::kLeaf, p.shards[1]}};
    expect_rejected(run(*elf, pack_aggregation_input(in)), 1, "inner proof rejected (child 0)");
  }
  // An inner child without the aggregation key is malformed.
  std::vector<uint8_t> leaf_only = node(p, {0, 1});
  leaf_only[kAggregationHeaderBytes] = static_cast<uint8_t>(ChildKind::kInner);
  expect_rejected(run(*elf, leaf_only), 2, "without an aggregation key");
}

// The recursion preset commits with Poseidon2, and its transcript and key digests are Poseidon2
// too (docs/transcript.md): an aggregation node over recursion-preset shards makes no BLAKE3
// precompile call at all, so its own proof has an empty blake3_compress table. The testing
// preset (BLAKE3) node beside it shows the count is real.
TEST(AggregatorGuest, RecursionPresetNodeMakesNoBlake3Call) {
  REQUIRE_GUEST();
  auto program = zkvm::Program::from_elf_bytes(sum_elf(60), stark::StarkParams::recursion());
  ASSERT_TRUE(program.ok()) << program.error().message;
  zkvm::ProveOptions options;
  options.shard_cycles = kShardCycles;
  auto out = zkvm::prove_receipt(*program, {}, options);
  ASSERT_TRUE(out.ok()) << out.error().message;
  auto view = zkvm::read_receipt(out->receipt);
  ASSERT_TRUE(view.ok());
  ASSERT_GE(view->shards.size(), 2u);
  std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/aggregator.elf", std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto aggregator = zkvm::Program::from_elf_bytes(bytes, stark::StarkParams::recursion());
  ASSERT_TRUE(aggregator.ok()) << aggregator.error().message;
  const hash::Digest agg_digest = aggregation_key_digest(aggregator->key());
  std::vector<std::span<const uint8_t>> proofs = {view->shards[0], view->shards[1]};
  auto packed = pack_shard_node(program->key(), proofs, agg_digest);
  ASSERT_TRUE(packed.ok()) << packed.error().message;
  const InVmReport r = run(*elf, *packed);
  ASSERT_TRUE(r.valid()) << "exit " << r.exit_code << " " << r.console << r.trap;
  auto calls = count_guest_ecalls(*elf, *packed);
  ASSERT_TRUE(calls.ok());
  EXPECT_EQ((*calls)[vm::kSysBlake3Compress], 0u);
  EXPECT_GT((*calls)[vm::kSysPoseidon2], 0u);
  std::printf("recursion-preset node of 2 leaves: %llu cycles, %llu Poseidon2 calls, %llu BLAKE3 calls\n",
              static_cast<unsigned long long>(r.cycles), static_cast<unsigned long long>((*calls)[vm::kSysPoseidon2]),
              static_cast<unsigned long long>((*calls)[vm::kSysBlake3Compress]));
  // The testing preset (BLAKE3 commitments, transcript and key digest) does call BLAKE3.
  auto blake3_calls = count_guest_ecalls(*elf, node(proven(60), {0, 1}));
  ASSERT_TRUE(blake3_calls.ok());
  EXPECT_GT((*blake3_calls)[vm::kSysBlake3Compress], 0u);
}

}  // namespace
}  // namespace goldfinch::recursion
