// The committed OpenAPI document as facts: its version, the servers' base path
// and one OpenApiOperation per (path, method) under `paths`, with the
// parameters it declares (path-item level merged with operation level,
// operation winning on the same name+location; local `$ref`s to
// `#/components/parameters/…` (3.x) or `#/parameters/…` (2.0) resolved), the
// response status codes as written ("200", "2XX", "default"), its operationId,
// and where the operation key and its path key are. It deliberately leaves
// out request bodies, schemas, security requirements, per-path `servers`,
// external `$ref`s (a parameter behind one is kept with `unresolved_ref`) and
// `x-` extensions. Loaded by analyzer/openapi (load_openapi).
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/http_method.h"

namespace archverify::model {

enum class OpenApiVersion { Swagger2, V3_0, V3_1, Unknown };

enum class ParameterLocation { Path, Query, Header, Cookie, Body, FormData, Unknown };

struct OpenApiParameter {
  std::string name;                 // "" when it comes from an unresolvable $ref
  ParameterLocation location = ParameterLocation::Unknown;
  bool required = false;            // path parameters are required by the spec regardless
  bool from_path_item = false;      // declared on the path item, inherited by the operation
  std::string unresolved_ref;       // the $ref text when it could not be resolved
  SourceRange where;
};

struct OpenApiResponse {
  std::string status;  // "200", "201", "2XX", "default" — as written
  SourceRange where;
};

struct OpenApiOperation {
  HttpMethod method = HttpMethod::Get;
  std::string path;                          // the key under `paths`, e.g. "/items/{item_id}"
  std::string operation_id;                  // "" when absent
  std::vector<OpenApiParameter> parameters;  // path-item ones first, then the operation's
  std::vector<OpenApiResponse> responses;    // in document order
  SourceRange where;                         // the method key ("get:")
  SourceRange path_where;                    // the path key ("/items/{item_id}:")

  // Names of the `in: path` parameters, in declaration order.
  std::vector<std::string> path_parameter_names() const;
};

struct OpenApiSpec {
  std::string path;               // repo-relative file
  OpenApiVersion version = OpenApiVersion::Unknown;
  std::string version_text;       // "3.0.3", "3.1.0", "2.0" as written
  std::string base_path;          // path part of servers[0].url (3.x) or basePath (2.0); "" for "/"
  std::vector<OpenApiOperation> operations;  // in document order
};

constexpr std::string_view to_string(ParameterLocation l) {
  switch (l) {
    case ParameterLocation::Path: return "path";
    case ParameterLocation::Query: return "query";
    case ParameterLocation::Header: return "header";
    case ParameterLocation::Cookie: return "cookie";
    case ParameterLocation::Body: return "body";
    case ParameterLocation::FormData: return "formData";
    case ParameterLocation::Unknown: return "unknown";
  }
  return "unknown";
}

constexpr std::string_view to_string(OpenApiVersion v) {
  switch (v) {
    case OpenApiVersion::Swagger2: return "2.0";
    case OpenApiVersion::V3_0: return "3.0";
    case OpenApiVersion::V3_1: return "3.1";
    case OpenApiVersion::Unknown: return "unknown";
  }
  return "unknown";
}

inline std::vector<std::string> OpenApiOperation::path_parameter_names() const {
  std::vector<std::string> out;
  for (const auto& p : parameters)
    if (p.location == ParameterLocation::Path && !p.name.empty()) out.push_back(p.name);
  return out;
}

}  // namespace archverify::model
