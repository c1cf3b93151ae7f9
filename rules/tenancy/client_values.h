// ClientValues: where a value read in a function comes from, as TEN003 needs
// it — client-controlled request input (a FastAPI query / header / body
// parameter or Pydantic body attribute, a path parameter unless the genome
// says path parameters are membership-checked, Flask `request.args / json /
// form / values / headers / get_json()` reads and locals assigned from them)
// versus anything else (the authenticated principal `current_user.x`,
// `g.user.x`, a `Depends(...)` parameter, constants, unknowns). Deliberately
// shallow: one local assignment is followed, conversions (`int(x)`, `UUID(x)`)
// are looked through, nothing else is; a parameter of a function that is not
// a route handler is not client input (its callers are judged instead).
#pragma once
#include <map>
#include <optional>
#include <string>

#include "analyzer/model/repo_model.h"
#include "rules/tenancy/tenancy_policy.h"

namespace archverify::rules::tenancy {

struct ClientSource {
  SourceRange where;  // where the tenant value is taken from the request (parameter, assignment or read)
  std::string what;   // "query parameter `workspace_id`", "request body field `payload.workspace_id`"
};

class ClientValues {
 public:
  ClientValues(const model::RepoModel& m, const TenancyPolicy& p);

  // The client-controlled origin of `value` read in function `fn` of file `file`, or nullopt.
  std::optional<ClientSource> source(std::uint32_t file, std::uint32_t fn, const model::Expr& value) const;

 private:
  std::optional<ClientSource> classify(std::uint32_t file, const model::Function& fn, const model::Route* route,
                                       const model::Expr& e, int depth) const;
  std::optional<ClientSource> parameter(std::uint32_t file, const model::Function& fn, const model::Route* route,
                                        const model::Param& p, const model::Expr& use) const;
  const model::Stmt* local_assignment(const model::Function& fn, std::string_view name,
                                      const model::Span& before) const;

  const model::RepoModel& m_;
  const TenancyPolicy& p_;
  std::map<model::FunctionRef, const model::Route*> handlers_;
};

}  // namespace archverify::rules::tenancy
