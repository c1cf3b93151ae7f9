#!/usr/bin/env bash
# Exit codes and clear errors: 2 for a missing path, a bad option, a bad genome
# (with file:line:column), an unknown rule (with "did you mean"), a report that
# cannot be written (the others still are); 0/1 by the gate;
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
# A report that cannot be written: named on stderr with the reason, exit 2,
# and the other reports of the run are still written whole.
expect 2 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json -o "$tmp/no-such-dir/r.json" -f sarif -o "$tmp/r.sarif"
grep -q "cannot write $tmp/no-such-dir/r.json: No such file or directory" "$tmp/err" || fail "unwritable report not named: $(cat "$tmp/err")"
grep -q '"results"' "$tmp/r.sarif" && tail -c 2 "$tmp/r.sarif" | grep -q '}' || fail "the other report was not written whole"
if [ -w /dev/full ]; then
  expect 2 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json -o /dev/full
  grep -q "cannot write /dev/full: No space left on device" "$tmp/err" || fail "full disk not reported: $(cat "$tmp/err")"
  "$bin" "$fixtures/rules/SUP001" --threshold 0 >/dev/full 2>"$tmp/err"; got=$?
  [ "$got" = 2 ] || fail "a report to a full standard output exits $got, wanted 2"
  grep -q "cannot write the text report to standard output" "$tmp/err" || fail "full stdout not reported: $(cat "$tmp/err")"
  for command in "rules" "explain TEN001" "inspect $fixtures/rules/SUP001 --json"; do
    # shellcheck disable=SC2086
    "$bin" $command >/dev/full 2>"$tmp/err"; got=$?
    [ "$got" = 2 ] || fail "'$command' to a full standard output exits $got, wanted 2"
    grep -q "cannot write to standard output" "$tmp/err" || fail "'$command': full stdout not reported: $(cat "$tmp/err")"
  done
fi
# --timings: the phase table goes to stderr; the report on stdout is unchanged.
expect 0 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json
cp "$tmp/out" "$tmp/plain.json"
expect 0 "$bin" "$fixtures/rules/SUP001" --threshold 0 -f json --timings
cmp -s "$tmp/out" "$tmp/plain.json" || fail "--timings changed the report on stdout"
for phase in "walk" "extract" "model" "queries" "rules" "TEN001" "reports" "total"; do
  grep -q "^ *$phase" "$tmp/err" || fail "--timings lacks phase '$phase': $(cat "$tmp/err")"
done
echo ok
