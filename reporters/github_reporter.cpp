// GitHub workflow-command annotations. See github_reporter.h.
#include "reporters/github_reporter.h"

#include "reporters/report_view.h"

namespace archverify::reporters {
namespace {

std::string_view command_for(detail::Level l) {
  switch (l) {
    case detail::Level::Error: return "error";
    case detail::Level::Warning: return "warning";
    case detail::Level::Note: return "notice";
  }
  return "notice";
}

// "file=…,line=…,col=…,endLine=…,endColumn=…" for a range (parts that are unknown are left out).
std::string location_properties(const SourceRange& r) {
  std::string p = "file=" + detail::escape_command_property(r.path);
  if (r.begin.line == 0) return p;
  p += ",line=" + std::to_string(r.begin.line);
  if (r.begin.column > 0) p += ",col=" + std::to_string(r.begin.column);
  if (r.end.line >= r.begin.line) {
    p += ",endLine=" + std::to_string(r.end.line);
    // GitHub takes endColumn only for single-line annotations.
    if (r.end.line == r.begin.line && r.begin.column > 0 && r.end.column > r.begin.column)
      p += ",endColumn=" + std::to_string(r.end.column);
  }
  return p;
}

}  // namespace

namespace detail {

std::string escape_command_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace detail

void GithubReporter::write(const Report& report, std::ostream& out) const {
  for (const Finding& f : report.findings) {
    if (!f.counts_for_score()) continue;
    std::string title = f.rule_id;
    if (!f.rule_name.empty()) title += " " + f.rule_name;
    std::string body = f.message;
    if (!f.fix_hint.empty()) body += "\nFix: " + f.fix_hint;
    out << "::" << command_for(detail::level_of(f.severity)) << ' ' << location_properties(f.where)
        << ",title=" << detail::escape_command_property(title) << "::" << detail::escape_command_data(body)
        << '\n';
  }
  for (const Diagnostic& d : report.diagnostics) {
    out << "::" << command_for(detail::level_of(d.kind)) << ' ';
    if (!d.where.path.empty()) out << location_properties(d.where) << ',';
    out << "title=" << detail::escape_command_property("archverify " + std::string(to_string(d.kind)))
        << "::" << detail::escape_command_data(d.message) << '\n';
  }
  const Score& s = report.score;
  std::string verdict = std::string(s.passed ? "PASS" : "FAIL") + ": score " + detail::format_fixed(s.overall, 1) +
                        " (threshold " + detail::format_fixed(s.threshold, 1) + ")";
  if (s.fail_on_triggered) verdict += ", a counted finding is at or above fail_on=" + std::string(to_string(s.fail_on));
  out << "::" << (s.passed ? "notice" : "error") << " title=archverify quality gate::"
      << detail::escape_command_data(verdict) << '\n';
}

}  // namespace archverify::reporters
