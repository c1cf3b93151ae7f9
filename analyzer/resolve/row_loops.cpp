// build_row_iterations / collect_row_iterations: every `for` loop and
// comprehension clause, what it iterates (joined with the query sites'
// Iterated flows, the local's binding statement, a repository function
// called) and the attribute chains read on its loop variables. Runs after the
// query sites of the same files are collected (a loop only iterates sites of
// its own file, so a chunk of files needs only its own sites).
#include <algorithm>
#include <map>
#include <set>

#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/query_scope.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::IterableSource;
using model::RowIteration;
using model::Stmt;
using model::StmtKind;

namespace {

void target_names(const Expr& t, std::vector<std::string>& out) {
  if (t.kind == ExprKind::Name) out.emplace_back(t.text);
  else if (t.kind == ExprKind::Tuple || t.kind == ExprKind::List || t.kind == ExprKind::Starred)
    for (const Expr& el : t.children) target_names(el, out);
}

const Expr& unwrap(const Expr& e) {
  const Expr* cur = &e;
  for (int guard = 0; guard < 16; ++guard) {
    if (cur->kind == ExprKind::Await && !cur->children.empty()) { cur = &cur->children[0]; continue; }
    if (cur->kind == ExprKind::Call) {
      std::string d = cur->callee().dotted();
      if ((d == "list" || d == "sorted" || d == "enumerate" || d == "reversed" || d == "tuple" || d == "set" ||
           d == "iter") && cur->children.size() > 1 && cur->children[1].kind != ExprKind::Keyword) {
        cur = &cur->children[1];
        continue;
      }
    }
    break;
  }
  return *cur;
}

class ReadCollector {
 public:
  ReadCollector(const model::FileFacts& file, const std::vector<std::string>& vars, std::vector<model::AttributeRead>& out)
      : file_(file), vars_(vars.begin(), vars.end()), out_(out) {}

  void walk(const Expr& e, bool as_callee = false) {
    if (e.kind == ExprKind::Attribute) {
      std::vector<std::string> parts;
      const Expr* cur = &e;
      while (cur->kind == ExprKind::Attribute && !cur->children.empty()) {
        parts.emplace_back(cur->text);
        cur = &cur->children[0];
      }
      if (cur->kind == ExprKind::Name && vars_.count(cur->text)) {
        std::reverse(parts.begin(), parts.end());
        out_.push_back(model::AttributeRead{std::string(cur->text), std::move(parts), as_callee, &e, file_.range(e.span())});
      } else {
        walk(*cur);
      }
      return;
    }
    if (e.kind == ExprKind::Call && !e.children.empty()) {
      walk(e.children[0], true);
      for (std::size_t i = 1; i < e.children.size(); ++i) walk(e.children[i]);
      return;
    }
    for (const Expr& c : e.children) walk(c);
  }

  void walk_statements(std::span<const Stmt> body) {
    model::visit_statements(body, [&](const Stmt& s) {
      for (const Expr& t : s.targets) walk(t);
      walk(s.value);
      walk(s.annotation());
      for (const Expr& i : s.items()) walk(i);
    });
  }

 private:
  const model::FileFacts& file_;
  std::set<std::string, std::less<>> vars_;
  std::vector<model::AttributeRead>& out_;
};

// The query sites a walk reads (indices into them are what RowIteration::query
// and queries_in_body hold) and the row iterations it appends to (what parent
// indices count).
struct RowSinks {
  std::span<const model::QuerySite> queries;
  std::vector<RowIteration>& out;
};

struct Local {
  RowIteration it;
  SourceRange iterable_range;
  std::uint32_t fixed_parent = model::kNoIndex;  // local index (later comprehension clauses)
  std::size_t clause = 0;
};

class BlockWalker {
 public:
  BlockWalker(const RowSinks& sinks, detail::QueryScope& sc, const std::map<const void*, std::uint32_t>& iterated,
              const std::vector<std::uint32_t>& file_queries)
      : sinks_(sinks), sc_(sc), iterated_(iterated), file_queries_(file_queries) {}

  void walk(std::span<const Stmt> body) {
    model::visit_statements(body, [&](const Stmt& s) {
      if (s.kind == StmtKind::For) for_loop(s);
      auto exprs = [&](const Expr& top) {
        model::visit(top, [&](const Expr& e) { if (e.kind == ExprKind::Comprehension) comprehension(e); });
      };
      for (const Expr& t : s.targets) exprs(t);
      exprs(s.value);
      for (const Expr& i : s.items()) exprs(i);
      sc_.bind(s);
    });
  }

  void finish() {
    const std::uint32_t base = static_cast<std::uint32_t>(sinks_.out.size());
    for (std::size_t i = 0; i < locals_.size(); ++i) {
      Local& li = locals_[i];
      if (li.fixed_parent != model::kNoIndex) {
        li.it.parent = base + li.fixed_parent;
      } else {
        std::size_t best = locals_.size();
        for (std::size_t j = 0; j < locals_.size(); ++j) {
          if (j == i) continue;
          const Local& lj = locals_[j];
          if (!lj.it.where.contains(li.it.where) || lj.it.where == li.it.where) continue;
          if (lj.iterable_range.contains(li.it.where)) continue;
          if (best == locals_.size() || locals_[best].it.where.contains(lj.it.where)) best = j;
        }
        if (best != locals_.size()) li.it.parent = base + static_cast<std::uint32_t>(best);
      }
    }
    // An attribute of an enclosing loop's variable: for c in p.children.
    for (Local& li : locals_) {
      if (li.it.source != IterableSource::Other && li.it.source != IterableSource::Call) continue;
      const Expr& it = unwrap(*li.it.iterable);
      if (it.kind != ExprKind::Attribute) continue;
      std::string root(it.root_name());
      for (std::uint32_t p = li.it.parent; p != model::kNoIndex;) {
        const RowIteration& parent = p >= base ? locals_[p - base].it : sinks_.out[p];
        if (std::find(parent.variables.begin(), parent.variables.end(), root) != parent.variables.end()) {
          li.it.source = IterableSource::LoopVariable;
          li.it.iterable_variable = root;
          break;
        }
        p = parent.parent;
      }
    }
    // Query sites executed inside the loop (not in its iterable).
    // (Only this file's sites, ascending: scanning every site of the repository
    // per loop made this quadratic in the repository's size.)
    for (Local& li : locals_) {
      for (std::uint32_t q : file_queries_) {
        const model::QuerySite& site = sinks_.queries[q];
        if (site.file != sc_.file || site.function != sc_.fn_index || !site.executed) continue;
        if (li.it.where.contains(site.terminal_where) && !li.iterable_range.contains(site.terminal_where))
          li.it.queries_in_body.push_back(q);
      }
    }
    for (Local& li : locals_) sinks_.out.push_back(std::move(li.it));
  }

 private:
  void classify(RowIteration& it, const void* key) {
    if (auto q = iterated_.find(key); q != iterated_.end()) it.query = q->second;
    const Expr& e = unwrap(*it.iterable);
    if (e.kind == ExprKind::Name) {
      it.source = IterableSource::Variable;
      it.iterable_variable = e.text;
      if (auto l = sc_.locals.find(e.text); l != sc_.locals.end()) {
        it.iterable_assignment = l->second;
        const Expr& v = unwrap(l->second->value);
        if (l->second->kind == StmtKind::Assign && v.kind == ExprKind::Call && it.query == model::kNoIndex) call_target(it, v);
      }
      return;
    }
    if (it.query != model::kNoIndex) {
      it.source = IterableSource::Query;
      return;
    }
    if (e.kind == ExprKind::Call) {
      it.source = IterableSource::Call;
      call_target(it, e);
    }
  }

  void call_target(RowIteration& it, const Expr& call) {
    it.iterable_callee = call.callee().dotted();
    if (it.iterable_callee.empty()) return;
    const Symbol& s = sc_.symbols.resolved(sc_.file, call.callee());
    if (s.kind == Symbol::Kind::Function) it.iterable_call = model::FunctionRef{s.file, s.index};
  }

  void for_loop(const Stmt& s) {
    Local l;
    l.it.kind = model::IterationKind::ForLoop;
    l.it.file = sc_.file;
    l.it.function = sc_.fn_index;
    l.it.where = sc_.facts.range(s.span);
    l.it.loop = &s;
    for (const Expr& t : s.targets) target_names(t, l.it.variables);
    l.it.iterable = &s.value;
    l.iterable_range = sc_.range(s.value);
    classify(l.it, &s);
    ReadCollector(sc_.facts, l.it.variables, l.it.reads).walk_statements(s.body);
    locals_.push_back(std::move(l));
  }

  void comprehension(const Expr& e) {
    model::IterationKind kind = e.text == "set"    ? model::IterationKind::SetComprehension
                                : e.text == "dict" ? model::IterationKind::DictComprehension
                                : e.text == "list" ? model::IterationKind::ListComprehension
                                                   : model::IterationKind::Generator;
    std::vector<std::size_t> clauses;
    for (std::size_t i = 0; i < e.children.size(); ++i)
      if (e.children[i].kind == ExprKind::ForClause && e.children[i].children.size() == 2) clauses.push_back(i);
    std::size_t previous = model::kNoIndex;
    for (std::size_t k = 0; k < clauses.size(); ++k) {
      const Expr& clause = e.children[clauses[k]];
      Local l;
      l.it.kind = kind;
      l.it.file = sc_.file;
      l.it.function = sc_.fn_index;
      l.it.where = sc_.range(e);
      l.it.comprehension = &e;
      target_names(clause.children[0], l.it.variables);
      l.it.iterable = &clause.children[1];
      l.iterable_range = sc_.range(clause.children[1]);
      if (previous != model::kNoIndex) l.fixed_parent = static_cast<std::uint32_t>(previous);
      classify(l.it, &clause);
      ReadCollector rc(sc_.facts, l.it.variables, l.it.reads);
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        const Expr& ch = e.children[i];
        if (ch.kind != ExprKind::ForClause) rc.walk(ch);
        else if (i > clauses[k] && ch.children.size() == 2) rc.walk(ch.children[1]);
      }
      previous = locals_.size();
      locals_.push_back(std::move(l));
    }
  }

  const RowSinks& sinks_;
  detail::QueryScope& sc_;
  const std::map<const void*, std::uint32_t>& iterated_;
  const std::vector<std::uint32_t>& file_queries_;  // indices of this file's query sites, ascending
  std::vector<Local> locals_;
};

void walk_block(const ResolveContext& ctx, const RowSinks& sinks, std::uint32_t f, const model::Function* fn, std::uint32_t fi,
                std::span<const Stmt> body, const std::map<const void*, std::uint32_t>& iterated,
                const std::vector<std::uint32_t>& file_queries) {
  // A block without a loop or comprehension records nothing (finish() only
  // reads what walk() found), so it is not walked. A function's answer was
  // recorded when it was lowered.
  if (!((fn ? fn->features : model::body_features(body)) & model::kBodyIterates)) return;
  detail::QueryScope sc(ctx.symbols, f, ctx.model.files[f], fn, fi);
  BlockWalker w(sinks, sc, iterated, file_queries);
  w.walk(body);
  w.finish();
}

}  // namespace

void collect_row_iterations(const ResolveContext& ctx, FileRange files, std::span<const model::QuerySite> queries,
                            std::vector<RowIteration>& out) {
  // Loop statement / for-clause → query site iterated there.
  std::map<const void*, std::uint32_t> iterated;
  for (std::uint32_t q = 0; q < queries.size(); ++q)
    for (const model::ResultFlow& flow : queries[q].flows) {
      if (flow.kind != model::ResultFlowKind::Iterated) continue;
      if (flow.comprehension) iterated.emplace(flow.comprehension, q);
      else if (flow.stmt && flow.stmt->kind == StmtKind::For) iterated.emplace(flow.stmt, q);
    }
  std::vector<std::vector<std::uint32_t>> queries_by_file(files.end - files.begin);
  for (std::uint32_t q = 0; q < queries.size(); ++q)
    if (queries[q].file >= files.begin && queries[q].file < files.end) queries_by_file[queries[q].file - files.begin].push_back(q);
  const RowSinks sinks{queries, out};
  for (std::uint32_t f = files.begin; f < files.end; ++f) {
    const model::FileFacts& file = ctx.model.files[f];
    const std::vector<std::uint32_t>& qs = queries_by_file[f - files.begin];
    walk_block(ctx, sinks, f, nullptr, model::kNoIndex, file.body, iterated, qs);
    for (const model::Class& c : file.classes) walk_block(ctx, sinks, f, nullptr, c.parent_function, c.body, iterated, qs);
    for (std::uint32_t i = 0; i < file.functions.size(); ++i)
      walk_block(ctx, sinks, f, &file.functions[i], i, file.functions[i].body, iterated, qs);
  }
}

void build_row_iterations(ResolveContext& ctx) {
  const FileRange all{0, static_cast<std::uint32_t>(ctx.model.files.size())};
  collect_row_iterations(ctx, all, ctx.model.queries, ctx.model.row_iterations);
}

}  // namespace archverify::resolve
