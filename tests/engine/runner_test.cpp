// engine::run_rules scheduling: Heavy rules are taken first, a rule waiting
// for a shared fact another thread is making runs other rules meanwhile, and
// neither changes the result: the same findings in the same order whatever
// the thread count.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/engine/runner.h"

namespace engine = archverify::engine;
using archverify::RuleMeta;
using archverify::Severity;
using archverify::SourceRange;

namespace {

struct SlowFact {
  int value = 0;
};

// What the rules of one run saw: the order they started in, on which thread.
struct Journal {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> started;
  std::vector<std::thread::id> threads;
  void note(std::string_view id) {
    std::lock_guard lock(mutex);
    started.emplace_back(id);
    threads.push_back(std::this_thread::get_id());
    changed.notify_all();
  }
  // Until a rule has started on another thread than this one (at most 10 s:
  // with one thread, none ever does).
  void await_another_thread() {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(10), [&] {
      return std::any_of(threads.begin(), threads.end(), [](std::thread::id t) { return t != std::this_thread::get_id(); });
    });
  }
};

// A rule that notes when it starts, may ask for SlowFact, and reports one
// finding. SlowFact's maker waits for a rule to start on another thread (when
// there are several), then takes 50 ms more.
class FakeRule final : public engine::Rule {
 public:
  FakeRule(std::string id, engine::RuleCost cost, bool asks_fact, Journal& journal, unsigned threads)
      : id_(std::move(id)), cost_(cost), asks_fact_(asks_fact), journal_(journal), threads_(threads) {
    meta_.id = id_;
    meta_.name = id_;
  }
  const RuleMeta& meta() const override { return meta_; }
  engine::RuleCost cost() const override { return cost_; }
  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    journal_.note(id_);
    int v = 0;
    if (asks_fact_)
      v = in.shared
              .get<SlowFact>([&] {
                if (threads_ > 1) journal_.await_another_thread();
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                return SlowFact{7};
              })
              .value;
    ctx.count_check();
    ctx.report(SourceRange{"app/" + id_ + ".py", {1, 1}, {1, 2}}, id_ + " saw " + std::to_string(v));
  }

 private:
  std::string id_;
  engine::RuleCost cost_;
  bool asks_fact_;
  Journal& journal_;
  unsigned threads_;
  RuleMeta meta_;
};

struct Run {
  std::vector<std::string> findings;  // "rule: message" in report order
  std::vector<std::string> started;
  std::vector<std::thread::id> threads;
};

// Rules R1..R6: R2 and R5 are Heavy; R1, R3 and R4 ask for the slow fact.
Run run_with(unsigned jobs) {
  Journal journal;
  std::vector<std::unique_ptr<engine::Rule>> rules;
  const struct {
    const char* id;
    engine::RuleCost cost;
    bool asks;
  } specs[] = {{"R1", engine::RuleCost::Light, true},  {"R2", engine::RuleCost::Heavy, true},
               {"R3", engine::RuleCost::Light, true},  {"R4", engine::RuleCost::Light, false},
               {"R5", engine::RuleCost::Heavy, false}, {"R6", engine::RuleCost::Light, false}};
  for (const auto& s : specs) rules.push_back(std::make_unique<FakeRule>(s.id, s.cost, s.asks, journal, jobs));
  std::vector<engine::SelectedRule> selected;
  for (const auto& r : rules) selected.push_back(engine::SelectedRule{r.get(), Severity::Medium});
  archverify::model::RepoModel model;
  const engine::RuleInput input{model};
  engine::RuleRun result = engine::run_rules(rules, selected, input, jobs);
  Run out;
  for (const auto& f : result.findings) out.findings.push_back(f.rule_id + ": " + f.message);
  out.started = journal.started;
  out.threads = journal.threads;
  return out;
}

}  // namespace

TEST_CASE("one thread takes the Heavy rules first, then the rest in selection order", "[runner]") {
  const Run one = run_with(1);
  CHECK(one.started == std::vector<std::string>{"R2", "R5", "R1", "R3", "R4", "R6"});
  CHECK(one.findings == std::vector<std::string>{"R1: R1 saw 7", "R2: R2 saw 7", "R3: R3 saw 7", "R4: R4 saw 0",
                                                 "R5: R5 saw 0", "R6: R6 saw 0"});
}

TEST_CASE("a rule waiting for a shared fact runs the next rules on its thread meanwhile", "[runner]") {
  // Two threads: one takes R2 and makes the fact (until the other thread has
  // started a rule, then 50 ms); the other takes R5, then R1, which waits for
  // the fact and so takes R3 (which waits too), R4 and R6. Without helping, the
  // maker's thread would take R3 to R6 once the fact is made.
  const Run two = run_with(2);
  REQUIRE(two.started.size() == 6);
  const auto at = [&](const std::string& id) {
    return static_cast<std::size_t>(std::find(two.started.begin(), two.started.end(), id) - two.started.begin());
  };
  const std::thread::id maker = two.threads[at("R2")];
  for (const char* id : {"R1", "R3", "R4", "R6"}) CHECK(two.threads[at(id)] != maker);
  CHECK(two.findings == run_with(1).findings);
  CHECK(run_with(4).findings == run_with(1).findings);
}
