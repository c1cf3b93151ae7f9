// The tree-sitter-python grammar as the lowering sees it: node types mapped
// once per language from symbol ids to a small enum (no string compares per
// node), and the field ids the lowering asks for, resolved once by name. A
// node type the lowering does not name maps to Sym::Unknown. Only extract/
// includes this header.
#pragma once
#include <tree_sitter/api.h>

#include <cstdint>
#include <vector>

namespace archverify::extract {

enum class Sym : std::uint8_t {
  Unknown,
  // expressions
  Identifier, TypeConversion, Attribute, Call, String, ConcatenatedString, Integer, Float, True, False, None,
  Ellipsis, ParenthesizedExpression, Type, List, ListPattern, Tuple, TuplePattern, PatternList, ExpressionList,
  Set, Dictionary, Pair, Subscript, GenericType, ComparisonOperator, BooleanOperator, NotOperator, BinaryOperator,
  UnaryOperator, Lambda, ListComprehension, SetComprehension, DictionaryComprehension, GeneratorExpression, Await,
  ConditionalExpression, ListSplat, ListSplatPattern, DictionarySplat, DictionarySplatPattern, NamedExpression,
  KeywordArgument, Slice, StringStart, StringContent, Interpolation, ForInClause, IfClause, AsPattern,
  // statements and their parts
  ExpressionStatement, Assignment, AugmentedAssignment, ReturnStatement, RaiseStatement, IfStatement, ElifClause,
  ElseClause, ForStatement, WhileStatement, WithStatement, WithClause, WithItem, TryStatement, ExceptClause,
  ExceptGroupClause, FinallyClause, Block, DecoratedDefinition, Decorator, FunctionDefinition, ClassDefinition,
  ImportStatement, ImportFromStatement, FutureImportStatement, DottedName, AliasedImport, RelativeImport,
  ImportPrefix, WildcardImport, DeleteStatement, AssertStatement, MatchStatement, CaseClause, PassStatement,
  BreakStatement, ContinueStatement, GlobalStatement, NonlocalStatement, PositionalSeparator, KeywordSeparator,
  TypedParameter, DefaultParameter, TypedDefaultParameter, TypeParameter,
  // other
  Comment, Error, Async,
};

struct PythonGrammar {
  std::vector<Sym> by_symbol;         // TSSymbol → Sym
  std::vector<bool> statement_like;   // TSSymbol → type name contains "statement" or "definition"
  TSFieldId alias = 0, alternative = 0, argument = 0, arguments = 0, attribute = 0, body = 0, condition = 0,
            consequence = 0, definition = 0, expression = 0, function = 0, key = 0, left = 0, module_name = 0,
            name = 0, object = 0, operator_ = 0, parameters = 0, return_type = 0, right = 0, subject = 0,
            subscript = 0, superclasses = 0, type = 0, value = 0;

  Sym sym(TSNode n) const {
    if (ts_node_is_null(n)) return Sym::Unknown;
    TSSymbol s = ts_node_symbol(n);
    if (s < by_symbol.size()) return by_symbol[s];
    return s == static_cast<TSSymbol>(-1) ? Sym::Error : Sym::Unknown;  // ts_builtin_sym_error
  }
  bool is_statement_like(TSNode n) const {
    TSSymbol s = ts_node_symbol(n);
    return s < statement_like.size() && statement_like[s];
  }
};

// Built on first use for the tree-sitter-python language (thread-safe).
const PythonGrammar& python_grammar();

}  // namespace archverify::extract
