// Flask cookie configuration as CookieWrites: SESSION_COOKIE_*,
// REMEMBER_COOKIE_* and JWT_COOKIE_* / JWT_TOKEN_LOCATION settings assigned
// in a config module or class body (one write per family per body),
// `app.config["KEY"] = v` (one write each) and `app.config.update(...)` /
// `from_mapping(...)` (one write per family per call).
#include <map>
#include <optional>

#include "analyzer/resolve/cookie_flags.h"

namespace archverify::resolve::detail {

using model::CookieWrite;
using model::Expr;
using model::ExprKind;
using model::FlaskCookieFamily;
using model::Stmt;
using model::StmtKind;

namespace {

enum class Field { Secure, HttpOnly, SameSite, Name, Location };

struct Key {
  FlaskCookieFamily family;
  Field field;
};

std::optional<Key> parse_key(std::string_view k) {
  if (k == "JWT_TOKEN_LOCATION") return Key{FlaskCookieFamily::Jwt, Field::Location};
  if (k == "JWT_ACCESS_COOKIE_NAME") return Key{FlaskCookieFamily::Jwt, Field::Name};
  FlaskCookieFamily fam;
  std::string_view rest;
  auto strip = [&](std::string_view prefix, FlaskCookieFamily f) {
    if (k.substr(0, prefix.size()) != prefix) return false;
    fam = f;
    rest = k.substr(prefix.size());
    return true;
  };
  if (!strip("SESSION_COOKIE_", FlaskCookieFamily::Session) && !strip("REMEMBER_COOKIE_", FlaskCookieFamily::Remember) &&
      !strip("JWT_COOKIE_", FlaskCookieFamily::Jwt))
    return std::nullopt;
  if (rest == "SECURE") return Key{fam, Field::Secure};
  if (rest == "HTTPONLY") return Key{fam, Field::HttpOnly};
  if (rest == "SAMESITE") return Key{fam, Field::SameSite};
  if (rest == "NAME") return Key{fam, Field::Name};
  return std::nullopt;
}

model::CookieFramework framework_for(FlaskCookieFamily f) {
  switch (f) {
    case FlaskCookieFamily::Session: return model::CookieFramework::FlaskSession;
    case FlaskCookieFamily::Remember: return model::CookieFramework::FlaskLogin;
    case FlaskCookieFamily::Jwt: return model::CookieFramework::FlaskJwtExtended;
    default: return model::CookieFramework::Unknown;
  }
}

class Collector {
 public:
  Collector(ResolveContext& ctx, std::uint32_t file, std::uint32_t fn) : ctx_(ctx), file_(file), fn_(fn) {}

  void set(Key key, const Expr& value, const model::Span& at, const Expr* call) {
    CookieWrite& w = write(key.family, at, call);
    switch (key.field) {
      case Field::Secure: w.secure = cookie_flag(ctx_.symbols, file_, &value); break;
      case Field::HttpOnly: w.httponly = cookie_flag(ctx_.symbols, file_, &value); break;
      case Field::SameSite: w.samesite = cookie_samesite(ctx_.symbols, file_, &value); break;
      case Field::Name:
        w.name_expr = &value;
        if (value.is_string_literal()) w.cookie_name = value.text;
        break;
      case Field::Location:
        if (value.is_string_literal()) w.jwt_token_locations.emplace_back(value.text);
        for (const Expr& el : value.children)
          if (el.is_string_literal()) w.jwt_token_locations.emplace_back(el.text);
        break;
    }
  }

  void flush() {
    for (auto& [fam, w] : writes_) ctx_.model.cookie_writes.push_back(std::move(w));
    writes_.clear();
  }

 private:
  CookieWrite& write(FlaskCookieFamily fam, const model::Span& at, const Expr* call) {
    auto it = writes_.find(fam);
    if (it != writes_.end()) return it->second;
    CookieWrite w;
    w.kind = model::CookieWriteKind::FlaskConfig;
    w.framework = framework_for(fam);
    w.family = fam;
    w.file = file_;
    w.function = fn_;
    w.where = ctx_.model.files[file_].range(at);
    w.call = call;
    w.looks_like_token = true;
    return writes_.emplace(fam, std::move(w)).first->second;
  }

  ResolveContext& ctx_;
  std::uint32_t file_;
  std::uint32_t fn_;
  std::map<FlaskCookieFamily, CookieWrite> writes_;
};

// SESSION_COOKIE_SECURE = True directly in a module or class body.
void body_settings(ResolveContext& ctx, std::uint32_t f, std::uint32_t fn, std::span<const Stmt> body) {
  Collector c(ctx, f, fn);
  for (const Stmt& s : body) {
    if (s.kind != StmtKind::Assign || s.value.empty()) continue;
    for (const Expr& t : s.targets)
      if (t.kind == ExprKind::Name)
        if (auto key = parse_key(t.text)) c.set(*key, s.value, s.span, nullptr);
  }
  c.flush();
}

bool config_object(const Expr& e) { return e.kind == ExprKind::Attribute && e.text == "config"; }

// app.config["KEY"] = value anywhere.
void subscript_settings(ResolveContext& ctx, std::uint32_t f, std::uint32_t fn, std::span<const Stmt> body) {
  model::visit_statements(body, [&](const Stmt& s) {
    if (s.kind != StmtKind::Assign || s.value.empty()) return;
    for (const Expr& t : s.targets) {
      if (t.kind != ExprKind::Subscript || t.children.size() < 2 || !config_object(t.children[0])) continue;
      if (!t.children[1].is_string_literal()) continue;
      if (auto key = parse_key(t.children[1].text)) {
        Collector c(ctx, f, fn);
        c.set(*key, s.value, s.span, nullptr);
        c.flush();
      }
    }
  });
}

}  // namespace

void build_flask_cookie_config(ResolveContext& ctx) {
  for (std::uint32_t f = 0; f < ctx.model.files.size(); ++f) {
    const model::FileFacts& file = ctx.model.files[f];
    body_settings(ctx, f, model::kNoIndex, file.body);
    for (const model::Class& cls : file.classes) body_settings(ctx, f, cls.parent_function, cls.body);
    subscript_settings(ctx, f, model::kNoIndex, file.body);
    for (const model::Class& cls : file.classes) subscript_settings(ctx, f, cls.parent_function, cls.body);
    for (std::uint32_t i = 0; i < file.functions.size(); ++i)
      if (file.functions[i].has(model::kBodyAssignsSubscript)) subscript_settings(ctx, f, i, file.functions[i].body);
  }
}

void flask_config_call(ResolveContext& ctx, std::uint32_t f, std::uint32_t fn, const Expr& call) {
  const Expr& callee = call.callee();
  if (callee.kind != ExprKind::Attribute || callee.children.empty()) return;
  if ((callee.text != "update" && callee.text != "from_mapping") || !config_object(callee.children[0])) return;
  Collector c(ctx, f, fn);
  for (std::size_t i = 1; i < call.children.size(); ++i) {
    const Expr& a = call.children[i];
    if (a.kind == ExprKind::Keyword && !a.children.empty()) {
      if (auto key = parse_key(a.text)) c.set(*key, a.children[0], call.span(), &call);
    } else if (a.kind == ExprKind::Dict) {
      for (const Expr& p : a.children)
        if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal())
          if (auto key = parse_key(p.children[0].text)) c.set(*key, p.children[1], call.span(), &call);
    }
  }
  c.flush();
}

}  // namespace archverify::resolve::detail
