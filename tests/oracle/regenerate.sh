#!/bin/sh
# Regenerate tests/oracle/expected/*.json from the real frameworks
# (Debian's python3-fastapi, python3-flask, python3-flask-sqlalchemy, python3-sqlalchemy).
#   tests/oracle/regenerate.sh           rewrite the expected files
#   tests/oracle/regenerate.sh --check   exit 1 if a committed file is out of date
set -eu
PY=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=${1:-write}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for spec in fastapi_multitenant:fastapi flask_multitenant:flask; do
    app=${spec%%:*}
    kind=${spec##*:}
    "$PY" "$here/dump_routes.py" "$root/fixtures/repos/$app" "$kind" > "$tmp/$app.routes.json"
    "$PY" "$here/dump_foreign_keys.py" "$root/fixtures/repos/$app" "$kind" > "$tmp/$app.fks.json"
    for f in "$app.routes.json" "$app.fks.json"; do
        if [ "$mode" = "--check" ]; then
            if ! cmp -s "$tmp/$f" "$here/expected/$f"; then
                echo "out of date: tests/oracle/expected/$f" >&2
                diff -u "$here/expected/$f" "$tmp/$f" >&2 || true
                status=1
            fi
        else
            cp "$tmp/$f" "$here/expected/$f"
            echo "wrote tests/oracle/expected/$f"
        fi
    done
done
exit $status
