// Binary encoding of one file's lowered syntax (model::FileFacts) for the
// on-disk facts cache. The encoding is compact (LEB128 integers, length-
// prefixed strings, no padding) and the decoder trusts nothing: every read is
// bounds-checked, every count is checked against the bytes left, enum values
// are range-checked and nesting is capped, so a corrupted or truncated buffer
// makes decode_facts return false instead of crashing or allocating wildly.
// The path is not encoded (an entry is keyed by content, the caller stamps the
// path). A fixed 8-byte trailer says how many arena bytes (model::SyntaxArena)
// the statements and expressions need, so decoding allocates their storage once. No
// tree-sitter here: the cache sits between extract/ and the model.
#pragma once
#include <string>
#include <string_view>

#include "analyzer/model/syntax.h"

namespace archverify::cache {

// Bumped whenever the encoding or the meaning of any lowered field changes.
// 2: arena-size trailer; 3: begin lines as deltas; 4: statements in the arena;
// 5: Function::has_iteration; 6: Function::features
inline constexpr unsigned kFactsFormatVersion = 6;

// Appends the encoding of `facts` (all fields but `path`) to `out`.
void encode_facts(const model::FileFacts& facts, std::string& out);

// Decodes a buffer written by encode_facts into `out` (path left untouched),
// whose syntax arena is cut from `slabs` when given. Returns false, leaving
// `out` in an unspecified but valid state, when the buffer is malformed in any
// way, including trailing bytes.
bool decode_facts(std::string_view bytes, model::FileFacts& out, model::SyntaxSlabs* slabs = nullptr);

}  // namespace archverify::cache
