// The aggregation guest's shared code on the host: the joined statement's encoding, join()'s
// contiguity checks (each named after the attack it stops), and the aggregation input format.
#include "goldfinch/recursion/aggregate.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "goldfinch/multiset/hash_to_curve.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/statements.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::recursion {
namespace {

multiset::Point point(uint64_t seed) {
  const Fp tuple[2] = {Fp::from_u64(seed), Fp::from_u64(seed * 7 + 1)};
  Result<multiset::Point> p = multiset::hash_to_curve(tuple);
  EXPECT_TRUE(p.ok());
  return *p;
}

hash::Digest digest(uint8_t b) {
  hash::Digest d;
  d.bytes.fill(b);
  return d;
}

// Three consecutive synthetic shards of one run: 0..100, 100..200, 200..250 (last).
std::vector<JoinedStatement> three_leaves() {
  std::vector<JoinedStatement> s(3);
  for (size_t i = 0; i < 3; ++i) {
    JoinedStatement& j = s[i];
    j.program_digest = digest(0xAA);
    j.aggregation_digest = digest(0xBB);
    j.shards = 1;
    j.start_cycle = 100 * i;
    j.end_cycle = i == 2 ? 250 : 100 * (i + 1);
    j.start_pc = 0x10000 + 4 * static_cast<uint32_t>(i);
    j.end_pc = i == 2 ? 0 : 0x10000 + 4 * static_cast<uint32_t>(i + 1);
    for (size_t r = 0; r < circuit::kNumRegisterCells; ++r) {
      j.start_regs[r] = i == 0 ? 0 : static_cast<uint32_t>(1000 * i + r);
      j.end_regs[r] = static_cast<uint32_t>(1000 * (i + 1) + r);
    }
    j.last = i == 2;
    j.exit_code = i == 2 ? 7 : 0;
    j.payload_len = 12;
    j.contribution = point(i + 1);
    j.output = std::vector<uint8_t>(i, static_cast<uint8_t>(0x10 + i));
  }
  return s;
}

void expect_join_rejected(const std::vector<JoinedStatement>& children, const char* what) {
  Result<JoinedStatement> r = join(children);
  ASSERT_FALSE(r.ok()) << what;
  EXPECT_EQ(r.error().code, ErrorCode::kMismatch);
  EXPECT_NE(std::string(r.error().what).find(what), std::string::npos) << r.error().what;
}

TEST(JoinedStatement, RoundTripsAndRejectsMalformedEncodings) {
  for (const JoinedStatement& s : three_leaves()) {
    const std::vector<uint8_t> bytes = encode_joined(s);
    EXPECT_EQ(bytes.size(), kJoinedFixedBytes + s.output.size());
    Result<JoinedStatement> d = decode_joined(bytes);
    ASSERT_TRUE(d.ok()) << d.error().what;
    EXPECT_TRUE(*d == s);
  }
  JoinedStatement s = three_leaves()[1];
  s.contribution = multiset::Point::infinity();
  ASSERT_TRUE(decode_joined(encode_joined(s)).ok());
  EXPECT_TRUE(*decode_joined(encode_joined(s)) == s);

  const std::vector<uint8_t> good = encode_joined(three_leaves()[2]);
  for (size_t n = 0; n < good.size(); ++n) EXPECT_FALSE(decode_joined(std::span(good).first(n)).ok()) << "cut to " << n;
  auto longer = good;
  longer.push_back(0);
  EXPECT_EQ(decode_joined(longer).error().code, ErrorCode::kTrailingBytes);
  auto bad = good;
  bad[96] = 2;  // last
  EXPECT_FALSE(decode_joined(bad).ok());
  bad = good;
  std::memset(&bad[64], 0, 8);  // zero shards
  EXPECT_FALSE(decode_joined(bad).ok());
  bad = good;
  std::memcpy(&bad[72], &good[80], 8);  // start cycle = end cycle
  EXPECT_FALSE(decode_joined(bad).ok());
  bad = good;
  bad[384] ^= 1;  // contribution off the curve
  EXPECT_FALSE(decode_joined(bad).ok());
}

TEST(Join, JoinsConsecutiveChildrenAndIsAssociative) {
  const auto s = three_leaves();
  Result<JoinedStatement> all = join(s);
  ASSERT_TRUE(all.ok()) << all.error().what;
  EXPECT_EQ(all->shards, 3u);
  EXPECT_EQ(all->start_cycle, 0u);
  EXPECT_EQ(all->end_cycle, 250u);
  EXPECT_EQ(all->start_pc, s[0].start_pc);
  EXPECT_EQ(all->end_pc, 0u);
  EXPECT_EQ(all->start_regs, s[0].start_regs);
  EXPECT_EQ(all->end_regs, s[2].end_regs);
  EXPECT_TRUE(all->last);
  EXPECT_EQ(all->exit_code, 7u);
  EXPECT_EQ(all->output, (std::vector<uint8_t>{0x11, 0x12, 0x12}));
  EXPECT_TRUE(all->contribution == s[0].contribution + s[1].contribution + s[2].contribution);
  // A node of nodes gives the same statement as one node over all leaves.
  Result<JoinedStatement> left = join(std::vector{s[0], s[1]});
  ASSERT_TRUE(left.ok());
  Result<JoinedStatement> nested = join(std::vector{*left, s[2]});
  ASSERT_TRUE(nested.ok());
  EXPECT_TRUE(*nested == *all);
  Result<JoinedStatement> right = join(std::vector{s[1], s[2]});
  ASSERT_TRUE(right.ok());
  EXPECT_TRUE(*join(std::vector{s[0], *right}) == *all);
  EXPECT_TRUE(*join(std::vector{s[0]}) == s[0]);
  EXPECT_FALSE(join(std::vector<JoinedStatement>{}).ok());
}

TEST(Join, RejectsChildrenOutOfOrder) {
  const auto s = three_leaves();
  expect_join_rejected({s[1], s[0], s[2]}, "another cycle");
  expect_join_rejected({s[0], s[2], s[1]}, "another cycle");
}

TEST(Join, RejectsOverlappingChildren) {
  const auto s = three_leaves();
  expect_join_rejected({s[0], s[0], s[1]}, "another cycle");
  Result<JoinedStatement> left = join(std::vector{s[0], s[1]});
  ASSERT_TRUE(left.ok());
  expect_join_rejected({*left, s[1], s[2]}, "another cycle");
}

TEST(Join, RejectsADroppedChild) {
  const auto s = three_leaves();
  expect_join_rejected({s[0], s[2]}, "another cycle");
  // A forged child with the right cycles but another pc or registers does not join either.
  auto t = s;
  t[1].start_pc += 4;
  expect_join_rejected({t[0], t[1]}, "another pc");
  t = s;
  t[1].start_regs[5] ^= 1;
  expect_join_rejected({t[0], t[1]}, "other registers");
  t = s;
  t[1].payload_len += 1;
  expect_join_rejected({t[0], t[1]}, "payload length");
}

TEST(Join, RejectsAChildOfAnotherProgramOrAggregationKey) {
  auto s = three_leaves();
  s[1].program_digest = digest(0xAC);
  expect_join_rejected(s, "another program");
  s = three_leaves();
  s[2].aggregation_digest = digest(0xBC);
  expect_join_rejected(s, "another aggregation key");
}

TEST(Join, RejectsAnExitShardBeforeTheEnd) {
  auto s = three_leaves();
  s[0].last = true;
  expect_join_rejected(s, "follows the exit shard");
}

// ---- the input format ----

struct Blobs {
  std::vector<uint8_t> key, agg_key;
  std::vector<std::vector<uint8_t>> proofs;
};

AggregationInput input_of(const Blobs& b, const std::vector<ChildKind>& kinds) {
  AggregationInput in;
  in.program_entry = 0x10000;
  in.program_shape = {0, 64, 128};
  in.aggregation_digest = digest(0x5A);
  in.program_key = b.key;
  in.aggregation_key = b.agg_key;
  if (!b.agg_key.empty()) {
    in.aggregation_entry = 0x20000;
    in.aggregation_shape = {1, 256, 512};
  }
  for (size_t i = 0; i < kinds.size(); ++i) in.children.push_back({kinds[i], b.proofs[i]});
  return in;
}

Blobs blobs(size_t k, size_t key_len, size_t agg_len, size_t proof_len) {
  Blobs b;
  for (size_t i = 0; i < key_len; ++i) b.key.push_back(static_cast<uint8_t>(i * 3 + 1));
  for (size_t i = 0; i < agg_len; ++i) b.agg_key.push_back(static_cast<uint8_t>(i * 5 + 2));
  for (size_t c = 0; c < k; ++c) {
    std::vector<uint8_t> p(proof_len + c);
    for (size_t i = 0; i < p.size(); ++i) p[i] = static_cast<uint8_t>(i + 11 * c + 1);
    b.proofs.push_back(p);
  }
  return b;
}

// A 16-byte-aligned copy (the guest's input mapping is).
struct Aligned {
  explicit Aligned(std::span<const uint8_t> b) : store((b.size() + 31) / 16 + 1) {
    if (!b.empty()) std::memcpy(store.data(), b.data(), b.size());
    n = b.size();
  }
  std::span<const uint8_t> span(size_t offset = 0) const {
    return {reinterpret_cast<const uint8_t*>(store.data()) + offset, n};
  }
  std::vector<__uint128_t> store;
  size_t n;
};

TEST(AggregationInput, RoundTripsInPlace) {
  for (size_t k : {2u, 3u, 16u})
    for (size_t key_len : {1u, 15u, 16u, 333u})
      for (bool inner : {false, true}) {
        const Blobs b = blobs(k, key_len, inner ? 77 : 0, 40);
        std::vector<ChildKind> kinds(k, ChildKind::kLeaf);
        if (inner) kinds[k / 2] = ChildKind::kInner;
        const AggregationInput in = input_of(b, kinds);
        const std::vector<uint8_t> packed = pack_aggregation_input(in);
        const Aligned a(packed);
        Result<AggregationInput> p = parse_aggregation_input(a.span());
        ASSERT_TRUE(p.ok()) << p.error().what;
        EXPECT_EQ(p->program_entry, in.program_entry);
        EXPECT_EQ(p->program_shape, in.program_shape);
        EXPECT_EQ(p->aggregation_entry, in.aggregation_entry);
        EXPECT_EQ(p->aggregation_shape, in.aggregation_shape);
        EXPECT_EQ(p->aggregation_digest, in.aggregation_digest);
        EXPECT_TRUE(std::equal(p->program_key.begin(), p->program_key.end(), b.key.begin(), b.key.end()));
        EXPECT_TRUE(
            std::equal(p->aggregation_key.begin(), p->aggregation_key.end(), b.agg_key.begin(), b.agg_key.end()));
        ASSERT_EQ(p->children.size(), k);
        for (size_t c = 0; c < k; ++c) {
          EXPECT_EQ(p->children[c].kind, kinds[c]);
          EXPECT_EQ(reinterpret_cast<uintptr_t>(p->children[c].proof.data()) % 16, 0u);
          EXPECT_GE(p->children[c].proof.data(), a.span().data());  // in place
          EXPECT_TRUE(std::equal(p->children[c].proof.begin(), p->children[c].proof.end(), b.proofs[c].begin(),
                                 b.proofs[c].end()));
        }
      }
}

TEST(AggregationInput, RejectsMalformedInputs) {
  const Blobs b = blobs(3, 21, 0, 35);
  const std::vector<uint8_t> good = pack_aggregation_input(input_of(b, std::vector(3, ChildKind::kLeaf)));
  ASSERT_TRUE(parse_aggregation_input(Aligned(good).span()).ok());
  for (size_t n = 0; n < good.size(); ++n)
    EXPECT_FALSE(parse_aggregation_input(Aligned(std::span(good).first(n)).span()).ok()) << "cut to " << n;
  auto longer = good;
  longer.push_back(0);
  EXPECT_EQ(parse_aggregation_input(Aligned(longer).span()).error().code, ErrorCode::kTrailingBytes);
  for (size_t off : {1u, 4u, 8u}) {
    std::vector<uint8_t> shifted(off, 0);
    shifted.insert(shifted.end(), good.begin(), good.end());
    EXPECT_FALSE(parse_aggregation_input(Aligned(shifted).span(off)).ok()) << "misaligned by " << off;
  }
  auto with = [&](size_t at, uint64_t v, int n) {
    auto x = good;
    for (int i = 0; i < n; ++i) x[at + i] = static_cast<uint8_t>(v >> (8 * i));
    return parse_aggregation_input(Aligned(x).span());
  };
  EXPECT_FALSE(with(0, 'X', 1).ok());      // magic
  EXPECT_FALSE(with(8, 2, 4).ok());        // version
  EXPECT_FALSE(with(12, 1, 4).ok());       // k = 1
  EXPECT_FALSE(with(12, 17, 4).ok());      // k = 17
  EXPECT_FALSE(with(12, 2, 4).ok());       // k = 2 with a third child's bytes: trailing or misread
  EXPECT_FALSE(with(12, 4, 4).ok());       // k = 4: the table overlaps the key
  EXPECT_FALSE(with(96, 3, 4).ok());       // unknown kind
  EXPECT_FALSE(with(96, 0, 4).ok());       // kind 0
  EXPECT_FALSE(with(96, 2, 4).ok());       // an inner child without an aggregation key
  EXPECT_FALSE(with(100, 1, 4).ok());      // reserved
  EXPECT_FALSE(with(104, 0, 8).ok());      // an empty proof
  EXPECT_FALSE(with(104, 51, 8).ok());     // proof lengths that do not tile the blob
  EXPECT_FALSE(with(104, ~0ull, 8).ok());  // a length that would overflow
  EXPECT_FALSE(with(48, 0, 8).ok());       // an empty program key
  EXPECT_FALSE(with(48, ~0ull, 8).ok());
  EXPECT_FALSE(with(56, 5, 8).ok());  // an aggregation key without an inner child
  EXPECT_FALSE(with(32, 1, 4).ok());  // aggregation shape fields without a key
  EXPECT_FALSE(with(44, 1, 4).ok());
  // Non-zero padding after the key (21 bytes at 144, padding to 176).
  EXPECT_FALSE(with(144 + 21, 1, 1).ok());
  EXPECT_FALSE(with(175, 1, 1).ok());
  // Inner children need the key; with it, all is well.
  const Blobs bi = blobs(2, 16, 64, 32);
  const std::vector<uint8_t> gi = pack_aggregation_input(input_of(bi, {ChildKind::kInner, ChildKind::kLeaf}));
  ASSERT_TRUE(parse_aggregation_input(Aligned(gi).span()).ok());
}

// stark::CheckedKey (the key checked once for all leaves of a node) gives verify()'s verdicts.
TEST(CheckedKey, VerifiesLikeVerify) {
  Result<ExampleProof> a = prove_example(StatementId::kFibonacci, 0, 6, stark::StarkParams::testing(), 1);
  Result<ExampleProof> b = prove_example(StatementId::kFibonacci, 0, 6, stark::StarkParams::testing(), 2);
  ASSERT_TRUE(a.ok() && b.ok());
  Result<Statement> st = make_statement(static_cast<uint32_t>(StatementId::kFibonacci), 0);
  ASSERT_TRUE(st.ok());
  Result<stark::CheckedKey> key = stark::CheckedKey::make(a->vk, st->tables);
  ASSERT_TRUE(key.ok()) << key.error().what;
  EXPECT_EQ(key->digest(), a->vk.digest());
  for (const ExampleProof* p : {&*a, &*b}) {
    const stark::AlignedBytes good(p->proof);
    stark::VerifiedProof out;
    const Error e = stark::verify(*key, good.span(), &out);
    EXPECT_EQ(e.ok(), stark::verify(a->vk, st->tables, good.span()).ok());
    if (p == &*a) {
      ASSERT_TRUE(e.ok()) << e.what;
      EXPECT_EQ(out.public_values, a->public_values);
    }
    for (size_t off : {size_t{60}, p->proof.size() / 2, p->proof.size() - 8}) {
      auto bad = p->proof;
      bad[off] ^= 4;
      const stark::AlignedBytes tampered(bad);
      EXPECT_FALSE(stark::verify(*key, tampered.span()).ok()) << off;
    }
  }
  // A key that does not describe the tables is refused by make, like verify refuses it.
  Result<Statement> other = make_statement(static_cast<uint32_t>(StatementId::kSynthetic), 8);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(stark::CheckedKey::make(a->vk, other->tables).ok());
  EXPECT_FALSE(stark::verify(stark::CheckedKey{}, stark::AlignedBytes(a->proof).span()).ok());
}

}  // namespace
}  // namespace goldfinch::recursion
