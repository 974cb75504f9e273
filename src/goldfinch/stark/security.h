// Security calculator: turns protocol parameters (params.h) and the shape of a proof (tables,
// heights, columns, constraints, buses) into bits of security, term by term, in two regimes:
// the ethSTARK conjecture ("conjectured") and the Johnson-bound list-decoding regime ("provable").
// Every formula, with its source, is in docs/security.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/stark/params.h"

namespace goldfinch::stark {

// What the calculator needs to know about a proof besides its parameters. Counts are totals over
// all tables of the proof.
struct ProofShape {
  uint8_t log_max_trace_height = 20;  // log2 of the tallest table's height
  uint32_t num_tables = 1;
  // Base-field polynomials committed and opened in the DEEP step: main + preprocessed columns,
  // aux columns (3 per F_p^3 column) and quotient chunks (3 per chunk).
  uint32_t num_committed_columns = 64;
  uint32_t max_constraint_degree = 3;
  uint32_t num_constraints = 64;       // folded into one by powers of the composition challenge
  uint32_t num_bus_interactions = 0;   // LogUp sends + receives over all tables
  uint32_t max_bus_tuple_width = 0;    // fields in a fingerprinted tuple (bus id included)
  uint8_t extension_degree = 3;        // challenges live in F_p^extension_degree
  uint8_t num_opening_points = 2;      // z and z·g
  // Distinct trace heights: each one below the tallest is rolled into FRI in some round, which
  // then batches 2^a + 1 functions instead of 2^a (docs/stark.md, "Rolling in shorter heights").
  uint32_t num_height_classes = 1;

  // The largest shape the presets are sized for (docs/security.md): at most kEnvelopeMaxTables
  // tables of at most 2^kEnvelopeMaxLogHeight rows, per table 512 committed columns, 256
  // constraints of degree <= 4 and 16 bus interactions of width <= 32 (bus id included), every
  // table its own height.
  static ProofShape envelope(unsigned log_max_trace_height, unsigned num_tables);

  // Range checks (a shape may come from a user on the command line).
  Error validate() const;
};

// One soundness error term: an upper bound on the probability that one step of the protocol lets
// a false statement through, written as bits = -log2(error).
struct SecurityTerm {
  const char* name;
  double bits;
  bool field_term;  // bounded by the size of the challenge field (shrinks if the field does)
};

struct RegimeReport {
  // min(-log2(sum of the errors of all non-hash terms), hash bits): a union bound over the steps.
  double total_bits = 0;
  std::vector<SecurityTerm> terms;

  const SecurityTerm& weakest() const;
  double bits_of(const char* name) const;  // GF_CHECKs that the term exists
  // True when every field term is strictly stronger than the weakest non-field term.
  bool field_never_weakest() const;
};

struct SecurityReport {
  RegimeReport conjectured;
  RegimeReport provable;
  // Johnson-regime choices, picked to maximise provable.total_bits.
  // False when no m satisfies the multi-point condition H + openings < (1 - theta) N (tiny traces):
  // provable.total_bits is then 0.
  bool provable_applicable = false;
  unsigned johnson_m = 0;       // gap to the Johnson radius eta = sqrt(rho) / (2m)
  double proximity_theta = 0;   // theta = 1 - sqrt(rho) - eta
  double list_size = 0;         // L = 1 / (2 eta sqrt(rho))
  unsigned fri_rounds = 0;
  double log2_field_size = 0;   // log2 |F_p^extension_degree|
  // The extension field is never the weak term, in either regime.
  bool extension_field_never_weakest = false;
};

// Both arguments must be valid (params.validate(), shape.validate()); checked with GF_CHECK.
SecurityReport security_report(const StarkParams& params, const ProofShape& shape);

inline constexpr unsigned kEnvelopeMaxTables = 64;
inline constexpr unsigned kEnvelopeMaxLogHeight = 24;

// The presets that claim bits (default, provable-100) claim them only for shapes that exceed
// ProofShape::envelope(kEnvelopeMaxLogHeight, kEnvelopeMaxTables) in no quantity (every error term
// grows with each of them). Returns none when `actual` lies inside (or `params` is no such preset:
// it claims nothing), else kInvalidArgument naming the first quantity outside, with the bound and
// the actual value.
Error check_security_envelope(const StarkParams& params, const ProofShape& actual);

// Term names, shared by the report, the tests and the docs.
inline constexpr const char* kTermQuery = "fri_query";
inline constexpr const char* kTermAli = "ali";
inline constexpr const char* kTermDeep = "deep";
inline constexpr const char* kTermLogup = "logup";
inline constexpr const char* kTermBatching = "fri_batching";
inline constexpr const char* kTermFolding = "fri_folding";
inline constexpr const char* kTermHash = "hash";

// Human-readable table and JSON, as printed by `goldfinch security`.
std::string format_report(const StarkParams& params, const ProofShape& shape, const SecurityReport& report);
std::string format_report_json(const StarkParams& params, const ProofShape& shape,
                               const SecurityReport& report);

}  // namespace goldfinch::stark
