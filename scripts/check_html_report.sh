#!/usr/bin/env bash
# Renders the wiretrace-provenance HTML report in headless Chromium and checks
# the DOM: the overview (totals, the who-copies-whom SVG graph, contents), one
# <section class="cluster"> per cluster, <mark> elements for the shared
# passages, and no injected script ran (hostile "<script>alert(1)</script>" in
# a title or text must come back as text, never as an element); it also saves a
# screenshot of the top of the report. `make test` runs the same checks in
# tests/report_browser_test.cc; this script is for a look by hand.
# Usage: scripts/check_html_report.sh [BUILD_DIR] [SCREENSHOT.png]   (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
screenshot=${2:-}
prov="$build/wiretrace-provenance"
[[ -x $prov ]] || { echo "missing $prov (build it first)" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  bash scripts/install-deps.sh
  browser=$(command -v chromium)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=(tests/data/provenance/small.jsonl)
# The sample has no hostile markup of its own: render it together with the
# test files so that the escaping check always has something to bite on.
[[ -f data/sample.jsonl ]] && inputs=(data/sample.jsonl tests/data/provenance/small.jsonl)
"$prov" -q --format html -o "$work/report.html" "${inputs[@]}"
"$prov" -q --format text "${inputs[@]}" > "$work/chains.txt"
clusters=$(grep -c '^cluster ' "$work/chains.txt")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$work/profile" --dump-dom "file://$work/report.html" \
  > "$work/dom.html" 2> "$work/chromium.log"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
sections=$(grep -o '<section class="cluster"' "$work/dom.html" | wc -l)
marks=$(grep -o '<mark>' "$work/dom.html" | wc -l)
check "DOM rendered ($(wc -c < "$work/dom.html") bytes)" '[[ -s $work/dom.html ]]'
check "one section per cluster ($sections sections, $clusters clusters)" '[[ $sections -eq $clusters && $sections -gt 0 ]]'
check "shared passages highlighted ($marks mark elements)" '[[ $marks -gt 0 ]]'
check "no script element in the DOM" '! grep -qi "<script" "$work/dom.html"'
check "hostile markup shown as text" 'grep -qF "&lt;script&gt;alert(1)&lt;/script&gt;" "$work/dom.html"'
check "no external resources" '! grep -Eq "(src|href)=\"(https?:)?//" "$work/report.html"'
check "overview totals" 'grep -q "<table class=\"totals\">" "$work/dom.html"'
check "who-copies-whom graph ($(grep -o '<path class="edge"' "$work/dom.html" | wc -l) edges)" \
  'grep -q "<svg class=\"outlets\"" "$work/dom.html"'
check "contents links every cluster" '[[ $(grep -o "<a href=\"#cluster-" "$work/dom.html" | wc -l) -eq $clusters ]]'
check "timelines drawn" 'grep -q "<svg class=\"timeline\"" "$work/dom.html"'
if [[ -n $screenshot ]]; then
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" --window-size=1200,1600 \
    --screenshot="$screenshot" "file://$work/report.html" 2>> "$work/chromium.log"
  check "screenshot $screenshot" '[[ -s $screenshot ]]'
fi
exit $fail
