// Flask `before_request` hooks that authenticate: `@bp.before_request`,
// `@app.before_request`, `bp.before_app_request` and the call form
// `bp.before_request(check_login)`, kept when the hook's body reads the user
// or login state (current_user, is_authenticated, login…, user, auth, token,
// verify, permission — names and attributes, not strings) and can stop the
// request (`abort(...)`, `redirect(...)`, `raise`, a non-None `return`). A hook
// protects the routes whose blueprint/app chain passes through an object of
// that name declared in the hook's module (or every route, for
// `before_app_request`). Deliberately generous: we cannot tell a redirect to
// the login page from any other early return.
#pragma once
#include <string>
#include <vector>

#include "analyzer/model/repo_model.h"

namespace archverify::genome {

class AuthHooks {
 public:
  struct Hook {
    std::uint32_t file = model::kNoIndex;
    std::string receiver;  // "bp", "app"
    bool app_wide = false; // before_app_request
  };
  bool protects(const model::Route& r) const;
  const std::vector<Hook>& hooks() const { return hooks_; }

 private:
  friend AuthHooks find_auth_hooks(const model::RepoModel& m);
  const model::RepoModel* m_ = nullptr;
  std::vector<Hook> hooks_;
};

AuthHooks find_auth_hooks(const model::RepoModel& m);

}  // namespace archverify::genome
