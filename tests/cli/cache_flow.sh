#!/usr/bin/env bash
# The facts cache as the check command uses it: the first run parses and
# stores (one pack), an unchanged re-run reads every file from the cache, an edited file
# is parsed again, a corrupted entry is ignored, --no-cache neither reads nor
# writes, --cache-dir moves it, the OpenAPI document and the genome's parsed
# tree are kept and re-read when edited; and the report is the same whichever way the
# facts were obtained, which --timings counts (by stat stamp, by content hash, parsed).
set -euo pipefail
bin="$1"; example="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
unset ARCHVERIFY_CACHE_DIR  # this test is about the default location
cp -r "$example" "$tmp/repo"
rm -rf "$tmp/repo/.archverify_cache"
run() {  # run NAME [args...]: JSON report with run metadata in $tmp/NAME.json; prints files cached_files
  local name="$1"; shift
  "$bin" "$tmp/repo" --format json --include-run-metadata --output "$tmp/$name.json" "$@" >/dev/null || true
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]; print(s["files"], s["cached_files"])' "$tmp/$name.json"
}
same_report() {  # same_report A B: equal apart from the run metadata
  python3 - "$tmp/$1.json" "$tmp/$2.json" <<'PY'
import json, sys
def load(p):
    r = json.load(open(p))
    for k in ("duration_seconds", "cached_files"):
        r["stats"].pop(k)
    return r
a, b = (load(p) for p in sys.argv[1:])
assert a["findings"], "the example should have findings"
sys.exit(0 if a == b else 1)
PY
}
fail() { echo "cache_flow: $*" >&2; exit 1; }

# Files with the same content share an entry, so a run may hit on the second
# copy of a file it stored a moment earlier: at most `dups` such hits.
dups=$(find "$tmp/repo" -name '*.py' -not -path '*/.archverify_cache/*' -exec md5sum {} + | awk '{print $1}' | sort | uniq -d -c | awk '{n += $1 - 1} END {print n + 0}')
read -r files cached < <(run cold)
[ "$files" -gt 10 ] || fail "expected the example's files, got $files"
[ "$cached" -le "$dups" ] || fail "first run: $cached files from an empty cache (only $dups duplicate contents)"
[ -d "$tmp/repo/.archverify_cache" ] || fail "no .archverify_cache/ at the repository root after a cached run"
# The first run writes its entries as one pack, not as loose entry files.
entries_dir=$(find "$tmp/repo/.archverify_cache" -mindepth 1 -maxdepth 1 -type d -name 'facts-*')
[ -f "$entries_dir/pack" ] || fail "no pack after the first cached run"
loose=$(find "$entries_dir" -maxdepth 1 -type f -regex '.*/[0-9a-f]\{32\}' | wc -l)
[ "$loose" = 0 ] || fail "the first run left $loose loose entries beside the pack"

read -r files2 cached < <(run warm)
[ "$cached" = "$files" ] || fail "unchanged re-run: $cached of $files files from the cache"
same_report cold warm || fail "warm report differs from the cold one"

target=$(find "$tmp/repo" -name '*.py' -path '*/app/*' | LC_ALL=C sort | head -n 1)
printf '\n# edited\n' >> "$target"
read -r _ cached < <(run edited)
[ "$cached" = $((files - 1)) ] || fail "one file edited: $cached of $files from the cache (want $((files - 1)))"

# Corrupt every entry: each is a miss, parsed again, and the report is unchanged.
find "$tmp/repo/.archverify_cache" -type f | while read -r f; do printf 'garbage' | dd of="$f" bs=1 seek=20 conv=notrunc status=none; done
read -r _ cached < <(run corrupted)
[ "$cached" -le "$dups" ] || fail "corrupted entries were trusted ($cached hits)"
same_report edited corrupted || fail "report changed after cache corruption"
read -r _ cached < <(run rebuilt)
[ "$cached" = "$files" ] || fail "corrupted entries were not rewritten ($cached of $files hits)"

# The parsed OpenAPI document is cached too: an edited spec must be re-read.
[ -n "$(find "$tmp/repo/.archverify_cache" -name 'spec-*')" ] || fail "the OpenAPI document was not cached"
python3 - "$tmp/repo/openapi.yaml" <<'PY'
import sys
p = sys.argv[1]
text = open(p).read()
assert "\npaths:\n" in text
open(p, "w").write(text.replace("\npaths:\n", "\npaths:\n  /only-in-the-spec:\n    get:\n      responses: {'200': {description: ok}}\n", 1))
PY
run spec_edited >/dev/null
run spec_uncached --no-cache >/dev/null
same_report spec_edited spec_uncached || fail "report after a spec edit differs from a run without the cache"
grep -q '/only-in-the-spec' "$tmp/spec_edited.json" || fail "the edited spec's new operation is not reported"

# So is the genome's parsed YAML tree: an edited genome must be read again.
[ -f "$tmp/repo/archverify.yaml" ] || fail "the example has no archverify.yaml"
[ -n "$(find "$tmp/repo/.archverify_cache" -name 'yaml*-*')" ] || fail "the genome's parsed tree was not cached"
python3 - "$tmp/repo/archverify.yaml" <<'PY'
import re, sys
p = sys.argv[1]
edited, n = re.subn(r"(?m)^  threshold: .*$", "  threshold: 99.5", open(p).read())
assert n == 1, "the example's genome should set quality.threshold once"
open(p, "w").write(edited)
PY
run genome_edited >/dev/null
run genome_uncached --no-cache >/dev/null
same_report genome_edited genome_uncached || fail "report after a genome edit differs from a run without the cache"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["score"]["threshold"] == 99.5 else 1)' "$tmp/genome_edited.json" ||
  fail "the edited genome's threshold was not used"

rm -rf "$tmp/repo/.archverify_cache"
read -r _ cached < <(run nocache --no-cache)
[ "$cached" = 0 ] || fail "--no-cache read the cache"
[ ! -e "$tmp/repo/.archverify_cache" ] || fail "--no-cache wrote .archverify_cache/"

read -r _ cached < <(run elsewhere --cache-dir "$tmp/elsewhere")
read -r _ cached < <(run elsewhere2 --cache-dir "$tmp/elsewhere")
[ "$cached" = "$files" ] || fail "--cache-dir: second run had $cached of $files hits"
[ ! -e "$tmp/repo/.archverify_cache" ] || fail "--cache-dir still wrote to the repository"
ARCHVERIFY_CACHE_DIR="$tmp/from-env" run from_env >/dev/null
[ -d "$tmp/from-env" ] && [ ! -e "$tmp/repo/.archverify_cache" ] || fail "ARCHVERIFY_CACHE_DIR was not used"
# --timings says how the facts were obtained. Files written (or whose inode
# changed) within 3 s of a run are never trusted by their stat stamp: they
# could change unseen in the same clock tick. So a fresh copy is read and
# hashed; once its files are older, a run records their stamps and the next
# one takes them unread.
cp -r "$example" "$tmp/stamps"
rm -rf "$tmp/stamps/.archverify_cache"
how() { "$bin" "$tmp/stamps" --timings -f json -o /dev/null "$@" 2>&1 >/dev/null | grep '^  facts of ' || true; }
n=$(find "$tmp/stamps" -name '*.py' | wc -l)
how | grep -q "facts of $n Python files: [0-9]* from the cache (0 by unchanged stat stamp, [0-9]* by content hash), [0-9]* parsed; pack written; $n files were changed less than 3 s before the run: stamps not recorded" ||
  fail "--timings lacks the cold run's counts: $(how)"
how | grep -q "facts of $n Python files: $n from the cache (0 by unchanged stat stamp, $n by content hash), 0 parsed; pack kept; $n files were changed" ||
  fail "fresh files should come from the cache by content hash: $(how)"
sleep 3.5  # past the margin (touch -d cannot help: it renews the ctime)
how | grep -q "0 parsed; pack written ($n files were not in it at their stamps)$" ||
  fail "the first run after the margin should record the stamps in a new pack: $(how)"
how | grep -q "facts of $n Python files: $n from the cache ($n by unchanged stat stamp, 0 by content hash), 0 parsed; pack kept$" ||
  fail "unchanged older files should be taken by their stamps: $(how)"
how --no-cache | grep -q "facts of $n Python files: $n parsed (cache off)" || fail "--no-cache counts: $(how --no-cache)"
echo "cache_flow: ok ($files files)"
