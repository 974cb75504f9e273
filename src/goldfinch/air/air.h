// A table of the STARK: main columns (base field), optional preprocessed (fixed) columns, public
// values, polynomial constraints over the current and next row, and LogUp bus interactions.
// A table's constraints are written once, as `template <class B> void eval(B& b) const`, and the
// same code is run by every builder: SymbolicBuilder (degrees), the prover's quotient evaluator,
// the verifier's out-of-domain check and the row-by-row DebugBuilder (see builders.h).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/base/small_vector.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/matrix.h"

namespace goldfinch::air {

// A column of the current row: main or preprocessed.
struct Column {
  enum Kind : uint8_t { kMain = 0, kPreprocessed = 1 } kind = kMain;
  uint32_t index = 0;

  static Column main(uint32_t i) { return {kMain, i}; }
  static Column pre(uint32_t i) { return {kPreprocessed, i}; }
};

// sum_i coeff_i * column_i + constant, over the current row. Bus fields and multiplicities are
// linear combinations of columns (as in SP1): cheap to evaluate everywhere, and enough for buses.
// Most have one to three terms, kept inline: building a table's interactions then allocates once
// per interaction instead of once per field (the in-VM verifier builds ~600 of them per proof).
struct LinearCombination {
  SmallVector<std::pair<Column, Fp>, 3> terms;
  Fp constant = Fp::zero();

  static LinearCombination col(Column c) { return {{{c, Fp::one()}}, Fp::zero()}; }
  static LinearCombination main(uint32_t i) { return col(Column::main(i)); }
  static LinearCombination pre(uint32_t i) { return col(Column::pre(i)); }
  static LinearCombination constant_value(Fp c) { return {{}, c}; }
  static LinearCombination one() { return constant_value(Fp::one()); }

  // Evaluates at a row given accessors for main and preprocessed values (any ring type V with
  // V + V, V * Fp and V + Fp).
  template <class V, class MainAt, class PreAt>
  V eval(MainAt&& main_at, PreAt&& pre_at, V zero) const {
    V acc = zero + constant;
    for (const auto& [c, k] : terms) acc = acc + (c.kind == Column::kMain ? main_at(c.index) : pre_at(c.index)) * k;
    return acc;
  }
};

enum class Direction : uint8_t { kSend = 0, kReceive = 1 };

// One bus interaction: on every row, the tuple `fields` is sent (+multiplicity) or received
// (-multiplicity) on bus `bus`. A bus balances when, over all tables and the public terms, every
// tuple's multiplicities sum to zero; LogUp checks sum m / (alpha - fingerprint(tuple)) = 0 with
// fingerprint = bus + sum_i beta^(i+1) * field_i.
struct Interaction {
  uint32_t bus = 0;
  std::vector<LinearCombination> fields;
  LinearCombination multiplicity;
  Direction direction = Direction::kSend;
};

// A bus contribution fixed by public values (checked by the verifier directly).
struct PublicBusTerm {
  uint32_t bus = 0;
  std::vector<Fp> fields;
  Fp multiplicity = Fp::one();
  Direction direction = Direction::kSend;
};

class SymbolicBuilder;
class DebugBuilder;
class ProverRowBuilder;
class VerifierBuilder;

// The engine's view of a table: a coarse virtual seam. Tables derive from AirBase<Derived>
// (below), which routes every builder to the one templated Derived::eval.
// See Air::pinned_description. The digest is written as 64 hex digits.
struct PinnedDescription {
  uint32_t num_constraints = 0;
  uint32_t num_interactions = 0;
  uint32_t max_degree = 0;
  std::array<uint8_t, 32> digest{};

  static void not_a_lowercase_hex_digit() {}
  static constexpr uint8_t hex_digit(char c) {
    return static_cast<uint8_t>(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0xFF);
  }
  static constexpr std::array<uint8_t, 32> parse_hex(const char (&hex)[65]) {
    std::array<uint8_t, 32> d{};
    for (size_t i = 0; i < 32; ++i) {
      const uint8_t hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
      if (hi > 15 || lo > 15) not_a_lowercase_hex_digit();  // not constexpr: a compile-time error
      d[i] = static_cast<uint8_t>(hi << 4 | lo);
    }
    return d;
  }
};

class Air {
 public:
  virtual ~Air() = default;
  virtual std::string name() const = 0;
  virtual size_t width() const = 0;
  virtual size_t preprocessed_width() const { return 0; }
  virtual size_t num_public_values() const { return 0; }
  // A table whose public values have a per-proof length (e.g. a program's public output): the
  // proof carries the count. Such a table declares num_public_values() == 0, its constraints
  // cannot read public values, and only public_bus_terms() sees them.
  virtual bool variable_public_values() const { return false; }
  // Tables with preprocessed columns have a fixed height (their columns are in the verifying
  // key); 0 for tables whose height the prover chooses per proof.
  virtual size_t fixed_height() const { return 0; }
  // A table a proof may leave out when it has no rows (a precompile table of a run that never
  // calls it): an absent table contributes nothing to any bus and is not committed or opened.
  // Only tables whose statement is vacuous without rows qualify (no preprocessed columns, no
  // public values, no first- or last-row duty); bound into the key's constraint digest.
  virtual bool optional() const { return false; }
  // What stark::describe_table derives for a table whose constraint system has no parameters
  // (counts and the digest of its canonical encoding), written down so the in-VM verifier checks a
  // key against these figures instead of re-deriving them: a symbolic pass and a hash of ~120 KB
  // for each wide precompile table. nullptr: derive. pinned_descriptions_test checks every pin
  // against describe_table (and the interactions' columns against the width) on the host.
  virtual const PinnedDescription* pinned_description() const { return nullptr; }
  // The preprocessed columns for a table of `height` rows (empty when there are none). Fixed by
  // the table's definition: they are committed once, in the verifying key.
  virtual RowMajorMatrix preprocessed_trace(size_t height) const { (void)height; return {}; }
  virtual std::vector<Interaction> interactions() const { return {}; }
  // Constants the table's constraints use that are not visible to the symbolic builder (e.g. a
  // program's entry point): they go into the verifying key's digest of the table, so two tables
  // that differ only in such a constant have different keys.
  virtual std::vector<Fp> constants() const { return {}; }
  virtual std::vector<PublicBusTerm> public_bus_terms(std::span<const Fp> public_values) const {
    (void)public_values;
    return {};
  }

  virtual void eval_symbolic(SymbolicBuilder& b) const = 0;
  virtual void eval_debug(DebugBuilder& b) const = 0;
  virtual void eval_prover(ProverRowBuilder& b) const = 0;
  virtual void eval_verifier(VerifierBuilder& b) const = 0;
};

template <class Derived>
class AirBase : public Air {
 public:
  void eval_symbolic(SymbolicBuilder& b) const override { self().eval(b); }
#if defined(GF_VERIFIER_IN_GUEST)
  // The verifier guest links no prover and no debug checker, so nothing calls these there; left
  // in, each table's eval instantiated for both builders was ~490 KB of the verifier's 1.29 MB of
  // code, and a guest's code is a cost per shard when it is proven (the program table has a row
  // per code word; the image and RAM boundary tables a row per image word).
  void eval_debug(DebugBuilder&) const override { __builtin_trap(); }
  void eval_prover(ProverRowBuilder&) const override { __builtin_trap(); }
#else
  void eval_debug(DebugBuilder& b) const override { self().eval(b); }
  void eval_prover(ProverRowBuilder& b) const override { self().eval(b); }
#endif
  void eval_verifier(VerifierBuilder& b) const override { self().eval(b); }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
};

}  // namespace goldfinch::air
