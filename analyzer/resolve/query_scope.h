// Internals of the query-site builder: the per-function scope (locals seen so
// far, the statements that built each local, which locals hold a query) and
// the readers that turn one expression into query facts — ORM class and
// session recognition, filter terms, loader options, value references. Shared
// by query_terms.cpp, query_chain.cpp and query_sites.cpp; not a public API.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/queries.h"
#include "analyzer/resolve/symbols.h"

namespace archverify::resolve::detail {

// The repository's query factories (`def scoped_select(model, ws): return
// select(model)…`), read once per function instead of once per call site.
class QueryFactories {
 public:
  using Factory = std::optional<std::pair<std::size_t, model::QueryKind>>;  // entity parameter, kind
  explicit QueryFactories(const std::vector<model::FileFacts>& files);
  const Factory& of(std::uint32_t file, std::uint32_t function) const { return by_function_[file][function]; }
  bool any() const { return any_; }

 private:
  std::vector<std::vector<Factory>> by_function_;  // [file][function]
  bool any_ = false;
};

// What the function walked so far has bound, in source order.
struct QueryScope {
  const SymbolResolver& symbols;
  std::uint32_t file = model::kNoIndex;
  const model::FileFacts& facts;
  const model::Function* fn = nullptr;  // nullptr at module / class level
  std::uint32_t fn_index = model::kNoIndex;
  std::map<std::string, const model::Stmt*, std::less<>> locals;                 // last binding statement
  std::map<std::string, std::vector<const model::Stmt*>, std::less<>> builders;  // statements that built it
  std::map<std::string, std::size_t, std::less<>> query_vars;                    // local → index in the output
  std::string rebinding;  // the single Name target of the assignment being read (`q = q.m(...)`), else ""
  const QueryFactories* factories = nullptr;  // needed by parse_chain and may_hold_query_root

  QueryScope(const SymbolResolver& s, std::uint32_t f, const model::FileFacts& ff, const model::Function* fun,
             std::uint32_t fi, const QueryFactories* qf = nullptr)
      : symbols(s), file(f), facts(ff), fn(fun), fn_index(fi), factories(qf) {}

  SourceRange range(const model::Expr& e) const { return facts.range(e.span()); }
  const model::Param* param(std::string_view name, std::uint32_t* index = nullptr) const;
  // Updates locals/builders after statement s has been read.
  void bind(const model::Stmt& s);
};

// X / models.X that denotes an ORM-ish class (a repository class, or a PascalCase
// name we cannot resolve). Fills qualified/name when true.
bool orm_class(const QueryScope& sc, const model::Expr& e, std::string* qualified = nullptr, std::string* name = nullptr);
// A receiver that is a database session: db, session, self.session, db.session,
// a parameter annotated Session/AsyncSession or defaulting to Depends(get_db…).
bool is_session(const QueryScope& sc, const model::Expr& e);
// The receiver is annotated AsyncSession.
bool is_async_session(const QueryScope& sc, const model::Expr& e);
// Column reference `X.col` with X an ORM class.
bool column_ref(const QueryScope& sc, const model::Expr& e, model::FilterTerm& out);

std::vector<model::ValueRef> value_refs(const QueryScope& sc, const model::Expr& value);
model::FilterTerm parse_term(const QueryScope& sc, const model::Expr& e, model::FilterClause clause);
// The keyword arguments of filter_by (and a **splat).
std::vector<model::FilterTerm> parse_filter_by(const QueryScope& sc, const model::Expr& call);
model::LoaderOption parse_option(const QueryScope& sc, const model::Expr& e);
// Entities named by the arguments of select()/query(): classes and their columns.
void add_entities(const QueryScope& sc, const model::Expr& arg, model::EntityRole role, std::vector<model::QueryEntity>& out);

}  // namespace archverify::resolve::detail

namespace archverify::resolve::detail {

// One method applied along a chain, root → outermost.
struct ChainStep {
  std::string method;               // "where", "all", "execute" …
  const model::Expr* expr = nullptr;  // the call (or the attribute for `.items`)
  bool session_call = false;        // session.execute(stmt) / db.paginate(stmt) …: the statement is an argument
};

// An expression read as a query chain: a new root or a local holding a query, plus steps.
struct ParsedChain {
  bool existing = false;
  std::size_t site = 0;                   // existing: index of the site the variable holds
  std::string variable;                   // existing: the variable name
  model::QueryKind kind = model::QueryKind::Select;
  const model::Expr* root = nullptr;      // new: select(X) / session.query(X) / X.query / session.get(X, id)
  std::vector<model::QueryEntity> entities;
  const model::Expr* identity = nullptr;
  model::QueryTerminal root_terminal = model::QueryTerminal::None;  // get / get_or_404 roots
  std::string session;
  bool async_session = false;
  bool awaited = false;
  std::vector<ChainStep> steps;
  const model::Expr* outer = nullptr;     // the whole expression
  model::FunctionRef factory;             // the root is a call to a repository query factory
};

// sc.factories must be set.
std::optional<ParsedChain> parse_chain(const QueryScope& sc, const model::Expr& e);
// False only when no expression of `body` (nested blocks included, nested
// function and class bodies not) can start a chain; parse_chain then fails on
// every expression of the block, so the block records no query site.
bool may_hold_query_root(const QueryScope& sc, std::span<const model::Stmt> body);
// The same for the statement's own expressions (not its nested blocks).
bool statement_may_hold_query_root(const QueryScope& sc, const model::Stmt& s);
// Records the chain's steps (filters, joins, options, terminal …) on the site.
void apply_chain(const QueryScope& sc, const ParsedChain& chain, model::QuerySite& site);
// Argument expressions of the chain that may hold subqueries.
std::vector<const model::Expr*> chain_arguments(const ParsedChain& chain);

}  // namespace archverify::resolve::detail
