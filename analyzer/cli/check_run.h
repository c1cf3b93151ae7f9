// One full analysis as the default command and `baseline create` need it:
// resolved config → model → selected rules → suppressions → snippets and
// fingerprints → baseline → score, assembled into a Report.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "analyzer/cli/run_config.h"
#include "analyzer/core/report.h"

namespace archverify::cli {

struct CheckRun {
  Report report;
  int exit_code = 0;  // 0 pass, 1 gate failed; 2 = config error (errors printed)
  unsigned jobs = 1;  // the effective thread count (flag, pyproject, genome or cores)
};

// `apply_baseline`: honour --baseline (the default command); off for `baseline create`.
CheckRun run_analysis(const CliOptions& options, bool apply_baseline);

}  // namespace archverify::cli
