#include "wiretrace/dedupe.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "oneapi/tbb/parallel_for.h"
#include "oneapi/tbb/task_arena.h"
#include "internal/engine_stages.h"
#include "internal/little_endian.h"
#include "internal/stored_side.h"
#include "wiretrace/cluster.h"
#include "wiretrace/json.h"
#include "wiretrace/pair_rule.h"
#define XXH_INLINE_ALL
#include "xxhash.h"

namespace wiretrace {

absl::Status DedupeOptions::Validate() const {
  if (absl::Status s = engine.Validate(); !s.ok()) return s;
  if (!(window_days > 0.0 && window_days <= 3650.0)) {
    return absl::InvalidArgumentError("window days must be in (0, 3650]");
  }
  if (context_pages > 1024) return absl::InvalidArgumentError("context pages must be in 0..1024");
  return absl::OkStatus();
}

// Bump when tokenization, normalization or shingle hashing changes what a
// set holds for the same text: stored sets of another version compare wrongly.
constexpr int kSetVersion = 1;

namespace {

// The agency table shapes the sets (the datelines and trailing credits it
// names are cut before shingling), so a store records which table built it:
// "built-in", or a digest of every name and spelling when --agencies added to it.
std::string AgencyTableName(const AgencyTable& table) {
  const auto digest = [](const AgencyTable& t) {
    std::string all;
    for (const Agency& a : t.agencies()) {
      absl::StrAppend(&all, a.name, "\t", absl::StrJoin(a.aliases, "|"), "\n");
    }
    return XXH3_64bits(all.data(), all.size());
  };
  static const uint64_t builtin = digest(AgencyTable::Builtin());
  const uint64_t d = digest(table);
  return d == builtin ? std::string("built-in") : absl::StrFormat("built-in and more, %016x", d);
}

}  // namespace

std::vector<StoreParameter> DedupeParameters(const EngineOptions& o) {
  const LshParams lsh = ChooseLshParams(o.lsh.threshold, o.minhash.num_slots, o.lsh.false_negative_weight);
  return {
      {"set version (wiretrace build)", absl::StrCat(kSetVersion)},
      {"--shingle-size", absl::StrCat(o.shingle.word_k)},
      {"--char-shingle-size", absl::StrCat(o.shingle.char_k)},
      {"--slots", absl::StrCat(o.minhash.num_slots)},
      {"--classic-minhash", o.minhash.classic ? "true" : "false"},
      {"MinHash seed", absl::StrFormat("%016x", o.minhash.seed)},
      {"--lsh-threshold (bands x rows)", absl::StrCat(lsh.bands, "x", lsh.rows)},
      {"normalization (marks, markup, Arabic variants)",
       absl::StrCat(int{o.normalize.strip_marks}, int{o.normalize.strip_markup}, int{o.normalize.fold_arabic_variants})},
      {"--no-content-words", o.words.enabled ? "false" : "true"},
      {"--word-max-share", absl::StrCat(o.words.max_document_share)},
      {"--word-max-docs", absl::StrCat(o.words.max_documents)},
      {"--agencies", AgencyTableName(o.agencies)},
  };
}

namespace {

// One record of the batch as read, before parsing.
struct RawRecord {
  uint32_t file_index = 0;
  uint64_t line = 0;
  // The input line: a view into the reader's batch (RawInput::batches), or
  // `made` for a .txt record (a JSON line made for it).
  std::string_view line_bytes;
  std::string made;
  bool plain_text = false;

  // Not a member view of `made`: a short string's bytes move with the
  // record when the records' vector grows.
  std::string_view bytes() const { return plain_text ? std::string_view(made) : line_bytes; }
};

struct RawInput {
  std::vector<RawRecord> records;
  // The engine's batches of tonight, kept whole instead of copying each line
  // out of them (73 MB into 20,000 allocations on the 20,000-article night,
  // for lines that are only hashed and, the kept ones, written out again).
  std::vector<std::shared_ptr<const RecordBatch>> batches;
  std::string digest;
  std::map<std::string, uint32_t> pages_per_source;  // good records
  uint32_t documents = 0;     // the engine's documents of tonight
  uint32_t files = 0;         // the engine's files of tonight (the earlier nights' pages follow)
  size_t problems = 0;        // the engine's problems of tonight (those of the earlier nights' pages follow)
  int64_t newest = INT64_MIN; // their latest publication time (INT64_MIN: none dated)
};

uint64_t PackKey(uint32_t file_index, uint64_t line) { return (uint64_t{file_index} << 40) ^ line; }

// Tonight's records as the engine reads them (internal::BatchObserver), so
// that the batch is read once: their lines, outlets and digest. The digest
// covers the parameters, the policy and every record's bytes, so that a
// rerun of a committed batch is recognised and anything else is not.
class RawRecorder {
 public:
  RawRecorder(const std::vector<std::string>& inputs, const DedupeOptions& options,
              const std::vector<StoreParameter>& parameters, RawInput* raw)
      : raw_(raw), state_(XXH3_createState()) {
    XXH3_128bits_reset(state_);
    std::string head;
    for (const StoreParameter& p : parameters) absl::StrAppend(&head, p.option, "=", p.value, ";");
    absl::StrAppend(&head, "keep=", static_cast<int>(options.keep), ";window=", options.window_days,
                    ";text=", int{options.store_text}, ";context=", options.context_pages, ";inputs=", inputs.size(),
                    ";");
    for (const std::string& s : options.keep_sources) absl::StrAppend(&head, "source=", s, ";");
    XXH3_128bits_update(state_, head.data(), head.size());
  }
  ~RawRecorder() { XXH3_freeState(state_); }
  RawRecorder(const RawRecorder&) = delete;
  RawRecorder& operator=(const RawRecorder&) = delete;

  // Called in input order, from the engine's serial collect stage.
  void Observe(const std::shared_ptr<const RecordBatch>& batch, absl::Span<const Article* const> articles) {
    for (size_t i = 0; i < batch->records.size(); ++i) {
      RawRecord& r = raw_->records.emplace_back();
      r.file_index = batch->records[i].file_index;
      r.line = batch->records[i].line;
      r.plain_text = batch->records[i].plain_text;
      const Article* article = articles[i];
      if (!r.plain_text) {
        r.line_bytes = batch->bytes(i);
      } else if (article != nullptr) {
        r.made = "{\"id\":";
        AppendJsonString(&r.made, article->id);
        r.made += ",\"text\":";
        AppendJsonString(&r.made, article->text);
        r.made += "}";
      }
      const std::string_view bytes = r.bytes();
      const uint64_t where[2] = {r.file_index, bytes.size()};
      XXH3_128bits_update(state_, where, sizeof(where));
      XXH3_128bits_update(state_, bytes.data(), bytes.size());
      if (article != nullptr) ++raw_->pages_per_source[article->source];
    }
    raw_->batches.push_back(batch);
  }

  // Once the inputs are read: the digest, and what the engine made of them.
  void Finish(const ClusterRun& so_far) {
    const XXH128_hash_t h = XXH3_128bits_digest(state_);
    raw_->digest = absl::StrFormat("%016x%016x", h.high64, h.low64);
    raw_->documents = static_cast<uint32_t>(so_far.articles.size());
    raw_->files = static_cast<uint32_t>(so_far.files.size());
    raw_->problems = so_far.problems.size();
    for (const Article& a : so_far.articles) {
      if (a.published.known()) raw_->newest = std::max(raw_->newest, a.published.seconds_utc);
    }
  }

 private:
  RawInput* raw_;
  XXH3_state_t* state_;
};

// The earlier nights' pages of tonight's small outlets that are recent (of
// the window: published at or after `cutoff`), for the engine run (their
// templates and teasers, which repeat across nights, for the boilerplate
// model): a JSONL input held in memory, or "" when there are none.
absl::StatusOr<std::string> ContextPages(const RawInput& raw, const DedupeOptions& options, int64_t cutoff,
                                         Store* store, uint64_t* count) {
  *count = 0;
  std::string lines;
  if (options.context_pages == 0) return lines;
  for (const auto& [source, pages] : raw.pages_per_source) {
    if (pages >= options.context_pages) continue;
    absl::StatusOr<std::vector<std::string>> recent =
        store->RecentRecords(source, cutoff, static_cast<int>(options.context_pages - pages));
    if (!recent.ok()) return recent.status();
    for (const std::string& r : *recent) absl::StrAppend(&lines, r, "\n");
    *count += recent->size();
  }
  return lines;
}

// One document of tonight, as the engine saw it.
struct BatchDoc {
  uint32_t raw = 0;  // index into RawInput::records
  uint32_t index = 0;  // document index in the engine run
  const Article* article = nullptr;
  // The engine run's sets, moved into the commit once the night is decided.
  std::vector<uint32_t>* shingles = nullptr;
  absl::Span<const uint32_t> shingle_sequence;  // the shingles in position order (VerifyOptions::min_passage)
  std::vector<uint32_t>* words = nullptr;
  absl::Span<const uint32_t> word_positions;  // first position of each of *words in its text
  absl::Span<const uint32_t> figures;         // sorted set (VerifyOptions::min_figure_share)
  uint32_t word_count = 0;
  uint32_t length = 0;
};

using internal::SideOf;
using internal::SourceKey;

PairSide SideOf(const BatchDoc& doc) {
  PairSide side;
  side.shingles = *doc.shingles;
  side.shingle_sequence = doc.shingle_sequence;
  side.words = *doc.words;
  side.word_positions = doc.word_positions;
  side.figures = doc.figures;
  side.content_words = doc.word_count;
  side.source = SourceKey(doc.article->source);
  side.published = doc.article->published;
  return side;
}

// The match a duplicate was decided on. A = the duplicate.
struct Match {
  bool found = false;
  bool stored = false;    // with an article of an earlier batch
  uint32_t doc = 0;       // tonight's document it copies (when !stored)
  size_t article = 0;     // index into the loaded stored articles (when stored)
  size_t via = SIZE_MAX;  // the stored duplicate of it that the document copies, if any
  Overlap shingles;
  Overlap words;
  EdgeRule rule = EdgeRule::kNone;
};

// Whether `candidate` beats `best` as the article a document copies: more of
// the document found in it (shingles, then content words).
bool BetterMatch(const Match& candidate, const Match& best) {
  if (!best.found) return true;
  if (candidate.shingles.containment_a() != best.shingles.containment_a()) {
    return candidate.shingles.containment_a() > best.shingles.containment_a();
  }
  return candidate.words.containment_a() > best.words.containment_a();
}

// Finds, for each of tonight's documents, the stored article it copies.
absl::Status MatchStored(const std::vector<BatchDoc>& docs, const std::vector<std::vector<uint32_t>>& keys,
                         const DedupeOptions& options, int64_t cutoff, Store* store,
                         std::vector<StoredArticle>* articles,
                         std::vector<Match>* matches, DedupeSummary* summary) {
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<std::vector<int64_t>>> found = store->Candidates(keys);
  if (!found.ok()) return found.status();
  std::vector<std::vector<int64_t>> rows = std::move(*found);
  for (size_t d = 0; d < docs.size(); ++d) summary->stored_candidates += rows[d].size();
  absl::StatusOr<std::vector<StoredArticle>> loaded = internal::LoadCandidates(store, rows);
  if (!loaded.ok()) return loaded.status();
  *articles = std::move(*loaded);
  // A copy of a stored duplicate is a copy in that duplicate's cluster, if
  // it is anchored to the cluster's kept article too (as the engine joins
  // clusters): the kept articles of those clusters.
  std::vector<int64_t> clusters;
  for (const StoredArticle& a : *articles) {
    if (!a.kept) clusters.push_back(a.cluster);
  }
  std::sort(clusters.begin(), clusters.end());
  clusters.erase(std::unique(clusters.begin(), clusters.end()), clusters.end());
  absl::StatusOr<std::vector<StoredArticle>> heads = store->KeptOfClusters(clusters);
  if (!heads.ok()) return heads.status();
  absl::flat_hash_map<int64_t, size_t> index;
  for (size_t i = 0; i < articles->size(); ++i) index[(*articles)[i].row] = i;
  for (StoredArticle& a : *heads) {
    if (index.contains(a.row)) continue;
    index[a.row] = articles->size();
    articles->push_back(std::move(a));
  }
  absl::flat_hash_map<int64_t, size_t> kept_of_cluster;
  for (size_t i = 0; i < articles->size(); ++i) {
    if ((*articles)[i].kept) kept_of_cluster[(*articles)[i].cluster] = i;
  }
  summary->store_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const EngineOptions& o = options.engine;
  tbb::parallel_for(size_t{0}, docs.size(), [&](size_t d) {
    const BatchDoc& doc = docs[d];
    const PairSide side = SideOf(doc);
    Match& best = (*matches)[d];
    // The engine's own edge rule (pair_rule.h), A = tonight's document.
    auto compare = [&](const StoredArticle& a, Match* m) {
      const PairVerdict v = JudgePair(o.verify, o.words, o.words.enabled, side, SideOf(a));
      m->shingles = v.shingles;
      m->words = v.words;
      m->rule = v.rule;
    };
    auto anchored = [&](const StoredArticle& a, const Match& m) {
      const PairSide stored = SideOf(a);
      return o.cluster.Anchored(m.shingles, o.verify, side, stored) ||
             WordsAnchorPair(o.words, o.words.enabled, side, stored);
    };
    for (int64_t row : rows[d]) {
      const auto it = index.find(row);
      if (it == index.end()) continue;
      const StoredArticle& a = (*articles)[it->second];
      if (a.expires_from < cutoff) continue;  // out of tonight's window
      Match m;
      m.found = true;
      m.stored = true;
      m.article = it->second;
      compare(a, &m);
      if (m.rule == EdgeRule::kNone) continue;
      if (!a.kept) {
        const auto head = kept_of_cluster.find(a.cluster);
        if (head == kept_of_cluster.end() || (*articles)[head->second].expires_from < cutoff) continue;
        m.via = it->second;
        m.article = head->second;
        const EdgeRule via_rule = m.rule;
        compare((*articles)[head->second], &m);
        m.rule = via_rule;  // the rule that tied it to the copy it came through
      }
      if (!anchored((*articles)[m.article], m)) continue;
      // Ties go to the earlier stored article (rows are sorted).
      if (BetterMatch(m, best)) best = m;
    }
  });
  return absl::OkStatus();
}

// Tonight's documents in keep-policy order.
std::vector<uint32_t> KeepOrder(const std::vector<BatchDoc>& docs, const DedupeOptions& options) {
  std::vector<RepresentativeKey> keys(docs.size());
  std::vector<size_t> rank(docs.size(), options.keep_sources.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    keys[d] = {docs[d].article->published, docs[d].length, docs[d].article->id};
    const auto it = std::find(options.keep_sources.begin(), options.keep_sources.end(), docs[d].article->source);
    rank[d] = static_cast<size_t>(it - options.keep_sources.begin());
  }
  std::vector<uint32_t> order(docs.size());
  for (uint32_t d = 0; d < order.size(); ++d) order[d] = d;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    if (rank[x] != rank[y]) return rank[x] < rank[y];
    if (options.keep == KeepPolicy::kLongest && keys[x].length != keys[y].length) {
      return keys[x].length > keys[y].length;
    }
    return RepresentsBefore(keys[x], keys[y]);
  });
  return order;
}

// Within tonight: visiting documents in keep order, one that copies an
// already kept document (an edge of the engine and an anchor to it) is its
// duplicate; the rest are kept.
void MatchWithinBatch(const std::vector<BatchDoc>& docs, const std::vector<Edge>& edges, const PairRule& rule,
                      const DedupeOptions& options, std::vector<Match>* matches) {
  const uint32_t n = static_cast<uint32_t>(docs.size());
  std::vector<std::vector<const Edge*>> adjacent(n);
  for (const Edge& e : edges) {
    if (e.a >= n || e.b >= n) continue;  // a page joined for context
    adjacent[e.a].push_back(&e);
    adjacent[e.b].push_back(&e);
  }
  std::vector<uint8_t> kept(n, 0);
  for (uint32_t d : KeepOrder(docs, options)) {
    Match& best = (*matches)[d];
    if (best.found) continue;  // a copy of a stored article
    for (const Edge* e : adjacent[d]) {
      const uint32_t other = e->a == d ? e->b : e->a;
      if (!kept[other]) continue;
      Match m;
      m.found = true;
      m.doc = other;
      m.shingles = e->overlap;
      m.words = e->words;
      if (e->a != d) {  // make A the duplicate
        std::swap(m.shingles.size_a, m.shingles.size_b);
        std::swap(m.words.size_a, m.words.size_b);
      }
      m.rule = e->rule;
      // The cluster stage's anchor (engine.cc): d's own text, or its own
      // content words in order, in the kept document.
      const EngineOptions& o = options.engine;
      const bool anchored = o.cluster.Anchored(m.shingles, o.verify, SideOf(docs[d]), SideOf(docs[other])) ||
                            rule.WordsAnchor(docs[d].index, docs[other].index);
      if (m.rule == EdgeRule::kNone || !anchored) continue;
      if (BetterMatch(m, best) || (!BetterMatch(best, m) && other < best.doc)) best = m;
    }
    if (!best.found) kept[d] = 1;
  }
}

// The record a kept article leaves in the store, in the configured schema,
// so that a later night can read it back as context.
std::string StoredRecord(const Article& a, const IngestOptions& ingest) {
  std::string out;
  out.reserve(a.title.size() + a.text.size() + a.source.size() + a.url.size() + a.published_raw.size() + 128);
  out += '{';
  AppendJsonString(&out, ingest.id_field);
  out += ':';
  AppendJsonId(&out, a.id, a.id_is_number);
  const std::pair<const std::string*, const std::string*> fields[] = {
      {&ingest.title_field, &a.title},
      {&ingest.text_field, &a.text},
      {&ingest.source_field, &a.source},
      {&ingest.date_field, &a.published_raw},
      {&ingest.url_field, &a.url}};
  for (const auto& [name, value] : fields) {
    if (name->empty() || value->empty()) continue;
    out += ',';
    AppendJsonString(&out, *name);
    out += ':';
    AppendJsonString(&out, *value);
  }
  out += '}';
  return out;
}

// `via`: the stored duplicate the record copies, when it is not the kept
// article itself (the scores are those with the kept article; the rule is
// the one that made the edge with `via`).
void AppendDuplicate(const Article& a, const std::string& of_id, bool of_is_number, int64_t of_batch,
                     int64_t cluster, const Match& m, const StoredArticle* via, std::string* out) {
  *out += "{\"id\":";
  AppendJsonId(out, a.id, a.id_is_number);
  *out += ",\"duplicate_of\":";
  AppendJsonId(out, of_id, of_is_number);
  absl::StrAppendFormat(out,
                        ",\"duplicate_of_batch\":%d,\"cluster\":%d,\"jaccard\":%.4f,\"containment_a\":%.4f,"
                        "\"containment_b\":%.4f,\"word_containment_a\":%.4f,\"rule\":\"%s\"",
                        of_batch, cluster, m.shingles.jaccard(), m.shingles.containment_a(),
                        m.shingles.containment_b(), m.words.containment_a(), std::string(EdgeRuleName(m.rule)).c_str());
  if (via != nullptr) {
    *out += ",\"via\":";
    AppendJsonId(out, via->id, via->id_is_number);
  }
  *out += "}\n";
}

// A committed batch's outputs, again.
DedupeRun Replay(RawInput raw, int64_t batch, const BatchOutputs& outputs) {
  DedupeRun run;
  run.batch = batch;
  run.replayed = true;
  for (size_t i = 0; i + 4 <= outputs.kept_records.size(); i += 4) {
    const uint32_t ord = internal::ReadU32(outputs.kept_records.data() + i);
    if (ord < raw.records.size()) run.kept.push_back(raw.records[ord].bytes());
    ++run.summary.kept;
  }
  // The views above are into the batch as read (moving the records' vector
  // keeps its elements where they are).
  run.workspace = std::make_shared<RawInput>(std::move(raw));
  run.duplicates = outputs.duplicates;
  run.summary.duplicates = static_cast<uint64_t>(std::count(run.duplicates.begin(), run.duplicates.end(), '\n'));
  run.summary.records = run.summary.kept + run.summary.duplicates;
  run.problems = DecodeProblems(outputs.problems);
  for (const InputProblem& p : run.problems) run.summary.bad_records += p.record_skipped;
  return run;
}

}  // namespace

namespace {

constexpr double kRedundantJaccard = 0.9;

// Decisions to outputs and to the batch to commit.
void Finish(const RawInput& raw, const std::vector<BatchDoc>& docs, const std::vector<Match>& matches,
            const std::vector<StoredArticle>& stored, std::vector<std::vector<uint32_t>>* keys,
            const DedupeOptions& options, int64_t batch, int64_t next_cluster, int64_t now, int64_t newest,
            DedupeRun* run) {
  const uint32_t n = static_cast<uint32_t>(docs.size());
  std::vector<int64_t> cluster(n, -1);
  for (uint32_t d = 0; d < n; ++d) {
    if (!matches[d].found) cluster[d] = next_cluster++;  // kept: new ids in input order
  }
  std::vector<uint32_t> doc_of_raw(raw.records.size(), UINT32_MAX);
  for (uint32_t d = 0; d < n; ++d) doc_of_raw[docs[d].raw] = d;
  // KEPT as views of the lines read: a copy was 34 MB of a 20,000-article
  // night, made on the critical path.
  run->kept.reserve(n);
  std::vector<uint32_t> kept_ordinals;
  for (uint32_t r = 0; r < raw.records.size(); ++r) {
    const uint32_t d = doc_of_raw[r];
    if (d == UINT32_MAX) continue;
    const Article& a = *docs[d].article;
    const Match& m = matches[d];
    if (!m.found) {
      run->kept.push_back(raw.records[r].bytes());
      kept_ordinals.push_back(r);
      continue;
    }
    if (m.stored) {
      const StoredArticle& s = stored[m.article];
      cluster[d] = s.cluster;
      AppendDuplicate(a, s.id, s.id_is_number, s.batch, s.cluster, m, m.via == SIZE_MAX ? nullptr : &stored[m.via],
                      &run->duplicates);
      ++run->summary.earlier_batch_duplicates;
    } else {
      const Article& of = *docs[m.doc].article;
      cluster[d] = cluster[m.doc];
      AppendDuplicate(a, of.id, of.id_is_number, batch, cluster[d], m, nullptr, &run->duplicates);
    }
  }
  run->summary.records = n;
  run->summary.kept = kept_ordinals.size();
  run->summary.duplicates = n - kept_ordinals.size();

  NewBatch& commit = run->commit;
  commit.digest = raw.digest;
  commit.newest = newest;
  commit.window_days = options.window_days;
  commit.records = n;
  commit.kept = run->summary.kept;
  commit.duplicates = run->summary.duplicates;
  commit.next_cluster = next_cluster;
  commit.outputs.kept_records = internal::PackU32s(kept_ordinals);
  commit.outputs.duplicates = run->duplicates;
  commit.outputs.problems = EncodeProblems(run->problems);
  // The kept records are stored, and their duplicates, so that a later copy
  // of a duplicate still finds its cluster; but not a duplicate that is
  // nearly its kept article (Jaccard >= kRedundantJaccard): what copies it
  // copies the kept article too, and such copies are most of the duplicates
  // of a feed, and of the bytes a commit writes.
  std::vector<uint32_t> stored_docs;
  for (uint32_t d = 0; d < n; ++d) {
    if (matches[d].found && matches[d].via == SIZE_MAX && matches[d].shingles.jaccard() >= kRedundantJaccard) {
      continue;
    }
    stored_docs.push_back(d);
  }
  // In parallel: the records' JSON and the sets' copies were a tenth of a
  // night's time on one thread.
  commit.articles.resize(stored_docs.size());
  tbb::parallel_for(size_t{0}, stored_docs.size(), [&](size_t i) {
    const uint32_t d = stored_docs[i];
    const Article& a = *docs[d].article;
    NewArticle& na = commit.articles[i];
    StoredArticle& s = na.article;
    s.kept = !matches[d].found;
    s.id = a.id;
    s.id_is_number = a.id_is_number;
    s.cluster = cluster[d];
    s.published = a.published;
    s.source = a.source;
    s.length = docs[d].length;
    s.shingles = std::move(*docs[d].shingles);  // read no more: moved, not copied
    s.words = std::move(*docs[d].words);
    s.word_positions.assign(docs[d].word_positions.begin(), docs[d].word_positions.end());
    s.figures.assign(docs[d].figures.begin(), docs[d].figures.end());
    s.word_count = docs[d].word_count;
    s.expires_from = a.published.known() ? a.published.seconds_utc : now;
    na.band_keys = std::move((*keys)[d]);
    if (options.store_text && s.kept) na.record = StoredRecord(a, options.engine.ingest);
  });
}

// The name of the earlier nights' pages as the engine reads them (from
// memory, IngestOptions::memory_inputs; after tonight's inputs).
constexpr const char kContextInput[] = "<earlier nights' pages>";

// What the engine's pause between tonight and the earlier nights' pages
// decided.
struct NightPlan {
  std::optional<std::pair<int64_t, BatchOutputs>> committed;  // tonight is this committed batch again
  int64_t batch = 0;
  int64_t next_cluster = 0;
  // The window's reference point: the newest dated article (the run's time
  // when none is dated). Stored articles before `cutoff` are outside the
  // window: not matched, their word frequencies not counted; they leave at
  // this commit.
  int64_t newest = 0;
  int64_t cutoff = 0;
};

// The engine over tonight, which `raw` records as it is read, then the
// context pages, with content-word rarity judged over the window
// (ContentWordOptions::window): the stored batches' document frequencies and
// tonight's. When tonight is a committed batch, the engine stops after
// reading it (plan->committed).
absl::StatusOr<ClusterRun> RunEngine(const std::vector<std::string>& inputs, const DedupeOptions& options,
                                     const std::vector<StoreParameter>& parameters, int64_t now, Store* store,
                                     RawInput* raw, NightPlan* plan, DedupeRun* out) {
  RawRecorder recorder(inputs, options, parameters, raw);
  EngineOptions engine = options.engine;
  engine.keep_articles = true;
  engine.keep_for_matching = true;  // tonight is matched against the store
  const auto between = [&](const ClusterRun& so_far) -> absl::StatusOr<std::optional<internal::SecondRead>> {
    recorder.Finish(so_far);
    absl::StatusOr<std::optional<std::pair<int64_t, BatchOutputs>>> committed = store->FindBatch(raw->digest);
    if (!committed.ok()) return committed.status();
    if (committed->has_value()) {
      plan->committed = std::move(*committed);
      return std::nullopt;
    }
    absl::StatusOr<int64_t> batch = store->NextBatch();
    if (!batch.ok()) return batch.status();
    absl::StatusOr<int64_t> next_cluster = store->NextCluster();
    if (!next_cluster.ok()) return next_cluster.status();
    plan->batch = *batch;
    plan->next_cluster = *next_cluster;
    plan->newest = raw->newest != INT64_MIN ? raw->newest : now;
    plan->cutoff = plan->newest - static_cast<int64_t>(options.window_days * 86400.0);
    internal::SecondRead second;
    absl::StatusOr<std::string> context =
        ContextPages(*raw, options, plan->cutoff, store, &out->summary.context_documents);
    if (!context.ok()) return context.status();
    if (!context->empty()) {
      auto memory = std::make_shared<std::map<std::string, std::shared_ptr<const std::string>>>();
      (*memory)[kContextInput] = std::make_shared<const std::string>(std::move(*context));
      second.inputs = {kContextInput};
      second.memory_inputs = std::move(memory);
    }
    if (engine.words.enabled) {
      absl::StatusOr<WordFrequencies> earlier =
          store->WindowWordFrequencies(plan->cutoff, engine.words.max_documents + 1);
      if (!earlier.ok()) return earlier.status();
      auto window = std::make_shared<WindowFrequencies>();
      window->earlier = std::move(*earlier);
      window->own_documents = raw->documents;
      out->summary.window_documents = window->earlier.documents;
      second.window = std::move(window);
    }
    return second;
  };
  absl::StatusOr<ClusterRun> run = internal::RunClusterInTwoReads(
      inputs, engine,
      [&](const std::shared_ptr<const RecordBatch>& batch, absl::Span<const Article* const> articles) {
        recorder.Observe(batch, articles);
      },
      between);
  if (!run.ok()) return run.status();
  // Tonight's problems; the context pages' come after them.
  run->problems.resize(std::min(run->problems.size(), raw->problems));
  for (InputProblem& p : run->problems) {
    out->summary.bad_records += p.record_skipped;
    out->problems.push_back(std::move(p));
  }
  return run;
}

// Tonight's documents of the engine run (the context pages come after them),
// each with its input line.
absl::StatusOr<std::vector<BatchDoc>> TonightsDocuments(const RawInput& raw, ClusterRun* run,
                                                        std::vector<std::vector<uint32_t>>* no_words) {
  absl::flat_hash_map<uint64_t, uint32_t> raw_index;
  for (uint32_t r = 0; r < raw.records.size(); ++r) {
    raw_index[PackKey(raw.records[r].file_index, raw.records[r].line)] = r;
  }
  std::vector<BatchDoc> docs;
  no_words->assign(run->content_words.empty() ? run->articles.size() : 0, {});
  for (size_t i = 0; i < run->articles.size(); ++i) {
    const Article& a = run->articles[i];
    if (a.file_index >= raw.files) break;  // the context comes last
    const auto it = raw_index.find(PackKey(a.file_index, a.line));
    if (it == raw_index.end()) return absl::InternalError("dedupe: a document without its input line");
    BatchDoc doc;
    doc.raw = it->second;
    doc.index = static_cast<uint32_t>(i);
    doc.article = &a;
    doc.shingles = &run->shingle_sets[i];
    if (!run->shingle_sequences.empty()) doc.shingle_sequence = run->shingle_sequences[i];
    doc.words = run->content_words.empty() ? &(*no_words)[i] : &run->content_words[i];
    doc.word_count = run->content_word_counts.empty() ? 0 : run->content_word_counts[i];
    if (run->pair_rule->words() != nullptr) doc.word_positions = run->pair_rule->words()->FirstPositions(doc.index);
    doc.figures = run->pair_rule->Figures(doc.index);
    doc.length = static_cast<uint32_t>(std::min<size_t>(a.title.size() + a.text.size(), 0xffffffffu));
    docs.push_back(doc);
  }
  // The window's counts must hold tonight's documents once.
  if (docs.size() != raw.documents) {
    return absl::InternalError(absl::StrCat("dedupe: the engine kept ", docs.size(), " of tonight's records, ",
                                            "where ", raw.documents, " were expected"));
  }
  return docs;
}

// A night of which no record could be read because an input failed (missing,
// unreadable) is not an empty night: committed, it would stand in for the
// night that failed, and with no article dated its window would count from
// the run's time, so a store of older articles would lose them all.
absl::Status RefuseUnreadNight(const RawInput& raw, const std::vector<InputProblem>& problems) {
  if (!raw.records.empty()) return absl::OkStatus();
  std::vector<std::string> failed;
  for (const InputProblem& p : problems) {
    if (p.input_failure) failed.push_back(absl::StrCat(p.file, ": ", p.message));
  }
  if (failed.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("no record of tonight could be read (", absl::StrJoin(failed, "; "),
                                                    "): nothing written, nothing committed"));
}

}  // namespace

std::string KeptOutput(const DedupeRun& run) {
  size_t bytes = 0;
  for (std::string_view line : run.kept) bytes += line.size() + 1;
  std::string out;
  out.reserve(bytes);
  for (std::string_view line : run.kept) {
    out.append(line);
    out += '\n';
  }
  return out;
}

absl::StatusOr<DedupeRun> RunDedupe(const std::vector<std::string>& inputs, const DedupeOptions& options,
                                    Store* store) {
  if (absl::Status s = options.Validate(); !s.ok()) return s;
  // Once: choosing the LSH bands (ChooseLshParams) is 14 M instructions.
  const std::vector<StoreParameter> parameters = DedupeParameters(options.engine);
  if (absl::Status s = store->CheckParameters(parameters); !s.ok()) return s;
  const auto start = std::chrono::steady_clock::now();
  const int64_t now = options.now != 0 ? options.now : static_cast<int64_t>(std::time(nullptr));
  RawInput raw;
  NightPlan plan;
  DedupeRun out;
  absl::StatusOr<ClusterRun> run = RunEngine(inputs, options, parameters, now, store, &raw, &plan, &out);
  if (!run.ok()) return run.status();
  // Before the rerun check: a night with nothing read has the digest of an
  // empty night, which may be committed.
  if (absl::Status s = RefuseUnreadNight(raw, out.problems); !s.ok()) return s;
  if (plan.committed) return Replay(std::move(raw), plan.committed->first, plan.committed->second);
  out.batch = plan.batch;
  out.summary.engine_seconds = run->summary.seconds;
  // Dedupe's own parallel steps run on as many threads as the engine.
  tbb::task_arena arena(options.engine.threads > 0 ? options.engine.threads : tbb::task_arena::automatic);
  std::vector<std::vector<uint32_t>> no_words;
  absl::StatusOr<std::vector<BatchDoc>> tonight = TonightsDocuments(raw, &*run, &no_words);
  if (!tonight.ok()) return tonight.status();
  const std::vector<BatchDoc>& docs = *tonight;
  const int64_t cutoff = plan.cutoff;

  // The band keys the engine's candidates stage made (ClusterRun::
  // band_keys): signing the night again cost a tenth of the engine's time.
  std::vector<std::vector<uint32_t>> keys(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) keys[d] = std::move(run->band_keys[docs[d].index]);
  std::vector<Match> matches(docs.size());
  std::vector<StoredArticle> stored;
  absl::Status matched;
  arena.execute([&] { matched = MatchStored(docs, keys, options, cutoff, store, &stored, &matches, &out.summary); });
  if (!matched.ok()) return matched;
  MatchWithinBatch(docs, run->edges, *run->pair_rule, options, &matches);
  arena.execute([&] {
    Finish(raw, docs, matches, stored, &keys, options, plan.batch, plan.next_cluster, now, plan.newest, &out);
  });
  if (const ContentWords* words = run->pair_rule->words(); words != nullptr && options.engine.words.enabled) {
    out.commit.has_word_frequencies = true;
    out.commit.word_frequencies = words->OwnFrequencies();
    // Kept while any of tonight's documents is in the window (undated ones
    // count from the run's time, as their articles do).
    int64_t last = docs.empty() ? now : INT64_MIN;
    for (const BatchDoc& d : docs) {
      const Timestamp& p = d.article->published;
      last = std::max(last, p.known() ? p.seconds_utc : now);
    }
    out.commit.words_expire_last = last;
  }
  out.workspace = std::make_shared<RawInput>(std::move(raw));
  out.engine_run = std::make_shared<ClusterRun>(std::move(*run));
  out.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace wiretrace
