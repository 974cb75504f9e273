// Proof composition in the joined statement (docs/recursion.md, "Claims"): a leaf's claims become
// its assumptions; a claim proof (a complete run that exited 0) adds a subject, (its program digest,
// BLAKE3 of its output), and carries its own assumptions; join keeps the assumptions no subject
// equals. Each attack of issue 14 on composition is named: a claim marked discharged without its
// proof, a proof of another key or output, a proof of an unfinished run, a proof under another
// aggregation key.
#include <gtest/gtest.h>

#include <string>

#include "goldfinch/hash/blake3.h"
#include "goldfinch/multiset/hash_to_curve.h"
#include "goldfinch/recursion/aggregate.h"

namespace goldfinch::recursion {
namespace {

hash::Digest digest(uint8_t b) {
  hash::Digest d;
  d.bytes.fill(b);
  return d;
}

Claim claim(const hash::Digest& key, std::span<const uint8_t> output) {
  Claim c;
  c.key = key.bytes;
  c.output = hash::blake3(output).bytes;
  return c;
}

std::vector<uint8_t> claim_bytes(const Claim& c) {
  std::vector<uint8_t> out(c.key.begin(), c.key.end());
  out.insert(out.end(), c.output.begin(), c.output.end());
  return out;
}

// One shard of program 0xAA, cycles [start, end), whose output (from output position `at`) is
// `output` with claims at `claims`.
JoinedStatement segment(uint64_t start, uint64_t end, bool last, uint32_t at, std::vector<uint8_t> output,
                        std::vector<uint32_t> claims) {
  JoinedStatement j;
  j.program_digest = digest(0xAA);
  j.aggregation_digest = digest(0xBB);
  j.shards = 1;
  j.start_cycle = start;
  j.end_cycle = end;
  j.start_pc = static_cast<uint32_t>(0x1000 + start);
  j.end_pc = last ? 0 : static_cast<uint32_t>(0x1000 + end);
  j.start_regs[circuit::kOutputLengthCell] = at;
  j.end_regs[circuit::kOutputLengthCell] = at + static_cast<uint32_t>(output.size());
  j.last = last;
  j.contribution = multiset::Point::infinity();
  j.output = std::move(output);
  j.claims = std::move(claims);
  return j;
}

// The leaf statement of a verified shard: its claims are its assumptions (as leaf_statement sets).
JoinedStatement leaf(uint64_t start, uint64_t end, bool last, uint32_t at, const std::vector<Claim>& made,
                     std::vector<uint8_t> plain = {}) {
  std::vector<uint8_t> out = std::move(plain);
  std::vector<uint32_t> positions;
  for (const Claim& c : made) {
    positions.push_back(at + static_cast<uint32_t>(out.size()));
    const auto b = claim_bytes(c);
    out.insert(out.end(), b.begin(), b.end());
  }
  shard::ShardProofStatement s;
  s.rv.start_cycle = start;
  s.rv.end_cycle = end;
  s.rv.start_pc = static_cast<uint32_t>(0x1000 + start);
  s.rv.end_pc = last ? 0 : static_cast<uint32_t>(0x1000 + end);
  s.rv.start_regs[circuit::kOutputLengthCell] = at;
  s.rv.end_regs[circuit::kOutputLengthCell] = at + static_cast<uint32_t>(out.size());
  s.rv.last = last;
  s.rv.output = out;
  s.rv.claims = positions;
  s.contribution = multiset::Point::infinity();
  return leaf_statement(digest(0xAA), digest(0xBB), s);
}

// A complete run of program `key` that exited 0 with `output`: a claim proof's statement.
JoinedStatement complete(const hash::Digest& key, std::vector<uint8_t> output) {
  JoinedStatement j = segment(0, 500, true, 0, std::move(output), {});
  j.program_digest = key;
  j.shards = 3;
  return j;
}

const std::vector<uint8_t> kFibOutput = {0x37, 0x0b, 0, 0, 0, 0, 0, 0};

TEST(Claims, ALeafAssumesItsClaimsAsASortedSet) {
  const Claim a = claim(digest(1), kFibOutput), b = claim(digest(2), kFibOutput);
  const JoinedStatement j = leaf(0, 100, false, 0, {b, a, b}, {9, 9});
  EXPECT_EQ(j.claims, (std::vector<uint32_t>{2, 66, 130}));
  ASSERT_EQ(j.assumptions.size(), 2u);
  EXPECT_TRUE(j.assumptions[0] < j.assumptions[1]);
  EXPECT_TRUE(j.subjects.empty());
}

TEST(Claims, AClaimProofDischargesItsClaim) {
  const hash::Digest fib = digest(0x0F);
  const Claim c = claim(fib, kFibOutput);
  const std::vector<JoinedStatement> segs = {leaf(0, 100, false, 0, {c}), leaf(100, 200, true, 64, {})};
  // Without the proof the claim stays assumed, through any number of joins.
  Result<JoinedStatement> open = join(segs);
  ASSERT_TRUE(open.ok()) << open.error().what;
  EXPECT_EQ(open->assumptions, std::vector<Claim>{c});
  EXPECT_EQ(open->claims, std::vector<uint32_t>{0});
  // With a complete run of the claimed program and output: discharged.
  const std::vector<JoinedStatement> proofs = {complete(fib, kFibOutput)};
  Result<JoinedStatement> done = join(segs, proofs);
  ASSERT_TRUE(done.ok()) << done.error().what;
  EXPECT_TRUE(done->assumptions.empty());
  EXPECT_EQ(done->subjects, std::vector<Claim>{c});
  EXPECT_EQ(done->claims, std::vector<uint32_t>{0});  // the run still made the claim
  // A subject proven in one subtree discharges a claim made in another: the node over (proof,
  // segment 0) carries the subject up to the join with the claiming segment... here the subject
  // comes from a sibling node.
  JoinedStatement sibling = segs[1];
  Result<JoinedStatement> with_subject = join(std::vector<JoinedStatement>{sibling}, proofs);
  ASSERT_TRUE(with_subject.ok());
  Result<JoinedStatement> top = join(std::vector<JoinedStatement>{segs[0], *with_subject});
  ASSERT_TRUE(top.ok()) << top.error().what;
  EXPECT_TRUE(top->assumptions.empty());
  // The statement round-trips with its claims and sets.
  Result<JoinedStatement> back = decode_joined(encode_joined(*done));
  ASSERT_TRUE(back.ok()) << back.error().what;
  EXPECT_TRUE(*back == *done);
}

TEST(Claims, AProofOfAnotherKeyOrOutputDischargesNothing) {
  const hash::Digest fib = digest(0x0F);
  const Claim c = claim(fib, kFibOutput);
  const std::vector<JoinedStatement> segs = {leaf(0, 100, true, 0, {c})};
  std::vector<uint8_t> other_output = kFibOutput;
  other_output[0] ^= 1;
  for (const JoinedStatement& p : {complete(digest(0x0E), kFibOutput), complete(fib, other_output)}) {
    Result<JoinedStatement> j = join(segs, std::vector<JoinedStatement>{p});
    ASSERT_TRUE(j.ok()) << j.error().what;
    EXPECT_EQ(j->assumptions, std::vector<Claim>{c});
    EXPECT_EQ(j->subjects.size(), 1u);
  }
}

// A claim proof is a whole run that exited 0: anything less is refused, whatever it would discharge.
TEST(Claims, AProofOfAnUnfinishedOrFailedRunIsRefused) {
  const hash::Digest fib = digest(0x0F);
  const std::vector<JoinedStatement> segs = {leaf(0, 100, true, 0, {claim(fib, kFibOutput)})};
  auto refused = [&](JoinedStatement p, const char* what) {
    Result<JoinedStatement> j = join(segs, std::vector<JoinedStatement>{p});
    ASSERT_FALSE(j.ok()) << what;
    EXPECT_NE(std::string(j.error().what).find(what), std::string::npos) << j.error().what;
  };
  JoinedStatement p = complete(fib, kFibOutput);
  p.last = false;
  refused(p, "ends before the exit shard");
  p = complete(fib, kFibOutput);
  p.start_cycle = 50;
  refused(p, "does not start at cycle 0");
  p = complete(fib, kFibOutput);
  p.exit_code = 1;
  refused(p, "did not exit with 0");
  p = complete(fib, kFibOutput);
  const Fp tuple[2] = {Fp::from_u64(5), Fp::from_u64(36)};
  p.contribution = *multiset::hash_to_curve(tuple);
  refused(p, "memory contributions do not sum to zero");
  p = complete(fib, kFibOutput);
  p.aggregation_digest = digest(0xBC);
  refused(p, "another aggregation key");
}

// The claimed run's own assumptions travel with its subject (transitive composition): the node is
// unconditional only once they are discharged too.
TEST(Claims, AClaimProofCarriesItsOwnAssumptions) {
  const hash::Digest fib = digest(0x0F), base = digest(0x0B);
  const Claim c = claim(fib, kFibOutput), d = claim(base, std::vector<uint8_t>{1});
  JoinedStatement p = complete(fib, kFibOutput);
  p.assumptions = {d};
  const std::vector<JoinedStatement> segs = {leaf(0, 100, true, 0, {c})};
  Result<JoinedStatement> j = join(segs, std::vector<JoinedStatement>{p});
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->assumptions, std::vector<Claim>{d});
  Result<JoinedStatement> k = join(segs, std::vector<JoinedStatement>{p, complete(base, {1})});
  ASSERT_TRUE(k.ok());
  EXPECT_TRUE(k->assumptions.empty());
  EXPECT_EQ(k->subjects.size(), 2u);
}

// A claim marked discharged without its proof: the statement's encoding cannot say it (the sets
// are what join computes), and a hand-edited encoding with an unsorted or repeated set, or claim
// positions out of order or outside the output, does not decode.
TEST(Claims, MalformedClaimListsAndSetsDoNotDecode) {
  const Claim a = claim(digest(1), kFibOutput), b = claim(digest(2), kFibOutput);
  JoinedStatement j = leaf(0, 100, true, 0, {a, b});
  ASSERT_TRUE(decode_joined(encode_joined(j)).ok());
  JoinedStatement bad = j;
  std::swap(bad.assumptions[0], bad.assumptions[1]);
  EXPECT_FALSE(decode_joined(encode_joined(bad)).ok());
  bad = j;
  bad.assumptions = {a, a};
  EXPECT_FALSE(decode_joined(encode_joined(bad)).ok());
  bad = j;
  bad.claims = {64, 0};
  EXPECT_FALSE(decode_joined(encode_joined(bad)).ok());
  bad = j;
  bad.claims = {0, 65};
  EXPECT_FALSE(decode_joined(encode_joined(bad)).ok());
  bad = j;
  bad.claims = {0, 32};
  EXPECT_FALSE(decode_joined(encode_joined(bad)).ok());
}

}  // namespace
}  // namespace goldfinch::recursion
