// inspect: assembles the families in a fixed order and renders JSON as text.
#include <ostream>

#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

Json model_to_json(const model::RepoModel& m) {
  Json j;
  j["schema_version"] = 1;
  j["root"] = m.root_name;
  j["diagnostics"] = diagnostics_to_json(m);
  j["files"] = files_to_json(m);
  j["calls"] = calls_summary_to_json(m);
  j["routes"] = routes_to_json(m);
  j["entities"] = entities_to_json(m);
  j["migrations"] = migrations_to_json(m);
  j["openapi"] = openapi_to_json(m);
  j["queries"] = queries_to_json(m);
  j["row_iterations"] = row_iterations_to_json(m);
  j["cookie_writes"] = cookies_to_json(m);
  j["tenant_guess"] = tenant_guess_to_json(m);
  return j;
}

Json tenant_guess_to_json(const model::RepoModel& m) {
  if (!m.tenant_guess) return nullptr;
  auto cand = [](const model::TenantKeyCandidate& c) {
    Json j;
    j["column"] = c.column;
    j["references"] = c.target_table;
    j["entities"] = c.entities;
    j["of_entities"] = c.entities_total;
    return j;
  };
  Json j;
  j["key"] = cand(m.tenant_guess->key);
  j["runner_up"] = m.tenant_guess->runner_up ? cand(*m.tenant_guess->runner_up) : Json(nullptr);
  j["scoped_entities"] = m.tenant_guess->scoped_entities;
  return j;
}

namespace {
bool is_scalar_array(const Json& j) {
  for (const auto& e : j) if (e.is_structured()) return false;
  return true;
}
std::string scalar(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

void write_value(const Json& j, std::ostream& out, int indent) {
  std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (v.is_structured() && !(v.is_array() && is_scalar_array(v))) {
        if (v.empty()) continue;
        out << pad << k << ":\n";
        write_value(v, out, indent + 1);
      } else if (v.is_array()) {
        if (v.empty()) continue;
        out << pad << k << ": ";
        for (std::size_t i = 0; i < v.size(); ++i) out << (i ? ", " : "") << scalar(v[i]);
        out << "\n";
      } else {
        out << pad << k << ": " << scalar(v) << "\n";
      }
    }
  } else if (j.is_array()) {
    for (const auto& e : j) {
      if (e.is_object()) {
        out << pad << "-\n";
        write_value(e, out, indent + 1);
      } else {
        out << pad << "- " << scalar(e) << "\n";
      }
    }
  } else {
    out << pad << scalar(j) << "\n";
  }
}
}  // namespace

void write_text(const Json& j, std::ostream& out) { write_value(j, out, 0); }

}  // namespace archverify::inspect
