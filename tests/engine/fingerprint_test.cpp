// Tests of engine/fingerprint: GitHub's primaryLocationLineHash against the
// shared vectors (read at test time from shared/oracles), and our
// location-independent fingerprint.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/engine/fingerprint.h"

using namespace archverify::engine;

#ifndef AV_FINGERPRINT_VECTORS
#error "AV_FINGERPRINT_VECTORS must name shared/oracles/github-fingerprint-vectors.json"
#endif

TEST_CASE("primaryLocationLineHash reproduces every shared vector", "[engine][fingerprint][shared]") {
  std::ifstream in(AV_FINGERPRINT_VECTORS);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const auto doc = nlohmann::json::parse(text.str());
  const auto& vectors = doc.at("vectors");
  REQUIRE(vectors.size() >= 8);
  std::size_t index = 0;
  for (const auto& v : vectors) {
    std::string input;
    if (v.contains("input")) {
      input = v.at("input").get<std::string>();
    } else {
      const auto& rep = v.at("input_repeat");
      for (int i = 0; i < rep.at("times").get<int>(); ++i) input += rep.at("text").get<std::string>();
    }
    const auto expected = v.at("expected").get<std::vector<std::string>>();
    DYNAMIC_SECTION("vector " << index) {
      CHECK(github_line_hashes(input) == expected);
    }
    ++index;
  }
}

TEST_CASE("line hashes: one per line, non-ASCII handled as UTF-16 units", "[engine][fingerprint]") {
  CHECK(github_line_hashes("a\nb\nc").size() == 3);
  CHECK(github_line_hashes("a\nb\nc\n").size() == 4);
  // An astral character (two UTF-16 units) and a BMP one hash differently
  // from their replacement, and invalid UTF-8 does not crash.
  const auto astral = github_line_hashes("x = \"\xF0\x9F\x98\x80\"\n");
  const auto bmp = github_line_hashes("x = \"\xC3\xA9\"\n");
  const auto invalid = github_line_hashes("x = \"\xFF\xFE\"\n");
  CHECK(astral.size() == 2);
  CHECK(astral[0] != bmp[0]);
  CHECK(invalid.size() == 2);
  // Same text from the same line onwards gives the same hash, wherever it sits.
  const auto shifted = github_line_hashes("\n\n\nx = \"\xC3\xA9\"\n");
  CHECK(shifted[3] == bmp[0]);
}

TEST_CASE("line hashes for chosen lines equal the whole-file ones, occurrence counts included", "[engine][fingerprint]") {
  // Identical lines make equal hashes (up to the last 100 significant
  // characters), so the ":n" occurrence counts matter.
  std::string text = "import os\n";
  for (int i = 0; i < 100; ++i) text += "a = 1\n";
  const auto all = github_line_hashes(text);
  const std::vector<std::uint32_t> lines{2, 3, 50, 99, 101, 102, 0, 500};
  const auto some = github_line_hashes_at(text, lines);
  REQUIRE(some.size() == lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::uint32_t l = lines[i];
    CHECK(some[i] == (l >= 1 && l <= all.size() ? all[l - 1] : std::string()));
  }
  CHECK(some[0].substr(some[0].find(':')) == ":1");
  CHECK(some[1] == some[0].substr(0, some[0].find(':')) + ":2");
  CHECK(some[2].substr(some[2].find(':')) == ":49");
}

TEST_CASE("hashes for chosen lines stop early without changing any value", "[engine][fingerprint]") {
  // Random texts of short repeated lines (equal hashes, so occurrence counts
  // matter), CRLF and lone CR ends, tabs, non-ASCII and invalid bytes; the
  // wanted lines are a random subset, mostly well before the end, so the
  // hashing stops early. Each must equal its whole-file hash.
  std::mt19937 rng(11);
  const std::string pieces[] = {"a = 1", "x", "  ", "\t", "\r\n", "\n", "\n", "\r", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xFF",
                                "return session.query(User).all()", "", "#"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int parts = std::uniform_int_distribution<int>(0, 400)(rng);
    for (int i = 0; i < parts; ++i) text += pieces[std::uniform_int_distribution<std::size_t>(0, std::size(pieces) - 1)(rng)];
    const auto all = github_line_hashes(text);
    std::vector<std::uint32_t> lines;
    const auto max_line = static_cast<std::uint32_t>(all.size() + 2);
    for (int k = std::uniform_int_distribution<int>(1, 4)(rng); k > 0; --k)
      lines.push_back(std::uniform_int_distribution<std::uint32_t>(0, std::max<std::uint32_t>(1, max_line / 3))(rng));
    if (round % 7 == 0) lines.push_back(max_line);  // past the end: no hash, and no early stop
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
    const auto some = github_line_hashes_at(text, lines);
    REQUIRE(some.size() == lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::uint32_t l = lines[i];
      INFO("round " << round << " line " << l);
      CHECK(some[i] == (l >= 1 && l <= all.size() ? all[l - 1] : std::string()));
    }
  }
}

TEST_CASE("normalize_code collapses whitespace", "[engine][fingerprint]") {
  CHECK(normalize_code("  select(Item)\n\t .where( x )  ") == "select(Item) .where( x )");
  CHECK(normalize_code("") == "");
  CHECK(normalize_code(" \r\n ") == "");
}

TEST_CASE("our fingerprint ignores location and whitespace, not content", "[engine][fingerprint]") {
  const FingerprintInput a{"TEN001", "app/items.py", "list_items", "select(Item)"};
  const std::string base = fingerprint_base(a);
  CHECK(base.size() == 16);
  CHECK(base.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(fingerprint_base({"TEN001", "app/items.py", "list_items", "  select(Item)\n"}) == base);
  CHECK(fingerprint_base({"TEN002", "app/items.py", "list_items", "select(Item)"}) != base);
  CHECK(fingerprint_base({"TEN001", "app/other.py", "list_items", "select(Item)"}) != base);
  CHECK(fingerprint_base({"TEN001", "app/items.py", "get_item", "select(Item)"}) != base);
  CHECK(fingerprint_base({"TEN001", "app/items.py", "list_items", "select(User)"}) != base);
  // field boundaries matter
  CHECK(fingerprint_base({"TEN001", "app/items.py", "list_itemsselect", "(Item)"}) != base);
}

TEST_CASE("identical findings get occurrence indexes", "[engine][fingerprint]") {
  const std::vector<FingerprintInput> in = {
      {"TEN001", "a.py", "f", "select(Item)"},
      {"TEN001", "a.py", "f", "select(User)"},
      {"TEN001", "a.py", "f", "select( Item )"},
      {"TEN001", "a.py", "f", "select(Item)"},
  };
  const auto fps = assign_fingerprints(in);
  REQUIRE(fps.size() == 4);
  const std::string base = fingerprint_base(in[0]);
  CHECK(fps[0] == base + ":1");
  CHECK(fps[1] == fingerprint_base(in[1]) + ":1");
  CHECK(fps[3] == base + ":2");
  CHECK(fps[2] != fps[0]);  // "select( Item )" is different code text, not only whitespace
  // The run numbers fingerprints from hashes made file by file on any thread.
  std::vector<std::uint64_t> hashes;
  for (const FingerprintInput& i : in) hashes.push_back(fingerprint_hash(i));
  CHECK(number_fingerprints(hashes) == fps);
  CHECK(number_fingerprints(std::vector<std::uint64_t>{0, 0xab, 0}) ==
        std::vector<std::string>{"0000000000000000:1", "00000000000000ab:1", "0000000000000000:2"});
}

TEST_CASE("line hashes of arbitrary bytes: one per line, never a crash", "[engine][fingerprint]") {
  std::mt19937 gen(12345);
  const char alphabet[] = {'a', ' ', '\t', '\r', '\n', '\xC3', '\xA9', '\xF0', '\x9F', '\xFF', 'z', '('};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const auto len = gen() % 400;
    for (unsigned i = 0; i < len; ++i) text.push_back(alphabet[gen() % sizeof alphabet]);
    std::size_t lines = 1;
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++lines;
    INFO("round " << round);
    const auto hashes = github_line_hashes(text);
    CHECK(hashes.size() == lines);
    for (const auto& h : hashes) CHECK(h.find(':') != std::string::npos);
  }
}
