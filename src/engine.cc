#include "wiretrace/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "internal/boilerplate.h"
#include "internal/dateline.h"
#include "internal/figures.h"
#include "wiretrace/content_words.h"
#include "wiretrace/pair_rule.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_pipeline.h"
#include "oneapi/tbb/task_arena.h"
// Inlined: the hashed inputs are 8-64 bytes, where a call into the shared
// library costs as much as the hash itself.
#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace {

absl::Status BoilerplateOptions::Validate() const {
  if (min_documents < 2) return absl::InvalidArgumentError("boilerplate minimum documents must be at least 2");
  if (!(min_share >= 0.0 && min_share <= 1.0)) {
    return absl::InvalidArgumentError("boilerplate minimum share must be in [0, 1]");
  }
  return absl::OkStatus();
}

absl::Status EngineOptions::Validate() const {
  for (const absl::Status& s : {ingest.Validate(), normalize.Validate(), shingle.Validate(), minhash.Validate(),
                                lsh.Validate(), verify.Validate(), cluster.Validate(), boilerplate.Validate()}) {
    if (!s.ok()) return s;
  }
  if (absl::Status s = words.Validate(); !s.ok()) return s;
  if (threads < 0 || threads > 1024) return absl::InvalidArgumentError("threads must be in 0..1024 (0 = all cores)");
  if (lsh.max_bucket < 2) return absl::InvalidArgumentError("max bucket must be at least 2");
  return absl::OkStatus();
}

namespace {

// A body line of a document, for boilerplate and teaser detection: the hash of
// its normalised words, the hash of its first TeaserIndex::kLeadTokens words (0
// when it has fewer) and the index of its first token. Twelve bytes, because a
// hard-wrapped article has dozens of lines and they are kept for every
// document until the whole corpus has been counted.
struct LineSpan {
  uint32_t hash;
  uint32_t start;
  uint32_t first_token;
};

// A line of a document and a hash of part of it, for the two teaser forms
// whose words are not the whole line:
//  - a line that opens with a dateline ("لاہور (اے پی پی) پنجاب حکومت نے ...",
//    "MANILA, March 15 (PNS) - More than ..."), with the hash of its first
//    kLeadTokens words after it: a teaser shows a page's lead without its
//    dateline. Looked for only in the first kDatedLeadLines long lines, where
//    a page's lead is;
//  - a labelled headline ("ALSO READ: <title>", "上一篇：<title>"), with the
//    hash of its words after the label (at most kMaxLabelTokens words before
//    a colon).
struct LinePart {
  uint32_t line;
  uint32_t hash;
};
constexpr int kDatedLeadLines = 4;
constexpr size_t kMaxLabelTokens = 3;

// What the parallel stage makes of one record.
struct ParsedRecord {
  absl::Status status;
  std::vector<std::string> warnings;
  Article article;
  std::vector<uint32_t> shingles;  // position order
  std::vector<uint32_t> words;     // position order (only with content words on)
  std::vector<internal::FigureToken> figures;  // position order
  std::vector<LineSpan> lines;
  std::vector<LinePart> dated_leads;
  std::vector<LinePart> labelled_headlines;
  uint32_t title = 0;    // hash of the title's words, as a line's (0: no title)
  uint8_t lookback = 0;  // how many tokens before a line a shingle touching it can start
  std::vector<std::string> line_texts;  // parallel to lines, only with explain
};

struct ParsedBatch {
  std::shared_ptr<RecordBatch> raw;
  std::vector<ParsedRecord> records;
};

// Documents (the first, in input order) from which CommonWords learns.
constexpr uint32_t kCommonWordSample = 4096;

// Per-document state kept between stages.
struct DocState {
  std::string id;
  bool id_is_number = false;
  Timestamp published;
  uint32_t source = 0;  // index into the source table
  uint32_t length = 0;
  std::vector<uint32_t> shingles;  // position order until sign, then the sorted set
  std::vector<uint32_t> words;     // position order until sign, then the sorted set
  std::vector<uint32_t> word_sequence;  // from sign to index: the words in position order
  std::vector<internal::FigureToken> figure_tokens;  // dropped after boilerplate removal
  std::vector<uint32_t> figures;   // from sign: the sorted set of the figures off the page furniture
  std::vector<LineSpan> lines;     // dropped after boilerplate removal
  std::vector<LinePart> dated_leads;         // dropped after boilerplate removal
  std::vector<LinePart> labelled_headlines;  // dropped after boilerplate removal
  uint32_t title = 0;
  uint8_t lookback = 0;
};

// Hash of the normalised words of tokens [t0, t1): markup and typography do
// not hide a repeated line.
uint32_t HashWords(const std::vector<Token>& tokens, size_t t0, size_t t1) {
  uint64_t buffer[64];
  uint64_t h = 0;
  for (size_t i = t0; i < t1;) {
    const size_t m = std::min<size_t>(64, t1 - i);
    for (size_t j = 0; j < m; ++j) buffer[j] = tokens[i + j].hash;
    h = XXH3_64bits_withSeed(buffer, m * sizeof(uint64_t), h);
    i += m;
  }
  return static_cast<uint32_t>(h);
}

// The next three bytes of `text` after `token` (whose offsets count from
// `offset`) and the spaces after it: the punctuation that follows a word.
std::string_view BytesAfter(std::string_view text, size_t offset, const Token& token) {
  size_t p = offset + token.end;
  while (p < text.size() && text[p] == ' ') ++p;
  return text.substr(std::min(p, text.size()), 3);
}

// Whether the line of tokens [t0, t1) may open with a dateline, worth asking
// LeadDatelineEnd: one of its first words is followed by a closing
// parenthesis, a dash or a colon ("لاہور (اے پی پی)", "MANILA, March 15
// (PNS) -", "МОСКВА, 3 марта —", "Xinhua:"). Most lines are not, and the
// scanner costs more than this look at a few bytes.
bool MayOpenWithDateline(std::string_view text, size_t offset, const std::vector<Token>& tokens, size_t t0,
                         size_t t1) {
  for (size_t t = t0; t < std::min(t1, t0 + 6); ++t) {
    const std::string_view rest = BytesAfter(text, offset, tokens[t]);
    if (rest.empty()) return false;
    if (rest[0] == ')' || rest[0] == '-' || rest[0] == ':' || rest == "\u2014" || rest == "\u2013" ||
        rest == "\uFF09" || rest == "\uFF1A") {
      return true;
    }
  }
  return false;
}

// The token after a label that ends in a colon among the line's first
// kMaxLabelTokens words ("ALSO READ:", "上一篇：", "Previous Story:"), or 0.
size_t LabelEnd(std::string_view text, size_t offset, const std::vector<Token>& tokens, size_t t0, size_t t1) {
  for (size_t t = t0; t < std::min(t1, t0 + kMaxLabelTokens); ++t) {
    const std::string_view rest = BytesAfter(text, offset, tokens[t]);
    if (!rest.empty() && (rest[0] == ':' || rest == "\uFF1A")) return t + 1 < t1 ? t + 1 : 0;
    // Other punctuation between this word and the next: not a label.
    if (t + 1 < t1 && offset + tokens[t + 1].begin > static_cast<size_t>(rest.data() - text.data())) return 0;
  }
  return 0;
}

// Normalize + shingle one article; records body lines for boilerplate removal.
void ShingleArticle(const Article& article, const EngineOptions& options, std::vector<Token>* tokens,
                    ParsedRecord* out) {
  tokens->clear();
  Tokenize(article.title, options.normalize, tokens);
  const size_t title_tokens = tokens->size();
  // Without the dateline and the trailing credit ("NEW DELHI, March 3
  // (Reuters) -", "(ANI)"): two copies that differ only in them compare as
  // identical. The text keeps them, for provenance's credit lines.
  const internal::StoryBounds story = internal::FindStoryBounds(article.text);
  Tokenize(std::string_view(article.text).substr(story.begin, story.end - story.begin), options.normalize, tokens);
  Shingle(*tokens, options.shingle, &out->shingles);
  internal::FindFigures(article.title, *tokens, 0, title_tokens, &out->figures);
  internal::FindFigures(std::string_view(article.text).substr(story.begin, story.end - story.begin), *tokens,
                        title_tokens, tokens->size(), &out->figures);
  if (options.words.enabled) {
    out->words.reserve(tokens->size());
    for (const Token& t : *tokens) out->words.push_back(static_cast<uint32_t>(t.hash));
  }
  if (!options.boilerplate.enabled) return;
  if (title_tokens >= internal::TeaserIndex::kTitleTokens) out->title = HashWords(*tokens, 0, title_tokens);
  const size_t n = tokens->size();
  // Shingle i covers tokens [i, i + k_i); the ones touching a line that starts
  // at token t start at most k - 1 tokens earlier, k the longest window used.
  bool unspaced = false;
  for (size_t i = title_tokens; i < n && !unspaced; ++i) unspaced = (*tokens)[i].unspaced;
  out->lookback = static_cast<uint8_t>((unspaced ? std::max(options.shingle.word_k, options.shingle.char_k)
                                                 : options.shingle.word_k) - 1);
  constexpr size_t kLead = internal::TeaserIndex::kLeadTokens;
  int long_lines = 0;
  for (size_t t0 = title_tokens; t0 < n;) {
    size_t t1 = t0 + 1;
    while (t1 < n && (*tokens)[t1].line == (*tokens)[t0].line) ++t1;
    const uint32_t start = t1 - t0 >= kLead ? std::max<uint32_t>(1, HashWords(*tokens, t0, t0 + kLead)) : 0;
    if (start != 0 && long_lines++ < kDatedLeadLines && options.boilerplate.teasers &&
        MayOpenWithDateline(article.text, story.begin, *tokens, t0, t1)) {
      const size_t begin = story.begin + (*tokens)[t0].begin;
      const std::string_view line = std::string_view(article.text).substr(begin, story.begin + (*tokens)[t1 - 1].end - begin);
      if (const size_t cut = internal::LeadDatelineEnd(line); cut > 0) {
        size_t t = t0;
        while (t < t1 && story.begin + (*tokens)[t].begin < begin + cut) ++t;
        if (t > t0 && t + kLead <= t1) {
          out->dated_leads.push_back(
              {static_cast<uint32_t>(out->lines.size()), std::max<uint32_t>(1, HashWords(*tokens, t, t + kLead))});
        }
      }
    }
    if (options.boilerplate.teasers) {
      if (const size_t label = LabelEnd(article.text, story.begin, *tokens, t0, t1);
          label != 0 && t1 - label >= internal::TeaserIndex::kTitleTokens) {
        out->labelled_headlines.push_back({static_cast<uint32_t>(out->lines.size()), HashWords(*tokens, label, t1)});
      }
    }
    const LineSpan span{HashWords(*tokens, t0, t1), start, static_cast<uint32_t>(t0)};
    out->lines.push_back(span);
    if (options.explain) {
      const uint32_t begin = story.begin + (*tokens)[t0].begin;
      const uint32_t end = story.begin + (*tokens)[t1 - 1].end;
      out->line_texts.push_back(article.text.substr(begin, std::min<uint32_t>(end - begin, 160)));
    }
    t0 = t1;
  }
}

class ProgressThrottle {
 public:
  explicit ProgressThrottle(const std::function<void(const Progress&)>& fn) : fn_(fn) {}
  void Report(const Progress& p, bool force = false) {
    if (!fn_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    fn_(p);
  }

 private:
  const std::function<void(const Progress&)>& fn_;
  std::chrono::steady_clock::time_point last_{};
};


// The serial, in-order end of the reading pipeline: reports bad records and
// warnings, rejects duplicate ids, keeps the good documents and counts their
// lines for the boilerplate model.
class Collector {
 public:
  Collector(const EngineOptions& options, ClusterRun* run, internal::BoilerplateModel* boilerplate,
            internal::TeaserIndex* teasers, std::vector<DocState>* docs)
      : options_(options), run_(run), boilerplate_(boilerplate), teasers_(teasers), docs_(docs) {}

  void Add(ParsedBatch& batch) {
    const RecordBatch& raw = *batch.raw;
    // The reader marks which of its problems are input failures (a CSV row
    // with too many cells or a schema warning is not).
    for (const InputProblem& p : raw.problems) run_->problems.push_back(p);
    for (size_t i = 0; i < batch.records.size(); ++i) {
      ParsedRecord& rec = batch.records[i];
      const RecordBatch::Record& where = raw.records[i];
      const std::string& file = (*raw.files)[where.file_index];
      for (std::string& w : rec.warnings) run_->problems.push_back({file, where.line, std::move(w), false});
      if (!rec.status.ok()) {
        run_->problems.push_back({file, where.line, std::string(rec.status.message()), true});
        continue;
      }
      Article& article = rec.article;
      if (!seen_ids_.insert(article.id).second) {
        // The first record with an id wins: later ones are more often
        // re-scrapes than distinct articles, and renaming them would break
        // the id contract of the output.
        run_->problems.push_back(
            {file, where.line, absl::StrCat("duplicate id '", article.id, "': record skipped (first seen earlier)"),
             true});
        continue;
      }
      DocState doc;
      doc.id = article.id;
      doc.id_is_number = article.id_is_number;
      doc.published = article.published;
      doc.length = static_cast<uint32_t>(std::min<size_t>(article.title.size() + article.text.size(), 0xffffffffu));
      doc.source = boilerplate_->SourceIndex(article.source);
      doc.shingles = std::move(rec.shingles);
      doc.words = std::move(rec.words);
      doc.figure_tokens = std::move(rec.figures);
      doc.lines = std::move(rec.lines);
      doc.dated_leads = std::move(rec.dated_leads);
      doc.labelled_headlines = std::move(rec.labelled_headlines);
      doc.title = rec.title;
      doc.lookback = rec.lookback;
      if (doc.title != 0 && options_.boilerplate.teasers) teasers_->AddTitle(doc.source, doc.title);
      line_hashes_.clear();
      for (const LineSpan& line : doc.lines) line_hashes_.push_back(line.hash);
      boilerplate_->CountDocument(doc.source, line_hashes_, absl::MakeSpan(rec.line_texts));
      if (options_.keep_articles) {
        article.file_index = where.file_index;
        article.line = where.line;
        run_->articles.push_back(std::move(article));
      }
      docs_->push_back(std::move(doc));
    }
  }

 private:
  const EngineOptions& options_;
  ClusterRun* run_;
  internal::BoilerplateModel* boilerplate_;
  internal::TeaserIndex* teasers_;
  std::vector<DocState>* docs_;
  absl::flat_hash_set<std::string> seen_ids_;
  std::vector<uint32_t> line_hashes_;
};

// Keeps the values whose mark is 0, in order.
void KeepUnmarked(const uint8_t* marks, std::vector<uint32_t>* values) {
  size_t kept = 0;
  for (size_t i = 0; i < values->size(); ++i) {
    if (!marks[i]) (*values)[kept++] = (*values)[i];
  }
  values->resize(kept);
}

// The document's lead (internal::TeaserIndex): the index of its first line of
// at least kLeadTokens words that is neither boilerplate nor a title of its
// outlet, or -1.
int FindLead(const internal::BoilerplateModel& boilerplate, const internal::TeaserIndex& teasers,
             const DocState& doc) {
  for (size_t l = 0; l < doc.lines.size(); ++l) {
    const LineSpan& line = doc.lines[l];
    if (line.start == 0 || boilerplate.IsBoilerplate(doc.source, line.hash)) continue;
    if (line.hash == doc.title || teasers.IsTitle(doc.source, line.hash)) continue;
    return static_cast<int>(l);
  }
  return -1;
}

// Marks the document's page furniture in `furniture` (one per line):
// boilerplate lines, and teasers of other pages of its outlet. Returns the
// number of teaser lines.
uint32_t MarkFurniture(const internal::BoilerplateModel& boilerplate, const internal::TeaserIndex& teasers,
                       const EngineOptions& options, const DocState& doc, std::vector<uint8_t>* furniture) {
  const std::vector<LineSpan>& lines = doc.lines;
  furniture->assign(lines.size(), 0);
  uint32_t teaser_lines = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    if (boilerplate.IsBoilerplate(doc.source, lines[l].hash)) (*furniture)[l] = 1;
    if (!options.boilerplate.teasers || lines[l].hash == doc.title) continue;
    if (!teasers.IsTitle(doc.source, lines[l].hash)) continue;
    // Another page's headline, and maybe its lead cut short on the next line.
    (*furniture)[l] = 1;
    ++teaser_lines;
    if (l + 1 < lines.size() && lines[l + 1].start != 0 &&
        teasers.IsLead(doc.source, lines[l].hash, lines[l + 1].start, lines[l + 1].hash)) {
      (*furniture)[l + 1] = 1;
      ++teaser_lines;
    }
  }
  if (!options.boilerplate.teasers) return teaser_lines;
  // "ALSO READ: <another page's headline>", "上一篇：<...>".
  for (const LinePart& labelled : doc.labelled_headlines) {
    if (labelled.hash == doc.title || (*furniture)[labelled.line] || !teasers.IsTitle(doc.source, labelled.hash)) {
      continue;
    }
    (*furniture)[labelled.line] = 1;
    ++teaser_lines;
  }
  return teaser_lines;
}

// Drops the figures on furniture lines (a teaser's figures are another
// story's). Lines and figures are both in token order.
void DropFurnitureFigures(const std::vector<LineSpan>& lines, const std::vector<uint8_t>& furniture,
                          std::vector<internal::FigureToken>* figures) {
  size_t kept = 0;
  size_t l = 0;
  for (const internal::FigureToken& f : *figures) {
    while (l + 1 < lines.size() && lines[l + 1].first_token <= f.token) ++l;
    const bool on_furniture = !lines.empty() && f.token >= lines[l].first_token && furniture[l];
    if (!on_furniture) (*figures)[kept++] = f;
  }
  figures->resize(kept);
}

// Drops the shingles and words that touch page furniture (MarkFurniture),
// turns the rest into the document's sets, and signs the shingle set.
void FinishDocument(const internal::BoilerplateModel& boilerplate, const internal::TeaserIndex& teasers,
                    const CommonWords& common_words, const EngineOptions& options, DocState* doc,
                    std::vector<uint8_t>* furniture, std::vector<uint8_t>* drop, uint32_t* signature,
                    std::atomic<uint64_t>* teaser_lines) {
  if (options.boilerplate.enabled && !doc->lines.empty()) {
    const uint32_t teasers_here = MarkFurniture(boilerplate, teasers, options, *doc, furniture);
    if (teasers_here > 0) teaser_lines->fetch_add(teasers_here, std::memory_order_relaxed);
    // One pass over the lines marks both: the shingles touching a
    // boilerplate line (from `lookback` tokens before it) and the words on it
    // (word i is token i).
    const size_t num_shingles = doc->shingles.size();
    const size_t num_words = doc->words.size();
    drop->assign(num_shingles + num_words, 0);
    uint8_t* drop_shingles = drop->data();
    uint8_t* drop_words = drop->data() + num_shingles;
    bool any = false;
    for (size_t l = 0; l < doc->lines.size(); ++l) {
      const size_t start = doc->lines[l].first_token;
      const size_t end = l + 1 < doc->lines.size() ? doc->lines[l + 1].first_token : SIZE_MAX;
      if (!(*furniture)[l]) {
        // A label, a menu or a share bar: its words are no content words
        // (ContentWordOptions::min_line_words), its shingles stay.
        const size_t words_end = std::min(end, num_words);
        if (start < words_end && words_end - start < options.words.min_line_words) {
          std::fill(drop_words + start, drop_words + words_end, 1);
          any = true;
        }
        continue;
      }
      const size_t first = start > doc->lookback ? start - doc->lookback : 0;
      // A text shorter than one window has one shingle, touching every line.
      std::fill(drop_shingles + std::min(first, num_shingles),
                drop_shingles + std::min(std::max(std::min(end, num_shingles), first + 1), num_shingles), 1);
      std::fill(drop_words + std::min(start, num_words), drop_words + std::min(end, num_words), 1);
      any = true;
    }
    if (any) {
      KeepUnmarked(drop_shingles, &doc->shingles);
      KeepUnmarked(drop_words, &doc->words);
      DropFurnitureFigures(doc->lines, *furniture, &doc->figure_tokens);
    }
  }
  doc->figures = internal::FigureSet(doc->figure_tokens);
  std::vector<internal::FigureToken>().swap(doc->figure_tokens);
  std::vector<LineSpan>().swap(doc->lines);
  std::vector<LinePart>().swap(doc->dated_leads);
  std::vector<LinePart>().swap(doc->labelled_headlines);
  MakeShingleSet(&doc->shingles);
  doc->shingles.shrink_to_fit();
  common_words.Remove(&doc->words);
  // Kept until the content words are known, for their order (AlignedWords).
  if (options.words.UsesOrder()) doc->word_sequence = doc->words;
  MakeShingleSet(&doc->words);
  if (options.minhash.classic) {
    SignClassic(doc->shingles, options.minhash, signature);
  } else {
    Sign(doc->shingles, options.minhash, signature);
  }
}

}  // namespace

absl::StatusOr<ClusterRun> RunCluster(const std::vector<std::string>& inputs, const EngineOptions& options) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<RecordReader>> reader = RecordReader::Open(inputs, options.ingest);
  if (!reader.ok()) return reader.status();

  const int threads = options.threads > 0 ? options.threads
                                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::task_arena arena(threads);

  ClusterRun run;
  std::vector<DocState> docs;
  internal::BoilerplateModel boilerplate(options.boilerplate, options.explain);
  internal::TeaserIndex teasers;
  Collector collector(options, &run, &boilerplate, &teasers, &docs);
  ProgressThrottle progress(options.progress);
  Progress state;
  auto lap = [&, last = start](int stage) mutable {
    const auto now = std::chrono::steady_clock::now();
    run.summary.stage_seconds[stage] = std::chrono::duration<double>(now - last).count();
    last = now;
  };

  // Read (serial) -> parse, normalize, shingle (parallel) -> collect (serial, in order).
  absl::Status read_status;
  std::shared_ptr<const std::vector<std::string>> files;
  tbb::enumerable_thread_specific<std::vector<Token>> token_buffers;
  auto read = [&](tbb::flow_control& fc) -> std::shared_ptr<ParsedBatch> {
    auto batch = std::make_shared<ParsedBatch>();
    batch->raw = std::make_shared<RecordBatch>();
    absl::StatusOr<bool> more = (*reader)->ReadBatch(batch->raw.get());
    if (!more.ok()) read_status = more.status();
    if (!more.ok() || (!*more && batch->raw->records.empty() && batch->raw->problems.empty())) {
      fc.stop();
      return nullptr;
    }
    return batch;
  };
  auto parse = [&](std::shared_ptr<ParsedBatch> batch) {
    const RecordBatch& raw = *batch->raw;
    batch->records.resize(raw.records.size());
    tbb::parallel_for(tbb::blocked_range<size_t>(0, raw.records.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      std::vector<Token>& tokens = token_buffers.local();
      for (size_t i = r.begin(); i != r.end(); ++i) {
        ParsedRecord& rec = batch->records[i];
        rec.status = ParseRecord(raw, i, options.ingest, &rec.article, &rec.warnings);
        if (rec.status.ok()) ShingleArticle(rec.article, options, &tokens, &rec);
      }
    });
    return batch;
  };
  auto collect = [&](std::shared_ptr<ParsedBatch> batch) {
    if (batch->raw->files) files = batch->raw->files;
    collector.Add(*batch);
    state.documents = docs.size();
    state.bytes = (*reader)->bytes_read();
    state.stage = "read";
    progress.Report(state);
  };
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 2,
        tbb::make_filter<void, std::shared_ptr<ParsedBatch>>(tbb::filter_mode::serial_in_order, read) &
            tbb::make_filter<std::shared_ptr<ParsedBatch>, std::shared_ptr<ParsedBatch>>(
                tbb::filter_mode::parallel, parse) &
            tbb::make_filter<std::shared_ptr<ParsedBatch>, void>(tbb::filter_mode::serial_in_order, collect));
  });
  if (!read_status.ok()) return read_status;
  if (files) run.files = *files;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  lap(0);

  // Boilerplate removal, set building and signing, in parallel.
  state.stage = "sign";
  progress.Report(state, true);
  boilerplate.Finish();
  // Words in more documents of the first few thousand than a content word may
  // be in anywhere (content_words.h): dropped before sorting and counting.
  CommonWords common_words;
  if (options.words.enabled) {
    std::vector<const std::vector<uint32_t>*> sample;
    for (uint32_t d = 0; d < std::min<uint32_t>(n, kCommonWordSample); ++d) sample.push_back(&docs[d].words);
    common_words.Learn(sample, options.words.max_documents);
  }
  if (options.boilerplate.enabled && options.boilerplate.teasers) {
    // Each page's lead, once boilerplate is known (it is not the lead).
    std::vector<int> lead(n);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
        for (uint32_t d = r.begin(); d != r.end(); ++d) lead[d] = FindLead(boilerplate, teasers, docs[d]);
      });
    });
    for (uint32_t d = 0; d < n; ++d) {
      if (lead[d] < 0 || docs[d].title == 0) continue;
      const LineSpan& line = docs[d].lines[lead[d]];
      teasers.AddLead(docs[d].source, docs[d].title, line.start, line.hash);
      for (const LinePart& dated : docs[d].dated_leads) {
        if (dated.line == static_cast<uint32_t>(lead[d])) teasers.AddLead(docs[d].source, docs[d].title, dated.hash, line.hash);
      }
    }
  }
  const size_t k = static_cast<size_t>(options.minhash.num_slots);
  std::vector<uint32_t> signatures(static_cast<size_t>(n) * k);
  std::atomic<uint64_t> teaser_lines{0};
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 64), [&](const tbb::blocked_range<uint32_t>& r) {
      std::vector<uint8_t> furniture;
      std::vector<uint8_t> drop;
      for (uint32_t d = r.begin(); d != r.end(); ++d) {
        FinishDocument(boilerplate, teasers, common_words, options, &docs[d], &furniture, &drop,
                       signatures.data() + static_cast<size_t>(d) * k, &teaser_lines);
      }
    });
  });
  teasers = internal::TeaserIndex();  // only the sets are left, and they are done
  run.summary.boilerplate_lines = boilerplate.CountBoilerplate();
  run.summary.teaser_lines = teaser_lines.load();
  if (options.explain) run.boilerplate = boilerplate.Report();
  lap(1);

  // Index.
  state.stage = "index";
  progress.Report(state, true);
  run.lsh = ChooseLshParams(options.lsh.threshold, options.minhash.num_slots, options.lsh.false_negative_weight);
  std::vector<DocPair> candidates;
  {
    LshIndex index(run.lsh, options.minhash.num_slots, options.lsh.max_bucket);
    index.AddBatch(0, n, signatures.data());
    std::vector<uint32_t>().swap(signatures);
    arena.execute([&] { candidates = index.CandidatePairs(); });
  }
  run.summary.shingle_candidate_pairs = candidates.size();
  // The content-word path (content_words.h): its own candidates, merged.
  std::vector<uint8_t> word_only;  // parallel to candidates when the path is on
  std::vector<std::vector<uint32_t>> word_sets(n);
  std::vector<std::vector<uint32_t>> word_sequences(n);
  for (uint32_t d = 0; d < n; ++d) {
    word_sets[d] = std::move(docs[d].words);
    word_sequences[d] = std::move(docs[d].word_sequence);
  }
  auto word_index = std::make_shared<ContentWords>(options.words);
  ContentWords& words = *word_index;
  arena.execute([&] {
    words.Build(absl::MakeSpan(word_sets), options.words.UsesOrder() ? absl::MakeSpan(word_sequences)
                                                                     : absl::Span<std::vector<uint32_t>>());
  });
  std::vector<std::vector<uint32_t>>().swap(word_sequences);
  std::vector<uint32_t> sources(n);
  std::vector<Timestamp> published(n);
  std::vector<std::vector<uint32_t>> figures(n);
  for (uint32_t d = 0; d < n; ++d) {
    sources[d] = docs[d].source;
    published[d] = docs[d].published;
    figures[d] = std::move(docs[d].figures);
  }
  auto pair_rule = std::make_shared<const PairRule>(options.verify, options.words, word_index, std::move(sources),
                                                   std::move(published), std::move(figures));
  const PairRule& rule = *pair_rule;
  if (options.words.enabled) {
    std::vector<DocPair> word_candidates;
    arena.execute([&] { word_candidates = words.CandidatePairs(); });
    run.summary.word_candidate_pairs = word_candidates.size();
    // Merged in (a, b) order; a pair only the words proposed is marked, so
    // that verification compares its shingles only if its words pass.
    std::vector<DocPair> merged;
    merged.reserve(candidates.size() + word_candidates.size());
    word_only.reserve(word_candidates.size());
    auto less = [](const DocPair& x, const DocPair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; };
    for (size_t i = 0, j = 0; i < candidates.size() || j < word_candidates.size();) {
      if (i == candidates.size() || (j < word_candidates.size() && less(word_candidates[j], candidates[i]))) {
        merged.push_back(word_candidates[j++]);
        word_only.push_back(1);
        continue;
      }
      if (j < word_candidates.size() && word_candidates[j] == candidates[i]) ++j;  // both: LSH's
      merged.push_back(candidates[i++]);
      word_only.push_back(0);
    }
    candidates.swap(merged);
  }
  run.summary.candidate_pairs = candidates.size();
  lap(2);

  // Verify.
  state.stage = "verify";
  progress.Report(state, true);
  // An edge when either the shingles or the content words pass (pair_rule.h).
  std::vector<Edge> checked(candidates.size());
  std::vector<uint8_t> accepted(candidates.size());
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, candidates.size(), 256), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) {
        const uint32_t a = candidates[i].a;
        const uint32_t b = candidates[i].b;
        const bool shingles_needed = word_only.empty() || !word_only[i];
        const PairVerdict v = rule.Judge(a, b, docs[a].shingles, docs[b].shingles, shingles_needed);
        checked[i] = {a, b, v.shingles, v.words, v.rule, v.evidence};
        accepted[i] = v.rule != EdgeRule::kNone;
      }
    });
  });
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (accepted[i]) run.edges.push_back(checked[i]);
  }
  std::vector<DocPair>().swap(candidates);
  std::vector<Edge>().swap(checked);
  run.summary.verified_pairs = run.edges.size();
  lap(3);

  // Cluster.
  state.stage = "cluster";
  progress.Report(state, true);
  std::vector<RepresentativeKey> keys(n);
  for (uint32_t d = 0; d < n; ++d) keys[d] = {docs[d].published, docs[d].length, docs[d].id};
  const std::vector<uint32_t> order = RepresentativeOrder(keys);
  // Anchored by its shingles or by its content words.
  const std::vector<uint32_t> root = AssignClusters(n, order, run.edges, [&](uint32_t a, uint32_t b) {
    if (options.cluster.Anchored(CompareSets(docs[a].shingles, docs[b].shingles), options.verify)) return true;
    return rule.WordsAnchor(a, b);
  });

  // Dense cluster ids by first appearance in the input; sizes; similarity to
  // the representative.
  std::vector<uint32_t> cluster_of_root(n, 0xffffffffu);
  std::vector<uint32_t> cluster_size;
  for (uint32_t d = 0; d < n; ++d) {
    uint32_t& c = cluster_of_root[root[d]];
    if (c == 0xffffffffu) {
      c = static_cast<uint32_t>(cluster_size.size());
      cluster_size.push_back(0);
    }
    ++cluster_size[c];
  }
  run.documents.resize(n);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
      for (uint32_t d = r.begin(); d != r.end(); ++d) {
        DocumentResult& out = run.documents[d];
        out.id = docs[d].id;
        out.id_is_number = docs[d].id_is_number;
        out.cluster = cluster_of_root[root[d]];
        out.cluster_size = cluster_size[out.cluster];
        out.representative = root[d];
        out.shingles = static_cast<uint32_t>(docs[d].shingles.size());
        if (root[d] != d) {
          const Overlap o = CompareSets(docs[d].shingles, docs[root[d]].shingles);
          out.jaccard = o.jaccard();
          out.containment = o.containment_a();
        }
      }
    });
  });
  lap(4);

  RunSummary& summary = run.summary;
  summary.documents = n;
  summary.clusters = cluster_size.size();
  summary.duplicates = n - cluster_size.size();
  summary.bytes = (*reader)->bytes_read();
  for (const InputProblem& p : run.problems) {
    if (p.record_skipped) {
      ++summary.bad_records;
    } else {
      ++summary.warnings;
    }
  }
  for (const DocState& doc : docs) {
    summary.empty_documents += doc.shingles.empty();
    summary.unsourced_documents += doc.source == 0;
  }
  if (options.keep_articles) {
    run.shingle_sets.reserve(n);
    for (DocState& doc : docs) run.shingle_sets.push_back(std::move(doc.shingles));
    run.content_word_counts.resize(n);
    for (uint32_t d = 0; d < n; ++d) run.content_word_counts[d] = words.ContentCount(d);
    run.content_words = std::move(word_sets);  // the buffer the rule's index refers to moves with it
    run.pair_rule = pair_rule;
    run.representative_rank.resize(n);
    for (uint32_t r = 0; r < n; ++r) run.representative_rank[order[r]] = r;
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace wiretrace
