#include "wiretrace/pair_rule.h"

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
                   std::vector<Timestamp> published)
    : verify_(verify),
      word_options_(word_options),
      words_(word_options.enabled ? std::move(words) : nullptr),
      sources_(std::move(sources)),
      published_(std::move(published)) {}

WordBar PairRule::Bar(uint32_t a, uint32_t b) const {
  if (words_ == nullptr) return WordBar::kOff;
  if (!word_options_.same_source && sources_[a] == sources_[b]) return WordBar::kSameSource;
  if (!word_options_.WithinWindow(published_[a], published_[b])) return WordBar::kTooFarApart;
  return WordBar::kNone;
}

PairVerdict PairRule::Judge(uint32_t a, uint32_t b, absl::Span<const uint32_t> sa, absl::Span<const uint32_t> sb,
                            bool shingles_needed) const {
  PairVerdict v;
  if (published_[a].known() && published_[b].known()) {
    v.days_apart = ContentWordOptions::DaysApart(published_[a], published_[b]);
  }
  v.bar = Bar(a, b);
  bool by_words = false;
  if (v.bar == WordBar::kNone) {
    v.words = words_->Compare(a, b);
    if (word_options_.Accepts(v.words)) {
      v.evidence = words_->Evidence(a, b);
      v.evidence_computed = true;
      by_words = word_options_.Retells(v.words, v.evidence);
    }
  }
  if (shingles_needed || by_words) {
    v.shingles = CompareSets(sa, sb);
    v.shingles_compared = true;
  }
  // Shingles first: shared passages are the stronger evidence, and the one
  // a reader can check.
  if (v.shingles_compared && verify_.Accepts(v.shingles)) {
    v.rule = v.shingles.jaccard() >= verify_.jaccard_threshold ? EdgeRule::kJaccard : EdgeRule::kContainment;
  } else if (by_words) {
    v.rule = EdgeRule::kWords;
  }
  return v;
}

bool PairRule::WordsAnchor(uint32_t a, uint32_t b) const {
  if (Bar(a, b) != WordBar::kNone) return false;
  const Overlap o = words_->Compare(a, b);
  return word_options_.Anchored(o) && word_options_.Retells(o, words_->Evidence(a, b));
}

}  // namespace wiretrace
