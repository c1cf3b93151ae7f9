// ArenaText, ArenaList and ArenaPtr (syntax_refs.h): a packed view gives back
// exactly the address and length it was given, wherever the address lies
// (heap, stack, static, the top of the address space); it reads, compares and
// converts like the standard view it replaces; and a conditional expression
// mixing it with a standard view yields the standard view, not a packed copy.
#include <catch2/catch.hpp>

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
using archverify::model::Expr;
using archverify::model::ExprKind;

TEST_CASE("packed views keep their address and length wherever the memory is", "[syntax_refs]") {
  static const char kStatic[] = "static text";
  std::string heap(100, 'h');
  char stack[] = "on the stack";
  for (std::string_view s : {std::string_view(kStatic), std::string_view(heap), std::string_view(stack),
                             std::string_view(heap).substr(37, 5)}) {
    ArenaText t(s);
    CHECK(t.data() == s.data());
    CHECK(t.size() == s.size());
    CHECK(t.view() == s);
  }
  // An address with bits in both halves, above 4 GiB and near the top of user space.
  for (std::uintptr_t bits : {std::uintptr_t{0x00007ffd12345678}, std::uintptr_t{0x0000000100000004},
                              std::uintptr_t{0xffffffff}, std::uintptr_t{0x0000555500000000}}) {
    const auto* p = reinterpret_cast<const char*>(bits);
    ArenaText t(std::string_view(p, 3));
    CHECK(reinterpret_cast<std::uintptr_t>(t.data()) == bits);
    CHECK(t.size() == 3);
    ArenaPtr<Expr> ptr;
    ptr = reinterpret_cast<const Expr*>(bits);
    CHECK(reinterpret_cast<std::uintptr_t>(ptr.get()) == bits);
  }
}

TEST_CASE("an empty packed view is null and empty", "[syntax_refs]") {
  const ArenaText t;
  CHECK(t.empty());
  CHECK(t.size() == 0);
  CHECK(t.view().empty());
  CHECK(t == "");
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

TEST_CASE("ArenaText reads and compares like a string_view", "[syntax_refs]") {
  const std::string backing = "session.query";
  const ArenaText t(backing);
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
  std::vector<Expr> items(4);
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

TEST_CASE("packed nodes are smaller than the standard views would make them", "[syntax_refs]") {
  STATIC_REQUIRE(sizeof(ArenaText) == 12);
  STATIC_REQUIRE(sizeof(ArenaList<Expr>) == 12);
  STATIC_REQUIRE(alignof(Expr) == 4);
  STATIC_REQUIRE(sizeof(Expr) < 56);
  STATIC_REQUIRE(std::is_trivially_copyable_v<Expr>);
}
