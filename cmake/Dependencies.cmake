# Every dependency is a Debian 12 package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(absl REQUIRED)
find_package(TBB REQUIRED)
find_package(simdjson REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CLI11 QUIET)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
# The nightly dedupe's store (store.h); linked PRIVATE by the library.
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
# HTML input is parsed by gumbo (Debian libgumbo-dev), an HTML5 parser; only
# src/html.cc includes it.
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
# Highway's vqsort (Debian libhwy-dev) sorts each document's shingle and word
# hashes (MakeShingleSet) and provenance's (hash, position) keys; only
# src/internal/sort_hashes.cc includes it.
pkg_check_modules(HWY_CONTRIB REQUIRED IMPORTED_TARGET libhwy-contrib)

if(NOT TARGET CLI11::CLI11)
  # Debian's libcli11-dev is header-only; make a target for it when no config ships.
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
endif()

# What the public headers include (include/wiretrace/): Abseil's status,
# span, hash containers and string types. Linked PUBLIC.
set(WIRETRACE_PUBLIC_DEPS
  absl::status absl::statusor absl::span absl::flat_hash_map absl::flat_hash_set absl::function_ref
  absl::strings)
# Everything else the library uses, linked PRIVATE. Keep this list and the
# installed package's lookups (cmake/wiretraceConfig.cmake.in, cmake/wiretrace.pc.in) in step.
set(WIRETRACE_PRIVATE_DEPS
  absl::str_format absl::time
  TBB::tbb simdjson::simdjson ZLIB::ZLIB
  PkgConfig::XXHASH PkgConfig::UTF8PROC PkgConfig::ZSTD PkgConfig::SQLITE3 PkgConfig::GUMBO PkgConfig::HWY_CONTRIB
  Threads::Threads)

# In-tree only (never installed): the private dependencies as usage
# requirements, for tests and benchmarks that include src/internal/ headers.
add_library(wiretrace_internal_deps INTERFACE)
target_link_libraries(wiretrace_internal_deps INTERFACE ${WIRETRACE_PRIVATE_DEPS})
