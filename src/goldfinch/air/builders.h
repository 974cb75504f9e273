// The builders that run a table's one `eval` in each context:
//   SymbolicBuilder  — Expr is a degree; records every constraint with its degree and selector.
//   DebugBuilder     — Expr is F_p at one row of the honest trace; records failing constraints.
//   ProverRowBuilder — Expr is F_p at one point of the quotient domain; folds the constraints
//                      with powers of the composition challenge alpha into an F_p^3 accumulator.
//   VerifierBuilder  — Expr is F_p^3 at the out-of-domain point z; records the constraint values
//                      for the caller to fold the same way.
// All four visit the constraints in the same order, so constraint k always meets alpha^k. The
// verifier's builder never reads outside what the verifying key declares: an out-of-range column,
// public value or constraint index is recorded as a typed error (error()), and the caller also
// compares constraints_seen() with the key's count.
#pragma once

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/base/check.h"
#include "goldfinch/base/error.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/field/lazy_ext.h"

namespace goldfinch::air {

enum class Selector : uint8_t { kEveryRow = 0, kFirstRow, kLastRow, kTransition };

const char* selector_name(Selector s);

// Polynomial degree of an expression, in units of the trace degree.
struct Degree {
  unsigned d = 0;
  friend Degree operator+(Degree a, Degree b) { return {std::max(a.d, b.d)}; }
  friend Degree operator-(Degree a, Degree b) { return {std::max(a.d, b.d)}; }
  friend Degree operator*(Degree a, Degree b) { return {a.d + b.d}; }
  friend Degree operator+(Degree a, Fp) { return a; }
  friend Degree operator-(Degree a, Fp) { return a; }
  friend Degree operator*(Degree a, Fp) { return a; }
  Degree operator-() const { return *this; }
};

struct ConstraintInfo {
  std::string name;
  Selector selector = Selector::kEveryRow;
  unsigned degree = 0;  // including the selector's degree (1 for first/last/transition)
};

// Common helpers every builder gets by deriving from BuilderOps<Self, Expr>.
template <class Self, class E>
struct BuilderOps {
  void assert_bool(E x, const char* name = "boolean") { self().assert_zero(x * (x - Fp::one()), name); }
  void assert_eq(E a, E b, const char* name = "equal") { self().assert_zero(a - b, name); }
  void assert_eq_transition(E a, E b, const char* name = "equal (transition)") {
    self().assert_zero_transition(a - b, name);
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

class SymbolicBuilder : public BuilderOps<SymbolicBuilder, Degree> {
 public:
  using Expr = Degree;
  SymbolicBuilder(size_t width, size_t preprocessed_width, size_t num_public_values)
      : width_(width), pre_width_(preprocessed_width), num_pv_(num_public_values) {}

  Expr main(size_t i) { GF_CHECK(i < width_, "main column out of range"); return {1}; }
  Expr main_next(size_t i) { return main(i); }
  Expr pre(size_t i) { GF_CHECK(i < pre_width_, "preprocessed column out of range"); return {1}; }
  Expr pre_next(size_t i) { return pre(i); }
  Expr public_value(size_t i) { GF_CHECK(i < num_pv_, "public value out of range"); return {0}; }
  Expr constant(Fp) { return {0}; }

  void assert_zero(Expr e, const char* name = "") { add(e, Selector::kEveryRow, name); }
  void assert_zero_first_row(Expr e, const char* name = "") { add(e, Selector::kFirstRow, name); }
  void assert_zero_last_row(Expr e, const char* name = "") { add(e, Selector::kLastRow, name); }
  void assert_zero_transition(Expr e, const char* name = "") { add(e, Selector::kTransition, name); }

  const std::vector<ConstraintInfo>& constraints() const { return constraints_; }
  unsigned max_degree() const;

 private:
  void add(Expr e, Selector s, const char* name) {
    constraints_.push_back({name, s, e.d + (s == Selector::kEveryRow ? 0u : 1u)});
  }
  size_t width_, pre_width_, num_pv_;
  std::vector<ConstraintInfo> constraints_;
};

// Evaluates constraints on row `row` of an honest trace (next row wraps around).
class DebugBuilder : public BuilderOps<DebugBuilder, Fp> {
 public:
  using Expr = Fp;
  struct Failure {
    size_t constraint = 0;  // index in eval order
    const char* name = "";
    Selector selector = Selector::kEveryRow;
    Fp value;
  };

  DebugBuilder(ConstMatrixView main, ConstMatrixView pre, std::span<const Fp> public_values)
      : main_(main), pre_(pre), pv_(public_values) {}
  void set_row(size_t row) {
    row_ = row;
    next_ = (row + 1) % main_.height;
    index_ = 0;
    failures_.clear();
  }

  Expr main(size_t i) { return main_.at(row_, i); }
  Expr main_next(size_t i) { return main_.at(next_, i); }
  Expr pre(size_t i) { return pre_.at(row_, i); }
  Expr pre_next(size_t i) { return pre_.at(next_, i); }
  Expr public_value(size_t i) { return pv_[i]; }
  Expr constant(Fp c) { return c; }

  void assert_zero(Expr e, const char* name = "") { check(e, Selector::kEveryRow, true, name); }
  void assert_zero_first_row(Expr e, const char* name = "") { check(e, Selector::kFirstRow, row_ == 0, name); }
  void assert_zero_last_row(Expr e, const char* name = "") {
    check(e, Selector::kLastRow, row_ + 1 == main_.height, name);
  }
  void assert_zero_transition(Expr e, const char* name = "") {
    check(e, Selector::kTransition, row_ + 1 != main_.height, name);
  }

  const std::vector<Failure>& failures() const { return failures_; }

 private:
  void check(Expr e, Selector s, bool active, const char* name) {
    if (active && !e.is_zero()) failures_.push_back({index_, name, s, e});
    ++index_;
  }
  ConstMatrixView main_, pre_;
  std::span<const Fp> pv_;
  size_t row_ = 0, next_ = 0, index_ = 0;
  std::vector<Failure> failures_;
};

// Selector values at one point x of a domain disjoint from the trace subgroup H = <g> of size n:
// first = Z_H(x)/(x - 1), last = Z_H(x)/(x - g^-1), transition = x - g^-1 (unnormalised Lagrange
// selectors: each vanishes on H except on its row). Templated on F_p / F_p^3.
template <class V>
struct SelectorValues {
  V first, last, transition;
};

class ProverRowBuilder : public BuilderOps<ProverRowBuilder, Fp> {
 public:
  using Expr = Fp;
  ProverRowBuilder(std::span<const Fp3> alpha_powers, std::span<const Fp> public_values)
      : alpha_powers_(alpha_powers), pv_(public_values) {}

  void set_point(const Fp* main, const Fp* main_next, const Fp* pre, const Fp* pre_next,
                 const SelectorValues<Fp>& sel) {
    main_ = main; main_next_ = main_next; pre_ = pre; pre_next_ = pre_next;
    sel_ = sel;
    acc_ = LazyExtSum{};
    index_ = 0;
  }

  Expr main(size_t i) { return main_[i]; }
  Expr main_next(size_t i) { return main_next_[i]; }
  Expr pre(size_t i) { return pre_[i]; }
  Expr pre_next(size_t i) { return pre_next_[i]; }
  Expr public_value(size_t i) { return pv_[i]; }
  Expr constant(Fp c) { return c; }

  void assert_zero(Expr e, const char* = "") { fold(e); }
  void assert_zero_first_row(Expr e, const char* = "") { fold(e * sel_.first); }
  void assert_zero_last_row(Expr e, const char* = "") { fold(e * sel_.last); }
  void assert_zero_transition(Expr e, const char* = "") { fold(e * sel_.transition); }

  // Sum over constraints of alpha^k * C_k(x) * selector_k(x).
  Fp3 accumulated() const { return acc_.reduce(); }
  size_t constraints_seen() const { return index_; }

 private:
  void fold(Fp v) {
    GF_CHECK(index_ < alpha_powers_.size(), "a table's prover-side evaluation has more constraints than its symbolic one");
    acc_.add_mul(alpha_powers_[index_++], v);
  }
  std::span<const Fp3> alpha_powers_;
  std::span<const Fp> pv_;
  const Fp *main_ = nullptr, *main_next_ = nullptr, *pre_ = nullptr, *pre_next_ = nullptr;
  SelectorValues<Fp> sel_{};
  LazyExtSum acc_;
  size_t index_ = 0;
};

class VerifierBuilder : public BuilderOps<VerifierBuilder, Fp3> {
 public:
  using Expr = Fp3;
  struct Openings {
    std::span<const Fp3> main, main_next, pre, pre_next;
  };
  // Constraint k's value (times its selector) is stored at values[values.size() - 1 - k]: the
  // caller folds them with powers of alpha as one Horner sum (stark/ood_check.cc), which in the VM
  // is one GF_FP3_HORNER call instead of a product and a sum per constraint.
  VerifierBuilder(Openings o, std::span<const Fp> public_values, const SelectorValues<Fp3>& sel, std::span<Fp3> values)
      : o_(o), pv_(public_values), sel_(sel), values_(values) {}

  Expr main(size_t i) { return read(o_.main, i, "constraint reads a main column outside the table's width"); }
  Expr main_next(size_t i) { return read(o_.main_next, i, "constraint reads a main column outside the table's width"); }
  Expr pre(size_t i) { return read(o_.pre, i, "constraint reads a preprocessed column outside the table's width"); }
  Expr pre_next(size_t i) {
    return read(o_.pre_next, i, "constraint reads a preprocessed column outside the table's width");
  }
  Expr public_value(size_t i) {
    if (i < pv_.size()) return Fp3(pv_[i]);
    record({ErrorCode::kMismatch, "constraint reads a public value the table does not declare", pv_.size(), i});
    return Fp3::zero();
  }
  Expr constant(Fp c) { return Fp3(c); }

  void assert_zero(Expr e, const char* = "") { fold(e); }
  void assert_zero_first_row(Expr e, const char* = "") { fold(e * sel_.first); }
  void assert_zero_last_row(Expr e, const char* = "") { fold(e * sel_.last); }
  void assert_zero_transition(Expr e, const char* = "") { fold(e * sel_.transition); }

  size_t constraints_seen() const { return index_; }
  // The first out-of-range read or constraint, if any (expected: the bound, got: the index).
  const Error& error() const { return error_; }

 private:
  Expr read(std::span<const Fp3> values, size_t i, const char* what) {
    if (i < values.size()) return values[i];
    record({ErrorCode::kMismatch, what, values.size(), i});
    return Fp3::zero();
  }
  void fold(const Fp3& v) {
    if (index_ < values_.size())
      values_[values_.size() - 1 - index_] = v;
    else
      record({ErrorCode::kMismatch, "table evaluates more constraints than its verifying key declares", values_.size(),
              index_ + 1});
    ++index_;
  }
  void record(const Error& e) {
    if (error_.ok()) error_ = e;
  }
  Error error_;
  Openings o_;
  std::span<const Fp> pv_;
  SelectorValues<Fp3> sel_;
  std::span<Fp3> values_;
  size_t index_ = 0;
};

}  // namespace goldfinch::air
