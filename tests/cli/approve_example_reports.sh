#!/usr/bin/env bash
# Approval test of the reports on a bundled example repository: the JSON, SARIF
# and text outputs must equal tests/approved/<app>.{json,sarif,txt} after
# normalising the tool version. On a difference, writes <app>.received.<ext>
# next to the approved file and fails; tests/approve.sh accepts it.
set -euo pipefail
bin="$1"; repo="$2"; approved_dir="$3"
app="$(basename "$repo")"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
"$bin" "$repo" --color never --format json --output "$tmp/out.json" --format sarif --output "$tmp/out.sarif" \
  --format text --output "$tmp/out.txt" >/dev/null || [ $? -eq 1 ]
version="$("$bin" --version | awk '{print $2}')"
status=0
for ext in json sarif txt; do
  sed -e "s/\"$version\"/\"<version>\"/g" -e "s/archverify $version/archverify <version>/g" "$tmp/out.$ext" > "$tmp/norm.$ext"
  approved="$approved_dir/$app.$ext"
  if [ -f "$approved" ] && cmp -s "$tmp/norm.$ext" "$approved"; then
    rm -f "$approved_dir/$app.received.$ext"
  else
    cp "$tmp/norm.$ext" "$approved_dir/$app.received.$ext"
    echo "differs: $approved (wrote $app.received.$ext; review, then tests/approve.sh)"
    if [ -f "$approved" ]; then diff -u "$approved" "$tmp/norm.$ext" | head -40 || true; fi
    status=1
  fi
done
exit $status
