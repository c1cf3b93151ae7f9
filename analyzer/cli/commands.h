// The subcommands, each in its own file, and what they share.
#pragma once
#include <string_view>

#include "analyzer/cli/cli_options.h"
#include "analyzer/pipeline/analyze_repo.h"

namespace archverify::cli {

// Walk + extract + resolve with the walk/extraction options of the command line.
Expected<pipeline::Analysis> analyze(const CliOptions& options);

int run_inspect(const CliOptions& options);
int run_check(const CliOptions& options);
int run_rules_list(const CliOptions& options);
int run_baseline_create(const CliOptions& options);
int run_config(const CliOptions& options);
int run_explain(const CliOptions& options);
int run_completion(const CliOptions& options);
int run_init(const CliOptions& options);

// "archverify: cannot write WHAT: reason" on stderr, the reason from `error`
// (an errno value; 0 when the library did not say why, and none is printed).
void print_cannot_write(std::string_view what, int error);

}  // namespace archverify::cli
