#!/usr/bin/env bash
# Baselines: create one, move the flagged function 20 lines down and add one new
# violation elsewhere → exactly one new finding; the moved one stays matched.
set -euo pipefail
bin="$1"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/repo/app"
cat > "$tmp/repo/app/views.py" <<'PY'
from fastapi import APIRouter, Response

router = APIRouter()


@router.post("/login")
def login(response: Response):
    response.set_cookie("session_token", "abc")
    return {}
PY
"$bin" baseline create "$tmp/repo" --output "$tmp/base.json" >/dev/null
grep -q AUTH001 "$tmp/base.json" || { echo "baseline should hold the AUTH001 finding"; cat "$tmp/base.json"; exit 1; }
# Move the function 20 lines down and add a second, new violation.
{ printf 'from fastapi import APIRouter, Response\n\nrouter = APIRouter()\n'; for i in $(seq 20); do echo "# padding $i"; done
  cat <<'PY'


@router.post("/login")
def login(response: Response):
    response.set_cookie("session_token", "abc")
    return {}


@router.post("/refresh")
def refresh(response: Response):
    response.set_cookie("refresh_token", "xyz", secure=True)
    return {}
PY
} > "$tmp/repo/app/views.py"
"$bin" "$tmp/repo" --baseline "$tmp/base.json" --format json --output "$tmp/r.json" >/dev/null || true
python3 - "$tmp/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
new = [f for f in r["findings"] if f["baseline"] == "new"]
old = [f for f in r["findings"] if f["baseline"] == "existing"]
assert len(new) == 1 and "refresh_token" in new[0]["message"], new
assert len(old) == 1 and "session_token" in old[0]["message"], old
print("ok: 1 new, 1 existing")
PY
