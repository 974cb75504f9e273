#include "goldfinch/vm/profiler.h"

#include <algorithm>

#include "goldfinch/vm/executor.h"

namespace goldfinch::vm {

template RunResult Machine::run_with<Profiler>(Profiler&, uint64_t);

Profiler::Profiler(const Program& program, const std::vector<FunctionSymbol>& functions) {
  functions_.push_back(FunctionCycles{"[unknown]", 0, 0});
  for (const FunctionSymbol& f : functions) functions_.push_back(FunctionCycles{f.name, f.addr, 0});
  func_of_slot_.assign(program.slots + 1, 0);
  // Symbols are sorted by address; a symbol covers [addr, addr + size), or up to the next
  // symbol when its size is 0.
  for (size_t i = 0; i < functions.size(); ++i) {
    const uint64_t begin = functions[i].addr;
    uint64_t end = functions[i].size ? begin + functions[i].size
                                     : (i + 1 < functions.size() ? functions[i + 1].addr : UINT64_MAX);
    for (uint64_t pc = std::max<uint64_t>(begin, program.base) & ~uint64_t{3};
         pc < end && pc < uint64_t{program.base} + uint64_t{program.slots} * 4; pc += 4) {
      if (pc < begin) continue;
      func_of_slot_[(pc - program.base) / 4] = static_cast<uint32_t>(i + 1);
    }
  }
  nodes_.push_back(Node{kRoot, UINT32_MAX, 0});
  set_step(0);
}

uint32_t Profiler::child(uint32_t parent, uint32_t func) {
  const uint64_t key = (uint64_t{parent} << 32) | func;
  auto [it, inserted] = children_.try_emplace(key, static_cast<uint32_t>(nodes_.size()));
  if (inserted) nodes_.push_back(Node{parent, func, 0});
  return it->second;
}

void Profiler::set_step(int32_t step) {
  auto& counts = steps_[step];
  if (counts.empty()) counts.assign(functions_.size(), 0);
  step_counts_ = &counts;
}

ProfileTable Profiler::make_table(int32_t step, const std::vector<uint64_t>& counts) const {
  ProfileTable t;
  t.step = step;
  for (size_t f = 0; f < counts.size(); ++f) {
    if (counts[f] == 0) continue;
    t.rows.push_back(FunctionCycles{functions_[f].name, functions_[f].addr, counts[f]});
    t.total += counts[f];
  }
  std::sort(t.rows.begin(), t.rows.end(), [](const FunctionCycles& a, const FunctionCycles& b) {
    return a.cycles != b.cycles ? a.cycles > b.cycles : a.addr < b.addr;
  });
  return t;
}

ProfileTable Profiler::global_table() const {
  std::vector<uint64_t> sum(functions_.size(), 0);
  for (const auto& [step, counts] : steps_)
    for (size_t f = 0; f < counts.size(); ++f) sum[f] += counts[f];
  return make_table(0, sum);
}

std::vector<ProfileTable> Profiler::step_tables() const {
  std::vector<ProfileTable> out;
  for (const auto& [step, counts] : steps_) {
    ProfileTable t = make_table(step, counts);
    if (t.total > 0) out.push_back(std::move(t));
  }
  return out;
}

std::string Profiler::folded() const {
  std::string out;
  std::vector<uint32_t> path;
  for (uint32_t n = 1; n < nodes_.size(); ++n) {
    if (nodes_[n].cycles == 0) continue;
    path.clear();
    for (uint32_t p = n; p != kRoot; p = nodes_[p].parent) path.push_back(nodes_[p].func);
    for (size_t i = path.size(); i-- > 0;) {
      out += functions_[path[i]].name;
      out += i ? ';' : ' ';
    }
    out += std::to_string(nodes_[n].cycles);
    out += '\n';
  }
  return out;
}

}  // namespace goldfinch::vm
