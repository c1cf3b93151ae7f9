// Query factories: `scoped_select(Project, ws)` where the repository function
// returns `select(model)…` for its parameter starts a query site of the
// argument's entity, with `factory` set; near misses stay what they were.
#include <catch2/catch.hpp>

#include "analyzer/model/repo_model.h"
#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {
const model::QuerySite* site_in(const model::RepoModel& m, std::string_view path, std::uint32_t line) {
  for (const auto& q : m.queries)
    if (q.where.path == path && q.where.begin.line == line) return &q;
  return nullptr;
}
}  // namespace

TEST_CASE("a query factory call starts a site of the argument's entity", "[queries][factory]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/services/__init__.py", ""},
      {"app/models.py", R"py(
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Project(Base):
    __tablename__ = "projects"
)py"},
      {"app/services/base.py", R"py(
from sqlalchemy import select

def scoped_select(model, workspace_id):
    return select(model).where(model.workspace_id == workspace_id)

def not_a_factory(name):
    return name.upper()

class Repo:
    def query_of(self, session, model):
        return session.query(model)
)py"},
      {"app/services/projects.py", R"py(
from app.extensions import db
from app.models import Project
from app.services.base import Repo, not_a_factory, scoped_select

def list_projects(ws):
    stmt = scoped_select(Project, ws).where(Project.archived.is_(False))
    return list(db.session.execute(stmt).scalars())

def shout():
    return not_a_factory("x")

def by_variable(cls, ws):
    return scoped_select(cls, ws)
)py"},
  });
  const model::QuerySite* q = site_in(*m, "app/services/projects.py", 7);
  REQUIRE(q);
  CHECK(q->kind == model::QueryKind::Select);
  CHECK(q->factory.valid());
  REQUIRE(q->primary());
  CHECK(q->primary()->name == "Project");
  CHECK(q->executed);
  CHECK(q->yields_many());
  CHECK(q->filters.size() == 1);  // the factory's workspace filter stays on its own site
  CHECK_FALSE(site_in(*m, "app/services/projects.py", 11));  // not a factory
  CHECK_FALSE(site_in(*m, "app/services/projects.py", 14));  // the argument is not an ORM class
}
