// RuleMeta: everything about a rule that is not its logic. Reporters (SARIF
// rules table, `archverify explain`) render it mechanically; no per-rule code.
#pragma once
#include <span>
#include <string_view>

#include "category.h"
#include "severity.h"

namespace archverify {

enum class Maturity { Stable, Preview };

struct RuleMeta {
  std::string_view id;        // "TEN001": stable forever, never reused
  std::string_view name;      // "unscoped-tenant-query": kebab-case, names the smell
  Category category = Category::Hygiene;
  Severity default_severity = Severity::Medium;
  std::string_view summary;   // one line, no trailing period
  std::string_view docs;      // Markdown: What it does / Why is this bad? / Example / Use instead
  Maturity maturity = Maturity::Stable;
  std::span<const std::string_view> tags = {};  // "security", "cwe-639", ...
  std::string_view precision = "high";          // SARIF properties.precision
};

}  // namespace archverify
