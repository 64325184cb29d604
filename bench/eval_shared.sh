#!/usr/bin/env bash
# Quality on the evaluation corpora in ../shared/data, in one table:
#   sample     ARI and pairwise P/R/F1 of `wiretrace cluster` on data/sample.jsonl (wiretrace eval)
#   reuters    share of the exact word-5 Jaccard >= 0.6 pairs that share a cluster; the largest clusters
#   counter    share of WD / PD / ND pairs (labels.tsv) put in one cluster
# Usage: bench/eval_shared.sh [BUILD_DIR] [extra `wiretrace cluster` options...]
# Skips (exit 0) when ../shared/data is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
extra=("$@")
shared=${WIRETRACE_SHARED:-$root/../shared}
bin="$build/wiretrace"
[[ -x $bin ]] || { echo "eval_shared: $bin not found; run make build first" >&2; exit 2; }
if [[ ! -d $shared/data ]]; then
  echo "eval_shared: $shared/data is absent; nothing to evaluate" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$bin" cluster -q "${extra[@]}" "$root/data/sample.jsonl" -o "$out/sample.jsonl"
"$bin" eval --json --gold "$root/data/gold_clusters.tsv" "$out/sample.jsonl" > "$out/sample_eval.json"
"$bin" cluster -q "${extra[@]}" "$shared/data/reuters21578/reuters.jsonl" -o "$out/reuters.jsonl"
"$bin" cluster -q "${extra[@]}" "$shared/data/counter/counter.jsonl" -o "$out/counter.jsonl" 2>/dev/null

python3 - "$out" "$shared/data" <<'PY'
import json, sys
from collections import Counter, defaultdict
out, data = sys.argv[1], sys.argv[2]

def clusters(path):
    c = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        c[str(d["id"])] = d["cluster"]
    return c

s = json.load(open(f"{out}/sample_eval.json"))["clusters"]
print(f"{'corpus':<10} {'measure':<44} {'value':>8}")
print(f"{'sample':<10} {'adjusted Rand index':<44} {s['ari']:>8.4f}")
print(f"{'sample':<10} {'pairwise precision / recall / F1':<44} {s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}")

r = clusters(f"{out}/reuters.jsonl")
total = together = 0
for line in open(f"{data}/reuters21578/computed_neardup_pairs_word5_jaccard_ge_0.5.tsv"):
    j, a, _, b, _ = line.rstrip("\n").split("\t")
    if j == "jaccard_word5" or float(j) < 0.6:
        continue
    total += 1
    together += r["reuters-" + a] == r["reuters-" + b]
print(f"{'reuters':<10} {'J>=0.6 pairs in one cluster':<44} {together / total:>8.4f}  ({together}/{total})")
sizes = Counter(r.values())
titles = {}
for line in open(f"{data}/reuters21578/reuters.jsonl", encoding="utf-8"):
    d = json.loads(line)
    titles[d["id"]] = d.get("title") or ""
members = defaultdict(list)
for i, c in r.items():
    members[c].append(i)
for c, n in sizes.most_common(3):
    sample_titles = sorted({titles[i][:40] for i in members[c]})[:3]
    print(f"{'reuters':<10} {'largest cluster: ' + str(n) + ' items':<44} e.g. {' | '.join(sample_titles)}")

k = clusters(f"{out}/counter.jsonl")
tot, hit = Counter(), Counter()
for line in open(f"{data}/counter/labels.tsv"):
    src, der, label, _ = line.rstrip("\n").split("\t")
    if label == "label":
        continue
    tot[label] += 1
    hit[label] += k[src] == k[der]
for label in ("WD", "PD", "ND"):
    print(f"{'counter':<10} {label + ' pairs in one cluster':<44} {hit[label] / tot[label]:>8.3f}  ({hit[label]}/{tot[label]})")
PY
