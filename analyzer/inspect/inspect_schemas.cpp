// inspect: serialization schemas (Pydantic / SQLModel / Marshmallow) with their
// nested schema fields, and the schema each FastAPI route responds with.
#include <algorithm>
#include <tuple>

#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

Json schemas_to_json(const model::RepoModel& m) {
  std::vector<const model::SchemaClass*> sorted;
  for (const model::SchemaClass& s : m.schemas) sorted.push_back(&s);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->qualified < b->qualified; });
  Json classes = Json::array();
  for (const model::SchemaClass* s : sorted) {
    Json j;
    j["qualified"] = s->qualified;
    j["flavor"] = std::string(model::to_string(s->flavor));
    j["where"] = range_to_json(s->where);
    Json nested = Json::array();
    for (const model::NestedField& f : s->nested) {
      Json n;
      n["name"] = f.name;
      if (f.attribute != f.name) n["attribute"] = f.attribute;
      n["schema"] = f.schema;
      n["many"] = f.many;
      if (!f.inherited_from.empty()) n["inherited_from"] = f.inherited_from;
      nested.push_back(n);
    }
    j["nested"] = nested;
    classes.push_back(j);
  }
  Json responses = Json::array();
  for (const model::ResponseSchema& r : m.response_schemas) {
    const model::Route& route = m.routes[r.route];
    Json j;
    j["route"] = std::string(model::to_string(route.method)) + " " + route.path_text;
    j["handler"] = route.handler_name;
    j["schema"] = r.schema;
    j["many"] = r.many;
    if (r.from_annotation) j["from_annotation"] = true;
    responses.push_back(j);
  }
  std::sort(responses.begin(), responses.end(), [](const Json& a, const Json& b) {
    return std::tie(a["route"].get_ref<const std::string&>(), a["handler"].get_ref<const std::string&>()) <
           std::tie(b["route"].get_ref<const std::string&>(), b["handler"].get_ref<const std::string&>());
  });
  Json out;
  out["classes"] = classes;
  out["responses"] = responses;
  return out;
}

}  // namespace archverify::inspect
