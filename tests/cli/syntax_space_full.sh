#!/usr/bin/env bash
# CTest cli_syntax_space_full: when the syntax space (analyzer/model/
# syntax_space.h) is full, the files that no longer fit are skipped with the
# reason and the run goes on: no crash, the files that fit are analysed, and
# the report is complete otherwise. ARCHVERIFY_SYNTAX_SPACE_MIB caps the
# space at 1 MiB so a small generated repository overflows it, on one thread
# and on two. Usage: ARCHVERIFY GEN_REPO_PY
set -uo pipefail
bin="$1"; gen="$2"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
python3 "$gen" "$tmp/repo" --lines 20000 --stack fastapi --seed 5 >/dev/null || { echo "FAIL: generator"; exit 1; }
for jobs in 1 2; do
  ARCHVERIFY_SYNTAX_SPACE_MIB=1 "$bin" "$tmp/repo" --no-cache --jobs $jobs -f json -o "$tmp/r$jobs.json" >/dev/null 2>"$tmp/err"
  rc=$?
  [ $rc -le 1 ] || { echo "FAIL: exit $rc with a full syntax space (jobs $jobs)"; cat "$tmp/err"; exit 1; }
  python3 - "$tmp/r$jobs.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
full = [d for d in r["diagnostics"] if d["kind"] == "skipped-file" and "no room left for this file's syntax" in d["message"]]
assert full, "no file was skipped for lack of syntax space"
assert all("at most 1 MiB" in d["message"] for d in full), full[0]["message"]
assert r["stats"]["files"] > 0, "the files that fit are still analysed"
assert r["stats"]["skipped_files"] == len(full), "every skipped file says why"
assert r["findings"], "the rest of the report is still there"
print(f"ok: {r['stats']['files']} files analysed, {len(full)} skipped for a full syntax space")
PY
done
# The same repository with the default space: nothing is skipped for it.
"$bin" "$tmp/repo" --no-cache -f json -o "$tmp/full.json" >/dev/null 2>&1
if grep -q "no room left" "$tmp/full.json"; then echo "FAIL: files skipped with the default syntax space"; exit 1; fi
echo "ok: nothing skipped with the default space"
