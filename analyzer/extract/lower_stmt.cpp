// Lowering of statements, imports, parameters and function/class definitions
// (model/syntax.h); node types are compared as symbols (python_grammar.h).
#include <string>

#include "analyzer/extract/lowerer.h"

namespace archverify::extract {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

std::span<const Stmt> Lowerer::close_block(std::size_t mark) {
  std::span<const Stmt> block =
      arena_.store(std::span<const Stmt>(stmt_scratch_.data() + mark, stmt_scratch_.size() - mark));
  stmt_scratch_.resize(mark);
  return block;
}

const model::StmtExtra* Lowerer::store_extra(const model::StmtExtra& x) {
  if (x.empty()) return nullptr;
  return arena_.store(std::span<const model::StmtExtra>(&x, 1)).data();
}

void Lowerer::push_block(TSNode block, int depth) {
  if (ts_node_is_null(block)) return;
  each_named(block, [&](TSNode c) {
    if (!is(c, Sym::Comment)) statement(c, depth + 1);
  });
}

std::span<const Stmt> Lowerer::block_statements(TSNode block, int depth) {
  const std::size_t mark = open_block();
  push_block(block, depth);
  return close_block(mark);
}

void Lowerer::assignment(TSNode n, Stmt& s, int depth) {
  // a = b = v is nested: assignment(left=a, right=assignment(left=b, right=v))
  TSNode cur = n;
  model::StmtExtra extra;
  const std::size_t mark = open_list();
  while (true) {
    push_child(expr(field(cur, g_.left), depth + 1));
    TSNode type = field(cur, g_.type);
    if (!ts_node_is_null(type)) extra.annotation = expr(type, depth + 1);
    TSNode right = field(cur, g_.right);
    if (is(right, Sym::Assignment)) { cur = right; continue; }
    if (!ts_node_is_null(right)) s.value = expr(right, depth + 1);
    break;
  }
  s.targets = close_list(mark);
  s.extra = store_extra(extra);
}

// A one-expression target list (`for x in`, `x += 1`, `del x`).
std::span<const Expr> Lowerer::single_target(TSNode n, int depth) {
  const std::size_t mark = open_list();
  push_child(expr(n, depth + 1));
  return close_list(mark);
}

// The orelse of an `if` from its remaining alternatives: an elif becomes a
// nested If, the only statement of the orelse, whose own orelse holds the
// alternatives after it; an else is its block.
std::span<const Stmt> Lowerer::else_chain(std::span<const TSNode> alternatives, int depth) {
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    TSNode alt = alternatives[i];
    if (is(alt, Sym::ElseClause)) return block_statements(field(alt, g_.body), depth);
    if (!is(alt, Sym::ElifClause)) continue;
    const std::size_t mark = open_block();
    statement(alt, depth + 1);  // one statement, with an empty orelse
    std::span<const Stmt> rest = else_chain(alternatives.subspan(i + 1), depth);
    stmt_scratch_[mark].orelse = rest;  // by index: the recursion may have grown the stack
    return close_block(mark);
  }
  return {};
}

void Lowerer::statement(TSNode n, int depth) {
  if (depth > kMaxDepth) { emit(stmt(StmtKind::Other, n)); return; }
  const Sym kind = sym(n);
  switch (kind) {
    case Sym::ExpressionStatement: {
      TSNode inner = first_named(n);
      Sym inner_kind = sym(inner);
      if (inner_kind == Sym::Assignment) {
        Stmt s = stmt(StmtKind::Assign, n);
        assignment(inner, s, depth);
        emit(s);
      } else if (inner_kind == Sym::AugmentedAssignment) {
        Stmt s = stmt(StmtKind::AugAssign, n);
        s.text = arena_.store(text(field(inner, g_.operator_)));
        s.targets = single_target(field(inner, g_.left), depth);
        s.value = expr(field(inner, g_.right), depth + 1);
        emit(s);
      } else {
        Stmt s = stmt(StmtKind::Expr, n);
        if (ts_node_named_child_count(n) > 1) {
          Expr tuple = make(ExprKind::Tuple, n);
          lower_named_children(n, tuple, depth);
          s.value = std::move(tuple);
        } else {
          s.value = expr(inner, depth + 1);
        }
        emit(s);
      }
      return;
    }
    case Sym::ReturnStatement:
    case Sym::RaiseStatement: {
      Stmt s = stmt(kind == Sym::ReturnStatement ? StmtKind::Return : StmtKind::Raise, n);
      TSNode v = first_named(n);
      if (!ts_node_is_null(v)) s.value = expr(v, depth + 1);
      emit(s);
      return;
    }
    case Sym::IfStatement:
    case Sym::ElifClause: {
      Stmt s = stmt(StmtKind::If, n);
      s.value = expr(field(n, g_.condition), depth + 1);
      s.body = block_statements(field(n, g_.consequence), depth);
      if (kind == Sym::IfStatement) {
        // Chain elif/else: each elif becomes a nested If, the only statement
        // of the previous one's orelse.
        std::vector<TSNode> alternatives;
        each_field(n, g_.alternative, [&](TSNode alt) { alternatives.push_back(alt); });
        s.orelse = else_chain(alternatives, depth);
      }
      emit(s);
      return;
    }
    case Sym::ForStatement:
    case Sym::WhileStatement: {
      bool is_for = kind == Sym::ForStatement;
      Stmt s = stmt(is_for ? StmtKind::For : StmtKind::While, n);
      if (is_for) {
        s.is_async = starts_with_async(n);
        s.targets = single_target(field(n, g_.left), depth);
        s.value = expr(field(n, g_.right), depth + 1);
      } else {
        s.value = expr(field(n, g_.condition), depth + 1);
      }
      s.body = block_statements(field(n, g_.body), depth);
      TSNode alt = field(n, g_.alternative);
      if (!ts_node_is_null(alt)) s.orelse = block_statements(field(alt, g_.body), depth);
      emit(s);
      return;
    }
    case Sym::WithStatement: with_statement(n, depth); return;
    case Sym::TryStatement: try_statement(n, depth); return;
    case Sym::DecoratedDefinition: {
      std::vector<Expr> decorators;
      each_named(n, [&](TSNode c) {
        if (!is(c, Sym::Decorator)) return;
        TSNode inner = first_named(c);
        if (ts_node_is_null(inner) || is(inner, Sym::Comment)) return;
        decorators.push_back(expr(inner, depth + 1));
      });
      TSNode def = field(n, g_.definition);
      if (is(def, Sym::FunctionDefinition)) function_def(def, n, std::move(decorators), depth);
      else if (is(def, Sym::ClassDefinition)) class_def(def, n, std::move(decorators), depth);
      return;
    }
    case Sym::FunctionDefinition: function_def(n, n, {}, depth); return;
    case Sym::ClassDefinition: class_def(n, n, {}, depth); return;
    case Sym::ImportStatement:
    case Sym::ImportFromStatement:
    case Sym::FutureImportStatement: {
      Stmt s = stmt(StmtKind::Import, n);
      s.index = static_cast<std::uint32_t>(out_.imports.size());
      import_stmt(n);
      s.text = arena_.store(std::to_string(out_.imports.size() - s.index));
      emit(s);
      return;
    }
    case Sym::DeleteStatement:
    case Sym::AssertStatement: {
      bool del = kind == Sym::DeleteStatement;
      Stmt s = stmt(del ? StmtKind::Delete : StmtKind::Assert, n);
      TSNode first = first_named(n);
      if (!ts_node_is_null(first)) {
        if (del) s.targets = single_target(first, depth);
        else s.value = expr(first, depth + 1);
      }
      emit(s);
      return;
    }
    case Sym::MatchStatement: {
      Stmt s = stmt(StmtKind::Match, n);
      s.value = expr(field(n, g_.subject), depth + 1);
      TSNode body = field(n, g_.body);
      const std::size_t mark = open_block();
      if (!ts_node_is_null(body))
        each_named(body, [&](TSNode c) {
          if (is(c, Sym::CaseClause)) push_block(field(c, g_.consequence), depth);
        });
      s.body = close_block(mark);
      emit(s);
      return;
    }
    case Sym::PassStatement: emit(stmt(StmtKind::Pass, n)); return;
    case Sym::BreakStatement: emit(stmt(StmtKind::Break, n)); return;
    case Sym::ContinueStatement: emit(stmt(StmtKind::Continue, n)); return;
    case Sym::GlobalStatement:
    case Sym::NonlocalStatement: emit(stmt(StmtKind::Global, n)); return;
    case Sym::Block:  // stray block (error recovery)
      push_block(n, depth);
      return;
    case Sym::Error:
      // Error recovery: statements inside an ERROR node are still worth lowering.
      each_named(n, [&](TSNode c) {
        if (g_.is_statement_like(c) || is(c, Sym::Error)) statement(c, depth + 1);
      });
      return;
    default: {
      Stmt s = stmt(StmtKind::Other, n);
      s.text = arena_.store(ts_node_type(n));
      emit(s);
      return;
    }
  }
}

void Lowerer::with_statement(TSNode n, int depth) {
  Stmt s = stmt(StmtKind::With, n);
  s.is_async = starts_with_async(n);
  std::vector<Expr> items, targets;  // item i is bound to target i (Empty without `as`)
  each_named(n, [&](TSNode clause) {
    if (!is(clause, Sym::WithClause)) return;
    each_named(clause, [&](TSNode item) {
      if (!is(item, Sym::WithItem)) return;
      TSNode value = field(item, g_.value);
      if (is(value, Sym::AsPattern)) {
        items.push_back(expr(first_named(value), depth + 1));
        TSNode alias = field(value, g_.alias);
        targets.push_back(ts_node_is_null(alias) ? Expr{} : expr(first_named(alias), depth + 1));
      } else {
        items.push_back(expr(value, depth + 1));
        targets.emplace_back();
      }
    });
  });
  model::StmtExtra extra;
  extra.items = arena_.store(std::span<const Expr>(items));
  s.targets = arena_.store(std::span<const Expr>(targets));
  s.extra = store_extra(extra);
  s.body = block_statements(field(n, g_.body), depth);
  emit(s);
}

void Lowerer::except_clause(TSNode c, Stmt& h, int depth) {
  TSNode value = field(c, g_.value);
  TSNode alias = field(c, g_.alias);
  const std::size_t targets = open_list();
  auto as_pattern = [&](TSNode p) {
    h.value = expr(first_named(p), depth + 1);
    TSNode al = field(p, g_.alias);
    if (!ts_node_is_null(al)) push_child(expr(first_named(al), depth + 1));
  };
  if (is(value, Sym::AsPattern)) {
    as_pattern(value);
  } else if (!ts_node_is_null(value)) {
    h.value = expr(value, depth + 1);
  } else {
    // except_group_clause / older shapes: first expression child, `as` name after it
    TSNode x{};
    bool found = false;
    each_named(c, [&](TSNode k) {
      if (!found && !is(k, Sym::Block) && !is(k, Sym::Comment)) { x = k; found = true; }
    });
    if (found) {
      if (is(x, Sym::AsPattern)) as_pattern(x);
      else if (h.value.empty()) h.value = expr(x, depth + 1);
    }
  }
  if (!ts_node_is_null(alias)) push_child(expr(alias, depth + 1));
  h.targets = close_list(targets);
  std::vector<TSNode> blocks;
  each_named(c, [&](TSNode k) {
    if (is(k, Sym::Block)) blocks.push_back(k);
  });
  for (TSNode b : blocks) h.body = block_statements(b, depth);
}

void Lowerer::try_statement(TSNode n, int depth) {
  Stmt s = stmt(StmtKind::Try, n);
  s.body = block_statements(field(n, g_.body), depth);
  model::StmtExtra extra;
  std::vector<Stmt> handlers;  // each is complete (its blocks stored) before it is kept
  each_named(n, [&](TSNode c) {
    Sym k = sym(c);
    if (k == Sym::ExceptClause || k == Sym::ExceptGroupClause) {
      Stmt h = stmt(StmtKind::ExceptHandler, c);
      except_clause(c, h, depth);
      handlers.push_back(h);
    } else if (k == Sym::ElseClause) {
      s.orelse = block_statements(field(c, g_.body), depth);
    } else if (k == Sym::FinallyClause) {
      std::vector<TSNode> blocks;
      each_named(c, [&](TSNode b) {
        if (is(b, Sym::Block)) blocks.push_back(b);
      });
      for (TSNode b : blocks) extra.finalbody = block_statements(b, depth);
    }
  });
  extra.handlers = arena_.store(std::span<const Stmt>(handlers));
  s.extra = store_extra(extra);
  emit(s);
}

void Lowerer::import_stmt(TSNode n) {
  bool in_function = current_function_ != model::kNoIndex;
  auto add = [&](std::string_view module, std::string_view name, std::string_view alias, std::uint32_t level,
                 TSNode where) {
    model::Import imp;
    imp.module = arena_.store(module);
    imp.name = arena_.store(name);
    imp.alias = arena_.store(alias);
    imp.level = level;
    imp.in_function = in_function;
    imp.span = span(where);
    out_.imports.push_back(std::move(imp));
  };
  if (is(n, Sym::ImportStatement)) {
    each_named(n, [&](TSNode c) {
      Sym k = sym(c);
      if (k == Sym::DottedName) {
        std::string_view mod = text(c);
        add(mod, "", mod.substr(0, mod.find('.')), 0, c);
      } else if (k == Sym::AliasedImport) {
        add(text(field(c, g_.name)), "", text(field(c, g_.alias)), 0, c);
      }
    });
    return;
  }
  // from X import a, b as c  /  from . import x  /  from x import *
  std::string_view module;
  std::uint32_t level = 0;
  TSNode mod = field(n, g_.module_name);
  if (is(mod, Sym::RelativeImport)) {
    each_named(mod, [&](TSNode c) {
      if (is(c, Sym::ImportPrefix)) level = static_cast<std::uint32_t>(text(c).size());
      else if (is(c, Sym::DottedName)) module = text(c);
    });
  } else if (!ts_node_is_null(mod)) {
    module = text(mod);
  } else if (is(n, Sym::FutureImportStatement)) {
    module = "__future__";
  }
  each_named(n, [&](TSNode c) {
    if (is(c, Sym::WildcardImport)) add(module, "*", "*", level, c);
  });
  each_field(n, g_.name, [&](TSNode c) {
    if (is(c, Sym::AliasedImport)) {
      add(module, text(field(c, g_.name)), text(field(c, g_.alias)), level, c);
    } else {
      std::string_view name = text(c);
      add(module, name, name, level, c);
    }
  });
}

std::span<const model::Param> Lowerer::parameters(TSNode params, int depth) {
  if (ts_node_is_null(params)) return {};
  bool keyword_only = false;
  std::size_t before_slash = 0;
  std::vector<model::Param> list;
  list.reserve(ts_node_named_child_count(params));
  each_named(params, [&](TSNode p) {
    Sym k = sym(p);
    if (k == Sym::Comment) return;
    if (k == Sym::PositionalSeparator) {
      for (std::size_t i = before_slash; i < list.size(); ++i) list[i].kind = model::ParamKind::PositionalOnly;
      before_slash = list.size();
      return;
    }
    if (k == Sym::KeywordSeparator) { keyword_only = true; return; }
    model::Param param;
    param.span = span(p);
    param.kind = keyword_only ? model::ParamKind::KeywordOnly : model::ParamKind::Positional;
    TSNode name_node = p;
    if (k == Sym::TypedParameter) {
      name_node = first_named(p);
      param.annotation = expr(field(p, g_.type), depth + 1);
    } else if (k == Sym::DefaultParameter) {
      name_node = field(p, g_.name);
      param.default_value = expr(field(p, g_.value), depth + 1);
    } else if (k == Sym::TypedDefaultParameter) {
      name_node = field(p, g_.name);
      param.annotation = expr(field(p, g_.type), depth + 1);
      param.default_value = expr(field(p, g_.value), depth + 1);
    }
    // *args / **kwargs (possibly typed)
    Sym name_kind = sym(name_node);
    if (name_kind == Sym::ListSplatPattern) {
      param.kind = model::ParamKind::VarArgs;
      keyword_only = true;
      name_node = first_named(name_node);
    } else if (name_kind == Sym::DictionarySplatPattern) {
      param.kind = model::ParamKind::VarKwargs;
      name_node = first_named(name_node);
    }
    param.name = arena_.store(text(name_node));
    list.push_back(param);
  });
  return arena_.store(std::span<const model::Param>(list));
}

std::string_view Lowerer::qualify(std::string_view name) {
  if (scope_prefix_.empty()) return name;  // already in arena_
  std::string q;
  q.reserve(scope_prefix_.size() + 1 + name.size());
  q += scope_prefix_;
  q += '.';
  q += name;
  return arena_.store(q);
}

void Lowerer::function_def(TSNode def, TSNode outer, std::vector<Expr> decorators, int depth) {
  std::uint32_t idx = static_cast<std::uint32_t>(out_.functions.size());
  TSNode name = field(def, g_.name);
  out_.functions.emplace_back();
  {
    model::Function& f = out_.functions.back();
    f.name = arena_.store(text(name));
    f.qualname = qualify(f.name);
    f.is_async = starts_with_async(def);
    f.owner_class = current_class_;
    f.parent_function = current_function_;
    f.decorators = arena_.store(std::span<const Expr>(decorators));
    f.span = span(outer);
    f.name_span = span(name);
  }
  // Built outside the vector (nested definitions may reallocate it).
  const std::span<const model::Param> params = parameters(field(def, g_.parameters), depth);
  Expr returns = expr(field(def, g_.return_type), depth + 1);
  if (methods_) methods_->push_back(idx);  // set exactly while lowering a class body

  auto saved_class = current_class_;
  auto saved_function = current_function_;
  auto saved_prefix = scope_prefix_;
  auto* saved_methods = methods_;
  current_class_ = model::kNoIndex;
  current_function_ = idx;
  scope_prefix_ = out_.functions[idx].qualname;
  methods_ = nullptr;
  std::span<const Stmt> body = block_statements(field(def, g_.body), depth);
  current_class_ = saved_class;
  current_function_ = saved_function;
  scope_prefix_ = saved_prefix;
  methods_ = saved_methods;

  model::Function& f = out_.functions[idx];
  f.params = params;
  f.returns = returns;
  f.body = body;
  Stmt s = stmt(StmtKind::FunctionDef, outer);
  s.index = idx;
  s.is_async = f.is_async;
  s.text = f.name;
  emit(s);
}

void Lowerer::class_def(TSNode def, TSNode outer, std::vector<Expr> decorators, int depth) {
  std::uint32_t idx = static_cast<std::uint32_t>(out_.classes.size());
  out_.classes.emplace_back();
  std::vector<Expr> bases, keywords;
  TSNode supers = field(def, g_.superclasses);
  if (!ts_node_is_null(supers))
    each_named(supers, [&](TSNode c) {
      if (is(c, Sym::Comment)) return;
      Expr e = expr(c, depth + 1);
      if (e.kind == ExprKind::Keyword || e.kind == ExprKind::DoubleStarred) keywords.push_back(std::move(e));
      else bases.push_back(std::move(e));
    });
  TSNode name = field(def, g_.name);
  {
    model::Class& c = out_.classes[idx];
    c.name = arena_.store(text(name));
    c.qualname = qualify(c.name);
    c.parent_function = current_function_;
    c.owner_class = current_class_;
    c.bases = arena_.store(std::span<const Expr>(bases));
    c.keywords = arena_.store(std::span<const Expr>(keywords));
    c.decorators = arena_.store(std::span<const Expr>(decorators));
    c.span = span(outer);
    c.name_span = span(name);
  }
  std::vector<std::uint32_t> methods;
  auto saved_class = current_class_;
  auto saved_prefix = scope_prefix_;
  auto* saved_methods = methods_;
  current_class_ = idx;
  scope_prefix_ = out_.classes[idx].qualname;
  methods_ = &methods;
  std::span<const Stmt> body = block_statements(field(def, g_.body), depth);
  current_class_ = saved_class;
  scope_prefix_ = saved_prefix;
  methods_ = saved_methods;
  model::Class& c = out_.classes[idx];
  c.body = body;
  c.methods = arena_.store(std::span<const std::uint32_t>(methods));
  Stmt s = stmt(StmtKind::ClassDef, outer);
  s.index = idx;
  s.text = c.name;
  emit(s);
}

}  // namespace archverify::extract
