// FlatMap: a hash table for trivially copyable keys and values, used where
// an index has hundreds of thousands of entries (the SymbolResolver's memos,
// TEN rules' call-site index). Open addressing with linear probing in one
// array (power-of-two capacity, at most 3/4 full): growing moves the slots
// with the array, and dropping the table is one free. The node-based
// unordered_map it replaces cost a heap node per entry, and freeing a
// resolver's ~500k nodes on the 1M-line corpus took ~0.1 s of cache misses,
// serial at the end of the model. No erase (the indexes only grow). A pointer
// from find() or insert() is valid until the next insert.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>

namespace archverify {

template <typename Key, typename Value, typename Hash, typename Equal = std::equal_to<>>
class FlatMap {
  static_assert(std::is_trivially_copyable_v<Key> && std::is_trivially_copyable_v<Value>,
                "slots are moved by copying and never destroyed one by one");

 public:
  template <typename K>
  Value* find(const K& key) const {
    if (size_ == 0) return nullptr;
    const std::uint32_t tag = tag_of(Hash{}(key));
    for (std::size_t i = tag & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.tag == kUnused) return nullptr;
      if (s.tag == tag && Equal{}(s.key, key)) return &s.value;
    }
  }

  // Adds the entry, or replaces the value of an equal key.
  Value& insert(const Key& key, const Value& value) {
    if ((size_ + 1) * 4 > capacity_ * 3) grow();
    const std::uint32_t tag = tag_of(Hash{}(key));
    std::size_t i = tag & mask_;
    for (; slots_[i].tag != kUnused; i = (i + 1) & mask_)
      if (slots_[i].tag == tag && Equal{}(slots_[i].key, key)) return slots_[i].value = value;
    slots_[i] = Slot{value, key, tag};
    ++size_;
    return slots_[i].value;
  }

  std::size_t size() const { return size_; }

  // Room for n entries without growing.
  void reserve(std::size_t n) {
    while (n * 4 > capacity_ * 3) grow();
  }

 private:
  // A slot keeps the low 32 bits of its key's hash (kUnused marks an empty
  // slot): a probe compares keys only when those match, and growing does not
  // hash again. For string keys both would read each probed key's text, a
  // cache miss per probe in a table of 100k+ names. 32 bits index up to 4 Gi
  // slots, and the value comes first, so an 8-byte-aligned value followed by
  // a packed 12-byte key and the tag leaves no padding.
  static constexpr std::uint32_t kUnused = 0;
  static std::uint32_t tag_of(std::size_t hash) {
    const auto low = static_cast<std::uint32_t>(hash);
    return low == kUnused ? 1 : low;
  }

  struct Slot {
    Value value;
    Key key;
    std::uint32_t tag;
  };

  void grow() {
    const std::size_t old_capacity = capacity_;
    std::unique_ptr<Slot[]> old = std::move(slots_);
    capacity_ = old_capacity == 0 ? 64 : old_capacity * 2;
    mask_ = capacity_ - 1;
    slots_ = std::make_unique<Slot[]>(capacity_);  // value-initialised: every tag kUnused
    for (std::size_t j = 0; j < old_capacity; ++j) {
      if (old[j].tag == kUnused) continue;
      std::size_t i = old[j].tag & mask_;
      while (slots_[i].tag != kUnused) i = (i + 1) & mask_;
      slots_[i] = old[j];
    }
  }

  std::unique_ptr<Slot[]> slots_;
  std::size_t capacity_ = 0;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// For integer keys that are not well mixed already (packed indices, addresses).
struct MixedU64Hash {
  std::size_t operator()(std::uint64_t k) const {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
};

// For pointer keys: their low bits are alignment zeros, so the address is mixed.
struct PointerHash {
  std::size_t operator()(const void* p) const { return MixedU64Hash{}(reinterpret_cast<std::uintptr_t>(p)); }
};

}  // namespace archverify
