// Lowering of expressions: each grammar expression type maps to one ExprKind
// (model/syntax.h); node types are compared as symbols (python_grammar.h).
#include <string>

#include "analyzer/extract/lowerer.h"

namespace archverify::extract {

using model::Expr;
using model::ExprKind;

void Lowerer::lower_named_children(TSNode n, Expr& into, int depth) {
  into.children.reserve(ts_node_named_child_count(n));
  each_named(n, [&](TSNode c) {
    if (!is(c, Sym::Comment)) into.children.push_back(expr(c, depth + 1));
  });
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

Expr Lowerer::string_expr(TSNode n, int depth) {
  Expr e = make(ExprKind::String, n);
  bool raw = false;
  bool first = true;
  each_named(n, [&](TSNode c) {
    Sym s = sym(c);
    if (first) {
      first = false;
      if (s == Sym::StringStart)
        for (char ch : text(c)) {
          if (ch == 'f' || ch == 'F') e.is_fstring = true;
          if (ch == 'r' || ch == 'R') raw = true;
        }
    }
    if (s == Sym::StringContent) {
      std::string_view t = text(c);
      if (raw || t.find('\\') == std::string_view::npos) e.text += t;
      else e.text += decode_string_content(t);
    } else if (s == Sym::Interpolation) {
      e.text += "{}";
      TSNode inner = field(c, g_.expression);
      if (!ts_node_is_null(inner)) e.children.push_back(expr(inner, depth + 1));
    }
  });
  return e;
}

Expr Lowerer::call_expr(TSNode n, int depth) {
  Expr e = make(ExprKind::Call, n);
  TSNode args = field(n, g_.arguments);
  if (is(args, Sym::GeneratorExpression)) {
    e.children.reserve(2);
    e.children.push_back(expr(field(n, g_.function), depth + 1));
    e.children.push_back(expr(args, depth + 1));
    return e;
  }
  e.children.reserve(1 + (ts_node_is_null(args) ? 0 : ts_node_named_child_count(args)));
  e.children.push_back(expr(field(n, g_.function), depth + 1));
  if (ts_node_is_null(args)) return e;
  each_named(args, [&](TSNode a) {
    Sym s = sym(a);
    if (s == Sym::Comment) return;
    if (s == Sym::KeywordArgument) {
      Expr k = make(ExprKind::Keyword, a, text(field(a, g_.name)));
      k.children.reserve(1);
      k.children.push_back(expr(field(a, g_.value), depth + 1));
      e.children.push_back(std::move(k));
    } else {
      e.children.push_back(expr(a, depth + 1));
    }
  });
  return e;
}

Expr Lowerer::comprehension(TSNode n, const char* flavour, int depth) {
  Expr e = make(ExprKind::Comprehension, n, flavour);
  e.children.reserve(ts_node_named_child_count(n));
  each_named(n, [&](TSNode c) {
    Sym s = sym(c);
    if (s == Sym::ForInClause) {
      Expr f = make(ExprKind::ForClause, c);
      f.children.reserve(2);
      f.children.push_back(expr(field(c, g_.left), depth + 1));
      f.children.push_back(expr(field(c, g_.right), depth + 1));
      e.children.push_back(std::move(f));
    } else if (s == Sym::IfClause) {
      Expr f = make(ExprKind::IfClause, c);
      TSNode cond = first_named(c);
      if (!ts_node_is_null(cond)) {
        f.children.reserve(1);
        f.children.push_back(expr(cond, depth + 1));
      }
      e.children.push_back(std::move(f));
    } else if (s != Sym::Comment) {
      e.children.push_back(expr(c, depth + 1));  // the element (or pair for dicts)
    }
  });
  return e;
}

// A kind whose only child is the node's first named child (await x, *x, **x).
Expr Lowerer::single_child(ExprKind k, TSNode n, int depth) {
  Expr e = make(k, n);
  TSNode c = first_named(n);
  if (!ts_node_is_null(c)) {
    e.children.reserve(1);
    e.children.push_back(expr(c, depth + 1));
  }
  return e;
}

Expr Lowerer::expr(TSNode n, int depth) {
  if (ts_node_is_null(n)) return Expr{};
  if (depth > kMaxDepth) return make(ExprKind::Other, n, "too-deep");
  auto pair_of = [&](ExprKind k, TSFieldId a, TSFieldId b, std::string_view t) {
    Expr e = make(k, n, t);
    e.children.reserve(2);
    e.children.push_back(expr(field(n, a), depth + 1));
    e.children.push_back(expr(field(n, b), depth + 1));
    return e;
  };
  auto one_field = [&](ExprKind k, TSFieldId a, std::string_view t) {
    Expr e = make(k, n, t);
    e.children.reserve(1);
    e.children.push_back(expr(field(n, a), depth + 1));
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
      each_named(n, [&](TSNode c) {
        if (!is(c, Sym::String)) return;
        Expr part = string_expr(c, depth + 1);
        e.text += part.text;
        e.is_fstring = e.is_fstring || part.is_fstring;
        for (Expr& h : part.children) e.children.push_back(std::move(h));
      });
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
      each_child(n, [&](TSNode c) {
        if (!ts_node_is_named(c) || is(c, Sym::Comment)) return;
        if (is(c, Sym::TypeParameter)) lower_named_children(c, e, depth + 1);
        else e.children.push_back(expr(c, depth + 1));
      });
      return e;
    }
    case Sym::Subscript: {
      Expr e = make(ExprKind::Subscript, n);
      e.children.push_back(expr(field(n, g_.value), depth + 1));
      each_field(n, g_.subscript, [&](TSNode c) { e.children.push_back(expr(c, depth + 1)); });
      return e;
    }
    case Sym::ComparisonOperator: {
      Expr e = make(ExprKind::Compare, n);
      each_child(n, [&](TSNode c) {
        if (ts_node_is_named(c)) {
          if (!is(c, Sym::Comment)) e.children.push_back(expr(c, depth + 1));
          return;
        }
        if (!e.text.empty()) e.text += ',';
        std::string_view op = text(c);
        // "is  not" with odd spacing → canonical
        if (op.rfind("is", 0) == 0 && op.find("not") != std::string_view::npos) op = "is not";
        else if (op.rfind("not", 0) == 0 && op.find("in") != std::string_view::npos) op = "not in";
        e.text += op;
      });
      return e;
    }
    case Sym::BooleanOperator: {
      Expr e = make(ExprKind::BoolOp, n, text(field(n, g_.operator_)));
      for (TSFieldId side : {g_.left, g_.right}) {
        Expr c = expr(field(n, side), depth + 1);
        if (c.kind == ExprKind::BoolOp && c.text == e.text) {
          for (Expr& gc : c.children) e.children.push_back(std::move(gc));
        } else {
          e.children.push_back(std::move(c));
        }
      }
      return e;
    }
    case Sym::NotOperator: return one_field(ExprKind::Not, g_.argument, {});
    case Sym::BinaryOperator: return pair_of(ExprKind::BinOp, g_.left, g_.right, text(field(n, g_.operator_)));
    case Sym::UnaryOperator: return one_field(ExprKind::UnaryOp, g_.argument, text(field(n, g_.operator_)));
    case Sym::Lambda: {
      Expr e = make(ExprKind::Lambda, n);
      TSNode params = field(n, g_.parameters);
      if (!ts_node_is_null(params))
        each_named(params, [&](TSNode p) {
          TSNode name = is(p, Sym::Identifier) ? p : field(p, g_.name);
          if (ts_node_is_null(name)) return;
          if (!e.text.empty()) e.text += ',';
          e.text += text(name);
        });
      e.children.reserve(1);
      e.children.push_back(expr(field(n, g_.body), depth + 1));
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
