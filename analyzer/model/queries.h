// QuerySite: one ORM statement of the repository — a `select(X)`,
// `session.query(X)`, `X.query`, `session.get(X, id)`, `update(X)`,
// `delete(X)`, `insert(X)` chain or a legacy bulk `query(X).update/delete` —
// with the entities it reads, every filter term as a structured tree, its
// loader options, how (and whether) it is executed, and where its result goes.
// The chain-building idiom (`q = select(X)`, `if c: q = q.where(…)`,
// `rows = (await db.execute(q)).scalars().all()`) is ONE site: a local
// variable rebound with further chained calls, a `q = helper(q)` application,
// and the execution of the variable all merge into the site that built it.
// A criterion held in a local (`f = X.key == v; .where(f)`) is read through
// its latest assignment; `a if c else b` as a criterion is an Or of both branches.
// Deliberately not modelled: queries built across functions (a helper that
// receives a query and returns it is recorded as an applied helper, not
// followed; a query factory `scoped_select(Project, ws)` that returns
// `select(model)…` for its parameter starts a site of that entity, with
// `factory` set and the factory's own terms left on its generic site), raw SQL text, `aliased(X)` entities (kept as an expression with
// no qualified name), classes held in variables (`select(self.model)`: a
// generic entity with no name), control flow (a filter added under `if` counts as
// present), and relationship targets of `join(X.rel)` (kept as owner +
// attribute; resolve them with the ORM entities).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/calls.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class QueryKind : std::uint8_t {
  Select,       // select(X) / db.select(X) (SQLAlchemy 2.0, SQLModel)
  LegacyQuery,  // session.query(X)
  ModelQuery,   // X.query (Flask-SQLAlchemy)
  SessionGet,   // session.get(X, id), X.query.get(id), get_or_404 forms
  Update,       // update(X)
  Delete,       // delete(X)
  Insert,       // insert(X)
  BulkUpdate,   // session.query(X)…update({…}) / X.query…update(…)
  BulkDelete,   // session.query(X)…delete() / X.query…delete()
};
std::string_view to_string(QueryKind k);

enum class EntityRole : std::uint8_t {
  Selected,  // select(X), query(X), get(X, …), update(X), select_from(X)
  Column,    // select(X.id), query(X.name): a column of X is read
  Joined,    // join(Y), outerjoin(Y), join(X.rel)
};
std::string_view to_string(EntityRole r);

// A class (or relationship) the statement reads.
struct QueryEntity {
  EntityRole role = EntityRole::Selected;
  const Expr* expr = nullptr;  // the class expression as written (X, models.X, X.rel for join(X.rel))
  std::string qualified;       // resolved dotted name ("app.models.Project"); "" when unknown
  std::string name;            // simple class name ("Project"); the owner class for join(X.rel)
  std::string relationship;    // join(X.rel): "rel"; otherwise ""
  bool generic = false;        // select(self.model) / query(model_cls): a class held in a variable (name, qualified "")
  SourceRange where;
};

enum class FilterClause : std::uint8_t { Where, Filter, FilterBy, Having, JoinOn, GetIdentity };
std::string_view to_string(FilterClause c);

enum class FilterTermKind : std::uint8_t {
  Compare,        // Entity.column OP value (also filter_by(column=value), Entity.column.in_(…), .is_(None) …)
  And,            // and_(…), `a & b`, several arguments of one where(…)
  Or,             // or_(…), `a | b`
  Not,            // not_(…), ~x
  Splat,          // where(*filters): variable + the terms it was built from (children)
  KwSplat,        // filter_by(**d): variable + the keys it was built with (children)
  Relationship,   // Entity.rel.any(…) / .has(…): column = relationship, children = inner criteria
  Other,          // text(), a call we do not understand, a boolean literal…
};
std::string_view to_string(FilterTermKind k);

enum class CompareOp : std::uint8_t {
  None, Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn, Like, ILike, Between, Contains, StartsWith, EndsWith,
  Truthy,  // a bare boolean column: where(X.active)
  Other,
};
std::string_view to_string(CompareOp op);

// Where a name read in a filter value comes from, in the enclosing function.
enum class ValueOrigin : std::uint8_t { Parameter, Local, ModuleLevel, Unknown };
std::string_view to_string(ValueOrigin o);

// One Name/Attribute chain read in a filter value: `current_user.workspace_id`.
struct ValueRef {
  std::string chain;            // "current_user.workspace_id"
  std::string root;             // "current_user"
  ValueOrigin origin = ValueOrigin::Unknown;
  std::uint32_t param_index = kNoIndex;  // Parameter: index into Function::params
  const Stmt* assignment = nullptr;      // Local: the last assignment of root before the query
};

struct FilterTerm {
  FilterTermKind kind = FilterTermKind::Other;
  FilterClause clause = FilterClause::Where;
  const Expr* expr = nullptr;        // the term as written (the keyword for filter_by)
  SourceRange where;
  // Compare / Relationship:
  const Expr* entity_expr = nullptr; // X in X.column (nullptr for filter_by: it applies to the query's entity)
  std::string entity;                // simple name of X ("" for filter_by)
  std::string entity_qualified;      // resolved X ("" when unknown or filter_by)
  std::string column;                // "workspace_id"
  CompareOp op = CompareOp::None;
  const Expr* value = nullptr;       // right-hand side (nullptr for Truthy)
  std::vector<ValueRef> value_refs;  // names read in value
  // Splat / KwSplat:
  std::string variable;                       // "filters"
  std::vector<const Stmt*> variable_statements;  // statements of the function that built it, in order
  // And / Or / Not / Splat / KwSplat / Relationship:
  std::vector<FilterTerm> children;
};

enum class LoaderStrategy : std::uint8_t {
  SelectIn, Joined, Subquery, ContainsEager, Immediate, Raise, RaiseOnSql, NoLoad, Lazy, DefaultLoad,
  Defer, Undefer, LoadOnly, Other,
};
std::string_view to_string(LoaderStrategy s);

// One hop of a loader option path: selectinload(A.b) → {SelectIn, "A", "b"}.
struct LoaderStep {
  LoaderStrategy strategy = LoaderStrategy::Other;
  std::string entity;            // owner class simple name ("" for string paths / wildcard)
  std::string entity_qualified;  // resolved owner ("" when unknown)
  std::string attribute;         // relationship/column name; "*" for a wildcard
  const Expr* expr = nullptr;    // the attribute argument as written
};

// One argument of .options(…): selectinload(A.b).selectinload(B.c) → two steps.
struct LoaderOption {
  std::vector<LoaderStep> path;
  const Expr* expr = nullptr;    // the whole option expression
  std::string splat_variable;    // .options(*opts): "opts", path empty
  SourceRange where;
};

// The last result method applied to the statement (or its execution result).
enum class QueryTerminal : std::uint8_t {
  None,        // built but not executed here (returned, passed on, assigned and never run)
  All, First, One, OneOrNone, Scalar, ScalarOne, ScalarOneOrNone,
  Scalars,     // .scalars() / session.scalars(stmt) with nothing after it (an iterable)
  Execute,     // session.execute(stmt) with nothing after it (a Result)
  Paginate,    // .paginate() / db.paginate(stmt)
  Get,         // session.get / Model.query.get
  FirstOr404, OneOr404, GetOr404,
  Count, Exists, Fetch,  // count(), exists(), fetchall()/fetchone()/fetchmany()
  Update, Delete,        // bulk terminals
  Other,
};
std::string_view to_string(QueryTerminal t);

enum class ResultFlowKind : std::uint8_t {
  Returned,   // return …(the query or its rows)
  Assigned,   // x = …
  Iterated,   // for … in … / a comprehension
  Argument,   // passed to another call (callee kept)
  Subquery,   // used inside another query's arguments
  Discarded,  // an expression statement (executed for effect)
  Other,      // yielded, stored in a container, used in a condition …
};
std::string_view to_string(ResultFlowKind k);

struct ResultFlow {
  ResultFlowKind kind = ResultFlowKind::Other;
  std::vector<std::string> variables;  // Assigned: target names
  const Stmt* stmt = nullptr;          // the statement (Assigned/Returned/Discarded/For loop)
  const Expr* comprehension = nullptr; // Iterated through a comprehension: its ForClause
  const Expr* call = nullptr;          // Argument: the receiving call
  std::string callee;                  // Argument: dotted callee as written
  std::string callee_qualified;        // Argument: resolved origin, "" when unknown
  FunctionRef target;                  // Argument: repository function, when known
  std::uint32_t consumer = kNoIndex;   // Subquery: index in RepoModel::queries of the statement using it
  SourceRange where;
};

// `q = helper(q, user)`: a call that took the query and gave it back.
struct AppliedHelper {
  const Expr* call = nullptr;
  std::string callee;
  std::string qualified;
  FunctionRef target;
  SourceRange where;
};

// One `name = value` the statement writes: update(X).values(col=v), query(X).update({X.col: v}).
struct ValueWrite {
  std::string column;
  const Expr* value = nullptr;
  std::vector<ValueRef> value_refs;
};

struct QuerySite {
  QueryKind kind = QueryKind::Select;
  std::uint32_t file = kNoIndex;
  std::uint32_t function = kNoIndex;  // enclosing function, kNoIndex at module level
  SourceRange where;                  // the expression that started the chain (select(X), session.query(X), X.query)
  const Expr* root = nullptr;         // that expression
  std::vector<const Stmt*> statements;  // every statement that built, executed or consumed it, in order
  std::vector<QueryEntity> entities;
  std::vector<FilterTerm> filters;      // top-level terms, in source order (the chain's implicit AND)
  std::vector<LoaderOption> options;
  std::vector<AppliedHelper> helpers;
  std::vector<ValueWrite> values;
  const Expr* identity = nullptr;       // SessionGet: the id argument
  QueryTerminal terminal = QueryTerminal::None;
  SourceRange terminal_where;
  bool executed = false;                // reaches the database in this function
  bool awaited = false;                 // execution is awaited
  bool async_session = false;           // awaited, or the session is annotated AsyncSession
  std::string session;                  // receiver as written ("db", "self.session", "db.session"); "" for X.query
  std::vector<ResultFlow> flows;        // every use of the statement / its result, in order
  std::vector<std::string> filter_parameters;  // sorted enclosing-function parameters read in filter values
  // The chain starts with a call to a repository query factory (`scoped_select(Project, ws)`: a function
  // returning `select(model)…` for its parameter): the entity is the argument; the factory's own filters,
  // options and joins are NOT in this site (read them on the factory's generic site).
  FunctionRef factory;

  // True when the result is a sequence of rows (all/scalars/execute/paginate or a Select never narrowed).
  bool yields_many() const;
  // The first Selected entity, or nullptr.
  const QueryEntity* primary() const;
};

}  // namespace archverify::model
