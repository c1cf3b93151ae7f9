// inspect: the committed OpenAPI document's operations (model/openapi.h), in document order.
#include "analyzer/inspect/inspect_json.h"

namespace archverify::inspect {

Json openapi_to_json(const model::RepoModel& m) {
  if (!m.spec) return Json();
  const model::OpenApiSpec& spec = *m.spec;
  Json j;
  j["path"] = spec.path;
  j["version"] = spec.version_text;
  j["base_path"] = spec.base_path;
  Json ops = Json::array();
  for (const auto& op : spec.operations) {
    Json o;
    o["method"] = std::string(model::to_string(op.method));
    o["path"] = op.path;
    o["operation_id"] = op.operation_id;
    Json params = Json::array();
    for (const auto& p : op.parameters) {
      Json pj{{"name", p.name}, {"in", std::string(model::to_string(p.location))}, {"required", p.required}};
      if (!p.unresolved_ref.empty()) pj["unresolved_ref"] = p.unresolved_ref;
      params.push_back(pj);
    }
    o["parameters"] = params;
    Json codes = Json::array();
    for (const auto& r : op.responses) codes.push_back(r.status);
    o["responses"] = codes;
    o["where"] = range_to_json(op.where);
    ops.push_back(o);
  }
  j["operations"] = ops;
  return j;
}

}  // namespace archverify::inspect
