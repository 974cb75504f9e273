// Test support for the multiset-hash tables: seeded random statements, one proving key per
// statement reused by every prove-and-verify of a test (attack tests force many broken
// witnesses through the prover), the debug checkers' findings, and expect_caught.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/multiset/air/statement.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::multiset::testing {

// `n` tuples (tag, addr, value, clk) with small tags and random other lanes, random signs, and
// a few repeats (a tuple sent twice, a tuple sent and received).
inline std::vector<SignedTuple> random_tuples(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<SignedTuple> out;
  for (size_t i = 0; i < n; ++i) {
    if (i >= 4 && i % 16 == 5) {  // a repeat of an earlier tuple, with a random sign
      SignedTuple t = out[rng() % out.size()];
      t.send = rng() & 1;
      out.push_back(t);
      continue;
    }
    out.push_back({{Fp::from_u64(rng() % 3), Fp::from_u64(rng() & 0xFFFFFFFF), Fp::from_u64(rng()), Fp::from_u64(rng() >> 20)},
                   static_cast<bool>(rng() & 1)});
  }
  return out;
}

inline uint64_t test_seed() {
  const char* s = std::getenv("GF_SEED");
  const uint64_t seed = s ? std::strtoull(s, nullptr, 0) : std::random_device{}();
  std::printf("multiset_air seed %llu (GF_SEED=... to replay)\n", static_cast<unsigned long long>(seed));
  return seed;
}

class Harness {
 public:
  explicit Harness(std::vector<SignedTuple> tuples, bool fast = true) : st_(std::move(tuples)) {
    stark::StarkParams params = stark::StarkParams::conjectured_100();
    if (fast) {  // blowup 2 suffices for degree 3; a forced broken witness fails whatever the queries
      params.log_blowup = 1;
      params.num_queries = 12;
      params.pow_bits = 0;
    }
    auto pk = stark::setup(st_.airs(), params);
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
  }

  const MultisetStatement& statement() const { return st_; }
  MultisetWitness honest() const {
    Result<MultisetWitness> w = st_.witness();
    GF_CHECK(w.ok(), "honest witness");
    return std::move(*w);
  }

  std::vector<air::TableTrace> traces(const MultisetWitness& w) const {
    const RowMajorMatrix* m[] = {&w.list, &w.poseidon2, &w.hash_to_curve, &w.sum, &w.range};
    std::vector<air::TableTrace> t;
    for (size_t i = 0; i < 5; ++i)
      t.push_back({st_.airs()[i], m[i]->view(), pk_->preprocessed[i].view(),
                   i == MultisetStatement::kSum ? std::span<const Fp>(w.public_values) : std::span<const Fp>()});
    return t;
  }

  // The debug checkers' findings (constraints of every table, then bus balance).
  std::vector<std::string> check(const MultisetWitness& w, size_t limit = 10) const {
    const auto t = traces(w);
    std::vector<std::string> out;
    for (const auto& tt : t)
      for (const auto& f : air::check_constraints(tt, limit)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(t, limit)) out.push_back(b.describe());
    return out;
  }

  Error prove_and_verify(const MultisetWitness& w, bool force = false, bool* proof_made = nullptr,
                         stark::VerifiedProof* verified = nullptr, stark::ProveStats* stats = nullptr) const {
    if (proof_made) *proof_made = false;
    std::vector<stark::TableWitness> tw = {{w.list, {}}, {w.poseidon2, {}}, {w.hash_to_curve, {}}, {w.sum, w.public_values},
                                           {w.range, {}}};
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(tw), backend::default_backend(), opt, stats);
    if (!proof.ok()) return proof.error();
    if (proof_made) *proof_made = true;
    const stark::AlignedBytes aligned(*proof);
    const auto airs = st_.airs();
    return stark::verify(pk_->vk, airs, aligned.span(), verified);
  }

 private:
  MultisetStatement st_;
  std::unique_ptr<stark::ProvingKey> pk_;
};

inline bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  for (const auto& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

// The debug checkers must report the attack, with a finding that mentions `reason`; with
// `force`, a proof forced through the prover must be rejected by the verifier.
inline void expect_caught(const Harness& h, const MultisetWitness& w, const std::string& what, const std::string& reason,
                          bool force = true) {
  const auto failures = h.check(w);
  EXPECT_FALSE(failures.empty()) << what << ": the debug checkers found nothing";
  EXPECT_TRUE(reason.empty() || mentions(failures, reason)) << what << ": no finding mentions '" << reason << "'";
  if (std::getenv("GF_SHOW_FAILURES"))
    for (const auto& s : failures) std::printf("%s: %s\n", what.c_str(), s.c_str());
  if (!force) return;
  bool made = false;
  const Error e = h.prove_and_verify(w, true, &made);
  EXPECT_TRUE(made) << what << ": the prover failed (" << e.what << "), the verifier was not exercised";
  EXPECT_FALSE(e.ok()) << what << ": a forced proof of the broken witness verified";
}

}  // namespace goldfinch::multiset::testing
