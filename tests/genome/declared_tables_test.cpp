// genome::DeclaredTables must answer exactly what comparing a table with every
// declared entity through genome::same_table answers (DRIFT002 relies on it):
// case, a schema on one side only, schemas on both sides, empty names.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzer/genome/entity_correspondence.h"

using archverify::genome::DeclaredTables;
using archverify::genome::Entity;
using archverify::genome::same_table;

namespace {

Entity declared(std::string name, std::optional<std::string> table) {
  Entity e;
  e.name = std::move(name);
  e.table = std::move(table);
  return e;
}

}  // namespace

TEST_CASE("DeclaredTables agrees with same_table against every declared entity", "[genome][entities]") {
  const std::vector<Entity> entities = {
      declared("Project", std::string("projects")),      declared("Task", std::string("Public.Tasks")),
      declared("Audit", std::string("audit.log")),        declared("Empty", std::string("")),
      declared("NoTable", std::nullopt),                  declared("Org", std::string("ORGS")),
  };
  const DeclaredTables tables(entities);
  const std::vector<std::string> probes = {
      "projects", "PROJECTS", "app.projects",  // plain declared: case, schema on the model side
      "tasks", "public.tasks", "other.tasks",  // qualified declared: unqualified model, same/other schema
      "log", "audit.log", "x.log",             // qualified declared: table part only, exact, other schema
      "orgs", "", "missing", "projects.extra",
  };
  for (const std::string& t : probes) {
    bool expected = false;
    for (const Entity& d : entities)
      if (d.table && same_table(*d.table, t)) expected = true;
    INFO("table: " << t);
    CHECK(tables.contains(t) == expected);
  }
  // A few answers spelled out, so the test cannot pass by both sides being wrong the same way.
  CHECK(tables.contains("app.projects"));
  CHECK(tables.contains("tasks"));
  CHECK_FALSE(tables.contains("other.tasks"));
  CHECK_FALSE(tables.contains("x.log"));
  CHECK_FALSE(tables.contains(""));
}
