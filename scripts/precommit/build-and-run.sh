#!/usr/bin/env bash
# pre-commit hook `archverify-build` (language: script): builds archverify from
# the hook repository on first use, into .pre-commit-build/ inside pre-commit's
# own clone of this repository (so once per hook version, shared by every
# project using that version), then runs it with the hook's arguments in the
# project being committed.
#
# Needs the build dependencies (scripts/install-deps.sh --build-only). The
# tree-sitter-python grammar is fetched with npm on the first build unless
# ARCHVERIFY_GRAMMAR_TARBALL names an already downloaded tarball (checksum
# verified either way) - set it to build offline.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$src/.pre-commit-build"
bin="$build/analyzer/cli/archverify"
done_stamp="$build/.archverify-built"

if [ ! -f "$done_stamp" ]; then
  mkdir -p "$build"
  exec 9>"$build/.lock"
  flock 9  # two projects committing at once build only once
  if [ ! -f "$done_stamp" ]; then
    echo "archverify-build: first use of this hook version, building archverify in $build" >&2
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if ! { cmake -S "$src" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
             -DARCHVERIFY_TESTS=OFF -DARCHVERIFY_WERROR=OFF &&
           cmake --build "$build" --target archverify --parallel "$(nproc)"; } >"$build/build.log" 2>&1; then
      tail -n 40 "$build/build.log" >&2
      echo "archverify-build: the build failed (full log: $build/build.log)" >&2
      exit 3
    fi
    touch "$done_stamp"
  fi
  exec 9>&-
fi
exec "$bin" "$@"
