// `goldfinch security`: the security calculator's report (conjectured and provable bits, term by
// term) for a parameter preset or explicit parameters, on the preset envelope shape, a given one,
// or the real tables of a guest (--elf guest.elf, or its key: --vk key.vk), which it also checks
// against the envelope of the preset.
#include <fmt/core.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "guest_io.h"
#include "guest_proof_io.h"
#include "goldfinch/stark/security.h"
#include "goldfinch/stark/shape.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::cli {
namespace {

constexpr int64_t kUnset = -1;

struct SecurityOptions {
  std::string preset = "default";
  int64_t log_blowup = kUnset, queries = kUnset, pow_bits = kUnset, log_arity = kUnset, log_final = kUnset;
  int64_t log_trace_height = 24, tables = 1;
  int64_t columns = kUnset, constraints = kUnset, degree = kUnset, interactions = kUnset, tuple_width = kUnset;
  int64_t extension_degree = kUnset, height_classes = kUnset;
  std::string elf, vk;  // the real tables of a guest, from its ELF or its key
  bool json = false;

  bool shape_given() const {
    return columns != kUnset || constraints != kUnset || degree != kUnset || interactions != kUnset ||
           tuple_width != kUnset || extension_degree != kUnset || height_classes != kUnset || tables != 1;
  }
};

// Copies an option into a narrower field unless unset; false (with a message) if it cannot fit.
template <class T>
bool assign(T& field, int64_t value, const char* flag) {
  if (value == kUnset) return true;
  if (value < 0 || static_cast<uint64_t>(value) > static_cast<uint64_t>(T(~T{0}))) {
    fmt::print(stderr, "error: {} {} does not fit\n", flag, value);
    return false;
  }
  field = static_cast<T>(value);
  return true;
}

int report_error(const Error& e) {
  fmt::print(stderr, "error: {} (bound {}, got {})\n", e.what, e.expected, e.got);
  return 2;
}

// The circuit of --elf / --vk: its key (parameters) and its tables.
struct GuestCircuit {
  zkvm::GuestKey key;
  std::unique_ptr<circuit::Rv32imCircuit> circuit;  // verifier-side tables (from the key's shape)
  std::optional<zkvm::Program> program;             // or the ELF-built ones
  std::vector<const air::Air*> tables() const { return program ? program->circuit().tables() : circuit->tables(); }
};

std::optional<GuestCircuit> load_circuit(const SecurityOptions& o, int* rc) {
  GuestCircuit g;
  if (!o.elf.empty()) {
    g.program = load_program("security", o.elf, o.preset, rc);
    if (!g.program) return std::nullopt;
    g.key = g.program->key();
    return g;
  }
  auto bytes = zkvm::read_file(o.vk);
  if (!bytes.ok()) return fmt::print(stderr, "goldfinch security: {}\n", bytes.error().message), *rc = kExitBadInput, std::nullopt;
  auto key = zkvm::GuestKey::decode(*bytes);
  if (!key.ok()) return fmt::print(stderr, "goldfinch security: {}: {}\n", o.vk, key.error().message), *rc = kExitBadInput, std::nullopt;
  g.key = *key;
  g.circuit = std::make_unique<circuit::Rv32imCircuit>(*g.key.shape());
  return g;
}

int run_security(const SecurityOptions& o) {
  auto params_or = stark::StarkParams::preset(o.preset);
  if (!params_or.ok()) {
    fmt::print(stderr, "error: {}: '{}'\n", params_or.error().what, o.preset);
    return 2;
  }
  const bool from_circuit = !o.elf.empty() || !o.vk.empty();
  if (!o.elf.empty() && !o.vk.empty()) return fmt::print(stderr, "error: give at most one of --elf and --vk\n"), 2;
  if (from_circuit && o.shape_given())
    return fmt::print(stderr, "error: --elf/--vk compute the shape from the circuit; only --log-trace-height may be given\n"), 2;
  std::optional<GuestCircuit> guest;
  if (from_circuit) {
    int rc = 2;
    guest = load_circuit(o, &rc);
    if (!guest) return rc;
    params_or = guest->key.vk.params;  // the key's parameters (--elf: those of --preset)
  }
  stark::StarkParams p = *params_or;
  if (!assign(p.log_blowup, o.log_blowup, "--log-blowup") || !assign(p.num_queries, o.queries, "--queries") ||
      !assign(p.pow_bits, o.pow_bits, "--pow-bits") ||
      !assign(p.log_folding_arity, o.log_arity, "--log-folding-arity") ||
      !assign(p.log_final_poly_len, o.log_final, "--log-final-poly-len"))
    return 2;
  if (Error e = p.validate(); !e.ok()) return report_error(e);

  if (o.log_trace_height < 1 || o.log_trace_height > 32 || o.tables < 1 || o.tables > (1 << 20)) {
    fmt::print(stderr, "error: --log-trace-height must be in [1, 32] and --tables in [1, 2^20]\n");
    return 2;
  }
  stark::ProofShape s = stark::ProofShape::envelope(static_cast<unsigned>(o.log_trace_height),
                                                    static_cast<unsigned>(o.tables));
  if (guest) s = stark::proof_shape(guest->key.vk, guest->tables(), static_cast<unsigned>(o.log_trace_height));
  if (!assign(s.num_committed_columns, o.columns, "--columns") ||
      !assign(s.num_constraints, o.constraints, "--constraints") ||
      !assign(s.max_constraint_degree, o.degree, "--degree") ||
      !assign(s.num_bus_interactions, o.interactions, "--interactions") ||
      !assign(s.max_bus_tuple_width, o.tuple_width, "--tuple-width") ||
      !assign(s.extension_degree, o.extension_degree, "--extension-degree") ||
      !assign(s.num_height_classes, o.height_classes, "--height-classes"))
    return 2;
  if (Error e = s.validate(); !e.ok()) return report_error(e);

  const stark::SecurityReport r = stark::security_report(p, s);
  if (!guest) {
    fmt::print("{}", o.json ? stark::format_report_json(p, s, r) : stark::format_report(p, s, r));
    return 0;
  }
  // The real circuit: its source and whether it lies inside the envelope the preset claims.
  const std::string source = o.elf.empty() ? o.vk : o.elf;
  const Error env = stark::check_security_envelope(p, s);
  if (o.json) {
    std::string json = stark::format_report_json(p, s, r);
    json.resize(json.size() - 2);  // drop "}\n"
    fmt::print("{},\"circuit\":{{\"source\":\"{}\",\"vk_digest\":\"{}\",\"inside_envelope\":{}", json,
               json_escape(source), hash::to_hex(guest->key.digest()), env.ok() ? "true" : "false");
    if (!env.ok()) fmt::print(",\"outside\":\"{}\",\"bound\":{},\"got\":{}", env.what, env.expected, env.got);
    fmt::print("}}}}\n");
  } else {
    fmt::print("Circuit of {} (key digest {})\n", source, hash::to_hex(guest->key.digest()));
    fmt::print("{}", stark::format_report(p, s, r));
    if (env.ok()) fmt::print("  envelope: inside the envelope of the parameters' preset (or the parameters claim none)\n");
    else fmt::print("  envelope: OUTSIDE — {} (bound {}, got {})\n", env.what, env.expected, env.got);
  }
  return env.ok() ? 0 : 1;
}

}  // namespace

Command add_security_command(CLI::App& app) {
  auto* sub = app.add_subcommand("security", "Bits of security (conjectured and provable) of STARK parameters");
  auto o = std::make_shared<SecurityOptions>();
  sub->add_option("--preset", o->preset, "default, provable-100, recursion, compact or testing (explicit options override it)");
  sub->add_option("--log-blowup", o->log_blowup, "log2 of the LDE blowup (1..6)");
  sub->add_option("--queries", o->queries, "FRI queries (1..512)");
  sub->add_option("--pow-bits", o->pow_bits, "grinding bits before the queries (0..32)");
  sub->add_option("--log-folding-arity", o->log_arity, "log2 of the FRI folding arity (1..4)");
  sub->add_option("--log-final-poly-len", o->log_final, "log2 of the final FRI polynomial's length (0..10)");
  sub->add_option("--log-trace-height", o->log_trace_height, "log2 of the tallest table (default 24)");
  sub->add_option("--tables", o->tables, "tables in the proof; sizes the default shape (default 1)");
  sub->add_option("--columns", o->columns, "committed base-field columns, all tables (default 512 per table)");
  sub->add_option("--constraints", o->constraints, "constraints, all tables (default 256 per table)");
  sub->add_option("--degree", o->degree, "max constraint degree (default 4)");
  sub->add_option("--interactions", o->interactions, "LogUp bus interactions, all tables (default 16 per table)");
  sub->add_option("--tuple-width", o->tuple_width, "fields per bus tuple (default 8)");
  sub->add_option("--extension-degree", o->extension_degree, "degree of the challenge field over F_p (default 3)");
  sub->add_option("--height-classes", o->height_classes, "distinct trace heights (default: one per table, <= log height + 1)");
  sub->add_option("--elf", o->elf, "the real tables of this guest (with the parameters of --preset)");
  sub->add_option("--vk", o->vk, "the real tables and parameters of this guest key (goldfinch vk)");
  sub->add_flag("--json", o->json, "print the report as one JSON object");
  return [o] { return run_security(*o); };
}

}  // namespace goldfinch::cli
