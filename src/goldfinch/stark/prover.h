// The prover: setup() turns a set of tables into a proving key (with its verifying key), and
// prove() turns one trace per table into a proof in the zero-copy format. The protocol, step by
// step (docs/stark.md has the details; verifier.cc replays the same transcript):
//   1. absorb vk digest, trace heights, public values
//   2. commit main traces (LDE on g*<w_N>, bit-reversed; one mixed-height tree)
//   3. LogUp challenges alpha, beta -> commit aux traces, send each table's claimed sum
//   4. composition challenge -> quotient per table, split into chunks of degree < n, committed
//   5. out-of-domain point z in F_p^3 -> openings at z and z*w, absorbed
//   6. DEEP challenge gamma -> one reduced polynomial per trace height
//   7. one FRI over all heights: fold the tallest, roll each shorter height in when reached
//   8. grinding, query indices, openings of every tree at the queries
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/backend/backend.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/merkle/selected_merkle.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::stark {

// The hash is the key's (StarkParams::merkle_hash), chosen once per tree by SelectedMerkle.
using MixedTree = merkle::MixedMerkleTree<merkle::SelectedMerkle>;

struct TableWitness {
  RowMajorMatrix main;
  std::vector<Fp> public_values;
};

struct ProvingKey {
  VerifyingKey vk;
  std::vector<const air::Air*> tables;
  std::vector<RowMajorMatrix> preprocessed;        // per table (empty when none)
  std::vector<RowMajorMatrix> preprocessed_ldes;   // per round-0 class matrix
  std::unique_ptr<MixedTree> preprocessed_tree;    // null when no table has preprocessed columns
};

// The tables must outlive the key. Errors: bad parameters, a preprocessed trace of the wrong shape.
Result<std::unique_ptr<ProvingKey>> setup(std::vector<const air::Air*> tables, const StarkParams& params,
                                          backend::Backend& backend = backend::default_backend());

struct ProveOptions {
  // Produce a proof even when the witness violates its constraints (the quotient is then not a
  // polynomial of the right degree and is truncated). Only for tests that check the verifier
  // rejects such proofs.
  bool allow_unsatisfied = false;
  // Attack tests only: edits each height class's quotient LDE (log2 of its trace height, the
  // matrix) before it is committed, while the openings at z stay those of the honest quotient, so
  // only FRI can catch the change. Use with allow_unsatisfied.
  std::function<void(unsigned log_height, RowMajorMatrix& lde)> tamper_quotient_lde;
  // Streaming mode: a round's low-degree extensions are not kept after its commitment; the
  // quotient, the openings, DEEP and the queries make each class's extension again from the
  // traces (kept) when they need it and free it, so the extensions of one height class live at a
  // time instead of all of them. Slower (each extension is computed about four times); the
  // proof is byte-identical to the one without it.
  bool streaming = false;
  // Streaming mode: after the main round's commitment, extensions are made from the traces'
  // coefficients in sub-blocks of at most this many bytes (a block of n rows cut into up to 8
  // sub-cosets; see prover.cc), so a table's or class's working set does not grow with the run.
  // Smaller costs more time (the coefficients are folded once per sub-block); the proof is the
  // same. Tests set it tiny to cut every block.
  size_t stream_block_bytes = size_t{128} << 20;
  // Called at the start of each phase ("commit", "logup", "quotient", "openings", "fri",
  // "queries") and once with ("done", 1.0); `fraction` is the share of the work done before it
  // (a rough weight per phase, for progress bars).
  std::function<void(std::string_view phase, double fraction)> progress;
};

struct ProveStats {
  double seconds_commit_main = 0, seconds_aux = 0, seconds_quotient = 0, seconds_openings = 0,
         seconds_fri = 0, seconds_queries = 0, seconds_total = 0;
  size_t trace_cells = 0;  // main + aux + preprocessed cells over all tables
};

// Streaming mode makes an extension's rows, after the main round's commitment, from the traces'
// coefficients in sub-blocks (ntt::fold_onto_subcoset) of at most max_bytes
// (ProveOptions::stream_block_bytes) instead of whole blocks of n rows, so what a class or table
// needs at a time stays below that whatever the run's length: the rows of a sub-block of a
// matrix of 2^log_n rows and `width` columns (n / 8 at the fewest). For memory estimates.
size_t streaming_sub_block_rows(unsigned log_n, size_t width, size_t max_bytes);

Result<std::vector<uint8_t>> prove(const ProvingKey& pk, std::vector<TableWitness> witness,
                                   backend::Backend& backend = backend::default_backend(),
                                   const ProveOptions& options = {}, ProveStats* stats = nullptr);

}  // namespace goldfinch::stark
