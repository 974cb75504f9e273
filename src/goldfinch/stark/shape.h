// The shape the security calculator (security.h) needs, computed from a statement's real tables
// instead of assumed: `goldfinch security --vk/--elf` reports the bits of this shape, and setup()
// refuses a circuit whose shape lies outside the envelope its parameter preset claims bits for.
#pragma once

#include <span>

#include "goldfinch/air/air.h"
#include "goldfinch/stark/security.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::stark {

// Totals over the tables of `vk`, which must describe `tables` (check_tables_match), for a tallest
// table of 2^log_max_trace_height rows (raised to the tallest fixed height if that is taller).
// Heights are chosen per proof, so every table counts as its own height class (capped by the
// number of heights FRI can visit). Public bus terms (a handful per proof) are not counted.
ProofShape proof_shape(const VerifyingKey& vk, std::span<const air::Air* const> tables, unsigned log_max_trace_height);

}  // namespace goldfinch::stark
