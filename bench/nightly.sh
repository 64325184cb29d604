#!/usr/bin/env bash
# The nightly dedupe at scale: seven nights of N generated articles each
# (../shared/bench/gen_corpus.py, 7N articles split by publication time into
# seven consecutive days, so a story's copies fall on the same or later
# nights), deduplicated one night at a time against one store, with seconds
# and peak RSS per night and the store's bytes per article; night 1 is also
# run through `wiretrace cluster` for the yardstick.
#
#   bash bench/nightly.sh BUILD_DIR [N]       # N articles a night (default 20000)
#
# Environment (optional):
#   WIRETRACE_NIGHTLY_DIR      work folder (default /tmp/wiretrace-nightly)
#   WIRETRACE_NIGHTLY_THREADS  --threads for every run (default 2)
#   WIRETRACE_NIGHTLY_NIGHTS   how many nights (default 7; fewer for a quick look at large N)
#   WIRETRACE_NIGHTLY_REPEAT   night 1 (on a new store), `cluster` on it and the last night (on a
#                              copy of the store as the nights before it left it) again,
#                              interleaved, this many times (default 3): each ratio is the median
#                              of the rounds' ratios (timings on a shared machine drift by 2x
#                              between runs; a round runs under about the same load)
#
# Prints one line per night and the two ratios the issue asks for: night 7 /
# night 1 (<= 1.5: a night costs what the night holds, not what the store
# holds) and night 1 / cluster on the same batch (<= 1.5), with the two runs'
# CPU seconds beside it (less load-dependent than wall time). Exit 0 when done
# or when ../shared is absent, 2 when a run fails.
set -euo pipefail

die() { echo "nightly: error: $*" >&2; exit 2; }
[[ $# -ge 1 && $# -le 2 ]] || { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 1; }
bin="$(cd "$1" && pwd)/wiretrace"
n="${2:-20000}"
threads="${WIRETRACE_NIGHTLY_THREADS:-2}"
nights="${WIRETRACE_NIGHTLY_NIGHTS:-7}"
repeat="${WIRETRACE_NIGHTLY_REPEAT:-3}"
[[ "$nights" =~ ^[1-7]$ ]] || die "WIRETRACE_NIGHTLY_NIGHTS must be 1..7"
[[ -x "$bin" ]] || die "no wiretrace binary in $1"
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="$here/../shared"
if [[ ! -f "$shared/bench/gen_corpus.py" ]]; then
  echo "nightly: ../shared/bench/gen_corpus.py is absent; nothing to run" >&2
  exit 0
fi
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is required"
dir="${WIRETRACE_NIGHTLY_DIR:-/tmp/wiretrace-nightly}/n$n"
mkdir -p "$dir"

dir="$dir/x$nights"
mkdir -p "$dir"
if [[ ! -f "$dir/night$nights.jsonl" ]]; then
  echo "nightly: generating $((nights * n)) articles" >&2
  python3 "$shared/bench/gen_corpus.py" "$((nights * n))" 42 "$dir/all.jsonl" "$dir/truth.jsonl" >/dev/null 2>&1 ||
    die "gen_corpus.py failed"
  python3 - "$dir" "$n" "$nights" <<'EOF'
import json, sys
d, n, nights = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
records = [json.loads(l) for l in open(f"{d}/all.jsonl", encoding="utf-8")]
records.sort(key=lambda r: (r.get("published") or "", str(r["id"])))
for k in range(nights):
    with open(f"{d}/night{k + 1}.jsonl", "w", encoding="utf-8") as f:
        for r in records[k * n:(k + 1) * n]:
            t = (r.get("published") or "2024-03-01T12:00:00Z")[10:]
            r["published"] = f"2024-03-0{k + 1}{t}"
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
EOF
fi

store="$dir/store.db"
rm -f "$store" "$store-wal" "$store-shm"
printf "%-8s %9s %9s %8s %8s %10s %12s\n" night seconds peak_MB kept dups earlier store_B/art
for k in $(seq 1 "$nights"); do
  # The store as the last night finds it, for that night's repeats below.
  [[ "$k" -eq "$nights" && "$nights" -gt 1 ]] && cp "$store" "$dir/before_last.db"
  /usr/bin/time -f "%e %M" -o "$dir/time$k" "$bin" dedupe --threads "$threads" --store "$store" \
    "$dir/night$k.jsonl" -o "$dir/night$k.kept" --duplicates "$dir/night$k.dups" 2>"$dir/err$k" ||
    die "night $k failed: $(tail -3 "$dir/err$k")"
  read -r s rss <"$dir/time$k"
  summary=$(grep "wiretrace dedupe: batch" "$dir/err$k")
  kept=$(wc -l <"$dir/night$k.kept")
  dups=$(wc -l <"$dir/night$k.dups")
  earlier=$(echo "$summary" | sed -E 's/.*\(([0-9]+) of earlier batches\).*/\1/')
  per=$("$bin" store stats "$store" | sed -nE 's/^bytes: [0-9]+ in all, ([0-9]+) per article.*/\1/p')
  printf "%-8s %9s %9.0f %8s %8s %10s %12s\n" "$k" "$s" "$((rss / 1024))" "$kept" "$dups" "$earlier" "$per"
done
/usr/bin/time -f "%e %M" -o "$dir/time_cluster" "$bin" cluster -q --threads "$threads" "$dir/night1.jsonl" \
  -o /dev/null || die "cluster failed"
read -r cs crss <"$dir/time_cluster"
printf "%-8s %9s %9.0f   (wiretrace cluster on night 1)\n" cluster "$cs" "$((crss / 1024))"
"$bin" store stats "$store"
# Night 1 again on a scratch store, and cluster on the same batch, one after
# the other, `repeat` times: medians of paired runs.
# Also their CPU seconds (user + system): on a shared machine wall time
# drifts with the load, CPU time much less.
n1s=() cls=() n1cpu=() clcpu=() lasts=()
for r in $(seq 1 "$repeat"); do
  rm -f "$dir/scratch.db" "$dir/scratch.db-wal" "$dir/scratch.db-shm"
  /usr/bin/time -f "%e %M %U %S" -o "$dir/time_r" "$bin" dedupe -q --threads "$threads" --store "$dir/scratch.db" \
    "$dir/night1.jsonl" -o "$dir/scratch.kept" --duplicates "$dir/scratch.dups" || die "night 1 (repeat) failed"
  read -r s _ u k <"$dir/time_r"; n1s+=("$s"); n1cpu+=("$u+$k")
  /usr/bin/time -f "%e %M %U %S" -o "$dir/time_r" "$bin" cluster -q --threads "$threads" "$dir/night1.jsonl" \
    -o /dev/null || die "cluster failed"
  read -r s _ u k <"$dir/time_r"; cls+=("$s"); clcpu+=("$u+$k")
  if [[ "$nights" -gt 1 ]]; then
    rm -f "$dir/scratch.db" "$dir/scratch.db-wal" "$dir/scratch.db-shm"
    cp "$dir/before_last.db" "$dir/scratch.db"
    /usr/bin/time -f "%e" -o "$dir/time_r" "$bin" dedupe -q --threads "$threads" --store "$dir/scratch.db" \
      "$dir/night$nights.jsonl" -o "$dir/scratch.kept" --duplicates "$dir/scratch.dups" ||
      die "night $nights (repeat) failed"
    read -r s <"$dir/time_r"; lasts+=("$s")
  else
    lasts+=("${n1s[-1]}")
  fi
done
rm -f "$dir"/scratch.* "$dir/before_last.db"
python3 - "${n1s[*]}" "${cls[*]}" "${n1cpu[*]}" "${clcpu[*]}" "$nights" "${lasts[*]}" <<'EOF'
import statistics, sys
night1 = [float(x) for x in sys.argv[1].split()]
cluster = [float(x) for x in sys.argv[2].split()]
cpu = lambda arg: [sum(map(float, x.split("+"))) for x in arg.split()]  # "user+system" per run
night1_cpu, cluster_cpu = cpu(sys.argv[3]), cpu(sys.argv[4])
last = sys.argv[5]
lasts = [float(x) for x in sys.argv[6].split()]
ratios = sorted(a / b for a, b in zip(night1, cluster))
last_ratios = sorted(a / b for a, b in zip(lasts, night1))
if last != "1":
    print(f"night {last} / night 1 = {statistics.median(last_ratios):.2f} (median of the rounds' ratios "
          f"{' '.join(f'{r:.2f}' for r in last_ratios)}; night {last} again on the store the nights before left: "
          f"{' '.join(f'{x:.2f}' for x in lasts)} s; goal <= 1.5)")
print(f"night 1 on a new store, {len(night1)} runs: {' '.join(f'{x:.2f}' for x in night1)} s; cluster on it, "
      f"interleaved: {' '.join(f'{x:.2f}' for x in cluster)} s")
print(f"night 1 / cluster = {statistics.median(ratios):.2f} (median of the paired runs' ratios "
      f"{' '.join(f'{r:.2f}' for r in ratios)}; fastest / fastest {min(night1) / min(cluster):.2f}; goal <= 1.5)")
print(f"CPU seconds (user + system), medians: night 1 {statistics.median(night1_cpu):.2f}, cluster "
      f"{statistics.median(cluster_cpu):.2f}, ratio {statistics.median(night1_cpu) / statistics.median(cluster_cpu):.2f}")
EOF
