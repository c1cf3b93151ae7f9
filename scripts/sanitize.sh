#!/usr/bin/env bash
# Builds archverify and its C++ test binaries with AddressSanitizer and
# UndefinedBehaviorSanitizer (leak detection on) in ./build-sanitize and runs
# them, then runs the sanitized binary on the bundled example apps. Slower than
# scripts/test.sh; run it before merging changes to the analyzer.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [ ! -f build-sanitize/build.ninja ]; then
  cmake -S . -B build-sanitize -G Ninja -DARCHVERIFY_SANITIZE=ON -DARCHVERIFY_MIMALLOC=OFF -DCMAKE_BUILD_TYPE=Debug
fi
tests=(unit_tests rule_tests engine_tests reporter_tests genome_tests)
ninja -C build-sanitize archverify "${tests[@]}"
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${tests[@]}"; do echo "== $t"; build-sanitize/tests/$t; done
for app in fixtures/repos/*/; do
  echo "== archverify $app"
  build-sanitize/analyzer/cli/archverify "$app" --no-cache --quiet --format json --output /dev/null || [ $? -eq 1 ]
done
echo "sanitizers: clean"
