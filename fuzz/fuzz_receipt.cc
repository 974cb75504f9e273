// libFuzzer target: zkvm::read_receipt on arbitrary bytes (docs/receipt_format.md). It must return
// an error with a message or a view; an accepted receipt's shard views lie inside the buffer, are
// 8-byte aligned (the buffer is 16-byte aligned), and encode_receipt of what was read gives exactly
// the input bytes (one encoding per receipt). The same bytes misaligned by 1..7 read the same way.
#include <algorithm>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/zkvm/receipt.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::AlignedCopy input(data, size);  // exact size: ASan sees any overread
  auto r = zkvm::read_receipt(input.span());
  const fuzz::AlignedCopy shifted(data, size, 1 + size % 7);
  auto r2 = zkvm::read_receipt(shifted.span());
  GF_FUZZ_ASSERT(r.ok() == r2.ok(), "the buffer's alignment changed whether the receipt is accepted");
  if (!r.ok()) {
    GF_FUZZ_ASSERT(r.error().what[0] != '\0', "an error without a message");
    GF_FUZZ_ASSERT(r.error().code == r2.error().code, "the buffer's alignment changed the error");
    return 0;
  }
  GF_FUZZ_ASSERT(zkvm::looks_like_receipt(input.span()), "accepted a receipt without the magic");
  GF_FUZZ_ASSERT(!r->shards.empty() && r->shards.size() <= zkvm::kMaxReceiptShards, "shard count out of range");
  std::vector<std::vector<uint8_t>> shards;
  for (const auto& s : r->shards) {
    GF_FUZZ_ASSERT(!s.empty(), "an empty shard proof accepted");
    GF_FUZZ_ASSERT(input.contains(s.data(), s.size()), "a shard view outside the buffer");
    GF_FUZZ_ASSERT(reinterpret_cast<uintptr_t>(s.data()) % 8 == 0, "a shard view not 8-byte aligned");
    shards.emplace_back(s.begin(), s.end());
  }
  const std::vector<uint8_t> again = zkvm::encode_receipt(r->header, shards);
  GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                 "read then encode does not give the input bytes");
  GF_FUZZ_ASSERT(r2->header == r->header && r2->shards.size() == r->shards.size(),
                 "the buffer's alignment changed what was read");
  return 0;
}
