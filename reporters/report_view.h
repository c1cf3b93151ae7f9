// Read-only helpers shared by the reporters: rule lookup, counts, number and
// location formatting, UTF-8 column arithmetic and the severity → level map.
// Nothing here filters or reorders a Report; it only looks things up in it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "analyzer/core/report.h"

namespace archverify::reporters::detail {

// The RuleMeta of `rule_id` in report.rules, or nullptr.
const RuleMeta* find_rule(const Report& report, std::string_view rule_id);

struct FindingCounts {
  long total = 0;
  long counted = 0;     // count for score and gate
  long suppressed = 0;  // in source or by config
  long baselined = 0;   // Existing in the baseline (and not suppressed)
};
FindingCounts count_findings(const Report& report);

// Levels shared by SARIF and GitHub: critical/high → error, medium → warning, low → note.
enum class Level { Error, Warning, Note };
Level level_of(Severity s);
Level level_of(DiagnosticKind k);  // syntax errors are notes (PRODUCT.md §2)

// "72.4" — fixed decimals, independent of the global locale.
std::string format_fixed(double value, int decimals);

// "path:line:col", dropping unknown (0) parts.
std::string location_string(const SourceRange& where);

std::string_view first_line(std::string_view text);

// The first paragraph under "## <heading>" in Markdown docs, joined into one
// line; empty when the heading is absent.
std::string docs_paragraph(std::string_view docs, std::string_view heading);

// Number of code points in UTF-8 text, and the first `n` code points of it.
std::size_t utf8_length(std::string_view text);
std::string_view utf8_prefix(std::string_view text, std::size_t n);

}  // namespace archverify::reporters::detail
