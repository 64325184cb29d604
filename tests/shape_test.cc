// The shape the house rules ask of the code (no function over 120 lines, no
// file over 800 in src/, include/ and tools/), checked by
// scripts/check_shape.py on this tree, and the check itself checked on a tree
// written here with one offence of each kind beside code just inside them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_test_util.h"

namespace wiretrace {
namespace {

namespace fs = std::filesystem;

class ShapeTest : public test::BinaryTest {
 protected:
  int Check(const std::string& args) {
    const test::CommandResult r =
        test::RunCommand("python3 " + std::string(WIRETRACE_SOURCE_DIR) + "/scripts/check_shape.py", args, dir_);
    out_ = r.out;
    err_ = r.err;
    return r.exit_code;
  }
  std::string out_;
  std::string err_;
};

// A function whose definition spans `lines` lines, first to last.
std::string Function(const std::string& name, int lines, const std::string& indent = "") {
  std::string s = indent + "int " + name + "(int x) {\n";
  for (int i = 0; i < lines - 2; ++i) s += indent + "  x += " + std::to_string(i) + ";\n";
  return s + indent + "}\n";
}

TEST_F(ShapeTest, TheTreeKeepsItsShape) {
  EXPECT_EQ(Check("--root " + std::string(WIRETRACE_SOURCE_DIR)), 0) << out_ << err_;
  EXPECT_EQ(out_, "");
  // It read the tree: the engine alone is a dozen files.
  EXPECT_NE(err_.find(" files, 0 over the limits"), std::string::npos) << err_;
}

TEST_F(ShapeTest, FindsLongFunctionsAndFiles) {
  const fs::path root = dir_ / "tree";
  fs::create_directories(root / "src");
  std::ofstream(root / "src" / "long.cc") << "#include <cstdio>\n\n"
                                          << Function("JustInside", 120) << "\n"
                                          << Function("OneTooMany", 121);
  // An inline member in a header counts too.
  std::ofstream(root / "src" / "long.h") << "class Holder {\n public:\n" << Function("Inline", 121, "  ") << "};\n";
  std::string big;
  for (int i = 0; i < 801; ++i) big += "// line\n";
  std::ofstream(root / "src" / "big.h") << big;
  std::string fits;
  for (int i = 0; i < 800; ++i) fits += "// line\n";
  std::ofstream(root / "src" / "fits.h") << fits;
  // Only the read stage's first step tokenizes; a comment may name it.
  std::ofstream(root / "src" / "caller.cc") << "// Tokenize(text, options, &tokens) is not called here\n"
                                            << "void F() {\n  Tokenize(text, options, &tokens);\n}\n";
  fs::create_directories(root / "src" / "internal");
  std::ofstream(root / "src" / "internal" / "story_tokens.cc") << "void G() { Tokenize(text, options, &tokens); }\n";

  EXPECT_EQ(Check("--root " + root.string() + " src"), 1) << out_ << err_;
  EXPECT_EQ(out_,
            "src/big.h:1: file is 801 lines (limit 800)\n"
            "src/caller.cc:3: calls the tokenizer (only src/internal/story_tokens.cc may)\n"
            "src/long.cc:124: function OneTooMany is 121 lines (limit 120)\n"
            "src/long.h:3: function Inline is 121 lines (limit 120)\n");
  // The limits are options; the tokenizer's home is not.
  EXPECT_EQ(Check("--root " + root.string() + " --max-function 121 --max-file 801 src"), 1) << out_ << err_;
  EXPECT_EQ(out_, "src/caller.cc:3: calls the tokenizer (only src/internal/story_tokens.cc may)\n");
}

}  // namespace
}  // namespace wiretrace
