// Lowering of expressions: each grammar expression type maps to one ExprKind
// (model/syntax.h); node types are compared as symbols (python_grammar.h).
#include <string>

#include "analyzer/extract/lowerer.h"

namespace archverify::extract {

using model::Expr;
using model::ExprKind;

void Lowerer::push_named_children(TSNode n, int depth) {
  each_named(n, [&](TSNode c) {
    if (!is(c, Sym::Comment)) push_child(expr(c, depth + 1));
  });
}

void Lowerer::lower_named_children(TSNode n, Expr& into, int depth) {
  std::size_t mark = open_list();
  push_named_children(n, depth);
  into.children = close_list(mark);
}

std::span<const Expr> Lowerer::close_list(std::size_t mark) {
  std::span<const Expr> list =
      arena_.store(std::span<const Expr>(scratch_.data() + mark, scratch_.size() - mark));
  scratch_.resize(mark);
  return list;
}

std::string Lowerer::decode_string_content(std::string_view raw) const {
  // string_content holds raw text with escape_sequence children; decode the common escapes.
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

// Appends one string literal's decoded text to `text` and pushes its f-string
// holes as children on the open list.
void Lowerer::append_string(TSNode n, std::string& text_out, bool& is_fstring, int depth) {
  bool raw = false;
  bool first = true;
  each_named(n, [&](TSNode c) {
    Sym s = sym(c);
    if (first) {
      first = false;
      if (s == Sym::StringStart)
        for (char ch : text(c)) {
          if (ch == 'f' || ch == 'F') is_fstring = true;
          if (ch == 'r' || ch == 'R') raw = true;
        }
    }
    if (s == Sym::StringContent) {
      std::string_view t = text(c);
      if (raw || t.find('\\') == std::string_view::npos) text_out += t;
      else text_out += decode_string_content(t);
    } else if (s == Sym::Interpolation) {
      text_out += "{}";
      TSNode inner = field(c, g_.expression);
      if (!ts_node_is_null(inner)) push_child(expr(inner, depth + 1));
    }
  });
}

Expr Lowerer::string_expr(TSNode n, int depth) {
  Expr e = make(ExprKind::String, n);
  std::string value;
  std::size_t mark = open_list();
  append_string(n, value, e.is_fstring, depth);
  e.text = arena_.store(value);
  e.children = close_list(mark);
  return e;
}

Expr Lowerer::call_expr(TSNode n, int depth) {
  Expr e = make(ExprKind::Call, n);
  std::size_t mark = open_list();
  TSNode args = field(n, g_.arguments);
  push_child(expr(field(n, g_.function), depth + 1));
  if (is(args, Sym::GeneratorExpression)) {
    push_child(expr(args, depth + 1));
  } else if (!ts_node_is_null(args)) {
    each_named(args, [&](TSNode a) {
      Sym s = sym(a);
      if (s == Sym::Comment) return;
      if (s == Sym::KeywordArgument) {
        Expr k = make(ExprKind::Keyword, a, text(field(a, g_.name)));
        std::size_t value_mark = open_list();
        push_child(expr(field(a, g_.value), depth + 1));
        k.children = close_list(value_mark);
        push_child(k);
      } else {
        push_child(expr(a, depth + 1));
      }
    });
  }
  e.children = close_list(mark);
  return e;
}

Expr Lowerer::comprehension(TSNode n, const char* flavour, int depth) {
  Expr e = make(ExprKind::Comprehension, n, flavour);
  std::size_t mark = open_list();
  each_named(n, [&](TSNode c) {
    Sym s = sym(c);
    if (s == Sym::ForInClause) {
      Expr f = make(ExprKind::ForClause, c);
      std::size_t clause_mark = open_list();
      push_child(expr(field(c, g_.left), depth + 1));
      push_child(expr(field(c, g_.right), depth + 1));
      f.children = close_list(clause_mark);
      push_child(f);
    } else if (s == Sym::IfClause) {
      Expr f = make(ExprKind::IfClause, c);
      TSNode cond = first_named(c);
      if (!ts_node_is_null(cond)) {
        std::size_t clause_mark = open_list();
        push_child(expr(cond, depth + 1));
        f.children = close_list(clause_mark);
      }
      push_child(f);
    } else if (s != Sym::Comment) {
      push_child(expr(c, depth + 1));  // the element (or pair for dicts)
    }
  });
  e.children = close_list(mark);
  return e;
}

// A kind whose only child is the node's first named child (await x, *x, **x).
Expr Lowerer::single_child(ExprKind k, TSNode n, int depth) {
  Expr e = make(k, n);
  TSNode c = first_named(n);
  if (!ts_node_is_null(c)) {
    std::size_t mark = open_list();
    push_child(expr(c, depth + 1));
    e.children = close_list(mark);
  }
  return e;
}

Expr Lowerer::expr(TSNode n, int depth) {
  if (ts_node_is_null(n)) return Expr{};
  if (depth > kMaxDepth) return make(ExprKind::Other, n, "too-deep");
  auto pair_of = [&](ExprKind k, TSFieldId a, TSFieldId b, std::string_view t) {
    Expr e = make(k, n, t);
    std::size_t mark = open_list();
    push_child(expr(field(n, a), depth + 1));
    push_child(expr(field(n, b), depth + 1));
    e.children = close_list(mark);
    return e;
  };
  auto one_field = [&](ExprKind k, TSFieldId a, std::string_view t) {
    Expr e = make(k, n, t);
    std::size_t mark = open_list();
    push_child(expr(field(n, a), depth + 1));
    e.children = close_list(mark);
    return e;
  };
  auto children = [&](ExprKind k) {
    Expr e = make(k, n);
    lower_named_children(n, e, depth);
    return e;
  };

  switch (sym(n)) {
    case Sym::Identifier:
    case Sym::TypeConversion: return make(ExprKind::Name, n, text(n));
    case Sym::Attribute: return one_field(ExprKind::Attribute, g_.object, text(field(n, g_.attribute)));
    case Sym::Call: return call_expr(n, depth);
    case Sym::String: return string_expr(n, depth);
    case Sym::ConcatenatedString: {
      Expr e = make(ExprKind::String, n);
      std::string value;
      std::size_t mark = open_list();
      each_named(n, [&](TSNode c) {
        if (is(c, Sym::String)) append_string(c, value, e.is_fstring, depth + 1);
      });
      e.text = arena_.store(value);
      e.children = close_list(mark);
      return e;
    }
    case Sym::Integer:
    case Sym::Float: return make(ExprKind::Number, n, text(n));
    case Sym::True: return make(ExprKind::True, n);
    case Sym::False: return make(ExprKind::False, n);
    case Sym::None: return make(ExprKind::None, n);
    case Sym::Ellipsis: return make(ExprKind::Ellipsis, n);
    case Sym::ParenthesizedExpression:
    case Sym::Type:
    case Sym::ExpressionStatement: {
      // Unwrap to the single inner expression.
      TSNode inner{};
      bool found = false;
      each_named(n, [&](TSNode c) {
        if (!found && !is(c, Sym::Comment)) { inner = c; found = true; }
      });
      if (found) return expr(inner, depth + 1);
      return make(ExprKind::Other, n, ts_node_type(n));
    }
    case Sym::List:
    case Sym::ListPattern: return children(ExprKind::List);
    case Sym::Tuple:
    case Sym::TuplePattern:
    case Sym::PatternList:
    case Sym::ExpressionList: return children(ExprKind::Tuple);
    case Sym::Set: return children(ExprKind::Set);
    case Sym::Dictionary: return children(ExprKind::Dict);
    case Sym::Pair: return pair_of(ExprKind::Pair, g_.key, g_.value, {});
    case Sym::GenericType: {
      // list[Item] in an annotation: [identifier, type_parameter(type…)] → Subscript [list, Item…]
      Expr e = make(ExprKind::Subscript, n);
      std::size_t mark = open_list();
      each_child(n, [&](TSNode c) {
        if (!ts_node_is_named(c) || is(c, Sym::Comment)) return;
        if (is(c, Sym::TypeParameter)) push_named_children(c, depth + 1);
        else push_child(expr(c, depth + 1));
      });
      e.children = close_list(mark);
      return e;
    }
    case Sym::Subscript: {
      Expr e = make(ExprKind::Subscript, n);
      std::size_t mark = open_list();
      push_child(expr(field(n, g_.value), depth + 1));
      each_field(n, g_.subscript, [&](TSNode c) { push_child(expr(c, depth + 1)); });
      e.children = close_list(mark);
      return e;
    }
    case Sym::ComparisonOperator: {
      Expr e = make(ExprKind::Compare, n);
      std::string ops;
      std::size_t mark = open_list();
      each_child(n, [&](TSNode c) {
        if (ts_node_is_named(c)) {
          if (!is(c, Sym::Comment)) push_child(expr(c, depth + 1));
          return;
        }
        if (!ops.empty()) ops += ',';
        std::string_view op = text(c);
        // "is  not" with odd spacing → canonical
        if (op.rfind("is", 0) == 0 && op.find("not") != std::string_view::npos) op = "is not";
        else if (op.rfind("not", 0) == 0 && op.find("in") != std::string_view::npos) op = "not in";
        ops += op;
      });
      e.text = arena_.store(ops);
      e.children = close_list(mark);
      return e;
    }
    case Sym::BooleanOperator: {
      Expr e = make(ExprKind::BoolOp, n, text(field(n, g_.operator_)));
      std::size_t mark = open_list();
      for (TSFieldId side : {g_.left, g_.right}) {
        Expr c = expr(field(n, side), depth + 1);
        if (c.kind == ExprKind::BoolOp && c.text == e.text) {
          for (const Expr& gc : c.children) push_child(gc);
        } else {
          push_child(c);
        }
      }
      e.children = close_list(mark);
      return e;
    }
    case Sym::NotOperator: return one_field(ExprKind::Not, g_.argument, {});
    case Sym::BinaryOperator: return pair_of(ExprKind::BinOp, g_.left, g_.right, text(field(n, g_.operator_)));
    case Sym::UnaryOperator: return one_field(ExprKind::UnaryOp, g_.argument, text(field(n, g_.operator_)));
    case Sym::Lambda: {
      Expr e = make(ExprKind::Lambda, n);
      std::string names;
      TSNode params = field(n, g_.parameters);
      if (!ts_node_is_null(params))
        each_named(params, [&](TSNode p) {
          TSNode name = is(p, Sym::Identifier) ? p : field(p, g_.name);
          if (ts_node_is_null(name)) return;
          if (!names.empty()) names += ',';
          names += text(name);
        });
      e.text = arena_.store(names);
      std::size_t mark = open_list();
      push_child(expr(field(n, g_.body), depth + 1));
      e.children = close_list(mark);
      return e;
    }
    case Sym::ListComprehension: return comprehension(n, "list", depth);
    case Sym::SetComprehension: return comprehension(n, "set", depth);
    case Sym::DictionaryComprehension: return comprehension(n, "dict", depth);
    case Sym::GeneratorExpression: return comprehension(n, "generator", depth);
    case Sym::Await: return single_child(ExprKind::Await, n, depth);
    case Sym::ConditionalExpression: return children(ExprKind::Conditional);  // body, test, orelse in source order
    case Sym::ListSplat:
    case Sym::ListSplatPattern: return single_child(ExprKind::Starred, n, depth);
    case Sym::DictionarySplat:
    case Sym::DictionarySplatPattern: return single_child(ExprKind::DoubleStarred, n, depth);
    case Sym::NamedExpression: return one_field(ExprKind::Walrus, g_.value, text(field(n, g_.name)));
    case Sym::KeywordArgument: return one_field(ExprKind::Keyword, g_.value, text(field(n, g_.name)));
    case Sym::Slice: {
      Expr e = make(ExprKind::Other, n, "slice");
      lower_named_children(n, e, depth);
      return e;
    }
    default: return make(ExprKind::Other, n, ts_node_type(n));
  }
}

}  // namespace archverify::extract
