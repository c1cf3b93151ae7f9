// Helpers ORM001 reads the model through: which relationship an attribute of
// an entity is (declared, inherited from a mapped parent, or created by a
// `backref=` on the other side), whether a query's loader options load a
// relationship path eagerly, and where the rows a loop walks come from (a
// query, a repository function that returns one, or a relationship of an
// enclosing loop's row).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/model/repo_model.h"

namespace archverify::rules::orm {

// One relationship hop as seen from an entity.
struct RelationshipHop {
  const model::Entity* owner = nullptr;
  const model::Relationship* declared = nullptr;  // the relationship() call (for a backref: the other side's)
  bool via_backref = false;
  model::LazyStrategy lazy = model::LazyStrategy::Unspecified;  // the strategy of this side
  const model::Entity* target = nullptr;                         // nullptr when unknown
  std::string attribute;
};

// The relationship `attribute` of `entity`, or nullopt for a column, property or method.
std::optional<RelationshipHop> relationship_of(const model::RepoModel& m, const model::Entity& entity,
                                               const std::string& attribute);

// The entity a query's rows are (its first selected entity), or nullptr.
const model::Entity* row_entity(const model::RepoModel& m, const model::QuerySite& q);

enum class Loading : std::uint8_t {
  Lazy,      // an attribute read issues a SELECT per row
  Eager,     // loaded with the rows (or raising / noload: never lazily)
  Query,     // dynamic / write_only: the attribute is a query object, not a load
  Unknown,   // a non-literal lazy=, an opaque .options(*opts)
};

// How the relationship at path[0..depth] is loaded for rows of `q`: the
// query's loader options first (chained options for deeper hops, "*"
// wildcards), then the relationship's own lazy=.
Loading loading_of(const model::QuerySite* q, const std::vector<std::string>& path, std::size_t depth,
                   const RelationshipHop& hop);

// Where a loop's rows come from: the query sites that produce them (several
// when a function returns different queries on different paths), and the
// relationship path from the query's entity to the loop variable
// (`for t in p.tasks` → ["tasks"]).
struct RowsOrigin {
  std::vector<const model::QuerySite*> queries;
  std::vector<std::string> prefix;
  const model::Entity* entity = nullptr;  // the entity of the query rows (before prefix)
  std::string via_function;               // qualified name of the service function followed, "" if none
};

// Call expression → its CallSite (for the callee's resolved target): the
// model's shared index (RepoModel::call_site).
class CallIndex {
 public:
  explicit CallIndex(const model::RepoModel& m) : m_(m) {}
  // The call site of `call`, or nullptr when it is not a call the model indexed.
  const model::CallSite* site(const model::Expr* call) const { return m_.call_site(call); }

 private:
  const model::RepoModel& m_;
};

// Also follows `service.get_all(...).all()` (a function returning an unexecuted query, run by the caller).
std::optional<RowsOrigin> rows_of_iteration(const model::RepoModel& m, std::uint32_t iteration, const CallIndex& calls);

// The query sites a repository function returns the rows (or the row) of.
std::vector<const model::QuerySite*> returned_queries(const model::RepoModel& m, model::FunctionRef f);

// The loop variable holding the row: the only target, or the second of `for i, row in enumerate(rows)`.
std::string row_variable(const model::RowIteration& it);

// An attribute chain read on a name inside a function body: `alert.user.name` → ["user", "name"].
struct NameRead {
  std::vector<std::string> chain;
  const model::Expr* expr = nullptr;
};
// Reads of `name` in `fn` (nested functions excluded; assignment targets drop their last attribute).
std::vector<NameRead> reads_of(const model::Function& fn, const std::string& name);

// "Task.assignee".
std::string describe_hop(const RelationshipHop& hop);
// "app/services/tasks.py:12".
std::string describe_where(const SourceRange& r);

}  // namespace archverify::rules::orm
