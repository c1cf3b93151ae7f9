// RepoModel: the whole symbol model of one repository, as plain read-only data
// for rules. It owns the per-file facts (FileFacts, the lowered syntax) and the
// cross-file facts resolve/ derives from them: module names, routes, ORM
// entities, migrations, query sites, cookie writes, the committed OpenAPI
// document. Facts may point into `files` (const Expr*, const Stmt*): files are
// never modified once the model is built, and the model is neither copied nor
// moved (hold it by unique_ptr).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/model/calls.h"
#include "analyzer/model/cookies.h"
#include "analyzer/model/migrations.h"
#include "analyzer/model/openapi.h"
#include "analyzer/model/orm.h"
#include "analyzer/model/queries.h"
#include "analyzer/model/routes.h"
#include "analyzer/model/row_loops.h"
#include "analyzer/model/syntax.h"
#include "analyzer/model/tenancy.h"

namespace archverify::model {

struct RepoModel {
  RepoModel() = default;
  RepoModel(const RepoModel&) = delete;
  RepoModel& operator=(const RepoModel&) = delete;

  std::string root_name;                    // basename of the analysed directory
  std::vector<FileFacts> files;             // path order
  std::vector<std::string> module_names;    // parallel to files: preferred dotted module name
  std::vector<CallSite> calls;              // every call, with resolved target where known
  std::vector<Route> routes;
  std::vector<Entity> entities;
  std::vector<Migration> migrations;
  std::vector<QuerySite> queries;
  std::vector<RowIteration> row_iterations;
  std::vector<CookieWrite> cookie_writes;
  std::optional<OpenApiSpec> spec;
  std::optional<TenantKeyGuess> tenant_guess;  // inferred from the entities (no genome needed)
  std::vector<Diagnostic> diagnostics;      // input problems met while building the model

  // Index of the file with this repo-relative path, or kNoIndex.
  std::uint32_t file_index(std::string_view path) const;
};

}  // namespace archverify::model
