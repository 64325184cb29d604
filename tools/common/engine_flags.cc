#include "engine_flags.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "wiretrace/json.h"
#include "wiretrace/lsh.h"

namespace wiretrace::cli {
namespace {

// `s` made safe to print on a terminal: C0 controls, DEL and C1 controls
// (U+0080..U+009F, which some terminals take as CSI and friends) become \xNN,
// as do bytes that are not well-formed UTF-8; a backslash is doubled so the
// escapes stay unambiguous. Well-formed printable UTF-8 passes through.
std::string EscapeForTerminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto hex = [&out](unsigned char c) { absl::StrAppendFormat(&out, "\\x%02x", c); };
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7f) {
      hex(c);
    } else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      // A C1 control (U+0080..U+009F) in UTF-8; U+009B is a one-character CSI.
      hex(c);
      hex(static_cast<unsigned char>(s[++i]));
    } else if (c >= 0x80 && c <= 0x9f) {
      // A lone continuation byte in this range is a raw 8-bit C1 control to
      // terminals that still honour them; a valid sequence never starts with one
      // and any that follow a lead byte are consumed below.
      hex(c);
    } else if (c >= 0xc2 && c <= 0xf4) {
      // A well-formed multi-byte sequence passes through whole; anything else is
      // escaped byte by byte.
      const size_t n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
      bool ok = i + n <= s.size();
      if (ok && n > 2) {
        // No overlong forms, surrogates or code points past U+10FFFF.
        const auto second = static_cast<unsigned char>(s[i + 1]);
        ok = !(c == 0xe0 && second < 0xa0) && !(c == 0xed && second > 0x9f) && !(c == 0xf0 && second < 0x90) &&
             !(c == 0xf4 && second > 0x8f);
      }
      for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
      if (ok) {
        out.append(s.substr(i, n));
        i += n - 1;
      } else {
        hex(c);
      }
    } else if (c >= 0x80) {
      hex(c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

void AddEngineFlags(CLI::App* cmd, EngineFlags* flags) {
  EngineOptions& o = flags->options;
  cmd->add_option("INPUT", flags->inputs,
                  "JSONL (.jsonl, .gz, .zst), CSV/TSV with a header, WARC (.warc, .warc.gz), HTML pages, "
                  "directories of .txt/.html/.htm files, or - for stdin")
      ->required();
  cmd->add_option("--threads", o.threads, "worker threads (0 = all cores); output does not depend on it")
      ->capture_default_str();
  cmd->add_flag("--strict", flags->strict, "fail with exit code 2, writing no output, on any bad record");
  cmd->add_flag("-q,--quiet", flags->quiet, "no progress and no summary on stderr");
  cmd->add_option("--problems", flags->problems_file, "write every input problem to FILE (JSON lines)");
  cmd->add_flag("--explain", flags->explain,
                "print what decided: shingles, LSH bands and rows with the S-curve, the verify and content-word "
                "thresholds, candidate pairs by path, seconds per stage, and the lines removed as boilerplate");
  cmd->add_option("--agencies", flags->agencies_file,
                  "more agencies and outlets, TSV of name<TAB>alias1|alias2...: their datelines and trailing credits "
                  "are cut before comparing, and provenance names them in credit lines; runs to be compared (a "
                  "--clusters file, a store) use the same file");

  // The group's name carries the rules common to its options.
  auto* fields =
      "Input fields (a nested field is meta.body or /meta/body; a field in none of a file's first 1000 records is a "
      "warning, an error with --strict)";
  cmd->add_option("--id-field", o.ingest.id_field, "JSON field holding the id")->capture_default_str()->group(fields);
  cmd->add_option("--text-field", o.ingest.text_field, "JSON field holding the body")->capture_default_str()->group(fields);
  cmd->add_option("--title-field", o.ingest.title_field, "JSON field holding the title (\"\" = none)")
      ->capture_default_str()->group(fields);
  cmd->add_option("--source-field", o.ingest.source_field, "JSON field holding the outlet")
      ->capture_default_str()->group(fields);
  cmd->add_option("--date-field", o.ingest.date_field, "JSON field holding the ISO 8601 publication time")
      ->capture_default_str()->group(fields);
  cmd->add_option("--url-field", o.ingest.url_field, "JSON field holding the page's URL")
      ->capture_default_str()->group(fields);
  cmd->add_flag("--html", o.ingest.html,
                "the text field holds HTML: compare the page's visible text (title, date, URL and outlet from the "
                "page when the record has none)")
      ->group(fields);


  auto* tuning = "Similarity";
  cmd->add_option("-k,--shingle-size", o.shingle.word_k, "words per shingle")->capture_default_str()->group(tuning);
  cmd->add_option("--char-shingle-size", o.shingle.char_k, "characters per shingle in Chinese, Japanese, Thai...")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--slots", o.minhash.num_slots, "MinHash signature slots")->capture_default_str()->group(tuning);
  cmd->add_flag("--classic-minhash", o.minhash.classic,
                "sign with k independent hash functions (slow reference path for benchmarks)")
      ->group(tuning);
  cmd->add_option("--lsh-threshold", o.lsh.threshold, "similarity where the LSH S-curve turns (candidates)")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--max-bucket", o.lsh.max_bucket,
                  "an LSH bucket of more documents links each only to its first this many (mass copies of one "
                  "story stay linear)")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--jaccard", o.verify.jaccard_threshold, "keep a pair whose exact Jaccard reaches this")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--containment", o.verify.containment_threshold,
                  "... or whose smaller document is contained in the larger to this degree")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--min-shared", o.verify.min_shared, "shared shingles a containment pair needs")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--min-passage", o.verify.min_passage,
                  "... and one shared passage of this many shingles in a row (a formula's items share only "
                  "short phrases; 0 = off)")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--figure-share", o.verify.min_figure_share,
                  "when both state figures, a pair needs this share of the smaller's figures in the other "
                  "(a formula's items differ in them; 0 = off)")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--min-figures", o.verify.min_figures, "... when each states at least this many figures")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--min-figures-words", o.verify.min_figures_words,
                  "... and for an edge of content words alone, when the smaller states at least this many (and "
                  "the larger --min-figures): one figure against several is another report")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--anchor", o.cluster.anchor_containment,
                  "a member must share this much of its text with the cluster's representative")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--anchor-via", o.cluster.via_containment,
                  "... or have this much of its text in a member of another outlet that has (a copy of a copy; "
                  "0 = off; not in dedupe, which matches kept articles)")
      ->capture_default_str()->group(tuning);
  cmd->add_flag("--no-boilerplate", flags->no_boilerplate, "keep lines that recur across pages of one outlet")
      ->group(tuning);
  cmd->add_option("--boilerplate-min-docs", o.boilerplate.min_documents,
                  "a line on this many pages of one outlet is boilerplate ...")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--boilerplate-min-share", o.boilerplate.min_share, "... and on at least this share of them")
      ->capture_default_str()->group(tuning);
  cmd->add_flag_callback(
         "--no-teasers", [&o] { o.boilerplate.teasers = false; },
         "keep another page's headline and cut-off lead on a page of the same outlet (teasers)")
      ->group(tuning);

  auto* words = "Content words (rewrites that keep a story's rare words but few of its phrases)";
  cmd->add_flag("--no-content-words", flags->no_content_words, "compare shingles only (faster, blind to rewrites)")
      ->group(words);
  cmd->add_option("--word-containment", o.words.containment,
                  "keep a pair when the smaller document has this share of its content words in the other")
      ->capture_default_str()->group(words);
  cmd->add_option("--word-min-shared", o.words.min_shared, "... and shares at least this many of them")
      ->capture_default_str()->group(words);
  cmd->add_option("--word-max-share", o.words.max_document_share,
                  "a word in more than this share of the documents is not a content word")
      ->capture_default_str()->group(words);
  cmd->add_option("--word-max-docs", o.words.max_documents, "... or in more than this many documents")
      ->capture_default_str()->group(words);
  cmd->add_option("--word-max-days", o.words.max_days,
                  "... and only between documents both dated, at most this many days apart (0 = no limit, undated too)")
      ->capture_default_str()->group(words);
  cmd->add_option("--word-min-aligned", o.words.min_aligned,
                  "... with this share of the smaller document's content words in the same order in both (0 = off)")
      ->capture_default_str()->group(words);
  cmd->add_flag("--word-same-source", o.words.same_source,
                "let content words link two documents of the same outlet (off: an outlet's follow-up is not a copy)")
      ->group(words);
  cmd->add_option("--rare-words", o.words.rare_words,
                  "candidates: documents sharing one of each other's this many rarest content words")
      ->capture_default_str()->group(words);
}

absl::Status FinishEngineFlags(EngineFlags* flags) {
  EngineOptions& o = flags->options;
  if (!flags->agencies_file.empty()) {
    std::ifstream in(flags->agencies_file, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read --agencies ", flags->agencies_file));
    std::stringstream text;
    text << in.rdbuf();
    if (absl::Status s = o.agencies.AddTsv(text.str()); !s.ok()) {
      return absl::DataLossError(absl::StrCat(flags->agencies_file, ": ", s.message()));
    }
  }
  if (flags->no_boilerplate) o.boilerplate.enabled = false;
  if (flags->no_content_words) o.words.enabled = false;
  o.explain = flags->explain;
  if (!flags->quiet && isatty(STDERR_FILENO)) {
    const uint64_t total = InputBytes(flags->inputs);
    const auto start = std::chrono::steady_clock::now();
    o.progress = [total, start](const Progress& p) {
      std::fprintf(stderr, "\r\033[K%s", ProgressLine(p, total, start).c_str());
      std::fflush(stderr);
    };
  }
  return absl::OkStatus();
}

std::function<void(size_t, size_t)> StageProgress(const char* stage) {
  struct State {
    std::mutex mutex;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last{};
  };
  auto state = std::make_shared<State>();
  return [state, stage](size_t done, size_t total) {
    const std::lock_guard<std::mutex> lock(state->mutex);
    const auto now = std::chrono::steady_clock::now();
    // Callers report from many threads and often: a line a fifth of a second.
    if (done < total && now - state->last < std::chrono::milliseconds(200)) return;
    state->last = now;
    const double share = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
    const double elapsed = std::chrono::duration<double>(now - state->start).count();
    std::string line = absl::StrFormat("%s: %d of %d clusters (%.0f%%)", stage, done, total, 100.0 * share);
    if (share > 0.01 && share < 1.0 && elapsed > 1.0) {
      absl::StrAppendFormat(&line, ", about %.0f s left", elapsed * (1.0 - share) / share);
    }
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
  };
}

uint64_t InputBytes(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;  // stdin: the size is not known
    std::error_code error;
    if (!fs::is_directory(input, error)) {
      const uintmax_t size = fs::file_size(input, error);
      if (!error) total += size;
      continue;
    }
    for (fs::recursive_directory_iterator it(input, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      std::error_code file_error;
      if (!it->is_regular_file(file_error)) continue;
      if (name.ends_with(".txt") || name.ends_with(".html") || name.ends_with(".htm")) {
        const uintmax_t size = it->file_size(file_error);
        if (!file_error) total += size;
      }
    }
  }
  return total;
}

std::string ProgressLine(const Progress& p, uint64_t total_bytes, std::chrono::steady_clock::time_point start) {
  std::string line = absl::StrFormat("%s: %d documents, %.1f MB", p.stage, p.documents, static_cast<double>(p.bytes) / 1e6);
  // Reading is most of a run's time and the only stage whose share is known:
  // bytes read over the inputs' size. Later stages say which one runs.
  if (total_bytes == 0 || std::string_view(p.stage) != "read" || p.bytes == 0) return line;
  const double done = std::min(1.0, static_cast<double>(p.bytes) / static_cast<double>(total_bytes));
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  absl::StrAppendFormat(&line, " of %.1f MB (%.0f%%)", static_cast<double>(total_bytes) / 1e6, 100.0 * done);
  if (done > 0.01 && elapsed > 1.0) {
    const double left = elapsed * (1.0 - done) / done;
    if (left >= 60) {
      absl::StrAppendFormat(&line, ", reading about %.0f min left", left / 60);
    } else {
      absl::StrAppendFormat(&line, ", reading about %.0f s left", left);
    }
  }
  return line;
}

bool ReportProblems(const ClusterRun& run, const EngineFlags& flags) {
  if (!flags.quiet && flags.options.progress) std::fprintf(stderr, "\r\033[K");
  constexpr size_t kShown = 100;
  // The same message on many lines of one file (every record lacks the text
  // field) is one problem: its first few lines, then a count.
  constexpr size_t kShownPerMessage = 3;
  absl::flat_hash_map<std::pair<std::string_view, std::string_view>, size_t> index;
  std::vector<std::pair<const InputProblem*, size_t>> counts;  // in order of first appearance
  size_t shown = 0, folded = 0;
  for (const InputProblem& p : run.problems) {
    const auto [it, inserted] = index.try_emplace(std::pair<std::string_view, std::string_view>(p.file, p.message),
                                                  counts.size());
    if (inserted) counts.emplace_back(&p, 0);
    if (++counts[it->second].second > kShownPerMessage) {
      ++folded;
      continue;
    }
    if (shown++ >= kShown) continue;
    // File names and messages carry bytes from the input (ids, field values,
    // names found in a directory): escape them so that they cannot drive the
    // terminal (ESC sequences, BEL, carriage returns that overwrite a line).
    std::fprintf(stderr, "%s:%llu: %s: %s\n", EscapeForTerminal(p.file).c_str(),
                 static_cast<unsigned long long>(p.line), p.record_skipped ? "error" : "warning",
                 EscapeForTerminal(p.message).c_str());
  }
  for (const auto& [p, count] : counts) {
    if (count <= kShownPerMessage) continue;
    std::fprintf(stderr, "%s: ... and %zu more lines with: %s\n", EscapeForTerminal(p->file).c_str(),
                 count - kShownPerMessage, EscapeForTerminal(p->message).c_str());
  }
  if (shown > kShown) {
    std::fprintf(stderr, "... and %zu more problems%s\n", shown - kShown,
                 flags.problems_file.empty() ? " (use --problems FILE to list them all)" : "");
  } else if (folded > 0 && flags.problems_file.empty()) {
    std::fprintf(stderr, "(use --problems FILE to list every problem)\n");
  }
  return flags.problems_file.empty() || WriteProblemsFile(run, flags.problems_file);
}

bool WriteProblemsFile(const ClusterRun& run, const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    std::fprintf(stderr, "error: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  std::string line;
  for (const InputProblem& p : run.problems) {
    line = "{\"file\":";
    AppendJsonString(&line, p.file);
    absl::StrAppendFormat(&line, ",\"line\":%d,\"severity\":\"%s\",\"message\":", p.line,
                          p.record_skipped ? "error" : "warning");
    AppendJsonString(&line, p.message);
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), f);
  }
  return std::fclose(f) == 0;
}

bool HadInputFailure(const ClusterRun& run) {
  for (const InputProblem& p : run.problems) {
    if (p.input_failure) return true;
  }
  return false;
}

bool StrictFailure(const ClusterRun& run, const EngineFlags& flags) {
  if (!flags.strict) return false;
  if (run.summary.bad_records > 0 || HadInputFailure(run)) return true;
  // A field that no record has changes what is compared without a bad record.
  for (const InputProblem& p : run.problems) {
    if (p.schema) return true;
  }
  return false;
}

std::string StrictReason(const ClusterRun& run) {
  size_t schema = 0;
  for (const InputProblem& p : run.problems) schema += p.schema;
  std::string reason = absl::StrFormat("%d bad records", run.summary.bad_records);
  if (schema > 0) absl::StrAppendFormat(&reason, ", %d field options that name no key of the input", schema);
  return reason;
}

namespace {

// The file a path names: its device and inode when it exists (so that a
// link or another spelling of it is the same file), else its absolute path
// with the links of its directories resolved.
std::string FileIdentity(const std::string& path) {
  namespace fs = std::filesystem;
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return absl::StrCat("inode ", st.st_dev, ":", st.st_ino);
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  const fs::path canonical = fs::weakly_canonical(absolute, error);
  return absl::StrCat("path ", (error ? absolute : canonical).lexically_normal().string());
}

bool IsStdio(const std::string& path) { return path.empty() || path == "-"; }

}  // namespace

absl::Status ValidateOutputPaths(const std::vector<std::string>& outputs, const std::vector<std::string>& reads) {
  namespace fs = std::filesystem;
  auto cannot_write = [](const std::string& path, const std::string& why) {
    return absl::FailedPreconditionError(absl::StrFormat("cannot write %s: %s (nothing was read)",
                                                         EscapeForTerminal(path), EscapeForTerminal(why)));
  };
  absl::flat_hash_map<std::string, const std::string*> read_files;  // identity -> the path as given
  for (const std::string& path : reads) {
    std::error_code error;
    if (!IsStdio(path) && fs::is_regular_file(path, error)) read_files.try_emplace(FileIdentity(path), &path);
  }
  absl::flat_hash_map<std::string, const std::string*> written;
  for (const std::string& path : outputs) {
    if (IsStdio(path)) continue;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    std::string why;
    if (fs::exists(status)) {
      if (fs::is_directory(status)) {
        why = "it is a directory";
      } else if (access(path.c_str(), W_OK) != 0) {
        why = std::strerror(errno);
      }
    } else {
      const fs::path parent = fs::path(path).parent_path();
      const std::string dir = parent.empty() ? "." : parent.string();
      if (!fs::is_directory(dir, error)) {
        why = absl::StrFormat("directory %s does not exist", dir);
      } else if (access(dir.c_str(), W_OK | X_OK) != 0) {
        why = absl::StrFormat("directory %s: %s", dir, std::strerror(errno));
      }
    }
    if (!why.empty()) return cannot_write(path, why);
    if (fs::exists(status) && !fs::is_regular_file(status)) continue;  // /dev/null, a pipe: never clobbered
    const std::string identity = FileIdentity(path);
    if (const auto it = read_files.find(identity); it != read_files.end()) {
      return cannot_write(path, *it->second == path
                                    ? std::string("this run reads it; the output would replace it")
                                    : absl::StrFormat("it is %s, which this run reads; the output would replace it",
                                                      *it->second));
    }
    if (const auto [it, fresh] = written.try_emplace(identity, &path); !fresh) {
      return cannot_write(path, *it->second == path
                                    ? std::string("two outputs name it; only one would stay")
                                    : absl::StrFormat("it is the output %s too; only one would stay", *it->second));
    }
  }
  return absl::OkStatus();
}

bool CheckOutputPaths(const char* tool, const std::vector<std::string>& outputs,
                      const std::vector<std::string>& reads) {
  const absl::Status s = ValidateOutputPaths(outputs, reads);
  if (!s.ok()) std::fprintf(stderr, "%s: %s\n", tool, std::string(s.message()).c_str());
  return s.ok();
}

void PrintSummary(const char* tool, const ClusterRun& run) {
  const RunSummary& s = run.summary;
  const double seconds = s.seconds > 0 ? s.seconds : 1e-9;
  std::fprintf(stderr,
               "%s: %llu documents, %llu clusters, %llu duplicates, %llu bad records, %llu warnings, "
               "%.2f s, %.0f documents/s, %.1f MB/s\n",
               tool, static_cast<unsigned long long>(s.documents), static_cast<unsigned long long>(s.clusters),
               static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.bad_records),
               static_cast<unsigned long long>(s.warnings), s.seconds, static_cast<double>(s.documents) / seconds,
               static_cast<double>(s.bytes) / 1e6 / seconds);
}

void PrintExplain(const ClusterRun& run, const EngineOptions& o) {
  std::fprintf(stderr, "shingles: %d words (%d characters in unspaced scripts); MinHash: %d slots\n",
               o.shingle.word_k, o.shingle.char_k, o.minhash.num_slots);
  std::fprintf(stderr, "%s", ExplainLsh(run.lsh, o.minhash.num_slots).c_str());
  std::fprintf(stderr, "verify: Jaccard >= %.2f, or containment >= %.2f with >= %u shared shingles\n",
               o.verify.jaccard_threshold, o.verify.containment_threshold, o.verify.min_shared);
  if (o.words.enabled) {
    std::fprintf(stderr,
                 "content words: in <= %.0f%% and <= %u documents; edge when >= %.2f of the smaller one's are in the "
                 "other, >= %u shared, sizes within x%.0f, <= %.0f days apart (0 = any); %u rarest offered\n",
                 100.0 * o.words.max_document_share, o.words.max_documents, o.words.containment, o.words.min_shared,
                 o.words.max_size_ratio, o.words.max_days, o.words.rare_words);
  } else {
    std::fprintf(stderr, "content words: off\n");
  }
  std::fprintf(stderr, "pairs: %llu candidates (%llu from LSH, %llu from rare content words), %llu verified\n",
               static_cast<unsigned long long>(run.summary.candidate_pairs),
               static_cast<unsigned long long>(run.summary.shingle_candidate_pairs),
               static_cast<unsigned long long>(run.summary.word_candidate_pairs),
               static_cast<unsigned long long>(run.summary.verified_pairs));
  const double* t = run.summary.stage_seconds;
  std::fprintf(stderr, "seconds: read %.2f, sign %.2f, index %.2f, verify %.2f, cluster %.2f\n", t[0], t[1], t[2],
               t[3], t[4]);
  std::fprintf(stderr, "boilerplate: %llu distinct lines removed", static_cast<unsigned long long>(run.summary.boilerplate_lines));
  if (!o.boilerplate.enabled) std::fprintf(stderr, " (disabled)");
  std::fprintf(stderr, "\n");
  constexpr size_t kShown = 40;
  for (size_t i = 0; i < run.boilerplate.size() && i < kShown; ++i) {
    const BoilerplateLine& b = run.boilerplate[i];
    // Scraped page text, one line of a table: no control reaches the terminal.
    std::fprintf(stderr, "  %5u pages  %-20s  %s\n", b.documents,
                 b.source.empty() ? "(no source)" : PrintableText(b.source).c_str(), PrintableText(b.text).c_str());
  }
  if (run.boilerplate.size() > kShown) std::fprintf(stderr, "  ... and %zu more\n", run.boilerplate.size() - kShown);
  std::fprintf(stderr, "teasers: %llu lines removed (another page's headline, or its cut-off lead, on a page of the "
               "same outlet)%s\n", static_cast<unsigned long long>(run.summary.teaser_lines),
               o.boilerplate.teasers ? "" : " (disabled)");
}

void PrintNotes(const char* tool, const ClusterRun& run, const EngineOptions& options) {
  const RunSummary& s = run.summary;
  if (options.words.enabled && !options.words.same_source && s.unsourced_documents >= 2) {
    std::fprintf(stderr,
                 "%s: note: %llu of %llu documents name no outlet (`source`); they count as one outlet, so content "
                 "words do not link them to each other and rewrites among them are not looked for "
                 "(--source-field names the field; --word-same-source links them anyway)\n",
                 tool, static_cast<unsigned long long>(s.unsourced_documents),
                 static_cast<unsigned long long>(s.documents));
  }
}

std::FILE* OpenOutput(const std::string& path) {
  if (path.empty() || path == "-") return stdout;
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) std::fprintf(stderr, "error: cannot write %s: %s\n", path.c_str(), std::strerror(errno));
  return f;
}

}  // namespace wiretrace::cli
