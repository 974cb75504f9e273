// End-to-end tests of the STARK: honest proofs of the example AIRs verify (one table, a lookup
// into a preprocessed table, two tables of different heights on a bus), proofs are
// deterministic, and every attack named in the test fails for the right reason.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/base/bits.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/prover_parts.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::stark {
namespace {

using namespace air::examples;

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

StarkParams fast_params() {
  StarkParams p = StarkParams::conjectured_100();
  p.num_queries = 20;
  p.pow_bits = 4;
  return p;
}

struct Statement {
  std::vector<const air::Air*> tables;
  std::unique_ptr<ProvingKey> pk;
  std::vector<TableWitness> witness;

  Error verify_bytes(const std::vector<uint8_t>& bytes, VerifiedProof* out = nullptr) const {
    AlignedProof a(bytes);
    return verify(pk->vk, tables, a.span(), out);
  }
  std::vector<uint8_t> prove_ok(ProveOptions opt = {}) const {
    auto p = prove(*pk, witness, backend::default_backend(), opt);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().what);
    return p.ok() ? *p : std::vector<uint8_t>{};
  }
};

FibonacciAir kFib;
RangeCheckedAir kRange;
U16TableAir kU16;
AddSenderAir kSender;
AddReceiverAir kReceiver;

Statement fibonacci(size_t n, StarkParams params = fast_params()) {
  Statement s;
  s.tables = {&kFib};
  s.pk = std::move(*setup(s.tables, params));
  std::vector<Fp> pv;
  RowMajorMatrix t = FibonacciAir::trace(n, Fp::one(), Fp::one(), &pv);
  s.witness.push_back({std::move(t), pv});
  return s;
}

Statement range_check(size_t n) {
  Statement s;
  s.tables = {&kRange, &kU16};
  s.pk = std::move(*setup(s.tables, fast_params()));
  RowMajorMatrix v(n, 1);
  std::mt19937_64 rng(3);
  for (size_t r = 0; r < n; ++r) v.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
  RowMajorMatrix m = U16TableAir::multiplicities(v);
  s.witness.push_back({std::move(v), {}});
  s.witness.push_back({std::move(m), {}});
  return s;
}

Statement add_bus(size_t n_send, size_t n_recv) {
  Statement s;
  s.tables = {&kSender, &kReceiver};
  s.pk = std::move(*setup(s.tables, fast_params()));
  RowMajorMatrix snd(n_send, 3), rcv(n_recv, 4);
  std::mt19937_64 rng(4);
  for (size_t r = 0; r < n_send; ++r) {
    const Fp a = Fp::from_u64(rng()), b = Fp::from_u64(rng());
    snd.at(r, 0) = rcv.at(r, 0) = a;
    snd.at(r, 1) = rcv.at(r, 1) = b;
    snd.at(r, 2) = rcv.at(r, 2) = a + b;
    rcv.at(r, 3) = Fp::one();
  }
  s.witness.push_back({std::move(snd), {}});
  s.witness.push_back({std::move(rcv), {}});
  return s;
}

// The prover's bit-reversed coset table serves every height from one table: each view holds
// g * w_(2^k)^rev_k(r) computed directly, whether a larger or a smaller size was asked for first.
TEST(ProverParts, BitReversedCosetIsAPrefixOfLargerOnes) {
  for (unsigned log_n : {6u, 12u, 3u, 14u, 0u, 9u}) {
    const std::span<const Fp> xs = detail::bit_reversed_coset(log_n);
    ASSERT_EQ(xs.size(), size_t{1} << log_n);
    const Fp w = Fp::two_adic_root(log_n);
    for (size_t r = 0; r < xs.size(); ++r)
      ASSERT_EQ(xs[r], kCosetShift * w.pow(reverse_bits(r, log_n))) << "log_n " << log_n << " row " << r;
  }
}

TEST(Stark, FibonacciProvesAndVerifies) {
  for (size_t n : {2, 8, 256, 4096}) {
    Statement s = fibonacci(n);
    auto proof = s.prove_ok();
    VerifiedProof out;
    Error e = s.verify_bytes(proof, &out);
    ASSERT_TRUE(e.ok()) << "n=" << n << ": " << e.what << " (" << e.expected << ", " << e.got << ")";
    ASSERT_EQ(out.public_values.size(), 1u);
    EXPECT_EQ(out.public_values[0], s.witness[0].public_values);
  }
}

TEST(Stark, DefaultParametersAndFinalPolynomial) {
  for (uint8_t lfpl : {0, 2}) {
    StarkParams p = StarkParams::conjectured_100();
    p.log_final_poly_len = lfpl;
    Statement s = fibonacci(512, p);
    auto proof = s.prove_ok();
    Error e = s.verify_bytes(proof);
    EXPECT_TRUE(e.ok()) << e.what;
  }
}

TEST(Stark, LookupIntoPreprocessedTable) {
  Statement s = range_check(1024);
  auto proof = s.prove_ok();
  Error e = s.verify_bytes(proof);
  EXPECT_TRUE(e.ok()) << e.what << " " << e.expected << " " << e.got;
}

TEST(Stark, TwoTablesOfDifferentHeightsOnABus) {
  for (auto [a, b] : {std::pair<size_t, size_t>{64, 256}, {128, 128}, {32, 1024}}) {
    Statement s = add_bus(a, b);
    auto proof = s.prove_ok();
    Error e = s.verify_bytes(proof);
    EXPECT_TRUE(e.ok()) << a << "," << b << ": " << e.what;
  }
}

TEST(Stark, FoldingAritiesAndFinalPolynomials) {
  for (uint8_t arity : {2, 3, 4}) {
    for (uint8_t lfpl : {0, 3}) {
      StarkParams p = fast_params();
      p.log_folding_arity = arity;
      p.log_final_poly_len = lfpl;
      // Two tables of different heights: the schedule shortens a round to roll the short one in.
      Statement s;
      s.tables = {&kSender, &kReceiver};
      s.pk = std::move(*setup(s.tables, p));
      Statement src = add_bus(32, 512);
      s.witness = std::move(src.witness);
      auto proof = s.prove_ok();
      Error e = s.verify_bytes(proof);
      ASSERT_TRUE(e.ok()) << "arity 2^" << int(arity) << " lfpl " << int(lfpl) << ": " << e.what;
      // A flipped bit in the last quarter (query openings, FRI leaves) is rejected.
      for (size_t off = proof.size() * 3 / 4; off < proof.size(); off += 97) {
        auto bad = proof;
        bad[off] ^= 4;
        ASSERT_FALSE(s.verify_bytes(bad).ok()) << off;
      }
    }
  }
}

TEST(Stark, DeterministicForAnyThreadCount) {
  std::vector<std::vector<uint8_t>> proofs;
  for (int threads : {1, 2}) {
    set_threads(threads);
    proofs.push_back(range_check(512).prove_ok());
  }
  set_threads(max_threads());
  EXPECT_EQ(proofs[0], proofs[1]);
}

// ---- attacks ----

TEST(StarkAttack, CorruptedTraceCellForcedThrough) {
  Statement s = fibonacci(256);
  s.witness[0].main.at(100, 1) += Fp::one();
  auto refused = prove(*s.pk, s.witness);
  ASSERT_FALSE(refused.ok());  // the honest prover refuses
  ProveOptions force;
  force.allow_unsatisfied = true;
  auto proof = s.prove_ok(force);
  Error e = s.verify_bytes(proof);
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.code, ErrorCode::kMismatch) << e.what;
}

// A shorter height class is rolled into FRI with weight beta^(2^a) after a fold by 2^a. Here the
// short table's committed quotient codeword is made far from low degree while its openings at z
// stay honest, so the out-of-domain check passes and only FRI can catch it: at every folding
// arity, the class rolled in after two full rounds is caught by the final polynomial check.
TEST(StarkAttack, CorruptedShorterClassCaughtAtEveryArity) {
  for (uint8_t log_arity = 1; log_arity <= 4; ++log_arity) {
    StarkParams p = fast_params();
    p.log_folding_arity = log_arity;
    const unsigned log_tall = 12, log_short = log_tall - 2u * log_arity;
    Statement s;
    s.tables = {&kSender, &kReceiver};
    s.pk = std::move(*setup(s.tables, p));
    s.witness = add_bus(size_t{1} << log_short, size_t{1} << log_tall).witness;
    const std::string arity = "arity " + std::to_string(1u << log_arity);
    ASSERT_TRUE(s.verify_bytes(s.prove_ok()).ok()) << arity;  // the honest proof verifies

    ProveOptions tamper;
    tamper.tamper_quotient_lde = [&](unsigned log_height, RowMajorMatrix& lde) {
      if (log_height != log_short) return;
      std::mt19937_64 rng(log_arity);
      for (Fp& v : lde.data()) v += Fp::from_u64(rng());
    };
    auto refused = prove(*s.pk, s.witness, backend::default_backend(), tamper);
    ASSERT_FALSE(refused.ok()) << arity;  // the prover's own FRI check refuses
    EXPECT_STREQ(refused.error().what, "FRI final polynomial has too high a degree (inconsistent openings)");
    ProveOptions force = tamper;
    force.allow_unsatisfied = true;
    Error e = s.verify_bytes(s.prove_ok(force));
    EXPECT_EQ(e.code, ErrorCode::kMismatch) << arity;
    EXPECT_STREQ(e.what, "FRI final polynomial does not match the query") << arity;
  }
}

// A table whose verifier-side evaluation differs from the symbolic one its key was built from:
// check_tables_match only sees the symbolic side, so the out-of-domain check must reject it by
// name instead of reading past the key's constraint count, columns or public values.
enum class Skew { kExtraConstraint, kMissingConstraint, kPublicValueOutOfRange, kMainColumnOutOfRange, kPreColumn };

class SkewedFibonacciAir : public FibonacciAir {
 public:
  explicit SkewedFibonacciAir(Skew skew) : skew_(skew) {}
  void eval_verifier(air::VerifierBuilder& b) const override {
    const auto a = b.main(0), bb = b.main(1);
    b.assert_zero_first_row(a - b.public_value(0));
    b.assert_zero_first_row(bb - b.public_value(1));
    b.assert_zero_transition(b.main_next(0) - bb);
    b.assert_zero_transition(b.main_next(1) - a - bb);
    switch (skew_) {
      case Skew::kExtraConstraint:
        b.assert_zero_last_row(bb - b.public_value(2));
        b.assert_zero(a - a);
        break;
      case Skew::kMissingConstraint: break;
      case Skew::kPublicValueOutOfRange: b.assert_zero_last_row(bb - b.public_value(3)); break;
      case Skew::kMainColumnOutOfRange: b.assert_zero_last_row(b.main_next(2) - b.public_value(2)); break;
      case Skew::kPreColumn: b.assert_zero_last_row(bb - b.pre(0)); break;
    }
  }

 private:
  Skew skew_;
};

TEST(StarkAttack, VerifierSideEvaluationDiffersFromTheKey) {
  Statement s = fibonacci(64);
  const auto proof = s.prove_ok();
  struct Case {
    Skew skew;
    const char* what;
    uint64_t expected, got;
  };
  for (const Case& c : {Case{Skew::kExtraConstraint, "table evaluates more constraints than its verifying key declares", 5, 6},
                        Case{Skew::kMissingConstraint, "table evaluates a different number of constraints than its verifying key declares", 5, 4},
                        Case{Skew::kPublicValueOutOfRange, "constraint reads a public value the table does not declare", 3, 3},
                        Case{Skew::kMainColumnOutOfRange, "constraint reads a main column outside the table's width", 2, 2},
                        Case{Skew::kPreColumn, "constraint reads a preprocessed column outside the table's width", 0, 0}}) {
    const SkewedFibonacciAir skewed(c.skew);
    const std::vector<const air::Air*> tables = {&skewed};
    ASSERT_TRUE(check_tables_match(s.pk->vk, tables).ok());  // the symbolic side is the honest one
    AlignedProof a(proof);
    const Error e = verify(s.pk->vk, tables, a.span());
    EXPECT_EQ(e.code, ErrorCode::kMismatch) << c.what;
    EXPECT_STREQ(e.what, c.what);
    EXPECT_EQ(e.expected, c.expected) << c.what;
    EXPECT_EQ(e.got, c.got) << c.what;
  }
}

// A bus interaction that reads a column past the table's width: setup refuses the table, and a
// key built from it by hand is rejected before the proof is read, never read out of bounds.
class OutOfRangeBusAir : public FibonacciAir {
 public:
  std::vector<air::Interaction> interactions() const override {
    return {{kAddBus, {air::LinearCombination::main(0), air::LinearCombination::main(5)}, air::LinearCombination::one(),
             air::Direction::kSend}};
  }
};

TEST(StarkAttack, BusInteractionReadsPastTheTable) {
  const OutOfRangeBusAir bad;
  auto pk = setup({&bad}, fast_params());
  ASSERT_FALSE(pk.ok());
  EXPECT_STREQ(pk.error().what, "bus interaction reads a column outside the table's width");
  EXPECT_EQ(pk.error().expected, 2u);
  EXPECT_EQ(pk.error().got, 5u);
  VerifyingKey vk;
  vk.params = fast_params();
  vk.tables = {describe_table(bad, kNoFixedHeight)};
  const std::vector<const air::Air*> tables = {&bad};
  const Statement s = fibonacci(64);
  AlignedProof a(s.prove_ok());
  const Error e = verify(vk, tables, a.span());
  EXPECT_STREQ(e.what, "bus interaction reads a column outside the table's width");
  EXPECT_EQ(e.got, 5u);
}

TEST(StarkAttack, UnbalancedBusForcedThrough) {
  Statement s = range_check(256);
  const uint64_t v = s.witness[0].main.at(5, 0).value();
  s.witness[1].main.at(v, 0) -= Fp::one();  // one lookup no longer received
  auto refused = prove(*s.pk, s.witness);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.error().what).find("buses do not balance"), std::string::npos);
  ProveOptions force;
  force.allow_unsatisfied = true;
  auto proof = s.prove_ok(force);
  Error e = s.verify_bytes(proof);
  ASSERT_FALSE(e.ok());
  EXPECT_STREQ(e.what, "LogUp buses do not balance (claimed sums and public terms do not add to zero)");
}

TEST(StarkAttack, OutOfRangeValueForcedThrough) {
  Statement s = range_check(256);
  s.witness[0].main.at(9, 0) = Fp::from_u64(1 << 20);  // not a 16-bit value; no table row matches
  ProveOptions force;
  force.allow_unsatisfied = true;
  auto proof = s.prove_ok(force);
  EXPECT_FALSE(s.verify_bytes(proof).ok());
}

TEST(StarkAttack, WrongPublicValue) {
  Statement s = fibonacci(64);
  auto proof = s.prove_ok();
  // Claim a different final value by rewriting the public-values section of the proof.
  Statement other = fibonacci(64);
  other.witness[0].public_values[2] += Fp::one();
  ProveOptions force;
  force.allow_unsatisfied = true;
  auto forged = other.prove_ok(force);
  Error e = s.verify_bytes(forged);
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.code, ErrorCode::kMismatch);
}

TEST(StarkAttack, ProofAgainstAnotherVerifyingKey) {
  Statement s = fibonacci(64);
  auto proof = s.prove_ok();
  StarkParams p = fast_params();
  p.num_queries += 1;
  Statement other = fibonacci(64, p);
  AlignedProof a(proof);
  Error e = verify(other.pk->vk, other.tables, a.span());
  ASSERT_FALSE(e.ok());
  EXPECT_STREQ(e.what, "proof parameters differ from the verifying key's");
  // Same parameters, another table set: the key digest differs.
  Statement bus = add_bus(64, 64);
  VerifyingKey vk2 = bus.pk->vk;
  vk2.tables = s.pk->vk.tables;
  vk2.tables[0].constraints_digest.bytes[0] ^= 1;
  EXPECT_FALSE(verify(vk2, s.tables, a.span()).ok());
}

TEST(StarkAttack, EverySectionFlippedInTurn) {
  Statement s = add_bus(64, 128);
  auto proof = s.prove_ok();
  ASSERT_TRUE(s.verify_bytes(proof).ok());
  // Flip one bit in every 8-byte word of the proof, one at a time (a sample across every section).
  size_t rejected = 0, tried = 0;
  for (size_t off = 0; off < proof.size(); off += 8) {
    auto bad = proof;
    bad[off + (off / 8) % 8] ^= static_cast<uint8_t>(1u << ((off / 64) % 8));
    ++tried;
    rejected += !s.verify_bytes(bad).ok();
  }
  EXPECT_EQ(rejected, tried);
}

TEST(StarkAttack, TruncatedAndExtendedProofs) {
  Statement s = fibonacci(64);
  auto proof = s.prove_ok();
  for (size_t cut : {size_t{0}, size_t{1}, size_t{16}, proof.size() / 2, proof.size() - 16, proof.size() - 1}) {
    std::vector<uint8_t> t(proof.begin(), proof.begin() + cut);
    Error e = s.verify_bytes(t);
    EXPECT_FALSE(e.ok()) << cut;
  }
  for (size_t extra : {1, 8, 16, 32}) {
    auto t = proof;
    t.resize(t.size() + extra, 0);
    Error e = s.verify_bytes(t);
    ASSERT_FALSE(e.ok()) << extra;
    EXPECT_TRUE(e.code == ErrorCode::kTrailingBytes || e.code == ErrorCode::kTruncated) << e.what;
  }
}

TEST(StarkAttack, NonCanonicalFieldElement) {
  Statement s = fibonacci(64);
  auto proof = s.prove_ok();
  // The public-values section follows the header (16 + 64 bytes) and heights (16 + 16 bytes).
  const size_t pv_payload = 16 + 64 + 16 + 16 + 16;
  for (int i = 0; i < 8; ++i) proof[pv_payload + i] = 0xFF;  // 2^64 - 1 >= p
  Error e = s.verify_bytes(proof);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.code, ErrorCode::kNonCanonical) << e.what;
}

TEST(StarkAttack, MisalignedBufferIsRejected) {
  Statement s = fibonacci(64);
  auto proof = s.prove_ok();
  std::vector<uint8_t> buf(proof.size() + 32);
  uint8_t* p = buf.data();
  while (reinterpret_cast<uintptr_t>(p) % 16 != 1) ++p;
  std::memcpy(p, proof.data(), proof.size());
  Error e = verify(s.pk->vk, s.tables, {p, proof.size()});
  EXPECT_FALSE(e.ok());
}

PublicOutputAir kOutput;

Statement output_statement(const std::vector<uint64_t>& values) {
  Statement s;
  s.tables = {&kFib, &kOutput};
  s.pk = std::move(*setup(s.tables, fast_params()));
  std::vector<Fp> fib_pv;
  s.witness.push_back({FibonacciAir::trace(16, Fp::one(), Fp::one(), &fib_pv), fib_pv});
  std::vector<Fp> pv;
  RowMajorMatrix t = PublicOutputAir::trace(values, &pv);
  s.witness.push_back({std::move(t), pv});
  return s;
}

TEST(VariablePublicValues, ProveAndVerifyAnyLength) {
  EXPECT_EQ(describe_table(kOutput, kNoFixedHeight).num_public_values, kVariablePublicValues);
  for (std::vector<uint64_t> values : {std::vector<uint64_t>{}, {7}, {1, 2, 3, 4, 5}, std::vector<uint64_t>(37, 9)}) {
    Statement s = output_statement(values);
    VerifiedProof out;
    ASSERT_TRUE(s.verify_bytes(s.prove_ok(), &out).ok()) << values.size();
    ASSERT_EQ(out.public_values[1].size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(out.public_values[1][i].value(), values[i]);
    EXPECT_EQ(out.public_values[0], s.witness[0].public_values);
  }
}

TEST(VariablePublicValuesAttack, ChangedDroppedOrAddedValueIsRejected) {
  Statement s = output_statement({1, 2, 3});
  // The prover claims other public values than its trace sends: the bus does not balance.
  for (std::vector<uint64_t> claim : {std::vector<uint64_t>{1, 2, 4}, {1, 2}, {1, 2, 3, 0}}) {
    Statement bad = output_statement({1, 2, 3});
    bad.witness[1].public_values.clear();
    for (uint64_t v : claim) bad.witness[1].public_values.push_back(Fp::from_u64(v));
    EXPECT_FALSE(prove(*bad.pk, bad.witness).ok()) << "the prover refuses an unbalanced bus";
    ProveOptions force;
    force.allow_unsatisfied = true;
    auto p = prove(*bad.pk, bad.witness, backend::default_backend(), force);
    ASSERT_TRUE(p.ok());
    EXPECT_FALSE(bad.verify_bytes(*p).ok()) << claim.size();
  }
}

TEST(VariablePublicValuesAttack, CountFieldOutOfRangeOrInconsistent) {
  Statement s = output_statement({1, 2, 3});
  std::vector<uint8_t> proof = s.prove_ok();
  // Find the count (3) that follows the Fibonacci table's public values in the public values
  // section, and change it: the section no longer parses or its count mismatches.
  std::vector<uint8_t> fib_tail(8);
  const uint64_t fib_last = s.witness[0].public_values.back().value();
  std::memcpy(fib_tail.data(), &fib_last, 8);
  auto it = std::search(proof.begin(), proof.end(), fib_tail.begin(), fib_tail.end());
  ASSERT_NE(it, proof.end());
  const size_t at = static_cast<size_t>(it - proof.begin()) + 8;
  uint64_t count = 0;
  std::memcpy(&count, proof.data() + at, 8);
  ASSERT_EQ(count, 3u);
  for (uint64_t forged : {uint64_t{2}, uint64_t{4}, uint64_t{1} << 40, Fp::kModulus - 1}) {
    std::vector<uint8_t> bad = proof;
    std::memcpy(bad.data() + at, &forged, 8);
    EXPECT_FALSE(s.verify_bytes(bad).ok()) << forged;
  }
}

class ConstantAir : public air::AirBase<ConstantAir> {
 public:
  explicit ConstantAir(uint64_t c) : c_(c) {}
  std::string name() const override { return "constant"; }
  size_t width() const override { return 1; }
  std::vector<Fp> constants() const override { return {Fp::from_u64(c_)}; }
  template <class B>
  void eval(B& b) const {
    b.assert_zero_first_row(b.main(0) - b.constant(Fp::from_u64(c_)), "x0 = c");
  }

 private:
  uint64_t c_;
};

// A table whose bus tuples are wider than the envelope the presets claim their bits for
// (32 fields, bus id included): setup refuses it under a preset, names the quantity, and accepts
// it under parameters that claim nothing.
class WideTupleAir : public air::AirBase<WideTupleAir> {
 public:
  std::string name() const override { return "wide_tuple"; }
  size_t width() const override { return 32; }
  std::vector<air::Interaction> interactions() const override {
    air::Interaction it{kAddBus, {}, air::LinearCombination::one(), air::Direction::kSend};
    for (uint32_t c = 0; c < 32; ++c) it.fields.push_back(air::LinearCombination::main(c));
    return {it};
  }
  template <class B>
  void eval(B&) const {}
};

TEST(Setup, RefusesACircuitOutsideThePresetsSecurityEnvelope) {
  const WideTupleAir wide;
  for (const StarkParams& p : {StarkParams::conjectured_100(), StarkParams::provable_100()}) {
    auto pk = setup({&wide}, p);
    ASSERT_FALSE(pk.ok());
    EXPECT_EQ(pk.error().code, ErrorCode::kInvalidArgument);
    EXPECT_STREQ(pk.error().what, "circuit outside the preset's security envelope: bus tuple width");
    EXPECT_EQ(pk.error().expected, 32u);
    EXPECT_EQ(pk.error().got, 33u);
  }
  EXPECT_TRUE(setup({&wide}, fast_params()).ok());  // claims nothing
  EXPECT_TRUE(setup({&kFib}, StarkParams::conjectured_100()).ok());
}

TEST(VerifyingKey, TableConstantsAreBoundIntoTheKey) {
  ConstantAir a(5), b(6);
  EXPECT_NE(describe_table(a, kNoFixedHeight).constraints_digest, describe_table(b, kNoFixedHeight).constraints_digest);
  // A proof for c = 5 does not verify against the table with c = 6.
  std::vector<const air::Air*> ta = {&a}, tb = {&b};
  auto pka = std::move(*setup(ta, fast_params()));
  auto pkb = std::move(*setup(tb, fast_params()));
  RowMajorMatrix t(8, 1);
  t.at(0, 0) = Fp::from_u64(5);
  auto proof = prove(*pka, {{t, {}}});
  ASSERT_TRUE(proof.ok());
  AlignedProof ap(*proof);
  EXPECT_TRUE(verify(pka->vk, ta, ap.span()).ok());
  EXPECT_FALSE(verify(pkb->vk, tb, ap.span()).ok());
  EXPECT_FALSE(verify(pka->vk, tb, ap.span()).ok());  // the key does not describe table b
}

TEST(VerifyingKey, EncodeDecodeRoundTripAndRejectsGarbage) {
  Statement s = range_check(64);
  const auto bytes = s.pk->vk.encode();
  auto back = VerifyingKey::decode(bytes);
  ASSERT_TRUE(back.ok()) << back.error().what;
  EXPECT_EQ(*back, s.pk->vk);
  EXPECT_EQ(back->digest(), s.pk->vk.digest());
  for (size_t cut = 0; cut < bytes.size(); cut += 7) {
    std::vector<uint8_t> t(bytes.begin(), bytes.begin() + cut);
    EXPECT_FALSE(VerifyingKey::decode(t).ok()) << cut;
  }
  auto extended = bytes;
  extended.push_back(0);
  EXPECT_FALSE(VerifyingKey::decode(extended).ok());
}

}  // namespace
}  // namespace goldfinch::stark

namespace goldfinch::stark {
namespace {

// The add bus's two tables, declared optional: a proof may leave them out when they have no rows.
class OptionalSender : public air::examples::AddSenderAir {
 public:
  std::string name() const override { return "optional_sender"; }
  bool optional() const override { return true; }
};
class OptionalReceiver : public air::examples::AddReceiverAir {
 public:
  std::string name() const override { return "optional_receiver"; }
  bool optional() const override { return true; }
};
OptionalSender kOptSender;
OptionalReceiver kOptReceiver;

// Fibonacci (always present) beside the optional add-bus pair with n rows each (0: absent).
Statement with_optional(size_t n_send, size_t n_recv) {
  Statement s;
  s.tables = {&kFib, &kOptSender, &kOptReceiver};
  s.pk = std::move(*setup(s.tables, fast_params()));
  std::vector<Fp> pv;
  s.witness.push_back({FibonacciAir::trace(64, Fp::one(), Fp::one(), &pv), pv});
  RowMajorMatrix snd(n_send, n_send ? 3 : 0), rcv(n_recv, n_recv ? 4 : 0);
  for (size_t r = 0; r < n_send; ++r) {
    snd.at(r, 0) = Fp::from_u64(r);
    snd.at(r, 1) = Fp::from_u64(2 * r);
    snd.at(r, 2) = Fp::from_u64(3 * r);
  }
  for (size_t r = 0; r < std::min(n_send, n_recv); ++r) {
    for (size_t c = 0; c < 3; ++c) rcv.at(r, c) = snd.at(r, c);
    rcv.at(r, 3) = Fp::one();
  }
  s.witness.push_back({std::move(snd), {}});
  s.witness.push_back({std::move(rcv), {}});
  return s;
}

// The heights section's payload starts after the header section (16 + 64 bytes) and its own
// 16-byte header.
size_t heights_offset(const std::vector<uint8_t>& proof) {
  const uint64_t header_len = proof[8] | uint64_t{proof[9]} << 8;
  return 16 + ((header_len + 15) / 16) * 16 + 16;
}

TEST(OptionalTables, AbsentTablesProveAndVerifyAndCostNothing) {
  Statement both = with_optional(16, 16);
  const auto full = both.prove_ok();
  ASSERT_TRUE(both.verify_bytes(full).ok());
  Statement none = with_optional(0, 0);
  const auto small = none.prove_ok();
  VerifiedProof out;
  const Error e = none.verify_bytes(small, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  EXPECT_EQ(out.log_heights[1], kAbsentLogHeight);
  EXPECT_EQ(out.log_heights[2], kAbsentLogHeight);
  EXPECT_LT(small.size(), full.size());
  EXPECT_EQ(small[heights_offset(small) + 1], kAbsentLogHeight);
}

TEST(OptionalTablesAttack, UnbalancedBusWithTheReceiverAbsent) {
  Statement s = with_optional(16, 0);  // sends with nobody to receive them
  ProveOptions opt;
  EXPECT_FALSE(prove(*s.pk, s.witness, backend::default_backend(), opt).ok());
  opt.allow_unsatisfied = true;
  auto p = prove(*s.pk, s.witness, backend::default_backend(), opt);
  ASSERT_TRUE(p.ok());
  const Error e = s.verify_bytes(*p);
  EXPECT_FALSE(e.ok());
  EXPECT_NE(std::string(e.what).find("balance"), std::string::npos) << e.what;
}

TEST(OptionalTablesAttack, TableThatIsNotOptionalMarkedAbsent) {
  Statement s = with_optional(0, 0);
  auto p = s.prove_ok();
  p[heights_offset(p) + 0] = kAbsentLogHeight;  // the Fibonacci table
  const Error e = s.verify_bytes(p);
  EXPECT_FALSE(e.ok());
  EXPECT_NE(std::string(e.what).find("not optional"), std::string::npos) << e.what;
}

TEST(OptionalTablesAttack, PresentOptionalTableMarkedAbsentOrAbsentMarkedPresent) {
  Statement full = with_optional(16, 16);
  auto p = full.prove_ok();
  p[heights_offset(p) + 1] = kAbsentLogHeight;  // drop the sender: the receiver's rows are unbalanced
  EXPECT_FALSE(full.verify_bytes(p).ok());
  Statement none = with_optional(0, 0);
  auto q = none.prove_ok();
  q[heights_offset(q) + 2] = 4;  // claim a 16-row receiver the proof has no columns for
  EXPECT_FALSE(none.verify_bytes(q).ok());
}

TEST(OptionalTables, OptionalFlagIsBoundIntoTheKey) {
  const TableInfo plain = describe_table(kReceiver, kNoFixedHeight);
  const TableInfo optional = describe_table(kOptReceiver, kNoFixedHeight);
  EXPECT_FALSE(plain.constraints_digest == optional.constraints_digest);
}

}  // namespace
}  // namespace goldfinch::stark
