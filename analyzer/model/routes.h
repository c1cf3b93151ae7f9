// Routes: HTTP endpoints found in FastAPI and Flask code. (Filled in by resolve/fastapi_routes and resolve/flask_routes.)
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct Route {
  std::string method;
  std::string path;
  SourceRange where;
};
}  // namespace archverify::model
