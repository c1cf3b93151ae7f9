// Hostile or broken genome files: each a clear positioned error, never a crash or a hang.
#include <chrono>

#include <catch2/catch.hpp>

#include "analyzer/genome/genome_loader.h"
#include "genome_test_support.h"

using namespace archverify;
using namespace archverify::genome;

namespace {
std::string first_message(const GenomeLoad& load) {
  return load.diagnostics.empty() ? std::string() : format_diagnostic(load.diagnostics.front());
}
}  // namespace

TEST_CASE("a 10 MB genome is refused by size before parsing", "[genome][bad-input]") {
  std::string big = "version: 1\nlayout:\n  tests:\n";
  while (big.size() < 10'000'000) big += "    - \"tests/**/test_something_long_enough.py\"\n";
  auto start = std::chrono::steady_clock::now();
  auto load = parse_genome(big, "big.yaml");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  REQUIRE(load.diagnostics.size() == 1);
  CHECK_FALSE(load.genome);
  CHECK(first_message(load) == "big.yaml: the genome is " + std::to_string(big.size()) +
                                   " bytes; expected at most 1 MiB");
  auto file = std::filesystem::temp_directory_path() / "archverify_big_genome.yaml";
  std::ofstream(file, std::ios::binary) << big;
  auto from_file = load_genome(file, "big.yaml");
  std::filesystem::remove(file);
  REQUIRE(from_file.diagnostics.size() == 1);
  CHECK(format_diagnostic(from_file.diagnostics[0]) == first_message(load));
}

TEST_CASE("a billion-laughs alias bomb stops at the node budget quickly", "[genome][bad-input]") {
  std::string bomb = "version: 1\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 12; ++i) {
    std::string prev = "*l" + std::to_string(i - 1);
    bomb += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) bomb += (k ? ", " : "") + prev;
    bomb += "]\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto load = parse_genome(bomb, "bomb.yaml");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  REQUIRE(load.diagnostics.size() == 1);
  CHECK(load.diagnostics[0].message.find("expands to more than") != std::string::npos);
}

TEST_CASE("deep nesting is an error, not a stack overflow", "[genome][bad-input]") {
  for (std::size_t depth : {100u, 10'000u, 200'000u}) {
    std::string deep = "version: 1\nx: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
    auto load = parse_genome(deep, "deep.yaml");
    REQUIRE(load.diagnostics.size() == 1);
    CHECK_FALSE(load.genome);
    auto json = parse_genome("{\"version\": 1, \"x\": " + std::string(depth, '[') + std::string(depth, ']') + "}", "deep.json");
    REQUIRE(json.diagnostics.size() == 1);
  }
}

TEST_CASE("empty, blank, comment-only and null documents are one clear error", "[genome][bad-input]") {
  for (const char* text : {"", "\n\n", "# just a comment\n", "---\n", "\xEF\xBB\xBF"}) {
    auto load = parse_genome(text, "e.yaml");
    REQUIRE(load.diagnostics.size() == 1);
    CHECK(first_message(load) == "e.yaml:1:1: the genome is empty; expected a mapping of keys to values");
  }
  auto null_doc = parse_genome("~\n", "n.yaml");
  REQUIRE(null_doc.diagnostics.size() == 1);
  CHECK(null_doc.diagnostics[0].message == "wrong type for the top level: got nothing; expected a mapping with at least 'version: 1'");
  auto list_doc = parse_genome("- version: 1\n", "l.yaml");
  REQUIRE(list_doc.diagnostics.size() == 1);
  CHECK(list_doc.diagnostics[0].message.find("got a list") != std::string::npos);
}

TEST_CASE("JSON problems are positioned", "[genome][bad-input]") {
  auto trailing = parse_genome("{\"version\": 1, \"stack\": [\"fastapi\",]}", "g.json");
  REQUIRE(trailing.diagnostics.size() == 1);
  CHECK(first_message(trailing) == "g.json:1:35: invalid JSON: trailing comma before ']'; expected another value after ',' or no comma (JSON allows no trailing commas)");
  auto unclosed = parse_genome("{\"version\": 1,\n \"stack\": \"fastapi\"\n", "g.json");
  REQUIRE(unclosed.diagnostics.size() == 1);
  CHECK(unclosed.diagnostics[0].where.begin.line == 3);
  CHECK(unclosed.diagnostics[0].message.rfind("invalid JSON: ", 0) == 0);
  auto tabs = parse_genome("{\n\t\"version\": 1\n}\n", "tabs.json");  // tabs are fine in JSON
  CHECK(tabs.diagnostics.empty());
}

TEST_CASE("binary and non-UTF-8 content is refused with the byte's position", "[genome][bad-input]") {
  auto latin1 = parse_genome("version: 1\nstack: fl\xe4sk\n", "g.yaml");
  REQUIRE(latin1.diagnostics.size() == 1);
  CHECK(first_message(latin1) == "g.yaml:2:10: invalid UTF-8 byte 0xe4; expected UTF-8 text");
  auto nul = parse_genome(std::string("version: 1\n\0\0\0", 14), "g.yaml");
  REQUIRE(nul.diagnostics.size() == 1);
  CHECK(first_message(nul) == "g.yaml:2:1: NUL byte in the genome; expected UTF-8 text");
  auto overlong = parse_genome("version: 1\nstack: \xc0\xaf\n", "g.yaml");
  REQUIRE(overlong.diagnostics.size() == 1);
}

TEST_CASE("missing and unreadable files are file-level errors", "[genome][bad-input]") {
  auto missing = load_genome("/nonexistent/archverify.yaml", "archverify.yaml");
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(first_message(missing) == "archverify.yaml: cannot read the genome: file not found; expected an existing file");
  auto dir = load_genome(std::filesystem::temp_directory_path(), "tmp");
  REQUIRE(dir.diagnostics.size() == 1);
  CHECK(dir.diagnostics[0].message.find("not a regular file") != std::string::npos);
}

TEST_CASE("odd keys do not crash the reader", "[genome][bad-input]") {
  auto complex_key = parse_genome("version: 1\n? [a, b]\n: 1\n", "g.yaml");
  REQUIRE(complex_key.diagnostics.size() == 1);
  CHECK(complex_key.diagnostics[0].message == "a key at the top level is a list; expected a plain name");
  auto merge_key = parse_genome("version: 1\nbase: &b {key: x}\ntenancy:\n  <<: *b\n", "g.yaml");
  CHECK_FALSE(merge_key.genome);
}
