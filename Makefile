# The two commands a new user needs: `make demo` and `make test`.
# Both install missing Debian packages, configure and build with ccache.
JOBS ?= $(shell nproc)
# ccache hits across clones in different folders: paths below the checkout are hashed as
# relative paths, and the build directory is not hashed into debug information.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
RELEASE_DIR := build/release
SANITIZE_DIR := build/sanitize

.PHONY: all deps release sanitize fuzz demo test test-release test-sanitize bench clean

all: release

deps:
	@scripts/install_deps.sh

$(RELEASE_DIR)/build.ninja $(RELEASE_DIR)/Makefile:
	cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release

release: deps $(RELEASE_DIR)/Makefile
	cmake --build $(RELEASE_DIR) -j $(JOBS)

$(SANITIZE_DIR)/Makefile:
	cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARN_SANITIZE=ON

sanitize: deps $(SANITIZE_DIR)/Makefile
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

demo: release
	@examples/demo.sh $(RELEASE_DIR)/tarn

# The libFuzzer targets of test/fuzz (clang++; run by scripts/run_tests.sh).
FUZZ_DIR := build/fuzz

$(FUZZ_DIR)/Makefile:
	CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARN_FUZZ=ON

fuzz: deps $(FUZZ_DIR)/Makefile
	cmake --build $(FUZZ_DIR) -j $(JOBS)

test-release: release fuzz
	@scripts/run_tests.sh $(RELEASE_DIR)

test-sanitize: sanitize
	@scripts/run_tests.sh $(SANITIZE_DIR)

test: test-release test-sanitize
	@echo "tarn: all test suites passed (release and sanitizer builds)"

bench: release
	@bench/run_all.sh $(RELEASE_DIR)/tarn

clean:
	rm -rf build
