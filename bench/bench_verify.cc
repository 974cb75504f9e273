// Host verification of a whole-run guest proof (zkvm::verify: the guest key's checks, the tables'
// descriptions against the key, the STARK verifier), beside BLAKE3 of the same proof bytes
// measured in the same run as the reference (docs/benchmarks.md, "Host verification"; issue 12:
// verify <= 5 ms at the default preset). The key checks are also measured on their own, through
// the pinned descriptions (what verify uses) and through the full derivation (describe_table).
//   bench_verify [benchmark flags] [guest.elf[=input_file] ...]   (default: the build's fibonacci.elf)
// Each guest is proven once at the default preset (GF_BENCH_PRESET picks another; GF_BENCH_MERKLE_HASH=
// poseidon2 commits with Poseidon2 instead of the preset's hash, the `recursion` preset's already
// does: docs/hashing.md). GF_BENCH_PROOF=FILE verifies that proof of the first guest instead of
// proving it (e.g. the 555 KB sha256 proof).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/hash/hash_many.h"
#include "goldfinch/stark/vk.h"
#include "goldfinch/zkvm/zkvm.h"

namespace {

using namespace goldfinch;

stark::StarkParams params() {
  const char* p = std::getenv("GF_BENCH_PRESET");
  auto r = stark::StarkParams::preset(p ? p : "default");
  stark::StarkParams out = r.ok() ? *r : stark::StarkParams::conjectured_100();
  if (const char* h = std::getenv("GF_BENCH_MERKLE_HASH"); h && !merkle::parse_merkle_hash(h, &out.merkle_hash))
    std::fprintf(stderr, "bench_verify: GF_BENCH_MERKLE_HASH=%s is not blake3 or poseidon2; ignored\n", h);
  return out;
}

struct Case {
  zkvm::Program program;
  std::vector<uint8_t> proof;
};

void BM_Verify(benchmark::State& state, const Case* c) {
  for (auto _ : state) {
    auto st = zkvm::verify(c->program.key(), c->proof);
    if (!st.ok()) return state.SkipWithError(st.error().message.c_str());
    benchmark::DoNotOptimize(st);
  }
  state.counters["proof_KiB"] = static_cast<double>(c->proof.size()) / 1024.0;
}

// The reference: one BLAKE3 pass over the proof's bytes (a verifier reads each at least once),
// through the SIMD wide path (b3sum's speed).
void BM_Blake3ProofBytes(benchmark::State& state, const Case* c) {
  for (auto _ : state) benchmark::DoNotOptimize(hash::blake3_wide(c->proof));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->proof.size()));
}

// The whole-run key against the circuit's tables, as verify checks it (pinned) and fully derived.
void BM_CheckTables(benchmark::State& state, const Case* c, stark::DescriptionCheck how) {
  auto shape = c->program.key().shape();
  if (!shape.ok()) return state.SkipWithError(shape.error().message.c_str());
  const circuit::Rv32imCircuit circuit(*shape);
  const std::vector<const air::Air*> tables = circuit.tables();
  for (auto _ : state) {
    Error e = stark::check_tables_match(c->program.key().vk, tables, how);
    if (!e.ok()) return state.SkipWithError(e.what);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
#if defined(GF_GUEST_BIN_DIR)
  if (args.empty()) args.push_back(std::string(GF_GUEST_BIN_DIR) + "/fibonacci.elf");
#endif
  const char* proof_file = std::getenv("GF_BENCH_PROOF");
  static std::vector<Case> cases;
  cases.reserve(args.size());
  for (const std::string& arg : args) {
    const size_t eq = arg.find('=');
    const std::string path = arg.substr(0, eq);
    std::vector<uint8_t> input;
    if (eq != std::string::npos) {
      auto in = zkvm::read_file(arg.substr(eq + 1));
      if (!in.ok()) return std::fprintf(stderr, "bench_verify: %s\n", in.error().message.c_str()), 1;
      input = *in;
    }
    auto elf = zkvm::read_file(path);
    if (!elf.ok()) return std::fprintf(stderr, "bench_verify: %s\n", elf.error().message.c_str()), 1;
    auto program = zkvm::Program::from_elf_bytes(*elf, params());
    if (!program.ok()) return std::fprintf(stderr, "bench_verify: %s\n", program.error().message.c_str()), 1;
    Case c{std::move(*program), {}};
    if (proof_file && cases.empty()) {
      auto bytes = zkvm::read_file(proof_file);
      if (!bytes.ok()) return std::fprintf(stderr, "bench_verify: %s\n", bytes.error().message.c_str()), 1;
      c.proof = std::move(*bytes);
    } else {
      auto out = zkvm::prove(c.program, input);
      if (!out.ok()) return std::fprintf(stderr, "bench_verify: %s\n", out.error().message.c_str()), 1;
      c.proof = std::move(out->proof);
    }
    cases.push_back(std::move(c));
    const Case* cp = &cases.back();
    std::ostringstream name_out;  // (not string concatenation: GCC 12 warns falsely on it)
    name_out << std::filesystem::path(path).stem().string();
    if (eq != std::string::npos) name_out << '(' << input.size() << "B)";
    const std::string name = name_out.str();
    benchmark::RegisterBenchmark(("BM_Verify/" + name).c_str(), BM_Verify, cp)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Blake3ProofBytes/" + name).c_str(), BM_Blake3ProofBytes, cp)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_CheckTables/" + name + "/pinned").c_str(), BM_CheckTables, cp,
                                 stark::DescriptionCheck::kPinned)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_CheckTables/" + name + "/derived").c_str(), BM_CheckTables, cp,
                                 stark::DescriptionCheck::kDerive)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
