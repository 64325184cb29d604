#!/usr/bin/env python3
"""Scores `wiretrace-provenance` output beyond what `wiretrace eval` reports.

    eval_provenance.py score --wiretrace BUILD/wiretrace --gold-parents G.tsv [--gold-clusters C.tsv]
                             [--kinds K.tsv] [--alternatives] PROV.jsonl
    eval_provenance.py reuters-gold PAIRS.tsv OUT.tsv
    eval_provenance.py counter --labels labels.tsv --clusters clusters.jsonl PROV.jsonl

`score` takes strict parent accuracy and root accuracy from `wiretrace eval --gold-parents` (every
evaluation script calls it, so the figures are the same everywhere), then adds what eval does not
measure: composites that get both parents (and, with --gold-clusters, a parent of each story), and with tools/gen_syndication.py's gold_kinds.tsv the
parent accuracy per kind of copy, the kinds of miss (grandparent, sibling, none) and the documents
that should have no parent (follow-ups, same-subject sagas, own pages) but got one.

`reuters-gold` derives parent edges from Reuters-21578's exact near-duplicate pairs (resends and
corrections): every item's gold parents are the earlier items (by timestamp, then id) that it pairs
with at word-5 Jaccard >= 0.5. Which of several earlier resends was used cannot be known, so any of
them counts.

`counter` gives COUNTER's measures (issue 13): among WD and PD pairs in one cluster, the share whose
newspaper story's root is an agency story; and across clusters, the share of pairs whose agency story
is among the newspaper story's parents, per label (WD and PD should, ND should not).

Rows are printed as `corpus measure value note`, the layout of bench/eval_shared.sh. Standard library only.
"""

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict


def row(corpus, measure, value, note=""):
    print(f"{corpus:<12} {measure:<48} {value:>9}  {note}".rstrip())


def ratio(k, n):
    return f"{k / n:.3f}" if n else "n/a"


def read_prov(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[str(d["id"])] = d
    return out


def read_gold(path):
    parents = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            p, c = line.split("\t")
            parents[c].append(p)
    return parents


def top_parent(entry):
    ps = entry.get("parents") or []
    if not ps:
        return None
    best = ps[0]
    for p in ps:  # the rule of `wiretrace eval`: the top-share parent, the first among equals
        if p["share"] > best["share"]:
            best = p
    return str(best["id"])


def score(args):
    res = subprocess.run([args.wiretrace, "eval", "--json", "--gold-parents", args.gold_parents, args.prov],
                         capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit("eval_provenance: wiretrace eval failed: " + res.stderr)
    p = json.loads(res.stdout)["provenance"]
    name = args.name
    row(name, "strict parent accuracy", f"{p['parent_accuracy']:.4f}",
        f"({p['children_parent_correct']}/{p['children_scored']} children)")
    row(name, "root accuracy per gold component", f"{p['root_accuracy']:.4f}",
        f"({p['components_root_correct']}/{p['components_scored']} components)")
    prov = read_prov(args.prov)
    gold = read_gold(args.gold_parents)
    story = {}
    if args.gold_clusters:
        with open(args.gold_clusters, encoding="utf-8") as f:
            for line in f:
                i, c = line.rstrip("\n").split("\t")
                story[i] = c
    if not args.alternatives:
        # A child with two gold parents is a composite (with --alternatives they are
        # equally good answers, as for Reuters resends).
        multi = [c for c, ps in gold.items() if len(ps) >= 2]
        got = {c: {str(x["id"]) for x in prov[c]["parents"]} if c in prov else set() for c in multi}
        both = sum(1 for c in multi if set(gold[c]) <= got[c])
        row(name, "composites with both exact parents", ratio(both, len(multi)), f"({both}/{len(multi)})")
        if story:
            # Which copy of a story a composite took is often not in its text: a parent of each story.
            each = sum(1 for c in multi if {story.get(p) for p in gold[c]} <= {story.get(p) for p in got[c]})
            row(name, "composites with a parent of each story", ratio(each, len(multi)), f"({each}/{len(multi)})")
    if not args.kinds:
        return
    kind, parents_of = {}, {}
    with open(args.kinds, encoding="utf-8") as f:
        for line in f:
            i, k, ps = line.rstrip("\n").split("\t")
            kind[i], parents_of[i] = k, [x for x in ps.split(",") if x]
    hit, total, misses = Counter(), Counter(), Counter()
    for c, ps in parents_of.items():
        if not ps:
            continue
        k = kind[c]
        total[k] += 1
        top = top_parent(prov[c]) if c in prov else None
        if top in ps:
            hit[k] += 1
        elif top is None:
            misses["no parent" if c in prov else "no line"] += 1
        elif top in parents_of.get(ps[0], []) or any(top in ancestors(parents_of, q) for q in ps):
            misses["an ancestor (grandparent)"] += 1
        elif set(ancestors(parents_of, top)) & set(ancestors(parents_of, c)):
            misses["a sibling or its copy"] += 1
        else:
            misses["another document"] += 1
    for k in sorted(total):
        row(name, f"  parent accuracy: {k}", ratio(hit[k], total[k]), f"({hit[k]}/{total[k]})")
    for m, n in misses.most_common():
        row(name, f"  misses: {m}", str(n))
    partial = [c for c in parents_of if kind[c] == "partial"]
    listed = sum(1 for c in partial if c in prov and parents_of[c][0] in {str(x["id"]) for x in prov[c]["parents"]})
    row(name, "partial reuse: source among the parents", ratio(listed, len(partial)), f"({listed}/{len(partial)})")
    if story:
        in_story = sum(1 for c in partial if c in prov and
                       story.get(parents_of[c][0]) in {story.get(str(x["id"])) for x in prov[c]["parents"]})
        row(name, "partial reuse: a parent of the source's story", ratio(in_story, len(partial)),
            f"({in_story}/{len(partial)})")
    clean = [c for c in parents_of if kind[c] in ("followup", "saga", "own")]
    wrong = sum(1 for c in clean if c in prov and prov[c]["parents"])
    row(name, "follow-ups, sagas and own pages given a parent", ratio(wrong, len(clean)), f"({wrong}/{len(clean)})")


def ancestors(parents_of, c, depth=0):
    if depth > 8:
        return []
    out = []
    for p in parents_of.get(c, []):
        out.append(p)
        out += ancestors(parents_of, p, depth + 1)
    return out


def reuters_gold(args):
    import datetime as dt

    def when(s):
        return dt.datetime.strptime(s.split(".")[0], "%d-%b-%Y %H:%M:%S")

    pairs = []
    with open(args.pairs, encoding="utf-8") as f:
        for line in f:
            j, a, da, b, db = line.rstrip("\n").split("\t")
            if j == "jaccard_word5" or float(j) < 0.5:
                continue
            ka, kb = (when(da), int(a)), (when(db), int(b))
            if ka > kb:
                ka, kb, a, b = kb, ka, b, a
            pairs.append((a, b))
    with open(args.out, "w", encoding="utf-8") as f:
        for a, b in sorted(set(pairs), key=lambda x: (int(x[1]), int(x[0]))):
            f.write(f"reuters-{a}\treuters-{b}\n")


def counter(args):
    prov = read_prov(args.prov)
    cluster = {}
    with open(args.clusters, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            cluster[str(d["id"])] = d["cluster"]
    together = agency_root = 0
    listed, n = Counter(), Counter()
    with open(args.labels, encoding="utf-8") as f:
        for line in f:
            a, b, label, _ = line.rstrip("\n").split("\t")
            if a == "source_id":
                continue
            n[label] += 1
            entry = prov.get(b)
            if entry and a in {str(x["id"]) for x in entry["parents"]}:
                listed[label] += 1
            if label in ("WD", "PD") and cluster.get(a) == cluster.get(b):
                together += 1
                agency_root += bool(entry) and not str(entry["root"]).endswith("p")
    row("counter", "WD+PD in one cluster: root is an agency story", ratio(agency_root, together),
        f"({agency_root}/{together}; target >= 0.98)")
    for label, target in (("WD", ">= 0.90"), ("PD", ">= 0.40"), ("ND", "<= 0.10")):
        row("counter", f"{label}: agency story among the parents", ratio(listed[label], n[label]),
            f"({listed[label]}/{n[label]}; target {target})")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("score")
    s.add_argument("--wiretrace", required=True)
    s.add_argument("--gold-parents", required=True)
    s.add_argument("--kinds", help="gen_syndication.py's gold_kinds.tsv: rows per kind of copy")
    s.add_argument("--gold-clusters", help="id<TAB>story: composites and partial reuse by story")
    s.add_argument("--alternatives", action="store_true",
                   help="several gold parents of a child are alternatives, not a composite's two sources")
    s.add_argument("--name", default="corpus")
    s.add_argument("prov")
    r = sub.add_parser("reuters-gold")
    r.add_argument("pairs")
    r.add_argument("out")
    c = sub.add_parser("counter")
    c.add_argument("--labels", required=True)
    c.add_argument("--clusters", required=True)
    c.add_argument("prov")
    args = ap.parse_args(argv)
    {"score": score, "reuters-gold": reuters_gold, "counter": counter}[args.cmd](args)


if __name__ == "__main__":
    main(sys.argv[1:])
