// Proven aggregation (recursion/aggregate_tree.h). The aggregate proof container and the tree's
// refusals run in the unit suite; `AggregateTreeEndToEnd.*` proves nodes (each a whole-run proof of
// the aggregation guest, ~4 M cycles: about 2 minutes and 10 GB on the 2-core machine) and runs
// only in the `heavy` ctest label (scripts/test-heavy.sh).
#include "goldfinch/recursion/aggregate_tree.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

#include "goldfinch/recursion/aggregate_host.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/sum_program_testing.h"
#include "goldfinch/vm/memory_map.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::recursion {
namespace {


using testing::sum_elf;

constexpr uint64_t kShardCycles = 128;

std::optional<std::vector<uint8_t>> aggregator_bytes() {
  std::ifstream f(std::string(GF_GUEST_BIN_DIR) + "/aggregator.elf", std::ios::binary);
  if (!f) return std::nullopt;
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

#if defined(GF_VERIFIER_GUEST_REQUIRED)
#define REQUIRE_AGGREGATOR(params)                                        \
  auto agg_elf = aggregator_bytes();                                      \
  ASSERT_TRUE(agg_elf.has_value()) << "guest/bin/aggregator.elf missing"; \
  auto aggregator = zkvm::Program::from_elf_bytes(*agg_elf, params);      \
  ASSERT_TRUE(aggregator.ok()) << aggregator.error().message
#else
#define REQUIRE_AGGREGATOR(params)                                                      \
  auto agg_elf = aggregator_bytes();                                                    \
  if (!agg_elf) GTEST_SKIP() << "guest/bin/aggregator.elf not built (GF_BUILD_GUESTS)"; \
  auto aggregator = zkvm::Program::from_elf_bytes(*agg_elf, params);                    \
  ASSERT_TRUE(aggregator.ok()) << aggregator.error().message
#endif

zkvm::Program sum_program(uint32_t n) {
  auto program = zkvm::Program::from_elf_bytes(sum_elf(n), stark::StarkParams::testing());
  EXPECT_TRUE(program.ok()) << program.error().message;
  return *program;
}

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

bool write_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

std::vector<uint8_t> some_bytes(size_t n) {
  std::vector<uint8_t> b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 37 + 11);
  return b;
}

std::string error_of(const zkvm::ZkvmResult<AggregateProofHeader>& r) { return r.ok() ? "" : r.error().message; }

TEST(AggregateProofFile, RoundTripsInPlace) {
  const std::vector<uint8_t> proof = some_bytes(1000);
  const std::vector<uint8_t> file = encode_aggregate_proof({5, 2, 3}, proof);
  ASSERT_EQ(file.size(), kAggregateProofHeaderBytes + proof.size());
  EXPECT_TRUE(looks_like_aggregate_proof(file));
  std::span<const uint8_t> root;
  auto h = decode_aggregate_proof(file, &root);
  ASSERT_TRUE(h.ok()) << h.error().message;
  EXPECT_EQ(h->shards, 5u);
  EXPECT_EQ(h->arity, 2u);
  EXPECT_EQ(h->levels, 3u);
  EXPECT_EQ(root.data(), file.data() + kAggregateProofHeaderBytes);  // read in place, not copied
  EXPECT_TRUE(std::equal(root.begin(), root.end(), proof.begin(), proof.end()));
}

TEST(AggregateProofFile, RejectsEveryMalformedHeader) {
  const std::vector<uint8_t> good = encode_aggregate_proof({5, 2, 3}, some_bytes(64));
  std::span<const uint8_t> root;
  for (size_t n = 0; n < good.size(); ++n) {  // every truncation
    const std::span<const uint8_t> cut(good.data(), n);
    EXPECT_FALSE(decode_aggregate_proof(cut, &root).ok()) << n;
  }
  auto with = [&](size_t at, uint8_t v) {
    std::vector<uint8_t> b = good;
    b[at] = v;
    return b;
  };
  EXPECT_NE(error_of(decode_aggregate_proof(with(0, 'X'), &root)).find("magic"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(8, 2), &root)).find("version"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(12, 1), &root)).find("reserved"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(47, 1), &root)).find("reserved"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(16, 65), &root)).find("past the end"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(16, 63), &root)).find("trailing"), std::string::npos);
  EXPECT_NE(error_of(decode_aggregate_proof(with(23, 0x80), &root)).find("past the end"), std::string::npos);
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  EXPECT_NE(error_of(decode_aggregate_proof(longer, &root)).find("trailing"), std::string::npos);
  const std::vector<uint8_t> empty = encode_aggregate_proof({1, 2, 1}, {});
  EXPECT_NE(error_of(decode_aggregate_proof(empty, &root)).find("empty"), std::string::npos);
}

TEST(AggregationPlan, BalancedTreesCarryALoneChildUp) {
  EXPECT_EQ(plan_text(balanced_plan(1, 2)), "(0)");  // one shard: the node of one leaf
  EXPECT_EQ(plan_text(balanced_plan(1, 16)), "(0)");
  EXPECT_EQ(balanced_plan(1, 2).count, 1u);
  EXPECT_EQ(plan_text(balanced_plan(2, 2)), "(0 1)");
  EXPECT_EQ(plan_text(balanced_plan(3, 2)), "((0 1) 2)");
  EXPECT_EQ(plan_text(balanced_plan(5, 2)), "(((0 1) (2 3)) 4)");
  EXPECT_EQ(plan_text(balanced_plan(7, 3)), "((0 1 2) (3 4 5) 6)");
  EXPECT_EQ(plan_text(balanced_plan(16, 16)), "(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)");
  const PlanNode p = balanced_plan(5, 2);
  EXPECT_EQ(p.first, 0u);
  EXPECT_EQ(p.count, 5u);
  ASSERT_EQ(p.children.size(), 2u);
  EXPECT_EQ(p.children[0].count, 4u);
  EXPECT_EQ(p.children[1].first, 4u);
  EXPECT_TRUE(p.children[1].leaf());
  // Every balanced plan reads back as itself.
  for (size_t shards = 1; shards < 40; ++shards)
    for (size_t arity = 2; arity <= 16; ++arity) {
      const PlanNode b = balanced_plan(shards, arity);
      auto back = parse_plan(plan_text(b), shards);
      ASSERT_TRUE(back.ok()) << back.error().message;
      EXPECT_TRUE(*back == b) << plan_text(b);
    }
}

TEST(AggregationPlan, ReadsAnyShapeOverTheShardsInOrder) {
  auto p = parse_plan("# five shards\n( (0 1 2)\t(3 4) )  # two nodes under the root\n", 5);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(plan_text(*p), "((0 1 2) (3 4))");
  EXPECT_EQ(p->children[1].first, 3u);
  EXPECT_EQ(p->children[1].count, 2u);
  auto lone = parse_plan("(0)", 1);  // a run of one shard
  ASSERT_TRUE(lone.ok()) << lone.error().message;
  EXPECT_EQ(lone->count, 1u);
  ASSERT_EQ(lone->children.size(), 1u);
  EXPECT_TRUE(lone->children[0].leaf());
  auto any = parse_plan("(0 (1 (2 3)))", 0);  // an unbalanced chain, any shard count
  ASSERT_TRUE(any.ok()) << any.error().message;
  EXPECT_EQ(any->count, 4u);
}

TEST(AggregationPlan, RejectsPlansThatAreNotATreeOverTheShardsInOrder) {
  const std::pair<const char*, const char*> bad[] = {
      {"", "expected '('"},
      {"0 1", "expected '('"},
      {"(0 1", "not closed"},
      {"(0 1))", "text after the root"},
      {"(0 1) (2 3)", "text after the root"},
      {"(1 0 2 3)", "shard 1 where shard 0 comes next"},
      {"(0 2 1 3)", "shard 2 where shard 1 comes next"},
      {"(0 1 1 2 3)", "shard 1 where shard 2 comes next"},
      {"(0 1 2)", "covers shards 0..2, the run has 4"},
      {"(0 1 2 3 4)", "the run has 4 shards"},
      {"((0 1) (2) 3)", "a node of 1 item"},
      {"((0 1 2 3))", "a node of 1 item"},  // only the root of one shard has one child
      {"(0)", "covers shards 0..0, the run has 4"},
      {"((0 1) () 2 3)", "a node of 0 items"},
      {"(0 1 2 x)", "unexpected character 'x'"},
      {"(0 1 2 -3)", "unexpected character '-'"},
      {"(0 1 2 0000000000000000003)", "too many digits"},
  };
  for (const auto& [text, why] : bad) {
    auto r = parse_plan(text, 4);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().kind, zkvm::ErrorKind::kBadInput);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << text << ": " << r.error().message;
  }
  std::string seventeen = "(";
  for (int i = 0; i < 17; ++i) seventeen += std::to_string(i) + " ";
  seventeen += ")";
  auto wide = parse_plan(seventeen, 17);
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().message.find("more than 16"), std::string::npos) << wide.error().message;
  std::string deep(100, '(');  // nesting is bounded (no stack exhaustion on a hostile file)
  auto nested = parse_plan(deep, 0);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("deeper than 64"), std::string::npos) << nested.error().message;
}

TEST(PackNode, InnerChildrenCarryTheAggregationKeyAndLeavesOnlyItsDigest) {
  REQUIRE_AGGREGATOR(stark::StarkParams::testing());
  const zkvm::Program program = sum_program(60);
  const std::vector<uint8_t> a = some_bytes(48), b = some_bytes(96);
  const hash::Digest agg_digest = aggregation_key_digest(aggregator->key());
  {
    const NodeChild children[] = {{ChildKind::kLeaf, a}, {ChildKind::kLeaf, b}};
    auto packed = pack_node(program.key(), aggregator->key(), children);
    ASSERT_TRUE(packed.ok()) << packed.error().message;
    auto in = parse_aggregation_input(*packed);
    ASSERT_TRUE(in.ok()) << in.error().what;
    EXPECT_EQ(in->aggregation_digest, agg_digest);
    EXPECT_TRUE(in->aggregation_key.empty());
    EXPECT_EQ(in->children.size(), 2u);
    // The same bytes as the leaf-only packing the executor tests use.
    const std::span<const uint8_t> proofs[] = {a, b};
    auto same = pack_shard_node(program.key(), proofs, agg_digest);
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(*same, *packed);
  }
  {
    const NodeChild children[] = {{ChildKind::kInner, a}, {ChildKind::kLeaf, b}};
    auto packed = pack_node(program.key(), aggregator->key(), children);
    ASSERT_TRUE(packed.ok()) << packed.error().message;
    auto in = parse_aggregation_input(*packed);
    ASSERT_TRUE(in.ok()) << in.error().what;
    const std::vector<uint8_t> vk = aggregator->key().vk.encode();
    EXPECT_TRUE(std::equal(in->aggregation_key.begin(), in->aggregation_key.end(), vk.begin(), vk.end()));
    EXPECT_EQ(in->aggregation_digest, agg_digest);
    EXPECT_EQ(in->aggregation_entry, aggregator->key().entry);
    ASSERT_EQ(in->children.size(), 2u);
    EXPECT_EQ(in->children[0].kind, ChildKind::kInner);
    EXPECT_TRUE(std::equal(in->children[0].proof.begin(), in->children[0].proof.end(), a.begin(), a.end()));
  }
  // A node of one leaf (a run of one shard) packs; none or seventeen children do not.
  const NodeChild one[] = {{ChildKind::kLeaf, a}};
  auto single = pack_node(program.key(), aggregator->key(), one);
  ASSERT_TRUE(single.ok()) << single.error().message;
  auto single_in = parse_aggregation_input(*single);
  ASSERT_TRUE(single_in.ok()) << single_in.error().what;
  EXPECT_EQ(single_in->children.size(), 1u);
  auto none = pack_node(program.key(), aggregator->key(), {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, zkvm::ErrorKind::kBadInput);
  const std::vector<NodeChild> seventeen(17, NodeChild{ChildKind::kLeaf, a});
  auto refused = pack_node(program.key(), aggregator->key(), seventeen);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, zkvm::ErrorKind::kBadInput);
}

TEST(ProveAggregate, RefusesABadArityABadPlanAndAnotherTreesDirectory) {
  REQUIRE_AGGREGATOR(stark::StarkParams::testing());
  const zkvm::Program program = sum_program(60);
  TreeOptions o;
  o.shard_options.shard_cycles = kShardCycles;
  for (size_t arity : {0, 1, 17}) {
    o.arity = arity;
    auto r = prove_aggregate(program, *aggregator, {}, o);
    ASSERT_FALSE(r.ok()) << arity;
    EXPECT_EQ(r.error().kind, zkvm::ErrorKind::kBadInput);
    EXPECT_NE(r.error().message.find("arity"), std::string::npos) << r.error().message;
  }
  o.arity = 2;
  // A plan that does not parse is refused before anything is proven; one over another shard count
  // after the receipt (which has 3 shards of 128 cycles here).
  o.shard_options.shard_cycles = kShardCycles;
  o.plan = "(0 1";
  auto unparsed = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_FALSE(unparsed.ok());
  EXPECT_NE(unparsed.error().message.find("not closed"), std::string::npos) << unparsed.error().message;
  o.plan = "((0 1) (2 3))";
  auto four = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_FALSE(four.ok());
  EXPECT_NE(four.error().message.find("covers 4 shards, the run has 3"), std::string::npos) << four.error().message;
  o.plan.clear();
  o.shard_options.shard_cycles = 1024;
  // The aggregation program at other parameters than the program's.
  auto other = zkvm::Program::from_elf_bytes(*agg_elf, stark::StarkParams::conjectured_100());
  ASSERT_TRUE(other.ok());
  auto mismatched = prove_aggregate(program, *other, {}, o);
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.error().message.find("parameters"), std::string::npos) << mismatched.error().message;
  // A keep directory written for another input is not reused or overwritten. (60 * 6 + 13 cycles
  // are one 1024-cycle shard; the plan of two fails after the manifest and the receipt.)
  const auto dir = fresh_dir("gf-aggregate-keep");
  o.keep_dir = dir.string();
  o.shard_options.shard_cycles = 1024;
  o.plan = "(0 1)";
  auto two = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.error().message.find("covers 2 shards, the run has 1"), std::string::npos) << two.error().message;
  o.plan.clear();
  ASSERT_TRUE(std::filesystem::exists(dir / "tree.txt"));
  // The same run under another aggregation key (another build of the aggregation program): the
  // receipt is reused as it is, stale node proofs are removed and the manifest is rewritten.
  const auto manifest = zkvm::read_file((dir / "tree.txt").string());
  ASSERT_TRUE(manifest.ok());
  std::string other_key(manifest->begin(), manifest->end());
  const size_t at = other_key.find("aggregation key ");
  ASSERT_NE(at, std::string::npos);
  other_key[at + 16] = other_key[at + 16] == '0' ? '1' : '0';
  ASSERT_TRUE(write_file(dir / "tree.txt", std::vector<uint8_t>(other_key.begin(), other_key.end())));
  ASSERT_TRUE(write_file(dir / "node-0-2.proof", std::vector<uint8_t>{1, 2, 3}));
  const auto receipt_time = std::filesystem::last_write_time(dir / "shards.receipt");
  o.plan = "(0 1)";
  auto rekeyed = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_FALSE(rekeyed.ok());
  EXPECT_NE(rekeyed.error().message.find("covers 2 shards, the run has 1"), std::string::npos)
      << rekeyed.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir / "node-0-2.proof"));
  EXPECT_EQ(std::filesystem::last_write_time(dir / "shards.receipt"), receipt_time);
  const auto rewritten = zkvm::read_file((dir / "tree.txt").string());
  ASSERT_TRUE(rewritten.ok());
  EXPECT_EQ(*rewritten, *manifest);
  o.plan.clear();
  const std::vector<uint8_t> input = {1, 2, 3};
  auto foreign = prove_aggregate(program, *aggregator, input, o);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("another aggregation"), std::string::npos) << foreign.error().message;
  std::filesystem::remove_all(dir);
}

TEST(VerifyAggregate, RejectsAProofOfAnotherProgramAsTheRoot) {
  REQUIRE_AGGREGATOR(stark::StarkParams::testing());
  const zkvm::Program program = sum_program(60);
  // A valid whole-run proof, but of the summing program, not of the aggregation program.
  auto whole = zkvm::prove(program, {});
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  const std::vector<uint8_t> file = encode_aggregate_proof({1, 2, 1}, whole->proof);
  auto r = verify_aggregate(program.key(), aggregator->key(), file);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, zkvm::ErrorKind::kInvalidProof);
  EXPECT_NE(r.error().message.find("aggregation node"), std::string::npos) << r.error().message;
  // And a receipt is not an aggregate proof.
  zkvm::ProveOptions o;
  o.shard_cycles = kShardCycles;
  auto receipt = zkvm::prove_receipt(program, {}, o);
  ASSERT_TRUE(receipt.ok());
  EXPECT_FALSE(verify_aggregate(program.key(), aggregator->key(), receipt->receipt).ok());
}

// ---- heavy: nodes proven (label `heavy`, scripts/test-heavy.sh) ----

// The summing program's run of 3 shards folded at arity 2: a node over shards 0..1, then the root
// over that node (an inner child) and shard 2 (a leaf carried up). Both node proofs are real
// whole-run proofs of the aggregation guest at the testing preset.
TEST(AggregateTreeEndToEnd, ThreeShardsFoldIntoOneProofThatVerifiesLikeTheReceipt) {
  REQUIRE_AGGREGATOR(stark::StarkParams::testing());
  const zkvm::Program program = sum_program(60);
  const zkvm::GuestKey& key = program.key();
  const auto dir = fresh_dir("gf-aggregate-tree");
  TreeOptions o;
  o.arity = 2;
  o.shard_options.shard_cycles = kShardCycles;
  o.keep_dir = dir.string();
  std::vector<TreeProgress> seen;
  o.progress = [&](const TreeProgress& p) { seen.push_back(p); };
  auto out = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->stats.shards, 3u);
  EXPECT_EQ(out->stats.nodes, 2u);
  EXPECT_EQ(out->stats.levels, 2u);
  EXPECT_EQ(out->stats.reused_nodes, 0u);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].level, 1u);
  EXPECT_EQ(seen[1].level, 2u);
  std::printf(
      "aggregate of 3 shards: nodes %zu, node cycles %llu (largest %llu), shards %.1f s, nodes %.1f s, "
      "proof %zu bytes\n",
      out->stats.nodes, static_cast<unsigned long long>(out->stats.node_cycles),
      static_cast<unsigned long long>(out->stats.max_node_cycles), out->stats.seconds_shards, out->stats.seconds_nodes,
      out->proof.size());

  // The aggregate says what the receipt says.
  auto receipt = zkvm::read_file((dir / "shards.receipt").string());
  ASSERT_TRUE(receipt.ok());
  auto host = zkvm::verify_receipt(key, *receipt);
  ASSERT_TRUE(host.ok()) << host.error().message;
  auto got = verify_aggregate(key, aggregator->key(), out->proof);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->exit_code, host->exit_code);
  EXPECT_EQ(got->cycles, host->cycles);
  EXPECT_EQ(got->output, host->output);
  EXPECT_EQ(got->shards, 3u);
  EXPECT_EQ(got->cycles, out->statement.cycles);
  EXPECT_EQ(got->output, out->statement.output);

  // Tampered root proof bytes: rejected by the STARK verifier.
  std::span<const uint8_t> root_span;
  ASSERT_TRUE(decode_aggregate_proof(out->proof, &root_span).ok());
  const std::vector<uint8_t> root(root_span.begin(), root_span.end());
  for (size_t at : {root.size() / 3, root.size() / 2, root.size() - 9}) {
    std::vector<uint8_t> bad = out->proof;
    bad[kAggregateProofHeaderBytes + at] ^= 0x10;
    auto r = verify_aggregate(key, aggregator->key(), bad);
    EXPECT_FALSE(r.ok()) << at;
  }
  // The header's shard count is compared with what the root proves.
  {
    std::vector<uint8_t> bad = encode_aggregate_proof({4, 2, 2}, root);
    auto r = verify_aggregate(key, aggregator->key(), bad);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("shards"), std::string::npos) << r.error().message;
  }
  // Wrong verifying key: the root checked under the aggregation program at other parameters.
  {
    auto other = zkvm::Program::from_elf_bytes(*agg_elf, stark::StarkParams::conjectured_100());
    ASSERT_TRUE(other.ok());
    EXPECT_FALSE(verify_aggregate(key, other->key(), out->proof).ok());
  }
  // Wrong program: the root of this program's run does not verify as another program's.
  {
    const zkvm::Program another = sum_program(61);
    auto r = verify_aggregate(another.key(), aggregator->key(), out->proof);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("another program"), std::string::npos) << r.error().message;
  }
  // The level-1 node (shards 0..1) is a valid node but not a root: it ends before the exit shard.
  auto level1 = zkvm::read_file((dir / "node-0-2.proof").string());
  ASSERT_TRUE(level1.ok());
  auto inner = verify_node(key, aggregator->key(), *level1);
  ASSERT_TRUE(inner.ok()) << inner.error().message;
  EXPECT_EQ(inner->shards, 2u);
  EXPECT_FALSE(inner->last);
  {
    auto r = verify_aggregate(key, aggregator->key(), encode_aggregate_proof({2, 2, 1}, *level1));
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("ends before the exit shard"), std::string::npos) << r.error().message;
  }

  // Resume: the same call takes both nodes from the directory, verified again, and gives the same file.
  seen.clear();
  auto again = prove_aggregate(program, *aggregator, {}, o);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->stats.reused_nodes, 2u);
  EXPECT_EQ(again->proof, out->proof);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_TRUE(seen[0].reused && seen[1].reused);
  // A node file that no longer verifies is not trusted: the tree goes to prove it again (here refused
  // for memory at once, so that the test does not pay for the proof) instead of reusing it.
  {
    std::vector<uint8_t> bad = *level1;
    bad[bad.size() / 2] ^= 1;
    std::ofstream((dir / "node-0-2.proof").string(), std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bad.data()), static_cast<std::streamsize>(bad.size()));
  }
  seen.clear();
  TreeOptions starved = o;
  starved.node_options.memory_limit_bytes = 1;
  auto redo = prove_aggregate(program, *aggregator, {}, starved);
  ASSERT_FALSE(redo.ok());
  EXPECT_EQ(redo.error().kind, zkvm::ErrorKind::kResources) << redo.error().message;
  EXPECT_NE(redo.error().message.find("node over shards 0..1"), std::string::npos) << redo.error().message;
  // The advice is a node's (its children's verification), not a receipt's (a smaller shard size).
  EXPECT_NE(redo.error().message.find("not the shard size"), std::string::npos) << redo.error().message;
  EXPECT_EQ(redo.error().message.find("a smaller shard size"), std::string::npos) << redo.error().message;
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_FALSE(seen[0].reused);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace goldfinch::recursion
