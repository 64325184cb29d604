// The read stage (engine_stages.h): the only stage that sees the text. It
// tokenizes each article once, without its dateline and trailing credit, and
// keeps what the later stages need: shingles, words, page lines.
#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "internal/dateline.h"
#include "internal/engine_stages.h"
#include "internal/story_tokens.h"
#include "oneapi/tbb/enumerable_thread_specific.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/parallel_pipeline.h"

namespace wiretrace::internal {
namespace {

// What the parallel stage makes of one record.
struct ParsedRecord {
  absl::Status status;
  std::vector<std::string> warnings;
  Article article;
  std::vector<uint32_t> shingles;  // position order
  std::vector<uint32_t> words;     // position order (only with content words on)
  std::vector<uint16_t> word_tokens;  // with the common words dropped: DocState::word_tokens
  bool common_dropped = false;
  uint32_t token_count = 0;
  std::vector<FigureToken> figures;  // position order
  PageLines page;
  std::vector<std::string> line_texts;  // parallel to page.lines, only with explain
};

struct ParsedBatch {
  std::shared_ptr<RecordBatch> raw;
  std::vector<ParsedRecord> records;
};

// Scratch for KeepUncommonWords, reused from article to article.
struct WordBuffers {
  std::vector<uint32_t> words;        // the words kept, before they get a vector of their size
  std::vector<uint16_t> word_tokens;  // and their tokens
};

// Of the `count` words word_of(i), one per token, the ones not common, in
// order, into *words, and into *word_tokens the token each is: both at their
// exact size, allocated once (through `scratch`). *words may hold the input.
// `count` is at most kMaxWordTokens.
template <typename WordOf>
void KeepUncommonWords(const CommonWords& common, uint32_t count, WordOf word_of, WordBuffers* scratch,
                       std::vector<uint32_t>* words, std::vector<uint16_t>* word_tokens) {
  scratch->words.clear();
  scratch->word_tokens.clear();
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t w = word_of(i);
    if (common.Contains(w)) continue;
    scratch->words.push_back(w);
    scratch->word_tokens.push_back(static_cast<uint16_t>(i));
  }
  // New vectors rather than assign: *words may have room to spare.
  *words = std::vector<uint32_t>(scratch->words.begin(), scratch->words.end());
  *word_tokens = std::vector<uint16_t>(scratch->word_tokens.begin(), scratch->word_tokens.end());
}

// Drops the common words from `words`, one per token, keeping the order of
// the rest and, in *word_tokens, the token each kept word is; a page of more
// than kMaxWordTokens tokens keeps them for sign to drop.
void DropCommonWords(const CommonWords& common, WordBuffers* scratch, std::vector<uint32_t>* words,
                     std::vector<uint16_t>* word_tokens) {
  if (words->size() > kMaxWordTokens) return;
  KeepUncommonWords(common, static_cast<uint32_t>(words->size()), [&](uint32_t i) { return (*words)[i]; }, scratch,
                    words, word_tokens);
}

// A parsing thread's buffers, reused from article to article. The figures
// and page lines are found here and copied out at their size: every
// document keeps them until signing, and growing each vector by doubling
// cost four to six allocations a document and left up to half of each
// unused.
struct ParseBuffers {
  std::vector<Token> tokens;
  WordBuffers words;
  std::vector<FigureToken> figures;
  PageLines page;
};

void CopyAtSize(const PageLines& from, PageLines* to) {
  to->lines.assign(from.lines.begin(), from.lines.end());
  to->dated_leads.assign(from.dated_leads.begin(), from.dated_leads.end());
  to->labelled_headlines.assign(from.labelled_headlines.begin(), from.labelled_headlines.end());
  to->title = from.title;
  to->lookback = from.lookback;
}

// Normalize + shingle one article; records body lines for boilerplate
// removal. `common`: the common words to drop, once they are learned.
void ShingleArticle(const Article& article, const EngineOptions& options, const DatelineAgencies& agencies,
                    const CommonWords* common, ParseBuffers* buffers, ParsedRecord* out) {
  std::vector<Token>* tokens = &buffers->tokens;
  const StoryTokens parts = TokenizeStory(article, options.normalize, agencies, tokens);
  const size_t title_tokens = parts.title_tokens;
  const StoryBounds story = parts.story;
  Shingle(*tokens, options.shingle, &out->shingles);
  std::vector<FigureToken>& figures = buffers->figures;
  figures.clear();
  FindFigures(article.title, *tokens, 0, title_tokens, &figures);
  FindFigures(std::string_view(article.text).substr(story.begin, story.end - story.begin), *tokens, title_tokens,
              tokens->size(), &figures);
  out->figures.assign(figures.begin(), figures.end());
  if (options.words.enabled) {
    out->token_count = static_cast<uint32_t>(tokens->size());
    if (common == nullptr || tokens->size() > kMaxWordTokens) {  // one per token; dropped later
      out->words.reserve(tokens->size());
      for (const Token& t : *tokens) out->words.push_back(static_cast<uint32_t>(t.hash));
    } else {
      KeepUncommonWords(*common, out->token_count, [&](uint32_t i) { return static_cast<uint32_t>((*tokens)[i].hash); },
                        &buffers->words, &out->words, &out->word_tokens);
      out->common_dropped = true;
    }
  }
  if (!options.boilerplate.enabled) return;
  PageLines& page = buffers->page;
  page.lines.clear();
  page.dated_leads.clear();
  page.labelled_headlines.clear();
  page.title = 0;
  page.lookback = 0;
  RecordPageLines(article, story.begin, *tokens, title_tokens, options.boilerplate, options.shingle, agencies, &page,
                  options.explain ? &out->line_texts : nullptr);
  CopyAtSize(page, &out->page);
}

// The serial, in-order end of the reading pipeline: reports bad records and
// warnings, rejects duplicate ids, keeps the good documents and counts their
// lines for the boilerplate model.
class Collector {
 public:
  Collector(const EngineOptions& options, ClusterRun* run, Corpus* corpus, const BatchObserver& observer,
            std::atomic<const CommonWords*>* published)
      : options_(options), run_(run), corpus_(corpus), observer_(observer), published_(published),
        file_offset_(static_cast<uint32_t>(run->files.size())) {}

  void Add(ParsedBatch& batch) {
    const RecordBatch& raw = *batch.raw;
    if (observer_) {
      std::vector<const Article*> articles(batch.records.size());
      for (size_t i = 0; i < batch.records.size(); ++i) {
        if (batch.records[i].status.ok()) articles[i] = &batch.records[i].article;
      }
      observer_(batch.raw, articles);
    }
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
      if (!corpus_->seen_ids.insert(article.id).second) {
        run_->problems.push_back({file, where.line, DuplicateIdMessage(article.id), true});
        continue;
      }
      DocState doc;
      doc.id = article.id;
      doc.id_is_number = article.id_is_number;
      doc.published = article.published;
      doc.length = static_cast<uint32_t>(std::min<size_t>(article.title.size() + article.text.size(), 0xffffffffu));
      doc.shingles = std::move(rec.shingles);
      doc.words = std::move(rec.words);
      doc.word_tokens = std::move(rec.word_tokens);
      doc.token_count = rec.token_count;
      // Parsed before the common words were known, collected after.
      if (dropping_ != nullptr && !rec.common_dropped) DropCommonWords(*dropping_, &word_buffers_, &doc.words, &doc.word_tokens);
      doc.figure_tokens = std::move(rec.figures);
      doc.page = std::move(rec.page);
      doc.file = file_offset_ + where.file_index;
      doc.line = where.line;
      doc.problems_before = static_cast<uint32_t>(run_->problems.size());
      AdmitDocument(options_, article.source, absl::MakeSpan(rec.line_texts), std::move(doc), corpus_);
      if (options_.keep_articles) {
        article.file_index = file_offset_ + where.file_index;
        article.line = where.line;
        run_->articles.push_back(std::move(article));
      }
    }
    if (corpus_->learn_common_words_while_reading && !corpus_->read_common_words &&
        corpus_->docs.size() >= kCommonWordSampleDocuments) {
      LearnCommonWords();
    }
  }

 private:
  const EngineOptions& options_;
  ClusterRun* run_;
  Corpus* corpus_;
  // From the first kCommonWordSampleDocuments documents, as SignCorpus
  // would (they are read whole); then dropped from every document so far,
  // and from here on by the parsing threads.
  void LearnCommonWords() {
    std::vector<const std::vector<uint32_t>*> sample;
    for (uint32_t d = 0; d < kCommonWordSampleDocuments; ++d) sample.push_back(&corpus_->docs[d].words);
    CommonWords& common = corpus_->read_common_words.emplace();
    common.Learn(sample, options_.words.max_documents);
    if (common.Words().empty()) return;  // nothing to drop
    for (DocState& doc : corpus_->docs) DropCommonWords(common, &word_buffers_, &doc.words, &doc.word_tokens);
    dropping_ = &common;
    published_->store(&common, std::memory_order_release);
  }

  const BatchObserver& observer_;
  std::atomic<const CommonWords*>* const published_;  // what the parsing threads drop
  const CommonWords* dropping_ = nullptr;             // the same, for this serial stage
  WordBuffers word_buffers_;
  const uint32_t file_offset_;  // run->files before this read
};

}  // namespace

std::string DuplicateIdMessage(const std::string& id) {
  // The first record with an id wins: later ones are more often re-scrapes
  // than distinct articles, and renaming them would break the id contract of
  // the output.
  return absl::StrCat("duplicate id '", id, "': record skipped (first seen earlier)");
}

void AdmitDocument(const EngineOptions& options, const std::string& source, absl::Span<std::string> line_texts,
                   DocState doc, Corpus* corpus) {
  doc.source = corpus->boilerplate.SourceIndex(source);
  if (doc.page.title != 0 && options.boilerplate.teasers) corpus->teasers.AddTitle(doc.source, doc.page.title);
  std::vector<uint32_t> line_hashes;
  line_hashes.reserve(doc.page.lines.size());
  for (const LineSpan& line : doc.page.lines) line_hashes.push_back(line.hash);
  corpus->boilerplate.CountDocument(doc.source, line_hashes, line_texts);
  corpus->docs.push_back(std::move(doc));
}

absl::Status ReadCorpus(RecordReader& reader, const EngineOptions& options, int threads, tbb::task_arena& arena,
                        StageClock* clock, ClusterRun* run, Corpus* corpus, const BatchObserver& observer) {
  std::atomic<const CommonWords*> common_words{nullptr};
  Collector collector(options, run, corpus, observer, &common_words);
  // The names of options.agencies as the dateline scanners look them up.
  const DatelineAgencies agencies(options.agencies);
  // Read (serial) -> parse, normalize, shingle (parallel) -> collect (serial, in order).
  absl::Status read_status;
  std::shared_ptr<const std::vector<std::string>> files;
  tbb::enumerable_thread_specific<ParseBuffers> parse_buffers;
  auto read = [&](tbb::flow_control& fc) -> std::shared_ptr<ParsedBatch> {
    auto batch = std::make_shared<ParsedBatch>();
    batch->raw = std::make_shared<RecordBatch>();
    absl::StatusOr<bool> more = reader.ReadBatch(batch->raw.get());
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
      ParseBuffers& buffers = parse_buffers.local();
      const CommonWords* common = common_words.load(std::memory_order_acquire);
      for (size_t i = r.begin(); i != r.end(); ++i) {
        ParsedRecord& rec = batch->records[i];
        rec.status = ParseRecord(raw, i, options.ingest, &rec.article, &rec.warnings);
        if (rec.status.ok()) ShingleArticle(rec.article, options, agencies, common, &buffers, &rec);
      }
    });
    return batch;
  };
  auto collect = [&](std::shared_ptr<ParsedBatch> batch) {
    if (batch->raw->files) files = batch->raw->files;
    collector.Add(*batch);
    clock->Reading(corpus->docs.size(), reader.bytes_read());
  };
  arena.execute([&] {
    tbb::parallel_pipeline(
        static_cast<size_t>(threads) * 2,
        tbb::make_filter<void, std::shared_ptr<ParsedBatch>>(tbb::filter_mode::serial_in_order, read) &
            tbb::make_filter<std::shared_ptr<ParsedBatch>, std::shared_ptr<ParsedBatch>>(tbb::filter_mode::parallel,
                                                                                         parse) &
            tbb::make_filter<std::shared_ptr<ParsedBatch>, void>(tbb::filter_mode::serial_in_order, collect));
  });
  if (!read_status.ok()) return read_status;
  if (files) run->files.insert(run->files.end(), files->begin(), files->end());
  return absl::OkStatus();
}

}  // namespace wiretrace::internal
