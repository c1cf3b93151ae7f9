// core/ascii.h: lower-casing touches A–Z only (bytes past 0x7F and
// punctuation stay as they are), is_ascii sees a high byte wherever it is,
// iequals compares lengths first, and a
// WordSet finds a word at any position, also when several words share a first
// byte, a word overlaps the end of the text, or the text is empty; the
// answers agree with a plain substring search over generated names.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/ascii.h"

namespace ascii = archverify::ascii;

TEST_CASE("lower-casing changes A-Z and nothing else", "[ascii]") {
  CHECK(ascii::lowered("Get_Current_USER") == "get_current_user");
  CHECK(ascii::lowered("@[`{Zz09") == "@[`{zz09");  // the bytes around 'A'..'Z' stay
  const std::string utf8 = "\xC3\x89T\xC3\xA9";        // "ÉTé": only the ASCII T changes
  CHECK(ascii::lowered(utf8) == "\xC3\x89t\xC3\xA9");
  CHECK(ascii::lowered("") == "");
  CHECK(ascii::iequals("Users", "uSERS"));
  CHECK_FALSE(ascii::iequals("user", "users"));
  CHECK_FALSE(ascii::iequals("user_", "user@"));
  CHECK(ascii::iequals("", ""));
}

TEST_CASE("is_ascii finds a high byte at any position and length", "[ascii]") {
  for (std::size_t length = 0; length <= 20; ++length) {
    std::string text(length, 'a');
    CHECK(ascii::is_ascii(text));
    for (std::size_t at = 0; at < length; ++at) {  // in a whole eight-byte word and in the tail
      std::string marked = text;
      marked[at] = '\x80';
      INFO("length " << length << " high byte at " << at);
      CHECK_FALSE(ascii::is_ascii(marked));
    }
  }
  CHECK_FALSE(ascii::is_ascii("caf\xc3\xa9"));
  CHECK(ascii::is_ascii(std::string_view("\x7f\x00", 2)));
}

TEST_CASE("a Lowered copy is the lowered text at every length", "[ascii]") {
  for (std::size_t n : {0u, 1u, 127u, 128u, 129u, 1000u}) {
    std::string name;
    for (std::size_t i = 0; i < n; ++i) name += static_cast<char>(i % 3 == 0 ? 'A' + i % 26 : 'a' + i % 26);
    const ascii::Lowered copy(name);
    INFO(n);
    CHECK(copy.view() == ascii::lowered(name));
    CHECK(copy.view().size() == n);
  }
}

TEST_CASE("a word set finds words anywhere, sharing first bytes", "[ascii]") {
  const ascii::WordSet words = {"login", "logout", "log", "token", "sso"};
  CHECK(words.found_in("login"));
  CHECK(words.found_in("user_logout"));
  CHECK(words.found_in("refresh_token"));
  CHECK(words.found_in("xlogx"));  // the shortest of the 'l' words
  CHECK(words.found_in("sso"));
  CHECK_FALSE(words.found_in("ss"));      // a word longer than what is left
  CHECK_FALSE(words.found_in("tokeN"));   // byte-exact: callers lower-case first
  CHECK_FALSE(words.found_in(""));
  CHECK_FALSE(words.found_in("lo"));
  const ascii::WordSet none = {};
  CHECK_FALSE(none.found_in("anything"));
}

TEST_CASE("a word set agrees with substring search", "[ascii]") {
  const std::vector<std::string_view> list = {"api_key", "apikey", "reset", "file", "share", "verif", "ab", "b"};
  const ascii::WordSet words = {"api_key", "apikey", "reset", "file", "share", "verif", "ab", "b"};
  const std::string alphabet = "abfiklpersty_";
  // Every name of up to four letters from the alphabet, and longer ones by a fixed stride.
  std::vector<std::string> names = {""};
  for (int len = 1; len <= 4; ++len) {
    std::vector<std::string> next;
    for (const std::string& n : names)
      if (n.size() == static_cast<std::size_t>(len - 1))
        for (char c : alphabet) next.push_back(n + c);
    names.insert(names.end(), next.begin(), next.end());
  }
  for (std::size_t i = 0; i < 2000; ++i) {
    std::string n;
    for (std::size_t k = 0; k < 12; ++k) n += alphabet[(i * 7 + k * k * 3 + i / 13) % alphabet.size()];
    names.push_back(n);
  }
  names.push_back("my_api_key_reset");
  names.push_back("shared_file");
  for (const std::string& n : names) {
    bool expected = false;
    for (std::string_view w : list) expected = expected || n.find(w) != std::string::npos;
    INFO(n);
    CHECK(words.found_in(n) == expected);
  }
}
