// Finding: one problem a rule found, as data. Rules fill where/message/hint;
// the engine stamps rule id, severity, fingerprint, suppression and baseline
// status. Reporters only render it.
#pragma once
#include <string>
#include <vector>

#include "severity.h"
#include "source_range.h"

namespace archverify {

enum class SuppressionKind { None, InSource, Config };
enum class BaselineState { Unknown, New, Existing };

struct RelatedLocation {
  SourceRange where;
  std::string message;
};

struct Finding {
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::Medium;
  SourceRange where;
  std::string message;
  std::string fix_hint;                 // short, imperative; may be empty
  std::string snippet;                  // the source line(s) of `where` (engine fills; reporters show it)
  std::vector<RelatedLocation> related;
  std::string fingerprint;              // location-independent hash (engine)
  std::string line_hash;                // GitHub primaryLocationLineHash (engine; only when a JSON/SARIF report is asked for)
  SuppressionKind suppression = SuppressionKind::None;
  std::string suppression_reason;
  BaselineState baseline = BaselineState::Unknown;

  bool counts_for_score() const {
    return suppression == SuppressionKind::None && baseline != BaselineState::Existing;
  }
};

}  // namespace archverify
