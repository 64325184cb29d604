# Thin wrapper over CMake. Quickstart: `make demo`, `make test`.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps build demo test bench test-sanitize fuzz clean
FUZZ_SECONDS ?= 20

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash bench/run_bench.sh $(BUILD)

# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer, then
# under ThreadSanitizer (tests/tsan.supp silences reports inside Debian's
# uninstrumented libtbb only).
test-sanitize: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DWIRETRACE_SANITIZE=address,undefined -DWIRETRACE_BUILD_BENCH=OFF >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIRETRACE_SANITIZE=thread -DWIRETRACE_BUILD_BENCH=OFF >/dev/null
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && TSAN_OPTIONS="suppressions=$(CURDIR)/tests/tsan.supp halt_on_error=1" ctest --output-on-failure -j $(JOBS)

# Short libFuzzer runs of every target over its seed corpus (FUZZ_SECONDS each).
fuzz:
	WIRETRACE_WITH_CLANG=1 bash scripts/install-deps.sh
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DWIRETRACE_FUZZ=ON \
	  -DWIRETRACE_BUILD_TESTS=OFF -DWIRETRACE_BUILD_BENCH=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target $(patsubst tests/fuzz/%.cc,%,$(wildcard tests/fuzz/*_fuzz.cc))
	@for f in tests/fuzz/*_fuzz.cc; do n=$$(basename $$f .cc); mkdir -p build-fuzz/corpus/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  build-fuzz/tests/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	    build-fuzz/corpus/$$n tests/fuzz/corpus/$$n 2>&1 | grep -E "stat::number_of_executed_units|ERROR|crash|SUMMARY" || exit 1; \
	done

clean:
	rm -rf $(BUILD) build-*
