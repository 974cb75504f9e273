// libFuzzer target: VerifyingKey::decode on arbitrary bytes. It must return an Error or a key;
// a decoded key must re-encode to exactly the input bytes (the encoding is canonical), decode
// again to an equal key, and have a digest.
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/stark/vk.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> input(data, data + size);  // exact size: ASan sees any overread
  auto vk = stark::VerifyingKey::decode(input);
  if (!vk.ok()) return 0;
  GF_FUZZ_ASSERT(vk->params.validate().ok(), "decoded key with invalid parameters");
  const std::vector<uint8_t> again = vk->encode();
  GF_FUZZ_ASSERT(again == input, "decode then encode does not give the input bytes");
  auto back = stark::VerifyingKey::decode(again);
  GF_FUZZ_ASSERT(back.ok() && *back == *vk, "re-decoding the encoding gives another key");
  GF_FUZZ_ASSERT(back->digest() == vk->digest(), "equal keys with different digests");
  return 0;
}
