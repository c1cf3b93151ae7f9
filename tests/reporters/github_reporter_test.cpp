// Tests of the GitHub workflow-command annotations (escaping rules) and the
// Markdown job summary.
#include <catch2/catch.hpp>

#include <sstream>

#include "reporters/github_reporter.h"
#include "reporters/github_summary.h"
#include "tests/support/sample_report.h"

using namespace archverify;
using namespace archverify::reporters;

TEST_CASE("workflow command escaping", "[reporters][github]") {
  CHECK(detail::escape_command_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b");
  CHECK(detail::escape_command_property("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext%3A a%2C b");
  CHECK(detail::escape_command_property("%25") == "%2525");
}

TEST_CASE("annotations for counted findings, diagnostics and the gate", "[reporters][github]") {
  const Report report = testing::make_sample_report();
  std::ostringstream out;
  GithubReporter({}).write(report, out);
  const std::string text = out.str();
  // DB001 (medium) → warning, with position and title; TEN001 (critical) → error.
  CHECK(text.find("::warning file=app/models.py,line=10,col=16,endLine=10,endColumn=55,"
                  "title=DB001 unindexed-foreign-key::Foreign key `items.owner_id` has no index%0AFix: ") !=
        std::string::npos);
  CHECK(text.find("::error file=app/routers/items.py,line=9,col=36,") != std::string::npos);
  // the baselined AUTH001 and the suppressed TEN001 get no annotation
  CHECK(text.find("file=app/auth.py") == std::string::npos);
  CHECK(text.find("line=16") == std::string::npos);
  CHECK(text.find("::notice file=app/broken.py,line=3,col=9,endLine=3,endColumn=10,title=archverify syntax-error::") !=
        std::string::npos);
  CHECK(text.find("::warning file=vendor/blob.py,title=archverify skipped-file::not UTF-8 text") !=
        std::string::npos);
  CHECK(text.find("title=archverify quality gate::") != std::string::npos);
  // every line is one command
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) CHECK(line.starts_with("::"));
}

TEST_CASE("job summary", "[reporters][github]") {
  const Report report = testing::make_sample_report();
  SECTION("repo-relative links by default") {
    std::ostringstream out;
    write_github_summary(report, {}, out);
    const std::string md = out.str();
    CHECK(md.find("| tenancy |") != std::string::npos);
    CHECK(md.find("[app/routers/items.py:9:36](app/routers/items.py#L9)") != std::string::npos);
    CHECK(md.find("app/auth.py:10") == std::string::npos);  // baselined: not a counted finding
  }
  SECTION("links under a base, paths encoded, cells escaped") {
    Report r = report;
    r.findings[2].where.path = "app/my routes.py";
    r.findings[2].message = "a | b <script>";
    ReporterOptions o;
    o.source_link_base = "https://example.invalid/blob/abc/";
    std::ostringstream out;
    write_github_summary(r, o, out);
    const std::string md = out.str();
    CHECK(md.find("(https://example.invalid/blob/abc/app/my%20routes.py#L9)") != std::string::npos);
    CHECK(md.find("a \\| b &lt;script&gt;") != std::string::npos);
  }
  SECTION("the list is capped") {
    ReporterOptions o;
    o.max_summary_findings = 1;
    std::ostringstream out;
    write_github_summary(report, o, out);
    CHECK(out.str().find("(1 most severe of 2)") != std::string::npos);
  }
}
