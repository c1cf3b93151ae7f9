// SARIF reporter. See sarif_reporter.h.
#include "reporters/sarif_reporter.h"

#include <map>
#include <string>
#include <vector>

#include "reporters/json_reporter.h"
#include "reporters/json_stream.h"
#include "reporters/report_view.h"

namespace archverify::reporters {
namespace {

// The OASIS location of the schema this output follows.
constexpr const char* kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSrcRoot = "%SRCROOT%";
constexpr const char* kOurFingerprintKey = "archverifyFingerprint/v1";

std::string_view level_string(detail::Level l) {
  switch (l) {
    case detail::Level::Error: return "error";
    case detail::Level::Warning: return "warning";
    case detail::Level::Note: return "note";
  }
  return "note";
}

// GitHub: > 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low.
std::string_view security_severity(Severity s) {
  switch (s) {
    case Severity::Critical: return "9.5";
    case Severity::High: return "7.5";
    case Severity::Medium: return "5.0";
    case Severity::Low: return "2.0";
  }
  return "2.0";
}

// {"text": text}
void write_message(JsonStream& w, std::string_view text) { w.begin_object().field("text", text).end_object(); }

// physicalLocation for a repo-relative range; whole-file ranges (line 0) point
// at line 1 because GitHub wants a region on every result location.
void write_physical_location(JsonStream& w, const SourceRange& r, std::string_view snippet) {
  w.begin_object();
  w.key("artifactLocation").begin_object().field("uri", r.path.view()).field("uriBaseId", kSrcRoot).end_object();
  w.key("region").begin_object();
  const std::uint32_t start_line = r.begin.line == 0 ? 1 : r.begin.line;
  w.field("startLine", start_line);
  if (r.begin.line > 0 && r.begin.column > 0) w.field("startColumn", r.begin.column);
  if (r.begin.line > 0 && r.end.line >= r.begin.line) {
    w.field("endLine", r.end.line);
    const bool ordered = r.end.line > r.begin.line || r.end.column > r.begin.column;
    if (r.end.column > 0 && r.begin.column > 0 && ordered) w.field("endColumn", r.end.column);
  }
  if (!snippet.empty() && r.begin.line > 0) write_message(w.key("snippet"), snippet);
  w.end_object().end_object();
}

void write_help(JsonStream& w, std::string_view text) {
  w.begin_object().field("text", text).field("markdown", text).end_object();
}

void write_rule_descriptor(JsonStream& w, const RuleMeta& m, const ReporterOptions& options) {
  w.begin_object().field("id", m.id).field("name", m.name);
  const std::string_view summary = m.summary.empty() ? m.id : m.summary;
  write_message(w.key("shortDescription"), summary);
  const std::string full = detail::docs_paragraph(m.docs, "What it does");
  write_message(w.key("fullDescription"), full.empty() ? summary : std::string_view(full));
  write_help(w.key("help"), m.docs.empty() ? summary : m.docs);
  if (!options.help_uri_base.empty()) w.field("helpUri", options.help_uri_base + std::string(m.id));
  w.key("defaultConfiguration").begin_object().field("level", level_string(detail::level_of(m.default_severity))).end_object();
  w.key("properties").begin_object();
  w.key("tags").begin_array();
  for (std::string_view t : m.tags) w.value(t);
  w.end_array();
  w.field("precision", m.precision)
      .field("security-severity", security_severity(m.default_severity))
      .field("category", to_string(m.category));
  if (m.maturity == Maturity::Preview) w.field("maturity", "preview");
  w.end_object().end_object();
}

// A descriptor for a finding whose rule is not in report.rules (so ruleIndex
// always points somewhere valid).
void write_unknown_rule_descriptor(JsonStream& w, const Finding& f) {
  w.begin_object().field("id", f.rule_id);
  if (!f.rule_name.empty()) w.field("name", f.rule_name);
  const std::string text = "archverify check " + f.rule_id;
  write_message(w.key("shortDescription"), text);
  write_message(w.key("fullDescription"), text);
  write_help(w.key("help"), text);
  w.key("defaultConfiguration").begin_object().field("level", level_string(detail::level_of(f.severity))).end_object();
  w.key("properties").begin_object();
  w.key("tags").begin_array().end_array();
  w.field("precision", "high").field("security-severity", security_severity(f.severity));
  w.end_object().end_object();
}

void write_result(JsonStream& w, const Report& report, const Finding& f, std::size_t rule_index) {
  w.begin_object()
      .field("ruleId", f.rule_id)
      .field("ruleIndex", rule_index)
      .field("level", level_string(detail::level_of(f.severity)));
  write_message(w.key("message"), f.message.empty() ? f.rule_id : f.message);
  w.key("locations").begin_array().begin_object();
  write_physical_location(w.key("physicalLocation"), f.where, f.snippet);
  w.end_object().end_array();
  if (!f.related.empty()) {
    w.key("relatedLocations").begin_array();
    int id = 1;
    for (const RelatedLocation& rl : f.related) {
      w.begin_object().field("id", id++);
      write_physical_location(w.key("physicalLocation"), rl.where, {});
      write_message(w.key("message"), rl.message.empty() ? std::string_view("related location") : rl.message);
      w.end_object();
    }
    w.end_array();
  }
  w.key("partialFingerprints").begin_object();
  if (!f.line_hash.empty()) w.field("primaryLocationLineHash", f.line_hash);
  if (!f.fingerprint.empty()) w.field(kOurFingerprintKey, f.fingerprint);
  w.end_object();
  if (f.suppression != SuppressionKind::None) {
    w.key("suppressions").begin_array().begin_object();
    w.field("kind", f.suppression == SuppressionKind::InSource ? "inSource" : "external");
    if (!f.suppression_reason.empty()) w.field("justification", f.suppression_reason);
    w.end_object().end_array();
  }
  if (report.baseline_used && f.baseline != BaselineState::Unknown)
    w.field("baselineState", f.baseline == BaselineState::New ? "new" : "unchanged");
  w.key("properties").begin_object().field("severity", to_string(f.severity));
  if (!f.fix_hint.empty()) w.field("fixHint", f.fix_hint);
  w.end_object().end_object();
}

void write_notification(JsonStream& w, const Diagnostic& d) {
  w.begin_object();
  w.key("descriptor").begin_object().field("id", to_string(d.kind)).end_object();
  w.field("level", level_string(detail::level_of(d.kind)));
  write_message(w.key("message"), d.message.empty() ? to_string(d.kind) : std::string_view(d.message));
  if (!d.where.path.empty()) {
    w.key("locations").begin_array().begin_object();
    write_physical_location(w.key("physicalLocation"), d.where, {});
    w.end_object().end_array();
  }
  w.end_object();
}

}  // namespace

void SarifReporter::write(const Report& report, std::ostream& out) const {
  // Rules table first; results refer to it by index. Findings of rules not
  // in report.rules get a descriptor after the known ones.
  std::map<std::string, std::size_t, std::less<>> index_of;
  std::size_t descriptors = 0;
  for (const RuleMeta& m : report.rules) index_of.emplace(std::string(m.id), descriptors++);
  std::vector<const Finding*> unknown_rules;
  for (const Finding& f : report.findings) {
    if (index_of.count(f.rule_id) != 0) continue;
    index_of.emplace(f.rule_id, descriptors++);
    unknown_rules.push_back(&f);
  }

  JsonStream w(out);
  w.begin_object().field("$schema", kSchemaUri).field("version", "2.1.0");
  w.key("runs").begin_array().begin_object();
  w.key("tool").begin_object().key("driver").begin_object();
  w.field("name", "archverify").field("version", report.tool_version).field("informationUri", options_.information_uri);
  w.key("rules").begin_array();
  for (const RuleMeta& m : report.rules) write_rule_descriptor(w, m, options_);
  for (const Finding* f : unknown_rules) write_unknown_rule_descriptor(w, *f);
  w.end_array().end_object().end_object();

  bool ok = true;
  for (const Diagnostic& d : report.diagnostics)
    if (d.kind == DiagnosticKind::InternalError) ok = false;
  w.key("invocations").begin_array().begin_object().field("executionSuccessful", ok);
  if (!report.diagnostics.empty()) {
    w.key("toolExecutionNotifications").begin_array();
    for (const Diagnostic& d : report.diagnostics) write_notification(w, d);
    w.end_array();
  }
  w.end_object().end_array();
  w.key("automationDetails").begin_object().field("id", options_.automation_id).end_object();
  w.key("originalUriBaseIds").begin_object().key(kSrcRoot).begin_object();
  write_message(w.key("description"), "The root of the analysed repository");
  w.end_object().end_object();
  w.field("columnKind", "unicodeCodePoints");

  w.key("results").begin_array();
  for (const Finding& f : report.findings) write_result(w, report, f, index_of.find(f.rule_id)->second);
  w.end_array();

  w.key("properties").begin_object();
  w.field("score", detail::score_json(report)).field("stats", detail::stats_json(report));
  if (!report.repo_name.empty()) w.field("repository", report.repo_name);
  w.end_object();
  w.end_object().end_array().end_object().finish();
}

}  // namespace archverify::reporters
