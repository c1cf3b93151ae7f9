// The state of lowering one file (internal to extract/): source text, output
// facts, the enclosing class/function scope, and a stack of reusable tree
// cursors so children are visited in linear time (ts_node_named_child(n, i) is
// O(i) in tree-sitter 0.20, which made wide nodes quadratic). Expressions are
// lowered in lower_expr.cpp, statements and definitions in lower_stmt.cpp,
// positions, syntax errors and directive comments in lower_python.cpp.
#pragma once
#include <tree_sitter/api.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/extract/python_grammar.h"
#include "analyzer/model/syntax.h"

namespace archverify::extract {

inline constexpr int kMaxDepth = 256;
inline constexpr std::size_t kMaxSyntaxErrors = 20;
inline constexpr std::uint32_t kSmallNode = 3;  // each_child reads up to this many children by index
inline constexpr std::size_t kScratchArenaChunk = std::size_t{64} << 10;  // first chunk of a lowering arena

class Lowerer {
 public:
  Lowerer(std::string_view src, model::FileFacts& out);
  ~Lowerer();
  Lowerer(const Lowerer&) = delete;
  Lowerer& operator=(const Lowerer&) = delete;

  void lower_module(TSNode root);

 private:
  const PythonGrammar& g_;
  std::string_view src_;
  model::FileFacts& out_;
  model::SyntaxArena& arena_;          // out_'s: owns every Expr's text and child list
  std::vector<model::Expr> scratch_;  // child lists being gathered (a stack of open lists)
  std::vector<model::Stmt> stmt_scratch_;  // statement lists being gathered, likewise
  std::uint32_t current_class_ = model::kNoIndex;
  std::uint32_t current_function_ = model::kNoIndex;
  std::string_view scope_prefix_;        // the enclosing qualname (in arena_), "" at module level
  std::vector<std::uint32_t>* methods_ = nullptr;  // the enclosing class's methods, being gathered
  std::vector<std::uint8_t> non_ascii_line_;  // empty when the whole file is ASCII
  std::deque<TSTreeCursor> cursors_;
  std::size_t cursor_level_ = 0;

  // ---- tree access ----------------------------------------------------------
  Sym sym(TSNode n) const { return g_.sym(n); }
  bool is(TSNode n, Sym s) const { return g_.sym(n) == s; }
  static TSNode field(TSNode n, TSFieldId id) { return ts_node_child_by_field_id(n, id); }
  TSTreeCursor* acquire_cursor(TSNode n);
  void release_cursor() { --cursor_level_; }

  // Calls f(child) for every child (named and anonymous), in order. A node of
  // a few children is read by index (ts_node_child is O(index), but cheaper
  // than resetting and stepping a cursor for two or three steps).
  template <typename F>
  void each_child(TSNode n, F&& f) {
    const std::uint32_t count = ts_node_child_count(n);
    if (count <= kSmallNode) {
      for (std::uint32_t i = 0; i < count; ++i) f(ts_node_child(n, i));
      return;
    }
    TSTreeCursor* c = acquire_cursor(n);
    if (ts_tree_cursor_goto_first_child(c)) {
      do f(ts_tree_cursor_current_node(c));
      while (ts_tree_cursor_goto_next_sibling(c));
    }
    release_cursor();
  }
  // Calls f(child) for every named child, in order.
  template <typename F>
  void each_named(TSNode n, F&& f) {
    each_child(n, [&](TSNode c) {
      if (ts_node_is_named(c)) f(c);
    });
  }
  // Calls f(child) for every child carrying field `id` (fields may repeat).
  template <typename F>
  void each_field(TSNode n, TSFieldId id, F&& f) {
    TSTreeCursor* c = acquire_cursor(n);
    if (ts_tree_cursor_goto_first_child(c)) {
      do
        if (ts_tree_cursor_current_field_id(c) == id) f(ts_tree_cursor_current_node(c));
      while (ts_tree_cursor_goto_next_sibling(c));
    }
    release_cursor();
  }
  // The first named child, or a null node.
  TSNode first_named(TSNode n) { return ts_node_named_child(n, 0); }

  // ---- positions and text (lower_python.cpp) --------------------------------
  Position pos(TSPoint p, std::uint32_t byte) const;
  model::Span span(TSNode n) const {
    return model::Span{pos(ts_node_start_point(n), ts_node_start_byte(n)),
                       pos(ts_node_end_point(n), ts_node_end_byte(n))};
  }
  std::string_view text(TSNode n) const {
    if (ts_node_is_null(n)) return {};
    std::uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (b > src_.size() || e > src_.size() || e < b) return {};
    return src_.substr(b, e - b);
  }
  void collect_errors(TSNode n);
  void collect_directives(TSNode root);
  void note_comment(TSNode c);

  // ---- expressions (lower_expr.cpp) -----------------------------------------
  model::Expr make(model::ExprKind k, TSNode n) const {
    model::Expr e;
    e.kind = k;
    e.set_span(span(n));
    return e;
  }
  model::Expr make(model::ExprKind k, TSNode n, std::string_view t) const {
    model::Expr e = make(k, n);
    e.text = arena_.store(t);
    return e;
  }
  // Child lists: open_list() marks the scratch stack, push_child() adds to the
  // innermost open list, close_list() moves it into the arena. A nested
  // expression opens and closes its own lists before its parent pushes it.
  std::size_t open_list() const { return scratch_.size(); }
  void push_child(const model::Expr& e) { scratch_.push_back(e); }
  std::span<const model::Expr> close_list(std::size_t mark);
  void push_named_children(TSNode n, int depth);
  void lower_named_children(TSNode n, model::Expr& into, int depth);
  void append_string(TSNode n, std::string& text_out, bool& is_fstring, int depth);
  std::string decode_string_content(std::string_view raw) const;
  model::Expr string_expr(TSNode n, int depth);
  model::Expr call_expr(TSNode n, int depth);
  model::Expr comprehension(TSNode n, const char* flavour, int depth);
  model::Expr single_child(model::ExprKind k, TSNode n, int depth);
  model::Expr expr(TSNode n, int depth);

  // ---- statements (lower_stmt.cpp) ------------------------------------------
  // Statement lists work like child lists, on a stack of their own:
  // open_block() marks it, statement() and emit() push onto it, close_block()
  // moves the statements above the mark into the arena.
  std::size_t open_block() const { return stmt_scratch_.size(); }
  void emit(const model::Stmt& s) { stmt_scratch_.push_back(s); }
  std::span<const model::Stmt> close_block(std::size_t mark);
  void push_block(TSNode block, int depth);  // the block's statements, onto the open list
  std::span<const model::Stmt> block_statements(TSNode block, int depth);
  std::span<const model::Stmt> else_chain(std::span<const TSNode> alternatives, int depth);
  std::span<const model::Expr> single_target(TSNode n, int depth);
  const model::StmtExtra* store_extra(const model::StmtExtra& x);  // null when x is empty
  model::Stmt stmt(model::StmtKind k, TSNode n) const {
    model::Stmt s;
    s.kind = k;
    s.span = span(n);
    return s;
  }
  bool starts_with_async(TSNode n) const {
    return ts_node_child_count(n) > 0 && is(ts_node_child(n, 0), Sym::Async);
  }
  void assignment(TSNode n, model::Stmt& s, int depth);
  void statement(TSNode n, int depth);  // pushes 0 or more statements onto the open list
  void try_statement(TSNode n, int depth);
  void except_clause(TSNode c, model::Stmt& h, int depth);
  void with_statement(TSNode n, int depth);
  void import_stmt(TSNode n);
  std::span<const model::Param> parameters(TSNode params, int depth);  // stored in arena_
  std::string_view qualify(std::string_view name);  // `name` (in arena_) under scope_prefix_, in arena_
  void function_def(TSNode def, TSNode outer, std::vector<model::Expr> decorators, int depth);
  void class_def(TSNode def, TSNode outer, std::vector<model::Expr> decorators, int depth);
};

}  // namespace archverify::extract
