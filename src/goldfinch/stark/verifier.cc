#include "goldfinch/stark/verifier.h"

#include <algorithm>
#include <array>

#include "goldfinch/air/builders.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/base/check.h"
#include "goldfinch/field/lazy_ext.h"
#include "goldfinch/merkle/mixed_verify.h"
#include "goldfinch/merkle/selected_verify.h"
#include "goldfinch/stark/domain.h"
#include "goldfinch/stark/deep.h"
#include "goldfinch/stark/fri_fold.h"
#include "goldfinch/stark/layout.h"
#include "goldfinch/stark/ood_check.h"
#include "goldfinch/stark/proof_format.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/transcript_setup.h"
#include "goldfinch/stark/verifier_phases.h"

#if defined(GF_VERIFIER_IN_GUEST)
#include "goldfinch/guest.h"  // gf_fp3_horner_inline: the DEEP sums of the opened rows
#endif

namespace goldfinch::stark {
namespace {

#define GF_TRY(expr)                 \
  do {                               \
    ::goldfinch::Error e_ = (expr);  \
    if (!e_.ok()) return e_;         \
  } while (0)

Error fail(const char* what, uint64_t expected = 0, uint64_t got = 0) { return {ErrorCode::kMismatch, what, expected, got}; }

// The opened rows of one class matrix of one round, at the distinct query positions.
struct OpenedMatrix {
  unsigned log_lde = 0;
  size_t width = 0;
  std::vector<uint64_t> positions;
  std::span<const Fp> rows;

  const Fp* row_at(uint64_t pos) const {
    auto it = std::lower_bound(positions.begin(), positions.end(), pos);
    return rows.data() + (it - positions.begin()) * width;
  }
};

struct FriLayerView {
  hash::Digest root;
  Fp3 beta;
  unsigned log_arity = 1;
  std::vector<uint64_t> positions;  // opened leaves (cosets of 2^log_arity points)
  std::span<const Fp> leaves;
};

Fp3 ext_at(const Fp* p) { return {p[0], p[1], p[2]}; }

// A run of DEEP columns of one height class that are adjacent in one round's class matrix and
// advance the coefficient by the same ratio r (gamma^2 for columns opened at z and zw, gamma for
// quotient columns opened at z only): their sum g0 sum_c v_c r^c over the opened row is
// scale * Horner(v, y = 1/r), with scale = g0 r^count, as GF_FP3_HORNER computes
// sum_c v_c y^(count - c). At most kMaxHornerTerms columns per span (the call's limit).
struct DeepSpan {
  Round round;
  size_t column;  // first column in the class matrix
  size_t count;
  bool both;      // opened at z and zw
  Fp3 scale;
};
constexpr size_t kMaxHornerTerms = 4096;  // vm::kMaxFp3HornerTerms

// gz: every column's coefficient; g_end: the coefficient after the last column (g0 r^count of a
// span is the coefficient after it).
[[maybe_unused]] std::vector<DeepSpan> deep_spans(const std::vector<detail::DeepColumn>& cols,
                                                  const std::vector<Fp3>& gz, const Fp3& g_end) {
  std::vector<DeepSpan> spans;
  for (size_t k = 0; k < cols.size();) {
    const bool both = cols[k].opening_zw >= 0;
    size_t end = k + 1;
    while (end < cols.size() && end - k < kMaxHornerTerms && cols[end].round == cols[k].round &&
           cols[end].column == cols[end - 1].column + 1 && (cols[end].opening_zw >= 0) == both)
      ++end;
    spans.push_back({cols[k].round, cols[k].column, end - k, both, end < cols.size() ? gz[end] : g_end});
    k = end;
  }
  return spans;
}

Error verify_checked(const VerifyingKey& vk, std::span<const air::Air* const> tables, const hash::Digest& vk_digest,
                     std::span<const std::vector<air::Interaction>> interactions, std::span<const uint8_t> proof,
                     VerifiedProof* out) {
  ProofReader rd(proof);
  GF_TRY(rd.check_alignment());
  const size_t T = vk.tables.size();
  SectionReader s;

  // Header.
  GF_TRY(rd.next(kTagHeader, &s, 0));
  {
    uint8_t magic[8];
    for (auto& b : magic) GF_TRY(s.read_u8(&b));
    for (size_t i = 0; i < 8; ++i)
      if (magic[i] != kProofMagic[i]) return {ErrorCode::kMismatch, "not a Goldfinch proof (magic)", kProofMagic[i], magic[i]};
    uint32_t version, hash_id, num_tables, reserved;
    GF_TRY(s.read_u32(&version));
    if (version != kProofVersion) return fail("unsupported proof version", kProofVersion, version);
    GF_TRY(s.read_u32(&hash_id));
    if (hash_id != hash_id_of(vk.params.merkle_hash))
      return fail("proof's Merkle hash differs from the verifying key's", hash_id_of(vk.params.merkle_hash), hash_id);
    StarkParams p;
    uint16_t pad;
    GF_TRY(s.read_u8(&p.log_blowup));
    GF_TRY(s.read_u16(&p.num_queries));
    GF_TRY(s.read_u8(&p.pow_bits));
    GF_TRY(s.read_u8(&p.log_folding_arity));
    GF_TRY(s.read_u8(&p.log_final_poly_len));
    GF_TRY(s.read_u16(&pad));
    p.merkle_hash = vk.params.merkle_hash;  // carried by the hash id, checked above
    if (!(p == vk.params)) return fail("proof parameters differ from the verifying key's");
    GF_TRY(s.read_u32(&num_tables));
    if (num_tables != T) return fail("proof has a different number of tables", T, num_tables);
    GF_TRY(s.read_u32(&reserved));
    if (pad != 0 || reserved != 0) return fail("reserved header fields must be zero");
    hash::Digest d;
    GF_TRY(s.read_digest(&d));
    if (!(d == vk_digest)) return fail("proof was made for another verifying key");
    GF_TRY(s.finish());
  }

  // Heights and layout.
  GF_TRY(rd.next(kTagHeights, &s, static_cast<int64_t>(T)));
  std::vector<uint8_t> log_heights(T);
  for (auto& h : log_heights) GF_TRY(s.read_u8(&h));
  GF_TRY(s.finish());
  for (size_t t = 0; t < T; ++t)
    if (log_heights[t] == kAbsentLogHeight && !tables[t]->optional())
      return Error{ErrorCode::kMismatch, "a table that is not optional is absent from the proof", 0, t};
  Result<ProofLayout> layout_or = ProofLayout::make(vk, log_heights);
  if (!layout_or.ok()) return layout_or.error();
  const ProofLayout& L = *layout_or;
  const unsigned log_max_lde = L.log_max_height + L.log_blowup;

  GF_VERIFIER_PHASE(kPhaseCommitments);
  Transcript tr = begin_transcript(vk.params.merkle_hash, vk_digest, log_heights);
  // Public values: fixed counts from the key; a variable-length table's count precedes its values.
  size_t num_pv = 0;
  bool variable = false;
  for (const auto& t : vk.tables) {
    if (t.num_public_values == kVariablePublicValues) variable = true;
    else num_pv += t.num_public_values;
  }
  GF_TRY(rd.next(kTagPublicValues, &s, variable ? int64_t{-1} : static_cast<int64_t>(num_pv)));
  std::vector<std::span<const Fp>> pv(T);
  for (size_t t = 0; t < T; ++t) {
    size_t count = vk.tables[t].num_public_values;
    if (count == kVariablePublicValues) {
      Fp c;
      GF_TRY(s.read_fp(&c));
      if (c.value() > kMaxVariablePublicValues || c.value() > s.remaining() / 8)
        return Error{ErrorCode::kInvalidArgument, "public value count out of range", std::min<uint64_t>(kMaxVariablePublicValues, s.remaining() / 8), c.value()};
      count = static_cast<size_t>(c.value());
      num_pv += 1 + count;
    }
    GF_TRY(s.read_fps(count, &pv[t]));
    tr.absorb_base("public values", pv[t]);
  }
  GF_TRY(s.finish());
  if (s.count() != num_pv) return Error{ErrorCode::kMismatch, "public values section count", num_pv, s.count()};

  hash::Digest main_root, aux_root, quotient_root;
  GF_TRY(rd.next(kTagMainRoot, &s, 0));
  GF_TRY(s.read_digest(&main_root));
  GF_TRY(s.finish());
  tr.absorb_digest("main root", main_root);

  // LogUp.
  const Fp3 lu_alpha = tr.squeeze_ext("logup alpha"), lu_beta = tr.squeeze_ext("logup beta");
  size_t max_fields = 0, with_buses = 0;
  std::vector<std::vector<air::PublicBusTerm>> public_terms(T);
  // The interactions come with the checked key (built once): the OOD check reads them too.
  for (size_t t = 0; t < T; ++t) {
    const auto& its = interactions[t];
    max_fields = std::max(max_fields, air::max_interaction_fields(its));
    if (!L.tables[t].present) continue;  // an absent table has no rows: nothing on any bus
    with_buses += !its.empty();
    public_terms[t] = tables[t]->public_bus_terms(pv[t]);
    for (const auto& term : public_terms[t]) max_fields = std::max(max_fields, term.fields.size());
  }
  const air::LogupChallenges lu = air::LogupChallenges::from(lu_alpha, lu_beta, max_fields);
  GF_TRY(rd.next(kTagAux, &s, static_cast<int64_t>(with_buses)));
  std::vector<Fp3> claimed(T, Fp3::zero()), claimed_list;
  if (with_buses) {
    GF_TRY(s.read_digest(&aux_root));
    tr.absorb_digest("aux root", aux_root);
  }
  for (size_t t = 0; t < T; ++t) {
    if (vk.tables[t].num_interactions == 0 || !L.tables[t].present) continue;
    GF_TRY(s.read_ext(&claimed[t]));
    claimed_list.push_back(claimed[t]);
  }
  GF_TRY(s.finish());
  tr.absorb_ext("claimed sums", claimed_list);

  const Fp3 comp_alpha = tr.squeeze_ext("composition alpha");
  GF_TRY(rd.next(kTagQuotientRoot, &s, 0));
  GF_TRY(s.read_digest(&quotient_root));
  GF_TRY(s.finish());
  tr.absorb_digest("quotient root", quotient_root);

  // Out-of-domain openings and the constraint check at z.
  GF_VERIFIER_PHASE(kPhaseOod);
  const Fp3 z = sample_ood_point(tr);
  GF_TRY(rd.next(kTagOpenings, &s, static_cast<int64_t>(L.num_openings)));
  // In place: F_p^3 values are three canonical u64 (read_fps checks them), Fp3 is three Fp.
  static_assert(sizeof(Fp3) == 3 * sizeof(Fp) && alignof(Fp3) == alignof(Fp));
  std::span<const Fp> opening_fps;
  GF_TRY(s.read_fps(3 * L.num_openings, &opening_fps));
  const std::span<const Fp3> openings(reinterpret_cast<const Fp3*>(opening_fps.data()), L.num_openings);
  GF_TRY(s.finish());
  tr.absorb_ext("openings", openings);

  if (Error e =
          check_out_of_domain({vk, tables, L, openings, pv, claimed, public_terms, lu, comp_alpha, z, interactions});
      !e.ok())
    return e;

  // DEEP and FRI commitments.
  GF_VERIFIER_PHASE(kPhaseFriCommit);
  const Fp3 gamma = tr.squeeze_ext("deep gamma");
  GF_TRY(rd.next(kTagFri, &s, static_cast<int64_t>(L.num_fri_rounds)));
  std::vector<FriLayerView> layers(L.num_fri_rounds);
  for (auto& layer : layers) {
    GF_TRY(s.read_digest(&layer.root));
    tr.absorb_digest("fri root", layer.root);
    layer.beta = tr.squeeze_ext("fri beta");
  }
  std::vector<Fp3> final_poly(size_t{1} << vk.params.log_final_poly_len);
  for (auto& c : final_poly) GF_TRY(s.read_ext(&c));
  GF_TRY(s.finish());
  tr.absorb_ext("fri final poly", final_poly);

  GF_TRY(rd.next(kTagPow, &s, 0));
  uint64_t nonce;
  GF_TRY(s.read_u64(&nonce));
  GF_TRY(s.finish());
  if (!tr.check_pow(vk.params.pow_bits, nonce)) return fail("proof-of-work nonce is invalid");
  std::vector<uint64_t> queries = tr.squeeze_indices("queries", vk.params.num_queries, log_max_lde);
  std::sort(queries.begin(), queries.end());
  queries.erase(std::unique(queries.begin(), queries.end()), queries.end());

  // Openings of the four rounds at the queries.
  GF_VERIFIER_PHASE(kPhaseTraceOpenings);
  // One switch per opening to the key's Merkle hash (merkle/selected_verify.h); under Poseidon2 it
  // rejects any digest word >= p.
  const merkle::MerkleVerifier hasher(vk.params.merkle_hash);
  std::vector<OpenedMatrix> opened[kNumRounds];
  const hash::Digest* roots[kNumRounds] = {&vk.preprocessed_root, &main_root, &aux_root, &quotient_root};
  for (size_t r = 0; r < kNumRounds; ++r) {
    const auto& mats = L.rounds[r];
    GF_TRY(rd.next(kTagRoundOpening + static_cast<uint32_t>(r), &s, static_cast<int64_t>(mats.size())));
    if (mats.empty()) {
      GF_TRY(s.finish());
      continue;
    }
    uint64_t num_nodes;
    GF_TRY(s.read_u64(&num_nodes));
    std::vector<merkle::MixedMatrixShape> shapes;
    std::vector<std::span<const Fp>> rows;
    for (const ClassMatrix& m : mats) {
      OpenedMatrix om;
      om.log_lde = m.log_height + L.log_blowup;
      om.width = m.width;
      om.positions = merkle::positions_at_level(queries, log_max_lde - om.log_lde);
      GF_TRY(s.read_fps(om.positions.size() * om.width, &om.rows));
      shapes.push_back({om.log_lde, om.width});
      rows.push_back(om.rows);
      opened[r].push_back(std::move(om));
    }
    std::span<const hash::Digest> nodes;
    GF_TRY(s.read_digests(num_nodes, &nodes));
    GF_TRY(s.finish());
    const std::vector<uint64_t> tree_queries = merkle::positions_at_level(queries, log_max_lde - shapes[0].log_height);
    if (Error e = hasher.verify_mixed(*roots[r], shapes, tree_queries, rows, nodes); !e.ok()) return e;
  }

  // FRI layer openings.
  GF_VERIFIER_PHASE(kPhaseFriOpenings);
  GF_TRY(rd.next(kTagFriQueries, &s, static_cast<int64_t>(L.num_fri_rounds)));
  {
    unsigned folded = 0;  // log2 of the folding before layer k
    for (size_t k = 0; k < layers.size(); ++k) {
      FriLayerView& layer = layers[k];
      layer.log_arity = L.fri_log_arities[k];
      folded += layer.log_arity;
      const size_t width = 3 * (size_t{1} << layer.log_arity);
      uint64_t num_nodes;
      GF_TRY(s.read_u64(&num_nodes));
      layer.positions = merkle::positions_at_level(queries, folded);
      GF_TRY(s.read_fps(layer.positions.size() * width, &layer.leaves));
      std::span<const hash::Digest> nodes;
      GF_TRY(s.read_digests(num_nodes, &nodes));
      const uint64_t height = uint64_t{1} << (log_max_lde - folded);
      if (Error e = hasher.verify_batch(layer.root, height, width, layer.positions, layer.leaves, nodes); !e.ok())
        return e;
    }
  }
  GF_TRY(s.finish());
  GF_TRY(rd.finish());

  // DEEP reduction per class at a position, from the opened rows. The sum
  //   R(x) = sum_k g_k (f_k(x) - f_k(z)) / (x - z) + g'_k (f_k(x) - f_k(zw)) / (x - zw)
  // is regrouped as (sum_k g_k f_k(x) - C_z) / (x - z) + (sum_k g'_k f_k(x) - C_zw) / (x - zw):
  // the coefficients g (powers of gamma) and the constants C = sum g f(z) do not depend on the
  // query, so each query costs two F_p^3 x F_p products per column, summed lazily.
  struct DeepClass {
    std::vector<detail::DeepColumn> cols;
    std::vector<Fp3> gz;  // per column (a column opened at zw too takes gamma g_k there: see below)
    Fp3 cz, czw;
    std::vector<DeepSpan> spans;  // the same sums as Horner evaluations (the in-VM path)
  };
  GF_VERIFIER_PHASE(kPhaseDeep);
#if defined(GF_VERIFIER_IN_GUEST)
  // r = gamma (z only) or gamma^2 (z and zw); y = 1/r.
  const Fp3 horner_y[2] = {gamma.inverse(), gamma.square().inverse()};
  Fp3 gamma_sq[14];  // gamma^(2^b): a run advances g by gamma^e, e = n or 2n <= 2 kMaxHornerTerms < 2^14
  static_assert(2 * kMaxHornerTerms < size_t{1} << 14);
  gamma_sq[0] = gamma;
  for (size_t b = 1; b < 14; ++b) gamma_sq[b] = gamma_sq[b - 1].square();
#endif
  std::vector<DeepClass> deep(L.class_log_heights.size());
  for (size_t cls = 0; cls < deep.size(); ++cls) {
    DeepClass& d = deep[cls];
    Fp3 g = Fp3::one();
#if defined(GF_VERIFIER_IN_GUEST)
    // C_z and C_zw by one GF_FP3_HORNER call per run of columns whose openings are adjacent (a
    // table's columns in one round, in detail::deep_columns' order) and opened alike: the
    // coefficient advances by r per column, so the run's sum g0 sum_c f_c r^c is
    // g_end * sum_c f_c y^(n - c) with y = 1/r and g_end = g0 r^n the coefficient after the run;
    // at zw every coefficient is gamma times the one at z. The same runs are the query-time spans
    // (DeepSpan) with scale g_end. r^n = gamma^(n or 2n) from the squarings of gamma, a product per
    // set bit, instead of a product per column (and no per-column list: the runs come from the
    // layout, a few per table).
    const unsigned log_h = L.class_log_heights[cls];
    for (size_t r = 0; r < kNumRounds; ++r) {
      const Round round = static_cast<Round>(r);
      const bool both = round != kQuotientRound;
      for (const ClassMatrix& m : L.rounds[r]) {
        if (m.log_height != log_h) continue;
        for (size_t t : m.tables) {
          const TableLayout& tl = L.tables[t];
          for (size_t c0 = 0; c0 < tl.width[r];) {
            const size_t n = std::min(tl.width[r] - c0, kMaxHornerTerms);
            uint64_t e = uint64_t{n} << both;  // g_end = g gamma^e
            for (unsigned b = 0; e != 0; ++b, e >>= 1)
              if (e & 1) g *= gamma_sq[b];
            const auto* y = reinterpret_cast<const uint64_t*>(&horner_y[both]);
            Fp3 sum;
            gf_fp3_horner_inline(y, reinterpret_cast<const uint64_t*>(&openings[tl.opening(round, false, c0)]),
                                 static_cast<uint32_t>(n), 3, reinterpret_cast<uint64_t*>(&sum));
            d.cz += g * sum;
            if (both) {
              gf_fp3_horner_inline(y, reinterpret_cast<const uint64_t*>(&openings[tl.opening(round, true, c0)]),
                                   static_cast<uint32_t>(n), 3, reinterpret_cast<uint64_t*>(&sum));
              d.czw += gamma * g * sum;
            }
            d.spans.push_back({round, tl.col_offset[r] + c0, n, both, g});
            c0 += n;
          }
        }
      }
    }
#else
    d.cols = detail::deep_columns(L, L.class_log_heights[cls]);
    d.gz.reserve(d.cols.size());  // thousands of columns: no reallocation on the way
    for (const auto& c : d.cols) {
      d.gz.push_back(g);
      d.cz += g * openings[c.opening_z];
      g *= gamma;
      if (c.opening_zw >= 0) {
        d.czw += g * openings[static_cast<size_t>(c.opening_zw)];
        g *= gamma;
      }
    }
#endif
  }
  // Per query: its point x in the top LDE domain (FRI starts there) and 1/x, and for every height
  // class c, 1/(x_c - z) and 1/(x_c - zw) at the class's point x_c (position q >> (log_max_lde -
  // log_n_c), where the FRI query reaches the class): all inverted at once by Montgomery's trick
  // across queries and classes (none is zero: z lies outside F_p, and so does zw, while every x is
  // in F_p and not 0). With u = w_N^rev(q), x = g u and x_c = g u^(2^k): squarings, no powers.
  const size_t num_classes = L.class_log_heights.size(), nq = queries.size();
  std::vector<Fp3> class_zw(num_classes);
  for (size_t c = 0; c < num_classes; ++c) class_zw[c] = z * Fp::two_adic_root(L.class_log_heights[c]);
  std::vector<Fp> top_point(nq), top_inv(nq);
  std::vector<Fp3> all_inv_z(nq * num_classes), all_inv_zw(nq * num_classes);
  {
    std::vector<Fp3> prefix(nq * num_classes);
    // u = w_top^e as one product per set bit of e from the squarings of w_top, which every query
    // shares, instead of a square-and-multiply per query.
    Fp w_top_sq[64];
    w_top_sq[0] = Fp::two_adic_root(log_max_lde);
    for (unsigned b = 1; b < log_max_lde; ++b) w_top_sq[b] = w_top_sq[b - 1].square();
    Fp3 acc = Fp3::one();
    for (size_t i = 0; i < nq; ++i) {
      const uint64_t e = reverse_bits(queries[i], log_max_lde);
      Fp u = Fp::one();
      for (unsigned b = 0; b < log_max_lde; ++b)
        if ((e >> b) & 1) u *= w_top_sq[b];
      top_point[i] = kCosetShift * u;
      unsigned at = log_max_lde;
      for (size_t c = 0; c < num_classes; ++c) {
        for (const unsigned log_n = L.class_log_heights[c] + L.log_blowup; at > log_n; --at) u = u.square();
        const Fp3 x(kCosetShift * u);
        const size_t k = i * num_classes + c;
        all_inv_z[k] = x - z;  // (x - z), (x - zw) until inverted below
        all_inv_zw[k] = x - class_zw[c];
        prefix[k] = acc;
        acc *= all_inv_z[k] * all_inv_zw[k];
      }
    }
    Fp3 inv = acc.inverse();
    for (size_t k = nq * num_classes; k-- > 0;) {
      const Fp3 dz = all_inv_z[k], dzw = all_inv_zw[k], prod = dz * dzw;
      const Fp3 inv_prod = inv * prefix[k];  // 1 / prod
      inv *= prod;
      all_inv_z[k] = dzw * inv_prod;
      all_inv_zw[k] = dz * inv_prod;
    }
    top_inv = top_point;
    batch_inverse(top_inv);
  }
  const Fp3* inv_z = nullptr;  // the current query's, per class
  const Fp3* inv_zw = nullptr;
  auto reduced_at = [&](size_t cls, uint64_t pos) {
    GF_VERIFIER_PHASE(kPhaseDeep);
    const unsigned h = L.class_log_heights[cls], log_n = h + L.log_blowup;
    const OpenedMatrix* mats[kNumRounds] = {};
    for (size_t r = 0; r < kNumRounds; ++r)
      for (const auto& om : opened[r])
        if (om.log_lde == log_n) mats[r] = &om;
    const Fp* rowp[kNumRounds] = {};
    for (size_t r = 0; r < kNumRounds; ++r)
      if (mats[r]) rowp[r] = mats[r]->row_at(pos);
    const DeepClass& d = deep[cls];
    // A column opened at z and zw takes g_k and g'_k = gamma g_k (see DeepClass): so
    // sum_zw = gamma * (the z-sum over those columns), one product per column instead of two.
#if defined(GF_VERIFIER_IN_GUEST)
    // One GF_FP3_HORNER call per span of the opened row (docs/recursion.md): K * sum v_c y^(n-c).
    Fp3 both = Fp3::zero(), z_only = Fp3::zero();
    for (const DeepSpan& sp : d.spans) {
      Fp3 sum;
      gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&horner_y[sp.both]),
                          reinterpret_cast<const uint64_t*>(rowp[sp.round] + sp.column),
                          static_cast<uint32_t>(sp.count), 1, reinterpret_cast<uint64_t*>(&sum));
      (sp.both ? both : z_only) += sp.scale * sum;
    }
#else
    LazyExtSum s_both, s_z_only;
    for (size_t k = 0; k < d.cols.size(); ++k) {
      const Fp v = rowp[d.cols[k].round][d.cols[k].column];
      if (d.cols[k].opening_zw >= 0) s_both.add_mul(d.gz[k], v);
      else s_z_only.add_mul(d.gz[k], v);
    }
    const Fp3 both = s_both.reduce(), z_only = s_z_only.reduce();
#endif
    const Fp3 acc = (both + z_only - d.cz) * inv_z[cls] + (both * gamma - d.czw) * inv_zw[cls];
    GF_VERIFIER_PHASE(kPhaseFriFold);
    return acc;
  };

  // FRI query phase. A layer's leaf is a coset of 2^a adjacent points (bit-reversed order): with
  // p = c 2^a + i, point(p) = base_c * w_(2^a)^rev_a(i), base_c = shift * w^rev(c). Inside a leaf,
  // each binary fold halves the coset and squares base_c; after the layer, base_c^(2^a) is the
  // point of position c one layer down, from which the next leaf's base follows by one root of
  // unity. So one power and one inversion per query give every 1/(2x) by multiplications.
  static const Fp kInvTwo = Fp::from_canonical(2).inverse();
  // beta, beta^2, ... of each layer's binary folds: the same for every query.
  std::vector<std::array<Fp3, 4>> fold_betas(layers.size());
  for (size_t k = 0; k < layers.size(); ++k) {
    Fp3 b = layers[k].beta;
    for (unsigned j = 0; j < L.fri_log_arities[k]; ++j, b = b.square()) fold_betas[k][j] = b;
  }
  // What a fold's 1/(2x) takes besides the query's point, tabulated once instead of a power per
  // layer and per binary fold of every query: w_(2^a)^r (a leaf's roots, r < 2^a) and, for a
  // binary fold of 2^t pairs, mu^-rev_t(i) / 2 at pair i (mu = w_(2^(t+1))).
  constexpr unsigned kMaxLogArity = 4;  // StarkParams::validate
  Fp leaf_root_pow[kMaxLogArity + 1][size_t{1} << kMaxLogArity];
  Fp half_twiddle[kMaxLogArity][size_t{1} << (kMaxLogArity - 1)];
  bool have_leaf_roots[kMaxLogArity + 1] = {};
  for (size_t k = 0; k < layers.size(); ++k) {
    const unsigned a = L.fri_log_arities[k];
    GF_CHECK(a <= kMaxLogArity, "FRI layer arity above 2^4 (the parameters allow at most 2^4)");
    if (have_leaf_roots[a]) continue;
    have_leaf_roots[a] = true;
    const Fp w_a = Fp::two_adic_root(a);
    Fp w = Fp::one();
    for (size_t r = 0; r < (size_t{1} << a); ++r, w *= w_a) leaf_root_pow[a][r] = w;
  }
  for (unsigned t = 0; t < kMaxLogArity; ++t) {
    const Fp mu_inv = Fp::two_adic_root_inverse(t + 1);
    for (size_t i = 0; i < (size_t{1} << t); ++i)
      half_twiddle[t][i] = (t > 0 ? mu_inv.pow(reverse_bits(i, t)) : Fp::one()) * kInvTwo;
  }
  Fp3 v[size_t{1} << kMaxLogArity];  // a leaf's values (zeroed once, not per layer: a memset per fold costs the guest)
  for (size_t qi = 0; qi < nq; ++qi) {
    const uint64_t q = queries[qi];
    inv_z = all_inv_z.data() + qi * num_classes;
    inv_zw = all_inv_zw.data() + qi * num_classes;
    Fp3 val = reduced_at(0, q);
    unsigned log_size = log_max_lde, folded = 0;
    Fp shift = kCosetShift;
    size_t next_class = 1;
    // point(q) at the top layer and its inverse.
    Fp point = top_point[qi];
    Fp inv_point = top_inv[qi];
    for (size_t k = 0; k < layers.size(); ++k) {
      const FriLayerView& layer = layers[k];
      const unsigned a = layer.log_arity;
      const size_t arity = size_t{1} << a;
      const uint64_t pos = q >> folded, leaf = pos >> a;
      const size_t idx = std::lower_bound(layer.positions.begin(), layer.positions.end(), leaf) - layer.positions.begin();
      const Fp* lr = layer.leaves.data() + idx * 3 * arity;
      for (size_t j = 0; j < arity; ++j) v[j] = ext_at(lr + 3 * j);
      if (!(v[pos & (arity - 1)] == val)) return fail("FRI layer value differs from the folded value", k, q);
      // base = point(pos) / w_(2^a)^rev_a(i), i = pos mod 2^a.
      const uint64_t rev_i = reverse_bits(pos & (arity - 1), a);
      Fp inv_base = inv_point * leaf_root_pow[a][rev_i];
      for (unsigned j = 0; j < a; ++j) {
        const Fp3& beta_j = fold_betas[k][j];
        const unsigned t = a - j - 1;  // 2^t pairs; pair i at base * mu^rev_t(i), mu = w_(2^(t+1))
        for (size_t i = 0; i < (size_t{1} << t); ++i)
          v[i] = fri_fold(v[2 * i], v[2 * i + 1], beta_j, inv_base * half_twiddle[t][i]);
        inv_base = inv_base.square();
      }
      val = v[0];
      // Down one layer: the point of position `leaf` is point(pos)^(2^a).
      for (unsigned j = 0; j < a; ++j) {
        shift = shift.square();
        point = point.square();
        inv_point = inv_point.square();
      }
      log_size -= a;
      folded += a;
      if (next_class < L.class_log_heights.size() && L.class_log_heights[next_class] + L.log_blowup == log_size) {
        val += fri_roll_in_weight(layer.beta, a) * reduced_at(next_class, q >> folded);
        ++next_class;
      }
    }
    GF_VERIFIER_PHASE(kPhaseFriFold);
    const Fp x_final = point;  // the point of position q >> folded in the final domain
    Fp3 expect = Fp3::zero();
    for (size_t i = final_poly.size(); i-- > 0;) expect = expect * x_final + final_poly[i];
    if (!(expect == val)) return fail("FRI final polynomial does not match the query", 0, q);
  }

  if (out) {
    out->log_heights = log_heights;
    out->public_values.clear();
    for (const auto& p : pv) out->public_values.emplace_back(p.begin(), p.end());
  }
  return Error::none();
}

}  // namespace

Error verify(const VerifyingKey& vk, std::span<const air::Air* const> tables, std::span<const uint8_t> proof,
             VerifiedProof* out) {
  GF_VERIFIER_PHASE(kPhaseSetup);
  Result<CheckedKey> key = CheckedKey::make(vk, tables);
  if (!key.ok()) return key.error();
  return verify_checked(vk, tables, key->digest(), key->interactions(), proof, out);
}

Result<CheckedKey> CheckedKey::make(const VerifyingKey& vk, std::span<const air::Air* const> tables) {
  GF_TRY(vk.params.validate());
  CheckedKey k;
  // Built once: check_tables_match reads those of the tables it describes, every proof all of them.
  k.interactions_.resize(tables.size());
  for (size_t t = 0; t < tables.size(); ++t) k.interactions_[t] = tables[t]->interactions();
  GF_TRY(check_tables_match(vk, tables, k.interactions_));
  k.vk_ = &vk;
  k.tables_ = tables;
  k.digest_ = vk.digest();
  return k;
}

Error verify(const CheckedKey& key, std::span<const uint8_t> proof, VerifiedProof* out) {
  GF_VERIFIER_PHASE(kPhaseSetup);
  if (key.empty()) return fail("verify: an empty checked key");
  return verify_checked(key.vk(), key.tables(), key.digest(), key.interactions(), proof, out);
}

}  // namespace goldfinch::stark
