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

#include "goldfinch/hash/blake3.h"
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
#include "goldfinch/vm/test_elf_writer.h"
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

// A node of one leaf: a run of one shard has no other node (the balanced tree `(0)`).
TEST(AggregatorGuest, ANodeOfOneLeafCommitsThatShardAndIsTheRootOfAOneShardRun) {
  REQUIRE_GUEST();
  const ProvenReceipt& p = proven(60);  // 3 shards: the middle one alone is a segment, not a run
  const InVmReport mid = run(*elf, node(p, {1}));
  ASSERT_TRUE(mid.valid()) << "exit " << mid.exit_code << " " << mid.console << mid.trap;
  auto segment = decode_node_output(p.program.key(), aggregator_digest(), mid.public_output);
  ASSERT_TRUE(segment.ok()) << segment.error().message;
  EXPECT_TRUE(*segment == host_join(p, {1}));
  EXPECT_EQ(segment->shards, 1u);
  EXPECT_FALSE(check_root(p.program.key(), aggregator_digest(), *segment).ok());

  const ProvenReceipt& one = proven(10);  // 10 * 6 + 13 cycles: one 128-cycle shard
  ASSERT_EQ(one.shards.size(), 1u);
  const InVmReport r = run(*elf, node(one, {0}));
  ASSERT_TRUE(r.valid()) << "exit " << r.exit_code << " " << r.console << r.trap;
  auto got = decode_node_output(one.program.key(), aggregator_digest(), r.public_output);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_TRUE(*got == host_join(one, {0}));
  auto root = check_root(one.program.key(), aggregator_digest(), *got);
  ASSERT_TRUE(root.ok()) << root.error().message;
  auto host = zkvm::verify_receipt(one.program.key(), one.out.receipt);
  ASSERT_TRUE(host.ok());
  EXPECT_EQ(root->exit_code, host->exit_code);
  EXPECT_EQ(root->cycles, host->cycles);
  EXPECT_EQ(root->output, host->output);
  EXPECT_EQ(root->shards, 1u);
  std::printf("aggregator over a run of one shard: %llu cycles\n", static_cast<unsigned long long>(r.cycles));
  // Its proof under another key is still refused.
  expect_rejected(run(*elf, node(one, {0}, &p.program.key())), 1, "leaf proof rejected (child 0)");
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
  bad[12] = 0;  // no child
  expect_rejected(run(*elf, bad), 2, "child count");
  bad[12] = 17;
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

// ---------------------------------------------------------------------------------------------
// Claims (docs/recursion.md, "Claims"): a claimant program's shards assume a claim; a claim proof
// child discharges it in the guest. As above, proving a real aggregation run is beyond the tests'
// budget: the "aggregation key" here is that of a program that commits its input (so its proven
// output is whatever joined statement the test writes), which exercises every check the guest makes
// of a claim proof; the root's pin of the real aggregation key is check_root's (tested elsewhere).

// verify_claim(the 64-byte input payload), then sum_elf's loop over 1..60 (3 shards of 128 cycles).
std::vector<uint8_t> claimant_elf() {
  namespace rv = vm::rv;
  std::vector<uint32_t> c;
  rv::li(c, 10, vm::kInputPayload);
  rv::li(c, 17, vm::kSysVerifyClaim);
  c.push_back(rv::ecall());
  testing::append_sum_loop(c, 60);
  c.push_back(rv::addi(10, 0, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

// commit(the input payload), exit 0.
std::vector<uint8_t> echo_elf() {
  namespace rv = vm::rv;
  std::vector<uint32_t> c;
  rv::li(c, 14, vm::kInputBase);
  c.push_back(rv::lw(11, 14, 8));
  c.push_back(rv::addi(10, 14, 16));
  rv::li(c, 17, vm::kSysCommit);
  c.push_back(rv::ecall());
  c.push_back(rv::addi(10, 0, 0));
  rv::li(c, 17, vm::kSysExit);
  c.push_back(rv::ecall());
  return vm::testing::write_elf(rv::image_from_code(c, 0x10000, 0x20000, 0x1000));
}

TEST(AggregatorGuest, AClaimProofDischargesTheClaimInTheGuest) {
  REQUIRE_GUEST();
  const hash::Digest claimed_key = [] {
    hash::Digest d;
    d.bytes.fill(0x5C);
    return d;
  }();
  const std::vector<uint8_t> claimed_output = {'f', 'i', 'b', 0x37};
  Claim claim;
  claim.key = claimed_key.bytes;
  claim.output = hash::blake3(claimed_output).bytes;
  std::vector<uint8_t> claim_input(claim.key.begin(), claim.key.end());
  claim_input.insert(claim_input.end(), claim.output.begin(), claim.output.end());

  auto claimant = zkvm::Program::from_elf_bytes(claimant_elf(), stark::StarkParams::testing());
  ASSERT_TRUE(claimant.ok()) << claimant.error().message;
  zkvm::ProveOptions options;
  options.shard_cycles = kShardCycles;
  auto receipt = zkvm::prove_receipt(*claimant, claim_input, options);
  ASSERT_TRUE(receipt.ok()) << receipt.error().message;
  ASSERT_EQ(receipt->statement.shards, 3u);
  // The receipt's statement is conditional on the claim.
  auto host = zkvm::verify_receipt(claimant->key(), receipt->receipt);
  ASSERT_TRUE(host.ok()) << host.error().message;
  EXPECT_EQ(host->claims, std::vector<uint32_t>{0});
  EXPECT_EQ(host->assumptions, std::vector<Claim>{claim});

  auto echo = zkvm::Program::from_elf_bytes(echo_elf(), stark::StarkParams::testing());
  ASSERT_TRUE(echo.ok()) << echo.error().message;
  const zkvm::GuestKey& agg_key = echo->key();
  const hash::Digest agg_digest = agg_key.digest();
  // A claim proof: a "node" whose joined statement is the complete run of the claimed program.
  auto proof_of = [&](const JoinedStatement& j) {
    auto whole = zkvm::prove(*echo, encode_joined(j));
    EXPECT_TRUE(whole.ok()) << whole.error().message;
    return whole.ok() ? whole->proof : std::vector<uint8_t>{};
  };
  JoinedStatement complete;
  complete.program_digest = claimed_key;
  complete.aggregation_digest = agg_digest;
  complete.shards = 2;
  complete.start_cycle = 0;
  complete.end_cycle = 1000;
  complete.last = true;
  complete.end_regs[circuit::kOutputLengthCell] = static_cast<uint32_t>(claimed_output.size());
  complete.output = claimed_output;

  auto view = zkvm::read_receipt(receipt->receipt);
  ASSERT_TRUE(view.ok());
  auto shard_shape = claimant->key().shard_shape();
  auto agg_shape = agg_key.shape();
  ASSERT_TRUE(shard_shape.ok() && agg_shape.ok());
  const std::vector<uint8_t> program_key = claimant->key().shard_vk.encode(), aggregation_key = agg_key.vk.encode();
  auto node_with = [&](const std::vector<std::vector<uint8_t>>& claim_proofs) {
    AggregationInput in;
    in.program_entry = shard_shape->entry;
    in.program_shape = packed_shape(*shard_shape);
    in.aggregation_digest = agg_digest;
    in.program_key = program_key;
    if (!claim_proofs.empty()) {  // the key travels only when a child is verified under it
      in.aggregation_entry = agg_shape->entry;
      in.aggregation_shape = packed_shape(*agg_shape);
      in.aggregation_key = aggregation_key;
    }
    for (auto s : view->shards) in.children.push_back({ChildKind::kLeaf, s});
    for (const auto& p : claim_proofs) in.children.push_back({ChildKind::kClaimProof, p});
    return pack_aggregation_input(in);
  };
  auto joined_of = [&](const InVmReport& r) {
    Result<JoinedStatement> j = decode_joined(r.public_output);
    EXPECT_TRUE(j.ok());
    return j.ok() ? *j : JoinedStatement{};
  };

  // Discharged: the node's statement assumes nothing, and its run still made the claim.
  const std::vector<uint8_t> good = proof_of(complete);
  InVmReport r = run(*elf, node_with({good}));
  ASSERT_TRUE(r.valid()) << r.console << r.trap;
  JoinedStatement j = joined_of(r);
  EXPECT_TRUE(j.assumptions.empty());
  EXPECT_EQ(j.subjects, std::vector<Claim>{claim});
  EXPECT_EQ(j.claims, std::vector<uint32_t>{0});
  EXPECT_EQ(j.shards, 3u);
  std::printf("aggregator over 3 leaves and a claim proof: %llu cycles\n", static_cast<unsigned long long>(r.cycles));

  // A claim marked discharged without its proof: without the child the claim stays assumed.
  r = run(*elf, node_with({}));
  ASSERT_TRUE(r.valid()) << r.console << r.trap;
  EXPECT_EQ(joined_of(r).assumptions, std::vector<Claim>{claim});

  // A proof of the claimed program with another output, or of another program: nothing discharged.
  JoinedStatement other = complete;
  other.output[3] ^= 1;
  r = run(*elf, node_with({proof_of(other)}));
  ASSERT_TRUE(r.valid()) << r.console;
  EXPECT_EQ(joined_of(r).assumptions, std::vector<Claim>{claim});
  other = complete;
  other.program_digest.bytes[0] ^= 1;
  r = run(*elf, node_with({proof_of(other)}));
  ASSERT_TRUE(r.valid()) << r.console;
  EXPECT_EQ(joined_of(r).assumptions, std::vector<Claim>{claim});

  // A proof of a run that did not finish, failed, or leaves memory unbalanced: refused.
  other = complete;
  other.last = false;
  other.end_pc = 0x10010;
  expect_rejected(run(*elf, node_with({proof_of(other)})), 1, "ends before the exit shard");
  other = complete;
  other.exit_code = 3;
  expect_rejected(run(*elf, node_with({proof_of(other)})), 1, "did not exit with 0");
  other = complete;
  other.start_cycle = 10;
  expect_rejected(run(*elf, node_with({proof_of(other)})), 1, "does not start at cycle 0");
  // Its aggregation digest is not the node's: refused.
  other = complete;
  other.aggregation_digest.bytes[0] ^= 1;
  expect_rejected(run(*elf, node_with({proof_of(other)})), 1, "another aggregation key");
  // A tampered claim proof does not verify.
  std::vector<uint8_t> tampered = good;
  tampered[tampered.size() / 2] ^= 1;
  expect_rejected(run(*elf, node_with({tampered})), 1, "inner proof rejected");
  // Only claim proofs and no segment: malformed.
  {
    std::vector<uint8_t> only = node_with({good, good});
    for (size_t i = 0; i < 3; ++i) only[kAggregationHeaderBytes + kAggregationChildEntryBytes * i] = 3;
    expect_rejected(run(*elf, only), 2, "no leaf or inner child");
  }
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
