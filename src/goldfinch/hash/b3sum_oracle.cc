#include "goldfinch/hash/b3sum_oracle.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace goldfinch::hash::testing {

std::vector<uint8_t> pattern_input(size_t len) {
  std::vector<uint8_t> v(len);
  for (size_t i = 0; i < len; ++i) v[i] = static_cast<uint8_t>(i % 251);
  return v;
}

std::optional<std::vector<std::string>> b3sum_hex(const std::vector<std::vector<uint8_t>>& inputs,
                                                  const B3sumMode& mode, size_t out_len) {
  namespace fs = std::filesystem;
  std::string tmpl = (fs::temp_directory_path() / "gf_b3sum_XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    std::perror("mkdtemp");
    return std::nullopt;
  }
  const fs::path dir = tmpl;
  auto write = [](const fs::path& p, const std::vector<uint8_t>& bytes) {
    std::ofstream f(p, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  // Built with += only: GCC 12 raises a false -Wrestrict on `"literal" + std::string`.
  std::string cmd = "b3sum --no-names -l ";
  cmd += std::to_string(out_len);
  if (mode.kind == B3sumMode::kKeyed) {
    write(dir / "key", mode.key);
    cmd += " --keyed";
  } else if (mode.kind == B3sumMode::kDeriveKey) {
    cmd += " --derive-key '";
    cmd += mode.context;
    cmd += "'";
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string name = "in";
    name += std::to_string(i);
    const fs::path p = dir / name;
    write(p, inputs[i]);
    cmd += " ";
    cmd += p.string();
  }
  if (mode.kind == B3sumMode::kKeyed) {
    cmd += " < ";
    cmd += (dir / "key").string();
  }
  std::vector<std::string> out;
  if (FILE* pipe = popen(cmd.c_str(), "r")) {
    char line[8192];
    while (std::fgets(line, sizeof(line), pipe)) {
      std::string s(line);
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
      out.push_back(s);
    }
    if (pclose(pipe) != 0) {
      std::fprintf(stderr, "b3sum failed: %s\n", cmd.c_str());
      out.clear();
    }
  }
  fs::remove_all(dir);
  if (out.size() != inputs.size()) {
    std::fprintf(stderr, "b3sum gave %zu lines for %zu inputs (is b3sum installed?)\n", out.size(), inputs.size());
    return std::nullopt;
  }
  return out;
}

}  // namespace goldfinch::hash::testing
