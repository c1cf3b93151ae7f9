// Tests of the text reporter beyond the approved file: caret placement with
// multi-byte characters and tabs, colour on and off.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "reporters/text_reporter.h"
#include "tests/support/sample_report.h"

using namespace archverify;

namespace {

std::string render(const Report& report, bool color) {
  reporters::ReporterOptions o;
  o.color = color;
  std::ostringstream out;
  reporters::TextReporter(o).write(report, out);
  return out.str();
}

Report one_finding(std::string snippet, std::uint32_t col, std::uint32_t end_col) {
  Report r = testing::make_empty_report();
  Finding f;
  f.rule_id = "TEN001";
  f.severity = Severity::Critical;
  f.where = SourceRange{"a.py", {7, col}, {7, end_col}};
  f.message = "m";
  f.snippet = std::move(snippet);
  r.findings.push_back(f);
  return r;
}

}  // namespace

TEST_CASE("caret spans the columns, counted in code points", "[reporters][text]") {
  const std::string out = render(one_finding("    résumé = select(Item)", 14, 26), false);
  CHECK(out.find(" 7 |     résumé = select(Item)\n   |              ^^^^^^^^^^^^\n") != std::string::npos);
}

TEST_CASE("caret keeps tabs so it lines up", "[reporters][text]") {
  const std::string out = render(one_finding("\tx = select(Item)", 6, 12), false);
  CHECK(out.find("   | \t    ^^^^^^\n") != std::string::npos);
}

TEST_CASE("a multi-line range underlines to the end of the first line", "[reporters][text]") {
  Report r = one_finding("    q = select(", 9, 1);
  r.findings[0].where.end = {9, 5};
  CHECK(render(r, false).find("   |         ^^^^^^^\n") != std::string::npos);
}

TEST_CASE("colour only when asked, same text underneath", "[reporters][text]") {
  const Report report = testing::make_sample_report();
  const std::string plain = render(report, false);
  const std::string colored = render(report, true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(colored.find("\x1b[") != std::string::npos);
  CHECK(std::regex_replace(colored, std::regex("\x1b\\[[0-9;]*m"), "") == plain);
}

TEST_CASE("score card states the verdict and the gate", "[reporters][text]") {
  Report report = testing::make_sample_report();
  report.score.passed = false;
  report.score.has_fail_on = true;
  report.score.fail_on = Severity::High;
  report.score.fail_on_triggered = true;
  const std::string out = render(report, false);
  CHECK(out.find("FAIL") != std::string::npos);
  CHECK(out.find("fail_on=high") != std::string::npos);
}
