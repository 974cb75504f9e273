// The private input of the aggregation guest (guest/aggregator, docs/recursion.md, "The
// aggregation program"): the program's shard verifying key, the aggregation program's verifying
// key when an inner child needs it, and k child proofs, each starting on a 16-byte boundary.
// Packed on the host, read in place by the guest (the payload is mapped 16-byte aligned):
// parse_aggregation_input checks the header and returns spans into the caller's buffer; no proof
// is copied. Format, all integers little-endian:
//   0  u8[8] magic "GFAGGIN\0"    8 u32 version = 1    12 u32 k (kMinNodeChildren..kMaxAggregationArity)
//   16 u32 program entry   20 u32 program flags (bit 0 = wx)   24 u32 program table height   28 u32 image height
//   32 u32 aggregation entry   36 flags   40 program table height   44 image height (all 0 without a key)
//   48 u64 program shard-key length   56 u64 aggregation key length (0: none)
//   64 u8[32] aggregation key digest (what the node commits; the key's digest when a key is present)
//   96 k child entries of 16 bytes: u32 kind (1 leaf, 2 inner, 3 claim proof), u32 reserved = 0, u64 proof length
//   then, each at the end of the previous section rounded up to 16 with zero padding: the program
//   shard key, the aggregation key, the k proofs in order; the last proof ends the blob.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/recursion/packed_input.h"

namespace goldfinch::recursion {

inline constexpr uint8_t kAggregationMagic[8] = {'G', 'F', 'A', 'G', 'G', 'I', 'N', 0};
inline constexpr uint32_t kAggregationVersion = 1;
inline constexpr size_t kAggregationHeaderBytes = 96;
inline constexpr size_t kAggregationChildEntryBytes = 16;
// A node has 1..16 children (a run of one shard aggregates to a node of one leaf); the balanced
// tree groups 2..16 children per node (a node of one child over another node only re-proves it).
inline constexpr uint32_t kMinNodeChildren = 1;
inline constexpr uint32_t kMinAggregationArity = 2;
inline constexpr uint32_t kMaxAggregationArity = 16;

enum class ChildKind : uint32_t {
  kLeaf = 1,   // an rv32im_shard proof under the program's shard key
  kInner = 2,  // a whole-run (rv32im) proof of the aggregation program under the aggregation key
  // A proof of claims (docs/recursion.md, "Claims"): like an inner child, a proof of the
  // aggregation program under the aggregation key, but of any program's complete run; it takes no
  // part in the join of the segment and makes its run's (key digest, output BLAKE3) a subject.
  kClaimProof = 3,
};

struct AggregationChild {
  ChildKind kind = ChildKind::kLeaf;
  std::span<const uint8_t> proof;  // points into the buffer, 16-byte aligned
};

struct AggregationInput {
  uint32_t program_entry = 0;
  PackedShape program_shape;
  uint32_t aggregation_entry = 0;
  PackedShape aggregation_shape;
  hash::Digest aggregation_digest;
  std::span<const uint8_t> program_key;      // stark::VerifyingKey::encode of the shard VK
  std::span<const uint8_t> aggregation_key;  // empty when every child is a leaf
  std::vector<AggregationChild> children;
};

std::vector<uint8_t> pack_aggregation_input(const AggregationInput& in);

// Rejects (typed Error): a buffer not 16-byte aligned or shorter than the header and child table,
// a wrong magic or version, k outside [kMinNodeChildren, kMaxAggregationArity], an unknown
// child kind, a non-zero reserved field, an empty proof, no leaf or inner child, an aggregation
// key absent while a child is inner or a claim proof or present while none is, aggregation shape fields without a key,
// lengths beyond the buffer, non-zero padding, truncation and trailing bytes. Nothing is copied.
Result<AggregationInput> parse_aggregation_input(std::span<const uint8_t> bytes);

}  // namespace goldfinch::recursion
