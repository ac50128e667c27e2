# SPDX-License-Identifier: GPL-2.0-only
# The two commands README.md promises, and a few conveniences.
#   make demo   install dependencies, build, boot a guest with SPE, report
#   make demo-linux   the same with Debian's Linux and perf in the guest
#   make test   build and run the whole test suite (what CI runs)
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build test demo demo-linux bench clean asan fuzz

all: build

deps:
	./scripts/install-deps.sh

configure:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: deps build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

demo: deps build
	./scripts/demo.sh $(BUILD)

# Debian's arm64 Linux under vspe with SPE: perf record in the guest, the
# report on the host (fetches the Debian packages once: docs/linux-guest.md).
demo-linux: deps build
	./scripts/linux/demo.sh $(BUILD)

bench: build
	./bench/run.sh $(BUILD)

# The suite under AddressSanitizer and UBSan, in its own build folder.
asan:
	$(MAKE) test BUILD=build-asan CMAKE_FLAGS="-DVSPE_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug"

clean:
	rm -rf $(BUILD) build-asan build-fuzz

# The decode fuzz targets (libFuzzer needs clang), each run for a bounded time.
fuzz:
	@if command -v clang >/dev/null 2>&1; then \
	  CC=clang cmake -S . -B build-fuzz -DVSPE_FUZZ=ON >/dev/null && \
	  cmake --build build-fuzz -j $(JOBS) --target fuzz_packet fuzz_perf_reader && \
	  ctest --test-dir build-fuzz -L fuzz --output-on-failure; \
	else echo "fuzz: clang not found, skipped"; fi
