// Writes the seed corpora of the fuzzers into <dir>/<target>/: honest proofs and verifying keys
// of the fuzz statements (statements.h), proof-reader inputs walking those proofs, small ELF
// files, a few byte strings for the Merkle fuzzer, EcGFp5 point encodings, and receipts (of honest
// proofs and of short random byte strings). Usage: make_corpus <dir>
// (scripts/fuzz.sh runs it into build/fuzz/corpus).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "goldfinch/multiset/multiset_hash.h"
#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"
#include "goldfinch/recursion/aggregate.h"
#include "goldfinch/recursion/aggregate_input.h"
#include "goldfinch/recursion/aggregate_tree.h"
#include "goldfinch/recursion/packed_input.h"
#include "goldfinch/zkvm/receipt.h"
#include "goldfinch/zkvm/zkvm.h"
#include "statements.h"

namespace fs = std::filesystem;
using namespace goldfinch;

namespace {

bool write_file(const fs::path& p, const std::vector<uint8_t>& bytes) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) {
    std::fprintf(stderr, "make_corpus: cannot write %s\n", p.c_str());
    return false;
  }
  return true;
}

// fuzz_proof_reader input: [script length][script][proof] (see fuzz_proof_reader.cc).
std::vector<uint8_t> reader_input(const std::vector<uint8_t>& script, const std::vector<uint8_t>& proof) {
  std::vector<uint8_t> out(1 + script.size() + proof.size());
  out[0] = static_cast<uint8_t>(script.size());
  std::copy(script.begin(), script.end(), out.begin() + 1);
  std::copy(proof.begin(), proof.end(), out.begin() + 1 + static_cast<std::ptrdiff_t>(script.size()));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_corpus <dir>\n");
    return 2;
  }
  const fs::path dir = argv[1];
  for (const char* t : {"fuzz_verifier", "fuzz_proof_reader", "fuzz_vk_decode", "fuzz_guest_key", "fuzz_mixed_merkle", "fuzz_elf",
                        "fuzz_multiset_decode", "fuzz_receipt", "fuzz_packed_input", "fuzz_aggregation_input",
                        "fuzz_aggregate_proof"})
    fs::create_directories(dir / t);
  bool ok = true;
  size_t proofs = 0;
  std::vector<std::vector<uint8_t>> honest;  // the first few honest proofs, for receipt seeds
  for (const fuzz::Statement& s : fuzz::make_statements()) {
    ok &= write_file(dir / "fuzz_vk_decode" / (s.name + ".vk"), s.pk->vk.encode());
    size_t i = 0;
    for (auto& w : fuzz::witnesses(s.name)) {
      auto proof = stark::prove(*s.pk, std::move(w));
      if (!proof.ok()) {
        std::fprintf(stderr, "make_corpus: proving %s failed: %s\n", s.name.c_str(), proof.error().what);
        return 1;
      }
      const std::string stem = s.name + "_" + std::to_string(i++);
      ok &= write_file(dir / "fuzz_verifier" / (stem + ".proof"), *proof);
      // An empty script walks every section with the tags it finds (the reader's default).
      ok &= write_file(dir / "fuzz_proof_reader" / (stem + ".in"), reader_input({}, *proof));
      // Scripts mixing the read kinds over the first sections.
      ok &= write_file(dir / "fuzz_proof_reader" / (stem + "_mixed.in"),
                       reader_input({0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x16, 0x27, 0x08, 0x09, 0x0a, 0x00, 0x06},
                                    *proof));
      if (honest.size() < 2) honest.push_back(*proof);
      ++proofs;
    }
  }
  // ELF files: a tiny program, and one with a data segment and function symbols.
  {
    using namespace vm;
    std::vector<uint32_t> code = {rv::addi(10, 0, 7), rv::jal(1, 8), rv::ebreak(), rv::addi(17, 0, 93), rv::ecall()};
    ElfImage img = rv::image_from_code(code, 0x10000);
    ok &= write_file(dir / "fuzz_elf" / "tiny.elf", testing::write_elf(img));
    ElfImage img2 = rv::image_from_code(code, 0x10000, 0x20000, 0x3000);
    img2.segments[1].data = {1, 2, 3, 4, 5};
    img2.functions = {{0x10000, 8, "main"}, {0x1000C, 8, "do_exit"}};
    ok &= write_file(dir / "fuzz_elf" / "data_and_symbols.elf", testing::write_elf(img2));
    // Guest keys of both programs (testing parameters: quick to set up).
    for (const auto& [name, image] : {std::pair{"tiny", img}, std::pair{"data", img2}}) {
      auto program = zkvm::Program::from_elf_bytes(testing::write_elf(image), stark::StarkParams::testing());
      if (!program.ok()) {
        std::fprintf(stderr, "make_corpus: guest key of %s: %s\n", name, program.error().message.c_str());
        return 1;
      }
      ok &= write_file(dir / "fuzz_guest_key" / (std::string(name) + ".vk"), program->key().encode());
    }
  }
  // The Merkle fuzzer reads its shapes and values through FuzzedDataProvider: seeded byte strings.
  {
    std::mt19937_64 rng(11);
    for (size_t len : {16, 64, 256, 1024, 4096}) {
      std::vector<uint8_t> b(len);
      for (auto& x : b) x = static_cast<uint8_t>(rng());
      ok &= write_file(dir / "fuzz_mixed_merkle" / ("random_" + std::to_string(len)), b);
    }
  }
  // Point encodings: infinity, hash points, a negated one; and a 41+ byte input for the
  // honest-point and hash paths.
  {
    using namespace multiset;
    uint8_t enc[Point::kBytes];
    Point::infinity().to_bytes(enc);
    ok &= write_file(dir / "fuzz_multiset_decode" / "infinity", {enc, enc + Point::kBytes});
    for (uint64_t clk : {1, 2}) {
      const std::array<Fp, 4> t = {Fp::one(), Fp::from_u64(0x1000), Fp::from_u64(42), Fp::from_u64(clk)};
      const Point p = *hash_to_curve(t);
      p.to_bytes(enc);
      ok &= write_file(dir / "fuzz_multiset_decode" / ("hash_point_" + std::to_string(clk)), {enc, enc + Point::kBytes});
      (-p).to_bytes(enc);
      ok &= write_file(dir / "fuzz_multiset_decode" / ("neg_hash_point_" + std::to_string(clk)), {enc, enc + Point::kBytes});
    }
    std::vector<uint8_t> b(Fp5::kBytes + 1 + 32);
    std::mt19937_64 rng(12);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    ok &= write_file(dir / "fuzz_multiset_decode" / "honest_paths", b);
  }
  // Receipts: one and two shards of honest proofs, and short random "proofs" of lengths with
  // every padding amount (the reader never looks inside a proof), one to five shards.
  {
    zkvm::ReceiptHeader h;
    h.shard_cycles = 1u << 20;
    for (size_t i = 0; i < hash::Digest::kBytes; ++i) h.key_digest.bytes[i] = static_cast<uint8_t>(i);
    if (!honest.empty()) {
      ok &= write_file(dir / "fuzz_receipt" / "honest_1", zkvm::encode_receipt(h, std::span(honest).first(1)));
      ok &= write_file(dir / "fuzz_receipt" / "honest_2", zkvm::encode_receipt(h, honest));
    }
    std::mt19937_64 rng(13);
    for (size_t n = 1; n <= 5; ++n) {
      std::vector<std::vector<uint8_t>> shards(n);
      for (auto& p : shards) {
        p.resize(1 + rng() % 40);
        for (auto& x : p) x = static_cast<uint8_t>(rng());
      }
      h.shard_cycles = uint64_t{1} << (rng() % 41);
      ok &= write_file(dir / "fuzz_receipt" / ("random_" + std::to_string(n)), zkvm::encode_receipt(h, shards));
    }
  }
  // Packed verifier inputs: every example statement with its key and first honest proof, and an
  // rv32im header around random bytes (the decoder never looks inside key or proof).
  {
    size_t k = 0;
    for (const fuzz::Statement& s : fuzz::make_statements()) {
      if (k >= honest.size()) break;
      const uint32_t id = s.name == "fibonacci" ? 1 : s.name == "range_check" ? 2 : s.name == "add_bus" ? 3 : 4;
      ok &= write_file(dir / "fuzz_packed_input" / (s.name + ".packed"),
                       recursion::pack_input(id, id == 4 ? 64 : 0, s.pk->vk.encode(), honest[k++]));
    }
    std::vector<uint8_t> vk(100), proof(48);
    std::mt19937_64 rng(14);
    for (auto& x : vk) x = static_cast<uint8_t>(rng());
    for (auto& x : proof) x = static_cast<uint8_t>(rng());
    ok &= write_file(dir / "fuzz_packed_input" / "rv32im_random",
                     recursion::pack_input(5, 0x10000, vk, proof, recursion::PackedShape{1, 64, 128}));
  }
  // Aggregation inputs: leaf-only and with an inner child around random keys and proofs (the
  // decoder never looks inside them), and an encoded joined statement.
  {
    std::mt19937_64 rng(15);
    auto random_bytes = [&rng](size_t n) {
      std::vector<uint8_t> v(n);
      for (auto& x : v) x = static_cast<uint8_t>(rng());
      return v;
    };
    const std::vector<uint8_t> key = random_bytes(100), agg_key = random_bytes(60), p0 = random_bytes(48),
                               p1 = random_bytes(37), p2 = random_bytes(64);
    recursion::AggregationInput in;
    in.program_entry = 0x10000;
    in.program_shape = {0, 64, 128};
    in.aggregation_digest.bytes.fill(0x5A);
    in.program_key = key;
    in.children = {{recursion::ChildKind::kLeaf, p0}};  // a node of one leaf (a run of one shard)
    ok &= write_file(dir / "fuzz_aggregation_input" / "leaves_1", recursion::pack_aggregation_input(in));
    in.children = {{recursion::ChildKind::kLeaf, p0}, {recursion::ChildKind::kLeaf, p1}};
    ok &= write_file(dir / "fuzz_aggregation_input" / "leaves_2", recursion::pack_aggregation_input(in));
    in.aggregation_entry = 0x10000;
    in.aggregation_shape = {1, 256, 512};
    in.aggregation_key = agg_key;
    in.children.push_back({recursion::ChildKind::kInner, p2});
    ok &= write_file(dir / "fuzz_aggregation_input" / "inner_3", recursion::pack_aggregation_input(in));
    recursion::JoinedStatement j;
    j.shards = 2;
    j.start_cycle = 0;
    j.end_cycle = 300;
    j.start_pc = 0x10000;
    j.last = true;
    j.exit_code = 3;
    j.output = {1, 2, 3, 4};
    ok &= write_file(dir / "fuzz_aggregation_input" / "joined", recursion::encode_joined(j));
    // With claims (verify_claim): a claim proof child, and a joined statement with a claim
    // position, an assumption and a subject.
    in.children.push_back({recursion::ChildKind::kClaimProof, p1});
    ok &= write_file(dir / "fuzz_aggregation_input" / "claim_proof_4", recursion::pack_aggregation_input(in));
    j.output.resize(4 + 64, 0x33);
    j.end_regs[circuit::kOutputLengthCell] = static_cast<uint32_t>(j.output.size());
    j.claims = {4};
    recursion::Claim a, b;
    a.key.fill(1);
    b.key.fill(2);
    j.assumptions = {a};
    j.subjects = {b};
    ok &= write_file(dir / "fuzz_aggregation_input" / "joined_claims", recursion::encode_joined(j));
  }
  // Aggregate proof files around honest proofs, and plans (the same target reads both).
  for (size_t i = 0; i < honest.size() && i < 2; ++i)
    ok &= write_file(dir / "fuzz_aggregate_proof" / ("aggregate_" + std::to_string(i)),
                     recursion::encode_aggregate_proof({3, 2, 2}, honest[i]));
  for (const char* plan : {"(0)", "((0 1) 2)", "(((0 1) (2 3)) 4)", "# comment\n((0 1 2)\t(3 4) 5)\n", "(0 (1 (2 3)))"})
    ok &= write_file(dir / "fuzz_aggregate_proof" / ("plan_" + std::to_string(std::string_view(plan).size())),
                     std::vector<uint8_t>(plan, plan + std::string_view(plan).size()));
  std::printf("make_corpus: %zu proofs and their seeds written to %s\n", proofs, dir.c_str());
  return ok ? 0 : 1;
}
