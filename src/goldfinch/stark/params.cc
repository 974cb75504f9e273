// Presets and range checks of the protocol parameters; the bits each preset buys are computed by
// security.h and tabulated in docs/security.md.
#include "goldfinch/stark/params.h"

namespace goldfinch::stark {

// Rate 1/8, 55 queries, 20 bits of grinding: >= 100 provable bits (Johnson regime) for every shape
// up to ProofShape::envelope(24, 64); see docs/security.md for the per-term table.
StarkParams StarkParams::provable_100() { return {3, 55, 20, 1, 0}; }

Result<StarkParams> StarkParams::preset(std::string_view name) {
  if (name == "default") return conjectured_100();
  if (name == "provable-100") return provable_100();
  if (name == "testing") return testing();
  if (name == "recursion") return recursion();
  if (name == "compact") return compact();
  return Error{ErrorCode::kInvalidArgument,
               "unknown parameter preset (expected default, provable-100, testing, recursion or compact)", 0, 0};
}

Error StarkParams::validate() const {
  auto bad = [](const char* what, uint64_t expected, uint64_t got) {
    return Error{ErrorCode::kInvalidArgument, what, expected, got};
  };
  // `expected` is the bound that was crossed.
  if (log_blowup < 1) return bad("params: log_blowup below 1", 1, log_blowup);
  if (log_blowup > 6) return bad("params: log_blowup above 6", 6, log_blowup);
  if (num_queries < 1) return bad("params: num_queries below 1", 1, num_queries);
  if (num_queries > 512) return bad("params: num_queries above 512", 512, num_queries);
  if (pow_bits > 32) return bad("params: pow_bits above 32", 32, pow_bits);
  if (log_folding_arity < 1) return bad("params: log_folding_arity below 1", 1, log_folding_arity);
  if (log_folding_arity > 4) return bad("params: log_folding_arity above 4", 4, log_folding_arity);
  if (log_final_poly_len > 10) return bad("params: log_final_poly_len above 10", 10, log_final_poly_len);
  if (static_cast<uint8_t>(merkle_hash) > static_cast<uint8_t>(merkle::MerkleHash::kPoseidon2))
    return bad("params: unknown Merkle hash", static_cast<uint8_t>(merkle::MerkleHash::kPoseidon2),
               static_cast<uint8_t>(merkle_hash));
  return Error::none();
}

}  // namespace goldfinch::stark
