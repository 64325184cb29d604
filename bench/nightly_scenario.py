#!/usr/bin/env python3
"""Seven nights of real wire copy and outlet pages that copy it, for `wiretrace dedupe`.

Night k holds the Reuters items of one day (../shared/data/reuters21578, seven
weekdays of March 1987) and the pages of five outlets. Each outlet page sits in
the outlet's template (header and footer lines) with teasers of the outlet's
other pages tonight (a headline and the cut-off start of its lead). A page is
either
  - a copy of a Reuters item of an earlier night: whole, trimmed (the first
    45-70%), re-led (a new first paragraph) or credited ("(Reuters)" line);
  - or a story seen nowhere else (a Reuters item of October 1987, far outside
    every night's window).
"Tiny Post" publishes two pages a night: its template repeats only across
nights.

Writes night1.jsonl .. night7.jsonl and gold.tsv (kind<TAB>id<TAB>source id;
kind = copy or unique) to OUT. Deterministic for a seed. The corpus is read
from ../shared and nothing of it is written into the repository.

  python3 bench/nightly_scenario.py --reuters ../shared/data/reuters21578/reuters.jsonl --out /tmp/nights
"""
import argparse
import datetime
import json
import os
import random
import re

NIGHTS = ["1987-03-02", "1987-03-03", "1987-03-04", "1987-03-05", "1987-03-06", "1987-03-09", "1987-03-11"]
OUTLETS = [("Daily Gazette", 30, 10), ("Metro Herald", 25, 8), ("Business Wire Review", 20, 6),
           ("Farm Journal", 12, 4), ("Tiny Post", 1, 1)]  # (name, copies a night, unique pages a night)

RELEADS = [
    "Markets and officials were digesting the news on {day} as the following report from the wire spread.",
    "Readers have asked us to follow this story closely; here is what we know as of {day}.",
    "In news that could matter to local businesses, the wire reported on {day} the following developments.",
]


def template(rng, name):
    words = ["subscribe", "newsletter", "weather", "sports", "classifieds", "contact", "about", "privacy",
             "terms", "advertise", "careers", "archive", "events", "opinion", "letters", "obituaries"]
    header = [f"{name} - Your trusted source for news", "Home | " + " | ".join(rng.sample(words, 6)),
              f"Sign up for the {name} morning briefing and never miss a story"]
    footer = [f"Copyright 1987 {name}. All rights reserved.", "Share this story: Facebook Twitter Email Print",
              f"More from {name}: " + ", ".join(rng.sample(words, 5))]
    return header, footer


def lead_of(text, words=14):
    return " ".join(text.split()[:words])


def copy_variant(rng, item, day):
    body = item["text"].strip()
    kind = rng.choice(["whole", "trimmed", "re-led", "credited"])
    if kind == "trimmed":
        body = body[: int(len(body) * rng.uniform(0.45, 0.7))]
    elif kind == "re-led":
        body = rng.choice(RELEADS).format(day=day) + "\n" + body
    elif kind == "credited":
        body = body + "\n(Reuters)"
    return kind, body


def distinct_stories(items):
    """The items that are not resends of an earlier one of `items`.

    Reuters resent some October stories (a correction, a repeat): two pages
    made of one such story are copies of each other, not two unique pages.
    """
    def shingles(text, k=5):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i:i + k]) for i in range(max(0, len(words) - k + 1))}
    kept, holders = [], {}
    for item in items:
        mine = shingles(item.get("title", "") + " " + item["text"])
        shared = {}
        for s in mine:
            for j in holders.get(s, ()):
                shared[j] = shared.get(j, 0) + 1
        if any(n / min(len(mine), len(kept[j][1])) >= 0.5 for j, n in shared.items()):
            continue
        for s in mine:
            holders.setdefault(s, []).append(len(kept))
        kept.append((item, mine))
    return [item for item, _ in kept]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reuters", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    by_day, october = {d: [] for d in NIGHTS}, []
    for line in open(args.reuters, encoding="utf-8"):
        r = json.loads(line)
        day = (r.get("published") or "")[:10]
        if day in by_day:
            by_day[day].append((line.rstrip("\n"), r))
        elif day.startswith("1987-10") and len(r.get("text", "")) > 400:
            october.append(r)
    october = distinct_stories(october)
    rng.shuffle(october)
    os.makedirs(args.out, exist_ok=True)
    gold = open(os.path.join(args.out, "gold.tsv"), "w", encoding="utf-8")
    templates = {name: template(rng, name) for name, _, _ in OUTLETS}
    earlier = []  # (day, item): Reuters items of the nights before, long enough to copy
    for k, day in enumerate(NIGHTS):
        # Only items still inside a 7-day window: an older source has left
        # the store, and its copy is rightly kept.
        ordinal = datetime.date.fromisoformat(day).toordinal()
        window = [r for d, r in earlier if ordinal - datetime.date.fromisoformat(d).toordinal() < 7]
        lines = [line for line, _ in by_day[day]]
        pages = []
        for name, copies, uniques in OUTLETS:
            chosen = []
            if window:
                for item in rng.sample(window, min(copies, len(window))):
                    kind, body = copy_variant(rng, item, day)
                    chosen.append(("copy", item["id"], item.get("title", ""), body))
            for _ in range(uniques):
                item = october.pop()
                chosen.append(("unique", "", item.get("title", ""), item["text"].strip()))
            for j, (kind, src, title, body) in enumerate(chosen):
                pid = f"{name.lower().replace(' ', '-')}-{k + 1}-{j}"
                pages.append((name, pid, kind, src, title, body))
        # Teasers: two other pages of the same outlet tonight.
        for name, pid, kind, src, title, body in pages:
            header, footer = templates[name]
            others = [p for p in pages if p[0] == name and p[1] != pid]
            teasers = []
            for o in rng.sample(others, min(2, len(others))):
                teasers += [o[4], lead_of(o[5]) + " ..."]
            text = "\n".join(header + [body, "Latest from " + name] + teasers + footer)
            hour = rng.randint(6, 22)
            record = {"id": pid, "source": name, "published": f"{day}T{hour:02d}:{rng.randint(0, 59):02d}:00Z",
                      "title": title, "text": text, "url": f"https://example.org/{pid}"}
            lines.append(json.dumps(record, ensure_ascii=False))
            gold.write(f"{kind}\t{pid}\t{src}\n")
        rng.shuffle(lines)
        with open(os.path.join(args.out, f"night{k + 1}.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        earlier += [(day, r) for _, r in by_day[day] if len(r.get("text", "")) > 600]
    gold.close()


if __name__ == "__main__":
    main()
