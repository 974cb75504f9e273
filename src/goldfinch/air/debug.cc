#include "goldfinch/air/debug.h"

#include <fmt/core.h>

#include <map>

namespace goldfinch::air {
namespace {

std::string signed_string(Fp v) {
  if (v.value() < (1ull << 32)) return fmt::format("{}", v.value());
  if (Fp::kModulus - v.value() < (1ull << 32)) return fmt::format("-{}", Fp::kModulus - v.value());
  return fmt::format("{} (mod p)", v.value());
}

}  // namespace

const char* selector_name(Selector s) {
  switch (s) {
    case Selector::kEveryRow: return "every row";
    case Selector::kFirstRow: return "first row";
    case Selector::kLastRow: return "last row";
    case Selector::kTransition: return "transition";
  }
  return "?";
}

std::string ConstraintFailure::describe() const {
  return fmt::format("table '{}', row {}: constraint #{} '{}' ({}) evaluates to {}, not 0", table, row,
                     constraint, constraint_name, selector_name(selector), value.value());
}

std::string BusImbalance::describe() const {
  std::string t;
  for (size_t i = 0; i < tuple.size(); ++i) t += (i ? ", " : "") + fmt::format("{}", tuple[i].value());
  return fmt::format("bus {}: tuple ({}) has net multiplicity {} (sends minus receives), not 0", bus, t,
                     signed_string(net));
}

std::vector<ConstraintFailure> check_constraints(const TableTrace& t, size_t limit) {
  std::vector<ConstraintFailure> out;
  if (t.main.height == 0 && t.air->optional()) return out;  // an absent optional table: no rows
  GF_CHECK(t.main.width == t.air->width(), "trace width does not match the table");
  DebugBuilder b(t.main, t.preprocessed, t.public_values);
  for (size_t row = 0; row < t.main.height && out.size() < limit; ++row) {
    b.set_row(row);
    t.air->eval_debug(b);
    for (const auto& f : b.failures()) {
      if (out.size() >= limit) break;
      out.push_back({t.air->name(), row, f.constraint, f.name, f.selector, f.value});
    }
  }
  return out;
}

std::vector<BusImbalance> check_buses(std::span<const TableTrace> tables, size_t limit) {
  // Key: (bus, tuple as u64 values). Debug-only code: std::map is fine here.
  std::map<std::pair<uint32_t, std::vector<uint64_t>>, Fp> net;
  auto add = [&](uint32_t bus, const std::vector<Fp>& fields, Fp m, Direction d) {
    if (m.is_zero()) return;
    std::vector<uint64_t> key(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) key[i] = fields[i].value();
    Fp& slot = net[{bus, std::move(key)}];
    slot += d == Direction::kSend ? m : -m;
  };
  for (const TableTrace& t : tables) {
    const auto interactions = t.air->interactions();
    for (size_t row = 0; row < t.main.height; ++row) {
      auto main_at = [&](uint32_t c) { return t.main.at(row, c); };
      auto pre_at = [&](uint32_t c) { return t.preprocessed.at(row, c); };
      for (const Interaction& it : interactions) {
        std::vector<Fp> fields;
        fields.reserve(it.fields.size());
        for (const auto& f : it.fields) fields.push_back(f.eval<Fp>(main_at, pre_at, Fp::zero()));
        add(it.bus, fields, it.multiplicity.eval<Fp>(main_at, pre_at, Fp::zero()), it.direction);
      }
    }
    for (const PublicBusTerm& p : t.air->public_bus_terms(t.public_values)) add(p.bus, p.fields, p.multiplicity, p.direction);
  }
  std::vector<BusImbalance> out;
  for (const auto& [key, m] : net) {
    if (m.is_zero()) continue;
    if (out.size() >= limit) break;
    std::vector<Fp> tuple;
    for (uint64_t v : key.second) tuple.push_back(Fp::from_canonical(v));
    out.push_back({key.first, std::move(tuple), m});
  }
  return out;
}

}  // namespace goldfinch::air
