// Report: the complete result of a run as one value. Reporters are pure
// functions of it; nothing in it is absolute or time-dependent unless the user
// asked for run metadata.
#pragma once
#include <string>
#include <vector>

#include "diagnostic.h"
#include "finding.h"
#include "rule_meta.h"
#include "score.h"

namespace archverify {

struct RuleStats {
  std::string rule_id;
  long checks = 0;
  long failures = 0;
};

struct RunStats {
  long files = 0;           // Python files analysed
  long lines = 0;
  long parse_errors = 0;    // files with syntax errors
  long skipped_files = 0;
  long cached_files = 0;    // files whose facts came from the cache (run metadata)
  double duration_seconds = 0;  // rendered only with run metadata
};

struct Report {
  std::string tool_version;
  std::string grammar_version;
  std::string repo_name;          // basename of the analysed root
  std::vector<RuleMeta> rules;    // every rule that ran, sorted by id
  std::vector<RuleStats> rule_stats;
  std::vector<Finding> findings;  // sorted by (path, line, column, rule id)
  std::vector<Finding> fixed;     // baseline entries no longer found
  std::vector<Diagnostic> diagnostics;
  Score score;
  RunStats stats;
  bool include_run_metadata = false;
  bool baseline_used = false;
};

}  // namespace archverify
