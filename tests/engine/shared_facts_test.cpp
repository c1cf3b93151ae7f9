// engine::SharedFacts: a fact is made once per run however many rules (and
// threads) ask, facts of different types do not collide, and a fact is built
// where it stays (one that points into itself keeps pointing at itself).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/engine/shared_facts.h"

using archverify::engine::SharedFacts;

namespace {

struct Tally {
  int value = 0;
};

struct Label {
  std::string text;
};

// Holds a pointer to its own member: only correct if never moved after construction.
struct SelfReferencing {
  explicit SelfReferencing(int v) : value(v), self(&value) {}
  SelfReferencing(const SelfReferencing&) = delete;
  SelfReferencing& operator=(const SelfReferencing&) = delete;
  int value;
  const int* self;
};

}  // namespace

TEST_CASE("a shared fact is made by the first asker and returned to every later one", "[shared_facts]") {
  SharedFacts facts;
  int made = 0;
  const Tally& first = facts.get<Tally>([&] { ++made; return Tally{42}; });
  const Tally& second = facts.get<Tally>([&] { ++made; return Tally{7}; });
  CHECK(made == 1);
  CHECK(first.value == 42);
  CHECK(&first == &second);
}

TEST_CASE("shared facts of different types are kept apart", "[shared_facts]") {
  SharedFacts facts;
  const Tally& t = facts.get<Tally>([] { return Tally{1}; });
  const Label& l = facts.get<Label>([] { return Label{"spec"}; });
  CHECK(t.value == 1);
  CHECK(l.text == "spec");
  CHECK(facts.get<Tally>([] { return Tally{2}; }).value == 1);
}

TEST_CASE("a shared fact is built in place, so it may point into itself", "[shared_facts]") {
  SharedFacts facts;
  const SelfReferencing& s = facts.get<SelfReferencing>([] { return SelfReferencing(5); });
  CHECK(s.self == &s.value);
  CHECK(*s.self == 5);
}

TEST_CASE("threads asking at once get one fact, made once", "[shared_facts]") {
  SharedFacts facts;
  std::atomic<int> made{0};
  std::vector<const Tally*> seen(8, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] {
      seen[i] = &facts.get<Tally>([&] {
        ++made;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // others arrive while it is made
        return Tally{9};
      });
    });
  for (std::thread& t : threads) t.join();
  CHECK(made.load() == 1);
  for (const Tally* p : seen) CHECK(p == seen[0]);
  CHECK(seen[0]->value == 9);
}

TEST_CASE("a maker that throws leaves the fact unmade for the next asker", "[shared_facts]") {
  SharedFacts facts;
  CHECK_THROWS(facts.get<Tally>([]() -> Tally { throw std::runtime_error("broken"); }));
  CHECK(facts.get<Tally>([] { return Tally{3}; }).value == 3);
}
