#!/usr/bin/env bash
# The SARIF archverify writes for a real (example) repository passes check-sarif
# (OASIS schema + Microsoft's multitool with GitHub's ingestion rules).
set -euo pipefail
bin="$1"; repo="$2"; checker="$3"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
[ -x "$checker" ] || { echo "SKIPPED: $checker not found (the shared tools sit next to the checkout)"; exit 77; }
"$bin" "$repo" --format sarif --output "$tmp/out.sarif" >/dev/null || [ $? -eq 1 ]
python3 - "$tmp/out.sarif" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
results = doc["runs"][0]["results"]
assert results, "expected findings on the example repository"
for r in results:
    assert r["partialFingerprints"]["primaryLocationLineHash"], r
    assert not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/"), r
print(len(results), "results")
PY
"$checker" "$tmp/out.sarif"
