// `goldfinch demo`: the main job until the prover lands. Commits to the low-degree extension of a
// random trace, draws query rows from a Fiat–Shamir transcript, opens them with one batch proof,
// verifies it, and shows that a tampered opening is rejected.
#include <fmt/core.h>

#include <chrono>
#include <memory>
#include <cstring>
#include <random>

#include "commands.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/backend/backend.h"
#include "goldfinch/merkle/verify.h"
#include "goldfinch/ntt/lde.h"
#include "goldfinch/air/example_airs.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/transcript/blake3_transcript.h"

namespace goldfinch::cli {
namespace {

struct DemoOptions {
  unsigned log_rows = 16;
  size_t width = 32;
  unsigned log_blowup = 2;
  size_t queries = 64;
  uint64_t seed = 1;
  std::string backend = "cpu";
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A STARK over three tables: Fibonacci, values range-checked by lookups into the preprocessed
// 16-bit table, proven together with one FRI, verified in place, then tampered with.
int run_stark_demo(const DemoOptions& o) {
  using namespace air::examples;
  static FibonacciAir fib;
  static RangeCheckedAir checked;
  static U16TableAir table;
  std::vector<const air::Air*> tables = {&fib, &checked, &table};
  auto t0 = std::chrono::steady_clock::now();
  auto pk = stark::setup(tables, stark::StarkParams::conjectured_100());
  if (!pk.ok()) return fmt::print(stderr, "error: setup: {}\n", pk.error().what), 1;
  const double setup_s = seconds_since(t0);
  const size_t n = size_t{1} << o.log_rows;
  std::vector<stark::TableWitness> w(3);
  w[0].main = FibonacciAir::trace(n, Fp::one(), Fp::one(), &w[0].public_values);
  w[1].main = RowMajorMatrix(n, 1);
  std::mt19937_64 rng(o.seed);
  for (size_t r = 0; r < n; ++r) w[1].main.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
  w[2].main = U16TableAir::multiplicities(w[1].main);
  stark::ProveStats st;
  auto proof = stark::prove(**pk, w, backend::default_backend(), {}, &st);
  if (!proof.ok()) return fmt::print(stderr, "error: prove: {}\n", proof.error().what), 1;
  fmt::print("\nSTARK: Fibonacci ({} rows) + {} range-checked values + the 2^16-row lookup table\n", n, n);
  fmt::print("  setup      {:8.3f} s  (preprocessed table committed into the verifying key)\n", setup_s);
  fmt::print("  prove      {:8.3f} s  ({} bytes of proof, {} trace cells)\n", st.seconds_total, proof->size(), st.trace_cells);
  stark::AlignedBytes aligned(*proof);
  std::span<const uint8_t> bytes = aligned.span();
  t0 = std::chrono::steady_clock::now();
  stark::VerifiedProof out;
  Error e = stark::verify((*pk)->vk, tables, bytes, &out);
  fmt::print("  verify     {} in {:.2f} ms; fib({}) = {}\n", e.ok() ? "valid" : e.what, seconds_since(t0) * 1e3, n,
             e.ok() ? out.public_values[0][2].value() : 0);
  if (!e.ok()) return 1;
  // Claim another Fibonacci value: rewrite the last public value in place.
  aligned.data()[16 + 64 + 16 + 16 + 16 + 16] ^= 1;
  Error bad = stark::verify((*pk)->vk, tables, bytes);
  fmt::print("  tampered   public value changed: {} ({})\n", bad.ok() ? "ACCEPTED" : "rejected", bad.ok() ? "" : bad.what);
  return bad.ok() ? 1 : 0;
}

int run_demo(const DemoOptions& o) {
  auto backend_or = backend::make_backend(o.backend);
  if (!backend_or.ok()) {
    fmt::print(stderr, "error: {}: '{}'\n", backend_or.error().what, o.backend);
    return 2;
  }
  backend::Backend& be = **backend_or;
  const size_t n = size_t{1} << o.log_rows, blowup = size_t{1} << o.log_blowup;
  fmt::print("Goldfinch demo: commit to a {} x {} trace extended {}x (backend {}, {})\n", n, o.width, blowup,
             be.name(), isa_name(best_isa()));

  RowMajorMatrix trace(n, o.width);
  std::mt19937_64 rng(o.seed);
  for (Fp& x : trace.data()) x = Fp::from_u64(rng());

  auto t0 = std::chrono::steady_clock::now();
  auto lde = be.lde(trace.view(), blowup, {});
  if (!lde.ok()) return fmt::print(stderr, "error: lde: {}\n", lde.error().what), 1;
  const double lde_s = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  auto tree = be.commit_rows(lde->view(), {});
  if (!tree.ok()) return fmt::print(stderr, "error: commit: {}\n", tree.error().what), 1;
  const double commit_s = seconds_since(t0);
  fmt::print("  LDE        {:8.3f} s  ({:.1f} M output elements/s)\n", lde_s, lde->data().size() / lde_s / 1e6);
  fmt::print("  commit     {:8.3f} s  ({:.1f} MB/s of rows)\n", commit_s, lde->data().size() * 8.0 / commit_s / 1e6);
  fmt::print("  root       {}\n", hash::to_hex(tree->root()));

  // The LDE really is of degree < n: its interpolant's top coefficients vanish.
  {
    RowMajorMatrix natural = *ntt::coset_lde(trace.view(), blowup, {.order = ntt::Order::kNatural});
    auto coeffs = ntt::interpolate(natural.view());
    size_t nonzero_high = 0;
    for (size_t r = n; r < coeffs->height(); ++r)
      for (size_t c = 0; c < o.width; ++c) nonzero_high += !coeffs->at(r, c).is_zero();
    fmt::print("  degree     every column has degree < {} ({} non-zero coefficients above)\n", n, nonzero_high);
    if (nonzero_high != 0) return 1;
  }

  transcript::Blake3Transcript t("goldfinch demo");
  t.absorb_digest("root", tree->root());
  auto indices = merkle::sorted_unique(t.squeeze_indices("queries", o.queries, o.log_rows + o.log_blowup));
  auto proof = tree->open(lde->view(), indices);
  if (!proof.ok()) return fmt::print(stderr, "error: open: {}\n", proof.error().what), 1;
  std::vector<Fp> rows = merkle::gather_rows(lde->view(), indices);
  fmt::print("  opening    {} rows, {} sibling digests ({} bytes of proof)\n", indices.size(), proof->nodes.size(),
             proof->nodes.size() * 32 + rows.size() * 8);

  merkle::Blake3MerkleScalar verifier_hash;
  t0 = std::chrono::steady_clock::now();
  Error e = merkle::verify_batch(verifier_hash, tree->root(), lde->height(), o.width, indices, rows, proof->nodes);
  fmt::print("  verify     {} in {:.3f} ms\n", e.ok() ? "valid" : e.what, seconds_since(t0) * 1e3);
  if (!e.ok()) return 1;

  rows[rows.size() / 2] += Fp::one();
  Error bad = merkle::verify_batch(verifier_hash, tree->root(), lde->height(), o.width, indices, rows, proof->nodes);
  fmt::print("  tampered   one opened element changed: {} ({})\n", bad.ok() ? "ACCEPTED" : "rejected",
             bad.ok() ? "" : bad.what);
  if (bad.ok()) return 1;
  return run_stark_demo(o);
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto* sub = app.add_subcommand("demo", "Commit to a low-degree extension, open rows and verify them");
  auto o = std::make_shared<DemoOptions>();
  sub->add_option("--log-rows", o->log_rows, "log2 of the trace height")->check(CLI::Range(1, 22));
  sub->add_option("--width", o->width, "trace columns")->check(CLI::Range(1, 1024));
  sub->add_option("--log-blowup", o->log_blowup, "log2 of the LDE blowup")->check(CLI::Range(1, 4));
  sub->add_option("--queries", o->queries, "rows to open")->check(CLI::Range(1, 1024));
  sub->add_option("--seed", o->seed, "seed of the random trace");
  sub->add_option("--backend", o->backend, "cpu, cpu-scalar or dual-cpu");
  return [o] { return run_demo(*o); };
}

}  // namespace goldfinch::cli
