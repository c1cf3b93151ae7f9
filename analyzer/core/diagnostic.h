// Tool diagnostics: what happened to the *input* rather than what is wrong with
// the architecture (a file skipped, a syntax error, a bad genome key). They are
// reported alongside findings and never stop the run.
#pragma once
#include <string>
#include <string_view>

#include "source_range.h"

namespace archverify {

enum class DiagnosticKind {
  SyntaxError,      // the file parsed with errors; analysed as far as the tree allows
  SkippedFile,      // binary, non-UTF-8, too large, unreadable
  ConfigError,      // genome, pyproject, spec: bad input (the run goes on where it can)
  ConfigWarning,
  InternalError,
};

constexpr std::string_view to_string(DiagnosticKind k) {
  switch (k) {
    case DiagnosticKind::SyntaxError: return "syntax-error";
    case DiagnosticKind::SkippedFile: return "skipped-file";
    case DiagnosticKind::ConfigError: return "config-error";
    case DiagnosticKind::ConfigWarning: return "config-warning";
    case DiagnosticKind::InternalError: return "internal-error";
  }
  return "internal-error";
}

struct Diagnostic {
  DiagnosticKind kind = DiagnosticKind::ConfigError;
  SourceRange where;  // line 0 when the whole file is meant
  std::string message;
  auto operator<=>(const Diagnostic&) const = default;
};

}  // namespace archverify
