// CallSite: every call expression of the repository with where it is (file,
// enclosing function) and, when resolve/ could tell, which function of the
// repository it calls. Rules use it for one-level interprocedural reasoning
// (a service called from a route). Method calls resolve when the receiver's
// class is evident in the function: `self`, a parameter annotated with the class
// (`X | None`, `Optional[X]`), a local or module-level instance built once by
// `X(...)` or `X.factory(...)`; the method is looked up in X and its bases.
// Deliberately not modelled: calls through variables holding functions, method
// calls on instances of unknown type (unannotated, rebound, attributes of self).
#pragma once
#include <cstdint>
#include <string_view>

#include "analyzer/model/syntax.h"

namespace archverify::model {

struct FunctionRef {
  std::uint32_t file = kNoIndex;
  std::uint32_t function = kNoIndex;
  bool valid() const { return file != kNoIndex && function != kNoIndex; }
  auto operator<=>(const FunctionRef&) const = default;
};

// The texts are views: into the file's arena for a plain name, else into the
// model's NamePool (RepoModel::names), so a call carries no string of its own.
// 48 bytes: the texts are packed views (PackedText, syntax_refs.h); a large repository has
// half a million call sites.
struct CallSite {
  std::uint32_t file = kNoIndex;
  std::uint32_t in_function = kNoIndex;  // kNoIndex at module level / class body
  const Expr* call = nullptr;            // ExprKind::Call
  PackedText callee;                     // dotted callee as written ("session.query"), "" if not a name chain
  PackedText qualified;                  // resolved origin ("fastapi.APIRouter", "app.services.list_projects"), "" if unknown
  FunctionRef target;                    // the repository function called, when known
};
static_assert(sizeof(CallSite) == 48, "see above");

}  // namespace archverify::model
