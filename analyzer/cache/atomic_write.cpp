// Temporary names and whole writes for the cache's atomic files (see atomic_write.h).
#include "analyzer/cache/atomic_write.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <thread>

namespace archverify::cache {

std::string unique_temp_path(const std::string& target) {
  // Unique per process, thread and write (plus a random salt, for processes in
  // other PID namespaces sharing the folder): writers never share a temp file.
  static const std::uint64_t salt = std::random_device{}();
  static std::atomic<std::uint64_t> writes{0};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(salt ^ std::hash<std::thread::id>{}(std::this_thread::get_id())));
  return target + ".tmp." + std::to_string(::getpid()) + "." + hex + "." + std::to_string(writes++);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool is_temp_name(std::string_view name) { return name.find(".tmp.") != std::string_view::npos; }

}  // namespace archverify::cache
