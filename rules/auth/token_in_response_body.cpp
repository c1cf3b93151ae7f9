// AUTH002 token-in-response-body: with cookie token transport in the genome,
// a login/refresh/register/token handler that also returns the token in the
// JSON body (a dict key, a jsonify keyword, a response-model field).
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"
#include "analyzer/genome/auth_names.h"

namespace archverify::rules {
namespace auth = genome::auth;
namespace {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

constexpr std::string_view kDocs = R"md(
## What it does
When the genome says tokens travel in cookies (`auth.token_transport: cookie`),
checks every handler that issues tokens — a route whose path or handler name
says login, sign-in, refresh, register, sign-up, token, authenticate, OAuth,
SSO or SAML — for a token in the response body (routes for API keys, personal,
password-reset, invitation, verification and file/export/share tokens issue
other kinds of tokens and are skipped):
- a returned dict literal with a key such as `access_token`, `refresh_token`,
  `id_token`, `token` or `jwt`;
- Flask's `jsonify(access_token=...)` / `jsonify({...})`, also through
  `make_response(...)` and a local variable that is returned later;
- a returned object of a repository class with such a field (`TokenOut(...)`,
  `Token.respond(...)`, found by class name in the repository, bases included);
- `response_model=` (or the return annotation) naming such a class, reported at
  the route decorator when no return shows the token.

The finding is anchored at the expression that puts the token in the body.

## Why is this bad?
The point of cookie transport is that script never sees the token: an
HttpOnly cookie survives an XSS bug, a token in a JSON body does not (the
injected script calls the login or refresh endpoint and reads it). Returning
it in both places keeps the cookie's cost and throws away its protection.
High severity: it is a credential exposed to script.

## Example
    @router.post("/login")
    def login(response: Response, ...):
        response.set_cookie("access_token", token, httponly=True, secure=True)
        return {"access_token": token, "token_type": "bearer"}

## Use instead
    @router.post("/login")
    def login(response: Response, ...):
        response.set_cookie("access_token", token, httponly=True, secure=True)
        return {"user_id": user.id}

## Options
Runs only when the genome sets `auth.token_transport: cookie`. With `header`
transport (or no genome) returning the token is the protocol, and the rule
examines nothing.
)md";

constexpr std::string_view kTags[] = {"security", "cwe-200", "cwe-522"};

constexpr RuleMeta kMeta{"AUTH002", "token-in-response-body", Category::Auth, Severity::High,
                         "Token returned in the response body although the genome says cookie transport", kDocs,
                         Maturity::Stable, kTags};

struct ClassRef {
  std::uint32_t file;
  const model::Class* cls;
};

// Repository classes by simple name, and whether a class (or a base, by name) has a token field.
class ClassIndex {
 public:
  explicit ClassIndex(const model::RepoModel& m) : m_(m) {
    for (std::uint32_t f = 0; f < m.files.size(); ++f)
      for (const model::Class& c : m.files[f].classes) by_name_[c.name.str()].push_back({f, &c});
  }

  // The token field of class `name` as seen from `file` ("" when none).
  std::string token_field(std::string_view name, std::uint32_t file, int depth = 0) const {
    if (depth > 4) return "";
    auto it = by_name_.find(std::string(name));
    if (it == by_name_.end()) return "";
    std::vector<ClassRef> cands = preferred(it->second, name, file);
    for (const ClassRef& c : cands) {
      for (const Stmt& s : c.cls->body) {
        if (s.kind != StmtKind::Assign || s.targets.size() != 1 || s.targets[0].kind != ExprKind::Name) continue;
        if (auth::is_token_key(s.targets[0].text)) return std::string(s.targets[0].text);
      }
      for (const Expr& b : c.cls->bases) {
        std::string bn(auth::last_component(b.dotted()));
        if (bn.empty() || bn == name) continue;
        std::string f = token_field(bn, c.file, depth + 1);
        if (!f.empty()) return f;
      }
    }
    return "";
  }

 private:
  // Candidates the file imports under that name, else all of them.
  std::vector<ClassRef> preferred(const std::vector<ClassRef>& all, std::string_view name, std::uint32_t file) const {
    if (all.size() == 1 || file >= m_.files.size()) return all;
    std::vector<ClassRef> out;
    for (const ClassRef& c : all) {
      if (c.file == file) out.push_back(c);
      const std::string& mod = c.file < m_.module_names.size() ? m_.module_names[c.file] : std::string();
      for (const model::Import& imp : m_.files[file].imports)
        if (imp.alias == name && !mod.empty() && mod.ends_with(imp.module)) out.push_back(c);
    }
    return out.empty() ? all : out;
  }

  const model::RepoModel& m_;
  std::map<std::string, std::vector<ClassRef>, std::less<>> by_name_;
};

struct Leak {
  const Expr* at;
  std::string what;  // "key 'access_token'"
};

class BodyScan {
 public:
  BodyScan(const model::RepoModel& m, const ClassIndex& classes, std::uint32_t file, const model::Function& fn)
      : m_(m), classes_(classes), file_(file), fn_(fn) {}

  std::vector<Leak> returns() {
    std::vector<Leak> out;
    model::visit_statements(fn_.body, [&](const Stmt& s) {
      if (s.kind == StmtKind::Return && !s.value.empty()) examine(s.value, 0, out);
    });
    return out;
  }

 private:
  void examine(const Expr& e, int depth, std::vector<Leak>& out) {
    if (depth > 4) return;
    switch (e.kind) {
      case ExprKind::Tuple:
        if (!e.children.empty()) examine(e.children[0], depth + 1, out);
        return;
      case ExprKind::Await:
        if (!e.children.empty()) examine(e.children[0], depth + 1, out);
        return;
      case ExprKind::Dict:
        for (const Expr& p : e.children)
          if (p.kind == ExprKind::Pair && p.children.size() == 2 && p.children[0].is_string_literal() &&
              auth::is_token_key(p.children[0].text)) {
            out.push_back({&e, "key '" + std::string(p.children[0].text) + "'"});
            return;
          }
        return;
      case ExprKind::Name:
        follow(e.text, depth, out);
        return;
      case ExprKind::Call:
        call(e, depth, out);
        return;
      default:
        return;
    }
  }

  // `response = make_response(jsonify(token=t))` … `return response`.
  void follow(std::string_view name, int depth, std::vector<Leak>& out) {
    model::visit_statements(fn_.body, [&](const Stmt& s) {
      if (s.kind != StmtKind::Assign || s.value.empty()) return;
      for (const Expr& t : s.targets)
        if (t.kind == ExprKind::Name && t.text == name) examine(s.value, depth + 1, out);
    });
  }

  void call(const Expr& e, int depth, std::vector<Leak>& out) {
    const std::string callee = e.callee().dotted();
    const std::string last = auth::last_component(callee);
    if (last == "jsonify" || last == "dict") {
      for (std::size_t i = 1; i < e.children.size(); ++i) {
        const Expr& a = e.children[i];
        if (a.kind == ExprKind::Keyword && auth::is_token_key(a.text)) {
          out.push_back({&e, "key '" + std::string(a.text) + "'"});
          return;
        }
      }
      for (const Expr* p : e.positional()) examine(*p, depth + 1, out);
      return;
    }
    if (last == "make_response" || last.ends_with("JSONResponse") || last == "Response") {
      if (const Expr* c = e.arg(0, "content")) examine(*c, depth + 1, out);
      return;
    }
    // A repository class with a token field: `TokenOut(access_token=a)`, `Token.respond(t)`.
    std::string cls;
    if (!last.empty() && std::isupper(static_cast<unsigned char>(last[0]))) {
      cls = std::string(last);
    } else if (e.callee().kind == ExprKind::Attribute && !e.callee().children.empty()) {
      std::string owner(auth::last_component(e.callee().children[0].dotted()));
      if (!owner.empty() && std::isupper(static_cast<unsigned char>(owner[0]))) cls = owner;
    }
    if (cls.empty()) return;
    std::string field = classes_.token_field(cls, file_);
    if (!field.empty()) out.push_back({&e, cls + "." + field});
  }

  const model::RepoModel& m_;
  const ClassIndex& classes_;
  std::uint32_t file_;
  const model::Function& fn_;
};

bool issues_tokens(const model::Route& r, const model::Function& fn) {
  // The issuing words first: most handlers fail that test, and it is the cheaper one.
  return (auth::is_token_issuing_name(fn.name) || auth::is_token_issuing_name(r.path_text)) &&
         !auth::issues_other_tokens(fn.name) && !auth::issues_other_tokens(r.path_text);
}

class TokenInResponseBody final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    const genome::Genome* g = in.genome;
    if (!g || !g->auth || !g->auth->token_transport || g->auth->token_transport->value != genome::TokenTransport::Cookie)
      return;
    const model::RepoModel& m = in.model;
    std::optional<ClassIndex> classes;  // built at the first token-issuing handler
    std::set<model::FunctionRef> seen;
    for (const model::Route& r : m.routes) {
      if (!r.handler.valid() || !seen.insert(r.handler).second) continue;
      const model::Function& fn = m.files[r.handler.file].functions[r.handler.function];
      if (!issues_tokens(r, fn)) continue;
      ctx.count_check();
      if (!classes) classes.emplace(m);
      const std::string route = std::string(model::to_string(r.method)) + " " + r.path_text;
      BodyScan scan(m, *classes, r.handler.file, fn);
      std::vector<Leak> leaks = scan.returns();
      std::set<const Expr*> reported;
      for (const Leak& l : leaks) {
        if (!reported.insert(l.at).second) continue;
        ctx.report(m.files[r.handler.file].range(l.at->span()),
                   route + " returns the token in the response body (" + l.what +
                       ") although the genome says tokens travel in cookies",
                   "drop the token from the body; the HttpOnly cookie already carries it");
      }
      if (!leaks.empty()) continue;
      // Only the response model shows it.
      std::string model_name(auth::last_component(r.response_model_name));
      if (model_name.empty() && !fn.returns.empty()) model_name = std::string(auth::last_component(fn.returns.dotted()));
      if (model_name.empty()) continue;
      std::string field = classes->token_field(model_name, r.handler.file);
      if (field.empty()) continue;
      ctx.report(r.where,
                 route + " declares response model " + model_name + " with field '" + field +
                     "', so the token goes in the response body although the genome says cookie transport",
                 "use a response model without the token field");
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_token_in_response_body() { return std::make_unique<TokenInResponseBody>(); }

}  // namespace archverify::rules
