// compact_syntax (syntax.h): a measuring pass sizes the new arena exactly, then
// a copying pass moves every statement array, StmtExtra, text and child list
// into it. The two passes are one traversal, relocate(), run over two sinks:
// SizeSink only adds up what would be stored, ArenaSink stores it. So the order
// of allocations (and therefore the alignment padding) cannot differ. A text
// is stored once however many nodes have it (a file names the same few
// identifiers again and again): the measuring pass numbers the distinct
// texts and notes each text's number in traversal order, and the copying pass
// reads those numbers back in the same order, storing a text at its first use
// and pointing the later ones at that copy (one hash per text, not two).
#include <vector>

#include "analyzer/core/flat_map.h"
#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax.h"
#include "analyzer/model/syntax_slabs.h"

namespace archverify::model {

namespace {

// What the measuring pass tells the copying pass about a file's texts.
struct TextCopies {
  std::vector<std::uint32_t> number;  // of each non-empty text, in traversal order
  std::vector<const char*> stored;    // by number: where the copying pass put it (null until then)
};

// Adds up the bytes storing would take; hands back the original views, so the
// traversal goes on reading the old arena.
struct SizeSink {
  TextCopies& copies;
  FlatMap<std::string_view, std::uint32_t, StringHash> numbers;  // distinct text → its number
  std::size_t size = 0;
  std::string_view text(std::string_view t) {
    if (t.empty()) return t;
    if (const std::uint32_t* n = numbers.find(t)) {
      copies.number.push_back(*n);
      return t;
    }
    const auto n = static_cast<std::uint32_t>(copies.stored.size());
    numbers.insert(t, n);
    copies.number.push_back(n);
    copies.stored.push_back(nullptr);
    size = SyntaxArena::after_text(size, t.size());
    return t;
  }
  template <typename T>
  std::span<const T> array(std::span<const T> items) {
    size = SyntaxArena::after_array<T>(size, items.size());
    return items;
  }
  static constexpr bool kCopies = false;
};

struct ArenaSink {
  SyntaxArena& to;
  TextCopies& copies;
  std::size_t next = 0;  // into copies.number
  std::string_view text(std::string_view t) {
    if (t.empty()) return {};
    const char*& stored = copies.stored[copies.number[next++]];  // the same traversal as the measuring one
    if (stored == nullptr) stored = to.store(t).data();
    return {stored, t.size()};
  }
  template <typename T>
  std::span<const T> array(std::span<const T> items) { return to.store(items); }
  static constexpr bool kCopies = true;
};

// A list in the arena: the array, then each element in order.
template <typename T, typename Sink>
void relocate(std::span<const T>& list, Sink& sink);
template <typename T, typename Sink>
void relocate(ArenaList<T>& list, Sink& sink) {
  std::span<const T> items = list;
  relocate(items, sink);
  if constexpr (Sink::kCopies) list = items;
}
template <typename Sink>
void relocate(Stmt& s, Sink& sink);
template <typename Sink>
void relocate(Param& p, Sink& sink);
// Indices (a class's methods) hold nothing in the arena.
template <typename Sink>
void relocate(std::uint32_t&, Sink&) {}

template <typename Sink>
void relocate(ArenaText& text, Sink& sink) {
  std::string_view moved = sink.text(text);
  if constexpr (Sink::kCopies) text = moved;
}

// Order: text, then the child list.
template <typename Sink>
void relocate(Expr& e, Sink& sink) {
  std::string_view text = sink.text(e.text);
  if constexpr (Sink::kCopies) e.text = text;
  relocate(e.children, sink);
}

// Order: name, annotation, default.
template <typename Sink>
void relocate(Param& p, Sink& sink) {
  relocate(p.name, sink);
  relocate(p.annotation, sink);
  relocate(p.default_value, sink);
}

// Order: text, targets, value, extra (annotation, items, handlers, finally),
// body, orelse.
template <typename Sink>
void relocate(Stmt& s, Sink& sink) {
  std::string_view text = sink.text(s.text);
  if constexpr (Sink::kCopies) s.text = text;
  relocate(s.targets, sink);
  relocate(s.value, sink);
  if (s.extra) {
    std::span<const StmtExtra> extra = sink.array(std::span<const StmtExtra>(s.extra.get(), 1));
    StmtExtra x = extra[0];
    relocate(x.annotation, sink);
    relocate(x.items, sink);
    relocate(x.handlers, sink);
    relocate(x.finalbody, sink);
    if constexpr (Sink::kCopies) {
      const_cast<StmtExtra&>(extra[0]) = x;
      s.extra = extra.data();
    }
  }
  relocate(s.body, sink);
  relocate(s.orelse, sink);
}

template <typename T, typename Sink>
void relocate(std::span<const T>& list, Sink& sink) {
  std::span<const T> moved = sink.array(list);
  for (const T& item : moved) {
    T copy = item;
    relocate(copy, sink);
    if constexpr (Sink::kCopies) const_cast<T&>(item) = copy;  // the new arena's copy
  }
  if constexpr (Sink::kCopies) list = moved;
}

// Every top-level syntax slot of the facts: the module body; function names,
// decorators, parameters, returns and bodies; class names, bases, keywords,
// decorators, bodies and methods; import names.
template <typename Sink>
void relocate(FileFacts& facts, Sink& sink) {
  relocate(facts.body, sink);
  for (Function& fn : facts.functions) {
    relocate(fn.name, sink);
    relocate(fn.qualname, sink);
    relocate(fn.decorators, sink);
    relocate(fn.params, sink);
    relocate(fn.returns, sink);
    relocate(fn.body, sink);
  }
  for (Class& c : facts.classes) {
    relocate(c.name, sink);
    relocate(c.qualname, sink);
    relocate(c.bases, sink);
    relocate(c.keywords, sink);
    relocate(c.decorators, sink);
    relocate(c.body, sink);
    relocate(c.methods, sink);
  }
  for (Import& i : facts.imports) {
    relocate(i.module, sink);
    relocate(i.name, sink);
    relocate(i.alias, sink);
  }
}

}  // namespace

std::unique_ptr<SyntaxArena> compact_syntax(FileFacts& facts, SyntaxSlabs* slabs) {
  std::unique_ptr<SyntaxArena> old = std::move(facts.arena_storage);
  thread_local TextCopies copies;  // its vectors' capacity is reused file after file
  copies.number.clear();
  copies.stored.clear();
  SizeSink measure{copies, {}, 0};
  relocate(facts, measure);
  if (measure.size == 0) return old;
  facts.arena_storage = slabs ? slabs->arena(measure.size) : std::make_unique<SyntaxArena>(measure.size);
  ArenaSink copy{*facts.arena_storage, copies, 0};
  relocate(facts, copy);
  return old;
}

}  // namespace archverify::model
