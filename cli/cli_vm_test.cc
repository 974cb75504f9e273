// End-to-end tests of `goldfinch run` and `goldfinch profile`: hand-assembled guests written as
// ELF files, the documented exit codes (guest code, 100 trap, 101 cycle limit, 102 bad ELF/input),
// the JSON report, step-marker tables and folded stacks.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "goldfinch/vm/rv_asm.h"
#include "goldfinch/vm/test_elf_writer.h"

namespace goldfinch::cli {
namespace {

using namespace vm::rv;  // NOLINT

struct Outcome {
  int code = -1;
  std::string out;
};

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("gf_cli_test_" + std::to_string(getpid()) + "_" + name)).string();
}

std::string write_file(const std::string& name, const std::vector<uint8_t>& bytes) {
  const std::string path = temp_path(name);
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
  return path;
}

Outcome run(const std::string& args) {
  const std::string out_path = temp_path("stdout.txt");
  const std::string cmd = std::string(GF_GOLDFINCH_BIN) + " " + args + " > " + out_path + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(out_path);
  std::stringstream ss;
  ss << in.rdbuf();
  o.out = ss.str();
  std::remove(out_path.c_str());
  return o;
}

// main: step 1 { call f three times }, step 2 { commit 4 bytes of input, exit(a0 = 7) }; f loops 50 times.
vm::ElfImage marker_guest() {
  std::vector<uint32_t> c;
  c.push_back(marker(1));                 // 0x10000
  c.push_back(jal(1, 11 * 4));            // 0x10004 call f (0x10030)
  c.push_back(jal(1, 10 * 4));            // 0x10008
  c.push_back(jal(1, 9 * 4));             // 0x1000c
  c.push_back(marker(2));                 // 0x10010
  c.push_back(lui(10, 0x20000));          // 0x10014 a0 = 0x20000010 (payload)
  c.push_back(addi(10, 10, 16));          // 0x10018
  c.push_back(addi(11, 0, 4));            // 0x1001c
  li(c, 17, vm::kSysCommit);              // 0x10020, 0x10024
  c.push_back(ecall());                   // 0x10028
  c.push_back(jal(0, 0x20 + 4 * 4));      // 0x1002c → exit7 (0x1005c)
  c.push_back(addi(5, 0, 50));            // 0x10030 f:
  c.push_back(addi(5, 5, -1));            // 0x10034
  c.push_back(bne(5, 0, -4));             // 0x10038
  c.push_back(jalr(0, 1, 0));             // 0x1003c ret
  for (int i = 0; i < 7; ++i) c.push_back(ebreak());  // 0x10040..0x10058
  c.push_back(addi(10, 0, 7));            // 0x1005c exit7:
  c.push_back(addi(17, 0, 93));
  c.push_back(ecall());
  vm::ElfImage img = image_from_code(c);
  img.functions = {{0x10000, 0x30, "main"}, {0x10030, 0x10, "f"}, {0x1005c, 12, "exit7"}};
  return img;
}

TEST(CliVmTest, RunReportsExitCodeAndJson) {
  const std::string elf = write_file("marker.elf", vm::testing::write_elf(marker_guest()));
  const std::string input = write_file("input.bin", {0xDE, 0xAD, 0xBE, 0xEF, 0x55});
  Outcome o = run("run " + elf + " --input " + input);
  EXPECT_EQ(o.code, 7);
  o = run("run " + elf + " --input " + input + " --json");
  EXPECT_EQ(o.code, 7);
  // 4 + 3 * (1 + 1 + 50 * 2 + 1) + 1 + 7 + 3 instructions, counted by hand.
  EXPECT_NE(o.out.find("\"status\":\"exited\""), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"cycles\":321"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"exit_code\":7"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("\"public_output_hex\":\"deadbeef\""), std::string::npos) << o.out;
  std::remove(elf.c_str());
  std::remove(input.c_str());
}

TEST(CliVmTest, FailureExitCodes) {
  const std::string elf = write_file("marker2.elf", vm::testing::write_elf(marker_guest()));
  const std::string input = write_file("input2.bin", {1, 2, 3, 4});
  EXPECT_EQ(run("run " + elf + " --input " + input + " --max-cycles 100").code, 101);
  EXPECT_EQ(run("run " + elf + " --input /nonexistent/input").code, 102);
  EXPECT_EQ(run("run /nonexistent/guest.elf").code, 102);
  const std::string bad = write_file("bad.elf", {0x7f, 'E', 'L', 'F', 2});
  EXPECT_EQ(run("run " + bad).code, 102);
  const std::string trap = write_file("trap.elf", vm::testing::write_elf(image_from_code({addi(5, 0, 1), 0xFFFFFFFF})));
  Outcome o = run("run " + trap + " --json");
  EXPECT_EQ(o.code, 100);
  EXPECT_NE(o.out.find("illegal instruction 0xffffffff at pc 0x00010004"), std::string::npos) << o.out;
  for (const auto& p : {elf, input, bad, trap}) std::remove(p.c_str());
}

TEST(CliVmTest, ProfileTablesAndFoldedStacks) {
  const std::string elf = write_file("marker3.elf", vm::testing::write_elf(marker_guest()));
  const std::string input = write_file("input3.bin", {1, 2, 3, 4});
  const std::string folded = temp_path("folded.txt");
  Outcome o = run("profile " + elf + " --input " + input + " --json --folded " + folded);
  EXPECT_EQ(o.code, 0) << o.out;
  // Counted by hand: f = 3 * (1 + 50 * 2 + 1) = 306; main = 2 markers + 3 calls + 7 (commit
  // sequence and the jump to exit7) = 12; exit7 = 3; total 321.
  EXPECT_NE(o.out.find("\"global\":{\"step\":0,\"cycles\":321"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("{\"name\":\"f\",\"addr\":65584,\"location\":\"\",\"cycles\":306"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("{\"name\":\"main\",\"addr\":65536,\"location\":\"\",\"cycles\":12"), std::string::npos) << o.out;
  // A marker counts in the step it starts. Step 1: marker + 3 calls + f's 306 = 310.
  // Step 2: marker + 7 in main + 3 in exit7 = 11.
  EXPECT_NE(o.out.find("{\"step\":1,\"cycles\":310"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("{\"step\":2,\"cycles\":11"), std::string::npos) << o.out;
  std::ifstream in(folded);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("main;f 306\n"), std::string::npos) << ss.str();
  EXPECT_NE(ss.str().find("main 12\n"), std::string::npos) << ss.str();
  for (const auto& p : {elf, input, folded}) std::remove(p.c_str());
}

}  // namespace
}  // namespace goldfinch::cli
