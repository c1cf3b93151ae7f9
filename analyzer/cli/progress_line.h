// The progress line: "parsing 1234/5678 files (950 files/s)" on stderr while a
// run takes longer than about a second. Only on a terminal; never in CI (the
// CI environment variable) or with --quiet. Cleared when the run finishes.
#pragma once
#include <atomic>
#include <thread>

#include "analyzer/core/progress.h"

namespace archverify::cli {

class ProgressLine {
 public:
  // Starts showing `progress` when `enabled` (see should_show_progress).
  ProgressLine(const Progress& progress, bool enabled);
  ~ProgressLine();  // stops and clears the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

 private:
  const Progress& progress_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  bool drew_ = false;
};

bool should_show_progress(bool quiet);

}  // namespace archverify::cli
