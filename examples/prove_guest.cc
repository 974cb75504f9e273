// The library API in a few lines (the README quotes this file): load a guest ELF, prove a run on
// an input, write the guest key's bytes, and verify the proof from the decoded key alone; then the
// same run as a receipt of shards.
//   prove_guest guest.elf [input-file]
#include <cstdio>
#include <string>

#include "goldfinch/zkvm/zkvm.h"

using namespace goldfinch;

int main(int argc, char** argv) {
  if (argc < 2) return std::fprintf(stderr, "usage: prove_guest guest.elf [input-file]\n"), 2;
  // The ELF parsed, the circuit built and the proving key set up (default parameters).
  auto program = zkvm::Program::load_elf(argv[1]);
  if (!program.ok()) return std::fprintf(stderr, "%s\n", program.error().message.c_str()), 1;

  std::vector<uint8_t> input;
  if (argc > 2) {
    auto bytes = zkvm::read_file(argv[2]);
    if (!bytes.ok()) return std::fprintf(stderr, "%s\n", bytes.error().message.c_str()), 1;
    input = *bytes;
  }
  auto proof = zkvm::prove(*program, input);  // execute, witness, STARK
  if (!proof.ok()) return std::fprintf(stderr, "%s\n", proof.error().message.c_str()), 1;

  // The verifier's side: only the key's bytes and the proof's bytes.
  const std::vector<uint8_t> key_bytes = program->key().encode();
  auto key = zkvm::GuestKey::decode(key_bytes);
  if (!key.ok()) return std::fprintf(stderr, "%s\n", key.error().message.c_str()), 1;
  auto statement = zkvm::verify(*key, proof->proof);
  if (!statement.ok()) return std::fprintf(stderr, "invalid: %s\n", statement.error().message.c_str()), 1;

  std::printf("valid: exit code %u after %llu cycles, %zu bytes of public output; proof %zu bytes\n",
              statement->exit_code, static_cast<unsigned long long>(statement->cycles), statement->output.size(),
              proof->proof.size());

  // Any length: the run cut into shards (default size from the available memory), one receipt.
  auto receipt = zkvm::prove_receipt(*program, input);
  if (!receipt.ok()) return std::fprintf(stderr, "%s\n", receipt.error().message.c_str()), 1;
  auto run = zkvm::verify_receipt(*key, receipt->receipt);
  if (!run.ok()) return std::fprintf(stderr, "invalid receipt: %s\n", run.error().message.c_str()), 1;
  std::printf("valid receipt: exit code %u after %llu cycles in %zu shard(s); receipt %zu bytes\n", run->exit_code,
              static_cast<unsigned long long>(run->cycles), run->shards, receipt->receipt.size());
  return 0;
}
