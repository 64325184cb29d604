#include "internal/provenance_passages.h"

#include <algorithm>

#include "internal/sorted_set.h"
#include "wiretrace/normalize.h"

namespace wiretrace {
namespace internal {
namespace {

// Code point offsets of byte offsets into one text, asked mostly in
// increasing order: each answer counts on from the last one, instead of
// from the start of the text (which was quadratic in the passages).
class CodePointCounter {
 public:
  explicit CodePointCounter(std::string_view text) : text_(text) {}

  uint32_t At(uint32_t byte) {
    const uint32_t to = std::min<uint32_t>(byte, static_cast<uint32_t>(text_.size()));
    if (to < byte_) byte_ = 0, cp_ = 0;
    cp_ += CodePointOffset(text_.substr(byte_), to - byte_);
    byte_ = to;
    return cp_;
  }

 private:
  std::string_view text_;
  uint32_t byte_ = 0;  // the last byte offset asked, and its code point offset
  uint32_t cp_ = 0;
};

}  // namespace

std::vector<Passage> AlignPassages(const Article& child, const Tokenized& c, const Positions& child_positions,
                                   const Article& parent, const Tokenized& p, const ParentIndex& where) {
  struct Run {
    uint32_t a, e, b, f;  // child tokens [a, e), parent tokens [b, f)
  };
  // For each child position holding a content shingle, where that shingle's
  // entries start in the parent index (kNone: not in the parent): one merge
  // of the two hash-sorted lists.
  constexpr uint32_t kNone = ~uint32_t{0};
  std::vector<uint32_t> match(c.shingles.size(), kNone);
  {
    const auto& mine = child_positions.by_hash;
    internal::ForEachKeyIn(absl::Span<const std::pair<uint32_t, uint32_t>>(mine),
                           absl::Span<const std::pair<uint32_t, uint32_t>>(where), ByFirst, ByFirst,
                           [&](size_t i, size_t j) {
                             if (child_positions.content[mine[i].second])
                               match[mine[i].second] = static_cast<uint32_t>(j);
                           });
  }
  std::vector<Run> runs;
  const auto nc = static_cast<uint32_t>(c.tokens.size());
  const auto np = static_cast<uint32_t>(p.tokens.size());
  uint32_t covered = c.title_tokens;  // child tokens before this are in a run already
  for (uint32_t i = c.title_tokens; i < c.shingles.size();) {
    const uint32_t h = c.shingles[i];
    if (match[i] == kNone) {
      ++i;
      continue;
    }
    Run best{0, 0, 0, 0};
    for (size_t k = match[i]; k < where.size() && where[k].first == h; ++k) {
      const uint32_t j = where[k].second;
      uint32_t a = i, b = j;
      while (a > covered && b > p.title_tokens && c.tokens[a - 1].hash == p.tokens[b - 1].hash) --a, --b;
      uint32_t e = i, f = j;
      while (e < nc && f < np && c.tokens[e].hash == p.tokens[f].hash) ++e, ++f;
      if (e - a > best.e - best.a) best = Run{a, e, b, f};
    }
    if (best.e <= best.a) {  // a 32-bit shingle collision, not a match
      ++i;
      continue;
    }
    if (!runs.empty() && runs.back().e == best.a && runs.back().f == best.b) {
      runs.back().e = best.e;
      runs.back().f = best.f;
    } else {
      runs.push_back(best);
    }
    covered = best.e;
    i = std::max(best.e, i + 1);
  }
  std::vector<Passage> out;
  out.reserve(runs.size());
  CodePointCounter child_cp(child.text), parent_cp(parent.text);
  for (const Run& r : runs) {
    Passage ps;
    ps.child_begin_byte = c.tokens[r.a].begin;
    ps.child_end_byte = c.tokens[r.e - 1].end;
    ps.parent_begin_byte = p.tokens[r.b].begin;
    ps.parent_end_byte = p.tokens[r.f - 1].end;
    ps.child_begin = child_cp.At(ps.child_begin_byte);
    ps.child_end = child_cp.At(ps.child_end_byte);
    ps.parent_begin = parent_cp.At(ps.parent_begin_byte);
    ps.parent_end = parent_cp.At(ps.parent_end_byte);
    out.push_back(ps);
  }
  return out;
}

}  // namespace internal

std::vector<Passage> FindPassages(const Article& child, absl::Span<const uint32_t> child_set, const Article& parent,
                                  absl::Span<const uint32_t> parent_set, const EngineOptions& engine) {
  const internal::DatelineAgencies agencies(engine.agencies);
  internal::Tokenized c, p;
  internal::TokenizeArticle(child, engine, agencies, &c);
  internal::TokenizeArticle(parent, engine, agencies, &p);
  internal::Positions child_positions, parent_positions;
  internal::MakePositions(c, child_set, &child_positions);
  internal::MakePositions(p, parent_set, &parent_positions);
  internal::ParentIndex index;
  internal::IndexParent(p, parent_positions, &index);
  return internal::AlignPassages(child, c, child_positions, parent, p, index);
}

}  // namespace wiretrace
