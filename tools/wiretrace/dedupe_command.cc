// `wiretrace dedupe`: the nightly batch against a persistent store. Writes the
// records that copy nothing earlier (KEPT, byte for byte) and one line per
// copy (DUPS), syncs both, and only then commits the batch to the store.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "commands.h"
#include "engine_flags.h"
#include "job_flags.h"
#include "oneapi/tbb/task_arena.h"
#include "wiretrace/dedupe.h"
#include "wiretrace/store.h"

namespace wiretrace::cli {
namespace {

struct DedupeFlags {
  EngineFlags engine;
  DedupeJobFlags job;  // --store and the keep and window policy (tools/common/job_flags.h)
  std::string output;
  std::string duplicates;
};

// For the kill tests (tests/dedupe_cli_test.cc): WIRETRACE_TEST_KILL_AT=STAGE
// kills the process with SIGKILL when it reaches STAGE, the way a crash or
// an operator's kill -9 would.
// WIRETRACE_TEST_PAUSE_AT=STAGE sleeps WIRETRACE_TEST_PAUSE_SECONDS (default
// 3) there, after saying so on stderr: a writer holding the lock, for the
// tests of a second writer and of readers.
void MaybeDie(const char* stage) {
  const char* at = std::getenv("WIRETRACE_TEST_KILL_AT");
  if (at != nullptr && std::strcmp(at, stage) == 0) raise(SIGKILL);
  const char* pause = std::getenv("WIRETRACE_TEST_PAUSE_AT");
  if (pause != nullptr && std::strcmp(pause, stage) == 0) {
    const char* seconds = std::getenv("WIRETRACE_TEST_PAUSE_SECONDS");
    std::fprintf(stderr, "wiretrace dedupe: paused at %s\n", stage);
    std::fflush(stderr);
    sleep(seconds != nullptr ? static_cast<unsigned>(std::atoi(seconds)) : 3u);
  }
}

// Writes `pieces` to `f`, one after another; false on a short write.
bool WritePieces(std::FILE* f, absl::Span<const std::string_view> pieces) {
  for (std::string_view p : pieces) {
    if (std::fwrite(p.data(), 1, p.size(), f) != p.size()) return false;
  }
  return true;
}

// Writes `pieces` to `fd` with writev, up to IOV_MAX at a time; false on an
// error.
bool WritePieces(int fd, absl::Span<const std::string_view> pieces) {
  std::vector<iovec> iov;
  iov.reserve(std::min<size_t>(pieces.size(), IOV_MAX));
  size_t next = 0;
  while (next < pieces.size() || !iov.empty()) {
    while (iov.size() < IOV_MAX && next < pieces.size()) {
      if (!pieces[next].empty()) iov.push_back({const_cast<char*>(pieces[next].data()), pieces[next].size()});
      ++next;
    }
    if (iov.empty()) break;
    const ssize_t n = writev(fd, iov.data(), static_cast<int>(iov.size()));
    if (n <= 0) return false;
    // Drop what was written; a partial write leaves the rest of its piece.
    size_t done = static_cast<size_t>(n), drop = 0;
    for (; drop < iov.size() && done >= iov[drop].iov_len; ++drop) done -= iov[drop].iov_len;
    if (drop < iov.size()) {
      iov[drop].iov_base = static_cast<char*>(iov[drop].iov_base) + done;
      iov[drop].iov_len -= done;
    }
    iov.erase(iov.begin(), iov.begin() + static_cast<std::ptrdiff_t>(drop));
  }
  return true;
}

// Writes `pieces`, one after another, to `path` durably: a temporary file
// beside it, fsync, rename, fsync of the directory. A kill leaves the old
// file or the new one, never a part. "-" writes to stdout.
bool WriteDurably(const std::string& path, absl::Span<const std::string_view> pieces) {
  if (path == "-") {
    const bool ok = WritePieces(stdout, pieces) && std::fflush(stdout) == 0;
    if (ok) fsync(STDOUT_FILENO);  // EINVAL on a pipe or terminal: nothing to sync
    return ok;
  }
  // Anything but a regular file (/dev/null, a FIFO) is written in place: a
  // rename would replace the device or pipe with a file.
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    const bool ok = f != nullptr && WritePieces(f, pieces);
    if (f == nullptr || std::fclose(f) != 0 || !ok) {
      std::fprintf(stderr, "wiretrace dedupe: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
      return false;
    }
    return true;
  }
  const std::string tmp = absl::StrCat(path, ".tmp-", getpid());
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    std::fprintf(stderr, "wiretrace dedupe: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  const bool ok = WritePieces(fd, pieces) && fsync(fd) == 0;
  close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::fprintf(stderr, "wiretrace dedupe: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    std::remove(tmp.c_str());
    return false;
  }
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return true;
}

// KEPT, from the lines as read, then DUPS, each durably. The batch as read
// (run->workspace), which KEPT's lines are in and which neither DUPS nor the
// commit use, is freed between the two.
bool WriteOutputs(const DedupeFlags& flags, DedupeRun* run) {
  std::vector<std::string_view> kept;
  kept.reserve(2 * run->kept.size());
  for (std::string_view line : run->kept) {
    kept.push_back(line);
    kept.push_back("\n");
  }
  if (!WriteDurably(flags.output, kept)) return false;
  run->kept.clear();
  run->workspace.reset();
  MaybeDie("kept-written");
  const std::string_view duplicates = run->duplicates;
  return WriteDurably(flags.duplicates, {&duplicates, 1});
}

void PrintDedupeSummary(const DedupeRun& run) {
  const DedupeSummary& s = run.summary;
  if (run.replayed) {
    std::fprintf(stderr,
                 "wiretrace dedupe: batch %lld was already committed: its outputs written again (%llu kept, %llu "
                 "duplicates); the store is unchanged\n",
                 static_cast<long long>(run.batch), static_cast<unsigned long long>(s.kept),
                 static_cast<unsigned long long>(s.duplicates));
    return;
  }
  std::fprintf(stderr,
               "wiretrace dedupe: batch %lld: %llu documents, %llu kept, %llu duplicates (%llu of earlier batches), "
               "%llu bad records, %llu context pages, content words judged over %llu earlier documents too, %llu stored "
               "candidates, %.2f s (engine %.2f s, store %.2f s)\n",
               static_cast<long long>(run.batch), static_cast<unsigned long long>(s.records),
               static_cast<unsigned long long>(s.kept), static_cast<unsigned long long>(s.duplicates),
               static_cast<unsigned long long>(s.earlier_batch_duplicates),
               static_cast<unsigned long long>(s.bad_records), static_cast<unsigned long long>(s.context_documents),
               static_cast<unsigned long long>(s.window_documents), static_cast<unsigned long long>(s.stored_candidates), s.seconds, s.engine_seconds, s.store_seconds);
}

int RunDedupeCommand(DedupeFlags& flags) {
  if (absl::Status s = FinishEngineFlags(&flags.engine); !s.ok()) {
    std::fprintf(stderr, "wiretrace dedupe: %s\n", std::string(s.message()).c_str());
    return kExitDataError;
  }
  absl::StatusOr<DedupeOptions> options = MakeDedupeOptions(flags.job, flags.engine.options);
  if (!options.ok()) {
    std::fprintf(stderr, "wiretrace dedupe: %s\n", std::string(options.status().message()).c_str());
    return kExitUsage;
  }
  std::vector<std::string> reads = flags.engine.inputs;
  reads.push_back(flags.job.store);
  if (!CheckOutputPaths("wiretrace dedupe", {flags.output, flags.duplicates, flags.engine.problems_file}, reads)) {
    return kExitDataError;
  }
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(flags.job.store, MakeStoreOptions(flags.job));
  if (!store.ok()) {
    std::fprintf(stderr, "wiretrace dedupe: %s\n", std::string(store.status().message()).c_str());
    return store.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitDataError;
  }
  MaybeDie("locked");
  absl::StatusOr<DedupeRun> run = RunDedupe(flags.engine.inputs, *options, store->get());
  if (!run.ok()) {
    std::fprintf(stderr, "wiretrace dedupe: %s\n", std::string(run.status().message()).c_str());
    return run.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitDataError;
  }
  MaybeDie("computed");
  ClusterRun report;  // ReportProblems reads only the problems
  report.problems = run->problems;
  report.summary.bad_records = run->summary.bad_records;
  if (!ReportProblems(report, flags.engine)) return kExitDataError;
  if (StrictFailure(report, flags.engine)) {
    std::fprintf(stderr, "wiretrace dedupe: --strict: %llu bad records; no output written, nothing committed\n",
                 static_cast<unsigned long long>(run->summary.bad_records));
    return kExitDataError;
  }
  const auto write_start = std::chrono::steady_clock::now();
  // The outputs are written and synced on another thread while this one
  // stages the store's rows (compressed and inserted into the open
  // transaction, which a kill rolls back); only then is the batch committed.
  // The staging stays on this thread so that SQLite's page cache reuses the
  // memory the night's working set leaves (glibc keeps a heap per thread:
  // staged from another thread, night 1's peak RSS at 100,000 articles grew
  // from 1.5 GB to 1.85 GB). The engine's run (run->engine_run) is never
  // freed: freeing it on the writer thread here took CPU from the staging
  // (staging 0.20-0.23 s against 0.18-0.21 s at 20,000 articles, 1.5-2.0 s
  // against 0.9-1.4 s at 100,000) and left peak RSS as it was.
  tbb::task_arena arena(flags.engine.options.threads > 0 ? flags.engine.options.threads
                                                         : tbb::task_arena::automatic);
  bool written = false;
  std::thread writer([&] { written = WriteOutputs(flags, &*run); });
  absl::Status staged;
  if (!run->replayed) arena.execute([&] { staged = (*store)->StageBatch(run->commit); });
  writer.join();
  if (!written) return kExitDataError;
  MaybeDie("written");
  const auto commit_start = std::chrono::steady_clock::now();
  if (!run->replayed) {
    absl::Status committed = staged.ok() ? (*store)->Commit() : staged;
    if (absl::Status s = committed; !s.ok()) {
      std::fprintf(stderr, "wiretrace dedupe: commit to %s failed: %s\n", flags.job.store.c_str(),
                   std::string(s.message()).c_str());
      return kExitDataError;
    }
  }
  MaybeDie("committed");
  const auto end = std::chrono::steady_clock::now();
  if (!flags.engine.quiet) {
    PrintDedupeSummary(*run);
    std::fprintf(stderr, "wiretrace dedupe: outputs written and synced in %.2f s (the store's rows staged meanwhile), "
                 "committed in %.2f s\n",
                 std::chrono::duration<double>(commit_start - write_start).count(),
                 std::chrono::duration<double>(end - commit_start).count());
  }
  const int code = HadInputFailure(report) ? kExitDataError : kExitOk;
  // Done: the outputs are synced and the batch committed. What is left is
  // the night's memory, a few hundred MB in small allocations (the engine's
  // run, sets, records), which freeing one by one took 80 ms of a 1.7 s
  // night of 20,000 articles: the store is closed and the process ends
  // without it.
  store->reset();
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace

void RegisterDedupeCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<DedupeFlags>();
  CLI::App* cmd = app.add_subcommand(
      "dedupe",
      "The nightly batch: match INPUT against the kept articles of the last nights in STORE and against\n"
      "each other. KEPT gets every record that copies nothing earlier, as its input line, in input order;\n"
      "DUPS one line per copy:\n"
      "  {\"id\":..., \"duplicate_of\":ID, \"duplicate_of_batch\":N, \"cluster\":N, \"jaccard\":x,\n"
      "   \"containment_a\":x, \"containment_b\":x, \"word_containment_a\":x, \"rule\":\"jaccard|containment|words\"}\n"
      "(a = this record, b = the kept article; \"via\":ID when it copies a stored duplicate of b).\n"
      "An article once kept stays kept with its cluster id. Content-word rarity is judged over the window's\n"
      "nights and tonight (STORE keeps each night's word frequencies until its articles leave the window).\n"
      "STORE (one SQLite file) is created on first use; the batch is committed only after both outputs\n"
      "are written and synced, so a killed run changes nothing, and a rerun of a committed batch writes\n"
      "the same outputs again. The similarity options that shape the stored sets are recorded in STORE;\n"
      "a run with other values exits 2 naming the option.\n"
      "Example:\n"
      "  wiretrace dedupe --store nightly.db tonight.jsonl -o kept.jsonl --duplicates dups.jsonl");
  AddEngineFlags(cmd, &flags->engine);
  AddDedupeJobFlags(cmd, &flags->job);
  cmd->add_option("-o,--output", flags->output, "KEPT: the kept records (- = stdout)")->required();
  cmd->add_option("--duplicates", flags->duplicates, "DUPS: one JSON line per copy")->required();
  cmd->callback([flags, exit_code] { *exit_code = RunDedupeCommand(*flags); });
}

}  // namespace wiretrace::cli
