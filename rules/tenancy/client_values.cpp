// ClientValues: client-controlled request input versus the principal (see client_values.h).
#include "rules/tenancy/client_values.h"

#include <set>

namespace archverify::rules::tenancy {

using model::Expr;
using model::ExprKind;

namespace {

const std::set<std::string, std::less<>> kRequestContainers = {"args", "json", "form", "values", "headers",
                                                               "cookies", "data", "query_params"};
const std::set<std::string, std::less<>> kConversions = {"int", "str", "UUID", "uuid.UUID", "UUID4", "uuid4",
                                                         "ObjectId", "strip", "lower"};
const std::set<std::string, std::less<>> kPrimitive = {"int", "str", "UUID", "UUID4", "uuid", "float", "bytes"};

// `request.args`, `request.json`, `request.get_json()`, `await request.json()`: a container of client input.
bool request_container(const Expr& e) {
  const Expr* x = &e;
  if (x->kind == ExprKind::Await && !x->children.empty()) x = &x->children[0];
  if (x->kind == ExprKind::Call) {
    std::string d = x->callee().dotted();
    return d == "request.get_json" || d == "request.json" || d == "request.form" || d == "request.body" ||
           d == "flask.request.get_json";
  }
  if (x->kind == ExprKind::Attribute && !x->children.empty() && x->children[0].dotted() == "request")
    return kRequestContainers.count(x->text) > 0;
  return false;
}

bool has_call_named(const Expr& e, std::initializer_list<std::string_view> names, std::string* which = nullptr) {
  bool hit = false;
  model::visit(e, [&](const Expr& x) {
    if (hit || x.kind != ExprKind::Call) return;
    const std::string last = model::last_dotted_part(x.callee().dotted());
    for (std::string_view n : names)
      if (last == n) {
        hit = true;
        if (which) *which = std::string(n);
      }
  });
  return hit;
}

bool primitive_annotation(const Expr& a) {
  bool prim = false;
  model::visit(a, [&](const Expr& x) {
    if ((x.kind == ExprKind::Name || x.kind == ExprKind::Attribute) && kPrimitive.count(model::last_dotted_part(x.dotted())))
      prim = true;
  });
  return prim;
}

}  // namespace

ClientValues::ClientValues(const model::RepoModel& m, const TenancyPolicy& p) : m_(m), p_(p) {
  for (const model::Route& r : m.routes)
    if (r.handler.valid()) handlers_.emplace(r.handler, &r);
}

std::optional<ClientSource> ClientValues::source(std::uint32_t file, std::uint32_t fn, const Expr& value) const {
  if (file >= m_.files.size() || fn >= m_.files[file].functions.size()) return std::nullopt;
  auto it = handlers_.find(model::FunctionRef{file, fn});
  return classify(file, m_.files[file].functions[fn], it == handlers_.end() ? nullptr : it->second, value, 0);
}

const model::Stmt* ClientValues::local_assignment(const model::Function& fn, std::string_view name,
                                                  const model::Span& before) const {
  const model::Stmt* last = nullptr;
  model::visit_statements(fn.body, [&](const model::Stmt& s) {
    if (s.kind != model::StmtKind::Assign || s.value.empty() || !(s.span.begin < before.begin)) return;
    for (const Expr& t : s.targets)
      if (t.kind == ExprKind::Name && t.text == name) last = &s;
  });
  return last;
}

std::optional<ClientSource> ClientValues::parameter(std::uint32_t file, const model::Function& fn,
                                                    const model::Route* route, const model::Param& p,
                                                    const Expr& use) const {
  (void)fn;
  if (!route) return std::nullopt;
  const model::FileFacts& ff = m_.files[file];
  bool in_path = false;
  for (const model::PathParam& pp : route->path_params)
    if (pp.name == p.name) in_path = true;
  std::string kind;
  if (has_call_named(p.default_value, {"Depends", "Security"}) || has_call_named(p.annotation, {"Depends", "Security"}))
    return std::nullopt;
  if (has_call_named(p.default_value, {"Query", "Header", "Body", "Form", "Cookie", "Path"}, &kind) ||
      has_call_named(p.annotation, {"Query", "Header", "Body", "Form", "Cookie", "Path"}, &kind)) {
    if (kind == "Path") in_path = true;
  }
  if (in_path) {
    if (p_.path_params_checked) return std::nullopt;
    return ClientSource{ff.range(p.span), "path parameter `" + p.name.str() + "` (the genome does not say path parameters "
                                          "are checked against the caller's membership)"};
  }
  if (route->framework == model::Framework::Flask) return std::nullopt;
  if (!kind.empty()) {
    std::string lower = kind == "Query" ? "query" : kind == "Header" ? "header" : kind == "Body" ? "body"
                        : kind == "Form"  ? "form"  : "cookie";
    return ClientSource{ff.range(p.span), lower + " parameter `" + p.name.str() + "`"};
  }
  if (use.kind == ExprKind::Name) {
    if (p.annotation.empty() || primitive_annotation(p.annotation))
      return ClientSource{ff.range(p.span), "query parameter `" + p.name.str() + "`"};
    return std::nullopt;
  }
  // payload.workspace_id: an attribute of a body model parameter.
  if (!p.annotation.empty() && !primitive_annotation(p.annotation) && p.name != "request" && p.name != "self")
    return ClientSource{ff.range(use.span()), "request body field `" + use.dotted() + "`"};
  return std::nullopt;
}

std::optional<ClientSource> ClientValues::classify(std::uint32_t file, const model::Function& fn,
                                                   const model::Route* route, const Expr& e, int depth) const {
  if (depth > 3) return std::nullopt;
  const model::FileFacts& ff = m_.files[file];
  switch (e.kind) {
    case ExprKind::Await:
      return e.children.empty() ? std::nullopt : classify(file, fn, route, e.children[0], depth + 1);
    case ExprKind::Call: {
      const Expr& callee = e.callee();
      std::string d = callee.dotted();
      if (kConversions.count(d) || kConversions.count(model::last_dotted_part(d))) {
        auto pos = e.positional();
        if (!pos.empty()) return classify(file, fn, route, *pos[0], depth + 1);
        if (callee.kind == ExprKind::Attribute && !callee.children.empty())
          return classify(file, fn, route, callee.children[0], depth + 1);
        return std::nullopt;
      }
      // request.args.get("x") / data.get("x") with data from the request
      if (callee.kind == ExprKind::Attribute && callee.text == "get" && !callee.children.empty()) {
        const Expr& container = callee.children[0];
        if (request_container(container)) return ClientSource{ff.range(e.span()), "request input `" + d + "(...)`"};
        if (container.kind == ExprKind::Name)
          if (const model::Stmt* a = local_assignment(fn, container.text, e.span()); a && request_container(a->value))
            return ClientSource{ff.range(e.span()), "request input `" + std::string(container.text) + ".get(...)`"};
      }
      return std::nullopt;
    }
    case ExprKind::Subscript: {
      if (e.children.empty()) return std::nullopt;
      const Expr& container = e.children[0];
      if (request_container(container)) return ClientSource{ff.range(e.span()), "request input `" + container.dotted() + "[...]`"};
      if (container.kind == ExprKind::Name) {
        if (const model::Stmt* a = local_assignment(fn, container.text, e.span()); a && request_container(a->value))
          return ClientSource{ff.range(e.span()), "request input `" + std::string(container.text) + "[...]`"};
        for (const model::Param& p : fn.params)
          if (p.name == container.text && route && route->framework == model::Framework::FastApi &&
              !has_call_named(p.default_value, {"Depends", "Security"}) && !p.annotation.empty() &&
              !primitive_annotation(p.annotation))
            return ClientSource{ff.range(e.span()), "request body field `" + std::string(container.text) + "[...]`"};
      }
      return std::nullopt;
    }
    case ExprKind::Attribute: {
      if (request_container(e)) return std::nullopt;
      std::string root(e.root_name());
      if (root.empty() || e.children.empty() || e.children[0].kind != ExprKind::Name) return std::nullopt;
      for (const model::Param& p : fn.params)
        if (p.name == root) return parameter(file, fn, route, p, e);
      return std::nullopt;
    }
    case ExprKind::Name: {
      for (const model::Param& p : fn.params)
        if (p.name == e.text) return parameter(file, fn, route, p, e);
      if (const model::Stmt* a = local_assignment(fn, e.text, e.span()))
        if (auto src = classify(file, fn, route, a->value, depth + 1)) {
          src->where = ff.range(a->span);
          return src;
        }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace archverify::rules::tenancy
