// SARIF reporter. See sarif_reporter.h.
#include "reporters/sarif_reporter.h"

#include <map>
#include <string>

#include "reporters/json_reporter.h"
#include "reporters/report_view.h"

namespace archverify::reporters {
namespace {

using Json = nlohmann::ordered_json;

// The OASIS location of the schema this output follows.
constexpr const char* kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kOurFingerprintKey = "archverifyFingerprint/v1";

std::string level_string(detail::Level l) {
  switch (l) {
    case detail::Level::Error: return "error";
    case detail::Level::Warning: return "warning";
    case detail::Level::Note: return "note";
  }
  return "note";
}

// GitHub: > 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low.
std::string security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "7.5";
    case Severity::Medium: return "5.0";
    case Severity::Low: return "2.0";
  }
  return "2.0";
}

Json text_message(std::string_view text) {
  Json m;
  m["text"] = std::string(text);
  return m;
}

// physicalLocation for a repo-relative range; whole-file ranges (line 0) point
// at line 1 because GitHub wants a region on every result location.
Json physical_location(const SourceRange& r, std::string_view snippet) {
  Json art;
  art["uri"] = r.path;
  art["uriBaseId"] = kSrcRoot;
  Json region;
  const std::uint32_t start_line = r.begin.line == 0 ? 1 : r.begin.line;
  region["startLine"] = start_line;
  if (r.begin.line > 0 && r.begin.column > 0) region["startColumn"] = r.begin.column;
  if (r.begin.line > 0 && r.end.line >= r.begin.line) {
    region["endLine"] = r.end.line;
    const bool ordered = r.end.line > r.begin.line || r.end.column > r.begin.column;
    if (r.end.column > 0 && r.begin.column > 0 && ordered) region["endColumn"] = r.end.column;
  }
  if (!snippet.empty() && r.begin.line > 0) {
    Json sn;
    sn["text"] = std::string(snippet);
    region["snippet"] = std::move(sn);
  }
  Json pl;
  pl["artifactLocation"] = std::move(art);
  pl["region"] = std::move(region);
  return pl;
}

Json rule_descriptor(const RuleMeta& m, const ReporterOptions& options) {
  Json r;
  r["id"] = std::string(m.id);
  r["name"] = std::string(m.name);
  const std::string summary = m.summary.empty() ? std::string(m.id) : std::string(m.summary);
  r["shortDescription"] = text_message(summary);
  std::string full = detail::docs_paragraph(m.docs, "What it does");
  r["fullDescription"] = text_message(full.empty() ? summary : full);
  Json help;
  help["text"] = m.docs.empty() ? summary : std::string(m.docs);
  help["markdown"] = m.docs.empty() ? summary : std::string(m.docs);
  r["help"] = std::move(help);
  if (!options.help_uri_base.empty()) r["helpUri"] = options.help_uri_base + std::string(m.id);
  Json cfg;
  cfg["level"] = level_string(detail::level_of(m.default_severity));
  r["defaultConfiguration"] = std::move(cfg);
  Json props;
  Json tags = Json::array();
  for (std::string_view t : m.tags) tags.push_back(std::string(t));
  props["tags"] = std::move(tags);
  props["precision"] = std::string(m.precision);
  props["security-severity"] = security_severity(m.default_severity);
  props["category"] = std::string(to_string(m.category));
  if (m.maturity == Maturity::Preview) props["maturity"] = "preview";
  r["properties"] = std::move(props);
  return r;
}

// A descriptor for a finding whose rule is not in report.rules (so ruleIndex
// always points somewhere valid).
Json unknown_rule_descriptor(const Finding& f) {
  Json r;
  r["id"] = f.rule_id;
  if (!f.rule_name.empty()) r["name"] = f.rule_name;
  const std::string text = "archverify check " + f.rule_id;
  r["shortDescription"] = text_message(text);
  r["fullDescription"] = text_message(text);
  Json help;
  help["text"] = text;
  help["markdown"] = text;
  r["help"] = std::move(help);
  Json cfg;
  cfg["level"] = level_string(detail::level_of(f.severity));
  r["defaultConfiguration"] = std::move(cfg);
  Json props;
  props["tags"] = Json::array();
  props["precision"] = "high";
  props["security-severity"] = security_severity(f.severity);
  r["properties"] = std::move(props);
  return r;
}

Json result_json(const Report& report, const Finding& f, std::size_t rule_index) {
  Json r;
  r["ruleId"] = f.rule_id;
  r["ruleIndex"] = rule_index;
  r["level"] = level_string(detail::level_of(f.severity));
  r["message"] = text_message(f.message.empty() ? f.rule_id : f.message);
  Json loc;
  loc["physicalLocation"] = physical_location(f.where, f.snippet);
  r["locations"] = Json::array({std::move(loc)});
  if (!f.related.empty()) {
    Json related = Json::array();
    int id = 1;
    for (const RelatedLocation& rl : f.related) {
      Json j;
      j["id"] = id++;
      j["physicalLocation"] = physical_location(rl.where, {});
      j["message"] = text_message(rl.message.empty() ? "related location" : rl.message);
      related.push_back(std::move(j));
    }
    r["relatedLocations"] = std::move(related);
  }
  Json fps = Json::object();
  if (!f.line_hash.empty()) fps["primaryLocationLineHash"] = f.line_hash;
  if (!f.fingerprint.empty()) fps[kOurFingerprintKey] = f.fingerprint;
  r["partialFingerprints"] = std::move(fps);
  if (f.suppression != SuppressionKind::None) {
    Json s;
    s["kind"] = f.suppression == SuppressionKind::InSource ? "inSource" : "external";
    if (!f.suppression_reason.empty()) s["justification"] = f.suppression_reason;
    r["suppressions"] = Json::array({std::move(s)});
  }
  if (report.baseline_used && f.baseline != BaselineState::Unknown)
    r["baselineState"] = f.baseline == BaselineState::New ? "new" : "unchanged";
  Json props;
  props["severity"] = std::string(to_string(f.severity));
  if (!f.fix_hint.empty()) props["fixHint"] = f.fix_hint;
  r["properties"] = std::move(props);
  return r;
}

Json notification_json(const Diagnostic& d) {
  Json n;
  Json desc;
  desc["id"] = std::string(to_string(d.kind));
  n["descriptor"] = std::move(desc);
  n["level"] = level_string(detail::level_of(d.kind));
  n["message"] = text_message(d.message.empty() ? std::string(to_string(d.kind)) : d.message);
  if (!d.where.path.empty()) {
    Json loc;
    loc["physicalLocation"] = physical_location(d.where, {});
    n["locations"] = Json::array({std::move(loc)});
  }
  return n;
}

}  // namespace

void SarifReporter::write(const Report& report, std::ostream& out) const {
  // Rules table first; results refer to it by index.
  Json rules = Json::array();
  std::map<std::string, std::size_t, std::less<>> index_of;
  for (const RuleMeta& m : report.rules) {
    index_of.emplace(std::string(m.id), rules.size());
    rules.push_back(rule_descriptor(m, options_));
  }
  for (const Finding& f : report.findings) {
    if (index_of.count(f.rule_id) != 0) continue;
    index_of.emplace(f.rule_id, rules.size());
    rules.push_back(unknown_rule_descriptor(f));
  }

  Json driver;
  driver["name"] = "archverify";
  driver["version"] = report.tool_version;
  driver["informationUri"] = options_.information_uri;
  driver["rules"] = std::move(rules);
  Json tool;
  tool["driver"] = std::move(driver);

  Json run;
  run["tool"] = std::move(tool);
  Json invocation;
  bool ok = true;
  Json notes = Json::array();
  for (const Diagnostic& d : report.diagnostics) {
    if (d.kind == DiagnosticKind::InternalError) ok = false;
    notes.push_back(notification_json(d));
  }
  invocation["executionSuccessful"] = ok;
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);
  run["invocations"] = Json::array({std::move(invocation)});
  Json automation;
  automation["id"] = options_.automation_id;
  run["automationDetails"] = std::move(automation);
  Json base;
  base["description"] = text_message("The root of the analysed repository");
  Json bases;
  bases[kSrcRoot] = std::move(base);
  run["originalUriBaseIds"] = std::move(bases);
  run["columnKind"] = "unicodeCodePoints";

  Json results = Json::array();
  for (const Finding& f : report.findings) results.push_back(result_json(report, f, index_of.at(f.rule_id)));
  run["results"] = std::move(results);

  Json props;
  props["score"] = detail::score_json(report);
  props["stats"] = detail::stats_json(report);
  if (!report.repo_name.empty()) props["repository"] = report.repo_name;
  run["properties"] = std::move(props);

  Json doc;
  doc["$schema"] = kSchemaUri;
  doc["version"] = "2.1.0";
  doc["runs"] = Json::array({std::move(run)});
  out << detail::dump_json(doc) << '\n';
}

}  // namespace archverify::reporters
