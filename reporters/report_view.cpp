// Shared reporter helpers. See report_view.h.
#include "reporters/report_view.h"

#include <charconv>
#include <cstdio>

namespace archverify::reporters::detail {

const RuleMeta* find_rule(const Report& report, std::string_view rule_id) {
  for (const RuleMeta& m : report.rules)
    if (m.id == rule_id) return &m;
  return nullptr;
}

FindingCounts count_findings(const Report& report) {
  FindingCounts c;
  for (const Finding& f : report.findings) {
    ++c.total;
    if (f.counts_for_score()) ++c.counted;
    else if (f.suppression != SuppressionKind::None) ++c.suppressed;
    else ++c.baselined;
  }
  return c;
}

Level level_of(Severity s) {
  switch (s) {
    case Severity::Critical:
    case Severity::High: return Level::Error;
    case Severity::Medium: return Level::Warning;
    case Severity::Low: return Level::Note;
  }
  return Level::Note;
}

Level level_of(DiagnosticKind k) {
  switch (k) {
    case DiagnosticKind::SyntaxError: return Level::Note;
    case DiagnosticKind::SkippedFile:
    case DiagnosticKind::ConfigWarning: return Level::Warning;
    case DiagnosticKind::ConfigError:
    case DiagnosticKind::InternalError: return Level::Error;
  }
  return Level::Error;
}

std::string format_fixed(double value, int decimals) {
  char buf[64];
  // "%.*f" uses the C locale unless the program called setlocale; archverify never does.
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string s = buf;
  if (s == "-0.0" || s == "-0") s.erase(0, 1);
  return s;
}

std::string location_string(const SourceRange& where) {
  std::string s;
  s.reserve(where.path.size() + 22);  // ":line:column" fits
  s += where.path;
  char digits[12];
  auto number = [&](std::uint32_t v) {
    s += ':';
    s.append(digits, std::to_chars(digits, digits + sizeof digits, v).ptr);
  };
  if (where.begin.line > 0) {
    number(where.begin.line);
    if (where.begin.column > 0) number(where.begin.column);
  }
  return s;
}

std::string_view first_line(std::string_view text) {
  // A plain loop: find_first_of runs a search of its set per character (~50
  // instructions a character; the text reporter calls this for every finding).
  std::size_t n = 0;
  while (n < text.size() && text[n] != '\n' && text[n] != '\r') ++n;
  return text.substr(0, n);
}

std::string docs_paragraph(std::string_view docs, std::string_view heading) {
  const std::string marker = "## " + std::string(heading);
  std::size_t pos = 0;
  while (pos < docs.size()) {
    std::size_t eol = docs.find('\n', pos);
    if (eol == std::string_view::npos) eol = docs.size();
    std::string_view line = docs.substr(pos, eol - pos);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    pos = eol + 1;
    if (line != marker) continue;
    // Collect the following paragraph (skip blank lines first, stop at a
    // blank line, a heading or a code fence).
    std::string out;
    while (pos < docs.size()) {
      eol = docs.find('\n', pos);
      if (eol == std::string_view::npos) eol = docs.size();
      std::string_view l = docs.substr(pos, eol - pos);
      while (!l.empty() && (l.back() == ' ' || l.back() == '\r')) l.remove_suffix(1);
      while (!l.empty() && l.front() == ' ') l.remove_prefix(1);
      pos = eol + 1;
      if (l.empty()) {
        if (out.empty()) continue;
        break;
      }
      if (l.starts_with("#") || l.starts_with("```")) break;
      if (!out.empty()) out += ' ';
      out += l;
    }
    return out;
  }
  return {};
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string_view utf8_prefix(std::string_view text, std::size_t n) {
  std::size_t i = 0;
  std::size_t seen = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (seen == n) break;
      ++seen;
    }
    ++i;
  }
  return text.substr(0, i);
}

}  // namespace archverify::reporters::detail
