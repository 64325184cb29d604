#include "wiretrace/pair_rule.h"

#include <algorithm>
#include <utility>

namespace wiretrace {

std::string_view EdgeRuleName(EdgeRule rule) {
  switch (rule) {
    case EdgeRule::kJaccard:
      return "jaccard";
    case EdgeRule::kContainment:
      return "containment";
    case EdgeRule::kWords:
      return "words";
    case EdgeRule::kNone:
      break;
  }
  return "none";
}

PairRule::PairRule(const VerifyOptions& verify, const ContentWordOptions& word_options,
                   std::shared_ptr<const ContentWords> words, std::vector<uint32_t> sources,
                   std::vector<Timestamp> published, std::vector<std::vector<uint32_t>> figures)
    : verify_(verify),
      word_options_(word_options),
      words_(word_options.enabled ? std::move(words) : nullptr),
      sources_(std::move(sources)),
      published_(std::move(published)),
      figures_(std::move(figures)) {}

namespace {

WordBar Bar(const ContentWordOptions& words, bool words_on, const PairSide& a, const PairSide& b) {
  if (!words_on) return WordBar::kOff;
  if (!words.same_source && a.source == b.source) return WordBar::kSameSource;
  if (!words.WithinWindow(a.published, b.published)) return WordBar::kTooFarApart;
  return WordBar::kNone;
}

Overlap CompareWords(const PairSide& a, const PairSide& b) {
  Overlap o = CompareSets(a.words, b.words);
  o.size_a = a.content_words;
  o.size_b = b.content_words;
  return o;
}

WordEvidence Evidence(const PairSide& a, const PairSide& b) {
  WordEvidence e;
  if (a.word_positions.empty() || b.word_positions.empty()) return e;
  e.aligned = AlignedWords(a.words, a.word_positions, b.words, b.word_positions);
  return e;
}

FigureCheck CompareFigures(const VerifyOptions& verify, const PairSide& a, const PairSide& b) {
  FigureCheck f;
  f.figures_a = static_cast<uint32_t>(a.figures.size());
  f.figures_b = static_cast<uint32_t>(b.figures.size());
  if (std::min(f.figures_a, f.figures_b) == 0) return f;
  f.shared = CompareSets(a.figures, b.figures).shared;
  f.agree = verify.FiguresAgree(f.figures_a, f.figures_b, f.shared);
  return f;
}

}  // namespace

bool SharesPassage(const VerifyOptions& verify, const Overlap& o, const PairSide& a, const PairSide& b,
                   uint32_t* passage, bool* checked) {
  if (!verify.NeedsPassage(o)) return true;
  // The smaller document's order when known: its passages are what a copy
  // of it, or its source, must hold.
  const bool a_smaller = a.shingles.size() <= b.shingles.size();
  const PairSide& first = a_smaller ? a : b;
  const PairSide& second = a_smaller ? b : a;
  auto order_known = [](const PairSide& s) { return !s.shingle_sequence.empty() || !s.shingle_ranks.empty(); };
  const PairSide& reader = order_known(first) ? first : second;
  const PairSide& other = &reader == &first ? second : first;
  if (!order_known(reader)) return true;  // neither order known
  const uint32_t run =
      !reader.shingle_ranks.empty()
          ? LongestSharedRun(reader.shingle_ranks, reader.shingles, other.shingles, verify.min_passage)
          : LongestSharedRun(reader.shingle_sequence, other.shingles, verify.min_passage);
  if (passage != nullptr) *passage = run;
  if (checked != nullptr) *checked = true;
  return run >= verify.min_passage;
}

PairVerdict JudgePair(const VerifyOptions& verify, const ContentWordOptions& words, bool words_on, const PairSide& a,
                      const PairSide& b, bool shingles_needed) {
  PairVerdict v;
  // Figures first: they are few, and when they disagree nothing else counts.
  v.figures = CompareFigures(verify, a, b);
  if (!v.figures.agree) {
    if (shingles_needed) {  // for the record (compare, --pairs): the verdict stands
      v.shingles = CompareSets(a.shingles, b.shingles);
      v.shingles_compared = true;
    }
    return v;
  }
  if (a.published.known() && b.published.known()) v.days_apart = ContentWordOptions::DaysApart(a.published, b.published);
  v.bar = Bar(words, words_on, a, b);
  bool by_words = false;
  if (v.bar == WordBar::kNone) {
    v.words = CompareWords(a, b);
    if (words.Accepts(v.words)) {
      v.evidence = Evidence(a, b);
      v.evidence_computed = true;
      by_words = words.Retells(v.words, v.evidence) &&
                 verify.FiguresAgree(v.figures.figures_a, v.figures.figures_b, v.figures.shared, true);
    }
  }
  if (shingles_needed || by_words) {
    v.shingles = CompareSets(a.shingles, b.shingles);
    v.shingles_compared = true;
  }
  // Shingles first: shared passages are the stronger evidence, and the one
  // a reader can check.
  if (v.shingles_compared && verify.Accepts(v.shingles) &&
      SharesPassage(verify, v.shingles, a, b, &v.passage, &v.passage_checked)) {
    v.rule = v.shingles.jaccard() >= verify.jaccard_threshold ? EdgeRule::kJaccard : EdgeRule::kContainment;
  } else if (by_words) {
    v.rule = EdgeRule::kWords;
  }
  return v;
}

bool WordsAnchorPair(const ContentWordOptions& words, bool words_on, const PairSide& a, const PairSide& b) {
  if (Bar(words, words_on, a, b) != WordBar::kNone) return false;
  const Overlap o = CompareWords(a, b);
  return words.Anchored(o) && words.Retells(o, Evidence(a, b));
}

PairSide PairRule::Side(uint32_t d, absl::Span<const uint32_t> shingles, absl::Span<const uint32_t> sequence) const {
  PairSide side;
  side.shingles = shingles;
  side.shingle_sequence = sequence;
  if (words_ != nullptr) {
    side.words = words_->Words(d);
    side.word_positions = words_->FirstPositions(d);
    side.content_words = words_->ContentCount(d);
  }
  side.source = sources_[d];
  side.published = published_[d];
  side.figures = Figures(d);
  return side;
}

bool PairRule::WordsAnchor(uint32_t a, uint32_t b) const {
  return WordsAnchorPair(word_options_, words_ != nullptr, Side(a, {}), Side(b, {}));
}

}  // namespace wiretrace
