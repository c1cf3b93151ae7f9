#!/usr/bin/env bash
# check_action.sh CHECK_ACTION FILE: validates an action.yml or a workflow file
# with the workplace's check-action (action-validator). Skips (77) when the
# tool is absent or cannot be installed (offline, no npm).
set -uo pipefail
tool="$1" file="$2"
if [ ! -x "$tool" ]; then
  echo "SKIP: $tool not found (the shared tools folder is not next to this repository; set -DARCHVERIFY_SHARED_DIR)"
  exit 77
fi
"$tool" "$file"
rc=$?
if [ "$rc" -eq 2 ]; then echo "SKIP: check-action could not install its validator"; exit 77; fi
exit "$rc"
