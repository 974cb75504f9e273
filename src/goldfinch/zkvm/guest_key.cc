// GuestKey: the verifier's key file (magic, version, entry, STARK verifying key) and the checks
// that make a decoded key describe exactly the RV32IM tables of its own shape.
#include <fmt/core.h>

#include <memory>
#include <tuple>

#include "goldfinch/zkvm/internal.h"
#include "goldfinch/zkvm/zkvm.h"

namespace goldfinch::zkvm {
namespace {

constexpr uint8_t kKeyMagic[8] = {'G', 'F', 'G', 'U', 'E', 'S', 'T', 0};
constexpr uint32_t kKeyVersion = 2;
constexpr size_t kHeaderBytes = 24;  // magic, version, entry, length of the whole-run VK
// Fixed heights a key may give the program and image tables: 2^2 (the minimum the tables use) to
// 2^28 (a 1 GiB segment; the memory map is smaller).
constexpr uint8_t kMinLogHeight = 2, kMaxLogHeight = 28;

uint64_t get_le(std::span<const uint8_t> b, size_t pos, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(b[pos + i]) << (8 * i);
  return v;
}
uint32_t get_u32(std::span<const uint8_t> b, size_t pos) { return static_cast<uint32_t>(get_le(b, pos, 4)); }

// The tables a key's VK describes: the whole-run circuit's or the shard circuit's.
struct Probe {
  explicit Probe(uint32_t entry, bool shard) {
    const circuit::Rv32imShape shape{entry, 4, 4, false, shard};
    if (shard) {
      sharded = std::make_unique<shard::ShardCircuit>(shape);
      rv = &sharded->rv32im();
      tables = sharded->tables();
    } else {
      whole = std::make_unique<circuit::Rv32imCircuit>(shape);
      rv = whole.get();
      tables = whole->tables();
    }
  }
  std::unique_ptr<circuit::Rv32imCircuit> whole;
  std::unique_ptr<shard::ShardCircuit> sharded;
  const circuit::Rv32imCircuit* rv = nullptr;
  std::vector<const air::Air*> tables;
};

ZkvmError bad_key(std::string message, Error cause = Error::none()) {
  return {ErrorKind::kBadKey, std::move(message), cause};
}

// The fixed heights the key gives the program and image tables, read at the positions of those
// tables in Rv32imCircuit's own order, and whether the program has W+X slots (the program
// table's preprocessed width); GuestKey::shape() then checks every table against the key.
ZkvmResult<circuit::Rv32imShape> shape_from_vk(uint32_t entry, const stark::VerifyingKey& vk, bool shard) {
  const Probe probe(entry, shard);
  const std::vector<const air::Air*>& tables = probe.tables;
  const char* which = shard ? "shard" : "whole-run";
  if (vk.tables.size() != tables.size())
    return bad_key(fmt::format("guest key: {} tables in the {} key, the circuit has {}", vk.tables.size(), which,
                               tables.size()));
  circuit::Rv32imShape shape{entry, 0, 0, false, shard};
  for (size_t i = 0; i < tables.size(); ++i) {
    size_t* height = tables[i] == &probe.rv->program() ? &shape.program_height
                     : tables[i] == &probe.rv->image() ? &shape.image_height
                                                       : nullptr;
    if (!height) continue;
    // A program with writable and executable slots has the program table's two extra fields.
    if (tables[i] == &probe.rv->program())
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
  const std::vector<uint8_t> vk_bytes = vk.encode(), shard_bytes = shard_vk.encode();
  auto put = [&](uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  put(kKeyVersion, 4);
  put(entry, 4);
  put(vk_bytes.size(), 8);
  out.insert(out.end(), vk_bytes.begin(), vk_bytes.end());
  out.insert(out.end(), shard_bytes.begin(), shard_bytes.end());
  return out;
}

namespace {

// The checks of one of the key's two VKs against the tables of its own shape. `keep` (whole-run
// key only): receives the rebuilt circuit, its tables and the STARK key checked against them.
ZkvmResult<circuit::Rv32imShape> check_vk(uint32_t entry, const stark::VerifyingKey& vk, bool shard,
                                          detail::CheckedGuestKey* keep = nullptr) {
  if (Error e = vk.params.validate(); !e.ok()) return bad_key(fmt::format("guest key: invalid parameters: {}", e.what), e);
  auto checked = shape_from_vk(entry, vk, shard);
  if (!checked.ok()) return checked.error();
  // The tables' code rebuilt from the shape must be what the key describes: a changed entry
  // changes the CPU table's constants digest, a foreign table list its names and digests.
  std::unique_ptr<circuit::Rv32imCircuit> whole;
  std::unique_ptr<shard::ShardCircuit> sharded;
  std::vector<const air::Air*> tables;
  if (shard) {
    sharded = std::make_unique<shard::ShardCircuit>(*checked);
    tables = sharded->tables();
  } else {
    whole = std::make_unique<circuit::Rv32imCircuit>(*checked);
    tables = whole->tables();
  }
  // The same match stark::verify checks (CheckedKey::make: the parameters, validated above, then
  // check_tables_match), kept for the whole-run key so that verify() does not repeat it.
  Result<stark::CheckedKey> stark_key = stark::CheckedKey();
  Error e = Error::none();
  if (keep) {
    stark_key = stark::CheckedKey::make(vk, tables);
    if (!stark_key.ok()) e = stark_key.error();
  } else {
    e = stark::check_tables_match(vk, tables);
  }
  if (!e.ok()) {
    const std::string table = e.expected < tables.size() ? std::string(tables[e.expected]->name()) : "?";
    return bad_key(fmt::format("guest key: its {} verifying key does not describe the RV32IM table '{}' of entry {:#x} "
                               "(a changed entry or another circuit version)",
                               shard ? "shard" : "whole-run", table, entry),
                   e);
  }
  for (size_t i = 0; i < tables.size(); ++i) {
    const bool has_pre = tables[i]->preprocessed_width() > 0;
    if (has_pre != (vk.tables[i].fixed_log_height != stark::kNoFixedHeight))
      return bad_key(fmt::format("guest key: table '{}' has a fixed height iff it has preprocessed columns", tables[i]->name()));
  }
  if (keep) {
    // The tables' vector and the circuit move without moving their contents: stark_key's views stay valid.
    keep->circuit = std::move(whole);
    keep->tables = std::move(tables);
    keep->stark_key = std::move(*stark_key);
  }
  return checked;
}

// GuestKey::shape(); `keep` as in check_vk.
ZkvmResult<circuit::Rv32imShape> check_key(const GuestKey& key, detail::CheckedGuestKey* keep) {
  auto whole = check_vk(key.entry, key.vk, false, keep);
  if (!whole.ok()) return whole;
  auto sharded = check_vk(key.entry, key.shard_vk, true);
  if (!sharded.ok()) return sharded.error();
  // Both keys are of one program under one set of parameters.
  if (!(key.vk.params == key.shard_vk.params))
    return bad_key("guest key: the shard key's parameters differ from the whole-run key's");
  circuit::Rv32imShape a = *whole, b = *sharded;
  b.shard = false;
  if (!(a == b))
    return bad_key(fmt::format("guest key: the shard key's program/image heights ({}, {}) differ from the whole-run "
                               "key's ({}, {})",
                               b.program_height, b.image_height, a.program_height, a.image_height));
  return whole;
}

}  // namespace

ZkvmResult<circuit::Rv32imShape> GuestKey::shape() const { return check_key(*this, nullptr); }

ZkvmResult<circuit::Rv32imShape> GuestKey::shard_shape() const {
  auto s = shape();
  if (!s.ok()) return s;
  s->shard = true;
  return s;
}

namespace detail {

ZkvmResult<CheckedGuestKey> check_guest_key(const GuestKey& key) {
  CheckedGuestKey out;
  auto shape = check_key(key, &out);
  if (!shape.ok()) return shape.error();
  out.shape = *shape;
  return out;
}

}  // namespace detail

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
  const uint64_t vk_len = get_le(bytes, 16, 8);
  if (vk_len > bytes.size() - kHeaderBytes)
    return bad_key(fmt::format("guest key: its whole-run verifying key is {} bytes, {} remain", vk_len,
                               bytes.size() - kHeaderBytes),
                   {ErrorCode::kTruncated, "guest key truncated", vk_len, bytes.size() - kHeaderBytes});
  for (auto [vk_bytes, target, which] :
       {std::tuple{bytes.subspan(kHeaderBytes, vk_len), &key.vk, "whole-run"},
        std::tuple{bytes.subspan(kHeaderBytes + vk_len), &key.shard_vk, "shard"}}) {
    Result<stark::VerifyingKey> vk = stark::VerifyingKey::decode(vk_bytes);
    if (!vk.ok())
      return bad_key(fmt::format("guest key: {} verifying key: {} (expected {}, got {})", which, vk.error().what,
                                 vk.error().expected, vk.error().got),
                     vk.error());
    *target = std::move(*vk);
  }
  if (auto checked = key.shape(); !checked.ok()) return checked.error();
  return key;
}

}  // namespace goldfinch::zkvm
