// RepoModel: the whole symbol model of one repository, as plain read-only data
// for rules. It owns the per-file facts (FileFacts, the lowered syntax) and the
// cross-file facts resolve/ derives from them: module names, routes, ORM
// entities, migrations, query sites, cookie writes, serialization schemas,
// the committed OpenAPI document. Facts may point into `files` (const Expr*, const Stmt*): files are
// never modified once the model is built, and the model is neither copied nor
// moved (hold it by unique_ptr). Its lookups are built by build_indexes(),
// except call_site()'s, built on first use under a once_flag.
#pragma once
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/diagnostic.h"
#include "analyzer/model/calls.h"
#include "analyzer/model/cookies.h"
#include "analyzer/model/migrations.h"
#include "analyzer/model/name_pool.h"
#include "analyzer/model/openapi.h"
#include "analyzer/model/orm.h"
#include "analyzer/model/queries.h"
#include "analyzer/model/routes.h"
#include "analyzer/model/row_loops.h"
#include "analyzer/model/schemas.h"
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
  NamePool names;                           // the dotted names calls point into
  std::vector<CallSite> calls;              // every call, with resolved target where known
  std::vector<Route> routes;
  std::vector<Entity> entities;
  std::vector<Migration> migrations;
  std::vector<QuerySite> queries;
  std::vector<RowIteration> row_iterations;
  std::vector<CookieWrite> cookie_writes;
  std::vector<SchemaClass> schemas;            // Pydantic / SQLModel / Marshmallow classes
  std::vector<ResponseSchema> response_schemas;  // per FastAPI route whose response model is a schema
  std::optional<OpenApiSpec> spec;
  std::optional<TenantKeyGuess> tenant_guess;  // inferred from the entities (no genome needed)
  std::vector<Diagnostic> diagnostics;      // input problems met while building the model

  // Index of the file with this repo-relative path, or kNoIndex.
  std::uint32_t file_index(std::string_view path) const;

  // entity_by_name(entities, name) in constant time: the first entity whose
  // qualified name is `name`, else the first whose class name is. Falls back
  // to the linear search until build_indexes() has run.
  const Entity* entity_named(std::string_view name) const;
  // The relationships declaring `backref=attribute`, in entity order, with their entity.
  struct BackrefDecl {
    const Entity* owner;
    const Relationship* relationship;
  };
  const std::vector<BackrefDecl>& backrefs_named(std::string_view attribute) const;
  // schema_by_qualified(schemas, qualified) in constant time (linear until indexed).
  const SchemaClass* schema_named(std::string_view qualified) const;
  // Builds the lookups above; call once `entities` and `schemas` are final (build_model does).
  void build_indexes();
  // The first call site whose expression is `call`, or null when the model
  // indexed no call there. The table is built on first use, once, whichever
  // thread asks first (rules on several threads share it).
  const CallSite* call_site(const Expr* call) const;

 private:
  struct EntityIndex {
    std::unordered_map<std::string_view, const Entity*> by_qualified, by_name;
    std::unordered_map<std::string_view, std::vector<BackrefDecl>> by_backref;
    std::unordered_map<std::string_view, const SchemaClass*> schemas_by_qualified;
  };
  std::optional<EntityIndex> entity_index_;
  mutable std::once_flag call_sites_once_;
  // Each call expression with the index of its first site in `calls`, sorted
  // by address: 16 bytes a call, where a hash table took 24 at its load factor
  // (a lookup is a binary search; rules ask for a few thousand calls).
  struct CallEntry {
    const Expr* call;
    std::uint32_t site;
  };
  mutable std::vector<CallEntry> call_sites_;
};

}  // namespace archverify::model
