// The bundled example apps' VIOLATIONS.md tables are the expected output of
// the rules on them: for each (app, rule code) listed below, running that rule
// alone with the app's genome finds exactly the table's rows (file, line) for
// that code — no more (the near-miss table), no less. Add a code here once its
// rule is registered.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include "tests/support/fixture_harness.h"

namespace fs = std::filesystem;
using namespace archverify;

namespace {

using Row = std::pair<std::string, std::uint32_t>;  // file, line

// Rows `| CODE | `file` | line | … |` of the table for one code.
std::multiset<Row> table_rows(const fs::path& app, const std::string& code) {
  std::multiset<Row> rows;
  std::ifstream in(app / "VIOLATIONS.md");
  const std::regex row_re(R"(^\|\s*([A-Z]+[0-9]{3})\s*\|\s*`?([^|`]+?)`?\s*\|\s*([0-9]+)\s*\|)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, row_re) && m[1].str() == code)
      rows.insert({m[2].str(), static_cast<std::uint32_t>(std::stoul(m[3].str()))});
  }
  return rows;
}

}  // namespace

TEST_CASE("example apps: findings equal the VIOLATIONS.md rows", "[rules][examples]") {
  const auto [app, code] = GENERATE(table<std::string, std::string>({
      {"fastapi_multitenant", "API001"},
      {"fastapi_multitenant", "API002"},
      {"fastapi_multitenant", "API003"},
      {"fastapi_multitenant", "DB001"},
      {"fastapi_multitenant", "DB005"},
      {"flask_multitenant", "API001"},
      {"flask_multitenant", "API002"},
      {"flask_multitenant", "API003"},
      {"fastapi_multitenant", "AUTH001"},
      {"fastapi_multitenant", "AUTH002"},
      {"fastapi_multitenant", "AUTH003"},
      {"flask_multitenant", "AUTH001"},
      {"flask_multitenant", "AUTH002"},
      {"flask_multitenant", "AUTH003"},
      {"fastapi_multitenant", "ORM001"},
      {"flask_multitenant", "ORM001"},
      {"flask_multitenant", "DB001"},
      {"flask_multitenant", "DB005"},
      {"fastapi_multitenant", "DRIFT001"},
      {"fastapi_multitenant", "DRIFT002"},
      {"flask_multitenant", "DRIFT001"},
      {"flask_multitenant", "DRIFT002"},
      {"fastapi_multitenant", "TEN001"},
      {"fastapi_multitenant", "TEN002"},
      {"fastapi_multitenant", "TEN003"},
      {"flask_multitenant", "TEN001"},
      {"flask_multitenant", "TEN002"},
      {"flask_multitenant", "TEN003"},
  }));
  DYNAMIC_SECTION(app << " " << code) {
    const fs::path dir = fs::path(AV_FIXTURES_DIR) / "repos" / app;
    std::vector<std::string> errors;
    std::vector<Finding> findings = testing::run_rule_on(dir, code, errors);
    std::string error_text;
    for (const auto& e : errors) error_text += "  " + e + "\n";
    INFO("errors:\n" << error_text);
    CHECK(errors.empty());
    std::multiset<Row> found;
    std::string listing;
    for (const Finding& f : findings) {
      if (f.rule_id != code || f.suppression != SuppressionKind::None) continue;
      found.insert({f.where.path, f.where.begin.line});
      listing += "  " + f.where.path + ":" + std::to_string(f.where.begin.line) + " " + f.message + "\n";
    }
    INFO("found:\n" << listing);
    CHECK(found == table_rows(dir, code));
  }
}
