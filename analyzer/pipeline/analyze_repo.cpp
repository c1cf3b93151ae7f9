// The analysis pipeline up to the model (see analyze_repo.h).
#include "analyzer/pipeline/analyze_repo.h"

#include <algorithm>

#include "analyzer/extract/extract_files.h"
#include "analyzer/openapi/openapi_loader.h"
#include "analyzer/resolve/build_model.h"
#include "archverify_version.h"

namespace archverify::pipeline {

namespace {

// Which spec file to load, per AnalyzeOptions::spec_path.
std::optional<std::string> choose_spec(const AnalyzeOptions& options, const std::vector<discover::RepoFile>& candidates) {
  if (!options.load_spec) return std::nullopt;
  if (options.spec_path) return options.spec_path;
  for (const char* name : {"openapi.yaml", "openapi.yml", "openapi.json", "docs/openapi.yaml", "docs/openapi.yml",
                           "docs/openapi.json"})
    for (const auto& c : candidates)
      if (c.path == name) return c.path;
  return std::nullopt;
}

}  // namespace

Expected<Analysis> analyze_repository(const std::filesystem::path& root, const AnalyzeOptions& options) {
  auto walk = discover::walk_repository(root, options.walk);
  if (!walk) return walk.error();
  std::optional<cache::FactsCache> facts_cache;
  if (options.use_cache)
    facts_cache.emplace(options.cache_dir.value_or(walk->root / cache::kDefaultCacheDirName),
                        std::string("archverify ") + kToolVersion + " (" + kGrammarVersion + ")");
  extract::ExtractResult extracted =
      extract::extract_files(walk->python_files, options.jobs, facts_cache ? &*facts_cache : nullptr, options.progress);

  Analysis analysis;
  analysis.cache_hits = extracted.cache_hits;
  analysis.root = walk->root;
  analysis.spec_candidates = std::move(walk->spec_candidates);
  analysis.stats.files = static_cast<long>(extracted.files.size());
  analysis.stats.cached_files = extracted.cache_hits;
  for (const auto& f : extracted.files) {
    analysis.stats.lines += f.line_count;
    if (!f.syntax_errors.empty()) ++analysis.stats.parse_errors;
  }
  std::vector<Diagnostic> diagnostics = std::move(walk->diagnostics);
  for (Diagnostic& d : extracted.diagnostics) diagnostics.push_back(std::move(d));
  analysis.stats.skipped_files = static_cast<long>(std::count_if(
      diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.kind == DiagnosticKind::SkippedFile; }));
  std::string name = walk->root.filename().string();
  analysis.model = resolve::build_model(name, std::move(extracted.files));
  if (auto spec = choose_spec(options, analysis.spec_candidates)) {
    std::error_code ec;
    if (!std::filesystem::exists(analysis.root / *spec, ec)) {
      diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, SourceRange{*spec, {}, {}},
                                       "OpenAPI document not found (named by the genome's openapi.path)"});
    } else {
      openapi::SpecLoad load = openapi::load_openapi(analysis.root / *spec, *spec);
      analysis.model->spec = std::move(load.spec);
      for (Diagnostic& d : load.diagnostics) diagnostics.push_back(std::move(d));
    }
  }
  for (Diagnostic& d : diagnostics) analysis.model->diagnostics.push_back(std::move(d));
  std::sort(analysis.model->diagnostics.begin(), analysis.model->diagnostics.end());
  return analysis;
}

}  // namespace archverify::pipeline
