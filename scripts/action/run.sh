#!/usr/bin/env bash
# The body of action.yml's "Run archverify" step, kept in a script so the test
# suite can run it (tests/integration/action_run_script.sh). It runs archverify
# with SARIF, JSON and GitHub annotation outputs, records the exit code WITHOUT
# failing, writes the job summary if archverify did not, and sets the step
# outputs: exit-code, score, passed, sarif-file.
#
# Inputs come from the environment (never spliced into the script text):
#   ARCHVERIFY_BIN   the archverify executable
#   INPUT_PATH INPUT_GENOME INPUT_THRESHOLD INPUT_FAIL_ON INPUT_BASELINE
#   INPUT_ARGS       extra arguments, split on whitespace (no shell quoting)
#   INPUT_SARIF_FILE where the SARIF report goes
#   GITHUB_OUTPUT GITHUB_STEP_SUMMARY RUNNER_TEMP  as set by the runner
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
: "${ARCHVERIFY_BIN:?ARCHVERIFY_BIN is not set}"
path="${INPUT_PATH:-.}"
sarif="${INPUT_SARIF_FILE:-archverify.sarif}"
json="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/archverify-report-$$.json"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
out="${GITHUB_OUTPUT:-/dev/null}"

args=("$path" --format sarif --output "$sarif" --format json --output "$json" --format github --output -)
[ -n "${INPUT_GENOME:-}" ] && args+=(--genome "$INPUT_GENOME")
[ -n "${INPUT_THRESHOLD:-}" ] && args+=(--threshold "$INPUT_THRESHOLD")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
extra=()
[ -n "${INPUT_ARGS:-}" ] && read -r -a extra <<<"$INPUT_ARGS"

summary_size_before=$(stat -c %s "$summary" 2>/dev/null || echo 0)
rm -f "$json"
echo "archverify ${args[*]} ${extra[*]+${extra[*]}}"
# GitHub annotations go to the log; their paths are rebased like the SARIF's.
"$ARCHVERIFY_BIN" "${args[@]}" "${extra[@]+"${extra[@]}"}" | python3 "$here/report_tool.py" rebase-annotations "$path"
rc=${PIPESTATUS[0]}
echo "archverify exited with $rc"

# Paths in reports are relative to the analysed root; code scanning wants them
# relative to the repository root.
if [ "$path" != "." ] && [ -f "$sarif" ]; then
  python3 "$here/report_tool.py" rebase-sarif "$sarif" "$path" || echo "::warning::could not rebase SARIF paths"
fi

summary_size_after=$(stat -c %s "$summary" 2>/dev/null || echo 0)
if [ "$summary" != /dev/null ] && [ "$summary_size_after" = "$summary_size_before" ]; then
  python3 "$here/report_tool.py" summary "$json" "$rc" >>"$summary"
fi

{
  echo "exit-code=$rc"
  echo "sarif-file=$sarif"
  python3 "$here/report_tool.py" outputs "$json" "$rc"
  if [ -f "$sarif" ]; then echo "sarif-exists=true"; else echo "sarif-exists=false"; fi
} >>"$out"
rm -f "$json"
exit 0
