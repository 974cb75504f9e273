#include "goldfinch/recursion/example_proofs.h"

#include <random>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/vm/executor.h"

namespace goldfinch::recursion {
namespace {

// Tracer policy: cycles per step marker (the marker counts in the step it starts, as in the
// profiler), nothing else.
struct PhaseCounter {
  static constexpr bool kRows = false;
  static constexpr bool kSteps = true;
  std::array<uint64_t, stark::kNumVerifierPhases + 1> counts{};  // last slot: other steps
  uint64_t* cur = &counts[0];

  GF_INLINE void step(uint32_t, const vm::Insn& insn) {
    if (insn.op == vm::Op::kMarker) {
      const int32_t s = insn.imm;
      cur = &counts[s >= 0 && static_cast<size_t>(s) < stark::kNumVerifierPhases ? static_cast<size_t>(s)
                                                                                  : stark::kNumVerifierPhases];
    }
    ++*cur;
  }
};

std::vector<stark::TableWitness> witness_for(StatementId id, uint32_t param, size_t n, uint64_t seed) {
  using namespace air::examples;
  std::vector<stark::TableWitness> w;
  std::mt19937_64 rng(seed);
  switch (id) {
    case StatementId::kFibonacci: {
      w.resize(1);
      w[0].main = FibonacciAir::trace(n, Fp::one(), Fp::one(), &w[0].public_values);
      break;
    }
    case StatementId::kRange: {
      w.resize(2);
      w[0].main = RowMajorMatrix(n, 1);
      for (size_t r = 0; r < n; ++r) w[0].main.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
      w[1].main = U16TableAir::multiplicities(w[0].main);
      break;
    }
    case StatementId::kBus: {
      w.resize(2);
      w[0].main = RowMajorMatrix(n, 3);
      w[1].main = RowMajorMatrix(n, 4);
      for (size_t r = 0; r < n; ++r) {
        const Fp a = Fp::from_u64(rng()), b = Fp::from_u64(rng());
        w[0].main.at(r, 0) = w[1].main.at(r, 0) = a;
        w[0].main.at(r, 1) = w[1].main.at(r, 1) = b;
        w[0].main.at(r, 2) = w[1].main.at(r, 2) = a + b;
        w[1].main.at(r, 3) = Fp::one();
      }
      break;
    }
    case StatementId::kSynthetic: {
      w.resize(1);
      w[0].main = SyntheticAir(param).trace(n, seed);
      break;
    }
    case StatementId::kRv32im:
    case StatementId::kRv32imShard:
      break;  // not examples: proven by zkvm::prove / prove_receipt (prove_example refuses them below)
  }
  return w;
}

}  // namespace

Result<ExampleProof> prove_example(StatementId id, uint32_t param, unsigned log_rows, const stark::StarkParams& params,
                                   uint64_t seed) {
  if (log_rows < params.log_final_poly_len || log_rows > 24)
    return Error{ErrorCode::kInvalidArgument, "log_rows out of range", 24, log_rows};
  if (id == StatementId::kRv32im)
    return Error{ErrorCode::kInvalidArgument, "rv32im is not an example statement (prove a guest with zkvm::prove)", 0, 5};
  if (id == StatementId::kRv32imShard)
    return Error{ErrorCode::kInvalidArgument,
                 "rv32im_shard is not an example statement (prove a guest's receipt with zkvm::prove_receipt)", 0, 6};
  Result<Statement> st = make_statement(static_cast<uint32_t>(id), param);
  if (!st.ok()) return st.error();
  auto pk = stark::setup(st->tables, params);
  if (!pk.ok()) return pk.error();
  std::vector<stark::TableWitness> w = witness_for(id, param, size_t{1} << log_rows, seed);
  ExampleProof out;
  for (const auto& t : w) out.public_values.push_back(t.public_values);
  auto proof = stark::prove(**pk, std::move(w));
  if (!proof.ok()) return proof.error();
  out.vk = (*pk)->vk;
  out.proof = std::move(*proof);
  return out;
}

Result<InVmReport> run_verifier_guest(const vm::ElfImage& elf, std::span<const uint8_t> packed, uint64_t max_cycles) {
  auto created = vm::Machine::create(elf, packed);
  if (auto* e = std::get_if<vm::ElfLoadError>(&created))
    return Error{ErrorCode::kInvalidArgument, "verifier guest ELF or input rejected by the executor", 0,
                 static_cast<uint64_t>(e->kind)};
  vm::Machine& m = std::get<vm::Machine>(created);
  InVmReport rep;
  m.set_console([&rep](int, std::span<const uint8_t> b) { rep.console.append(b.begin(), b.end()); });
  PhaseCounter counter;
  const vm::RunResult r = m.run_with(counter, max_cycles);
  rep.status = r.status;
  rep.exit_code = r.exit_code;
  rep.cycles = r.cycles;
  for (size_t i = 0; i < stark::kNumVerifierPhases; ++i) rep.phase_cycles[i] = counter.counts[i];
  rep.other_cycles = counter.counts[stark::kNumVerifierPhases];
  rep.public_output = m.output();
  if (r.status == vm::RunStatus::kTrap) rep.trap = r.trap.message();
  return rep;
}

namespace {

// Rows are filled into one scratch row and dropped; every system call is counted by number.
struct EcallCounter {
  static constexpr bool kRows = true;
  static constexpr bool kSteps = false;
  std::map<uint32_t, uint64_t> counts;
  vm::TraceRow scratch{};
  vm::TraceRow* slot() { return &scratch; }
  void commit() {}
  void io_event(const vm::IoEvent& e) { ++counts[e.number]; }
  void finish() {}
};

}  // namespace

Result<std::map<uint32_t, uint64_t>> count_guest_ecalls(const vm::ElfImage& elf, std::span<const uint8_t> packed,
                                                        uint64_t max_cycles) {
  auto created = vm::Machine::create(elf, packed);
  if (auto* e = std::get_if<vm::ElfLoadError>(&created))
    return Error{ErrorCode::kInvalidArgument, "guest ELF or input rejected by the executor", 0,
                 static_cast<uint64_t>(e->kind)};
  vm::Machine& m = std::get<vm::Machine>(created);
  m.set_console([](int, std::span<const uint8_t>) {});
  EcallCounter counter;
  m.run_with(counter, max_cycles);
  return counter.counts;
}

std::vector<uint8_t> expected_guest_output(const stark::VerifyingKey& vk,
                                           const std::vector<std::vector<Fp>>& public_values) {
  const hash::Digest d = vk.digest();
  std::vector<uint8_t> out(d.bytes.begin(), d.bytes.end());
  for (const auto& t : public_values)
    for (Fp v : t) {
      uint8_t le[8];
      v.to_bytes(le);
      out.insert(out.end(), le, le + 8);
    }
  return out;
}

}  // namespace goldfinch::recursion
