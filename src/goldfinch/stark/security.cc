// Soundness error terms of the Goldfinch STARK; docs/security.md derives each one and names its
// source (ethSTARK documentation, Haböck's FRI summary [Ha22], BCHKS25, soundcalc).
#include "goldfinch/stark/security.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "goldfinch/base/check.h"

namespace goldfinch::stark {
namespace {

constexpr double kGoldilocks = 18446744069414584321.0;  // p = 2^64 - 2^32 + 1 (rounds to 2^64)
constexpr double kHashCollisionBits = 128;              // BLAKE3 or Poseidon2 (4 x 64 bits): 256-bit digests
constexpr unsigned kMinJohnsonM = 3;                    // [Ha22] Theorem 2 needs m >= 3
constexpr unsigned kMaxJohnsonM = 1024;

double bits_of_error(double error) { return error >= 1 ? 0.0 : -std::log2(error); }

// Everything the terms depend on, in floating point.
struct Inputs {
  double q;        // |F_p^e|
  double h;        // tallest trace height H
  double n;        // LDE domain size N = H / rho
  double rho;      // rate
  double arity;    // FRI folding arity k
  unsigned rounds; // FRI folding rounds
  double fold_domains;  // sum over the rounds of the folded domain sizes N / k^(i+1)
  unsigned roll_in_rounds;     // rounds that roll a shorter height in (counted as the first ones)
  double roll_in_domains;      // sum of N / k^(i+1) over those rounds
  double tables, degree, constraints, batched, logup_terms, tuple_width, openings;
  double queries, pow_bits;
};

Inputs make_inputs(const StarkParams& p, const ProofShape& s, unsigned rounds) {
  Inputs in{};
  in.q = std::pow(kGoldilocks, s.extension_degree);
  in.h = std::ldexp(1.0, s.log_max_trace_height);
  in.n = std::ldexp(in.h, p.log_blowup);
  in.rho = std::ldexp(1.0, -int{p.log_blowup});
  in.arity = std::ldexp(1.0, p.log_folding_arity);
  in.rounds = rounds;
  for (unsigned i = 0; i < rounds; ++i) in.fold_domains += in.n / std::pow(in.arity, i + 1.0);
  // A shorter height is rolled in after some round; bounded above by putting the roll-ins in the
  // first rounds, whose domains are the largest.
  in.roll_in_rounds = std::min(rounds, s.num_height_classes - 1);
  for (unsigned i = 0; i < in.roll_in_rounds; ++i) in.roll_in_domains += in.n / std::pow(in.arity, i + 1.0);
  in.tables = s.num_tables;
  in.degree = s.max_constraint_degree;
  in.constraints = s.num_constraints;
  in.openings = s.num_opening_points;
  in.batched = static_cast<double>(s.num_opening_points) * s.num_committed_columns;
  in.logup_terms = static_cast<double>(s.num_bus_interactions) * in.h;
  in.tuple_width = s.max_bus_tuple_width;
  in.queries = p.num_queries;
  in.pow_bits = p.pow_bits;
  return in;
}

// Terms that do not depend on the proximity regime, given the list size L (1 when conjectured).
// ALI [Ha22, Thm 8]: one challenge folds K constraints by its powers -> degree K-1 in it, per candidate.
double ali_error(const Inputs& in, double list) { return list * in.constraints / in.q; }
// DEEP [Ha22, Thm 8; soundcalc deep_ali.py], union over tables (each has its own trace polynomials):
// L * (D (H + openings - 1) + (H - 1)) / (|F| - H - N).
double deep_error(const Inputs& in, double list) {
  return in.tables * list * (in.degree * (in.h + in.openings - 1) + (in.h - 1)) / (in.q - in.h - in.n);
}
// LogUp: sum of multiplicity/(alpha - fingerprint) over all bus terms; clearing denominators gives a
// non-zero polynomial of total degree <= terms * width in (alpha, beta) -> Schwartz-Zippel, per
// candidate codeword of the main traces (the list is fixed before alpha and beta are drawn).
double logup_error(const Inputs& in, double list) { return list * in.logup_terms * in.tuple_width / in.q; }

RegimeReport finish(std::vector<SecurityTerm> terms, double error_sum) {
  RegimeReport r;
  r.total_bits = std::min(bits_of_error(error_sum), kHashCollisionBits);
  terms.push_back({kTermHash, kHashCollisionBits, false});
  r.terms = std::move(terms);
  return r;
}

// ethSTARK conjecture (toy problem / "best known attack"): each query catches a cheating prover with
// probability 1 - rho; list size 1; proximity-gap errors of the capacity conjecture with constants 1.
RegimeReport conjectured_regime(const Inputs& in) {
  // In log space: rho^queries underflows a double for large parameters.
  const double query_bits = in.queries * -std::log2(in.rho) + in.pow_bits, e_query = std::exp2(-query_bits);
  const double e_ali = ali_error(in, 1), e_deep = deep_error(in, 1), e_logup = logup_error(in, 1);
  const double e_batch = (in.batched - 1) * in.n / in.q;
  const double e_fold = ((in.arity - 1) * in.fold_domains + in.roll_in_domains) / in.q;
  return finish({{kTermQuery, query_bits, false},
                 {kTermAli, bits_of_error(e_ali), true},
                 {kTermDeep, bits_of_error(e_deep), true},
                 {kTermLogup, bits_of_error(e_logup), true},
                 {kTermBatching, bits_of_error(e_batch), true},
                 {kTermFolding, bits_of_error(e_fold), true}},
                e_query + e_ali + e_deep + e_logup + e_batch + e_fold);
}

struct JohnsonChoice {
  double theta, list;
};

// Proximity theta = 1 - sqrt(rho) - eta with eta = sqrt(rho)/(2m) [Ha22, Thm 2: alpha = sqrt(rho)(1+1/2m)],
// list size L = 1/(2 eta sqrt(rho)) (Johnson bound, as in soundcalc).
JohnsonChoice johnson(const Inputs& in, unsigned m) {
  const double sr = std::sqrt(in.rho), eta = sr / (2.0 * m);
  return {1 - sr - eta, 1 / (2 * eta * sr)};
}

// Correlated agreement for affine lines up to the Johnson radius [BCHKS25, Thm 4.2], for a code of
// rate rho over a domain of size n, with the theorem's multiplicity m_B = max(ceil(sqrt(rho)/eta), 3) = 2m:
// error(n) = (per_point * n + constant) / |F|.
struct ProximityGap {
  double per_point, constant;
  double error(const Inputs& in, double n) const { return (per_point * n + constant) / in.q; }
};

ProximityGap proximity_gap_linear(const Inputs& in, unsigned m, double theta) {
  const double sr = std::sqrt(in.rho), mb = std::max(2.0 * m, 3.0) + 0.5;
  return {(2 * std::pow(mb, 5) + 3 * mb * theta * in.rho) / (3 * in.rho * sr), mb / sr};
}

RegimeReport provable_regime(const Inputs& in, unsigned m) {
  const JohnsonChoice j = johnson(in, m);
  const double query_bits = in.queries * -std::log2(1 - j.theta) + in.pow_bits, e_query = std::exp2(-query_bits);
  const double e_ali = ali_error(in, j.list), e_deep = deep_error(in, j.list), e_logup = logup_error(in, j.list);
  // Batching by powers of one challenge: (functions - 1) times the affine-line error [soundcalc fri.py].
  const ProximityGap gap = proximity_gap_linear(in, m, j.theta);
  const double e_batch = (in.batched - 1) * gap.error(in, in.n);
  // Each round folds k functions by powers of its challenge, on a domain of N / k^(i+1) points;
  // a round that rolls a shorter height in batches k + 1 (one more power).
  const double e_fold = ((in.arity - 1) * (gap.per_point * in.fold_domains + in.rounds * gap.constant) +
                         gap.per_point * in.roll_in_domains + in.roll_in_rounds * gap.constant) / in.q;
  return finish({{kTermQuery, query_bits, false},
                 {kTermAli, bits_of_error(e_ali), true},
                 {kTermDeep, bits_of_error(e_deep), true},
                 {kTermLogup, bits_of_error(e_logup), true},
                 {kTermBatching, bits_of_error(e_batch), true},
                 {kTermFolding, bits_of_error(e_fold), true}},
                e_query + e_ali + e_deep + e_logup + e_batch + e_fold);
}

// Multi-point quotients need H + openings < (1 - theta) N [Ha22 §4.1.3; soundcalc deep_ali.py].
bool johnson_m_allowed(const Inputs& in, unsigned m) {
  return in.h + in.openings < (1 - johnson(in, m).theta) * in.n;
}

}  // namespace

ProofShape ProofShape::envelope(unsigned log_max_trace_height, unsigned num_tables) {
  ProofShape s;
  s.log_max_trace_height = static_cast<uint8_t>(log_max_trace_height);
  s.num_tables = num_tables;
  s.num_committed_columns = 512 * num_tables;
  s.max_constraint_degree = 4;
  s.num_constraints = 256 * num_tables;
  s.num_bus_interactions = 16 * num_tables;
  s.max_bus_tuple_width = 32;
  s.num_height_classes = std::min(num_tables, log_max_trace_height + 1);
  return s;
}

Error ProofShape::validate() const {
  auto bad = [](const char* what, uint64_t expected, uint64_t got) {
    return Error{ErrorCode::kInvalidArgument, what, expected, got};
  };
  if (log_max_trace_height < 1 || log_max_trace_height > 32)
    return bad("shape: log_max_trace_height outside [1, 32]", 32, log_max_trace_height);
  if (num_tables < 1) return bad("shape: num_tables below 1", 1, num_tables);
  if (num_committed_columns < 1) return bad("shape: num_committed_columns below 1", 1, num_committed_columns);
  if (max_constraint_degree < 1 || max_constraint_degree > 64)
    return bad("shape: max_constraint_degree outside [1, 64]", 64, max_constraint_degree);
  if (num_constraints < 1) return bad("shape: num_constraints below 1", 1, num_constraints);
  if ((num_bus_interactions == 0) != (max_bus_tuple_width == 0))
    return bad("shape: bus interactions and tuple width must be both zero or both non-zero", num_bus_interactions,
               max_bus_tuple_width);
  if (extension_degree < 1 || extension_degree > 3)
    return bad("shape: extension_degree outside [1, 3]", 3, extension_degree);
  if (num_opening_points < 1 || num_opening_points > 8)
    return bad("shape: num_opening_points outside [1, 8]", 8, num_opening_points);
  if (num_height_classes < 1 || num_height_classes > num_tables)
    return bad("shape: num_height_classes outside [1, num_tables]", num_tables, num_height_classes);
  return Error::none();
}

Error check_security_envelope(const StarkParams& params, const ProofShape& actual) {
  // The presets that claim bits (the tests check each claim over the whole envelope).
  // Either Merkle hash: both have 256-bit digests (kHashCollisionBits).
  const bool claims = params.same_fri(StarkParams::conjectured_100()) || params.same_fri(StarkParams::provable_100()) ||
                      params.same_fri(StarkParams::recursion()) || params.same_fri(StarkParams::compact());
  if (!claims) return Error::none();
  auto outside = [](const char* what, uint64_t bound, uint64_t got) {
    return Error{ErrorCode::kInvalidArgument, what, bound, got};
  };
  if (actual.num_tables > kEnvelopeMaxTables)
    return outside("circuit outside the preset's security envelope: tables", kEnvelopeMaxTables, actual.num_tables);
  if (actual.log_max_trace_height > kEnvelopeMaxLogHeight)
    return outside("circuit outside the preset's security envelope: log2 trace height", kEnvelopeMaxLogHeight,
                   actual.log_max_trace_height);
  // Every term's error grows with each quantity of the shape, so the claim checked at the envelope's
  // largest point holds for every shape that exceeds it in no quantity.
  const ProofShape env = ProofShape::envelope(kEnvelopeMaxLogHeight, kEnvelopeMaxTables);
  if (actual.max_constraint_degree > env.max_constraint_degree)
    return outside("circuit outside the preset's security envelope: max constraint degree", env.max_constraint_degree,
                   actual.max_constraint_degree);
  if (actual.max_bus_tuple_width > env.max_bus_tuple_width)
    return outside("circuit outside the preset's security envelope: bus tuple width", env.max_bus_tuple_width,
                   actual.max_bus_tuple_width);
  if (actual.num_committed_columns > env.num_committed_columns)
    return outside("circuit outside the preset's security envelope: committed columns", env.num_committed_columns,
                   actual.num_committed_columns);
  if (actual.num_constraints > env.num_constraints)
    return outside("circuit outside the preset's security envelope: constraints", env.num_constraints,
                   actual.num_constraints);
  if (actual.num_bus_interactions > env.num_bus_interactions)
    return outside("circuit outside the preset's security envelope: bus interactions", env.num_bus_interactions,
                   actual.num_bus_interactions);
  if (actual.extension_degree < env.extension_degree || actual.num_opening_points > env.num_opening_points)
    return outside("circuit outside the preset's security envelope: challenge field or opening points",
                   env.extension_degree, actual.extension_degree);
  return Error::none();
}

const SecurityTerm& RegimeReport::weakest() const {
  GF_CHECK(!terms.empty(), "empty regime report");
  return *std::min_element(terms.begin(), terms.end(),
                           [](const SecurityTerm& a, const SecurityTerm& b) { return a.bits < b.bits; });
}

double RegimeReport::bits_of(const char* name) const {
  for (const SecurityTerm& t : terms)
    if (std::strcmp(t.name, name) == 0) return t.bits;
  GF_CHECK(false, "no such security term");
  return 0;
}

bool RegimeReport::field_never_weakest() const {
  double weakest_other = INFINITY, weakest_field = INFINITY;
  for (const SecurityTerm& t : terms) {
    double& weakest = t.field_term ? weakest_field : weakest_other;
    weakest = std::min(weakest, t.bits);
  }
  return weakest_field > weakest_other;
}

SecurityReport security_report(const StarkParams& params, const ProofShape& shape) {
  GF_CHECK(params.validate().ok(), "security_report: invalid parameters");
  GF_CHECK(shape.validate().ok(), "security_report: invalid proof shape");
  SecurityReport r;
  // FRI runs on the DEEP composition (degree < H) and folds until 2^log_final_poly_len coefficients.
  const int fold_bits = int{shape.log_max_trace_height} - int{params.log_final_poly_len};
  r.fri_rounds = fold_bits <= 0 ? 0 : (fold_bits + params.log_folding_arity - 1) / params.log_folding_arity;
  const Inputs in = make_inputs(params, shape, r.fri_rounds);
  r.log2_field_size = shape.extension_degree * std::log2(kGoldilocks);
  r.conjectured = conjectured_regime(in);

  bool found = false;
  for (unsigned m = kMinJohnsonM; m <= kMaxJohnsonM; ++m) {
    if (!johnson_m_allowed(in, m)) continue;
    RegimeReport candidate = provable_regime(in, m);
    if (!found || candidate.total_bits > r.provable.total_bits) {
      r.provable = std::move(candidate);
      r.johnson_m = m;
      found = true;
    }
  }
  r.provable_applicable = found;
  if (!found) {  // tiny traces: the Johnson-regime analysis does not apply; report its terms at m = 3, total 0
    r.johnson_m = kMinJohnsonM;
    r.provable = provable_regime(in, kMinJohnsonM);
    r.provable.total_bits = 0;
  }
  const JohnsonChoice j = johnson(in, r.johnson_m);
  r.proximity_theta = j.theta;
  r.list_size = j.list;
  r.extension_field_never_weakest = r.conjectured.field_never_weakest() && r.provable.field_never_weakest();
  return r;
}

namespace {

void appendf(std::string& out, const char* format, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& out, const char* format, ...) {
  char buf[512];
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(buf, sizeof buf, format, args);
  va_end(args);
  GF_CHECK(n >= 0 && static_cast<size_t>(n) < sizeof buf, "report line too long");
  out.append(buf, static_cast<size_t>(n));
}

}  // namespace

std::string format_report(const StarkParams& p, const ProofShape& s, const SecurityReport& r) {
  std::string out;
  appendf(out, "Goldfinch security report\n");
  appendf(out, "  parameters  log_blowup %u (rate 1/%u), %u queries, %u pow bits, folding arity %u, final poly %u coeffs\n",
          unsigned{p.log_blowup}, 1u << p.log_blowup, unsigned{p.num_queries}, unsigned{p.pow_bits},
          1u << p.log_folding_arity, 1u << p.log_final_poly_len);
  appendf(out, "  shape       2^%u rows (tallest of %u tables), %u committed columns, %u constraints of degree <= %u\n",
          unsigned{s.log_max_trace_height}, s.num_tables, s.num_committed_columns, s.num_constraints,
          s.max_constraint_degree);
  appendf(out, "              %u bus interactions of width <= %u, %u opening points, challenges in F_p^%u (%.2f bits)\n",
          s.num_bus_interactions, s.max_bus_tuple_width, unsigned{s.num_opening_points},
          unsigned{s.extension_degree}, r.log2_field_size);
  appendf(out, "              %u trace height classes (each shorter one rolled into FRI)\n", s.num_height_classes);
  appendf(out, "  FRI         %u folding rounds from an LDE domain of 2^%u points\n\n", r.fri_rounds,
          unsigned{s.log_max_trace_height} + p.log_blowup);
  appendf(out, "  %-14s %12s %10s\n", "term (bits)", "conjectured", "provable");
  for (const SecurityTerm& t : r.conjectured.terms)
    appendf(out, "  %-14s %12.2f %10.2f%s\n", t.name, t.bits, r.provable.bits_of(t.name), t.field_term ? "  (field)" : "");
  appendf(out, "  %-14s %12.2f %10.2f\n", "total", r.conjectured.total_bits, r.provable.total_bits);
  appendf(out, "  %-14s %12s %10s\n\n", "weakest", r.conjectured.weakest().name, r.provable.weakest().name);
  if (r.provable_applicable) {
    appendf(out, "  Johnson regime: m = %u, gap eta = sqrt(rho)/(2m), proximity theta = %.6f, list size L = %.1f\n",
            r.johnson_m, r.proximity_theta, r.list_size);
  } else {
    appendf(out, "  Johnson regime: not applicable (trace too short for the multi-point condition)\n");
  }
  appendf(out, "  extension field never the weakest term: %s\n", r.extension_field_never_weakest ? "yes" : "NO");
  return out;
}

std::string format_report_json(const StarkParams& p, const ProofShape& s, const SecurityReport& r) {
  std::string out;
  appendf(out, "{\"params\":{\"log_blowup\":%u,\"num_queries\":%u,\"pow_bits\":%u,\"log_folding_arity\":%u,"
          "\"log_final_poly_len\":%u},", unsigned{p.log_blowup}, unsigned{p.num_queries}, unsigned{p.pow_bits},
          unsigned{p.log_folding_arity}, unsigned{p.log_final_poly_len});
  appendf(out, "\"shape\":{\"log_max_trace_height\":%u,\"num_tables\":%u,\"num_committed_columns\":%u,"
          "\"max_constraint_degree\":%u,\"num_constraints\":%u,\"num_bus_interactions\":%u,"
          "\"max_bus_tuple_width\":%u,\"extension_degree\":%u,\"num_opening_points\":%u,"
          "\"num_height_classes\":%u},",
          unsigned{s.log_max_trace_height}, s.num_tables, s.num_committed_columns, s.max_constraint_degree,
          s.num_constraints, s.num_bus_interactions, s.max_bus_tuple_width, unsigned{s.extension_degree},
          unsigned{s.num_opening_points}, s.num_height_classes);
  auto regime = [&](const char* name, const RegimeReport& reg) {
    appendf(out, "\"%s\":{\"total_bits\":%.6f,\"weakest\":\"%s\",\"terms\":{", name, reg.total_bits,
            reg.weakest().name);
    for (size_t i = 0; i < reg.terms.size(); ++i)
      appendf(out, "%s\"%s\":%.6f", i ? "," : "", reg.terms[i].name, reg.terms[i].bits);
    appendf(out, "}},");
  };
  regime("conjectured", r.conjectured);
  regime("provable", r.provable);
  appendf(out, "\"provable_applicable\":%s,\"johnson_m\":%u,\"proximity_theta\":%.9f,\"list_size\":%.6f,"
          "\"fri_rounds\":%u,\"log2_field_size\":%.6f,\"extension_field_never_weakest\":%s}\n",
          r.provable_applicable ? "true" : "false", r.johnson_m, r.proximity_theta, r.list_size, r.fri_rounds,
          r.log2_field_size, r.extension_field_never_weakest ? "true" : "false");
  return out;
}

}  // namespace goldfinch::stark
