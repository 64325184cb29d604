// Which rank reads what (the distributed path, src/mpi/mpi_cluster.cc): the
// inputs cut into units, each read by one rank. A plain JSON-lines file is
// cut into byte ranges, each aligned to the line ends after its bounds, so
// that no rank parses a record another rank reads and a large file is read
// by all ranks at once; any other input (a compressed stream, a directory,
// CSV, WARC, stdin) is one unit. Units are in input order; rank 0 puts their
// documents back in that order, so the plan changes who reads, never what
// the output is.
//
// Thread safety: pure functions.
#ifndef WIRETRACE_MPI_SHARD_H_
#define WIRETRACE_MPI_SHARD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace wiretrace::mpi {

struct ShardUnit {
  std::string path;    // as given ("-" for stdin)
  uint32_t input = 0;  // index in the inputs
  int rank = 0;        // the rank that reads it
  // With `split`: the byte range [begin, end) of the file; its records are
  // the lines that start in it (ReadAlignedRange).
  uint64_t begin = 0;
  uint64_t end = 0;
  bool split = false;
};

// Whether `path` is a plain (uncompressed) JSON-lines file, which can be cut
// anywhere at a line end: a regular file whose name is not one the reader
// treats otherwise (.txt, .html, .csv, .warc, ...) and whose first bytes
// are neither gzip's nor zstd's magic and open a JSON object.
bool IsSplittable(const std::string& path);

// The units of `inputs` for `ranks` ranks: every byte is given to the rank
// whose share of the total (by size, in input order) it falls in; a split
// file's units are at most `max_unit` bytes, which bounds what a rank holds
// of its shard at once. Stdin is always rank 0's (only it has it under
// mpirun).
std::vector<ShardUnit> PlanShards(const std::vector<std::string>& inputs, int ranks, uint64_t max_unit);

// The lines of `path` that start in [begin, end) (a line starts at
// 0 or after a "\n"): the whole lines of a unit, so that consecutive units
// read every line once. `newlines` counts the "\n" in what is returned,
// from which the next units' line numbers follow.
absl::StatusOr<std::string> ReadAlignedRange(const std::string& path, uint64_t begin, uint64_t end,
                                             uint64_t* newlines);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_SHARD_H_
