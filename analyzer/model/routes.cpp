// Names of the route enums (for inspect and messages).
#include "analyzer/model/routes.h"

#include <algorithm>
#include <cctype>

namespace archverify::model {

std::string_view to_string(Framework f) { return f == Framework::FastApi ? "fastapi" : "flask"; }

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
