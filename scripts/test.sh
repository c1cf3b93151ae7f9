#!/usr/bin/env bash
# Quick start, step 2: the whole test suite (unit, extraction, rule fixtures,
# reporters, oracles against the real frameworks, CLI end to end). Installs
# missing dependencies first, so it also works on a fresh machine and in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)"
