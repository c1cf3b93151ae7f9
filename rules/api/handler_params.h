// Which names a route's handler can receive path parameters under, for API003:
// FastAPI fills a path parameter into any parameter of that name of the
// handler or of a dependency (route-, router-, include- or app-level); Flask
// passes every converter value as a keyword argument to the view function (or
// the class-based view's method). The answer is "unknown" whenever a piece is
// out of sight: a handler we could not resolve, a `**kwargs`, a dependency
// that is not a repository function (a class, a bare `Depends()`). Nested
// dependencies (a `Depends` among a dependency's own parameters) are assumed
// not to take path parameters — deliberately, since resolving them needs the
// resolver rules cannot link; they are rarely where a path parameter goes.
#pragma once
#include <set>
#include <string>

#include "analyzer/model/repo_model.h"

namespace archverify::rules::api {

struct HandlerInputs {
  bool known = false;           // false: we cannot tell, stay quiet
  std::set<std::string> names;  // parameter names that can receive a path parameter
};

HandlerInputs handler_inputs(const model::RepoModel& model, const model::Route& route);

}  // namespace archverify::rules::api
