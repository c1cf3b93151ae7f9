// `archverify [PATH]`: the default command — analysis, rules, score, reports, gate.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "analyzer/cli/check_run.h"
#include "analyzer/cli/commands.h"
#include "analyzer/cli/fd_output.h"
#include "analyzer/core/parallel_for.h"
#include "analyzer/core/phase_timings.h"
#include "analyzer/engine/baseline.h"
#include "analyzer/extract/extract_files.h"
#include "reporters/github_summary.h"
#include "reporters/registry.h"

namespace archverify::cli {

namespace {

int run_parse_only(const CliOptions& options) {
  discover::WalkOptions walk;
  walk.exclude = options.exclude;
  walk.max_file_bytes = options.max_file_size;
  walk.use_gitignore = !options.no_gitignore;
  auto files = discover::walk_repository(options.path, walk);
  if (!files) {
    std::cerr << "archverify: " << files.error().message << "\n";
    return 2;
  }
  std::size_t parsed = extract::parse_only(files->python_files, options.jobs);
  std::cout << "parsed " << parsed << " of " << files->python_files.size() << " Python files\n";
  return 0;
}

bool is_stdout(const OutputSpec& spec) { return spec.path.empty() || spec.path == "-"; }

bool use_color(const CliOptions& o, bool to_stdout) {
  if (o.color == "always") return true;
  if (o.color == "never" || !to_stdout) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

// Renders and writes the reports that go to files, on all threads at once,
// each by one thread into its own file (a CI run asks for SARIF, JSON and the
// GitHub annotations: 82 MB on the 1M-line corpus). One file named twice
// (also as "./r.json" and "r.json", or through a link) is written in order,
// as the options say, so the last one wins. Returns, per output, the errno of
// a file that could not be written (errno is per thread: each keeps its own
// until the caller names the failures, in output order).
std::vector<std::optional<int>> write_report_files(const Report& report, const std::vector<OutputSpec>& outputs,
                                                   const std::vector<std::unique_ptr<reporters::Reporter>>& reporters,
                                                   unsigned jobs) {
  std::vector<std::size_t> files;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (is_stdout(outputs[i])) continue;
    files.push_back(i);
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::weakly_canonical(outputs[i].path, ec);
    paths.push_back(ec ? outputs[i].path : p.string());
  }
  std::sort(paths.begin(), paths.end());
  const bool distinct = std::adjacent_find(paths.begin(), paths.end()) == paths.end();
  std::vector<std::optional<int>> errors(outputs.size());
  for_each_index(files.size(), distinct ? jobs : 1, [&](std::size_t k) {
    const std::size_t i = files[k];
    errno = 0;
    std::ofstream file(outputs[i].path, std::ios::binary);
    if (file) reporters[i]->write(report, file);
    if (!file || !file.flush()) errors[i] = errno;
  });
  return errors;
}

int run_check_and_report(const CliOptions& options) {
  CheckRun run = run_analysis(options, /*apply_baseline=*/true);
  if (run.exit_code >= 2) return run.exit_code;

  std::optional<ScopedPhase> phase(std::in_place, "reports");
  std::vector<OutputSpec> outputs = options.outputs;
  if (outputs.empty()) outputs.push_back(OutputSpec{"text", ""});
  // A report that cannot be written (a missing folder, a full disk, a closed
  // stdout) is named on stderr and makes the exit status 2, but the other
  // reports are still written.
  bool all_written = true;
  auto cannot_write = [&all_written](std::string_view what, int error) {
    print_cannot_write(what, error);  // error: errno of the failed open or write, when the library says why
    all_written = false;
  };
  std::vector<std::unique_ptr<reporters::Reporter>> reporters;
  std::vector<reporters::ReporterOptions> reporter_options;
  for (const OutputSpec& spec : outputs) {
    reporters::ReporterOptions ro;
    ro.color = spec.format == "text" && use_color(options, is_stdout(spec));
    reporters.push_back(reporters::make_reporter(spec.format, ro));
    reporter_options.push_back(ro);
    if (!reporters.back()) {
      std::cerr << "archverify: unknown format '" << spec.format << "'\n";
      return 2;
    }
  }
  const std::vector<std::optional<int>> file_errors = write_report_files(run.report, outputs, reporters, run.jobs);
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const OutputSpec& spec = outputs[i];
    if (is_stdout(spec)) {
      // Written as it is rendered, through a buffer of its own (fd_output.h),
      // after whatever std::cout or C stdio still hold.
      std::cout.flush();
      std::fflush(stdout);
      FdOutput out(STDOUT_FILENO);
      reporters[i]->write(run.report, out);
      if (!out.flush() || out.error() != 0) cannot_write("the " + spec.format + " report to standard output", out.error());
    } else if (file_errors[i]) {
      cannot_write(spec.path, *file_errors[i]);
    }
    if (spec.format == "github") {
      if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
        errno = 0;
        std::ofstream out(summary, std::ios::app);
        if (out) reporters::write_github_summary(run.report, reporter_options[i], out);
        if (!out || !out.flush()) cannot_write(std::string("the step summary ") + summary, errno);
      }
    }
  }
  if (!all_written) return 2;
  return run.exit_code;
}

}  // namespace

void print_cannot_write(std::string_view what, int error) {
  std::cerr << "archverify: cannot write " << what;
  if (error != 0) std::cerr << ": " << std::strerror(error);
  std::cerr << "\n";
}

int run_check(const CliOptions& options) {
  if (options.parse_only) return run_parse_only(options);
  if (options.timings) PhaseTimings::instance().enable();
  int status = 0;
  {
    ScopedPhase total("total");
    status = run_check_and_report(options);
  }
  if (options.timings) PhaseTimings::instance().print(std::cerr);
  return status;
}

int run_baseline_create(const CliOptions& options) {
  CheckRun run = run_analysis(options, /*apply_baseline=*/false);
  if (run.exit_code >= 2) return run.exit_code;
  std::string file = options.output_file.empty() ? (std::filesystem::path(options.path) / ".archverify-baseline.json").string()
                                                 : options.output_file;
  engine::Baseline baseline = engine::make_baseline(run.report.findings);
  if (auto err = engine::save_baseline(baseline, file)) {
    std::cerr << "archverify: " << err->message << "\n";
    return 2;
  }
  std::size_t counted = 0;
  for (const Finding& f : run.report.findings) counted += f.suppression == SuppressionKind::None ? 1 : 0;
  std::cout << "wrote " << file << " with " << counted << " finding" << (counted == 1 ? "" : "s")
            << "; run with --baseline " << file << " to count only new ones\n";
  return 0;
}

int run_config(const CliOptions& options) {
  RunConfigResult resolved = resolve_run_config(options);
  if (!resolved.config) return report_config_errors(resolved.errors);
  if (options.json) std::cout << genome::render_config_json(resolved.config->effective) << "\n";
  else genome::render_config_text(resolved.config->effective, std::cout);
  return 0;
}

}  // namespace archverify::cli
