// Encoder and bounds-checked decoder of model::FileFacts (see facts_codec.h).
#include "analyzer/cache/facts_codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "analyzer/core/byte_codec.h"
#include "analyzer/core/flat_map.h"
#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax_slabs.h"

namespace archverify::cache {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

namespace {

// Deeper than anything the lowering produces (it caps nesting at 256 levels of
// statements plus expressions); a deeper buffer is corrupt.
constexpr int kMaxNesting = 2048;

// The kind byte of an expression or statement carries its flags in the bits
// above the kind.
constexpr unsigned kExprPresent = 0x40;  // a span, a text and children follow
constexpr unsigned kExprFstring = 0x80;
constexpr unsigned kStmtAsync = 0x80;
static_assert(static_cast<unsigned>(ExprKind::Other) < kExprPresent &&
              static_cast<unsigned>(StmtKind::Other) < kStmtAsync);
// Nodes follow the text block from its next boundary of their alignment (4
// bytes: packed views): the arena sizes the writer computes from offset 0 hold
// there.
constexpr std::size_t kNodeAlign = std::max({alignof(Expr), alignof(Stmt), alignof(model::StmtExtra)});

// The arena a file's syntax needs: its text block, then its nodes from the
// next kNodeAlign boundary.
constexpr std::size_t arena_bytes(std::size_t text_bytes, std::size_t node_bytes) {
  return node_bytes == 0 ? text_bytes : (text_bytes + kNodeAlign - 1) / kNodeAlign * kNodeAlign + node_bytes;
}

// ---- writer ---------------------------------------------------------------

class Writer : public ByteWriter {
 public:
  explicit Writer(std::string& out) : ByteWriter(out) {}

  // What the decoder's arena needs for the nodes written so far (they follow
  // the text block, from an 8-byte boundary).
  std::size_t node_bytes() const { return arena_bytes_; }
  // The distinct texts of the nodes written so far, in order of first use
  // (one block in the arena).
  const std::string& texts() const { return texts_; }
  // A node's text, as a code: 0 for "", twice its length the first time it is
  // written (its bytes go to the text block), and twice its first use's number
  // plus one after that (the decoder views the first copy: a file names the
  // same few identifiers again and again).
  void arena_text(std::string_view t) {
    if (t.empty()) {
      u64(0);
      return;
    }
    if (const std::uint32_t* id = ids_.find(t)) {
      u64((std::uint64_t{*id} << 1) | 1);
      return;
    }
    ids_.insert(t, static_cast<std::uint32_t>(ids_.size()));
    u64(std::uint64_t{t.size()} << 1);
    texts_.append(t);
  }
  void pos(const Position& p) {
    u64(p.line);
    u64(p.column);
  }
  void begin(const Position& p) {
    const std::int64_t delta = static_cast<std::int64_t>(p.line) - static_cast<std::int64_t>(last_line_);
    u64((static_cast<std::uint64_t>(delta) << 1) ^ static_cast<std::uint64_t>(delta >> 63));
    u64(p.column);
    last_line_ = p.line;
  }
  // One byte for the kind and flags; an expression with no span, text or
  // children (the common absent one) is that byte alone.
  void expr(const Expr& e) {
    if (!e.is_fstring && e.text.empty() && e.children.empty() && e.span() == model::Span{}) {
      byte(static_cast<std::uint8_t>(e.kind));
      return;
    }
    byte(static_cast<std::uint8_t>(static_cast<unsigned>(e.kind) | kExprPresent | (e.is_fstring ? kExprFstring : 0u)));
    span_any(e.span());
    arena_text(e.text);
    // The decoder stores the child array, then each child: the same order.
    arena_bytes_ = model::SyntaxArena::after_array<Expr>(arena_bytes_, e.children.size());
    exprs(e.children);
  }
  void exprs(std::span<const Expr> v) {
    u64(v.size());
    for (const Expr& e : v) expr(e);
  }
  // A list the decoder puts in the arena: the array, then its elements.
  void arena_exprs(std::span<const Expr> v) {
    arena_bytes_ = model::SyntaxArena::after_array<Expr>(arena_bytes_, v.size());
    exprs(v);
  }

  // The decoder's order of arena allocations: the targets, the value's, a
  // StmtExtra (when the flag says there is one) and its parts, then the body
  // and the orelse.
  void stmt(const Stmt& s) {
    byte(static_cast<std::uint8_t>(static_cast<unsigned>(s.kind) | (s.is_async ? kStmtAsync : 0u)));
    span_any(s.span);
    arena_text(s.text);
    u64(s.index);
    arena_exprs(s.targets);
    expr(s.value);
    const bool extra = s.extra && !s.extra->empty();
    byte(extra ? 1 : 0);
    if (extra) {
      arena_bytes_ = model::SyntaxArena::after_array<model::StmtExtra>(arena_bytes_, 1);
      expr(s.extra->annotation);
      arena_exprs(s.extra->items);
      stmts(s.extra->handlers);
      stmts(s.extra->finalbody);
    }
    stmts(s.body);
    stmts(s.orelse);
  }
  void stmts(std::span<const Stmt> v) {
    u64(v.size());
    arena_bytes_ = model::SyntaxArena::after_array<Stmt>(arena_bytes_, v.size());
    for (const Stmt& s : v) stmt(s);
  }
  // A list of indices the decoder puts in the arena.
  void arena_indices(std::span<const std::uint32_t> v) {
    u64(v.size());
    arena_bytes_ = model::SyntaxArena::after_array<std::uint32_t>(arena_bytes_, v.size());
    for (std::uint32_t i : v) u64(i);
  }
  // Parameters in the arena: the array, then each one's name, kind,
  // annotation, default and span.
  void arena_params(std::span<const model::Param> v) {
    u64(v.size());
    arena_bytes_ = model::SyntaxArena::after_array<model::Param>(arena_bytes_, v.size());
    for (const model::Param& p : v) {
      arena_text(p.name);
      byte(static_cast<std::uint8_t>(p.kind));
      expr(p.annotation);
      expr(p.default_value);
      span_any(p.span);
    }
  }
  // A span whose end may precede its begin (never from the lowering, but the
  // encoding must round-trip any value): a flag byte picks the form.
  //
  // The begin line is written as the (zigzag) difference from the previous
  // span's begin line: spans come in source order, so it is nearly always one
  // byte. The decoder reads spans in the same order and undoes it.
  void span_any(const model::Span& s) {
    begin(s.begin);
    if (s.begin <= s.end && s.begin.line <= s.end.line) {
      u64(s.end.line - s.begin.line);
      u64(s.end.column);
    } else {
      // A line delta no real span has (2^32) marks the explicit form.
      u64(std::uint64_t{1} << 32);
      pos(s.end);
    }
  }

 private:
  std::size_t arena_bytes_ = 0;
  std::string texts_;
  FlatMap<std::string_view, std::uint32_t, StringHash> ids_;  // text → number of its first use
  std::uint32_t last_line_ = 0;  // begin line of the previous span
};

// ---- reader ---------------------------------------------------------------

class Reader : public ByteReader {
 public:
  // `seen` (emptied here) collects the distinct texts as they are first taken.
  Reader(std::string_view in, model::SyntaxArena& arena, std::string_view texts, std::vector<std::string_view>& seen)
      : ByteReader(in), arena_(arena), texts_(texts), seen_(seen) {
    seen_.clear();
  }

  // Every text of the block was taken.
  bool texts_done() const { return texts_.empty(); }
  // A node's text (Writer::arena_text's code): the next bytes of the text
  // block (in the arena), or an earlier text again.
  void arena_text(std::string_view& s) { text_of(u64(), s); }
  void text_of(std::uint64_t code, std::string_view& s) {
    s = {};
    if (code == 0) return;
    const std::uint64_t n = code >> 1;
    if (code & 1) {
      if (n >= seen_.size()) { fail(); return; }
      s = seen_[static_cast<std::size_t>(n)];
      return;
    }
    if (n > texts_.size()) { fail(); return; }
    s = texts_.substr(0, static_cast<std::size_t>(n));
    texts_.remove_prefix(static_cast<std::size_t>(n));
    seen_.push_back(s);
  }
  void arena_text(model::ArenaText& s) {
    std::string_view view;
    arena_text(view);
    s = view;
  }
  void pos(Position& p) {
    p.line = u32();
    p.column = u32();
  }
  void begin(Position& p) {
    const std::uint64_t zigzag = u64();
    const std::int64_t delta = static_cast<std::int64_t>(zigzag >> 1) ^ -static_cast<std::int64_t>(zigzag & 1);
    const std::int64_t line = static_cast<std::int64_t>(last_line_) + delta;
    if (line < 0 || line > 0xffffffffll) { fail(); return; }
    p.line = last_line_ = static_cast<std::uint32_t>(line);
    p.column = u32();
  }
  // Most spans are four one-byte integers (begin line delta, begin column,
  // line count, end column): those are read in one go here, inline; the rest
  // take the general path.
  [[gnu::always_inline]] void span_any(model::Span& s) {
    if (end_ - p_ >= 4 && (word_at(0) & 0x80808080u) == 0) {
      short_span(s);
      return;
    }
    span_general(s);
  }
  // Four bytes from p_ + at (at least at + 4 bytes left), in memory order.
  std::uint32_t word_at(std::size_t at) const {
    std::uint32_t word;
    std::memcpy(&word, p_ + at, 4);
    return word;
  }
  // The four one-byte fields of a span at p_ (the caller checked them).
  [[gnu::always_inline]] void short_span(model::Span& s) {
    const std::int64_t delta = static_cast<std::int64_t>(p_[0] >> 1) ^ -static_cast<std::int64_t>(p_[0] & 1);
    const std::int64_t line = static_cast<std::int64_t>(last_line_) + delta;
    const std::uint64_t end_line = static_cast<std::uint64_t>(line) + p_[2];
    if (line < 0 || end_line > 0xffffffffull) { fail(); return; }
    s.begin.line = last_line_ = static_cast<std::uint32_t>(line);
    s.begin.column = p_[1];
    s.end.line = static_cast<std::uint32_t>(end_line);
    s.end.column = p_[3];
    p_ += 4;
  }
  [[gnu::noinline]] void span_general(model::Span& s) {
    begin(s.begin);
    std::uint64_t delta = u64();
    if (delta == (std::uint64_t{1} << 32)) {
      pos(s.end);
      return;
    }
    std::uint64_t line = s.begin.line + delta;
    if (line > 0xffffffffu) { fail(); return; }
    s.end.line = static_cast<std::uint32_t>(line);
    s.end.column = u32();
  }

  void expr(Expr& e, int depth) {
    if (depth > kMaxNesting) { fail(); return; }
    const unsigned head = byte();
    const unsigned kind = head & (kExprPresent - 1);
    if (kind > static_cast<unsigned>(ExprKind::Other)) { fail(); return; }
    if (!(head & kExprPresent)) {  // no span, text or children
      if (head != kind) { fail(); return; }
      e = Expr{};
      e.kind = static_cast<ExprKind>(kind);
      return;
    }
    // The span, text and children are assigned below (a failed read may leave
    // the span unset: a failed decode's facts are dropped unread).
    e.kind = static_cast<ExprKind>(kind);
    e.is_fstring = (head & kExprFstring) != 0;
    // Most expressions are a short span, a one-byte text code and fewer
    // than 128 children: six one-byte fields, read here in one go.
    if (end_ - p_ >= 6 && ((word_at(0) | word_at(2)) & 0x80808080u) == 0) {
      const std::size_t code = p_[4], n = p_[5];
      model::Span span;
      short_span(span);
      if (!ok_) return;  // fail() left p_ at the end
      e.set_span(span);
      p_ += 2;
      if (n > left()) { fail(); return; }
      std::string_view text;
      text_of(code, text);
      if (!ok_) return;
      e.text = text;
      e.children = model::ArenaList<Expr>();
      if (n == 0) return;
      Expr* v = arena_.allocate_uninitialized<Expr>(n);  // each is assigned by expr()
      e.children = std::span<const Expr>(v, n);
      for (std::size_t i = 0; i < n && ok_; ++i) expr(v[i], depth + 1);
      return;
    }
    model::Span span;
    span_any(span);
    e.set_span(span);
    arena_text(e.text);
    arena_exprs(e.children, depth + 1);  // its size is known before its elements
  }
  // A list stored in the arena (child lists, statement blocks and targets,
  // `with` items): the count, the array, then each element. Every element
  // takes at least `min_bytes` encoded bytes.
  template <typename T>
  void arena_list(std::span<const T>& out, std::size_t min_bytes, int depth) {
    out = {};
    std::size_t n = count(min_bytes);
    if (!ok_ || n == 0) return;
    T* v = arena_.allocate_uninitialized<T>(n);  // each is assigned by item()
    out = std::span<const T>(v, n);
    for (std::size_t i = 0; i < n; ++i) {
      item(v[i], depth);
      if (!ok_) return;
    }
  }
  template <typename T>
  void arena_list(model::ArenaList<T>& out, std::size_t min_bytes, int depth) {
    std::span<const T> items;
    arena_list(items, min_bytes, depth);
    out = items;
  }
  void item(Expr& e, int depth) { expr(e, depth); }
  void item(Stmt& s, int depth) { stmt(s, depth); }
  void item(std::uint32_t& i, int) { i = u32(); }
  void item(model::Param& p, int depth) {
    p = model::Param{};
    arena_text(p.name);
    const std::uint8_t kind = byte();
    if (kind > static_cast<std::uint8_t>(model::ParamKind::VarKwargs)) { fail(); return; }
    p.kind = static_cast<model::ParamKind>(kind);
    expr(p.annotation, depth);
    expr(p.default_value, depth);
    span_any(p.span);
  }
  void arena_exprs(model::ArenaList<Expr>& out, int depth) { arena_list(out, 1, depth); }
  void stmt(Stmt& s, int depth) {
    s = Stmt{};
    if (depth > kMaxNesting) { fail(); return; }
    const unsigned head = byte();
    const unsigned kind = head & ~kStmtAsync;
    if (kind > static_cast<unsigned>(StmtKind::Other)) { fail(); return; }
    s.kind = static_cast<StmtKind>(kind);
    s.is_async = (head & kStmtAsync) != 0;
    span_any(s.span);
    arena_text(s.text);
    s.index = u32();
    arena_exprs(s.targets, depth + 1);
    expr(s.value, depth + 1);
    std::uint8_t extra = byte();
    if (extra > 1) { fail(); return; }
    if (extra == 1) {
      model::StmtExtra* x = arena_.allocate_array<model::StmtExtra>(1);
      expr(x->annotation, depth + 1);
      arena_exprs(x->items, depth + 1);
      stmts(x->handlers, depth + 1);
      stmts(x->finalbody, depth + 1);
      if (x->empty()) { fail(); return; }  // the encoder writes none rather than an empty one
      s.extra = x;
    }
    stmts(s.body, depth + 1);
    stmts(s.orelse, depth + 1);
  }
  // The smallest encoded statement: kind, a four-byte span, text length,
  // index, target count, an absent value (1), extra flag, two block counts.
  static constexpr std::size_t kMinStmtBytes = 12;
  void stmts(std::span<const Stmt>& out, int depth) { arena_list(out, kMinStmtBytes, depth); }
  void stmts(model::ArenaList<Stmt>& out, int depth) { arena_list(out, kMinStmtBytes, depth); }
  // The smallest encoded parameter: name length, kind, two absent
  // expressions, a four-byte span.
  static constexpr std::size_t kMinParamBytes = 8;

 private:
  model::SyntaxArena& arena_;
  std::string_view texts_;       // what is left of the text block
  std::vector<std::string_view>& seen_;  // the block's texts taken so far, in order
  std::uint32_t last_line_ = 0;  // begin line of the previous span
};

// Cross-references a rule or resolver will follow without checking: statement
// indices into functions/classes/imports, owner and parent indices, methods.
bool indices_valid(const model::FileFacts& f) {
  const std::size_t nf = f.functions.size(), nc = f.classes.size(), ni = f.imports.size();
  auto opt_in = [](std::uint32_t i, std::size_t n) { return i == model::kNoIndex || i < n; };
  bool ok = true;
  auto check = [&](std::span<const Stmt> body) {
    model::visit_statements(body, [&](const Stmt& s) {
      if (s.kind == StmtKind::FunctionDef && s.index >= nf) ok = false;
      if (s.kind == StmtKind::ClassDef && s.index >= nc) ok = false;
      if (s.kind == StmtKind::Import) {
        // text is the entry count, in decimal (resolve/ parses it)
        std::uint64_t count = 0;
        if (s.text.empty() || s.text.size() > 9) ok = false;
        for (char c : s.text) {
          if (c < '0' || c > '9') { ok = false; break; }
          count = count * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (s.index > ni || count > ni - s.index) ok = false;
      }
    });
  };
  check(f.body);
  for (const model::Function& fn : f.functions) {
    if (!opt_in(fn.owner_class, nc) || !opt_in(fn.parent_function, nf)) return false;
    check(fn.body);
  }
  for (const model::Class& c : f.classes) {
    if (!opt_in(c.owner_class, nc) || !opt_in(c.parent_function, nf)) return false;
    for (std::uint32_t m : c.methods)
      if (m >= nf) return false;
    check(c.body);
  }
  return ok;
}

}  // namespace

void encode_facts(const model::FileFacts& f, std::string& out) {
  Writer w(out);
  w.u64(f.line_count);
  w.u64(f.byte_size);
  w.u64(f.syntax_errors.size());
  for (const model::Span& s : f.syntax_errors) w.span_any(s);
  w.stmts(f.body);
  w.u64(f.functions.size());
  for (const model::Function& fn : f.functions) {
    w.arena_text(fn.name);
    w.arena_text(fn.qualname);
    w.byte(fn.is_async ? 1 : 0);
    w.u64(fn.owner_class);
    w.u64(fn.parent_function);
    w.arena_exprs(fn.decorators);
    w.arena_params(fn.params);
    w.expr(fn.returns);
    w.stmts(fn.body);
    w.byte(fn.features);
    w.span_any(fn.span);
    w.span_any(fn.name_span);
  }
  w.u64(f.classes.size());
  for (const model::Class& c : f.classes) {
    w.arena_text(c.name);
    w.arena_text(c.qualname);
    w.u64(c.parent_function);
    w.u64(c.owner_class);
    w.arena_exprs(c.bases);
    w.arena_exprs(c.keywords);
    w.arena_exprs(c.decorators);
    w.stmts(c.body);
    w.arena_indices(c.methods);
    w.span_any(c.span);
    w.span_any(c.name_span);
  }
  w.u64(f.imports.size());
  for (const model::Import& i : f.imports) {
    w.arena_text(i.module);
    w.arena_text(i.name);
    w.arena_text(i.alias);
    w.u64(i.level);
    w.byte(i.in_function ? 1 : 0);
    w.span_any(i.span);
  }
  w.u64(f.directives.size());
  for (const model::DirectiveComment& d : f.directives) {
    w.span_any(d.span);
    w.str(d.text);
    w.byte(d.own_line ? 1 : 0);
  }
  // The text block, then a trailer: its size and the arena's, so the decoder
  // sizes the arena once and copies every text in at once.
  const std::string& texts = w.texts();
  w.raw(texts);
  w.fixed64(texts.size());
  w.fixed64(arena_bytes(texts.size(), w.node_bytes()));
}

bool decode_facts(std::string_view bytes, model::FileFacts& f, model::SyntaxSlabs* slabs) {
  // The trailer: the text block's size and the arena's. An encoded Expr takes
  // at least 1 byte and at most sizeof(Expr) of the arena besides its text,
  // an encoded Stmt at least 12 and at most sizeof(Stmt) + sizeof(StmtExtra)
  // besides its text, so a claim above sizeof(Stmt) per byte is corrupt (and
  // must not make us allocate wildly).
  if (bytes.size() < 16) return false;
  auto fixed64_at = [&bytes](std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
    return v;
  };
  const std::uint64_t text_bytes = fixed64_at(bytes.size() - 16), total = fixed64_at(bytes.size() - 8);
  bytes.remove_suffix(16);
  if (text_bytes > bytes.size()) return false;
  const auto text_size = static_cast<std::size_t>(text_bytes);
  const std::string_view text_block = bytes.substr(bytes.size() - text_size);
  bytes.remove_suffix(text_size);
  static_assert(sizeof(Stmt) + sizeof(model::StmtExtra) <= 12 * sizeof(Stmt) && sizeof(Expr) <= sizeof(Stmt));
  const std::size_t nodes_at = arena_bytes(text_size, 0);
  if (total < nodes_at || total - nodes_at > (bytes.size() + 1) * sizeof(Stmt)) return false;
  if (slabs) f.arena_storage = slabs->arena(static_cast<std::size_t>(total));
  model::SyntaxArena& arena = f.arena(static_cast<std::size_t>(total));
  std::string_view texts;
  if (text_size != 0) {
    char* block = reinterpret_cast<char*>(arena.allocate_bytes(text_size, 1));
    std::memcpy(block, text_block.data(), text_size);
    texts = {block, text_size};
  }
  thread_local std::vector<std::string_view> seen;  // reused file after file
  Reader r(bytes, arena, texts, seen);
  auto flag = [&r]() {
    std::uint8_t b = r.byte();
    if (b > 1) r.fail();
    return b == 1;
  };
  f.line_count = r.u32();
  f.byte_size = r.u64();
  f.syntax_errors.resize(r.count(4));
  for (model::Span& s : f.syntax_errors) r.span_any(s);
  r.stmts(f.body, 0);
  f.functions.resize(r.count(8));
  for (model::Function& fn : f.functions) {
    if (!r.ok()) return false;
    r.arena_text(fn.name);
    r.arena_text(fn.qualname);
    fn.is_async = flag();
    fn.owner_class = r.u32();
    fn.parent_function = r.u32();
    r.arena_exprs(fn.decorators, 0);
    r.arena_list(fn.params, Reader::kMinParamBytes, 0);
    r.expr(fn.returns, 0);
    r.stmts(fn.body, 0);
    fn.features = r.byte();
    if (fn.features > model::kAllBodyFeatures) return false;
    r.span_any(fn.span);
    r.span_any(fn.name_span);
  }
  f.classes.resize(r.count(8));
  for (model::Class& c : f.classes) {
    if (!r.ok()) return false;
    r.arena_text(c.name);
    r.arena_text(c.qualname);
    c.parent_function = r.u32();
    c.owner_class = r.u32();
    r.arena_exprs(c.bases, 0);
    r.arena_exprs(c.keywords, 0);
    r.arena_exprs(c.decorators, 0);
    r.stmts(c.body, 0);
    r.arena_list(c.methods, 1, 0);
    r.span_any(c.span);
    r.span_any(c.name_span);
  }
  f.imports.resize(r.count(8));
  for (model::Import& i : f.imports) {
    if (!r.ok()) return false;
    r.arena_text(i.module);
    r.arena_text(i.name);
    r.arena_text(i.alias);
    i.level = r.u32();
    i.in_function = flag();
    r.span_any(i.span);
  }
  f.directives.resize(r.count(6));
  for (model::DirectiveComment& d : f.directives) {
    if (!r.ok()) return false;
    r.span_any(d.span);
    r.str(d.text);
    d.own_line = flag();
  }
  return r.ok() && r.at_end() && r.texts_done() && indices_valid(f);
}

}  // namespace archverify::cache
