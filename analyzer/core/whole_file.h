// Reading a whole file with as few system calls as the kernel allows: open,
// fstat, one read asking for the size fstat gave plus one byte (getting
// exactly that size means the file ended there: no second read for EOF),
// close. A file that grew since the fstat, or one whose size is not known up
// front (pipes, /proc), is read on in blocks. On a large repository every source file is read once by the
// extraction and again for the snippets of its findings; the stream and stdio
// paths this replaces made eight system calls per read (two fstats, two
// lseeks, a read for EOF).
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace archverify {

// A byte buffer whose resize leaves new bytes uninitialised (std::string's
// zero-fills them, which C++20 cannot avoid): a file is read straight into it
// without writing every byte twice.
class ByteBuffer {
 public:
  char* data() { return bytes_.get(); }
  const char* data() const { return bytes_.get(); }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {bytes_.get(), size_}; }
  void clear() { size_ = 0; }
  // Keeps the first min(size(), n) bytes.
  void resize(std::size_t n) {
    if (n > capacity_) {
      auto grown = std::make_unique_for_overwrite<char[]>(n);
      if (size_ > 0) std::memcpy(grown.get(), bytes_.get(), size_);
      bytes_ = std::move(grown);
      capacity_ = n;
    }
    size_ = n;
  }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// The whole content of `path` into `out` (replaced); Buffer is std::string or
// ByteBuffer. Returns 0, or the errno of the call that failed (out is then
// left empty).
template <typename Buffer>
int read_whole_file(const char* path, Buffer& out) {
  out.clear();
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  struct stat st {};
  std::size_t want = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) want = static_cast<std::size_t>(st.st_size);
  constexpr std::size_t kBlock = 65536;
  std::size_t got = 0;
  out.resize(want + 1);
  for (;;) {
    if (got == out.size()) out.resize(out.size() + kBlock);
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      out.clear();
      return err;
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
    // The size fstat gave, read with room to spare: the file ended there.
    if (want > 0 && got == want) break;
  }
  ::close(fd);
  out.resize(got);
  return 0;
}

}  // namespace archverify
