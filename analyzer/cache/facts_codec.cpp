// Encoder and bounds-checked decoder of model::FileFacts (see facts_codec.h).
#include "analyzer/cache/facts_codec.h"

#include <cstdint>
#include <cstring>
#include <span>

#include "analyzer/core/byte_codec.h"
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

// ---- writer ---------------------------------------------------------------

class Writer : public ByteWriter {
 public:
  explicit Writer(std::string& out) : ByteWriter(out) {}

  // The arena the decoder will need for what was written so far.
  std::size_t arena_bytes() const { return arena_bytes_; }
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
  void expr(const Expr& e) {
    byte(static_cast<std::uint8_t>(e.kind));
    if (e.kind == ExprKind::Empty && e.text.empty() && e.children.empty() && e.span == model::Span{} && !e.is_fstring) {
      byte(0);  // the common absent expression: kind + flags only
      return;
    }
    byte(static_cast<std::uint8_t>(1u | (e.is_fstring ? 2u : 0u)));
    span_any(e.span);
    str(e.text);
    // The decoder stores the text, then the child array, then each child: the same order.
    arena_bytes_ = model::SyntaxArena::after_text(arena_bytes_, e.text.size());
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

  // The decoder's order of arena allocations: the text, the targets, the
  // value's, a StmtExtra (when the flag says there is one) and its parts,
  // then the body and the orelse.
  void stmt(const Stmt& s) {
    byte(static_cast<std::uint8_t>(s.kind));
    byte(s.is_async ? 1 : 0);
    span_any(s.span);
    str(s.text);
    arena_bytes_ = model::SyntaxArena::after_text(arena_bytes_, s.text.size());
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
  void indices(const std::vector<std::uint32_t>& v) {
    u64(v.size());
    for (std::uint32_t i : v) u64(i);
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
  std::uint32_t last_line_ = 0;  // begin line of the previous span
};

// ---- reader ---------------------------------------------------------------

class Reader : public ByteReader {
 public:
  Reader(std::string_view in, model::SyntaxArena& arena) : ByteReader(in), arena_(arena) {}

  using ByteReader::str;
  // A string stored in the arena (Expr text).
  void str(std::string_view& s) {
    const std::string_view bytes = view();
    s = ok_ ? arena_.store(bytes) : std::string_view{};
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
    if (end_ - p_ >= 4) {
      std::uint32_t word;
      std::memcpy(&word, p_, 4);
      if ((word & 0x80808080u) == 0) {
        const std::int64_t delta = static_cast<std::int64_t>(p_[0] >> 1) ^ -static_cast<std::int64_t>(p_[0] & 1);
        const std::int64_t line = static_cast<std::int64_t>(last_line_) + delta;
        const std::uint64_t end_line = static_cast<std::uint64_t>(line) + p_[2];
        if (line < 0 || end_line > 0xffffffffull) { fail(); return; }
        s.begin.line = last_line_ = static_cast<std::uint32_t>(line);
        s.begin.column = p_[1];
        s.end.line = static_cast<std::uint32_t>(end_line);
        s.end.column = p_[3];
        p_ += 4;
        return;
      }
    }
    span_general(s);
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
    std::uint8_t kind = byte();
    if (kind > static_cast<std::uint8_t>(ExprKind::Other)) { fail(); return; }
    std::uint8_t flags = byte();
    if (flags == 0) {  // the absent expression
      e = Expr{};
      e.kind = static_cast<ExprKind>(kind);
      return;
    }
    if (flags > 3 || !(flags & 1u)) { fail(); return; }
    // The span, text and children are assigned below (a failed read may leave
    // the span unset: a failed decode's facts are dropped unread).
    e.kind = static_cast<ExprKind>(kind);
    e.is_fstring = (flags & 2u) != 0;
    span_any(e.span);
    str(e.text);
    arena_exprs(e.children, depth + 1);  // its size is known before its elements
  }
  void exprs(std::vector<Expr>& v, int depth) {
    std::size_t n = count(2);
    if (!ok_) return;
    v.resize(n);
    for (Expr& e : v) {
      expr(e, depth);
      if (!ok_) return;
    }
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
  void item(Expr& e, int depth) { expr(e, depth); }
  void item(Stmt& s, int depth) { stmt(s, depth); }
  void arena_exprs(std::span<const Expr>& out, int depth) { arena_list(out, 2, depth); }
  void stmt(Stmt& s, int depth) {
    s = Stmt{};
    if (depth > kMaxNesting) { fail(); return; }
    std::uint8_t kind = byte();
    if (kind > static_cast<std::uint8_t>(StmtKind::Other)) { fail(); return; }
    s.kind = static_cast<StmtKind>(kind);
    std::uint8_t async = byte();
    if (async > 1) { fail(); return; }
    s.is_async = async == 1;
    span_any(s.span);
    str(s.text);
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
  // The smallest encoded statement: kind, flag, a four-byte span, text length,
  // index, target count, an absent value (2), extra flag, two block counts.
  static constexpr std::size_t kMinStmtBytes = 14;
  void stmts(std::span<const Stmt>& out, int depth) { arena_list(out, kMinStmtBytes, depth); }
  void indices(std::vector<std::uint32_t>& v) {
    std::size_t n = count(1);
    if (!ok_) return;
    v.resize(n);
    for (std::uint32_t& i : v) i = u32();
  }

 private:
  model::SyntaxArena& arena_;
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
    w.str(fn.name);
    w.str(fn.qualname);
    w.byte(fn.is_async ? 1 : 0);
    w.u64(fn.owner_class);
    w.u64(fn.parent_function);
    w.exprs(fn.decorators);
    w.u64(fn.params.size());
    for (const model::Param& p : fn.params) {
      w.str(p.name);
      w.byte(static_cast<std::uint8_t>(p.kind));
      w.expr(p.annotation);
      w.expr(p.default_value);
      w.span_any(p.span);
    }
    w.expr(fn.returns);
    w.stmts(fn.body);
    w.byte(fn.features);
    w.span_any(fn.span);
    w.span_any(fn.name_span);
  }
  w.u64(f.classes.size());
  for (const model::Class& c : f.classes) {
    w.str(c.name);
    w.str(c.qualname);
    w.u64(c.parent_function);
    w.u64(c.owner_class);
    w.exprs(c.bases);
    w.exprs(c.keywords);
    w.exprs(c.decorators);
    w.stmts(c.body);
    w.indices(c.methods);
    w.span_any(c.span);
    w.span_any(c.name_span);
  }
  w.u64(f.imports.size());
  for (const model::Import& i : f.imports) {
    w.str(i.module);
    w.str(i.name);
    w.str(i.alias);
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
  w.fixed64(w.arena_bytes());  // a trailer, so the decoder can size the arena once
}

bool decode_facts(std::string_view bytes, model::FileFacts& f, model::SyntaxSlabs* slabs) {
  // The trailer: how many arena bytes the syntax needs. An encoded Expr takes
  // at least 2 bytes and at most sizeof(Expr) plus its text in the arena, an
  // encoded Stmt at least 14 and at most sizeof(Stmt) + sizeof(StmtExtra) plus
  // its text, so a claim above sizeof(Stmt) per byte is corrupt (and must not
  // make us allocate wildly).
  if (bytes.size() < 8) return false;
  std::uint64_t arena_bytes = 0;
  for (int i = 0; i < 8; ++i)
    arena_bytes |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[bytes.size() - 8 + i])) << (8 * i);
  bytes.remove_suffix(8);
  static_assert(sizeof(Stmt) + sizeof(model::StmtExtra) <= 14 * sizeof(Stmt) && sizeof(Expr) <= 2 * sizeof(Stmt));
  if (arena_bytes > (bytes.size() + 1) * sizeof(Stmt)) return false;
  if (slabs) f.arena_storage = slabs->arena(static_cast<std::size_t>(arena_bytes));
  Reader r(bytes, f.arena(static_cast<std::size_t>(arena_bytes)));
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
    r.str(fn.name);
    r.str(fn.qualname);
    fn.is_async = flag();
    fn.owner_class = r.u32();
    fn.parent_function = r.u32();
    r.exprs(fn.decorators, 0);
    fn.params.resize(r.count(8));
    for (model::Param& p : fn.params) {
      if (!r.ok()) return false;
      r.str(p.name);
      std::uint8_t kind = r.byte();
      if (kind > static_cast<std::uint8_t>(model::ParamKind::VarKwargs)) return false;
      p.kind = static_cast<model::ParamKind>(kind);
      r.expr(p.annotation, 0);
      r.expr(p.default_value, 0);
      r.span_any(p.span);
    }
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
    r.str(c.name);
    r.str(c.qualname);
    c.parent_function = r.u32();
    c.owner_class = r.u32();
    r.exprs(c.bases, 0);
    r.exprs(c.keywords, 0);
    r.exprs(c.decorators, 0);
    r.stmts(c.body, 0);
    r.indices(c.methods);
    r.span_any(c.span);
    r.span_any(c.name_span);
  }
  f.imports.resize(r.count(8));
  for (model::Import& i : f.imports) {
    if (!r.ok()) return false;
    r.str(i.module);
    r.str(i.name);
    r.str(i.alias);
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
  return r.ok() && r.at_end() && indices_valid(f);
}

}  // namespace archverify::cache
