// The process's peak resident set (VmHWM), for benchmark programs that report the memory of
// each run: reset_peak_rss() before the run, peak_rss_bytes() after it (Linux; 0 elsewhere).
#pragma once

#include <fstream>
#include <string>

namespace goldfinch::bench {

inline void reset_peak_rss() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
}

inline double peak_rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) * 1024;
  return 0;
}

}  // namespace goldfinch::bench
