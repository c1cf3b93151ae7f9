// Name binding and value evaluation for route registrations (see route_eval.h).
#include "analyzer/resolve/route_eval.h"

#include <algorithm>
#include <cctype>

namespace archverify::resolve::routing {

using model::Expr;
using model::ExprKind;
using model::PathTemplate;
using model::Stmt;
using model::StmtKind;

namespace {
constexpr int kMaxFollow = 12;

const std::vector<const model::CallSite*> kNoCallers;

bool is_dependency_callee(std::string_view q) {
  return q == "fastapi.Depends" || q == "fastapi.Security" || q == "fastapi.params.Depends" ||
         q == "fastapi.params.Security" || q == "fastapi.param_functions.Depends" ||
         q == "fastapi.param_functions.Security";
}

std::optional<int> http_status_name(std::string_view name) {
  static const std::pair<std::string_view, int> kNames[] = {
      {"OK", 200}, {"CREATED", 201}, {"ACCEPTED", 202}, {"NO_CONTENT", 204}, {"MOVED_PERMANENTLY", 301},
      {"FOUND", 302}, {"SEE_OTHER", 303}, {"NOT_MODIFIED", 304}, {"TEMPORARY_REDIRECT", 307},
      {"PERMANENT_REDIRECT", 308}, {"BAD_REQUEST", 400}, {"UNAUTHORIZED", 401}, {"FORBIDDEN", 403},
      {"NOT_FOUND", 404}, {"METHOD_NOT_ALLOWED", 405}, {"CONFLICT", 409}, {"GONE", 410},
      {"UNPROCESSABLE_ENTITY", 422}, {"TOO_MANY_REQUESTS", 429}, {"INTERNAL_SERVER_ERROR", 500},
      {"NOT_IMPLEMENTED", 501}, {"SERVICE_UNAVAILABLE", 503}};
  for (const auto& [n, v] : kNames) if (n == name) return v;
  return std::nullopt;
}
}  // namespace

Evaluator::Evaluator(const model::RepoModel& model, const SymbolResolver& symbols) : model_(model), symbols_(symbols) {
  for (const model::CallSite& c : model.calls)
    if (c.target.valid()) callers_[c.target].push_back(&c);
}

const std::vector<const model::CallSite*>& Evaluator::callers(model::FunctionRef f) const {
  auto it = callers_.find(f);
  return it == callers_.end() ? kNoCallers : it->second;
}

const Expr* Evaluator::argument_for(const ArgBinding& b, std::string_view param) const {
  const model::Function& fn = model_.files[b.file].functions[b.function];
  std::size_t position = 0;
  bool skip_self = fn.owner_class != model::kNoIndex;
  for (const model::Param& p : fn.params) {
    if (skip_self && (p.kind == model::ParamKind::Positional || p.kind == model::ParamKind::PositionalOnly)) {
      skip_self = false;
      if (p.name == param) return nullptr;
      continue;
    }
    if (p.name == param) {
      switch (p.kind) {
        case model::ParamKind::Positional: return b.call->arg(position, param);
        case model::ParamKind::PositionalOnly: return b.call->arg(position, "");
        case model::ParamKind::KeywordOnly: return b.call->keyword(param);
        default: return nullptr;
      }
    }
    if (p.kind == model::ParamKind::Positional || p.kind == model::ParamKind::PositionalOnly) ++position;
  }
  return nullptr;
}

const Evaluator::LocalBindings& Evaluator::function_bindings(std::uint32_t file, std::uint32_t function) const {
  auto [it, inserted] = function_bindings_.try_emplace(std::uint64_t{file} << 32 | function);
  if (!inserted) return it->second;
  LocalBindings& out = it->second;
  model::visit_statements(model_.files[file].functions[function].body, [&](const Stmt& st) {
    if (st.kind == StmtKind::Assign && !st.value.empty() && st.value.kind != ExprKind::None) {
      for (const Expr& t : st.targets)
        if (t.kind == ExprKind::Name) out.try_emplace(t.text, LocalBinding{&st.value, false});
    } else if (st.kind == StmtKind::For && !st.targets.empty() && st.targets[0].kind == ExprKind::Name) {
      out.try_emplace(st.targets[0].text, LocalBinding{&st.value, true});
    }
  });
  return out;
}

const Evaluator::LocalBindings& Evaluator::module_loop_bindings(std::uint32_t file) const {
  auto [it, inserted] = module_loop_bindings_.try_emplace(file);
  if (!inserted) return it->second;
  model::visit_statements(model_.files[file].body, [&](const Stmt& st) {
    if (st.kind == StmtKind::For && !st.targets.empty() && st.targets[0].kind == ExprKind::Name)
      it->second.try_emplace(st.targets[0].text, LocalBinding{&st.value, true});
  });
  return it->second;
}

std::optional<Bound> Evaluator::bind(std::string_view name, const Scope& s) const {
  if (s.file >= model_.files.size()) return std::nullopt;
  const model::FileFacts& facts = model_.files[s.file];
  for (std::uint32_t fn = s.function; fn != model::kNoIndex && fn < facts.functions.size();
       fn = facts.functions[fn].parent_function) {
    const model::Function& f = facts.functions[fn];
    Scope here{s.file, fn, (s.args && s.args->function == fn && s.args->file == s.file) ? s.args : nullptr};
    const LocalBindings& locals = function_bindings(s.file, fn);
    if (auto it = locals.find(name); it != locals.end()) return Bound{it->second.value, here, it->second.loop_element};
    for (const model::Param& p : f.params) {
      if (p.name != name) continue;
      if (here.args) {
        if (const Expr* a = argument_for(*here.args, name)) return Bound{a, here.args->caller, false};
        if (!p.default_value.empty()) return Bound{&p.default_value, Scope{s.file, f.parent_function, nullptr}, false};
      }
      return Bound{nullptr, here, false};  // a parameter nobody binds here
    }
  }
  // A module-level loop variable (`for r in (a, b): app.include_router(r)`).
  if (symbols_.lookup(s.file, name)) return std::nullopt;
  const LocalBindings& loops = module_loop_bindings(s.file);
  if (auto it = loops.find(name); it != loops.end())
    return Bound{it->second.value, Scope{s.file, model::kNoIndex, nullptr}, true};
  return std::nullopt;
}

Bound Evaluator::follow(const Expr& e, const Scope& s) const { return resolve(e, s).bound; }

// follow's loop also settles what the expression it stops at resolves to in
// most exits (a name or attribute nothing local binds was just resolved; a
// local without a value, a loop variable or a non-name is nothing), so
// `symbol` does not bind and resolve the same expression a second time.
Resolved Evaluator::resolve(const Expr& e, const Scope& s) const {
  Bound cur{&e, s, false};
  for (int depth = 0; depth < kMaxFollow; ++depth) {
    const Expr& x = *cur.expr;
    if (x.kind == ExprKind::Name) {
      if (auto b = bind(x.text, cur.scope)) {
        if (!b->expr)  // a parameter nobody binds here (an empty name binds nothing for `symbol`)
          return Resolved{cur, x.text.empty() ? symbols_.resolve(cur.scope.file, x) : Symbol{}};
        if (b->loop_element) return Resolved{*b, {}};
        cur = *b;
        continue;
      }
    } else if (x.kind == ExprKind::Attribute) {
      std::string_view root = x.root_name();
      if (root.empty()) return Resolved{cur, symbols_.resolve(cur.scope.file, x)};
      if (bind(root, cur.scope)) return Resolved{cur, {}};  // a local we cannot follow
    } else {
      return Resolved{cur, {}};
    }
    Symbol sym = symbols_.resolve(cur.scope.file, x);
    if (sym.kind != Symbol::Kind::Variable || !sym.assignment || sym.assignment->value.empty()) return Resolved{cur, sym};
    if (sym.assignment->kind != StmtKind::Assign || sym.assignment->targets.size() != 1 ||
        sym.assignment->targets[0].kind != ExprKind::Name)
      return Resolved{cur, sym};
    cur = Bound{&sym.assignment->value, Scope{sym.file, model::kNoIndex, nullptr}, false};
  }
  // Out of steps: what the last expression reached denotes, judged as above.
  const Expr& x = *cur.expr;
  if (x.kind != ExprKind::Name && x.kind != ExprKind::Attribute) return Resolved{cur, {}};
  std::string_view root = x.root_name();
  if (!root.empty() && bind(root, cur.scope)) return Resolved{cur, {}};
  return Resolved{cur, symbols_.resolve(cur.scope.file, x)};
}

Symbol Evaluator::symbol(const Expr& e, const Scope& s) const { return resolve(e, s).symbol; }

std::string Evaluator::qualified(const Expr& e, const Scope& s) const {
  if (e.kind == ExprKind::Call) {  // PermissionsDependency([...]) → "app.perms.PermissionsDependency([…])"
    return qualified(e.callee(), s) + text(e).substr(text(e.callee()).size());
  }
  Symbol sym = symbol(e, s);
  if (!sym.qualified.empty()) return std::string(sym.qualified);
  std::string d = e.dotted();
  return d.empty() ? text(e) : d;
}

model::FunctionRef Evaluator::function(const Expr& e, const Scope& s) const {
  Symbol sym = symbol(e, s);
  if (sym.kind == Symbol::Kind::Function) return model::FunctionRef{sym.file, sym.index};
  // A nested function of the enclosing function (handlers defined inside a factory).
  Bound b = follow(e, s);
  if (b.expr->kind == ExprKind::Name && b.scope.function != model::kNoIndex) {
    const model::FileFacts& facts = model_.files[b.scope.file];
    for (std::uint32_t i = 0; i < facts.functions.size(); ++i)
      if (facts.functions[i].parent_function == b.scope.function && facts.functions[i].name == b.expr->text)
        return model::FunctionRef{b.scope.file, i};
  }
  return {};
}

std::optional<PathTemplate> Evaluator::path(const Expr& e, const Scope& s, model::PathSyntax syntax) const {
  Bound b = follow(e, s);
  const Expr& x = *b.expr;
  if (b.loop_element) return PathTemplate::unknown(text(e));
  switch (x.kind) {
    case ExprKind::None: return std::nullopt;
    case ExprKind::String: {
      if (!x.is_fstring) return PathTemplate::parse(x.text, syntax);
      PathTemplate out;
      std::size_t start = 0, hole = 0;
      while (true) {
        std::size_t at = x.text.find("{}", start);
        if (at == std::string::npos || hole >= x.children.size()) {
          out = out.concat(PathTemplate::parse(std::string_view(x.text).substr(start), syntax));
          break;
        }
        out = out.concat(PathTemplate::parse(std::string_view(x.text).substr(start, at - start), syntax));
        const Expr& h = x.children[hole++];
        if (auto str = string(h, b.scope)) out = out.concat(PathTemplate::parse(*str, syntax));
        else out = out.concat(PathTemplate::unknown(text(h)));
        start = at + 2;
      }
      return out;
    }
    case ExprKind::BinOp:
      if (x.text == "+" && x.children.size() == 2) {
        auto l = path(x.children[0], b.scope, syntax);
        auto r = path(x.children[1], b.scope, syntax);
        return l.value_or(PathTemplate::unknown(text(x.children[0]))).concat(r.value_or(PathTemplate::unknown(text(x.children[1]))));
      }
      return PathTemplate::unknown(text(x));
    default: return PathTemplate::unknown(text(x));
  }
}

std::vector<PathTemplate> Evaluator::paths(const Expr& e, const Scope& s, model::PathSyntax syntax) const {
  Bound b = follow(e, s);
  std::vector<PathTemplate> out;
  if (b.loop_element) {
    if (auto els = elements(*b.expr, b.scope)) {
      for (const auto& [el, sc] : *els)
        if (auto p = path(*el, sc, syntax)) out.push_back(*p);
      return out;
    }
    out.push_back(PathTemplate::unknown(text(e)));
    return out;
  }
  if (auto p = path(e, s, syntax)) out.push_back(*p);
  return out;
}

std::optional<std::vector<ScopedExpr>> Evaluator::elements(const Expr& e, const Scope& s) const {
  Bound b = follow(e, s);
  const Expr& x = *b.expr;
  if (x.kind != ExprKind::List && x.kind != ExprKind::Tuple && x.kind != ExprKind::Set) return std::nullopt;
  std::vector<ScopedExpr> out;
  for (const Expr& c : x.children) {
    if (c.kind == ExprKind::Starred && !c.children.empty()) {
      if (auto inner = elements(c.children[0], b.scope)) out.insert(out.end(), inner->begin(), inner->end());
      continue;
    }
    out.emplace_back(&c, b.scope);
  }
  return out;
}

std::optional<bool> Evaluator::boolean(const Expr& e, const Scope& s) const {
  Bound b = follow(e, s);
  if (b.expr->kind == ExprKind::True) return true;
  if (b.expr->kind == ExprKind::False) return false;
  return std::nullopt;
}

std::optional<std::string> Evaluator::string(const Expr& e, const Scope& s) const {
  Bound b = follow(e, s);
  if (b.loop_element || !b.expr->is_string_literal()) return std::nullopt;
  return std::string(b.expr->text);
}

std::optional<std::vector<model::HttpMethod>> Evaluator::methods(const Expr& e, const Scope& s) const {
  auto els = elements(e, s);
  if (!els) return std::nullopt;
  std::vector<model::HttpMethod> out;
  for (const auto& [el, sc] : *els) {
    auto str = string(*el, sc);
    if (!str) continue;
    if (auto m = model::parse_http_method(*str); m && std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
  }
  return out;
}

model::StatusCode Evaluator::status_code(const Expr& e, const Scope& s) const {
  model::StatusCode out;
  if (e.empty()) return out;
  out.state = model::StatusCode::State::Unknown;
  Bound b = follow(e, s);
  const Expr& x = *b.expr;
  if (x.kind == ExprKind::Number) {
    if (!x.text.empty() && std::all_of(x.text.begin(), x.text.end(), [](unsigned char c) { return std::isdigit(c); })) {
      out.state = model::StatusCode::State::Known;
      out.value = std::stoi(std::string(x.text));
    }
    return out;
  }
  if (x.kind != ExprKind::Name && x.kind != ExprKind::Attribute) return out;
  std::string q = qualified(x, b.scope);
  if (q.ends_with(".value")) q.resize(q.size() - 6);
  std::string_view last = q;
  if (auto dot = last.rfind('.'); dot != std::string_view::npos) last = last.substr(dot + 1);
  if (last.starts_with("HTTP_") && last.size() >= 8 && std::isdigit(static_cast<unsigned char>(last[5]))) {
    out.state = model::StatusCode::State::Known;
    out.value = std::stoi(std::string(last.substr(5, 3)));
  } else if (q.find("HTTPStatus.") != std::string::npos) {
    if (auto v = http_status_name(last)) {
      out.state = model::StatusCode::State::Known;
      out.value = *v;
    }
  }
  return out;
}

std::optional<model::DependencyRef> Evaluator::dependency(const Expr& call, const Scope& s, model::DependencyLevel level) const {
  Bound b = follow(call, s);
  const Expr& x = *b.expr;
  if (x.kind != ExprKind::Call) return std::nullopt;
  std::string callee = qualified(x.callee(), b.scope);
  if (!is_dependency_callee(callee)) return std::nullopt;
  model::DependencyRef d;
  d.level = level;
  d.call = &x;
  d.security = callee.ends_with("Security");
  d.target = x.arg(0, "dependency");
  if (d.target) {
    d.qualified = qualified(*d.target, b.scope);
    d.function = function(*d.target, b.scope);
    if (d.target->kind == ExprKind::Name || d.target->kind == ExprKind::Attribute) {
      Bound t = follow(*d.target, b.scope);
      if (t.expr != d.target && !t.loop_element && t.expr->kind == ExprKind::Call) {
        d.built_by = qualified(t.expr->callee(), t.scope);
        Symbol v = symbols_.resolve(b.scope.file, *d.target);
        if (v.kind == Symbol::Kind::Variable && !v.qualified.empty()) d.qualified = v.qualified;
      }
    }
  }
  d.where = range(b.scope.file, x);
  return d;
}

std::vector<model::DependencyRef> Evaluator::dependency_list(const Expr& e, const Scope& s, model::DependencyLevel level) const {
  std::vector<model::DependencyRef> out;
  auto els = elements(e, s);
  if (!els) return out;
  for (const auto& [el, sc] : *els)
    if (auto d = dependency(*el, sc, level)) out.push_back(std::move(*d));
  return out;
}

bool Evaluator::reads_unbound_parameter(const Expr& e, const Scope& s) const {
  if (s.function == model::kNoIndex || (s.args && s.args->function == s.function && s.args->file == s.file)) return false;
  const model::Function& fn = model_.files[s.file].functions[s.function];
  bool found = false;
  model::visit(e, [&](const Expr& x) {
    if (found || x.kind != ExprKind::Name) return;
    for (const model::Param& p : fn.params)
      if (p.name == x.text) found = true;
  });
  return found;
}

std::string Evaluator::text(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return std::string(e.text);
    case ExprKind::Attribute: return (e.children.empty() ? std::string("…") : text(e.children[0])) + "." + std::string(e.text);
    case ExprKind::Subscript: {
      std::string out = e.children.empty() ? std::string("…") : text(e.children[0]);
      out += "[";
      for (std::size_t i = 1; i < e.children.size(); ++i) out += (i > 1 ? ", " : "") + text(e.children[i]);
      return out + "]";
    }
    case ExprKind::String: return "'" + std::string(e.text) + "'";
    case ExprKind::Number: return std::string(e.text);
    case ExprKind::Call: {
      std::string out = text(e.callee()) + "(";
      for (std::size_t i = 1; i < e.children.size(); ++i) out += (i > 1 ? ", " : "") + text(e.children[i]);
      return out + ")";
    }
    case ExprKind::Keyword: return std::string(e.text) + "=" + (e.children.empty() ? std::string("…") : text(e.children[0]));
    default: return "…";
  }
}

}  // namespace archverify::resolve::routing
