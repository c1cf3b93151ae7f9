// `METHOD path` patterns from the genome (`auth.public_routes`,
// `auth.rate_limited`): METHOD is an HTTP method, `*` or `ANY` (any method);
// path starts with '/', `*` in it matches any run of characters including '/',
// and a `{param}` matches any `{param}` of the route path whatever its name
// (so "GET /projects/{id}" matches the route "/projects/{project_id}").
// It deliberately knows nothing of Flask converters: route paths reach it
// already normalised to `{name}` by the routes model.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/expected.h"
#include "analyzer/core/source_range.h"
#include "analyzer/model/http_method.h"

namespace archverify::genome {

struct RoutePattern {
  std::optional<model::HttpMethod> method;  // nullopt: any method
  std::string path;
  SourceRange where;

  bool matches(model::HttpMethod route_method, std::string_view route_path) const;
  std::string to_string() const;  // "POST /auth/login", "* /docs*"
};

// Parses "POST /auth/login"; the error says what is wrong (no method, bad method, path not starting with '/').
Expected<RoutePattern> parse_route_pattern(std::string_view text);

}  // namespace archverify::genome
