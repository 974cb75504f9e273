// Test support for whole-statement soundness tests of the RV32IM circuit: run a guest image in
// the executor, build the honest witness of every table of Rv32imCircuit, break it, re-check it
// with the debug checkers (air/debug.h) and force a proof of it through the prover. Everything
// here is generic over Rv32imCircuit::tables(): tables added later are covered without edits.
#pragma once

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/base/check.h"
#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::circuit::testing {

// Small, fast and insecure parameters: a forced broken witness fails the out-of-domain or bus-sum
// check whatever the query count. Blowup 2 suffices for degree-3 constraints.
inline stark::StarkParams harness_params() {
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.log_blowup = 1;
  p.num_queries = 8;
  p.pow_bits = 0;
  p.log_folding_arity = 2;
  p.log_final_poly_len = 0;
  return p;
}

// A guest run to its exit call, with the circuit, its proving key and the honest witness.
class Statement {
 public:
  // Runs `image` (GF_CHECK: it must load and exit within `max_cycles`).
  explicit Statement(vm::ElfImage image, std::vector<uint8_t> input = {}, uint64_t max_cycles = 1 << 20)
      : image_(std::move(image)), input_(std::move(input)) {
    auto created = vm::Machine::create(image_, input_);
    GF_CHECK(std::holds_alternative<vm::Machine>(created), "the guest image does not load");
    vm::Machine machine = std::move(std::get<vm::Machine>(created));
    vm::TraceRecorder rec;
    const vm::RunResult r = machine.run_trace(&rec, max_cycles);
    GF_CHECK(r.status == vm::RunStatus::kExited, "the guest did not exit");
    exit_code_ = r.exit_code;
    cycles_ = r.cycles;
    rows_.assign(rec.rows.begin(), rec.rows.end());
    circuit_ = std::make_unique<Rv32imCircuit>(image_);
    auto pk = stark::setup(circuit_->tables(), harness_params());
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
    auto w = circuit_->witness(rows_, input_);
    GF_CHECK(w.ok(), "witness generation failed");
    honest_ = std::move(*w);
  }
  Statement(const Statement&) = delete;

  const Rv32imCircuit& circuit() const { return *circuit_; }
  std::vector<const air::Air*> tables() const { return circuit_->tables(); }
  const stark::ProvingKey& pk() const { return *pk_; }
  const std::vector<stark::TableWitness>& honest() const { return honest_; }
  const std::vector<vm::TraceRow>& rows() const { return rows_; }
  uint32_t exit_code() const { return exit_code_; }
  uint64_t cycles() const { return cycles_; }

  // Index of the table named `name` (GF_CHECK: it exists).
  size_t table(const std::string& name) const {
    const auto t = tables();
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i]->name() == name) return i;
    GF_CHECK(false, "no such table");
    return 0;
  }

  std::vector<air::TableTrace> traces(const std::vector<stark::TableWitness>& w) const {
    const auto t = tables();
    std::vector<air::TableTrace> out;
    for (size_t i = 0; i < t.size(); ++i)
      out.push_back({t[i], w[i].main.view(), pk_->preprocessed[i].view(), w[i].public_values});
    return out;
  }

  // Everything the debug checkers report on `w`: constraint failures of every table, then bus
  // imbalances (each described with its table, row and constraint, or bus and tuple).
  std::vector<std::string> check(const std::vector<stark::TableWitness>& w, size_t limit = 8) const {
    const auto tr = traces(w);
    std::vector<std::string> out;
    for (const auto& t : tr)
      for (const auto& f : air::check_constraints(t, limit)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(tr, limit)) out.push_back(b.describe());
    return out;
  }

  // Proves `w` (forcing an unsatisfied witness through when `force`) and verifies the proof
  // against this statement's key. `proof_made` tells whether the prover emitted a proof (so a
  // rejection is the verifier's); `out` receives the verified public values.
  Error prove_and_verify(std::vector<stark::TableWitness> w, bool force, bool* proof_made = nullptr,
                         stark::VerifiedProof* out = nullptr, std::vector<uint8_t>* proof_bytes = nullptr) const {
    if (proof_made) *proof_made = false;
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(w), backend::default_backend(), opt);
    if (!proof.ok()) return proof.error();
    if (proof_made) *proof_made = true;
    if (proof_bytes) *proof_bytes = *proof;
    const stark::AlignedBytes aligned(*proof);
    const auto t = tables();
    return stark::verify(pk_->vk, t, aligned.span(), out);
  }

 private:
  vm::ElfImage image_;
  std::vector<uint8_t> input_;
  std::vector<vm::TraceRow> rows_;
  uint32_t exit_code_ = 0;
  uint64_t cycles_ = 0;
  std::unique_ptr<Rv32imCircuit> circuit_;
  std::unique_ptr<stark::ProvingKey> pk_;
  std::vector<stark::TableWitness> honest_;
};

// One row of a table as a 1-row trace (bus interactions have no row selectors, so a row's bus
// contribution does not depend on where it sits).
inline air::TableTrace row_trace(const air::TableTrace& t, size_t row) {
  air::TableTrace r = t;
  r.main = ConstMatrixView(t.main.data + row * t.main.width, 1, t.main.width);
  if (t.preprocessed.width) r.preprocessed = ConstMatrixView(t.preprocessed.data + row * t.preprocessed.width, 1, t.preprocessed.width);
  return r;
}

// The bus contribution of one row (every interaction; the table's public bus terms included,
// which cancel when two contributions of the same table are compared).
inline std::vector<air::BusImbalance> row_contribution(const air::TableTrace& t, size_t row) {
  const air::TableTrace r = row_trace(t, row);
  return air::check_buses(std::span<const air::TableTrace>(&r, 1), SIZE_MAX);
}

inline bool same(const std::vector<air::BusImbalance>& a, const std::vector<air::BusImbalance>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].bus != b[i].bus || a[i].tuple != b[i].tuple || a[i].net != b[i].net) return false;
  return true;
}

// Whether any interaction of `t` has a non-zero multiplicity on `row` (a "live" row; padding
// and unused lookup rows are not live).
inline bool row_is_live(const air::TableTrace& t, size_t row) {
  auto main_at = [&](uint32_t c) { return t.main.at(row, c); };
  auto pre_at = [&](uint32_t c) { return t.preprocessed.at(row, c); };
  for (const auto& it : t.air->interactions())
    if (!it.multiplicity.eval<Fp>(main_at, pre_at, Fp::zero()).is_zero()) return true;
  return false;
}

// Recomputes the multiplicity columns of every lookup-style table (every interaction's fields
// are preprocessed columns and constants, its multiplicity one main column: the program, range
// and byte tables) from what the other tables send and receive, as a cheating prover
// would after changing a looked-up value. A demanded tuple the table does not hold stays
// unbalanced: that is how an out-of-range value is caught.
inline void rebalance_lookups(const Statement& s, std::vector<stark::TableWitness>& w) {
  const auto tables = s.tables();
  auto is_lookup = [](const air::Air* a) {
    const auto its = a->interactions();
    if (its.empty() || a->preprocessed_width() == 0) return false;
    for (const auto& it : its) {
      if (it.multiplicity.terms.size() != 1 || it.multiplicity.terms[0].first.kind != air::Column::kMain ||
          it.multiplicity.terms[0].second != Fp::one() || !it.multiplicity.constant.is_zero())
        return false;
      for (const auto& f : it.fields)
        for (const auto& [c, k] : f.terms)
          if (c.kind != air::Column::kPreprocessed) return false;
    }
    return true;
  };
  std::vector<air::TableTrace> others;
  std::vector<size_t> lookups;
  const auto tr = s.traces(w);
  for (size_t i = 0; i < tables.size(); ++i) (is_lookup(tables[i]) ? lookups.push_back(i) : others.push_back(tr[i]));
  // Net demand (sends minus receives) of every tuple over the non-lookup tables.
  std::map<std::pair<uint32_t, std::vector<uint64_t>>, Fp> demand;
  for (const auto& b : air::check_buses(others, SIZE_MAX)) {
    std::vector<uint64_t> key;
    for (Fp v : b.tuple) key.push_back(v.value());
    demand[{b.bus, key}] = b.net;
  }
  for (size_t li : lookups) {
    const air::TableTrace& t = tr[li];
    const auto its = tables[li]->interactions();
    for (size_t row = 0; row < t.main.height; ++row) {
      auto pre_at = [&](uint32_t c) { return t.preprocessed.at(row, c); };
      auto no_main = [](uint32_t) { return Fp::zero(); };
      for (const auto& it : its) {
        std::vector<uint64_t> key;
        for (const auto& f : it.fields) key.push_back(f.eval<Fp>(no_main, pre_at, Fp::zero()).value());
        auto d = demand.find({it.bus, key});
        const Fp net = d == demand.end() ? Fp::zero() : d->second;
        w[li].main.at(row, it.multiplicity.terms[0].first.index) = it.direction == air::Direction::kReceive ? net : -net;
        if (d != demand.end()) demand.erase(d);  // a tuple held by two rows is served by the first
      }
    }
  }
}

// The seed of a randomized test: GOLDFINCH_SEED when set, else `fallback`.
inline uint64_t seed_from_env(uint64_t fallback) {
  const char* s = std::getenv("GOLDFINCH_SEED");
  return s && *s ? std::strtoull(s, nullptr, 0) : fallback;
}

}  // namespace goldfinch::circuit::testing
