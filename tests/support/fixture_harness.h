// The annotated-fixture harness (Semgrep style). A fixture is a mini-repo in
// fixtures/rules/<CODE>[_variant]/. In its Python files, `# ruleid: CODE`
// expects a finding of CODE on the next non-comment line and `# ok: CODE`
// expects none there; `# todoruleid:` / `# todook:` record known gaps without
// failing. Findings in non-Python files (specs, genome, migrations' data) are
// listed in `expected.yaml` ({findings: [{rule, path, line}]}). Only the rule
// named by the directory runs (plus SUP rules for SUP fixtures), with the
// fixture's own archverify.yaml when present. Strict both ways: any other
// finding of the rule is a false positive, any unmatched `ruleid` a false negative.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/core/finding.h"

namespace archverify::testing {

struct FixtureOutcome {
  std::vector<std::string> unexpected_findings;  // "path:line CODE message"
  std::vector<std::string> missing_findings;     // "path:line CODE (annotation at line N)"
  std::vector<std::string> errors;               // harness or pipeline problems
  int expected_count = 0;
  int ok_count = 0;
  std::string describe() const;
};

// fixtures/rules/* directories, sorted.
std::vector<std::filesystem::path> fixture_dirs(const std::filesystem::path& root);
// "TEN001" for ".../TEN001_flask".
std::string rule_code_of(const std::filesystem::path& dir);
FixtureOutcome run_fixture(const std::filesystem::path& dir);

// Runs the rule `code` alone on `dir` with the directory's archverify.yaml (its
// openapi.path names the spec to load); harness problems go to `errors`.
std::vector<Finding> run_rule_on(const std::filesystem::path& dir, const std::string& code, std::vector<std::string>& errors);

}  // namespace archverify::testing
