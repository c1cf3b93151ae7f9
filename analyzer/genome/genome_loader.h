// Loading a genome file (YAML, or JSON) into a typed Genome. Every problem is a
// positioned ConfigError Diagnostic ("what is wrong; expected …"), and all of a
// file's problems are reported in one go; `genome` is set only when there were
// none. Bad input (empty, oversized, non-UTF-8, tab-indented, alias bombs,
// JSON with trailing commas) is an error, never a crash or a hang. A missing
// genome is the caller's business (no genome = defaults + inference).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/genome/genome.h"

namespace archverify::document {
class TreeMemo;
}

namespace archverify::genome {

inline constexpr int kGenomeVersion = 1;
inline constexpr std::size_t kMaxGenomeBytes = std::size_t{1} << 20;  // 1 MiB

struct GenomeLoad {
  std::optional<Genome> genome;
  std::vector<Diagnostic> diagnostics;  // sorted by position
};

// `display_path` is how the file is named in diagnostics (repo-relative); defaults to `file`.
// With `memo`, the parsed YAML tree comes from it when it has this text's (document.h).
GenomeLoad load_genome(const std::filesystem::path& file, std::string display_path = {},
                       const document::TreeMemo* memo = nullptr);
GenomeLoad parse_genome(std::string text, std::string display_path);

// "path:line:column: message" (or "path: message" for file-level problems).
std::string format_diagnostic(const Diagnostic& d);

}  // namespace archverify::genome
