// A shard's memory records for the cross-shard memory argument (docs/continuations.md, "Shards
// and their memory records"): for every memory cell it touches, the shard receives the cell's
// (space, address, value, timestamp) as of its last access before the shard (timestamp 0 and the
// initial value if none) and sends the same tuple as of its own last access. Timestamps and
// spaces are the RV32IM circuit's (docs/circuit.md, "Memory"): 4 clk + slot with the global
// 1-based clk; space 0 registers and I/O state cells, 1 writable RAM words, 2 read-only words.
#pragma once

#include <compare>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "goldfinch/multiset/multiset_hash.h"
#include "goldfinch/shard/shard_plan.h"

namespace goldfinch::shard {

inline constexpr uint32_t kSpaceRegisters = 0;  // x0..x31, input cursor (32), output length (33)
inline constexpr uint32_t kSpaceRam = 1;        // writable words (word address = byte address / 4)
inline constexpr uint32_t kSpaceReadOnly = 2;   // read-only segment words and the input region

struct MemoryRecord {
  uint32_t space = 0;
  uint32_t addr = 0;
  uint32_t value = 0;
  uint64_t ts = 0;  // 4 clk + slot, or 0 for a cell's initial value
  auto operator<=>(const MemoryRecord&) const = default;
};

// Both sorted by (space, addr); one record per touched cell in each.
struct ShardRecords {
  std::vector<MemoryRecord> receives;
  std::vector<MemoryRecord> sends;
};

// The last-access timestamp of every cell touched before a shard boundary (absent: never, ts 0).
// Key: space << 32 | addr.
using LastAccess = std::unordered_map<uint64_t, uint64_t>;

// Re-executes shard k from its checkpoint in trace mode. The previous timestamps of the cells
// it touches come from re-executing shards 0..k-1 first (cost: k + 1 shards in trace mode);
// use all_shard_memory_records to build every shard's records in one pass.
ShardRecords shard_memory_records(const ShardPlan& plan, size_t k);

// Every shard's records, re-executing each shard once from its own checkpoint and carrying the
// LastAccess map from boundary to boundary.
std::vector<ShardRecords> all_shard_memory_records(const ShardPlan& plan);

// One step of the above: shard k's records given the LastAccess map at its start, which is
// updated to the map at its end.
ShardRecords shard_memory_records(const ShardPlan& plan, size_t k, LastAccess& last);

// The whole run's boundary over the cells touched in `records`: init sends (space, addr, v0, 0)
// with v0 the cell's initial value (registers and cells 0; RAM the image word, the input
// region's word, or 0); final receives each cell's last send.
struct RunBoundary {
  std::vector<MemoryRecord> init;
  std::vector<MemoryRecord> final;
};
RunBoundary run_boundary(const ShardPlan& plan, const std::vector<ShardRecords>& records);

// The tuple hashed for a record: (space, addr, value, ts) as Goldilocks elements.
std::array<Fp, 4> record_tuple(const MemoryRecord& r);
// A shard's contribution: H(sends) - H(receives).
multiset::MultisetHash contribution(const ShardRecords& records);

}  // namespace goldfinch::shard
