#!/usr/bin/env bash
# Same input → byte-identical JSON and SARIF, whatever the thread count, and
# whichever reports are asked for together.
set -euo pipefail
bin="$1"; repo="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for j in 1 2 4; do
  "$bin" "$repo" --jobs "$j" --no-cache --format json --output "$tmp/r$j.json" --format sarif --output "$tmp/r$j.sarif" >/dev/null || [ $? -eq 1 ]
  "$bin" inspect "$repo" --jobs "$j" --no-cache --json >"$tmp/m$j.json"
done
for j in 2 4; do
  cmp "$tmp/m1.json" "$tmp/m$j.json" || { echo "model (inspect --json) differs between --jobs 1 and --jobs $j"; exit 1; }
  cmp "$tmp/r1.json" "$tmp/r$j.json" || { echo "JSON differs between --jobs 1 and --jobs $j"; exit 1; }
  cmp "$tmp/r1.sarif" "$tmp/r$j.sarif" || { echo "SARIF differs between --jobs 1 and --jobs $j"; exit 1; }
done
# Report files of one run are written on several threads at once: each must
# be what that format alone prints to standard output.
for f in json sarif github text; do
  "$bin" "$repo" --jobs 2 --no-cache --format "$f" >"$tmp/alone.$f" || [ $? -eq 1 ]
done
"$bin" "$repo" --jobs 2 --no-cache -f json -o "$tmp/t.json" -f sarif -o "$tmp/t.sarif" -f github -o "$tmp/t.github" \
  -f text -o "$tmp/t.text" --color never >/dev/null || [ $? -eq 1 ]
for f in json sarif github text; do
  cmp "$tmp/alone.$f" "$tmp/t.$f" || { echo "the $f report written beside others differs from it alone"; exit 1; }
done
# One path named twice: the reports are written one after the other, in the
# order given, and the file holds the last (here the shorter one, so a tail
# of the first left behind would show).
"$bin" "$repo" --jobs 2 --no-cache -f sarif -o "$tmp/same" -f json -o "$tmp/./same" >/dev/null || [ $? -eq 1 ]
cmp "$tmp/alone.json" "$tmp/same" || { echo "a path named twice does not hold the last report"; exit 1; }
# No absolute paths or timestamps unless asked for.
if grep -q "$(cd "$repo" && pwd)" "$tmp/r1.json" "$tmp/r1.sarif"; then echo "absolute path in output"; exit 1; fi
grep -q '"results"' "$tmp/r1.sarif"
echo "ok: report and model identical across --jobs 1/2/4 and written alone or together"
