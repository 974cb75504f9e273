// Test support for whole-statement soundness tests of the RV32IM circuit: run a guest image in
// the executor, build the honest witness of every table of Rv32imCircuit, break it, re-check it
// with the debug checkers (air/debug.h) and force a proof of it through the prover. Everything
// here is generic over Rv32imCircuit::tables(): tables added later are covered without edits.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/base/check.h"
#include "goldfinch/circuit/rv32im.h"
#include "goldfinch/stark/proof_io.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"
#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit::testing {

// Small, fast and insecure parameters: a forced broken witness fails the out-of-domain or bus-sum
// check whatever the query count. Blowup 2 suffices for degree-3 constraints.
inline stark::StarkParams harness_params() {
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.log_blowup = 1;
  p.num_queries = 8;
  p.pow_bits = 0;
  p.log_folding_arity = 2;
  p.log_final_poly_len = 0;
  return p;
}

// A guest run to its exit call, with the circuit, its proving key and the honest witness.
class Statement {
 public:
  // Runs `image` (GF_CHECK: it must load and exit within `max_cycles`).
  explicit Statement(vm::ElfImage image, std::vector<uint8_t> input = {}, uint64_t max_cycles = 1 << 20)
      : image_(std::move(image)), input_(std::move(input)) {
    auto created = vm::Machine::create(image_, input_);
    GF_CHECK(std::holds_alternative<vm::Machine>(created), "the guest image does not load");
    vm::Machine machine = std::move(std::get<vm::Machine>(created));
    vm::TraceRecorder rec;
    const vm::RunResult r = machine.run_trace(&rec, max_cycles);
    GF_CHECK(r.status == vm::RunStatus::kExited, "the guest did not exit");
    exit_code_ = r.exit_code;
    output_ = machine.output();
    cycles_ = r.cycles;
    rows_.assign(rec.rows.begin(), rec.rows.end());
    circuit_ = std::make_unique<Rv32imCircuit>(image_);
    auto pk = stark::setup(circuit_->tables(), harness_params());
    GF_CHECK(pk.ok(), "setup failed");
    pk_ = std::move(*pk);
    auto w = circuit_->witness(rows_, input_);
    GF_CHECK(w.ok(), "witness generation failed");
    honest_ = std::move(*w);
  }
  Statement(const Statement&) = delete;

  const Rv32imCircuit& circuit() const { return *circuit_; }
  std::vector<const air::Air*> tables() const { return circuit_->tables(); }
  const stark::ProvingKey& pk() const { return *pk_; }
  const std::vector<stark::TableWitness>& honest() const { return honest_; }
  const std::vector<vm::TraceRow>& rows() const { return rows_; }
  uint32_t exit_code() const { return exit_code_; }
  const std::vector<uint8_t>& output() const { return output_; }  // the committed public output
  uint64_t cycles() const { return cycles_; }

  // Index of the table named `name` (GF_CHECK: it exists).
  size_t table(const std::string& name) const {
    const auto t = tables();
    for (size_t i = 0; i < t.size(); ++i)
      if (t[i]->name() == name) return i;
    GF_CHECK(false, "no such table");
    return 0;
  }

  std::vector<air::TableTrace> traces(const std::vector<stark::TableWitness>& w) const {
    const auto t = tables();
    std::vector<air::TableTrace> out;
    for (size_t i = 0; i < t.size(); ++i)
      out.push_back({t[i], w[i].main.view(), pk_->preprocessed[i].view(), w[i].public_values});
    return out;
  }

  // Everything the debug checkers report on `w`: constraint failures of every table, then bus
  // imbalances (each described with its table, row and constraint, or bus and tuple).
  std::vector<std::string> check(const std::vector<stark::TableWitness>& w, size_t limit = 8) const {
    const auto tr = traces(w);
    std::vector<std::string> out;
    for (const auto& t : tr)
      for (const auto& f : air::check_constraints(t, limit)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(tr, limit)) out.push_back(b.describe());
    return out;
  }

  // Proves `w` (forcing an unsatisfied witness through when `force`) and verifies the proof
  // against this statement's key. `proof_made` tells whether the prover emitted a proof (so a
  // rejection is the verifier's); `out` receives the verified public values.
  Error prove_and_verify(std::vector<stark::TableWitness> w, bool force, bool* proof_made = nullptr,
                         stark::VerifiedProof* out = nullptr, std::vector<uint8_t>* proof_bytes = nullptr) const {
    if (proof_made) *proof_made = false;
    stark::ProveOptions opt;
    opt.allow_unsatisfied = force;
    auto proof = stark::prove(*pk_, std::move(w), backend::default_backend(), opt);
    if (!proof.ok()) return proof.error();
    if (proof_made) *proof_made = true;
    if (proof_bytes) *proof_bytes = *proof;
    const stark::AlignedBytes aligned(*proof);
    const auto t = tables();
    return stark::verify(pk_->vk, t, aligned.span(), out);
  }

 private:
  vm::ElfImage image_;
  std::vector<uint8_t> input_;
  std::vector<vm::TraceRow> rows_;
  uint32_t exit_code_ = 0;
  uint64_t cycles_ = 0;
  std::vector<uint8_t> output_;
  std::unique_ptr<Rv32imCircuit> circuit_;
  std::unique_ptr<stark::ProvingKey> pk_;
  std::vector<stark::TableWitness> honest_;
};

// The constraint checker of air/debug.h on the given rows only (the same DebugBuilder and row
// selectors as check_constraints): a change of row r can only affect the constraints evaluated at
// rows r - 1 (through the next row, cyclically) and r.
inline std::vector<air::ConstraintFailure> check_constraints_at(const air::TableTrace& t, std::initializer_list<size_t> rows) {
  std::vector<air::ConstraintFailure> out;
  air::DebugBuilder b(t.main, t.preprocessed, t.public_values);
  for (size_t row : rows) {
    b.set_row(row);
    t.air->eval_debug(b);
    for (const auto& f : b.failures()) out.push_back({t.air->name(), row, f.constraint, f.name, f.selector, f.value});
  }
  return out;
}

// One row of a table as a 1-row trace (bus interactions have no row selectors, so a row's bus
// contribution does not depend on where it sits).
inline air::TableTrace row_trace(const air::TableTrace& t, size_t row) {
  air::TableTrace r = t;
  r.main = ConstMatrixView(t.main.data + row * t.main.width, 1, t.main.width);
  if (t.preprocessed.width) r.preprocessed = ConstMatrixView(t.preprocessed.data + row * t.preprocessed.width, 1, t.preprocessed.width);
  return r;
}

// The bus contribution of one row (every interaction; the table's public bus terms included,
// which cancel when two contributions of the same table are compared).
inline std::vector<air::BusImbalance> row_contribution(const air::TableTrace& t, size_t row) {
  const air::TableTrace r = row_trace(t, row);
  return air::check_buses(std::span<const air::TableTrace>(&r, 1), SIZE_MAX);
}

inline bool same(const std::vector<air::BusImbalance>& a, const std::vector<air::BusImbalance>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].bus != b[i].bus || a[i].tuple != b[i].tuple || a[i].net != b[i].net) return false;
  return true;
}

// Whether any interaction of `t` has a non-zero multiplicity on `row` (a "live" row; padding
// and unused lookup rows are not live).
inline bool row_is_live(const air::TableTrace& t, size_t row) {
  auto main_at = [&](uint32_t c) { return t.main.at(row, c); };
  auto pre_at = [&](uint32_t c) { return t.preprocessed.at(row, c); };
  for (const auto& it : t.air->interactions())
    if (!it.multiplicity.eval<Fp>(main_at, pre_at, Fp::zero()).is_zero()) return true;
  return false;
}

// A lookup-style table: every interaction's fields are preprocessed columns and constants and its
// multiplicity is one main column (the program, range and byte tables). Its multiplicities are
// free witness values: a cheating prover may set them to anything.
inline bool is_lookup_table(const air::Air* a) {
  const auto its = a->interactions();
  if (its.empty() || a->preprocessed_width() == 0) return false;
  for (const auto& it : its) {
    if (it.multiplicity.terms.size() != 1 || it.multiplicity.terms[0].first.kind != air::Column::kMain ||
        it.multiplicity.terms[0].second != Fp::one() || !it.multiplicity.constant.is_zero())
      return false;
    for (const auto& f : it.fields)
      for (const auto& [c, k] : f.terms)
        if (c.kind != air::Column::kPreprocessed) return false;
  }
  return true;
}

// Every (bus, tuple) a lookup-style table of `s` holds: a change of another table's bus
// contribution on such a tuple can be absorbed by re-setting that table's multiplicity.
class LookupIndex {
 public:
  explicit LookupIndex(const Statement& s) : LookupIndex(s.traces(s.honest())) {}
  // Any statement's tables (the shard circuit's too): their preprocessed columns are read.
  explicit LookupIndex(std::span<const air::TableTrace> traces) {
    for (size_t ti = 0; ti < traces.size(); ++ti) {
      const air::Air* table = traces[ti].air;
      if (!is_lookup_table(table)) continue;
      lookup_tables_.push_back(ti);
      const ConstMatrixView& pre = traces[ti].preprocessed;
      for (size_t row = 0; row < pre.height; ++row) {
        auto pre_at = [&](uint32_t c) { return pre.at(row, c); };
        auto no_main = [](uint32_t) { return Fp::zero(); };
        for (const auto& it : table->interactions()) {
          std::vector<uint64_t> key;
          for (const auto& f : it.fields) key.push_back(f.eval<Fp>(no_main, pre_at, Fp::zero()).value());
          held_.insert({it.bus, std::move(key)});
        }
      }
    }
  }
  bool is_lookup(size_t table) const {
    return std::find(lookup_tables_.begin(), lookup_tables_.end(), table) != lookup_tables_.end();
  }
  bool holds(uint32_t bus, const std::vector<Fp>& tuple) const {
    std::vector<uint64_t> key;
    for (Fp v : tuple) key.push_back(v.value());
    return held_.count({bus, key}) != 0;
  }

 private:
  std::vector<size_t> lookup_tables_;
  std::set<std::pair<uint32_t, std::vector<uint64_t>>> held_;
};

// Recomputes the multiplicity columns of every lookup-style table from what the other tables
// send and receive, as a cheating prover would after changing a looked-up value. A demanded
// tuple the table does not hold stays unbalanced: that is how an out-of-range value is caught.
inline void rebalance_lookups(const Statement& s, std::vector<stark::TableWitness>& w) {
  const auto tables = s.tables();
  const auto is_lookup = is_lookup_table;
  std::vector<air::TableTrace> others;
  std::vector<size_t> lookups;
  const auto tr = s.traces(w);
  for (size_t i = 0; i < tables.size(); ++i) (is_lookup(tables[i]) ? lookups.push_back(i) : others.push_back(tr[i]));
  // Net demand (sends minus receives) of every tuple over the non-lookup tables.
  std::map<std::pair<uint32_t, std::vector<uint64_t>>, Fp> demand;
  for (const auto& b : air::check_buses(others, SIZE_MAX)) {
    std::vector<uint64_t> key;
    for (Fp v : b.tuple) key.push_back(v.value());
    demand[{b.bus, key}] = b.net;
  }
  for (size_t li : lookups) {
    const air::TableTrace& t = tr[li];
    const auto its = tables[li]->interactions();
    for (size_t row = 0; row < t.main.height; ++row) {
      auto pre_at = [&](uint32_t c) { return t.preprocessed.at(row, c); };
      auto no_main = [](uint32_t) { return Fp::zero(); };
      for (const auto& it : its) {
        std::vector<uint64_t> key;
        for (const auto& f : it.fields) key.push_back(f.eval<Fp>(no_main, pre_at, Fp::zero()).value());
        auto d = demand.find({it.bus, key});
        const Fp net = d == demand.end() ? Fp::zero() : d->second;
        w[li].main.at(row, it.multiplicity.terms[0].first.index) = it.direction == air::Direction::kReceive ? net : -net;
        if (d != demand.end()) demand.erase(d);  // a tuple held by two rows is served by the first
      }
    }
  }
}

namespace random_guest {
using namespace vm::rv;  // NOLINT: the generator reads as assembly

inline constexpr uint32_t kCodeBase = 0x10000;
inline constexpr uint32_t kDataBase = 0x20000;   // writable image data (random initial bytes)
inline constexpr uint32_t kDataSize = 0x1000;
inline constexpr uint32_t kRamBase = 0x100000;   // plain RAM (starts zero)
inline constexpr uint32_t kSp = 2, kGp = 3, kTp = 4;  // reserved: sp -> RAM + 2048, gp -> data + 2048, tp = jalr base
inline constexpr uint32_t kCorners[] = {0, 1, 2, 31, 32, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000,
                                 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFF8000, 0xDEADBEEF};

// Seeded random guest programs for the property test and the sweep: straight-line RV32IM ALU and
// M ops on corner values (seeded by LUI/ADDI), loads and stores of every width into writable
// image data (gp) and plain RAM (sp), forward branches, JAL and JALR (auipc tp + jalr), the
// cycle-count, write, read and commit calls (random input payload), then the four precompiles
// (Keccak-f on the image data, BLAKE3 compression of it with overlapping buffers, an F_p^3 Horner
// sum over it, a Poseidon2 permutation over Horner's out and the state after it; after the random body, so a seed's body is the same as before they were added) and
// exit with a random register as the exit code.
class ProgramGenerator {
 public:
  explicit ProgramGenerator(uint64_t seed) : rng_(seed) {}

  // `n` random instructions between a prologue (base registers, corner values) and the exit.
  vm::ElfImage generate(size_t n) {
    input_.resize(rng_() % 49);
    for (auto& b : input_) b = static_cast<uint8_t>(rng_());
    li(c_, kGp, kDataBase + 2048);
    li(c_, kSp, kRamBase + 2048);
    for (uint32_t r = 5; r < 32; r += 1 + static_cast<uint32_t>(rng_() % 3)) li(c_, r, value());
    landable_.assign(c_.size(), true);
    while (c_.size() < n) item();
    precompiles();
    // Landing pad: exit with a random register as the exit code.
    const size_t end = c_.size();
    emit(add(10, 0, pick_reg()));
    emit(addi(17, 0, 93), false);
    emit(ecall(), false);
    for (size_t i : fixups_) {
      size_t target = std::min(end, i + 1 + static_cast<size_t>(rng_() % 16));
      while (!landable_[target]) ++target;
      const int32_t off = static_cast<int32_t>(target - i) * 4;
      const uint32_t w = c_[i];
      c_[i] = (w & 0x7F) == 0x6F ? jal((w >> 7) & 31, off) : b_type(off, (w >> 20) & 31, (w >> 15) & 31, (w >> 12) & 7);
    }
    for (auto [i, k] : jalrs_) {  // auipc tp, 0 at i; jalr rd, 4 k (tp) at i + 1, clamped to the pad
      size_t target = std::min(end, i + static_cast<size_t>(k));
      while (!landable_[target]) ++target;
      c_[i + 1] = jalr((c_[i + 1] >> 7) & 31, kTp, static_cast<int32_t>(target - i) * 4 + static_cast<int32_t>(rng_() % 2));
    }
    vm::ElfImage img = image_from_code(c_, kCodeBase);
    vm::Segment data;
    data.vaddr = kDataBase;
    data.writable = true;
    data.memsz = kDataSize;
    for (uint32_t i = 0; i < kDataSize / 2; ++i) data.data.push_back(static_cast<uint8_t>(rng_()));  // then bss
    img.segments.push_back(std::move(data));
    return img;
  }
  // The private input payload for the generated program (random, 0 to 48 bytes).
  const std::vector<uint8_t>& input() const { return input_; }

 private:
  void emit(uint32_t w, bool landable = true) {
    c_.push_back(w);
    landable_.push_back(landable);
  }
  uint32_t pick_reg() {  // any register but the reserved ones; x0 now and then
    for (;;) {
      const uint32_t r = static_cast<uint32_t>(rng_() % 32);
      if (r != kSp && r != kGp && r != kTp) return r;
    }
  }
  uint32_t value() { return rng_() % 3 ? kCorners[rng_() % std::size(kCorners)] : static_cast<uint32_t>(rng_()); }
  int32_t imm12() {
    static constexpr int32_t kImm[] = {0, 1, -1, 2047, -2048, 31, 32};
    return rng_() % 2 ? kImm[rng_() % std::size(kImm)] : static_cast<int32_t>(rng_() % 4096) - 2048;
  }
  uint32_t shamt() { return rng_() % 2 ? std::array<uint32_t, 4>{0, 1, 31, 16}[rng_() % 4] : static_cast<uint32_t>(rng_() % 32); }
  int32_t offset(uint32_t align) { return static_cast<int32_t>((rng_() % 4096) & ~(align - 1)) - 2048; }
  uint32_t base() { return rng_() % 2 ? kGp : kSp; }

  void item() {
    const uint32_t rd = pick_reg(), a = pick_reg(), b = pick_reg();
    static constexpr uint32_t (*kR[])(uint32_t, uint32_t, uint32_t) = {
        add, sub, sll, slt, sltu, xor_, srl, sra, or_, and_, mul, mulh, mulhsu, mulhu, div, divu, rem, remu};
    static constexpr uint32_t (*kI[])(uint32_t, uint32_t, int32_t) = {addi, slti, sltiu, xori, ori, andi};
    static constexpr uint32_t (*kSh[])(uint32_t, uint32_t, uint32_t) = {slli, srli, srai};
    static constexpr uint32_t (*kLoad[])(uint32_t, uint32_t, int32_t) = {lb, lh, lw, lbu, lhu};
    static constexpr uint32_t (*kStore[])(uint32_t, uint32_t, int32_t) = {sb, sh, sw};
    static constexpr uint32_t kLoadAlign[] = {1, 2, 4, 1, 2}, kStoreAlign[] = {1, 2, 4};
    static constexpr uint32_t (*kBranch[])(uint32_t, uint32_t, int32_t) = {beq, bne, blt, bge, bltu, bgeu};
    const uint32_t kind = static_cast<uint32_t>(rng_() % 100);
    if (kind < 35) {
      emit(kR[rng_() % std::size(kR)](rd, a, b));
    } else if (kind < 45) {
      emit(kI[rng_() % std::size(kI)](rd, a, imm12()));
    } else if (kind < 50) {
      emit(kSh[rng_() % std::size(kSh)](rd, a, shamt()));
    } else if (kind < 53) {
      emit(rng_() % 2 ? lui(rd, static_cast<uint32_t>(rng_())) : auipc(rd, static_cast<uint32_t>(rng_())));
    } else if (kind < 58) {
      const uint32_t r = rd == 0 ? 1 : rd;
      li(c_, r, value());
      landable_.resize(c_.size(), true);
    } else if (kind < 70) {
      const size_t k = rng_() % std::size(kLoad);
      emit(kLoad[k](rd, base(), offset(kLoadAlign[k])));
    } else if (kind < 80) {
      const size_t k = rng_() % std::size(kStore);
      emit(kStore[k](b, base(), offset(kStoreAlign[k])));
    } else if (kind < 87) {
      fixups_.push_back(c_.size());
      emit(kBranch[rng_() % std::size(kBranch)](a, b, 0));
    } else if (kind < 90) {
      fixups_.push_back(c_.size());
      emit(jal(rd, 0));
    } else if (kind < 93) {
      jalrs_.emplace_back(c_.size(), 2 + rng_() % 12);
      emit(auipc(kTp, 0));
      emit(jalr(rd, kTp, 0), false);
    } else if (kind < 95) {  // cycle count: a0 = cycles so far, a1 = 0
      li(c_, 17, 0x47460002);
      landable_.resize(c_.size(), true);
      landable_.back() = false;
      emit(ecall(), false);
    } else if (kind < 97) {  // write(fd, gp, len): fd 1, 2 or anything else
      static constexpr uint32_t kFd[] = {1, 2, 0, 7};
      emit(addi(10, 0, static_cast<int32_t>(kFd[rng_() % 4])));
      emit(addi(11, kGp, 0), false);
      emit(addi(12, 0, static_cast<int32_t>(rng_() % 64)), false);
      emit(addi(17, 0, 64), false);
      emit(ecall(), false);
    } else if (kind < 99) {  // read(fd, gp + off, len): fd 0 mostly, any alignment, past the end too
      emit(addi(10, 0, rng_() % 4 ? 0 : 3));
      emit(addi(11, kGp, static_cast<int32_t>(rng_() % 4000) - 2048), false);
      emit(addi(12, 0, static_cast<int32_t>(rng_() % 40)), false);
      emit(addi(17, 0, 63), false);
      emit(ecall(), false);
    } else {  // commit(base + off, len) from image data or RAM
      emit(addi(10, base(), static_cast<int32_t>(rng_() % 4000) - 2048));
      emit(addi(11, 0, static_cast<int32_t>(rng_() % 33)), false);
      li(c_, 17, 0x47460001);
      landable_.resize(c_.size(), false);
      emit(ecall(), false);
    }
  }

  // Keccak-f on the state at the image data's start, then BLAKE3 compression with cv on the
  // permuted state, block overlapping it and out overlapping the block, and counter, length and
  // flags from the body's registers (masked into range), then F_p^3 Horner on the state, then
  // Poseidon2 over Horner's out and the state after it. No draws from rng_ (the branch targets
  // drawn after the body stay as they were) and only the first instruction is a branch target,
  // so the arguments are always the ones set here.
  void precompiles() {
    const size_t first = c_.size();
    li(c_, 10, kDataBase);
    li(c_, 17, 0x47460003);
    c_.push_back(ecall());
    li(c_, 11, kDataBase + 0x40);
    c_.push_back(add(12, 5, 6));       // counter low: whatever the body left in t0 + t1
    c_.push_back(andi(13, 7, 0xFF));   // counter high
    c_.push_back(andi(14, 28, 63));    // block_len <= 63
    c_.push_back(andi(15, 29, 0xFF));  // flags < 256
    li(c_, 16, kDataBase + 0x60);
    li(c_, 17, 0x47460004);
    c_.push_back(ecall());
    // F_p^3 Horner: x in the image data, the coefficients on the permuted state, out over them;
    // n (1..8) and kind (1 or 3) from the body's registers.
    li(c_, 10, kDataBase + 0x100);
    li(c_, 11, kDataBase);
    c_.push_back(andi(12, 30, 7));
    c_.push_back(addi(12, 12, 1));
    li(c_, 13, kDataBase + 0x20);
    c_.push_back(andi(14, 31, 2));
    c_.push_back(addi(14, 14, 1));
    li(c_, 17, 0x47460005);
    c_.push_back(ecall());
    // Poseidon2 on 8 elements from Horner's out (canonical) on: the rest is permuted state.
    li(c_, 10, kDataBase + 0x20);
    li(c_, 17, 0x47460006);
    c_.push_back(ecall());
    landable_.resize(c_.size(), false);
    landable_[first] = true;
  }

  std::mt19937_64 rng_;
  std::vector<uint8_t> input_;
  std::vector<uint32_t> c_;
  std::vector<bool> landable_;
  std::vector<size_t> fixups_;
  std::vector<std::pair<size_t, uint64_t>> jalrs_;
};

}  // namespace random_guest
using random_guest::ProgramGenerator;

// A count from the environment (`name`), else `fallback`.
inline size_t env_count(const char* name, size_t fallback) {
  const char* s = std::getenv(name);
  return s && *s ? std::strtoull(s, nullptr, 0) : fallback;
}

// The seed of a randomized test: GOLDFINCH_SEED when set, else `fallback`.
inline uint64_t seed_from_env(uint64_t fallback) {
  const char* s = std::getenv("GOLDFINCH_SEED");
  return s && *s ? std::strtoull(s, nullptr, 0) : fallback;
}

}  // namespace goldfinch::circuit::testing
