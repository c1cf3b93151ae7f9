// Which files of the repository are analysed, and why not the others.
// Walks the root once: honours nested .gitignore files, the default excludes
// (.git, virtualenvs, node_modules, caches, build output) and --exclude globs;
// follows a symlink only when it stays inside the root and does not lead to a
// directory already visited; skips files over the size cap with a diagnostic.
// It lists files; it does not read them (parsing reads each file once).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/expected.h"
#include "analyzer/core/file_stamp.h"

namespace archverify::discover {

struct WalkOptions {
  std::vector<std::string> exclude;         // globs, gitignore syntax, relative to the root
  std::uint64_t max_file_bytes = 2u << 20;  // 2 MiB: Python sources
  // OpenAPI documents (openapi.yaml, swagger.json…) are kept up to the spec
  // loader's own cap: a large API's spec passes 2 MiB long before its code does.
  std::uint64_t max_spec_bytes = std::uint64_t{32} << 20;
  bool use_gitignore = true;
  unsigned jobs = 1;  // threads that ask for the files' status (stat) once they are listed
};

struct RepoFile {
  std::string path;                 // repo-relative, '/' separated
  std::string absolute;             // for reading (a plain string: a std::filesystem::path splits itself into components)
  FileStamp stamp;                  // from the walk's stat (its size is the file's byte count then)
};

struct WalkResult {
  std::filesystem::path root;            // canonical
  std::vector<RepoFile> python_files;    // *.py (and *.pyi excluded), sorted by path
  std::vector<RepoFile> spec_candidates; // openapi/swagger *.json|*.yaml|*.yml, sorted
  std::vector<Diagnostic> diagnostics;   // skipped files and why
  std::int64_t started_ns = 0;           // wall clock before the first stat (nanoseconds since the epoch)
};

// Default directory names never entered.
const std::vector<std::string>& default_excluded_dirs();

// Walks `root`. Errors only when the root itself is unusable; everything
// below it that cannot be read becomes a diagnostic.
Expected<WalkResult> walk_repository(const std::filesystem::path& root, const WalkOptions& options);

}  // namespace archverify::discover
