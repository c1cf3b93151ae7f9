// Names of the cookie-write and row-iteration enums (for inspect output).
#include "analyzer/model/cookies.h"
#include "analyzer/model/row_loops.h"

namespace archverify::model {

std::string_view to_string(CookieWriteKind k) {
  switch (k) {
    case CookieWriteKind::SetCookie: return "set-cookie";
    case CookieWriteKind::FlaskConfig: return "flask-config";
    case CookieWriteKind::StarletteSessionMiddleware: return "starlette-session-middleware";
    case CookieWriteKind::FastApiUsersCookieTransport: return "fastapi-users-cookie-transport";
  }
  return "set-cookie";
}

std::string_view to_string(CookieFramework f) {
  switch (f) {
    case CookieFramework::Starlette: return "starlette";
    case CookieFramework::Werkzeug: return "werkzeug";
    case CookieFramework::FlaskSession: return "flask-session";
    case CookieFramework::FlaskLogin: return "flask-login";
    case CookieFramework::FlaskJwtExtended: return "flask-jwt-extended";
    case CookieFramework::StarletteSession: return "starlette-session";
    case CookieFramework::FastApiUsers: return "fastapi-users";
    case CookieFramework::Unknown: return "unknown";
  }
  return "unknown";
}

std::string_view to_string(FlagValue v) {
  switch (v) {
    case FlagValue::Unset: return "unset";
    case FlagValue::True: return "true";
    case FlagValue::False: return "false";
    case FlagValue::Dynamic: return "dynamic";
  }
  return "unset";
}

std::string_view to_string(SameSite v) {
  switch (v) {
    case SameSite::Unset: return "unset";
    case SameSite::Lax: return "lax";
    case SameSite::Strict: return "strict";
    case SameSite::NoneValue: return "none";
    case SameSite::Omitted: return "omitted";
    case SameSite::Dynamic: return "dynamic";
  }
  return "unset";
}

std::string_view to_string(ResponseOrigin o) {
  switch (o) {
    case ResponseOrigin::Parameter: return "parameter";
    case ResponseOrigin::Constructed: return "constructed";
    case ResponseOrigin::FlaskHelper: return "flask-helper";
    case ResponseOrigin::Inline: return "inline";
    case ResponseOrigin::Unknown: return "unknown";
    case ResponseOrigin::NotApplicable: return "n/a";
  }
  return "unknown";
}

std::string_view to_string(FlaskCookieFamily f) {
  switch (f) {
    case FlaskCookieFamily::None: return "none";
    case FlaskCookieFamily::Session: return "session";
    case FlaskCookieFamily::Remember: return "remember";
    case FlaskCookieFamily::Jwt: return "jwt";
  }
  return "none";
}

std::string_view to_string(IterationKind k) {
  switch (k) {
    case IterationKind::ForLoop: return "for";
    case IterationKind::ListComprehension: return "list";
    case IterationKind::SetComprehension: return "set";
    case IterationKind::DictComprehension: return "dict";
    case IterationKind::Generator: return "generator";
  }
  return "for";
}

std::string_view to_string(IterableSource s) {
  switch (s) {
    case IterableSource::Query: return "query";
    case IterableSource::Variable: return "variable";
    case IterableSource::Call: return "call";
    case IterableSource::LoopVariable: return "loop-variable";
    case IterableSource::Other: return "other";
  }
  return "other";
}

}  // namespace archverify::model
