// inspect: routes sorted by (path, method), each with its handler
// ("file:line function"), dependencies, decorators, status code and the chain
// of prefixes that made its path.
#include <algorithm>
#include <tuple>

#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

namespace {

std::string_view step_kind(model::PrefixStep::Kind k) {
  switch (k) {
    case model::PrefixStep::Kind::Rule: return "rule";
    case model::PrefixStep::Kind::RouterPrefix: return "router_prefix";
    case model::PrefixStep::Kind::Include: return "include";
    case model::PrefixStep::Kind::ApiPrefix: return "api_prefix";
    case model::PrefixStep::Kind::Unmounted: return "unmounted";
    case model::PrefixStep::Kind::UnknownParent: return "unknown_parent";
  }
  return "rule";
}

std::string at(const SourceRange& r) { return r.path + ":" + std::to_string(r.begin.line); }

Json dependency_json(const model::DependencyRef& d) {
  Json j;
  j["level"] = std::string(model::to_string(d.level));
  j["target"] = d.qualified;
  if (d.security) j["security"] = true;
  if (!d.built_by.empty()) j["built_by"] = d.built_by;
  if (!d.via_alias.empty()) j["via_alias"] = d.via_alias;
  j["at"] = at(d.where);
  return j;
}

}  // namespace

Json routes_to_json(const model::RepoModel& m) {
  std::vector<const model::Route*> sorted;
  for (const model::Route& r : m.routes) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(), [](const model::Route* a, const model::Route* b) {
    return std::tie(a->path_text, a->method, a->where) < std::tie(b->path_text, b->method, b->where);
  });
  Json out = Json::array();
  for (const model::Route* r : sorted) {
    Json j;
    j["method"] = std::string(model::to_string(r->method));
    j["path"] = r->path_text;
    j["framework"] = std::string(model::to_string(r->framework));
    if (r->handler.valid()) {
      const model::FileFacts& f = m.files[r->handler.file];
      j["handler"] = f.path + ":" + std::to_string(f.functions[r->handler.function].name_span.begin.line) + " " +
                     r->handler_name;
    } else {
      j["handler"] = nullptr;
    }
    Json params = Json::array();
    for (const model::PathParam& p : r->path_params) {
      Json pj;
      pj["name"] = p.name;
      pj["converter"] = std::string(model::to_string(p.converter));
      params.push_back(pj);
    }
    j["path_params"] = params;
    Json deps = Json::array();
    for (const auto& d : r->router_dependencies) deps.push_back(dependency_json(d));
    for (const auto& d : r->dependencies) deps.push_back(dependency_json(d));
    j["dependencies"] = deps;
    j["decorators"] = r->decorators;
    switch (r->status_code.state) {
      case model::StatusCode::State::Absent: j["status_code"] = nullptr; break;
      case model::StatusCode::State::Known: j["status_code"] = r->status_code.value; break;
      case model::StatusCode::State::Unknown: j["status_code"] = "unknown"; break;
    }
    j["response_model"] = r->response_model_name.empty() ? Json(nullptr) : Json(r->response_model_name);
    j["include_in_schema"] = r->include_in_schema;
    j["mounted"] = r->mounted;
    if (r->loopback_only) j["loopback_only"] = true;
    if (!r->endpoint.empty()) j["endpoint"] = r->endpoint;
    j["where"] = at(r->where);
    Json chain = Json::array();
    for (const model::PrefixStep& s : r->chain) {
      Json sj;
      sj["kind"] = std::string(step_kind(s.kind));
      sj["object"] = s.object;
      sj["prefix"] = s.prefix.render();
      sj["at"] = at(s.where);
      chain.push_back(sj);
    }
    j["chain"] = chain;
    out.push_back(j);
  }
  return out;
}

}  // namespace archverify::inspect
