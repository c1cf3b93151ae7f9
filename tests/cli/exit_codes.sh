#!/usr/bin/env bash
# Exit codes and clear errors: 2 for a missing path, a bad option, a bad genome
# (with file:line:column), an unknown rule (with "did you mean"); 0/1 by the gate;
# --timings prints phases to stderr without touching the report.
set -uo pipefail
bin="$1"; fixtures="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() { local want="$1"; shift; "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?; [ "$got" = "$want" ] || { cat "$tmp/out" "$tmp/err"; fail "exit $got, wanted $want: $*"; }; }
expect 2 "$bin" "$tmp/does-not-exist"
grep -q "does not exist" "$tmp/err" || fail "missing path message"
expect 2 "$bin" --no-such-option
expect 0 "$bin" --version
grep -q "tree-sitter-python" "$tmp/out" || fail "--version names the grammar"
expect 2 "$bin" explain AUTH01
grep -q "did you mean" "$tmp/err" || fail "did you mean"
mkdir -p "$tmp/bad"; echo "x = 1" > "$tmp/bad/app.py"
printf 'version: 1\nstak: fastapi\n' > "$tmp/bad/archverify.yaml"
expect 2 "$bin" "$tmp/bad"
grep -Eq "archverify.yaml:2:1: .*stack" "$tmp/err" || fail "genome error with line:col and suggestion: $(cat "$tmp/err")"
expect 2 "$bin" "$tmp/bad" --genome "$tmp/missing.yaml"
expect 1 "$bin" "$fixtures/rules/SUP001" --fail-on low
expect 0 "$bin" "$fixtures/rules/SUP001" --threshold 0
expect 1 "$bin" "$fixtures/rules/SUP001" --threshold 100
# --timings: the phase table goes to stderr; the report on stdout is unchanged.
expect 0 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json
cp "$tmp/out" "$tmp/plain.json"
expect 0 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json --timings
cmp -s "$tmp/out" "$tmp/plain.json" || fail "--timings changed the report on stdout"
for phase in "walk" "extract" "model" "queries" "rules" "TEN001" "reports" "total"; do
  grep -q "^ *$phase" "$tmp/err" || fail "--timings lacks phase '$phase': $(cat "$tmp/err")"
done
echo ok
