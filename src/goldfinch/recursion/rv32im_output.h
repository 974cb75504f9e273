// What a valid run of the verifier guest on an rv32im statement committed, decoded on the host:
// the verifying key's digest, then the inner proof's public values (u64 little-endian, tables in
// order: the CPU table's exit code and cycles, then the I/O call table's output bytes; the other
// whole-run tables have none), read back as the guest program's statement.
#pragma once

#include <cstdint>
#include <span>

#include "goldfinch/base/error.h"
#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::recursion {

struct Rv32imGuestOutput {
  hash::Digest vk_digest;
  circuit::Rv32imStatement statement;
};

// Errors: an output shorter than the digest and the CPU table's two values, a length that is not
// the digest plus whole u64 values, a value that is not canonical or out of range for the statement.
Result<Rv32imGuestOutput> decode_rv32im_output(std::span<const uint8_t> public_output);

}  // namespace goldfinch::recursion
