// GitHub job summary in Markdown. See github_summary.h.
#include "reporters/github_summary.h"

#include <algorithm>
#include <vector>

#include "reporters/report_view.h"

namespace archverify::reporters {

namespace detail {

std::string markdown_cell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '\r': break;
      case '\n': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string link_path(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace detail

void write_github_summary(const Report& report, const ReporterOptions& options, std::ostream& out) {
  const Score& s = report.score;
  out << "## archverify: " << (s.passed ? "✅ PASS" : "❌ FAIL") << " — score "
      << detail::format_fixed(s.overall, 1) << " / 100 (threshold " << detail::format_fixed(s.threshold, 1)
      << ")\n\n";
  if (s.fail_on_triggered)
    out << "A counted finding is at or above `fail_on: " << to_string(s.fail_on) << "`.\n\n";

  const auto counts = detail::count_findings(report);
  out << "**" << counts.counted << "** counted finding" << (counts.counted == 1 ? "" : "s") << ", "
      << counts.suppressed << " suppressed, " << counts.baselined << " in the baseline";
  if (report.baseline_used) out << ", " << report.fixed.size() << " fixed since the baseline";
  out << ". Analysed " << report.stats.files << " files, " << report.stats.lines << " lines";
  if (report.stats.parse_errors > 0) out << ", " << report.stats.parse_errors << " with syntax errors";
  if (report.stats.skipped_files > 0) out << ", " << report.stats.skipped_files << " skipped";
  out << ".\n\n";

  if (s.categories.empty()) {
    out << "No rule examined anything, so the score is 100 by definition.\n\n";
  } else {
    out << "| Category | Score | Checks | Failures | Weight |\n";
    out << "|---|---:|---:|---:|---:|\n";
    for (const CategoryScore& c : s.categories)
      out << "| " << to_string(c.category) << " | " << detail::format_fixed(c.score, 1) << " | " << c.checks
          << " | " << c.failures << " | " << detail::format_fixed(c.weight, 0) << " |\n";
    out << '\n';
  }

  if (!s.top_losses.empty()) {
    out << "### Top rules by lost points\n\n";
    out << "| Rule | Name | Points lost | Findings |\n";
    out << "|---|---|---:|---:|\n";
    const std::size_t n = std::min(options.max_top_rules, s.top_losses.size());
    for (std::size_t i = 0; i < n; ++i) {
      const RuleLoss& l = s.top_losses[i];
      const RuleMeta* meta = detail::find_rule(report, l.rule_id);
      out << "| " << detail::markdown_cell(l.rule_id) << " | "
          << detail::markdown_cell(meta ? meta->name : std::string_view()) << " | "
          << detail::format_fixed(l.points_lost, 1) << " | " << l.failures << " |\n";
    }
    out << '\n';
  }

  // The most severe counted findings, in report order within a severity.
  std::vector<const Finding*> top;
  for (const Finding& f : report.findings)
    if (f.counts_for_score()) top.push_back(&f);
  std::stable_sort(top.begin(), top.end(),
                   [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
  if (!top.empty()) {
    const std::size_t n = std::min(options.max_summary_findings, top.size());
    out << "### Findings";
    if (n < top.size()) out << " (" << n << " most severe of " << top.size() << ")";
    out << "\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < n; ++i) {
      const Finding& f = *top[i];
      std::string link = options.source_link_base + detail::link_path(f.where.path);
      if (f.where.begin.line > 0) link += "#L" + std::to_string(f.where.begin.line);
      out << "| " << to_string(f.severity) << " | " << detail::markdown_cell(f.rule_id);
      if (!f.rule_name.empty()) out << ' ' << detail::markdown_cell(f.rule_name);
      out << " | [" << detail::markdown_cell(detail::location_string(f.where)) << "](" << link << ") | "
          << detail::markdown_cell(f.message) << " |\n";
    }
    out << '\n';
  }

  if (!report.diagnostics.empty()) {
    out << "<details><summary>" << report.diagnostics.size() << " tool diagnostic"
        << (report.diagnostics.size() == 1 ? "" : "s") << "</summary>\n\n";
    for (const Diagnostic& d : report.diagnostics) {
      out << "- `" << to_string(d.kind) << "`";
      if (!d.where.path.empty()) out << ' ' << detail::markdown_cell(detail::location_string(d.where));
      out << ": " << detail::markdown_cell(d.message) << '\n';
    }
    out << "\n</details>\n";
  }
}

}  // namespace archverify::reporters
