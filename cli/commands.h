// Subcommands of the `goldfinch` command line. Each add_<name>_command registers its options on
// the app and returns a callback run when that subcommand was chosen (its return is the exit code).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace goldfinch::cli {

using Command = std::function<int()>;

Command add_demo_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_security_command(CLI::App& app);
Command add_run_command(CLI::App& app);
Command add_profile_command(CLI::App& app);
Command add_prove_example_command(CLI::App& app);
Command add_verify_command(CLI::App& app);
Command add_prove_command(CLI::App& app);
Command add_vk_command(CLI::App& app);
Command add_bench_command(CLI::App& app);
Command add_aggregate_command(CLI::App& app);

}  // namespace goldfinch::cli
