#!/usr/bin/env bash
# `make demo`: cluster the bundled sample, show what was found, and score it
# against the sample's gold clusters.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$build/demo"
mkdir -p "$out"

echo "== wiretrace cluster data/sample.jsonl"
"$build/wiretrace" cluster data/sample.jsonl -o "$out/clusters.jsonl" --pairs "$out/pairs.jsonl"
echo
echo "== largest clusters (representative first; full output in $out/clusters.jsonl)"
python3 - "$out/clusters.jsonl" data/sample.jsonl <<'PY'
import json, sys
from collections import defaultdict
meta = {}
for line in open(sys.argv[2], encoding="utf-8"):
    try:
        r = json.loads(line)
    except ValueError:
        continue
    meta[str(r.get("id"))] = (r.get("source") or "?", r.get("published") or "undated", (r.get("title") or "")[:60])
members = defaultdict(list)
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    members[d["cluster"]].append(d)
for c, docs in sorted(members.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:5]:
    docs.sort(key=lambda d: (str(d["id"]) != str(d["representative"]), -d["containment"]))
    print(f"cluster {c}: {len(docs)} documents")
    for d in docs:
        src, date, title = meta.get(str(d["id"]), ("?", "?", ""))
        print(f"  {str(d['id']):<28} {src:<22} {date:<26} J={d['jaccard']:.2f} C={d['containment']:.2f}  {title}")
PY
echo
echo "== wiretrace eval --gold data/gold_clusters.tsv"
"$build/wiretrace" eval --gold data/gold_clusters.tsv "$out/clusters.jsonl"
if [[ -x "$build/wiretrace-provenance" ]]; then
  echo
  echo "== wiretrace-provenance data/sample.jsonl --format text (first chains)"
  "$build/wiretrace-provenance" data/sample.jsonl --clusters "$out/clusters.jsonl" --format text -o "$out/provenance.txt"
  head -n 20 "$out/provenance.txt"
fi
