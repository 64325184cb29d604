#!/usr/bin/env python3
"""Scores seven `wiretrace dedupe` nights of bench/nightly_scenario.py.

  nightly_eval.py DIR [--cluster CLUSTER.jsonl]

DIR holds nightK.jsonl, nightK.kept, nightK.dups (K = 1..7) and gold.tsv.
Prints: records in exactly one output; planted copies that name their
source (the Reuters item copied, or the kept item it was itself a duplicate
of); unique pages kept; duplicates that share text (a word 4-gram) with the
article they name. With --cluster (one `wiretrace cluster` run over all seven
nights), also where the kept sets differ, and why.
"""
import argparse
import json
import os
import re
import sys


def shingles(text, k=4):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + k]) for i in range(max(0, len(words) - k + 1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--cluster")
    ap.add_argument("--nights", type=int, default=7)
    args = ap.parse_args()
    text, night_of, kept, dup = {}, {}, set(), {}
    bad = 0
    for k in range(1, args.nights + 1):
        ids = []
        for line in open(os.path.join(args.dir, f"night{k}.jsonl"), encoding="utf-8"):
            r = json.loads(line)
            rid = str(r["id"])
            text[rid] = (r.get("title") or "") + "\n" + (r.get("text") or "")
            night_of[rid] = k
            ids.append(rid)
        got = []
        for line in open(os.path.join(args.dir, f"night{k}.kept"), encoding="utf-8"):
            rid = str(json.loads(line)["id"])
            kept.add(rid)
            got.append(rid)
        for line in open(os.path.join(args.dir, f"night{k}.dups"), encoding="utf-8"):
            d = json.loads(line)
            dup[str(d["id"])] = d
            got.append(str(d["id"]))
        if sorted(got) != sorted(ids):
            bad += 1
            print(f"night {k}: records and outputs differ ({len(ids)} records, {len(got)} output lines)")
    print(f"records in exactly one output: {'yes' if bad == 0 else 'NO'} ({len(text)} records, {len(kept)} kept, "
          f"{len(dup)} duplicates)")

    copies = uniques = named = kept_unique = 0
    misses = []
    for line in open(os.path.join(args.dir, "gold.tsv"), encoding="utf-8"):
        kind, pid, src = line.rstrip("\n").split("\t")
        if kind == "copy":
            copies += 1
            ok = {src}
            if src in dup:
                ok.add(str(dup[src]["duplicate_of"]))
            if pid in dup and str(dup[pid]["duplicate_of"]) in ok:
                named += 1
            else:
                misses.append((pid, src, dup.get(pid, {}).get("duplicate_of", "(kept)")))
        else:
            uniques += 1
            kept_unique += pid in kept
    print(f"planted copies naming their source: {named}/{copies} = {100.0 * named / max(1, copies):.1f}%")
    print(f"unique pages kept: {kept_unique}/{uniques} = {100.0 * kept_unique / max(1, uniques):.1f}%")
    for pid, src, got in misses[:10]:
        print(f"  missed: {pid} copies {src}, got {got}")

    sharing, lowest = 0, (2.0, "")
    for rid, d in dup.items():
        a, b = shingles(text[rid]), shingles(text.get(str(d["duplicate_of"]), ""))
        share = len(a & b) / max(1, len(a))
        sharing += share > 0
        lowest = min(lowest, (share, rid))
    print(f"duplicates sharing text with the article they name: {sharing}/{len(dup)} "
          f"(lowest 4-gram share {lowest[0]:.3f}, {lowest[1]})")

    if args.cluster:
        compare(args.cluster, kept, dup, night_of)
    return 0 if bad == 0 else 1


def compare(path, kept, dup, night_of):
    """Kept by the nights vs representatives of one cluster run over all nights."""
    rep = {}
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        rep[str(r["id"])] = str(r["representative"])
    one_run = {i for i, r in rep.items() if r == i}
    only_nightly = kept - one_run
    only_cluster = one_run - kept
    reasons = {}
    for i in only_nightly:
        r = rep[i]
        if night_of[r] > night_of[i]:
            why = "its cluster's representative came on a later night (earlier published or longer)"
        elif night_of[r] == night_of[i]:
            why = "same night: the one run joined it through its cluster, the night found no edge+anchor"
        else:
            why = "earlier night: the one run found the pair, the night's store lookup did not"
        reasons.setdefault(("kept by the nights only", why), []).append(i)
    for i in only_cluster:
        d = dup.get(i)
        of = str(d["duplicate_of"]) if d else ""
        if d and night_of.get(of, 0) < night_of[i]:
            why = f"a duplicate of an earlier night's article (rule {d['rule']}) the one run did not join"
        else:
            why = f"a duplicate within its night (rule {d['rule'] if d else '?'}) the one run did not join"
        reasons.setdefault(("kept by the one run only", why), []).append(i)
    print(f"kept sets: nights {len(kept)}, one cluster run {len(one_run)}, both {len(kept & one_run)}")
    for (side, why), ids in sorted(reasons.items(), key=lambda x: -len(x[1])):
        print(f"  {side}: {len(ids)}: {why} (e.g. {', '.join(sorted(ids)[:3])})")


if __name__ == "__main__":
    sys.exit(main())
