#include "mpi/models.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "mpi/buckets.h"
#include "mpi/comm.h"
#include "oneapi/tbb/task_arena.h"

namespace wiretrace::mpi {
namespace {

// Every rank's `entries`, on every rank, in rank order.
// Counts what this rank sends into *bytes: its part to rank 0, and rank
// 0's broadcast of all of them.
template <typename T>
std::vector<T> AllGatherValues(const Job& job, const std::vector<T>& entries, uint64_t* bytes) {
  std::string mine;
  ByteWriter(&mine).PutVector(entries);
  const std::string all = AllGatherBytes(job.comm, mine);
  *bytes += job.rank == 0 ? all.size() * static_cast<uint64_t>(job.size - 1) : mine.size();
  std::vector<T> out;
  ByteReader r(all);
  while (!r.done() && r.ok()) {
    const std::vector<T> part = r.GetVector<T>();
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

// Each kept page's distinct line hashes counted once (CountDocument's
// rule), summed by the rank that owns each (outlet, line) (MPI_Alltoallv):
// the lines at or over their outlet's threshold, on the rank that owns them.
absl::StatusOr<std::vector<LineCountEntry>> OwnedBoilerplate(const Job& job, const KeptDocuments& kept,
                                                             const internal::BoilerplateModel& model,
                                                             const std::vector<uint32_t>& documents) {
  absl::flat_hash_map<uint64_t, uint32_t> counts;
  std::vector<uint32_t> hashes;
  for (const internal::DocState& doc : kept.docs) {
    hashes.clear();
    for (const internal::LineSpan& line : doc.page.lines) hashes.push_back(line.hash);
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (const uint32_t h : hashes) ++counts[uint64_t{doc.source} << 32 | h];
  }
  std::vector<std::string> out(job.size);
  for (const auto& [key, n] : counts) {
    const LineCountEntry entry{static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key), n};
    ByteWriter(&out[BucketOwner(entry.source, entry.hash, job.size)]).Put(entry);
  }
  for (int r = 0; r < job.size; ++r) job.stats->model_bytes += r == job.rank ? 0 : out[r].size();
  absl::StatusOr<std::vector<std::string>> in = ExchangeBytes(job.comm, out);
  if (!in.ok()) return in.status();
  counts.clear();
  for (const std::string& part : *in) {
    ByteReader r(part);
    while (!r.done() && r.ok()) {
      const LineCountEntry e = r.Get<LineCountEntry>();
      counts[uint64_t{e.source} << 32 | e.hash] += e.documents;
    }
  }
  std::vector<LineCountEntry> boilerplate;
  for (const auto& [key, n] : counts) {
    const uint32_t source = static_cast<uint32_t>(key >> 32);
    if (source < documents.size() && n >= model.Threshold(documents[source])) {
      boilerplate.push_back({source, static_cast<uint32_t>(key), n});
    }
  }
  return boilerplate;
}

}  // namespace

// The CommonWords sample, on every rank: the words after reading of the
// first kCommonWordSampleDocuments kept documents (SignCorpus's sample),
// fetched from the ranks that read them.
CommonWords LearnCommonWords(const Job& job, const std::vector<UnitResult>& mine, const Directory& directory) {
  CommonWords common;
  if (!job.options->words.enabled) return common;
  std::string request;
  if (job.rank == 0) {
    ByteWriter w(&request);
    const size_t n = std::min<size_t>(directory.origin.size(), internal::kCommonWordSampleDocuments);
    std::vector<uint64_t> wanted(n);
    for (size_t i = 0; i < n; ++i) wanted[i] = uint64_t{directory.origin[i].first} << 32 | directory.origin[i].second;
    w.PutVector(wanted);
  }
  BroadcastBytes(job.comm, 0, &request);
  ByteReader r(request);
  const std::vector<uint64_t> wanted = r.GetVector<uint64_t>();
  std::map<uint32_t, const UnitResult*> by_unit;
  for (const UnitResult& unit : mine) by_unit[unit.unit] = &unit;
  std::string reply;
  ByteWriter w(&reply);
  for (uint32_t i = 0; i < wanted.size(); ++i) {
    const auto it = by_unit.find(static_cast<uint32_t>(wanted[i] >> 32));
    if (it == by_unit.end()) continue;
    w.Put<uint32_t>(i);
    w.PutVector(it->second->docs[static_cast<uint32_t>(wanted[i])].words);
  }
  if (job.rank != 0) job.stats->model_bytes += reply.size();
  std::vector<std::string> replies = GatherBytes(job.comm, 0, reply);
  std::string sample_bytes;
  if (job.rank == 0) {
    std::vector<std::vector<uint32_t>> sample(wanted.size());
    for (const std::string& part : replies) {
      ByteReader pr(part);
      while (!pr.done() && pr.ok()) {
        const uint32_t i = pr.Get<uint32_t>();
        std::vector<uint32_t> words = pr.GetVector<uint32_t>();
        if (i < sample.size()) sample[i] = std::move(words);
      }
    }
    PackWordLists(sample, &sample_bytes);
  }
  if (job.rank == 0) job.stats->model_bytes += (request.size() + sample_bytes.size()) * (job.size - 1);
  BroadcastBytes(job.comm, 0, &sample_bytes);
  std::vector<std::vector<uint32_t>> sample;
  UnpackWordLists(sample_bytes, &sample);
  std::vector<const std::vector<uint32_t>*> pointers;
  for (const std::vector<uint32_t>& words : sample) pointers.push_back(&words);
  common.Learn(pointers, job.options->words.max_documents);
  return common;
}

// The boilerplate model and the teaser index of the job, on every rank:
// the lines found boilerplate by their owners (OwnedBoilerplate), and every
// page's title and lead (a few per page), are sent to all.
absl::Status LearnPageModels(const Job& job, std::string_view sources, const KeptDocuments& kept, PageModels* models) {
  const BoilerplateOptions& options = job.options->boilerplate;
  std::vector<std::string> names;
  std::vector<uint32_t> documents;
  if (!UnpackSources(sources, &names, &documents)) return absl::InternalError("a garbled outlet table");
  for (size_t i = 1; i < names.size(); ++i) models->boilerplate.SourceIndex(names[i]);
  models->boilerplate.SetSourceDocuments(documents);
  if (options.enabled) {
    absl::StatusOr<std::vector<LineCountEntry>> owned = OwnedBoilerplate(job, kept, models->boilerplate, documents);
    if (!owned.ok()) return owned.status();
    for (const LineCountEntry& e : AllGatherValues(job, *owned, &job.stats->model_bytes)) {
      models->boilerplate.AddLineCount(e.source, e.hash, e.documents);
    }
  }
  models->boilerplate.Finish();
  if (!options.enabled || !options.teasers) return absl::OkStatus();
  std::vector<LineCountEntry> titles;  // (source, title); documents unused
  for (const internal::DocState& doc : kept.docs) {
    if (doc.page.title != 0) titles.push_back({doc.source, doc.page.title, 0});
  }
  for (const LineCountEntry& t : AllGatherValues(job, titles, &job.stats->model_bytes)) models->teasers.AddTitle(t.source, t.hash);
  tbb::task_arena arena(job.threads);
  const std::vector<internal::LeadEntry> leads =
      internal::FindLeads(models->boilerplate, models->teasers, kept.docs, arena);
  for (const internal::LeadEntry& e : AllGatherValues(job, leads, &job.stats->model_bytes)) {
    models->teasers.AddLead(e.source, e.title, e.start, e.line);
  }
  return absl::OkStatus();
}

}  // namespace wiretrace::mpi
