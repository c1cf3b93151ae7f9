// RepoModel's hashed lookups (entity_named, schema_named) answer what the
// linear searches they replace answer, before and after build_indexes():
// the first match wins, a qualified name beats a class name, misses are null.
// call_site finds the first site of a call expression, from any thread.
#include <catch2/catch.hpp>

#include <random>
#include <thread>
#include <vector>

#include "analyzer/model/repo_model.h"

using archverify::model::CallSite;
using archverify::model::Entity;
using archverify::model::Expr;
using archverify::model::RepoModel;
using archverify::model::SchemaClass;

namespace {

void fill(RepoModel& m) {
  for (const char* q : {"app.a.TaskOut", "app.b.TaskOut", "app.a.TaskOut"}) {
    SchemaClass s;
    s.name = "TaskOut";
    s.qualified = q;
    s.file = static_cast<std::uint32_t>(m.schemas.size());  // tells the duplicates apart
    m.schemas.push_back(s);
  }
  for (auto [name, qualified] : {std::pair{"Task", "app.models.Task"}, std::pair{"app.models.Task", "x.Y"}}) {
    Entity e;
    e.name = name;
    e.qualified = qualified;
    m.entities.push_back(e);
  }
}

void check_lookups(const RepoModel& m) {
  REQUIRE(m.schema_named("app.a.TaskOut") != nullptr);
  CHECK(m.schema_named("app.a.TaskOut")->file == 0);  // the first of two equal names
  REQUIRE(m.schema_named("app.b.TaskOut") != nullptr);
  CHECK(m.schema_named("app.b.TaskOut")->file == 1);
  CHECK(m.schema_named("TaskOut") == nullptr);  // by qualified name only
  CHECK(m.schema_named("") == nullptr);
  REQUIRE(m.entity_named("app.models.Task") != nullptr);
  CHECK(m.entity_named("app.models.Task")->qualified == "app.models.Task");  // qualified beats a class name
  REQUIRE(m.entity_named("Task") != nullptr);
  CHECK(m.entity_named("Task")->qualified == "app.models.Task");
  CHECK(m.entity_named("Missing") == nullptr);
}

}  // namespace

TEST_CASE("model lookups answer the same before and after build_indexes", "[model]") {
  RepoModel m;
  fill(m);
  SECTION("linear fallback") { check_lookups(m); }
  SECTION("indexed") {
    m.build_indexes();
    check_lookups(m);
  }
}

TEST_CASE("call_site finds the first site of a call expression, shared by threads", "[model]") {
  std::vector<Expr> exprs(3);  // three call expressions (their content does not matter here)
  RepoModel m;
  for (auto [expr, file] : {std::pair{0, 10u}, std::pair{1, 11u}, std::pair{0, 12u}}) {
    CallSite c;
    c.call = &exprs[static_cast<std::size_t>(expr)];
    c.file = file;  // tells the sites apart
    m.calls.push_back(c);
  }
  std::vector<const CallSite*> seen(4);
  {
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t)  // the first asker builds the index; the others wait for it
      threads.emplace_back([&, t] { seen[t] = m.call_site(&exprs[0]); });
    for (std::thread& t : threads) t.join();
  }
  for (const CallSite* s : seen) {
    REQUIRE(s != nullptr);
    CHECK(s->file == 10u);  // the first of the two sites of exprs[0]
  }
  REQUIRE(m.call_site(&exprs[1]) != nullptr);
  CHECK(m.call_site(&exprs[1])->file == 11u);
  CHECK(m.call_site(&exprs[2]) == nullptr);  // an expression no site holds
  CHECK(m.call_site(nullptr) == nullptr);
}

TEST_CASE("call_site agrees with a linear search over many sites in any order", "[model]") {
  std::vector<Expr> exprs(2000);
  RepoModel m;
  std::mt19937 rng(7);
  for (std::uint32_t i = 0; i < 3000; ++i) {  // sites in random order, some expressions twice or more
    CallSite c;
    c.call = &exprs[rng() % 1500];  // the last 500 expressions have no site
    c.file = i;
    m.calls.push_back(c);
  }
  for (const Expr& e : exprs) {
    const CallSite* first = nullptr;
    for (const CallSite& c : m.calls)
      if (c.call == &e) { first = &c; break; }
    CHECK(m.call_site(&e) == first);
  }
}
