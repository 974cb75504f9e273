// `goldfinch verify proof.bin --vk key.vk [--statement NAME] [--in-vm [--verifier-elf FILE]]
//  [--max-cycles N] [--json]`: verifies a proof of an example statement. Without --in-vm the host
// verifier runs; with --in-vm the key and proof are packed (recursion/packed_input.h) and the
// verifier guest (guest/bin/verifier.elf: the same verifier compiled for RV32IM) runs in the
// executor, reporting the verdict, the cycles and the cycles of each verifier phase — what
// recursion over this proof costs. The statement (table set) is named with --statement or read
// from the key's table names. Issue 5 adds `--elf guest.elf` as the other way to name the
// statement (proofs of guest programs); see docs/recursion.md.
// Exit code: 0 valid, 1 invalid, 2 bad usage, 100/101 the guest trapped / ran out of cycles,
// 102 unreadable files.
#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/recursion/example_proofs.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/stark/verifier.h"
#include "guest_io.h"

namespace goldfinch::cli {
namespace {

struct VerifyOptions {
  std::string proof, vk, statement, verifier_elf, pack_out;
  bool in_vm = false, json = false;
  uint64_t max_cycles = UINT64_MAX;
};

// guest/bin/verifier.elf of the build tree that holds this goldfinch binary (build/<preset>/cli/).
std::string default_verifier_elf() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto p = exe.parent_path().parent_path() / "guest" / "bin" / "verifier.elf";
    if (std::filesystem::exists(p, ec)) return p.string();
  }
#if defined(GF_GUEST_BIN_DIR)
  return std::string(GF_GUEST_BIN_DIR) + "/verifier.elf";
#else
  return "verifier.elf";
#endif
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

int run_verify(const VerifyOptions& o) {
  auto proof_file = read_file(o.proof);
  auto vk_file = read_file(o.vk);
  if (!proof_file || !vk_file)
    return fmt::print(stderr, "goldfinch: cannot read {}\n", proof_file ? o.vk : o.proof), kExitBadInput;
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
  auto* sub = app.add_subcommand("verify", "Verify a proof on the host or inside the VM (--in-vm)");
  sub->add_option("proof", o->proof, "Proof file")->required();
  sub->add_option("--vk", o->vk, "Verifying-key file (from prove-example --vk-out)")->required();
  sub->add_option("--statement", o->statement, "fibonacci, range, bus or synthetic (default: from the key)");
  sub->add_flag("--in-vm", o->in_vm, "Run the verifier guest in the executor and report its cycles");
  sub->add_option("--verifier-elf", o->verifier_elf, "Verifier guest ELF (default: <build>/guest/bin/verifier.elf)");
  sub->add_option("--max-cycles", o->max_cycles, "Cycle limit of the in-VM run (exit code 101)");
  sub->add_option("--pack-out", o->pack_out,
                  "With --in-vm: also write the guest's packed input here (for `goldfinch profile verifier.elf --input`)");
  sub->add_flag("--json", o->json, "Print one JSON object: valid, cycles, phases{name: cycles}, ...");
  return [o] { return run_verify(*o); };
}

}  // namespace goldfinch::cli
