// Evaluating the expressions route registrations are written with: what a
// name is bound to in a scope (a local assignment in the enclosing function or
// its parents, a loop variable, a parameter bound by one call site of a
// wrapper such as `def register_view(bp, routes, view_func)`, a module-level
// assignment anywhere in the repository), and the few value kinds routes need:
// URL rules (literals, f-strings, `+`, module constants; anything else becomes
// an Unknown path piece), lists, booleans, HTTP methods, status codes and
// `Depends(...)` lists. Shared by the FastAPI and Flask route builders.
// Deliberately not modelled: values returned by functions, attributes set on
// objects, dictionaries and `**kwargs` forwarding.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/model/repo_model.h"
#include "analyzer/resolve/symbols.h"

namespace archverify::resolve::routing {

struct ArgBinding;

// Where an expression is evaluated.
struct Scope {
  std::uint32_t file = model::kNoIndex;
  std::uint32_t function = model::kNoIndex;  // kNoIndex: module level
  const ArgBinding* args = nullptr;          // parameters of `function` bound by one call
};

// One call of a wrapper function, binding its parameters to the call's arguments.
struct ArgBinding {
  std::uint32_t file = model::kNoIndex;      // the wrapper's file
  std::uint32_t function = model::kNoIndex;  // the wrapper
  const model::Expr* call = nullptr;
  Scope caller;
};

// The expression a name stands for and the scope to read it in.
struct Bound {
  const model::Expr* expr = nullptr;
  Scope scope;
  bool loop_element = false;  // the name iterates over `expr` (`for route in routes`)
};

using ScopedExpr = std::pair<const model::Expr*, Scope>;

// An expression followed through its bindings, and what the expression reached denotes.
struct Resolved {
  Bound bound;    // follow(e, s)
  Symbol symbol;  // symbol(e, s)
};

class Evaluator {
 public:
  Evaluator(const model::RepoModel& model, const SymbolResolver& symbols);

  // Local assignment, loop variable, bound parameter or module-level assignment.
  std::optional<Bound> bind(std::string_view name, const Scope& s) const;
  // Follows names (and module attributes) to the expression they were assigned
  // from; returns `e` itself when it is not such a name.
  Bound follow(const model::Expr& e, const Scope& s) const;
  // Symbol of a Name/Attribute after following local bindings.
  Symbol symbol(const model::Expr& e, const Scope& s) const;
  // Both at once, for the price of one follow.
  Resolved resolve(const model::Expr& e, const Scope& s) const;
  // Resolved qualified name, else the expression as written.
  std::string qualified(const model::Expr& e, const Scope& s) const;
  // The repository function a Name/Attribute denotes, if any.
  model::FunctionRef function(const model::Expr& e, const Scope& s) const;

  // A URL rule or prefix; nullopt for None. Non-literal parts become Unknown pieces.
  std::optional<model::PathTemplate> path(const model::Expr& e, const Scope& s, model::PathSyntax syntax) const;
  // Every value a rule argument can take (a loop variable over a list yields each element).
  std::vector<model::PathTemplate> paths(const model::Expr& e, const Scope& s, model::PathSyntax syntax) const;
  // Elements of a list/tuple/set literal (after following names); nullopt when not one.
  std::optional<std::vector<ScopedExpr>> elements(const model::Expr& e, const Scope& s) const;
  std::optional<bool> boolean(const model::Expr& e, const Scope& s) const;
  std::optional<std::string> string(const model::Expr& e, const Scope& s) const;
  // methods=["GET", "post"]; nullopt when not a literal list of method names.
  std::optional<std::vector<model::HttpMethod>> methods(const model::Expr& e, const Scope& s) const;
  model::StatusCode status_code(const model::Expr& e, const Scope& s) const;
  // Depends(...)/Security(...) calls in a `dependencies=[...]` list.
  std::vector<model::DependencyRef> dependency_list(const model::Expr& e, const Scope& s, model::DependencyLevel level) const;
  // A Depends(...)/Security(...) call as a DependencyRef; nullopt for other expressions.
  std::optional<model::DependencyRef> dependency(const model::Expr& call, const Scope& s, model::DependencyLevel level) const;

  // Call sites in the repository whose target is this function.
  const std::vector<const model::CallSite*>& callers(model::FunctionRef f) const;
  // Does `e` read a parameter of s.function that s.args does not bind?
  bool reads_unbound_parameter(const model::Expr& e, const Scope& s) const;

  const model::RepoModel& model() const { return model_; }
  const SymbolResolver& symbols() const { return symbols_; }
  SourceRange range(std::uint32_t file, const model::Expr& e) const { return model_.files[file].range(e.span()); }

  // A readable rendering of an expression ("settings.API_V1_STR", "app.config['X']").
  static std::string text(const model::Expr& e);

 private:
  const model::Expr* argument_for(const ArgBinding& b, std::string_view param) const;
  // The first assignment or loop binding of each name in one block of
  // statements (a function body, or a module's loops), in visit order: built
  // once per block on first use, so `bind` is a lookup, not a body walk.
  struct LocalBinding {
    const model::Expr* value = nullptr;
    bool loop_element = false;
  };
  using LocalBindings = std::unordered_map<std::string_view, LocalBinding>;
  const LocalBindings& function_bindings(std::uint32_t file, std::uint32_t function) const;
  const LocalBindings& module_loop_bindings(std::uint32_t file) const;

  const model::RepoModel& model_;
  const SymbolResolver& symbols_;
  std::map<model::FunctionRef, std::vector<const model::CallSite*>> callers_;
  mutable std::unordered_map<std::uint64_t, LocalBindings> function_bindings_;  // key: file << 32 | function
  mutable std::unordered_map<std::uint32_t, LocalBindings> module_loop_bindings_;
};

}  // namespace archverify::resolve::routing
