// RAII owners for tree-sitter objects (parser, tree). A TsParser is used by one
// thread at a time; trees are freed when their handle goes. Only parse/ and
// extract/ include this header.
#pragma once
#include <tree_sitter/api.h>

#include <memory>

namespace archverify::parse {

struct TsParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TsTreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
using TsParser = std::unique_ptr<TSParser, TsParserDeleter>;
using TsTree = std::unique_ptr<TSTree, TsTreeDeleter>;

// The tree-sitter-python language (grammar built from the npm package sources).
const TSLanguage* python_language();

// A parser for Python, or nullptr when the grammar's ABI does not fit the library.
TsParser make_python_parser();

}  // namespace archverify::parse
