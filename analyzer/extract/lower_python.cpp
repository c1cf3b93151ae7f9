// Tree-sitter → model::FileFacts. One recursive pass over the tree; each
// grammar construct maps to one Expr/Stmt kind (see model/syntax.h).
#include "analyzer/extract/lower_python.h"

#include <tree_sitter/api.h>

#include <cstring>

#include "analyzer/parse/source_text.h"
#include "analyzer/parse/ts_handles.h"

namespace archverify::extract {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

namespace {

constexpr int kMaxDepth = 256;
constexpr std::size_t kMaxSyntaxErrors = 20;

class Lowerer {
 public:
  Lowerer(std::string_view src, model::FileFacts& out) : src_(src), out_(out) {}

  void lower_module(TSNode root) {
    collect_errors(root);
    out_.body = block_statements(root, 0);
  }

 private:
  std::string_view src_;
  model::FileFacts& out_;
  std::uint32_t current_class_ = model::kNoIndex;
  std::uint32_t current_function_ = model::kNoIndex;
  std::string scope_prefix_;

  // ---- positions and text -------------------------------------------------
  Position pos(TSPoint p, std::uint32_t byte) const {
    std::uint32_t line_start = byte >= p.column ? byte - p.column : 0;
    std::uint32_t cps = 0;
    for (std::uint32_t i = line_start; i < byte && i < src_.size(); ++i)
      if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++cps;
    return Position{p.row + 1, cps + 1};
  }
  model::Span span(TSNode n) const {
    return model::Span{pos(ts_node_start_point(n), ts_node_start_byte(n)),
                       pos(ts_node_end_point(n), ts_node_end_byte(n))};
  }
  std::string_view text(TSNode n) const {
    std::uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
    if (b > src_.size() || e > src_.size() || e < b) return {};
    return src_.substr(b, e - b);
  }
  static bool is(TSNode n, const char* type) { return !ts_node_is_null(n) && std::strcmp(ts_node_type(n), type) == 0; }
  static TSNode field(TSNode n, const char* name) {
    return ts_node_child_by_field_name(n, name, static_cast<std::uint32_t>(std::strlen(name)));
  }
  // Every child carrying field `name` (a field may repeat: elif/else alternatives,
  // subscript indices, imported names). Uses a cursor: ts_node_field_name_for_child
  // is unreliable in tree-sitter 0.20.
  template <typename F>
  static void each_field(TSNode n, const char* name, F&& f) {
    TSTreeCursor cursor = ts_tree_cursor_new(n);
    if (ts_tree_cursor_goto_first_child(&cursor)) {
      do {
        const char* fname = ts_tree_cursor_current_field_name(&cursor);
        if (fname && std::strcmp(fname, name) == 0) f(ts_tree_cursor_current_node(&cursor));
      } while (ts_tree_cursor_goto_next_sibling(&cursor));
    }
    ts_tree_cursor_delete(&cursor);
  }

  void collect_errors(TSNode n) {
    if (!ts_node_has_error(n)) return;
    if (is(n, "ERROR") || ts_node_is_missing(n)) {
      if (out_.syntax_errors.size() < kMaxSyntaxErrors) out_.syntax_errors.push_back(span(n));
      return;
    }
    std::uint32_t count = ts_node_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) collect_errors(ts_node_child(n, i));
  }

  // ---- expressions --------------------------------------------------------
  Expr make(ExprKind k, TSNode n, std::string t = {}) const {
    Expr e;
    e.kind = k;
    e.span = span(n);
    e.text = std::move(t);
    return e;
  }

  void lower_named_children(TSNode n, Expr& into, int depth) {
    std::uint32_t count = ts_node_named_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, "comment")) continue;
      into.children.push_back(expr(c, depth + 1));
    }
  }

  std::string decode_string_content(TSNode content) const {
    // string_content holds raw text with escape_sequence children; decode the common escapes.
    std::string_view raw = text(content);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c != '\\' || i + 1 >= raw.size()) { out += c; continue; }
      char d = raw[i + 1];
      switch (d) {
        case 'n': out += '\n'; ++i; break;
        case 't': out += '\t'; ++i; break;
        case 'r': out += '\r'; ++i; break;
        case '\\': out += '\\'; ++i; break;
        case '\'': out += '\''; ++i; break;
        case '"': out += '"'; ++i; break;
        case '\n': ++i; break;
        default: out += c; break;  // keep unknown escapes (\d in regexes) as written
      }
    }
    return out;
  }

  Expr string_expr(TSNode n, int depth) {
    Expr e = make(ExprKind::String, n);
    TSNode start = ts_node_named_child(n, 0);
    std::string_view prefix = is(start, "string_start") ? text(start) : std::string_view{};
    bool raw = false;
    for (char c : prefix) {
      if (c == 'f' || c == 'F') e.is_fstring = true;
      if (c == 'r' || c == 'R') raw = true;
    }
    std::uint32_t count = ts_node_named_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, "string_content")) {
        e.text += raw ? std::string(text(c)) : decode_string_content(c);
      } else if (is(c, "interpolation")) {
        e.text += "{}";
        TSNode inner = field(c, "expression");
        if (!ts_node_is_null(inner)) e.children.push_back(expr(inner, depth + 1));
      }
    }
    return e;
  }

  Expr call_expr(TSNode n, int depth) {
    Expr e = make(ExprKind::Call, n);
    e.children.push_back(expr(field(n, "function"), depth + 1));
    TSNode args = field(n, "arguments");
    if (is(args, "generator_expression")) {
      e.children.push_back(expr(args, depth + 1));
      return e;
    }
    std::uint32_t count = ts_node_named_child_count(args);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode a = ts_node_named_child(args, i);
      if (is(a, "comment")) continue;
      if (is(a, "keyword_argument")) {
        Expr k = make(ExprKind::Keyword, a, std::string(text(field(a, "name"))));
        k.children.push_back(expr(field(a, "value"), depth + 1));
        e.children.push_back(std::move(k));
      } else {
        e.children.push_back(expr(a, depth + 1));
      }
    }
    return e;
  }

  Expr comprehension(TSNode n, const char* flavour, int depth) {
    Expr e = make(ExprKind::Comprehension, n, flavour);
    std::uint32_t count = ts_node_named_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, "for_in_clause")) {
        Expr f = make(ExprKind::ForClause, c);
        f.children.push_back(expr(field(c, "left"), depth + 1));
        f.children.push_back(expr(field(c, "right"), depth + 1));
        e.children.push_back(std::move(f));
      } else if (is(c, "if_clause")) {
        Expr f = make(ExprKind::IfClause, c);
        if (ts_node_named_child_count(c) > 0) f.children.push_back(expr(ts_node_named_child(c, 0), depth + 1));
        e.children.push_back(std::move(f));
      } else if (!is(c, "comment")) {
        e.children.push_back(expr(c, depth + 1));  // the element (or pair for dicts)
      }
    }
    return e;
  }

  Expr expr(TSNode n, int depth) {
    if (ts_node_is_null(n)) return Expr{};
    if (depth > kMaxDepth) return make(ExprKind::Other, n, "too-deep");
    const char* t = ts_node_type(n);
    auto eq = [t](const char* s) { return std::strcmp(t, s) == 0; };

    if (eq("identifier") || eq("type_conversion")) return make(ExprKind::Name, n, std::string(text(n)));
    if (eq("attribute")) {
      Expr e = make(ExprKind::Attribute, n, std::string(text(field(n, "attribute"))));
      e.children.push_back(expr(field(n, "object"), depth + 1));
      return e;
    }
    if (eq("call")) return call_expr(n, depth);
    if (eq("string")) return string_expr(n, depth);
    if (eq("concatenated_string")) {
      Expr e = make(ExprKind::String, n);
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (!is(c, "string")) continue;
        Expr part = string_expr(c, depth + 1);
        e.text += part.text;
        e.is_fstring = e.is_fstring || part.is_fstring;
        for (Expr& h : part.children) e.children.push_back(std::move(h));
      }
      return e;
    }
    if (eq("integer") || eq("float")) return make(ExprKind::Number, n, std::string(text(n)));
    if (eq("true")) return make(ExprKind::True, n);
    if (eq("false")) return make(ExprKind::False, n);
    if (eq("none")) return make(ExprKind::None, n);
    if (eq("ellipsis")) return make(ExprKind::Ellipsis, n);
    if (eq("parenthesized_expression") || eq("type") || eq("expression_statement")) {
      // Unwrap to the single inner expression.
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (!is(c, "comment")) return expr(c, depth + 1);
      }
      return make(ExprKind::Other, n, t);
    }
    if (eq("list") || eq("list_pattern")) { Expr e = make(ExprKind::List, n); lower_named_children(n, e, depth); return e; }
    if (eq("tuple") || eq("tuple_pattern") || eq("pattern_list") || eq("expression_list")) {
      Expr e = make(ExprKind::Tuple, n); lower_named_children(n, e, depth); return e;
    }
    if (eq("set")) { Expr e = make(ExprKind::Set, n); lower_named_children(n, e, depth); return e; }
    if (eq("dictionary")) { Expr e = make(ExprKind::Dict, n); lower_named_children(n, e, depth); return e; }
    if (eq("pair")) {
      Expr e = make(ExprKind::Pair, n);
      e.children.push_back(expr(field(n, "key"), depth + 1));
      e.children.push_back(expr(field(n, "value"), depth + 1));
      return e;
    }
    if (eq("subscript") || eq("generic_type")) {
      Expr e = make(ExprKind::Subscript, n);
      if (eq("generic_type")) {
        // list[Item] in an annotation: [identifier, type_parameter(type…)] → Subscript [list, Item…]
        std::uint32_t count = ts_node_named_child_count(n);
        for (std::uint32_t i = 0; i < count; ++i) {
          TSNode c = ts_node_named_child(n, i);
          if (is(c, "comment")) continue;
          if (is(c, "type_parameter")) lower_named_children(c, e, depth + 1);
          else e.children.push_back(expr(c, depth + 1));
        }
        return e;
      }
      e.children.push_back(expr(field(n, "value"), depth + 1));
      each_field(n, "subscript", [&](TSNode c) { e.children.push_back(expr(c, depth + 1)); });
      return e;
    }
    if (eq("comparison_operator")) {
      Expr e = make(ExprKind::Compare, n);
      std::uint32_t count = ts_node_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_child(n, i);
        if (ts_node_is_named(c)) {
          if (!is(c, "comment")) e.children.push_back(expr(c, depth + 1));
        } else {
          if (!e.text.empty()) e.text += ',';
          std::string op(text(c));
          // "is  not" with odd spacing → canonical
          if (op.rfind("is", 0) == 0 && op.find("not") != std::string::npos) op = "is not";
          else if (op.rfind("not", 0) == 0 && op.find("in") != std::string::npos) op = "not in";
          e.text += op;
        }
      }
      return e;
    }
    if (eq("boolean_operator")) {
      std::string op(text(field(n, "operator")));
      Expr e = make(ExprKind::BoolOp, n, op);
      for (const char* side : {"left", "right"}) {
        Expr c = expr(field(n, side), depth + 1);
        if (c.kind == ExprKind::BoolOp && c.text == op) {
          for (Expr& g : c.children) e.children.push_back(std::move(g));
        } else {
          e.children.push_back(std::move(c));
        }
      }
      return e;
    }
    if (eq("not_operator")) {
      Expr e = make(ExprKind::Not, n);
      e.children.push_back(expr(field(n, "argument"), depth + 1));
      return e;
    }
    if (eq("binary_operator")) {
      Expr e = make(ExprKind::BinOp, n, std::string(text(field(n, "operator"))));
      e.children.push_back(expr(field(n, "left"), depth + 1));
      e.children.push_back(expr(field(n, "right"), depth + 1));
      return e;
    }
    if (eq("unary_operator")) {
      Expr e = make(ExprKind::UnaryOp, n, std::string(text(field(n, "operator"))));
      e.children.push_back(expr(field(n, "argument"), depth + 1));
      return e;
    }
    if (eq("lambda")) {
      Expr e = make(ExprKind::Lambda, n);
      TSNode params = field(n, "parameters");
      if (!ts_node_is_null(params)) {
        std::uint32_t count = ts_node_named_child_count(params);
        for (std::uint32_t i = 0; i < count; ++i) {
          TSNode p = ts_node_named_child(params, i);
          TSNode name = is(p, "identifier") ? p : field(p, "name");
          if (ts_node_is_null(name)) continue;
          if (!e.text.empty()) e.text += ',';
          e.text += text(name);
        }
      }
      e.children.push_back(expr(field(n, "body"), depth + 1));
      return e;
    }
    if (eq("list_comprehension")) return comprehension(n, "list", depth);
    if (eq("set_comprehension")) return comprehension(n, "set", depth);
    if (eq("dictionary_comprehension")) return comprehension(n, "dict", depth);
    if (eq("generator_expression")) return comprehension(n, "generator", depth);
    if (eq("await")) {
      Expr e = make(ExprKind::Await, n);
      if (ts_node_named_child_count(n) > 0) e.children.push_back(expr(ts_node_named_child(n, 0), depth + 1));
      return e;
    }
    if (eq("conditional_expression")) {
      Expr e = make(ExprKind::Conditional, n);
      lower_named_children(n, e, depth);  // body, test, orelse in source order
      return e;
    }
    if (eq("list_splat") || eq("list_splat_pattern")) {
      Expr e = make(ExprKind::Starred, n);
      if (ts_node_named_child_count(n) > 0) e.children.push_back(expr(ts_node_named_child(n, 0), depth + 1));
      return e;
    }
    if (eq("dictionary_splat") || eq("dictionary_splat_pattern")) {
      Expr e = make(ExprKind::DoubleStarred, n);
      if (ts_node_named_child_count(n) > 0) e.children.push_back(expr(ts_node_named_child(n, 0), depth + 1));
      return e;
    }
    if (eq("named_expression")) {
      Expr e = make(ExprKind::Walrus, n, std::string(text(field(n, "name"))));
      e.children.push_back(expr(field(n, "value"), depth + 1));
      return e;
    }
    if (eq("keyword_argument")) {
      Expr k = make(ExprKind::Keyword, n, std::string(text(field(n, "name"))));
      k.children.push_back(expr(field(n, "value"), depth + 1));
      return k;
    }
    if (eq("slice")) { Expr e = make(ExprKind::Other, n, "slice"); lower_named_children(n, e, depth); return e; }
    return make(ExprKind::Other, n, t);
  }

  // ---- statements ---------------------------------------------------------
  std::vector<Stmt> block_statements(TSNode block, int depth) {
    std::vector<Stmt> out;
    if (ts_node_is_null(block)) return out;
    std::uint32_t count = ts_node_named_child_count(block);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(block, i);
      if (is(c, "comment")) { note_comment(c); continue; }
      statement(c, out, depth + 1);
    }
    return out;
  }

  void note_comment(TSNode c) {
    std::string_view t = text(c);
    if (t.find("archverify:") == std::string_view::npos) return;
    std::size_t b = t.find_first_not_of("# \t");
    std::string body(b == std::string_view::npos ? std::string_view{} : t.substr(b));
    while (!body.empty() && (body.back() == ' ' || body.back() == '\t' || body.back() == '\r')) body.pop_back();
    std::uint32_t start = ts_node_start_byte(c);
    std::uint32_t line_start = start - ts_node_start_point(c).column;
    bool own_line = true;
    for (std::uint32_t i = line_start; i < start && i < src_.size(); ++i)
      if (src_[i] != ' ' && src_[i] != '\t') { own_line = false; break; }
    out_.directives.push_back(model::DirectiveComment{span(c), std::move(body), own_line});
  }

  // Comments inside expressions/statements are not in block children; find them all.
  void scan_comments(TSNode n) {
    std::uint32_t count = ts_node_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      if (is(c, "comment")) note_comment(c);
      else if (ts_node_child_count(c) > 0) scan_comments(c);
    }
  }

  Stmt stmt(StmtKind k, TSNode n) const {
    Stmt s;
    s.kind = k;
    s.span = span(n);
    return s;
  }

  void assignment(TSNode n, Stmt& s, int depth) {
    // a = b = v is nested: assignment(left=a, right=assignment(left=b, right=v))
    TSNode cur = n;
    while (true) {
      s.targets.push_back(expr(field(cur, "left"), depth + 1));
      TSNode type = field(cur, "type");
      if (!ts_node_is_null(type)) s.annotation = expr(type, depth + 1);
      TSNode right = field(cur, "right");
      if (is(right, "assignment")) { cur = right; continue; }
      if (!ts_node_is_null(right)) s.value = expr(right, depth + 1);
      break;
    }
  }

  void statement(TSNode n, std::vector<Stmt>& out, int depth) {
    if (depth > kMaxDepth) { out.push_back(stmt(StmtKind::Other, n)); return; }
    const char* t = ts_node_type(n);
    auto eq = [t](const char* s) { return std::strcmp(t, s) == 0; };

    if (eq("expression_statement")) {
      TSNode inner = ts_node_named_child(n, 0);
      if (is(inner, "assignment")) {
        Stmt s = stmt(StmtKind::Assign, n);
        assignment(inner, s, depth);
        out.push_back(std::move(s));
      } else if (is(inner, "augmented_assignment")) {
        Stmt s = stmt(StmtKind::AugAssign, n);
        s.text = std::string(text(field(inner, "operator")));
        s.targets.push_back(expr(field(inner, "left"), depth + 1));
        s.value = expr(field(inner, "right"), depth + 1);
        out.push_back(std::move(s));
      } else {
        Stmt s = stmt(StmtKind::Expr, n);
        if (ts_node_named_child_count(n) > 1) {
          Expr tuple = make(ExprKind::Tuple, n);
          lower_named_children(n, tuple, depth);
          s.value = std::move(tuple);
        } else {
          s.value = expr(inner, depth + 1);
        }
        out.push_back(std::move(s));
      }
      scan_comments(n);
      return;
    }
    if (eq("return_statement") || eq("raise_statement")) {
      Stmt s = stmt(eq("return_statement") ? StmtKind::Return : StmtKind::Raise, n);
      if (ts_node_named_child_count(n) > 0) s.value = expr(ts_node_named_child(n, 0), depth + 1);
      scan_comments(n);
      out.push_back(std::move(s));
      return;
    }
    if (eq("if_statement") || eq("elif_clause")) {
      Stmt s = stmt(StmtKind::If, n);
      s.value = expr(field(n, "condition"), depth + 1);
      s.body = block_statements(field(n, "consequence"), depth);
      if (eq("if_statement")) {
        // Chain elif/else: each elif becomes a nested If in the previous orelse.
        std::vector<Stmt>* tail = &s.orelse;
        each_field(n, "alternative", [&](TSNode alt) {
          if (is(alt, "elif_clause")) {
            std::vector<Stmt> tmp;
            statement(alt, tmp, depth + 1);
            tail->push_back(std::move(tmp.front()));
            tail = &tail->back().orelse;
          } else if (is(alt, "else_clause")) {
            *tail = block_statements(field(alt, "body"), depth);
          }
        });
      }
      out.push_back(std::move(s));
      return;
    }
    if (eq("for_statement")) {
      Stmt s = stmt(StmtKind::For, n);
      s.is_async = ts_node_child_count(n) > 0 && std::strcmp(ts_node_type(ts_node_child(n, 0)), "async") == 0;
      s.targets.push_back(expr(field(n, "left"), depth + 1));
      s.value = expr(field(n, "right"), depth + 1);
      s.body = block_statements(field(n, "body"), depth);
      TSNode alt = field(n, "alternative");
      if (!ts_node_is_null(alt)) s.orelse = block_statements(field(alt, "body"), depth);
      out.push_back(std::move(s));
      return;
    }
    if (eq("while_statement")) {
      Stmt s = stmt(StmtKind::While, n);
      s.value = expr(field(n, "condition"), depth + 1);
      s.body = block_statements(field(n, "body"), depth);
      TSNode alt = field(n, "alternative");
      if (!ts_node_is_null(alt)) s.orelse = block_statements(field(alt, "body"), depth);
      out.push_back(std::move(s));
      return;
    }
    if (eq("with_statement")) {
      Stmt s = stmt(StmtKind::With, n);
      s.is_async = ts_node_child_count(n) > 0 && std::strcmp(ts_node_type(ts_node_child(n, 0)), "async") == 0;
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode clause = ts_node_named_child(n, i);
        if (!is(clause, "with_clause")) continue;
        std::uint32_t items = ts_node_named_child_count(clause);
        for (std::uint32_t k = 0; k < items; ++k) {
          TSNode item = ts_node_named_child(clause, k);
          if (!is(item, "with_item")) continue;
          TSNode value = field(item, "value");
          if (is(value, "as_pattern")) {
            s.items.push_back(expr(ts_node_named_child(value, 0), depth + 1));
            TSNode alias = field(value, "alias");
            Expr a = ts_node_is_null(alias) ? Expr{} : expr(ts_node_named_child(alias, 0), depth + 1);
            s.targets.push_back(std::move(a));
          } else {
            s.items.push_back(expr(value, depth + 1));
            s.targets.emplace_back();
          }
        }
      }
      s.body = block_statements(field(n, "body"), depth);
      out.push_back(std::move(s));
      return;
    }
    if (eq("try_statement")) {
      Stmt s = stmt(StmtKind::Try, n);
      s.body = block_statements(field(n, "body"), depth);
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (is(c, "except_clause") || is(c, "except_group_clause")) {
          Stmt h = stmt(StmtKind::ExceptHandler, c);
          TSNode value = field(c, "value");
          TSNode alias = field(c, "alias");
          if (is(value, "as_pattern")) {
            h.value = expr(ts_node_named_child(value, 0), depth + 1);
            TSNode al = field(value, "alias");
            if (!ts_node_is_null(al)) h.targets.push_back(expr(ts_node_named_child(al, 0), depth + 1));
          } else if (!ts_node_is_null(value)) {
            h.value = expr(value, depth + 1);
          } else {
            // except_group_clause / older shapes: first expression child, `as` name after it
            std::uint32_t cc = ts_node_named_child_count(c);
            for (std::uint32_t k = 0; k < cc; ++k) {
              TSNode x = ts_node_named_child(c, k);
              if (is(x, "block") || is(x, "comment")) continue;
              if (is(x, "as_pattern")) {
                h.value = expr(ts_node_named_child(x, 0), depth + 1);
                TSNode al = field(x, "alias");
                if (!ts_node_is_null(al)) h.targets.push_back(expr(ts_node_named_child(al, 0), depth + 1));
              } else if (h.value.empty()) {
                h.value = expr(x, depth + 1);
              }
              break;
            }
          }
          if (!ts_node_is_null(alias)) h.targets.push_back(expr(alias, depth + 1));
          std::uint32_t cc = ts_node_named_child_count(c);
          for (std::uint32_t k = 0; k < cc; ++k)
            if (is(ts_node_named_child(c, k), "block")) h.body = block_statements(ts_node_named_child(c, k), depth);
          s.handlers.push_back(std::move(h));
        } else if (is(c, "else_clause")) {
          s.orelse = block_statements(field(c, "body"), depth);
        } else if (is(c, "finally_clause")) {
          std::uint32_t cc = ts_node_named_child_count(c);
          for (std::uint32_t k = 0; k < cc; ++k)
            if (is(ts_node_named_child(c, k), "block")) s.finalbody = block_statements(ts_node_named_child(c, k), depth);
        }
      }
      out.push_back(std::move(s));
      return;
    }
    if (eq("decorated_definition")) {
      std::vector<Expr> decorators;
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (is(c, "decorator") && ts_node_named_child_count(c) > 0) {
          TSNode inner = ts_node_named_child(c, 0);
          if (is(inner, "comment")) continue;
          decorators.push_back(expr(inner, depth + 1));
        }
      }
      TSNode def = field(n, "definition");
      if (is(def, "function_definition")) function_def(def, n, std::move(decorators), out, depth);
      else if (is(def, "class_definition")) class_def(def, n, std::move(decorators), out, depth);
      return;
    }
    if (eq("function_definition")) { function_def(n, n, {}, out, depth); return; }
    if (eq("class_definition")) { class_def(n, n, {}, out, depth); return; }
    if (eq("import_statement") || eq("import_from_statement") || eq("future_import_statement")) {
      Stmt s = stmt(StmtKind::Import, n);
      s.index = static_cast<std::uint32_t>(out_.imports.size());
      import_stmt(n);
      s.text = std::to_string(out_.imports.size() - s.index);
      out.push_back(std::move(s));
      return;
    }
    if (eq("delete_statement")) {
      Stmt s = stmt(StmtKind::Delete, n);
      if (ts_node_named_child_count(n) > 0) s.targets.push_back(expr(ts_node_named_child(n, 0), depth + 1));
      out.push_back(std::move(s));
      return;
    }
    if (eq("assert_statement")) {
      Stmt s = stmt(StmtKind::Assert, n);
      if (ts_node_named_child_count(n) > 0) s.value = expr(ts_node_named_child(n, 0), depth + 1);
      out.push_back(std::move(s));
      return;
    }
    if (eq("match_statement")) {
      Stmt s = stmt(StmtKind::Match, n);
      s.value = expr(field(n, "subject"), depth + 1);
      TSNode body = field(n, "body");
      std::uint32_t count = ts_node_is_null(body) ? 0 : ts_node_named_child_count(body);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(body, i);
        if (!is(c, "case_clause")) continue;
        for (Stmt& x : block_statements(field(c, "consequence"), depth)) s.body.push_back(std::move(x));
      }
      out.push_back(std::move(s));
      return;
    }
    if (eq("pass_statement")) { out.push_back(stmt(StmtKind::Pass, n)); return; }
    if (eq("break_statement")) { out.push_back(stmt(StmtKind::Break, n)); return; }
    if (eq("continue_statement")) { out.push_back(stmt(StmtKind::Continue, n)); return; }
    if (eq("global_statement") || eq("nonlocal_statement")) { out.push_back(stmt(StmtKind::Global, n)); return; }
    if (eq("block")) {  // stray block (error recovery)
      for (Stmt& x : block_statements(n, depth)) out.push_back(std::move(x));
      return;
    }
    if (eq("ERROR")) {
      // Error recovery: statements inside an ERROR node are still worth lowering.
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        const char* ct = ts_node_type(c);
        if (std::strstr(ct, "statement") || std::strstr(ct, "definition") || is(c, "ERROR"))
          statement(c, out, depth + 1);
      }
      return;
    }
    Stmt s = stmt(StmtKind::Other, n);
    s.text = t;
    out.push_back(std::move(s));
  }

  void import_stmt(TSNode n) {
    bool in_function = current_function_ != model::kNoIndex;
    auto add = [&](std::string module, std::string name, std::string alias, std::uint32_t level, TSNode where) {
      model::Import imp;
      imp.module = std::move(module);
      imp.name = std::move(name);
      imp.alias = std::move(alias);
      imp.level = level;
      imp.in_function = in_function;
      imp.span = span(where);
      out_.imports.push_back(std::move(imp));
    };
    if (is(n, "import_statement")) {
      std::uint32_t count = ts_node_named_child_count(n);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(n, i);
        if (is(c, "dotted_name")) {
          std::string mod(text(c));
          std::string first = mod.substr(0, mod.find('.'));
          add(mod, "", first, 0, c);
        } else if (is(c, "aliased_import")) {
          add(std::string(text(field(c, "name"))), "", std::string(text(field(c, "alias"))), 0, c);
        }
      }
      return;
    }
    // from X import a, b as c  /  from . import x  /  from x import *
    std::string module;
    std::uint32_t level = 0;
    TSNode mod = field(n, "module_name");
    if (is(mod, "relative_import")) {
      std::uint32_t count = ts_node_named_child_count(mod);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(mod, i);
        if (is(c, "import_prefix")) level = static_cast<std::uint32_t>(text(c).size());
        else if (is(c, "dotted_name")) module = std::string(text(c));
      }
    } else if (!ts_node_is_null(mod)) {
      module = std::string(text(mod));
    } else if (is(n, "future_import_statement")) {
      module = "__future__";
    }
    std::uint32_t count = ts_node_named_child_count(n);
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, "wildcard_import")) add(module, "*", "*", level, c);
    }
    each_field(n, "name", [&](TSNode c) {
      if (is(c, "aliased_import")) {
        add(module, std::string(text(field(c, "name"))), std::string(text(field(c, "alias"))), level, c);
      } else {
        std::string name(text(c));
        add(module, name, name, level, c);
      }
    });
  }

  void parameters(TSNode params, model::Function& f, int depth) {
    if (ts_node_is_null(params)) return;
    bool keyword_only = false;
    std::uint32_t count = ts_node_named_child_count(params);
    std::size_t before_slash = 0;
    for (std::uint32_t i = 0; i < count; ++i) {
      TSNode p = ts_node_named_child(params, i);
      if (is(p, "comment")) continue;
      if (is(p, "positional_separator")) { for (std::size_t k = before_slash; k < f.params.size(); ++k) f.params[k].kind = model::ParamKind::PositionalOnly; before_slash = f.params.size(); continue; }
      if (is(p, "keyword_separator")) { keyword_only = true; continue; }
      model::Param param;
      param.span = span(p);
      param.kind = keyword_only ? model::ParamKind::KeywordOnly : model::ParamKind::Positional;
      TSNode name_node = p;
      if (is(p, "identifier")) {
        name_node = p;
      } else if (is(p, "typed_parameter")) {
        name_node = ts_node_named_child(p, 0);
        param.annotation = expr(field(p, "type"), depth + 1);
      } else if (is(p, "default_parameter")) {
        name_node = field(p, "name");
        param.default_value = expr(field(p, "value"), depth + 1);
      } else if (is(p, "typed_default_parameter")) {
        name_node = field(p, "name");
        param.annotation = expr(field(p, "type"), depth + 1);
        param.default_value = expr(field(p, "value"), depth + 1);
      } else if (is(p, "list_splat_pattern") || is(p, "dictionary_splat_pattern")) {
        name_node = p;
      }
      // *args / **kwargs (possibly typed)
      if (is(name_node, "list_splat_pattern")) {
        param.kind = model::ParamKind::VarArgs;
        keyword_only = true;
        name_node = ts_node_named_child(name_node, 0);
      } else if (is(name_node, "dictionary_splat_pattern")) {
        param.kind = model::ParamKind::VarKwargs;
        name_node = ts_node_named_child(name_node, 0);
      }
      param.name = std::string(text(name_node));
      f.params.push_back(std::move(param));
    }
  }

  std::string qualify(std::string_view name) const {
    return scope_prefix_.empty() ? std::string(name) : scope_prefix_ + "." + std::string(name);
  }

  void function_def(TSNode def, TSNode outer, std::vector<Expr> decorators, std::vector<Stmt>& out, int depth) {
    std::uint32_t idx = static_cast<std::uint32_t>(out_.functions.size());
    out_.functions.emplace_back();
    {
      model::Function& f = out_.functions.back();
      f.name = std::string(text(field(def, "name")));
      f.qualname = qualify(f.name);
      f.is_async = ts_node_child_count(def) > 0 && std::strcmp(ts_node_type(ts_node_child(def, 0)), "async") == 0;
      f.owner_class = current_class_;
      f.parent_function = current_function_;
      f.decorators = std::move(decorators);
      f.span = span(outer);
      f.name_span = span(field(def, "name"));
    }
    model::Function sig;  // build params/returns outside the vector (it may reallocate)
    parameters(field(def, "parameters"), sig, depth);
    Expr returns = expr(field(def, "return_type"), depth + 1);
    if (current_class_ != model::kNoIndex) out_.classes[current_class_].methods.push_back(idx);

    auto saved_class = current_class_;
    auto saved_function = current_function_;
    auto saved_prefix = scope_prefix_;
    current_class_ = model::kNoIndex;
    current_function_ = idx;
    scope_prefix_ = out_.functions[idx].qualname;
    std::vector<Stmt> body = block_statements(field(def, "body"), depth);
    current_class_ = saved_class;
    current_function_ = saved_function;
    scope_prefix_ = std::move(saved_prefix);

    model::Function& f = out_.functions[idx];
    f.params = std::move(sig.params);
    f.returns = std::move(returns);
    f.body = std::move(body);
    Stmt s = stmt(StmtKind::FunctionDef, outer);
    s.index = idx;
    s.is_async = f.is_async;
    s.text = f.name;
    out.push_back(std::move(s));
  }

  void class_def(TSNode def, TSNode outer, std::vector<Expr> decorators, std::vector<Stmt>& out, int depth) {
    std::uint32_t idx = static_cast<std::uint32_t>(out_.classes.size());
    out_.classes.emplace_back();
    std::vector<Expr> bases, keywords;
    TSNode supers = field(def, "superclasses");
    if (!ts_node_is_null(supers)) {
      std::uint32_t count = ts_node_named_child_count(supers);
      for (std::uint32_t i = 0; i < count; ++i) {
        TSNode c = ts_node_named_child(supers, i);
        if (is(c, "comment")) continue;
        Expr e = expr(c, depth + 1);
        if (e.kind == ExprKind::Keyword || e.kind == ExprKind::DoubleStarred) keywords.push_back(std::move(e));
        else bases.push_back(std::move(e));
      }
    }
    {
      model::Class& c = out_.classes[idx];
      c.name = std::string(text(field(def, "name")));
      c.qualname = qualify(c.name);
      c.parent_function = current_function_;
      c.owner_class = current_class_;
      c.bases = std::move(bases);
      c.keywords = std::move(keywords);
      c.decorators = std::move(decorators);
      c.span = span(outer);
      c.name_span = span(field(def, "name"));
    }
    auto saved_class = current_class_;
    auto saved_prefix = scope_prefix_;
    current_class_ = idx;
    scope_prefix_ = out_.classes[idx].qualname;
    std::vector<Stmt> body = block_statements(field(def, "body"), depth);
    current_class_ = saved_class;
    scope_prefix_ = std::move(saved_prefix);
    out_.classes[idx].body = std::move(body);
    Stmt s = stmt(StmtKind::ClassDef, outer);
    s.index = idx;
    s.text = out_.classes[idx].name;
    out.push_back(std::move(s));
  }
};

}  // namespace

model::FileFacts lower_python(TSParser* parser, std::string path, std::string_view source) {
  model::FileFacts facts;
  facts.path = std::move(path);
  facts.byte_size = source.size();
  facts.line_count = parse::count_lines(source);
  parse::TsTree tree(ts_parser_parse_string(parser, nullptr, source.data(), static_cast<std::uint32_t>(source.size())));
  if (!tree) return facts;
  Lowerer lowerer(source, facts);
  lowerer.lower_module(ts_tree_root_node(tree.get()));
  return facts;
}

model::FileFacts lower_python_source(std::string path, std::string_view source) {
  parse::TsParser parser = parse::make_python_parser();
  return lower_python(parser.get(), std::move(path), source);
}

}  // namespace archverify::extract
