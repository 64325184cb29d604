#!/usr/bin/env bash
# Builds Debian 12's own oneTBB source with ThreadSanitizer, for `make test-tsan`.
#
# Why: the libtbb in Debian's package is not instrumented, so TSan cannot see
# the synchronisation inside it (task queues, the parallel_pipeline hand-off)
# and reports every parallel_for result read after the loop as a race. The same
# source built with -fsanitize=thread makes those happens-before edges visible;
# with it the suite runs clean without any suppressions. Same version as the
# installed libtbb-dev, so the headers and the library agree.
#
# Usage: scripts/build-tsan-tbb.sh OUT_DIR    (installs into OUT_DIR/install; idempotent)
set -euo pipefail
out=$(mkdir -p "${1:-build-tsan-tbb}" && cd "${1:-build-tsan-tbb}" && pwd)
prefix=$out/install
if [[ -f $prefix/lib/cmake/TBB/TBBConfig.cmake ]]; then
  exit 0
fi

version=$(dpkg-query -W -f='${source:Version}' libtbb-dev)
SUDO=""
if [[ $(id -u) != 0 ]]; then SUDO=sudo; fi

mkdir -p "$out/src"
cd "$out/src"
if ! ls onetbb_*.orig.tar.* >/dev/null 2>&1; then
  if ! apt-get source --download-only -qq "onetbb=$version" >/dev/null 2>&1; then
    # No source index yet: add Debian's deb-src entries once, then retry.
    echo "build-tsan-tbb: adding Debian source indexes to fetch onetbb $version" >&2
    $SUDO tee /etc/apt/sources.list.d/wiretrace-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    $SUDO apt-get update -qq
    apt-get source --download-only -qq "onetbb=$version" >/dev/null 2>&1
  fi
fi
rm -rf tree && mkdir tree
tar xf onetbb_*.orig.tar.* -C tree --strip-components=1
echo "build-tsan-tbb: building oneTBB $version with -fsanitize=thread" >&2
# The build's own warnings (TSan does not model atomic_thread_fence) go to a
# log; it is shown only if the build fails.
if ! { cmake -S tree -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF \
         -DTBB_SANITIZE=thread -DCMAKE_INSTALL_PREFIX="$prefix" &&
       cmake --build build -j "$(nproc)" &&
       cmake --install build; } >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log" >&2
  echo "build-tsan-tbb: failed; full log in $out/build.log" >&2
  exit 1
fi
