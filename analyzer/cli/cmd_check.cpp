// `archverify [PATH]`: the default command (analysis, rules, score, reports, gate).
#include <iostream>

#include "analyzer/cli/commands.h"

namespace archverify::cli {

int run_check(const CliOptions& options) {
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
