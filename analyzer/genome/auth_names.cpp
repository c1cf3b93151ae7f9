// Word lists for the AUTH rules and genome inference (see auth_names.h).
#include "analyzer/genome/auth_names.h"

#include "analyzer/model/syntax.h"

#include <array>
#include <cctype>

namespace archverify::genome::auth {

namespace {
bool has(std::string_view text, std::string_view word) { return text.find(word) != std::string_view::npos; }

template <std::size_t N>
bool has_any(std::string_view text, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (has(text, w)) return true;
  return false;
}
// Names that read like auth but let anonymous users through: `try_get_current_user`,
// `get_current_user_optional`, `anonymous_required`, `requires_unactivated`, `limiter.exempt`.
bool not_enforcing(std::string_view lowered) {
  static constexpr std::array<std::string_view, 9> kWords = {"optional", "try_",  "maybe",      "anonymous", "unactivated",
                                                             "exempt",   "guest", "not_logged", "public"};
  return has_any(lowered, kWords);
}
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string last_component(std::string_view dotted) { return std::string(model::last_dotted_part(dotted)); }

bool is_token_key(std::string_view key) {
  std::string k = lower(key);
  if (k == "token" || k == "jwt" || k == "access" || k == "refresh") return true;
  if (k == "token_type" || k == "token_expires" || k == "expires_in" || has(k, "csrf") || has(k, "xsrf")) return false;
  // access_token, refresh_token, id_token, auth_token, session_token, accessToken, jwt_token…
  return k.size() > 5 && (k.ends_with("_token") || k.ends_with("token")) && !k.ends_with("_tokens");
}

bool is_csrf_name(std::string_view name) {
  std::string n = lower(name);
  return has(n, "csrf") || has(n, "xsrf");
}

bool issues_other_tokens(std::string_view name) {
  std::string n = lower(name);
  if (has(n, "logout") || has(n, "revoke")) return true;
  // API keys / personal access tokens are shown once by design; password-reset, invitation,
  // verification and file/export/share tokens (mealie's fileToken) are not the session credential.
  for (std::string_view w : {"api_token", "api-token", "apitoken", "api_key", "api-key", "apikey", "personal", "reset",
                             "invite", "invitation", "verif", "file", "export", "download", "share"})
    if (has(n, w)) return true;
  return false;
}

bool is_token_issuing_name(std::string_view name) {
  static constexpr std::array<std::string_view, 13> kWords = {"login",  "signin",       "sign_in", "logon", "refresh",
                                                              "register", "signup",     "sign_up", "token", "authenticate",
                                                              "oauth",  "sso",          "saml"};
  // The word test first: most names fail it, and the exclusions cost more.
  return has_any(lower(name), kWords) && !issues_other_tokens(name);
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
  static constexpr std::array<std::string_view, 14> kWords = {
      "current_user", "get_user", "user", "authenticat", "auth",      "verify",   "token",
      "permission",   "require",  "login", "principal", "identity", "api_key", "apikey"};
  std::string q = lower(qualified);
  if (not_enforcing(q)) return false;
  // A provider of a service object is not a check (`get_user_manager`,
  // `get_user_db`, `get_users_repository`): it names what it hands out.
  static constexpr std::array<std::string_view, 7> kProviders = {"_manager", "_db",  "_repository", "_repo",
                                                                 "_service", "_store", "_dao"};
  const std::string last = lower(last_component(qualified));
  for (std::string_view suffix : kProviders)
    if (last.ends_with(suffix)) return false;
  // Judge the callable's own name and the object it hangs on (IdentityManagerFactory.get_auth_verifier).
  return has_any(q, kWords) && !has(q, "user_agent");
}

bool is_auth_decorator_name(std::string_view qualified, const genome::Genome* genome) {
  if (named_in_protection(qualified, genome)) return true;
  static constexpr std::array<std::string_view, 9> kWords = {"login_required", "jwt_required", "auth",   "permission",
                                                             "roles_",         "requires",     "require", "admin_required",
                                                             "allows"};
  std::string q = lower(last_component(qualified));
  std::string whole = lower(qualified);
  if (not_enforcing(q)) return false;
  return has_any(q, kWords) || has(whole, "flask_login") || has(whole, "flask_jwt_extended") || has(whole, "allows.");
}

}  // namespace archverify::genome::auth
