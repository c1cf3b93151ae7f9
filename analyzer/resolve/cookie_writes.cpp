// build_cookie_writes: set_cookie calls on response objects, Starlette's
// SessionMiddleware, fastapi-users' CookieTransport (Flask configuration is
// in cookie_config.cpp). Cookie jars, test clients and the repository's own
// set_cookie helpers are skipped.
#include <algorithm>
#include <cctype>

#include "analyzer/core/ascii.h"
#include "analyzer/resolve/cookie_flags.h"

namespace archverify::resolve {

using model::CookieFramework;
using model::CookieWrite;
using model::CookieWriteKind;
using model::Expr;
using model::ExprKind;
using model::ResponseOrigin;
using model::Stmt;
using model::StmtKind;

namespace detail {

namespace {
// A module-level constant: FLAG = True.
const Expr* constant_value(const SymbolResolver& symbols, std::uint32_t file, const Expr& e) {
  if (e.kind != ExprKind::Name && e.kind != ExprKind::Attribute) return nullptr;
  const Symbol& s = symbols.resolved(file, e);
  if (s.kind != Symbol::Kind::Variable || !s.assignment) return nullptr;
  const Expr& v = s.assignment->value;
  if (v.is_bool_literal() || v.kind == ExprKind::None || v.is_string_literal()) return &v;
  return nullptr;
}
std::string deciding_text(const Expr& e) {
  std::string d = e.dotted();
  if (!d.empty()) return d;
  std::string found;
  model::visit(e, [&](const Expr& x) {
    if (!found.empty()) return;
    if (x.kind == ExprKind::Call) {
      std::string c = x.callee().dotted();
      if (!c.empty()) found = c + "(…)";
    } else if (!x.dotted().empty()) {
      found = x.dotted();
    }
  });
  return found;
}
}  // namespace

model::CookieFlag cookie_flag(const SymbolResolver& symbols, std::uint32_t file, const Expr* e) {
  model::CookieFlag f;
  if (!e) return f;
  f.expr = e;
  const Expr* v = e;
  if (const Expr* c = constant_value(symbols, file, *e)) v = c;
  if (v->kind == ExprKind::True || (v->kind == ExprKind::Number && v->text != "0")) f.value = model::FlagValue::True;
  else if (v->kind == ExprKind::False || v->kind == ExprKind::None || (v->kind == ExprKind::Number && v->text == "0"))
    f.value = model::FlagValue::False;
  else {
    f.value = model::FlagValue::Dynamic;
    f.decided_by = deciding_text(*e);
  }
  return f;
}

model::CookieSameSite cookie_samesite(const SymbolResolver& symbols, std::uint32_t file, const Expr* e) {
  model::CookieSameSite s;
  if (!e) return s;
  s.expr = e;
  const Expr* v = e;
  if (const Expr* c = constant_value(symbols, file, *e)) v = c;
  if (v->is_string_literal()) {
    std::string t = ascii::lowered(v->text);
    if (t == "lax") s.value = model::SameSite::Lax;
    else if (t == "strict") s.value = model::SameSite::Strict;
    else if (t == "none") s.value = model::SameSite::NoneValue;
    else {
      s.value = model::SameSite::Dynamic;
      s.decided_by = v->text;
    }
  } else if (v->kind == ExprKind::None || v->kind == ExprKind::False) {
    s.value = model::SameSite::Omitted;
  } else {
    s.value = model::SameSite::Dynamic;
    s.decided_by = deciding_text(*e);
  }
  return s;
}

bool mentions_token(const Expr* e) {
  if (!e) return false;
  bool hit = false;
  model::visit(*e, [&](const Expr& x) {
    if (x.kind != ExprKind::Name && x.kind != ExprKind::Attribute && x.kind != ExprKind::String) return;
    static const ascii::WordSet kWords = {"token", "jwt", "access", "refresh", "session"};
    if (kWords.found_in(ascii::Lowered(x.text).view())) hit = true;
  });
  return hit;
}

}  // namespace detail

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

CookieFramework framework_of(const std::string& qualified) {
  if (starts_with(qualified, "fastapi") || starts_with(qualified, "starlette")) return CookieFramework::Starlette;
  if (starts_with(qualified, "flask") || starts_with(qualified, "werkzeug")) return CookieFramework::Werkzeug;
  return CookieFramework::Unknown;
}

CookieFramework framework_of_file(const model::FileFacts& file) {
  bool starlette = false, werkzeug = false;
  for (const model::Import& imp : file.imports) {
    if (starts_with(imp.module, "fastapi") || starts_with(imp.module, "starlette")) starlette = true;
    if (starts_with(imp.module, "flask") || starts_with(imp.module, "werkzeug")) werkzeug = true;
  }
  if (starlette && !werkzeug) return CookieFramework::Starlette;
  if (werkzeug && !starlette) return CookieFramework::Werkzeug;
  return CookieFramework::Unknown;
}

bool class_defines(const model::FileFacts& file, std::uint32_t cls, std::string_view method) {
  if (cls >= file.classes.size()) return false;
  for (std::uint32_t m : file.classes[cls].methods)
    if (m < file.functions.size() && file.functions[m].name == method) return true;
  return false;
}

// Receiver resolves to an instance of a repository class with its own set_cookie.
bool own_helper(const ResolveContext& ctx, std::uint32_t f, const model::Function* fn, const Expr& recv) {
  if (recv.kind == ExprKind::Name && (recv.text == "self" || recv.text == "cls"))
    return fn && class_defines(ctx.model.files[f], fn->owner_class, "set_cookie");
  auto class_has = [&](const Expr& cls_expr) {
    const Symbol& c = ctx.symbols.resolved(f, cls_expr);
    return c.kind == Symbol::Kind::Class && class_defines(ctx.model.files[c.file], c.index, "set_cookie");
  };
  if (fn && recv.kind == ExprKind::Name)
    for (const model::Param& p : fn->params)
      if (p.name == recv.text && !p.annotation.empty() && class_has(p.annotation)) return true;
  const Symbol& s = ctx.symbols.resolved(f, recv);
  if (s.kind == Symbol::Kind::Variable && s.assignment && s.assignment->value.kind == ExprKind::Call)
    return class_has(s.assignment->value.callee());
  return false;
}

bool cookie_jar_like(const Expr& recv) {
  std::string d = recv.dotted();
  std::string last = d.substr(d.rfind('.') == std::string::npos ? 0 : d.rfind('.') + 1);
  ascii::lower_in_place(last);
  if (last.find("jar") != std::string::npos || last == "cookies" || last.ends_with("client")) return true;
  return d.find(".cookies") != std::string::npos;
}

// The last assignment of `name` before `before` in the function body.
const Stmt* local_assignment(const model::Function& fn, std::string_view name, const model::Span& before) {
  const Stmt* found = nullptr;
  model::visit_statements(fn.body, [&](const Stmt& s) {
    if (s.kind != StmtKind::Assign || !(s.span.begin < before.begin)) return;
    for (const Expr& t : s.targets)
      if (t.kind == ExprKind::Name && t.text == name) found = &s;
  });
  return found;
}

void classify_response(const ResolveContext& ctx, std::uint32_t f, const model::Function* fn, const Expr& call,
                       const Expr& recv, CookieWrite& w) {
  auto from_call = [&](const Expr& value, bool inline_call) {
    const Expr* v = &value;
    while (v->kind == ExprKind::Await && !v->children.empty()) v = &v->children[0];
    if (v->kind != ExprKind::Call) return false;
    std::string q = ctx.symbols.qualified_name(f, v->callee());
    std::string last = q.substr(q.rfind('.') == std::string::npos ? 0 : q.rfind('.') + 1);
    CookieFramework fw = framework_of(q);
    if (fw == CookieFramework::Unknown) {
      // current_app.make_response(...), app.make_response(...)
      if (v->callee().kind == ExprKind::Attribute && v->callee().text == "make_response") {
        w.framework = CookieFramework::Werkzeug;
        w.origin = inline_call ? ResponseOrigin::Inline : ResponseOrigin::FlaskHelper;
        return true;
      }
      return false;
    }
    w.framework = fw;
    bool helper = last == "make_response" || last == "jsonify" || last == "redirect" || last == "send_file" ||
                  last == "render_template";
    w.origin = inline_call ? ResponseOrigin::Inline : helper ? ResponseOrigin::FlaskHelper : ResponseOrigin::Constructed;
    return true;
  };
  if (recv.kind == ExprKind::Call && from_call(recv, true)) return;
  if (fn && recv.kind == ExprKind::Name) {
    for (const model::Param& p : fn->params) {
      if (p.name != recv.text || p.annotation.empty()) continue;
      w.origin = ResponseOrigin::Parameter;
      const Expr& ann = p.annotation.kind == ExprKind::Subscript && !p.annotation.children.empty() ? p.annotation.children[0] : p.annotation;
      w.framework = framework_of(ctx.symbols.qualified_name(f, ann));
      if (w.framework == CookieFramework::Unknown) w.framework = framework_of_file(ctx.model.files[f]);
      return;
    }
    if (const Stmt* a = local_assignment(*fn, recv.text, call.span()); a && from_call(a->value, false)) return;
  }
  w.origin = ResponseOrigin::Unknown;
  w.framework = framework_of_file(ctx.model.files[f]);
}

void set_cookie(ResolveContext& ctx, std::uint32_t f, std::uint32_t fi, const Expr& call) {
  const Expr& callee = call.callee();
  const Expr& recv = callee.children[0];
  const model::Function* fn = fi == model::kNoIndex ? nullptr : &ctx.model.files[f].functions[fi];
  if (cookie_jar_like(recv) || own_helper(ctx, f, fn, recv)) return;
  CookieWrite w;
  w.kind = CookieWriteKind::SetCookie;
  w.file = f;
  w.function = fi;
  w.where = ctx.model.files[f].range(call.span());
  w.call = &call;
  w.receiver = recv.dotted();
  classify_response(ctx, f, fn, call, recv, w);
  w.name_expr = call.arg(0, "key");
  if (w.name_expr && w.name_expr->is_string_literal()) w.cookie_name = w.name_expr->text;
  w.value_expr = call.arg(1, "value");
  w.secure = detail::cookie_flag(ctx.symbols, f, call.arg(6, "secure"));
  if (w.secure.value == model::FlagValue::Dynamic && w.secure.expr)
    w.secure.off_only_on_loopback = detail::secure_off_only_on_loopback(ctx, f, fn, *w.secure.expr);
  w.httponly = detail::cookie_flag(ctx.symbols, f, call.arg(7, "httponly"));
  w.samesite = detail::cookie_samesite(ctx.symbols, f, call.arg(8, "samesite"));
  w.has_kwargs_splat = call.has_kwargs_splat();
  w.looks_like_token = detail::mentions_token(w.name_expr) || detail::mentions_token(w.value_expr);
  ctx.model.cookie_writes.push_back(std::move(w));
}

bool is_session_middleware(const ResolveContext& ctx, std::uint32_t f, const Expr& e) {
  std::string d = e.dotted();
  if (d.empty() || !d.ends_with("SessionMiddleware")) return false;
  std::string q = ctx.symbols.qualified_name(f, e);
  return q.empty() || starts_with(q, "starlette") || starts_with(q, "fastapi") || q.find('.') == std::string::npos ||
         ctx.symbols.resolve(f, e).kind == Symbol::Kind::Unknown;
}

void middleware(ResolveContext& ctx, std::uint32_t f, std::uint32_t fi, const Expr& call, const Expr& cls) {
  if (!is_session_middleware(ctx, f, cls)) return;
  CookieWrite w;
  w.kind = CookieWriteKind::StarletteSessionMiddleware;
  w.framework = CookieFramework::StarletteSession;
  w.file = f;
  w.function = fi;
  w.where = ctx.model.files[f].range(call.span());
  w.call = &call;
  w.name_expr = call.keyword("session_cookie");
  w.cookie_name = w.name_expr ? (w.name_expr->is_string_literal() ? w.name_expr->text.view() : "") : "session";
  w.secure = detail::cookie_flag(ctx.symbols, f, call.keyword("https_only"));
  w.samesite = detail::cookie_samesite(ctx.symbols, f, call.keyword("same_site"));
  w.has_kwargs_splat = call.has_kwargs_splat();
  w.looks_like_token = true;
  ctx.model.cookie_writes.push_back(std::move(w));
}

void cookie_transport(ResolveContext& ctx, std::uint32_t f, std::uint32_t fi, const Expr& call) {
  std::string q = ctx.symbols.qualified_name(f, call.callee());
  if (!q.empty() && !starts_with(q, "fastapi_users") && ctx.symbols.resolve(f, call.callee()).kind != Symbol::Kind::Unknown)
    return;
  CookieWrite w;
  w.kind = CookieWriteKind::FastApiUsersCookieTransport;
  w.framework = CookieFramework::FastApiUsers;
  w.file = f;
  w.function = fi;
  w.where = ctx.model.files[f].range(call.span());
  w.call = &call;
  w.name_expr = call.keyword("cookie_name");
  w.cookie_name = w.name_expr ? (w.name_expr->is_string_literal() ? w.name_expr->text.view() : "") : "fastapiusersauth";
  w.secure = detail::cookie_flag(ctx.symbols, f, call.keyword("cookie_secure"));
  w.httponly = detail::cookie_flag(ctx.symbols, f, call.keyword("cookie_httponly"));
  w.samesite = detail::cookie_samesite(ctx.symbols, f, call.keyword("cookie_samesite"));
  w.has_kwargs_splat = call.has_kwargs_splat();
  w.looks_like_token = true;
  ctx.model.cookie_writes.push_back(std::move(w));
}

}  // namespace

void build_cookie_writes(ResolveContext& ctx) {
  // The call index lists every call of the repository, with its function, in
  // the order for_each_call visits them: no need to walk the trees again.
  for (const model::CallSite& site : ctx.model.calls) {
    const std::uint32_t f = site.file, fi = site.in_function;
    const Expr& call = *site.call;
    const Expr& callee = call.callee();
    if (callee.kind == ExprKind::Attribute && !callee.children.empty()) {
      if (callee.text == "set_cookie") set_cookie(ctx, f, fi, call);
      else if (callee.text == "add_middleware" && !call.positional().empty()) middleware(ctx, f, fi, call, *call.positional()[0]);
      else if (callee.text == "update" || callee.text == "from_mapping") detail::flask_config_call(ctx, f, fi, call);
    }
    // site.callee is the dotted callee; its last name is the callee's own text.
    if (!site.callee.empty()) {
      if (callee.text == "Middleware" && !call.positional().empty()) middleware(ctx, f, fi, call, *call.positional()[0]);
      if (callee.text == "CookieTransport") cookie_transport(ctx, f, fi, call);
    }
  }
  detail::build_flask_cookie_config(ctx);
  std::stable_sort(ctx.model.cookie_writes.begin(), ctx.model.cookie_writes.end(),
                   [](const CookieWrite& a, const CookieWrite& b) { return a.where < b.where; });
}

}  // namespace archverify::resolve
