// FlatMap, the table under the resolver's memos and the TEN rules' call
// index: every entry stays findable across growth and after reserve(),
// absent keys are absent (also keys colliding in one probe run, and keys
// whose hash is the value marking an unused slot, and hashes that differ only
// above the 32 bits a slot keeps), inserting an
// equal key replaces its value, string keys are compared by content, looked up
// by another view (packed PackedText keys too), and pointer keys by address. hash_name spreads generated
// module-like names over the low bits a FlatMap masks with.
#include <catch2/catch.hpp>
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/flat_map.h"
#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax_refs.h"

using archverify::FlatMap;
using archverify::MixedU64Hash;
using archverify::PointerHash;

namespace {

// Sends every key to the same slot: each lookup walks one probe run.
struct OneSlotHash {
  std::size_t operator()(std::uint64_t) const { return 7; }
};

// Hashes half the keys to 0, the value a slot's stored hash reserves for "unused".
struct HalfZeroHash {
  std::size_t operator()(std::uint64_t k) const { return k % 2 == 0 ? 0 : static_cast<std::size_t>(k); }
};

// Equal low 32 bits for every key; the high bits differ. A slot keeps only
// the low half of the hash, so each lookup must still compare the keys.
struct HighBitsHash {
  std::size_t operator()(std::uint64_t k) const { return (k << 32) | 0x1234u; }
};

struct ViewHash {
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

TEST_CASE("entries survive every growth of the table", "[flat_map]") {
  FlatMap<std::uint64_t, std::uint64_t, MixedU64Hash> memo;
  CHECK(memo.find(std::uint64_t{0}) == nullptr);
  for (std::uint64_t k = 0; k < 5000; ++k) memo.insert(k << 32 | (k * 31), k * 3 + 1);
  CHECK(memo.size() == 5000);
  for (std::uint64_t k = 0; k < 5000; ++k) {
    const std::uint64_t* v = memo.find(k << 32 | (k * 31));
    REQUIRE(v != nullptr);
    CHECK(*v == k * 3 + 1);
  }
  CHECK(memo.find(std::uint64_t{5001} << 32) == nullptr);
}

TEST_CASE("keys sharing a probe run are told apart, and a found value can be updated", "[flat_map]") {
  FlatMap<std::uint64_t, int, OneSlotHash> memo;
  for (int k = 0; k < 100; ++k) memo.insert(static_cast<std::uint64_t>(k), -k);
  for (int k = 0; k < 100; ++k) {
    int* v = memo.find(static_cast<std::uint64_t>(k));
    REQUIRE(v != nullptr);
    CHECK(*v == -k);
    *v = k;
  }
  CHECK(*memo.find(std::uint64_t{42}) == 42);
  CHECK(memo.find(std::uint64_t{100}) == nullptr);
  memo.insert(std::uint64_t{42}, 7);  // an equal key: replaced, not added
  CHECK(*memo.find(std::uint64_t{42}) == 7);
  CHECK(memo.size() == 100);
}

TEST_CASE("keys whose hash is 0 are stored and found like any other", "[flat_map]") {
  FlatMap<std::uint64_t, std::uint64_t, HalfZeroHash> memo;
  for (std::uint64_t k = 0; k < 200; ++k) memo.insert(k, k + 1000);
  CHECK(memo.size() == 200);
  for (std::uint64_t k = 0; k < 200; ++k) {
    const std::uint64_t* v = memo.find(k);
    REQUIRE(v != nullptr);
    CHECK(*v == k + 1000);
  }
  CHECK(memo.find(std::uint64_t{200}) == nullptr);  // hash 0, absent
  CHECK(memo.find(std::uint64_t{201}) == nullptr);
}

TEST_CASE("hashes equal in their low 32 bits still tell their keys apart", "[flat_map]") {
  FlatMap<std::uint64_t, std::uint64_t, HighBitsHash> memo;
  for (std::uint64_t k = 1; k <= 150; ++k) memo.insert(k, k * 10);
  CHECK(memo.size() == 150);
  for (std::uint64_t k = 1; k <= 150; ++k) {
    const std::uint64_t* v = memo.find(k);
    REQUIRE(v != nullptr);
    CHECK(*v == k * 10);
  }
  CHECK(memo.find(std::uint64_t{151}) == nullptr);
  memo.insert(std::uint64_t{7}, 1);
  CHECK(*memo.find(std::uint64_t{7}) == 1);
  CHECK(memo.size() == 150);
}

TEST_CASE("packed text keys match by content, looked up by a standard view", "[flat_map]") {
  std::map<int, std::string> storage;
  FlatMap<archverify::model::PackedText, int, archverify::StringHash> memo;
  for (int k = 0; k < 300; ++k) {
    storage[k] = std::string(1, static_cast<char>('a' + k % 26)) + ".memo." + std::to_string(k);
    memo.insert(archverify::model::PackedText(storage[k]), k);
  }
  for (int k = 0; k < 300; ++k) {
    const std::string probe = std::string(1, static_cast<char>('a' + k % 26)) + ".memo." + std::to_string(k);
    const int* v = memo.find(std::string_view(probe));
    REQUIRE(v != nullptr);
    CHECK(*v == k);
  }
  CHECK(memo.find(std::string_view("a.memo.300")) == nullptr);
}

TEST_CASE("string keys match by content, whatever view looks them up", "[flat_map]") {
  std::map<int, std::string> storage;  // the texts the keys view (stable)
  FlatMap<std::string_view, int, ViewHash> memo;
  for (int k = 0; k < 300; ++k) {
    storage[k] = "app.module" + std::to_string(k) + ".Name";
    memo.insert(storage[k], k);
  }
  for (int k = 0; k < 300; ++k) {
    const std::string probe = "app.module" + std::to_string(k) + ".Name";  // another buffer
    const int* v = memo.find(std::string_view(probe));
    REQUIRE(v != nullptr);
    CHECK(*v == k);
  }
  CHECK(memo.find(std::string_view("app.module300.Name")) == nullptr);
  CHECK(memo.find(std::string_view("")) == nullptr);
}

TEST_CASE("reserve makes room, and pointer keys are found by address", "[flat_map]") {
  std::vector<int> cells(3000);
  FlatMap<const int*, std::size_t, PointerHash> index;
  index.reserve(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) index.insert(&cells[i], i);
  CHECK(index.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t* v = index.find(&cells[i]);
    REQUIRE(v != nullptr);
    CHECK(*v == i);
  }
  const int outside = 0;
  CHECK(index.find(&outside) == nullptr);
  index.reserve(10);  // never shrinks
  CHECK(index.find(&cells[2999]) != nullptr);
}

TEST_CASE("hash_name spreads similar names over the low bits", "[flat_map]") {
  // 2^16 names that differ in a few characters, as module paths do.
  std::vector<std::string> names;
  for (int i = 0; i < 1 << 16; ++i)
    names.push_back("app.models.entity_" + std::to_string(i) + (i % 3 ? ".Model" : ""));
  for (std::size_t n = 0; n <= 20; ++n) names.push_back(std::string(n, 'a'));  // every tail length, zero bytes alike
  std::set<std::uint64_t> distinct;
  std::vector<int> buckets(1 << 17);
  int fullest = 0;
  for (const std::string& name : names) {
    const std::uint64_t h = archverify::hash_name(name);
    distinct.insert(h);
    fullest = std::max(fullest, ++buckets[h & ((1 << 17) - 1)]);
  }
  CHECK(distinct.size() == names.size());
  CHECK(fullest <= 8);  // a uniform hash puts at most ~6 of these in one bucket
  CHECK(archverify::hash_name("") != archverify::hash_name(std::string_view("\0", 1)));
}
