// Row iterations: for loops and comprehensions, their iterable source (query
// site, local variable, repository function, enclosing loop variable) and the
// attribute chains read on the loop variable.
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;
using model::IterableSource;
using model::IterationKind;

namespace {

const char* kModels = R"py(
from sqlalchemy.orm import DeclarativeBase, relationship
class Base(DeclarativeBase):
    pass
class Incident(Base):
    __tablename__ = "incidents"
    commander = relationship("Participant")
class Project(Base):
    __tablename__ = "projects"
    tasks = relationship("Task")
)py";

std::unique_ptr<model::RepoModel> build(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> src{{"app/__init__.py", ""}, {"app/models.py", kModels}};
  for (const auto& [k, v] : extra) src[k] = v;
  return testing::model_from_sources(src);
}

std::vector<const model::RowIteration*> in_file(const model::RepoModel& m, const std::string& path) {
  std::vector<const model::RowIteration*> out;
  for (const auto& it : m.row_iterations)
    if (m.files[it.file].path == path) out.push_back(&it);
  return out;
}

std::vector<std::string> chains(const model::RowIteration& it) {
  std::vector<std::string> out;
  for (const auto& r : it.reads) {
    std::string s = r.variable;
    for (const auto& c : r.chain) s += "." + c;
    if (r.called) s += "()";
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("for loop over a query variable reads relationship chains", "[row_loops]") {
  auto m = build({{"app/scheduled.py", R"py(
from sqlalchemy import select
from app.models import Incident

def daily(db_session):
    incidents = db_session.scalars(select(Incident).where(Incident.status == "active")).all()
    for incident in incidents:
        name = incident.commander.individual.name
        incident.notify()
        send(incident.id, incident.title.upper())
)py"}});
  auto its = in_file(*m, "app/scheduled.py");
  REQUIRE(its.size() == 1);
  const auto& it = *its[0];
  CHECK(it.kind == IterationKind::ForLoop);
  CHECK(it.variables == std::vector<std::string>{"incident"});
  CHECK(it.source == IterableSource::Variable);
  CHECK(it.iterable_variable == "incidents");
  REQUIRE(it.iterable_assignment);
  REQUIRE(it.query != model::kNoIndex);
  CHECK(m->queries[it.query].primary()->name == "Incident");
  CHECK(chains(it) == std::vector<std::string>{"incident.commander.individual.name", "incident.notify()", "incident.id",
                                               "incident.title.upper()"});
  REQUIRE(it.reads[0].chain.size() == 3);
  CHECK(it.reads[0].where.begin.line == 8);
}

TEST_CASE("comprehensions: list/dict/generator, multiple clauses, direct query iterable", "[row_loops]") {
  auto m = build({{"app/api.py", R"py(
from sqlalchemy import select
from app.models import Project

async def api(db):
    result = await db.execute(select(Project))
    out = [{"id": p.id, "tasks": [t.title for t in p.tasks]} for p in result.scalars()]
    by_id = {p.id: p.owner.name for p in (await db.execute(select(Project))).scalars().all()}
    flat = list(t.tag for p in out for t in p.tasks)
    return out, by_id, flat
)py"}});
  auto its = in_file(*m, "app/api.py");
  REQUIRE(its.size() == 5);
  // [... for p in result.scalars()] and the nested [t.title for t in p.tasks]
  const auto& outer = *its[0];
  CHECK(outer.kind == IterationKind::ListComprehension);
  CHECK(outer.source == IterableSource::Query);
  REQUIRE(outer.query != model::kNoIndex);
  CHECK(chains(outer) == std::vector<std::string>{"p.id", "p.tasks"});
  const auto& inner = *its[1];
  CHECK(inner.source == IterableSource::LoopVariable);
  CHECK(inner.iterable_variable == "p");
  CHECK(inner.parent == static_cast<std::uint32_t>(its[0] - &m->row_iterations[0]));
  CHECK(chains(inner) == std::vector<std::string>{"t.title"});
  const auto& dict = *its[2];
  CHECK(dict.kind == IterationKind::DictComprehension);
  CHECK(dict.source == IterableSource::Query);
  CHECK(chains(dict) == std::vector<std::string>{"p.id", "p.owner.name"});
  CHECK(dict.query != outer.query);
  const auto& g1 = *its[3];
  const auto& g2 = *its[4];
  CHECK(g1.kind == IterationKind::Generator);
  CHECK(chains(g1) == std::vector<std::string>{"p.tasks"});  // read in the second clause's iterable
  CHECK(g2.source == IterableSource::LoopVariable);
  CHECK(g2.parent == static_cast<std::uint32_t>(its[3] - &m->row_iterations[0]));
  CHECK(chains(g2) == std::vector<std::string>{"t.tag"});
}

TEST_CASE("rows returned by a repository function, one call level deep", "[row_loops]") {
  auto m = build({{"app/repo.py", R"py(
from sqlalchemy import select
from app.models import Project

def list_projects(session, ws):
    return session.scalars(select(Project).where(Project.workspace_id == ws)).all()
)py"},
                  {"app/routes.py", R"py(
from app import repo
from app.repo import list_projects

def index(session, ws):
    for p in list_projects(session, ws):
        print(p.tasks)
    rows = repo.list_projects(session, ws)
    return [r.owner for r in rows]
)py"}});
  auto its = in_file(*m, "app/routes.py");
  REQUIRE(its.size() == 2);
  CHECK(its[0]->source == IterableSource::Call);
  REQUIRE(its[0]->iterable_call.valid());
  CHECK(m->files[its[0]->iterable_call.file].functions[its[0]->iterable_call.function].name == "list_projects");
  CHECK(its[0]->query == model::kNoIndex);
  CHECK(its[1]->source == IterableSource::Variable);
  CHECK(its[1]->iterable_call.valid());
  CHECK(its[1]->iterable_callee == "repo.list_projects");
}

TEST_CASE("hand-written N+1: a query executed in the loop body", "[row_loops]") {
  auto m = build({{"app/n1.py", R"py(
from app.models import Project, Task

def report(db):
    for project in db.query(Project).all():
        count = db.query(Task).filter(Task.project_id == project.id).count()
        print(project.name, count)
)py"}});
  auto its = in_file(*m, "app/n1.py");
  REQUIRE(its.size() == 1);
  CHECK(its[0]->source == IterableSource::Query);
  REQUIRE(its[0]->queries_in_body.size() == 1);
  const auto& inner = m->queries[its[0]->queries_in_body[0]];
  CHECK(inner.entities.at(0).name == "Task");
  CHECK(inner.terminal == model::QueryTerminal::Count);
  CHECK(inner.filters.at(0).value_refs.at(0).chain == "project.id");
  CHECK(inner.filters.at(0).value_refs.at(0).origin == model::ValueOrigin::Local);
}

TEST_CASE("near misses: loops over plain data are iterations with no query", "[row_loops]") {
  auto m = build({{"app/misc.py", R"py(
def f(items, config):
    for k, v in config.items():
        print(k.upper(), v)
    for i in range(10):
        pass
    return [x for x in items]
)py"}});
  auto its = in_file(*m, "app/misc.py");
  REQUIRE(its.size() == 3);
  for (const auto* it : its) CHECK(it->query == model::kNoIndex);
  CHECK(its[0]->variables == std::vector<std::string>{"k", "v"});
  CHECK(its[0]->source == IterableSource::Call);
  CHECK_FALSE(its[0]->iterable_call.valid());
  CHECK(chains(*its[0]) == std::vector<std::string>{"k.upper()"});
  CHECK(its[2]->source == IterableSource::Variable);
  CHECK(its[2]->reads.empty());
}
