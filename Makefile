# Thin wrapper over CMake. Quickstart: `make demo`, `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build demo test bench install python test-asan test-tsan test-sanitize fuzz clean
FUZZ_SECONDS ?= 20

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

# The headers, library, CMake package and pkg-config file, and the tools,
# under PREFIX (README, "From C++").
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# The Python module into $(BUILD)/python/ (PYTHONPATH=$(BUILD)/python; README, "From Python").
python: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target wiretrace_python

demo: build
	@bash scripts/demo.sh $(BUILD)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run_bench.sh $(BUILD)

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer.
test-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWIRETRACE_SANITIZE=address,undefined -DWIRETRACE_BUILD_BENCH=OFF >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The whole test suite under ThreadSanitizer, linked against Debian's oneTBB
# source built with TSan (scripts/build-tsan-tbb.sh): Debian's libtbb binary is
# not instrumented, and TSan would report TBB's own hand-offs as races.
test-tsan: deps
	bash scripts/build-tsan-tbb.sh build-tsan-tbb
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIRETRACE_SANITIZE=thread -DWIRETRACE_BUILD_BENCH=OFF \
	  -DTBB_DIR=$(CURDIR)/build-tsan-tbb/install/lib/cmake/TBB >/dev/null
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --output-on-failure -j $(JOBS)

test-sanitize: test-asan test-tsan

# Short libFuzzer runs of every target over its seed corpus (FUZZ_SECONDS each).
# The library is instrumented too (tests/fuzz/CMakeLists.txt), so coverage
# guides the search inside it. New inputs go to build-fuzz/corpus/NAME (the
# seeds in tests/fuzz/corpus/NAME stay as committed); a crash leaves its input
# in build-fuzz/artifacts/NAME/ and fails the target with the fuzzer's report.
fuzz:
	WIRETRACE_WITH_CLANG=1 bash scripts/install-deps.sh
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DWIRETRACE_FUZZ=ON \
	  -DWIRETRACE_BUILD_TESTS=OFF -DWIRETRACE_BUILD_BENCH=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target $(patsubst tests/fuzz/%.cc,%,$(wildcard tests/fuzz/*_fuzz.cc))
	@failed=""; for f in tests/fuzz/*_fuzz.cc; do n=$$(basename $$f .cc); t=$${n%_fuzz}; \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/artifacts/$$t; \
	  dict=""; if [ -f tests/fuzz/$$t.dict ]; then dict="-dict=tests/fuzz/$$t.dict"; fi; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  if build-fuzz/tests/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=25 -rss_limit_mb=2048 \
	      -print_final_stats=1 $$dict -artifact_prefix=build-fuzz/artifacts/$$t/ \
	      build-fuzz/corpus/$$t tests/fuzz/corpus/$$t >build-fuzz/$$n.log 2>&1; then \
	    grep -E "stat::number_of_executed_units|stat::new_units_added" build-fuzz/$$n.log; \
	  else \
	    grep -v -E "^#[0-9]+" build-fuzz/$$n.log | tail -60; echo "fuzz: $$n FAILED (log: build-fuzz/$$n.log)"; \
	    failed="$$failed $$n"; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: failed:$$failed"; exit 1; fi

clean:
	rm -rf $(BUILD) build-*
