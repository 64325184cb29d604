// The cluster stage (engine_stages.h): verified edges become clusters
// (wiretrace/cluster.h: the representative order and the anchor that keeps a
// chain A~B~C apart), then each document's result, in input order.
#include "internal/engine_stages.h"
#include "oneapi/tbb/parallel_for.h"
#include "wiretrace/cluster.h"
#include "wiretrace/verify.h"

namespace wiretrace::internal {

void BuildClusters(const EngineOptions& options, const PairRule& rule, const Corpus& corpus, tbb::task_arena& arena,
                   ClusterRun* run) {
  const std::vector<DocState>& docs = corpus.docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  const std::vector<uint32_t>& order = corpus.representative_order;
  if (options.keep_articles) {
    // For provenance, which orders a cluster's members as clustering did.
    run->representative_rank.resize(n);
    for (uint32_t r = 0; r < n; ++r) run->representative_rank[order[r]] = r;
  }
  // Anchored by its shingles (with a shared passage when by containment:
  // VerifyOptions::min_passage) or by its content words.
  std::vector<uint32_t> via;
  const std::vector<uint32_t> root = AssignClusters(
      n, order, run->edges,
      [&](uint32_t a, uint32_t b) {
        return AnchoredToRoot(options, rule.words() != nullptr, SideOf(rule, docs, a), SideOf(rule, docs, b));
      },
      [&](uint32_t d, uint32_t member, float share) {
        return JoinsThroughMember(options, share, SideOf(rule, docs, d), SideOf(rule, docs, member));
      },
      &via);

  WriteDocumentResults(corpus, root, arena, [&](uint32_t d) {
    return CompareSets(docs[d].shingles, docs[root[d]].shingles);
  }, run);
  for (uint32_t d = 0; d < n; ++d) run->documents[d].joined_through = via[d];
}

bool AnchoredToRoot(const EngineOptions& options, bool words_on, const PairSide& doc, const PairSide& root) {
  return options.cluster.Anchored(CompareSets(doc.shingles, root.shingles), options.verify, doc, root) ||
         WordsAnchorPair(options.words, words_on, doc, root);
}

bool JoinsThroughMember(const EngineOptions& options, float share, const PairSide& doc, const PairSide& member) {
  if (options.cluster.via_containment <= 0 || share < options.cluster.via_containment) return false;
  return options.cluster.JoinsThrough(CompareSets(doc.shingles, member.shingles), options.verify, doc, member);
}

void WriteDocumentResults(const Corpus& corpus, const std::vector<uint32_t>& root, tbb::task_arena& arena,
                          absl::FunctionRef<Overlap(uint32_t)> with_root, ClusterRun* run) {
  const std::vector<DocState>& docs = corpus.docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
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
  run->documents.resize(n);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<uint32_t>(0, n, 256), [&](const tbb::blocked_range<uint32_t>& r) {
      for (uint32_t d = r.begin(); d != r.end(); ++d) {
        DocumentResult& out = run->documents[d];
        out.id = docs[d].id;
        out.id_is_number = docs[d].id_is_number;
        out.cluster = cluster_of_root[root[d]];
        out.cluster_size = cluster_size[out.cluster];
        out.representative = root[d];
        out.shingles = docs[d].shingle_count;
        out.joined_through = d;
        if (root[d] != d) {
          const Overlap o = with_root(d);
          out.jaccard = o.jaccard();
          out.containment = o.containment_a();
        }
      }
    });
  });
  run->summary.clusters = cluster_size.size();
}

void FinishRun(const EngineOptions& options, uint64_t bytes_read, Corpus* corpus, PairJudge* judge, ClusterRun* run) {
  std::vector<DocState>& docs = corpus->docs;
  const uint32_t n = static_cast<uint32_t>(docs.size());
  RunSummary& summary = run->summary;
  summary.documents = n;
  summary.duplicates = n - summary.clusters;
  summary.bytes = bytes_read;
  for (const InputProblem& p : run->problems) {
    if (p.record_skipped) {
      ++summary.bad_records;
    } else {
      ++summary.warnings;
    }
  }
  for (const DocState& doc : docs) {
    summary.empty_documents += doc.shingle_count == 0;
    summary.unsourced_documents += doc.source == 0;
  }
  if (options.keep_for_matching && options.verify.min_passage > 0) {
    // The run keeps the order as hashes (ClusterRun::shingle_sequences).
    run->shingle_sequences.reserve(n);
    for (DocState& doc : docs) {
      for (const uint16_t rank : doc.shingle_ranks) doc.shingle_sequence.push_back(doc.shingles[rank]);
      std::vector<uint16_t>().swap(doc.shingle_ranks);
      run->shingle_sequences.push_back(std::move(doc.shingle_sequence));
    }
  } else {
    for (DocState& doc : docs) {  // the passage test is done
      std::vector<uint16_t>().swap(doc.shingle_ranks);
      std::vector<uint32_t>().swap(doc.shingle_sequence);
    }
  }
  if (options.keep_articles) {
    run->shingle_sets.reserve(n);
    for (DocState& doc : docs) run->shingle_sets.push_back(std::move(doc.shingles));
    run->content_word_counts.resize(n);
    for (uint32_t d = 0; d < n; ++d) run->content_word_counts[d] = judge->words->ContentCount(d);
    run->content_words = std::move(judge->word_sets);  // the buffer the rule's index refers to moves with it
    run->pair_rule = judge->rule;
  }
}

}  // namespace wiretrace::internal
