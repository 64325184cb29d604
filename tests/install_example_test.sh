#!/usr/bin/env bash
# The installed package, end to end (issue 15): `cmake --install` into a
# temporary prefix lays out the headers, the library, the CMake package and
# the pkg-config file; examples/cpp, a standalone project, finds the package
# and builds wiretrace_example, whose output on the sample is byte for byte
# the CLI's; the same program built with pkg-config alone does too; a project
# asking for an incompatible version is refused; and as a subproject
# (add_subdirectory) wiretrace builds no tests or benchmarks.
#
# usage: install_example_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
work=$(mktemp -d "$build/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
sample=$src/data/sample.jsonl

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for f in include/wiretrace/wiretrace.h include/wiretrace/engine.h include/wiretrace/version.h lib/libwiretrace.a \
         lib/cmake/wiretrace/wiretraceConfig.cmake lib/cmake/wiretrace/wiretraceConfigVersion.cmake \
         lib/cmake/wiretrace/wiretraceTargets.cmake lib/pkgconfig/wiretrace.pc bin/wiretrace bin/wiretrace-provenance; do
  [[ -e $prefix/$f ]] || fail "cmake --install left no $f"
done
# Private headers stay private.
[[ ! -e $prefix/include/wiretrace/internal ]] || fail "src/internal/ headers were installed"

"$build/wiretrace" cluster -q "$sample" >"$work/cli.jsonl"
[[ $(wc -l <"$work/cli.jsonl") -gt 100 ]] || fail "the CLI wrote too little on the sample"

# find_package(wiretrace) from a standalone project.
cmake -S "$src/examples/cpp" -B "$work/example" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  >"$work/example-configure.log" || { cat "$work/example-configure.log"; fail "examples/cpp did not configure"; }
cmake --build "$work/example" -j "${JOBS:-2}" >"$work/example-build.log" ||
  { cat "$work/example-build.log"; fail "examples/cpp did not build"; }
"$work/example/wiretrace_example" "$sample" >"$work/example.jsonl"
cmp "$work/cli.jsonl" "$work/example.jsonl" || fail "wiretrace_example differs from wiretrace cluster"

# pkg-config alone, from the installed .pc file (which finds its prefix from
# where it lies: the prefix is relocatable).
flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs wiretrace) ||
  fail "pkg-config does not know wiretrace"
[[ $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion wiretrace) == \
   $("$build/wiretrace" --version | awk '{print $2}') ]] || fail "pkg-config's version is not the tools'"
# shellcheck disable=SC2086
c++ -O1 "$src/examples/cpp/main.cc" -o "$work/example-pc" $flags || fail "the example did not build with pkg-config"
"$work/example-pc" "$sample" >"$work/example-pc.jsonl"
cmp "$work/cli.jsonl" "$work/example-pc.jsonl" || fail "the pkg-config build differs from wiretrace cluster"

# The program of README "From C++", as written there.
awk '/^## From C\+\+$/ {in_section=1; next} /^## / {in_section=0}
     in_section && /^```cpp$/ {in_block=1; next} in_block && /^```$/ {exit} in_block {print}' \
  "$src/README.md" >"$work/readme.cc"
[[ -s $work/readme.cc ]] || fail "README has no C++ example under \"From C++\""
# shellcheck disable=SC2086
c++ -O1 "$work/readme.cc" -o "$work/readme" $flags || fail "the README's C++ example does not build"
"$work/readme" "$sample" >"$work/readme.jsonl"
cmp "$work/cli.jsonl" "$work/readme.jsonl" || fail "the README's C++ example differs from wiretrace cluster"

# A version the package does not offer is refused (0.x: same minor only).
mkdir -p "$work/too-new"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(v LANGUAGES CXX)\nfind_package(wiretrace 9.0 REQUIRED)\n' \
  >"$work/too-new/CMakeLists.txt"
if cmake -S "$work/too-new" -B "$work/too-new/build" -DCMAKE_PREFIX_PATH="$prefix" >"$work/too-new.log" 2>&1; then
  fail "find_package(wiretrace 9.0) was accepted"
fi

# As a subproject: the library and tools are there, tests and benchmarks are
# not, and nothing refers to the enclosing project's source directory.
mkdir -p "$work/parent"
cat >"$work/parent/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(parent LANGUAGES CXX)
add_subdirectory("$src" wiretrace)
add_executable(uses_wiretrace "$src/examples/cpp/main.cc")
target_link_libraries(uses_wiretrace PRIVATE wiretrace::wiretrace)
CMAKE
cmake -S "$work/parent" -B "$work/parent/build" >"$work/parent.log" 2>&1 ||
  { cat "$work/parent.log"; fail "wiretrace does not configure as a subproject"; }
targets=$(cmake --build "$work/parent/build" --target help)
grep -q "uses_wiretrace" <<<"$targets" || fail "the subproject's user target is missing"
grep -q "wiretrace_cli" <<<"$targets" || fail "the tools are not built as a subproject"
if grep -E "cluster_test|_bench|wiretrace_python" <<<"$targets"; then fail "a subproject builds tests, benchmarks or Python"; fi
echo "install_example_test: ok"
