// HTTP methods as one enum shared by every fact that names one: code routes,
// OpenAPI operations and the genome's `METHOD path` patterns. Parsing is
// case-insensitive; `to_string` gives the canonical upper-case spelling. It
// deliberately knows only the methods routes and specs declare (no CONNECT,
// no WebDAV verbs): anything else is "not a method" to the parser.
#pragma once
#include <array>
#include <optional>
#include <string_view>

namespace archverify::model {

enum class HttpMethod { Get, Post, Put, Patch, Delete, Head, Options, Trace };

inline constexpr std::array<HttpMethod, 8> kAllHttpMethods = {
    HttpMethod::Get,  HttpMethod::Post,    HttpMethod::Put,  HttpMethod::Patch,
    HttpMethod::Delete, HttpMethod::Head, HttpMethod::Options, HttpMethod::Trace};

constexpr std::string_view to_string(HttpMethod m) {
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

// "get", "GET", "Get" → Get; anything else → nullopt.
constexpr std::optional<HttpMethod> parse_http_method(std::string_view s) {
  for (HttpMethod m : kAllHttpMethods) {
    std::string_view canon = to_string(m);
    if (canon.size() != s.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < s.size() && same; ++i) {
      char c = s[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      same = c == canon[i];
    }
    if (same) return m;
  }
  return std::nullopt;
}

}  // namespace archverify::model
