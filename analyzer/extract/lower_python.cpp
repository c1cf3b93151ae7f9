// Tree-sitter → model::FileFacts. One recursive pass over the tree (lower_expr.cpp,
// lower_stmt.cpp); here: the entry points, positions, syntax errors, the
// cursor stack, and the directive comments, found by one scan of the source
// text for "archverify:" (the tree is only asked whether a candidate '#' starts
// a comment, so a '#' inside a string never counts).
#include "analyzer/extract/lower_python.h"

#include <tree_sitter/api.h>

#include "analyzer/core/ascii.h"
#include "analyzer/extract/lowerer.h"
#include "analyzer/parse/source_text.h"
#include "analyzer/parse/ts_handles.h"

namespace archverify::extract {

Lowerer::Lowerer(std::string_view src, model::FileFacts& out)
    : g_(python_grammar()), src_(src), out_(out), arena_(out.arena(kScratchArenaChunk)) {
  // Columns count code points: only lines with non-ASCII bytes need counting.
  if (!ascii::is_ascii(src_)) {
    non_ascii_line_.push_back(0);
    for (char c : src_) {
      if (c == '\n') non_ascii_line_.push_back(0);
      else if (static_cast<unsigned char>(c) >= 0x80) non_ascii_line_.back() = 1;
    }
  }
}

Lowerer::~Lowerer() {
  for (TSTreeCursor& c : cursors_) ts_tree_cursor_delete(&c);
}

TSTreeCursor* Lowerer::acquire_cursor(TSNode n) {
  if (cursor_level_ == cursors_.size()) {
    cursors_.push_back(ts_tree_cursor_new(n));
  } else {
    ts_tree_cursor_reset(&cursors_[cursor_level_], n);
  }
  return &cursors_[cursor_level_++];
}

void Lowerer::lower_module(TSNode root) {
  collect_errors(root);
  out_.body = block_statements(root, 0);
  collect_directives(root);
}

Position Lowerer::pos(TSPoint p, std::uint32_t byte) const {
  if (non_ascii_line_.empty() || p.row >= non_ascii_line_.size() || !non_ascii_line_[p.row])
    return Position{p.row + 1, p.column + 1};
  std::uint32_t line_start = byte >= p.column ? byte - p.column : 0;
  std::uint32_t cps = 0;
  for (std::uint32_t i = line_start; i < byte && i < src_.size(); ++i)
    if ((static_cast<unsigned char>(src_[i]) & 0xC0) != 0x80) ++cps;
  return Position{p.row + 1, cps + 1};
}

void Lowerer::collect_errors(TSNode n) {
  if (!ts_node_has_error(n)) return;
  if (is(n, Sym::Error) || ts_node_is_missing(n)) {
    if (out_.syntax_errors.size() < kMaxSyntaxErrors) out_.syntax_errors.push_back(span(n));
    return;
  }
  each_child(n, [&](TSNode c) { collect_errors(c); });
}

void Lowerer::collect_directives(TSNode root) {
  static constexpr std::string_view kNeedle = "archverify:";
  std::size_t at = 0;
  std::size_t last_comment_end = 0;  // one comment per line: skip the rest of one already noted
  while ((at = src_.find(kNeedle, at)) != std::string_view::npos) {
    std::size_t line_start = src_.rfind('\n', at);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    std::size_t from = std::max(line_start, last_comment_end);
    // The comment holding the directive starts at some '#' before it on this
    // line: the first such '#' the tree calls a comment.
    for (std::size_t hash = src_.find('#', from); hash != std::string_view::npos && hash < at;
         hash = src_.find('#', hash + 1)) {
      auto b = static_cast<std::uint32_t>(hash);
      TSNode c = ts_node_descendant_for_byte_range(root, b, b + 1);
      if (!is(c, Sym::Comment) || ts_node_start_byte(c) != b) continue;
      if (ts_node_end_byte(c) > at) {
        note_comment(c);
        last_comment_end = ts_node_end_byte(c);
      }
      break;
    }
    at += kNeedle.size();
  }
}

void Lowerer::note_comment(TSNode c) {
  std::string_view t = text(c);
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

model::FileFacts lower_python(TSParser* parser, std::string path, std::string_view source,
                              std::unique_ptr<model::SyntaxArena>& scratch, model::SyntaxSlabs* slabs) {
  model::FileFacts facts;
  facts.path = std::move(path);
  facts.byte_size = source.size();
  facts.line_count = parse::count_lines(source);
  parse::TsTree tree(ts_parser_parse_string(parser, nullptr, source.data(), static_cast<std::uint32_t>(source.size())));
  if (!tree) return facts;
  if (!scratch) scratch = std::make_unique<model::SyntaxArena>(kScratchArenaChunk);
  facts.arena_storage = std::move(scratch);
  {
    Lowerer lowerer(source, facts);
    lowerer.lower_module(ts_tree_root_node(tree.get()));
  }
  scratch = model::compact_syntax(facts, slabs);
  if (scratch) scratch->reset();
  for (model::Function& fn : facts.functions) fn.features = model::body_features(fn.body);
  return facts;
}

model::FileFacts lower_python(TSParser* parser, std::string path, std::string_view source) {
  std::unique_ptr<model::SyntaxArena> scratch;
  return lower_python(parser, std::move(path), source, scratch);
}

model::FileFacts lower_python_source(std::string path, std::string_view source) {
  parse::TsParser parser = parse::make_python_parser();
  return lower_python(parser.get(), std::move(path), source);
}

}  // namespace archverify::extract
