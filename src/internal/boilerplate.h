// Per-source boilerplate model: counts, for every outlet, on how many of its
// pages each normalised body line occurs, and calls a line boilerplate when it
// recurs on enough of them (BoilerplateOptions). Used by the engine between
// reading (which counts) and signing (which drops the shingles touching
// boilerplate lines). TeaserIndex, below, finds the page furniture that is
// too rare for that: teasers of the outlet's other pages.
//
// Thread safety: Count and Add* from one thread; after Finish, IsBoilerplate
// may be called concurrently.
#ifndef WIRETRACE_INTERNAL_BOILERPLATE_H_
#define WIRETRACE_INTERNAL_BOILERPLATE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/types/span.h"
#include "wiretrace/boilerplate.h"

namespace wiretrace::internal {

class BoilerplateModel {
 public:
  explicit BoilerplateModel(const BoilerplateOptions& options, bool keep_texts)
      : options_(options), keep_texts_(keep_texts), sources_(1), source_documents_(1, 0) {}

  // Index of an outlet ("" = no source: one pseudo-source for all of them).
  uint32_t SourceIndex(const std::string& source);

  // Outlets known (SourceIndex's range) and the outlet of a SourceIndex ("" for 0).
  uint32_t SourceCount() const { return static_cast<uint32_t>(sources_.size()); }
  const std::string& SourceName(uint32_t source) const { return sources_[source]; }

  // Counts one document's lines (hashes; duplicates within the document count
  // once). `texts`, parallel to `hashes`, is read only when keeping texts.
  void CountDocument(uint32_t source, absl::Span<const uint32_t> hashes, absl::Span<std::string> texts);

  // Fixes each source's threshold and forgets the lines below it (only
  // IsBoilerplate, CountBoilerplate and Report remain); call once after the
  // last CountDocument.
  void Finish();

  // The counts of a model built elsewhere, for the distributed path
  // (src/mpi/), where each rank owns the counts of some lines: how many
  // documents each source has (indexed by SourceIndex), and a line's count
  // (added to any the model has). A model given every source's documents
  // and only the lines at or over their source's threshold answers
  // IsBoilerplate and CountBoilerplate as the whole model does.
  const std::vector<uint32_t>& SourceDocuments() const { return source_documents_; }
  void SetSourceDocuments(std::vector<uint32_t> documents) { source_documents_ = std::move(documents); }
  void AddLineCount(uint32_t source, uint32_t line_hash, uint32_t documents);
  // The threshold Finish gives a source of `documents` documents.
  uint32_t Threshold(uint32_t documents) const;

  bool IsBoilerplate(uint32_t source, uint32_t line_hash) const {
    auto it = lines_.find(Key(source, line_hash));
    return it != lines_.end() && it->second.documents >= threshold_[source];
  }

  // Distinct (source, line) pairs found to be boilerplate.
  uint64_t CountBoilerplate() const;

  // The boilerplate lines, most frequent first (texts only when kept).
  std::vector<BoilerplateLine> Report() const;

 private:
  struct LineCount {
    uint32_t documents = 0;
    uint32_t source = 0;
  };
  static uint64_t Key(uint32_t source, uint32_t line_hash);

  BoilerplateOptions options_;
  bool keep_texts_;
  std::vector<std::string> sources_;
  absl::flat_hash_map<std::string, uint32_t> source_index_;
  std::vector<uint32_t> source_documents_;
  std::vector<uint32_t> threshold_;
  absl::flat_hash_map<uint64_t, LineCount> lines_;
  absl::flat_hash_map<uint64_t, std::string> texts_;
  std::vector<uint32_t> order_;  // CountDocument's buffer, reused from document to document
};

// Teasers: a page's blocks that advertise other pages of the same outlet
// ("Latest from", "Next Story", "Don't Miss"): another page's headline, often
// followed by the first words of its lead, cut off. Each teaser is on only a
// few pages, too few to be boilerplate, and on a short page it outweighs the
// page's own story: "Arequipa celebra su festival del queso helado" carries
// its outlet's frost story's headline and lead, which made it a copy of that
// story by its rare words. Only named sources: without one, "the same outlet"
// would be every document, and a syndicated copy that re-titles a story and
// keeps its headline and lead in the body would lose them.
//
// A line of page A of outlet O is a teaser of page B of O when
//   - it is B's title (of at least kTitleTokens words), alone or behind a
//     label of at most three words and a colon ("ALSO READ: ", "上一篇："), and
//     A's title is not the same (a resend or correction of B keeps the
//     headline: its body is its own), or
//   - it follows such a title line and starts with the first kLeadTokens
//     words of B's lead while not being B's lead line itself (a teaser cuts
//     the lead; a page that reuses B's paragraph verbatim under B's headline,
//     as a composite does, keeps it), and the line after it does not start
//     like another of B's lead lines (a composite that took another outlet's
//     version of B goes on with B's next paragraph; a teaser moves on).
// B's lead lines are its first kLeadCandidates (page_lines.h) body lines of at
// least kLeadTokens words that are neither boilerplate nor a title of the
// outlet (which skips short datelines, bylines and repeated headlines); more
// than one, because a line of its own on every page (breadcrumbs that end in
// the headline, a date and source line) can come first. When such a line
// opens with a dateline ("MANILA, March 15 (PNS) - More than ..."), its first
// words after the dateline count as a lead start too: teasers show the lead
// without it.
//
// Thread safety: AddTitle and AddLead from one thread; then the const methods
// may be called concurrently.
class TeaserIndex {
 public:
  // A headline has at least this many words: shorter titles ("YEAR", "NINE
  // MTHS", "1ST QTR" on Reuters results tables) are also ordinary lines.
  static constexpr size_t kTitleTokens = 4;
  // A lead is recognised by its first this many words.
  static constexpr size_t kLeadTokens = 8;

  void AddTitle(uint32_t source, uint32_t title) {
    if (source != 0) titles_.insert(Key(source, title));
  }
  bool IsTitle(uint32_t source, uint32_t line) const {
    return source != 0 && titles_.contains(Key(source, line));
  }
  // `start`: hash of the lead's first kLeadTokens words; `line`: of the whole line.
  void AddLead(uint32_t source, uint32_t title, uint32_t start, uint32_t line);
  // Whether a line with these hashes, right after a line equal to `title`,
  // is a cut-off lead of a page of `source` titled `title`.
  bool IsLead(uint32_t source, uint32_t title, uint32_t start, uint32_t line) const;
  // Whether a line starting with these words starts a lead line of a page of
  // `source` titled `title`, whole or not.
  bool StartsLead(uint32_t source, uint32_t title, uint32_t start) const {
    return source != 0 && lead_starts_.contains(Key(source, title, start));
  }

 private:
  static uint64_t Key(uint32_t source, uint32_t hash);
  static uint64_t Key(uint32_t source, uint32_t title, uint32_t hash);

  absl::flat_hash_set<uint64_t> titles_;       // (source, title)
  absl::flat_hash_set<uint64_t> lead_starts_;  // (source, title, lead start)
  absl::flat_hash_set<uint64_t> lead_lines_;   // (source, title, lead line)
};

}  // namespace wiretrace::internal

#endif  // WIRETRACE_INTERNAL_BOILERPLATE_H_
