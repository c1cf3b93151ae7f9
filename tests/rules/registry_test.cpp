// The rule registry stays honest: codes, names, categories, docs, fixtures.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "rules/all_rules.h"
#include "tests/support/fixture_harness.h"

using namespace archverify;
namespace fs = std::filesystem;

namespace {
Category category_for_prefix(const std::string& prefix) {
  if (prefix == "TEN") return Category::Tenancy;
  if (prefix == "AUTH") return Category::Auth;
  if (prefix == "DB") return Category::Data;
  if (prefix == "API") return Category::Api;
  if (prefix == "ORM") return Category::Performance;
  if (prefix == "DRIFT") return Category::Drift;
  return Category::Hygiene;  // SUP, HYG
}
}  // namespace

TEST_CASE("rule metadata is complete and consistent", "[rules][registry]") {
  auto rules = rules::make_all_rules();
  REQUIRE(!rules.empty());
  std::set<std::string> ids, names;
  const std::regex id_re("^(TEN|DB|AUTH|ORM|API|DRIFT|SUP|HYG)([0-9]{3})$");
  const std::regex name_re("^[a-z0-9]+(-[a-z0-9]+)*$");
  for (const auto& r : rules) {
    const RuleMeta& m = r->meta();
    std::string id(m.id);
    INFO(id);
    std::smatch match;
    REQUIRE(std::regex_match(id, match, id_re));
    CHECK(category_for_prefix(match[1].str()) == m.category);
    CHECK(ids.insert(id).second);
    CHECK(std::regex_match(std::string(m.name), name_re));
    CHECK(names.insert(std::string(m.name)).second);
    CHECK(!m.summary.empty());
    CHECK(m.summary.back() != '.');
    for (const char* heading : {"## What it does", "## Why is this bad?", "## Example", "## Use instead"})
      CHECK(std::string(m.docs).find(heading) != std::string::npos);
  }
}

TEST_CASE("every rule has a fixture with ruleid and ok annotations", "[rules][registry]") {
  auto rules = rules::make_all_rules();
  auto dirs = testing::fixture_dirs(AV_FIXTURES_DIR "/rules");
  for (const auto& r : rules) {
    std::string id(r->meta().id);
    INFO(id);
    bool has_ruleid = false, has_ok = false;
    for (const auto& d : dirs) {
      if (testing::rule_code_of(d) != id) continue;
      for (auto it = fs::recursive_directory_iterator(d); it != fs::recursive_directory_iterator(); ++it) {
        if (!it->is_regular_file()) continue;
        std::ifstream in(it->path());
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        has_ruleid = has_ruleid || text.find("ruleid: " + id) != std::string::npos || it->path().filename() == "expected.yaml";
        has_ok = has_ok || text.find("ok: " + id) != std::string::npos;
      }
    }
    CHECK(has_ruleid);
    CHECK(has_ok);
  }
}
