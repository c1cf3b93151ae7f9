// One analysis of a repository up to the finished symbol model: walk →
// parallel extraction → cross-file resolution. Input problems (skipped files,
// syntax errors) are collected as diagnostics on the model; only an unusable
// root is an error.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "analyzer/core/expected.h"
#include "analyzer/core/progress.h"
#include "analyzer/core/report.h"
#include "analyzer/discover/repo_walker.h"
#include "analyzer/model/repo_model.h"

namespace archverify::document {
class TreeMemo;
}

namespace archverify::pipeline {

struct AnalyzeOptions {
  discover::WalkOptions walk;
  unsigned jobs = 0;  // 0 = number of cores
  // The committed OpenAPI document: this repo-relative path when set (a missing
  // file is a diagnostic), else the first of openapi.{yaml,yml,json} and
  // docs/openapi.{yaml,yml,json} that the walk found; none when disabled.
  std::optional<std::string> spec_path;
  bool load_spec = true;
  // The per-file facts cache: off unless asked for (the CLI turns it on; tests
  // leave it off so fixtures stay untouched). cache_dir defaults to
  // ROOT/.archverify_cache.
  bool use_cache = false;
  std::optional<std::filesystem::path> cache_dir;
  Progress* progress = nullptr;  // optional: counts parsed files for a progress display
  // Optional: called once every file is extracted, before cross-file
  // resolution (the CLI changes its allocator's policy there).
  void (*on_extracted)() = nullptr;
};

struct Analysis {
  std::unique_ptr<model::RepoModel> model;
  std::filesystem::path root;                       // canonical
  std::vector<discover::RepoFile> spec_candidates;  // openapi*/swagger* files found by the walk
  RunStats stats;
};

Expected<Analysis> analyze_repository(const std::filesystem::path& root, const AnalyzeOptions& options);

// Parsed YAML trees of configuration documents (the genome) kept in the facts
// cache these options name for the repository at `root`, so a run whose
// genome did not change skips libyaml; null when the cache is off. Entries
// are keyed by the content hash of the parsed text and the depth limit.
std::unique_ptr<document::TreeMemo> open_document_memo(const std::filesystem::path& root,
                                                       const AnalyzeOptions& options);

}  // namespace archverify::pipeline
