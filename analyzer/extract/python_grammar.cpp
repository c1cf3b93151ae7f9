// Symbol and field tables of the tree-sitter-python grammar (see python_grammar.h).
#include "analyzer/extract/python_grammar.h"

#include <cstring>
#include <string_view>
#include <utility>

#include "analyzer/parse/ts_handles.h"

namespace archverify::extract {

namespace {

constexpr std::pair<const char*, Sym> kNames[] = {
    {"identifier", Sym::Identifier}, {"type_conversion", Sym::TypeConversion}, {"attribute", Sym::Attribute},
    {"call", Sym::Call}, {"string", Sym::String}, {"concatenated_string", Sym::ConcatenatedString},
    {"integer", Sym::Integer}, {"float", Sym::Float}, {"true", Sym::True}, {"false", Sym::False},
    {"none", Sym::None}, {"ellipsis", Sym::Ellipsis}, {"parenthesized_expression", Sym::ParenthesizedExpression},
    {"type", Sym::Type}, {"list", Sym::List}, {"list_pattern", Sym::ListPattern}, {"tuple", Sym::Tuple},
    {"tuple_pattern", Sym::TuplePattern}, {"pattern_list", Sym::PatternList},
    {"expression_list", Sym::ExpressionList}, {"set", Sym::Set}, {"dictionary", Sym::Dictionary},
    {"pair", Sym::Pair}, {"subscript", Sym::Subscript}, {"generic_type", Sym::GenericType}, {"type_parameter", Sym::TypeParameter},
    {"comparison_operator", Sym::ComparisonOperator}, {"boolean_operator", Sym::BooleanOperator},
    {"not_operator", Sym::NotOperator}, {"binary_operator", Sym::BinaryOperator},
    {"unary_operator", Sym::UnaryOperator}, {"lambda", Sym::Lambda}, {"list_comprehension", Sym::ListComprehension},
    {"set_comprehension", Sym::SetComprehension}, {"dictionary_comprehension", Sym::DictionaryComprehension},
    {"generator_expression", Sym::GeneratorExpression}, {"await", Sym::Await},
    {"conditional_expression", Sym::ConditionalExpression}, {"list_splat", Sym::ListSplat},
    {"list_splat_pattern", Sym::ListSplatPattern}, {"dictionary_splat", Sym::DictionarySplat},
    {"dictionary_splat_pattern", Sym::DictionarySplatPattern}, {"named_expression", Sym::NamedExpression},
    {"keyword_argument", Sym::KeywordArgument}, {"slice", Sym::Slice}, {"string_start", Sym::StringStart},
    {"string_content", Sym::StringContent}, {"interpolation", Sym::Interpolation},
    {"for_in_clause", Sym::ForInClause}, {"if_clause", Sym::IfClause}, {"as_pattern", Sym::AsPattern},
    {"expression_statement", Sym::ExpressionStatement}, {"assignment", Sym::Assignment},
    {"augmented_assignment", Sym::AugmentedAssignment}, {"return_statement", Sym::ReturnStatement},
    {"raise_statement", Sym::RaiseStatement}, {"if_statement", Sym::IfStatement}, {"elif_clause", Sym::ElifClause},
    {"else_clause", Sym::ElseClause}, {"for_statement", Sym::ForStatement}, {"while_statement", Sym::WhileStatement},
    {"with_statement", Sym::WithStatement}, {"with_clause", Sym::WithClause}, {"with_item", Sym::WithItem},
    {"try_statement", Sym::TryStatement}, {"except_clause", Sym::ExceptClause},
    {"except_group_clause", Sym::ExceptGroupClause}, {"finally_clause", Sym::FinallyClause}, {"block", Sym::Block},
    {"decorated_definition", Sym::DecoratedDefinition}, {"decorator", Sym::Decorator},
    {"function_definition", Sym::FunctionDefinition}, {"class_definition", Sym::ClassDefinition},
    {"import_statement", Sym::ImportStatement}, {"import_from_statement", Sym::ImportFromStatement},
    {"future_import_statement", Sym::FutureImportStatement}, {"dotted_name", Sym::DottedName},
    {"aliased_import", Sym::AliasedImport}, {"relative_import", Sym::RelativeImport},
    {"import_prefix", Sym::ImportPrefix}, {"wildcard_import", Sym::WildcardImport},
    {"delete_statement", Sym::DeleteStatement}, {"assert_statement", Sym::AssertStatement},
    {"match_statement", Sym::MatchStatement}, {"case_clause", Sym::CaseClause}, {"pass_statement", Sym::PassStatement},
    {"break_statement", Sym::BreakStatement}, {"continue_statement", Sym::ContinueStatement},
    {"global_statement", Sym::GlobalStatement}, {"nonlocal_statement", Sym::NonlocalStatement},
    {"positional_separator", Sym::PositionalSeparator}, {"keyword_separator", Sym::KeywordSeparator},
    {"typed_parameter", Sym::TypedParameter}, {"default_parameter", Sym::DefaultParameter},
    {"typed_default_parameter", Sym::TypedDefaultParameter}, {"comment", Sym::Comment}, {"ERROR", Sym::Error},
    {"async", Sym::Async},
};

PythonGrammar build(const TSLanguage* lang) {
  PythonGrammar g;
  std::uint32_t count = ts_language_symbol_count(lang);
  g.by_symbol.assign(count, Sym::Unknown);
  g.statement_like.assign(count, false);
  for (std::uint32_t s = 0; s < count; ++s) {
    const char* name = ts_language_symbol_name(lang, static_cast<TSSymbol>(s));
    if (!name) continue;
    std::string_view n(name);
    for (const auto& [text, sym] : kNames)
      if (n == text) { g.by_symbol[s] = sym; break; }
    g.statement_like[s] = n.find("statement") != std::string_view::npos || n.find("definition") != std::string_view::npos;
  }
  auto field = [lang](const char* name) {
    return ts_language_field_id_for_name(lang, name, static_cast<std::uint32_t>(std::strlen(name)));
  };
  g.alias = field("alias");
  g.alternative = field("alternative");
  g.argument = field("argument");
  g.arguments = field("arguments");
  g.attribute = field("attribute");
  g.body = field("body");
  g.condition = field("condition");
  g.consequence = field("consequence");
  g.definition = field("definition");
  g.expression = field("expression");
  g.function = field("function");
  g.key = field("key");
  g.left = field("left");
  g.module_name = field("module_name");
  g.name = field("name");
  g.object = field("object");
  g.operator_ = field("operator");
  g.parameters = field("parameters");
  g.return_type = field("return_type");
  g.right = field("right");
  g.subject = field("subject");
  g.subscript = field("subscript");
  g.superclasses = field("superclasses");
  g.type = field("type");
  g.value = field("value");
  return g;
}

}  // namespace

const PythonGrammar& python_grammar() {
  static const PythonGrammar grammar = build(parse::python_language());
  return grammar;
}

}  // namespace archverify::extract
