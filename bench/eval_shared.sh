#!/usr/bin/env bash
# Quality on the bundled sample and the evaluation corpora in ../shared/data, in one table:
#   sample     ARI and pairwise P/R/F1 of `wiretrace cluster` on data/sample.jsonl (wiretrace eval);
#              provenance: strict parent accuracy and root accuracy of `wiretrace-provenance`
#              against data/gold_parents.tsv (wiretrace eval --gold-parents)
#   sample-N   the same generator at seeds 8, 9 and 11 (other stories, outlets and copies)
#   synd-N     tools/gen_syndication.py, the second, independent generator, at seeds 1, 2 and 3: ARI and
#              pairwise P/R against its gold clusters (partial reuse and follow-ups are their own stories)
#   reuters    share of the exact word-5 Jaccard >= 0.6 pairs that share a cluster; share of the pairs
#              in clusters of 2..50 that share < 0.2 of their word 5-grams by Jaccard and both
#              containments (bench/low_overlap_pairs.py: two stories put together); the largest clusters
#   bbc        BBC News (one outlet, no dates: sagas, few copies): the same two measures
#   counter    per label (WD / PD / ND, labels.tsv): share of pairs put in one cluster, share accepted
#              by shingle verification, containment of the newspaper story in its agency story
#              (quartiles, `wiretrace compare`); provenance: among WD and PD pairs that share a
#              cluster, the share whose newspaper story has its own agency story as root, and the
#              share whose root is any agency story (COUNTER holds a few verbatim duplicate agency stories)
#   clough     Clough-Stevenson answers vs their Wikipedia source, per category (cut / light / heavy /
#              non): containment of the answer in its source (quartiles), share at or above the
#              containment threshold, share accepted by verification, share in one cluster; where the
#              threshold sits among the category medians. The corpus has no `source`, so every file is
#              one outlet and a line in >= 3 files is boilerplate: rows `clough` are the default run,
#              rows `clough-nb` the same with --no-boilerplate.
# Provenance on more corpora (the sample's seeds, tools/gen_syndication.py with and without dates, Reuters
# resends, COUNTER's parent measures) is bench/eval_provenance.sh.
# Usage: bench/eval_shared.sh [BUILD_DIR] [extra engine options (cluster/compare/provenance)...]
# Skips (exit 0) when ../shared/data is absent; a corpus missing from it is reported and skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
extra=("$@")
shared=${WIRETRACE_SHARED:-$root/../shared}
data=$shared/data
bin="$build/wiretrace"
prov="$build/wiretrace-provenance"
[[ -x $bin ]] || { echo "eval_shared: $bin not found; run make build first" >&2; exit 2; }
if [[ ! -d $data ]]; then
  echo "eval_shared: $data is absent; nothing to evaluate" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

script=eval_shared
# shellcheck source=bench/eval_lib.sh
source "$root/bench/eval_lib.sh"

run sample "$bin" cluster -q "${extra[@]}" "$root/data/sample.jsonl" -o "$out/sample.jsonl"
run sample_eval "$bin" eval --json --gold "$root/data/gold_clusters.tsv" "$out/sample.jsonl" >"$out/sample_eval.json"
if [[ -x $prov ]]; then
  run sample_prov "$prov" -q "${extra[@]}" --clusters "$out/sample.jsonl" "$root/data/sample.jsonl" \
    -o "$out/sample_prov.jsonl"
  run sample_prov_eval "$bin" eval --json --gold-parents "$root/data/gold_parents.tsv" "$out/sample_prov.jsonl" \
    >"$out/sample_prov_eval.json"
fi

# The sample's generator at other seeds: the same kinds of copies, other stories and outlets.
for seed in 8 9 11; do
  mkdir -p "$out/seed$seed"
  python3 "$root/tools/gen_sample.py" --seed "$seed" --out "$out/seed$seed" >/dev/null
  run "seed$seed" "$bin" cluster -q "${extra[@]}" "$out/seed$seed/sample.jsonl" -o "$out/seed$seed/clusters.jsonl"
  run "seed${seed}_eval" "$bin" eval --json --gold "$out/seed$seed/gold_clusters.tsv" "$out/seed$seed/clusters.jsonl" \
    >"$out/seed$seed/eval.json"
done

# The second, independent generator (tools/gen_syndication.py: real Reuters and COUNTER roots, its own
# outlets, chains, composites, partial reuse and follow-ups): its gold clusters, at three seeds.
if [[ -f $data/reuters21578/reuters.jsonl ]]; then
  for seed in 1 2 3; do
    mkdir -p "$out/synd$seed"
    python3 "$root/tools/gen_syndication.py" --seed "$seed" --shared "$shared" --out "$out/synd$seed" >/dev/null
    run "synd$seed" "$bin" cluster -q "${extra[@]}" "$out/synd$seed/corpus.jsonl" -o "$out/synd$seed/clusters.jsonl"
    run "synd${seed}_eval" "$bin" eval --json --gold "$out/synd$seed/gold_clusters.tsv" \
      "$out/synd$seed/clusters.jsonl" >"$out/synd$seed/eval.json"
  done
fi

# Clustered pairs that share little text (bench/low_overlap_pairs.py): a precision measure without labels.
low_overlap() {
  python3 "$root/bench/low_overlap_pairs.py" --json --examples 3 "$1" "$2" >"$3"
}
if [[ -f $data/reuters21578/reuters.jsonl ]]; then
  run reuters "$bin" cluster -q "${extra[@]}" "$data/reuters21578/reuters.jsonl" -o "$out/reuters.jsonl"
  low_overlap "$data/reuters21578/reuters.jsonl" "$out/reuters.jsonl" "$out/reuters_low.json"
fi
if [[ -d $data/bbc-news/bbc ]]; then
  # One outlet's stories of 2004-05, no dates, no `source`: many sagas (Yukos, Glazer and Man Utd), few copies.
  run bbc "$bin" cluster -q "${extra[@]}" "$data/bbc-news/bbc" -o "$out/bbc.jsonl"
  low_overlap "$data/bbc-news/bbc" "$out/bbc.jsonl" "$out/bbc_low.json"
fi

if [[ -f $data/counter/counter.jsonl ]]; then
  counter=$data/counter
  run counter "$bin" cluster -q "${extra[@]}" "$counter/counter.jsonl" -o "$out/counter.jsonl"
  # labels.tsv: source_id, derived_id, label, domain (its header line is recognised as one).
  run counter_compare "$bin" compare -q "${extra[@]}" "$counter/counter.jsonl" --pairs "$counter/labels.tsv" \
    -o "$out/counter_compare.tsv"
  if [[ -x $prov ]]; then
    run counter_prov "$prov" -q "${extra[@]}" --clusters "$out/counter.jsonl" "$counter/counter.jsonl" \
      -o "$out/counter_prov.jsonl"
  fi
fi

clough=$data/clough-stevenson-short-answer-reuse
if [[ -f $clough/labels.tsv ]]; then
  # Each answer against its source; ids of .txt files in a directory are their file names.
  awk -F'\t' 'NR == 1 { print "answer\tsource\tcategory"; next }
              { print $1 "\torig_task" $4 ".txt\t" $5 }' "$clough/labels.tsv" >"$out/clough_pairs.tsv"
  # --explain (stderr) gives the thresholds and the number of lines removed as boilerplate.
  run clough_compare "$bin" compare --explain "${extra[@]}" "$clough/corpus" --pairs "$out/clough_pairs.tsv" \
    -o "$out/clough_compare.tsv"
  run clough_nb_compare "$bin" compare -q "${extra[@]}" --no-boilerplate "$clough/corpus" \
    --pairs "$out/clough_pairs.tsv" -o "$out/clough_nb_compare.tsv"
fi

python3 - "$out" "$data" <<'PY'
import csv, json, os, re, statistics, sys
from collections import Counter, defaultdict
out, data = sys.argv[1], sys.argv[2]

def row(corpus, measure, value, note=""):
    print(f"{corpus:<10} {measure:<50} {value:>17}  {note}".rstrip())

def ratio(k, n):
    return f"{k / n:.3f}" if n else "n/a"

def clusters(path):
    c = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        c[str(d["id"])] = d["cluster"]
    return c

def compare_rows(path):
    # `wiretrace compare` TSV: one dict per pair, numbers as floats.
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        for k in ("jaccard", "containment_a", "containment_b"):
            r[k] = float(r[k])
    return rows

def quartiles(xs):
    xs = sorted(xs)
    if len(xs) < 2:
        return (xs * 3)[:3] if xs else [float("nan")] * 3
    q1, q2, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    return q1, q2, q3

def fmt3(values):
    return "/".join(f"{v:.3f}" for v in values)

def absent(corpus, what):
    row(corpus, f"({what} absent: skipped)", "")

print(f"{'corpus':<10} {'measure':<50} {'value':>17}  note")

# --- sample -------------------------------------------------------------------------------------
s = json.load(open(f"{out}/sample_eval.json"))["clusters"]
row("sample", "adjusted Rand index", f"{s['ari']:.4f}")
row("sample", "pairwise precision / recall / F1", fmt3((s["precision"], s["recall"], s["f1"])))
if os.path.exists(f"{out}/sample_prov_eval.json"):
    p = json.load(open(f"{out}/sample_prov_eval.json"))["provenance"]
    row("sample", "provenance: strict parent accuracy", f"{p['parent_accuracy']:.4f}",
        f"({p['children_parent_correct']}/{p['children_scored']} children)")
    row("sample", "provenance: root accuracy per gold cluster", f"{p['root_accuracy']:.4f}",
        f"({p['components_root_correct']}/{p['components_scored']} gold clusters)")
else:
    absent("sample", "wiretrace-provenance")

for seed in (8, 9, 11):
    s = json.load(open(f"{out}/seed{seed}/eval.json"))["clusters"]
    row(f"sample-{seed}", "adjusted Rand index; pairwise precision / recall",
        f"{s['ari']:.4f}; {s['precision']:.3f}/{s['recall']:.3f}", f"(tools/gen_sample.py --seed {seed})")

for seed in (1, 2, 3):
    if os.path.exists(f"{out}/synd{seed}/eval.json"):
        s = json.load(open(f"{out}/synd{seed}/eval.json"))["clusters"]
        row(f"synd-{seed}", "adjusted Rand index; pairwise precision / recall",
            f"{s['ari']:.4f}; {s['precision']:.3f}/{s['recall']:.3f}", f"(tools/gen_syndication.py --seed {seed})")

def low_rows(corpus, path):
    low = json.load(open(path))
    row(corpus, "clustered pairs sharing < 0.2 of their word 5-grams", f"{low['share']:.4f}",
        f"({low['low']}/{low['pairs']} pairs in clusters of 2..50)")
    for e in low["examples"]:
        row(corpus, "  e.g.", f"{e['max_containment']:.3f}", f"{e['title_a'][:40]} ~ {e['title_b'][:40]}")

# --- Reuters ------------------------------------------------------------------------------------
if os.path.exists(f"{out}/reuters.jsonl"):
    low_rows("reuters", f"{out}/reuters_low.json")
    r = clusters(f"{out}/reuters.jsonl")
    total = together = 0
    for line in open(f"{data}/reuters21578/computed_neardup_pairs_word5_jaccard_ge_0.5.tsv"):
        j, a, _, b, _ = line.rstrip("\n").split("\t")
        if j == "jaccard_word5" or float(j) < 0.6:
            continue
        total += 1
        together += r["reuters-" + a] == r["reuters-" + b]
    row("reuters", "J>=0.6 pairs in one cluster", f"{together / total:.4f}", f"({together}/{total})")
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
        row("reuters", "largest clusters: items", str(n), "e.g. " + " | ".join(sample_titles))
else:
    absent("reuters", "reuters21578")

# --- BBC News -----------------------------------------------------------------------------------
if os.path.exists(f"{out}/bbc.jsonl"):
    b = clusters(f"{out}/bbc.jsonl")
    total = together = 0
    for line in open(f"{data}/bbc-news/computed_neardup_pairs_word5_jaccard_ge_0.5.tsv"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "jaccard_word5" or float(f[0]) < 0.6:
            continue
        total += 1
        together += b.get(f[1]) is not None and b.get(f[1]) == b.get(f[2])
    row("bbc", "J>=0.6 pairs in one cluster", ratio(together, total), f"({together}/{total})")
    low_rows("bbc", f"{out}/bbc_low.json")
else:
    absent("bbc", "bbc-news")

# --- COUNTER ------------------------------------------------------------------------------------
if os.path.exists(f"{out}/counter.jsonl"):
    k = clusters(f"{out}/counter.jsonl")
    pairs = compare_rows(f"{out}/counter_compare.tsv")  # a = agency story, b = newspaper story
    by_label = defaultdict(list)
    for p in pairs:
        by_label[p["label"]].append(p)
    for label in ("WD", "PD", "ND"):
        ps = by_label[label]
        n = len(ps)
        hit = sum(k[p["a"]] == k[p["b"]] for p in ps)
        accepted = sum(p["rule"] in ("jaccard", "containment") for p in ps)
        row("counter", f"{label} pairs in one cluster", ratio(hit, n), f"({hit}/{n})")
        row("counter", f"{label} pairs accepted by shingle verification", ratio(accepted, n), f"({accepted}/{n})")
        row("counter", f"{label} newspaper in agency story: q1/median/q3",
            fmt3(quartiles([p["containment_b"] for p in ps])), "(containment, word 4-gram shingles)")
    if os.path.exists(f"{out}/counter_prov.jsonl"):
        root = {}
        for line in open(f"{out}/counter_prov.jsonl", encoding="utf-8"):
            d = json.loads(line)
            root[str(d["id"])] = str(d["root"])
        # COUNTER lists a few agency stories twice (two ids, the same text): either is the source.
        text_of = {}
        for line in open(f"{data}/counter/counter.jsonl", encoding="utf-8"):
            d = json.loads(line)
            text_of[str(d["id"])] = " ".join(re.findall(r"\w+", d.get("text", "")))
        strict, same_text, anyagency, counts = Counter(), Counter(), Counter(), Counter()
        for label in ("WD", "PD"):
            for p in by_label[label]:
                if k[p["a"]] != k[p["b"]]:
                    continue
                counts[label] += 1
                rt = root.get(p["b"], "")
                strict[label] += rt == p["a"]
                same_text[label] += rt == p["a"] or (bool(rt) and text_of.get(rt) == text_of.get(p["a"]))
                anyagency[label] += bool(rt) and not rt.endswith("p")
        n = counts["WD"] + counts["PD"]
        for name, hits in (("its own agency story", strict), ("own story or a duplicate", same_text),
                           ("any agency story", anyagency)):
            total = hits["WD"] + hits["PD"]
            row("counter", f"WD+PD together: root is {name}", ratio(total, n),
                f"({total}/{n}; WD {hits['WD']}/{counts['WD']}, PD {hits['PD']}/{counts['PD']})")
    else:
        absent("counter", "wiretrace-provenance")
else:
    absent("counter", "counter")

# --- Clough-Stevenson ---------------------------------------------------------------------------
if os.path.exists(f"{out}/clough_compare.tsv"):
    log = open(f"{out}/clough_compare.err", encoding="utf-8", errors="replace").read()
    m = re.search(r"containment >= ([0-9.]+)", log)
    threshold = float(m.group(1)) if m else 0.4
    m = re.search(r"boilerplate: (\d+) distinct lines removed", log)
    row("clough", "lines removed as boilerplate (corpus-wide)", m.group(1) if m else "?",
        "(no `source`: a line in >= 3 files)")
    categories = ("cut", "light", "heavy", "non")
    for corpus, path in (("clough", "clough_compare.tsv"), ("clough-nb", "clough_nb_compare.tsv")):
        by_cat = defaultdict(list)
        for p in compare_rows(f"{out}/{path}"):  # a = answer, b = its source
            by_cat[p["category"]].append(p)
        medians = {}
        for cat in categories:
            ps = by_cat[cat]
            n = len(ps)
            q = quartiles([p["containment_a"] for p in ps])
            medians[cat] = q[1]
            above = sum(p["containment_a"] >= threshold for p in ps)
            accepted = sum(p["rule"] in ("jaccard", "containment") for p in ps)
            together = sum(p["same_cluster"] == "yes" for p in ps)
            row(corpus, f"{cat} (n={n}) answer in source: q1/median/q3", fmt3(q))
            row(corpus, f"{cat}: >= {threshold:g} / accepted / in one cluster",
                fmt3((above / n, accepted / n, together / n)) if n else "n/a",
                f"({above}/{accepted}/{together} of {n})")
        # Where the threshold falls among the category medians, highest first.
        order = sorted(categories, key=lambda c: -medians[c])
        parts, placed = [], False
        for c in order:
            if not placed and medians[c] < threshold:
                parts.append(f"[{threshold:g}]")
                placed = True
            parts.append(f"{c} {medians[c]:.2f}")
        if not placed:
            parts.append(f"[{threshold:g}]")
        row(corpus, "containment threshold among category medians", f"{threshold:g}", " > ".join(parts))
else:
    absent("clough", "clough-stevenson-short-answer-reuse")
PY
