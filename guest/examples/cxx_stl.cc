// C++ guest using the standard library (std::string, std::vector, std::map, std::set, std::sort)
// without exceptions, RTTI or iostreams. The input is text. It commits:
//   - "<count> <word>\n" for the 10 most frequent words (lower-cased ASCII letters runs; ties by
//     word), counted with std::map<std::string, uint32_t> after erasing words seen once;
//   - "distinct <d> once <o>\n";
//   - "set <size> <sum> <first> <last>\n" after inserting the 20000 values of an LCG into a
//     std::set<uint32_t> (value % 100000) and erasing every value divisible by 3.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "goldfinch/guest.hpp"

namespace {

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c >= 'a' && c <= 'z') {
      cur.push_back(c);
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::string word_report(std::string_view text) {
  std::map<std::string, std::uint32_t> counts;
  for (std::string& w : split_words(text)) ++counts[std::move(w)];
  const std::size_t distinct = counts.size();
  std::size_t once = 0;
  for (auto it = counts.begin(); it != counts.end();) {
    if (it->second == 1) {
      it = counts.erase(it);
      ++once;
    } else {
      ++it;
    }
  }
  std::vector<std::pair<std::string, std::uint32_t>> ranked(counts.begin(), counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > 10) ranked.resize(10);
  std::string out;
  char line[64];
  for (const auto& [word, count] : ranked) {
    std::snprintf(line, sizeof line, "%u ", static_cast<unsigned>(count));
    out += line;
    out += word;
    out += '\n';
  }
  std::snprintf(line, sizeof line, "distinct %u once %u\n", static_cast<unsigned>(distinct),
                static_cast<unsigned>(once));
  out += line;
  return out;
}

std::string set_report() {
  std::set<std::uint32_t> values;
  std::uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    values.insert((x >> 8) % 100000u);
  }
  std::erase_if(values, [](std::uint32_t v) { return v % 3 == 0; });
  std::uint64_t sum = 0;
  for (std::uint32_t v : values) sum += v;
  char line[96];
  std::snprintf(line, sizeof line, "set %u %llu %u %u\n", static_cast<unsigned>(values.size()),
                static_cast<unsigned long long>(sum), static_cast<unsigned>(*values.begin()),
                static_cast<unsigned>(*values.rbegin()));
  return line;
}

}  // namespace

int main() {
  namespace gg = goldfinch::guest;
  GF_STEP(1);
  std::string report = word_report(gg::input_text());
  GF_STEP(2);
  report += set_report();
  gg::commit(report);
  gg::print(report);
  return 0;
}
