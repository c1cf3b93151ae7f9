// SharedFacts (see shared_facts.h): one mutex guards every slot's state; a
// thread that finds a fact being made elsewhere helps with other tasks while
// there are any, then waits for the slot to leave Making.
#include "analyzer/engine/shared_facts.h"

namespace archverify::engine {

namespace {

// How many makers are running on this thread's stack (makers may ask for
// other facts, so more than one).
thread_local int t_making = 0;

// Counts one maker running on this thread for as long as it lives.
struct MakingHere {
  MakingHere() { ++t_making; }
  ~MakingHere() { --t_making; }
  MakingHere(const MakingHere&) = delete;
  MakingHere& operator=(const MakingHere&) = delete;
};

}  // namespace

const void* SharedFacts::obtain(const void* key, const std::function<std::shared_ptr<const void>()>& make) {
  std::unique_lock lock(mutex_);
  Slot& s = slots_[key];  // stays put: a map never moves its nodes
  for (;;) {
    switch (s.state) {
      case State::Made: return s.value.get();
      case State::Unmade: {
        s.state = State::Making;
        lock.unlock();
        std::shared_ptr<const void> value;
        try {
          MakingHere making;
          value = make();
        } catch (...) {
          lock.lock();
          s.state = State::Unmade;
          changed_.notify_all();
          throw;
        }
        lock.lock();
        s.value = std::move(value);
        s.state = State::Made;
        changed_.notify_all();
        return s.value.get();
      }
      case State::Making:
        if (t_making == 0 && helper_) {
          lock.unlock();
          const bool helped = helper_();
          lock.lock();
          if (helped) continue;
        }
        changed_.wait(lock, [&] { return s.state != State::Making; });
        break;
    }
  }
}

}  // namespace archverify::engine
