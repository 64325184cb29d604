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

if(NOT TARGET CLI11::CLI11)
  # Debian's libcli11-dev is header-only; make a target for it when no config ships.
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
endif()

add_library(wiretrace_deps INTERFACE)
target_link_libraries(wiretrace_deps INTERFACE
  absl::status absl::statusor absl::strings absl::str_format absl::flat_hash_map absl::flat_hash_set
  absl::time absl::span
  TBB::tbb simdjson::simdjson ZLIB::ZLIB
  PkgConfig::XXHASH PkgConfig::UTF8PROC PkgConfig::ZSTD Threads::Threads)
