// The corpus-wide models of the distributed path, the same on every rank:
// the CommonWords sample and the page-furniture models (the boilerplate
// lines, reduced by the ranks that own them, and the teaser index). Called
// by mpi_cluster.cc between reading and signing.
//
// Thread safety: collective over the job's communicator; call from one
// thread of each rank.
#ifndef WIRETRACE_MPI_MODELS_H_
#define WIRETRACE_MPI_MODELS_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "internal/boilerplate.h"
#include "mpi/job.h"
#include "mpi/pack.h"
#include "wiretrace/content_words.h"

namespace wiretrace::mpi {

// The page-furniture models of the whole job, the same on every rank.
struct PageModels {
  explicit PageModels(const EngineOptions& options) : boilerplate(options.boilerplate, false) {}
  internal::BoilerplateModel boilerplate;
  internal::TeaserIndex teasers;
};

// The CommonWords sample, on every rank: the words after reading of the
// first kCommonWordSampleDocuments kept documents (SignCorpus's sample),
// fetched from the ranks that read them.
CommonWords LearnCommonWords(const Job& job, const std::vector<UnitResult>& mine, const Directory& directory);

// The boilerplate model and the teaser index of the job, on every rank:
// the lines found boilerplate by their owners (OwnedBoilerplate), and every
// page's title and lead (a few per page), are sent to all.
absl::Status LearnPageModels(const Job& job, std::string_view sources, const KeptDocuments& kept, PageModels* models);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_MODELS_H_
