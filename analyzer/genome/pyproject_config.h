// `[tool.archverify]` in pyproject.toml (read with toml++): genome path,
// threshold, exclude globs, select/ignore rule codes, jobs and fail_on, each
// with the position it was written at. Unknown keys, wrong types and bad
// values are positioned ConfigErrors like the genome's. A pyproject.toml
// without the table gives an empty config; a missing file is the caller's
// business. It deliberately reads nothing else from pyproject.toml.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/genome/genome.h"

namespace archverify::genome {

struct PyprojectConfig {
  std::string path;   // as displayed
  bool has_table = false;  // [tool.archverify] present
  std::optional<Located<std::string>> genome;
  std::optional<Located<double>> threshold;
  std::optional<Located<std::vector<GlobPattern>>> exclude;
  std::optional<Located<std::vector<std::string>>> select;  // rule codes or prefixes ("TEN", "TEN001", "ALL")
  std::optional<Located<std::vector<std::string>>> ignore;
  std::optional<Located<int>> jobs;
  std::optional<Located<std::optional<Severity>>> fail_on;  // inner nullopt = "none"
};

struct PyprojectLoad {
  std::optional<PyprojectConfig> config;  // set when there were no errors
  std::vector<Diagnostic> diagnostics;
};

inline constexpr std::size_t kMaxPyprojectBytes = std::size_t{4} << 20;

PyprojectLoad load_pyproject(const std::filesystem::path& file, std::string display_path = {});
PyprojectLoad parse_pyproject(std::string_view text, std::string display_path);

// The keys [tool.archverify] accepts.
const std::vector<std::string_view>& pyproject_keys();

}  // namespace archverify::genome
