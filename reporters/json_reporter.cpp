// JSON reporter. See json_reporter.h; the document shape is specified in
// reporters/report.schema.json, which must change with this file.
#include "reporters/json_reporter.h"

#include "reporters/report_view.h"

namespace archverify::reporters {
namespace {

using Json = nlohmann::ordered_json;

Json location_json(const SourceRange& r) {
  Json j;
  j["path"] = r.path;
  j["start_line"] = r.begin.line;
  j["start_column"] = r.begin.column;
  j["end_line"] = r.end.line;
  j["end_column"] = r.end.column;
  return j;
}

Json tags_json(const RuleMeta& m) {
  Json tags = Json::array();
  for (std::string_view t : m.tags) tags.push_back(std::string(t));
  return tags;
}

Json rules_json(const Report& report) {
  Json rules = Json::array();
  for (const RuleMeta& m : report.rules) {
    Json j;
    j["id"] = std::string(m.id);
    j["name"] = std::string(m.name);
    j["category"] = std::string(to_string(m.category));
    j["default_severity"] = std::string(to_string(m.default_severity));
    j["summary"] = std::string(m.summary);
    j["maturity"] = m.maturity == Maturity::Preview ? "preview" : "stable";
    j["precision"] = std::string(m.precision);
    j["tags"] = tags_json(m);
    long checks = 0, failures = 0;
    for (const RuleStats& s : report.rule_stats)
      if (s.rule_id == m.id) {
        checks = s.checks;
        failures = s.failures;
      }
    j["checks"] = checks;
    j["failures"] = failures;
    rules.push_back(std::move(j));
  }
  return rules;
}

Json finding_json(const Report& report, const Finding& f) {
  Json j;
  j["rule"] = f.rule_id;
  j["name"] = f.rule_name;
  j["severity"] = std::string(to_string(f.severity));
  const RuleMeta* meta = detail::find_rule(report, f.rule_id);
  j["category"] = meta ? Json(std::string(to_string(meta->category))) : Json(nullptr);
  j["location"] = location_json(f.where);
  j["message"] = f.message;
  j["hint"] = f.fix_hint;
  j["snippet"] = f.snippet;
  j["fingerprint"] = f.fingerprint;
  j["line_hash"] = f.line_hash;
  if (f.suppression == SuppressionKind::None) {
    j["suppression"] = nullptr;
  } else {
    Json s;
    s["kind"] = f.suppression == SuppressionKind::InSource ? "in-source" : "config";
    s["reason"] = f.suppression_reason;
    j["suppression"] = std::move(s);
  }
  switch (f.baseline) {
    case BaselineState::Unknown: j["baseline"] = nullptr; break;
    case BaselineState::New: j["baseline"] = "new"; break;
    case BaselineState::Existing: j["baseline"] = "existing"; break;
  }
  j["counts_for_score"] = f.counts_for_score();
  Json related = Json::array();
  for (const RelatedLocation& r : f.related) {
    Json rj;
    rj["location"] = location_json(r.where);
    rj["message"] = r.message;
    related.push_back(std::move(rj));
  }
  j["related"] = std::move(related);
  return j;
}

Json fixed_json(const Finding& f) {
  Json j;
  j["rule"] = f.rule_id;
  j["name"] = f.rule_name;
  j["severity"] = std::string(to_string(f.severity));
  j["location"] = location_json(f.where);
  j["message"] = f.message;
  j["fingerprint"] = f.fingerprint;
  return j;
}

Json diagnostic_json(const Diagnostic& d) {
  Json j;
  j["kind"] = std::string(to_string(d.kind));
  j["location"] = d.where.path.empty() ? Json(nullptr) : location_json(d.where);
  j["message"] = d.message;
  return j;
}

}  // namespace

namespace detail {

Json score_json(const Report& report) {
  const Score& s = report.score;
  Json j;
  j["overall"] = s.overall;
  j["threshold"] = s.threshold;
  j["passed"] = s.passed;
  j["fail_on"] = s.has_fail_on ? Json(std::string(to_string(s.fail_on))) : Json(nullptr);
  j["fail_on_triggered"] = s.fail_on_triggered;
  Json cats = Json::array();
  for (const CategoryScore& c : s.categories) {
    Json cj;
    cj["category"] = std::string(to_string(c.category));
    cj["score"] = c.score;
    cj["weight"] = c.weight;
    cj["checks"] = c.checks;
    cj["failures"] = c.failures;
    cj["weighted_checks"] = c.weighted_checks;
    cj["weighted_failures"] = c.weighted_failures;
    cats.push_back(std::move(cj));
  }
  j["categories"] = std::move(cats);
  Json losses = Json::array();
  for (const RuleLoss& l : s.top_losses) {
    Json lj;
    lj["rule"] = l.rule_id;
    lj["failures"] = l.failures;
    lj["points_lost"] = l.points_lost;
    losses.push_back(std::move(lj));
  }
  j["top_losses"] = std::move(losses);
  return j;
}

Json stats_json(const Report& report) {
  const auto counts = count_findings(report);
  Json j;
  j["files"] = report.stats.files;
  j["lines"] = report.stats.lines;
  j["parse_errors"] = report.stats.parse_errors;
  j["skipped_files"] = report.stats.skipped_files;
  j["findings"] = counts.total;
  j["counted"] = counts.counted;
  j["suppressed"] = counts.suppressed;
  j["baselined"] = counts.baselined;
  j["fixed"] = report.fixed.size();
  j["baseline_used"] = report.baseline_used;
  if (report.include_run_metadata) {
    j["cached_files"] = report.stats.cached_files;
    j["duration_seconds"] = report.stats.duration_seconds;
  }
  return j;
}

std::string dump_json(const Json& doc) {
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace detail

void JsonReporter::write(const Report& report, std::ostream& out) const {
  Json doc;
  doc["schema_version"] = kJsonSchemaVersion;
  Json tool;
  tool["name"] = "archverify";
  tool["version"] = report.tool_version;
  tool["grammar"] = report.grammar_version;
  doc["tool"] = std::move(tool);
  doc["repository"] = report.repo_name;
  doc["score"] = detail::score_json(report);
  doc["rules"] = rules_json(report);
  Json findings = Json::array();
  for (const Finding& f : report.findings) findings.push_back(finding_json(report, f));
  doc["findings"] = std::move(findings);
  Json fixed = Json::array();
  for (const Finding& f : report.fixed) fixed.push_back(fixed_json(f));
  doc["fixed"] = std::move(fixed);
  Json diags = Json::array();
  for (const Diagnostic& d : report.diagnostics) diags.push_back(diagnostic_json(d));
  doc["diagnostics"] = std::move(diags);
  doc["stats"] = detail::stats_json(report);
  out << detail::dump_json(doc) << '\n';
}

}  // namespace archverify::reporters
