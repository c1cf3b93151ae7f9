// Name recognition shared by the AUTH rules and genome inference (`archverify
// init`): which identifiers read as a token body key, an auth handler, an
// authentication dependency or decorator. These are deliberately generous word
// lists over names as written (the model does not know what a function
// *does*); the genome's `auth.protection` names extend them (pass a null
// genome for the built-in lists alone). Kept in one place so the rules and the
// inferred genome agree.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/genome/genome.h"

namespace archverify::genome::auth {

// Last dotted component: "app.deps.get_current_user" → "get_current_user".
std::string last_component(std::string_view dotted);

// A response key that carries a credential: access_token, refresh_token, token, id_token, jwt…
bool is_token_key(std::string_view key);
// A cookie whose name says it is a CSRF/XSRF token (meant to be read by script, not a credential).
bool is_csrf_name(std::string_view name);
// A handler that issues tokens: login, refresh, register/signup, token, authenticate, callback of a login flow.
bool is_token_issuing_name(std::string_view name);
// A route for another kind of token: logout/revoke, API keys, password reset, invitations, files/exports.
bool issues_other_tokens(std::string_view name);

// A dependency (qualified or as written) that authenticates: current_user, get_user, authenticate,
// verify_token, require_*, permission, oauth2 scheme… or one the genome's `auth.protection` names.
bool is_auth_dependency_name(std::string_view qualified, const genome::Genome* genome);
// A decorator that authenticates: login_required, jwt_required, auth_required, permission_required,
// roles_required, requires/allows… or one the genome names.
bool is_auth_decorator_name(std::string_view qualified, const genome::Genome* genome);
// Is `qualified` (or its last component) named in the genome's `auth.protection`?
bool named_in_protection(std::string_view qualified, const genome::Genome* genome);

}  // namespace archverify::genome::auth
