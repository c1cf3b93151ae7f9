// Reads, parses and lowers every Python file of the walk on a fixed pool of
// worker threads (one tree-sitter parser each), handing out the largest files
// first. Results come back in path order whatever the thread count, so later
// stages are deterministic. Unreadable, binary and non-UTF-8 files become
// SkippedFile diagnostics; files with syntax errors are kept (lowered as far as
// the tree allows) and listed with their first error position. With a facts
// cache, a file whose stamp (from the walk) the cache's pack records is not
// read at all; any other file is read once, its content hash picks the cached
// facts, and only misses are parsed (and then stored).
#pragma once
#include <vector>

#include "analyzer/cache/facts_cache.h"

#include "analyzer/core/diagnostic.h"
#include "analyzer/core/progress.h"
#include "analyzer/discover/repo_walker.h"
#include "analyzer/model/syntax.h"

namespace archverify::extract {

struct ExtractResult {
  std::vector<model::FileFacts> files;     // path order
  std::vector<Diagnostic> diagnostics;     // path order
  long cache_hits = 0;                     // files whose facts came from the cache
  long stamp_hits = 0;                     // of those, taken by an unchanged stat stamp (the source not read)
  long parsed = 0;                         // files parsed and lowered
  cache::FactsCache::RunOutcome cache_run; // what the cache did at the end of the run
};

// jobs == 0 means "number of cores". `cache` may be null (no caching);
// `progress`, when given, counts files as they finish. `stats_since_ns`: the
// wall clock before the files' stamps were taken (WalkResult::started_ns; 0
// means now), which bounds the stamps the cache may trust later.
ExtractResult extract_files(const std::vector<discover::RepoFile>& files, unsigned jobs,
                            cache::FactsCache* cache = nullptr, Progress* progress = nullptr,
                            std::int64_t stats_since_ns = 0);

// The parse-only baseline for benchmarks: read + tree-sitter parse, nothing else.
// Returns the number of files parsed.
std::size_t parse_only(const std::vector<discover::RepoFile>& files, unsigned jobs);

}  // namespace archverify::extract
