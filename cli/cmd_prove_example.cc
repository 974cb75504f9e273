// `goldfinch prove-example <fibonacci|range|bus|synthetic> --log-rows N [--width W]
//  [--preset default|provable-100|recursion|compact|testing] -o proof.bin --vk-out key.vk`: proves an example
// statement (air/example_airs.h) on an honest, seeded witness with the host prover and writes the
// proof and its verifying key (VerifyingKey::encode) — the inputs of `goldfinch verify`.
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "commands.h"
#include "goldfinch/recursion/example_proofs.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {
namespace {

bool write_file(const std::string& path, std::span<const uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

Command add_prove_example_command(CLI::App& app) {
  struct Options {
    std::string statement, preset = "default", proof_out, vk_out, merkle_hash;
    unsigned log_rows = 10;
    uint32_t width = 64;
    uint64_t seed = 1;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("prove-example", "Prove an example statement (inputs for `goldfinch verify`)");
  sub->add_option("statement", o->statement, "fibonacci, range, bus or synthetic")->required();
  sub->add_option("--log-rows", o->log_rows, "log2 of the trace height per table")->required();
  sub->add_option("--width", o->width, "Columns of the synthetic table");
  sub->add_option("--preset", o->preset, "Parameters: default, provable-100, recursion, compact or testing");
  sub->add_option("--merkle-hash", o->merkle_hash, kMerkleHashHelp);
  sub->add_option("--seed", o->seed, "Witness seed");
  sub->add_option("-o,--out", o->proof_out, "Proof file to write")->required();
  sub->add_option("--vk-out", o->vk_out, "Verifying-key file to write")->required();
  return [o] {
    Result<recursion::StatementId> id = recursion::statement_from_name(o->statement);
    if (!id.ok()) return fmt::print(stderr, "goldfinch: {}: '{}'\n", id.error().what, o->statement), 2;
    Result<stark::StarkParams> params = cli_params(o->preset, o->merkle_hash);
    if (!params.ok()) return fmt::print(stderr, "goldfinch: {}: '{}'\n", params.error().what, o->preset), 2;
    const uint32_t param = *id == recursion::StatementId::kSynthetic ? o->width : 0;
    const auto t0 = std::chrono::steady_clock::now();
    Result<recursion::ExampleProof> p = recursion::prove_example(*id, param, o->log_rows, *params, o->seed);
    if (!p.ok()) return fmt::print(stderr, "goldfinch: prove: {} ({}, {})\n", p.error().what, p.error().expected, p.error().got), 1;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!write_file(o->proof_out, p->proof) || !write_file(o->vk_out, p->vk.encode()))
      return fmt::print(stderr, "goldfinch: cannot write {} or {}\n", o->proof_out, o->vk_out), kExitBadInput;
    fmt::print(stderr, "goldfinch: proved {} ({} rows{}, preset {}) in {:.2f} s: {} bytes of proof, key digest {}\n",
               o->statement, size_t{1} << o->log_rows, param ? fmt::format(", width {}", param) : "", o->preset, s,
               p->proof.size(), hash::to_hex(p->vk.digest()));
    return 0;
  };
}

}  // namespace goldfinch::cli
