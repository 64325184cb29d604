#!/usr/bin/env bash
# Provenance quality on every corpus that has parents to check, in one table (bench/eval_provenance.py):
#   sample-N    tools/gen_sample.py at seeds 7, 8, 9, 11: strict parent accuracy, root accuracy, composites
#   synd-N      tools/gen_syndication.py (the second, independent generator) at seeds 1, 2, 3, with and
#               without `published` (synd-N-nd): the same, per kind of copy, the kinds of miss, partial
#               reuse found across clusters, follow-ups and own pages wrongly given a parent
#   reuters     Reuters-21578 resends and corrections: the parent is an earlier item of J >= 0.5
#   counter     COUNTER's measures (issue 13): root of WD/PD pairs in one cluster, agency story among the
#               newspaper story's parents per label
# Usage: bench/eval_provenance.sh [BUILD_DIR] [extra engine options...]
# The corpora built from ../shared/data are skipped (with a row saying so) when it is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
extra=("$@")
shared=${WIRETRACE_SHARED:-$root/../shared}
data=$shared/data
bin="$build/wiretrace"
prov="$build/wiretrace-provenance"
score="$root/bench/eval_provenance.py"
[[ -x $bin && -x $prov ]] || { echo "eval_provenance: $bin or $prov not found; run make build first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

script=eval_provenance
# shellcheck source=bench/eval_lib.sh
source "$root/bench/eval_lib.sh"

printf '%-12s %-48s %9s  %s\n' corpus measure value note
for seed in 7 8 9 11; do
  d=$out/sample$seed
  mkdir -p "$d"
  python3 "$root/tools/gen_sample.py" --seed "$seed" --out "$d" >/dev/null
  run "sample$seed" "$prov" -q "${extra[@]}" "$d/sample.jsonl" -o "$d/prov.jsonl"
  python3 "$score" score --wiretrace "$bin" --gold-parents "$d/gold_parents.tsv" \
    --gold-clusters "$d/gold_clusters.tsv" --name "sample-$seed" "$d/prov.jsonl"
done

if [[ -d $data ]]; then
  for seed in 1 2 3; do
    d=$out/synd$seed
    python3 "$root/tools/gen_syndication.py" --seed "$seed" --shared "$shared" --out "$d" >/dev/null
    for variant in "" -nodates; do
      run "synd$seed$variant" "$prov" -q "${extra[@]}" "$d/corpus$variant.jsonl" -o "$d/prov$variant.jsonl"
      python3 "$score" score --wiretrace "$bin" --gold-parents "$d/gold_parents.tsv" --kinds "$d/gold_kinds.tsv" \
        --gold-clusters "$d/gold_clusters.tsv" \
        --name "synd-$seed${variant:+-nd}" "$d/prov$variant.jsonl"
    done
  done
else
  echo "synd         ($data absent: the generator's real roots are missing; skipped)"
fi

if [[ -f $data/reuters21578/reuters.jsonl ]]; then
  python3 "$score" reuters-gold "$data/reuters21578/computed_neardup_pairs_word5_jaccard_ge_0.5.tsv" \
    "$out/reuters_gold.tsv"
  run reuters "$prov" -q "${extra[@]}" "$data/reuters21578/reuters.jsonl" -o "$out/reuters_prov.jsonl"
  python3 "$score" score --wiretrace "$bin" --gold-parents "$out/reuters_gold.tsv" --alternatives --name reuters \
    "$out/reuters_prov.jsonl"
else
  echo "reuters      (reuters21578 absent: skipped)"
fi

if [[ -f $data/counter/counter.jsonl ]]; then
  run counter "$bin" cluster -q "${extra[@]}" "$data/counter/counter.jsonl" -o "$out/counter.jsonl"
  run counter_prov "$prov" -q "${extra[@]}" --clusters "$out/counter.jsonl" "$data/counter/counter.jsonl" \
    -o "$out/counter_prov.jsonl"
  python3 "$score" counter --labels "$data/counter/labels.tsv" --clusters "$out/counter.jsonl" \
    "$out/counter_prov.jsonl"
else
  echo "counter      (counter absent: skipped)"
fi
