// inspect: files, modules, parse errors, imports, classes and functions.
#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

Json range_to_json(const SourceRange& r) {
  Json j;
  j["path"] = r.path;
  j["line"] = r.begin.line;
  j["column"] = r.begin.column;
  j["end_line"] = r.end.line;
  j["end_column"] = r.end.column;
  return j;
}

Json span_to_json(const model::Span& s) {
  return Json::array({s.begin.line, s.begin.column, s.end.line, s.end.column});
}

Json files_to_json(const model::RepoModel& m) {
  Json files = Json::array();
  for (std::size_t i = 0; i < m.files.size(); ++i) {
    const model::FileFacts& f = m.files[i];
    Json j;
    j["path"] = f.path;
    j["module"] = m.module_names.size() > i ? m.module_names[i] : "";
    j["lines"] = f.line_count;
    Json errors = Json::array();
    for (const auto& e : f.syntax_errors) errors.push_back(span_to_json(e));
    j["syntax_errors"] = errors;
    Json imports = Json::array();
    for (const auto& imp : f.imports) {
      std::string text = std::string(imp.level, '.');
      text += imp.module;
      if (!imp.name.empty()) (text += " : ") += imp.name;
      if (imp.alias != imp.name && !imp.name.empty()) (text += " as ") += imp.alias;
      imports.push_back(text);
    }
    j["imports"] = imports;
    Json classes = Json::array();
    for (const auto& c : f.classes) {
      Json cj;
      cj["name"] = c.qualname;
      cj["line"] = c.span.begin.line;
      Json bases = Json::array();
      for (const auto& b : c.bases) bases.push_back(b.dotted().empty() ? std::string(model::to_string(b.kind)) : b.dotted());
      cj["bases"] = bases;
      classes.push_back(cj);
    }
    j["classes"] = classes;
    Json functions = Json::array();
    for (const auto& fn : f.functions) {
      Json fj;
      fj["name"] = fn.qualname;
      fj["line"] = fn.name_span.begin.line;
      fj["async"] = fn.is_async;
      Json decos = Json::array();
      for (const auto& d : fn.decorators) {
        std::string name = d.kind == model::ExprKind::Call ? d.callee().dotted() : d.dotted();
        decos.push_back(name.empty() ? std::string(model::to_string(d.kind)) : name);
      }
      fj["decorators"] = decos;
      functions.push_back(fj);
    }
    j["functions"] = functions;
    files.push_back(j);
  }
  return files;
}

Json diagnostics_to_json(const model::RepoModel& m) {
  Json out = Json::array();
  for (const Diagnostic& d : m.diagnostics) {
    Json j;
    j["kind"] = std::string(to_string(d.kind));
    j["where"] = range_to_json(d.where);
    j["message"] = d.message;
    out.push_back(j);
  }
  return out;
}

Json calls_summary_to_json(const model::RepoModel& m) {
  Json j;
  std::size_t resolved = 0;
  for (const auto& c : m.calls) if (c.target.valid()) ++resolved;
  j["total"] = m.calls.size();
  j["to_repository_functions"] = resolved;
  return j;
}

}  // namespace archverify::inspect
