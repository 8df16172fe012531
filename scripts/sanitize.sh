#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer: builds lifecircle and its tests in build-asan
# (-DLIFECIRCLE_SANITIZE=ON, Debug at -O1 with asserts, benchmarks off) and runs the whole CTest
# suite under them, the PostGIS and browser tests included (the `lifecircle` processes they start
# are the sanitized build). Fails on a failed test and on any sanitizer report, including one from
# a process a test ran (reports go to build-asan/sanitizer-logs/, so a test's own output checks
# do not hide them).
# Leaks and reports inside the third-party libraries are suppressed by tests/sanitize/*.supp,
# never one in lifecircle's code. Needs what `scripts/setup.sh --tests` installs.
#   scripts/sanitize.sh [ctest arguments, e.g. -R Coverage]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
jobs="$(nproc)"
[ "$jobs" -le 2 ] || jobs=2

export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
start=$(date +%s)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
  -DLIFECIRCLE_SANITIZE=ON -DLIFECIRCLE_BUILD_TESTS=ON -DLIFECIRCLE_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
built=$(date +%s)

logs="$root/build-asan/sanitizer-logs"
rm -rf "$logs" && mkdir -p "$logs"
common="log_path=$logs/report:exitcode=86"
export ASAN_OPTIONS="$common:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="$common:suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="$common:suppressions=$root/tests/sanitize/ubsan.supp:print_stacktrace=1:halt_on_error=1"
status=0
ctest --test-dir build-asan --output-on-failure -j "$jobs" "$@" || status=$?
tested=$(date +%s)

if compgen -G "$logs/report*" >/dev/null; then
  echo "sanitize: sanitizer reports:" >&2
  for f in "$logs"/report*; do
    echo "=== $f" >&2
    cat "$f" >&2
  done
  status=1
fi
echo "sanitize: build $((built - start)) s, tests $((tested - built)) s"
exit "$status"
