// Structural tests of the JSON reporter: version, fixed key order, run
// metadata only on request, statuses of findings.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "reporters/json_reporter.h"
#include "tests/support/sample_report.h"

using namespace archverify;

namespace {

std::string render(const Report& report) {
  std::ostringstream out;
  reporters::JsonReporter({}).write(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("JSON report layout", "[reporters][json]") {
  const Report report = testing::make_sample_report();
  const std::string text = render(report);
  const auto doc = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [k, v] : doc.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"schema_version", "tool", "repository", "score", "rules", "findings",
                                         "fixed", "diagnostics", "stats"});
  CHECK(doc.at("schema_version") == 1);
  CHECK(doc.at("score").at("overall") == report.score.overall);
  CHECK(doc.at("findings").size() == 4);
  CHECK(doc.at("findings")[0].at("baseline") == "existing");
  CHECK(doc.at("findings")[0].at("counts_for_score") == false);
  CHECK(doc.at("findings")[2].at("baseline") == "new");
  CHECK(doc.at("findings")[2].at("counts_for_score") == true);
  CHECK(doc.at("findings")[2].at("category") == "tenancy");
  CHECK(doc.at("findings")[3].at("suppression").at("kind") == "in-source");
  CHECK(doc.at("findings")[3].at("suppression").at("reason") == "admin-only export across workspaces");
  CHECK(doc.at("findings")[1].at("suppression").is_null());
  CHECK(doc.at("fixed").size() == 1);
  CHECK(doc.at("diagnostics")[1].at("kind") == "skipped-file");
  CHECK(doc.at("stats").at("counted") == 2);
  CHECK(doc.at("stats").at("suppressed") == 1);
  CHECK(doc.at("stats").at("baselined") == 1);
  CHECK(doc.at("rules")[2].at("checks") == 6);
  CHECK(text.back() == '\n');
}

TEST_CASE("run metadata only when asked for", "[reporters][json]") {
  Report report = testing::make_sample_report();
  CHECK(render(report).find("duration_seconds") == std::string::npos);
  report.include_run_metadata = true;
  const auto doc = nlohmann::json::parse(render(report));
  CHECK(doc.at("stats").at("duration_seconds") == Approx(0.42));
}

TEST_CASE("baseline status is null without a baseline", "[reporters][json]") {
  Report report = testing::make_sample_report();
  for (auto& f : report.findings) f.baseline = BaselineState::Unknown;
  report.baseline_used = false;
  const auto doc = nlohmann::json::parse(render(report));
  for (const auto& f : doc.at("findings")) CHECK(f.at("baseline").is_null());
}
