// Query sites: every chain idiom (2.0 select, legacy query, Flask-SQLAlchemy
// Model.query, session.get, update/delete/insert, bulk), filter trees, loader
// options, terminals, flows, chain-building merge, and near misses.
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;
using model::CompareOp;
using model::FilterTermKind;
using model::QueryKind;
using model::QueryTerminal;
using model::ResultFlowKind;

namespace {

const char* kModels = R"py(
from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

class Base(DeclarativeBase):
    pass

class Workspace(Base):
    __tablename__ = "workspaces"
    id: Mapped[int] = mapped_column(primary_key=True)

class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    owner = relationship("User")
    tasks = relationship("Task")

class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"))
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
    tags = relationship("Tag")

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id"))
)py";

std::unique_ptr<model::RepoModel> build(const std::string& src) {
  return testing::model_from_sources({{"app/__init__.py", ""}, {"app/models.py", kModels}, {"app/svc.py", src}});
}

std::vector<const model::QuerySite*> sites_in(const model::RepoModel& m, const std::string& path) {
  std::vector<const model::QuerySite*> out;
  for (const auto& q : m.queries)
    if (m.files[q.file].path == path) out.push_back(&q);
  return out;
}

const model::QuerySite& only_site(const model::RepoModel& m) {
  auto s = sites_in(m, "app/svc.py");
  REQUIRE(s.size() == 1);
  return *s[0];
}

}  // namespace

TEST_CASE("2.0 select chain: entity, where terms, options, awaited execute, returned", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from sqlalchemy.orm import selectinload, joinedload
from sqlalchemy.ext.asyncio import AsyncSession
from app.models import Project, User

async def list_projects(db: AsyncSession, workspace_id: int):
    stmt = select(Project).where(Project.workspace_id == workspace_id, Project.id > 3).options(
        selectinload(Project.tasks).selectinload(Task.tags), joinedload("owner"))
    result = await db.execute(stmt)
    return result.scalars().all()
)py");
  const auto& q = only_site(*m);
  CHECK(q.kind == QueryKind::Select);
  REQUIRE(q.primary());
  CHECK(q.primary()->qualified == "app.models.Project");
  CHECK(q.primary()->name == "Project");
  REQUIRE(q.filters.size() == 2);
  CHECK(q.filters[0].kind == FilterTermKind::Compare);
  CHECK(q.filters[0].entity == "Project");
  CHECK(q.filters[0].entity_qualified == "app.models.Project");
  CHECK(q.filters[0].column == "workspace_id");
  CHECK(q.filters[0].op == CompareOp::Eq);
  REQUIRE(q.filters[0].value_refs.size() == 1);
  CHECK(q.filters[0].value_refs[0].origin == model::ValueOrigin::Parameter);
  CHECK(q.filters[1].op == CompareOp::Gt);
  REQUIRE(q.options.size() == 2);
  REQUIRE(q.options[0].path.size() == 2);
  CHECK(q.options[0].path[0].strategy == model::LoaderStrategy::SelectIn);
  CHECK(q.options[0].path[0].entity == "Project");
  CHECK(q.options[0].path[0].attribute == "tasks");
  CHECK(q.options[0].path[1].attribute == "tags");
  REQUIRE(q.options[1].path.size() == 1);
  CHECK(q.options[1].path[0].strategy == model::LoaderStrategy::Joined);
  CHECK(q.options[1].path[0].attribute == "owner");
  CHECK(q.executed);
  CHECK(q.awaited);
  CHECK(q.async_session);
  CHECK(q.terminal == QueryTerminal::All);
  CHECK(q.session == "db");
  CHECK(q.filter_parameters == std::vector<std::string>{"workspace_id"});
  REQUIRE(q.flows.size() == 3);
  CHECK(q.flows[0].kind == ResultFlowKind::Assigned);
  CHECK(q.flows[0].variables == std::vector<std::string>{"stmt"});
  CHECK(q.flows[1].kind == ResultFlowKind::Assigned);
  CHECK(q.flows[1].variables == std::vector<std::string>{"result"});
  CHECK(q.flows[2].kind == ResultFlowKind::Returned);
  CHECK(q.statements.size() == 3);
}

TEST_CASE("chain-building idiom merges into one site and accumulates filters", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

async def search(db, workspace_id, name=None, archived=None):
    q = select(Project)
    if name:
        q = q.where(Project.name.ilike(name))
    if archived is not None:
        q = q.where(Project.archived.is_(archived))
    q = q.where(Project.workspace_id == workspace_id)
    rows = (await db.execute(q)).scalars().all()
    return rows
)py");
  const auto& q = only_site(*m);
  REQUIRE(q.filters.size() == 3);
  CHECK(q.filters[0].op == CompareOp::ILike);
  CHECK(q.filters[1].op == CompareOp::Is);
  CHECK(q.filters[2].column == "workspace_id");
  CHECK(q.terminal == QueryTerminal::All);
  CHECK(q.awaited);
  CHECK(q.filter_parameters == std::vector<std::string>{"archived", "name", "workspace_id"});
  REQUIRE(q.flows.size() == 3);
  CHECK(q.flows[0].kind == ResultFlowKind::Assigned);  // q = select(...)
  CHECK(q.flows[1].variables == std::vector<std::string>{"rows"});
  CHECK(q.flows[2].kind == ResultFlowKind::Returned);
}

TEST_CASE("or_/and_ trees, & and | operators, in_, not", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select, or_, and_
from app.models import Project

def shared(session, ws):
    return session.scalars(
        select(Project).where(or_(Project.workspace_id == ws, Project.workspace_id.is_(None)))
        .where((Project.id > 1) & ~Project.archived)
        .where(Project.id.in_([1, 2]))
    ).all()
)py");
  const auto& q = only_site(*m);
  REQUIRE(q.filters.size() == 3);
  const auto& orr = q.filters[0];
  CHECK(orr.kind == FilterTermKind::Or);
  REQUIRE(orr.children.size() == 2);
  CHECK(orr.children[0].op == CompareOp::Eq);
  CHECK(orr.children[1].op == CompareOp::Is);
  CHECK(orr.children[1].column == "workspace_id");
  CHECK(q.filters[1].kind == FilterTermKind::And);
  REQUIRE(q.filters[1].children.size() == 2);
  CHECK(q.filters[1].children[1].kind == FilterTermKind::Not);
  CHECK(q.filters[1].children[1].children.at(0).op == CompareOp::Truthy);
  CHECK(q.filters[2].op == CompareOp::In);
  CHECK(q.terminal == QueryTerminal::All);
  CHECK(q.flows.at(0).kind == ResultFlowKind::Returned);
}

TEST_CASE("*filters and **kwargs splats carry what built them", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

def a(session, user):
    filters = [Project.workspace_id == user.workspace_id]
    filters.append(Project.id > 0)
    return session.execute(select(Project).where(*filters)).scalars().all()

def b(session, user):
    criteria = {"workspace_id": user.workspace_id}
    criteria["archived"] = False
    return session.query(Project).filter_by(**criteria).all()
)py");
  auto s = sites_in(*m, "app/svc.py");
  REQUIRE(s.size() == 2);
  const auto& splat = s[0]->filters.at(0);
  CHECK(splat.kind == FilterTermKind::Splat);
  CHECK(splat.variable == "filters");
  CHECK(splat.variable_statements.size() == 2);
  REQUIRE(splat.children.size() == 2);
  CHECK(splat.children[0].column == "workspace_id");
  CHECK(splat.children[0].value_refs.at(0).chain == "user.workspace_id");
  CHECK(s[0]->filter_parameters == std::vector<std::string>{"user"});
  const auto& kw = s[1]->filters.at(0);
  CHECK(kw.kind == FilterTermKind::KwSplat);
  CHECK(kw.variable == "criteria");
  REQUIRE(kw.children.size() == 2);
  CHECK(kw.children[0].column == "workspace_id");
  CHECK(kw.children[1].column == "archived");
  CHECK(s[1]->kind == QueryKind::LegacyQuery);
}

TEST_CASE("legacy session.query: filter_by, joins, bulk update/delete", "[queries]") {
  auto m = build(R"py(
from app.models import Project, Task, User

def legacy(db, ws, pid):
    rows = db.query(Project).join(Task, Task.project_id == Project.id).join(Project.owner).filter_by(workspace_id=ws).all()
    db.query(Task).filter(Task.project_id == pid).update({Task.workspace_id: ws}, synchronize_session=False)
    db.query(Task).filter(Task.project_id == pid).delete()
    names = db.query(User.id, User.name).first()
    return rows
)py");
  auto s = sites_in(*m, "app/svc.py");
  REQUIRE(s.size() == 4);
  CHECK(s[0]->kind == QueryKind::LegacyQuery);
  REQUIRE(s[0]->entities.size() == 3);
  CHECK(s[0]->entities[1].role == model::EntityRole::Joined);
  CHECK(s[0]->entities[1].name == "Task");
  CHECK(s[0]->entities[2].relationship == "owner");
  CHECK(s[0]->entities[2].name == "Project");
  REQUIRE(s[0]->filters.size() == 2);
  CHECK(s[0]->filters[0].clause == model::FilterClause::JoinOn);
  CHECK(s[0]->filters[1].clause == model::FilterClause::FilterBy);
  CHECK(s[0]->filters[1].column == "workspace_id");
  CHECK(s[0]->filters[1].entity.empty());
  CHECK(s[0]->terminal == QueryTerminal::All);
  CHECK(s[0]->flows.size() == 2);  // assigned rows, returned rows
  CHECK(s[1]->kind == QueryKind::BulkUpdate);
  REQUIRE(s[1]->values.size() == 1);
  CHECK(s[1]->values[0].column == "workspace_id");
  CHECK(s[1]->flows.at(0).kind == ResultFlowKind::Discarded);
  CHECK(s[2]->kind == QueryKind::BulkDelete);
  CHECK(s[2]->executed);
  CHECK(s[3]->entities.at(0).role == model::EntityRole::Column);
  CHECK(s[3]->entities.at(0).name == "User");
  CHECK(s[3]->terminal == QueryTerminal::First);
}

TEST_CASE("Flask-SQLAlchemy Model.query, get, get_or_404, paginate, db.select", "[queries]") {
  auto m = build(R"py(
from app.models import Project, Task
from app.ext import db

def views(pid, ws):
    a = Project.query.filter_by(workspace_id=ws).order_by(Project.id).all()
    b = Project.query.get(pid)
    c = Task.query.get_or_404(pid)
    d = db.session.get(Project, pid)
    e = db.get_or_404(Task, pid)
    page = db.paginate(db.select(Project).where(Project.workspace_id == ws), per_page=20)
    for p in page.items:
        print(p.owner.name)
    return a, b, c, d, e
)py");
  auto s = sites_in(*m, "app/svc.py");
  REQUIRE(s.size() == 6);
  CHECK(s[0]->kind == QueryKind::ModelQuery);
  CHECK(s[0]->terminal == QueryTerminal::All);
  CHECK(s[0]->session.empty());
  CHECK(s[1]->kind == QueryKind::SessionGet);
  CHECK(s[1]->terminal == QueryTerminal::Get);
  REQUIRE(s[1]->identity);
  CHECK(s[1]->identity->text == "pid");
  CHECK(s[2]->kind == QueryKind::SessionGet);
  CHECK(s[2]->terminal == QueryTerminal::GetOr404);
  CHECK(s[3]->kind == QueryKind::SessionGet);
  CHECK(s[3]->session == "db.session");
  CHECK(s[3]->filters.at(0).clause == model::FilterClause::GetIdentity);
  CHECK(s[4]->kind == QueryKind::SessionGet);
  CHECK(s[4]->terminal == QueryTerminal::GetOr404);
  CHECK(s[5]->kind == QueryKind::Select);
  CHECK(s[5]->terminal == QueryTerminal::Paginate);
  CHECK(s[5]->filters.at(0).column == "workspace_id");
  bool iterated = false;
  for (const auto& f : s[5]->flows) iterated |= f.kind == ResultFlowKind::Iterated;
  CHECK(iterated);
}

TEST_CASE("update/delete/insert statements and subqueries", "[queries]") {
  auto m = build(R"py(
import sqlalchemy as sa
from sqlalchemy import update, delete, insert, select
from app.models import Project, User

async def writes(session, ws, uid):
    await session.execute(update(Project).where(Project.id == 1).values(workspace_id=ws))
    await session.execute(delete(Project).where(Project.workspace_id.in_(select(User.workspace_id).where(User.id == uid))))
    await session.execute(insert(Project).values(workspace_id=ws))
    n = await session.scalar(sa.select(sa.func.count(Project.id)))
    return n
)py");
  auto s = sites_in(*m, "app/svc.py");
  REQUIRE(s.size() == 5);
  CHECK(s[0]->kind == QueryKind::Update);
  CHECK(s[0]->values.at(0).column == "workspace_id");
  CHECK(s[0]->flows.at(0).kind == ResultFlowKind::Discarded);
  CHECK(s[0]->awaited);
  CHECK(s[1]->kind == QueryKind::Delete);
  CHECK(s[1]->filters.at(0).op == CompareOp::In);
  CHECK(s[2]->kind == QueryKind::Select);  // the subquery
  CHECK(s[2]->flows.at(0).kind == ResultFlowKind::Subquery);
  CHECK_FALSE(s[2]->executed);
  CHECK(s[3]->kind == QueryKind::Insert);
  CHECK(s[4]->entities.at(0).role == model::EntityRole::Column);
  CHECK(s[4]->entities.at(0).name == "Project");
  CHECK(s[4]->terminal == QueryTerminal::Scalar);
}

TEST_CASE("helpers, argument flows and iteration", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

def scoped(q, user):
    return q.where(Project.workspace_id == user.workspace_id)

def handler(session, user):
    q = select(Project)
    q = scoped(q, user)
    rows = session.scalars(q).all()
    names = [r.name for r in rows]
    for p in session.query(Project):
        print(p.owner)
    return render(rows)
)py");
  auto s = sites_in(*m, "app/svc.py");
  // scoped(): `q` is a parameter, not a query it built.
  REQUIRE(s.size() == 2);
  const auto& q = *s[0];
  REQUIRE(q.helpers.size() == 1);
  CHECK(q.helpers[0].qualified == "app.svc.scoped");
  CHECK(q.helpers[0].target.valid());
  CHECK(q.terminal == QueryTerminal::All);
  std::vector<ResultFlowKind> kinds;
  for (const auto& f : q.flows) kinds.push_back(f.kind);
  CHECK(kinds == std::vector<ResultFlowKind>{ResultFlowKind::Assigned, ResultFlowKind::Assigned, ResultFlowKind::Iterated,
                                             ResultFlowKind::Argument});
  CHECK(q.flows[2].comprehension != nullptr);
  CHECK(q.flows[3].callee == "render");
  CHECK(s[1]->kind == QueryKind::LegacyQuery);
  CHECK(s[1]->executed);
  CHECK(s[1]->flows.at(0).kind == ResultFlowKind::Iterated);
}

TEST_CASE("near misses are not query sites", "[queries]") {
  auto m = build(R"py(
import os
import requests
from select import select
from app.models import Project

def not_queries(items, d, sock, url):
    select([sock], [], [], 1.0)
    d.get("key")
    os.environ.get("HOME")
    requests.delete(url)
    requests.get(url)
    s = requests.Session()
    s.get(url)
    query = "SELECT * FROM projects"
    cursor.execute(query)
    items.update({"a": 1})
    request.query.get("x")
    self_query = items.query
    return Project.objects.filter(id=1)
)py");
  CHECK(sites_in(*m, "app/svc.py").empty());
}

TEST_CASE("classmethods (cls), generic repositories (self.model), SQLModel exec, db.select", "[queries]") {
  auto m = testing::model_from_sources({{"app/__init__.py", ""}, {"app/models.py", kModels}, {"app/repo.py", R"py(
import sqlalchemy as sa
from sqlmodel import select as sm_select
from app.ext import db
from app.models import Project

class Project2(Project):
    @classmethod
    def by_ws(cls, ws):
        return db.session.execute(sa.select(cls).where(cls.workspace_id == ws)).scalars().all()

class Repo:
    def all(self, session):
        return session.scalars(sa.select(self.model)).all()

def sqlmodel_style(session, ws):
    return session.exec(sm_select(Project).where(Project.workspace_id == ws)).all()

def counts():
    return db.session.execute(db.select(db.func.count())).scalar()
)py"}});
  auto s = sites_in(*m, "app/repo.py");
  REQUIRE(s.size() == 4);
  CHECK(s[0]->primary()->qualified == "app.repo.Project2");
  CHECK(s[0]->filters.at(0).entity == "Project2");
  CHECK(s[0]->filters.at(0).column == "workspace_id");
  REQUIRE(s[1]->primary());
  CHECK(s[1]->primary()->generic);
  CHECK(s[1]->primary()->name.empty());
  CHECK(s[2]->terminal == QueryTerminal::All);
  CHECK(s[2]->executed);
  CHECK(s[3]->terminal == QueryTerminal::Scalar);
}

TEST_CASE("a query rebound through an unknown method, then chained onto a new variable, stays one site", "[queries]") {
  // keep's is_linked_provider shape: a dialect hint applied under `if`, the filters on a new variable.
  auto m = build(R"py(
from app.models import Project, Task

def is_linked(db, workspace_id, project_id):
    query = db.query(Project.id)
    if dialect == "mysql":
        query = query.with_hint(Project, "FORCE INDEX (ix)")
    if other:
        query = query.vendor_specific_tweak("x")
    linked = (
        query.outerjoin(Task, Task.project_id == Project.id)
        .filter(Project.workspace_id == workspace_id, Project.id == project_id)
        .first()
    )
    return linked is not None
)py");
  const auto& q = only_site(*m);
  REQUIRE(q.filters.size() == 3);  // the join's ON term and the two filter terms
  CHECK(q.filters[1].column == "workspace_id");
  CHECK(q.terminal == QueryTerminal::First);
  CHECK(q.executed);
}

TEST_CASE("near miss: an unknown method on a query assigned to ANOTHER name is not the query", "[queries]") {
  auto m = build(R"py(
from app.models import Project

def render(db):
    q = db.query(Project)
    text = q.compile_for_logging()
    return text.filter(Project.workspace_id == 1)
)py");
  const auto& q = only_site(*m);
  CHECK(q.filters.empty());
}

TEST_CASE("a criterion held in a local is read through its assignment; a conditional criterion is an Or", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

async def by_names(db, names, workspace_id):
    org_filter = (
        Project.workspace_id.in_(workspace_id) if isinstance(workspace_id, list) else Project.workspace_id == workspace_id
    )
    stmt = select(Project).where(Project.name.in_(names), org_filter)
    return (await db.execute(stmt)).scalars().all()
)py");
  const auto& q = only_site(*m);
  REQUIRE(q.filters.size() == 2);
  CHECK(q.filters[1].kind == FilterTermKind::Or);
  REQUIRE(q.filters[1].children.size() == 2);
  CHECK(q.filters[1].children[0].column == "workspace_id");
  CHECK(q.filters[1].children[0].op == CompareOp::In);
  CHECK(q.filters[1].children[1].op == CompareOp::Eq);
}

TEST_CASE("near miss: a local that is not a criterion stays Other", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

async def flagged(db):
    flag = compute_flag()
    return (await db.execute(select(Project).where(flag))).scalars().all()
)py");
  const auto& q = only_site(*m);
  REQUIRE(q.filters.size() == 1);
  CHECK(q.filters[0].kind == FilterTermKind::Other);
}

TEST_CASE("select_from a join built on a non-ORM left side (held in a local) joins its entities with their ON terms", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import and_, select
from app.models import Project, Task

async def buckets(db, series, readable):
    from_clause = series.join(Project, isouter=True, onclause=and_(Project.id.in_(readable), Project.name != "")).join(
        Task, Task.project_id == Project.id
    )
    stmt = select(series.c.ts).select_from(from_clause)
    return (await db.execute(stmt)).all()
)py");
  const auto& q = only_site(*m);
  std::vector<std::string> joined;
  for (const auto& e : q.entities)
    if (e.role == model::EntityRole::Joined) joined.push_back(e.name);
  CHECK(joined == std::vector<std::string>{"Project", "Task"});
  REQUIRE(q.filters.size() == 2);
  CHECK(q.filters[0].kind == FilterTermKind::And);
  CHECK(q.filters[1].column == "project_id");
}

TEST_CASE("near miss: select_from an ORM class or an unknown local stays a plain FROM", "[queries]") {
  auto m = build(R"py(
from sqlalchemy import select
from app.models import Project

async def plain(db, sub):
    stmt = select(Project.id).select_from(Project)
    return (await db.execute(stmt)).all()
)py");
  const auto& q = only_site(*m);
  CHECK(q.filters.empty());
  REQUIRE(!q.entities.empty());
  CHECK(q.entities.back().role == model::EntityRole::Selected);
}
