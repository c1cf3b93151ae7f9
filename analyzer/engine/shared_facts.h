// SharedFacts: derived facts that several rules read (the code-to-spec route
// pairing of API001-API003, the replayed migration schema of DB001 and DB005,
// the tenancy policy and scope of TEN001 and TEN003),
// computed once per run by whichever rule asks first and then shared
// read-only. Rules run on several threads: a rule asking while another
// computes the same fact waits for it instead of computing it again. A fact is
// keyed by its type, so each type has one meaning per run; its maker must be a
// pure function of the RuleInput. The value is built in place from the
// maker's prvalue (no move), so a fact may hold references into itself.
#pragma once
#include <map>
#include <memory>
#include <mutex>

namespace archverify::engine {

class SharedFacts {
 public:
  SharedFacts() = default;
  SharedFacts(const SharedFacts&) = delete;
  SharedFacts& operator=(const SharedFacts&) = delete;

  // The fact of type T, made by make() (returning a T) on the first call of the run.
  template <typename T, typename Make>
  const T& get(Make&& make) {
    Slot& s = slot(&kKey<T>);
    std::call_once(s.once, [&] { s.value = std::shared_ptr<const void>(new T(make())); });
    return *static_cast<const T*>(s.value.get());
  }

 private:
  struct Slot {
    std::once_flag once;
    std::shared_ptr<const void> value;  // type-erased, deleted as a T
  };
  template <typename T>
  static constexpr char kKey = 0;  // its address names T

  Slot& slot(const void* key) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<Slot>& s = slots_[key];
    if (!s) s = std::make_unique<Slot>();
    return *s;
  }

  std::mutex mutex_;
  std::map<const void*, std::unique_ptr<Slot>> slots_;  // only looked up, never iterated
};

}  // namespace archverify::engine
