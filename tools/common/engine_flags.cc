#include "engine_flags.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "wiretrace/json.h"

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
                  "JSONL files (.jsonl, .jsonl.gz, .jsonl.zst), directories of .txt files, or - for stdin")
      ->required();
  cmd->add_option("--threads", o.threads, "worker threads (0 = all cores); output does not depend on it")
      ->capture_default_str();
  cmd->add_flag("--strict", flags->strict, "fail with exit code 2, writing no output, on any bad record");
  cmd->add_flag("-q,--quiet", flags->quiet, "no progress and no summary on stderr");
  cmd->add_option("--problems", flags->problems_file, "write every input problem to FILE (JSON lines)");
  cmd->add_flag("--explain", flags->explain,
                "print the chosen LSH bands and rows, the S-curve, and the lines removed as boilerplate");

  auto* fields = "Input fields";
  cmd->add_option("--id-field", o.ingest.id_field, "JSON field holding the id")->capture_default_str()->group(fields);
  cmd->add_option("--text-field", o.ingest.text_field, "JSON field holding the body")->capture_default_str()->group(fields);
  cmd->add_option("--title-field", o.ingest.title_field, "JSON field holding the title (\"\" = none)")
      ->capture_default_str()->group(fields);
  cmd->add_option("--source-field", o.ingest.source_field, "JSON field holding the outlet")
      ->capture_default_str()->group(fields);
  cmd->add_option("--date-field", o.ingest.date_field, "JSON field holding the ISO 8601 publication time")
      ->capture_default_str()->group(fields);

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
  cmd->add_option("--jaccard", o.verify.jaccard_threshold, "keep a pair whose exact Jaccard reaches this")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--containment", o.verify.containment_threshold,
                  "... or whose smaller document is contained in the larger to this degree")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--min-shared", o.verify.min_shared, "shared shingles a containment pair needs")
      ->capture_default_str()->group(tuning);
  cmd->add_option("--anchor", o.cluster.anchor_containment,
                  "a member must share this much of its text with the cluster's representative")
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
                  "... and only between documents published at most this many days apart (0 = no limit)")
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

void FinishEngineFlags(EngineFlags* flags) {
  EngineOptions& o = flags->options;
  if (flags->no_boilerplate) o.boilerplate.enabled = false;
  if (flags->no_content_words) o.words.enabled = false;
  o.explain = flags->explain;
  if (!flags->quiet && isatty(STDERR_FILENO)) {
    o.progress = [](const Progress& p) {
      std::fprintf(stderr, "\r\033[K%s: %llu documents, %.1f MB", p.stage,
                   static_cast<unsigned long long>(p.documents), static_cast<double>(p.bytes) / 1e6);
      std::fflush(stderr);
    };
  }
}

bool ReportProblems(const ClusterRun& run, const EngineFlags& flags) {
  if (!flags.quiet && flags.options.progress) std::fprintf(stderr, "\r\033[K");
  constexpr size_t kShown = 100;
  for (size_t i = 0; i < run.problems.size() && i < kShown; ++i) {
    const InputProblem& p = run.problems[i];
    // File names and messages carry bytes from the input (ids, field values,
    // names found in a directory): escape them so that they cannot drive the
    // terminal (ESC sequences, BEL, carriage returns that overwrite a line).
    std::fprintf(stderr, "%s:%llu: %s: %s\n", EscapeForTerminal(p.file).c_str(),
                 static_cast<unsigned long long>(p.line), p.record_skipped ? "error" : "warning",
                 EscapeForTerminal(p.message).c_str());
  }
  if (run.problems.size() > kShown) {
    std::fprintf(stderr, "... and %zu more problems%s\n", run.problems.size() - kShown,
                 flags.problems_file.empty() ? " (use --problems FILE to list them all)" : "");
  }
  if (flags.problems_file.empty()) return true;
  std::FILE* f = std::fopen(flags.problems_file.c_str(), "w");
  if (f == nullptr) {
    std::fprintf(stderr, "error: cannot write %s: %s\n", flags.problems_file.c_str(), std::strerror(errno));
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
  return flags.strict && (run.summary.bad_records > 0 || HadInputFailure(run));
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
