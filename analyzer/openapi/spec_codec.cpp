// The JSON payload of a cached OpenAPI load (see spec_codec.h). Positions are
// [line, column] pairs; every range of a load names the same file, stored once.
#include "analyzer/openapi/spec_codec.h"

#include <nlohmann/json.hpp>

namespace archverify::openapi {

namespace {

using Json = nlohmann::json;

Json range_json(const SourceRange& r) { return Json::array({r.begin.line, r.begin.column, r.end.line, r.end.column}); }

SourceRange range_from(const Json& j, const std::string& path) {
  if (!j.is_array() || j.size() != 4) throw std::runtime_error("range");
  return SourceRange{path, {j[0].get<std::uint32_t>(), j[1].get<std::uint32_t>()},
                     {j[2].get<std::uint32_t>(), j[3].get<std::uint32_t>()}};
}

template <typename Enum>
Enum enum_from(const Json& j, Enum last) {
  int v = j.get<int>();
  if (v < 0 || v > static_cast<int>(last)) throw std::runtime_error("enum");
  return static_cast<Enum>(v);
}

}  // namespace

std::string encode_spec_load(const SpecLoad& load) {
  Json j;
  j["v"] = kSpecCodecVersion;
  Json diags = Json::array();
  for (const Diagnostic& d : load.diagnostics)
    diags.push_back({static_cast<int>(d.kind), d.where.path, range_json(d.where), d.message});
  j["diagnostics"] = std::move(diags);
  if (load.spec) {
    const model::OpenApiSpec& s = *load.spec;
    Json spec;
    spec["path"] = s.path;
    spec["version"] = static_cast<int>(s.version);
    spec["version_text"] = s.version_text;
    spec["base_path"] = s.base_path;
    Json ops = Json::array();
    for (const model::OpenApiOperation& op : s.operations) {
      Json params = Json::array();
      for (const model::OpenApiParameter& p : op.parameters)
        params.push_back({p.name, static_cast<int>(p.location), p.required, p.from_path_item, p.unresolved_ref,
                          range_json(p.where)});
      Json responses = Json::array();
      for (const model::OpenApiResponse& r : op.responses) responses.push_back({r.status, range_json(r.where)});
      ops.push_back({static_cast<int>(op.method), op.path, op.operation_id, std::move(params), std::move(responses),
                     range_json(op.where), range_json(op.path_where)});
    }
    spec["operations"] = std::move(ops);
    j["spec"] = std::move(spec);
  }
  return j.dump();
}

std::optional<SpecLoad> decode_spec_load(std::string_view payload) {
  try {
    Json j = Json::parse(payload);
    if (j.at("v").get<int>() != kSpecCodecVersion) return std::nullopt;
    SpecLoad load;
    for (const Json& d : j.at("diagnostics")) {
      if (!d.is_array() || d.size() != 4) return std::nullopt;
      Diagnostic diag;
      diag.kind = enum_from(d[0], DiagnosticKind::InternalError);
      diag.where = range_from(d[2], d[1].get<std::string>());
      diag.message = d[3].get<std::string>();
      load.diagnostics.push_back(std::move(diag));
    }
    if (j.contains("spec")) {
      const Json& js = j.at("spec");
      model::OpenApiSpec s;
      s.path = js.at("path").get<std::string>();
      s.version = enum_from(js.at("version"), model::OpenApiVersion::Unknown);
      s.version_text = js.at("version_text").get<std::string>();
      s.base_path = js.at("base_path").get<std::string>();
      for (const Json& o : js.at("operations")) {
        if (!o.is_array() || o.size() != 7) return std::nullopt;
        model::OpenApiOperation op;
        op.method = enum_from(o[0], model::HttpMethod::Trace);
        op.path = o[1].get<std::string>();
        op.operation_id = o[2].get<std::string>();
        for (const Json& p : o[3]) {
          if (!p.is_array() || p.size() != 6) return std::nullopt;
          model::OpenApiParameter param;
          param.name = p[0].get<std::string>();
          param.location = enum_from(p[1], model::ParameterLocation::Unknown);
          param.required = p[2].get<bool>();
          param.from_path_item = p[3].get<bool>();
          param.unresolved_ref = p[4].get<std::string>();
          param.where = range_from(p[5], s.path);
          op.parameters.push_back(std::move(param));
        }
        for (const Json& r : o[4]) {
          if (!r.is_array() || r.size() != 2) return std::nullopt;
          op.responses.push_back(model::OpenApiResponse{r[0].get<std::string>(), range_from(r[1], s.path)});
        }
        op.where = range_from(o[5], s.path);
        op.path_where = range_from(o[6], s.path);
        s.operations.push_back(std::move(op));
      }
      load.spec = std::move(s);
    }
    return load;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace archverify::openapi
