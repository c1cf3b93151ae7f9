#!/usr/bin/env bash
# CTest cli_determinism_generated: determinism.sh on a generated repository of
# ~120 files, so the model's per-file passes (calls, query sites) are cut into
# several chunks that different threads build. Usage: ARCHVERIFY GEN_REPO_PY DETERMINISM_SH
set -euo pipefail
bin="$1"; gen="$2"; determinism="$3"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 "$gen" "$tmp/repo" --lines 5000 --stack fastapi --seed 11 >/dev/null
files=$(find "$tmp/repo" -name '*.py' | wc -l)
[ "$files" -gt 64 ] || { echo "FAIL: only $files files: too few chunks to spread over 4 threads"; exit 1; }
"$determinism" "$bin" "$tmp/repo"
