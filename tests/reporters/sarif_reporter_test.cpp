// Structural tests of the SARIF reporter: what GitHub code scanning relies on
// (rule table and indexes, levels, security-severity, fingerprints,
// suppressions, repo-relative locations), checked on the parsed output.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "reporters/sarif_reporter.h"
#include "tests/support/sample_report.h"

using namespace archverify;
using Json = nlohmann::json;

namespace {

Json render(const Report& report, const reporters::ReporterOptions& options = {}) {
  std::ostringstream out;
  reporters::SarifReporter(options).write(report, out);
  return Json::parse(out.str());
}

}  // namespace

TEST_CASE("SARIF run shape", "[reporters][sarif]") {
  const Report report = testing::make_sample_report();
  const Json doc = render(report);
  CHECK(doc.at("version") == "2.1.0");
  REQUIRE(doc.at("runs").size() == 1);
  const Json& run = doc.at("runs")[0];
  CHECK(run.at("tool").at("driver").at("name") == "archverify");
  CHECK(run.at("tool").at("driver").at("version") == "0.0.0-test");
  CHECK(run.at("columnKind") == "unicodeCodePoints");
  CHECK(run.at("automationDetails").at("id") == "archverify/");
  CHECK(run.at("originalUriBaseIds").contains("%SRCROOT%"));
  CHECK(run.at("properties").at("score").at("overall") == report.score.overall);
  CHECK(run.at("properties").at("score").at("passed") == report.score.passed);
  const Json& inv = run.at("invocations")[0];
  CHECK(inv.at("executionSuccessful") == true);
  REQUIRE(inv.at("toolExecutionNotifications").size() == 2);
  CHECK(inv.at("toolExecutionNotifications")[0].at("level") == "note");     // syntax error
  CHECK(inv.at("toolExecutionNotifications")[1].at("level") == "warning");  // skipped file
}

TEST_CASE("SARIF rules come from RuleMeta", "[reporters][sarif]") {
  const Json rules = render(testing::make_sample_report()).at("runs")[0].at("tool").at("driver").at("rules");
  REQUIRE(rules.size() == 3);
  const Json& ten = rules[2];
  CHECK(ten.at("id") == "TEN001");
  CHECK(ten.at("name") == "unscoped-tenant-query");
  CHECK(ten.at("shortDescription").at("text") == "ORM read of a tenant-scoped entity without the tenant filter");
  CHECK(ten.at("fullDescription").at("text").get<std::string>().starts_with("Flags `select`, `query`"));
  CHECK(ten.at("help").at("markdown").get<std::string>().find("## Use instead") != std::string::npos);
  CHECK(ten.at("helpUri") == "urn:archverify:rule:TEN001");
  CHECK(ten.at("defaultConfiguration").at("level") == "error");
  CHECK(ten.at("properties").at("security-severity") == "9.5");
  CHECK(ten.at("properties").at("tags") == Json::array({"security", "external/cwe/cwe-639"}));
  CHECK(rules[0].at("properties").at("security-severity") == "7.5");
  CHECK(rules[1].at("properties").at("security-severity") == "5.0");
  CHECK(rules[1].at("defaultConfiguration").at("level") == "warning");
  CHECK(rules[1].at("properties").at("precision") == "very-high");
}

TEST_CASE("SARIF results point at rules and carry fingerprints", "[reporters][sarif]") {
  const Report report = testing::make_sample_report();
  const Json run = render(report).at("runs")[0];
  const Json& rules = run.at("tool").at("driver").at("rules");
  const Json& results = run.at("results");
  REQUIRE(results.size() == report.findings.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const Json& r = results[i];
    const Finding& f = report.findings[i];
    CHECK(rules[r.at("ruleIndex").get<std::size_t>()].at("id") == r.at("ruleId"));
    CHECK(r.at("partialFingerprints").at("primaryLocationLineHash") == f.line_hash);
    CHECK(r.at("partialFingerprints").at("archverifyFingerprint/v1") == f.fingerprint);
    const Json& pl = r.at("locations")[0].at("physicalLocation");
    CHECK(pl.at("artifactLocation").at("uri") == f.where.path.str());
    CHECK(pl.at("artifactLocation").at("uriBaseId") == "%SRCROOT%");
    CHECK(pl.at("region").at("startLine") == f.where.begin.line);
    CHECK(pl.at("region").at("startColumn") == f.where.begin.column);
    CHECK(pl.at("region").at("endColumn") == f.where.end.column);
    CHECK(pl.at("region").at("snippet").at("text") == f.snippet);
  }
  CHECK(results[0].at("level") == "error");    // high
  CHECK(results[1].at("level") == "warning");  // medium
  CHECK(results[0].at("baselineState") == "unchanged");
  CHECK(results[2].at("baselineState") == "new");
  CHECK_FALSE(results[2].contains("suppressions"));
  REQUIRE(results[3].contains("suppressions"));
  CHECK(results[3].at("suppressions")[0].at("kind") == "inSource");
  CHECK(results[3].at("suppressions")[0].at("justification") == "admin-only export across workspaces");
  CHECK(results[1].at("relatedLocations")[0].at("physicalLocation").at("artifactLocation").at("uri") ==
        "migrations/versions/0001_init.py");
}

TEST_CASE("SARIF edge cases stay valid", "[reporters][sarif]") {
  Report report = testing::make_sample_report();
  SECTION("a finding of a rule not in the table gets a descriptor") {
    Finding f = report.findings[0];
    f.rule_id = "SUP001";
    report.findings.push_back(f);
    const Json run = render(report).at("runs")[0];
    const Json& rules = run.at("tool").at("driver").at("rules");
    REQUIRE(rules.size() == 4);
    CHECK(rules[3].at("id") == "SUP001");
    CHECK(run.at("results").back().at("ruleIndex") == 3);
  }
  SECTION("whole-file findings point at line 1 without columns") {
    report.findings[0].where = SourceRange{"app/auth.py", {}, {}};
    const Json region = render(report).at("runs")[0].at("results")[0].at("locations")[0].at("physicalLocation").at(
        "region");
    CHECK(region.at("startLine") == 1);
    CHECK_FALSE(region.contains("startColumn"));
    CHECK_FALSE(region.contains("snippet"));
  }
  SECTION("an internal error makes the execution unsuccessful") {
    report.diagnostics.push_back({DiagnosticKind::InternalError, SourceRange{"app/x.py", {}, {}}, "boom"});
    CHECK(render(report).at("runs")[0].at("invocations")[0].at("executionSuccessful") == false);
  }
  SECTION("invalid UTF-8 in a message does not throw") {
    report.findings[0].message = "bad \xff byte";
    CHECK_NOTHROW(render(report));
  }
  SECTION("options set the URIs and the automation id") {
    reporters::ReporterOptions o;
    o.information_uri = "urn:example";
    o.help_uri_base = "";
    o.automation_id = "archverify/backend/";
    const Json run = render(report, o).at("runs")[0];
    CHECK(run.at("tool").at("driver").at("informationUri") == "urn:example");
    CHECK_FALSE(run.at("tool").at("driver").at("rules")[0].contains("helpUri"));
    CHECK(run.at("automationDetails").at("id") == "archverify/backend/");
  }
}
