// The analysis pipeline up to the model (see analyze_repo.h).
#include "analyzer/pipeline/analyze_repo.h"

#include <algorithm>
#include <thread>

#include "analyzer/core/phase_timings.h"
#include "analyzer/document/document.h"

#include "analyzer/extract/extract_files.h"
#include "analyzer/openapi/openapi_loader.h"
#include "analyzer/openapi/spec_codec.h"
#include "analyzer/parse/source_text.h"
#include "analyzer/resolve/build_model.h"
#include "archverify_version.h"

namespace archverify::pipeline {

namespace {

static_assert(discover::WalkOptions{}.max_spec_bytes == openapi::kMaxSpecBytes,
              "the walk keeps the OpenAPI documents the loader accepts");

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

// The OpenAPI document, from the cache when its content (and display path)
// was loaded before: parsing a large YAML spec costs as much as resolving a
// mid-sized repository, and it rarely changes.
openapi::SpecLoad load_spec(const std::filesystem::path& file, const std::string& display,
                            const cache::FactsCache* facts_cache) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (!facts_cache || ec || size > openapi::kMaxSpecBytes) return openapi::load_openapi(file, display);
  auto bytes = parse::read_source_bytes(file);
  if (!bytes) return openapi::load_openapi(file, display);
  const cache::ContentHash key = cache::hash_content(display + '\0' + *bytes);
  if (auto payload = facts_cache->load_blob("spec", key))
    if (auto cached = openapi::decode_spec_load(*payload)) return std::move(*cached);
  openapi::SpecLoad load = openapi::parse_openapi(std::move(*bytes), display);
  facts_cache->store_blob("spec", key, openapi::encode_spec_load(load));
  return load;
}

// What produced the cached facts: a new build never reads an old build's entries.
std::string cache_versions() { return std::string("archverify ") + kToolVersion + " (" + kGrammarVersion + ")"; }

class CachedTrees final : public document::TreeMemo {
 public:
  explicit CachedTrees(std::filesystem::path dir) : cache_(std::move(dir), cache_versions()) {}

  std::unique_ptr<document::YamlTree> find(std::string_view text, std::size_t max_depth) const override {
    auto payload = cache_.load_blob(kind(), key(text, max_depth));
    return payload ? document::YamlTree::decode(*payload) : nullptr;
  }
  void keep(std::string_view text, std::size_t max_depth, const document::YamlTree& tree) const override {
    cache_.store_blob(kind(), key(text, max_depth), tree.encode());
  }

 private:
  static std::string kind() { return "yaml" + std::to_string(document::YamlTree::kEncodingVersion); }
  static cache::ContentHash key(std::string_view text, std::size_t max_depth) {
    std::string keyed = std::to_string(max_depth);
    keyed += '\0';
    keyed += text;
    return cache::hash_content(keyed);
  }
  cache::FactsCache cache_;
};

// For --timings: how the files' facts were obtained, and what the cache did
// with its pack. The line to read when a warm run is slower than expected.
std::string facts_note(const extract::ExtractResult& extracted, std::size_t python_files, bool cache_on) {
  const auto files = static_cast<long>(python_files);
  std::string how = "facts of " + std::to_string(files) + " Python files: ";
  if (!cache_on) {
    how += std::to_string(extracted.parsed) + " parsed (cache off)";
  } else {
    how += std::to_string(extracted.cache_hits) + " from the cache (" + std::to_string(extracted.stamp_hits) +
           " by unchanged stat stamp, " + std::to_string(extracted.cache_hits - extracted.stamp_hits) +
           " by content hash), " + std::to_string(extracted.parsed) + " parsed";
  }
  const long skipped = files - extracted.cache_hits - extracted.parsed;
  if (skipped > 0) how += ", " + std::to_string(skipped) + " skipped";
  if (!cache_on) return how;
  const cache::FactsCache::RunOutcome& run = extracted.cache_run;
  auto files_were = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " file was" : " files were"); };
  how += run.pack_written ? "; pack written" : "; pack kept";
  if (run.uncovered > 0)
    how += " (" + files_were(run.uncovered) + (run.uncovered == 1 ? " not in it at its stamp)" : " not in it at their stamps)");
  if (run.too_fresh > 0)
    how += "; " + files_were(run.too_fresh) + " changed less than " +
           std::to_string(cache::FactsCache::kStampMarginNs / 1'000'000'000) + " s before the run: stamps not recorded";
  return how;
}

}  // namespace

std::unique_ptr<document::TreeMemo> open_document_memo(const std::filesystem::path& root,
                                                       const AnalyzeOptions& options) {
  if (!options.use_cache) return nullptr;
  return std::make_unique<CachedTrees>(options.cache_dir.value_or(root / cache::kDefaultCacheDirName));
}

Expected<Analysis> analyze_repository(const std::filesystem::path& root, const AnalyzeOptions& options) {
  ScopedPhase phase("analysis");
  std::optional<ScopedPhase> step(std::in_place, "walk", 1);
  const unsigned jobs = options.jobs == 0 ? std::thread::hardware_concurrency() : options.jobs;
  discover::WalkOptions walk_options = options.walk;
  walk_options.jobs = jobs;
  auto walk = discover::walk_repository(root, walk_options);
  if (!walk) return walk.error();
  std::optional<cache::FactsCache> facts_cache;
  if (options.use_cache)
    facts_cache.emplace(options.cache_dir.value_or(walk->root / cache::kDefaultCacheDirName), cache_versions());
  step.emplace("extract (read, parse or cache)", 1);
  extract::ExtractResult extracted =
      extract::extract_files(walk->python_files, options.jobs, facts_cache ? &*facts_cache : nullptr, options.progress,
                             walk->started_ns);

  Analysis analysis;
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
  step.reset();
  if (PhaseTimings::instance().enabled())
    PhaseTimings::instance().note(facts_note(extracted, walk->python_files.size(), facts_cache.has_value()));
  if (options.on_extracted) options.on_extracted();
  std::string name = walk->root.filename().string();
  analysis.model = resolve::build_model(name, std::move(extracted.files), jobs);
  if (auto spec = choose_spec(options, analysis.spec_candidates)) {
    std::error_code ec;
    if (!std::filesystem::exists(analysis.root / *spec, ec)) {
      diagnostics.push_back(Diagnostic{DiagnosticKind::ConfigError, SourceRange{*spec, {}, {}},
                                       "OpenAPI document not found (named by the genome's openapi.path)"});
    } else {
      ScopedPhase spec_phase("openapi spec", 1);
      openapi::SpecLoad load = load_spec(analysis.root / *spec, *spec, facts_cache ? &*facts_cache : nullptr);
      analysis.model->spec = std::move(load.spec);
      for (Diagnostic& d : load.diagnostics) diagnostics.push_back(std::move(d));
    }
  }
  for (Diagnostic& d : diagnostics) analysis.model->diagnostics.push_back(std::move(d));
  std::sort(analysis.model->diagnostics.begin(), analysis.model->diagnostics.end());
  return analysis;
}

}  // namespace archverify::pipeline
