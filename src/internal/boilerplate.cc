#include "internal/boilerplate.h"

#include <algorithm>
#include <cmath>

#include "internal/hash_mix.h"

namespace wiretrace {

// The public options (wiretrace/boilerplate.h) are checked beside the model
// they configure.
absl::Status BoilerplateOptions::Validate() const {
  if (min_documents < 2) return absl::InvalidArgumentError("boilerplate minimum documents must be at least 2");
  if (!(min_share >= 0.0 && min_share <= 1.0)) {
    return absl::InvalidArgumentError("boilerplate minimum share must be in [0, 1]");
  }
  return absl::OkStatus();
}

namespace internal {

uint64_t BoilerplateModel::Key(uint32_t source, uint32_t line_hash) {
  return Mix64((uint64_t{source} << 32) | line_hash);
}

uint32_t BoilerplateModel::SourceIndex(const std::string& source) {
  if (source.empty()) return 0;
  auto [it, inserted] = source_index_.try_emplace(source, static_cast<uint32_t>(sources_.size()));
  if (inserted) {
    sources_.push_back(source);
    source_documents_.push_back(0);
  }
  return it->second;
}

void BoilerplateModel::CountDocument(uint32_t source, absl::Span<const uint32_t> hashes,
                                     absl::Span<std::string> texts) {
  ++source_documents_[source];
  std::vector<uint32_t>& order = order_;
  order.resize(hashes.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) { return hashes[x] < hashes[y]; });
  for (size_t i = 0; i < order.size(); ++i) {
    const uint32_t h = hashes[order[i]];
    if (i > 0 && h == hashes[order[i - 1]]) continue;
    const uint64_t key = Key(source, h);
    LineCount& count = lines_[key];
    count.source = source;
    if (++count.documents == 1 && keep_texts_ && order[i] < texts.size()) {
      texts_.emplace(key, std::move(texts[order[i]]));
    }
  }
}

uint32_t BoilerplateModel::Threshold(uint32_t documents) const {
  return std::max<uint32_t>(options_.min_documents, static_cast<uint32_t>(std::ceil(options_.min_share * documents)));
}

void BoilerplateModel::Finish() {
  threshold_.resize(sources_.size());
  for (size_t s = 0; s < sources_.size(); ++s) threshold_[s] = Threshold(source_documents_[s]);
  // Only the lines at their source's threshold are asked about from here
  // on: the others, most of them (each page's own sentences), are dropped.
  // On 50,000 articles the table falls from about a million lines to what
  // fits in cache, which IsBoilerplate probes for every line of every page.
  absl::erase_if(lines_, [&](const auto& entry) { return entry.second.documents < threshold_[entry.second.source]; });
  absl::erase_if(texts_, [&](const auto& entry) { return !lines_.contains(entry.first); });
  lines_.rehash(0);
  texts_.rehash(0);
}

void BoilerplateModel::AddLineCount(uint32_t source, uint32_t line_hash, uint32_t documents) {
  LineCount& count = lines_[Key(source, line_hash)];
  count.source = source;
  count.documents += documents;
}

uint64_t BoilerplateModel::CountBoilerplate() const {
  uint64_t n = 0;
  for (const auto& [key, count] : lines_) n += count.documents >= threshold_[count.source];
  return n;
}

std::vector<BoilerplateLine> BoilerplateModel::Report() const {
  std::vector<BoilerplateLine> out;
  for (const auto& [key, count] : lines_) {
    if (count.documents < threshold_[count.source]) continue;
    auto text = texts_.find(key);
    out.push_back({sources_[count.source], count.documents, text == texts_.end() ? std::string() : text->second});
  }
  std::sort(out.begin(), out.end(), [](const BoilerplateLine& x, const BoilerplateLine& y) {
    if (x.documents != y.documents) return x.documents > y.documents;
    if (x.source != y.source) return x.source < y.source;
    return x.text < y.text;
  });
  return out;
}

uint64_t TeaserIndex::Key(uint32_t source, uint32_t hash) { return Mix64((uint64_t{source} << 32) | hash); }

uint64_t TeaserIndex::Key(uint32_t source, uint32_t title, uint32_t hash) {
  return Mix64(Key(source, title) ^ hash);
}

void TeaserIndex::AddLead(uint32_t source, uint32_t title, uint32_t start, uint32_t line) {
  if (source == 0) return;
  lead_starts_.insert(Key(source, title, start));
  lead_lines_.insert(Key(source, title, line));
}

bool TeaserIndex::IsLead(uint32_t source, uint32_t title, uint32_t start, uint32_t line) const {
  return source != 0 && lead_starts_.contains(Key(source, title, start)) &&
         !lead_lines_.contains(Key(source, title, line));
}

}  // namespace internal
}  // namespace wiretrace
