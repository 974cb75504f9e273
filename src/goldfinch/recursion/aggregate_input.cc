#include "goldfinch/recursion/aggregate_input.h"

#include "goldfinch/base/le_bytes.h"

namespace goldfinch::recursion {
namespace {

void put_le(std::vector<uint8_t>& out, size_t at, uint64_t v, int n) { store_le(out.data() + at, v, n); }

uint64_t round_up(uint64_t x) { return (x + kPackedAlign - 1) / kPackedAlign * kPackedAlign; }

Error bad(ErrorCode code, const char* what, uint64_t expected, uint64_t got) { return {code, what, expected, got}; }

void put_shape(std::vector<uint8_t>& out, size_t at, uint32_t entry, const PackedShape& s) {
  put_le(out, at, entry, 4);
  put_le(out, at + 4, s.flags, 4);
  put_le(out, at + 8, s.program_height, 4);
  put_le(out, at + 12, s.image_height, 4);
}

PackedShape get_shape(const uint8_t* p) {
  return PackedShape{static_cast<uint32_t>(load_le(p + 4, 4)), static_cast<uint32_t>(load_le(p + 8, 4)),
                     static_cast<uint32_t>(load_le(p + 12, 4))};
}

}  // namespace

std::vector<uint8_t> pack_aggregation_input(const AggregationInput& in) {
  const size_t k = in.children.size();
  uint64_t at = round_up(kAggregationHeaderBytes + kAggregationChildEntryBytes * k);
  const uint64_t program_key_at = at;
  at = round_up(at + in.program_key.size());
  const uint64_t aggregation_key_at = at;
  at = round_up(at + in.aggregation_key.size());
  std::vector<uint64_t> proof_at(k);
  uint64_t end = at;
  for (size_t i = 0; i < k; ++i) {
    proof_at[i] = at;
    end = at + in.children[i].proof.size();
    at = round_up(end);
  }
  std::vector<uint8_t> out(end, 0);
  for (size_t i = 0; i < 8; ++i) out[i] = kAggregationMagic[i];
  put_le(out, 8, kAggregationVersion, 4);
  put_le(out, 12, k, 4);
  put_shape(out, 16, in.program_entry, in.program_shape);
  put_shape(out, 32, in.aggregation_entry, in.aggregation_shape);
  put_le(out, 48, in.program_key.size(), 8);
  put_le(out, 56, in.aggregation_key.size(), 8);
  for (size_t i = 0; i < 32; ++i) out[64 + i] = in.aggregation_digest.bytes[i];
  for (size_t i = 0; i < k; ++i) {
    const size_t e = kAggregationHeaderBytes + kAggregationChildEntryBytes * i;
    put_le(out, e, static_cast<uint32_t>(in.children[i].kind), 4);
    put_le(out, e + 8, in.children[i].proof.size(), 8);
  }
  for (size_t i = 0; i < in.program_key.size(); ++i) out[program_key_at + i] = in.program_key[i];
  for (size_t i = 0; i < in.aggregation_key.size(); ++i) out[aggregation_key_at + i] = in.aggregation_key[i];
  for (size_t c = 0; c < k; ++c)
    for (size_t i = 0; i < in.children[c].proof.size(); ++i) out[proof_at[c] + i] = in.children[c].proof[i];
  return out;
}

Result<AggregationInput> parse_aggregation_input(std::span<const uint8_t> bytes) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kPackedAlign != 0)
    return bad(ErrorCode::kInvalidArgument, "aggregation input: buffer is not 16-byte aligned", 0,
               reinterpret_cast<uintptr_t>(bytes.data()) % kPackedAlign);
  if (bytes.size() < kAggregationHeaderBytes)
    return bad(ErrorCode::kTruncated, "aggregation input: shorter than its header", kAggregationHeaderBytes,
               bytes.size());
  const uint8_t* h = bytes.data();
  for (size_t i = 0; i < 8; ++i)
    if (h[i] != kAggregationMagic[i]) return bad(ErrorCode::kMismatch, "aggregation input: bad magic", i, h[i]);
  const uint64_t version = load_le(h + 8, 4);
  if (version != kAggregationVersion)
    return bad(ErrorCode::kMismatch, "aggregation input: unsupported version", kAggregationVersion, version);
  const uint64_t k = load_le(h + 12, 4);
  if (k < kMinNodeChildren || k > kMaxAggregationArity)
    return bad(ErrorCode::kInvalidArgument, "aggregation input: child count outside [1, 16]", kMaxAggregationArity, k);
  AggregationInput in;
  in.program_entry = static_cast<uint32_t>(load_le(h + 16, 4));
  in.program_shape = get_shape(h + 16);
  in.aggregation_entry = static_cast<uint32_t>(load_le(h + 32, 4));
  in.aggregation_shape = get_shape(h + 32);
  const uint64_t program_key_len = load_le(h + 48, 8);
  const uint64_t aggregation_key_len = load_le(h + 56, 8);
  for (size_t i = 0; i < 32; ++i) in.aggregation_digest.bytes[i] = h[64 + i];
  const uint64_t table_end = kAggregationHeaderBytes + kAggregationChildEntryBytes * k;
  if (bytes.size() < table_end)
    return bad(ErrorCode::kTruncated, "aggregation input: shorter than its child table", table_end, bytes.size());
  std::vector<uint64_t> proof_len(k);
  bool any_inner = false, any_segment = false;
  in.children.resize(k);
  for (size_t i = 0; i < k; ++i) {
    const uint8_t* e = h + kAggregationHeaderBytes + kAggregationChildEntryBytes * i;
    const uint64_t kind = load_le(e, 4);
    if (kind != static_cast<uint32_t>(ChildKind::kLeaf) && kind != static_cast<uint32_t>(ChildKind::kInner) &&
        kind != static_cast<uint32_t>(ChildKind::kClaimProof))
      return bad(ErrorCode::kInvalidArgument, "aggregation input: unknown child kind", i, kind);
    if (load_le(e + 4, 4) != 0)
      return bad(ErrorCode::kInvalidArgument, "aggregation input: reserved child field is not zero", i,
                 load_le(e + 4, 4));
    proof_len[i] = load_le(e + 8, 8);
    if (proof_len[i] == 0) return bad(ErrorCode::kInvalidArgument, "aggregation input: empty child proof", i, 0);
    in.children[i].kind = static_cast<ChildKind>(kind);
    // Inner children and claim proofs are both proofs under the aggregation key.
    any_inner = any_inner || in.children[i].kind != ChildKind::kLeaf;
    any_segment = any_segment || in.children[i].kind != ChildKind::kClaimProof;
  }
  if (!any_segment) return bad(ErrorCode::kInvalidArgument, "aggregation input: no leaf or inner child", 1, 0);
  if (any_inner && aggregation_key_len == 0)
    return bad(ErrorCode::kInvalidArgument,
               "aggregation input: an inner child or claim proof without an aggregation key", 1, 0);
  if (!any_inner && aggregation_key_len != 0)
    return bad(ErrorCode::kInvalidArgument,
               "aggregation input: an aggregation key without an inner child or claim proof", 0, aggregation_key_len);
  if (aggregation_key_len == 0 && (in.aggregation_entry != 0 || !(in.aggregation_shape == PackedShape{})))
    return bad(ErrorCode::kInvalidArgument, "aggregation input: aggregation shape fields without a key", 0, 1);
  if (program_key_len == 0) return bad(ErrorCode::kInvalidArgument, "aggregation input: empty program key", 1, 0);

  // The sections in order, each at the previous end rounded up to 16; every length is checked
  // against what is left before it is added, so nothing overflows.
  const uint64_t size = bytes.size();
  uint64_t at = table_end;
  auto section = [&](uint64_t len, std::span<const uint8_t>* out, bool final_section) -> Error {
    const uint64_t start = round_up(at);
    if (start > size) return bad(ErrorCode::kTruncated, "aggregation input: truncated before a section", start, size);
    for (uint64_t i = at; i < start; ++i)
      if (h[i] != 0) return bad(ErrorCode::kMismatch, "aggregation input: padding byte is not zero", 0, h[i]);
    if (len > size - start)
      return bad(ErrorCode::kTruncated, "aggregation input: a section runs past the end", start + len, size);
    *out = bytes.subspan(start, len);
    at = start + len;
    if (final_section && at != size)
      return bad(ErrorCode::kTrailingBytes, "aggregation input: bytes after the last proof", at, size);
    return Error::none();
  };
  if (Error e = section(program_key_len, &in.program_key, false); !e.ok()) return e;
  if (Error e = section(aggregation_key_len, &in.aggregation_key, false); !e.ok()) return e;
  for (size_t i = 0; i < k; ++i)
    if (Error e = section(proof_len[i], &in.children[i].proof, i + 1 == k); !e.ok()) return e;
  return in;
}

}  // namespace goldfinch::recursion
