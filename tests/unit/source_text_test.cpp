// The text/binary/UTF-8 checks applied to every source file before parsing:
// the word-at-a-time ASCII fast path must give the same verdict as a byte scan
// wherever the offending byte sits (inside a word, in the tail, at the ends).
#include <catch2/catch.hpp>

#include <string>

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
