// wiretrace._wiretrace: the C++ half of the Python module. python/wiretrace/
// __init__.py turns records into JSON lines and keyword arguments into the
// CLI's flags; here the flags are parsed by the tools' own definitions
// (tools/common/engine_flags.h, job_flags.h), so that a bad option gets the
// CLI's message, and the job runs through the public API
// (include/wiretrace/wiretrace.h) with the GIL released. What comes back is
// the text the CLI writes, which __init__.py reads as lists of dicts.
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "engine_flags.h"
#include "job_flags.h"
#include "pybind11/pybind11.h"
#include "pybind11/stl.h"
#include "wiretrace/wiretrace.h"

namespace py = pybind11;

namespace wiretrace::python {
namespace {

// The name of the in-memory input made of a call's dicts: problems are
// reported as "<records>:N", N the record's position (1-based).
constexpr const char kRecordsName[] = "<records>";

struct Job {
  std::string name;                // "cluster", "provenance" or "dedupe"
  std::vector<std::string> argv;   // the CLI's flags, then the inputs
  std::string records;             // JSON lines of the dicts, for the input kRecordsName
  bool has_records = false;
};

struct JobResult {
  int error = 0;           // the CLI's exit code: 1 usage (ValueError), 2 input or data (InputError)
  std::string message;     // the CLI's message for the error
  std::string output;      // cluster, provenance: the lines; dedupe: DUPS
  std::string kept;        // dedupe: KEPT
  int64_t batch = 0;       // dedupe: the batch's number in the store
  bool replayed = false;   // dedupe: a batch committed before
  std::vector<InputProblem> problems;
};

const char* ToolName(const std::string& job) {
  return job == "provenance" ? "wiretrace-provenance" : job == "dedupe" ? "wiretrace dedupe" : "wiretrace cluster";
}

JobResult Fail(int code, std::string message) {
  JobResult r;
  r.error = code;
  r.message = std::move(message);
  return r;
}

JobResult FailStatus(const Job& job, const absl::Status& s) {
  return Fail(cli::ExitCodeFor(s), absl::StrCat(ToolName(job.name), ": ", s.message()));
}

// Registers the engine's flags and the job's own (`add_job_flags`, may be
// empty), parses job.argv as the CLI does and finishes the engine's flags.
// False with *failure set as the CLI would end: CLI11's message (the line
// the CLI prints) and exit 1 on a bad option, exit 2 for an --agencies file
// that cannot be read.
bool ParseFlags(const Job& job, cli::EngineFlags* flags, const std::function<void(CLI::App*)>& add_job_flags,
                JobResult* failure) {
  CLI::App app{"wiretrace." + job.name};
  cli::AddEngineFlags(&app, flags);
  if (add_job_flags) add_job_flags(&app);
  std::vector<const char*> args = {"wiretrace"};
  for (const std::string& a : job.argv) args.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp&) {
    *failure = Fail(1, app.help());  // help=True: the options, as `--help` lists them
    return false;
  } catch (const CLI::ParseError& e) {
    *failure = Fail(1, e.what());
    return false;
  }
  if (absl::Status s = cli::FinishEngineFlags(flags); !s.ok()) {
    *failure = FailStatus(job, s);
    return false;
  }
  return true;
}

std::vector<Input> Inputs(const Job& job, const std::vector<std::string>& names) {
  std::vector<Input> inputs;
  for (const std::string& name : names) {
    inputs.push_back(job.has_records && name == kRecordsName ? Input::Lines(name, job.records) : Input::File(name));
  }
  return inputs;
}

// The checks the CLI makes once the run is done: --problems FILE, --strict,
// an input that could not be read. Empty when the results stand.
JobResult CheckRun(const Job& job, const ClusterRun& run, const cli::EngineFlags& flags) {
  if (!flags.problems_file.empty() && !cli::WriteProblemsFile(run, flags.problems_file)) {
    return Fail(2, absl::StrCat(ToolName(job.name), ": cannot write ", flags.problems_file));
  }
  if (cli::StrictFailure(run, flags)) {
    return Fail(2, absl::StrCat(ToolName(job.name), ": --strict: ", cli::StrictReason(run), "; no output written"));
  }
  std::string failures;
  for (const InputProblem& p : run.problems) {
    if (p.input_failure) absl::StrAppend(&failures, failures.empty() ? "" : "; ", p.file, ": ", p.message);
  }
  if (!failures.empty()) return Fail(2, absl::StrCat(ToolName(job.name), ": ", failures));
  return JobResult{};
}

JobResult RunClusterJob(const Job& job) {
  cli::EngineFlags flags;
  JobResult r;
  if (!ParseFlags(job, &flags, nullptr, &r)) return r;
  if (absl::Status s = cli::ValidateOutputPaths({flags.problems_file}, flags.inputs); !s.ok()) {
    return Fail(2, absl::StrCat(ToolName(job.name), ": ", s.message()));
  }
  absl::StatusOr<ClusterRun> run = Cluster(Inputs(job, flags.inputs), flags.options);
  if (!run.ok()) return FailStatus(job, run.status());
  r = CheckRun(job, *run, flags);
  if (r.error == 0) r.output = FormatClusters(*run);
  r.problems = std::move(run->problems);
  return r;
}

JobResult RunProvenanceJob(const Job& job) {
  cli::EngineFlags flags;
  cli::ProvenanceJobFlags prov_flags;
  JobResult r;
  if (!ParseFlags(job, &flags, [&](CLI::App* app) { cli::AddProvenanceJobFlags(app, &prov_flags); }, &r)) return r;
  if (absl::Status s = cli::FinishProvenanceJobFlags(&prov_flags, flags.options); !s.ok()) return FailStatus(job, s);
  ClusterLabels labels;
  if (!prov_flags.clusters.empty()) {
    absl::StatusOr<ClusterLabels> read = ReadPredictedClusters(prov_flags.clusters);
    if (!read.ok()) return Fail(2, absl::StrCat(ToolName(job.name), ": ", read.status().message()));
    labels = *std::move(read);
  }
  absl::StatusOr<std::unique_ptr<Store>> store = cli::OpenProvenanceStore(prov_flags);
  if (!store.ok()) return Fail(2, absl::StrCat(ToolName(job.name), ": ", store.status().message()));
  absl::StatusOr<ProvenanceRun> prov = Provenance(Inputs(job, flags.inputs), flags.options, prov_flags.options,
                                                  prov_flags.clusters.empty() ? nullptr : &labels, store->get());
  if (!prov.ok()) return FailStatus(job, prov.status());
  r = CheckRun(job, prov->run, flags);
  if (r.error == 0) r.output = FormatProvenance(prov->run, prov->result, ProvenanceFormat::kJsonl, prov_flags.options);
  r.problems = std::move(prov->run.problems);
  return r;
}

// Unlike the CLI, which commits only after KEPT and DUPS are synced to disk,
// this commits as soon as the outputs are in memory: they are handed to the
// caller, and should the caller lose them, a rerun of the same batch is a
// replay that returns them again without touching the store.
JobResult RunDedupeJob(const Job& job) {
  cli::EngineFlags flags;
  cli::DedupeJobFlags dedupe_flags;
  JobResult r;
  if (!ParseFlags(job, &flags, [&](CLI::App* app) { cli::AddDedupeJobFlags(app, &dedupe_flags); }, &r)) return r;
  absl::StatusOr<DedupeOptions> options = cli::MakeDedupeOptions(dedupe_flags, flags.options);
  if (!options.ok()) return Fail(1, absl::StrCat(ToolName(job.name), ": ", options.status().message()));
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(dedupe_flags.store, cli::MakeStoreOptions(dedupe_flags));
  if (!store.ok()) return FailStatus(job, store.status());
  absl::StatusOr<DedupeRun> run = Dedupe(Inputs(job, flags.inputs), *options, store->get());
  if (!run.ok()) return FailStatus(job, run.status());
  ClusterRun report;  // the checks read only the problems and the bad-record count
  report.problems = run->problems;
  report.summary.bad_records = run->summary.bad_records;
  r = CheckRun(job, report, flags);
  if (r.error == 0 && !run->replayed) {
    if (absl::Status s = (*store)->CommitBatch(run->commit); !s.ok()) {
      return Fail(2, absl::StrCat(ToolName(job.name), ": commit to ", dedupe_flags.store, " failed: ", s.message()));
    }
  }
  if (r.error == 0) {
    r.kept = KeptOutput(*run);
    r.output = std::move(run->duplicates);
    r.batch = run->batch;
    r.replayed = run->replayed;
  }
  r.problems = std::move(run->problems);
  return r;
}

py::dict Run(const std::string& name, std::vector<std::string> argv, py::object records) {
  Job job;
  job.name = name;
  job.argv = std::move(argv);
  if (!records.is_none()) {
    job.records = records.cast<std::string>();  // bytes: copied while the GIL is held
    job.has_records = true;
  }
  JobResult r;
  {
    py::gil_scoped_release release;
    r = name == "cluster" ? RunClusterJob(job) : name == "provenance" ? RunProvenanceJob(job) : RunDedupeJob(job);
  }
  py::dict out;
  out["error"] = r.error;
  out["message"] = r.message;
  out["output"] = py::bytes(r.output);
  out["kept"] = py::bytes(r.kept);
  out["batch"] = r.batch;
  out["replayed"] = r.replayed;
  py::list problems;
  for (const InputProblem& p : r.problems) {
    problems.append(py::make_tuple(p.file, p.line, p.record_skipped ? "error" : "warning", p.message));
  }
  out["problems"] = problems;
  return out;
}

}  // namespace
}  // namespace wiretrace::python

PYBIND11_MODULE(_wiretrace, m) {
  m.doc() = "wiretrace's C++ engine; use the functions of the wiretrace package.";
  m.attr("__version__") = wiretrace::kVersion;
  m.attr("RECORDS_NAME") = wiretrace::python::kRecordsName;
  m.def("run", &wiretrace::python::Run, py::arg("job"), py::arg("argv"), py::arg("records"),
        "Runs job (cluster, provenance, dedupe) with the CLI's flags argv; records: JSON lines (bytes) or None.");
}
