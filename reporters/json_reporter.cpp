// JSON reporter. See json_reporter.h; the document shape is specified in
// reporters/report.schema.json, which must change with this file.
#include "reporters/json_reporter.h"

#include "reporters/json_stream.h"
#include "reporters/report_view.h"

namespace archverify::reporters {
namespace {

using Json = nlohmann::ordered_json;

void write_location(JsonStream& w, const SourceRange& r) {
  w.begin_object()
      .field("path", r.path.view())
      .field("start_line", r.begin.line)
      .field("start_column", r.begin.column)
      .field("end_line", r.end.line)
      .field("end_column", r.end.column)
      .end_object();
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

void write_finding(JsonStream& w, const Report& report, const Finding& f) {
  w.begin_object().field("rule", f.rule_id).field("name", f.rule_name).field("severity", to_string(f.severity));
  const RuleMeta* meta = detail::find_rule(report, f.rule_id);
  if (meta) w.field("category", to_string(meta->category));
  else w.key("category").null();
  write_location(w.key("location"), f.where);
  w.field("message", f.message)
      .field("hint", f.fix_hint)
      .field("snippet", f.snippet)
      .field("fingerprint", f.fingerprint)
      .field("line_hash", f.line_hash);
  w.key("suppression");
  if (f.suppression == SuppressionKind::None) {
    w.null();
  } else {
    w.begin_object()
        .field("kind", f.suppression == SuppressionKind::InSource ? "in-source" : "config")
        .field("reason", f.suppression_reason)
        .end_object();
  }
  w.key("baseline");
  switch (f.baseline) {
    case BaselineState::Unknown: w.null(); break;
    case BaselineState::New: w.value("new"); break;
    case BaselineState::Existing: w.value("existing"); break;
  }
  w.field("counts_for_score", f.counts_for_score());
  w.key("related").begin_array();
  for (const RelatedLocation& r : f.related) {
    w.begin_object();
    write_location(w.key("location"), r.where);
    w.field("message", r.message).end_object();
  }
  w.end_array().end_object();
}

void write_fixed(JsonStream& w, const Finding& f) {
  w.begin_object().field("rule", f.rule_id).field("name", f.rule_name).field("severity", to_string(f.severity));
  write_location(w.key("location"), f.where);
  w.field("message", f.message).field("fingerprint", f.fingerprint).end_object();
}

void write_diagnostic(JsonStream& w, const Diagnostic& d) {
  w.begin_object().field("kind", to_string(d.kind));
  if (d.where.path.empty()) w.key("location").null();
  else write_location(w.key("location"), d.where);
  w.field("message", d.message).end_object();
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

}  // namespace detail

void JsonReporter::write(const Report& report, std::ostream& out) const {
  JsonStream w(out);
  w.begin_object().field("schema_version", kJsonSchemaVersion);
  w.key("tool")
      .begin_object()
      .field("name", "archverify")
      .field("version", report.tool_version)
      .field("grammar", report.grammar_version)
      .end_object();
  w.field("repository", report.repo_name);
  w.field("score", detail::score_json(report));
  w.field("rules", rules_json(report));
  w.key("findings").begin_array();
  for (const Finding& f : report.findings) write_finding(w, report, f);
  w.end_array();
  w.key("fixed").begin_array();
  for (const Finding& f : report.fixed) write_fixed(w, f);
  w.end_array();
  w.key("diagnostics").begin_array();
  for (const Diagnostic& d : report.diagnostics) write_diagnostic(w, d);
  w.end_array();
  w.field("stats", detail::stats_json(report));
  w.end_object().finish();
}

}  // namespace archverify::reporters
