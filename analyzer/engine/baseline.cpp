// Baselines: file format, loading and matching. See baseline.h.
#include "analyzer/engine/baseline.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace archverify::engine {
namespace {

using Json = nlohmann::ordered_json;
constexpr std::string_view kKind = "archverify-baseline";

bool entry_less(const BaselineEntry& a, const BaselineEntry& b) {
  return std::tie(a.path, a.line, a.column, a.rule_id, a.fingerprint) <
         std::tie(b.path, b.line, b.column, b.rule_id, b.fingerprint);
}

// Reads one field of a baseline entry, or says which and why not.
template <typename T>
bool read_field(const Json& obj, const char* key, T& out, bool required, std::string& err) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) err = std::string("missing \"") + key + "\"";
    return !required;
  }
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) { err = std::string("\"") + key + "\" must be a string"; return false; }
    out = it->template get<std::string>();
  } else {
    if (!it->is_number_unsigned()) {
      err = std::string("\"") + key + "\" must be a non-negative integer";
      return false;
    }
    const auto v = it->template get<std::uint64_t>();
    if (v > 0xFFFFFFFFu) { err = std::string("\"") + key + "\" is too large"; return false; }
    out = static_cast<T>(v);
  }
  return true;
}

}  // namespace

Baseline make_baseline(const std::vector<Finding>& findings) {
  Baseline b;
  for (const Finding& f : findings) {
    if (f.suppression != SuppressionKind::None) continue;
    b.entries.push_back(BaselineEntry{f.fingerprint, f.rule_id, f.rule_name, f.severity,
                                      f.where.path, f.where.begin.line, f.where.begin.column,
                                      f.message});
  }
  std::sort(b.entries.begin(), b.entries.end(), entry_less);
  return b;
}

std::string to_json_text(const Baseline& baseline) {
  Json doc;
  doc["kind"] = kKind;
  doc["schema_version"] = kBaselineVersion;
  Json entries = Json::array();
  for (const BaselineEntry& e : baseline.entries) {
    Json j;
    j["fingerprint"] = e.fingerprint;
    j["rule"] = e.rule_id;
    j["name"] = e.rule_name;
    j["severity"] = std::string(to_string(e.severity));
    j["path"] = e.path;
    j["line"] = e.line;
    j["column"] = e.column;
    j["message"] = e.message;
    entries.push_back(std::move(j));
  }
  doc["findings"] = std::move(entries);
  // Invalid UTF-8 (a message quoting odd source) becomes U+FFFD rather than throwing.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Expected<Baseline> parse_baseline(std::string_view text) {
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    return Error{std::string("not valid JSON: ") + e.what()};
  }
  if (!doc.is_object()) return Error{"expected a JSON object at the top level"};
  auto kind = doc.find("kind");
  if (kind == doc.end() || !kind->is_string() || kind->get<std::string>() != kKind)
    return Error{"not an archverify baseline (\"kind\" must be \"archverify-baseline\")"};
  auto version = doc.find("schema_version");
  if (version == doc.end() || !version->is_number_integer())
    return Error{"missing or non-integer \"schema_version\""};
  if (version->get<long long>() != kBaselineVersion)
    return Error{"unsupported baseline schema_version " + version->dump() + " (this archverify reads " +
                 std::to_string(kBaselineVersion) + ")"};
  auto list = doc.find("findings");
  if (list == doc.end() || !list->is_array()) return Error{"missing array \"findings\""};

  Baseline b;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Json& item = (*list)[i];
    const std::string where = "findings[" + std::to_string(i) + "]: ";
    if (!item.is_object()) return Error{where + "expected an object"};
    BaselineEntry e;
    std::string err;
    std::string severity = "medium";
    const bool ok = read_field(item, "fingerprint", e.fingerprint, true, err) &&
                    read_field(item, "rule", e.rule_id, true, err) &&
                    read_field(item, "name", e.rule_name, false, err) &&
                    read_field(item, "severity", severity, false, err) &&
                    read_field(item, "path", e.path, true, err) &&
                    read_field(item, "line", e.line, false, err) &&
                    read_field(item, "column", e.column, false, err) &&
                    read_field(item, "message", e.message, false, err);
    if (!ok) return Error{where + err};
    if (e.fingerprint.empty()) return Error{where + "\"fingerprint\" is empty"};
    auto sev = parse_severity(severity);
    if (!sev) return Error{where + "unknown severity \"" + severity + "\""};
    e.severity = *sev;
    b.entries.push_back(std::move(e));
  }
  std::sort(b.entries.begin(), b.entries.end(), entry_less);
  return b;
}

Expected<Baseline> load_baseline(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file.generic_string() + ": cannot open baseline file"};
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_baseline(text.str());
  if (!parsed) return Error{file.generic_string() + ": " + parsed.error().message};
  return parsed;
}

std::optional<Error> save_baseline(const Baseline& baseline, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return Error{file.generic_string() + ": cannot write baseline file"};
  out << to_json_text(baseline);
  out.flush();
  if (!out) return Error{file.generic_string() + ": error while writing baseline file"};
  return std::nullopt;
}

std::vector<Finding> apply_baseline(std::vector<Finding>& findings, const Baseline& baseline) {
  // fingerprint → indices of not yet used entries, in baseline order.
  std::map<std::string_view, std::vector<std::size_t>> unused;
  for (std::size_t i = 0; i < baseline.entries.size(); ++i)
    unused[baseline.entries[i].fingerprint].push_back(i);
  std::map<std::string_view, std::size_t> next;  // how many of each were used
  std::vector<bool> used(baseline.entries.size(), false);

  for (Finding& f : findings) {
    auto it = unused.find(f.fingerprint);
    std::size_t& n = next[f.fingerprint];
    if (!f.fingerprint.empty() && it != unused.end() && n < it->second.size()) {
      used[it->second[n]] = true;
      ++n;
      f.baseline = BaselineState::Existing;
    } else {
      f.baseline = BaselineState::New;
    }
  }

  std::vector<Finding> fixed;
  for (std::size_t i = 0; i < baseline.entries.size(); ++i) {
    if (used[i]) continue;
    const BaselineEntry& e = baseline.entries[i];
    Finding f;
    f.rule_id = e.rule_id;
    f.rule_name = e.rule_name;
    f.severity = e.severity;
    f.where.path = e.path;
    f.where.begin = Position{e.line, e.column};
    f.where.end = f.where.begin;
    f.message = e.message;
    f.fingerprint = e.fingerprint;
    f.baseline = BaselineState::Existing;
    fixed.push_back(std::move(f));
  }
  return fixed;
}

}  // namespace archverify::engine
