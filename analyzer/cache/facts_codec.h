// Binary encoding of one file's lowered syntax (model::FileFacts) for the
// on-disk facts cache. The encoding is compact (LEB128 integers, length-
// prefixed strings, no padding) and the decoder trusts nothing: every read is
// bounds-checked, every count is checked against the bytes left, enum values
// are range-checked and nesting is capped, so a corrupted or truncated buffer
// makes decode_facts return false instead of crashing or allocating wildly.
// The path is not encoded (an entry is keyed by content, the caller stamps the
// path). The distinct texts of all statements and expressions come as one
// block after the rest, copied into the arena (model::SyntaxArena) at once
// (a repeated name is stored once and viewed by every node that has it), and a fixed
// 16-byte trailer gives that block's size and how many arena bytes the syntax
// needs, so decoding allocates its storage once. No tree-sitter here: the
// cache sits between extract/ and the model.
#pragma once
#include <string>
#include <string_view>

#include "analyzer/model/syntax.h"

namespace archverify::cache {

// Bumped whenever the encoding or the meaning of any lowered field changes.
// 2: arena-size trailer; 3: begin lines as deltas; 4: statements in the arena;
// 5: Function::has_iteration; 6: Function::features; 7: node texts in one
// block, kind and flags in one byte; 8: packed nodes (the arena-size trailer
// counts 44-byte expressions and 124-byte statements); 9: names, parameters,
// decorators, bases, keywords and methods of functions, classes and imports
// in the arena (texts in the block, lists counted in the trailer); 10: each
// distinct text once in the block, repeats as references to its first use
// (and the trailer counts 36-byte expressions and 96-byte statements); 11:
// the trailer counts 32-byte expressions and 92-byte statements (compact
// expression spans)
inline constexpr unsigned kFactsFormatVersion = 11;

// Appends the encoding of `facts` (all fields but `path`) to `out`.
void encode_facts(const model::FileFacts& facts, std::string& out);

// Decodes a buffer written by encode_facts into `out` (path left untouched),
// whose syntax arena is cut from `slabs` when given. Returns false, leaving
// `out` in an unspecified but valid state, when the buffer is malformed in any
// way, including trailing bytes.
bool decode_facts(std::string_view bytes, model::FileFacts& out, model::SyntaxSlabs* slabs = nullptr);

}  // namespace archverify::cache
