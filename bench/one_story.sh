#!/usr/bin/env bash
# One story everywhere: N near-identical copies of one Reuters item (a press release on every site, an
# error page from every host) against N ordinary generated articles, `cluster` and `wiretrace-provenance`
# on each, seconds and peak RSS (issue #16: a cluster's size must not make each article dearer).
#
#   bash bench/one_story.sh BUILD_DIR [N]     # N copies and N ordinary articles (default 20000)
#
# The copies: the longest Reuters-21578 item under 4 kB of the first 500, each under another of 300
# outlets and another time, 30% with one sentence cut, 30% with a credit line added. The ordinary
# articles: ../shared/bench/gen_corpus.py N 42. Exit 0 when done or when ../shared is absent, 2 when a
# run fails.
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 1; }
build="$(cd "$1" && pwd)"
n="${2:-20000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${WIRETRACE_SHARED:-$here/../shared}"
reuters="$shared/data/reuters21578/reuters.jsonl"
if [[ ! -f "$reuters" || ! -f "$shared/bench/gen_corpus.py" ]]; then
  echo "one_story: $shared has no Reuters-21578 or gen_corpus.py; nothing to run" >&2
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$reuters" "$n" "$work/copies.jsonl" <<'PY'
import json, random, sys
reuters, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
docs = [json.loads(line) for _, line in zip(range(500), open(reuters, encoding="utf-8"))]
src = max((d for d in docs if len(d["text"]) < 4000), key=lambda d: len(d["text"]))
sentences = src["text"].split(".  ")
rng = random.Random(5)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        s, k = list(sentences), rng.random()
        if k < 0.3 and len(s) > 3:
            del s[rng.randrange(1, len(s))]
        text = ".  ".join(s) + (" (Outlet %d)" % (i % 300) if k > 0.7 else "")
        f.write(json.dumps({"id": "copy-%d" % i, "source": "outlet-%d" % (i % 300),
                            "published": "1987-03-%02dT%02d:%02d:00Z" % (2 + i % 20, i % 24, i % 60),
                            "title": src["title"], "text": text}) + "\n")
print("one_story: %d copies of %s (%d bytes)" % (n, src["id"], len(src["text"])), file=sys.stderr)
PY
python3 "$shared/bench/gen_corpus.py" "$n" 42 "$work/ordinary.jsonl" "$work/ordinary.truth.jsonl" >/dev/null
measure() {  # label command...: prints label, seconds, peak MB
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" || { echo "one_story: failed: $*" >&2; exit 2; }
  read -r secs kb <"$work/time"
  printf '%-28s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}
for input in ordinary copies; do
  measure "cluster $input" "$build/wiretrace" cluster -q --threads 2 "$work/$input.jsonl" -o "$work/$input.clusters"
  measure "provenance $input" "$build/wiretrace-provenance" -q --threads 2 "$work/$input.jsonl" -o "$work/$input.prov"
done
python3 - "$work/copies.clusters" <<'PY'
import json, sys
from collections import Counter
sizes = Counter(json.loads(line)["cluster"] for line in open(sys.argv[1]))
print("copies: %d clusters, the largest %d" % (len(sizes), max(sizes.values())))
PY
