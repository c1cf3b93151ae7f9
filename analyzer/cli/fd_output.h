// FdOutput: an ostream onto a file descriptor (standard output) through a
// 64 KiB buffer of its own. A report printed to standard output is written
// as it is rendered, instead of whole from a string: std::cout is synchronised
// with C stdio, so each << to it costs a locked call, and rendering into a
// string first held the whole report at once (13 MB of text for the 28k
// findings of the 1M-line corpus, 30 MiB of peak memory with the string's
// growth). A failed write sets the stream's badbit and keeps its errno.
#pragma once
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <ostream>
#include <streambuf>

namespace archverify::cli {

class FdOutput : public std::ostream {
 public:
  explicit FdOutput(int fd) : std::ostream(&buffer_), buffer_(fd) {}
  // errno of the first failed write; 0 when every write succeeded.
  int error() const { return buffer_.error; }

 private:
  struct Buffer : std::streambuf {
    explicit Buffer(int f) : fd(f) { setp(bytes, bytes + sizeof bytes); }
    int fd;
    int error = 0;
    char bytes[64 << 10];

    // Writes what the buffer holds; false (and error set) when a write failed.
    bool drain() {
      const char* p = pbase();
      std::size_t left = static_cast<std::size_t>(pptr() - pbase());
      while (left > 0 && error == 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          error = n < 0 ? errno : EIO;
          break;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
      }
      setp(bytes, bytes + sizeof bytes);
      return error == 0;
    }
    int_type overflow(int_type c) override {
      if (!drain()) return traits_type::eof();
      if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
      }
      return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }
  };
  Buffer buffer_;
};

}  // namespace archverify::cli
