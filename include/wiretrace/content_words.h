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
//     document's content words are in the other (and `min_shared` at least),
//     a fifth of them in the same order on both sides (`min_aligned`), and
//     the two are of different outlets published within `max_days`.
//
//   wiretrace::ContentWords words(options);
//   words.Build(absl::MakeSpan(word_sets), absl::MakeSpan(sequences));  // sets sorted, unique; reduced in place
//   std::vector<DocPair> pairs = words.CandidatePairs();   // sorted (a, b), a < b
//   Overlap o = words.Compare(a, b);                       // sizes are content-word counts
//   bool edge = options.Accepts(o) && options.Retells(o, words.Evidence(a, b));
//
// (The engine's whole rule, with outlets and dates, is PairRule, pair_rule.h;
// tests/content_words_test.cc compiles this example.)
//
// Public surface: ContentWordOptions (EngineOptions::words). Advanced:
// ContentWords, CommonWords and AlignedWords, for a pipeline of one's own and
// for dedupe's stored documents.
//
// The engine takes a document's words after removing its page furniture
// (boilerplate.h, BoilerplateOptions): the outlet's template lines and its teasers
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
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "wiretrace/article.h"
#include "wiretrace/lsh.h"
#include "wiretrace/verify.h"

namespace wiretrace {

// What two documents' shared content words say beyond their count
// (ContentWords::Evidence).
struct WordEvidence {
  // Shared words in the same order in both texts: the longest run of shared
  // words (each at its first occurrence) whose positions increase in both.
  uint32_t aligned = 0;
};

// Document frequencies of words over documents outside a run: what a nightly
// store keeps of each night (dedupe.h), so that a later night judges which
// words are rare over the whole window, not over itself alone.
struct WordFrequencies {
  uint64_t documents = 0;        // documents counted
  std::vector<uint64_t> counts;  // word << 32 | documents holding it, sorted by word, one entry a word

  // Adds `other`'s documents and counts, each count saturating at
  // `saturate`: a count past ContentWordOptions::max_documents says only
  // "common", so max_documents + 1 keeps every decision exact.
  void Add(const WordFrequencies& other, uint32_t saturate);
};

// The window a run is judged in (ContentWordOptions::window).
struct WindowFrequencies {
  WordFrequencies earlier;      // over the window's earlier documents
  // The run's first this many documents are new and counted; those after
  // them (pages of the window that join the run for the boilerplate model,
  // already counted in `earlier`) are judged by the counts but not counted
  // again.
  uint32_t own_documents = 0;
};

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

  // ... and both dated, published at most this many days apart. A rewrite of
  // wire copy runs within a day or two of it; two stories weeks apart that
  // share their rare words are a story and its follow-up (Reuters: "miners
  // strike", "miners return to work"), which only shingles, shared text, may
  // still join. Default 3: COUNTER's wholly derived newspaper stories run on
  // the agency story's day or the next (132 of 135; one two days later, two
  // a month later, likely misdated), and a day-only date against a date-time
  // leaves a day of doubt. Without both dates the words alone cannot tell a
  // rewrite from a follow-up, so they join nothing: on the second generator
  // without dates (tools/gen_syndication.py), 87 of its 137 content-word
  // edges joined a follow-up or another story about the same people, and
  // pairwise precision was 0.88 to 0.95 (0.98 to 0.99 with this rule).
  // 0 = no limit, undated documents included.
  double max_days = 3.0;

  // ... and at least this share of the smaller document's content words must
  // be shared in the same order on both sides: the longest run of shared
  // words in increasing position in both texts (AlignedWords), over
  // the smaller document's content-word count. A rewrite retells its source's
  // facts in its source's order; a follow-up, or another outlet's own report
  // of the event, names the same people and places in an order of its own.
  // Default 0.2: the highest that keeps COUNTER's wholly derived pairs
  // (0.25 loses 4 of the 48 that only content words link); on BBC News it
  // drops half of the content-word edges between stories that share no
  // 5-word passage (follow-ups of one saga), README "What is one story".
  // 0 = off. Valid range [0, 1].
  double min_aligned = 0.2;

  // Content words come from body lines of at least this many words (with
  // boilerplate removal on, which reads the page's lines). A shorter line is
  // a label, a menu, a byline or a share bar ("Inicio › Sociedad",
  // "Compartir: Facebook Twitter WhatsApp", "Siguiente noticia"), and two
  // outlets built on one CMS share those words, rare as they are: on the
  // sample at seed 9 they made two regional pages of two outlets a
  // "rewrite" of each other. Titles count whatever their length. Default 5:
  // 5 to 10 give the same results on the sample (seeds 7, 8, 9, 11),
  // COUNTER, BBC News, Clough-Stevenson and the nightly scenario. 0 = off.
  uint32_t min_line_words = 5;

  // Whether content words may link two documents of the same outlet. Default
  // off: an outlet does not retell its own story in other words. Its resend,
  // correction or update keeps the text (shingles find it), while two of its
  // stories that share only names and topic words are a story and its
  // follow-up (Reuters: "ZENITH LABS WILL REPORT 4TH QTR LOSS" and "FDA
  // APPROVES CEPHRADINE BY ZENITH"). Documents without a `source` count as
  // one outlet, as they do for boilerplate: a directory of one site's pages
  // is the common case, and there (BBC News, no source) 46% of the pairs
  // content words put together were follow-ups of one saga sharing no
  // passage; with the rule, none. The tools say so when it applies.
  bool same_source = false;

  // Frequencies from outside the run: the store's window, for dedupe.
  // Default null: rarity is judged over the run's documents (`cluster`).
  // When set, a word's document frequency is its count in the run's own
  // documents plus its count in `window->earlier`, the share limit applies
  // to both together; each document keeps, besides its matchable words, the
  // content words found in it alone (a later night may share them, and the
  // store keeps them); and Build keeps the own documents' counts
  // (ContentWords::OwnFrequencies) for the store, where the words the engine
  // dropped before counting (CommonWords) are recorded as common, so that
  // they do not count as rare on a later night.
  std::shared_ptr<const WindowFrequencies> window;

  absl::Status Validate() const;

  // Whether the order rule needs each document's words in text order.
  bool UsesOrder() const { return enabled && min_aligned > 0.0; }

  // Whether documents published at x and y may be linked by content words
  // (max_days: both dated, and close enough).
  bool WithinWindow(const Timestamp& x, const Timestamp& y) const {
    if (max_days <= 0.0) return true;
    if (!x.known() || !y.known()) return false;
    return DaysApart(x, y) <= max_days;
  }
  static double DaysApart(const Timestamp& x, const Timestamp& y) {
    const int64_t apart = x.seconds_utc > y.seconds_utc ? x.seconds_utc - y.seconds_utc : y.seconds_utc - x.seconds_utc;
    return static_cast<double>(apart) / 86400.0;
  }

  // The edge rule, in two parts: Accepts (the containment part: the smaller
  // document's share, the shared count, comparable lengths) on a
  // content-word overlap (Compare), and Retells on what the shared words say
  // beyond their count (ContentWords::Evidence), which costs more and is
  // asked only when Accepts holds.
  // Provenance uses Accepts alone to find a rewrite's parent among the
  // members of its cluster.
  bool Accepts(const Overlap& o) const { return Comparable(o) && o.max_containment() >= containment; }
  bool Retells(const Overlap& o, const WordEvidence& e) const { return Share(o, e.aligned) >= min_aligned; }
  // The clustering anchor: this share of document A's own content words are
  // in B (a long article quoting a short one is not anchored by it); Retells
  // as well.
  bool Anchored(const Overlap& o) const { return Comparable(o) && o.containment_a() >= containment; }
  // `x` as a share of the smaller document's content words.
  static double Share(const Overlap& o, double x) {
    const uint32_t small = std::min(o.size_a, o.size_b);
    return small == 0 ? 0.0 : x / small;
  }

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

  // The common words learned, sorted.
  std::vector<uint32_t> Words() const;

  bool Contains(uint32_t word) const {
    if (table_.empty()) return false;
    if (word == 0) return has_zero_;
    for (size_t i = word & mask_;; i = (i + 1) & mask_) {
      if (table_[i] == word) return true;
      if (table_[i] == 0) return false;
    }
  }

 private:
  // Open addressing at a load of at most a quarter, probed from the word's
  // low bits. Not absl::flat_hash_set: Remove asks once per running word of
  // every document, and the set (with the word as its own hash) took about
  // 45% more instructions there (callgrind, `cluster --threads 1` on 5,000
  // gen_corpus.py documents: 43 M against 63 M), about 1.8% of the whole run.
  std::vector<uint32_t> table_;  // 0 = empty slot
  size_t mask_ = 0;
  bool has_zero_ = false;
};

// The longest run of words that two texts share in the same order: the
// shared words (each at its first occurrence) whose positions increase in
// both. `words_*` are sorted sets; `first_*`, parallel to them, the position
// of each word's first occurrence in its text. For documents outside one
// ContentWords index (a store of earlier nights).
uint32_t AlignedWords(absl::Span<const uint32_t> words_a, absl::Span<const uint32_t> first_a,
                      absl::Span<const uint32_t> words_b, absl::Span<const uint32_t> first_b);

class ContentWords {
 public:
  explicit ContentWords(const ContentWordOptions& options) : options_(options) {}

  // Takes each document's word set (32-bit word hashes, sorted and unique),
  // counts document frequencies over all of them and reduces each set, in
  // place, to the words that can match: content words found in at least two
  // documents. Remembers each document's content-word count (the denominator
  // of containment) and its rarest words for CandidatePairs.
  //
  // `sequences`, when not empty, is parallel to `word_sets`: each document's
  // words in text order (repeats allowed). Build then records where each
  // matchable word first occurs, for Evidence, and clears the sequences.
  //
  // `dropped_common`, with ContentWordOptions::window only: words removed
  // from the sets beforehand as common (CommonWords::Words), which
  // OwnFrequencies records as such.
  void Build(absl::Span<std::vector<uint32_t>> word_sets, absl::Span<std::vector<uint32_t>> sequences = {},
             absl::Span<const uint32_t> dropped_common = {});

  // Build's second step, for counts summed elsewhere (the distributed path
  // sums each word's count at the rank that owns it, src/mpi/words.h):
  // `frequency` holds, set after set, each word's document frequency over
  // the `judged` documents (Build passes its own count). Reduces the sets
  // in place and records the counts, the postings and, with sequences, the
  // first positions, as Build does after counting.
  void Reduce(absl::Span<std::vector<uint32_t>> word_sets, absl::Span<const uint32_t> frequency, uint64_t judged,
              absl::Span<std::vector<uint32_t>> sequences = {});

  // Pairs of documents that share one of their rarest content words, sorted
  // by (a, b), a < b, without duplicates.
  std::vector<DocPair> CandidatePairs() const { return PairsOfPostings(postings_, options_.max_posting); }

  // Each document's rarest words as Reduce offered them, rare word << 32 |
  // document, sorted.
  const std::vector<uint64_t>& Postings() const { return postings_; }

  // CandidatePairs' rule on sorted postings, which may come from several
  // indexes (every posting of a word among them): the documents of each
  // word offered by at most `max_posting` documents, paired.
  static std::vector<DocPair> PairsOfPostings(absl::Span<const uint64_t> postings, uint32_t max_posting);

  // Overlap of two documents' content words; size_a and size_b are the
  // documents' content-word counts, words found only in them included.
  Overlap Compare(uint32_t a, uint32_t b) const;

  // What a's and b's shared words say beyond their count; `aligned` is 0
  // when Build had no sequences.
  WordEvidence Evidence(uint32_t a, uint32_t b) const;

  // With sequences: the first position of each of Words(d) in its text.
  absl::Span<const uint32_t> FirstPositions(uint32_t d) const {
    return first_position_.empty() ? absl::Span<const uint32_t>() : first_position_[d];
  }

  // With ContentWordOptions::window: the document frequencies of the own
  // documents alone, counts saturating at max_documents + 1 (empty
  // otherwise).
  const WordFrequencies& OwnFrequencies() const { return own_frequencies_; }

  // The content words of document d that can match (after Build).
  absl::Span<const uint32_t> Words(uint32_t d) const { return sets_[d]; }
  uint32_t ContentCount(uint32_t d) const { return content_count_[d]; }

 private:
  ContentWordOptions options_;
  absl::Span<std::vector<uint32_t>> sets_;
  std::vector<uint32_t> content_count_;
  std::vector<uint64_t> postings_;  // rare word << 32 | document, sorted
  WordFrequencies own_frequencies_;
  static constexpr uint32_t kUnseen = 0xffffffffu;
  void RecordFirstPositions(absl::Span<std::vector<uint32_t>> sequences);

  // With sequences, parallel to sets_: each word's first position in its text.
  std::vector<std::vector<uint32_t>> first_position_;
};

}  // namespace wiretrace

#endif  // WIRETRACE_CONTENT_WORDS_H_
