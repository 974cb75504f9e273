#include "statements.h"

#include <random>

#include "goldfinch/air/example_airs.h"
#include "goldfinch/base/check.h"

namespace goldfinch::fuzz {
namespace {

using namespace air::examples;

const FibonacciAir kFib;
const RangeCheckedAir kRange;
const U16TableAir kU16;
const AddSenderAir kSender;
const AddReceiverAir kReceiver;
const PublicOutputAir kOutput;

Statement make(const char* name, std::vector<const air::Air*> tables, stark::StarkParams params = fuzz_params()) {
  Statement s;
  s.name = name;
  s.tables = tables;
  auto pk = stark::setup(tables, params);
  GF_CHECK(pk.ok(), "fuzz statement setup failed");
  s.pk = std::move(*pk);
  return s;
}

}  // namespace

stark::StarkParams fuzz_params() { return {2, 2, 0, 1, 0}; }

std::vector<Statement> make_statements() {
  std::vector<Statement> out;
  out.push_back(make("fibonacci", {&kFib}));
  out.push_back(make("range_check", {&kRange, &kU16}));
  out.push_back(make("add_bus", {&kSender, &kReceiver}));
  out.push_back(make("public_output", {&kFib, &kOutput}));
  stark::StarkParams p2 = fuzz_params();
  p2.merkle_hash = merkle::MerkleHash::kPoseidon2;
  out.push_back(make("fibonacci_poseidon2", {&kFib}, p2));
  return out;
}

std::vector<std::vector<stark::TableWitness>> witnesses(const std::string& name) {
  std::vector<std::vector<stark::TableWitness>> out;
  std::mt19937_64 rng(7);
  if (name == "fibonacci" || name == "fibonacci_poseidon2") {
    for (size_t n : {2, 8, 64}) {
      std::vector<Fp> pv;
      RowMajorMatrix t = FibonacciAir::trace(n, Fp::from_u64(n), Fp::one(), &pv);
      out.push_back({{std::move(t), pv}});
    }
  } else if (name == "range_check") {
    for (size_t n : {4, 64}) {
      RowMajorMatrix v(n, 1);
      for (size_t r = 0; r < n; ++r) v.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
      RowMajorMatrix m = U16TableAir::multiplicities(v);
      std::vector<stark::TableWitness> w;
      w.push_back({std::move(v), {}});
      w.push_back({std::move(m), {}});
      out.push_back(std::move(w));
    }
  } else if (name == "public_output") {
    // Fibonacci beside a variable-length public output of 0, 3 and 17 values.
    for (size_t len : {0, 3, 17}) {
      std::vector<uint64_t> values(len);
      for (auto& v : values) v = rng() & 0xFF;
      std::vector<Fp> fib_pv, out_pv;
      RowMajorMatrix fib = FibonacciAir::trace(8, Fp::from_u64(len), Fp::one(), &fib_pv);
      RowMajorMatrix o = PublicOutputAir::trace(values, &out_pv);
      std::vector<stark::TableWitness> w;
      w.push_back({std::move(fib), fib_pv});
      w.push_back({std::move(o), out_pv});
      out.push_back(std::move(w));
    }
  } else if (name == "add_bus") {
    // The receiver may be taller than the sender: its extra rows are zero with multiplicity 0.
    for (auto [ns, nr] : {std::pair<size_t, size_t>{4, 4}, {8, 32}, {16, 64}}) {
      RowMajorMatrix snd(ns, 3), rcv(nr, 4);
      for (size_t r = 0; r < ns; ++r) {
        const Fp a = Fp::from_u64(rng()), b = Fp::from_u64(rng());
        snd.at(r, 0) = rcv.at(r, 0) = a;
        snd.at(r, 1) = rcv.at(r, 1) = b;
        snd.at(r, 2) = rcv.at(r, 2) = a + b;
        rcv.at(r, 3) = Fp::one();
      }
      std::vector<stark::TableWitness> w;
      w.push_back({std::move(snd), {}});
      w.push_back({std::move(rcv), {}});
      out.push_back(std::move(w));
    }
  }
  return out;
}

Fp fibonacci_last(Fp a0, Fp b0, unsigned log_n) {
  Fp a = a0, b = b0;
  for (uint64_t i = 1; i < (uint64_t{1} << log_n); ++i) {
    const Fp c = a + b;
    a = b;
    b = c;
  }
  return b;
}

}  // namespace goldfinch::fuzz
