// Word lists for the AUTH rules and genome inference (see auth_names.h).
#include "analyzer/genome/auth_names.h"

#include <array>

#include "analyzer/core/ascii.h"
#include "analyzer/model/syntax.h"

namespace archverify::genome::auth {

namespace {
bool has(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

// Names that read like auth but let anonymous users through: `try_get_current_user`,
// `get_current_user_optional`, `anonymous_required`, `requires_unactivated`, `limiter.exempt`.
bool not_enforcing(std::string_view lowered) {
  static const ascii::WordSet kWords = {"optional", "try_",  "maybe",      "anonymous", "unactivated",
                                        "exempt",   "guest", "not_logged", "public"};
  return kWords.found_in(lowered);
}

// issues_other_tokens over a lower-cased name.
bool lowered_issues_other_tokens(std::string_view n) {
  // Logout and revocation; API keys / personal access tokens are shown once by design; password-reset,
  // invitation, verification and file/export/share tokens (mealie's fileToken) are not the session credential.
  static const ascii::WordSet kWords = {"logout", "revoke",   "api_token",  "api-token", "apitoken", "api_key",
                                        "api-key", "apikey",  "personal",   "reset",     "invite",   "invitation",
                                        "verif",  "file",     "export",     "download",  "share"};
  return kWords.found_in(n);
}
}  // namespace


std::string last_component(std::string_view dotted) { return std::string(model::last_dotted_part(dotted)); }

bool is_token_key(std::string_view key) {
  const ascii::Lowered lowered(key);
  const std::string_view k = lowered.view();
  if (k == "token" || k == "jwt" || k == "access" || k == "refresh") return true;
  if (k == "token_type" || k == "token_expires" || k == "expires_in" || has(k, "csrf") || has(k, "xsrf")) return false;
  // access_token, refresh_token, id_token, auth_token, session_token, accessToken, jwt_token…
  return k.size() > 5 && (k.ends_with("_token") || k.ends_with("token")) && !k.ends_with("_tokens");
}

bool is_csrf_name(std::string_view name) {
  const ascii::Lowered n(name);
  return has(n.view(), "csrf") || has(n.view(), "xsrf");
}

bool issues_other_tokens(std::string_view name) { return lowered_issues_other_tokens(ascii::Lowered(name).view()); }

bool is_token_issuing_name(std::string_view name) {
  static const ascii::WordSet kWords = {"login",    "signin", "sign_in", "logon", "refresh",      "register", "signup",
                                        "sign_up",  "token",  "authenticate", "oauth", "sso", "saml"};
  const ascii::Lowered n(name);
  // The word test first: most names fail it.
  return kWords.found_in(n.view()) && !lowered_issues_other_tokens(n.view());
}

bool named_in_protection(std::string_view qualified, const genome::Genome* genome) {
  if (!genome || !genome->auth) return false;
  const std::string last = last_component(qualified);
  for (const auto& p : genome->auth->protection) {
    const std::string& want = p.value;
    if (want == qualified || want == last) return true;
    if (want.find('.') != std::string::npos && qualified.ends_with("." + want)) return true;
  }
  return false;
}

bool is_auth_dependency_name(std::string_view qualified, const genome::Genome* genome) {
  if (named_in_protection(qualified, genome)) return true;
  static const ascii::WordSet kWords = {"current_user", "get_user", "user",      "authenticat", "auth",
                                        "verify",       "token",    "permission", "require",    "login",
                                        "principal",    "identity", "api_key",   "apikey"};
  const ascii::Lowered lowered(qualified);
  const std::string_view q = lowered.view();
  if (not_enforcing(q)) return false;
  // A provider of a service object is not a check (`get_user_manager`,
  // `get_user_db`, `get_users_repository`): it names what it hands out.
  static constexpr std::array<std::string_view, 7> kProviders = {"_manager", "_db",  "_repository", "_repo",
                                                                 "_service", "_store", "_dao"};
  const ascii::Lowered last(model::last_dotted_part(qualified));
  for (std::string_view suffix : kProviders)
    if (last.view().ends_with(suffix)) return false;
  // Judge the callable's own name and the object it hangs on (IdentityManagerFactory.get_auth_verifier).
  return kWords.found_in(q) && !has(q, "user_agent");
}

bool is_auth_decorator_name(std::string_view qualified, const genome::Genome* genome) {
  if (named_in_protection(qualified, genome)) return true;
  static const ascii::WordSet kWords = {"login_required", "jwt_required", "auth",           "permission", "roles_",
                                        "requires",       "require",      "admin_required", "allows"};
  const ascii::Lowered last(model::last_dotted_part(qualified));
  const std::string_view q = last.view();
  if (not_enforcing(q)) return false;
  const ascii::Lowered lowered_whole(qualified);
  const std::string_view whole = lowered_whole.view();
  return kWords.found_in(q) || has(whole, "flask_login") || has(whole, "flask_jwt_extended") || has(whole, "allows.");
}

}  // namespace archverify::genome::auth
