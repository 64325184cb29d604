#!/usr/bin/env bash
# `wiretrace cluster` under MPI at 1, 2 and 4 ranks on this machine
# (mpirun --oversubscribe), beside the plain run: wall seconds, seconds per
# stage per rank, bytes sent per article, and a check that every output is
# byte-identical to the plain run's. The figures behind the cost model in
# bench/README.md ("Past one machine").
#
#   bash bench/mpi.sh BUILD_DIR [CORPUS.jsonl ...]
#
# Default corpora: Reuters-21578 and COUNTER from ../shared/data (skipped
# when absent). Environment: WIRETRACE_MPI_RANKS (default "1 2 4"),
# WIRETRACE_BENCH_RUNS (runs per configuration, median shown; default 3),
# MPIEXEC (default mpirun).
#
# Exit status: 0 when done (or nothing to run), 1 on usage errors, 2 when a
# run fails or an output differs from the plain run's.
set -euo pipefail

die() { echo "mpi.sh: error: $*" >&2; exit 2; }
[[ $# -ge 1 ]] || { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 1; }
build=$1
shift
bin="$build/wiretrace"
[[ -x "$bin" ]] || die "$bin is not built"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
corpora=("$@")
if [[ ${#corpora[@]} -eq 0 ]]; then
  for c in reuters21578/reuters.jsonl counter/counter.jsonl; do
    [[ -f "$root/../shared/data/$c" ]] && corpora+=("$root/../shared/data/$c")
  done
fi
[[ ${#corpora[@]} -gt 0 ]] || { echo "mpi.sh: no corpus (../shared/data is absent)" >&2; exit 0; }
mpiexec=${MPIEXEC:-mpirun}
command -v "$mpiexec" >/dev/null || die "$mpiexec not found (Open MPI: apt-get install openmpi-bin)"
ranks_list=${WIRETRACE_MPI_RANKS:-"1 2 4"}
runs=${WIRETRACE_BENCH_RUNS:-3}
launcher=("$mpiexec" --oversubscribe)
[[ $(id -u) -eq 0 ]] && launcher+=(--allow-run-as-root)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

for corpus in "${corpora[@]}"; do
  name=$(basename "$corpus")
  docs=$(grep -c . "$corpus" || true)
  echo "## $name ($docs lines, $(du -h "$corpus" | cut -f1))"
  echo
  walls=()
  for ((i = 0; i < runs; i++)); do
    t0=$(now)
    "$bin" cluster "$corpus" -o "$work/plain.jsonl" --pairs "$work/plain_pairs.jsonl" -q 2>/dev/null ||
      die "the plain run failed on $corpus"
    walls+=("$(awk -v a="$(now)" -v b="$t0" 'BEGIN {print a - b}')")
  done
  printf '| run | wall s (median of %d) | identical |\n| --- | ---: | --- |\n' "$runs"
  printf '| plain | %.2f | - |\n' "$(printf '%s\n' "${walls[@]}" | median)"
  stats_tables=""
  for n in $ranks_list; do
    walls=()
    for ((i = 0; i < runs; i++)); do
      t0=$(now)
      WIRETRACE_MPI_STATS=1 "${launcher[@]}" -x WIRETRACE_MPI_STATS -np "$n" "$bin" cluster "$corpus" \
        -o "$work/np$n.jsonl" --pairs "$work/np${n}_pairs.jsonl" -q 2>"$work/stats$n.$i" ||
        die "-np $n failed on $corpus: $(tail -3 "$work/stats$n.$i")"
      walls+=("$(awk -v a="$(now)" -v b="$t0" 'BEGIN {print a - b}')")
    done
    same=yes
    cmp -s "$work/plain.jsonl" "$work/np$n.jsonl" && cmp -s "$work/plain_pairs.jsonl" "$work/np${n}_pairs.jsonl" ||
      same=NO
    printf '| mpirun -np %d | %.2f | %s |\n' "$n" "$(printf '%s\n' "${walls[@]}" | median)" "$same"
    [[ $same == yes ]] || die "-np $n output differs from the plain run on $corpus"
    # The last run's per-rank lines (mpi_cluster.h, RankStats), as a table.
    stats_tables+=$(printf '\n-np %d (last run):\n\n| rank | docs | read s | models s | of which rank-0 replay s | sign s | buckets s | words s | gather s | sets s | verify s | cluster s | rank-0 results s | bytes sent | models | band keys | words | sides | pairs, results |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' "$n")
    stats_tables+=$'\n'$(sort -k3 -n "$work/stats$n.$((runs - 1))" | perl -ne 'print "| ".join(" | ", @m)." |\n" if (@m = /^mpi rank (\d+): documents (\d+), read ([\d.]+) s, models ([\d.]+) s \(replay ([\d.]+) s\), sign ([\d.]+) s, buckets ([\d.]+) s, words ([\d.]+) s, gather ([\d.]+) s, sets ([\d.]+) s, verify ([\d.]+) s, cluster ([\d.]+) s, rank-0 results ([\d.]+) s, bytes sent (\d+) \(models (\d+), band keys (\d+), words (\d+), sides (\d+), pairs and results (\d+)\)/)')
    total_docs=$(grep '^mpi rank' "$work/stats$n.$((runs - 1))" | sed -E 's/.*documents ([0-9]+),.*/\1/' | awk '{s += $1} END {print s + 0}')
    total_bytes=$(grep '^mpi rank' "$work/stats$n.$((runs - 1))" | sed -E 's/.*bytes sent ([0-9]+) .*/\1/' | awk '{s += $1} END {print s + 0}')
    stats_tables+=$(printf '\n\nbytes sent per article at -np %d: %d (%d bytes, %d articles)\n' "$n" \
      "$((total_bytes / (total_docs > 0 ? total_docs : 1)))" "$total_bytes" "$total_docs")
  done
  echo "$stats_tables"
  echo
done
