// Content words: the second, word-level path to a candidate pair and an edge.
//
// Shingles find copies that keep runs of four words. A rewritten wire story
// (COUNTER's newspaper versions of agency copy: re-ordered, re-worded, cut to
// a third) keeps few such runs, but it keeps the story's rare words: the names,
// places, figures and terms that unrelated stories do not share. So each
// document also gets the set of its content words, those found in at most
// `max_document_share` of the corpus's documents, and
//   - candidates: two documents become a candidate pair when one of the
//     `rare_words` rarest content words of one is among those of the other (a
//     word in 2 documents is very specific evidence; an inverted index over a
//     few words per document keeps the pair count linear, unlike low-threshold
//     LSH over such sparse overlaps);
//   - evidence: a pair is an edge when at least `containment` of the smaller
//     document's content words are in the other (and `min_shared` at least).
//
//   wiretrace::ContentWords words(options);
//   words.Build(&word_sets, arena_threads);  // each set sorted, unique; reduced in place
//   std::vector<DocPair> pairs = words.CandidatePairs();   // sorted (a, b), a < b
//   Overlap o = words.Compare(a, b);                       // sizes are content-word counts
//
// The engine takes a document's words after removing its page furniture
// (engine.h, BoilerplateOptions): the outlet's template lines and its teasers
// of other pages. A teaser is another story's headline and the first words of
// its lead, rare words all; under a short story they are a third of the page's
// content words, which made an unrelated page of the outlet a "copy" of the
// teased story (issue #4). Removing them at the source, rather than asking
// that shared words be spread over the page, also keeps them out of the
// shingles and out of the document frequencies.
//
// Thread safety: Build and CandidatePairs use TBB (call them inside the
// caller's arena); Compare is const and may be called concurrently.
#ifndef WIRETRACE_CONTENT_WORDS_H_
#define WIRETRACE_CONTENT_WORDS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "wiretrace/article.h"
#include "wiretrace/lsh.h"
#include "wiretrace/verify.h"

namespace wiretrace {

struct ContentWordOptions {
  // Default on. Off, only shingles find and verify pairs (the engine of
  // issue #2): faster by about a tenth, blind to rewrites.
  bool enabled = true;

  // A word found in more than this share of the documents is a function word
  // or a topic word, not evidence of copying. Default 0.05, chosen on COUNTER
  // (README, "Choosing the defaults"). Words found in a single document can
  // match nothing and are only counted. Valid range (0, 1].
  double max_document_share = 0.05;

  // ... and in more than this many documents, whatever the corpus size: a
  // rewrite is tied to its source by words that few other stories use, while
  // in a large feed the words of a recurring formula ("eurobond", "lead
  // manager") are in hundreds of documents yet under any share. Default 64
  // (COUNTER's 5% is 60). Valid range >= 2.
  uint32_t max_documents = 64;

  // Each document offers its this many rarest content words to the candidate
  // index. Default 16: on COUNTER it finds 99% of the wholly derived pairs
  // that verification accepts, 8 finds 98%. Valid range 1..1024.
  uint32_t rare_words = 16;

  // A rare word offered by more documents than this links none of them: such
  // a word is not rare among them, and the pairs grow quadratically with it.
  // Default 8: on COUNTER 8 and 100 find the same edges, while on the
  // generated 50,000-article corpus (a synthetic vocabulary, where a story's
  // rarest words are in dozens of documents) 100 made 9.5M candidates and 8
  // makes 173k. Valid range >= 2.
  uint32_t max_posting = 8;

  // An edge needs this share of the smaller document's content words found in
  // the other. Default 0.32, chosen on COUNTER (README, "Choosing the
  // defaults"). Valid range (0, 1].
  double containment = 0.32;

  // ... and at least this many shared content words. Default 7: with 5, a
  // few short items on one event (a match score, a name, a place) joined, and
  // COUNTER's wholly derived pairs lost one to such a cluster. Valid >= 1.
  uint32_t min_shared = 7;

  // ... between documents of comparable length: the larger has at most this
  // many times the content words of the smaller. A digest or a feed dump ten
  // times longer than a short item holds most of its rare words by chance.
  // Default 8 (COUNTER's derived stories are within 5.5 of their sources).
  // Valid range >= 1.
  double max_size_ratio = 8.0;

  // ... and, when both are dated, published at most this many days apart. A
  // rewrite of wire copy runs within a day or two of it; two stories weeks
  // apart that share their rare words are a story and its follow-up (Reuters:
  // "miners strike", "miners return to work"), which only shingles, shared
  // text, may still join. Default 7. 0 = no limit.
  double max_days = 7.0;

  absl::Status Validate() const;

  // Whether documents published at x and y may be linked by content words.
  bool WithinWindow(const Timestamp& x, const Timestamp& y) const {
    if (max_days <= 0.0 || !x.known() || !y.known()) return true;
    const double apart = static_cast<double>(x.seconds_utc > y.seconds_utc ? x.seconds_utc - y.seconds_utc
                                                                          : y.seconds_utc - x.seconds_utc);
    return apart <= max_days * 86400.0;
  }

  // The edge rule on a content-word overlap (Compare).
  bool Accepts(const Overlap& o) const { return Comparable(o) && o.max_containment() >= containment; }
  // The clustering anchor: this share of document A's own content words are
  // in B (a long article quoting a short one is not anchored by it).
  bool Anchored(const Overlap& o) const { return Comparable(o) && o.containment_a() >= containment; }

 private:
  bool Comparable(const Overlap& o) const {
    const double small = std::min(o.size_a, o.size_b);
    const double large = std::max(o.size_a, o.size_b);
    return o.shared >= min_shared && large <= max_size_ratio * small;
  }
};

// Words that cannot be content words, whatever the rest of the corpus holds:
// those found in more than ContentWordOptions::max_documents documents of a
// sample (then the corpus has them in more too). Removing them before a
// document's words are sorted and counted changes no result and saves half of
// that work: function words are about half of running text.
class CommonWords {
 public:
  // `sample`: word lists of some documents, in any order, with repeats.
  // Deterministic for a given sample.
  void Learn(absl::Span<const std::vector<uint32_t>* const> sample, uint32_t max_documents);

  // Removes the common words from `words`, keeping the order of the rest.
  void Remove(std::vector<uint32_t>* words) const;

  bool Contains(uint32_t word) const {
    if (table_.empty()) return false;
    if (word == 0) return has_zero_;
    for (size_t i = word & mask_;; i = (i + 1) & mask_) {
      if (table_[i] == word) return true;
      if (table_[i] == 0) return false;
    }
  }

 private:
  std::vector<uint32_t> table_;  // open addressing; 0 = empty slot
  size_t mask_ = 0;
  bool has_zero_ = false;
};

class ContentWords {
 public:
  explicit ContentWords(const ContentWordOptions& options) : options_(options) {}

  // Takes each document's word set (32-bit word hashes, sorted and unique),
  // counts document frequencies over all of them and reduces each set, in
  // place, to the words that can match: content words found in at least two
  // documents. Remembers each document's content-word count (the denominator
  // of containment) and its rarest words for CandidatePairs.
  void Build(absl::Span<std::vector<uint32_t>> word_sets);

  // Pairs of documents that share one of their rarest content words, sorted
  // by (a, b), a < b, without duplicates.
  std::vector<DocPair> CandidatePairs() const;

  // Overlap of two documents' content words; size_a and size_b are the
  // documents' content-word counts, words found only in them included.
  Overlap Compare(uint32_t a, uint32_t b) const;

  // The content words of document d that can match (after Build).
  absl::Span<const uint32_t> Words(uint32_t d) const { return sets_[d]; }
  uint32_t ContentCount(uint32_t d) const { return content_count_[d]; }

 private:
  ContentWordOptions options_;
  absl::Span<std::vector<uint32_t>> sets_;
  std::vector<uint32_t> content_count_;
  std::vector<uint64_t> postings_;  // rare word << 32 | document, sorted
};

}  // namespace wiretrace

#endif  // WIRETRACE_CONTENT_WORDS_H_
