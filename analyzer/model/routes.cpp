// Names of the route enums (for inspect and messages).
#include "analyzer/model/routes.h"

#include <algorithm>
#include <cctype>

namespace archverify::model {

std::string_view to_string(Framework f) { return f == Framework::FastApi ? "fastapi" : "flask"; }

std::string_view to_string(HttpMethod m) {
  switch (m) {
    case HttpMethod::Get: return "GET";
    case HttpMethod::Post: return "POST";
    case HttpMethod::Put: return "PUT";
    case HttpMethod::Patch: return "PATCH";
    case HttpMethod::Delete: return "DELETE";
    case HttpMethod::Head: return "HEAD";
    case HttpMethod::Options: return "OPTIONS";
    case HttpMethod::Trace: return "TRACE";
  }
  return "GET";
}

std::optional<HttpMethod> http_method_from(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "get") return HttpMethod::Get;
  if (lower == "post") return HttpMethod::Post;
  if (lower == "put") return HttpMethod::Put;
  if (lower == "patch") return HttpMethod::Patch;
  if (lower == "delete") return HttpMethod::Delete;
  if (lower == "head") return HttpMethod::Head;
  if (lower == "options") return HttpMethod::Options;
  if (lower == "trace") return HttpMethod::Trace;
  return std::nullopt;
}

std::string_view to_string(DependencyLevel l) {
  switch (l) {
    case DependencyLevel::Parameter: return "parameter";
    case DependencyLevel::Route: return "route";
    case DependencyLevel::Router: return "router";
    case DependencyLevel::Include: return "include";
    case DependencyLevel::App: return "app";
  }
  return "route";
}

}  // namespace archverify::model
