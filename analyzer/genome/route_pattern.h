// `METHOD path` patterns from the genome (`auth.public_routes`,
// `auth.rate_limited`): METHOD is an HTTP method, `*` or `ANY` (any method);
// path starts with '/' (or with an unknown piece, below), `*` in it matches any run of characters including '/',
// and a `{param}` matches any `{param}` of the route path whatever its name
// (so "GET /projects/{id}" matches the route "/projects/{project_id}").
// Against a route's PathTemplate, a `{...}` whose text is the expression of an
// Unknown piece of that route (as `archverify inspect` renders it:
// "GET {app.config['USER_URL_PREFIX']}/{username}") matches that piece and
// only it, spaces and quote style aside; a `{...}` naming a parameter never
// matches an Unknown piece there. It deliberately knows nothing of Flask
// converters: route paths reach it already normalised to `{name}` by the
// routes model, and it does not guess what an Unknown piece evaluates to
// (route_protection.h decides that for public routes).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/core/expected.h"
#include "analyzer/core/source_range.h"
#include "analyzer/model/http_method.h"
#include "analyzer/model/path_template.h"

namespace archverify::genome {

struct RoutePattern {
  std::optional<model::HttpMethod> method;  // nullopt: any method
  std::string path;
  SourceRange where;

  bool matches(model::HttpMethod route_method, std::string_view route_path) const;
  // Unknown-aware: see the header comment.
  bool matches(model::HttpMethod route_method, const model::PathTemplate& route_path) const;
  std::string to_string() const;  // "POST /auth/login", "* /docs*"
};

// Parses "POST /auth/login"; the error says what is wrong (no method, bad
// method, path starting with neither '/' nor a `{...}` unknown piece).
Expected<RoutePattern> parse_route_pattern(std::string_view text);

}  // namespace archverify::genome
