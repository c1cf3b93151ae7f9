// `METHOD path` patterns: parsing and matching.
#include <catch2/catch.hpp>

#include "analyzer/genome/route_pattern.h"
#include "analyzer/model/path_template.h"

using archverify::genome::parse_route_pattern;
using archverify::model::HttpMethod;

TEST_CASE("route patterns parse METHOD and path", "[genome][routes]") {
  auto p = parse_route_pattern("POST /auth/login");
  REQUIRE(p);
  CHECK(p->method == HttpMethod::Post);
  CHECK(p->path == "/auth/login");
  CHECK(parse_route_pattern("  get   /health ")->method == HttpMethod::Get);
  CHECK_FALSE(parse_route_pattern("* /x")->method.has_value());
  CHECK_FALSE(parse_route_pattern("ANY /x")->method.has_value());
  CHECK(parse_route_pattern("ANY /x")->to_string() == "* /x");
}

TEST_CASE("malformed route patterns explain what is wrong", "[genome][routes]") {
  CHECK(parse_route_pattern("/health").error().message == "missing the method or the path");
  CHECK(parse_route_pattern("").error().message == "missing the method or the path");
  CHECK(parse_route_pattern("GET /a /b").error().message == "more than two words");
  CHECK(parse_route_pattern("FETCH /a").error().message == "'FETCH' is not an HTTP method");
  CHECK(parse_route_pattern("GET health").error().message == "the path 'health' does not start with '/' (or a `{...}` unknown prefix)");
  CHECK(parse_route_pattern("GET /a/{id").error().message == "unbalanced '{' '}' in the path");
}

TEST_CASE("route patterns match methods, globs and any parameter name", "[genome][routes]") {
  auto docs = *parse_route_pattern("GET /docs*");
  CHECK(docs.matches(HttpMethod::Get, "/docs"));
  CHECK(docs.matches(HttpMethod::Get, "/docs/oauth2-redirect"));
  CHECK_FALSE(docs.matches(HttpMethod::Post, "/docs"));
  CHECK_FALSE(docs.matches(HttpMethod::Get, "/api/docs"));
  auto item = *parse_route_pattern("ANY /projects/{id}");
  CHECK(item.matches(HttpMethod::Delete, "/projects/{project_id}"));
  CHECK_FALSE(item.matches(HttpMethod::Get, "/projects/{project_id}/tasks"));
  CHECK_FALSE(item.matches(HttpMethod::Get, "/projects/archived"));  // a literal is not a parameter
  auto exact = *parse_route_pattern("GET /health");
  CHECK_FALSE(exact.matches(HttpMethod::Get, "/health/db"));
  CHECK_FALSE(exact.matches(HttpMethod::Get, "/healthz"));
}

TEST_CASE("a {expression} in a pattern matches the route's unknown piece with that expression only",
          "[genome][routes]") {
  using archverify::model::PathSyntax;
  using archverify::model::PathTemplate;
  auto rule = [](const char* expr, const char* tail) {
    return PathTemplate::unknown(expr).flask_join(PathTemplate::parse(tail, PathSyntax::Flask));
  };
  auto inspect_form = parse_route_pattern("GET {app.config[\"USER_URL_PREFIX\"]}/{username}*");
  REQUIRE(inspect_form);
  CHECK(inspect_form->matches(HttpMethod::Get, rule("app.config['USER_URL_PREFIX']", "/<username>")));
  CHECK(inspect_form->matches(HttpMethod::Get, rule("app.config[ 'USER_URL_PREFIX' ]", "/<username>/posts")));
  // near misses: another expression, a parameter in the same place, another method
  CHECK_FALSE(inspect_form->matches(HttpMethod::Get, rule("app.config['ADMIN_URL_PREFIX']", "/<username>")));
  CHECK_FALSE(inspect_form->matches(HttpMethod::Get, PathTemplate::parse("/<org>/<username>", PathSyntax::Flask)));
  CHECK_FALSE(inspect_form->matches(HttpMethod::Post, rule("app.config['USER_URL_PREFIX']", "/<username>")));
  // a parameter in the pattern is not an unknown piece of the route
  auto param = *parse_route_pattern("GET /{org}/{username}");
  CHECK_FALSE(param.matches(HttpMethod::Get, rule("settings.PREFIX", "/<username>")));
  CHECK(param.matches(HttpMethod::Get, PathTemplate::parse("/<org>/<username>", PathSyntax::Flask)));
}
