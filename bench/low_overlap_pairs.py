#!/usr/bin/env python3
"""Pairs that a cluster run puts together although they share little text.

A precision measure that needs no labels: for every pair of documents in one cluster (clusters of at most
--max-size members, so one large cluster of a stock table does not dominate), the exact word 5-gram Jaccard and
both containments on title + text, lower-cased `\\w+` tokens (a tokenisation independent of the engine's). A pair
below --floor on all three shares no passage worth the name: it is two stories, or two pieces of one story that
were put together through others.

CORPUS is a JSONL file or a directory of .txt files.
Usage: low_overlap_pairs.py CORPUS CLUSTERS.jsonl [--max-size 50] [--floor 0.2] [--examples 5] [--json]
Prints pairs, low pairs, their share and the lowest examples (titles); with --json one object.
"""
import argparse
import glob
import os
import itertools
import json
import re
import sys
from collections import defaultdict

WORD = re.compile(r"\w+")


def five_grams(text):
    words = WORD.findall(text.lower())
    return {tuple(words[i:i + 5]) for i in range(len(words) - 4)}


def records(corpus):
    """(id, title, text) of a JSONL file, or of every *.txt below a directory (id = relative path, as the
    engine names them; title = the first line)."""
    if os.path.isdir(corpus):
        for path in sorted(glob.glob(os.path.join(corpus, "**", "*.txt"), recursive=True)):
            text = open(path, encoding="utf-8", errors="replace").read()
            yield os.path.relpath(path, corpus), text.split("\n", 1)[0], text
        return
    for line in open(corpus, encoding="utf-8"):
        d = json.loads(line)
        yield str(d.get("id")), d.get("title") or "", d.get("text") or ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("clusters")
    ap.add_argument("--max-size", type=int, default=50)
    ap.add_argument("--floor", type=float, default=0.2)
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    members = defaultdict(list)
    for line in open(args.clusters, encoding="utf-8"):
        d = json.loads(line)
        members[d["cluster"]].append(str(d["id"]))
    wanted = {i for m in members.values() if 2 <= len(m) <= args.max_size for i in m}
    grams, titles = {}, {}
    for i, title, text in records(args.corpus):
        if i in wanted:
            grams[i] = five_grams(title + "\n" + text)
            titles[i] = title
    pairs, low = 0, []
    for m in members.values():
        if not 2 <= len(m) <= args.max_size:
            continue
        for a, b in itertools.combinations(m, 2):
            pairs += 1
            ga, gb = grams.get(a, set()), grams.get(b, set())
            shared = len(ga & gb)
            union = len(ga) + len(gb) - shared
            j = shared / union if union else 0.0
            ca = shared / len(ga) if ga else 0.0
            cb = shared / len(gb) if gb else 0.0
            if max(j, ca, cb) < args.floor:
                low.append((max(ca, cb), a, b))
    low.sort()
    share = len(low) / pairs if pairs else 0.0
    examples = [{"a": a, "b": b, "max_containment": round(c, 4), "title_a": titles.get(a, ""),
                 "title_b": titles.get(b, "")} for c, a, b in low[:args.examples]]
    if args.json:
        json.dump({"pairs": pairs, "low": len(low), "share": share, "examples": examples}, sys.stdout)
        print()
        return
    print(f"pairs in clusters of 2..{args.max_size}: {pairs}; below {args.floor} on all three: {len(low)} "
          f"({100 * share:.2f}%)")
    for e in examples:
        print(f"  {e['max_containment']:.3f}  {e['a']} {e['title_a'][:50]!r} ~ {e['b']} {e['title_b'][:50]!r}")


if __name__ == "__main__":
    main()
