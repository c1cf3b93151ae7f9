// Phase timings for `--timings`: how long each stage of a run took (walk,
// extraction, every model builder, the spec, rules, reports), printed to
// stderr so users can see where a slow run spends its time. One process-wide
// recorder, off unless the CLI enables it; a disabled ScopedPhase costs one
// atomic load. Thread-safe: builders and rules record from worker threads.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace archverify {

class PhaseTimings {
 public:
  struct Entry {
    std::string name;
    double started = 0;  // seconds since the recorder was enabled
    double seconds = 0;
    int depth = 0;
    long rss_kib = -1;  // resident set size when the phase ended (Linux), -1 unknown
  };

  static PhaseTimings& instance() {
    static PhaseTimings recorder;
    return recorder;
  }
  void enable() {
    origin_ = std::chrono::steady_clock::now();
    enabled_.store(true, std::memory_order_relaxed);
  }
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  double now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - origin_).count(); }
  void record(std::string name, double started, double seconds, int depth) {
    const long rss = resident_kib();
    std::lock_guard lock(mutex_);
    entries_.push_back(Entry{std::move(name), started, seconds, depth, rss});
  }
  // Current resident set size in KiB from /proc/self/statm, or -1.
  static long resident_kib() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return -1;
    long pages_total = 0, pages_resident = -1;
    if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = -1;
    std::fclose(f);
    return pages_resident < 0 ? -1 : pages_resident * 4;  // 4 KiB pages
  }
  std::vector<Entry> entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
  }
  // A line printed under the table (counts that explain the times).
  void note(std::string text) {
    std::lock_guard lock(mutex_);
    notes_.push_back(std::move(text));
  }
  // A table in start order: phase, start offset, duration; steps indented.
  void print(std::ostream& out) const {
    auto list = entries();
    std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) { return a.started < b.started; });
    out << "archverify: timings (wall seconds; steps of a phase are indented, parallel ones overlap;\n"
           "            rss = resident memory when the phase ended)\n";
    char line[160];
    for (const Entry& e : list) {
      std::string name(static_cast<std::size_t>(e.depth) * 2, ' ');
      name += e.name;
      if (e.rss_kib >= 0)
        std::snprintf(line, sizeof line, "  %-36s start %8.3f  took %8.3f  rss %7.1f MiB\n", name.c_str(), e.started,
                      e.seconds, static_cast<double>(e.rss_kib) / 1024.0);
      else
        std::snprintf(line, sizeof line, "  %-36s start %8.3f  took %8.3f\n", name.c_str(), e.started, e.seconds);
      out << line;
    }
    std::lock_guard lock(mutex_);
    for (const std::string& n : notes_) out << "  " << n << "\n";
  }

 private:
  std::atomic<bool> enabled_{false};
  std::chrono::steady_clock::time_point origin_{};
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::vector<std::string> notes_;
};

// Times the enclosing scope as one phase. depth indents the phase under its
// parent in the printout (1 = a step of a top-level phase).
class ScopedPhase {
 public:
  explicit ScopedPhase(std::string_view name, int depth = 0) : name_(name), depth_(depth) {
    if (PhaseTimings::instance().enabled()) started_ = PhaseTimings::instance().now();
  }
  ~ScopedPhase() {
    if (started_ >= 0) {
      auto& t = PhaseTimings::instance();
      t.record(std::string(name_), started_, t.now() - started_, depth_);
    }
  }
  ScopedPhase(const ScopedPhase&) = delete;
  ScopedPhase& operator=(const ScopedPhase&) = delete;

 private:
  std::string_view name_;
  int depth_;
  double started_ = -1;
};

}  // namespace archverify
