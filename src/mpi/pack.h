// The messages of the distributed path (src/mpi/mpi_cluster.cc), as bytes:
// a rank's shard plan, and what a rank hands rank 0 of each unit it read
// (its problems and its documents, DocState). Kept apart from MPI so that
// every message's pack and unpack are tested without mpirun
// (tests/mpi_pack_test.cc).
//
// The byte order is the machine's: every rank of one job runs the same
// binary on the same architecture.
//
// Thread safety: a ByteWriter or ByteReader is used by one thread.
#ifndef WIRETRACE_MPI_PACK_H_
#define WIRETRACE_MPI_PACK_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/types/span.h"
#include "internal/engine_stages.h"
#include "mpi/shard.h"
#include "wiretrace/ingest.h"

namespace wiretrace::mpi {

// Appends values to a byte string.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  template <typename T>
  void Put(T value) {
    static_assert(std::is_trivially_copyable_v<T>);
    out_->append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    out_->append(s.data(), s.size());
  }
  // A vector of trivially copyable values (hashes, LineSpan, FigureToken);
  // ByteReader::GetVector reads it back.
  template <typename T>
  void PutVector(const std::vector<T>& v) { PutSpan(absl::Span<const T>(v)); }
  template <typename T>
  void PutSpan(absl::Span<const T> v) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(v.size());
    out_->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }

 private:
  std::string* out_;
};

// Reads what a ByteWriter wrote. A read past the end sets !ok() and returns
// zeros: a short message is a bug, reported once by the caller.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  template <typename T>
  T Get() {
    T value{};
    if (!Take(sizeof(T))) return value;
    std::memcpy(&value, in_.data() + pos_ - sizeof(T), sizeof(T));
    return value;
  }
  std::string GetString() {
    const uint64_t n = Get<uint64_t>();
    if (!Take(n)) return {};
    return std::string(in_.substr(pos_ - n, n));
  }
  template <typename T>
  std::vector<T> GetVector() {
    const uint64_t n = Get<uint64_t>();
    std::vector<T> v;
    if (n > (in_.size() - pos_) / sizeof(T) || !Take(n * sizeof(T))) {
      ok_ = false;
      return v;
    }
    v.resize(n);
    if (n > 0) std::memcpy(v.data(), in_.data() + pos_ - n * sizeof(T), n * sizeof(T));  // data() may be null at 0
    return v;
  }
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  size_t position() const { return pos_; }

 private:
  bool Take(uint64_t n) {
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return false;
    }
    pos_ += n;
    return true;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// The plan rank 0 makes and broadcasts (one list of units, each with its
// rank), so that every rank reads the same plan even where their views of
// the file system would differ.
void PackPlan(const std::vector<ShardUnit>& units, std::string* out);
bool UnpackPlan(std::string_view in, std::vector<ShardUnit>* units);

// One document as a rank first hands it to rank 0: what the duplicate-id
// rule, the outlets' table and the representative order need (id, outlet,
// date, length, where it was read), not its page lines (their counts are
// reduced by owner ranks) nor its shingles or words, which stay on the rank
// until they are signed. Its outlet travels by name (source indices are a
// rank's own), its file as an index into its unit's file names.
void PackDocument(const internal::DocState& doc, const std::string& source, ByteWriter* w);
internal::DocState UnpackDocument(ByteReader* r, std::string* source);

// What rank 0 tells a rank about each document it read: whether it is kept
// (the first of its id), its index among all kept documents, its position
// in the representative order, and its outlet's index in the job's table.
struct DocPlan {
  bool kept = false;
  uint32_t global = 0;
  uint32_t rank_order = 0;
  uint32_t source = 0;
};
void PackDocPlan(const DocPlan& plan, ByteWriter* w);
DocPlan UnpackDocPlan(ByteReader* r);

// Lists of words (the CommonWords sample) and of any trivially copyable
// values, back to back.
void PackWordLists(const std::vector<std::vector<uint32_t>>& lists, std::string* out);
bool UnpackWordLists(std::string_view in, std::vector<std::vector<uint32_t>>* lists);

// The job's outlets (BoilerplateModel::SourceIndex order: "" first) and
// each one's documents, from rank 0 to every rank.
void PackSources(const std::vector<std::string>& names, const std::vector<uint32_t>& documents, std::string* out);
bool UnpackSources(std::string_view in, std::vector<std::string>* names, std::vector<uint32_t>* documents);

// One page line's count of documents, sent to the rank that owns it, and
// back to all when it is boilerplate.
struct LineCountEntry {
  uint32_t source = 0;
  uint32_t hash = 0;
  uint32_t documents = 0;
};

// One band key of one document, sent to the rank that owns its bucket.
struct BandEntry {
  uint32_t band = 0;
  uint32_t key = 0;
  uint32_t rank_order = 0;  // the document's position in the representative order
  uint32_t doc = 0;         // its index among all kept documents
};

void PackProblem(const InputProblem& p, ByteWriter* w);
InputProblem UnpackProblem(ByteReader* r);

// What a rank read of one unit: the problems of its reader and its good
// documents, in the order the reader met them, and the newlines of its
// bytes (rank 0 adds those of the file's earlier units to every line).
struct UnitResult {
  uint32_t unit = 0;
  uint64_t newlines = 0;
  uint64_t bytes_read = 0;
  std::vector<std::string> files;
  std::vector<InputProblem> problems;
  std::vector<internal::DocState> docs;
  std::vector<std::string> sources;  // parallel to docs
};

void PackUnit(const UnitResult& unit, std::string* out);
bool UnpackUnit(ByteReader* r, UnitResult* unit);

}  // namespace wiretrace::mpi

#endif  // WIRETRACE_MPI_PACK_H_
