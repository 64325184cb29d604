#!/usr/bin/env bash
# What provenance costs beside clustering (issue 13: at most 1.5x the `cluster` run on the same input):
# `wiretrace cluster` and `wiretrace-provenance` (which clusters the input itself, then finds parents)
# on the same corpus, interleaved, each run's wall time and peak RSS, and the median ratio.
# Usage: bench/provenance_cost.sh CORPUS [RUNS] [BUILD_DIR...]
#   CORPUS   e.g. the 50k generated corpus (python3 ../shared/bench/gen_corpus.py 50000 42 OUT TRUTH)
#            or ../shared/data/reuters21578/reuters.jsonl
#   RUNS     runs of each (default 3; the ratio uses medians)
#   BUILD_DIR one or more builds to compare in the same run (default ./build)
set -euo pipefail
corpus=${1:?usage: provenance_cost.sh CORPUS [RUNS] [BUILD_DIR...]}
runs=${2:-3}
shift $(($# < 2 ? $# : 2))
builds=("$@")
[[ ${#builds[@]} -gt 0 ]] || builds=("$(cd "$(dirname "$0")/.." && pwd)/build")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One timed run: prints "wall_seconds peak_rss_kb".
timed() {
  /usr/bin/time -f '%e %M' -o "$out/time" "$@" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 2; }
  cat "$out/time"
}

declare -A walls rss
for ((r = 0; r < runs; ++r)); do
  for b in "${builds[@]}"; do
    read -r w m < <(timed "$b/wiretrace" cluster -q "$corpus" -o "$out/c.jsonl")
    walls["$b cluster"]+="$w "; rss["$b cluster"]+="$m "
    read -r w m < <(timed "$b/wiretrace-provenance" -q "$corpus" -o "$out/p.jsonl")
    walls["$b provenance"]+="$w "; rss["$b provenance"]+="$m "
  done
done
echo "corpus $corpus, $runs run(s) each, interleaved (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for b in "${builds[@]}"; do
  python3 - "$b" "${walls["$b cluster"]}" "${walls["$b provenance"]}" "${rss["$b cluster"]}" "${rss["$b provenance"]}" <<'PY'
import statistics, sys
b, wc, wp, mc, mp = sys.argv[1], *[list(map(float, x.split())) for x in sys.argv[2:]]
c, p = statistics.median(wc), statistics.median(wp)
print(f"{b}: cluster {c:.2f} s (runs {wc}), peak {max(mc) / 1024:.0f} MB; provenance {p:.2f} s (runs {wp}), "
      f"peak {max(mp) / 1024:.0f} MB; provenance / cluster x{p / c:.2f}")
PY
done
