// build_queries: walks each function's statements in source order, reads
// every query chain (query_chain.cpp), merges a local variable's later
// chained calls, helper applications and executions into the site that built
// it, and records where the statement or its rows flow.
#include <algorithm>
#include <set>

#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/query_scope.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::ResultFlowKind;
using model::Stmt;
using model::StmtKind;

namespace {

struct FlowCtx {
  ResultFlowKind kind = ResultFlowKind::Other;
  const Stmt* stmt = nullptr;
  const Expr* clause = nullptr;             // Iterated through a comprehension: its for-clause
  const Expr* call = nullptr;               // Argument: receiving call
  std::vector<std::string> targets;         // Assigned: names (also kept for Argument of the top-level call)
  bool top_call = false;                    // Argument: the call is the whole value of an assignment
  std::uint32_t consumer = model::kNoIndex; // Subquery: the site whose chain arguments hold it
};

// The callee's dotted name is one of these exactly when it is a Name with that text.
bool transparent_call(const Expr& call) {
  const Expr& callee = call.callee();
  if (callee.kind != ExprKind::Name) return false;
  std::string_view d = callee.text;
  return d == "list" || d == "tuple" || d == "set" || d == "sorted" || d == "reversed" || d == "enumerate" ||
         d == "iter";
}

void target_names(const Expr& t, std::vector<std::string>& out) {
  if (t.kind == ExprKind::Name) out.emplace_back(t.text);
  else if (t.kind == ExprKind::Tuple || t.kind == ExprKind::List)
    for (const Expr& el : t.children) target_names(el, out);
}

void collect_params(const model::FilterTerm& t, const model::Function* fn, std::set<std::string>& out) {
  if (fn)
    for (const model::ValueRef& r : t.value_refs)
      if (r.origin == model::ValueOrigin::Parameter && r.param_index < fn->params.size())
        out.emplace(fn->params[r.param_index].name);
  for (const model::FilterTerm& c : t.children) collect_params(c, fn, out);
}

class FunctionWalker {
 public:
  FunctionWalker(std::vector<model::QuerySite>& out, detail::QueryScope& sc) : out_(out), sc_(sc) {}

  void walk(std::span<const Stmt> body) {
    model::visit_statements(body, [&](const Stmt& s) { statement(s); });
  }

  void finish(std::size_t first) {
    for (std::size_t i = first; i < out_.size(); ++i) {
      model::QuerySite& site = out_[i];
      std::set<std::string> params;
      for (const model::FilterTerm& t : site.filters) collect_params(t, sc_.fn, params);
      site.filter_parameters.assign(params.begin(), params.end());
    }
  }

 private:
  void statement(const Stmt& s) {
    // Until a local holds a query, parse_chain can only succeed at a root, so a
    // statement without a possible root records nothing: only its bindings count.
    if (sc_.query_vars.empty() && !detail::statement_may_hold_query_root(sc_, s)) {
      sc_.bind(s);
      return;
    }
    assigned_now_.clear();
    FlowCtx c;
    c.stmt = &s;
    switch (s.kind) {
      case StmtKind::Assign: {
        if (s.value.empty()) break;
        c.kind = ResultFlowKind::Assigned;
        for (const Expr& t : s.targets) target_names(t, c.targets);
        top_value_ = &s.value;
        if (s.targets.size() == 1 && s.targets[0].kind == ExprKind::Name) sc_.rebinding = s.targets[0].text;
        find(s.value, c);
        sc_.rebinding.clear();
        top_value_ = nullptr;
        for (const std::string& n : c.targets)
          if (!assigned_now_.count(n)) sc_.query_vars.erase(n);
        break;
      }
      case StmtKind::Return: c.kind = ResultFlowKind::Returned; find(s.value, c); break;
      case StmtKind::Expr: c.kind = ResultFlowKind::Discarded; find(s.value, c); break;
      case StmtKind::For: {
        c.kind = ResultFlowKind::Iterated;
        find(s.value, c);
        std::vector<std::string> names;
        for (const Expr& t : s.targets) target_names(t, names);
        for (const std::string& n : names) sc_.query_vars.erase(n);
        break;
      }
      case StmtKind::With:
        for (const Expr& i : s.items()) find(i, c);
        for (const Expr& t : s.targets) {
          std::vector<std::string> names;
          target_names(t, names);
          for (const std::string& n : names) sc_.query_vars.erase(n);
        }
        break;
      case StmtKind::FunctionDef:
      case StmtKind::ClassDef:
      case StmtKind::Import:
        break;
      default:
        if (!s.value.empty()) find(s.value, c);
        for (const Expr& i : s.items()) find(i, c);
        break;
    }
    sc_.bind(s);
  }

  void find(const Expr& e, const FlowCtx& c) {
    if (e.empty()) return;
    if (auto chain = detail::parse_chain(sc_, e)) {
      std::size_t idx = record(*chain, c);
      FlowCtx sub;
      sub.kind = ResultFlowKind::Subquery;
      sub.stmt = c.stmt;
      sub.consumer = static_cast<std::uint32_t>(idx);
      for (const Expr* a : detail::chain_arguments(*chain)) find(*a, sub);
      return;
    }
    FlowCtx other;
    other.kind = ResultFlowKind::Other;
    other.stmt = c.stmt;
    switch (e.kind) {
      case ExprKind::Call: {
        find(e.callee(), other);
        FlowCtx arg;
        if (transparent_call(e) || c.kind == ResultFlowKind::Subquery) {
          arg = c;
        } else {
          arg.kind = ResultFlowKind::Argument;
          arg.stmt = c.stmt;
          arg.call = &e;
          if (&e == top_value_) {
            arg.top_call = true;
            arg.targets = c.targets;
          }
        }
        for (std::size_t i = 1; i < e.children.size(); ++i) find(e.children[i], arg);
        return;
      }
      case ExprKind::Keyword:
      case ExprKind::Starred:
      case ExprKind::DoubleStarred:
      case ExprKind::Await:
        for (const Expr& ch : e.children) find(ch, c);
        return;
      case ExprKind::Comprehension:
        for (const Expr& ch : e.children) {
          if (ch.kind == ExprKind::ForClause && ch.children.size() == 2) {
            FlowCtx it;
            it.kind = ResultFlowKind::Iterated;
            it.stmt = c.stmt;
            it.clause = &ch;
            find(ch.children[1], it);
          } else {
            find(ch, other);
          }
        }
        return;
      case ExprKind::Conditional:
        if (e.children.size() == 3) {
          find(e.children[0], c);
          find(e.children[1], other);
          find(e.children[2], c);
          return;
        }
        break;
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Set:
      case ExprKind::Dict:
      case ExprKind::Pair:
        for (const Expr& ch : e.children)
          find(ch, c.kind == ResultFlowKind::Returned || c.kind == ResultFlowKind::Subquery ? c : other);
        return;
      case ExprKind::Lambda:
        return;
      default: break;
    }
    for (const Expr& ch : e.children) find(ch, c.kind == ResultFlowKind::Subquery ? c : other);
  }

  // Records the chain on its site (a new one, or the one its variable holds) and returns the site's index.
  std::size_t record(const detail::ParsedChain& chain, const FlowCtx& c) {
    std::size_t idx = chain.site;
    if (!chain.existing) {
      model::QuerySite site;
      site.kind = chain.kind;
      site.file = sc_.file;
      site.function = sc_.fn_index;
      site.root = chain.root;
      site.where = sc_.range(*chain.root);
      site.entities = chain.entities;
      site.identity = chain.identity;
      site.session = chain.session;
      site.async_session = chain.async_session;
      site.factory = chain.factory;
      if (chain.identity) {
        model::FilterTerm t;
        t.kind = model::FilterTermKind::Other;
        t.clause = model::FilterClause::GetIdentity;
        t.expr = chain.identity;
        t.where = sc_.range(*chain.identity);
        t.value = chain.identity;
        t.value_refs = detail::value_refs(sc_, *chain.identity);
        site.filters.push_back(std::move(t));
      }
      if (chain.root_terminal != model::QueryTerminal::None) {
        site.terminal = chain.root_terminal;
        site.executed = true;
        site.terminal_where = site.where;
      }
      idx = out_.size();
      out_.push_back(std::move(site));
    }
    model::QuerySite& site = out_[idx];
    detail::apply_chain(sc_, chain, site);
    if (c.stmt && (site.statements.empty() || site.statements.back() != c.stmt)) site.statements.push_back(c.stmt);

    bool executes = std::any_of(chain.steps.begin(), chain.steps.end(), [](const detail::ChainStep& s) {
      return s.session_call || s.method == "all" || s.method == "first" || s.method == "one" || s.method == "scalars" ||
             s.method == "scalar" || s.method == "one_or_none" || s.method == "count" || s.method == "paginate";
    });
    model::ResultFlow flow;
    flow.kind = c.kind;
    flow.stmt = c.stmt;
    flow.where = sc_.range(*chain.outer);
    switch (c.kind) {
      case ResultFlowKind::Assigned: {
        bool continuation = chain.existing && !executes &&
                            std::find(c.targets.begin(), c.targets.end(), chain.variable) != c.targets.end();
        for (const std::string& n : c.targets) {
          sc_.query_vars[n] = idx;
          assigned_now_.insert(n);
        }
        if (continuation) return idx;
        flow.variables = c.targets;
        break;
      }
      case ResultFlowKind::Argument: {
        std::string callee = c.call->callee().dotted();
        Symbol sym = callee.empty() ? Symbol{} : sc_.symbols.resolve(sc_.file, c.call->callee());
        model::FunctionRef target;
        if (sym.kind == Symbol::Kind::Function) target = model::FunctionRef{sym.file, sym.index};
        bool reassigned = c.top_call && chain.existing &&
                          std::find(c.targets.begin(), c.targets.end(), chain.variable) != c.targets.end();
        if (reassigned) {
          site.helpers.push_back(model::AppliedHelper{c.call, callee, std::string(sym.qualified), target, sc_.range(*c.call)});
          for (const std::string& n : c.targets) {
            sc_.query_vars[n] = idx;
            assigned_now_.insert(n);
          }
          return idx;
        }
        flow.call = c.call;
        flow.callee = callee;
        flow.callee_qualified = sym.qualified;
        flow.target = target;
        break;
      }
      case ResultFlowKind::Iterated:
        flow.comprehension = c.clause;
        if ((site.kind == model::QueryKind::LegacyQuery || site.kind == model::QueryKind::ModelQuery) && !site.executed) {
          site.executed = true;
          site.terminal = model::QueryTerminal::All;
          site.terminal_where = sc_.range(*chain.outer);
        }
        break;
      case ResultFlowKind::Other:
        if (chain.existing && chain.steps.empty()) return idx;  // `if not rows:` says nothing
        break;
      case ResultFlowKind::Subquery:
        flow.consumer = c.consumer;
        break;
      default: break;
    }
    site.flows.push_back(std::move(flow));
    return idx;
  }

  std::vector<model::QuerySite>& out_;  // consumer indices are positions in it
  detail::QueryScope& sc_;
  const Expr* top_value_ = nullptr;
  std::set<std::string> assigned_now_;
};

void walk_block(const ResolveContext& ctx, const detail::QueryFactories& factories, std::uint32_t f,
                const model::Function* fn, std::uint32_t fi, std::span<const Stmt> body,
                std::vector<model::QuerySite>& out) {
  detail::QueryScope sc(ctx.symbols, f, ctx.model.files[f], fn, fi, &factories);
  // Most blocks hold no query. A site is only ever recorded from a chain that
  // parse_chain read, and parse_chain needs a chain root in the block (a local
  // holding a query exists only after one was recorded in this same block), so
  // skipping a block without a possible root drops nothing.
  if (!detail::may_hold_query_root(sc, body)) return;
  FunctionWalker w(out, sc);
  std::size_t first = out.size();
  w.walk(body);
  w.finish(first);
}

}  // namespace

void collect_queries(const ResolveContext& ctx, const detail::QueryFactories& factories, FileRange files,
                     std::vector<model::QuerySite>& out) {
  for (std::uint32_t f = files.begin; f < files.end; ++f) {
    const model::FileFacts& file = ctx.model.files[f];
    walk_block(ctx, factories, f, nullptr, model::kNoIndex, file.body, out);
    for (const model::Class& c : file.classes) walk_block(ctx, factories, f, nullptr, c.parent_function, c.body, out);
    for (std::uint32_t i = 0; i < file.functions.size(); ++i)
      walk_block(ctx, factories, f, &file.functions[i], i, file.functions[i].body, out);
  }
}

void build_queries(ResolveContext& ctx) {
  const detail::QueryFactories factories(ctx.model.files);
  collect_queries(ctx, factories, FileRange{0, static_cast<std::uint32_t>(ctx.model.files.size())}, ctx.model.queries);
}

}  // namespace archverify::resolve
