#!/usr/bin/env bash
# Bad input never crashes the run and never loses the rest of the report:
# binary and non-UTF-8 files, syntax errors, a huge file, deep nesting, a
# symlink loop, an unreadable file, a broken spec and pyproject.
set -uo pipefail
bin="$1"; tmp="$(mktemp -d)"; trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
r="$tmp/repo"; mkdir -p "$r/app"
cat > "$r/app/ok.py" <<'PY'
from fastapi import APIRouter, Response
router = APIRouter()
@router.post("/login")
def login(response: Response):
    response.set_cookie("session_token", "abc")
PY
printf 'def broken(:\n    pass\n' > "$r/app/syntax.py"
head -c 4096 /dev/urandom > "$r/app/binary.py"
printf 'x = "\xff\xfe"\n' > "$r/app/latin1.py"
python3 -c "print('x = ' + '(' * 3000 + '1' + ')' * 3000)" > "$r/app/deep.py"
python3 -c "
for i in range(100000): print(f'v{i} = {i}')" > "$r/app/huge.py"
ln -s .. "$r/app/loop"
echo "x = 1" > "$r/app/secret.py"; chmod 000 "$r/app/secret.py"
printf 'openapi: 3.0.0\npaths: [\n' > "$r/openapi.yaml"
printf '[tool.archverify\nthreshold = \n' > "$r/pyproject.toml"
"$bin" "$r" --format json --output "$tmp/r.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
# The broken pyproject is a configuration error: exit 2 with the position.
[ $rc -eq 2 ] || { echo "broken pyproject.toml should be exit 2, got $rc"; cat "$tmp/err"; exit 1; }
grep -q "pyproject.toml:1" "$tmp/err" || { echo "pyproject error without position"; cat "$tmp/err"; exit 1; }
rm "$r/pyproject.toml"
timeout 120 "$bin" "$r" --max-file-size 5000000 --format json --output "$tmp/r.json" >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc -le 1 ] || { echo "exit $rc"; cat "$tmp/err"; exit 1; }
python3 - "$tmp/r.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
kinds = {(d["kind"], d["location"]["path"] if "location" in d else d.get("path", "")) for d in r["diagnostics"]}
text = json.dumps(r["diagnostics"])
for needle in ["app/syntax.py", "app/binary.py", "app/latin1.py", "openapi.yaml"]:
    assert needle in text, (needle, text)
assert any(f["rule"] == "AUTH001" for f in r["findings"]), "the rest of the report is still there"
print("ok:", len(r["diagnostics"]), "diagnostics,", len(r["findings"]), "findings")
PY
