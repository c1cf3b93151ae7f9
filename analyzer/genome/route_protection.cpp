// Route protection shared by AUTH003 and genome inference (see route_protection.h).
#include "analyzer/genome/route_protection.h"

#include "analyzer/core/ascii.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "analyzer/genome/auth_names.h"

namespace archverify::genome {

namespace {

using model::Expr;
using model::ExprKind;

// Depends(x) / Security(x) calls in a function's parameters (defaults and Annotated metadata).
std::vector<const Expr*> parameter_dependencies(const model::Function& fn) {
  std::vector<const Expr*> out;
  auto scan = [&](const Expr& e) {
    model::visit(e, [&](const Expr& x) {
      if (x.kind != ExprKind::Call) return;
      std::string last(auth::last_component(x.callee().dotted()));
      if (last == "Depends" || last == "Security") out.push_back(&x);
    });
  };
  for (const model::Param& p : fn.params) {
    if (!p.default_value.empty()) scan(p.default_value);
    if (!p.annotation.empty()) scan(p.annotation);
  }
  return out;
}

// The name a Depends/Security call depends on, as written ("get_current_user", "Auth.verifier").
std::string depends_target(const Expr& call) {
  const Expr* t = call.arg(0, "dependency");
  if (!t) return "";
  if (t->kind == ExprKind::Call) return t->callee().dotted();
  return t->dotted();
}

// `return RedirectResponse(url="/docs")` / `return redirect("/login")` and
// nothing else: the handler serves no data, only a fixed redirect.
bool only_redirects(const model::RepoModel& m, const model::Route& r) {
  if (!r.handler.valid()) return false;
  const model::Function& fn = m.files[r.handler.file].functions[r.handler.function];
  const model::Stmt* ret = nullptr;
  for (const model::Stmt& st : fn.body) {
    if (st.kind == model::StmtKind::Expr && st.value.is_string_literal()) continue;  // docstring
    if (st.kind != model::StmtKind::Return || ret) return false;
    ret = &st;
  }
  if (!ret || ret->value.kind != ExprKind::Call) return false;
  std::string callee(auth::last_component(ret->value.callee().dotted()));
  if (callee != "RedirectResponse" && callee != "redirect") return false;
  const Expr* url = ret->value.arg(0, "url");
  if (!url) url = ret->value.arg(0, "location");
  return url && url->is_string_literal();
}

}  // namespace

RouteProtection::RouteProtection(const model::RepoModel& m, const Genome* g) : m_(m), g_(g), hooks_(find_auth_hooks(m)) {}

bool RouteProtection::protects(const model::Route& r) const {
  for (const auto* deps : {&r.dependencies, &r.router_dependencies})
    for (const model::DependencyRef& d : *deps)
      if (auth_dependency(d)) return true;
  for (const std::string& dec : r.decorators)
    if (auth::is_auth_decorator_name(dec, g_)) return true;
  return hooks_.protects(r) || only_redirects(m_, r);
}

bool RouteProtection::auth_dependency(const model::DependencyRef& d) const {
  if (d.security) return true;
  std::string name = d.qualified;
  if (name.empty() && d.target) name = d.target->kind == ExprKind::Call ? d.target->callee().dotted() : d.target->dotted();
  if (!name.empty() && auth::is_auth_dependency_name(name, g_)) return true;
  // The callable that built a dependency object (`_ProductsRead = Authenticator(...)`)
  // and the annotation alias it was declared through (`auth_subject: auth.ProductsRead`).
  for (const std::string* other : {&d.built_by, &d.via_alias}) {
    if (other->empty()) continue;
    if (auth::named_in_protection(*other, g_) || auth::is_auth_dependency_name(auth::last_component(*other), g_))
      return true;
  }
  // One level down: the dependency function's own parameters.
  if (!d.function.valid()) return false;
  const model::Function& fn = m_.files[d.function.file].functions[d.function.function];
  for (const Expr* call : parameter_dependencies(fn)) {
    if (auth::last_component(call->callee().dotted()) == "Security") return true;
    std::string t = depends_target(*call);
    if (!t.empty() && auth::is_auth_dependency_name(t, g_)) return true;
  }
  return false;
}

// The route path for public_routes matching when it holds pieces we could not
// evaluate: an unknown prefix (`settings.API_V1_STR`) is dropped, and a
// wrapper call with a literal path (`org_scoped_rule('/login')`) stands for
// that path. "" when the path has no unknown piece.
std::string path_without_unknowns(const model::PathTemplate& path) {
  if (!path.has_unknown()) return "";
  std::string out;
  for (const model::PathPiece& p : path.pieces()) {
    switch (p.kind) {
      case model::PathPiece::Kind::Literal: out += p.text; break;
      case model::PathPiece::Kind::Param: out += "{" + p.param.name + "}"; break;
      case model::PathPiece::Kind::Unknown: {
        for (char q : {'\'', '"'}) {
          auto open = p.text.find(std::string(1, q) + "/");
          if (open == std::string::npos) continue;
          auto close = p.text.find(q, open + 1);
          if (close == std::string::npos) continue;
          model::PathTemplate inner =
              model::PathTemplate::parse(std::string_view(p.text).substr(open + 1, close - open - 1), model::PathSyntax::Flask);
          out += inner.render();
          break;
        }
        break;
      }
    }
  }
  while (out.find("//") != std::string::npos) out.erase(out.find("//"), 1);
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

namespace {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += ascii::to_lower(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The words an unknown prefix's expression names its value by: the string
// keys it reads (`app.config['USER_URL_PREFIX']` → user, url, prefix), else its
// last name (`settings.API_V1_STR` → api, v1, str). A wrapper carrying a
// literal path (`org_scoped_rule('/login')`) names nothing: its literal is the
// path itself (path_without_unknowns).
std::vector<std::string> naming_words(std::string_view expr) {
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < expr.size(); ++i) {
    if (expr[i] != '\'' && expr[i] != '"') continue;
    auto close = expr.find(expr[i], i + 1);
    if (close == std::string_view::npos) break;
    std::string_view literal = expr.substr(i + 1, close - i - 1);
    if (literal.find('/') != std::string_view::npos) return {};
    for (std::string& w : words_of(literal)) keys.push_back(std::move(w));
    i = close;
  }
  if (!keys.empty()) return keys;
  std::size_t start = expr.size();
  while (start > 0 && (std::isalnum(static_cast<unsigned char>(expr[start - 1])) || expr[start - 1] == '_')) --start;
  return words_of(expr.substr(start));
}

// "/user" or "/api/v1": literal segments only, each of whose words the
// expression names.
bool named_by(std::string_view head, const std::vector<std::string>& names) {
  if (head.empty() || names.empty() || head.find_first_of("*{}") != std::string_view::npos) return false;
  bool any = false;
  for (const std::string& w : words_of(head)) {
    if (std::find(names.begin(), names.end(), w) == names.end()) return false;
    any = true;
  }
  return any;
}

// Does what is left of a pattern still pin a route down by a literal segment?
bool has_literal_segment(std::string_view rest) {
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (rest[i] != '/' && rest[i] != '*' && rest[i] != '{' && (i == 0 || rest[i - 1] == '/')) return true;
  return false;
}

}  // namespace

bool is_public_route(const Auth& a, const model::Route& r) {
  // The route's own path, unknown pieces matched only by the same expression.
  for (const RoutePattern& p : a.public_routes)
    if (p.matches(r.method, r.path)) return true;
  std::string alt = path_without_unknowns(r.path);
  if (alt.empty()) return false;
  // Unknown pieces dropped, wrapper calls standing for their literal path.
  if (a.is_public(r.method, alt)) return true;
  // An unknown leading prefix stands for the leading segments of a pattern
  // written as the URL is served ("GET /user/{username}*" for
  // "{app.config['USER_URL_PREFIX']}/{username}") when the expression names
  // those segments, or when what is left of the pattern still pins the route
  // down by a literal segment ("* /auth/login" for "{prefix}/login").
  const model::PathPiece& first = r.path.pieces().front();
  if (first.kind != model::PathPiece::Kind::Unknown) return false;
  const std::vector<std::string> names = naming_words(first.text);
  for (const RoutePattern& p : a.public_routes)
    for (std::size_t k = 1; k < p.path.size(); ++k) {
      if (p.path[k] != '/') continue;
      std::string_view head = std::string_view(p.path).substr(0, k);
      std::string_view rest = std::string_view(p.path).substr(k);
      if (!named_by(head, names) && !has_literal_segment(rest)) continue;
      RoutePattern tail = p;
      tail.path = std::string(rest);
      if (tail.matches(r.method, alt)) return true;
    }
  return false;
}

}  // namespace archverify::genome
