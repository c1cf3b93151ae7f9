// compact_syntax (syntax.h): a measuring pass sizes the new arena exactly, then
// a copying pass, visiting the expressions in the same order, moves every text
// and child list into it. Both passes share one traversal of a FileFacts' Expr
// slots, so the order (and therefore the alignment padding) cannot differ.
#include "analyzer/model/syntax.h"

namespace archverify::model {

namespace {

// Calls f(expr) on every top-level Expr slot of the facts (children are the
// callback's business): statement targets, values, annotations and `with`
// items, function decorators, parameters and returns, class bases, keywords
// and decorators.
template <typename F>
void each_stmt_slot(std::vector<Stmt>& stmts, F& f);

template <typename F>
void each_stmt_slot(Stmt& s, F& f) {
  for (Expr& e : s.targets) f(e);
  f(s.value);
  if (!s.annotation().empty() || !s.items().empty() || !s.handlers().empty() || !s.finalbody().empty()) {
    StmtExtra& x = s.extra();
    f(x.annotation);
    for (Expr& e : x.items) f(e);
    each_stmt_slot(x.handlers, f);
    each_stmt_slot(x.finalbody, f);
  }
  each_stmt_slot(s.body, f);
  each_stmt_slot(s.orelse, f);
}

template <typename F>
void each_stmt_slot(std::vector<Stmt>& stmts, F& f) {
  for (Stmt& s : stmts) each_stmt_slot(s, f);
}

template <typename F>
void each_expr_slot(FileFacts& facts, F& f) {
  each_stmt_slot(facts.body, f);
  for (Function& fn : facts.functions) {
    for (Expr& e : fn.decorators) f(e);
    for (Param& p : fn.params) {
      f(p.annotation);
      f(p.default_value);
    }
    f(fn.returns);
    each_stmt_slot(fn.body, f);
  }
  for (Class& c : facts.classes) {
    for (Expr& e : c.bases) f(e);
    for (Expr& e : c.keywords) f(e);
    for (Expr& e : c.decorators) f(e);
    each_stmt_slot(c.body, f);
  }
}

std::size_t measure(const Expr& e, std::size_t used) {
  used = SyntaxArena::after_text(used, e.text.size());
  used = SyntaxArena::after_array<Expr>(used, e.children.size());
  for (const Expr& c : e.children) used = measure(c, used);
  return used;
}

// Same order as measure(): text, then the child array, then each child.
void relocate(Expr& e, SyntaxArena& to) {
  e.text = to.store(e.text);
  if (e.children.empty()) return;
  Expr* copy = to.allocate_array<Expr>(e.children.size());
  std::copy(e.children.begin(), e.children.end(), copy);
  e.children = std::span<const Expr>(copy, e.children.size());
  for (Expr& c : std::span<Expr>(copy, e.children.size())) relocate(c, to);
}

}  // namespace

std::unique_ptr<SyntaxArena> compact_syntax(FileFacts& facts) {
  std::unique_ptr<SyntaxArena> old = std::move(facts.arena_storage);
  std::size_t size = 0;
  auto sum = [&size](Expr& e) { size = measure(e, size); };
  each_expr_slot(facts, sum);
  if (size == 0) return old;
  facts.arena_storage = std::make_unique<SyntaxArena>(size);
  SyntaxArena& to = *facts.arena_storage;
  auto move = [&to](Expr& e) { relocate(e, to); };
  each_expr_slot(facts, move);
  return old;
}

}  // namespace archverify::model
