#!/usr/bin/env bash
# completion_bash.sh ARCHVERIFY: sources `archverify completion bash` in bash,
# checks that `complete -p archverify` is registered and what the completion
# function offers, and that every option `--help` lists (for the main command
# and each subcommand) is offered after `--`, so the script cannot drift from
# the CLI definition.
set -uo pipefail
bin="$1"
fail() { echo "FAIL: $*"; exit 1; }
script="$("$bin" completion bash)" || fail "archverify completion bash exited $?"
# shellcheck disable=SC1090
source <(printf '%s\n' "$script")
complete -p archverify | grep -q -- '-F _archverify' || fail "complete -p archverify: $(complete -p archverify 2>&1)"

# comp WORD...: what completing the last word of `WORD...` offers, one per line.
comp() {
  COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  _archverify archverify "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
# (the completions are captured first: `comp | grep -q` under pipefail could
# fail on SIGPIPE when grep exits at the first match)
expect() {  # expect WANT WORD...
  local want="$1" got; shift
  got="$(comp "$@")"
  grep -qxF -- "$want" <<<"$got" || fail "completing '$*' does not offer '$want' (got: $(tr '\n' ' ' <<<"$got"))"
}
refuse() {  # refuse UNWANTED WORD...
  local bad="$1" got; shift
  got="$(comp "$@")"
  if grep -qxF -- "$bad" <<<"$got"; then fail "completing '$*' offers '$bad'"; fi
}

expect explain archverify ex
refuse inspect archverify ex
expect inspect archverify ""
expect sarif archverify --format ""
expect github archverify ./repo -f g
expect critical archverify --fail-on c
expect never archverify --color n
expect create archverify baseline ""
expect bash archverify completion ""
expect --json archverify inspect --j
expect --force archverify init --f
refuse --force archverify inspect --f
expect --fail-on archverify --fail
expect --genome archverify baseline create --g

# Rule codes and names come from the registry.
codes="$("$bin" rules --json | python3 -c 'import json,sys; [print(r["code"] + "\n" + r["name"]) for r in json.load(sys.stdin)]')"
[ -n "$codes" ] || fail "archverify rules --json listed no rules"
while read -r code; do
  expect "$code" archverify explain ""
  expect "$code" archverify --select ""
done <<<"$codes"
first="$(head -1 <<<"$codes")"; last="$(sed -n '$p' <<<"$codes")"
expect "$first,$last" archverify --ignore "$first,${last:0:2}"

# No drift: every option in each command's --help is completed.
for sub in "" inspect rules explain init config "baseline create" completion; do
  # shellcheck disable=SC2086
  help="$("$bin" $sub --help)" || fail "archverify $sub --help failed"
  # option lines look like "  -j,--jobs UINT ..." - first column, comma separated
  opts="$(awk '/^  -/ { print $1 }' <<<"$help" | tr ',' '\n' | sort -u)"
  [ -n "$opts" ] || fail "no options found in 'archverify $sub --help'"
  for opt in $opts; do
    # shellcheck disable=SC2086
    expect "$opt" archverify $sub -
  done
  echo "archverify ${sub:-(check)}: $(tr '\n' ' ' <<<"$opts")completed"
done
echo "ok: complete -p archverify -> $(complete -p archverify)"
