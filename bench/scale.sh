#!/usr/bin/env bash
# What an article costs as the corpus grows (issue #16: throughput at 200,000 and 1,000,000 articles at
# least 0.9x the throughput at 10,000; at most 2 KB of peak RSS per article at 50,000 and 1,000,000):
# `wiretrace cluster --threads 1` on each size, RUNS times, interleaved across sizes, under GNU time.
# Prints per size the median user seconds, microseconds and articles per second per article of user time,
# peak RSS and peak RSS per article, and each size's throughput against the smallest's.
#
#   bash bench/scale.sh [BUILD_DIR] [RUNS] [SIZES...]    # default: build, 3, 10000 50000 200000 1000000
#   bash bench/scale.sh build 0                         # only generate (and cache) the corpora
#
# Corpora (cached in $WIRETRACE_BENCH_DIR, default /tmp/wiretrace-bench): up to 200,000 articles,
# `gen_corpus.py N 42` as `run_bench.sh` makes them. Beyond that gen_corpus.py would hold the whole corpus in
# memory (3.5 GB and growing after 7 minutes at 1,000,000), so larger sizes are chunks of 50,000 (seeds 42,
# 43, ...), each one's ids prefixed with its seed and its dates shifted 30 days after the chunk before:
# every chunk is a 50k corpus of its own, overlapping the next by 20 days. 1,000,000 articles take about
# 20 minutes to generate on one core and 3.6 GB of disk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
shift $(($# < 2 ? $# : 2))
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 50000 200000 1000000)
gen=${WIRETRACE_SHARED:-$root/../shared}/bench/gen_corpus.py
dir=${WIRETRACE_BENCH_DIR:-/tmp/wiretrace-bench}
[[ -x $build/wiretrace ]] || { echo "scale: $build/wiretrace not found; run make build first" >&2; exit 2; }
[[ -f $gen ]] || { echo "scale: $gen absent (../shared/bench): nothing to measure"; exit 0; }
mkdir -p "$dir"

# One chunk's ids prefixed with its seed, its dates shifted 30 days a chunk (stdin to stdout).
rechunk='
import datetime as dt, json, sys
seed, i = sys.argv[1], int(sys.argv[2])
shift = dt.timedelta(days=30 * i)
for line in sys.stdin:
    d = json.loads(line)
    d["id"] = f"s{seed}-" + d["id"]
    t = dt.datetime.fromisoformat(d["published"].replace("Z", "+00:00")) + shift
    d["published"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
    sys.stdout.write(json.dumps(d, ensure_ascii=False) + "\n")
'

corpus() {  # prints the path of the cached corpus of $1 articles, generating it first when missing
  local n=$1 out=$dir/scale-$1.jsonl
  if [[ ! -s $out ]]; then
    if ((n <= 200000)); then
      python3 "$gen" "$n" 42 "$out.part" "$dir/scale-$n.truth.jsonl" >/dev/null 2>&1
    else
      : >"$out.part"
      for ((i = 0; i * 50000 < n; ++i)); do
        echo "scale: chunk $((i + 1)) of $(((n + 49999) / 50000)) ($(date +%T))" >&2
        python3 "$gen" 50000 $((42 + i)) "$dir/scale-chunk.jsonl" "$dir/scale-chunk.truth.jsonl" >/dev/null 2>&1
        python3 -c "$rechunk" $((42 + i)) "$i" <"$dir/scale-chunk.jsonl" >>"$out.part"
      done
      rm -f "$dir/scale-chunk.jsonl" "$dir/scale-chunk.truth.jsonl"
      head -n "$n" "$out.part" >"$out.tmp" && mv "$out.tmp" "$out.part"
    fi
    mv "$out.part" "$out"
  fi
  echo "$out"
}

declare -A path user rss
for n in "${sizes[@]}"; do path[$n]=$(corpus "$n"); done
((runs > 0)) || { echo "scale: corpora ready in $dir"; exit 0; }
for ((r = 0; r < runs; ++r)); do
  for n in "${sizes[@]}"; do
    /usr/bin/time -f '%U %M' -o "$dir/scale.time" "$build/wiretrace" cluster --threads 1 -q "${path[$n]}" \
      -o "$dir/scale.out" >/dev/null 2>"$dir/scale.err" || { cat "$dir/scale.err" >&2; exit 2; }
    read -r u m <"$dir/scale.time"
    user[$n]+="$u "; rss[$n]+="$m "
  done
done
echo "wiretrace cluster --threads 1, $runs run(s) each, interleaved (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for n in "${sizes[@]}"; do echo "$n ${user[$n]}| ${rss[$n]}"; done | python3 -c '
import statistics, sys
rows = []
for line in sys.stdin:
    head, rss = line.split("|")
    n, *user = head.split()
    rows.append((int(n), statistics.median(map(float, user)), max(map(int, rss.split()))))
base = rows[0][0] / rows[0][1]
print("%10s %8s %10s %10s %10s %8s %10s" % ("articles", "user s", "us/article", "articles/s", "x smallest", "peak MB",
                                             "KB/article"))
for n, u, m in rows:
    print(f"{n:>10} {u:>8.2f} {u / n * 1e6:>10.1f} {n / u:>10.0f} {n / u / base:>10.2f} {m / 1024:>8.0f} {m * 1024 / n / 1000:>10.2f}")
'
