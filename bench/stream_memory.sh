#!/usr/bin/env bash
# Bounded memory on a huge stream: generates a JSONL stream of realistic, varied
# news articles on the fly (never stored on disk) and pipes it into
# `wiretrace cluster -` through stdin, then reports peak RSS beside the input
# size and the document count, so that memory per document can be read off.
#
#   bench/stream_memory.sh [BUILD_DIR] [GIGABYTES]      # defaults: build-rel 2
#   STREAM_THREADS=2 bench/stream_memory.sh build-rel 0.5
#
# The articles: a Zipf-distributed vocabulary of 30,000 pseudo-words, 150-900
# words each in paragraphs, 60 outlets with their own template lines (so
# boilerplate detection has work), about 15% copies of an earlier article
# (trimmed, re-led, credited) so that LSH, verification and clustering do too,
# ISO 8601 dates in several zones. Seeded: the same stream every run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-rel}
gigabytes=${2:-2}
threads=${STREAM_THREADS:-0}
bin=$build/wiretrace
if [[ ! -x $bin ]]; then
  echo "stream_memory: $bin not found; build it first:" >&2
  echo "  cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWIRETRACE_BUILD_TESTS=OFF -DWIRETRACE_BUILD_BENCH=OFF" >&2
  echo "  cmake --build $build -j2 --target wiretrace_cli" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

generator=$(cat <<'PY'
import json, random, sys
target = int(float(sys.argv[1]) * 1e9)
rng = random.Random(20261127)
syll = ["ka", "lo", "mer", "sta", "vin", "dro", "pel", "tar", "qui", "zen", "bor", "fa", "gri", "hol", "jun",
        "nex", "ost", "rim", "sul", "wex", "an", "el", "is", "or", "ut", "bra", "cle", "dri", "fro", "ple"]
vocab = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(1, 4))) for _ in range(40000)})[:30000]
rng.shuffle(vocab)
cum, total = [], 0.0
for r in range(len(vocab)):
    total += 1.0 / (r + 1) ** 1.05
    cum.append(total)
outlets = [f"Outlet {i}" for i in range(60)]
templates = {o: [f"{o} Previous Story", f"Latest from {o} Top News", f"Subscribe to {o} for more headlines",
                 f"Copyright 2022 {o} all rights reserved", "Go to Top", "Don't Miss"] for o in outlets}
agencies = ["(AP)", "(ANI)", "- Reuters", "reported Xinhua", "(AFP)", "With inputs from agencies"]
zones = ["Z", "+05:30", "-08:00", "+03:00", "+00:00"]
recent = []
out = sys.stdout
written = docs = 0
buf = []
while written < target:
    outlet = rng.choice(outlets)
    if recent and rng.random() < 0.15:
        src = rng.choice(recent)
        paras = src[:max(1, int(len(src) * rng.uniform(0.5, 1.0)))]
        lead = " ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(10, 30)))
        paras = [lead] + paras + [rng.choice(agencies)]
    else:
        paras = [" ".join(rng.choices(vocab, cum_weights=cum, k=rng.randint(30, 120))) + "."
                 for _ in range(rng.randint(3, 9))]
        if len(recent) < 2000:
            recent.append(paras)
        else:
            recent[rng.randrange(2000)] = paras
    t = templates[outlet]
    text = "\n".join(t[:2] + paras + t[2:])
    day = 1 + docs % 28
    rec = {"id": f"doc-{docs}", "source": outlet, "title": " ".join(rng.choices(vocab, cum_weights=cum, k=8)),
           "published": f"2022-02-{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00{rng.choice(zones)}",
           "text": text}
    line = json.dumps(rec, ensure_ascii=False) + "\n"
    buf.append(line)
    written += len(line.encode())
    docs += 1
    if len(buf) >= 256:
        out.write("".join(buf))
        buf.clear()
out.write("".join(buf))
out.flush()
sys.stderr.write(f"generated {written} bytes, {docs} documents\n")
PY
)

echo "stream_memory: streaming ${gigabytes} GB into $bin cluster - (threads ${threads}; 0 = all cores)" >&2
start=$(date +%s)
python3 -c "$generator" "$gigabytes" 2>"$work/gen.log" |
  /usr/bin/time -f '%M %e' -o "$work/time" "$bin" cluster - --threads "$threads" -q -o "$work/clusters.jsonl" \
    --problems "$work/problems.jsonl"
elapsed=$(( $(date +%s) - start ))
read -r bytes docs < <(sed -E 's/generated ([0-9]+) bytes, ([0-9]+) documents/\1 \2/' "$work/gen.log")
read -r rss_kb wall < "$work/time"
out_docs=$(wc -l < "$work/clusters.jsonl")
clusters=$(python3 -c "
import json, sys
print(len({json.loads(l)['cluster'] for l in open(sys.argv[1])}))" "$work/clusters.jsonl")
problems=$(wc -l < "$work/problems.jsonl")
python3 - "$bytes" "$docs" "$out_docs" "$clusters" "$rss_kb" "$wall" "$elapsed" "$problems" <<'PY'
import sys
b, d, od, cl, rss, wall, el, pr = sys.argv[1:]
b, d, od, cl, rss, wall = int(b), int(d), int(od), int(cl), int(rss), float(wall)
print(f"input            {b / 1e9:.2f} GB ({b} bytes), {d} documents generated, {od} in the output, "
      f"{cl} clusters, {pr} problems")
print(f"peak RSS         {rss / 1024:.1f} MiB")
print(f"memory/document  {rss * 1024 / d:.0f} bytes (peak RSS / documents; includes the fixed cost)")
print(f"memory/input     {rss * 1024 / b * 100:.2f}% of the input bytes")
print(f"time             {wall:.0f} s for wiretrace ({b / 1e6 / wall:.1f} MB/s, {d / wall:.0f} docs/s), {el} s in all")
PY
