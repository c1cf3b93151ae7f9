// The text/binary/UTF-8 checks applied to every source file before parsing:
// the word-at-a-time ASCII fast path must give the same verdict as a byte scan
// wherever the offending byte sits (inside a word, in the tail, at the ends).
// And the one-read file reading under it: exact content at every size around
// its read boundaries, files without a known size, errors by errno, and a
// reused buffer holding each file alone.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include "analyzer/core/whole_file.h"
#include "analyzer/parse/source_text.h"

using archverify::parse::count_lines;
using archverify::parse::why_not_text;

TEST_CASE("plain ASCII and valid UTF-8 are text", "[source_text]") {
  CHECK(why_not_text("").empty());
  CHECK(why_not_text("x = 1\n").empty());
  CHECK(why_not_text(std::string(1000, 'a') + "\n").empty());
  CHECK(why_not_text("name = \"caf\xC3\xA9\"  # \xE2\x82\xAC \xF0\x9F\x98\x80\n").empty());
  CHECK(why_not_text(std::string(13, 'a') + "\xC3\xA9" + std::string(9, 'b')).empty());
}

TEST_CASE("a NUL byte anywhere is binary content", "[source_text]") {
  for (std::size_t len : {1u, 7u, 8u, 9u, 16u, 17u, 64u})
    for (std::size_t at = 0; at < len; ++at) {
      std::string s(len, 'a');
      s[at] = '\0';
      INFO("length " << len << ", NUL at " << at);
      CHECK(why_not_text(s) == "binary content (NUL byte)");
    }
  // after an invalid UTF-8 byte, the NUL still decides
  CHECK(why_not_text(std::string("ab\xFF") + std::string(20, 'c') + '\0') == "binary content (NUL byte)");
}

TEST_CASE("invalid UTF-8 is refused with the offset of the first bad byte", "[source_text]") {
  for (std::size_t at : {0u, 3u, 7u, 8u, 15u, 16u, 23u}) {
    std::string s(24, 'a');
    s[at] = '\xFF';
    INFO("bad byte at " << at);
    CHECK(why_not_text(s) == "not valid UTF-8 (first bad byte at offset " + std::to_string(at) + ")");
  }
  CHECK(why_not_text("abcdefghij\xC0\xAF") == "not valid UTF-8 (first bad byte at offset 10)");  // overlong '/'
  CHECK(why_not_text("abcdefghij\xED\xA0\x80") == "not valid UTF-8 (first bad byte at offset 10)");  // surrogate
  CHECK(why_not_text("abcdefghij\xE2\x82") == "not valid UTF-8 (first bad byte at offset 10)");  // truncated
  CHECK(why_not_text("abcdefghij\xF4\x90\x80\x80") == "not valid UTF-8 (first bad byte at offset 10)");  // > U+10FFFF
}

TEST_CASE("lines are counted as an editor counts them", "[source_text]") {
  CHECK(count_lines("") == 0);
  CHECK(count_lines("a") == 1);
  CHECK(count_lines("a\n") == 1);
  CHECK(count_lines("a\nb") == 2);
  CHECK(count_lines("\n\n") == 2);
}

namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& content) {
  auto p = std::filesystem::temp_directory_path() / ("av_source_text_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

}  // namespace

TEST_CASE("a whole file is read exactly, whatever its size", "[source_text]") {
  archverify::ByteBuffer bytes;  // the buffer that skips zero-filling, reused across sizes
  for (std::size_t size : {0u, 1u, 4095u, 300000u, 4096u, 65535u, 65536u, 65537u, 2u}) {
    std::string content(size, 'x');
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>('a' + i % 26);
    auto p = write_temp("size", content);
    std::string got = "stale";
    CHECK(archverify::read_whole_file(p.c_str(), got) == 0);
    CHECK(got == content);
    CHECK(archverify::read_whole_file(p.c_str(), bytes) == 0);
    CHECK(bytes.view() == content);
    std::filesystem::remove(p);
  }
}

TEST_CASE("a file without a known size is read to its end", "[source_text]") {
  // /proc files report size 0 but have content.
  std::string got;
  REQUIRE(archverify::read_whole_file("/proc/self/status", got) == 0);
  CHECK(got.find("Name:") == 0);
  CHECK(got.back() == '\n');
  archverify::ByteBuffer bytes;  // grows block by block, keeping what it read
  REQUIRE(archverify::read_whole_file("/proc/self/status", bytes) == 0);
  CHECK(bytes.view().find("Name:") == 0);
  CHECK(bytes.view().back() == '\n');
}

TEST_CASE("unreadable paths give their errno and an empty result", "[source_text]") {
  std::string got = "stale";
  CHECK(archverify::read_whole_file("/nonexistent/av/file.py", got) == ENOENT);
  CHECK(got.empty());
  got = "stale";
  CHECK(archverify::read_whole_file(std::filesystem::temp_directory_path().c_str(), got) == EISDIR);
  CHECK(got.empty());
  auto missing = archverify::parse::read_source_bytes("/nonexistent/av/file.py");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message == "cannot read: No such file or directory");
}

TEST_CASE("source reading drops a UTF-8 byte-order mark and nothing else", "[source_text]") {
  auto p = write_temp("bom", "\xEF\xBB\xBFx = 1\n");
  auto text = archverify::parse::read_source_bytes(p);
  REQUIRE(text);
  CHECK(*text == "x = 1\n");
  std::filesystem::remove(p);
  auto q = write_temp("nobom", "\xEF\xBBx");
  auto raw = archverify::parse::read_source_bytes(q);
  REQUIRE(raw);
  CHECK(*raw == "\xEF\xBBx");
  // Into one buffer reused for both files, the smaller second: each view is that file's text alone.
  archverify::ByteBuffer buffer;
  auto long_text = write_temp("bom_long", "\xEF\xBB\xBF" + std::string(5000, 'a') + "\n");
  auto first = archverify::parse::read_source_bytes(long_text, buffer);
  REQUIRE(first);
  CHECK(*first == std::string(5000, 'a') + "\n");
  auto second = archverify::parse::read_source_bytes(q, buffer);
  REQUIRE(second);
  CHECK(*second == "\xEF\xBBx");
  auto gone = archverify::parse::read_source_bytes("/nonexistent/av/file.py", buffer);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().message == "cannot read: No such file or directory");
  std::filesystem::remove(long_text);
  std::filesystem::remove(q);
}
