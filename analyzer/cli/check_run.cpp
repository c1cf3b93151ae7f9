// The default command's pipeline from resolved config to a scored Report.
#include "analyzer/cli/check_run.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "analyzer/core/phase_timings.h"

#include "analyzer/cli/allocator_policy.h"
#include "analyzer/cli/progress_line.h"
#include "analyzer/engine/baseline.h"
#include "analyzer/engine/finish.h"
#include "analyzer/engine/runner.h"
#include "analyzer/engine/scoring.h"
#include "archverify_version.h"
#include "rules/all_rules.h"

namespace archverify::cli {

namespace {

engine::SelectionRequest selection_from(const genome::EffectiveConfig& eff) {
  engine::SelectionRequest req;
  req.select = eff.select.value;
  req.ignore = eff.ignore.value;
  for (const auto& r : eff.rules) req.overrides[r.rule_id] = r.severity ? std::string(to_string(*r.severity)) : "off";
  return req;
}

// The model (every file's lowered syntax: millions of small allocations on a
// large repository) lives until the process exits, which returns its memory at
// once; freeing it piece by piece first costs ~5% of a warm run for nothing.
// The pointer stays reachable from here, so leak checkers do not report it.
void keep_until_exit(std::unique_ptr<model::RepoModel> model) {
  static auto* const kept = new std::vector<model::RepoModel*>();  // never destroyed, on purpose
  kept->push_back(model.release());
}

}  // namespace

CheckRun run_analysis(const CliOptions& options, bool apply_baseline) {
  CheckRun out;
  auto started = std::chrono::steady_clock::now();
  std::optional<ScopedPhase> phase(std::in_place, "config and genome");
  RunConfigResult resolved = resolve_run_config(options, /*cache_documents=*/true);
  if (!resolved.config) {
    out.exit_code = report_config_errors(resolved.errors);
    return out;
  }
  const RunConfig& rc = *resolved.config;

  auto all_rules = rules::make_all_rules();
  auto selected = engine::select_rules(all_rules, selection_from(rc.effective));
  if (!selected) {
    out.exit_code = report_config_errors({"archverify: " + selected.error().message});
    return out;
  }
  std::optional<engine::Baseline> baseline;
  if (apply_baseline && options.baseline) {
    auto loaded = engine::load_baseline(*options.baseline);
    if (!loaded) {
      out.exit_code = report_config_errors({*options.baseline + ": " + loaded.error().message});
      return out;
    }
    baseline = std::move(*loaded);
  }

  phase.reset();
  Progress progress;
  pipeline::AnalyzeOptions analyze_options = rc.analyze;
  analyze_options.progress = &progress;
  analyze_options.on_extracted = shorten_freed_memory_delay;
  std::optional<ProgressLine> progress_line;
  progress_line.emplace(progress, should_show_progress(options.quiet));
  auto analysis = pipeline::analyze_repository(rc.root, analyze_options);
  if (!analysis) {
    out.exit_code = report_config_errors({"archverify: " + analysis.error().message});
    return out;
  }
  const model::RepoModel& model = *analysis->model;
  engine::RuleInput input{model, rc.genome ? &*rc.genome : nullptr};
  phase.emplace("rules");
  engine::RuleRun run = engine::run_rules(all_rules, *selected, input, analyze_options.jobs);
  // GitHub's line hashes appear only in the JSON and SARIF reports.
  const bool line_hashes = std::any_of(options.outputs.begin(), options.outputs.end(), [](const OutputSpec& o) {
    return o.format == "json" || o.format == "sarif";
  });
  {
    ScopedPhase t("snippets and fingerprints", 1);
    engine::finish_findings(run.findings, model, analysis->root, line_hashes, analyze_options.jobs);
  }
  phase.reset();
  progress_line.reset();  // the report follows on a clean line

  Report& report = out.report;
  if (baseline) {
    report.fixed = engine::apply_baseline(run.findings, *baseline);
    report.baseline_used = true;
  }
  std::vector<engine::RuleTally> tallies;
  for (std::size_t i = 0; i < run.metas.size(); ++i)
    tallies.push_back(engine::make_tally(run.metas[i], run.stats[i].checks, run.severities[i]));
  engine::ScoringConfig scoring;
  for (std::size_t c = 0; c < kAllCategories.size(); ++c) scoring.weights.set(kAllCategories[c], rc.effective.weights[c].value);
  scoring.threshold = rc.effective.threshold.value;
  scoring.fail_on = rc.effective.fail_on.value;
  report.score = engine::compute_score(tallies, run.findings, scoring);
  report.rule_stats = engine::rule_stats(tallies, run.findings);
  report.tool_version = kToolVersion;
  report.grammar_version = kGrammarVersion;
  report.repo_name = model.root_name;
  report.rules = std::move(run.metas);
  report.findings = std::move(run.findings);
  report.diagnostics = model.diagnostics;
  for (const Diagnostic& d : rc.warnings) report.diagnostics.push_back(d);
  std::sort(report.diagnostics.begin(), report.diagnostics.end());
  report.stats = analysis->stats;
  report.include_run_metadata = options.include_run_metadata;
  report.stats.duration_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.exit_code = report.score.passed ? 0 : 1;
  out.jobs = analyze_options.jobs;
  keep_until_exit(std::move(analysis->model));
  return out;
}

}  // namespace archverify::cli
