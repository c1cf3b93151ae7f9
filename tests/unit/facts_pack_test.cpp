// The facts pack: its round trip, stamps that must match in every field, a
// corrupted pack never giving wrong facts, unchanged files taken without
// being read, fresh stamps not trusted, the pack rewritten (and loose entries
// dropped) once too few files are covered, and concurrent runs.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <random>
#include <thread>

#include "analyzer/cache/facts_cache.h"
#include "analyzer/cache/facts_codec.h"
#include "analyzer/cache/facts_pack.h"
#include "analyzer/discover/repo_walker.h"
#include "analyzer/extract/extract_files.h"
#include "analyzer/extract/lower_python.h"
#include "tests/support/temp_files.h"

using namespace archverify;
namespace fs = std::filesystem;

namespace {

using test::read_all;
using test::TempDir;
using test::write_all;

// Facts compared through their encoding (every field but the path).
std::string encoded(const model::FileFacts& f) {
  std::string out;
  cache::encode_facts(f, out);
  return out;
}

// A wall clock far enough ahead that every stamp taken now is trusted.
std::int64_t trust_all() { return wall_clock_ns() + 60'000'000'000; }

// Loose entry files (32 hex digits) in the cache's entries folder.
int loose_entries(const cache::FactsCache& c) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(c.entries_dir()))
    if (e.path().filename().string().size() == 32) ++n;
  return n;
}

const char* const kSources[][2] = {
    {"app/models.py", "from sqlalchemy.orm import DeclarativeBase\n\nclass User(DeclarativeBase):\n    id = 1\n"},
    {"app/views.py", "from app.models import User\n\ndef get(session):\n    return session.query(User).all()\n"},
    {"app/__init__.py", ""},
    {"app/util.py", "def helper(x):\n    return [y for y in x if y]\n"},
};

struct Repo {
  fs::path root;
  explicit Repo(const fs::path& dir) : root(dir / "repo") {
    for (const auto& [path, text] : kSources) write_all(root / path, text);
  }
  std::vector<discover::RepoFile> files() const {
    auto walk = discover::walk_repository(root, {});
    REQUIRE(walk);
    return walk->python_files;
  }
};

}  // namespace

TEST_CASE("a pack round-trips its entries and stamps; every stamp field must match", "[cache][pack]") {
  TempDir dir;
  const std::string file = (dir.path / "pack").string();
  const cache::ContentHash a{1, 2}, b{3, 4};
  const FileStamp stamp{10, 1'700'000'000'000'000'001, 1'700'000'000'000'000'002, 77, 5};
  std::vector<cache::PackEntrySource> entries{{b, "second entry"}, {a, "first"}};
  std::vector<cache::StampRecord> stamps{{"z.py", stamp, a}, {"a/b.py", stamp, b}};
  REQUIRE(cache::write_pack(file, "header 1", entries, stamps));

  auto pack = cache::FactsPack::open(file, "header 1");
  REQUIRE(pack);
  CHECK(pack->entry_count() == 2);
  CHECK(pack->stamp_count() == 2);
  ByteBuffer buffer;
  CHECK(pack->entry(a, buffer) == std::optional<std::string_view>("first"));
  CHECK(pack->entry(b, buffer) == std::optional<std::string_view>("second entry"));
  CHECK_FALSE(pack->entry(cache::ContentHash{1, 3}, buffer));
  CHECK(pack->stamped_key("z.py", stamp) == a);
  CHECK(pack->stamped_key("a/b.py", stamp) == b);
  CHECK_FALSE(pack->stamped_key("a.py", stamp));
  auto changed = [&](auto edit) {
    FileStamp s = stamp;
    edit(s);
    return pack->stamped_key("z.py", s);
  };
  CHECK_FALSE(changed([](FileStamp& s) { s.size += 1; }));
  CHECK_FALSE(changed([](FileStamp& s) { s.mtime_ns += 1; }));
  CHECK_FALSE(changed([](FileStamp& s) { s.ctime_ns += 1; }));
  CHECK_FALSE(changed([](FileStamp& s) { s.inode += 1; }));
  CHECK_FALSE(changed([](FileStamp& s) { s.device += 1; }));

  // Another cache header (format, tool or grammar version) never opens it.
  CHECK_FALSE(cache::FactsPack::open(file, "header 2"));
  CHECK_FALSE(cache::FactsPack::open((dir.path / "missing").string(), "header 1"));

  // A new pack copies entries out of the old one it replaces.
  std::vector<cache::PackEntrySource> copied{{a, {}, pack.get()}, {b, {}, pack.get()}};
  REQUIRE(cache::write_pack(file, "header 1", copied, {}));
  auto second = cache::FactsPack::open(file, "header 1");
  REQUIRE(second);
  CHECK(second->entry(b, buffer) == std::optional<std::string_view>("second entry"));
  CHECK(second->stamp_count() == 0);
  for (const auto& e : fs::directory_iterator(dir.path)) CHECK(e.path().filename() == "pack");  // no temp files left
}

TEST_CASE("a damaged pack index is refused whole", "[cache][pack]") {
  TempDir dir;
  const std::string file = (dir.path / "pack").string();
  const cache::ContentHash a{1, 2};
  REQUIRE(cache::write_pack(file, "h", {{a, "entry bytes"}}, {{"x.py", FileStamp{1, 2, 3, 4, 5}, a}}));
  const std::string good = read_all(file);
  const std::size_t entries_at = good.size() - std::string("entry bytes").size();
  std::mt19937 rng(11);
  for (int round = 0; round < 200; ++round) {  // any byte before the entries: magic, sizes, index, checksum
    std::string bad = good;
    bad[rng() % entries_at] ^= static_cast<char>(1 + rng() % 255);
    write_all(file, bad);
    CHECK_FALSE(cache::FactsPack::open(file, "h"));
  }
  for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{20}, entries_at - 1, good.size() - 1}) {
    write_all(file, good.substr(0, n));
    CHECK_FALSE(cache::FactsPack::open(file, "h"));
  }
  write_all(file, good);
  CHECK(cache::FactsPack::open(file, "h"));
}

TEST_CASE("an unchanged file is taken by its stamp without being read", "[cache][pack]") {
  TempDir dir;
  Repo repo(dir.path);
  cache::FactsCache c(dir.path / "cache", "test");
  auto files = repo.files();
  auto cold = extract::extract_files(files, 2, &c, nullptr, trust_all());
  CHECK(cold.cache_hits == 0);
  REQUIRE(fs::exists(c.pack_path()));
  CHECK(loose_entries(c) == 0);  // the first run's entries went straight into the pack

  // Point every file at a path that does not exist: only the stamps can answer.
  for (auto& f : files) f.absolute = (dir.path / "nowhere" / f.path).string();
  auto warm = extract::extract_files(files, 2, &c, nullptr, trust_all());
  CHECK(warm.diagnostics.empty());
  CHECK(warm.cache_hits == static_cast<long>(files.size()));
  REQUIRE(warm.files.size() == cold.files.size());
  for (std::size_t i = 0; i < cold.files.size(); ++i) {
    CHECK(warm.files[i].path == cold.files[i].path);
    CHECK(encoded(warm.files[i]) == encoded(cold.files[i]));
  }

  // A different stamp (here: the size) sends the run back to the file itself.
  for (auto& f : files)
    if (f.path == "app/util.py") f.stamp.size += 1;
  auto moved = extract::extract_files(files, 1, &c, nullptr, trust_all());
  REQUIRE(moved.diagnostics.size() == 1);
  CHECK(moved.diagnostics[0].where.path == "app/util.py");
}

TEST_CASE("stamps taken within the margin of the run are not recorded", "[cache][pack]") {
  TempDir dir;
  Repo repo(dir.path);
  auto files = repo.files();
  cache::FactsCache c(dir.path / "cache", "test");
  extract::extract_files(files, 2, &c);  // the files were written a moment ago
  REQUIRE(fs::exists(c.pack_path()));
  c.begin_run(wall_clock_ns());
  for (const auto& f : files) CHECK_FALSE(c.stamped_key(f.path, f.stamp));
  // Still served from the pack, by content.
  CHECK(extract::extract_files(files, 2, &c).cache_hits == static_cast<long>(files.size()));
  // Once the stamps are old enough, a rebuilt pack records them.
  extract::extract_files(files, 2, &c, nullptr, trust_all());
  c.begin_run(trust_all());
  for (const auto& f : files) CHECK(c.stamped_key(f.path, f.stamp));
}

TEST_CASE("a corrupted pack never yields wrong facts", "[cache][pack]") {
  TempDir dir;
  Repo repo(dir.path);
  auto files = repo.files();
  std::vector<std::string> fresh;
  for (const auto& f : extract::extract_files(files, 1).files) fresh.push_back(encoded(f));
  cache::FactsCache c(dir.path / "cache", "test");
  extract::extract_files(files, 1, &c, nullptr, trust_all());
  const std::string good = read_all(c.pack_path());
  std::mt19937 rng(5);
  for (int round = 0; round < 60; ++round) {
    std::string bad = good;
    bad[rng() % bad.size()] ^= static_cast<char>(1 + rng() % 255);
    write_all(c.pack_path(), bad);
    cache::FactsCache again(dir.path / "cache", "test");
    auto run = extract::extract_files(files, 1, &again, nullptr, trust_all());
    REQUIRE(run.files.size() == fresh.size());
    for (std::size_t i = 0; i < fresh.size(); ++i) CHECK(encoded(run.files[i]) == fresh[i]);
  }
}

TEST_CASE("the pack is rewritten once it covers too few files, and loose entries go", "[cache][pack]") {
  TempDir dir;
  const fs::path root = dir.path / "repo";
  for (int i = 0; i < 64; ++i) write_all(root / ("m" + std::to_string(i) + ".py"), "x = " + std::to_string(i) + "\n");
  cache::FactsCache c(dir.path / "cache", "test");
  auto walk = [&] {
    auto w = discover::walk_repository(root, {});
    REQUIRE(w);
    return w->python_files;
  };
  extract::extract_files(walk(), 2, &c, nullptr, trust_all());
  const auto first_pack = fs::last_write_time(c.pack_path());
  // A few edits (up to 1 file in 16): parsed, stored as loose entries, the pack kept.
  for (int i = 0; i < 3; ++i) write_all(root / ("m" + std::to_string(i) + ".py"), "y = " + std::to_string(i) + "\n");
  auto few = extract::extract_files(walk(), 2, &c, nullptr, trust_all());
  CHECK(few.cache_hits == 61);
  CHECK(loose_entries(c) == 3);
  CHECK(fs::last_write_time(c.pack_path()) == first_pack);
  // More: a new pack of the current files, no loose entries left.
  for (int i = 0; i < 5; ++i) write_all(root / ("m" + std::to_string(i) + ".py"), "z = " + std::to_string(i) + "\n");
  auto many = extract::extract_files(walk(), 2, &c, nullptr, trust_all());
  CHECK(many.cache_hits == 59);
  CHECK(loose_entries(c) == 0);
  c.begin_run(trust_all());
  for (const auto& f : walk()) CHECK(c.stamped_key(f.path, f.stamp));
  auto after = extract::extract_files(walk(), 2, &c, nullptr, trust_all());
  CHECK(after.cache_hits == 64);
}

TEST_CASE("concurrent runs on one cache folder leave a usable pack", "[cache][pack]") {
  TempDir dir;
  Repo repo(dir.path);
  auto files = repo.files();
  std::vector<std::thread> runs;
  std::vector<std::size_t> sizes(4);
  for (int t = 0; t < 4; ++t)
    runs.emplace_back([&, t] {
      cache::FactsCache c(dir.path / "cache", "test");
      sizes[t] = extract::extract_files(files, 1, &c, nullptr, trust_all()).files.size();
    });
  for (auto& r : runs) r.join();
  for (std::size_t n : sizes) CHECK(n == files.size());
  cache::FactsCache c(dir.path / "cache", "test");
  CHECK(extract::extract_files(files, 1, &c, nullptr, trust_all()).cache_hits == static_cast<long>(files.size()));
  for (const auto& e : fs::directory_iterator(c.entries_dir()))
    CHECK(e.path().filename().string().find(".tmp.") == std::string::npos);
}
