// `goldfinch vk guest.elf -o key.vk [--preset NAME] [--json]`: writes the guest key (entry point
// and STARK verifying key, zkvm::GuestKey) with which `goldfinch verify --vk` checks proofs of
// this program without its ELF, and prints the key digest (the value every proof binds).
// Exit code: 0 written, 2 bad usage, 102 unreadable or invalid ELF, or the key cannot be written.
#include <fmt/core.h>

#include "commands.h"
#include "guest_io.h"
#include "guest_proof_io.h"

namespace goldfinch::cli {

Command add_vk_command(CLI::App& app) {
  struct Options {
    std::string elf, out, preset = "default", merkle_hash;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  auto* sub = app.add_subcommand("vk", "Write the verifying key of a guest program");
  sub->add_option("guest", o->elf, "Guest ELF executable")->required();
  sub->add_option("-o,--out", o->out, "Key file to write")->required();
  sub->add_option("--merkle-hash", o->merkle_hash, kMerkleHashHelp);
  sub->add_option("--preset", o->preset,
                  "Parameters: default, provable-100, recursion (rate 1/16, 22 queries: cheaper to verify in the VM), compact (rate 1/32, 17 queries: smallest proofs) "
                  "or testing (not secure)");
  sub->add_flag("--json", o->json, "Print one JSON object on stdout");
  return [o] {
    int rc = 0;
    auto program = load_program("vk", o->elf, o->preset, &rc, o->merkle_hash);
    if (!program) return rc;
    const std::vector<uint8_t> bytes = program->key().encode();
    if (!write_bytes(o->out, bytes)) return fmt::print(stderr, "goldfinch vk: cannot write {}\n", o->out), kExitBadInput;
    const std::string digest = hash::to_hex(program->key().digest());
    // The shard key's digest: what an aggregate proof names as its program and a claim
    // (verify_claim) names as the claimed program (docs/recursion.md, "Claims").
    const std::string shard_digest = hash::to_hex(program->key().shard_digest());
    if (o->json) {
      fmt::print(
          "{{\"vk_digest\":\"{}\",\"shard_digest\":\"{}\",\"entry\":{},\"key_bytes\":{},\"tables\":{},"
          "\"preset\":\"{}\"}}\n",
          digest, shard_digest, program->key().entry, bytes.size(), program->key().vk.tables.size(), o->preset);
    } else {
      fmt::print("key digest {}\n", digest);
      fmt::print("shard key digest {} (claims name it)\n", shard_digest);
      fmt::print(stderr, "goldfinch vk: {} bytes written to {} (entry {:#010x}, preset {})\n", bytes.size(), o->out,
                 program->key().entry, o->preset);
    }
    return 0;
  };
}

}  // namespace goldfinch::cli
