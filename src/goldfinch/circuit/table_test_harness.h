// Test support shared by the tables proven behind a request side (the precompile tables Keccak-f,
// BLAKE3, F_p^3 Horner, and the multiply and divide chips through ChipHarness): one proving key for
// {request side, table, RangeU16Table} set up once per test binary, the honest witness of a list of
// events, the debug checkers, a (forced) prove-and-verify, the attack check "the debug checkers
// name it and the verifier rejects a forced proof", and the single-cell sweep. A table's own
// request side (its CPU and memory stand-in), events, reference and attacks stay in its tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/testing.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::circuit::testing {

// Whether any failure text mentions `what`.
inline bool mentions(const std::vector<std::string>& failures, const std::string& what) {
  for (const auto& f : failures)
    if (f.find(what) != std::string::npos) return true;
  return false;
}

// Traces of the tables, in setup order: the request side (CPU and memory stand-in), the table
// under test, the range table.
struct TableWitness {
  RowMajorMatrix requests, table, range;
};

// The request side of a precompile whose calls read and write memory word by word (BLAKE3,
// F_p^3 Horner), standing in for the CPU and memory: a call is a row sending (kind, clk, a0) on
// kBusPrecompile; an access is a row sending the before tuple (space, addr, value, ts_prev) and a
// row receiving the after tuple on kBusMemory. Columns (f0, f1, f2, f3, m_call, m_before,
// m_after); no constraints: whatever it claims, the table must prove. A table's counterparty
// derives from it, names itself and lays out its events' rows with Rows.
class CallAndMemoryRequests : public air::AirBase<CallAndMemoryRequests> {
 public:
  static constexpr uint32_t kWidth = 7, kMCall = 4, kMBefore = 5, kMAfter = 6;
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    auto c = [](uint32_t i) { return LinearCombination::main(i); };
    return {{kBusPrecompile, {c(0), c(1), c(2)}, c(kMCall), air::Direction::kSend},
            {kBusMemory, {c(0), c(1), c(2), c(3)}, c(kMBefore), air::Direction::kSend},
            {kBusMemory, {c(0), c(1), c(2), c(3)}, c(kMAfter), air::Direction::kReceive}};
  }
  template <class B>
  void eval(B&) const {}

  // Leaves only the calls claimed: the multiplicities of every memory access set to 0.
  static void drop_accesses(RowMajorMatrix& t) {
    for (size_t r = 0; r < t.height(); ++r) t.at(r, kMBefore) = t.at(r, kMAfter) = Fp::zero();
  }

  // The rows of a trace in order; matrix() pads them with zero rows to a power of two, at least 4.
  class Rows {
   public:
    void call(uint64_t kind, uint64_t clk, uint64_t a0) { rows_.push_back({kind, clk, a0, 0, 1, 0, 0}); }
    void access(uint64_t space, uint64_t addr, uint64_t before, uint64_t ts_prev, uint64_t after, uint64_t ts) {
      rows_.push_back({space, addr, before, ts_prev, 0, 1, 0});
      rows_.push_back({space, addr, after, ts, 0, 0, 1});
    }
    RowMajorMatrix matrix() const {
      RowMajorMatrix m(std::max<size_t>(4, std::bit_ceil(std::max<size_t>(rows_.size(), 1))), kWidth);
      for (size_t r = 0; r < rows_.size(); ++r)
        for (size_t c = 0; c < kWidth; ++c) m.at(r, c) = Fp::from_u64(rows_[r][c]);
      return m;
    }

   private:
    std::vector<std::array<uint64_t, kWidth>> rows_;
  };
};

// `Request::trace(events)` builds the request side (for a precompile, the calls on kBusPrecompile
// and the memory accesses on kBusMemory; for a chip, the ALU requests); `Table::trace(events,
// counts)` the table and its range lookups.
template <class Request, class Table, class Event>
class TableHarness {
 public:
  using Witness = TableWitness;

  TableHarness() {
    // These proofs are small: one thread each is fastest, and ctest runs test binaries side by side.
    set_threads(1);
    airs_ = {&requests_, &table_, &range_};
    stark::StarkParams params = stark::StarkParams::conjectured_100();
    // Blowup 2 is enough for degree-3 constraints; a forced broken witness fails the
    // out-of-domain or bus-sum check whatever the query count.
    params.log_blowup = 1;
    params.num_queries = 12;
    params.pow_bits = 0;
    params.log_folding_arity = 2;
    params.log_final_poly_len = 0;
    auto pk = stark::setup(airs_, params);
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
  }

  Witness honest(const std::vector<Event>& events) const {
    LookupCounts counts;
    Witness w;
    w.requests = Request::trace(events);
    w.table = Table::trace(events, counts);
    w.range = RangeU16Table::trace(counts);
    return w;
  }

  // Views of the witness's matrices (a change to `w` shows through them).
  std::vector<air::TableTrace> traces(const Witness& w) const {
    return {{&requests_, w.requests.view(), {}, {}},
            {&table_, w.table.view(), {}, {}},
            {&range_, w.range.view(), pk_->preprocessed[2].view(), {}}};
  }

  // The debug checkers' findings (constraints of every table, then bus balance).
  std::vector<std::string> check(const Witness& w) const {
    std::vector<std::string> out;
    const auto ts = traces(w);
    for (const auto& t : ts)
      for (const auto& f : air::check_constraints(t, 20)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(ts, 20)) out.push_back(b.describe());
    return out;
  }

  // Proves (forcing an unsatisfied witness through when `force`) and returns the verdict;
  // `proof_made` tells whether the prover produced a proof (so a rejection is the verifier's).
  Error prove_and_verify(const Witness& w, bool force = false, bool* proof_made = nullptr) const {
    if (proof_made) *proof_made = false;
    std::vector<stark::TableWitness> tw = {{w.requests, {}}, {w.table, {}}, {w.range, {}}};
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(tw), backend::default_backend(), opt);
    if (!proof.ok()) return proof.error();
    if (proof_made) *proof_made = true;
    const stark::AlignedBytes aligned(*proof);
    return stark::verify(pk_->vk, airs_, aligned.span());
  }

  // The honest proof with the full table set of the contract (requests, table, range, bytes), at
  // testing::prove_and_verify's parameters.
  static Error prove_full(const std::vector<Event>& events, std::vector<std::string>* failures) {
    LookupCounts counts;
    Request requests;
    Table table;
    RangeU16Table range;
    ByteTable bytes;
    std::vector<testing::Table> tables = {{&requests, Request::trace(events)},
                                          {&table, Table::trace(events, counts)},
                                          {&range, RangeU16Table::trace(counts)},
                                          {&bytes, ByteTable::trace(counts)}};
    return testing::prove_and_verify(tables, false, failures);
  }

  // Replaces the table's trace (and its range lookups) by that of no events.
  static void clear_table(Witness& w) {
    LookupCounts counts;
    w.table = Table::trace({}, counts);
    w.range = RangeU16Table::trace(counts);
  }

  // An honest witness: the debug checkers find nothing, and it proves and verifies.
  void expect_honest(const Witness& w) const {
    const auto failures = check(w);
    EXPECT_TRUE(failures.empty()) << failures.front();
    bool proof_made = false;
    const Error e = prove_and_verify(w, false, &proof_made);
    EXPECT_TRUE(proof_made);
    EXPECT_TRUE(e.ok()) << e.what;
  }

  // The honest events prove and verify with the full table set (prove_full), the checkers clean.
  static void expect_proves_full(const std::vector<Event>& events) {
    std::vector<std::string> failures;
    const Error e = prove_full(events, &failures);
    EXPECT_TRUE(failures.empty()) << failures.front();
    EXPECT_TRUE(e.ok()) << e.what;
  }

  const Table& table() const { return table_; }

 private:
  Request requests_;
  Table table_;
  RangeU16Table range_;
  std::vector<const air::Air*> airs_;
  std::unique_ptr<stark::ProvingKey> pk_;
};

// The attacked witness must be reported by the debug checkers (naming `what` when given) and a
// forced proof of it rejected by the verifier; the first few findings are printed.
template <class Harness>
void expect_table_attack_caught(const Harness& h, const TableWitness& w, const std::string& what) {
  const auto failures = h.check(w);
  EXPECT_FALSE(failures.empty()) << "debug checkers found nothing";
  if (!what.empty()) {
    EXPECT_TRUE(mentions(failures, what))
        << "no failure mentions '" << what << "'; first: " << (failures.empty() ? "" : failures[0]);
  }
  for (size_t i = 0; i < failures.size() && i < 4; ++i) std::printf("  %s\n", failures[i].c_str());
  bool proof_made = false;
  const Error e = h.prove_and_verify(w, /*force=*/true, &proof_made);
  EXPECT_TRUE(proof_made) << "the prover failed (" << e.what << "): the verifier was not exercised";
  EXPECT_FALSE(e.ok()) << "a forced proof of a broken witness verified";
}

// The range lookups a table's rows send (every kBusRange16 interaction of every row, read from
// its interactions), for a witness an attack changed; values >= 2^16 are left out (they cannot
// balance, so the bus shows them).
template <class Table>
RowMajorMatrix recount_range(const Table& table, const RowMajorMatrix& main) {
  LookupCounts counts;
  const auto inter = table.interactions();
  for (size_t r = 0; r < main.height(); ++r) {
    auto at = [&](uint32_t c) { return main.at(r, c); };
    auto pre = [](uint32_t) { return Fp::zero(); };
    for (const air::Interaction& i : inter) {
      if (i.bus != kBusRange16) continue;
      const uint64_t m = i.multiplicity.eval(at, pre, Fp::zero()).value();
      const uint64_t v = i.fields[0].eval(at, pre, Fp::zero()).value();
      if (v >= (1u << 16)) continue;
      for (uint64_t k = 0; k < m && k < 8; ++k) counts.range16(static_cast<uint32_t>(v));
    }
  }
  return RangeU16Table::trace(counts);
}

// The single-cell sweep: every main cell of the table's first `rows` rows, changed by +1 one at a
// time, must fail a constraint of the table or unbalance a bus. Each cell that escapes is a test
// failure (`label` r column c).
struct SweepCount {
  size_t cells = 0, by_bus = 0, escaped = 0;  // by_bus: caught by a bus and by no constraint
};

template <class Harness>
SweepCount sweep_table_cells(const Harness& h, TableWitness w, size_t rows, const std::string& label = "row") {
  const auto t = h.traces(w);
  SweepCount n;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < w.table.width(); ++c) {
      const Fp saved = w.table.at(r, c);
      w.table.at(r, c) = saved + Fp::one();
      const bool by_constraint = !air::check_constraints(t[1], 1).empty();
      const bool caught = by_constraint || !air::check_buses(t, 1).empty();
      w.table.at(r, c) = saved;
      ++n.cells;
      n.by_bus += !by_constraint && caught;
      if (caught) continue;
      ++n.escaped;
      ADD_FAILURE() << label << " " << r << " column " << c << ": corruption not caught";
    }
  }
  return n;
}

}  // namespace goldfinch::circuit::testing
