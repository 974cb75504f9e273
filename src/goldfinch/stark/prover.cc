#include "goldfinch/stark/prover.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/block_cache.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/packed_ops.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/ntt/ntt.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/fri_prover.h"
#include "goldfinch/stark/layout.h"
#include "goldfinch/stark/ood_check.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover_parts.h"
#include "goldfinch/stark/shape.h"
#include "goldfinch/stark/transcript_setup.h"
#include "goldfinch/transcript/grinding.h"

namespace goldfinch::stark {
namespace {

// GF_MEMTRACE=1: the block cache's bytes in use (the prover's matrices) at each phase and step,
// and the most in use since the previous line — where a run's memory peak is (docs/benchmarks.md).
void trace_memory(const std::string& where) {
  static const bool on = std::getenv("GF_MEMTRACE") != nullptr;
  if (!on) return;
  const block_cache::Stats s = block_cache::stats();
  std::fprintf(stderr,
               "memory %-26s in use %8.1f MB, peak since the last line %8.1f MB, kept %8.1f MB, high water %8.1f MB, "
               "hits %zu, misses %zu, moved %8.1f MB\n",
               where.c_str(), static_cast<double>(s.in_use) / 1e6, static_cast<double>(s.peak_in_use) / 1e6,
               static_cast<double>(s.kept) / 1e6, static_cast<double>(s.high_water) / 1e6, s.hits, s.misses,
               static_cast<double>(s.moved) / 1e6);
  block_cache::reset_peak();
}


using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Puts the round-r matrices of the tables of one class side by side (natural order).
RowMajorMatrix concat_class(const ClassMatrix& m, const ProofLayout& L, size_t r,
                            const std::vector<const RowMajorMatrix*>& per_table) {
  const size_t n = size_t{1} << m.log_height;
  RowMajorMatrix out = RowMajorMatrix::uninitialized(n, m.width);  // the tables cover every column
  for (size_t t : m.tables) {
    const RowMajorMatrix& src = *per_table[t];
    const size_t off = L.tables[t].col_offset[r], w = src.width();
    parallel_for_chunks(n, 4096, [&](size_t b, size_t e) {
      for (size_t i = b; i < e; ++i)
        for (size_t c = 0; c < w; ++c) out.at(i, off + c) = src.at(i, c);
    });
  }
  return out;
}

struct RoundCommitment {
  std::vector<RowMajorMatrix> ldes;  // per class matrix, bit-reversed LDE (empty when streamed)
  std::unique_ptr<MixedTree> tree;
};

// The coset of block b of an extension of 2^log_n rows by 2^log_blowup (bit-reversed storage):
// its rows [b n, (b+1) n) are the points g w_N^rev(b) H, in bit-reversed order.
Fp block_shift(unsigned log_n, unsigned log_blowup, size_t b) {
  return kCosetShift * Fp::two_adic_root(log_n + log_blowup).pow(reverse_bits(b, log_blowup));
}

// The whole extension (bit-reversed, N rows) of quotient class matrix i, from the tables' chunk
// coefficients put side by side.
Result<RowMajorMatrix> quotient_class_extension(const ProofLayout& L, size_t i,
                                                const std::vector<RowMajorMatrix>& quotient_coeffs) {
  const ClassMatrix& m = L.rounds[kQuotientRound][i];
  const size_t n = size_t{1} << m.log_height;
  RowMajorMatrix coeffs = RowMajorMatrix::uninitialized(n, m.width);  // the tables cover every column
  for (size_t t : m.tables) {
    const RowMajorMatrix& src = quotient_coeffs[t];
    const size_t off = L.tables[t].col_offset[kQuotientRound], w = src.width();
    parallel_for_chunks(n, 4096, [&](size_t b, size_t e) {
      for (size_t k = b; k < e; ++k) std::copy_n(&src.at(k, 0), w, &coeffs.at(k, off));
    });
  }
  return ntt::evaluate_on_coset(coeffs.view(), size_t{1} << L.log_blowup, {.shift = kCosetShift});
}

// The points of rows [first, first + m) of an extension of 2^log_n rows by 2^log_blowup
// (bit-reversed storage, m | n): block b = first / n is the coset g w_N^rev(b) H, and its rows
// [t m, (t+1) m) the sub-coset g w_N^rev(b) w_n^rev_k(t) <w_m>, k = n / m (ntt/lde.h).
Fp sub_block_shift(unsigned log_n, unsigned log_blowup, size_t first, size_t m) {
  const size_t n = size_t{1} << log_n;
  const unsigned log_k = log_n - log2_exact(m);
  return block_shift(log_n, log_blowup, first >> log_n) *
         Fp::two_adic_root(log_n).pow(reverse_bits((first & (n - 1)) / m, log_k));
}

// Streaming mode: rows [first, first + m) of class matrix i of round r's extension, from its
// tables' coefficient matrices (per table, in the class's column order): each table folded into
// its columns, then one transform — no side-by-side copy of the traces.
Result<RowMajorMatrix> class_rows(const ProofLayout& L, size_t r, size_t i,
                                  const std::vector<const RowMajorMatrix*>& coeffs, size_t first, size_t m) {
  const ClassMatrix& cm = L.rounds[r][i];
  const Fp shift = sub_block_shift(cm.log_height, L.log_blowup, first, m);
  RowMajorMatrix out = RowMajorMatrix::uninitialized(m, cm.width);  // the tables cover every column
  for (size_t t : cm.tables) {
    const RowMajorMatrix& c = *coeffs[t];
    if (c.width() == 0) continue;
    if (Error e = ntt::fold_onto_subcoset(c.view(), shift, out.view(), L.tables[t].col_offset[r]); !e.ok()) return e;
  }
  if (Error e = ntt::forward_rows(out.view(), ntt::Order::kNatural, ntt::Order::kBitReversed); !e.ok()) return e;
  return out;
}

// Streaming mode, queries: the entries in rows `rows` (increasing, all in block b) of class matrix
// i of round r's extension, from its tables' coefficient matrices, written to (*out)[row] (rows
// already there). A few rows of every block are read, so the block is made whole — one scaled
// size-n transform per column, as a block costs, where sub-blocks would fold the coefficients once
// each — but kQueryColumns of the class's columns at a time, in n kQueryColumns elements of memory.
constexpr size_t kQueryColumns = 8;
Error class_entries(const ProofLayout& L, size_t r, size_t i, const std::vector<const RowMajorMatrix*>& coeffs,
                    size_t b, std::span<const uint64_t> rows, std::map<uint64_t, std::vector<Fp>>* out) {
  const ClassMatrix& cm = L.rounds[r][i];
  const size_t n = size_t{1} << cm.log_height;
  const Fp shift = block_shift(cm.log_height, L.log_blowup, b);
  std::vector<Fp*> targets(rows.size());
  for (size_t k = 0; k < rows.size(); ++k) targets[k] = out->at(rows[k]).data();
  for (size_t c0 = 0; c0 < cm.width; c0 += kQueryColumns) {
    const size_t g = std::min(kQueryColumns, cm.width - c0);
    // The tables' pieces of class columns [c0, c0 + g).
    struct Piece {
      size_t at;
      const RowMajorMatrix* src;
      size_t from, count;
    };
    std::vector<Piece> pieces;
    for (size_t t : cm.tables) {
      const RowMajorMatrix* src = coeffs[t];
      const size_t off = L.tables[t].col_offset[r], lo = std::max(off, c0), hi = std::min(off + src->width(), c0 + g);
      if (lo < hi) pieces.push_back({lo - c0, src, lo - off, hi - lo});
    }
    RowMajorMatrix m = RowMajorMatrix::uninitialized(n, g);  // the pieces cover every column
    parallel_for_chunks(n, 4096, [&](size_t lo, size_t hi) {
      Fp p = shift.pow(lo);
      for (size_t k = lo; k < hi; ++k, p *= shift)
        for (const Piece& x : pieces)
          packed::scale(m.row(k).subspan(x.at, x.count), x.src->row(k).subspan(x.from, x.count), p);
    });
    if (Error e = ntt::forward_rows(m.view(), ntt::Order::kNatural, ntt::Order::kBitReversed); !e.ok()) return e;
    for (size_t k = 0; k < rows.size(); ++k) std::copy_n(&m.at(rows[k] - b * n, 0), g, targets[k] + c0);
  }
  return Error::none();
}

std::vector<ConstMatrixView> class_shapes(const ProofLayout& L, size_t r) {
  std::vector<ConstMatrixView> shapes;
  for (const ClassMatrix& m : L.rounds[r])
    shapes.push_back({nullptr, size_t{1} << (m.log_height + L.log_blowup), m.width});
  return shapes;
}

// The index of the class matrix of height 2^log_h in round r, or -1.
ptrdiff_t find_class(const ProofLayout& L, size_t r, unsigned log_h) {
  for (size_t i = 0; i < L.rounds[r].size(); ++i)
    if (L.rounds[r][i].log_height == log_h) return static_cast<ptrdiff_t>(i);
  return -1;
}

// Streaming mode: commits a round without keeping its extensions: the rows of class matrix i from
// first_row on, made by make(i, first_row) (a block or a sub-block), are hashed and freed (the tree
// keeps its layers above the leaves).
Result<std::unique_ptr<MixedTree>> commit_streamed(const ProofLayout& L, size_t r,
                                                   const std::function<Result<RowMajorMatrix>(size_t, size_t)>& make) {
  if (L.rounds[r].empty()) return std::unique_ptr<MixedTree>();
  std::optional<Error> failed;
  auto tree = MixedTree::commit_streamed(class_shapes(L, r), [&](size_t i, size_t first_row) {
    auto m = make(i, first_row);
    if (m.ok()) return std::move(*m);
    failed = m.error();  // hash a row of the right shape; the error is returned below
    return RowMajorMatrix(1, L.rounds[r][i].width);
  }, merkle::SelectedMerkle(L.merkle_hash));
  if (failed) return *failed;
  if (!tree.ok()) return tree.error();
  return std::make_unique<MixedTree>(std::move(*tree));
}

Result<RoundCommitment> commit_round(const ProofLayout& L, size_t r, const std::vector<const RowMajorMatrix*>& per_table,
                                     backend::Backend& be) {
  RoundCommitment rc;
  std::vector<ConstMatrixView> views;
  for (const ClassMatrix& m : L.rounds[r]) {
    // A class of one table is extended straight from the table's trace (no side-by-side copy).
    RowMajorMatrix concat;
    ConstMatrixView trace;
    if (m.tables.size() == 1) {
      trace = per_table[m.tables[0]]->view();
    } else {
      concat = concat_class(m, L, r, per_table);
      trace = concat.view();
    }
    auto lde = be.lde(trace, size_t{1} << L.log_blowup, {});
    if (!lde.ok()) return lde.error();
    rc.ldes.push_back(std::move(*lde));
  }
  for (auto& m : rc.ldes) views.push_back(m.view());
  if (!views.empty()) {
    auto tree = MixedTree::commit(views, merkle::SelectedMerkle(L.merkle_hash));
    if (!tree.ok()) return tree.error();
    rc.tree = std::make_unique<MixedTree>(std::move(*tree));
  }
  return rc;
}

const RowMajorMatrix* find_class_lde(const ProofLayout& L, size_t r, unsigned log_h, const std::vector<RowMajorMatrix>& ldes) {
  for (size_t i = 0; i < L.rounds[r].size(); ++i)
    if (L.rounds[r][i].log_height == log_h) return i < ldes.size() ? &ldes[i] : nullptr;  // none kept: streaming
  return nullptr;
}

// `kept` (streaming mode): the rows each class matrix's opening reads, by position; empty: read
// the tree's own matrices.
using OpenedRows = std::vector<std::map<uint64_t, std::vector<Fp>>>;

void write_round_opening(ProofWriter& w, uint32_t tag, const MixedTree* tree, unsigned log_max_lde,
                         std::span<const uint64_t> queries, size_t num_matrices, const OpenedRows* kept = nullptr) {
  w.begin(tag, static_cast<uint32_t>(num_matrices));
  if (tree) {
    const unsigned shift = log_max_lde - tree->log_height();
    const std::vector<uint64_t> q = merkle::positions_at_level(queries, shift);
    auto o = kept ? tree->open(q,
                               [&](size_t j, uint64_t pos) {
                                 auto it = (*kept)[j].find(pos);
                                 GF_CHECK(it != (*kept)[j].end(), "a streamed opening needs a row it did not keep");
                                 return std::span<const Fp>(it->second);
                               })
                  : tree->open(q);
    GF_CHECK(o.ok(), "opening a committed round failed");
    w.put_u64(o->nodes.size());
    for (const auto& rows : o->rows) w.put_fps(rows);
    for (const auto& d : o->nodes) w.put_digest(d);
  }
  w.end();
}

}  // namespace

// Folding reads the coefficients once per sub-block, so a block costs more the more sub-blocks it
// is cut into (bench_ntt BM_ExtensionBlock, 2^20 x 64: 1.10x the whole block in 2, 1.26x in 4,
// 1.7x in 8): at most 2^kMaxLogSubBlocks of them.
size_t streaming_sub_block_rows(unsigned log_n, size_t width, size_t max_bytes) {
  constexpr unsigned kMaxLogSubBlocks = 3;
  unsigned log_m = log_n;
  while (log_m > 0 && log_n - log_m < kMaxLogSubBlocks && (size_t{1} << log_m) * width * sizeof(Fp) > max_bytes)
    --log_m;
  return size_t{1} << log_m;
}

Result<std::unique_ptr<ProvingKey>> setup(std::vector<const air::Air*> tables, const StarkParams& params,
                                          backend::Backend& be) {
  if (Error e = params.validate(); !e.ok()) return e;
  if (tables.empty()) return Error{ErrorCode::kInvalidArgument, "a statement needs at least one table", 1, 0};
  auto pk = std::make_unique<ProvingKey>();
  pk->vk.params = params;
  pk->tables = tables;
  std::vector<uint8_t> log_heights;
  for (const air::Air* a : tables) {
    if (Error e = check_interaction_columns(*a); !e.ok()) return e;
    if (a->optional() && (a->preprocessed_width() || a->num_public_values() || a->variable_public_values()))
      return Error{ErrorCode::kInvalidArgument, "an optional table cannot have preprocessed columns or public values", 0,
                   pk->vk.tables.size()};
    uint8_t fixed = kNoFixedHeight;
    if (a->preprocessed_width() > 0) {
      const size_t h = a->fixed_height();
      if (!is_pow2(h)) return Error{ErrorCode::kInvalidArgument, "table with preprocessed columns needs a power-of-two fixed height", 0, h};
      fixed = static_cast<uint8_t>(log2_exact(h));
      RowMajorMatrix pre = a->preprocessed_trace(h);
      if (pre.height() != h || pre.width() != a->preprocessed_width())
        return Error{ErrorCode::kInvalidArgument, "preprocessed trace has the wrong shape", h, pre.height()};
      pk->preprocessed.push_back(std::move(pre));
    } else {
      pk->preprocessed.emplace_back();
    }
    pk->vk.tables.push_back(describe_table(*a, fixed, params.merkle_hash));
    log_heights.push_back(fixed == kNoFixedHeight ? params.log_final_poly_len : fixed);
  }
  // A preset claims its bits only for circuits inside its envelope: refuse any other circuit.
  if (Error e = check_security_envelope(params, proof_shape(pk->vk, tables, 1)); !e.ok()) return e;
  if (pk->vk.has_preprocessed()) {
    auto L = ProofLayout::make(pk->vk, log_heights);
    if (!L.ok()) return L.error();
    std::vector<const RowMajorMatrix*> per_table;
    for (const auto& m : pk->preprocessed) per_table.push_back(&m);
    auto rc = commit_round(*L, kPreRound, per_table, be);
    if (!rc.ok()) return rc.error();
    pk->preprocessed_ldes = std::move(rc->ldes);
    pk->preprocessed_tree = std::move(rc->tree);
    pk->vk.preprocessed_root = pk->preprocessed_tree->root();
  }
  return pk;
}

Result<std::vector<uint8_t>> prove(const ProvingKey& pk, std::vector<TableWitness> witness, backend::Backend& be,
                                   const ProveOptions& options, ProveStats* stats) {
  const auto t_start = Clock::now();
  ProveStats st;
  auto report = [&](std::string_view phase, double fraction) {
    if (options.progress) options.progress(phase, fraction);
    trace_memory(std::string(phase));
  };
  const VerifyingKey& vk = pk.vk;
  const size_t T = pk.tables.size();
  if (witness.size() != T) return Error{ErrorCode::kInvalidArgument, "one witness per table expected", T, witness.size()};
  std::vector<uint8_t> log_heights(T);
  for (size_t t = 0; t < T; ++t) {
    const RowMajorMatrix& m = witness[t].main;
    if (m.height() == 0 && pk.tables[t]->optional() && witness[t].public_values.empty()) {
      log_heights[t] = kAbsentLogHeight;  // an optional table without rows is left out
      continue;
    }
    if (m.width() != vk.tables[t].width) return Error{ErrorCode::kInvalidArgument, "trace width differs from the table's", vk.tables[t].width, m.width()};
    if (!is_pow2(m.height())) return Error{ErrorCode::kInvalidArgument, "trace height is not a power of two", t, m.height()};
    if (vk.tables[t].num_public_values == kVariablePublicValues) {
      if (witness[t].public_values.size() > kMaxVariablePublicValues)
        return Error{ErrorCode::kInvalidArgument, "too many public values", kMaxVariablePublicValues, witness[t].public_values.size()};
    } else if (witness[t].public_values.size() != vk.tables[t].num_public_values)
      return Error{ErrorCode::kInvalidArgument, "wrong number of public values", vk.tables[t].num_public_values,
                   witness[t].public_values.size()};
    log_heights[t] = static_cast<uint8_t>(log2_exact(m.height()));
  }
  auto layout_or = ProofLayout::make(vk, log_heights);
  if (!layout_or.ok()) return layout_or.error();
  const ProofLayout& L = *layout_or;
  const unsigned log_max_lde = L.log_max_height + L.log_blowup;
  // Setup checked the circuit against the preset's envelope; the heights are known only now.
  if (Error e = check_security_envelope(vk.params, proof_shape(vk, pk.tables, L.log_max_height)); !e.ok()) return e;

  Transcript tr = begin_transcript(vk, log_heights);
  for (size_t t = 0; t < T; ++t) tr.absorb_base("public values", witness[t].public_values);

  // Main round.
  report("commit", 0.0);
  auto t0 = Clock::now();
  std::vector<const RowMajorMatrix*> mains(T);
  for (size_t t = 0; t < T; ++t) mains[t] = &witness[t].main;
  const bool streaming = options.streaming;
  const size_t blowup = size_t{1} << L.log_blowup;
  // Streaming mode: a round's class extensions are made when they are needed (the commitment, the
  // quotient, the openings, DEEP and the queries), in sub-blocks, from the traces' coefficients,
  // which are kept: no extension, nor a whole block of n rows of one, ever exists.
  auto sub_rows_of = [&](size_t r, size_t i) {
    return streaming_sub_block_rows(L.rounds[r][i].log_height, L.rounds[r][i].width, options.stream_block_bytes);
  };

  RoundCommitment main_rc;
  if (streaming) {
    // The main traces are interpolated in place for the commitment, then evaluated back for the
    // LogUp build (two size-n transforms per column, where blocks made from the values cost two
    // per block: the blowup's times fewer).
    for (size_t t = 0; t < T; ++t)
      if (RowMajorMatrix& m = witness[t].main; m.width() && m.height())
        if (Error e = ntt::inverse_rows(m.view(), ntt::Order::kNatural, ntt::Order::kNatural); !e.ok()) return e;
    auto tree = commit_streamed(L, kMainRound, [&](size_t i, size_t first_row) {
      return class_rows(L, kMainRound, i, mains, first_row, sub_rows_of(kMainRound, i));
    });
    if (!tree.ok()) return tree.error();
    main_rc.tree = std::move(*tree);
    for (size_t t = 0; t < T; ++t)
      if (RowMajorMatrix& m = witness[t].main; m.width() && m.height())
        if (Error e = ntt::forward_rows(m.view(), ntt::Order::kNatural, ntt::Order::kNatural); !e.ok()) return e;
  } else {
    auto rc = commit_round(L, kMainRound, mains, be);
    if (!rc.ok()) return rc.error();
    main_rc = std::move(*rc);
  }
  tr.absorb_digest("main root", main_rc.tree->root());
  st.seconds_commit_main = since(t0);
  trace_memory("after main commit");

  // LogUp aux round.
  report("logup", 0.25);
  t0 = Clock::now();
  const Fp3 lu_alpha = tr.squeeze_ext("logup alpha"), lu_beta = tr.squeeze_ext("logup beta");
  size_t max_fields = 0;
  for (size_t t = 0; t < T; ++t) {
    const auto its = pk.tables[t]->interactions();
    max_fields = std::max(max_fields, air::max_interaction_fields(its));
    for (const auto& term : pk.tables[t]->public_bus_terms(witness[t].public_values))
      max_fields = std::max(max_fields, term.fields.size());
  }
  const air::LogupChallenges lu = air::LogupChallenges::from(lu_alpha, lu_beta, max_fields);
  std::vector<RowMajorMatrix> aux(T);
  std::vector<Fp3> claimed(T, Fp3::zero());
  std::vector<Fp3> claimed_list;
  for (size_t t = 0; t < T; ++t) {
    const auto its = pk.tables[t]->interactions();
    if (its.empty() || !L.tables[t].present) continue;
    aux[t] = air::build_logup_aux(its, witness[t].main.view(), pk.preprocessed[t].view(), lu, &claimed[t]);
    claimed_list.push_back(claimed[t]);
  }
  trace_memory("after aux build");
  // Without streaming the traces are not needed any more: openings interpolate the extensions
  // (detail::open_lde). Streaming keeps them (a quarter of the extensions at blowup 4).
  for (size_t t = 0; t < T; ++t) {
    st.trace_cells += witness[t].main.data().size() + aux[t].data().size() + pk.preprocessed[t].data().size();
    if (!streaming) witness[t].main = RowMajorMatrix();
  }
  std::vector<const RowMajorMatrix*> auxes(T);
  for (size_t t = 0; t < T; ++t) auxes[t] = &aux[t];
  if (streaming) {
    // From here on every extension is made from the traces' coefficients (one transform per
    // block instead of two): the main and LogUp traces are interpolated in place.
    for (size_t t = 0; t < T; ++t)
      for (RowMajorMatrix* m : {&witness[t].main, &aux[t]})
        if (m->width() && m->height())
          if (Error e = ntt::inverse_rows(m->view(), ntt::Order::kNatural, ntt::Order::kNatural); !e.ok()) return e;
  }
  RoundCommitment aux_rc;
  if (streaming) {
    auto tree = commit_streamed(L, kAuxRound, [&](size_t i, size_t first_row) {
      return class_rows(L, kAuxRound, i, auxes, first_row, sub_rows_of(kAuxRound, i));
    });
    if (!tree.ok()) return tree.error();
    aux_rc.tree = std::move(*tree);
  } else {
    auto rc = commit_round(L, kAuxRound, auxes, be);
    if (!rc.ok()) return rc.error();
    aux_rc = std::move(*rc);
    aux.clear();
    aux.shrink_to_fit();
  }
  if (aux_rc.tree) tr.absorb_digest("aux root", aux_rc.tree->root());
  tr.absorb_ext("claimed sums", claimed_list);
  st.seconds_aux = since(t0);
  trace_memory("after aux commit");

  // Quotient round.
  report("quotient", 0.45);
  t0 = Clock::now();
  const Fp3 comp_alpha = tr.squeeze_ext("composition alpha");
  std::vector<RowMajorMatrix> quotient_coeffs(T);
  const std::vector<RowMajorMatrix>* round_ldes[kNumRounds] = {&pk.preprocessed_ldes, &main_rc.ldes, &aux_rc.ldes,
                                                               nullptr};
  auto class_ldes = [&](unsigned log_h) {
    detail::ClassLdes c;
    for (size_t r = 0; r < kQuotientRound; ++r)
      if (const RowMajorMatrix* m = find_class_lde(L, r, log_h, *round_ldes[r])) c.lde[r] = m->view();
    return c;
  };
  for (size_t t = 0; t < T; ++t) {
    if (!L.tables[t].present) continue;
    const TableInfo& info = vk.tables[t];
    const size_t total = info.num_constraints + air::LogupLayout(info.num_interactions).num_constraints();
    std::vector<Fp3> powers(total);
    Fp3 p = Fp3::one();
    for (auto& x : powers) {
      x = p;
      p *= comp_alpha;
    }
    detail::QuotientInput in{.air = pk.tables[t],
                             .layout = &L.tables[t],
                             .ldes = class_ldes(L.tables[t].log_height),
                             .log_blowup = L.log_blowup,
                             .public_values = witness[t].public_values,
                             .alpha_powers = powers,
                             .logup = &lu,
                             .claimed_sum = claimed[t]};
    // Streaming: the table's main and LogUp extensions one block of n points at a time (block j
    // of the committed extension, from the traces' coefficients), in matrices of its own columns.
    TableLayout own_columns = L.tables[t];
    if (streaming) {
      own_columns.col_offset[kMainRound] = own_columns.col_offset[kAuxRound] = 0;
      in.layout = &own_columns;
      in.sub_rows =
          streaming_sub_block_rows(L.tables[t].log_height, witness[t].main.width() + aux[t].width(), options.stream_block_bytes);
      in.make_rows = [&, t](Fp shift, size_t m) -> Result<detail::QuotientBlock> {
        detail::QuotientBlock x;
        for (size_t r : {size_t{kMainRound}, size_t{kAuxRound}}) {
          const RowMajorMatrix& trace = r == kMainRound ? witness[t].main : aux[t];
          if (trace.width() == 0) continue;
          auto rows = ntt::evaluate_on_subcoset(trace.view(), m, shift);  // from the coefficients
          if (!rows.ok()) return rows.error();
          (r == kMainRound ? x.main : x.aux) = std::move(*rows);
        }
        return x;
      };
    }
    auto satisfied = detail::compute_quotient(in, &quotient_coeffs[t]);
    trace_memory("quotient of table " + std::to_string(t));
    if (!satisfied.ok()) return satisfied.error();
    if (!*satisfied && !options.allow_unsatisfied)
      return Error{ErrorCode::kMismatch,
                   "the trace does not satisfy the constraints; run the debug checker (goldfinch check / "
                   "air::check_constraints)",
                   t, 0};
  }
  trace_memory("after quotients");
  // The quotient extensions (the tamper hook edits each one it makes, the same way every time; in
  // streaming mode it needs the whole extension, so a block is cut from it).
  auto quotient_lde = [&](size_t i) -> Result<RowMajorMatrix> {
    auto lde = quotient_class_extension(L, i, quotient_coeffs);
    if (lde.ok() && options.tamper_quotient_lde)
      options.tamper_quotient_lde(L.rounds[kQuotientRound][i].log_height, *lde);
    return lde;
  };
  std::vector<const RowMajorMatrix*> quotients(T);
  for (size_t t = 0; t < T; ++t) quotients[t] = &quotient_coeffs[t];
  // Streaming: rows [first, first + m) of class i's quotient extension.
  auto quotient_rows = [&](size_t i, size_t first, size_t m) -> Result<RowMajorMatrix> {
    if (!options.tamper_quotient_lde) return class_rows(L, kQuotientRound, i, quotients, first, m);
    auto lde = quotient_lde(i);
    if (!lde.ok()) return lde.error();
    const size_t w = lde->width();
    RowMajorMatrix out = RowMajorMatrix::uninitialized(m, w);
    std::copy_n(&lde->at(first, 0), m * w, &out.at(0, 0));
    return out;
  };
  std::vector<RowMajorMatrix> quotient_ldes;
  std::unique_ptr<MixedTree> qtree;
  if (streaming) {
    auto tree = commit_streamed(L, kQuotientRound, [&](size_t i, size_t first_row) {
      return quotient_rows(i, first_row, sub_rows_of(kQuotientRound, i));
    });
    if (!tree.ok()) return tree.error();
    qtree = std::move(*tree);
  } else {
    std::vector<ConstMatrixView> qviews;
    for (size_t i = 0; i < L.rounds[kQuotientRound].size(); ++i) {
      auto lde = quotient_lde(i);
      if (!lde.ok()) return lde.error();
      quotient_ldes.push_back(std::move(*lde));
    }
    for (auto& m : quotient_ldes) qviews.push_back(m.view());
    auto tree = MixedTree::commit(qviews, merkle::SelectedMerkle(L.merkle_hash));
    if (!tree.ok()) return tree.error();
    qtree = std::make_unique<MixedTree>(std::move(*tree));
  }
  tr.absorb_digest("quotient root", qtree->root());
  st.seconds_quotient = since(t0);
  trace_memory("after quotient commit");

  // Out-of-domain openings.
  report("openings", 0.7);
  t0 = Clock::now();
  const Fp3 z = sample_ood_point(tr);
  std::vector<Fp3> openings(L.num_openings);
  // Main, LogUp and preprocessed columns from their class extensions (one pass per class matrix,
  // one set of weights per height): the traces are gone. Streaming keeps the main and LogUp traces'
  // coefficients instead: each table's columns are summed against the powers of z and z w.
  std::map<unsigned, detail::OpeningWeights> weights, powers;
  for (size_t r = kPreRound; r < kQuotientRound; ++r)
    for (size_t i = 0; i < L.rounds[r].size(); ++i) {
      const ClassMatrix& m = L.rounds[r][i];
      std::vector<Fp3> vz, vzw;
      if (streaming && r != kPreRound) {
        auto it = powers.find(m.log_height);
        if (it == powers.end())
          it = powers.emplace(m.log_height, detail::OpeningWeights::powers(m.log_height, z)).first;
        for (size_t t : m.tables) {
          const TableLayout& tl = L.tables[t];
          const RowMajorMatrix& c = *(r == kMainRound ? mains : auxes)[t];
          if (c.width() == 0) continue;
          detail::open_lde(c.view(), it->second, &vz, &vzw);
          for (size_t col = 0; col < tl.width[r]; ++col) {
            openings[tl.opening(static_cast<Round>(r), false, col)] = vz[col];
            openings[tl.opening(static_cast<Round>(r), true, col)] = vzw[col];
          }
        }
        continue;
      }
      auto it = weights.find(m.log_height);
      if (it == weights.end()) it = weights.emplace(m.log_height, detail::OpeningWeights(m.log_height, z)).first;
      const RowMajorMatrix* lde = find_class_lde(L, r, m.log_height, *round_ldes[r]);
      GF_CHECK(lde != nullptr, "a class matrix has no extension");
      detail::open_lde(lde->view(), it->second, &vz, &vzw);
      for (size_t t : m.tables) {
        const TableLayout& tl = L.tables[t];
        for (size_t c = 0; c < tl.width[r]; ++c) {
          openings[tl.opening(static_cast<Round>(r), false, c)] = vz[tl.col_offset[r] + c];
          openings[tl.opening(static_cast<Round>(r), true, c)] = vzw[tl.col_offset[r] + c];
        }
      }
    }
  weights.clear();
  powers.clear();
  trace_memory("after openings");
  for (size_t t = 0; t < T; ++t) {
    const TableLayout& tl = L.tables[t];
    if (!tl.present) continue;
    const std::vector<Fp3> q = detail::evaluate_coefficients(quotient_coeffs[t].view(), z);
    for (size_t c = 0; c < q.size(); ++c) openings[tl.opening(kQuotientRound, false, c)] = q[c];
  }
  tr.absorb_ext("openings", openings);
  if (!options.allow_unsatisfied) {
    // The verifier's own check at z: refuses a witness that violates a constraint or a bus.
    std::vector<std::span<const Fp>> pv(T);
    std::vector<std::vector<air::PublicBusTerm>> terms(T);
    for (size_t t = 0; t < T; ++t) {
      pv[t] = witness[t].public_values;
      terms[t] = pk.tables[t]->public_bus_terms(pv[t]);
    }
    Error e = check_out_of_domain({vk, pk.tables, L, openings, pv, claimed, terms, lu, comp_alpha, z});
    if (!e.ok())
      return Error{ErrorCode::kMismatch,
                   e.what == std::string_view("constraints do not hold at the out-of-domain point")
                       ? "the trace does not satisfy the constraints; run the debug checker (goldfinch check / air::check_constraints)"
                       : "the buses do not balance; run the bus checker (air::check_buses)",
                   e.expected, e.got};
  }
  st.seconds_openings = since(t0);

  // DEEP + FRI.
  report("fri", 0.75);
  t0 = Clock::now();
  const Fp3 gamma = tr.squeeze_ext("deep gamma");
  round_ldes[kQuotientRound] = &quotient_ldes;
  // Per class, tallest first: the DEEP codewords, kept, or (streaming) made in blocks when FRI
  // asks for them.
  std::vector<FriCodeword> reduced;
  // Streaming: the tables' coefficient matrices of each round (the preprocessed ones interpolated
  // from the key's traces) are what DEEP sums, so no extension is made (detail::DeepLocator).
  auto coefficients_of = [&](size_t r) -> const std::vector<const RowMajorMatrix*>& {
    return r == kMainRound ? mains : r == kAuxRound ? auxes : quotients;
  };
  for (unsigned h : L.class_log_heights) {
    if (!streaming) {
      detail::ClassLdes c;
      for (size_t r = 0; r < kNumRounds; ++r)
        if (const RowMajorMatrix* m = find_class_lde(L, r, h, *round_ldes[r])) c.lde[r] = m->view();
      reduced.push_back(FriCodeword::kept(detail::deep_reduce(L, h, c, openings, z, gamma)));
      continue;
    }
    std::vector<RowMajorMatrix> pre_coeffs(T);
    RowMajorMatrix tampered;  // attack tests: the tampered quotient extension's first block, interpolated
    std::array<std::vector<std::pair<size_t, const RowMajorMatrix*>>, kNumRounds> by_column;  // (offset, matrix)
    for (size_t r = kPreRound; r < kNumRounds; ++r) {
      const ptrdiff_t i = find_class(L, r, h);
      if (i < 0) continue;
      if (r == kQuotientRound && options.tamper_quotient_lde) {
        auto lde = quotient_lde(static_cast<size_t>(i));
        if (!lde.ok()) return lde.error();
        const size_t n = size_t{1} << h, w = lde->width();
        tampered = RowMajorMatrix::uninitialized(n, w);
        std::copy_n(&lde->at(0, 0), n * w, &tampered.at(0, 0));
        // Values on gH (bit-reversed) -> coefficients of f(g y) -> of f: c_i g^-i.
        if (Error e = ntt::inverse_rows(tampered.view(), ntt::Order::kBitReversed, ntt::Order::kNatural); !e.ok())
          return e;
        const Fp g_inv = kCosetShift.inverse();
        Fp p = Fp::one();
        for (size_t k = 0; k < n; ++k, p *= g_inv) packed::scale(tampered.row(k), tampered.row(k), p);
        by_column[r].emplace_back(0, &tampered);
        continue;
      }
      for (size_t t : L.rounds[r][static_cast<size_t>(i)].tables) {
        const RowMajorMatrix* m = nullptr;
        if (r == kPreRound) {
          auto c = ntt::interpolate(pk.preprocessed[t].view());
          if (!c.ok()) return c.error();
          pre_coeffs[t] = std::move(*c);
          m = &pre_coeffs[t];
        } else {
          m = coefficients_of(r)[t];
        }
        if (m->width()) by_column[r].emplace_back(L.tables[t].col_offset[r], m);
      }
    }
    detail::DeepSums sums(h);
    sums.coefficients = true;
    detail::deep_accumulate(
        L,
        [&](Round r, size_t column) -> detail::DeepColumnData {
          for (const auto& [off, m] : by_column[r])
            if (column >= off && column < off + m->width()) return {m->data().data() + (column - off), m->width()};
          return {};
        },
        openings, gamma, &sums);
    // Blocks of at most stream_block_bytes of working set (the 8 sum columns extended, R's values
    // and the fold's halves: ~22 base elements a row).
    reduced.push_back(detail::deep_codeword(L, std::move(sums), z, gamma,
                                            streaming_sub_block_rows(h, 22, options.stream_block_bytes)));
    trace_memory("deep class");
  }
  FriProverOutput fri = fri_commit(L, vk.params, std::move(reduced), tr, options.allow_unsatisfied);
  if (!fri.ok && !options.allow_unsatisfied)
    return Error{ErrorCode::kMismatch, "FRI final polynomial has too high a degree (inconsistent openings)", 0, 0};
  st.seconds_fri = since(t0);
  trace_memory("after fri");

  // Grinding and queries.
  report("queries", 0.95);
  t0 = Clock::now();
  const uint64_t nonce = transcript::grind(tr, vk.params.pow_bits);
  std::vector<uint64_t> queries = tr.squeeze_indices("queries", vk.params.num_queries, log_max_lde);
  queries = merkle::sorted_unique(queries);
  // Streaming: the rows each opening reads, from the sub-blocks of each class extension that hold
  // one, made once more.
  std::array<OpenedRows, kNumRounds> opened;
  if (streaming) {
    const MixedTree* trees[kNumRounds] = {nullptr, main_rc.tree.get(), aux_rc.tree.get(), qtree.get()};
    for (size_t r = kMainRound; r < kNumRounds; ++r) {
      if (!trees[r]) continue;
      const std::vector<uint64_t> q = merkle::positions_at_level(queries, log_max_lde - trees[r]->log_height());
      opened[r].resize(L.rounds[r].size());
      for (size_t i = 0; i < L.rounds[r].size(); ++i) {
        const ClassMatrix& cm = L.rounds[r][i];
        const size_t n = size_t{1} << cm.log_height;
        const std::vector<uint64_t> rows = trees[r]->rows_read(i, q);
        for (uint64_t row : rows) opened[r][i].emplace(row, std::vector<Fp>(cm.width));
        for (size_t b = 0; b < blowup; ++b) {
          auto first = std::lower_bound(rows.begin(), rows.end(), b * n);
          auto last = std::lower_bound(rows.begin(), rows.end(), (b + 1) * n);
          if (first == last) continue;  // no opened row in this block
          const std::span<const uint64_t> in_block(&*first, static_cast<size_t>(last - first));
          if (r == kQuotientRound && options.tamper_quotient_lde) {
            auto x = quotient_rows(i, b * n, n);
            if (!x.ok()) return x.error();
            for (uint64_t row : in_block) std::copy_n(&x->at(row - b * n, 0), cm.width, opened[r][i][row].data());
            continue;
          }
          if (Error e = class_entries(L, r, i, coefficients_of(r), b, in_block, &opened[r][i]); !e.ok()) return e;
        }
      }
    }
  }

  ProofWriter w;
  w.begin(kTagHeader, 0);
  w.put_bytes(kProofMagic);
  w.put_u32(kProofVersion);
  w.put_u32(hash_id_of(vk.params.merkle_hash));
  w.put_u8(vk.params.log_blowup);
  w.put_u16(vk.params.num_queries);
  w.put_u8(vk.params.pow_bits);
  w.put_u8(vk.params.log_folding_arity);
  w.put_u8(vk.params.log_final_poly_len);
  w.put_u16(0);
  w.put_u32(static_cast<uint32_t>(T));
  w.put_u32(0);
  w.put_digest(vk.digest());
  w.end();
  w.begin(kTagHeights, static_cast<uint32_t>(T));
  for (uint8_t h : log_heights) w.put_u8(h);
  w.end();
  // Per table in order: for a variable-length table its count (one F_p), then the values.
  size_t num_pv = 0;
  for (size_t t = 0; t < T; ++t)
    num_pv += witness[t].public_values.size() + (vk.tables[t].num_public_values == kVariablePublicValues);
  w.begin(kTagPublicValues, static_cast<uint32_t>(num_pv));
  for (size_t t = 0; t < T; ++t) {
    if (vk.tables[t].num_public_values == kVariablePublicValues) w.put_fp(Fp::from_u64(witness[t].public_values.size()));
    w.put_fps(witness[t].public_values);
  }
  w.end();
  w.begin(kTagMainRoot, 0);
  w.put_digest(main_rc.tree->root());
  w.end();
  w.begin(kTagAux, static_cast<uint32_t>(claimed_list.size()));
  if (aux_rc.tree) w.put_digest(aux_rc.tree->root());
  for (const Fp3& c : claimed_list) w.put_ext(c);
  w.end();
  w.begin(kTagQuotientRoot, 0);
  w.put_digest(qtree->root());
  w.end();
  w.begin(kTagOpenings, static_cast<uint32_t>(openings.size()));
  for (const Fp3& o : openings) w.put_ext(o);
  w.end();
  w.begin(kTagFri, static_cast<uint32_t>(fri.layers.size()));
  for (const auto& layer : fri.layers) w.put_digest(layer.root());
  for (const Fp3& c : fri.final_poly) w.put_ext(c);
  w.end();
  w.begin(kTagPow, 0);
  w.put_u64(nonce);
  w.end();
  write_round_opening(w, kTagRoundOpening + 0u, pk.preprocessed_tree.get(), log_max_lde, queries,
                      L.rounds[kPreRound].size());
  auto rows_of = [&](size_t r) { return streaming ? &opened[r] : nullptr; };
  write_round_opening(w, kTagRoundOpening + 1u, main_rc.tree.get(), log_max_lde, queries, L.rounds[kMainRound].size(),
                      rows_of(kMainRound));
  write_round_opening(w, kTagRoundOpening + 2u, aux_rc.tree.get(), log_max_lde, queries, L.rounds[kAuxRound].size(),
                      rows_of(kAuxRound));
  write_round_opening(w, kTagRoundOpening + 3u, qtree.get(), log_max_lde, queries, L.rounds[kQuotientRound].size(),
                      rows_of(kQuotientRound));
  write_fri_queries(w, fri, queries);
  st.seconds_queries = since(t0);
  st.seconds_total = since(t_start);
  if (stats) *stats = st;
  report("done", 1.0);
  return w.finish();
}

}  // namespace goldfinch::stark
