// FdOutput: what is streamed arrives whole and in order across its buffer's
// boundaries, and a failed write is reported with its errno.
#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>
#include <thread>

#include "analyzer/cli/fd_output.h"

using archverify::cli::FdOutput;

TEST_CASE("FdOutput delivers everything streamed, across many buffer fills", "[cli][fd_output]") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::string received;
  std::thread reader([&] {
    char chunk[4096];
    for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) received.append(chunk, static_cast<std::size_t>(n));
  });
  std::string sent;
  {
    FdOutput out(fds[1]);
    for (int i = 0; i < 20000; ++i) {  // ~600 KB: about ten fills of the 64 KiB buffer
      const std::string line = "finding " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 37), 'x') + "\n";
      out << line;
      sent += line;
      if (i % 5000 == 0) {
        out.put('!');  // one character at a time too
        sent += '!';
      }
    }
    CHECK(out.flush());
    CHECK(out.error() == 0);
  }
  ::close(fds[1]);
  reader.join();
  ::close(fds[0]);
  CHECK(received.size() == sent.size());
  CHECK(received == sent);
}

TEST_CASE("FdOutput reports a failed write with its errno", "[cli][fd_output]") {
  const int full = ::open("/dev/full", O_WRONLY);
  if (full < 0) return;  // not on this system: nothing to check
  FdOutput out(full);
  out << std::string(100000, 'x');  // more than the buffer: written before the flush
  CHECK_FALSE(out.flush());
  CHECK(out.error() == ENOSPC);
  ::close(full);
}
