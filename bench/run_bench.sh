#!/usr/bin/env bash
# archverify speed and memory benchmark (issue 8). For each corpus (synthetic
# repositories from gen_repo.py, plus any real checkout given with --repo) it
# measures, in one run and on the same file set:
#   (a) tree-sitter parse-only      archverify --parse-only --jobs N DIR
#   (b) full cold run               archverify DIR --jobs N [--no-cache]
#   (c) warm re-run, nothing changed
#   (d) re-run after appending a comment to one file
#   (e) Bandit                      bandit -r -q DIR
#   (f) warm re-run writing the reports the GitHub Action asks for (SARIF,
#       JSON, workflow commands) instead of the text report: not a target of
#       issue 8, shown per corpus so the cost of CI's reports is visible

# each --reps times (default 3), keeping the median wall time and peak RSS, and
# writes results.md (tables and ratios), raw.csv (every run), scaling.csv and
# scaling.png (time vs size of the synthetic corpora, with gnuplot if present).
# Real repositories are copied first (without .git), so they are never written.
# Exit status of archverify 0/1 (gate passed/failed) and any Bandit status are
# normal here; archverify 2/3 is reported as an error and stops the bench.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

usage() {
  cat <<EOF
Usage: bench/run_bench.sh [options]
  --archverify PATH   binary to measure (default: build/archverify, else archverify on PATH)
  --jobs N            threads for archverify (default: nproc)
  --sizes "A B ..."   synthetic corpus sizes in lines of Python (default: "10000 100000 1000000"; "" for none)
  --repo DIR          also measure this checkout (repeatable; copied, never modified)
  --out DIR           results directory (default: bench/results)
  --work DIR          where corpora are generated/copied (default: \${TMPDIR:-/tmp}/archverify-bench)
  --reps N            repetitions per measurement, median kept (default: 3)
  --stack S           fastapi or flask for the synthetic corpora (default: fastapi)
  --note TEXT         a paragraph added to results.md (e.g. what the build does not do yet)
  --no-bandit         skip (e)
  --plot-only         only redraw scaling.png from an existing OUT/scaling.csv
EOF
}

archverify=""
jobs="$(nproc)"
sizes="10000 100000 1000000"
repos=()
out="$root/bench/results"
work="${TMPDIR:-/tmp}/archverify-bench"
reps=3
stack=fastapi
note=""
run_bandit=1
plot_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --archverify) archverify="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --repo) repos+=("$2"); shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --stack) stack="$2"; shift 2 ;;
    --note) note="$2"; shift 2 ;;
    --no-bandit) run_bandit=0; shift ;;
    --plot-only) plot_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

# plot_scaling: scaling.png from scaling.csv (wall and CPU time of (a) and (b), log-log)
plot_scaling() {
  if ! command -v gnuplot >/dev/null; then
    echo "(gnuplot not found: no scaling.png; install Debian's gnuplot-nox)"
    return 0
  fi
  gnuplot <<EOF
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) { set terminal pngcairo size 800,520 noenhanced } else { set terminal png size 800,520 }
set output "$out/scaling.png"
set datafile separator ","
set key top left
set logscale xy
set grid
set xlabel "lines of Python (synthetic repository)"
set ylabel "seconds (median)"
set title "archverify time vs repository size"
stats "$out/scaling.csv" skip 1 using 1:3 nooutput
slope = STATS_max_y / STATS_max_x
plot "$out/scaling.csv" using 1:2 skip 1 with linespoints pt 7 lc 1 title "(a) tree-sitter parse-only, wall", \\
     "$out/scaling.csv" using 1:3 skip 1 with linespoints pt 5 lc 2 title "(b) full cold run, wall", \\
     "$out/scaling.csv" using 1:4 skip 1 with linespoints pt 6 lc 1 dt 3 title "(a) CPU user+sys", \\
     "$out/scaling.csv" using 1:5 skip 1 with linespoints pt 4 lc 2 dt 3 title "(b) CPU user+sys", \\
     slope * x with lines dt 2 lc rgb "gray" title "linear growth through the largest (b) wall"
EOF
  echo "wrote $out/scaling.png"
}

if [ "$plot_only" = 1 ]; then
  [ -f "$out/scaling.csv" ] || { echo "run_bench.sh: no $out/scaling.csv" >&2; exit 2; }
  plot_scaling
  exit 0
fi

if [ -z "$archverify" ]; then
  if [ -x "$root/build/archverify" ]; then archverify="$root/build/archverify"
  elif [ -x "$root/build/analyzer/cli/archverify" ]; then archverify="$root/build/analyzer/cli/archverify"
  else archverify="$(command -v archverify || true)"; fi
fi
[ -n "$archverify" ] && [ -x "$archverify" ] || { echo "run_bench.sh: no archverify binary (use --archverify PATH)" >&2; exit 2; }
archverify="$(cd "$(dirname "$archverify")" && pwd)/$(basename "$archverify")"
[ -x /usr/bin/time ] || { echo "run_bench.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }
if [ "$run_bandit" = 1 ] && ! command -v bandit >/dev/null; then
  echo "run_bench.sh: bandit not found, skipping (e) (Debian package 'bandit')" >&2
  run_bandit=0
fi
"$archverify" --help 2>/dev/null | grep -q -- --parse-only || { echo "run_bench.sh: $archverify has no --parse-only" >&2; exit 2; }
cache_flag=()
if "$archverify" --help 2>/dev/null | grep -q -- --no-cache; then cache_flag=(--no-cache); fi

mkdir -p "$out" "$work"
raw="$out/raw.csv"
echo "corpus,measurement,rep,wall_s,cpu_s,max_rss_kib,exit_status" > "$raw"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure NAME KIND CMD... : runs CMD once under /usr/bin/time -v; appends to raw.csv;
# sets last_wall / last_rss. KIND "av" accepts exit 0/1, "any" accepts everything.
measure() {
  local corpus="$1" what="$2" rep="$3" kind="$4"; shift 4
  local t0 t1 status
  # Flush what earlier runs wrote or deleted (cache entries, a removed cache
  # folder) first: otherwise the kernel's writeback of that I/O lands in this
  # run's system time (up to ~1 s of a cold run on this VM's ext4).
  sync
  t0=$EPOCHREALTIME
  set +e
  /usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  status=$?
  set -e
  t1=$EPOCHREALTIME
  last_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  last_rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
  last_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tmp/time.txt")
  local exit_status
  exit_status=$(awk -F': ' '/Exit status/ { print $2 }' "$tmp/time.txt")
  [ -n "$exit_status" ] || exit_status=$status
  echo "$corpus,$what,$rep,$last_wall,$last_cpu,$last_rss,$exit_status" >> "$raw"
  if [ "$kind" = av ] && [ "$exit_status" != 0 ] && [ "$exit_status" != 1 ]; then
    echo "run_bench.sh: '$*' exited $exit_status:" >&2
    tail -n 20 "$tmp/stderr.txt" >&2
    exit 3
  fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# series NAME KIND CMD... : --reps runs (one if the first takes over $long_run_s s),
# medians into med_wall / med_cpu / med_rss and the number of runs into med_n
long_run_s=60
series() {
  local corpus="$1" what="$2" kind="$3"; shift 3
  local walls="" cpus="" rsss="" r
  med_n=0
  for ((r = 1; r <= reps; r++)); do
    [ -n "${before_each:-}" ] && eval "$before_each"
    measure "$corpus" "$what" "$r" "$kind" "$@"
    walls+=" $last_wall"; cpus+=" $last_cpu"; rsss+=" $last_rss"; med_n=$r
    if [ "$r" = 1 ] && awk -v w="$last_wall" -v l="$long_run_s" 'BEGIN { exit !(w > l) }'; then break; fi
  done
  med_wall=$(echo "$walls" | median)
  med_cpu=$(echo "$cpus" | median)
  med_rss=$(echo "$rsss" | median)
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0 || a == "" || a == "-") print "-"; else printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "" || k == "-") print "-"; else printf "%.1f", k / 1024 }'; }

# python_files DIR: the .py files, skipping the directories archverify skips by default
python_files() {
  find "$1" \( -name .git -o -name .hg -o -name .svn -o -name .venv -o -name venv -o -name .tox -o -name .nox \
    -o -name node_modules -o -name __pycache__ -o -name .archverify_cache \) -prune -o -type f -name '*.py' -print0
}

# ---------------------------------------------------------------------------
# Corpora
# ---------------------------------------------------------------------------
corpora=()     # "label|dir|kind"
gen_sum="$(sha256sum "$here/gen_repo.py" | cut -c1-16)"
for n in $sizes; do
  dir="$work/gen-$stack-$n"
  stamp="$work/gen-$stack-$n.stamp"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$gen_sum" ] || [ ! -d "$dir" ]; then
    rm -rf "$dir" "$stamp"
    echo "== generating $n-line $stack corpus in $dir"
    python3 "$here/gen_repo.py" "$dir" --lines "$n" --stack "$stack"
    echo "$gen_sum" > "$stamp"
  fi
  corpora+=("synthetic $stack $n|$dir|synthetic")
done
for src in "${repos[@]+"${repos[@]}"}"; do
  if [ ! -d "$src" ]; then echo "run_bench.sh: --repo $src does not exist, skipped" >&2; continue; fi
  name="$(basename "$(cd "$src" && pwd)")"
  dir="$work/repo-$name"
  echo "== copying $src to $dir (without .git)"
  rm -rf "$dir"; mkdir -p "$dir"
  tar -C "$src" --exclude=.git -cf - . | tar -C "$dir" -xf -
  corpora+=("$name|$dir|real")
done
[ ${#corpora[@]} -gt 0 ] || { echo "run_bench.sh: no corpus to measure" >&2; exit 2; }

# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------
summary_rows=()
tables=""
scaling_rows=()
for entry in "${corpora[@]}"; do
  IFS='|' read -r label dir kind <<<"$entry"
  echo "== $label ($dir)"
  rm -rf "$dir/.archverify_cache"
  files=$(python_files "$dir" | tr -cd '\0' | wc -c)
  lines=$(python_files "$dir" | xargs -0 -r cat | wc -l)
  # touch target: the middle .py file in byte order, deterministic for a given tree
  target=$(python_files "$dir" | tr '\0' '\n' | LC_ALL=C sort | awk -v n="$files" 'NR == int(n / 2) + 1')

  # warm the OS file cache once (not measured): every measurement then reads from memory
  "$archverify" --parse-only --jobs "$jobs" "$dir" >/dev/null 2>&1 || true

  before_each=""
  series "$label" parse_only av "$archverify" --parse-only --jobs "$jobs" "$dir"
  a_wall=$med_wall; a_rss=$med_rss; a_cpu=$med_cpu; a_n=$med_n
  parsed=$(sed -n 's/^parsed \([0-9]*\) of \([0-9]*\).*/\1 of \2/p' "$tmp/stdout.txt")

  before_each='rm -rf "$dir/.archverify_cache"'
  series "$label" full_cold av "$archverify" "$dir" --jobs "$jobs" "${cache_flag[@]+"${cache_flag[@]}"}"
  b_wall=$med_wall; b_rss=$med_rss; b_cpu=$med_cpu; b_n=$med_n
  gate_status=$(tail -n 1 "$raw" | cut -d, -f7)
  # 0/1 = analysed (gate passed/failed); 2/3 = configuration or internal error:
  # nothing was analysed, so the timings would measure an early exit.
  if [ "$gate_status" != 0 ] && [ "$gate_status" != 1 ]; then
    echo "run_bench.sh: archverify exited $gate_status on $dir; the measurement is void:" >&2
    "$archverify" "$dir" --jobs "$jobs" -q 2>&1 >/dev/null | tail -n 5 >&2
    exit 1
  fi

  # prime the cache (not measured), then re-run with nothing changed
  before_each=""
  "$archverify" "$dir" --jobs "$jobs" >/dev/null 2>&1 || true
  series "$label" warm av "$archverify" "$dir" --jobs "$jobs"
  c_wall=$med_wall; c_rss=$med_rss; c_cpu=$med_cpu; c_n=$med_n

  series "$label" warm_ci_reports av "$archverify" "$dir" --jobs "$jobs" \
    -f sarif -o "$tmp/report.sarif" -f json -o "$tmp/report.json" -f github -o "$tmp/report.github"
  f_wall=$med_wall; f_rss=$med_rss; f_cpu=$med_cpu; f_n=$med_n

  touch_count=0
  cp -p "$target" "$tmp/target.orig"
  before_each='touch_count=$((touch_count + 1)); printf "\n# bench touch %d\n" "$touch_count" >> "$target"'
  series "$label" one_file_changed av "$archverify" "$dir" --jobs "$jobs"
  d_wall=$med_wall; d_rss=$med_rss; d_cpu=$med_cpu; d_n=$med_n
  before_each=""
  cp -p "$tmp/target.orig" "$target"   # the corpus stays as generated/copied

  if [ "$run_bandit" = 1 ]; then
    series "$label" bandit any bandit -r -q "$dir"
    e_wall=$med_wall; e_rss=$med_rss; e_cpu=$med_cpu; e_n=$med_n
  else
    e_wall="-"; e_rss="-"; e_cpu="-"; e_n=0
  fi

  ba=$(ratio "$b_wall" "$a_wall"); cb=$(ratio "$c_wall" "$b_wall"); db=$(ratio "$d_wall" "$b_wall")
  eb=$(ratio "$e_wall" "$b_wall"); mem=$(ratio "$e_rss" "$b_rss")
  ba_cpu=$(ratio "$b_cpu" "$a_cpu"); eb_cpu=$(ratio "$e_cpu" "$b_cpu")
  summary_rows+=("| $label | $lines | $files | $a_wall | $b_wall | $c_wall | $d_wall | $e_wall | $ba | $cb | $db | $eb | $mem |")
  [ "$kind" = synthetic ] && scaling_rows+=("$lines,$a_wall,$b_wall,$a_cpu,$b_cpu")

  cold_cmd="archverify DIR --jobs $jobs${cache_flag[*]:+ ${cache_flag[*]}}"
  tables+="
### $label

$lines lines of Python in $files files (parse-only reports: parsed $parsed); touched file: \`${target#"$dir"/}\`; gate exit status of the cold run: $gate_status.

| measurement | command | runs | wall s (median) | CPU s user+sys (median) | peak RSS MiB (median) |
|---|---|---:|---:|---:|---:|
| (a) parse-only | \`archverify --parse-only --jobs $jobs DIR\` | $a_n | $a_wall | $a_cpu | $(mib "$a_rss") |
| (b) full, cold | \`$cold_cmd\` | $b_n | $b_wall | $b_cpu | $(mib "$b_rss") |
| (c) warm, nothing changed | \`archverify DIR --jobs $jobs\` | $c_n | $c_wall | $c_cpu | $(mib "$c_rss") |
| (d) one file changed | same, after appending a comment to one file | $d_n | $d_wall | $d_cpu | $(mib "$d_rss") |
| (e) Bandit | \`bandit -r -q DIR\` | $e_n | $e_wall | $e_cpu | $(mib "$e_rss") |
| (f) warm, CI reports | \`archverify DIR --jobs $jobs -f sarif -o F -f json -o F -f github -o F\` | $f_n | $f_wall | $f_cpu | $(mib "$f_rss") |

| ratio | on wall time | on CPU time | target |
|---|---:|---:|---|
| (b)/(a) cold / parse-only | $ba | $ba_cpu | ≤ 1.3 |
| (c)/(b) warm / cold | $cb | $(ratio "$c_cpu" "$b_cpu") | ≤ 0.1 |
| (d)/(b) one file changed / cold | $db | $(ratio "$d_cpu" "$b_cpu") | ≤ 0.15 |
| (e)/(b) Bandit / cold | $eb | $eb_cpu | ≥ 20 |
| Bandit RSS / cold RSS | $mem | | > 1 |
| (f)/(c) CI reports / text report, warm | $(ratio "$f_wall" "$c_wall") | $(ratio "$f_cpu" "$c_cpu") | (none) |
"
done

# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------
src_commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no -- analyzer rules reporters CMakeLists.txt 2>/dev/null)" ]; then
  src_commit+=" (with uncommitted changes)"
fi
version="$("$archverify" --version 2>/dev/null | head -n 1)"
bandit_version="$( [ "$run_bandit" = 1 ] && bandit --version 2>/dev/null | head -n 1 || echo "not run")"
cpu="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown)"

{
  echo "# archverify benchmark results"
  echo
  echo "Measured $(date -u +%Y-%m-%d) by \`bench/run_bench.sh\` on source commit $src_commit ($version)."
  echo "Machine: $cpu, $(nproc) CPUs visible; archverify with --jobs $jobs; $reps repetitions, medians."
  echo "Bandit: $bandit_version (single-threaded). Cache flag for the cold run: ${cache_flag[*]:-none (this build has no --no-cache)}."
  echo "The OS file cache is warm for every measurement (one unmeasured parse-only pass first), and each run starts after \`sync\` (earlier runs' writes are on disk)."
  echo "A measurement whose first run takes over ${long_run_s} s is run once (column 'runs')."
  echo "Load average when the bench ended: $(cut -d' ' -f1-3 /proc/loadavg) (wall times on a shared machine are noisy; CPU times less so)."
  if [ -n "$note" ]; then echo; echo "$note"; fi
  echo
  echo "## Summary (wall seconds, medians)"
  echo
  echo "| corpus | lines | files | (a) parse | (b) cold | (c) warm | (d) 1 file | (e) Bandit | b/a | c/b | d/b | e/b | Bandit RSS / cold RSS |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${summary_rows[@]}"
  echo
  echo "Targets (issue 8): b/a ≤ 1.3, c/b ≤ 0.1, d/b ≤ 0.15, e/b ≥ 20, Bandit RSS / archverify RSS > 1."
  echo
  echo "## Per corpus"
  echo "$tables"
  echo "Every individual run is in \`raw.csv\`; time vs size of the synthetic corpora in \`scaling.csv\` / \`scaling.png\`."
} > "$out/results.md"

{
  echo "lines,parse_only_s,full_s,parse_only_cpu_s,full_cpu_s"
  [ ${#scaling_rows[@]} -gt 0 ] && printf '%s\n' "${scaling_rows[@]}" | sort -t, -k1,1n
} > "$out/scaling.csv"

if [ ${#scaling_rows[@]} -lt 2 ]; then
  echo "(fewer than two synthetic sizes: no scaling plot)"
else
  plot_scaling
fi

cat "$out/results.md"
