// Receipts (docs/continuations.md): plan the shards of a run, prove each from its checkpoint under
// the shard key, pack the proofs into one container (receipt.h); verify every shard and the chain.
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <variant>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/parallel.h"
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

namespace {

// What proving one shard gives (or the error that stopped it).
struct ShardResult {
  std::optional<ZkvmError> error;
  std::vector<uint8_t> proof;
  shard::ShardProofStatement statement;
  stark::ProveStats stark;
  std::vector<TableShape> shapes;
  uint64_t estimate = 0;
  bool streaming = false;
  size_t main_cells = 0, pre_cells = 0;
  double seconds_witness = 0, seconds_prove = 0, seconds_total = 0;
};

// The witnesses are built in shard order: each shard's RAM boundary continues the cell map (every
// word's last handoff) that the shards before it left. Shard k waits for its turn; once a shard has
// failed, the ones after it are not built (their cell map would be incomplete).
class WitnessTurns {
 public:
  // Calls build(cells) when shard k's turn comes, unless a shard before it failed (then false).
  template <class F>
  bool run(size_t k, F&& build) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return turn_ == k || failed_; });
    if (failed_) return false;
    const bool ok = build(cells_);
    failed_ = !ok;
    turn_ = k + 1;
    cv_.notify_all();
    return ok;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  size_t turn_ = 0;
  bool failed_ = false;
  circuit::CellMap cells_;
};

// Shard k from its checkpoint: witness, memory estimate and mode, STARK proof, statement.
ShardResult prove_shard(const Program& program, const shard::ShardPlan& plan, size_t k, const ProveOptions& options,
                        detail::MemoryGate& gate, WitnessTurns& turns,
                        const std::function<void(std::string_view, double)>& progress) {
  ShardResult r;
  const size_t n = plan.shards.size();
  const shard::ShardCircuit& circuit = program.shard_circuit();
  const stark::ProvingKey& pk = program.shard_proving_key();
  const auto t_shard = Clock::now();
  progress("witness", 0);
  auto t0 = Clock::now();
  std::optional<Result<std::vector<stark::TableWitness>>> built;
  turns.run(k, [&](circuit::CellMap& cells) {
    built = shard::shard_witness(circuit, plan, k, cells);
    return built->ok();
  });
  // Not built: a shard before this one failed, and its error is the one returned.
  if (!built) return r.error = ZkvmError{ErrorKind::kProver, fmt::format("shard {} not proven", k), {}}, r;
  Result<std::vector<stark::TableWitness>>& w = *built;
  if (!w.ok()) return r.error = detail::witness_error(w.error()), r;
  r.seconds_witness = since(t0);
  const uint64_t shard_len = plan.shards[k].end_cycle - plan.shards[k].start_cycle;
  r.streaming = detail::choose_streaming(options, pk, *w, &r.estimate);
  if (auto e = detail::check_memory(options, r.estimate, shard_len, fmt::format("shard {} of {}", k, n)))
    return r.error = *e, r;
  std::vector<std::vector<Fp>> public_values;
  for (size_t t = 0; t < w->size(); ++t) {
    const stark::TableInfo& info = pk.vk.tables[t];
    r.shapes.push_back(
        {info.name, (*w)[t].main.height(), info.width, air::LogupLayout(info.num_interactions).base_width()});
    public_values.push_back((*w)[t].public_values);
    r.main_cells += (*w)[t].main.data().size();
    r.pre_cells += pk.preprocessed[t].data().size();
  }
  stark::ProveOptions so;
  so.streaming = r.streaming;
  so.progress = [&](std::string_view phase, double f) { progress(phase, 0.05 + 0.95 * f); };
  gate.acquire(r.estimate);
  t0 = Clock::now();
  Result<std::vector<uint8_t>> proof = stark::prove(pk, std::move(*w), backend::default_backend(), so, &r.stark);
  r.seconds_prove = since(t0);
  gate.release(r.estimate);
  if (!proof.ok())
    return r.error =
               ZkvmError{ErrorKind::kProver,
                         fmt::format("the prover failed on shard {}: {}", k, describe(proof.error())), proof.error()},
           r;
  Result<shard::ShardProofStatement> s = shard::ShardCircuit::statement(public_values);
  if (!s.ok())
    return r.error = ZkvmError{ErrorKind::kProver, fmt::format("shard {} public values: {}", k, describe(s.error())),
                               s.error()},
           r;
  r.statement = std::move(*s);
  r.proof = std::move(*proof);
  r.seconds_total = since(t_shard);
  return r;
}

}  // namespace

size_t shard_workers(const ProveOptions& options, size_t shards, int threads, uint64_t shard_cycles,
                     uint64_t memory_limit) {
  size_t w = options.shard_workers ? options.shard_workers : static_cast<size_t>(std::max(threads, 1));
  w = std::min(w, std::max<size_t>(shards, 1));
  if (options.shard_workers == 0 && memory_limit != 0)
    w = std::min<uint64_t>(w, std::max<uint64_t>(1, memory_limit / (shard_cycles * kShardBytesPerCycle)));
  return std::max<size_t>(w, 1);
}

ZkvmResult<ReceiptOutput> prove_receipt(const Program& program, std::span<const uint8_t> input,
                                        const ProveOptions& options_in) {
  const auto t_start = Clock::now();
  const uint64_t shard_cycles = options_in.shard_cycles ? options_in.shard_cycles : default_shard_cycles();
  if (!is_power_of_two(shard_cycles) || shard_cycles < 4 || shard_cycles > (uint64_t{1} << 30))
    return ZkvmError{ErrorKind::kBadInput,
                     fmt::format("the shard size {} is not a power of two in 4..2^30", shard_cycles),
                     {ErrorCode::kInvalidArgument, "shard size", 0, shard_cycles}};
  // The memory limit is read once: shards in flight lower MemAvailable for each other.
  ProveOptions options = options_in;
  if (options.memory_limit_bytes == 0) options.memory_limit_bytes = available_memory_bytes();
  std::mutex report_mu;
  auto report = [&](std::string_view phase, double fraction, size_t shard, size_t shards) {
    if (!options.progress) return;
    std::lock_guard lock(report_mu);
    options.progress({phase, fraction, shard, shards});
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

  // Shards are proven side by side by `workers` threads, each with its share of the OpenMP threads
  // (a shard's proof does not depend on the thread count, so the receipt is the same bytes). Each
  // worker takes the next shard in order; a shard that fails stops the taking of further shards,
  // and the error of the first failed shard is returned.
  const int threads = max_threads();
  const size_t workers = shard_workers(options, n, threads, shard_cycles, options.memory_limit_bytes);
  detail::MemoryGate gate(options.memory_limit_bytes);
  WitnessTurns turns;
  std::vector<ShardResult> results(n);
  std::vector<double> done_fraction(n, 0.0);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  // Executing is a small share of the whole; each shard then takes an equal share.
  constexpr double kPlanShare = 0.02;
  auto work = [&](size_t worker) {
    const int share =
        threads / static_cast<int>(workers) + (static_cast<int>(worker) < threads % static_cast<int>(workers));
    if (workers > 1) set_threads(std::max(share, 1));
    for (size_t k = next++; k < n && !failed; k = next++) {
      auto progress = [&, k](std::string_view phase, double f) {
        if (!options.progress) return;
        std::lock_guard lock(report_mu);
        done_fraction[k] = f;
        double sum = 0;
        for (double d : done_fraction) sum += d;
        options.progress({phase, kPlanShare + (1 - kPlanShare) * sum / n, k, n});
      };
      results[k] = prove_shard(program, plan, k, options, gate, turns, progress);
      if (results[k].error) failed = true;
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (std::thread& t : pool) t.join();
  }
  for (const ShardResult& r : results)
    if (r.error) return *r.error;  // the first failed shard's (shards were taken in order)

  std::vector<std::vector<uint8_t>> proofs;
  std::vector<shard::ShardProofStatement> statements;
  size_t committed_cells = 0, main_cells = 0;
  for (ShardResult& r : results) {
    st.seconds_witness += r.seconds_witness;
    st.seconds_prove += r.seconds_prove;
    st.streaming |= r.streaming;
    if (r.estimate >= st.estimated_peak_bytes) {
      st.estimated_peak_bytes = r.estimate;
      st.tables = std::move(r.shapes);
    }
    st.stark.seconds_commit_main += r.stark.seconds_commit_main;
    st.stark.seconds_aux += r.stark.seconds_aux;
    st.stark.seconds_quotient += r.stark.seconds_quotient;
    st.stark.seconds_openings += r.stark.seconds_openings;
    st.stark.seconds_fri += r.stark.seconds_fri;
    st.stark.seconds_queries += r.stark.seconds_queries;
    st.stark.seconds_total += r.stark.seconds_total;
    st.stark.trace_cells += r.stark.trace_cells;
    committed_cells += r.stark.trace_cells - r.pre_cells;
    main_cells += r.main_cells;
    statements.push_back(std::move(r.statement));
    proofs.push_back(std::move(r.proof));
    out.shard_seconds.push_back(r.seconds_total);
  }
  st.shard_workers = workers;
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
  for (const stark::TableInfo& t : program.shard_proving_key().vk.tables) st.columns += t.width;
  st.seconds_wall = since(t_start);
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
