// The verifying key: everything a verifier must know about the statement's tables before it
// reads a proof — the protocol parameters, each table's shape and a digest of its constraints
// and bus interactions, and the commitment to the preprocessed columns (computed once here, never
// by the verifier). Its digest, over the canonical encoding below, is the first thing absorbed
// into the transcript, so a proof made against one key never verifies against another.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/base/error.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/stark/params.h"

namespace goldfinch::stark {

inline constexpr uint8_t kNoFixedHeight = 0xFF;
// TableInfo::num_public_values of a table whose public values have a per-proof length.
inline constexpr uint32_t kVariablePublicValues = 0xFFFFFFFF;
// The most public values a variable-length table may carry in one proof.
inline constexpr uint32_t kMaxVariablePublicValues = uint32_t{1} << 24;

struct TableInfo {
  std::string name;
  uint32_t width = 0;
  uint32_t preprocessed_width = 0;
  uint32_t num_public_values = 0;   // or kVariablePublicValues
  uint32_t num_interactions = 0;
  uint32_t num_constraints = 0;      // the table's own constraints (LogUp ones come after)
  uint32_t max_degree = 0;           // over its constraints and its LogUp constraints
  uint8_t fixed_log_height = kNoFixedHeight;  // tables with preprocessed columns have a fixed height
  hash::Digest constraints_digest;   // symbolic constraints and interactions, canonically encoded

  // Quotient chunks: the composition polynomial of this table has degree < quotient_degree * n.
  uint32_t quotient_degree() const { return max_degree > 2 ? max_degree - 1 : 1; }
  bool operator==(const TableInfo&) const = default;
};

struct VerifyingKey {
  StarkParams params;
  std::vector<TableInfo> tables;
  hash::Digest preprocessed_root;  // zero when no table has preprocessed columns

  bool has_preprocessed() const;
  std::vector<uint8_t> encode() const;
  static Result<VerifyingKey> decode(std::span<const uint8_t> bytes);
  hash::Digest digest() const;
  bool operator==(const VerifyingKey&) const = default;
};

// The table-side half of a key, computed from the AIR code (not from bytes). The second form
// takes the table's interactions (air.interactions()) when the caller has built them already.
// constraints_digest hashes the canonical encoding with BLAKE3, except in a key whose Merkle hash
// (key_hash) is Poseidon2, where a table without a pinned description (air::Air::pinned_description)
// gets the Poseidon2 sponge digest (transcript::poseidon2_bytes_digest): the in-VM verifier derives
// only those tables' digests, so it needs no BLAKE3; pinned tables keep the pin's BLAKE3 digest.
TableInfo describe_table(const air::Air& air, uint8_t fixed_log_height,
                         merkle::MerkleHash key_hash = merkle::MerkleHash::kBlake3);
TableInfo describe_table(const air::Air& air, uint8_t fixed_log_height, std::span<const air::Interaction> interactions,
                         merkle::MerkleHash key_hash = merkle::MerkleHash::kBlake3);

// Every column a bus interaction of `air` reads lies inside the table (the symbolic builder checks
// the constraints' reads; interactions are data): else kInvalidArgument with the width and index.
Error check_interaction_columns(const air::Air& air);
Error check_interaction_columns(const air::Air& air, std::span<const air::Interaction> interactions);

// The TableInfo a pinned table's figures give (air::Air::pinned_description): equal to
// describe_table(air, fixed_log_height) when the pin is right.
TableInfo pinned_table_info(const air::Air& air, const air::PinnedDescription& pin, uint8_t fixed_log_height);

// How check_tables_match gets a table's description. kPinned (what every verifier uses, on the
// host and in the VM): a table with a pin (air::Air::pinned_description) is compared against its
// pinned figures, the others are derived; pinned_descriptions_test and shard_tables_test check
// every pin against describe_table and check_interaction_columns in every shape, so both give the
// same answer for every key. kDerive: every table through describe_table (tests, benchmarks).
enum class DescriptionCheck { kPinned, kDerive };

// Checks that the AIR code the verifier runs matches the key's table descriptions, and that its
// interactions read only the table's columns (so the out-of-domain check never reads past them).
Error check_tables_match(const VerifyingKey& vk, std::span<const air::Air* const> tables,
                         DescriptionCheck how = DescriptionCheck::kPinned);
// The same check given every table's interactions (tables[t]->interactions(), one list per table),
// so that a caller that keeps them (stark::CheckedKey) builds each list once.
Error check_tables_match(const VerifyingKey& vk, std::span<const air::Air* const> tables,
                         std::span<const std::vector<air::Interaction>> interactions,
                         DescriptionCheck how = DescriptionCheck::kPinned);

}  // namespace goldfinch::stark
