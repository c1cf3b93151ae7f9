// `METHOD path` patterns: parsing and matching.
#include <catch2/catch.hpp>

#include "analyzer/genome/route_pattern.h"

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
  CHECK(parse_route_pattern("GET health").error().message == "the path 'health' does not start with '/'");
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
