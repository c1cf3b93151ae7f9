// Approval tests: every reporter's output for the sample (and the empty)
// report equals the approved file in tests/approved, and rendering is
// deterministic. On a mismatch a *.received.* file appears next to the
// approved one; review it and run tests/approve.sh to accept.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "reporters/registry.h"
#include "tests/support/approval.h"
#include "tests/support/sample_report.h"

using namespace archverify;

namespace {

std::string render(std::string_view format, const Report& report, const reporters::ReporterOptions& options = {}) {
  auto r = reporters::make_reporter(format, options);
  REQUIRE(r != nullptr);
  std::ostringstream out;
  r->write(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("reporter output matches the approved files", "[reporters][approval]") {
  struct Case {
    const char* format;
    const char* approved;
    bool empty;
  };
  const Case cases[] = {
      {"text", "sample.txt", false},       {"json", "sample.json", false},
      {"sarif", "sample.sarif", false},    {"github", "sample.github.txt", false},
      {"github-summary", "sample.summary.md", false},
      {"text", "empty.txt", true},         {"json", "empty.json", true},
      {"sarif", "empty.sarif", true},      {"github-summary", "empty.summary.md", true},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.approved) {
      const Report report = c.empty ? testing::make_empty_report() : testing::make_sample_report();
      const auto result = testing::check_approved(c.approved, render(c.format, report));
      INFO(result.describe);
      CHECK(result.matches);
    }
  }
}

TEST_CASE("rendering is deterministic", "[reporters][determinism]") {
  for (const auto& entry : reporters::reporter_entries()) {
    DYNAMIC_SECTION(entry.name) {
      const std::string first = render(entry.name, testing::make_sample_report());
      const std::string second = render(entry.name, testing::make_sample_report());
      CHECK(first == second);
      CHECK_FALSE(first.empty());
    }
  }
}

TEST_CASE("the registry knows every reporter by name", "[reporters][registry]") {
  std::vector<std::string> names;
  for (const auto& e : reporters::reporter_entries()) names.emplace_back(e.name);
  CHECK(names == std::vector<std::string>{"text", "json", "sarif", "github", "github-summary"});
  for (const auto& n : names) CHECK(reporters::make_reporter(n, {}) != nullptr);
  CHECK(reporters::make_reporter("xml", {}) == nullptr);
  CHECK(reporters::make_reporter("", {}) == nullptr);
}
