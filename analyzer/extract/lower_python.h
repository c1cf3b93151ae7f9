// Lowers a tree-sitter-python tree into model::FileFacts (the typed syntax in
// model/syntax.h). This and parse/ are the only places that know grammar node
// names. Error-tolerant: ERROR/MISSING nodes are recorded as syntax errors and
// whatever parsed around them is still lowered. Nesting deeper than a fixed
// limit is lowered as ExprKind::Other so hostile input cannot exhaust the stack.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "analyzer/model/syntax.h"

struct TSParser;

namespace archverify::extract {

// Parses `source` with `parser` (a Python parser) and lowers it.
// `path` is the repo-relative path stamped on the result.
model::FileFacts lower_python(TSParser* parser, std::string path, std::string_view source);

// The same, lowering into `scratch` (a reusable arena, created when null) and
// handing it back reset for the next file; the facts get an exactly sized
// arena of their own (model::compact_syntax), cut from `slabs` when given. A
// worker keeps one scratch arena and one SyntaxSlabs for all its files, so
// lowering allocates almost nothing.
model::FileFacts lower_python(TSParser* parser, std::string path, std::string_view source,
                              std::unique_ptr<model::SyntaxArena>& scratch, model::SyntaxSlabs* slabs = nullptr);

// Convenience for tests and single files: makes its own parser.
model::FileFacts lower_python_source(std::string path, std::string_view source);

}  // namespace archverify::extract
