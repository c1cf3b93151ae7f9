// `archverify [PATH]`: the default command — analysis, rules, score, reports, gate.
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/engine/runner.h"
#include "analyzer/extract/extract_files.h"
#include "rules/all_rules.h"

namespace archverify::cli {

int run_parse_only(const CliOptions& options) {
  discover::WalkOptions walk;
  walk.exclude = options.exclude;
  walk.max_file_bytes = options.max_file_size;
  walk.use_gitignore = !options.no_gitignore;
  auto files = discover::walk_repository(options.path, walk);
  if (!files) {
    std::cerr << "archverify: " << files.error().message << "\n";
    return 2;
  }
  std::size_t parsed = extract::parse_only(files->python_files, options.jobs);
  std::cout << "parsed " << parsed << " of " << files->python_files.size() << " Python files\n";
  return 0;
}

int run_check(const CliOptions& options) {
  if (options.parse_only) return run_parse_only(options);
  auto all_rules = rules::make_all_rules();
  engine::SelectionRequest request;
  request.select = options.select;
  request.ignore = options.ignore;
  auto selected = engine::select_rules(all_rules, request);
  if (!selected) {
    std::cerr << "archverify: " << selected.error().message << "\n";
    return 2;
  }
  auto analysis = analyze(options);
  if (!analysis) {
    std::cerr << "archverify: " << analysis.error().message << "\n";
    return 2;
  }
  engine::RuleInput input{*analysis->model, nullptr};
  engine::RuleRun run = engine::run_rules(all_rules, *selected, input);

  // Provisional rendering and gate until the reporters and scoring land.
  std::optional<Severity> fail_on = options.fail_on ? parse_severity(*options.fail_on) : std::nullopt;
  bool failed = false;
  for (const Finding& f : run.findings) {
    if (!f.counts_for_score()) continue;
    std::cout << f.where.path << ":" << f.where.begin.line << ":" << f.where.begin.column << " " << f.rule_id << " ["
              << to_string(f.severity) << "] " << f.message << "\n";
    if (fail_on && f.severity >= *fail_on) failed = true;
  }
  const auto& s = analysis->stats;
  std::cout << analysis->model->root_name << ": " << s.files << " Python files, " << s.lines << " lines, "
            << s.parse_errors << " with syntax errors, " << s.skipped_files << " skipped\n";
  return failed ? 1 : 0;
}

}  // namespace archverify::cli
