#!/usr/bin/env bash
# libFuzzer on the input boundaries: builds the fuzz targets of tests/fuzz with clang in
# build-fuzz (-DLIFECIRCLE_FUZZ=ON: AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's
# instrumentation; Debug at -O1, so asserts hold too) and runs each for a bounded time, starting
# from its corpus in tests/fuzz/corpus/<target>/. New inputs that reach new code are kept in
# build-fuzz/corpus/<target>/; an input that breaks the contract (a crash, a sanitizer report, an
# exception other than UsageError or InputError, a hang) is written to build-fuzz/artifacts/ and
# fails the run: fix the code, minimise the input (fuzz_<target> -minimize_crash=1 FILE) and add
# it to the corpus, where fuzz.replay_<target> of the normal test run replays it.
#   scripts/fuzz.sh [TARGET ...]     (default: all; FUZZ_SECONDS per target, default 30)
# Needs clang (scripts/setup.sh --tests installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${FUZZ_SECONDS:-30}"
jobs="$(nproc)"
[ "$jobs" -le 2 ] || jobs=2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(option_values category_yaml road_profile_yaml population_proxy_yaml rules_yaml
                                    cost_matrix_csv geojson_load)

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
start=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DLIFECIRCLE_FUZZ=ON -DLIFECIRCLE_BUILD_TESTS=OFF -DLIFECIRCLE_BUILD_BENCH=OFF >/dev/null
# The fuzz targets, and the lifecircle binary: every library compiles with clang, warning-free.
cmake --build build-fuzz -j "$jobs" --target "${targets[@]/#/fuzz_}" lifecircle | tee build-fuzz/build.log
if grep -q 'warning:' build-fuzz/build.log; then
  echo "fuzz: clang warns (build-fuzz/build.log)" >&2
  exit 1
fi
built=$(date +%s)

export LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$root/tests/sanitize/ubsan.supp:print_stacktrace=1:halt_on_error=1"
mkdir -p build-fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  work="build-fuzz/corpus/$t"
  mkdir -p "$work"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  echo "fuzz: $t for ${seconds} s"
  if ! "build-fuzz/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
       -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$t-" "${dict[@]}" "$work" "tests/fuzz/corpus/$t" \
       >"build-fuzz/$t.log" 2>&1; then
    status=1
    echo "fuzz: $t broke the contract; the input is in build-fuzz/artifacts/, the log in build-fuzz/$t.log:" >&2
    grep -v '^#\|^INFO\|^stat::\|^MS:\|^Done' "build-fuzz/$t.log" | tail -40 >&2
  else
    grep -E '^stat::number_of_executed_units|^Done' "build-fuzz/$t.log" | tr '\n' ' '
    echo
  fi
done
echo "fuzz: build $((built - start)) s, fuzzing $(($(date +%s) - built)) s"
exit "$status"
