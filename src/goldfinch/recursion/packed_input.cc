#include "goldfinch/recursion/packed_input.h"

#include "goldfinch/base/le_bytes.h"

namespace goldfinch::recursion {
namespace {

void put_le(std::vector<uint8_t>& out, size_t at, uint64_t v, int n) { store_le(out.data() + at, v, n); }

uint64_t round_up(uint64_t x) { return (x + kPackedAlign - 1) / kPackedAlign * kPackedAlign; }

Error bad(ErrorCode code, const char* what, uint64_t expected, uint64_t got) { return {code, what, expected, got}; }

}  // namespace

std::vector<uint8_t> pack_input(uint32_t statement, uint32_t statement_param, std::span<const uint8_t> vk,
                                std::span<const uint8_t> proof, const PackedShape& shape) {
  const uint64_t proof_offset = round_up(kPackedHeaderBytes + vk.size());
  std::vector<uint8_t> out(proof_offset + proof.size(), 0);
  for (size_t i = 0; i < 8; ++i) out[i] = kPackedMagic[i];
  put_le(out, 8, kPackedVersion, 4);
  put_le(out, 12, statement, 4);
  put_le(out, 16, statement_param, 4);
  put_le(out, 20, shape.flags, 4);
  put_le(out, 24, kPackedHeaderBytes, 8);
  put_le(out, 32, vk.size(), 8);
  put_le(out, 40, proof_offset, 8);
  put_le(out, 48, proof.size(), 8);
  put_le(out, 56, shape.program_height, 4);
  put_le(out, 60, shape.image_height, 4);
  for (size_t i = 0; i < vk.size(); ++i) out[kPackedHeaderBytes + i] = vk[i];
  for (size_t i = 0; i < proof.size(); ++i) out[proof_offset + i] = proof[i];
  return out;
}

Result<PackedInput> parse_packed(std::span<const uint8_t> bytes) {
  if (reinterpret_cast<uintptr_t>(bytes.data()) % kPackedAlign != 0)
    return bad(ErrorCode::kInvalidArgument, "packed input is not 16-byte aligned", kPackedAlign,
               reinterpret_cast<uintptr_t>(bytes.data()) % kPackedAlign);
  if (bytes.size() < kPackedHeaderBytes)
    return bad(ErrorCode::kTruncated, "packed input shorter than its header", kPackedHeaderBytes, bytes.size());
  const uint8_t* h = bytes.data();
  for (size_t i = 0; i < 8; ++i)
    if (h[i] != kPackedMagic[i]) return bad(ErrorCode::kMismatch, "packed input: bad magic", kPackedMagic[i], h[i]);
  const uint64_t version = load_le(h + 8, 4);
  if (version != kPackedVersion) return bad(ErrorCode::kMismatch, "packed input: unsupported version", kPackedVersion, version);
  PackedInput p;
  p.statement = static_cast<uint32_t>(load_le(h + 12, 4));
  p.statement_param = static_cast<uint32_t>(load_le(h + 16, 4));
  p.shape.flags = static_cast<uint32_t>(load_le(h + 20, 4));
  p.shape.program_height = static_cast<uint32_t>(load_le(h + 56, 4));
  p.shape.image_height = static_cast<uint32_t>(load_le(h + 60, 4));
  const uint64_t vk_offset = load_le(h + 24, 8), vk_len = load_le(h + 32, 8);
  const uint64_t proof_offset = load_le(h + 40, 8), proof_len = load_le(h + 48, 8);
  if (vk_offset != kPackedHeaderBytes)
    return bad(ErrorCode::kMismatch, "packed input: verifying key must follow the header", kPackedHeaderBytes, vk_offset);
  // Lengths are bounded by the buffer before any addition, so nothing below can wrap.
  if (vk_len > bytes.size() || proof_len > bytes.size())
    return bad(ErrorCode::kTruncated, "packed input: section longer than the input", bytes.size(),
               vk_len > proof_len ? vk_len : proof_len);
  const uint64_t want_proof_offset = round_up(kPackedHeaderBytes + vk_len);
  if (proof_offset != want_proof_offset)
    return bad(ErrorCode::kMismatch, "packed input: proof offset is not the key's end rounded up to 16",
               want_proof_offset, proof_offset);
  if (proof_offset + proof_len < bytes.size())
    return bad(ErrorCode::kTrailingBytes, "packed input: bytes after the proof", proof_offset + proof_len, bytes.size());
  if (proof_offset + proof_len > bytes.size())
    return bad(ErrorCode::kTruncated, "packed input: truncated", proof_offset + proof_len, bytes.size());
  for (uint64_t i = kPackedHeaderBytes + vk_len; i < proof_offset; ++i)
    if (h[i] != 0) return bad(ErrorCode::kMismatch, "packed input: padding byte is not zero", 0, h[i]);
  p.vk = bytes.subspan(vk_offset, vk_len);
  p.proof = bytes.subspan(proof_offset, proof_len);
  return p;
}

}  // namespace goldfinch::recursion
