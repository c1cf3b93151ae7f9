// `archverify [PATH]`: the default command (analysis, rules, score, reports, gate).
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/extract/extract_files.h"

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
  auto analysis = analyze(options);
  if (!analysis) {
    std::cerr << "archverify: " << analysis.error().message << "\n";
    return 2;
  }
  const auto& s = analysis->stats;
  std::cout << analysis->model->root_name << ": " << s.files << " Python files, " << s.lines << " lines, "
            << s.parse_errors << " with syntax errors, " << s.skipped_files << " skipped\n";
  return 0;
}

}  // namespace archverify::cli
