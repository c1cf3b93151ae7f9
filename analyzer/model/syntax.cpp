// Helpers on the lowered syntax: dotted names, call-argument lookup, names of kinds.
#include "analyzer/model/syntax.h"

#include <cstring>

namespace archverify::model {

std::string_view to_string(ExprKind kind) {
  switch (kind) {
    case ExprKind::Empty: return "empty";
    case ExprKind::Name: return "name";
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Call: return "call";
    case ExprKind::Keyword: return "keyword";
    case ExprKind::Subscript: return "subscript";
    case ExprKind::String: return "string";
    case ExprKind::Number: return "number";
    case ExprKind::True: return "true";
    case ExprKind::False: return "false";
    case ExprKind::None: return "none";
    case ExprKind::Ellipsis: return "ellipsis";
    case ExprKind::List: return "list";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::Set: return "set";
    case ExprKind::Dict: return "dict";
    case ExprKind::Pair: return "pair";
    case ExprKind::Compare: return "compare";
    case ExprKind::BoolOp: return "boolop";
    case ExprKind::Not: return "not";
    case ExprKind::BinOp: return "binop";
    case ExprKind::UnaryOp: return "unaryop";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Comprehension: return "comprehension";
    case ExprKind::ForClause: return "for-clause";
    case ExprKind::IfClause: return "if-clause";
    case ExprKind::Await: return "await";
    case ExprKind::Conditional: return "conditional";
    case ExprKind::Starred: return "starred";
    case ExprKind::DoubleStarred: return "double-starred";
    case ExprKind::Walrus: return "walrus";
    case ExprKind::Other: return "other";
  }
  return "other";
}

std::string_view to_string(StmtKind kind) {
  switch (kind) {
    case StmtKind::Expr: return "expr";
    case StmtKind::Assign: return "assign";
    case StmtKind::AugAssign: return "augassign";
    case StmtKind::Return: return "return";
    case StmtKind::Raise: return "raise";
    case StmtKind::If: return "if";
    case StmtKind::For: return "for";
    case StmtKind::While: return "while";
    case StmtKind::With: return "with";
    case StmtKind::Try: return "try";
    case StmtKind::ExceptHandler: return "except";
    case StmtKind::FunctionDef: return "def";
    case StmtKind::ClassDef: return "class";
    case StmtKind::Import: return "import";
    case StmtKind::Delete: return "delete";
    case StmtKind::Assert: return "assert";
    case StmtKind::Match: return "match";
    case StmtKind::Pass: return "pass";
    case StmtKind::Break: return "break";
    case StmtKind::Continue: return "continue";
    case StmtKind::Global: return "global";
    case StmtKind::Other: return "other";
  }
  return "other";
}

std::string Expr::dotted() const {
  std::string out;
  dotted_into(out);
  return out;
}

void Expr::dotted_into(std::string& out) const {
  // Measure the chain down to its root Name, then fill from the end.
  out.clear();
  std::size_t size = 0;
  const Expr* root = this;
  while (root->kind == ExprKind::Attribute && !root->children.empty()) {
    size += root->text.size() + 1;
    root = &root->children[0];
  }
  if (root->kind != ExprKind::Name || root->text.empty()) return;
  out.resize(size + root->text.size(), '.');
  std::size_t end = out.size();
  for (const Expr* cur = this; cur != root; cur = &cur->children[0]) {
    end -= cur->text.size();
    std::memcpy(out.data() + end, cur->text.data(), cur->text.size());
    --end;  // the '.' before it
  }
  std::memcpy(out.data(), root->text.data(), root->text.size());
}

std::string_view Expr::root_name() const {
  const Expr* e = this;
  while (true) {
    switch (e->kind) {
      case ExprKind::Name: return e->text;
      case ExprKind::Attribute:
      case ExprKind::Call:
      case ExprKind::Subscript:
      case ExprKind::Await:
        if (e->children.empty()) return {};
        e = &e->children[0];
        break;
      default: return {};
    }
  }
}


std::vector<const Expr*> Expr::positional() const {
  std::vector<const Expr*> out;
  if (kind != ExprKind::Call) return out;
  for (std::size_t i = 1; i < children.size(); ++i) {
    const Expr& c = children[i];
    if (c.kind != ExprKind::Keyword && c.kind != ExprKind::DoubleStarred) out.push_back(&c);
  }
  return out;
}

const Expr* Expr::keyword(std::string_view name) const {
  if (kind != ExprKind::Call) return nullptr;
  for (std::size_t i = 1; i < children.size(); ++i) {
    const Expr& c = children[i];
    if (c.kind == ExprKind::Keyword && c.text == name && !c.children.empty()) return &c.children[0];
  }
  return nullptr;
}

const Expr* Expr::arg(std::size_t index, std::string_view name) const {
  if (const Expr* k = keyword(name)) return k;
  auto pos = positional();
  if (index < pos.size() && pos[index]->kind != ExprKind::Starred) {
    // A *splat before index makes positions unknowable.
    for (std::size_t i = 0; i < index; ++i)
      if (pos[i]->kind == ExprKind::Starred) return nullptr;
    return pos[index];
  }
  return nullptr;
}

bool Expr::has_kwargs_splat() const {
  if (kind != ExprKind::Call) return false;
  for (std::size_t i = 1; i < children.size(); ++i)
    if (children[i].kind == ExprKind::DoubleStarred) return true;
  return false;
}

bool Expr::has_args_splat() const {
  if (kind != ExprKind::Call) return false;
  for (std::size_t i = 1; i < children.size(); ++i)
    if (children[i].kind == ExprKind::Starred) return true;
  return false;
}

namespace {

bool has_comprehension(const Expr& e) {
  if (e.kind == ExprKind::Comprehension) return true;
  for (const Expr& c : e.children)  // a comprehension has children: leaves are not entered
    if (!c.children.empty() && has_comprehension(c)) return true;
  return false;
}

bool has_comprehension(std::span<const Expr> es) {
  for (const Expr& e : es)
    if (has_comprehension(e)) return true;
  return false;
}

bool iterates(const Stmt& s) {
  return s.kind == StmtKind::For || has_comprehension(s.value) || has_comprehension(s.targets) ||
         has_comprehension(s.items());
}

}  // namespace

std::uint8_t body_features(std::span<const Stmt> body) {
  std::uint8_t out = 0;
  for (const Stmt& s : body) {
    if (!(out & kBodyIterates) && iterates(s)) out |= kBodyIterates;
    if (s.kind == StmtKind::Return && s.value.kind == ExprKind::Call) out |= kBodyReturnsCall;
    if (s.kind == StmtKind::Assign)
      for (const Expr& t : s.targets)
        if (t.kind == ExprKind::Subscript) out |= kBodyAssignsSubscript;
    // The nested blocks visit_statements enters.
    out |= body_features(s.body) | body_features(s.orelse) | body_features(s.handlers()) | body_features(s.finalbody());
    if (out == kAllBodyFeatures) break;
  }
  return out;
}

}  // namespace archverify::model
