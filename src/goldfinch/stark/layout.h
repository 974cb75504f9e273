// Where everything of a proof lives, derived identically by the prover and the verifier from
// the verifying key and the per-table trace heights (the only shape the prover chooses).
//
// Rounds: 0 preprocessed, 1 main, 2 aux (LogUp), 3 quotient. In each round the tables of one
// trace height form one matrix (their columns side by side, tables in index order), and the
// round's matrices form one mixed-height Merkle tree. Height classes are visited tallest first.
// Openings (all F_p^3), per table in index order:
//   pre(z)[pw] pre(zw)[pw] main(z)[w] main(zw)[w] aux(z)[aw] aux(zw)[aw] quotient(z)[qw]
// (aw, qw in base columns: 3 per F_p^3 column; w = the table's trace generator).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::stark {

inline constexpr size_t kNumRounds = 4;
enum Round : uint8_t { kPreRound = 0, kMainRound = 1, kAuxRound = 2, kQuotientRound = 3 };
inline constexpr unsigned kMaxLogHeight = 27;  // trace rows; the LDE adds log_blowup

struct TableLayout {
  unsigned log_height = 0;
  std::array<size_t, kNumRounds> width{};   // base columns per round
  std::array<size_t, kNumRounds> col_offset{};  // where the table's columns start in its class matrix
  size_t openings_offset = 0;               // index of pre(z)[0] in the openings array
  size_t quotient_degree = 1;
  bool present = true;  // false: an optional table the proof leaves out (no columns, no openings)

  size_t opening(Round r, bool next, size_t col) const;  // index in the openings array
  size_t num_openings() const {
    return 2 * (width[kPreRound] + width[kMainRound] + width[kAuxRound]) + width[kQuotientRound];
  }
};

struct ClassMatrix {
  unsigned log_height = 0;  // trace height (the committed LDE has log_height + log_blowup)
  size_t width = 0;
  std::vector<size_t> tables;  // in column order
};

struct ProofLayout {
  std::vector<TableLayout> tables;
  std::array<std::vector<ClassMatrix>, kNumRounds> rounds;  // per round, heights decreasing
  std::vector<unsigned> class_log_heights;                  // distinct trace heights, decreasing
  size_t num_openings = 0;
  unsigned log_max_height = 0;
  unsigned log_blowup = 0;
  merkle::MerkleHash merkle_hash = merkle::MerkleHash::kBlake3;  // of every commitment (the key's)
  size_t num_fri_rounds = 0;
  // log2 of each FRI round's folding factor: the parameter's arity, shortened where a shorter
  // height class must be rolled in or the final polynomial is reached (Plonky3 does the same).
  std::vector<unsigned> fri_log_arities;

  // Checks heights against the key and the parameters. kAbsentLogHeight marks a table the proof
  // leaves out; whether that table may be absent is the caller's check (air::Air::optional).
  static Result<ProofLayout> make(const VerifyingKey& vk, const std::vector<uint8_t>& log_heights);
};

}  // namespace goldfinch::stark
