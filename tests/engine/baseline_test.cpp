// Tests of engine/baseline: the file round-trips, bad files are errors (not
// crashes), and matching follows fingerprints, not line numbers.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "analyzer/engine/baseline.h"
#include "analyzer/engine/fingerprint.h"

using namespace archverify;
using namespace archverify::engine;

namespace {

struct Site {
  std::string rule;
  std::string path;
  std::string function;
  std::string code;
  std::uint32_t line;
};

// Findings for flagged sites, fingerprinted the way the engine will do it.
std::vector<Finding> findings_for(const std::vector<Site>& sites) {
  std::vector<FingerprintInput> inputs;
  for (const Site& s : sites) inputs.push_back({s.rule, s.path, s.function, s.code});
  const auto fps = assign_fingerprints(inputs);
  std::vector<Finding> out;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    Finding f;
    f.rule_id = sites[i].rule;
    f.severity = Severity::High;
    f.where.path = sites[i].path;
    f.where.begin = {sites[i].line, 5};
    f.where.end = {sites[i].line, 17};
    f.message = "m" + std::to_string(i);
    f.snippet = sites[i].code;
    f.fingerprint = fps[i];
    out.push_back(std::move(f));
  }
  return out;
}

long count(const std::vector<Finding>& fs, BaselineState s) {
  long n = 0;
  for (const auto& f : fs) n += f.baseline == s ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("moved code stays matched, a new violation is New, a removed one is fixed",
          "[engine][baseline]") {
  auto before = findings_for({{"TEN001", "app/items.py", "list_items", "select(Item)", 12},
                              {"DB001", "app/models.py", "Item", "owner_id = Column(ForeignKey('u.id'))", 30},
                              {"AUTH001", "app/auth.py", "login", "resp.set_cookie('s', t)", 40}});
  const Baseline baseline = make_baseline(before);
  REQUIRE(baseline.entries.size() == 3);

  // list_items moved 20 lines down, AUTH001 fixed, a new TEN001 elsewhere.
  auto after = findings_for({{"TEN001", "app/items.py", "list_items", "select(Item)", 32},
                             {"TEN001", "app/items.py", "get_item", "select(Item)", 50},
                             {"DB001", "app/models.py", "Item", "owner_id  =  Column(ForeignKey('u.id'))", 30}});
  const auto fixed = apply_baseline(after, baseline);
  CHECK(after[0].baseline == BaselineState::Existing);
  CHECK(after[1].baseline == BaselineState::New);
  CHECK(after[2].baseline == BaselineState::Existing);  // whitespace-only edit
  REQUIRE(fixed.size() == 1);
  CHECK(fixed[0].rule_id == "AUTH001");
  CHECK(fixed[0].where.path == "app/auth.py");
  CHECK(fixed[0].where.begin.line == 40);
  CHECK(fixed[0].severity == Severity::High);
}

TEST_CASE("duplicates match as a multiset", "[engine][baseline]") {
  const Site dup{"TEN001", "a.py", "f", "select(Item)", 1};
  const Baseline two = make_baseline(findings_for({dup, dup}));
  SECTION("three now, two baselined: one is new") {
    auto now = findings_for({dup, dup, dup});
    CHECK(apply_baseline(now, two).empty());
    CHECK(count(now, BaselineState::Existing) == 2);
    CHECK(count(now, BaselineState::New) == 1);
  }
  SECTION("one now, two baselined: one is fixed") {
    auto now = findings_for({dup});
    CHECK(apply_baseline(now, two).size() == 1);
    CHECK(now[0].baseline == BaselineState::Existing);
  }
  SECTION("hand-merged file with a repeated fingerprint absorbs two equal findings") {
    Baseline b = two;
    b.entries[1].fingerprint = b.entries[0].fingerprint;
    auto now = findings_for({dup});
    now.push_back(now[0]);
    CHECK(apply_baseline(now, b).empty());
    CHECK(count(now, BaselineState::Existing) == 2);
  }
}

TEST_CASE("suppressed findings are not recorded", "[engine][baseline]") {
  auto fs = findings_for({{"TEN001", "a.py", "f", "x", 1}, {"TEN001", "a.py", "g", "y", 2}});
  fs[1].suppression = SuppressionKind::InSource;
  CHECK(make_baseline(fs).entries.size() == 1);
}

TEST_CASE("baseline JSON round-trips and is deterministic", "[engine][baseline]") {
  auto fs = findings_for({{"TEN001", "b.py", "f", "x", 9}, {"DB001", "a.py", "Item", "y", 3}});
  fs[0].rule_name = "unscoped-tenant-query";
  fs[0].message = "quote \" and newline \n";
  fs[1].message = "invalid UTF-8 \xff here";
  const Baseline b = make_baseline(fs);
  CHECK(b.entries[0].path == "a.py");  // sorted by location
  const std::string text = to_json_text(b);
  CHECK(text == to_json_text(make_baseline(fs)));
  CHECK(text.find("\"kind\": \"archverify-baseline\"") != std::string::npos);
  CHECK(text.find("\"schema_version\": 1") != std::string::npos);
  auto parsed = parse_baseline(text);
  REQUIRE(parsed);
  REQUIRE(parsed->entries.size() == b.entries.size());
  CHECK(parsed->entries[1] == b.entries[1]);
  CHECK(parsed->entries[0].message == "invalid UTF-8 \xEF\xBF\xBD here");  // replaced, not thrown

  const auto dir = std::filesystem::temp_directory_path() / "av_baseline_test";
  std::filesystem::create_directories(dir);
  const auto file = dir / "baseline.json";
  CHECK_FALSE(save_baseline(b, file).has_value());
  auto loaded = load_baseline(file);
  REQUIRE(loaded);
  CHECK(loaded->entries == parsed->entries);
  std::filesystem::remove_all(dir);
}

TEST_CASE("bad baseline files are errors, not crashes", "[engine][baseline]") {
  struct Bad {
    const char* text;
    const char* says;
  };
  const std::vector<Bad> bad = {
      {"", "not valid JSON"},
      {"{\"kind\": ", "not valid JSON"},
      {"[]", "JSON object"},
      {"{\"schema_version\": 1, \"findings\": []}", "not an archverify baseline"},
      {"{\"kind\": \"archverify-baseline\", \"findings\": []}", "schema_version"},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 7, \"findings\": []}", "unsupported"},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 1}", "findings"},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 1, \"findings\": [3]}", "findings[0]"},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 1, \"findings\": [{\"rule\": \"X\", \"path\": \"a\"}]}",
       "missing \"fingerprint\""},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 1, \"findings\": "
       "[{\"fingerprint\": \"f\", \"rule\": \"X\", \"path\": \"a\", \"line\": -3}]}",
       "non-negative"},
      {"{\"kind\": \"archverify-baseline\", \"schema_version\": 1, \"findings\": "
       "[{\"fingerprint\": \"f\", \"rule\": \"X\", \"path\": \"a\", \"severity\": \"huge\"}]}",
       "unknown severity"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    auto r = parse_baseline(b.text);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains(b.says));
  }
  std::mt19937 gen(7);
  for (int round = 0; round < 200; ++round) {
    std::string junk = round % 2 ? "{\"kind\": \"archverify-baseline\", \"schema_version\": 1, \"findings\": [" : "";
    const auto len = gen() % 64;
    for (unsigned i = 0; i < len; ++i) junk.push_back(static_cast<char>(gen() % 256));
    CHECK_NOTHROW(parse_baseline(junk));
  }
  auto missing = load_baseline("/nonexistent/dir/baseline.json");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("cannot open"));
}
