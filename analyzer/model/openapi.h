// The committed OpenAPI document's operations. (Filled in by resolve/openapi_spec.)
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct OpenApiOperation {
  std::string method;
  std::string path;
  SourceRange where;
};
struct OpenApiSpec {
  std::string path;
  std::vector<OpenApiOperation> operations;
};
}  // namespace archverify::model
