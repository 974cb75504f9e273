// `goldfinch verify proof.bin (--elf guest.elf [--preset NAME] | --vk key.vk) [--json]` for proofs
// of guest programs (made by `goldfinch prove`): a receipt of shard proofs (zkvm::verify_receipt),
// an aggregate proof (`prove --aggregate`; recursion::verify_aggregate, under the key of
// guest/bin/aggregator.elf at the same parameters, or --aggregator-elf) or a whole-run proof
// (`prove --single`; zkvm::verify), told apart by their magic. The
// statement's tables are rebuilt from the ELF, or from the guest key alone (`goldfinch vk`;
// zkvm::GuestKey). Prints the proven exit code, cycles, shard count and public output (hex, and
// text when printable); --json prints {valid, exit_code, output, cycles, vk_digest, verify_ms,
// receipt, aggregated, shards} (or {valid: false, error, ...}). With --in-vm the verifier guest verifies the
// proof inside the executor instead: a whole-run proof as statement rv32im, a receipt shard by
// shard as statement rv32im_shard (one guest run per shard; the chain of the statements the
// guest committed is then checked on the host by zkvm::check_receipt_chain). docs/recursion.md.
// `goldfinch verify proof.bin --vk key.vk [--statement NAME] [--in-vm [--verifier-elf FILE]]
//  [--max-cycles N] [--json]`: verifies a proof of an example statement (a key written by
// prove-example; told apart from a guest key by its magic). Without --in-vm the host
// verifier runs; with --in-vm the key and proof are packed (recursion/packed_input.h) and the
// verifier guest (guest/bin/verifier.elf: the same verifier compiled for RV32IM) runs in the
// executor, reporting the verdict, the cycles and the cycles of each verifier phase — what
// recursion over this proof costs. The statement (table set) is named with --statement or read
// from the key's table names; see docs/recursion.md.
// Exit code: 0 valid, 1 invalid (a malformed or truncated proof included), 2 bad usage,
// 100/101 the verifier guest trapped / ran out of cycles, 102 unreadable files, a malformed key
// or an invalid ELF.
#include <fmt/core.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

#include "commands.h"
#include "goldfinch/recursion/aggregate_tree.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/rv32im_output.h"
#include "goldfinch/recursion/shard_output.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/zkvm/receipt.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {
namespace {

struct VerifyOptions {
  std::string proof, vk, statement, verifier_elf, aggregator_elf, pack_out, elf, preset = "default", merkle_hash;
  bool in_vm = false, json = false;
  uint64_t max_cycles = UINT64_MAX;
};

std::string default_verifier_elf() { return default_guest_elf("verifier.elf"); }

// The claims' output positions, and the claims still assumed as {key, output} digests (hex).
std::string claims_json(const std::vector<uint32_t>& claims) { return fmt::format("[{}]", fmt::join(claims, ",")); }
std::string assumptions_json(const std::vector<circuit::Claim>& assumptions) {
  std::string out = "[";
  for (size_t i = 0; i < assumptions.size(); ++i)
    out += fmt::format("{}{{\"key\":\"{}\",\"output\":\"{}\"}}", i ? "," : "", hex(assumptions[i].key),
                       hex(assumptions[i].output));
  return out + "]";
}

std::string error_text(const Error& e) {
  return fmt::format("{} [{}] (expected {}, got {})", e.what, error_code_name(e.code), e.expected, e.got);
}

int report_host(const VerifyOptions& o, const Error& e, const stark::VerifiedProof& out) {
  if (o.json) {
    fmt::print("{{\"valid\":{},\"in_vm\":false{}}}\n", e.ok(), e.ok() ? "" : fmt::format(",\"error\":\"{}\"", json_escape(error_text(e))));
  } else if (e.ok()) {
    std::string pv;
    for (const auto& t : out.public_values)
      for (Fp v : t) pv += fmt::format("{}{}", pv.empty() ? "" : ", ", v.value());
    fmt::print("valid (host verifier); public values: [{}]\n", pv);
  } else {
    fmt::print("invalid: {}\n", error_text(e));
  }
  return e.ok() ? 0 : 1;
}

int report_vm(const VerifyOptions& o, const recursion::InVmReport& r) {
  if (o.json) {
    std::string phases;
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      phases += fmt::format("{}\"{}\":{}", i ? "," : "", stark::verifier_phase_name(static_cast<int>(i)), r.phase_cycles[i]);
    if (r.other_cycles) phases += fmt::format(",\"other\":{}", r.other_cycles);
    fmt::print("{{\"valid\":{},\"in_vm\":true,\"cycles\":{},\"phases\":{{{}}},\"status\":\"{}\",\"exit_code\":{},"
               "\"public_output_hex\":\"{}\",\"console\":\"{}\"}}\n",
               r.valid(), r.cycles, phases, vm::run_status_name(r.status), r.exit_code, hex(r.public_output),
               json_escape(r.console));
  } else {
    if (!r.console.empty()) fmt::print(stderr, "{}", r.console);
    fmt::print("{} (verifier guest, {}{}) after {} cycles\n", r.valid() ? "valid" : "invalid",
               vm::run_status_name(r.status),
               r.status == vm::RunStatus::kExited ? fmt::format(" with code {}", r.exit_code) : ": " + r.trap, r.cycles);
    fmt::print("{:>16}  {:>14}  {:>7}\n", "phase", "cycles", "%");
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      fmt::print("{:>16}  {:>14}  {:>6.2f}%\n", stark::verifier_phase_name(static_cast<int>(i)), r.phase_cycles[i],
                 r.cycles ? 100.0 * r.phase_cycles[i] / r.cycles : 0.0);
    if (r.valid()) fmt::print("public output ({} bytes): {}\n", r.public_output.size(), hex(r.public_output));
  }
  switch (r.status) {
    case vm::RunStatus::kExited: return r.exit_code == 0 ? 0 : 1;
    case vm::RunStatus::kCycleLimit: return kExitCycleLimit;
    case vm::RunStatus::kTrap: return kExitGuestTrap;
  }
  return kExitGuestTrap;
}

// {"name":cycles,...} of a verifier run's phases (summing to its cycles).
std::string phases_json(const recursion::InVmReport& r) {
  std::string phases;
  for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
    phases +=
        fmt::format("{}\"{}\":{}", i ? "," : "", stark::verifier_phase_name(static_cast<int>(i)), r.phase_cycles[i]);
  if (r.other_cycles) phases += fmt::format(",\"other\":{}", r.other_cycles);
  return phases;
}

bool is_guest_key(const std::vector<uint8_t>& bytes) {
  static constexpr char kMagic[] = "GFGUEST";  // zkvm::GuestKey's magic (with its NUL)
  return bytes.size() >= sizeof(kMagic) && std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) == 0;
}

// A whole-run guest proof verified inside the VM: the guest key's whole-run VK and the proof packed
// as an rv32im statement (its shape from the key), the verifier guest run in the executor, and the
// statement it verified decoded from what it committed (the digest must be the key's).
int run_verify_guest_in_vm(const VerifyOptions& o, const zkvm::GuestKey& key, std::span<const uint8_t> proof) {
  auto shape = key.shape();
  if (!shape.ok()) return fmt::print(stderr, "goldfinch verify: {}\n", shape.error().message), kExitBadInput;
  const std::string elf_path = o.verifier_elf.empty() ? default_verifier_elf() : o.verifier_elf;
  auto guest = load_guest(elf_path, "");
  if (!guest) return kExitBadInput;
  const std::vector<uint8_t> packed =
      recursion::pack_input(static_cast<uint32_t>(recursion::StatementId::kRv32im), shape->entry, key.vk.encode(), proof,
                            recursion::packed_shape(*shape));
  if (!o.pack_out.empty()) {
    std::ofstream f(o.pack_out, std::ios::binary);
    f.write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(packed.size()));
    if (!f) return fmt::print(stderr, "goldfinch: cannot write {}\n", o.pack_out), kExitBadInput;
  }
  Result<recursion::InVmReport> r = recursion::run_verifier_guest(guest->image, packed, o.max_cycles);
  if (!r.ok()) return fmt::print(stderr, "goldfinch: {}\n", error_text(r.error())), kExitBadInput;
  std::optional<circuit::Rv32imStatement> st;
  std::string decode_error;
  if (r->valid()) {
    auto decoded = recursion::decode_rv32im_output(r->public_output);
    if (!decoded.ok())
      decode_error = error_text(decoded.error());
    else if (decoded->vk_digest != key.digest())
      decode_error = "the verifier guest committed another key's digest";
    else
      st = decoded->statement;
  }
  const bool valid = st.has_value();
  if (o.json) {
    std::string phases;
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      phases += fmt::format("{}\"{}\":{}", i ? "," : "", stark::verifier_phase_name(static_cast<int>(i)), r->phase_cycles[i]);
    if (r->other_cycles) phases += fmt::format(",\"other\":{}", r->other_cycles);
    std::string statement = valid ? fmt::format("\"exit_code\":{},\"cycles\":{},\"output\":\"{}\",", st->exit_code,
                                                st->cycles, hex(st->output))
                                  : std::string();
    fmt::print("{{\"valid\":{},\"in_vm\":true,\"statement\":\"rv32im\",{}\"vk_digest\":\"{}\",\"verifier_cycles\":{},"
               "\"verifier_phases\":{{{}}},\"verifier_status\":\"{}\",\"verifier_exit_code\":{},"
               "\"public_output_hex\":\"{}\",\"console\":\"{}\"{}}}\n",
               valid, statement, hash::to_hex(key.digest()), r->cycles, phases, vm::run_status_name(r->status),
               r->exit_code, hex(r->public_output), json_escape(r->console),
               decode_error.empty() ? "" : fmt::format(",\"error\":\"{}\"", json_escape(decode_error)));
  } else {
    if (!r->console.empty()) fmt::print(stderr, "{}", r->console);
    if (valid)
      fmt::print("valid (verifier guest, {} cycles): exit code {}, {} cycles (whole-run proof, key digest {})\n", r->cycles,
                 st->exit_code, st->cycles, hash::to_hex(key.digest()));
    else
      fmt::print("invalid (verifier guest, {}{}) after {} cycles{}\n", vm::run_status_name(r->status),
                 r->status == vm::RunStatus::kExited ? fmt::format(" with code {}", r->exit_code) : ": " + r->trap, r->cycles,
                 decode_error.empty() ? "" : ": " + decode_error);
    fmt::print("{:>16}  {:>14}  {:>7}\n", "phase", "cycles", "%");
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      fmt::print("{:>16}  {:>14}  {:>6.2f}%\n", stark::verifier_phase_name(static_cast<int>(i)), r->phase_cycles[i],
                 r->cycles ? 100.0 * r->phase_cycles[i] / r->cycles : 0.0);
    if (valid) {
      const auto text = printable_text(st->output);
      fmt::print("public output ({} bytes): {}{}\n", st->output.size(), hex(st->output),
                 text && !text->empty() ? fmt::format(" \"{}\"", *text) : "");
    }
  }
  switch (r->status) {
    case vm::RunStatus::kExited: return valid ? 0 : kExitInvalid;
    case vm::RunStatus::kCycleLimit: return kExitCycleLimit;
    case vm::RunStatus::kTrap: return kExitGuestTrap;
  }
  return kExitGuestTrap;
}

// A receipt verified inside the VM: each shard proof packed with the guest key's shard VK as an
// rv32im_shard statement (its shape from the key) and verified by one run of the verifier guest;
// the shard statement each run committed (recursion/shard_output.h; the digest must be the shard
// key's) goes into the host's chain check (zkvm::check_receipt_chain, as verify_receipt). The
// first shard the guest rejects ends the check. --pack-out writes shard k's packed input to
// FILE.k.
int run_verify_receipt_in_vm(const VerifyOptions& o, const zkvm::GuestKey& key, std::span<const uint8_t> bytes) {
  auto shape = key.shard_shape();
  if (!shape.ok()) return fmt::print(stderr, "goldfinch verify: {}\n", shape.error().message), kExitBadInput;
  const std::string elf_path = o.verifier_elf.empty() ? default_verifier_elf() : o.verifier_elf;
  auto guest = load_guest(elf_path, "");
  if (!guest) return kExitBadInput;
  const std::vector<uint8_t> shard_vk = key.shard_vk.encode();
  const std::string digest = hash::to_hex(key.digest());
  std::vector<recursion::InVmReport> runs;
  std::vector<shard::ShardProofStatement> statements;
  std::string error;
  int rc = 0;
  auto view = zkvm::open_receipt(key, bytes);
  if (!view.ok()) error = view.error().message, rc = kExitInvalid;
  for (size_t k = 0; rc == 0 && k < view->shards.size(); ++k) {
    const std::vector<uint8_t> packed =
        recursion::pack_input(static_cast<uint32_t>(recursion::StatementId::kRv32imShard), shape->entry, shard_vk,
                              view->shards[k], recursion::packed_shape(*shape));
    if (!o.pack_out.empty()) {
      const std::string path = fmt::format("{}.{}", o.pack_out, k);
      std::ofstream f(path, std::ios::binary);
      f.write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(packed.size()));
      if (!f) return fmt::print(stderr, "goldfinch: cannot write {}\n", path), kExitBadInput;
    }
    Result<recursion::InVmReport> r = recursion::run_verifier_guest(guest->image, packed, o.max_cycles);
    if (!r.ok()) return fmt::print(stderr, "goldfinch: {}\n", error_text(r.error())), kExitBadInput;
    runs.push_back(std::move(*r));
    const recursion::InVmReport& run = runs.back();
    if (run.status == vm::RunStatus::kCycleLimit || run.status == vm::RunStatus::kTrap) {
      error = fmt::format("shard {}: the verifier guest {}{}", k, vm::run_status_name(run.status),
                          run.status == vm::RunStatus::kTrap ? ": " + run.trap : std::string());
      rc = run.status == vm::RunStatus::kCycleLimit ? kExitCycleLimit : kExitGuestTrap;
    } else if (!run.valid()) {
      std::string why = run.console;
      while (!why.empty() && why.back() == '\n') why.pop_back();
      error = fmt::format("shard {}: rejected by the verifier guest (exit code {}): {}", k, run.exit_code, why);
      rc = kExitInvalid;
    } else if (auto decoded = recursion::decode_shard_output(run.public_output); !decoded.ok()) {
      error = fmt::format("shard {}: the verifier guest's output: {}", k, error_text(decoded.error()));
      rc = kExitInvalid;
    } else if (decoded->vk_digest != key.shard_digest()) {
      error = fmt::format("shard {}: the verifier guest committed another key's digest", k);
      rc = kExitInvalid;
    } else {
      statements.push_back(std::move(decoded->statement));
    }
  }
  std::optional<zkvm::ReceiptStatement> st;
  if (rc == 0) {
    auto chain = zkvm::check_receipt_chain(key, view->header.shard_cycles, statements);
    if (chain.ok())
      st = std::move(*chain);
    else
      error = chain.error().message, rc = kExitInvalid;
  }
  uint64_t total = 0, other_total = 0;
  std::array<uint64_t, stark::kNumVerifierPhases> phase_total{};
  for (const recursion::InVmReport& r : runs) {
    total += r.cycles;
    other_total += r.other_cycles;
    for (size_t i = 0; i < phase_total.size(); ++i) phase_total[i] += r.phase_cycles[i];
  }
  if (o.json) {
    std::string per_shard;
    for (size_t k = 0; k < runs.size(); ++k)
      per_shard += fmt::format(
          "{}{{\"shard\":{},\"verifier_cycles\":{},\"verifier_phases\":{{{}}},\"verifier_status\":\"{}\","
          "\"verifier_exit_code\":{},\"public_output_hex\":\"{}\"}}",
          k ? "," : "", k, runs[k].cycles, phases_json(runs[k]), vm::run_status_name(runs[k].status), runs[k].exit_code,
          hex(runs[k].public_output));
    std::string phases;
    for (size_t i = 0; i < stark::kNumVerifierPhases; ++i)
      phases +=
          fmt::format("{}\"{}\":{}", i ? "," : "", stark::verifier_phase_name(static_cast<int>(i)), phase_total[i]);
    if (other_total) phases += fmt::format(",\"other\":{}", other_total);
    const std::string statement = st ? fmt::format("\"exit_code\":{},\"cycles\":{},\"output\":\"{}\",", st->exit_code,
                                                   st->cycles, hex(st->output))
                                     : std::string();
    fmt::print(
        "{{\"valid\":{},\"in_vm\":true,\"statement\":\"rv32im_shard\",\"receipt\":true,\"shards\":{},{}"
        "\"vk_digest\":\"{}\",\"shard_vk_digest\":\"{}\",\"verifier_cycles\":{},\"verifier_phases\":{{{}}},"
        "\"shard_verifiers\":[{}]{}}}\n",
        st.has_value(), view.ok() ? view->shards.size() : 0, statement, digest, hash::to_hex(key.shard_digest()), total,
        phases, per_shard, error.empty() ? "" : fmt::format(",\"error\":\"{}\"", json_escape(error)));
  } else {
    for (size_t k = 0; k < runs.size(); ++k)
      fmt::print("shard {}: verifier guest {} after {} cycles\n", k,
                 runs[k].status == vm::RunStatus::kExited ? fmt::format("exited with code {}", runs[k].exit_code)
                                                          : std::string(vm::run_status_name(runs[k].status)),
                 runs[k].cycles);
    if (st) {
      fmt::print("valid (verifier guest, {} shards, {} cycles in all): exit code {}, {} cycles (key digest {})\n",
                 runs.size(), total, st->exit_code, st->cycles, digest);
      const auto text = printable_text(st->output);
      fmt::print("public output ({} bytes): {}{}\n", st->output.size(), hex(st->output),
                 text && !text->empty() ? fmt::format(" \"{}\"", *text) : "");
    } else {
      fmt::print("invalid: {}\n", error);
    }
  }
  return rc;
}

int report_guest_verdict(const VerifyOptions& o, const zkvm::GuestKey& key, bool receipt, bool aggregated,
                         const std::function<zkvm::ZkvmResult<zkvm::ReceiptStatement>()>& verify);

// Proofs of guest programs: the key from --elf (built here) or from a guest key file.
int run_verify_guest(const VerifyOptions& o, const std::vector<uint8_t>& proof) {
  if (!o.statement.empty())
    return fmt::print(stderr, "goldfinch verify: --statement applies to example statements, not guest proofs\n"),
           kExitUnsupported;
  zkvm::GuestKey key;
  if (!o.elf.empty()) {
    int rc = 0;
    auto program = load_program("verify", o.elf, o.preset, &rc, o.merkle_hash);
    if (!program) return rc;
    key = program->key();
  } else {
    auto bytes = zkvm::read_file(o.vk);
    if (!bytes.ok()) return fmt::print(stderr, "goldfinch verify: {}\n", bytes.error().message), kExitBadInput;
    auto decoded = zkvm::GuestKey::decode(*bytes);
    if (!decoded.ok()) return fmt::print(stderr, "goldfinch verify: {}: {}\n", o.vk, decoded.error().message), kExitBadInput;
    key = std::move(*decoded);
  }
  // A receipt (zkvm/receipt.h, what `goldfinch prove` writes), an aggregate proof (prove --aggregate)
  // or a whole-run proof (--single).
  const bool receipt = zkvm::looks_like_receipt(proof);
  const bool aggregated = recursion::looks_like_aggregate_proof(proof);
  if (aggregated) {
    if (o.in_vm)
      return fmt::print(stderr, "goldfinch verify: --in-vm does not take aggregate proofs (verify them on the host)\n"),
             kExitUnsupported;
    // The aggregation key is built here from the aggregation guest at the key's parameters; the
    // proof names nothing the verifier uses to choose it.
    const std::string agg_path = o.aggregator_elf.empty() ? default_guest_elf("aggregator.elf") : o.aggregator_elf;
    auto aggregator = zkvm::Program::load_elf(agg_path, key.vk.params);
    if (!aggregator.ok())
      return fmt::print(stderr, "goldfinch verify: the aggregation guest {}: {}\n", agg_path,
                        aggregator.error().message),
             kExitBadInput;
    return report_guest_verdict(o, key, false, true, [&]() -> zkvm::ZkvmResult<zkvm::ReceiptStatement> {
      return recursion::verify_aggregate(key, aggregator->key(), proof);
    });
  }
  if (o.in_vm) return receipt ? run_verify_receipt_in_vm(o, key, proof) : run_verify_guest_in_vm(o, key, proof);
  return report_guest_verdict(o, key, receipt, false, [&]() -> zkvm::ZkvmResult<zkvm::ReceiptStatement> {
    if (receipt) return zkvm::verify_receipt(key, proof);
    auto st = zkvm::verify(key, proof);
    if (!st.ok()) return st.error();
    zkvm::ReceiptStatement run;
    run.exit_code = st->exit_code;
    run.cycles = st->cycles;
    run.output = st->output;
    run.claims = st->claims;
    run.assumptions = circuit::claim_set(st->output, st->claims);
    run.shards = 1;
    return run;
  });
}

// The host verdict on a guest proof, timed: `verify` returns what the run did.
int report_guest_verdict(const VerifyOptions& o, const zkvm::GuestKey& key, bool receipt, bool aggregated,
                         const std::function<zkvm::ZkvmResult<zkvm::ReceiptStatement>()>& verify) {
  const std::string digest = hash::to_hex(key.digest());
  const auto t0 = std::chrono::steady_clock::now();
  auto st = verify();
  const size_t shards = st.ok() ? st->shards : 1;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!st.ok()) {
    if (o.json)
      fmt::print("{{\"valid\":false,\"error\":\"{}\",\"vk_digest\":\"{}\",\"verify_ms\":{:.3f}}}\n",
                 json_escape(st.error().message), digest, ms);
    else
      fmt::print("invalid: {}\n", st.error().message);
    return kExitInvalid;
  }
  if (o.json) {
    fmt::print(
        "{{\"valid\":true,\"exit_code\":{},\"output\":\"{}\",\"cycles\":{},\"vk_digest\":\"{}\",\"verify_ms\":{:.3f},"
        "\"receipt\":{},\"aggregated\":{},\"shards\":{},\"claims\":{},\"assumptions\":{},\"unconditional\":{}}}\n",
        st->exit_code, hex(st->output), st->cycles, digest, ms, receipt, aggregated, shards, claims_json(st->claims),
        assumptions_json(st->assumptions), st->assumptions.empty());
    return 0;
  }
  fmt::print("valid: exit code {}, {} cycles{} (key digest {}, verified in {:.1f} ms)\n", st->exit_code, st->cycles,
             aggregated ? fmt::format(" in {} shard{}, one aggregate proof", shards, shards == 1 ? "" : "s")
             : receipt  ? fmt::format(" in {} shard{}", shards, shards == 1 ? "" : "s")
                        : std::string(" (whole-run proof)"),
             digest, ms);
  const auto text = printable_text(st->output);
  fmt::print("public output ({} bytes): {}{}\n", st->output.size(), hex(st->output),
             text && !text->empty() ? fmt::format(" \"{}\"", *text) : "");
  if (!st->claims.empty())
    fmt::print("claims at output positions {}; {}\n", claims_json(st->claims),
               st->assumptions.empty() ? "all discharged: the statement is unconditional"
                                       : fmt::format("{} still assumed:", st->assumptions.size()));
  for (const circuit::Claim& c : st->assumptions)
    fmt::print("  assumes: program key {} ran to exit 0 with output BLAKE3 {}\n", hex(c.key), hex(c.output));
  return 0;
}

int run_verify(const VerifyOptions& o) {
  if (o.elf.empty() == o.vk.empty())
    return fmt::print(stderr, "goldfinch verify: give exactly one of --elf guest.elf and --vk key.vk\n"), kExitUnsupported;
  auto proof_file = read_file(o.proof);
  if (!proof_file) return fmt::print(stderr, "goldfinch: cannot read {}\n", o.proof), kExitBadInput;
  if (!o.elf.empty()) return run_verify_guest(o, *proof_file);
  auto vk_file = read_file(o.vk);
  if (!vk_file) return fmt::print(stderr, "goldfinch: cannot read {}\n", o.vk), kExitBadInput;
  if (is_guest_key(*vk_file)) return run_verify_guest(o, *proof_file);
  Result<stark::VerifyingKey> vk = stark::VerifyingKey::decode(*vk_file);
  if (!vk.ok()) return fmt::print(stderr, "goldfinch: {}: {}\n", o.vk, error_text(vk.error())), kExitBadInput;

  recursion::StatementRef ref;
  std::vector<std::string> names;
  std::vector<uint32_t> widths;
  for (const auto& t : vk->tables) {
    names.push_back(t.name);
    widths.push_back(t.width);
  }
  Result<recursion::StatementRef> inferred = recursion::infer_statement(names, widths);
  if (!o.statement.empty()) {
    Result<recursion::StatementId> id = recursion::statement_from_name(o.statement);
    if (!id.ok()) return fmt::print(stderr, "goldfinch: {}: '{}'\n", id.error().what, o.statement), 2;
    ref.id = *id;
    ref.param = (*id == recursion::StatementId::kSynthetic && inferred.ok()) ? inferred->param : 0;
  } else if (inferred.ok()) {
    ref = *inferred;
  } else {
    return fmt::print(stderr, "goldfinch: {}; name it with --statement\n", inferred.error().what), 2;
  }

  // The proof is read in place and must be 16-byte aligned.
  const stark::AlignedBytes aligned(*proof_file);
  const std::span<const uint8_t> proof = aligned.span();

  if (!o.in_vm) {
    Result<recursion::Statement> st = recursion::make_statement(static_cast<uint32_t>(ref.id), ref.param);
    if (!st.ok()) return fmt::print(stderr, "goldfinch: {}\n", error_text(st.error())), 2;
    stark::VerifiedProof out;
    const Error e = stark::verify(*vk, st->tables, proof, &out);
    return report_host(o, e, out);
  }
  const std::string elf_path = o.verifier_elf.empty() ? default_verifier_elf() : o.verifier_elf;
  auto guest = load_guest(elf_path, "");
  if (!guest) return kExitBadInput;
  const std::vector<uint8_t> packed = recursion::pack_input(static_cast<uint32_t>(ref.id), ref.param, *vk_file, proof);
  if (!o.pack_out.empty()) {
    std::ofstream f(o.pack_out, std::ios::binary);
    f.write(reinterpret_cast<const char*>(packed.data()), static_cast<std::streamsize>(packed.size()));
    if (!f) return fmt::print(stderr, "goldfinch: cannot write {}\n", o.pack_out), kExitBadInput;
  }
  Result<recursion::InVmReport> r = recursion::run_verifier_guest(guest->image, packed, o.max_cycles);
  if (!r.ok()) return fmt::print(stderr, "goldfinch: {}\n", error_text(r.error())), kExitBadInput;
  return report_vm(o, *r);
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto o = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand("verify", "Verify a proof of a guest program, or of an example statement on the host or inside the VM (--in-vm)");
  sub->add_option("proof", o->proof, "Proof file")->required();
  sub->add_option("--vk", o->vk, "Key file: a guest key (from `goldfinch vk`) or an example statement's key (prove-example --vk-out)");
  sub->add_option("--elf", o->elf, "Guest ELF the proof is about (instead of --vk)");
  sub->add_option("--merkle-hash", o->merkle_hash, std::string(kMerkleHashHelp) + "; with --elf");
  sub->add_option("--preset", o->preset,
                  "With --elf: the parameters the proof was made with (default, provable-100, recursion, compact, testing)");
  sub->add_option("--statement", o->statement, "fibonacci, range, bus or synthetic (default: from the key)");
  sub->add_flag("--in-vm", o->in_vm, "Run the verifier guest in the executor and report its cycles");
  sub->add_option("--verifier-elf", o->verifier_elf, "Verifier guest ELF (default: <build>/guest/bin/verifier.elf)");
  sub->add_option("--aggregator-elf", o->aggregator_elf,
                  "Aggregate proofs: the aggregation guest whose key the root is checked under (default: "
                  "<build>/guest/bin/aggregator.elf)");
  sub->add_option("--max-cycles", o->max_cycles, "Cycle limit of the in-VM run (exit code 101)");
  sub->add_option("--pack-out", o->pack_out,
                  "With --in-vm: also write the guest's packed input here (for `goldfinch profile verifier.elf --input`; "
                  "a receipt: FILE.k for shard k)");
  sub->add_flag("--json", o->json, "Print one JSON object (guest proofs: valid, exit_code, output, cycles, vk_digest, verify_ms)");
  return [o] { return run_verify(*o); };
}

}  // namespace goldfinch::cli
