// The views of syntax_refs.h. PackedText gives back exactly the address and
// length it was given, wherever the address lies (heap, stack, static, the top
// of the address space). ArenaText, ArenaList and ArenaPtr give back what they
// were given inside the syntax space (syntax_space.h), stay the same when the
// node holding them is copied elsewhere, and refuse memory outside the space.
// All read, compare and convert like the standard views they replace, and a
// conditional expression mixing one with a standard view yields the standard
// view, not a packed copy.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "analyzer/model/syntax.h"

using archverify::model::ArenaList;
using archverify::model::ArenaPtr;
using archverify::model::ArenaText;
using archverify::model::ChunkSource;
using archverify::model::Expr;
using archverify::model::ExprKind;
using archverify::model::PackedText;
using archverify::model::Stmt;
using archverify::model::StmtExtra;
using archverify::model::SyntaxArena;
namespace syntax_space = archverify::model::syntax_space;

TEST_CASE("PackedText keeps its address and length wherever the memory is", "[syntax_refs]") {
  static const char kStatic[] = "static text";
  std::string heap(100, 'h');
  char stack[] = "on the stack";
  for (std::string_view s : {std::string_view(kStatic), std::string_view(heap), std::string_view(stack),
                             std::string_view(heap).substr(37, 5)}) {
    PackedText t(s);
    CHECK(t.data() == s.data());
    CHECK(t.size() == s.size());
    CHECK(t.view() == s);
  }
  // An address with bits in both halves, above 4 GiB and near the top of user space.
  for (std::uintptr_t bits : {std::uintptr_t{0x00007ffd12345678}, std::uintptr_t{0x0000000100000004},
                              std::uintptr_t{0xffffffff}, std::uintptr_t{0x0000555500000000}}) {
    const auto* p = reinterpret_cast<const char*>(bits);
    PackedText t(std::string_view(p, 3));
    CHECK(reinterpret_cast<std::uintptr_t>(t.data()) == bits);
    CHECK(t.size() == 3);
  }
}

TEST_CASE("arena views keep what they were given anywhere in the syntax space", "[syntax_refs]") {
  // Arenas of many sizes, so views land near the start of the space and far into it.
  std::vector<std::unique_ptr<SyntaxArena>> arenas;
  for (std::size_t size : {std::size_t{300}, std::size_t{1} << 16, std::size_t{3} << 20, std::size_t{40} << 20})
    arenas.push_back(std::make_unique<SyntaxArena>(size));
  for (auto& arena : arenas) {
    std::string_view text = arena->store(std::string_view("session.query"));
    CHECK(syntax_space::contains(text.data(), text.size()));
    const ArenaText t(text);
    CHECK(t.data() == text.data());
    CHECK(t.view() == "session.query");
    Expr* items = arena->allocate_array<Expr>(3);
    items[1].kind = ExprKind::Name;
    Expr e;
    e.text = t;
    e.children = std::span<const Expr>(items, 3);
    const Expr copy = e;  // a copy elsewhere (the stack) reads the same memory
    CHECK(copy.text.data() == text.data());
    CHECK(copy.children.data() == items);
    CHECK(copy.children[1].kind == ExprKind::Name);
    StmtExtra* x = arena->allocate_array<StmtExtra>(1);
    ArenaPtr<StmtExtra> ptr;
    ptr = x;
    const ArenaPtr<StmtExtra> moved = ptr;
    CHECK(moved.get() == x);
    CHECK(moved);
  }
  CHECK(syntax_space::high_water() > (std::uint64_t{40} << 20));
}

TEST_CASE("an empty view is null and empty, wherever its text came from", "[syntax_refs]") {
  const ArenaText t;
  CHECK(t.empty());
  CHECK(t.size() == 0);
  CHECK(t.view().empty());
  CHECK(t == "");
  CHECK(t.data() == nullptr);
  // An empty text outside the space is fine: it keeps no address.
  const ArenaText literal(std::string_view(""));
  CHECK(literal.empty());
  CHECK(literal.data() == nullptr);
  const ArenaText from_stack(std::string_view("abc", 0));
  CHECK(from_stack.data() == nullptr);
  std::vector<Expr> outside;
  const ArenaList<Expr> none{std::span<const Expr>(outside)};
  CHECK(none.empty());
  const ArenaList<Expr> l;
  CHECK(l.empty());
  CHECK(l.begin() == l.end());
  const ArenaPtr<Expr> p;
  CHECK_FALSE(p);
  CHECK(p == nullptr);
  const Expr e{};
  CHECK(e.text.empty());
  CHECK(e.children.empty());
}

// Runs `make_view` in a child process with stderr silenced; whether it aborted.
template <typename F>
bool aborts(F make_view) {
  const pid_t child = fork();
  if (child == 0) {
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) dup2(null, 2);
    make_view();
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

TEST_CASE("an arena view of memory outside the syntax space is refused", "[syntax_refs]") {
  static const char kStatic[] = "static text";
  std::string heap(100, 'h');
  SyntaxArena arena;
  std::string_view inside = arena.store(std::string_view("inside"));
  CHECK(aborts([&] { ArenaText t{std::string_view(kStatic)}; }));
  CHECK(aborts([&] { ArenaText t{std::string_view(heap)}; }));
  CHECK(aborts([&] {
    ArenaPtr<StmtExtra> p;
    p = reinterpret_cast<const StmtExtra*>(heap.data());
  }));
  CHECK_FALSE(aborts([&] { ArenaText t(inside); }));
}

TEST_CASE("heap arenas stay outside the syntax space, syntax arenas inside", "[syntax_refs]") {
  SyntaxArena heap(1024, ChunkSource::Heap);
  SyntaxArena syntax(1024);
  std::string_view on_heap = heap.store(std::string_view("pool text"));
  std::string_view in_space = syntax.store(std::string_view("syntax text"));
  CHECK_FALSE(syntax_space::contains(on_heap.data(), on_heap.size()));
  CHECK(syntax_space::contains(in_space.data(), in_space.size()));
  std::string local = "local";
  CHECK_FALSE(syntax_space::contains(local.data(), local.size()));
}

TEST_CASE("ArenaText reads and compares like a string_view", "[syntax_refs]") {
  SyntaxArena arena;
  const std::string_view backing = arena.store(std::string_view("session.query"));
  const ArenaText t(backing);
  CHECK(t == PackedText(std::string_view("session.query")));  // by content, across view kinds
  CHECK(t == "session.query");
  CHECK(t == std::string_view("session.query"));
  CHECK(t != "session");
  CHECK("session.query" == t);
  CHECK(t == ArenaText(std::string_view(backing)));
  CHECK(t < std::string_view("t"));
  CHECK(t > std::string_view("s"));
  CHECK(t.find('.') == 7);
  CHECK(t.find("query") == 8);
  CHECK(t.rfind('.') == 7);
  CHECK(t.substr(8) == "query");
  CHECK(t.starts_with("sess"));
  CHECK(t.ends_with("query"));
  CHECK(t.front() == 's');
  CHECK(t.back() == 'y');
  CHECK(t[7] == '.');
  CHECK(t.compare(8, 5, "query") == 0);
  CHECK(std::string(t) == backing);
  CHECK(t.str() == backing);
  std::ostringstream os;
  os << t;
  CHECK(os.str() == backing);

  // A conditional with a string_view (or a literal through one) is a string_view.
  const bool pick = false;
  auto chosen = pick ? t.view() : std::string_view("other");
  STATIC_REQUIRE(std::is_same_v<decltype(chosen), std::string_view>);
  CHECK(chosen == "other");
  std::string_view converted = t;
  CHECK(converted.data() == backing.data());
  STATIC_REQUIRE_FALSE(std::is_convertible_v<std::string_view, ArenaText>);  // building one is explicit
}

TEST_CASE("ArenaList iterates, indexes and converts like a span", "[syntax_refs]") {
  SyntaxArena arena;
  std::span<Expr> items(arena.allocate_array<Expr>(4), 4);
  for (std::size_t i = 0; i < items.size(); ++i) items[i].kind = i % 2 ? ExprKind::Name : ExprKind::Call;
  ArenaList<Expr> l{std::span<const Expr>(items)};
  CHECK(l.size() == 4);
  CHECK(l.data() == items.data());
  CHECK(&l.front() == &items.front());
  CHECK(&l.back() == &items.back());
  CHECK(&l[2] == &items[2]);
  std::size_t n = 0;
  for (const Expr& e : l) CHECK(&e == &items[n++]);
  CHECK(n == 4);
  std::span<const Expr> s = l;
  CHECK(s.data() == items.data());
  CHECK(s.size() == 4);
  CHECK(l.subspan(1).size() == 3);
  CHECK(l.subspan(1, 2).data() == items.data() + 1);
  CHECK(l.first(2).size() == 2);
  CHECK(l.last(1).data() == items.data() + 3);
  l = std::span<const Expr>(items).subspan(3);
  CHECK(l.size() == 1);
  CHECK(l.data() == items.data() + 3);
}

TEST_CASE("offset nodes are smaller than the standard views would make them", "[syntax_refs]") {
  STATIC_REQUIRE(sizeof(ArenaText) == 8);
  STATIC_REQUIRE(sizeof(ArenaList<Expr>) == 8);
  STATIC_REQUIRE(sizeof(ArenaPtr<Expr>) == 4);
  STATIC_REQUIRE(sizeof(PackedText) == 12);
  STATIC_REQUIRE(alignof(Expr) == 4);
  STATIC_REQUIRE(sizeof(Expr) == 32);
  STATIC_REQUIRE(sizeof(Stmt) == 92);
  STATIC_REQUIRE(std::is_trivially_copyable_v<Expr>);
}

TEST_CASE("an expression's compact span reads back what was set, within its 65,535-line reach", "[syntax_refs]") {
  using archverify::model::Span;
  Expr e;
  CHECK(e.span() == Span{});
  const Span one_line{{12, 5}, {12, 40}};
  e.set_span(one_line);
  CHECK(e.span() == one_line);
  const Span far{{4'000'000'000u, 70'000}, {4'000'065'535u, 3}};  // begin line and columns use all their bits
  e.set_span(far);
  CHECK(e.span() == far);
  // Past the reach: the end line stops 65,535 lines after the begin; the columns stay exact.
  e.set_span(Span{{10, 1}, {10 + 70'000, 9}});
  CHECK(e.span() == Span{{10, 1}, {10 + Expr::kMaxEndLines, 9}});
  // An end before the begin (never lowered) reads as the begin line.
  e.set_span(Span{{10, 8}, {9, 2}});
  CHECK(e.span() == Span{{10, 8}, {10, 2}});
}
