// Program loading, proving (execute in trace mode -> witness -> STARK) and verifying.
#include "goldfinch/zkvm/zkvm.h"

#include <fmt/core.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <variant>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/block_cache.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/zkvm/internal.h"

namespace goldfinch::zkvm {
namespace {

using Clock = std::chrono::steady_clock;
using detail::check_memory;
using detail::choose_streaming;
using detail::describe;
using detail::since;
using detail::witness_error;

}  // namespace

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kIo: return "io";
    case ErrorKind::kBadElf: return "bad_elf";
    case ErrorKind::kBadInput: return "bad_input";
    case ErrorKind::kGuestTrap: return "guest_trap";
    case ErrorKind::kCycleLimit: return "cycle_limit";
    case ErrorKind::kUnsupported: return "unsupported";
    case ErrorKind::kProver: return "prover";
    case ErrorKind::kBadKey: return "bad_key";
    case ErrorKind::kInvalidProof: return "invalid_proof";
    case ErrorKind::kResources: return "resources";
  }
  return "unknown";
}

ZkvmResult<std::vector<uint8_t>> read_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return ZkvmError{ErrorKind::kIo, fmt::format("cannot open {}", path), {}};
  // A regular file's size is known: one allocation and one read (a byte more than the size, so
  // the short read ends the loop). A pipe is read in chunks.
  std::vector<uint8_t> bytes;
  struct stat st;
  if (fstat(fileno(f.get()), &st) == 0 && S_ISREG(st.st_mode)) bytes.reserve(static_cast<size_t>(st.st_size) + 1);
  constexpr size_t kChunk = size_t{1} << 16;
  for (;;) {
    const size_t at = bytes.size(), want = std::max(kChunk, bytes.capacity() - at);
    bytes.resize(at + want);
    const size_t got = std::fread(bytes.data() + at, 1, want, f.get());
    bytes.resize(at + got);
    if (got < want) break;
  }
  if (std::ferror(f.get())) return ZkvmError{ErrorKind::kIo, fmt::format("cannot read {}", path), {}};
  return bytes;
}

ZkvmResult<Program> Program::load_elf(const std::string& path, const stark::StarkParams& params) {
  auto bytes = read_file(path);
  if (!bytes.ok()) return bytes.error();
  auto p = from_elf_bytes(*bytes, params);
  if (!p.ok()) {
    ZkvmError e = p.error();
    e.message = fmt::format("{}: {}", path, e.message);
    return e;
  }
  return p;
}

ZkvmResult<Program> Program::from_elf_bytes(std::span<const uint8_t> elf, const stark::StarkParams& params) {
  if (Error e = params.validate(); !e.ok())
    return ZkvmError{ErrorKind::kProver, "invalid STARK parameters: " + describe(e), e};
  vm::ElfResult parsed = vm::load_elf(elf);
  if (auto* e = std::get_if<vm::ElfLoadError>(&parsed)) return ZkvmError{ErrorKind::kBadElf, e->message(), {}};
  auto state = std::make_shared<State>();
  state->image = std::move(std::get<vm::ElfImage>(parsed));
  state->circuit = std::make_unique<circuit::Rv32imCircuit>(state->image);
  Result<std::unique_ptr<stark::ProvingKey>> pk = stark::setup(state->circuit->tables(), params);
  if (!pk.ok()) return ZkvmError{ErrorKind::kProver, "setup failed: " + describe(pk.error()), pk.error()};
  state->pk = std::move(*pk);
  state->shard_circuit = std::make_unique<shard::ShardCircuit>(state->image);
  Result<std::unique_ptr<stark::ProvingKey>> shard_pk = stark::setup(state->shard_circuit->tables(), params);
  if (!shard_pk.ok())
    return ZkvmError{ErrorKind::kProver, "shard setup failed: " + describe(shard_pk.error()), shard_pk.error()};
  state->shard_pk = std::move(*shard_pk);
  state->key.entry = state->image.entry;
  state->key.vk = state->pk->vk;
  state->key.shard_vk = state->shard_pk->vk;
  Program program;
  program.state_ = std::move(state);
  return program;
}

uint64_t estimate_prover_bytes(const stark::ProvingKey& pk, std::span<const stark::TableWitness> witness,
                               bool streaming) {
  const uint64_t blowup = uint64_t{1} << pk.vk.params.log_blowup;
  uint64_t bytes = uint64_t{48} << 20;  // the program, the key's small parts, allocator slack
  if (streaming) {
    // Every trace's coefficients and the quotient's, kept, and the largest phase's working set
    // beside them (the main commitment comes first, with the main traces alone; stark::prove).
    uint64_t max_rows = 0, largest = 0;
    std::set<uint64_t> heights;  // one height class each
    for (size_t t = 0; t < witness.size() && t < pk.vk.tables.size(); ++t) {
      const stark::TableInfo& info = pk.vk.tables[t];
      const uint64_t rows = witness[t].main.height();
      if (rows == 0) continue;
      const uint64_t aux = 3 * air::LogupLayout(info.num_interactions).ext_width();
      const uint64_t quotient = 3 * info.quotient_degree();
      const uint64_t pre = rows * blowup * 8 * info.preprocessed_width;  // the key's preprocessed extensions
      bytes += rows * 8 * (info.width + aux + quotient) + pre;  // traces and quotient coefficients, kept
      heights.insert(rows);
      // The quotient's working set: three sub-blocks of the table's main and LogUp columns, and its
      // values on n * 2^ceil(log2 qd) points.
      const uint64_t q = std::bit_ceil(std::max<uint64_t>(info.quotient_degree(), 1));
      const uint64_t sub = stark::streaming_sub_block_rows(std::bit_width(rows) - 1, info.width + aux,
                                                          stark::ProveOptions{}.stream_block_bytes);
      largest = std::max(largest, 3 * sub * 8 * (info.width + aux) + rows * q * 8 * 3);
      max_rows = std::max(max_rows, rows);
    }
    uint64_t class_rows = 0;
    for (uint64_t rows : heights) class_rows += rows;
    // + the Merkle node digests of three trees (the lowest five levels are not kept: a sixteenth of
    // the leaves' count each), the coset's points, and then the largest of three working sets:
    // - a streamed commitment: the digests of two of the lowest tree levels (at most 16 + 8 bytes
    //   per point, merkle::MixedMerkleTree) and a block of rows with its digests;
    // - the quotient's;
    // - DEEP and FRI's: every class's DEEP sums (8 columns), the FRI layers after the first (the
    //   first is made in blocks, not kept; a round folds by 2 when the next class is half as tall,
    //   so the second may be 12 bytes per point, and all of them 24), and one block's working set
    //   (~22 columns).
    const uint64_t points = max_rows * blowup;
    const uint64_t block_bytes = stark::ProveOptions{}.stream_block_bytes;
    const uint64_t deep_block = stark::streaming_sub_block_rows(std::bit_width(max_rows) - 1, 22, block_bytes);
    const uint64_t commit = points * 24 + 2 * block_bytes;
    const uint64_t fri = class_rows * 8 * 8 + points * 24 + deep_block * 8 * 22;
    // The points of the tallest extension (stark::detail::bit_reversed_coset, for DEEP and FRI: 8
    // bytes each, kept for the process with the smaller tables built before it: at most twice).
    return bytes + points * (3 * 32 / 16 + 16) + std::max({commit, largest, fri});
  }
  for (size_t t = 0; t < witness.size() && t < pk.vk.tables.size(); ++t) {
    const stark::TableInfo& info = pk.vk.tables[t];
    const uint64_t rows = witness[t].main.height();
    const uint64_t aux = 3 * air::LogupLayout(info.num_interactions).ext_width();
    const uint64_t quotient = 3 * info.quotient_degree();
    const uint64_t columns = info.width + info.preprocessed_width + aux;
    bytes += rows * blowup * 8 * (columns + quotient);  // extensions, kept until the queries
    bytes += rows * 8 * (aux + quotient);  // LogUp traces (main traces are freed first), quotient coefficients
    bytes += rows * blowup * 3 * 32;       // Merkle node digests, three trees (leaf layers not kept)
  }
  return bytes;
}

uint64_t available_memory_bytes() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (f >> key >> kib >> unit)
    if (key == "MemAvailable:") {
      // Blocks an earlier proof of this process freed are kept resident for the next one (the
      // block cache): MemAvailable does not count them, the next proof reuses them first.
#if defined(__linux__)
      return kib * 1024 + block_cache::stats().kept;
#else
      return kib * 1024;
#endif
    }
  return 0;
}

namespace detail {

// Refuses a witness whose estimated prover memory is beyond the limit (and the estimate's margin).
uint64_t memory_limit(const ProveOptions& options) {
  return options.memory_limit_bytes ? options.memory_limit_bytes : available_memory_bytes();
}

bool fits(uint64_t estimate, uint64_t limit) { return !limit || estimate <= limit + limit / 20 * 3; }

bool choose_streaming(const ProveOptions& options, const stark::ProvingKey& pk,
                      std::span<const stark::TableWitness> witness, uint64_t* estimate) {
  using S = ProveOptions::Streaming;
  bool on = options.streaming == S::kOn;
  if (options.streaming == S::kAuto) on = !fits(estimate_prover_bytes(pk, witness, false), memory_limit(options));
  *estimate = estimate_prover_bytes(pk, witness, on);
  return on;
}

std::optional<ZkvmError> check_memory(const ProveOptions& options, uint64_t estimate, uint64_t cycles,
                                      std::string_view what) {
  if (!options.check_memory) return std::nullopt;
  const uint64_t limit = memory_limit(options);
  // The estimate runs up to ~15% above the measured peak: refuse only beyond that margin.
  if (!fits(estimate, limit))
    return ZkvmError{ErrorKind::kResources,
                     fmt::format("proving {} ({} cycles) needs about {:.1f} GiB of memory; {:.1f} GiB is available "
                                 "({})",
                                 what, cycles, estimate / 1073741824.0, limit / 1073741824.0, options.memory_advice),
                     {ErrorCode::kInvalidArgument, "prover memory", limit, estimate}};
  return std::nullopt;
}

void MemoryGate::acquire(uint64_t bytes) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return held_ == 0 || limit_ == 0 || held_ + bytes <= limit_; });
  held_ += bytes;
}

void MemoryGate::release(uint64_t bytes) {
  {
    std::lock_guard lock(mu_);
    held_ -= bytes;
  }
  cv_.notify_all();
}

ZkvmError witness_error(const Error& e) {
  const bool unsupported = std::string_view(e.what).find("not supported") != std::string_view::npos;
  return ZkvmError{unsupported ? ErrorKind::kUnsupported : ErrorKind::kProver,
                   fmt::format("cannot build the circuit's witness: {} (got {:#x})", e.what, e.got), e};
}

std::string describe(const Error& e) {
  return fmt::format("{} [{}] (expected {}, got {})", e.what, error_code_name(e.code), e.expected, e.got);
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace detail

ZkvmResult<ProveOutput> prove(const Program& program, std::span<const uint8_t> input, const ProveOptions& given) {
  // The memory limit is read before the run: the estimate counts the witness's traces, which
  // MemAvailable no longer would once they are built.
  ProveOptions options = given;
  if (options.memory_limit_bytes == 0) options.memory_limit_bytes = available_memory_bytes();
  auto report = [&](std::string_view phase, double fraction) {
    if (options.progress) options.progress({phase, fraction});
  };
  // Rough shares of the whole: executing and building the witness are small next to proving.
  constexpr double kExecuteShare = 0.05, kWitnessShare = 0.05, kProveStart = kExecuteShare + kWitnessShare;
  const auto t_start = Clock::now();
  ProveOutput out;
  ProveStats& st = out.stats;
  const circuit::Rv32imCircuit& circuit = program.circuit();
  std::vector<stark::TableWitness> witness;
  {
    report("execute", 0.0);
    auto t0 = Clock::now();
    auto created = vm::Machine::create(program.image(), input);
    if (auto* e = std::get_if<vm::ElfLoadError>(&created))
      return ZkvmError{input.size() > vm::kMaxInputPayload ? ErrorKind::kBadInput : ErrorKind::kBadElf,
                       fmt::format("cannot start the guest: {} (input {} bytes, at most {})", e->message(), input.size(),
                                   vm::kMaxInputPayload),
                       {}};
    vm::Machine& machine = std::get<vm::Machine>(created);
    machine.set_console([](int, std::span<const uint8_t>) {});  // console writes are not part of the proof
    vm::TraceRecorder rec;
    const uint64_t max_cycles = options.max_cycles ? options.max_cycles : kDefaultMaxCycles;
    const vm::RunResult r = machine.run_trace(&rec, max_cycles);
    st.seconds_execute = since(t0);
    st.cycles = r.cycles;
    if (r.status == vm::RunStatus::kCycleLimit)
      return ZkvmError{ErrorKind::kCycleLimit,
                       fmt::format("the guest did not exit within {} cycles (raise the cycle limit)", max_cycles),
                       {ErrorCode::kInvalidArgument, "cycle limit", max_cycles, r.cycles}};
    if (r.status == vm::RunStatus::kTrap)
      return ZkvmError{ErrorKind::kGuestTrap, fmt::format("the guest trapped after {} cycles: {}", r.cycles, r.trap.message()), {}};
    report("witness", kExecuteShare);
    t0 = Clock::now();
    Result<std::vector<stark::TableWitness>> w = circuit.witness(rec.rows, input);
    if (!w.ok()) return witness_error(w.error());
    witness = std::move(*w);
    st.seconds_witness = since(t0);
  }  // the executor's trace is freed here, before the prover allocates its LDEs

  const stark::ProvingKey& pk = program.proving_key();
  st.streaming = choose_streaming(options, pk, witness, &st.estimated_peak_bytes);
  if (auto e = check_memory(options, st.estimated_peak_bytes, st.cycles, "this run")) return *e;
  size_t main_cells = 0, pre_cells = 0;
  std::vector<std::vector<Fp>> public_values;
  for (size_t t = 0; t < witness.size(); ++t) {
    const stark::TableInfo& info = pk.vk.tables[t];
    st.tables.push_back({info.name, witness[t].main.height(), info.width, air::LogupLayout(info.num_interactions).base_width()});
    public_values.push_back(witness[t].public_values);
    main_cells += witness[t].main.data().size();
    pre_cells += pk.preprocessed[t].data().size();
  }
  stark::ProveOptions so;
  so.streaming = st.streaming;
  so.progress = [&](std::string_view phase, double fraction) { report(phase, kProveStart + (1 - kProveStart) * fraction); };
  auto t0 = Clock::now();
  Result<std::vector<uint8_t>> proof = stark::prove(pk, std::move(witness), backend::default_backend(), so, &st.stark);
  st.seconds_prove = since(t0);
  if (!proof.ok()) return ZkvmError{ErrorKind::kProver, "the prover failed: " + describe(proof.error()), proof.error()};
  out.proof = std::move(*proof);

  st.trace_cells = st.stark.trace_cells;
  const size_t committed = st.trace_cells - pre_cells;  // main + aux
  const double cycles = static_cast<double>(std::max<uint64_t>(st.cycles, 1));
  st.columns_per_cycle = static_cast<double>(main_cells) / cycles;
  st.cells_per_cycle = static_cast<double>(committed) / cycles;
  for (const stark::TableInfo& t : pk.vk.tables) st.columns += t.width;
  st.proof_bytes = out.proof.size();
  st.seconds_wall = since(t_start);

  // The statement the proof's public values carry (what verify() returns).
  Result<Rv32imStatement> statement = circuit::Rv32imCircuit::statement(public_values);
  if (!statement.ok()) return ZkvmError{ErrorKind::kProver, "public values: " + describe(statement.error()), statement.error()};
  out.statement = std::move(*statement);
  return out;
}

ZkvmResult<Rv32imStatement> verify(const GuestKey& key, std::span<const uint8_t> proof) {
  // The checks of a key read from a file (GuestKey::shape()), which rebuild the whole-run tables
  // and match them to key.vk: the proof is read against those, not a second derivation.
  auto checked = detail::check_guest_key(key);
  if (!checked.ok()) return checked.error();
  // The reader views the proof in place and needs kSectionAlign-aligned bytes: a buffer that is
  // (malloc's usually is) is read where it lies, another one copied (two passes over fresh pages).
  const bool in_place = reinterpret_cast<uintptr_t>(proof.data()) % stark::kSectionAlign == 0;
  const stark::AlignedBytes aligned = in_place ? stark::AlignedBytes() : stark::AlignedBytes(proof);
  stark::VerifiedProof out;
  if (Error e = stark::verify(checked->stark_key, in_place ? proof : aligned.span(), &out); !e.ok())
    return ZkvmError{ErrorKind::kInvalidProof, describe(e), e};
  Result<Rv32imStatement> st = circuit::Rv32imCircuit::statement(out.public_values);
  if (!st.ok()) return ZkvmError{ErrorKind::kInvalidProof, "public values: " + describe(st.error()), st.error()};
  return *st;
}

}  // namespace goldfinch::zkvm
