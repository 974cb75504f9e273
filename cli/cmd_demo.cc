// `goldfinch demo`: exercises what exists so far end to end.
#include <fmt/core.h>

#include "commands.h"
#include "goldfinch/field/ext3.h"

namespace goldfinch::cli {

Command add_demo_command(CLI::App& app) {
  auto* sub = app.add_subcommand("demo", "Run a demonstration of the proving building blocks");
  auto log_rows = std::make_shared<unsigned>(16);
  sub->add_option("--log-rows", *log_rows, "log2 of the number of rows")->check(CLI::Range(1, 24));
  return [log_rows] {
    Fp w = Fp::two_adic_root(*log_rows);
    fmt::print("2^{}-th root of unity: {}\n", *log_rows, w.value());
    return 0;
  };
}

}  // namespace goldfinch::cli
