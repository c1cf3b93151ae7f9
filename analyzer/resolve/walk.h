// Visiting every expression of a file with its enclosing function: module and
// class bodies, function bodies, decorators, parameter defaults and
// annotations. The one traversal resolve/ builders share, so each fact family
// does not re-implement it.
#pragma once
#include <cstdint>

#include "analyzer/model/syntax.h"

namespace archverify::resolve {

// f(const Expr& top_level_expr, std::uint32_t function_index, const Stmt* stmt):
// called once per *top-level* expression of each statement (value, targets,
// items, annotation) and per decorator/default/annotation; nested expressions
// are reached with model::visit. stmt is null for decorators and parameters.
template <typename F>
void for_each_statement_expr(const model::FileFacts& file, F&& f) {
  auto stmts = [&](std::span<const model::Stmt> body, std::uint32_t fn) {
    model::visit_statements(body, [&](const model::Stmt& s) {
      for (const model::Expr& t : s.targets) if (!t.empty()) f(t, fn, &s);
      if (!s.value.empty()) f(s.value, fn, &s);
      if (!s.annotation().empty()) f(s.annotation(), fn, &s);
      for (const model::Expr& i : s.items()) if (!i.empty()) f(i, fn, &s);
    });
  };
  stmts(file.body, model::kNoIndex);
  for (const model::Class& c : file.classes) {
    for (const model::Expr& d : c.decorators) f(d, c.parent_function, nullptr);
    for (const model::Expr& b : c.bases) f(b, c.parent_function, nullptr);
    for (const model::Expr& k : c.keywords) f(k, c.parent_function, nullptr);
    stmts(c.body, c.parent_function);
  }
  for (std::uint32_t i = 0; i < file.functions.size(); ++i) {
    const model::Function& fn = file.functions[i];
    for (const model::Expr& d : fn.decorators) f(d, fn.parent_function, nullptr);
    for (const model::Param& p : fn.params) {
      if (!p.default_value.empty()) f(p.default_value, i, nullptr);
      if (!p.annotation.empty()) f(p.annotation, i, nullptr);
    }
    stmts(fn.body, i);
  }
}

namespace walk_detail {
// The calls strictly below e, depth-first in source order (model::visit's
// order). Leaves are tested in place rather than entered: most nodes are.
template <typename F>
void calls_below(const model::Expr& e, F& f) {
  for (const model::Expr& c : e.children) {
    if (c.kind == model::ExprKind::Call) f(c);
    if (!c.children.empty()) calls_below(c, f);
  }
}
}  // namespace walk_detail

// Every Call expression of the file (nested ones included) with its function.
template <typename F>
void for_each_call(const model::FileFacts& file, F&& f) {
  for_each_statement_expr(file, [&](const model::Expr& top, std::uint32_t fn, const model::Stmt* s) {
    auto call = [&](const model::Expr& e) { f(e, fn, s); };
    if (top.kind == model::ExprKind::Call) call(top);
    walk_detail::calls_below(top, call);
  });
}

}  // namespace archverify::resolve
