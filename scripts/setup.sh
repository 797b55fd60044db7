#!/usr/bin/env bash
# SpecScope set-up: installs what is missing from Debian packages, builds a
# Release build in ./build, then either starts the workbench or runs the tests.
#
#   scripts/setup.sh run    # set up, build, start the workbench on the demo models
#   scripts/setup.sh test   # set up, build, run the whole test suite (what CI runs)
#   scripts/setup.sh build  # set up and build only
set -euo pipefail

mode="${1:-run}"
case "$mode" in run|test|build) ;; *) echo "usage: $0 run|test|build" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."

# --- 1. Debian packages (only the missing ones are installed) ---
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-openmp          # libtorch; OpenBLAS, or libtorch runs on reference BLAS (30x slower)
  nlohmann-json3-dev libsqlite3-dev libpcre2-dev libicu-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  xvfb imagemagick                          # screenshots and GUI checks under a virtual display
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)   # tokenizer conformance tests
source scripts/lib/apt_install_missing.sh
apt_install_missing "${packages[@]}"

# --- 2. Release build (ccache keeps rebuilds cheap, also across clones:
# paths are hashed relative to the checkout, and precompiled headers are allowed) ---
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
export CCACHE_SLOPPINESS="pch_defines,time_macros,include_file_mtime,include_file_ctime"
jobs="$(nproc)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$jobs"

# --- 3. run or test ---
case "$mode" in
  build) ;;
  test)
    ctest --test-dir build --output-on-failure -j "$jobs"
    ;;
  run)
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      # The workbench on the bundled demo models, with an sps run started at once.
      exec build/app/gui/specscope --demo
    fi
    # No display (a server, a container): the engine on the demo models instead.
    echo "No display found (DISPLAY is unset): showing the engine on the demo models."
    echo "On a desktop, or under Xvfb, start the workbench with: build/app/gui/specscope --demo"
    build/app/specscope-cli doctor
    prompt="In the beginning God created the heaven and the earth."
    for strategy in ar sps kangaroo; do
      echo; echo "== $strategy"
      build/app/specscope-cli run --strategy "$strategy" --target demo --draft demo-draft \
        --prompt "$prompt" --max-new-tokens 60
    done
    ;;
esac
