#!/usr/bin/env bash
# Two builds side by side on one night: per round, each build runs `dedupe` of
# the night on a new store and then `cluster` on the same night, old build
# first, and the medians over the rounds are printed for each: dedupe's wall
# time, its engine seconds, the staging and commit it reports, the time after
# the engine, `cluster`'s wall time and the paired ratio night / `cluster`;
# then the medians of the rounds' new / old ratios (dedupe, and the time after
# the engine), which the load drifts least.
# On a shared machine single runs drift by 2x; a round runs both builds under
# about the same load, so compare the two builds' medians from one run.
#
#   bash bench/nightly_pair.sh OLD_BUILD_DIR NEW_BUILD_DIR [ROUNDS] [NIGHT.jsonl]
#
# ROUNDS defaults to 9; NIGHT to night 1 of `bench/nightly.sh`'s 20,000-article
# corpus (run nightly.sh once first). WIRETRACE_NIGHTLY_THREADS: --threads
# (default 2). Exit 2 when a run fails.
set -euo pipefail

die() { echo "nightly_pair: error: $*" >&2; exit 2; }
[[ $# -ge 2 && $# -le 4 ]] || { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 1; }
old="$(cd "$1" && pwd)/wiretrace"
new="$(cd "$2" && pwd)/wiretrace"
rounds="${3:-9}"
night="${4:-${WIRETRACE_NIGHTLY_DIR:-/tmp/wiretrace-nightly}/n20000/x7/night1.jsonl}"
threads="${WIRETRACE_NIGHTLY_THREADS:-2}"
[[ -x "$old" && -x "$new" ]] || die "no wiretrace binary in $1 or $2"
[[ -f "$night" ]] || die "no night at $night (run bench/nightly.sh first, or name one)"
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time, Debian package 'time') is required"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for r in $(seq 1 "$rounds"); do
  for which in old new; do
    bin="${!which}"
    rm -f "$work"/s.db*
    /usr/bin/time -f "%e" -o "$work/dedupe_time" "$bin" dedupe --threads "$threads" --store "$work/s.db" "$night" \
      -o "$work/kept" --duplicates "$work/dups" 2>"$work/err" || die "$which dedupe failed: $(tail -2 "$work/err")"
    /usr/bin/time -f "%e" -o "$work/cluster_time" "$bin" cluster -q --threads "$threads" "$night" -o /dev/null ||
      die "$which cluster failed"
    # The summary lines (the progress display's carriage returns made newlines).
    stages=$(tr '\r' '\n' <"$work/err" | sed -nE \
      -e 's/.*, ([0-9.]+) s \(engine ([0-9.]+) s, store [0-9.]+ s\)$/\1 \2/p' \
      -e 's/.*synced in ([0-9.]+) s .*committed in ([0-9.]+) s$/\1 \2/p' | tr '\n' ' ')
    echo "$which $stages $(cat "$work/dedupe_time") $(cat "$work/cluster_time")"
  done
done | python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
for which in ("old", "new"):
    r = [list(map(float, x[1:])) for x in rows if x[0] == which]
    med = lambda i: statistics.median(x[i] for x in r)
    print(f"{which}: dedupe {med(4):.2f} s (engine {med(1):.2f}, staging {med(2):.2f}, commit {med(3):.2f}, "
          f"after the engine {statistics.median(x[4] - x[1] for x in r):.2f}), cluster {med(5):.2f} s, "
          f"night / cluster {statistics.median(x[4] / x[5] for x in r):.2f} (median of {len(r)} paired runs)")
old, new = ([list(map(float, x[1:])) for x in rows if x[0] == which] for which in ("old", "new"))
print(f"new / old: dedupe {statistics.median(b[4] / a[4] for a, b in zip(old, new)):.2f}, after the engine "
      f"{statistics.median((b[4] - b[1]) / (a[4] - a[1]) for a, b in zip(old, new)):.2f} (medians of the paired ratios)")
'
