// The public API from an installed Goldfinch: a guest assembled in memory (the installed
// assembler and ELF writer headers), proved, and verified from its key's bytes alone.
#include <cstdio>
#include <vector>

#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/zkvm/zkvm.h"

using namespace goldfinch;

int main() {
  namespace rv = vm::rv;
  std::vector<uint32_t> code;
  rv::li(code, 5, 40);
  code.push_back(rv::addi(10, 5, 2));  // a0 = 42
  rv::li(code, 17, 93);                // exit
  code.push_back(rv::ecall());
  const std::vector<uint8_t> elf = vm::testing::write_elf(rv::image_from_code(code));

  auto program = zkvm::Program::from_elf_bytes(elf, stark::StarkParams::testing());
  if (!program.ok()) return std::fprintf(stderr, "%s\n", program.error().message.c_str()), 1;
  auto proof = zkvm::prove(*program, {});
  if (!proof.ok()) return std::fprintf(stderr, "%s\n", proof.error().message.c_str()), 1;
  auto key = zkvm::GuestKey::decode(program->key().encode());
  if (!key.ok()) return std::fprintf(stderr, "%s\n", key.error().message.c_str()), 1;
  auto statement = zkvm::verify(*key, proof->proof);
  if (!statement.ok()) return std::fprintf(stderr, "invalid: %s\n", statement.error().message.c_str()), 1;
  std::printf("valid: exit code %u after %llu cycles\n", statement->exit_code,
              static_cast<unsigned long long>(statement->cycles));
  return 0;
}
