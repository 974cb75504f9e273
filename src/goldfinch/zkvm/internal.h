// Helpers the zkvm sources share (not part of the public API).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "goldfinch/stark/verifier.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::zkvm::detail {

// kResources when `estimate` bytes exceed the memory limit of `options` (MemAvailable when 0)
// beyond the estimate's 15% margin; nothing when options.check_memory is off.
std::optional<ZkvmError> check_memory(const ProveOptions& options, uint64_t estimate, uint64_t cycles,
                                      std::string_view what);
// Whether to prove `witness` in streaming mode (options.streaming; kAuto: when the estimate
// without it does not fit the memory limit), and the estimate in that mode.
bool choose_streaming(const ProveOptions& options, const stark::ProvingKey& pk,
                      std::span<const stark::TableWitness> witness, uint64_t* estimate);
// Shards proven side by side reserve their estimated peak memory here first: acquire() waits until
// `bytes` fit beside what the shards in flight hold, or returns at once when none holds anything
// (a lone shard goes ahead; check_memory has judged it alone). limit 0: no limit.
class MemoryGate {
 public:
  explicit MemoryGate(uint64_t limit) : limit_(limit) {}
  void acquire(uint64_t bytes);
  void release(uint64_t bytes);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t limit_, held_ = 0;
};

// A witness builder's error: kUnsupported for what the circuit does not prove yet, else kProver.
ZkvmError witness_error(const Error& e);
std::string describe(const Error& e);
double since(std::chrono::steady_clock::time_point t);

// GuestKey::shape()'s checks, keeping what they rebuild for the whole-run key: its RV32IM circuit
// and the STARK key checked against those tables (stark::CheckedKey, which refers to key.vk and
// `tables`), so verify() derives the tables and matches them to the key once, not three times.
struct CheckedGuestKey {
  circuit::Rv32imShape shape;
  std::unique_ptr<circuit::Rv32imCircuit> circuit;
  std::vector<const air::Air*> tables;
  stark::CheckedKey stark_key;
};
ZkvmResult<CheckedGuestKey> check_guest_key(const GuestKey& key);

}  // namespace goldfinch::zkvm::detail
