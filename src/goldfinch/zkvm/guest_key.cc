// GuestKey: the verifier's key file (magic, version, entry, STARK verifying key) and the checks
// that make a decoded key describe exactly the RV32IM tables of its own shape.
#include <fmt/core.h>

#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::zkvm {
namespace {

constexpr uint8_t kKeyMagic[8] = {'G', 'F', 'G', 'U', 'E', 'S', 'T', 0};
constexpr uint32_t kKeyVersion = 1;
constexpr size_t kHeaderBytes = 16;  // magic, version, entry
// Fixed heights a key may give the program and image tables: 2^2 (the minimum the tables use) to
// 2^28 (a 1 GiB segment; the memory map is smaller).
constexpr uint8_t kMinLogHeight = 2, kMaxLogHeight = 28;

uint32_t get_u32(std::span<const uint8_t> b, size_t pos) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v |= static_cast<uint32_t>(b[pos + i]) << (8 * i);
  return v;
}

ZkvmError bad_key(std::string message, Error cause = Error::none()) {
  return {ErrorKind::kBadKey, std::move(message), cause};
}

// The fixed heights the key gives the program and image tables, read at the positions of those
// tables in Rv32imCircuit's own order, and whether the program has W+X slots (the program
// table's preprocessed width); GuestKey::shape() then checks every table against the key.
ZkvmResult<circuit::Rv32imShape> shape_from_vk(uint32_t entry, const stark::VerifyingKey& vk) {
  const circuit::Rv32imCircuit probe(circuit::Rv32imShape{entry, 4, 4});
  const std::vector<const air::Air*> tables = probe.tables();
  if (vk.tables.size() != tables.size())
    return bad_key(fmt::format("guest key: {} tables, the RV32IM circuit has {}", vk.tables.size(), tables.size()));
  circuit::Rv32imShape shape{entry, 0, 0};
  for (size_t i = 0; i < tables.size(); ++i) {
    size_t* height = tables[i] == &probe.program() ? &shape.program_height
                     : tables[i] == &probe.image() ? &shape.image_height
                                                   : nullptr;
    if (!height) continue;
    // A program with writable and executable slots has the program table's two extra fields.
    if (tables[i] == &probe.program())
      shape.wx = vk.tables[i].preprocessed_width == circuit::ProgramTable::kWxFields;
    const uint8_t log_h = vk.tables[i].fixed_log_height;
    if (log_h < kMinLogHeight || log_h > kMaxLogHeight)
      return bad_key(fmt::format("guest key: table '{}' has fixed log height {}, expected {}..{}", tables[i]->name(),
                                 log_h, kMinLogHeight, kMaxLogHeight));
    *height = size_t{1} << log_h;
  }
  GF_CHECK(shape.program_height && shape.image_height, "program and image tables are part of the circuit");
  return shape;
}

}  // namespace

std::vector<uint8_t> GuestKey::encode() const {
  std::vector<uint8_t> out(kKeyMagic, kKeyMagic + sizeof(kKeyMagic));
  for (uint32_t v : {kKeyVersion, entry})
    for (size_t i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  const std::vector<uint8_t> vk_bytes = vk.encode();
  out.insert(out.end(), vk_bytes.begin(), vk_bytes.end());
  return out;
}

ZkvmResult<circuit::Rv32imShape> GuestKey::shape() const {
  if (Error e = vk.params.validate(); !e.ok()) return bad_key(fmt::format("guest key: invalid parameters: {}", e.what), e);
  auto checked = shape_from_vk(entry, vk);
  if (!checked.ok()) return checked.error();
  // The tables' code rebuilt from the shape must be what the key describes: a changed entry
  // changes the CPU table's constants digest, a foreign table list its names and digests.
  const circuit::Rv32imCircuit circuit(*checked);
  const std::vector<const air::Air*> tables = circuit.tables();
  if (Error e = stark::check_tables_match(vk, tables); !e.ok()) {
    const std::string table = e.expected < tables.size() ? std::string(tables[e.expected]->name()) : "?";
    return bad_key(fmt::format("guest key: its verifying key does not describe the RV32IM table '{}' of entry {:#x} "
                               "(a changed entry or another circuit version)",
                               table, entry),
                   e);
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    const bool has_pre = tables[i]->preprocessed_width() > 0;
    if (has_pre != (vk.tables[i].fixed_log_height != stark::kNoFixedHeight))
      return bad_key(fmt::format("guest key: table '{}' has a fixed height iff it has preprocessed columns", tables[i]->name()));
  }
  return checked;
}

ZkvmResult<GuestKey> GuestKey::decode(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHeaderBytes)
    return bad_key(fmt::format("guest key: {} bytes, shorter than its {}-byte header", bytes.size(), kHeaderBytes),
                   {ErrorCode::kTruncated, "guest key truncated", kHeaderBytes, bytes.size()});
  for (size_t i = 0; i < sizeof(kKeyMagic); ++i)
    if (bytes[i] != kKeyMagic[i]) return bad_key("not a Goldfinch guest key (bad magic; make one with `goldfinch vk`)");
  if (const uint32_t version = get_u32(bytes, 8); version != kKeyVersion)
    return bad_key(fmt::format("guest key version {}, this build reads version {}", version, kKeyVersion));
  GuestKey key;
  key.entry = get_u32(bytes, 12);
  Result<stark::VerifyingKey> vk = stark::VerifyingKey::decode(bytes.subspan(kHeaderBytes));
  if (!vk.ok())
    return bad_key(fmt::format("guest key: verifying key: {} (expected {}, got {})", vk.error().what,
                               vk.error().expected, vk.error().got),
                   vk.error());
  key.vk = std::move(*vk);
  if (auto checked = key.shape(); !checked.ok()) return checked.error();
  return key;
}

}  // namespace goldfinch::zkvm
