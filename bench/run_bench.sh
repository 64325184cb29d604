#!/usr/bin/env bash
# End-to-end speed benchmark of `wiretrace cluster`, always beside the Go peer
# (ekzhu/minhash-lsh, ../shared/bench/go-peer) on the same corpus, in the same
# run, with the quality each run reached.
#
#   bash bench/run_bench.sh BUILD_DIR [N]      # BUILD_DIR holds the `wiretrace` binary
#   make bench                                 # = bash bench/run_bench.sh build
#   WIRETRACE_BENCH_N=2000 make bench          # a quick run on a small corpus
#
# Environment (all optional):
#   WIRETRACE_BENCH_N        corpus size when N is not given (default 50000)
#   WIRETRACE_BENCH_RUNS     runs per configuration (default 3; the table shows medians)
#   WIRETRACE_BENCH_DIR      work folder: cached corpora, Go peer, outputs (default /tmp/wiretrace-bench)
#   WIRETRACE_BENCH_REUTERS  0 skips the Reuters-21578 comparison (default 1)
#   WIRETRACE_BENCH_GO       0 skips the Go peer (default 1)
#
# Configurations, run interleaved (run 1 of each, then run 2 of each, ...) so
# that noise from other work on the machine hits them all alike:
#   wiretrace t1       wiretrace cluster --threads 1
#   wiretrace t2       wiretrace cluster --threads 2
#   wiretrace classic  wiretrace cluster --threads 1 --classic-minhash (in-project reference)
#   shingles only t1   wiretrace cluster --threads 1 --no-content-words (the cost of the content-word path)
#   go peer            nddbench-go (single-threaded), the yardstick
# Each runs under GNU time (`%e %M`: wall seconds, peak RSS). Throughput counts
# input documents and input file bytes, the same for every tool.
#
# Exit status: 0 when done or when ../shared is absent (nothing to compare
# against), 1 on usage errors, 2 when a wiretrace run or a required tool fails.
set -euo pipefail

die() { echo "run_bench: error: $*" >&2; exit 2; }
note() { echo "run_bench: $*" >&2; }

usage() {
  sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 1
}

[[ $# -ge 1 && $# -le 2 ]] || usage
case "$1" in -h|--help) usage ;; esac

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null || (cd "$script_dir/.." && pwd))"

# BUILD_DIR as given (relative to the caller's cwd), else relative to the repo root.
build_arg="$1"
if [[ -d "$build_arg" ]]; then
  build_dir="$(cd "$build_arg" && pwd)"
elif [[ -d "$repo_root/$build_arg" ]]; then
  build_dir="$(cd "$repo_root/$build_arg" && pwd)"
else
  die "build folder '$build_arg' not found (build it: cmake -S . -B $build_arg -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build $build_arg -j2 --target wiretrace_cli)"
fi
wiretrace="$build_dir/wiretrace"
[[ -x "$wiretrace" ]] || die "$wiretrace missing (cmake --build $build_dir -j2 --target wiretrace_cli)"

n="${2:-${WIRETRACE_BENCH_N:-50000}}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "run_bench: N must be a positive integer, got '$n'" >&2; exit 1; }
runs="${WIRETRACE_BENCH_RUNS:-3}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run_bench: WIRETRACE_BENCH_RUNS must be a positive integer" >&2; exit 1; }
work="${WIRETRACE_BENCH_DIR:-/tmp/wiretrace-bench}"

# ../shared beside the repository; absent in a user's clone elsewhere.
shared=""
for candidate in "$repo_root/../shared" "$script_dir/../../shared"; do
  if [[ -f "$candidate/bench/gen_corpus.py" ]]; then shared="$(cd "$candidate" && pwd)"; break; fi
done
if [[ -z "$shared" ]]; then
  note "skipping: ../shared/bench (corpus generator, Go peer, scorer) not found beside $repo_root"
  exit 0
fi

command -v python3 >/dev/null || die "python3 is required (corpus generator and scorer)"

# Installs Debian packages when we may (root, apt-get present); returns 1 otherwise.
apt_install() {
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    note "installing $* ..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$work/apt.log" 2>&1 && return 0
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$work/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$work/apt.log" 2>&1 && return 0
    note "apt-get install $* failed (see $work/apt.log)"
  fi
  return 1
}

mkdir -p "$work/out"

# GNU time (not the shell keyword): wall seconds and peak RSS.
gnu_time=/usr/bin/time
if ! "$gnu_time" --version 2>&1 | grep -q GNU; then
  apt_install time || die "GNU time (/usr/bin/time, Debian package 'time') is required"
fi

# --- (a) corpus ----------------------------------------------------------------
corpus="$work/news_$n.jsonl"
truth="$work/truth_$n.jsonl"
if [[ -s "$corpus" && -s "$truth" ]]; then
  note "corpus: $corpus (cached)"
else
  note "corpus: generating $n articles, seed 42 -> $corpus"
  # Write beside, then rename: an interrupted run never leaves a half corpus in the cache.
  python3 "$shared/bench/gen_corpus.py" "$n" 42 "$corpus.part" "$truth.part" >&2 ||
    die "gen_corpus.py failed"
  mv "$truth.part" "$truth"
  mv "$corpus.part" "$corpus"
fi

# --- (b) Go peer -----------------------------------------------------------------
gopeer=""
if [[ "${WIRETRACE_BENCH_GO:-1}" != 0 ]]; then
  gosrc=/usr/share/gocode/src/github.com/ekzhu/minhash-lsh
  if ! command -v go >/dev/null || [[ ! -d "$gosrc" ]]; then
    apt_install golang-go golang-github-ekzhu-minhash-lsh-dev || true
  fi
  if command -v go >/dev/null && [[ -d "$gosrc" ]]; then
    gobin="$work/gopeer/nddbench-go"
    if [[ ! -x "$gobin" || "$shared/bench/go-peer/main.go" -nt "$gobin" ]]; then
      mkdir -p "$work/gopeer/src/nddbench"
      cp "$shared/bench/go-peer/main.go" "$work/gopeer/src/nddbench/"
      if (cd "$work/gopeer" && GO111MODULE=off GOPATH="$work/gopeer:/usr/share/gocode" \
            GOCACHE="$work/gocache" go build -o nddbench-go nddbench) >&2; then
        note "go peer: built $gobin"
      else
        note "go peer: build failed; continuing WITHOUT the Go peer (no yardstick in this run)"
      fi
    fi
    [[ -x "$gobin" ]] && gopeer="$gobin"
  else
    note "go peer: Go or ekzhu/minhash-lsh cannot be installed here; continuing WITHOUT the Go peer"
  fi
else
  note "go peer: skipped (WIRETRACE_BENCH_GO=0)"
fi

# --- (c) timed runs ---------------------------------------------------------------
results="$work/results_$n.tsv"   # corpus label threads rep wall_s rss_kb docs bytes precision recall f1 clusters
: >"$results"

to_labels() {  # wiretrace JSONL output -> id<TAB>cluster
  python3 -c '
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        d = json.loads(line)
        out.write("%s\t%s\n" % (d["id"], d["cluster"]))
' "$1" "$2"
}

# score LABELS TRUTH -> "precision recall f1 pred_clusters"
score() {
  python3 "$shared/bench/eval_clusters.py" "$1" "$2" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["precision"], d["recall"], d["f1"], d["pred_clusters"])'
}

# run_one CORPUS_NAME LABEL THREADS REP INPUT TRUTH -- COMMAND...
# COMMAND must write id<TAB>cluster (go peer) or wiretrace JSONL to $out.
run_one() {
  local cname="$1" label="$2" threads="$3" rep="$4" input="$5" truthf="$6"
  shift 7
  local tag="${cname}_${label// /_}_$rep"
  local out="$work/out/$tag.out" tfile="$work/out/$tag.time" log="$work/out/$tag.log"
  local cmd=("${@//@OUT@/$out}")
  if ! "$gnu_time" -f "%e %M" -o "$tfile" "${cmd[@]}" >"$log" 2>&1; then
    tail -n 5 "$log" >&2
    return 1
  fi
  local wall rss
  read -r wall rss < <(tail -n 1 "$tfile")
  local labels="$out"
  if [[ "$label" != "go peer" ]]; then
    labels="$work/out/$tag.tsv"
    to_labels "$out" "$labels"
  fi
  local q="- - - -"
  [[ -n "$truthf" ]] && q="$(score "$labels" "$truthf")"
  local docs bytes
  docs=$(wc -l <"$input")
  bytes=$(stat -c %s "$input")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$cname" "$label" "$threads" "$rep" "$wall" "$rss" "$docs" \
    "$bytes" "${q// /$'\t'}" >>"$results"
  note "  $cname run $rep: $label  ${wall}s  $((rss / 1024)) MB"
}

# compare CORPUS_NAME INPUT TRUTH(or empty)
compare() {
  local cname="$1" input="$2" truthf="$3" rep
  note "$cname: $runs interleaved runs of each configuration (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
  for ((rep = 1; rep <= runs; rep++)); do
    run_one "$cname" "wiretrace t1" 1 "$rep" "$input" "$truthf" -- \
      "$wiretrace" cluster --threads 1 -o @OUT@ "$input" || die "wiretrace --threads 1 failed on $input"
    run_one "$cname" "wiretrace t2" 2 "$rep" "$input" "$truthf" -- \
      "$wiretrace" cluster --threads 2 -o @OUT@ "$input" || die "wiretrace --threads 2 failed on $input"
    run_one "$cname" "wiretrace classic" 1 "$rep" "$input" "$truthf" -- \
      "$wiretrace" cluster --threads 1 --classic-minhash -o @OUT@ "$input" ||
      die "wiretrace --classic-minhash failed on $input"
    run_one "$cname" "shingles only t1" 1 "$rep" "$input" "$truthf" -- \
      "$wiretrace" cluster --threads 1 --no-content-words -o @OUT@ "$input" ||
      die "wiretrace --no-content-words failed on $input"
    if [[ -n "$gopeer" ]]; then
      # Flags before the file: Go's flag package stops at the first positional argument.
      run_one "$cname" "go peer" 1 "$rep" "$input" "$truthf" -- "$gopeer" --labels @OUT@ "$input" ||
        note "  go peer failed on $input (see $work/out/); its row will be missing"
    fi
  done
}

compare "synthetic-$n" "$corpus" "$truth"

reuters="$shared/data/reuters21578/reuters.jsonl"
reuters_truth=""
if [[ "${WIRETRACE_BENCH_REUTERS:-1}" == 0 ]]; then
  note "reuters: skipped (WIRETRACE_BENCH_REUTERS=0)"
elif [[ -f "$reuters" ]]; then
  # Reuters has no gold clusters. The reference is the connected components of
  # the 726 pairs with exact word-5 Jaccard >= 0.5 that ../shared lists
  # (computed, NOT gold): recall against it is meaningful; "precision" counts
  # containment matches (trimmed resends) as errors and is a lower bound.
  pairs="$shared/data/reuters21578/computed_neardup_pairs_word5_jaccard_ge_0.5.tsv"
  if [[ -f "$pairs" ]]; then
    reuters_truth="$work/reuters_ref_truth.jsonl"
    python3 - "$reuters" "$pairs" "$reuters_truth" <<'PY'
import json, sys
corpus, pairs, out = sys.argv[1:4]
ids = [str(json.loads(l)["id"]) for l in open(corpus, encoding="utf-8") if l.strip()]
parent = {i: i for i in ids}
def find(x):
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
with open(pairs, encoding="utf-8") as f:
    next(f)
    for line in f:
        cols = line.rstrip("\n").split("\t")
        a, b = "reuters-" + cols[1], "reuters-" + cols[3]
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
groups = {}
for i in ids:
    groups.setdefault(find(i), []).append(i)
with open(out, "w", encoding="utf-8") as f:
    for n, members in enumerate(groups.values()):
        f.write(json.dumps({"cluster": n, "members": members}) + "\n")
PY
  fi
  compare "reuters21578" "$reuters" "$reuters_truth"
else
  note "reuters: $reuters not found; skipped"
fi

# --- (d, e) table -------------------------------------------------------------------
echo
echo "wiretrace end-to-end benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" \
  "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wiretrace $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo '?')$(
  git -C "$repo_root" diff --quiet HEAD 2>/dev/null || echo '+dirty'), build $build_dir; median of $runs runs"
python3 - "$results" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
corpora = []
for r in rows:
    if r[0] not in corpora:
        corpora.append(r[0])
for cname in corpora:
    runs = {}
    for r in rows:
        if r[0] == cname:
            runs.setdefault((r[1], int(r[2])), []).append(r)
    print()
    print(f"corpus {cname}: {rows[[r[0] for r in rows].index(cname)][6]} documents, "
          f"{int(rows[[r[0] for r in rows].index(cname)][7]) / 1e6:.1f} MB")
    hdr = ("config", "wall s", "docs/s", "docs/s/core", "MB/s", "peak MB", "KB/doc", "P", "R", "F1", "clusters")
    fmt = "{:<18} {:>7} {:>8} {:>11} {:>6} {:>8} {:>7} {:>6} {:>6} {:>6} {:>8}"
    print(fmt.format(*hdr))
    med = {}
    for (label, threads), rs in runs.items():
        wall = statistics.median(float(r[4]) for r in rs)
        rss_kb = statistics.median(float(r[5]) for r in rs)
        docs, mb = int(rs[0][6]), int(rs[0][7]) / 1e6
        q = {(r[8], r[9], r[10], r[11]) for r in rs}
        p, rc, f1, cl = sorted(q)[0]
        flag = "" if len(q) == 1 else " (quality differs between runs!)"
        med[label] = (docs / wall, docs / wall / threads, rss_kb)
        print(fmt.format(label, f"{wall:.2f}", f"{docs / wall:.0f}", f"{docs / wall / threads:.0f}",
                         f"{mb / wall:.1f}", f"{rss_kb / 1024:.0f}", f"{rss_kb / docs:.2f}", p, rc, f1, cl) + flag)
    ratios = []
    if "go peer" in med:
        g = med["go peer"]
        for label in ("wiretrace t1", "wiretrace t2"):
            if label in med:
                w = med[label]
                ratios.append(f"{label} / go peer: docs/s x{w[0] / g[0]:.2f}, per core x{w[1] / g[1]:.2f}, "
                              f"peak RSS x{w[2] / g[2]:.2f}")
    else:
        ratios.append("no Go peer in this run: no yardstick")
    if "wiretrace t1" in med and "shingles only t1" in med:
        ratios.append(f"content words (t1 / shingles only t1): docs/s x{med['wiretrace t1'][0] / med['shingles only t1'][0]:.2f}, "
                      f"peak RSS x{med['wiretrace t1'][2] / med['shingles only t1'][2]:.2f}")
    if "wiretrace t1" in med and "wiretrace classic" in med:
        ratios.append(f"OPH / classic (both 1 thread): docs/s x{med['wiretrace t1'][0] / med['wiretrace classic'][0]:.2f}")
    for line in ratios:
        print("  " + line)
PY
echo
if [[ -n "$reuters_truth" ]]; then
  echo "Quality: synthetic = pairwise P/R/F1 against gen_corpus truth; reuters21578 = against connected components"
  echo "of the computed word-5 Jaccard >= 0.5 pairs (not gold; containment matches count against precision)."
fi
echo "Raw rows: $results; outputs and logs: $work/out/"
