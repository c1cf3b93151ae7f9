// CookieWrite: one place where the repository decides how a cookie is sent —
// a `set_cookie` call on a response object (Starlette/FastAPI or
// Flask/Werkzeug), Flask cookie configuration (`SESSION_COOKIE_*`,
// `REMEMBER_COOKIE_*`, `JWT_COOKIE_*`, `JWT_TOKEN_LOCATION`, set through
// `app.config[...]`, `app.config.update(...)`, a config class or a config
// module), Starlette's `SessionMiddleware` or fastapi-users' `CookieTransport`.
// Flags are recorded as written (Unset when absent); the framework is kept so
// a rule applies that library's defaults. Deliberately left out: reading
// cookies (`request.cookies.get`), cookie jars (`http.cookiejar`,
// `requests.Session().cookies`, test clients), and calls to a `set_cookie`
// method the repository defines itself (those are helpers: the `set_cookie`
// call inside the helper is recorded instead). A config class is not linked
// to the app that loads it; each class/module/update call is its own write.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class CookieWriteKind : std::uint8_t {
  SetCookie,                   // response.set_cookie(...)
  FlaskConfig,                 // SESSION_COOKIE_* / REMEMBER_COOKIE_* / JWT_COOKIE_* settings
  StarletteSessionMiddleware,  // add_middleware(SessionMiddleware, ...) / Middleware(SessionMiddleware, ...)
  FastApiUsersCookieTransport, // CookieTransport(...)
};
std::string_view to_string(CookieWriteKind k);

// Whose defaults apply to an Unset flag.
enum class CookieFramework : std::uint8_t {
  Starlette,          // set_cookie: httponly False, secure False, samesite lax
  Werkzeug,           // set_cookie: httponly False, secure False, samesite None
  FlaskSession,       // SESSION_COOKIE_*: httponly True, secure False, samesite None
  FlaskLogin,         // REMEMBER_COOKIE_*: httponly True, secure False, samesite None
  FlaskJwtExtended,   // JWT_COOKIE_*: secure False, samesite None (httponly always on)
  StarletteSession,   // SessionMiddleware: https_only False, same_site lax, httponly always on
  FastApiUsers,       // CookieTransport: secure True, httponly True, samesite lax
  Unknown,            // set_cookie on a receiver we could not attribute to a framework
};
std::string_view to_string(CookieFramework f);

enum class FlagValue : std::uint8_t { Unset, True, False, Dynamic };
std::string_view to_string(FlagValue v);

enum class SameSite : std::uint8_t {
  Unset,      // not given
  Lax, Strict,
  NoneValue,  // the string "None": sent cross-site
  Omitted,    // Python None/False: the attribute is left out
  Dynamic,
};
std::string_view to_string(SameSite v);

struct CookieFlag {
  FlagValue value = FlagValue::Unset;
  const Expr* expr = nullptr;  // the expression given (nullptr when Unset)
  std::string decided_by;      // Dynamic: dotted text of the deciding expression ("settings.PRODUCTION"), else ""
  // Dynamic Secure that is off only for requests to the loopback host
  // (`secure=not is_localhost(request)`): every served host gets the flag.
  bool off_only_on_loopback = false;
};

struct CookieSameSite {
  SameSite value = SameSite::Unset;
  const Expr* expr = nullptr;
  std::string decided_by;
};

// How the set_cookie receiver was recognised as a response.
enum class ResponseOrigin : std::uint8_t {
  Parameter,     // a parameter annotated Response/JSONResponse/…
  Constructed,   // a local bound to Response(...)/JSONResponse(...)/RedirectResponse(...)
  FlaskHelper,   // a local bound to make_response(...)/jsonify(...)/redirect(...)
  Inline,        // make_response(...).set_cookie / JSONResponse(...).set_cookie
  Unknown,       // any other receiver (recorded; framework from the file's imports)
  NotApplicable, // configuration, middleware, transport
};
std::string_view to_string(ResponseOrigin o);

enum class FlaskCookieFamily : std::uint8_t { None, Session, Remember, Jwt };
std::string_view to_string(FlaskCookieFamily f);

struct CookieWrite {
  CookieWriteKind kind = CookieWriteKind::SetCookie;
  CookieFramework framework = CookieFramework::Unknown;
  ResponseOrigin origin = ResponseOrigin::NotApplicable;
  FlaskCookieFamily family = FlaskCookieFamily::None;  // FlaskConfig only
  std::uint32_t file = kNoIndex;
  std::uint32_t function = kNoIndex;      // enclosing function, kNoIndex at module/class level
  SourceRange where;                      // the call / assignment / class
  const Expr* call = nullptr;             // the call (nullptr for config assignments)
  std::string receiver;                   // set_cookie receiver as written ("response", "resp")
  std::string cookie_name;                // literal name, "" when not literal / not given
  const Expr* name_expr = nullptr;
  const Expr* value_expr = nullptr;       // set_cookie value
  CookieFlag secure;
  CookieFlag httponly;
  CookieSameSite samesite;
  bool has_kwargs_splat = false;          // **opts: flags may be set out of sight
  bool looks_like_token = false;          // name or value mentions token/jwt/access/refresh/session/auth
  std::vector<std::string> jwt_token_locations;  // JWT_TOKEN_LOCATION literal entries ("cookies", "headers")
};

}  // namespace archverify::model
