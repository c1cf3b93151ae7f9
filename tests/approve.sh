#!/usr/bin/env sh
# Accepts reporter output changes: every tests/approved/*.received.* file that
# a failing approval test wrote replaces its approved twin. Review the diff
# first (git diff after running this, or diff the pairs), then commit.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)/approved"
found=0
for rec in "$dir"/*.received.*; do
  [ -e "$rec" ] || continue
  found=1
  approved="$(printf '%s' "$rec" | sed 's/\.received\././')"
  mv "$rec" "$approved"
  echo "approved: ${approved#"$dir"/}"
done
[ "$found" -eq 1 ] || echo "nothing to approve (no *.received.* files in tests/approved)"
