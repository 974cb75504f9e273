// Tests of the parameter presets, their range checks and the security calculator. Expected values
// of the hand-worked examples come from an independent Python implementation (quoted below).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "goldfinch/stark/params.h"
#include "goldfinch/stark/security.h"

namespace goldfinch::stark {
namespace {

// ---------------------------------------------------------------------------------------------
// Oracle (python3, written apart from security.cc from the formulas in docs/security.md):
//
//   from math import log2, sqrt, ceil
//   P = 2**64 - 2**32 + 1
//   def err_bits(e): return 0.0 if e >= 1 else -log2(e)
//   def report(lb, s, pw, la, lf, lh, T, W, D, K, I, w, e=3, o=2):
//       q = float(P)**e; H = 2.0**lh; N = H*2**lb; rho = 2.0**-lb; sr = sqrt(rho); k = 2**la
//       R = max(0, ceil((lh - lf)/la)); nb = o*W
//       ali = lambda L: L*K/q
//       deep = lambda L: T*L*(D*(H+o-1)+(H-1))/(q-H-N)
//       logup = lambda L: L*I*H*w/q
//       cq = s*lb + pw
//       c = [2.0**-cq, ali(1), deep(1), logup(1), (nb-1)*N/q, sum((k-1)*(N/k**(i+1))/q for i in range(R))]
//       conj = (min(err_bits(sum(c)), 128), [cq] + [err_bits(x) for x in c[1:]])
//       best = None
//       for m in range(3, 1025):
//           eta = sr/(2*m); th = 1-sr-eta
//           if not (H+o < (1-th)*N): continue
//           L = 1/(2*eta*sr); mb = max(2*m, 3)+0.5
//           lin = lambda n: ((2*mb**5 + 3*mb*th*rho)*n/(3*rho*sr) + mb/sr)/q
//           pq = -s*log2(1-th) + pw
//           t = [2.0**-pq, ali(L), deep(L), logup(L), (nb-1)*lin(N),
//                sum((k-1)*lin(N/k**(i+1)) for i in range(R))]
//           tot = min(err_bits(sum(t)), 128)
//           if best is None or tot > best[0]: best = (tot, m, L, th, [pq] + [err_bits(x) for x in t[1:]])
//       return R, conj, best
//
//   report(3,60,12,2,2, 18,3,200,3,50,12,5)      # cubic extension
//   report(3,60,12,2,2, 18,3,200,3,50,12,5, e=1) # the base field alone
//
// Term order: fri_query, ali, deep, logup, fri_batching, fri_folding (hash is always 128).
// ---------------------------------------------------------------------------------------------

StarkParams example_params() { return {3, 60, 12, 2, 2}; }

ProofShape example_shape(uint8_t extension_degree) {
  ProofShape s;
  s.log_max_trace_height = 18;
  s.num_tables = 3;
  s.num_committed_columns = 200;
  s.max_constraint_degree = 3;
  s.num_constraints = 50;
  s.num_bus_interactions = 12;
  s.max_bus_tuple_width = 5;
  s.extension_degree = extension_degree;
  s.num_opening_points = 2;
  return s;
}

const char* const kTermOrder[] = {kTermQuery, kTermAli, kTermDeep, kTermLogup, kTermBatching, kTermFolding};
constexpr double kPrintedTolerance = 2e-6;  // the oracle printed 6 decimals

void expect_terms(const RegimeReport& r, const double (&expected)[6]) {
  for (int i = 0; i < 6; ++i) EXPECT_NEAR(r.bits_of(kTermOrder[i]), expected[i], kPrintedTolerance) << kTermOrder[i];
  EXPECT_EQ(r.bits_of(kTermHash), 128.0);
}

TEST(StarkParamsSecurity, HandComputedExampleCubicExtension) {
  const SecurityReport r = security_report(example_params(), example_shape(3));
  EXPECT_EQ(r.fri_rounds, 8u);  // ceil((18 - 2) / 2)
  // conj total 128.000000 (capped by the hash)
  expect_terms(r.conjectured, {192.000000, 186.356144, 170.415035, 168.093109, 162.359755, 171.000022});
  EXPECT_EQ(r.conjectured.total_bits, 128.0);
  // prov total 101.899932 m 518 L 4144.000000 theta 0.646105342
  ASSERT_TRUE(r.provable_applicable);
  EXPECT_EQ(r.johnson_m, 518u);
  EXPECT_NEAR(r.list_size, 4144.0, 1e-6);
  EXPECT_NEAR(r.proximity_theta, 0.646105342, 1e-9);
  expect_terms(r.provable, {101.916487, 174.339336, 158.398226, 156.076301, 108.357196, 116.997463});
  EXPECT_NEAR(r.provable.total_bits, 101.899932, kPrintedTolerance);
  EXPECT_STREQ(r.provable.weakest().name, kTermQuery);
  EXPECT_TRUE(r.extension_field_never_weakest);
}

TEST(StarkParamsSecurity, HandComputedExampleBaseFieldIsTheWeakTerm) {
  const SecurityReport r = security_report(example_params(), example_shape(1));
  // conj total 34.324043
  expect_terms(r.conjectured, {192.000000, 58.356144, 42.415035, 40.093109, 34.359755, 43.000022});
  EXPECT_NEAR(r.conjectured.total_bits, 34.324043, kPrintedTolerance);
  // prov total 16.938814 m 3 L 24.000000 theta 0.587521044
  EXPECT_EQ(r.johnson_m, 3u);
  EXPECT_NEAR(r.list_size, 24.0, 1e-9);
  EXPECT_NEAR(r.proximity_theta, 0.587521044, 1e-9);
  expect_terms(r.provable, {88.656455, 53.771181, 37.830072, 35.508147, 16.942430, 25.582697});
  EXPECT_NEAR(r.provable.total_bits, 16.938814, kPrintedTolerance);
  // Over F_p alone the field terms are the weak ones, and the report says so.
  EXPECT_STREQ(r.conjectured.weakest().name, kTermBatching);
  EXPECT_FALSE(r.conjectured.field_never_weakest());
  EXPECT_FALSE(r.extension_field_never_weakest);
}

// The closed forms that need no oracle: rho^-1 per conjectured query, exactly pow_bits of grinding,
// and the provable query term -log2(sqrt(rho) (1 + 1/(2m))) per query.
TEST(StarkParamsSecurity, QueryTermsFollowTheirClosedForms) {
  const ProofShape s = ProofShape::envelope(20, 4);
  for (uint8_t log_blowup = 1; log_blowup <= 6; ++log_blowup) {
    for (uint8_t pow = 0; pow <= 32; pow += 8) {
      const StarkParams p{log_blowup, 37, pow, 1, 0};
      const SecurityReport r = security_report(p, s);
      EXPECT_DOUBLE_EQ(r.conjectured.bits_of(kTermQuery), 37.0 * log_blowup + pow);
      const double alpha = std::sqrt(std::ldexp(1.0, -log_blowup)) * (1 + 1.0 / (2 * r.johnson_m));
      EXPECT_NEAR(r.provable.bits_of(kTermQuery), -37 * std::log2(alpha) + pow, 1e-9);
      EXPECT_NEAR(1 - r.proximity_theta, alpha, 1e-12);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Presets
// ---------------------------------------------------------------------------------------------

TEST(StarkParamsPresets, MeetTheirClaimsUpTo2To24RowsAnd64Tables) {
  const StarkParams def = StarkParams::conjectured_100(), prov = StarkParams::provable_100();
  for (unsigned log_h = 10; log_h <= 24; ++log_h) {
    for (unsigned tables = 1; tables <= 64; ++tables) {
      const ProofShape s = ProofShape::envelope(log_h, tables);
      const SecurityReport d = security_report(def, s);
      EXPECT_GE(d.conjectured.total_bits, 100.0) << "default, 2^" << log_h << " rows, " << tables << " tables";
      EXPECT_TRUE(d.extension_field_never_weakest) << log_h << " " << tables;
      const SecurityReport p = security_report(prov, s);
      EXPECT_GE(p.provable.total_bits, 100.0) << "provable-100, 2^" << log_h << " rows, " << tables << " tables";
      EXPECT_GE(p.conjectured.total_bits, 100.0);
      EXPECT_TRUE(p.extension_field_never_weakest) << log_h << " " << tables;
    }
  }
}

TEST(StarkParamsPresets, DefaultIsNotProvable100AndTestingIsInsecure) {
  // The claims are not vacuous: the default preset is far from 100 provable bits, testing from anything.
  const ProofShape s = ProofShape::envelope(20, 8);
  EXPECT_LT(security_report(StarkParams::conjectured_100(), s).provable.total_bits, 80.0);
  EXPECT_LT(security_report(StarkParams::testing(), s).conjectured.total_bits, 10.0);
}

TEST(StarkParamsPresets, EnvelopeCheckNamesWhatIsOutside) {
  for (const StarkParams& p : {StarkParams::conjectured_100(), StarkParams::provable_100(), StarkParams::recursion(),
                               StarkParams::compact()}) {
    // Inside: every envelope point, and a shape above the per-table sizes in some quantity but
    // below the largest envelope in all (one table of 1000 columns and constraints).
    EXPECT_TRUE(check_security_envelope(p, ProofShape::envelope(kEnvelopeMaxLogHeight, kEnvelopeMaxTables)).ok());
    EXPECT_TRUE(check_security_envelope(p, ProofShape::envelope(10, 1)).ok());
    ProofShape one_wide_table = ProofShape::envelope(kEnvelopeMaxLogHeight, 1);
    one_wide_table.num_committed_columns = one_wide_table.num_constraints = 1000;
    EXPECT_TRUE(check_security_envelope(p, one_wide_table).ok());
    EXPECT_GE(security_report(p, one_wide_table).conjectured.total_bits, 100.0);
    struct Case {
      void (*bump)(ProofShape&);
      const char* what;
    };
    for (const Case& c : {Case{[](ProofShape& s) { s.num_tables = kEnvelopeMaxTables + 1; }, "tables"},
                          Case{[](ProofShape& s) { s.log_max_trace_height = kEnvelopeMaxLogHeight + 1; }, "log2 trace height"},
                          Case{[](ProofShape& s) { s.max_constraint_degree = 5; }, "max constraint degree"},
                          Case{[](ProofShape& s) { s.max_bus_tuple_width = 33; }, "bus tuple width"},
                          Case{[](ProofShape& s) { s.num_committed_columns += 1; }, "committed columns"},
                          Case{[](ProofShape& s) { s.num_constraints += 1; }, "constraints"},
                          Case{[](ProofShape& s) { s.num_bus_interactions += 1; }, "bus interactions"}}) {
      ProofShape s = ProofShape::envelope(kEnvelopeMaxLogHeight, kEnvelopeMaxTables);
      c.bump(s);
      const Error e = check_security_envelope(p, s);
      EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << c.what;
      EXPECT_EQ(std::string(e.what), std::string("circuit outside the preset's security envelope: ") + c.what);
    }
  }
  // Parameters that match no preset claim nothing, so nothing is outside.
  ProofShape huge = ProofShape::envelope(24, 64);
  huge.max_constraint_degree = 9;
  EXPECT_TRUE(check_security_envelope(StarkParams::testing(), huge).ok());
  EXPECT_TRUE(check_security_envelope({2, 20, 4, 1, 0}, huge).ok());
}

// The Merkle hash does not change the claim: both hashes have 256-bit digests (128-bit collision
// term), so a preset's FRI parameters under either hash claim the same bits and the same envelope.
TEST(StarkParamsSecurity, EitherMerkleHashGivesThePresetsClaim) {
  EXPECT_EQ(StarkParams::recursion().merkle_hash, merkle::MerkleHash::kPoseidon2);
  EXPECT_EQ(StarkParams::conjectured_100().merkle_hash, merkle::MerkleHash::kBlake3);
  for (StarkParams p : {StarkParams::conjectured_100(), StarkParams::recursion(), StarkParams::compact()}) {
    const ProofShape shape = ProofShape::envelope(kEnvelopeMaxLogHeight, kEnvelopeMaxTables);
    ProofShape outside = shape;
    outside.num_tables += 1;
    for (merkle::MerkleHash h : {merkle::MerkleHash::kBlake3, merkle::MerkleHash::kPoseidon2}) {
      StarkParams q = p;
      q.merkle_hash = h;
      EXPECT_TRUE(q.same_fri(p));
      EXPECT_EQ(security_report(q, shape).conjectured.total_bits, security_report(p, shape).conjectured.total_bits);
      EXPECT_TRUE(check_security_envelope(q, shape).ok());
      EXPECT_FALSE(check_security_envelope(q, outside).ok());  // still claims, so still checked
      EXPECT_TRUE(q.validate().ok());
    }
  }
  StarkParams bad = StarkParams::recursion();
  bad.merkle_hash = static_cast<merkle::MerkleHash>(2);
  EXPECT_FALSE(bad.validate().ok());
}

// Every height below the tallest is rolled into FRI in some round, which then batches one more
// function: more height classes never gain folding bits, and one class is the old model.
TEST(StarkParamsSecurity, RolledInHeightsCostFoldingBits) {
  for (const StarkParams& p : {StarkParams::conjectured_100(), StarkParams::provable_100(), StarkParams{2, 44, 16, 3, 0}}) {
    ProofShape s = ProofShape::envelope(20, 16);
    s.num_height_classes = 1;
    double prev_c = security_report(p, s).conjectured.bits_of(kTermFolding);
    double prev_p = security_report(p, s).provable.bits_of(kTermFolding);
    for (uint32_t classes = 2; classes <= 16; ++classes) {
      s.num_height_classes = classes;
      const SecurityReport r = security_report(p, s);
      if (classes - 1 <= r.fri_rounds) {  // a round left to roll the new height in
        EXPECT_LT(r.conjectured.bits_of(kTermFolding), prev_c) << classes;
        EXPECT_LT(r.provable.bits_of(kTermFolding), prev_p) << classes;
      } else {
        EXPECT_EQ(r.conjectured.bits_of(kTermFolding), prev_c) << classes;
      }
      prev_c = r.conjectured.bits_of(kTermFolding);
      prev_p = r.provable.bits_of(kTermFolding);
    }
  }
}

TEST(StarkParamsPresets, ByName) {
  ASSERT_TRUE(StarkParams::preset("default").ok());
  EXPECT_EQ(*StarkParams::preset("default"), StarkParams::conjectured_100());
  EXPECT_EQ(*StarkParams::preset("provable-100"), StarkParams::provable_100());
  EXPECT_EQ(*StarkParams::preset("testing"), StarkParams::testing());
  EXPECT_EQ(*StarkParams::preset("recursion"), StarkParams::recursion());
  EXPECT_EQ(*StarkParams::preset("compact"), StarkParams::compact());
  for (const char* bad : {"", "Default", "provable_100", "testing ", "fast"}) {
    auto r = StarkParams::preset(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  }
  for (const char* name : {"default", "provable-100", "testing", "recursion", "compact"})
    EXPECT_TRUE(StarkParams::preset(name)->validate().ok());
}

// recursion: half the queries at four times the rate, 22 x 4 + 16 = 44 x 2 + 16 = 104 query bits;
// compact: 17 x 5 + 20 = 105 with fewer queries than any other >= 100-bit preset.
TEST(StarkParamsPresets, RecursionAndCompactKeepTheDefaultsConjecturedBitsUpTo2To24Rows) {
  EXPECT_LT(StarkParams::compact().num_queries, StarkParams::recursion().num_queries);
  for (const char* name : {"recursion", "compact"})
    for (unsigned log_h = 10; log_h <= 24; ++log_h)
      for (unsigned tables : {1u, 26u, 64u}) {
        const ProofShape s = ProofShape::envelope(log_h, tables);
        const SecurityReport r = security_report(*StarkParams::preset(name), s);
        EXPECT_GE(r.conjectured.total_bits, 100.0) << name << ", 2^" << log_h << " rows, " << tables << " tables";
        EXPECT_TRUE(r.extension_field_never_weakest) << name << " " << log_h << " " << tables;
      }
}

// ---------------------------------------------------------------------------------------------
// Monotonicity
// ---------------------------------------------------------------------------------------------

TEST(StarkParamsSecurity, MoreQueriesNeverGiveFewerBits) {
  for (unsigned log_h : {10u, 18u, 24u}) {
    const ProofShape s = ProofShape::envelope(log_h, 16);
    for (uint8_t log_blowup = 1; log_blowup <= 4; ++log_blowup) {
      SecurityReport prev = security_report({log_blowup, 1, 0, 1, 0}, s);
      for (uint16_t q = 2; q <= 160; ++q) {
        const SecurityReport cur = security_report({log_blowup, q, 0, 1, 0}, s);
        EXPECT_GE(cur.conjectured.total_bits, prev.conjectured.total_bits) << int{log_blowup} << " " << q;
        EXPECT_GE(cur.provable.total_bits, prev.provable.total_bits) << int{log_blowup} << " " << q;
        prev = cur;
      }
    }
  }
}

TEST(StarkParamsSecurity, LargerBlowupGivesMoreBitsPerQuery) {
  const ProofShape s = ProofShape::envelope(20, 8);
  for (uint16_t q : {1, 20, 44, 80}) {
    for (uint8_t log_blowup = 1; log_blowup < 6; ++log_blowup) {
      const SecurityReport a = security_report({log_blowup, q, 0, 1, 0}, s);
      const SecurityReport b = security_report({static_cast<uint8_t>(log_blowup + 1), q, 0, 1, 0}, s);
      EXPECT_GT(b.conjectured.bits_of(kTermQuery) / q, a.conjectured.bits_of(kTermQuery) / q);
      EXPECT_GT(b.provable.bits_of(kTermQuery) / q, a.provable.bits_of(kTermQuery) / q);
      EXPECT_GE(b.conjectured.total_bits, a.conjectured.total_bits);
    }
  }
}

TEST(StarkParamsSecurity, BiggerProofsNeverGainBits) {
  const StarkParams p = StarkParams::provable_100();
  for (unsigned log_h = 10; log_h < 24; ++log_h) {
    const SecurityReport a = security_report(p, ProofShape::envelope(log_h, 8));
    const SecurityReport taller = security_report(p, ProofShape::envelope(log_h + 1, 8));
    const SecurityReport wider = security_report(p, ProofShape::envelope(log_h, 9));
    EXPECT_LE(taller.provable.total_bits, a.provable.total_bits + 1e-12);
    EXPECT_LE(wider.provable.total_bits, a.provable.total_bits + 1e-12);
    for (const char* t : {kTermDeep, kTermLogup, kTermBatching})
      EXPECT_LT(taller.conjectured.bits_of(t), a.conjectured.bits_of(t)) << t;
  }
}

TEST(StarkParamsSecurity, TinyTracesDoNotCrash) {
  ProofShape s = ProofShape::envelope(1, 1);
  s.num_opening_points = 8;
  const SecurityReport r = security_report(StarkParams::testing(), s);
  EXPECT_FALSE(r.provable_applicable);
  EXPECT_EQ(r.provable.total_bits, 0.0);
  EXPECT_EQ(r.fri_rounds, 1u);
  EXPECT_GT(r.conjectured.total_bits, 0.0);
}

TEST(StarkParamsSecurity, Formats) {
  const StarkParams p = StarkParams::provable_100();
  const ProofShape s = ProofShape::envelope(24, 64);
  const SecurityReport r = security_report(p, s);
  const std::string text = format_report(p, s, r), json = format_report_json(p, s, r);
  for (const char* t : kTermOrder) {
    EXPECT_NE(text.find(t), std::string::npos) << t;
    EXPECT_NE(json.find(std::string("\"") + t + "\":"), std::string::npos) << t;
  }
  EXPECT_NE(json.find("\"extension_field_never_weakest\":true"), std::string::npos);
  EXPECT_EQ(json.find("inf"), std::string::npos);
  EXPECT_EQ(json.find("nan"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Range checks
// ---------------------------------------------------------------------------------------------

struct BadParams {
  StarkParams params;
  const char* field;
  uint64_t expected, got;
};

TEST(StarkParamsValidate, RejectsEachBadParameterByName) {
  const BadParams cases[] = {
      {{0, 44, 16, 1, 0}, "log_blowup", 1, 0},      {{7, 44, 16, 1, 0}, "log_blowup", 6, 7},
      {{2, 0, 16, 1, 0}, "num_queries", 1, 0},      {{2, 513, 16, 1, 0}, "num_queries", 512, 513},
      {{2, 44, 33, 1, 0}, "pow_bits", 32, 33},      {{2, 44, 16, 0, 0}, "log_folding_arity", 1, 0},
      {{2, 44, 16, 5, 0}, "log_folding_arity", 4, 5}, {{2, 44, 16, 1, 11}, "log_final_poly_len", 10, 11},
  };
  for (const BadParams& c : cases) {
    const Error e = c.params.validate();
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_NE(std::strstr(e.what, c.field), nullptr) << e.what;
    EXPECT_EQ(e.expected, c.expected) << c.field;
    EXPECT_EQ(e.got, c.got) << c.field;
  }
  // The edges of each range are accepted.
  for (const StarkParams& ok : {StarkParams{1, 1, 0, 1, 0}, StarkParams{6, 512, 32, 4, 10}})
    EXPECT_TRUE(ok.validate().ok());
}

TEST(StarkParamsValidate, RejectsEachBadShapeByName) {
  struct Case {
    void (*mutate)(ProofShape&);
    const char* field;
  };
  const Case cases[] = {
      {[](ProofShape& s) { s.log_max_trace_height = 0; }, "log_max_trace_height"},
      {[](ProofShape& s) { s.log_max_trace_height = 33; }, "log_max_trace_height"},
      {[](ProofShape& s) { s.num_tables = 0; }, "num_tables"},
      {[](ProofShape& s) { s.num_committed_columns = 0; }, "num_committed_columns"},
      {[](ProofShape& s) { s.max_constraint_degree = 0; }, "max_constraint_degree"},
      {[](ProofShape& s) { s.num_constraints = 0; }, "num_constraints"},
      {[](ProofShape& s) { s.max_bus_tuple_width = 0; }, "tuple width"},
      {[](ProofShape& s) { s.extension_degree = 4; }, "extension_degree"},
      {[](ProofShape& s) { s.num_opening_points = 0; }, "num_opening_points"},
      {[](ProofShape& s) { s.num_height_classes = 0; }, "num_height_classes"},
      {[](ProofShape& s) { s.num_height_classes = 3; }, "num_height_classes"},
  };
  for (const Case& c : cases) {
    ProofShape s = ProofShape::envelope(20, 2);
    ASSERT_TRUE(s.validate().ok());
    c.mutate(s);
    const Error e = s.validate();
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << c.field;
    EXPECT_NE(std::strstr(e.what, c.field), nullptr) << e.what;
  }
}

}  // namespace
}  // namespace goldfinch::stark
