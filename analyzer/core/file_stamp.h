// What a stat call says about a file that changes whenever its content can
// have changed: size, modification and status-change times (nanoseconds),
// inode and device. The facts cache records a file's stamp next to its content
// hash, so an unchanged stamp lets a warm run skip reading the file (as git's
// index does); any difference, even a chmod or a copy, makes the run read the
// file and hash it again. Stamps taken too close to the run that records them
// are not trusted (see facts_pack.h): a write in the same clock tick as the
// stat would leave the stamp unchanged.
#pragma once
#include <sys/stat.h>

#include <cstdint>
#include <ctime>

namespace archverify {

struct FileStamp {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t inode = 0;
  std::uint64_t device = 0;
  bool operator==(const FileStamp&) const = default;
  // The later of the two times: a stamp is trusted only when this is older
  // than the recording run's start by a safe margin.
  std::int64_t newest_ns() const { return mtime_ns > ctime_ns ? mtime_ns : ctime_ns; }
};

inline std::int64_t nanoseconds(const struct timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

inline FileStamp file_stamp(const struct stat& st) {
  return FileStamp{static_cast<std::uint64_t>(st.st_size), nanoseconds(st.st_mtim), nanoseconds(st.st_ctim),
                   static_cast<std::uint64_t>(st.st_ino), static_cast<std::uint64_t>(st.st_dev)};
}

// The wall clock as file times count it (nanoseconds since the epoch).
inline std::int64_t wall_clock_ns() {
  struct timespec t {};
  ::clock_gettime(CLOCK_REALTIME, &t);
  return nanoseconds(t);
}

}  // namespace archverify
