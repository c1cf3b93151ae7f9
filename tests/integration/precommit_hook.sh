#!/usr/bin/env bash
# precommit_hook.sh MODE ARCHVERIFY REPO [GRAMMAR_TARBALL]: a pre-commit hook run by
# Debian's pre-commit against a temporary git repository holding a small app,
# with the built archverify first on PATH. The hook repository is a fresh clone
# of REPO's HEAD (pre-commit clones hooks from git: committed state only).
#   run-config  .pre-commit-config.yaml pins the hook with `args: [--fail-on, low]`
#               and `pre-commit run --all-files` runs it; a commit touching only
#               non-Python files skips it (types: [python]).
#   try-repo    `pre-commit try-repo <hooks> archverify --all-files` (hook
#               default args: none); the gate comes from the project's own
#               configuration, `[tool.archverify] fail_on = "low"` in pyproject.toml.
#   build-hook  like run-config with the `archverify-build` hook and archverify
#               NOT on PATH: the hook builds it in pre-commit's clone on first use
#               (offline: ARCHVERIFY_GRAMMAR_TARBALL), and not again afterwards.
# Both: the app with a reasonless, stale suppression FAILS; with it removed PASSES.
set -uo pipefail
mode="$1" bin="$2" repo="$3" grammar="${4:-}"
command -v pre-commit >/dev/null || { echo "SKIP: pre-commit is not installed"; exit 77; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/pre-commit-home" PRE_COMMIT_COLOR=never
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
mkdir -p "$HOME" "$tmp/bin"
hook_id=archverify
if [ "$mode" = build-hook ]; then
  hook_id=archverify-build
  [ -f "$grammar" ] || { echo "SKIP: no grammar tarball at '$grammar' to build offline"; exit 77; }
  export ARCHVERIFY_GRAMMAR_TARBALL="$grammar"
  ! command -v archverify >/dev/null || { echo "SKIP: an archverify is already on PATH"; exit 77; }
else
  ln -s "$bin" "$tmp/bin/archverify"
  export PATH="$tmp/bin:$PATH"
fi

hooks="$tmp/hooks"
git clone -q "$repo" "$hooks" || fail "git clone $repo"
rev="$(git -C "$repo" rev-parse HEAD)"
git -C "$hooks" checkout -q --detach "$rev" || fail "checkout $rev"
[ -f "$hooks/.pre-commit-hooks.yaml" ] || { echo "SKIP: .pre-commit-hooks.yaml is not committed at $rev"; exit 77; }

proj="$tmp/project"; mkdir -p "$proj/app"
git -C "$proj" init -q
cat >"$proj/app/__init__.py" <<'PY'
PY
cat >"$proj/app/main.py" <<'PY'
def list_items(db):
    return db.run()  # archverify: ignore[TEN001]
PY
echo "# demo" >"$proj/README.md"

hook() {  # hook LABEL: runs the hook the MODE's way, prints its output, returns its status
  local rc
  echo "== $1"
  if [ "$mode" = try-repo ]; then
    (cd "$proj" && git add -A && pre-commit try-repo "$hooks" archverify --all-files) >"$tmp/out" 2>&1
  else
    (cd "$proj" && git add -A && pre-commit run --all-files) >"$tmp/out" 2>&1
  fi
  rc=$?
  sed 's/^/   /' "$tmp/out"
  return $rc
}

case "$mode" in
  run-config|build-hook)
    cat >"$proj/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: $hook_id
        args: [--fail-on, low]
YAML
    # build-hook: show the hook's output on success too, to see (no) rebuild
    [ "$mode" = build-hook ] && echo "        verbose: true" >>"$proj/.pre-commit-config.yaml"
    ;;
  try-repo)
    printf '[tool.archverify]\nfail_on = "low"\n' >"$proj/pyproject.toml"
    # try-repo cannot pass args, so this mode needs archverify to read
    # pyproject.toml. Check that precondition directly, without pre-commit.
    if (cd "$proj" && archverify >/dev/null 2>&1); then
      echo "SKIP: this archverify build does not gate on [tool.archverify] fail_on yet (config loader not wired into the default command)"
      exit 77
    fi
    ;;
  *) fail "unknown mode $mode" ;;
esac

hook "violating app (suppression without a reason)" && fail "the hook passed on the violating app"
grep -q '^archverify.*Failed' "$tmp/out" || fail "pre-commit did not report the $hook_id hook as Failed"
if [ "$mode" = build-hook ]; then
  grep -q 'first use of this hook version, building' "$tmp/out" || fail "the hook did not build archverify"
  ls -d "$PRE_COMMIT_HOME"/repo*/.pre-commit-build/.archverify-built >/dev/null || fail "no build in pre-commit's clone"
fi
grep -q 'SUP001' "$tmp/out" || fail "the hook output does not name SUP001"

sed -i 's/  # archverify: ignore\[TEN001\]//' "$proj/app/main.py"
hook "fixed app" || fail "the hook failed on the fixed app"
grep -q '^archverify.*Passed' "$tmp/out" || fail "pre-commit did not report the $hook_id hook as Passed"
if [ "$mode" = build-hook ]; then
  grep -q 'building' "$tmp/out" && fail "the hook rebuilt archverify on its second use"
fi

if [ "$mode" = run-config ]; then
  # types: [python] - a run over non-Python files only skips the hook,
  # even though the (restored) violation is still in the tree.
  echo 'def f(db): return db.run()  # archverify: ignore[TEN001]' >>"$proj/app/main.py"
  git -C "$proj" add -A
  (cd "$proj" && pre-commit run --files README.md) >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "pre-commit run --files README.md failed"; }
  sed 's/^/   /' "$tmp/out"
  grep -q 'archverify.*Skipped' "$tmp/out" || fail "the hook was not skipped for a non-Python change"
  # ... and a run over one Python file analyses the whole repository once.
  (cd "$proj" && pre-commit run --files app/__init__.py) >"$tmp/out" 2>&1 && fail "the hook passed with a violation elsewhere in the repo"
  sed 's/^/   /' "$tmp/out"
  grep -q 'app/main.py' "$tmp/out" || fail "the hook did not analyse the whole repository"
fi
echo "ok"
