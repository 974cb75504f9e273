// Receipts (docs/continuations.md): plan the shards of a run, prove each from its checkpoint under
// the shard key, pack the proofs into one container (receipt.h); verify every shard and the chain.
#include <fmt/core.h>

#include <algorithm>
#include <variant>

#include "goldfinch/air/logup.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/zkvm/internal.h"
#include "goldfinch/zkvm/receipt.h"

namespace goldfinch::zkvm {
namespace {

using Clock = std::chrono::steady_clock;
using detail::describe;
using detail::since;

bool is_power_of_two(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

ZkvmError plan_error(const shard::PlanError& e, uint64_t max_cycles, size_t input_size) {
  switch (e.kind) {
    case shard::PlanErrorKind::kBadImage:
      return {input_size > vm::kMaxInputPayload ? ErrorKind::kBadInput : ErrorKind::kBadElf,
              fmt::format("cannot start the guest: {} (input {} bytes, at most {})", e.load_error.message(), input_size,
                          vm::kMaxInputPayload),
              {}};
    case shard::PlanErrorKind::kBadShardSize:
      return {ErrorKind::kBadInput, "the shard size must be a power of two", {}};
    case shard::PlanErrorKind::kTrap:
      return {ErrorKind::kGuestTrap, fmt::format("the guest trapped after {} cycles: {}", e.cycles, e.trap.message()), {}};
    case shard::PlanErrorKind::kCycleLimit:
      return {ErrorKind::kCycleLimit,
              fmt::format("the guest did not exit within {} cycles (raise the cycle limit)", max_cycles),
              {ErrorCode::kInvalidArgument, "cycle limit", max_cycles, e.cycles}};
  }
  return {ErrorKind::kProver, e.message(), {}};
}

ZkvmError invalid(std::string message, Error cause = Error::none()) {
  return {ErrorKind::kInvalidProof, std::move(message), cause};
}

}  // namespace

uint64_t default_shard_cycles(uint64_t available_bytes) {
  if (available_bytes == 0) available_bytes = available_memory_bytes();
  const uint64_t budget = available_bytes / 4 * 3;
  uint64_t cycles = kMinShardCycles;
  while (cycles < kMaxShardCycles && 2 * cycles * kShardBytesPerCycle <= budget) cycles *= 2;
  return cycles;
}

ZkvmResult<ReceiptOutput> prove_receipt(const Program& program, std::span<const uint8_t> input,
                                        const ProveOptions& options) {
  const uint64_t shard_cycles = options.shard_cycles ? options.shard_cycles : default_shard_cycles();
  if (!is_power_of_two(shard_cycles) || shard_cycles < 4 || shard_cycles > (uint64_t{1} << 30))
    return ZkvmError{ErrorKind::kBadInput,
                     fmt::format("the shard size {} is not a power of two in 4..2^30", shard_cycles),
                     {ErrorCode::kInvalidArgument, "shard size", 0, shard_cycles}};
  auto report = [&](std::string_view phase, double fraction, size_t shard, size_t shards) {
    if (options.progress) options.progress({phase, fraction, shard, shards});
  };
  ReceiptOutput out;
  out.shard_cycles = shard_cycles;
  ProveStats& st = out.stats;

  // One fast run to the exit cuts the shards and keeps a checkpoint at each boundary.
  report("execute", 0.0, 0, 1);
  auto t0 = Clock::now();
  const uint64_t max_cycles = options.max_cycles ? options.max_cycles : kDefaultMaxReceiptCycles;
  auto planned = shard::plan_shards(program.image(), input, shard_cycles, max_cycles);
  if (auto* e = std::get_if<shard::PlanError>(&planned)) return plan_error(*e, max_cycles, input.size());
  const shard::ShardPlan plan = std::move(std::get<shard::ShardPlan>(planned));
  st.seconds_execute = since(t0);
  st.cycles = plan.total_cycles;
  const size_t n = plan.shards.size();
  // Executing is a small share of the whole; each shard then takes an equal share.
  constexpr double kPlanShare = 0.02;
  auto overall = [&](size_t k, double f) { return kPlanShare + (1 - kPlanShare) * (static_cast<double>(k) + f) / n; };

  const shard::ShardCircuit& circuit = program.shard_circuit();
  const stark::ProvingKey& pk = program.shard_proving_key();
  circuit::CellMap cells;
  std::vector<std::vector<uint8_t>> proofs;
  std::vector<shard::ShardProofStatement> statements;
  size_t committed_cells = 0, main_cells = 0;
  for (size_t k = 0; k < n; ++k) {
    report("witness", overall(k, 0), k, n);
    const auto t_shard = Clock::now();
    t0 = Clock::now();
    Result<std::vector<stark::TableWitness>> w = shard::shard_witness(circuit, plan, k, cells);
    if (!w.ok()) return detail::witness_error(w.error());
    st.seconds_witness += since(t0);
    const uint64_t shard_len = plan.shards[k].end_cycle - plan.shards[k].start_cycle;
    uint64_t estimate = 0;
    const bool streaming = detail::choose_streaming(options, pk, *w, &estimate);
    st.streaming |= streaming;
    if (auto e = detail::check_memory(options, estimate, shard_len, fmt::format("shard {} of {}", k, n))) return *e;
    std::vector<std::vector<Fp>> public_values;
    size_t shard_main = 0, shard_pre = 0;
    std::vector<TableShape> shapes;
    for (size_t t = 0; t < w->size(); ++t) {
      const stark::TableInfo& info = pk.vk.tables[t];
      shapes.push_back({info.name, (*w)[t].main.height(), info.width,
                        air::LogupLayout(info.num_interactions).base_width()});
      public_values.push_back((*w)[t].public_values);
      shard_main += (*w)[t].main.data().size();
      shard_pre += pk.preprocessed[t].data().size();
    }
    if (estimate >= st.estimated_peak_bytes) {
      st.estimated_peak_bytes = estimate;
      st.tables = std::move(shapes);
    }
    stark::ProveOptions so;
    so.streaming = streaming;
    so.progress = [&](std::string_view phase, double f) { report(phase, overall(k, 0.05 + 0.95 * f), k, n); };
    stark::ProveStats ps;
    t0 = Clock::now();
    Result<std::vector<uint8_t>> proof = stark::prove(pk, std::move(*w), backend::default_backend(), so, &ps);
    st.seconds_prove += since(t0);
    if (!proof.ok())
      return ZkvmError{ErrorKind::kProver, fmt::format("the prover failed on shard {}: {}", k, describe(proof.error())),
                       proof.error()};
    Result<shard::ShardProofStatement> s = shard::ShardCircuit::statement(public_values);
    if (!s.ok())
      return ZkvmError{ErrorKind::kProver, fmt::format("shard {} public values: {}", k, describe(s.error())), s.error()};
    statements.push_back(std::move(*s));
    st.stark.seconds_commit_main += ps.seconds_commit_main;
    st.stark.seconds_aux += ps.seconds_aux;
    st.stark.seconds_quotient += ps.seconds_quotient;
    st.stark.seconds_openings += ps.seconds_openings;
    st.stark.seconds_fri += ps.seconds_fri;
    st.stark.seconds_queries += ps.seconds_queries;
    st.stark.seconds_total += ps.seconds_total;
    st.stark.trace_cells += ps.trace_cells;
    committed_cells += ps.trace_cells - shard_pre;
    main_cells += shard_main;
    st.proof_bytes += proof->size();
    proofs.push_back(std::move(*proof));
    out.shard_seconds.push_back(since(t_shard));
  }
  // The prover's own check of the chain: what verify_receipt() will return.
  Result<shard::RunStatement> run = shard::check_run(program.image().entry, statements);
  if (!run.ok()) return ZkvmError{ErrorKind::kProver, "the shard chain: " + describe(run.error()), run.error()};
  out.statement = std::move(*run);
  out.receipt = encode_receipt(ReceiptHeader{program.key().shard_digest(), shard_cycles}, proofs);
  st.proof_bytes = out.receipt.size();
  st.trace_cells = st.stark.trace_cells;
  const double cycles = static_cast<double>(std::max<uint64_t>(st.cycles, 1));
  st.columns_per_cycle = static_cast<double>(main_cells) / cycles;
  st.cells_per_cycle = static_cast<double>(committed_cells) / cycles;
  for (const stark::TableInfo& t : pk.vk.tables) st.columns += t.width;
  report("done", 1.0, n - 1, n);
  return out;
}

ZkvmResult<ReceiptView> open_receipt(const GuestKey& key, std::span<const uint8_t> receipt) {
  auto shape = key.shard_shape();  // the checks of a key read from a file
  if (!shape.ok()) return shape.error();
  Result<ReceiptView> view = read_receipt(receipt);
  if (!view.ok()) return invalid("receipt: " + describe(view.error()), view.error());
  if (view->header.key_digest != key.shard_digest())
    return invalid("the receipt is for another program or parameters (its key digest is not this key's shard digest)");
  return std::move(*view);
}

ZkvmResult<ReceiptStatement> check_receipt_chain(const GuestKey& key, uint64_t shard_cycles,
                                                 std::span<const shard::ShardProofStatement> statements) {
  if (!is_power_of_two(shard_cycles))
    return invalid(fmt::format("the shard size {} is not a power of two", shard_cycles));
  for (size_t k = 0; k < statements.size(); ++k) {
    const circuit::ShardStatement& s = statements[k].rv;
    // Shard k covers cycles [k * shard_cycles, ...): its index is its position.
    if (s.start_cycle / shard_cycles != k || s.start_cycle % shard_cycles != 0)
      return invalid(fmt::format("shard {} starts at cycle {}, not at {} * {} (shards dropped, repeated or reordered)",
                                 k, s.start_cycle, k, shard_cycles));
    if (!s.last && s.end_cycle - s.start_cycle != shard_cycles)
      return invalid(fmt::format("shard {} is not the exit shard but runs {} cycles, not {}", k,
                                 s.end_cycle - s.start_cycle, shard_cycles));
  }
  Result<shard::RunStatement> run = shard::check_run(key.entry, statements);
  if (!run.ok())
    return invalid(fmt::format("the shard chain: {} (shard {})", run.error().what, run.error().expected), run.error());
  return *run;
}

ZkvmResult<ReceiptStatement> verify_receipt(const GuestKey& key, std::span<const uint8_t> receipt) {
  auto view = open_receipt(key, receipt);
  if (!view.ok()) return view.error();
  auto shape = key.shard_shape();
  if (!shape.ok()) return shape.error();
  const shard::ShardCircuit circuit(*shape);
  const std::vector<const air::Air*> tables = circuit.tables();
  std::vector<shard::ShardProofStatement> statements;
  for (size_t k = 0; k < view->shards.size(); ++k) {
    const stark::AlignedBytes aligned(view->shards[k]);
    stark::VerifiedProof proven;
    if (Error e = stark::verify(key.shard_vk, tables, aligned.span(), &proven); !e.ok())
      return invalid(fmt::format("shard {}: {}", k, describe(e)), e);
    Result<shard::ShardProofStatement> s = shard::ShardCircuit::statement(proven.public_values);
    if (!s.ok()) return invalid(fmt::format("shard {} public values: {}", k, describe(s.error())), s.error());
    statements.push_back(std::move(*s));
  }
  return check_receipt_chain(key, view->header.shard_cycles, statements);
}

}  // namespace goldfinch::zkvm
