// How the genome's entities correspond to the code's ORM entities: which model
// class a genome entity names (by class name, else by table), which models a
// genome is expected to declare, which genome field type a column's type reads
// as, and which endpoint kinds (list/get/create/update/delete) the routes serve
// for an entity. Shared by the DRIFT rules and genome inference so that a
// genome written by `archverify init` describes exactly what the rules compare.
//
// An entity's endpoints are found by path, not by what handlers do: a route
// whose last segment is the entity's collection name (its table, or its class
// name in snake_case or kebab-case, singular or plural: `tasks`, `task`,
// `project-members`) is a collection route (GET → list, POST → create); one
// whose last segment is a path parameter right after the collection name is an
// item route (GET → get, PUT/PATCH/POST → update, DELETE → delete). Nested paths
// (`/projects/{id}/tasks`) count for the innermost collection. A compound
// entity is also named by its trailing words under a segment naming its leading
// words (`/webhooks/{id}/logs` → WebhookLog, `/users/{id}/roles` → UserRole) or
// when no other model ends in those words (`/destinations` →
// NotificationDestination), or by its leading words when no other model starts
// with them and a route follows them with a parameter named for the rest
// (`/maintenance/{rule_id}` → MaintenanceWindowRule). A path ending in a
// parameter named for the entity (`{workflow_execution_id}`) is its item
// whatever comes before. Form actions of server-rendered dashboards count:
// `POST /x/create` → create, `POST /x/{id}/edit` → update, `POST|DELETE
// /x/{id}/delete` → delete. Deliberately
// left out: following handlers into services to see which entity they load,
// and column types the genome vocabulary cannot say (Time, Interval,
// LargeBinary, a TypeDecorator whose name does not say uuid/json): those have
// no genome type and are not compared.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyzer/model/test_paths.h"
#include "analyzer/genome/genome.h"
#include "analyzer/model/repo_model.h"

namespace archverify::genome {

// The genome type a column's type reads as; nullopt when the vocabulary has none or the type is unknown.
std::optional<FieldType> field_type_of(const model::ColumnType& type);

// A model class the genome is expected to declare: a mapped class (not a
// module-level Table object) outside test files.
bool is_declarable(const model::RepoModel& repo, const model::Entity& e);

// The model entity a genome entity names: by class name, else by its table.
const model::Entity* model_entity_for(const model::RepoModel& repo, const Entity& declared);

// Whether a genome entity names this model entity (class name or table).
bool declares(const Entity& declared, const model::Entity& e);

// Unique in the model: unique=True, the primary key when it is the only one,
// or a unique index/constraint on this column alone.
bool column_is_unique(const model::Entity& e, const model::Column& c);

// Two table names are the same table (case-insensitive; a schema on one side only is ignored).
bool same_table(std::string_view a, std::string_view b);

// The tables a list of genome entities declares, hashed: contains(t) is true
// exactly when same_table(declared.table, t) holds for one of them, without
// comparing t with every entity (a large genome has thousands).
class DeclaredTables {
 public:
  explicit DeclaredTables(const std::vector<Entity>& declared);
  bool contains(std::string_view table) const;

 private:
  std::unordered_set<std::string> exact_;             // lower-cased, as declared
  std::unordered_set<std::string> plain_;             // lower-cased, declared without a schema
  std::unordered_set<std::string> qualified_tails_;   // the table part of those declared with a schema
};

// A route path split for name matching: literal segments lower-cased,
// parameters and unknown parts as written.
struct PathSegment {
  enum class Kind { Literal, Param, Unknown } kind = Kind::Literal;
  std::string text;
};

// Every route's path split once, indexed by literal segment and by final
// parameter name, plus the declarable models' names: an entity's endpoints are
// then looked up among the few routes that mention one of its names instead of
// re-splitting every route for every entity (quadratic on large repositories).
// Built per rule run; refers to the model, which must outlive it.
class RouteIndex {
 public:
  explicit RouteIndex(const model::RepoModel& repo);
  ~RouteIndex();
  RouteIndex(const RouteIndex&) = delete;
  RouteIndex& operator=(const RouteIndex&) = delete;

  const model::RepoModel& repo() const { return repo_; }
  const std::vector<PathSegment>& segments_of(std::uint32_t route) const { return segments_[route]; }

  struct ModelName {
    std::string snake;  // "shopping_list_item"
    std::string stem;   // without a trailing "_model"; the snake name when there is none
  };
  std::vector<ModelName> model_names;  // declarable models, in model order
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_literal;     // segment → routes (ascending)
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_last_param;  // lower-cased final parameter → routes
  std::set<std::pair<std::string, std::string>> literal_then_param;           // (segment, lower-cased next parameter)

 private:
  const model::RepoModel& repo_;
  std::vector<std::vector<PathSegment>> segments_;
};

// The routes serving each endpoint kind for an entity, indexed by EndpointKind (first route found).
using EntityEndpoints = std::array<const model::Route*, 5>;
EntityEndpoints endpoints_of(const RouteIndex& index, std::string_view entity_name, std::string_view table);
// Every route whose path names the entity's collection somewhere (what endpoints_of looked at).
std::vector<const model::Route*> routes_naming(const RouteIndex& index, std::string_view entity_name,
                                               std::string_view table);

}  // namespace archverify::genome
