// RowIteration: one `for` loop or comprehension clause of the repository,
// with what it iterates (a query site, a local variable and the statement that
// bound it, a call to a repository function whose rows it walks, an attribute
// of an enclosing loop's variable) and every attribute chain read on its loop
// variables anywhere in its body, nested loops included (`row.owner.name` →
// ["owner", "name"]). ORM001 joins these with QuerySite loader options to find
// per-row relationship loads. Nested loops point at their enclosing iteration.
// Deliberately not modelled: `map()`, `while` loops, attribute reads after the
// loop variable is rebound inside the body, reads through `getattr`, and what
// a called function does with the row.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/calls.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class IterationKind : std::uint8_t { ForLoop, ListComprehension, SetComprehension, DictComprehension, Generator };
std::string_view to_string(IterationKind k);

enum class IterableSource : std::uint8_t {
  Query,         // the iterable is (the result of) a query chain: `query` is set
  Variable,      // a local variable: iterable_variable / iterable_assignment set (and `query` if it holds one)
  Call,          // a call: iterable_call set when it is a repository function
  LoopVariable,  // an attribute of an enclosing loop's variable: `for c in p.children`
  Other,
};
std::string_view to_string(IterableSource s);

// An attribute chain read on a loop variable.
struct AttributeRead {
  std::string variable;            // "row"
  std::vector<std::string> chain;  // ["owner", "name"]
  bool called = false;             // the last attribute is called: row.owner.to_dict()
  const Expr* expr = nullptr;      // the outermost Attribute
  SourceRange where;
};

struct RowIteration {
  IterationKind kind = IterationKind::ForLoop;
  std::uint32_t file = kNoIndex;
  std::uint32_t function = kNoIndex;     // enclosing function, kNoIndex at module level
  SourceRange where;                     // the loop statement / the comprehension
  const Stmt* loop = nullptr;            // ForLoop
  const Expr* comprehension = nullptr;   // comprehensions
  std::vector<std::string> variables;    // targets (tuple unpacking gives several)
  const Expr* iterable = nullptr;
  IterableSource source = IterableSource::Other;
  std::string iterable_variable;         // Variable / LoopVariable: the name iterated (or its root)
  const Stmt* iterable_assignment = nullptr;  // Variable: the last statement binding it before the loop
  std::uint32_t query = kNoIndex;        // index into RepoModel::queries when the rows come from a query site
  FunctionRef iterable_call;             // Call (directly, or through the variable's assignment): repository function
  std::string iterable_callee;           // dotted callee of that call as written, "" otherwise
  std::uint32_t parent = kNoIndex;       // enclosing RowIteration (index into RepoModel::row_iterations)
  std::vector<AttributeRead> reads;      // reads of `variables` in the body, in source order
  std::vector<std::uint32_t> queries_in_body;  // query sites executed inside the loop body (hand-written N+1)
};

}  // namespace archverify::model
