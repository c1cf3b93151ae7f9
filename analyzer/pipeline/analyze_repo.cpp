// The analysis pipeline up to the model (see analyze_repo.h).
#include "analyzer/pipeline/analyze_repo.h"

#include <algorithm>

#include "analyzer/extract/extract_files.h"
#include "analyzer/resolve/build_model.h"

namespace archverify::pipeline {

Expected<Analysis> analyze_repository(const std::filesystem::path& root, const AnalyzeOptions& options) {
  auto walk = discover::walk_repository(root, options.walk);
  if (!walk) return walk.error();
  extract::ExtractResult extracted = extract::extract_files(walk->python_files, options.jobs);

  Analysis analysis;
  analysis.root = walk->root;
  analysis.spec_candidates = std::move(walk->spec_candidates);
  analysis.stats.files = static_cast<long>(extracted.files.size());
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
  for (Diagnostic& d : diagnostics) analysis.model->diagnostics.push_back(std::move(d));
  std::sort(analysis.model->diagnostics.begin(), analysis.model->diagnostics.end());
  return analysis;
}

}  // namespace archverify::pipeline
