#!/usr/bin/env bash
# Configures (first time: fetches the pinned grammar with npm pack) and builds
# archverify and its tests in ./build with Ninja. Extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
fi
ninja -C build
