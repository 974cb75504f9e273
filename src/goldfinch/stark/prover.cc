#include "goldfinch/stark/prover.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <optional>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/parallel.h"
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

// Streaming mode: the extension of one class matrix, made when needed from the class's traces
// (main, LogUp: their evaluations on H or, once converted, their coefficients) or, for the
// quotient, its chunk coefficients. The committed extension's rows
// [b n, (b+1) n) (block b of 2^log_blowup; bit-reversed order) are the evaluations on the coset
// g w_N^rev(b) H, again in bit-reversed order: one size-n coset transform per block, so a block
// costs the memory of the trace, not of the whole extension. Its first n 2^k rows are the
// extension with blowup 2^k.
class ClassExtension {
 public:
  ClassExtension(const ProofLayout& L, size_t r, size_t i, const std::vector<const RowMajorMatrix*>& per_table,
                 bool coefficients)
      : log_n_(L.rounds[r][i].log_height), log_blowup_(L.log_blowup), coefficients_(coefficients) {
    const ClassMatrix& m = L.rounds[r][i];
    if (m.tables.size() == 1) {
      source_ = per_table[m.tables[0]]->view();  // a class of one table: its trace, not a copy
    } else {
      owned_ = concat_class(m, L, r, per_table);
      source_ = owned_.view();
    }
  }
  ClassExtension(const ProofLayout& L, size_t i, const std::vector<RowMajorMatrix>& quotient_coeffs)
      : log_n_(L.rounds[kQuotientRound][i].log_height), log_blowup_(L.log_blowup), coefficients_(true) {
    const ClassMatrix& m = L.rounds[kQuotientRound][i];
    const size_t n = size_t{1} << m.log_height;
    owned_ = RowMajorMatrix::uninitialized(n, m.width);  // the tables cover every column
    for (size_t t : m.tables) {
      const RowMajorMatrix& src = quotient_coeffs[t];
      const size_t off = L.tables[t].col_offset[kQuotientRound], w = src.width();
      parallel_for_chunks(n, 4096, [&](size_t b, size_t e) {
        for (size_t k = b; k < e; ++k) std::copy_n(&src.at(k, 0), w, &owned_.at(k, off));
      });
    }
    source_ = owned_.view();
  }

  size_t num_blocks() const { return size_t{1} << log_blowup_; }
  size_t block_rows() const { return size_t{1} << log_n_; }

  Result<RowMajorMatrix> block(size_t b, backend::Backend& be) const {
    const Fp shift = block_shift(log_n_, log_blowup_, b);
    if (coefficients_) return ntt::evaluate_on_coset(source_, 1, {.shift = shift});
    return be.lde(source_, 1, {.shift = shift});
  }
  // The extension's first n * blowup rows.
  Result<RowMajorMatrix> first_rows(size_t blowup, backend::Backend& be) const {
    if (coefficients_) return ntt::evaluate_on_coset(source_, blowup, {.shift = kCosetShift});
    return be.lde(source_, blowup, {});
  }

 private:
  unsigned log_n_ = 0, log_blowup_ = 0;
  bool coefficients_ = false;
  RowMajorMatrix owned_;
  ConstMatrixView source_;
};

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

// Streaming mode: commits a round without keeping its extensions: block `b` of class matrix i,
// made by make(i, b), is hashed and freed (the tree keeps its layers above the leaves).
Result<std::unique_ptr<MixedTree>> commit_streamed(const ProofLayout& L, size_t r,
                                                   const std::function<Result<RowMajorMatrix>(size_t, size_t)>& make) {
  if (L.rounds[r].empty()) return std::unique_ptr<MixedTree>();
  std::optional<Error> failed;
  auto tree = MixedTree::commit_streamed(class_shapes(L, r), [&](size_t i, size_t first_row) {
    const size_t n = size_t{1} << L.rounds[r][i].log_height;
    auto m = make(i, first_row / n);
    if (m.ok()) return std::move(*m);
    failed = m.error();  // hash a block of the right shape; the error is returned below
    return RowMajorMatrix(n, L.rounds[r][i].width);
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
    pk->vk.tables.push_back(describe_table(*a, fixed));
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
  // Streaming mode: a round's class extensions are made one at a time when they are needed (here,
  // for the quotient, the openings, DEEP and the queries) from the traces, which are kept.
  // make(i, b) for commit_streamed: block b of class i, the class's trace gathered once.
  auto streamed_blocks = [&](size_t r, const std::vector<const RowMajorMatrix*>& per_table, bool coefficients) {
    return [&, r, coefficients, cached = std::shared_ptr<std::pair<size_t, ClassExtension>>()](size_t i,
                                                                                               size_t b) mutable {
      if (!cached || cached->first != i) {
        cached.reset();  // the previous class's trace copy first
        cached =
            std::make_shared<std::pair<size_t, ClassExtension>>(i, ClassExtension(L, r, i, per_table, coefficients));
      }
      return cached->second.block(b, be);
    };
  };

  RoundCommitment main_rc;
  if (streaming) {
    auto tree = commit_streamed(L, kMainRound, streamed_blocks(kMainRound, mains, false));
    if (!tree.ok()) return tree.error();
    main_rc.tree = std::move(*tree);
  } else {
    auto rc = commit_round(L, kMainRound, mains, be);
    if (!rc.ok()) return rc.error();
    main_rc = std::move(*rc);
  }
  tr.absorb_digest("main root", main_rc.tree->root());
  st.seconds_commit_main = since(t0);

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
    auto tree = commit_streamed(L, kAuxRound, streamed_blocks(kAuxRound, auxes, true));
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
      in.make_block = [&, t](size_t j) -> Result<detail::QuotientBlock> {
        const Fp shift = block_shift(L.tables[t].log_height, L.log_blowup, j);
        detail::QuotientBlock x;
        for (size_t r : {size_t{kMainRound}, size_t{kAuxRound}}) {
          const RowMajorMatrix& trace = r == kMainRound ? witness[t].main : aux[t];
          if (trace.width() == 0) continue;
          auto m = ntt::evaluate_on_coset(trace.view(), 1, {.shift = shift});  // from the coefficients
          if (!m.ok()) return m.error();
          (r == kMainRound ? x.main : x.aux) = std::move(*m);
        }
        return x;
      };
    }
    auto satisfied = detail::compute_quotient(in, &quotient_coeffs[t]);
    if (!satisfied.ok()) return satisfied.error();
    if (!*satisfied && !options.allow_unsatisfied)
      return Error{ErrorCode::kMismatch,
                   "the trace does not satisfy the constraints; run the debug checker (goldfinch check / "
                   "air::check_constraints)",
                   t, 0};
  }
  // The quotient extensions (the tamper hook edits each one it makes, the same way every time; in
  // streaming mode it needs the whole extension, so a block is cut from it).
  auto quotient_lde = [&](size_t i) -> Result<RowMajorMatrix> {
    auto lde = ClassExtension(L, i, quotient_coeffs).first_rows(blowup, be);
    if (lde.ok() && options.tamper_quotient_lde)
      options.tamper_quotient_lde(L.rounds[kQuotientRound][i].log_height, *lde);
    return lde;
  };
  auto quotient_block = [&](const ClassExtension& x, size_t i, size_t b) -> Result<RowMajorMatrix> {
    if (!options.tamper_quotient_lde) return x.block(b, be);
    auto lde = quotient_lde(i);
    if (!lde.ok()) return lde.error();
    const size_t n = x.block_rows(), w = lde->width();
    RowMajorMatrix out = RowMajorMatrix::uninitialized(n, w);
    std::copy_n(&lde->at(b * n, 0), n * w, &out.at(0, 0));
    return out;
  };
  std::vector<RowMajorMatrix> quotient_ldes;
  std::unique_ptr<MixedTree> qtree;
  if (streaming) {
    std::optional<std::pair<size_t, ClassExtension>> cached;
    auto tree = commit_streamed(L, kQuotientRound, [&](size_t i, size_t b) {
      if (!cached || cached->first != i) {
        cached.reset();
        cached.emplace(i, ClassExtension(L, i, quotient_coeffs));
      }
      return quotient_block(cached->second, i, b);
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

  // Out-of-domain openings.
  report("openings", 0.7);
  t0 = Clock::now();
  const Fp3 z = sample_ood_point(tr);
  std::vector<Fp3> openings(L.num_openings);
  // Main, LogUp and preprocessed columns from their class extensions (one pass per class matrix,
  // one set of weights per height): the traces are gone.
  std::map<unsigned, detail::OpeningWeights> weights;
  for (size_t r = kPreRound; r < kQuotientRound; ++r)
    for (size_t i = 0; i < L.rounds[r].size(); ++i) {
      const ClassMatrix& m = L.rounds[r][i];
      auto it = weights.find(m.log_height);
      if (it == weights.end()) it = weights.emplace(m.log_height, detail::OpeningWeights(m.log_height, z)).first;
      std::vector<Fp3> vz, vzw;
      const RowMajorMatrix* lde = find_class_lde(L, r, m.log_height, *round_ldes[r]);
      RowMajorMatrix on_coset;  // streaming: the extension's first n rows (blowup 1), all open_lde reads
      if (streaming && r != kPreRound) {
        auto e = ClassExtension(L, r, i, r == kMainRound ? mains : auxes, true).first_rows(1, be);
        if (!e.ok()) return e.error();
        on_coset = std::move(*e);
        lde = &on_coset;
      }
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
  std::vector<std::vector<Fp3>> reduced;  // per class, tallest first
  // A class's extension of round r (main, LogUp, quotient) in streaming mode.
  auto class_extension = [&](size_t r, size_t i) {
    return r == kQuotientRound ? ClassExtension(L, i, quotient_coeffs)
                               : ClassExtension(L, r, i, r == kMainRound ? mains : auxes, true);
  };
  auto extension_block = [&](size_t r, size_t i, const ClassExtension& x, size_t b) {
    return r == kQuotientRound ? quotient_block(x, i, b) : x.block(b, be);
  };
  for (unsigned h : L.class_log_heights) {
    if (!streaming) {
      detail::ClassLdes c;
      for (size_t r = 0; r < kNumRounds; ++r)
        if (const RowMajorMatrix* m = find_class_lde(L, r, h, *round_ldes[r])) c.lde[r] = m->view();
      reduced.push_back(detail::deep_reduce(L, h, c, openings, z, gamma));
      continue;
    }
    // Streaming: deep_reduce reads only the first n rows of each extension (the coset gH), so
    // block 0 of every round is made, and nothing else — one round at a time, its sums added up.
    const RowMajorMatrix* pre = find_class_lde(L, kPreRound, h, pk.preprocessed_ldes);
    const size_t n = size_t{1} << h;
    detail::DeepSums sums(h);
    if (pre) {
      detail::ClassLdes c;
      c.lde[kPreRound] = ConstMatrixView(pre->data().data(), n, pre->width());
      detail::deep_accumulate(L, c, openings, gamma, &sums);
    }
    for (size_t r = kMainRound; r < kNumRounds; ++r) {
      const ptrdiff_t i = find_class(L, r, h);
      if (i < 0) continue;
      auto m = extension_block(r, static_cast<size_t>(i), class_extension(r, static_cast<size_t>(i)), 0);
      if (!m.ok()) return m.error();
      detail::ClassLdes c;
      c.lde[r] = m->view();
      detail::deep_accumulate(L, c, openings, gamma, &sums);
    }
    reduced.push_back(detail::deep_finish(L, std::move(sums), z, gamma));
  }
  FriProverOutput fri = fri_commit(L, vk.params, std::move(reduced), tr, options.allow_unsatisfied);
  if (!fri.ok && !options.allow_unsatisfied)
    return Error{ErrorCode::kMismatch, "FRI final polynomial has too high a degree (inconsistent openings)", 0, 0};
  st.seconds_fri = since(t0);

  // Grinding and queries.
  report("queries", 0.95);
  t0 = Clock::now();
  const uint64_t nonce = transcript::grind(tr, vk.params.pow_bits);
  std::vector<uint64_t> queries = tr.squeeze_indices("queries", vk.params.num_queries, log_max_lde);
  queries = merkle::sorted_unique(queries);
  // Streaming: the rows each opening reads, from each class extension made once more.
  std::array<OpenedRows, kNumRounds> opened;
  if (streaming) {
    const MixedTree* trees[kNumRounds] = {nullptr, main_rc.tree.get(), aux_rc.tree.get(), qtree.get()};
    for (size_t r = kMainRound; r < kNumRounds; ++r) {
      if (!trees[r]) continue;
      const std::vector<uint64_t> q = merkle::positions_at_level(queries, log_max_lde - trees[r]->log_height());
      opened[r].resize(L.rounds[r].size());
      for (size_t i = 0; i < L.rounds[r].size(); ++i) {
        const ClassExtension x = class_extension(r, i);
        const size_t n = x.block_rows();
        const std::vector<uint64_t> rows = trees[r]->rows_read(i, q);
        for (size_t b = 0; b < blowup; ++b) {
          auto first = std::lower_bound(rows.begin(), rows.end(), b * n);
          auto last = std::lower_bound(rows.begin(), rows.end(), (b + 1) * n);
          if (first == last) continue;  // no opened row in this block
          auto m = extension_block(r, i, x, b);
          if (!m.ok()) return m.error();
          for (auto it = first; it != last; ++it) {
            const auto row = m->row(*it - b * n);
            opened[r][i].emplace(*it, std::vector<Fp>(row.begin(), row.end()));
          }
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
  for (const auto& layer : fri.layers) w.put_digest(layer.tree.root());
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
