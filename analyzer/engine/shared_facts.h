// SharedFacts: derived facts that several rules read (the code-to-spec route
// pairing of API001-API003, the replayed migration schema of DB001 and DB005,
// the tenancy policy and scope of TEN001 and TEN002),
// computed once per run by whichever rule asks first and then shared
// read-only. Rules run on several threads: a rule asking while another
// computes the same fact does not compute it again. It runs other work of the
// run in the meantime (the rule runner's next rules, through set_helper()),
// and only blocks once there is none left. A fact is keyed by its type, so
// each type has one meaning per run; its maker must be a pure function of the
// RuleInput. The value is built in place from the maker's prvalue (no move),
// so a fact may hold references into itself.
#pragma once
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace archverify::engine {

class SharedFacts {
 public:
  SharedFacts() = default;
  SharedFacts(const SharedFacts&) = delete;
  SharedFacts& operator=(const SharedFacts&) = delete;

  // The fact of type T, made by make() (returning a T) on the first call of
  // the run. A maker that throws leaves the fact unmade: the next asker makes it.
  template <typename T, typename Make>
  const T& get(Make&& make) {
    return *static_cast<const T*>(obtain(&kKey<T>, [&] { return std::shared_ptr<const void>(new T(make())); }));
  }

  // What a thread waiting for a fact another thread is making runs meanwhile:
  // `help` runs one task and returns true, or returns false when none is left.
  // Empty (the default): the thread blocks. Set it before the threads that
  // ask start, and clear it after they are joined. A thread that is itself
  // making a fact never helps (a task it took could ask for that very fact).
  void set_helper(std::function<bool()> help) { helper_ = std::move(help); }

 private:
  enum class State { Unmade, Making, Made };
  struct Slot {
    State state = State::Unmade;
    std::shared_ptr<const void> value;  // type-erased, deleted as a T
  };
  template <typename T>
  static constexpr char kKey = 0;  // its address names T

  // The fact named `key` once it is made: by calling make() here, or by another thread.
  const void* obtain(const void* key, const std::function<std::shared_ptr<const void>()>& make);

  std::mutex mutex_;
  std::condition_variable changed_;  // a slot left Making
  std::map<const void*, Slot> slots_;  // only looked up, never iterated
  std::function<bool()> helper_;
};

}  // namespace archverify::engine
