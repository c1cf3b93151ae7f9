// AUTH001 insecure-auth-cookie: an auth cookie (token, session, remember-me)
// written without the HttpOnly, Secure or SameSite attributes the genome
// requires, judged with the writing library's defaults for flags left unset.
#include <memory>
#include <string>
#include <vector>

#include "analyzer/core/ascii.h"
#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"
#include "analyzer/genome/auth_names.h"

namespace archverify::rules {
namespace auth = genome::auth;
namespace {

using model::CookieFramework;
using model::CookieWrite;
using model::CookieWriteKind;
using model::FlagValue;
using model::SameSite;

constexpr std::string_view kDocs = R"md(
## What it does
Checks every place an authentication cookie is configured — `set_cookie(...)`
on a Starlette/FastAPI or Flask/Werkzeug response, Flask's `SESSION_COOKIE_*`,
`REMEMBER_COOKIE_*` and `JWT_COOKIE_*` settings, Starlette's
`SessionMiddleware` and fastapi-users' `CookieTransport` — and reports the
ones sent without HttpOnly, Secure or a SameSite of `lax`/`strict`. A flag
that is not written is judged with that library's default:

| writer | httponly | secure | samesite |
|---|---|---|---|
| Starlette `set_cookie` | False | False | lax |
| Werkzeug `set_cookie` | False | False | (none) |
| Flask `SESSION_COOKIE_*` | True | False | (none) |
| Flask-Login `REMEMBER_COOKIE_*` | True | False | (none) |
| flask-jwt-extended `JWT_COOKIE_*` | always | False | (none) |
| Starlette `SessionMiddleware` | always | `https_only=False` | lax |
| fastapi-users `CookieTransport` | True | True | lax |

One finding per write lists every missing attribute. A flag taken from
settings (`secure=settings.PRODUCTION`) is reported one severity lower, as
*conditional*, naming the expression that decides it. A Secure flag that is
off only for requests to the loopback host (`secure=not is_localhost(request)`,
`request.url.hostname not in ("127.0.0.1", "localhost")`, also through a local
variable or a repository helper returning such a test) is not reported: every
served host gets it. A `**kwargs` splat (`set_cookie(**opts)`) hides the flags
and is not reported.

Only cookies that carry a credential are checked: a `set_cookie` whose name or
value mentions token/jwt/access/refresh/session/auth, and every session,
remember-me, JWT, session-middleware and transport cookie. A preference cookie
(`theme`) and CSRF/XSRF token cookies (double-submit tokens are meant to be
read by script) are not credentials and are skipped. A Flask configuration
body that names a cookie family without setting any of its flags
(`SESSION_COOKIE_NAME = ...` alone) is skipped, as are configuration classes
named for development or tests (`DevelopmentConfig`, `TestingConfig`) and
files under `tests/`.

## Why is this bad?
Without HttpOnly, any injected script reads the session token. Without Secure,
the cookie is sent over plain HTTP and can be sniffed. Without SameSite
(lax/strict) the browser attaches it to cross-site requests, which is what a
CSRF attack needs. The default severity is high: each one turns a lesser bug
(XSS, a downgrade, a forged form) into account takeover.

## Example
    response.set_cookie("access_token", token)            # Starlette: httponly=False, secure=False

    class Config:
        REMEMBER_COOKIE_HTTPONLY = False                  # Flask-Login remember cookie readable by script

## Use instead
    response.set_cookie("access_token", token, httponly=True, secure=True, samesite="lax")

    class Config:
        REMEMBER_COOKIE_HTTPONLY = True
        REMEMBER_COOKIE_SECURE = True
        REMEMBER_COOKIE_SAMESITE = "Lax"

## Options
The genome's `auth.cookie_flags` (`{httponly: true, secure: true, samesite: lax}`)
says which attributes are required: a flag set to `false` there is not
required, `samesite: strict` requires strict, `samesite: none` accepts any
value. Without a genome (or without `cookie_flags`) all three are required,
with SameSite lax or strict.
)md";

constexpr std::string_view kTags[] = {"security", "cwe-614", "cwe-1004", "cwe-1275"};

constexpr RuleMeta kMeta{"AUTH001", "insecure-auth-cookie", Category::Auth, Severity::High,
                         "Auth cookie sent without HttpOnly, Secure or SameSite", kDocs, Maturity::Stable, kTags};

enum class SameSiteNeed { Any, LaxOrStrict, Strict };

struct Required {
  bool httponly = true;
  bool secure = true;
  SameSiteNeed samesite = SameSiteNeed::LaxOrStrict;
};

Required required_flags(const genome::Genome* g) {
  Required r;
  if (!g || !g->auth) return r;
  const genome::CookieFlags& f = g->auth->cookie_flags;
  if (f.httponly) r.httponly = f.httponly->value;
  if (f.secure) r.secure = f.secure->value;
  if (f.samesite) {
    switch (f.samesite->value) {
      case genome::SameSite::Lax: r.samesite = SameSiteNeed::LaxOrStrict; break;
      case genome::SameSite::Strict: r.samesite = SameSiteNeed::Strict; break;
      case genome::SameSite::None: r.samesite = SameSiteNeed::Any; break;
    }
  }
  return r;
}

// How the write spells each attribute, for messages and hints.
struct Spelling {
  std::string httponly, secure, samesite, what;
};

std::string family_prefix(const CookieWrite& w) {
  switch (w.family) {
    case model::FlaskCookieFamily::Session: return "SESSION_COOKIE_";
    case model::FlaskCookieFamily::Remember: return "REMEMBER_COOKIE_";
    case model::FlaskCookieFamily::Jwt: return "JWT_COOKIE_";
    case model::FlaskCookieFamily::None: break;
  }
  return "";
}

std::string render_name(const model::Expr* e) {
  if (!e) return "";
  if (e->is_string_literal()) return std::string(e->text);
  std::string d = e->dotted();
  if (!d.empty()) return d;
  if (e->kind == model::ExprKind::Subscript && e->children.size() >= 2 && e->children[1].is_string_literal()) {
    std::string base = e->children[0].dotted();
    if (!base.empty()) return base + "[\"" + std::string(e->children[1].text) + "\"]";
  }
  return "";
}

Spelling spelling_of(const CookieWrite& w) {
  switch (w.kind) {
    case CookieWriteKind::SetCookie: {
      std::string name = w.cookie_name.empty() ? render_name(w.name_expr) : "'" + w.cookie_name + "'";
      std::string lib = w.framework == CookieFramework::Starlette  ? " (Starlette set_cookie)"
                        : w.framework == CookieFramework::Werkzeug ? " (Werkzeug set_cookie)"
                                                                   : "";
      return {"httponly", "secure", "samesite", "cookie " + (name.empty() ? std::string("set here") : name) + lib};
    }
    case CookieWriteKind::FlaskConfig: {
      std::string p = family_prefix(w);
      std::string what = w.family == model::FlaskCookieFamily::Session    ? "Flask session cookie"
                         : w.family == model::FlaskCookieFamily::Remember ? "Flask-Login remember-me cookie"
                                                                          : "flask-jwt-extended token cookies";
      return {p + "HTTPONLY", p + "SECURE", p + "SAMESITE", what + " (" + p + "*)"};
    }
    case CookieWriteKind::StarletteSessionMiddleware:
      return {"httponly", "https_only", "same_site", "SessionMiddleware session cookie"};
    case CookieWriteKind::FastApiUsersCookieTransport:
      return {"cookie_httponly", "cookie_secure", "cookie_samesite", "fastapi-users CookieTransport cookie"};
  }
  return {"httponly", "secure", "samesite", "cookie"};
}

// Library defaults for an Unset flag.
bool default_httponly(CookieFramework f) {
  switch (f) {
    case CookieFramework::FlaskSession:
    case CookieFramework::FlaskLogin:
    case CookieFramework::FlaskJwtExtended:
    case CookieFramework::StarletteSession:
    case CookieFramework::FastApiUsers: return true;
    default: return false;
  }
}
bool always_httponly(CookieFramework f) {
  return f == CookieFramework::FlaskJwtExtended || f == CookieFramework::StarletteSession;
}
bool default_secure(CookieFramework f) { return f == CookieFramework::FastApiUsers; }
// Unset SameSite: Lax for the Starlette family, nothing for Werkzeug/Flask; Unknown stays unjudged.
SameSite default_samesite(CookieFramework f) {
  switch (f) {
    case CookieFramework::Starlette:
    case CookieFramework::StarletteSession:
    case CookieFramework::FastApiUsers: return SameSite::Lax;
    case CookieFramework::Unknown: return SameSite::Unset;
    default: return SameSite::Omitted;
  }
}

struct Verdict {
  std::vector<std::string> missing;      // "Secure (secure=False)"
  std::vector<std::string> conditional;  // "Secure depends on settings.PRODUCTION"
  std::vector<std::string> fixes;        // "secure=True"
};

void judge_bool(const model::CookieFlag& flag, bool def, std::string_view label, const std::string& spelled,
                bool is_config, Verdict& v) {
  auto set_to = [&](bool b) { return spelled + (is_config ? " = " : "=") + (b ? "True" : "False"); };
  switch (flag.value) {
    case FlagValue::True: return;
    case FlagValue::False:
      v.missing.push_back(std::string(label) + " (" + set_to(false) + ")");
      break;
    case FlagValue::Unset:
      if (def) return;
      v.missing.push_back(std::string(label) + " (" + spelled + " not set, default False)");
      break;
    case FlagValue::Dynamic:
      if (flag.off_only_on_loopback) return;  // off only on plain-http localhost: every served host gets it
      v.conditional.push_back(std::string(label) + " depends on " +
                              (flag.decided_by.empty() ? std::string("an expression") : flag.decided_by));
      break;
  }
  v.fixes.push_back(set_to(true));
}

void judge_samesite(const CookieWrite& w, SameSiteNeed need, const std::string& spelled, bool is_config, Verdict& v) {
  if (need == SameSiteNeed::Any) return;
  SameSite s = w.samesite.value == SameSite::Unset ? default_samesite(w.framework) : w.samesite.value;
  const std::string want = need == SameSiteNeed::Strict ? "Strict" : "Lax";
  auto fix = [&] { v.fixes.push_back(spelled + (is_config ? " = \"" : "=\"") + want + "\""); };
  switch (s) {
    case SameSite::Strict: return;
    case SameSite::Lax:
      if (need == SameSiteNeed::LaxOrStrict) return;
      v.missing.push_back("SameSite=Strict (" + std::string(w.samesite.value == SameSite::Unset ? "default " : "") + "lax)");
      fix();
      return;
    case SameSite::Unset: return;  // unknown library: not judged
    case SameSite::NoneValue:
      v.missing.push_back("SameSite (" + spelled + "=\"None\")");
      fix();
      return;
    case SameSite::Omitted:
      v.missing.push_back(w.samesite.value == SameSite::Unset
                              ? "SameSite (" + spelled + " not set, the library sends none)"
                              : "SameSite (" + spelled + "=None leaves it out)");
      fix();
      return;
    case SameSite::Dynamic:
      v.conditional.push_back("SameSite depends on " +
                              (w.samesite.decided_by.empty() ? std::string("an expression") : w.samesite.decided_by));
      fix();
      return;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
  return out;
}

bool in_tests(std::string_view path) {
  return path.starts_with("tests/") || path.starts_with("test/") || path.find("/tests/") != std::string_view::npos ||
         path.find("/test/") != std::string_view::npos || path.find("conftest.py") != std::string_view::npos;
}

// The class whose body holds a config write, when it is one.
const model::Class* enclosing_class(const model::RepoModel& m, const CookieWrite& w) {
  if (w.file >= m.files.size()) return nullptr;
  const model::FileFacts& f = m.files[w.file];
  const model::Class* best = nullptr;
  for (const model::Class& c : f.classes)
    if (c.span.begin <= w.where.begin && w.where.end <= c.span.end) best = &c;
  return best;
}

bool non_production_config(const model::RepoModel& m, const CookieWrite& w) {
  const model::Class* c = enclosing_class(m, w);
  if (!c) return false;
  std::string n = ascii::lowered(c->name);
  for (std::string_view word : {"dev", "test", "debug", "local"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

bool judged(const model::RepoModel& m, const CookieWrite& w) {
  if (w.has_kwargs_splat) return false;
  if (in_tests(w.where.path)) return false;
  if (w.kind == CookieWriteKind::SetCookie) {
    if (!w.looks_like_token) return false;
    if (auth::is_csrf_name(w.cookie_name) || auth::is_csrf_name(render_name(w.name_expr))) return false;
    return true;
  }
  if (w.kind == CookieWriteKind::FlaskConfig) {
    bool any_flag = w.secure.value != FlagValue::Unset || w.httponly.value != FlagValue::Unset ||
                    w.samesite.value != SameSite::Unset;
    if (!any_flag) return false;
    if (w.family == model::FlaskCookieFamily::Jwt && !w.jwt_token_locations.empty()) {
      bool cookies = false;
      for (const auto& l : w.jwt_token_locations) cookies = cookies || l == "cookies";
      if (!cookies) return false;
    }
    if (non_production_config(m, w)) return false;
  }
  return true;
}

class InsecureAuthCookie final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const Required req = required_flags(in.genome);
    for (const CookieWrite& w : in.model.cookie_writes) {
      if (!judged(in.model, w)) continue;
      ctx.count_check();
      const Spelling sp = spelling_of(w);
      const bool config = w.kind == CookieWriteKind::FlaskConfig;
      Verdict v;
      if (req.httponly && !always_httponly(w.framework))
        judge_bool(w.httponly, default_httponly(w.framework), "HttpOnly", sp.httponly, config, v);
      if (req.secure) judge_bool(w.secure, default_secure(w.framework), "Secure", sp.secure, config, v);
      judge_samesite(w, req.samesite, sp.samesite, config, v);
      if (v.missing.empty() && v.conditional.empty()) continue;
      std::string hint = "set " + join(v.fixes, ", ");
      if (!v.missing.empty()) {
        std::string msg = sp.what + " is sent without " + join(v.missing, ", ");
        if (!v.conditional.empty()) msg += "; " + join(v.conditional, ", ");
        ctx.report(w.where, std::move(msg), std::move(hint));
      } else {
        Severity lower = ctx.severity() == Severity::Low ? Severity::Low : static_cast<Severity>(static_cast<int>(ctx.severity()) - 1);
        ctx.report_at(lower, w.where, sp.what + ": " + join(v.conditional, ", ") + " (conditional)", std::move(hint));
      }
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_insecure_auth_cookie() { return std::make_unique<InsecureAuthCookie>(); }

}  // namespace archverify::rules
