// Creates Python parsers from the tree-sitter-python grammar compiled into ts_python.
#include "analyzer/parse/ts_handles.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace archverify::parse {

const TSLanguage* python_language() { return tree_sitter_python(); }

TsParser make_python_parser() {
  TsParser parser(ts_parser_new());
  if (!ts_parser_set_language(parser.get(), python_language())) return nullptr;
  return parser;
}

}  // namespace archverify::parse
