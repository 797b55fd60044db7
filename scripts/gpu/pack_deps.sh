#!/usr/bin/env bash
# Packs the headers and shared libraries that the GUI-off build needs and the
# GPU machine lacks (nlohmann_json, SQLite, PCRE2, ICU) from this Debian
# machine's packages into gpu-deps.tar.xz (git-ignored), to be carried to the
# GPU machine and unpacked as a CMake prefix (see scripts/gpu/train_demo.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
lib=/usr/lib/x86_64-linux-gnu
mkdir -p "$stage/include" "$stage/lib" "$stage/share/cmake"
cp -r /usr/include/nlohmann /usr/include/sqlite3.h /usr/include/sqlite3ext.h /usr/include/pcre2.h \
      /usr/include/unicode "$stage/include/"
cp -r /usr/share/cmake/nlohmann_json "$stage/share/cmake/"
cp -a $lib/libsqlite3.so* $lib/libpcre2-8.so* $lib/libicuuc.so* $lib/libicudata.so* "$stage/lib/"
tar -C "$stage" -cJf gpu-deps.tar.xz .
ls -la gpu-deps.tar.xz
