// The pinned descriptions of the RV32IM circuit's tables (air::Air::pinned_description): for each
// table whose constraint system does not depend on the program's shape (entry, heights, W+X, shard
// or whole run), the counts and digest stark::describe_table derives, written down once so the
// in-VM verifier compares a key against them instead of re-deriving them (a symbolic pass and the
// hash of the canonical encoding: ~9 M cycles for the 23 tables). The CPU, program, register and
// RAM boundary tables depend on the shape and are derived as before. The three multiset tables of
// a shard proof (multiset/air/) are pinned here too (shard_tables_test checks them).
// pinned_descriptions_test checks every pin against describe_table in every shape and prints the
// figures to write here when a table changes.
#pragma once

#include <string_view>

#include "goldfinch/air/air.h"

namespace goldfinch::circuit {

// The pin of the table with that name, or nullptr.
const air::PinnedDescription* pinned_description(std::string_view table_name);

}  // namespace goldfinch::circuit
