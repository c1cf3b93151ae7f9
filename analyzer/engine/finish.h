// The finishing steps that need the analysed sources: each finding gets its
// source snippet, GitHub's primaryLocationLineHash for its line and our
// location-independent fingerprint (rule, file, enclosing function, normalised
// flagged code). Reads each file that has findings once.
#pragma once
#include <filesystem>
#include <vector>

#include "analyzer/core/finding.h"
#include "analyzer/model/repo_model.h"

namespace archverify::engine {

// `findings` must already be in report order (fingerprint occurrence indices follow it).
// `line_hashes`: compute GitHub's line hash (Finding::line_hash); only the JSON
// and SARIF reports show it, and it costs a hash of every file with findings.
// Files are finished on up to `jobs` threads; the result does not depend on it.
void finish_findings(std::vector<Finding>& findings, const model::RepoModel& model, const std::filesystem::path& root,
                     bool line_hashes = true, unsigned jobs = 1);

// Qualified name of the innermost function of `file` containing `pos`, or "".
std::string enclosing_function(const model::FileFacts& file, Position pos);

}  // namespace archverify::engine
