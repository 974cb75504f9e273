// libFuzzer target: the in-VM verifier's input decoder (docs/recursion.md, "Packed input") on
// arbitrary bytes: recursion::parse_packed, then recursion::make_statement with what it read. Each
// must return an error with a message or a value; an accepted blob's key and proof views lie
// inside the buffer, the proof 16-byte aligned, and pack_input of what was read gives exactly the
// input bytes (one encoding per blob). A statement made from the fields has one table at least.
#include <algorithm>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/recursion/statements.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::AlignedCopy input(data, size);  // exact size: ASan sees any overread
  auto p = recursion::parse_packed(input.span());
  if (!p.ok()) {
    GF_FUZZ_ASSERT(p.error().what[0] != '\0', "an error without a message");
    return 0;
  }
  GF_FUZZ_ASSERT(input.contains(p->vk.data(), p->vk.size()), "a key view outside the buffer");
  GF_FUZZ_ASSERT(input.contains(p->proof.data(), p->proof.size()), "a proof view outside the buffer");
  GF_FUZZ_ASSERT(reinterpret_cast<uintptr_t>(p->proof.data()) % recursion::kPackedAlign == 0, "a proof view not 16-aligned");
  const std::vector<uint8_t> again = recursion::pack_input(p->statement, p->statement_param, p->vk, p->proof, p->shape);
  GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                 "parse then pack does not give the input bytes");
  auto st = recursion::make_statement(p->statement, p->statement_param, p->shape);
  if (!st.ok()) {
    GF_FUZZ_ASSERT(st.error().what[0] != '\0', "a statement error without a message");
    return 0;
  }
  GF_FUZZ_ASSERT(!st->tables.empty(), "a statement without tables");
  return 0;
}
