#!/usr/bin/env bash
# Same input → byte-identical JSON and SARIF, whatever the thread count.
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
# No absolute paths or timestamps unless asked for.
if grep -q "$(cd "$repo" && pwd)" "$tmp/r1.json" "$tmp/r1.sarif"; then echo "absolute path in output"; exit 1; fi
grep -q '"results"' "$tmp/r1.sarif"
echo "ok: report and model identical across --jobs 1/2/4"
