#!/usr/bin/env bash
# Installs the Debian 12 packages wiretrace needs to build, test and benchmark.
# Idempotent: packages already present are skipped, and apt is not touched at all
# when everything is there (so a warm machine pays nothing).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxxhash-dev libabsl-dev libtbb-dev
  libsimdjson-dev libutf8proc-dev zlib1g-dev libzstd-dev libsqlite3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libgumbo-dev   # HTML5 parser for .html pages and WARC responses
  libhwy-dev     # Highway's vqsort: each document's shingle set (src/shingle.cc)
  chromium       # headless browser: tests/report_browser_test.cc renders the HTML report
  python3
  # The Python module (make python, pip install .): pybind11 and the headers of
  # Debian's python3, pytest for its tests, setuptools and venv for the
  # offline `pip install . --no-build-isolation` test.
  python3-dev pybind11-dev python3-pytest python3-setuptools python3-pip python3-venv
  universal-ctags  # scripts/check_shape.py finds each function's first and last line with it
  # `cluster` across MPI ranks (WIRETRACE_WITH_MPI; README "Past one machine"): Open MPI's headers and mpirun.
  libopenmpi-dev openmpi-bin
)
# Sanitizer and fuzzing builds (make test-sanitize, make fuzz) need clang and its runtimes.
if [[ "${WIRETRACE_WITH_CLANG:-0}" == 1 ]]; then
  packages+=(clang libclang-rt-14-dev llvm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
