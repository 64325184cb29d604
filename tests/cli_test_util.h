// Helpers shared by the tests that run the real binaries on files.
#ifndef WIRETRACE_TESTS_CLI_TEST_UTIL_H_
#define WIRETRACE_TESTS_CLI_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace wiretrace::test {

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

struct CommandResult {
  int exit_code = -1;  // -1 when the process was killed by a signal (a crash)
  std::string out;
  std::string err;
};

// Runs `binary args` through the shell (so args may hold redirections), with
// stdout and stderr captured through files in `dir`.
inline CommandResult RunCommand(const std::string& binary, const std::string& args,
                                const std::filesystem::path& dir) {
  const std::string cmd =
      binary + " " + args + " >" + (dir / "out").string() + " 2>" + (dir / "err").string();
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFile(dir / "out");
  r.err = ReadFile(dir / "err");
  return r;
}

// A fixture with a fresh temporary directory per test and a runner that keeps
// the last command's output in out_ and err_.
class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wiretrace_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs BINARY ARGS; returns the exit code (-1 on a crash).
  int RunBinary(const std::string& binary, const std::string& args) {
    CommandResult r = RunCommand(binary, args, dir_);
    out_ = std::move(r.out);
    err_ = std::move(r.err);
    return r.exit_code;
  }

  std::filesystem::path dir_;
  std::string out_;
  std::string err_;
};

}  // namespace wiretrace::test

#endif  // WIRETRACE_TESTS_CLI_TEST_UTIL_H_
