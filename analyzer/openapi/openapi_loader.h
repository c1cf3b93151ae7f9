// Loading the committed OpenAPI document (YAML or JSON; 3.0 and 3.1, Swagger
// 2.0 listed with an "unsupported" warning) into model::OpenApiSpec. Problems
// are Diagnostics — ConfigError when the document cannot be read as a spec at
// all, ConfigWarning for a piece that was skipped (an operation key that is
// not a method, an unresolvable `$ref`) — and never a crash: it shares the
// genome's guarded document loader (size cap, UTF-8, strict JSON, alias bombs).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/model/openapi.h"

namespace archverify::openapi {

inline constexpr std::size_t kMaxSpecBytes = std::size_t{32} << 20;

struct SpecLoad {
  std::optional<model::OpenApiSpec> spec;  // set whenever `paths` could be read
  std::vector<Diagnostic> diagnostics;
};

// `display_path` names the file in facts and diagnostics (repo-relative); defaults to `file`.
SpecLoad load_openapi(const std::filesystem::path& file, std::string display_path = {});
SpecLoad parse_openapi(std::string text, std::string display_path);

// The path part of a server URL: "https://api.example.com/v1/" → "/v1", "/" → "".
std::string server_base_path(std::string_view url);

}  // namespace archverify::openapi
