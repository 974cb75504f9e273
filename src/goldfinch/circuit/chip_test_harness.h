// Test support for the multiply and divide chips: one proving key for {AluRequestTable, chip,
// RangeU16Table} set up once and reused by every prove-and-verify of a test binary (attack tests
// prove many broken witnesses; these chips send no byte lookups, so the ByteTable is left out
// here — the honest tests use testing::prove_and_verify with all four tables), the corner values,
// and a witness bundle an attack test can break one cell of and re-check.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::circuit::testing {

// The u32 corner values every chip test combines, plus seeded random ones.
inline std::vector<uint32_t> corner_values() {
  return {0, 1, 2, 3, 31, 32, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x80000001,
          0xFFFFFFFE, 0xFFFFFFFF, static_cast<uint32_t>(-7)};
}

// Traces of the tables, in setup order: requests, chip, range.
struct Witness {
  RowMajorMatrix requests, chip, range;
};

template <class Chip>
class ChipHarness {
 public:
  ChipHarness() {
    // These proofs are tiny: one thread each is fastest, and ctest runs test binaries side by side.
    set_threads(1);
    airs_ = {&requests_, &chip_, &range_};
    stark::StarkParams params = stark::StarkParams::conjectured_100();
    // Blowup 2 is enough for degree-3 constraints (quotient degree 2); a forced broken witness
    // fails the out-of-domain or bus-sum check whatever the query count.
    params.log_blowup = 1;
    params.num_queries = 12;
    params.pow_bits = 0;
    params.log_folding_arity = 2;
    params.log_final_poly_len = 0;
    auto pk = stark::setup(airs_, params);
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
  }

  // The honest witness of `events` (the request table claims c = alu_eval(op, a, b)).
  Witness honest(const std::vector<AluEvent>& events) const {
    LookupCounts counts;
    Witness w;
    w.requests = AluRequestTable::trace(events);
    w.chip = Chip::trace(events, counts);
    w.range = RangeU16Table::trace(counts);
    return w;
  }

  // The debug checkers' findings (constraints of every table, then bus balance).
  std::vector<std::string> check(const Witness& w) const {
    std::vector<air::TableTrace> traces = {{&requests_, w.requests.view(), {}, {}},
                                           {&chip_, w.chip.view(), {}, {}},
                                           {&range_, w.range.view(), pk_->preprocessed[2].view(), {}}};
    std::vector<std::string> out;
    for (const auto& t : traces)
      for (const auto& f : air::check_constraints(t, 20)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(traces, 20)) out.push_back(b.describe());
    return out;
  }

  // Proves (forcing an unsatisfied witness through when `force`) and returns the verdict;
  // `proof_made` tells whether the prover produced a proof (so a rejection is the verifier's).
  Error prove_and_verify(const Witness& w, bool force = false, bool* proof_made = nullptr) const {
    if (proof_made) *proof_made = false;
    std::vector<stark::TableWitness> tw = {{w.requests, {}}, {w.chip, {}}, {w.range, {}}};
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(tw), backend::default_backend(), opt);
    if (!proof.ok()) return proof.error();
    if (proof_made) *proof_made = true;
    const stark::AlignedBytes aligned(*proof);
    return stark::verify(pk_->vk, airs_, aligned.span());
  }

  const Chip& chip() const { return chip_; }

  // The honest proof with the full table set of the chip contract (requests, chip, range, bytes).
  static Error prove_full(const std::vector<AluEvent>& events, std::vector<std::string>* failures) {
    LookupCounts counts;
    Chip chip;
    AluRequestTable requests;
    RangeU16Table range;
    ByteTable bytes;
    std::vector<Table> tables = {{&requests, AluRequestTable::trace(events)},
                                 {&chip, Chip::trace(events, counts)},
                                 {&range, RangeU16Table::trace(counts)},
                                 {&bytes, ByteTable::trace(counts)}};
    return circuit::testing::prove_and_verify(tables, false, failures);
  }

 private:
  AluRequestTable requests_;
  Chip chip_;
  RangeU16Table range_;
  std::vector<const air::Air*> airs_;
  std::unique_ptr<stark::ProvingKey> pk_;
};

// Whether any failure text mentions `what`.
inline bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  for (const auto& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

// The attacked witness must be reported by the debug checkers (naming `what` when given) and a
// forced proof of it rejected by the verifier.
template <class Chip>
void expect_caught(ChipHarness<Chip>& harness, const Witness& w, const std::string& what = "") {
  const auto failures = harness.check(w);
  EXPECT_FALSE(failures.empty()) << "debug checkers found nothing";
  if (!what.empty()) {
    EXPECT_TRUE(mentions(failures, what)) << "no failure mentions '" << what << "'";
  }
  bool proof_made = false;
  const Error e = harness.prove_and_verify(w, /*force=*/true, &proof_made);
  EXPECT_TRUE(proof_made) << "the prover failed (" << e.what << "): the verifier was not exercised";
  EXPECT_FALSE(e.ok()) << "a forced proof of a broken witness verified";
}

}  // namespace goldfinch::circuit::testing
