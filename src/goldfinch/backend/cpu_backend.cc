#include <cstdlib>
#include <string>

#include "goldfinch/backend/backend.h"
#include "goldfinch/base/parallel.h"

namespace goldfinch::backend {
namespace {

class CpuBackend final : public Backend {
 public:
  explicit CpuBackend(Isa isa) : isa_(isa), name_(std::string("cpu-") + isa_name(isa)) {}
  std::string_view name() const override { return name_; }

  Result<RowMajorMatrix> lde(ConstMatrixView trace, size_t blowup, const ntt::CosetOptions& opt) override {
    ntt::CosetOptions o = opt;
    o.isa = isa_;
    return ntt::coset_lde(trace, blowup, o);
  }

  void hash_rows(ConstMatrixView m, std::span<hash::Digest> out, merkle::MerkleHash hash) override {
    GF_CHECK(out.size() == m.height, "hash_rows: output size must equal the height");
    constexpr size_t kGrain = 256;  // rows per task: fixed, so the work split is thread-independent
    const merkle::SelectedMerkle hasher(hash, isa_);
    parallel_for_chunks(m.height, kGrain, [&](size_t b, size_t e) { hasher.hash_rows(m, b, e - b, out.data() + b); });
  }

  Result<MerkleTree> commit_rows(ConstMatrixView m, const merkle::MerkleOptions& opt, merkle::MerkleHash hash) override {
    return MerkleTree::commit(m, opt, merkle::SelectedMerkle(hash, isa_));
  }

 private:
  Isa isa_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(Isa isa) {
  GF_CHECK(isa_available(isa), "requested ISA is not available on this CPU or not compiled in");
  return std::make_unique<CpuBackend>(isa);
}

Result<std::unique_ptr<Backend>> make_backend(std::string_view name) {
  if (name == "cpu") return make_cpu_backend(best_isa());
  if (name == "cpu-scalar") return make_cpu_backend(Isa::kScalar);
  if (name == "dual-cpu") return make_dual_backend(make_cpu_backend(Isa::kScalar), make_cpu_backend(best_isa()));
  return Error{ErrorCode::kInvalidArgument, "unknown backend (known: cpu, cpu-scalar, dual-cpu)", 0, name.size()};
}

Backend& default_backend() {
  static std::unique_ptr<Backend> b = [] {
    const char* env = std::getenv("GOLDFINCH_BACKEND");
    if (env == nullptr) return make_cpu_backend(best_isa());
    Result<std::unique_ptr<Backend>> r = make_backend(env);
    GF_CHECK(r.ok(), "GOLDFINCH_BACKEND names an unknown backend");
    return std::move(r.value());
  }();
  return *b;
}

}  // namespace goldfinch::backend
