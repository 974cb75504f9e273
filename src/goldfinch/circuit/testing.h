// Test support for circuit tables: a request table that sends arbitrary ALU tuples (standing in
// for the CPU), and a helper that proves and verifies a set of tables, optionally forcing an
// unsatisfied witness through, so attack tests can check the verifier rejects it.
#pragma once

#include <cstring>
#include <vector>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::circuit::testing {

// Columns (op, a, b, c, m): sends (op, a, b, c) on kBusAlu with multiplicity m. No constraints:
// whatever it sends, the receiving chip must prove.
class AluRequestTable : public air::AirBase<AluRequestTable> {
 public:
  std::string name() const override { return "alu_requests"; }
  size_t width() const override { return 5; }
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    return {{kBusAlu,
             {LinearCombination::main(0), LinearCombination::main(1), LinearCombination::main(2), LinearCombination::main(3)},
             LinearCombination::main(4), air::Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}

  // One row per event with c = alu_eval(op, a, b) and m = 1; padded with m = 0 rows.
  static RowMajorMatrix trace(const std::vector<AluEvent>& events) {
    size_t n = 4;
    while (n < events.size()) n *= 2;
    RowMajorMatrix t(n, 5);
    for (size_t r = 0; r < events.size(); ++r) {
      const AluEvent& e = events[r];
      t.at(r, 0) = Fp::from_u64(e.op);
      t.at(r, 1) = Fp::from_u64(e.a);
      t.at(r, 2) = Fp::from_u64(e.b);
      t.at(r, 3) = Fp::from_u64(alu_eval(e.op, e.a, e.b));
      t.at(r, 4) = Fp::one();
    }
    return t;
  }
};

struct Table {
  const air::Air* air;
  RowMajorMatrix main;
};

// Debug checks (constraints of every table, bus balance), then prove and verify. Returns the
// verifier's verdict; with force = true the prover is made to emit a proof even for an
// unsatisfied witness. `failures`, when given, receives the debug checkers' findings.
inline Error prove_and_verify(std::vector<Table>& tables, bool force = false, std::vector<std::string>* failures = nullptr) {
  std::vector<const air::Air*> airs;
  for (auto& t : tables) airs.push_back(t.air);
  stark::StarkParams params = stark::StarkParams::conjectured_100();
  params.num_queries = 12;
  params.pow_bits = 0;
  auto pk_or = stark::setup(airs, params);
  GF_CHECK(pk_or.ok(), "setup failed");
  const auto& pk = *pk_or;
  std::vector<air::TableTrace> traces;
  for (size_t i = 0; i < tables.size(); ++i)
    traces.push_back({tables[i].air, tables[i].main.view(), pk->preprocessed[i].view(), {}});
  if (failures) {
    for (const auto& t : traces)
      for (const auto& f : air::check_constraints(t, 20)) failures->push_back(f.describe());
    for (const auto& b : air::check_buses(traces, 20)) failures->push_back(b.describe());
  }
  std::vector<stark::TableWitness> w;
  for (auto& t : tables) w.push_back({t.main, {}});
  stark::ProveOptions opt;
  opt.allow_unsatisfied = force;
  auto proof = stark::prove(*pk, std::move(w), backend::default_backend(), opt);
  if (!proof.ok()) return proof.error();
  const stark::AlignedBytes aligned(*proof);
  return stark::verify(pk->vk, airs, aligned.span());
}

}  // namespace goldfinch::circuit::testing
