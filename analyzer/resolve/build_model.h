// Builds the RepoModel from the per-file facts: module names, symbols, the
// call index, then each fact family (routes, ORM entities, migrations, query
// sites, cookie writes) in a fixed order. Each family has its own builder in
// this folder with the signature `void build_X(ResolveContext&)`.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/repo_model.h"
#include "analyzer/resolve/module_table.h"
#include "analyzer/resolve/symbols.h"

namespace archverify::resolve {

struct ResolveContext {
  model::RepoModel& model;
  const ModuleTable& modules;
  const SymbolResolver& symbols;
};

// With `jobs` >= 2 the builders run as two chains on two threads: calls →
// routes → schemas, and entities → migrations → tenant guess → queries → row
// iterations → cookie writes. Each writes its own RepoModel members; the one
// thing the data chain reads from the other is the call index (cookie writes
// wait until build_calls has finished, which is long before). Each chain has
// its own SymbolResolver memos (not thread-safe; the second chain's resolver is
// a fork sharing the binding tables), so the model is the same as with one
// thread.
std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files,
                                              unsigned jobs = 1);

// Family builders (one file each).
void build_calls(ResolveContext& ctx);
void build_tenant_guess(ResolveContext& ctx);  // tenant_inference.cpp (after build_entities)
void build_routes(ResolveContext& ctx);  // fastapi_routes.cpp + flask_routes.cpp
void build_entities(ResolveContext& ctx);     // sqlalchemy_models.cpp
void build_migrations(ResolveContext& ctx);   // alembic_migrations.cpp
void build_queries(ResolveContext& ctx);         // query_sites.cpp
void build_row_iterations(ResolveContext& ctx);  // row_loops.cpp (after build_queries)
void build_cookie_writes(ResolveContext& ctx);   // cookie_writes.cpp (after build_calls)
void build_schemas(ResolveContext& ctx);         // schema_classes.cpp (after build_routes)

}  // namespace archverify::resolve
