// RunConfig: the command line resolved against pyproject.toml and the genome
// (ripgrep's "high-level args"). resolve_run_config reads those files; every
// error is collected so the user sees all of them at once, then the command
// exits 2. Everything after this receives `const RunConfig&`.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/cli_options.h"
#include "analyzer/core/diagnostic.h"
#include "analyzer/genome/effective_config.h"
#include "analyzer/genome/genome.h"
#include "analyzer/pipeline/analyze_repo.h"

namespace archverify::cli {

struct RunConfig {
  std::filesystem::path root;                 // as given
  std::optional<genome::Genome> genome;       // absent: no genome file (defaults and inference apply)
  std::string genome_display;                 // repo-relative or as given
  genome::EffectiveConfig effective;
  pipeline::AnalyzeOptions analyze;
  std::vector<Diagnostic> warnings;           // non-fatal config diagnostics (reported with the run)
};

struct RunConfigResult {
  std::optional<RunConfig> config;
  std::vector<std::string> errors;            // formatted "file:line:col: message"; non-empty → exit 2
};

// With `cache_documents`, the genome's parsed tree is read from and kept in
// the facts cache (unless --no-cache): for runs that analyse, not for
// commands that only show the configuration.
RunConfigResult resolve_run_config(const CliOptions& options, bool cache_documents = false);

// Prints errors to stderr in the house format; returns 2.
int report_config_errors(const std::vector<std::string>& errors);

}  // namespace archverify::cli
