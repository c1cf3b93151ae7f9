// Builds the RepoModel from the per-file facts: module names, symbols, the
// call index, then each fact family (routes, ORM entities, migrations, query
// sites, cookie writes) in a fixed order. Each family has its own builder in
// this folder with the signature `void build_X(ResolveContext&)`.
#pragma once
#include <memory>
#include <span>
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

// Files [begin, end) of RepoModel::files.
struct FileRange {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

namespace detail { class QueryFactories; }

// With `jobs` >= 2 the builders share the threads. The call index and the
// query sites are built file by file, so they are cut into chunks of files
// that every thread takes in turn (each thread with its own SymbolResolver
// memos: a fork sharing the binding tables; and, for calls, its own NamePool),
// and the chunks' results are joined in file order. The other builders run in
// two chains: calls → routes → schemas on the calling thread, and entities →
// migrations → tenant guess → (calls, queries chunks) → row iterations →
// cookie writes on the second; further threads only take chunks. Each builder
// writes its own RepoModel members, so the model is the same with any thread
// count.
std::unique_ptr<model::RepoModel> build_model(std::string root_name, std::vector<model::FileFacts> files,
                                              unsigned jobs = 1);

// Family builders (one file each).
void build_calls(ResolveContext& ctx);
// The call sites of `files`, appended to `out` in file order; dotted names are interned into `names`.
void collect_calls(const ResolveContext& ctx, FileRange files, model::NamePool& names,
                   std::vector<model::CallSite>& out);
void build_tenant_guess(ResolveContext& ctx);  // tenant_inference.cpp (after build_entities)
void build_routes(ResolveContext& ctx);  // fastapi_routes.cpp + flask_routes.cpp
void build_entities(ResolveContext& ctx);     // sqlalchemy_models.cpp
void build_migrations(ResolveContext& ctx);   // alembic_migrations.cpp
void build_queries(ResolveContext& ctx);         // query_sites.cpp
// The query sites of `files`, appended to `out`; their consumer indices are positions in `out`.
void collect_queries(const ResolveContext& ctx, const detail::QueryFactories& factories, FileRange files,
                     std::vector<model::QuerySite>& out);
void build_row_iterations(ResolveContext& ctx);  // row_loops.cpp (after build_queries)
// The row iterations of `files`, appended to `out`. Their query indices are
// positions in `queries` (which holds at least these files' query sites, as
// collect_queries gives them), their parent indices positions in `out`.
void collect_row_iterations(const ResolveContext& ctx, FileRange files, std::span<const model::QuerySite> queries,
                            std::vector<model::RowIteration>& out);
void build_cookie_writes(ResolveContext& ctx);   // cookie_writes.cpp (after build_calls)
void build_schemas(ResolveContext& ctx);         // schema_classes.cpp (after build_routes)

}  // namespace archverify::resolve
