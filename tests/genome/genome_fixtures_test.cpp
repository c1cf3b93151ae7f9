// fixtures/genome/invalid/<mistake>.{yaml,json}: one mistake each, with the exact
// `line:column: message` in <mistake>.expected. fixtures/genome/valid/* and
// genome_schema/examples/* load without a diagnostic. Set
// ARCHVERIFY_APPROVE=1 to rewrite the .expected files from the loader's output
// (then review the diff).
#include <algorithm>
#include <cstdlib>
#include <vector>

#include <catch2/catch.hpp>

#include "analyzer/genome/genome_loader.h"
#include "genome_test_support.h"

using namespace archverify;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_in(const fs::path& dir, std::initializer_list<std::string_view> exts) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (std::find(exts.begin(), exts.end(), e.path().extension().string()) != exts.end()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string render(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags)
    out += std::to_string(d.where.begin.line) + ":" + std::to_string(d.where.begin.column) + ": " + d.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("invalid genome fixtures report exactly their expected error", "[genome][fixtures]") {
  const fs::path dir = testing::source_dir() / "fixtures/genome/invalid";
  const auto files = files_in(dir, {".yaml", ".json"});
  REQUIRE(files.size() >= 20);
  const bool approve = std::getenv("ARCHVERIFY_APPROVE") != nullptr;
  for (const fs::path& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      auto load = genome::load_genome(file, file.filename().string());
      std::string actual = render(load.diagnostics);
      fs::path expected_file = fs::path(file).replace_extension(".expected");
      if (approve) std::ofstream(expected_file, std::ios::binary) << actual;
      INFO("actual:\n" << actual);
      CHECK_FALSE(load.genome.has_value());
      REQUIRE(fs::exists(expected_file));
      std::string expected = testing::read_text(expected_file);
      CHECK(actual == expected);
      CHECK(std::count(expected.begin(), expected.end(), '\n') == 1);  // one mistake, one error
    }
  }
}

TEST_CASE("valid genome fixtures and the schema examples load cleanly", "[genome][fixtures]") {
  std::vector<fs::path> files = files_in(testing::source_dir() / "fixtures/genome/valid", {".yaml", ".json"});
  for (const auto& f : files_in(testing::source_dir() / "genome_schema/examples", {".yaml"})) files.push_back(f);
  REQUIRE(files.size() >= 4);
  for (const fs::path& file : files) {
    DYNAMIC_SECTION(file.filename().string()) {
      auto load = genome::load_genome(file);
      INFO(render(load.diagnostics));
      CHECK(load.diagnostics.empty());
      CHECK(load.genome.has_value());
    }
  }
}
