// engine::SharedFacts: a fact is made once per run however many rules (and
// threads) ask, facts of different types do not collide, and a fact is built
// where it stays (one that points into itself keeps pointing at itself).
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
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

TEST_CASE("a thread waiting for a fact another thread makes runs the helper's tasks meanwhile", "[shared_facts]") {
  SharedFacts facts;
  std::mutex m;
  std::condition_variable cv;
  bool helped = false;  // the task ran
  int tasks = 1;
  facts.set_helper([&] {
    std::lock_guard lock(m);
    if (tasks == 0) return false;
    --tasks;
    helped = true;
    cv.notify_all();
    return true;
  });
  std::atomic<bool> making{false};
  bool saw_help = false;
  std::thread maker([&] {
    facts.get<Tally>([&] {
      making = true;
      std::unique_lock lock(m);
      // Finishes only once the waiting thread ran the task (or after 10 s, and the check below fails).
      saw_help = cv.wait_for(lock, std::chrono::seconds(10), [&] { return helped; });
      return Tally{4};
    });
  });
  while (!making) std::this_thread::yield();
  const Tally& t = facts.get<Tally>([] { return Tally{5}; });  // made elsewhere: helps, then waits
  maker.join();
  facts.set_helper(nullptr);
  CHECK(saw_help);
  CHECK(t.value == 4);
}

TEST_CASE("a thread making a fact does not help while it waits for another", "[shared_facts]") {
  SharedFacts facts;
  std::atomic<int> helper_calls{0};
  facts.set_helper([&] {
    ++helper_calls;
    return false;
  });
  std::atomic<bool> making_label{false};
  std::thread other([&] {
    facts.get<Label>([&] {
      making_label = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the tally's maker asks meanwhile
      return Label{"made"};
    });
  });
  while (!making_label) std::this_thread::yield();
  const Tally& t = facts.get<Tally>([&] {
    // The label is being made on the other thread: this maker waits without helping.
    return Tally{static_cast<int>(facts.get<Label>([] { return Label{"here"}; }).text.size())};
  });
  other.join();
  facts.set_helper(nullptr);
  CHECK(helper_calls.load() == 0);
  CHECK(t.value == 4);
}
