#!/usr/bin/env bash
# Installs the Debian 12 packages lifecircle needs (when missing), then configures and builds it
# in ./build. Safe to run again: it skips what is already there.
#   scripts/setup.sh          what the lifecircle binary needs, and builds it
#   scripts/setup.sh --tests  also what the test suite and benchmarks need (GoogleTest, Google
#                             Benchmark, PostgreSQL with PostGIS, Chromium for the browser
#                             test, clang for the fuzz targets), and builds them too
# The web pages `lifecircle map --html` writes inline Leaflet from web/node_modules: installed
# from web/package-lock.json with `npm ci` when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=OFF
case "${1:-}" in
  --tests) tests=ON ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--tests]" >&2; exit 2 ;;
esac

packages=(
  cmake ninja-build pkg-config g++ ccache
  libgdal-dev gdal-bin libgeos-dev libgeos++-dev libproj-dev proj-bin
  libboost-dev libnanoflann-dev libtbb-dev coinor-libcbc-dev
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libcairo2-dev
  libmapnik-dev fonts-wqy-microhei   # print maps: Mapnik and a CJK font
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev liblz4-dev  # shard extract
)
if [ "$tests" = ON ]; then
  packages+=(
    libgtest-dev libgmock-dev libbenchmark-dev
    poppler-utils librsvg2-bin              # the map tests open PDF and SVG maps
    postgresql-15 postgresql-15-postgis-3   # the PostGIS source test
    chromium                                # the browser test of the HTML map (headless)
    clang libclang-rt-14-dev                # the fuzz targets (scripts/fuzz.sh): clang, its libFuzzer and sanitizers
    slurm-wlm munge                         # the throwaway Slurm cluster of tests/support/slurm_cluster.sh
  )
fi
# Node.js and npm for web/ (Leaflet; puppeteer-core for the browser test): Debian's, unless the
# machine already has them.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The tests start their own Slurm and munge daemons on loopback; Debian enables the system ones
# on install (they would start at the next boot where systemd runs).
if [ "$tests" = ON ] && command -v systemctl >/dev/null 2>&1; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" systemctl disable munge.service slurmd.service slurmctld.service >/dev/null 2>&1 || true
  "${sudo_cmd[@]}" systemctl stop munge.service slurmd.service slurmctld.service >/dev/null 2>&1 || true
fi

if [ ! -d web/node_modules ]; then
  echo "setup: installing web/ packages from web/package-lock.json"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix web --no-audit --no-fund >/dev/null
fi

export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLIFECIRCLE_BUILD_TESTS="$tests" -DLIFECIRCLE_BUILD_BENCH="$tests" >/dev/null
cmake --build build -j "$(nproc)"
