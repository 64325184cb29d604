// The edge rule: whether two documents tell one story, which rule says so,
// and with what evidence. The engine's verify stage decides every candidate
// pair with it, the clustering anchor asks its content-word half, `wiretrace
// dedupe` judges a night's document against a stored one with JudgePair, and
// `wiretrace compare` and `cluster --pairs` state its verdicts, so all of them
// agree by construction.
//
//   wiretrace::PairRule rule(options.verify, options.words, words, sources, published);
//   wiretrace::PairVerdict v = rule.Judge(rule.Side(a, shingles[a], sequence[a]),
//                                         rule.Side(b, shingles[b], sequence[b]));
//   if (v.rule != wiretrace::EdgeRule::kNone) ...            // an edge
//
// Either rule makes an edge, unless the figures disagree (below):
//   shingles  Jaccard >= VerifyOptions::jaccard_threshold, or containment of
//             the smaller set >= containment_threshold with >= min_shared
//             shared and one passage of min_passage shingles in a row: the
//             two share passages of text, not only a formula's phrases.
//   words     a rewrite (ContentWordOptions): two outlets, published within
//             max_days, the smaller document's content words contained in
//             the other (containment, min_shared, comparable sizes), a
//             fifth of them in the same order on both sides (min_aligned). A
//             follow-up, or another outlet's own report of the same event,
//             shares names and topic words, but not in the same order.
// figures     whatever the rule, when both state figures, a third of the
//             smaller set's must be in the other (VerifyOptions::FiguresAgree):
//             the items of a formula share passages and report other figures.
//
// Thread safety: all methods are const and may be called concurrently.
#ifndef WIRETRACE_PAIR_RULE_H_
#define WIRETRACE_PAIR_RULE_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "wiretrace/article.h"
#include "wiretrace/content_words.h"
#include "wiretrace/verify.h"

namespace wiretrace {

enum class EdgeRule : uint8_t {
  kNone,         // not an edge
  kJaccard,      // shingle Jaccard
  kContainment,  // shingle containment of the smaller document
  kWords,        // content words: a rewrite
};

// "none", "jaccard", "containment", "words": the names --pairs and compare print.
std::string_view EdgeRuleName(EdgeRule rule);

// Why content words could not speak for a pair at all.
enum class WordBar : uint8_t {
  kNone,        // they could
  kOff,         // the content-word path is off
  kSameSource,  // one outlet, or both without one (ContentWordOptions::same_source)
  kTooFarApart, // published more than ContentWordOptions::max_days apart, or either undated
};

// How two documents' figures compare (VerifyOptions::FiguresAgree).
struct FigureCheck {
  uint32_t figures_a = 0;
  uint32_t figures_b = 0;
  uint32_t shared = 0;
  bool agree = true;  // false: no rule may make the pair an edge
};

struct PairVerdict {
  EdgeRule rule = EdgeRule::kNone;
  // Shingle overlap; not computed (all zero) for a pair that only content
  // words proposed when their words fail (Judge's `shingles_needed`).
  Overlap shingles;
  bool shingles_compared = false;
  // Content-word overlap (sizes: content-word counts); zero when `bar` is set.
  Overlap words;
  // Order of the shared words; computed only when the
  // content-word containment passes (ContentWordOptions::Accepts).
  WordEvidence evidence;
  bool evidence_computed = false;
  WordBar bar = WordBar::kNone;
  FigureCheck figures;
  // The longest passage the two share, in shingles (LongestSharedRun),
  // counted up to VerifyOptions::min_passage; checked only for a pair that
  // passes on containment (VerifyOptions::NeedsPassage) when either side's
  // shingle order is known.
  uint32_t passage = 0;
  bool passage_checked = false;
  double days_apart = -1.0;  // -1: either date unknown
};

// One document as the edge rule sees it: views of what the engine made of it.
// For documents outside one engine run (dedupe against a store of earlier
// nights), the caller fills these from what it kept.
struct PairSide {
  absl::Span<const uint32_t> shingles;        // sorted set
  // The shingles in position order (empty: not known, as for a stored
  // article; the passage test then reads the other side's, and is skipped
  // when neither is known).
  absl::Span<const uint32_t> shingle_sequence;
  // Or that order as each position's index in `shingles`
  // (MakeShingleSetWithRanks): half the memory, as the engine keeps it for
  // its own documents. Either one is given, or neither.
  absl::Span<const uint16_t> shingle_ranks;
  absl::Span<const uint32_t> words;           // matchable content words, sorted set
  absl::Span<const uint32_t> word_positions;  // first position of each of `words` (empty: order unknown)
  uint32_t content_words = 0;                 // content-word count, the containment denominator
  absl::Span<const uint32_t> figures;         // sorted set of the figures it states (internal/figures.h)
  // Equal for two documents of one outlet, and for two without one; any
  // scheme will do (an index, a hash of the name) as long as both sides use it.
  uint64_t source = 0;
  Timestamp published;
};

// The edge rule on two documents (the rule PairRule applies to an engine
// run's documents). `words_on`: the content-word path is on; with
// `shingles_needed` false, shingles are compared only when the words pass.
PairVerdict JudgePair(const VerifyOptions& verify, const ContentWordOptions& words, bool words_on, const PairSide& a,
                      const PairSide& b, bool shingles_needed = true);

// Whether shingle overlap `o` (A = a) that VerifyOptions::Accepts or
// ClusterOptions::Anchored (the shingle half of the clustering anchor is
// both) also shows the passage the containment path needs
// (VerifyOptions::NeedsPassage); the passage found (up to min_passage) into
// *passage, and whether it was checked into *checked, when given.
bool SharesPassage(const VerifyOptions& verify, const Overlap& o, const PairSide& a, const PairSide& b,
                   uint32_t* passage = nullptr, bool* checked = nullptr);

// The content-word half of the clustering anchor: a's own content words in b
// (ContentWordOptions::Anchored), in order.
bool WordsAnchorPair(const ContentWordOptions& words, bool words_on, const PairSide& a, const PairSide& b);

class PairRule {
 public:
  // `words` is the built content-word index (null: content words off; its
  // sets must outlive the rule). `sources` (a source index per document; the
  // documents without a source share one) and `published` are per document.
  // `figures`: each document's figure set (empty vector: none known).
  PairRule(const VerifyOptions& verify, const ContentWordOptions& word_options,
           std::shared_ptr<const ContentWords> words, std::vector<uint32_t> sources,
           std::vector<Timestamp> published, std::vector<std::vector<uint32_t>> figures);

  // The verdict on two of the run's documents (Side). With
  // `shingles_needed` false (a candidate only content words proposed), the
  // shingles are compared only when the words pass: LSH saw no reason to pair
  // them, and most such pairs fail on words.
  PairVerdict Judge(const PairSide& a, const PairSide& b, bool shingles_needed = true) const {
    return JudgePair(verify_, word_options_, words_ != nullptr, a, b, shingles_needed);
  }

  // The content-word half of the clustering anchor (ClusterOptions): a's own
  // content words in b (ContentWordOptions::Anchored), in order.
  bool WordsAnchor(uint32_t a, uint32_t b) const;

  const ContentWordOptions& word_options() const { return word_options_; }
  const ContentWords* words() const { return words_.get(); }
  // Document d's figure set (empty when it states none).
  absl::Span<const uint32_t> Figures(uint32_t d) const {
    return d < figures_.size() ? absl::Span<const uint32_t>(figures_[d]) : absl::Span<const uint32_t>();
  }

  // Document d as the rule sees it, with shingle set `shingles` and those
  // shingles in position order `sequence` (empty: unknown).
  PairSide Side(uint32_t d, absl::Span<const uint32_t> shingles, absl::Span<const uint32_t> sequence = {}) const;

 private:
  VerifyOptions verify_;
  ContentWordOptions word_options_;
  std::shared_ptr<const ContentWords> words_;
  std::vector<uint32_t> sources_;
  std::vector<Timestamp> published_;
  std::vector<std::vector<uint32_t>> figures_;
};

}  // namespace wiretrace

#endif  // WIRETRACE_PAIR_RULE_H_
