#include <fmt/core.h>

#include <utility>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Goldfinch: a zero-knowledge virtual machine for RV32IM programs"};
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, goldfinch::cli::Command>> commands;
  auto add = [&](goldfinch::cli::Command (*adder)(CLI::App&)) {
    size_t before = app.get_subcommands({}).size();
    goldfinch::cli::Command cmd = adder(app);
    commands.emplace_back(app.get_subcommands({}).at(before), std::move(cmd));
  };
  add(goldfinch::cli::add_demo_command);
  add(goldfinch::cli::add_check_command);
  add(goldfinch::cli::add_security_command);
  add(goldfinch::cli::add_run_command);
  add(goldfinch::cli::add_profile_command);
  add(goldfinch::cli::add_prove_example_command);
  add(goldfinch::cli::add_prove_command);
  add(goldfinch::cli::add_verify_command);
  add(goldfinch::cli::add_vk_command);
  add(goldfinch::cli::add_bench_command);
  add(goldfinch::cli::add_aggregate_command);
  CLI11_PARSE(app, argc, argv);
  for (auto& [sub, cmd] : commands) {
    if (sub->parsed()) return cmd();
  }
  return 2;
}
