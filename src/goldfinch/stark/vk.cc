#include "goldfinch/stark/vk.h"

#include <algorithm>

#include "goldfinch/air/builders.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/transcript/poseidon2_transcript.h"

namespace goldfinch::stark {
namespace {

// The last byte is the encoding version: 1 for BLAKE3 commitments (the encoding before the Merkle
// hash became a parameter, so those keys and their digests are unchanged), 2 when a u8 Merkle hash
// follows the FRI parameters (never BLAKE3 there: one encoding per key).
constexpr uint8_t kVkMagic[8] = {'G', 'F', 'V', 'K', 'E', 'Y', 0, 1};
constexpr uint8_t kVkVersionWithHash = 2;
constexpr size_t kMaxTables = 4096;
constexpr size_t kMaxName = 255;

void put_lc(ProofWriter& w, const air::LinearCombination& lc) {
  w.put_u32(static_cast<uint32_t>(lc.terms.size()));
  for (const auto& [c, k] : lc.terms) {
    w.put_u8(c.kind);
    w.put_u32(c.index);
    w.put_fp(k);
  }
  w.put_fp(lc.constant);
}

}  // namespace

TableInfo describe_table(const air::Air& air, uint8_t fixed_log_height, merkle::MerkleHash key_hash) {
  const std::vector<air::Interaction> interactions = air.interactions();
  return describe_table(air, fixed_log_height, interactions, key_hash);
}

TableInfo describe_table(const air::Air& air, uint8_t fixed_log_height, std::span<const air::Interaction> interactions,
                         merkle::MerkleHash key_hash) {
  TableInfo t;
  t.name = air.name();
  t.width = static_cast<uint32_t>(air.width());
  t.preprocessed_width = static_cast<uint32_t>(air.preprocessed_width());
  GF_CHECK(!air.variable_public_values() || air.num_public_values() == 0, "a variable-length table declares no fixed public values");
  t.num_public_values = air.variable_public_values() ? kVariablePublicValues : static_cast<uint32_t>(air.num_public_values());
  t.num_interactions = static_cast<uint32_t>(interactions.size());
  air::SymbolicBuilder sb(air.width(), air.preprocessed_width(), air.num_public_values());  // 0 for variable
  air.eval_symbolic(sb);
  t.num_constraints = static_cast<uint32_t>(sb.constraints().size());
  t.max_degree = std::max(sb.max_degree(), air::LogupLayout(interactions.size()).max_degree());
  t.fixed_log_height = fixed_log_height;
  // Canonical encoding of the constraint system, hashed. Sized up front: growing the buffer byte
  // by byte re-copies it (the in-VM verifier describes thousands of constraints).
  ProofWriter w;
  size_t bytes = 16 + 8 * air.constants().size();
  for (const auto& c : sb.constraints()) bytes += 9 + c.name.size();
  for (const auto& it : interactions) bytes += 13 + (it.fields.size() + 1) * (12 + 13 * 4);
  w.reserve(bytes);
  w.put_u32(t.num_constraints);
  for (const auto& c : sb.constraints()) {
    w.put_u8(static_cast<uint8_t>(c.selector));
    w.put_u32(c.degree);
    w.put_u32(static_cast<uint32_t>(c.name.size()));
    w.put_bytes({reinterpret_cast<const uint8_t*>(c.name.data()), c.name.size()});
  }
  w.put_u32(t.num_interactions);
  for (const auto& it : interactions) {
    w.put_u32(it.bus);
    w.put_u8(static_cast<uint8_t>(it.direction));
    w.put_u32(static_cast<uint32_t>(it.fields.size()));
    for (const auto& f : it.fields) put_lc(w, f);
    put_lc(w, it.multiplicity);
  }
  const std::vector<Fp> constants = air.constants();
  w.put_u32(static_cast<uint32_t>(constants.size()));
  w.put_fps(constants);
  // Optional tables (absent from proofs that do not use them) say so; other tables' digests are
  // as before the flag existed.
  if (air.optional()) w.put_bytes({reinterpret_cast<const uint8_t*>("optional"), 8});
  const std::vector<uint8_t> enc = w.finish();
  // A Poseidon2 key's table without a pin gets a Poseidon2 digest, so the in-VM verifier, which
  // describes exactly those tables, calls no BLAKE3; a pinned table keeps its pin's BLAKE3 digest.
  t.constraints_digest = key_hash == merkle::MerkleHash::kPoseidon2 && !air.pinned_description()
                             ? transcript::poseidon2_bytes_digest("goldfinch table constraints v1", enc)
                             : hash::blake3(enc);
  return t;
}

bool VerifyingKey::has_preprocessed() const {
  for (const auto& t : tables)
    if (t.preprocessed_width) return true;
  return false;
}

std::vector<uint8_t> VerifyingKey::encode() const {
  ProofWriter w;
  const bool with_hash = params.merkle_hash != merkle::MerkleHash::kBlake3;
  uint8_t magic[8];
  std::copy(kVkMagic, kVkMagic + 8, magic);
  if (with_hash) magic[7] = kVkVersionWithHash;
  w.put_bytes(magic);
  w.put_u8(params.log_blowup);
  w.put_u16(params.num_queries);
  w.put_u8(params.pow_bits);
  w.put_u8(params.log_folding_arity);
  w.put_u8(params.log_final_poly_len);
  if (with_hash) w.put_u8(static_cast<uint8_t>(params.merkle_hash));
  w.put_u32(static_cast<uint32_t>(tables.size()));
  for (const TableInfo& t : tables) {
    w.put_u8(static_cast<uint8_t>(t.name.size()));
    w.put_bytes({reinterpret_cast<const uint8_t*>(t.name.data()), t.name.size()});
    w.put_u32(t.width);
    w.put_u32(t.preprocessed_width);
    w.put_u32(t.num_public_values);
    w.put_u32(t.num_interactions);
    w.put_u32(t.num_constraints);
    w.put_u32(t.max_degree);
    w.put_u8(t.fixed_log_height);
    w.put_digest(t.constraints_digest);
  }
  w.put_digest(preprocessed_root);
  return w.finish();
}

Result<VerifyingKey> VerifyingKey::decode(std::span<const uint8_t> b) {
  size_t pos = 0;
  auto need = [&](size_t n) -> Error {
    if (b.size() - pos < n) return {ErrorCode::kTruncated, "verifying key truncated", pos + n, b.size()};
    return Error::none();
  };
  auto le = [&](size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(b[pos + i]) << (8 * i);
    pos += n;
    return v;
  };
  if (Error e = need(8 + 6 + 4); !e.ok()) return e;
  for (size_t i = 0; i < 7; ++i)
    if (b[i] != kVkMagic[i]) return Error{ErrorCode::kMismatch, "not a Goldfinch verifying key (magic/version)", kVkMagic[i], b[i]};
  if (b[7] != kVkMagic[7] && b[7] != kVkVersionWithHash)
    return Error{ErrorCode::kMismatch, "not a Goldfinch verifying key (magic/version)", kVkMagic[7], b[7]};
  const bool with_hash = b[7] == kVkVersionWithHash;
  pos = 8;
  VerifyingKey vk;
  vk.params.log_blowup = static_cast<uint8_t>(le(1));
  vk.params.num_queries = static_cast<uint16_t>(le(2));
  vk.params.pow_bits = static_cast<uint8_t>(le(1));
  vk.params.log_folding_arity = static_cast<uint8_t>(le(1));
  vk.params.log_final_poly_len = static_cast<uint8_t>(le(1));
  if (with_hash) {
    const uint8_t h = b[pos++];  // covered by need(8 + 6 + 4): the table count is 4 bytes on
    if (Error e = need(4); !e.ok()) return e;
    if (h == static_cast<uint8_t>(merkle::MerkleHash::kBlake3))
      return Error{ErrorCode::kInvalidArgument, "verifying key names BLAKE3 in the version-2 encoding", 0, h};
    vk.params.merkle_hash = static_cast<merkle::MerkleHash>(h);
  }
  if (Error e = vk.params.validate(); !e.ok()) return e;
  const uint64_t n = le(4);
  if (n == 0 || n > kMaxTables) return Error{ErrorCode::kInvalidArgument, "verifying key table count out of range", kMaxTables, n};
  for (uint64_t i = 0; i < n; ++i) {
    TableInfo t;
    if (Error e = need(1); !e.ok()) return e;
    const size_t len = le(1);
    if (Error e = need(len + 6 * 4 + 1 + 32); !e.ok()) return e;
    t.name.assign(reinterpret_cast<const char*>(b.data() + pos), len);
    pos += len;
    t.width = static_cast<uint32_t>(le(4));
    t.preprocessed_width = static_cast<uint32_t>(le(4));
    t.num_public_values = static_cast<uint32_t>(le(4));
    t.num_interactions = static_cast<uint32_t>(le(4));
    t.num_constraints = static_cast<uint32_t>(le(4));
    t.max_degree = static_cast<uint32_t>(le(4));
    t.fixed_log_height = static_cast<uint8_t>(le(1));
    std::memcpy(t.constraints_digest.bytes.data(), b.data() + pos, 32);
    pos += 32;
    vk.tables.push_back(std::move(t));
  }
  if (Error e = need(32); !e.ok()) return e;
  std::memcpy(vk.preprocessed_root.bytes.data(), b.data() + pos, 32);
  pos += 32;
  if (pos != b.size()) return Error{ErrorCode::kTrailingBytes, "bytes after the verifying key", pos, b.size()};
  (void)kMaxName;
  return vk;
}

// BLAKE3 for BLAKE3-committed keys (unchanged), the Poseidon2 sponge for Poseidon2-committed ones,
// so the in-VM verifier of a recursion-preset proof calls no BLAKE3 (docs/transcript.md).
hash::Digest VerifyingKey::digest() const {
  if (params.merkle_hash == merkle::MerkleHash::kPoseidon2)
    return transcript::poseidon2_bytes_digest("goldfinch verifying key v1", encode());
  hash::Blake3Hasher h = hash::Blake3Hasher::new_derive_key("goldfinch verifying key v1");
  const std::vector<uint8_t> enc = encode();
  h.update(enc);
  return h.finalize();
}

Error check_interaction_columns(const air::Air& air) {
  const std::vector<air::Interaction> interactions = air.interactions();
  return check_interaction_columns(air, interactions);
}

Error check_interaction_columns(const air::Air& air, std::span<const air::Interaction> interactions) {
  auto check = [&](const air::LinearCombination& lc) -> Error {
    for (const auto& [c, k] : lc.terms) {
      const size_t bound = c.kind == air::Column::kMain ? air.width()
                           : c.kind == air::Column::kPreprocessed ? air.preprocessed_width() : 0;
      if (c.index >= bound)
        return {ErrorCode::kInvalidArgument, "bus interaction reads a column outside the table's width", bound, c.index};
    }
    return Error::none();
  };
  for (const air::Interaction& it : interactions) {
    for (const air::LinearCombination& f : it.fields)
      if (Error e = check(f); !e.ok()) return e;
    if (Error e = check(it.multiplicity); !e.ok()) return e;
  }
  return Error::none();
}

TableInfo pinned_table_info(const air::Air& air, const air::PinnedDescription& pin, uint8_t fixed_log_height) {
  TableInfo t;
  t.name = air.name();
  t.width = static_cast<uint32_t>(air.width());
  t.preprocessed_width = static_cast<uint32_t>(air.preprocessed_width());
  t.num_public_values = air.variable_public_values() ? kVariablePublicValues : static_cast<uint32_t>(air.num_public_values());
  t.num_interactions = pin.num_interactions;
  t.num_constraints = pin.num_constraints;
  t.max_degree = pin.max_degree;
  t.fixed_log_height = fixed_log_height;
  static_assert(sizeof(pin.digest) == hash::Digest::kBytes);
  for (size_t i = 0; i < pin.digest.size(); ++i) t.constraints_digest.bytes[i] = pin.digest[i];
  return t;
}

Error check_tables_match(const VerifyingKey& vk, std::span<const air::Air* const> tables, DescriptionCheck how) {
  std::vector<std::vector<air::Interaction>> interactions(tables.size());
  // Only the tables that are described need theirs: a pinned table's are never read.
  for (size_t i = 0; i < tables.size(); ++i)
    if (how == DescriptionCheck::kDerive || !tables[i]->pinned_description())
      interactions[i] = tables[i]->interactions();
  return check_tables_match(vk, tables, interactions, how);
}

Error check_tables_match(const VerifyingKey& vk, std::span<const air::Air* const> tables,
                         std::span<const std::vector<air::Interaction>> interactions, DescriptionCheck how) {
  if (vk.tables.size() != tables.size())
    return {ErrorCode::kMismatch, "verifying key has a different number of tables", tables.size(), vk.tables.size()};
  GF_CHECK(interactions.size() == tables.size(), "one interaction list per table");
  for (size_t i = 0; i < tables.size(); ++i) {
    // A pinned table is compared against its pin (checked against describe_table and
    // check_interaction_columns by pinned_descriptions_test): no symbolic pass over its constraints
    // and no hash of their encoding (~9 M cycles in the VM, most of a host verify's fixed cost).
    const air::PinnedDescription* pin = how == DescriptionCheck::kPinned ? tables[i]->pinned_description() : nullptr;
    if (pin) {
      if (!(pinned_table_info(*tables[i], *pin, vk.tables[i].fixed_log_height) == vk.tables[i]))
        return {ErrorCode::kMismatch, "verifying key does not describe this table", i, 0};
      continue;
    }
    TableInfo t = describe_table(*tables[i], vk.tables[i].fixed_log_height, interactions[i], vk.params.merkle_hash);
    if (!(t == vk.tables[i])) return {ErrorCode::kMismatch, "verifying key does not describe this table", i, 0};
    if (Error e = check_interaction_columns(*tables[i], interactions[i]); !e.ok()) return e;
  }
  return Error::none();
}

}  // namespace goldfinch::stark
