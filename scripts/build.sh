#!/usr/bin/env bash
# Configures (first time: fetches the pinned grammar with npm pack) and builds
# in ./build with Ninja. Arguments starting with -D go to cmake (first
# configure only); others are Ninja targets (default: everything), e.g.
#   scripts/build.sh archverify
#   scripts/build.sh -DARCHVERIFY_TESTS=OFF -DCMAKE_BUILD_TYPE=Release
set -euo pipefail
cd "$(dirname "$0")/.."
cmake_args=(); targets=()
for a in "$@"; do
  case "$a" in -D*) cmake_args+=("$a") ;; *) targets+=("$a") ;; esac
done
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${cmake_args[@]+"${cmake_args[@]}"}"
fi
ninja -C build "${targets[@]+"${targets[@]}"}"
