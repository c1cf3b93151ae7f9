#!/usr/bin/env bash
# CTest bench_generator_smoke: checks bench/gen_repo.py, not speed. A 5k-line
# repository (FastAPI and Flask) generates, is byte-identical when generated
# twice, lands within 5% of the requested lines, compiles with py_compile, and
# archverify analyses it with exit status 0 or 1 (gate passed/failed), not 2/3.
# Usage: generator_smoke.sh ARCHVERIFY GEN_REPO_PY
set -euo pipefail
archverify="$1"
gen="$2"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for stack in fastapi flask; do
  python3 "$gen" "$tmp/$stack-a" --lines 5000 --stack "$stack" --seed 7 >/dev/null
  python3 "$gen" "$tmp/$stack-b" --lines 5000 --stack "$stack" --seed 7 >/dev/null
  diff -r "$tmp/$stack-a" "$tmp/$stack-b" >/dev/null || { echo "FAIL: $stack output differs between two runs"; exit 1; }

  lines=$(find "$tmp/$stack-a" -name '*.py' -print0 | xargs -0 cat | wc -l)
  if [ "$lines" -lt 4750 ] || [ "$lines" -gt 5250 ]; then
    echo "FAIL: $stack: $lines lines of Python, wanted 5000 +- 5%"; exit 1
  fi
  [ -f "$tmp/$stack-a/archverify.yaml" ] || { echo "FAIL: $stack: no archverify.yaml"; exit 1; }

  # bytecode goes outside the tree so the tree stays as generated
  find "$tmp/$stack-a" -name '*.py' -print0 | PYTHONPYCACHEPREFIX="$tmp/pyc" xargs -0 python3 -m py_compile \
    || { echo "FAIL: $stack: generated Python does not compile"; exit 1; }

  set +e
  "$archverify" "$tmp/$stack-a" --jobs 2 >"$tmp/out.txt" 2>&1
  status=$?
  set -e
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "FAIL: $stack: archverify exited $status"; tail -n 20 "$tmp/out.txt"; exit 1
  fi
  echo "ok: $stack, $lines lines, archverify exit $status"
done
