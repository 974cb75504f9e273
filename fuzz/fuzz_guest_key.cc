// libFuzzer target: zkvm::GuestKey::decode on arbitrary bytes. It must return an error or a key;
// a decoded key must re-encode to exactly the input bytes, decode again to an equal key, and give
// a shape whose rebuilt tables the key describes (decode's own check, asserted here again).
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/zkvm/zkvm.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> input(data, data + size);  // exact size: ASan sees any overread
  auto key = zkvm::GuestKey::decode(input);
  if (!key.ok()) {
    GF_FUZZ_ASSERT(!key.error().message.empty(), "an error without a message");
    return 0;
  }
  GF_FUZZ_ASSERT(key->encode() == input, "decode then encode does not give the input bytes");
  auto back = zkvm::GuestKey::decode(key->encode());
  GF_FUZZ_ASSERT(back.ok() && *back == *key, "re-decoding the encoding gives another key");
  auto shape = key->shape();
  GF_FUZZ_ASSERT(shape.ok(), "a decoded key whose shape is rejected");
  const circuit::Rv32imCircuit circuit(*shape);
  const auto tables = circuit.tables();
  GF_FUZZ_ASSERT(stark::check_tables_match(key->vk, tables).ok(), "a decoded key that does not describe its tables");
  return 0;
}
