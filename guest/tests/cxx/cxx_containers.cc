// Test guest for the SDK's C++ runtime pieces (rb_tree.cc, list.cc, hashtable.cc): drives
// std::multiset, std::map, std::list, std::unordered_map and std::deque through a seeded
// sequence of operations and commits one summary line per container. run_guests.py replays the
// same operations on Python's list/dict and compares the lines.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "goldfinch/guest.h"

namespace {

struct Lcg {
  std::uint32_t state;
  std::uint32_t next() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;  // 24 bits
  }
};

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ull;
  void add(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  }
};

std::string line(const char* fmt, unsigned long long a, unsigned long long b, unsigned long long c) {
  char buf[128];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

std::string trees() {
  Lcg rng{1};
  std::multiset<std::uint32_t> ms;
  std::map<std::uint32_t, std::uint32_t> m;
  for (int i = 0; i < 30000; ++i) {
    const std::uint32_t r = rng.next();
    const std::uint32_t v = (r >> 2) % 5000;
    if (r % 4 != 3) {
      ms.insert(v);
      ++m[v];
    } else {
      auto it = ms.find(v);
      if (it != ms.end()) ms.erase(it);
      m.erase(v);
    }
  }
  Fnv fwd, back, pairs;
  std::uint64_t sum = 0;
  for (std::uint32_t v : ms) {
    fwd.add(v);
    sum += v;
  }
  for (auto it = ms.rbegin(); it != ms.rend(); ++it) back.add(*it);
  for (const auto& [k, c] : m) {
    pairs.add(k);
    pairs.add(c);
  }
  return line("multiset %llu %llu %016llx\n", ms.size(), sum, fwd.h) +
         line("multiset-reverse %016llx map %llu %016llx\n", back.h, m.size(), pairs.h);
}

std::string lists() {
  std::list<std::uint32_t> a, b;
  for (std::uint32_t i = 0; i < 1000; ++i) a.push_back(i);
  a.reverse();                                             // 999 .. 0
  auto mid = a.begin();
  for (int i = 0; i < 300; ++i) ++mid;
  b.splice(b.end(), a, a.begin(), mid);                    // b: 999 .. 700, a: 699 .. 0
  a.splice(a.begin(), b, std::prev(b.end()));              // move 700 to a's front
  a.remove_if([](std::uint32_t v) { return v % 3 == 0; });
  a.sort([](std::uint32_t x, std::uint32_t y) { return x % 100 != y % 100 ? x % 100 < y % 100 : x < y; });
  for (std::uint32_t i = 0; i < 50; ++i) b.push_front(i % 7);
  b.sort();
  b.unique();
  std::list<std::uint32_t> c{5, 6, 2000, 3000};
  b.merge(c);
  a.swap(b);
  Fnv fa, fb;
  for (std::uint32_t v : a) fa.add(v);
  for (std::uint32_t v : b) fb.add(v);
  return line("list %llu %016llx %016llx\n", a.size() * 100000 + b.size(), fa.h, fb.h);
}

std::string hashes() {
  Lcg rng{7};
  std::unordered_map<std::string, std::uint32_t> counts;
  for (int i = 0; i < 5000; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%u", static_cast<unsigned>(rng.next() % 3000));
    ++counts[key];
  }
  std::erase_if(counts, [](const auto& kv) { return kv.second % 2 == 0; });
  std::uint64_t key_sum = 0, count_sum = 0;
  for (const auto& [k, c] : counts) {
    key_sum += std::strtoul(k.c_str() + 1, nullptr, 10);
    count_sum += c;
  }
  if (counts.load_factor() > counts.max_load_factor()) return "unordered_map: load factor too high\n";
  if (counts.count("k0") != (counts.find("k0") != counts.end() ? 1u : 0u)) return "unordered_map: count/find\n";
  return line("unordered_map %llu %llu %llu\n", counts.size(), key_sum, count_sum);
}

std::string deques() {
  Lcg rng{3};
  std::deque<std::uint32_t> d;
  for (int i = 0; i < 20000; ++i) {
    const std::uint32_t r = rng.next();
    switch (r % 5) {
      case 0: case 1: d.push_back(r % 1000); break;
      case 2: d.push_front(r % 1000); break;
      case 3: if (!d.empty()) d.pop_front(); break;
      default: if (!d.empty()) d.pop_back(); break;
    }
  }
  Fnv f;
  for (std::uint32_t v : d) f.add(v);
  return line("deque %llu %016llx %llu\n", d.size(), f.h, d.empty() ? 0 : d[d.size() / 2]);
}

}  // namespace

int main() {
  std::string out = trees() + lists() + hashes() + deques();
  gf_commit(out.data(), out.size());
  gf_write(1, out.data(), out.size());
  return 0;
}
