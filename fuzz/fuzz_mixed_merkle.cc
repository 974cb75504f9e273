// libFuzzer target: merkle::verify_mixed on fuzzer-chosen shapes, queries, rows and nodes
// (bounded: at most 5 matrices, heights up to 2^10 in honest mode, 2^12 — or absurd log heights up to 70 in raw mode —
// widths up to 8, 16 queries, 64 sibling digests). Two modes, picked by the first byte:
//   honest: matrices filled from the input are committed with the prover's (SIMD) tree, opened at
//     fuzzer-chosen queries; the scalar verifier must accept, and must reject once one opened
//     element, one sibling digest or the root is changed;
//   raw: every argument comes straight from the input; the verifier must not crash.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <vector>

#include "fuzz_common.h"
#include "goldfinch/merkle/blake3_merkle.h"
#include "goldfinch/merkle/blake3_merkle_bulk.h"
#include "goldfinch/merkle/mixed_tree.h"
#include "goldfinch/merkle/mixed_verify.h"

using namespace goldfinch;
using merkle::MixedMatrixShape;

namespace {

const merkle::Blake3MerkleScalar kHasher;

hash::Digest digest_from(FuzzedDataProvider& in) {
  hash::Digest d{};
  const auto b = in.ConsumeBytes<uint8_t>(32);
  std::copy(b.begin(), b.end(), d.bytes.begin());
  return d;
}

void honest(FuzzedDataProvider& in) {
  const unsigned L = in.ConsumeIntegralInRange<unsigned>(0, 10);
  std::vector<unsigned> logs = {L};
  while (logs.size() < 5 && logs.back() > 0 && in.ConsumeBool())
    logs.push_back(in.ConsumeIntegralInRange<unsigned>(0, logs.back() - 1));
  std::vector<RowMajorMatrix> mats;
  for (unsigned lh : logs) {
    RowMajorMatrix m(size_t{1} << lh, in.ConsumeIntegralInRange<size_t>(1, 8));
    // Values from a seed taken from the input (keeps inputs short for tall matrices).
    const uint64_t seed = in.ConsumeIntegral<uint64_t>();
    for (size_t i = 0; i < m.data().size(); ++i) m.data()[i] = Fp::from_u64(seed * 0x9E3779B97F4A7C15ull + i);
    mats.push_back(std::move(m));
  }
  std::vector<ConstMatrixView> views;
  for (const auto& m : mats) views.push_back(m.view());
  auto tree = merkle::MixedMerkleTree<merkle::Blake3Merkle>::commit(views);
  GF_FUZZ_ASSERT(tree.ok(), "honest tree did not commit");
  std::vector<uint64_t> queries;
  const size_t nq = in.ConsumeIntegralInRange<size_t>(1, 16);
  for (size_t k = 0; k < nq; ++k) queries.push_back(in.ConsumeIntegral<uint64_t>() & ((uint64_t{1} << L) - 1));
  std::sort(queries.begin(), queries.end());
  queries.erase(std::unique(queries.begin(), queries.end()), queries.end());
  auto opening = tree->open(queries);
  GF_FUZZ_ASSERT(opening.ok(), "honest opening failed");
  std::vector<MixedMatrixShape> shapes;
  for (size_t j = 0; j < mats.size(); ++j) shapes.push_back({logs[j], mats[j].width()});
  auto check = [&](const hash::Digest& root, std::vector<std::vector<Fp>>& rows, const std::vector<hash::Digest>& nodes) {
    std::vector<std::span<const Fp>> rs(rows.begin(), rows.end());
    return merkle::verify_mixed(kHasher, root, shapes, queries, rs, nodes);
  };
  const Error e = check(tree->root(), opening->rows, opening->nodes);
  GF_FUZZ_ASSERT(e.ok(), "honest opening rejected");

  // One change, chosen by the input; every change must be rejected.
  const int what = in.ConsumeIntegralInRange<int>(0, 2);
  hash::Digest root = tree->root();
  auto rows = opening->rows;
  auto nodes = opening->nodes;
  if (what == 0) {
    auto& r = rows[in.ConsumeIntegralInRange<size_t>(0, rows.size() - 1)];
    r[in.ConsumeIntegralInRange<size_t>(0, r.size() - 1)] += Fp::from_u64(in.ConsumeIntegralInRange<uint64_t>(1, 1000));
  } else if (what == 1 && !nodes.empty()) {
    nodes[in.ConsumeIntegralInRange<size_t>(0, nodes.size() - 1)].bytes[in.ConsumeIntegralInRange<size_t>(0, 31)] ^=
        static_cast<uint8_t>(in.ConsumeIntegralInRange<unsigned>(1, 255));
  } else {
    root.bytes[in.ConsumeIntegralInRange<size_t>(0, 31)] ^= static_cast<uint8_t>(in.ConsumeIntegralInRange<unsigned>(1, 255));
  }
  GF_FUZZ_ASSERT(!check(root, rows, nodes).ok(), "changed opening accepted");
}

void raw(FuzzedDataProvider& in) {
  std::vector<MixedMatrixShape> shapes(in.ConsumeIntegralInRange<size_t>(0, 5));
  for (auto& s : shapes) {
    s.log_height = in.ConsumeBool() ? in.ConsumeIntegralInRange<unsigned>(0, 12) : in.ConsumeIntegralInRange<unsigned>(0, 70);
    s.width = in.ConsumeIntegralInRange<size_t>(0, 8);
  }
  std::vector<uint64_t> queries(in.ConsumeIntegralInRange<size_t>(0, 16));
  for (auto& q : queries) q = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 4096) : in.ConsumeIntegral<uint64_t>();
  std::vector<std::vector<Fp>> rows(in.ConsumeIntegralInRange<size_t>(0, 5));
  for (auto& r : rows) {
    r.resize(in.ConsumeIntegralInRange<size_t>(0, 64));
    for (auto& x : r) x = Fp::from_u64(in.ConsumeIntegral<uint64_t>());
  }
  std::vector<hash::Digest> nodes(in.ConsumeIntegralInRange<size_t>(0, 64));
  for (auto& n : nodes) n = digest_from(in);
  const hash::Digest root = digest_from(in);
  // Exactly-sized copies, so an overread of any argument is caught.
  std::vector<std::span<const Fp>> rs(rows.begin(), rows.end());
  (void)merkle::verify_mixed(kHasher, root, shapes, queries, rs, nodes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool())
    honest(in);
  else
    raw(in);
  return 0;
}
