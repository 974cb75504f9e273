// The public C++ API of Goldfinch: load a guest ELF, prove a run of it, verify a proof from the
// guest key alone. It ties the executor (vm), the RV32IM circuit and the STARK engine together;
// docs/cli.md describes it and the `goldfinch prove / vk / verify` commands built on it.
//   auto program = zkvm::Program::load_elf("guest.elf");
//   auto proof = zkvm::prove(*program, input_bytes);
//   auto statement = zkvm::verify(program->key(), proof->proof);
// Runs of any length are proven as receipts: the run is cut into shards of a power-of-two cycle
// budget, each shard gets its own STARK proof, and the receipt (zkvm/receipt.h) holds them all
// (docs/continuations.md):
//   auto receipt = zkvm::prove_receipt(*program, input_bytes);
//   auto run = zkvm::verify_receipt(program->key(), receipt->receipt);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/shard/shard_circuit.h"
#include "goldfinch/stark/params.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/vk.h"
#include "goldfinch/zkvm/receipt.h"

namespace goldfinch::zkvm {

using circuit::Rv32imStatement;
// What a verified receipt says: exit code, cycles, public output and the number of shards.
using ReceiptStatement = shard::RunStatement;

// Who or what made an operation fail, so that callers (the CLI's exit codes) can tell a bad
// file from a guest that trapped from a proof that does not verify.
enum class ErrorKind : uint8_t {
  kIo,              // a file could not be read or written
  kBadElf,          // the ELF is malformed or does not fit the memory map
  kBadInput,        // the private input is too large
  kGuestTrap,       // the guest did something illegal (message: the trap)
  kCycleLimit,      // max_cycles reached before the exit call
  kUnsupported,     // the run uses something the circuit cannot prove yet (e.g. a system call)
  kProver,          // the prover refused (an internal error: the honest witness must satisfy)
  kBadKey,          // a guest key that is malformed or inconsistent
  kInvalidProof,    // the proof does not verify against the key
  kResources,       // the proof would need more memory than the machine has (message: how much)
};
const char* error_kind_name(ErrorKind kind);

struct ZkvmError {
  ErrorKind kind = ErrorKind::kIo;
  std::string message;  // what was wrong, for people (names the file, trap, table, check)
  Error cause;          // the underlying typed error where there is one
};

// A value or a ZkvmError (like goldfinch::Result, with a message that can name files and traps).
template <class T>
class ZkvmResult {
 public:
  ZkvmResult(T value) : value_(std::move(value)), ok_(true) {}       // NOLINT: implicit by design
  ZkvmResult(ZkvmError error) : error_(std::move(error)) {}           // NOLINT
  bool ok() const { return ok_; }
  const ZkvmError& error() const { return error_; }
  T& value() { return value_; }
  const T& value() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  T& operator*() { return value_; }
  const T& operator*() const { return value_; }

 private:
  T value_{};
  ZkvmError error_;
  bool ok_ = false;
};

// What a verifier needs to check proofs of one program: the entry point and two STARK verifying
// keys (protocol parameters, table descriptions, preprocessed root committing to the program's
// code and initial memory image): `vk` for whole-run proofs (prove / verify) and `shard_vk` for
// the shard proofs of receipts (prove_receipt / verify_receipt). File format (docs/cli.md):
// 8 bytes "GFGUEST\0", u32 version 2, u32 entry, u64 length of vk's encoding, vk, shard_vk to the
// end of the file.
struct GuestKey {
  uint32_t entry = 0;
  stark::VerifyingKey vk;
  stark::VerifyingKey shard_vk;

  std::vector<uint8_t> encode() const;
  // Rejects a bad magic or version, a malformed VK, and a key whose VKs do not describe exactly
  // the RV32IM tables (whole-run and shard) of its own shape with the same parameters.
  static ZkvmResult<GuestKey> decode(std::span<const uint8_t> bytes);
  // The whole-run VK's digest, the first thing each whole-run proof's transcript absorbs (it
  // binds the entry, the code, the image and the parameters).
  hash::Digest digest() const { return vk.digest(); }
  // The shard VK's digest: every shard proof's transcript absorbs it; a receipt names it.
  hash::Digest shard_digest() const { return shard_vk.digest(); }
  // The shape the verifier rebuilds the tables from, after the checks decode() applies (a key
  // built in code is checked the same way): kBadKey when the key is inconsistent. shard_shape():
  // the same with shard = true.
  ZkvmResult<circuit::Rv32imShape> shape() const;
  ZkvmResult<circuit::Rv32imShape> shard_shape() const;
  bool operator==(const GuestKey&) const = default;
};

struct ProveProgress {
  std::string_view phase;  // execute, witness, commit, logup, quotient, openings, fri, queries, done
  double fraction;         // rough share of the work done, 0..1
  size_t shard = 0;        // receipts: the shard being proven (0-based) of `shards`
  size_t shards = 1;
};

inline constexpr uint64_t kDefaultMaxCycles = uint64_t{1} << 24;
inline constexpr uint64_t kDefaultMaxReceiptCycles = uint64_t{1} << 32;

struct ProveOptions {
  // The cycle limit (kCycleLimit when the guest has not exited by then); 0: kDefaultMaxCycles for
  // prove() (its trace of the whole run lives in memory) and kDefaultMaxReceiptCycles for
  // prove_receipt() (only a checkpoint per shard is kept).
  uint64_t max_cycles = 0;
  // Refuse (ErrorKind::kResources) a run whose estimated prover memory exceeds this many bytes
  // (plus the estimate's 15% margin), instead of being killed by the kernel when it runs out;
  // 0: the machine's available memory (MemAvailable).
  uint64_t memory_limit_bytes = 0;
  bool check_memory = true;
  // What the kResources message suggests, in parentheses after the figures (a caller whose proof's
  // size does not follow the shard size, as an aggregation node's, says what does).
  std::string memory_advice = "a smaller shard size, or a machine with more memory";
  // Receipts: the shard size, a power of two (0: default_shard_cycles()).
  uint64_t shard_cycles = 0;
  // The STARK prover's streaming mode (stark::ProveOptions::streaming: extensions made again when
  // needed instead of kept; same proof, less memory, slower). kAuto: on for a proof (each shard
  // of a receipt on its own) whose estimate without it exceeds the memory limit and with it does not.
  enum class Streaming { kAuto, kOff, kOn };
  Streaming streaming = Streaming::kAuto;
  // Receipts: how many shards are proven side by side, each with its share of the threads (0: as
  // many as there are threads and shards, and as fit in the memory limit at kShardBytesPerCycle;
  // a shard also waits until its own estimate fits beside the shards in flight). The receipt is the
  // same bytes for any value.
  size_t shard_workers = 0;
  std::function<void(const ProveProgress&)> progress;  // optional, called from the proving thread
};

// One table of a proven run: its committed trace is height x (main_width + aux_width) base
// columns (aux: the LogUp helper and running-sum columns).
struct TableShape {
  std::string name;
  size_t height = 0, main_width = 0, aux_width = 0;
};
struct ProveStats {
  uint64_t cycles = 0;
  // execute: the run that cuts the shards; witness and prove (the STARK prover): summed over the
  // shards, so with shards proven side by side they add up to more than the wall time.
  double seconds_execute = 0, seconds_witness = 0, seconds_prove = 0;
  double seconds_wall = 0;   // the whole call, from the run to the last shard's proof
  size_t shard_workers = 1;  // receipts: shards proven side by side
  stark::ProveStats stark;  // the prover's own phases
  size_t trace_cells = 0;   // main + aux + preprocessed cells, all tables
  size_t columns = 0;       // sum over tables of main + aux widths (base-field columns)
  double columns_per_cycle = 0;  // sum over tables of (main + aux) width * rows / cycles
  double cells_per_cycle = 0;    // trace_cells / cycles
  uint64_t estimated_peak_bytes = 0;  // estimate_prover_bytes() of this run (in the mode it ran)
  bool streaming = false;             // the prover ran in streaming mode (receipts: for some shard)
  size_t proof_bytes = 0;
  std::vector<TableShape> tables;  // per table, in the key's order
};

struct ProveOutput {
  std::vector<uint8_t> proof;
  Rv32imStatement statement;  // what the proof's public values say (as verify() will return)
  ProveStats stats;
};

struct ReceiptOutput {
  std::vector<uint8_t> receipt;  // zkvm/receipt.h: the shard proofs in one container
  ReceiptStatement statement;    // what verify_receipt() will return
  uint64_t shard_cycles = 0;
  ProveStats stats;              // summed over the shards; tables and estimate: the largest shard
  std::vector<double> shard_seconds;  // witness + STARK time of each shard
};

// A guest program ready to prove: the parsed ELF, its circuits (whole-run and shard) and their
// proving keys for one set of protocol parameters (the keys depend on them, so they are fixed
// when loading).
class Program {
 public:
  Program() = default;  // empty (for ZkvmResult); use load_elf / from_elf_bytes
  static ZkvmResult<Program> load_elf(const std::string& path,
                                      const stark::StarkParams& params = stark::StarkParams::conjectured_100());
  static ZkvmResult<Program> from_elf_bytes(std::span<const uint8_t> elf,
                                            const stark::StarkParams& params = stark::StarkParams::conjectured_100());

  const GuestKey& key() const { return state_->key; }
  const stark::StarkParams& params() const { return state_->key.vk.params; }
  const vm::ElfImage& image() const { return state_->image; }
  const circuit::Rv32imCircuit& circuit() const { return *state_->circuit; }
  const stark::ProvingKey& proving_key() const { return *state_->pk; }
  const shard::ShardCircuit& shard_circuit() const { return *state_->shard_circuit; }
  const stark::ProvingKey& shard_proving_key() const { return *state_->shard_pk; }

 private:
  struct State {
    vm::ElfImage image;
    std::unique_ptr<circuit::Rv32imCircuit> circuit;
    std::unique_ptr<stark::ProvingKey> pk;
    std::unique_ptr<shard::ShardCircuit> shard_circuit;
    std::unique_ptr<stark::ProvingKey> shard_pk;
    GuestKey key;
  };
  std::shared_ptr<const State> state_;
};

// The prover's peak memory for these traces, estimated from their shapes: per table, the
// low-degree extensions of its main, LogUp and quotient columns (blowup times the rows), the
// traces themselves, and the Merkle digests of its rows. Within ~15% of the measured peak for runs
// of 2^16–2^20 cycles (docs/cli.md). streaming: the streaming mode's peak instead — the traces,
// the quotient coefficients, the Merkle digests, the largest table's columns on its quotient's
// points (n * 2^ceil(log2 qd) rows) and DEEP's reduced values with the first FRI layer.
uint64_t estimate_prover_bytes(const stark::ProvingKey& pk, std::span<const stark::TableWitness> witness,
                               bool streaming = false);
// The memory this machine can give a new allocation now (MemAvailable of /proc/meminfo, plus the
// blocks this process's block cache keeps for reuse after an earlier proof), or 0.
uint64_t available_memory_bytes();

// Runs the guest on `input` in trace mode, builds the witness (the executor's trace is freed
// right after), and proves. Errors: kBadInput, kGuestTrap, kCycleLimit, kUnsupported, kProver.
ZkvmResult<ProveOutput> prove(const Program& program, std::span<const uint8_t> input,
                              const ProveOptions& options = {});

// Verifies `proof` against the key and returns the statement it proves. `proof` need not be
// aligned (it is copied when it is not). Errors: kInvalidProof (message: the failed check).
ZkvmResult<Rv32imStatement> verify(const GuestKey& key, std::span<const uint8_t> proof);

// The prover's memory per cycle of a shard, for choosing the shard size (docs/continuations.md:
// measured peaks of 8.8 KiB per cycle at 2^18-cycle shards and 6.1 KiB at 2^20, rounded up).
inline constexpr uint64_t kShardBytesPerCycle = 10 * 1024;
// The default shard size is at most 2^18 cycles: on the 2-core machine, larger shards prove
// slower per cycle (sha256 of 10 kB: 13.8 s in 2^18-cycle shards, 20.4 s as one 2^20 shard, best
// of 3) and only make the receipt smaller. --shard-cycles / ProveOptions::shard_cycles take any
// power of two.
inline constexpr uint64_t kMinShardCycles = uint64_t{1} << 10, kMaxShardCycles = uint64_t{1} << 18;
// The largest power of two in [kMinShardCycles, kMaxShardCycles] whose shard fits in three
// quarters of `available_bytes` (0: available_memory_bytes()) at kShardBytesPerCycle.
uint64_t default_shard_cycles(uint64_t available_bytes = 0);

// The shards prove_receipt() proves side by side (ProveOptions::shard_workers): at most `threads`
// and `shards`, and without an explicit count also at most memory_limit / (shard_cycles *
// kShardBytesPerCycle) (memory_limit 0: unknown, no bound); at least 1.
size_t shard_workers(const ProveOptions& options, size_t shards, int threads, uint64_t shard_cycles,
                     uint64_t memory_limit);

// Runs the guest to its exit in fast mode, cutting it into shards of options.shard_cycles cycles
// (one shard when it fits), then re-executes and proves each shard from its checkpoint: only the
// traces and proof state of the shards in flight (shard_workers()) live at a time. Errors: as prove(), plus kBadInput
// for a shard size that is not a power of two, and kResources when one shard would not fit in memory.
ZkvmResult<ReceiptOutput> prove_receipt(const Program& program, std::span<const uint8_t> input,
                                        const ProveOptions& options = {});

// Verifies every shard proof of `receipt` under key.shard_vk and the chain they form (shard k
// starts at cycle k * shard_cycles where shard k-1 ended: pc and all registers; only the final
// shard is the exit shard; the memory contributions sum to the identity). Errors: kInvalidProof
// (message: the shard and the failed check).
ZkvmResult<ReceiptStatement> verify_receipt(const GuestKey& key, std::span<const uint8_t> receipt);

// The two halves of verify_receipt around the shard proofs' verification, for a verifier that
// checks the proofs elsewhere (inside the VM: `goldfinch verify --in-vm`, docs/recursion.md).
// open_receipt: the key's checks, the container (read_receipt) and that its header names
// key.shard_digest(); the shard spans point into `receipt`. check_receipt_chain: the chain of the
// shards' verified statements, in receipt order — shard k starts at cycle k * shard_cycles, a
// shard that is not the exit shard runs shard_cycles, then shard::check_run. Errors: kBadKey for
// an inconsistent key, kInvalidProof (message: the shard and the failed check).
ZkvmResult<ReceiptView> open_receipt(const GuestKey& key, std::span<const uint8_t> receipt);
ZkvmResult<ReceiptStatement> check_receipt_chain(const GuestKey& key, uint64_t shard_cycles,
                                                 std::span<const shard::ShardProofStatement> statements);

// Reads a whole file (kIo on failure).
ZkvmResult<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace goldfinch::zkvm
