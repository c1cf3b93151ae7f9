// inspect: query sites (entities, filter trees, loader options, terminal,
// flows) and row iterations (iterable source, attribute reads).
#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

namespace {

std::string function_name(const model::RepoModel& m, std::uint32_t file, std::uint32_t fn) {
  if (file >= m.files.size() || fn >= m.files[file].functions.size()) return "";
  return m.files[file].functions[fn].qualname.str();
}

Json term_to_json(const model::FilterTerm& t) {
  Json j;
  j["kind"] = std::string(model::to_string(t.kind));
  j["clause"] = std::string(model::to_string(t.clause));
  j["line"] = t.where.begin.line;
  if (t.kind == model::FilterTermKind::Compare || t.kind == model::FilterTermKind::Relationship) {
    j["entity"] = t.entity;
    if (!t.entity_qualified.empty()) j["entity_qualified"] = t.entity_qualified;
    j["column"] = t.column;
    if (t.op != model::CompareOp::None) j["op"] = std::string(model::to_string(t.op));
  }
  if (!t.value_refs.empty()) {
    Json refs = Json::array();
    for (const auto& r : t.value_refs) refs.push_back(r.chain + " (" + std::string(model::to_string(r.origin)) + ")");
    j["value_refs"] = refs;
  }
  if (!t.variable.empty()) j["variable"] = t.variable;
  if (!t.children.empty()) {
    Json ch = Json::array();
    for (const auto& c : t.children) ch.push_back(term_to_json(c));
    j["children"] = ch;
  }
  return j;
}

}  // namespace

Json queries_to_json(const model::RepoModel& m) {
  Json out = Json::array();
  for (const model::QuerySite& q : m.queries) {
    Json j;
    j["kind"] = std::string(model::to_string(q.kind));
    j["where"] = range_to_json(q.where);
    j["function"] = function_name(m, q.file, q.function);
    Json ents = Json::array();
    for (const auto& e : q.entities) {
      Json ej;
      ej["role"] = std::string(model::to_string(e.role));
      ej["name"] = e.name;
      ej["qualified"] = e.qualified;
      if (!e.relationship.empty()) ej["relationship"] = e.relationship;
      if (e.generic) ej["generic"] = true;
      ents.push_back(ej);
    }
    j["entities"] = ents;
    Json filters = Json::array();
    for (const auto& t : q.filters) filters.push_back(term_to_json(t));
    j["filters"] = filters;
    Json opts = Json::array();
    for (const auto& o : q.options) {
      if (!o.splat_variable.empty()) {
        opts.push_back("*" + o.splat_variable);
        continue;
      }
      std::string path;
      for (const auto& s : o.path) {
        if (!path.empty()) path += " -> ";
        path += std::string(model::to_string(s.strategy)) + "(" + (s.entity.empty() ? "" : s.entity + ".") + s.attribute + ")";
      }
      opts.push_back(path);
    }
    j["options"] = opts;
    Json helpers = Json::array();
    for (const auto& h : q.helpers) helpers.push_back(h.qualified.empty() ? h.callee : h.qualified);
    j["helpers"] = helpers;
    if (q.factory.valid()) {
      const std::string& mod = m.module_names[q.factory.file];
      const std::string qn = m.files[q.factory.file].functions[q.factory.function].qualname.str();
      j["factory"] = mod.empty() ? qn : mod + "." + qn;
    }
    Json values = Json::array();
    for (const auto& v : q.values) values.push_back(v.column);
    j["values"] = values;
    j["terminal"] = std::string(model::to_string(q.terminal));
    j["executed"] = q.executed;
    j["awaited"] = q.awaited;
    j["async_session"] = q.async_session;
    j["session"] = q.session;
    Json flows = Json::array();
    for (const auto& f : q.flows) {
      Json fj;
      fj["kind"] = std::string(model::to_string(f.kind));
      fj["line"] = f.where.begin.line;
      if (!f.variables.empty()) fj["variables"] = f.variables;
      if (!f.callee.empty()) fj["callee"] = f.callee_qualified.empty() ? f.callee : f.callee_qualified;
      if (f.consumer < m.queries.size()) fj["consumer_line"] = m.queries[f.consumer].where.begin.line;
      flows.push_back(fj);
    }
    j["flows"] = flows;
    j["filter_parameters"] = q.filter_parameters;
    out.push_back(j);
  }
  return out;
}

Json row_iterations_to_json(const model::RepoModel& m) {
  Json out = Json::array();
  for (const model::RowIteration& it : m.row_iterations) {
    Json j;
    j["kind"] = std::string(model::to_string(it.kind));
    j["where"] = range_to_json(it.where);
    j["function"] = function_name(m, it.file, it.function);
    j["variables"] = it.variables;
    j["source"] = std::string(model::to_string(it.source));
    if (!it.iterable_variable.empty()) j["iterable_variable"] = it.iterable_variable;
    if (it.query != model::kNoIndex) j["query"] = it.query;
    if (!it.iterable_callee.empty()) j["callee"] = it.iterable_callee;
    if (it.iterable_call.valid()) j["callee_function"] = function_name(m, it.iterable_call.file, it.iterable_call.function);
    if (it.parent != model::kNoIndex) j["parent"] = it.parent;
    Json reads = Json::array();
    for (const auto& r : it.reads) {
      std::string text = r.variable;
      for (const auto& c : r.chain) text += "." + c;
      if (r.called) text += "()";
      reads.push_back(text);
    }
    j["reads"] = reads;
    if (!it.queries_in_body.empty()) j["queries_in_body"] = it.queries_in_body;
    out.push_back(j);
  }
  return out;
}

}  // namespace archverify::inspect
