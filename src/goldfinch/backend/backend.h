// The coarse kernel seam of the prover (in the spirit of risc0's HAL): the heavy, data-parallel
// steps — low-degree extension of trace batches, row hashing and Merkle building — go through a
// Backend, so a CUDA backend (and a dual backend that runs two and byte-compares them) slots in
// without touching callers. Later issues add quotient evaluation and FRI folding here.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "goldfinch/base/error.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/merkle/selected_merkle.h"
#include "goldfinch/merkle/tree.h"
#include "goldfinch/ntt/lde.h"

namespace goldfinch::backend {

using MerkleTree = merkle::MerkleTree<merkle::SelectedMerkle>;

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;

  // Evaluations of every column of `trace` (evaluations on H, natural order) on the coset
  // shift * H' of size height * blowup, rows in `opt.order`. See ntt/lde.h.
  virtual Result<RowMajorMatrix> lde(ConstMatrixView trace, size_t blowup, const ntt::CosetOptions& opt) = 0;
  // out[i] = Merkle leaf hash of row i under `hash` (out.size() == m.height).
  virtual void hash_rows(ConstMatrixView m, std::span<hash::Digest> out,
                         merkle::MerkleHash hash = merkle::MerkleHash::kBlake3) = 0;
  // Merkle commitment to the rows of m under `hash`.
  virtual Result<MerkleTree> commit_rows(ConstMatrixView m, const merkle::MerkleOptions& opt,
                                         merkle::MerkleHash hash = merkle::MerkleHash::kBlake3) = 0;
};

// The CPU backend: SIMD kernels picked from cpuid (capped by `isa`), threads from OpenMP.
std::unique_ptr<Backend> make_cpu_backend(Isa isa = best_isa());

// Runs every call on both backends and aborts with a message naming the call and the first
// differing element if their results differ (for testing a new backend against the CPU one).
std::unique_ptr<Backend> make_dual_backend(std::unique_ptr<Backend> reference, std::unique_ptr<Backend> candidate);

// The backend a program uses unless told otherwise: "cpu", or GOLDFINCH_BACKEND from the
// environment ("cpu", "cpu-scalar", "dual-cpu" = CPU checked against scalar CPU).
Result<std::unique_ptr<Backend>> make_backend(std::string_view name);
Backend& default_backend();

}  // namespace goldfinch::backend
