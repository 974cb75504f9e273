#include <cstdio>
#include <cstdlib>
#include <string>

#include "goldfinch/backend/backend.h"

namespace goldfinch::backend {
namespace {

[[noreturn]] void mismatch(const char* call, const Backend& a, const Backend& b, const std::string& where) {
  std::fprintf(stderr, "goldfinch: dual backend mismatch in %s between %.*s and %.*s at %s\n", call,
               static_cast<int>(a.name().size()), a.name().data(), static_cast<int>(b.name().size()),
               b.name().data(), where.c_str());
  std::abort();
}

class DualBackend final : public Backend {
 public:
  DualBackend(std::unique_ptr<Backend> ref, std::unique_ptr<Backend> cand)
      : ref_(std::move(ref)), cand_(std::move(cand)),
        name_("dual(" + std::string(ref_->name()) + "," + std::string(cand_->name()) + ")") {}
  std::string_view name() const override { return name_; }

  Result<RowMajorMatrix> lde(ConstMatrixView trace, size_t blowup, const ntt::CosetOptions& opt) override {
    Result<RowMajorMatrix> a = ref_->lde(trace, blowup, opt);
    Result<RowMajorMatrix> b = cand_->lde(trace, blowup, opt);
    if (a.ok() != b.ok()) mismatch("lde", *ref_, *cand_, "error status");
    if (!a.ok()) return a;
    const auto& x = a->data();
    const auto& y = b->data();
    if (x.size() != y.size()) mismatch("lde", *ref_, *cand_, "output size");
    for (size_t i = 0; i < x.size(); ++i)
      if (x[i] != y[i]) mismatch("lde", *ref_, *cand_, "element " + std::to_string(i));
    return b;
  }

  void hash_rows(ConstMatrixView m, std::span<hash::Digest> out, merkle::MerkleHash hash) override {
    std::vector<hash::Digest> ref(out.size());
    ref_->hash_rows(m, ref, hash);
    cand_->hash_rows(m, out, hash);
    for (size_t i = 0; i < out.size(); ++i)
      if (ref[i] != out[i]) mismatch("hash_rows", *ref_, *cand_, "row " + std::to_string(i));
  }

  Result<MerkleTree> commit_rows(ConstMatrixView m, const merkle::MerkleOptions& opt, merkle::MerkleHash hash) override {
    Result<MerkleTree> a = ref_->commit_rows(m, opt, hash);
    Result<MerkleTree> b = cand_->commit_rows(m, opt, hash);
    if (a.ok() != b.ok()) mismatch("commit_rows", *ref_, *cand_, "error status");
    if (a.ok() && a->root() != b->root()) mismatch("commit_rows", *ref_, *cand_, "root");
    return b;
  }

 private:
  std::unique_ptr<Backend> ref_, cand_;
  std::string name_;
};

}  // namespace

std::unique_ptr<Backend> make_dual_backend(std::unique_ptr<Backend> reference, std::unique_ptr<Backend> candidate) {
  return std::make_unique<DualBackend>(std::move(reference), std::move(candidate));
}

}  // namespace goldfinch::backend
