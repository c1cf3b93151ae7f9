// The progress line (see progress_line.h).
#include "analyzer/cli/progress_line.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace archverify::cli {

bool should_show_progress(bool quiet) {
  if (quiet) return false;
  const char* ci = std::getenv("CI");
  if (ci && *ci) return false;
  return ::isatty(STDERR_FILENO) == 1;
}

ProgressLine::ProgressLine(const Progress& progress, bool enabled) : progress_(progress) {
  if (!enabled) return;
  thread_ = std::thread([this] {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      double elapsed = std::chrono::duration<double>(clock::now() - start).count();
      if (elapsed < 1.0 || stop_) continue;
      std::size_t done = progress_.done, total = progress_.total;
      std::fprintf(stderr, "\r\033[Kparsing %zu/%zu files (%.0f files/s)", done, total, done / elapsed);
      std::fflush(stderr);
      drew_ = true;
      if (total && done >= total) {
        std::fprintf(stderr, "\r\033[Kresolving and checking %zu files…", total);
        std::fflush(stderr);
        while (!stop_) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });
}

ProgressLine::~ProgressLine() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (drew_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace archverify::cli
