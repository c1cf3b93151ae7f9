#!/usr/bin/env bash
# install_layout.sh BUILD_DIR GRAMMAR_VERSION: `cmake --install` into a temporary
# prefix puts the binary in bin/, the docs in share/doc/archverify/, the schemas
# present in the source tree in share/archverify/ and bash completion in
# share/bash-completion/completions/; the installed binary runs.
set -euo pipefail
build="$1" grammar="$2"
src="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install failed"; }
p="$tmp/prefix"
[ -x "$p/bin/archverify" ] || fail "bin/archverify missing"
[ -f "$p/share/doc/archverify/README.md" ] || fail "share/doc/archverify/README.md missing"
[ -s "$p/share/bash-completion/completions/archverify" ] || fail "bash completion missing"
grep -q 'complete -F _archverify archverify' "$p/share/bash-completion/completions/archverify" || fail "completion script is not one"
for schema in genome_schema/genome.schema.json reporters/report.schema.json; do
  if [ -f "$src/$schema" ]; then
    [ -f "$p/share/archverify/$(basename "$schema")" ] || fail "$schema is in the tree but not installed"
  fi
done
if [ -d "$src/docs" ]; then
  for f in $(cd "$src/docs" && find . -type f); do
    [ -f "$p/share/doc/archverify/$f" ] || fail "docs/$f not installed"
  done
fi
out="$("$p/bin/archverify" --version)"
echo "installed: $out"
[[ "$out" == *"$grammar"* ]] || fail "--version does not name the grammar version $grammar"
echo "installed files:"; (cd "$p" && find . -type f | LC_ALL=C sort)
