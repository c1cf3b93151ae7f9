// `archverify inspect`: the symbol model as JSON with a stable shape (documented
// in docs/inspect.md). One function per fact family, one file each; the CLI
// assembles them in a fixed order and renders text from the same JSON.
#pragma once
#include <nlohmann/json.hpp>

#include "analyzer/model/repo_model.h"

namespace archverify::inspect {

using Json = nlohmann::ordered_json;

Json files_to_json(const model::RepoModel& model);        // files, modules, parse errors, imports, classes, functions
Json diagnostics_to_json(const model::RepoModel& model);
Json calls_summary_to_json(const model::RepoModel& model);
Json tenant_guess_to_json(const model::RepoModel& model);    // inferred tenant key with evidence (null if none)
Json routes_to_json(const model::RepoModel& model);        // routes by (path, method) with handler, deps, prefix chain
Json entities_to_json(const model::RepoModel& model);      // inspect_entities.cpp
Json migrations_to_json(const model::RepoModel& model);    // inspect_migrations.cpp
Json openapi_to_json(const model::RepoModel& model);         // the committed spec's operations (null if none)
Json queries_to_json(const model::RepoModel& model);         // inspect_queries.cpp
Json row_iterations_to_json(const model::RepoModel& model);  // inspect_queries.cpp
Json cookies_to_json(const model::RepoModel& model);         // inspect_cookies.cpp

// The whole model: {"schema_version": 1, "root": …, "files": …, …}.
Json model_to_json(const model::RepoModel& model);

// A readable, indented text rendering of the same JSON (for the default output).
void write_text(const Json& j, std::ostream& out);

// Shared helpers for family files.
Json range_to_json(const SourceRange& r);
Json span_to_json(const model::Span& s);
Json column_type_to_json(const model::ColumnType& t);

}  // namespace archverify::inspect
