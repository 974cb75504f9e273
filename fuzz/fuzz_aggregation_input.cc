// libFuzzer target: the aggregation guest's input decoder (docs/recursion.md, "The aggregation
// program") on arbitrary bytes: recursion::parse_aggregation_input, recursion::decode_joined
// (an inner child's committed statement) and recursion::decode_shard_output (the verifier guest's
// shard statement) on the same bytes. Each must return an error with a message or a value; an
// accepted input's key and proof views lie inside the buffer, the proofs 16-byte aligned, the child
// count within the arity, at least one leaf or inner child, and pack_aggregation_input of what was
// read gives exactly the input bytes; an accepted joined statement has sorted, distinct claim sets
// and increasing claim positions and encodes back to the input bytes, as does a shard output.
#include <algorithm>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/shard_output.h"

using namespace goldfinch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::AlignedCopy input(data, size);  // exact size: ASan sees any overread
  auto j = recursion::decode_joined(input.span());
  if (!j.ok()) {
    GF_FUZZ_ASSERT(j.error().what[0] != '\0', "a joined-statement error without a message");
  } else {
    const std::vector<uint8_t> again = recursion::encode_joined(*j);
    GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                   "decode then encode of a joined statement does not give the input bytes");
    for (const auto* set : {&j->assumptions, &j->subjects})
      for (size_t i = 1; i < set->size(); ++i)
        GF_FUZZ_ASSERT((*set)[i - 1] < (*set)[i], "a claim set not sorted and distinct");
    for (size_t i = 1; i < j->claims.size(); ++i)
      GF_FUZZ_ASSERT(j->claims[i] >= j->claims[i - 1] + 64, "claim positions overlapping or out of order");
  }
  auto shard_out = recursion::decode_shard_output(input.span());
  if (!shard_out.ok()) {
    GF_FUZZ_ASSERT(shard_out.error().what[0] != '\0', "a shard-output error without a message");
  } else {
    const std::vector<uint8_t> again = recursion::encode_shard_output(shard_out->vk_digest, shard_out->statement);
    GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                   "decode then encode of a shard output does not give the input bytes");
  }
  auto p = recursion::parse_aggregation_input(input.span());
  if (!p.ok()) {
    GF_FUZZ_ASSERT(p.error().what[0] != '\0', "an error without a message");
    return 0;
  }
  GF_FUZZ_ASSERT(
      p->children.size() >= recursion::kMinNodeChildren && p->children.size() <= recursion::kMaxAggregationArity,
      "a child count outside the arity");
  GF_FUZZ_ASSERT(input.contains(p->program_key.data(), p->program_key.size()), "a key view outside the buffer");
  GF_FUZZ_ASSERT(p->aggregation_key.empty() || input.contains(p->aggregation_key.data(), p->aggregation_key.size()),
                 "an aggregation key view outside the buffer");
  bool any_inner = false, any_segment = false;
  for (const recursion::AggregationChild& c : p->children) {
    GF_FUZZ_ASSERT(!c.proof.empty() && input.contains(c.proof.data(), c.proof.size()),
                   "a proof view outside the buffer");
    GF_FUZZ_ASSERT(reinterpret_cast<uintptr_t>(c.proof.data()) % recursion::kPackedAlign == 0,
                   "a proof view not 16-aligned");
    any_inner = any_inner || c.kind != recursion::ChildKind::kLeaf;
    any_segment = any_segment || c.kind != recursion::ChildKind::kClaimProof;
  }
  GF_FUZZ_ASSERT(any_segment, "no leaf or inner child");
  GF_FUZZ_ASSERT(any_inner == !p->aggregation_key.empty(),
                 "an aggregation key without inner children or claim proofs, or the reverse");
  const std::vector<uint8_t> again = recursion::pack_aggregation_input(*p);
  GF_FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data),
                 "parse then pack does not give the input bytes");
  return 0;
}
