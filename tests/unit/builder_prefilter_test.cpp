// Near misses of the builders' cheap skips: build_queries skips a block with no
// possible chain root and build_row_iterations a block with no loop, and cookie
// writes read app.config.update(...) in the same pass as set_cookie. Each case
// here is a block one of those skips could wrongly drop: roots spelled through
// aliases, star-imports, module attributes and factories in other modules,
// `Model.query` without a call, loops hidden in with-items and nested blocks.
#include <catch2/catch.hpp>

#include "analyzer/model/repo_model.h"
#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

const char* kModels = R"py(
from sqlalchemy.orm import declarative_base
Base = declarative_base()
class Project(Base):
    __tablename__ = "projects"
)py";

std::size_t sites_in(const model::RepoModel& m, std::string_view path) {
  std::size_t n = 0;
  for (const auto& q : m.queries) n += q.where.path == path;
  return n;
}

const model::QuerySite* site_at(const model::RepoModel& m, std::string_view path, std::uint32_t line) {
  for (const auto& q : m.queries)
    if (q.where.path == path && q.where.begin.line == line) return &q;
  return nullptr;
}

}  // namespace

TEST_CASE("query roots under other names are still found", "[queries][prefilter]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/models.py", kModels},
      {"app/sql.py", R"py(
from sqlalchemy import select as pick
from sqlalchemy import *
)py"},
      {"app/base.py", R"py(
from sqlalchemy import select

def scoped(model, ws):
    return select(model).where(model.ws == ws)
)py"},
      {"app/alias_star.py", R"py(
from app.sql import *
from app.models import Project

def a(session):
    return session.execute(pick(Project)).scalars().all()
)py"},
      {"app/factory_alias.py", R"py(
from app.base import scoped as sc
from app.models import Project

def b(session, ws):
    return session.execute(sc(Project, ws)).scalars().all()
)py"},
      {"app/factory_module.py", R"py(
from app import base
from app.models import Project

def c(session, ws):
    return session.execute(base.scoped(Project, ws)).scalars().all()
)py"},
      {"app/model_query.py", R"py(
from app.models import Project

def d():
    q = Project.query
    return q.all()
)py"},
      {"app/nothing.py", R"py(
from app.models import Project

def e(items):
    return [str(i) for i in items]
)py"},
  });
  CHECK(site_at(*m, "app/alias_star.py", 6));
  const model::QuerySite* b = site_at(*m, "app/factory_alias.py", 6);
  REQUIRE(b);
  CHECK(b->factory.file != model::kNoIndex);
  const model::QuerySite* c = site_at(*m, "app/factory_module.py", 6);
  REQUIRE(c);
  CHECK(c->factory.file != model::kNoIndex);
  const model::QuerySite* d = site_at(*m, "app/model_query.py", 5);
  REQUIRE(d);
  CHECK(d->kind == model::QueryKind::ModelQuery);
  CHECK(d->executed);
  CHECK(sites_in(*m, "app/nothing.py") == 0);
}

TEST_CASE("a root in a nested block, a with-item or a decorator-free class body counts", "[queries][prefilter]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/models.py", kModels},
      {"app/nested.py", R"py(
from sqlalchemy import select
from app.models import Project

def f(session, flag):
    if flag:
        try:
            rows = session.execute(select(Project)).scalars().all()
        except Exception:
            rows = []
    return rows

def g(session):
    with session.begin():
        with session.execute(select(Project)) as result:
            return result

class Repo:
    DEFAULT = select(Project)
)py"},
  });
  CHECK(site_at(*m, "app/nested.py", 8));
  CHECK(site_at(*m, "app/nested.py", 15));
  CHECK(site_at(*m, "app/nested.py", 19));
}

TEST_CASE("loops hidden in with-items, targets and nested blocks are row iterations", "[row_loops][prefilter]") {
  auto m = testing::model_from_sources({
      {"app/loops.py", R"py(
def f(items, ctx):
    with ctx([i.id for i in items]) as c:
        pass

def g(d, items):
    d[[i for i in items][0]] = 1

def h(items, flag):
    if flag:
        while True:
            for i in items:
                print(i.name)

def none(x):
    return x + 1
)py"},
  });
  std::vector<std::uint32_t> lines;
  for (const auto& it : m->row_iterations)
    if (it.where.path == "app/loops.py") lines.push_back(it.where.begin.line);
  CHECK(std::count(lines.begin(), lines.end(), 3u) == 1);
  CHECK(std::count(lines.begin(), lines.end(), 7u) == 1);
  CHECK(std::count(lines.begin(), lines.end(), 12u) == 1);
  CHECK(lines.size() == 3);
}

TEST_CASE("config.update writes keep their place beside set_cookie writes", "[cookies][prefilter]") {
  auto m = testing::model_from_sources({
      {"app.py", R"py(
from flask import Flask, make_response
app = Flask(__name__)
app.config.update(SESSION_COOKIE_SECURE=False, REMEMBER_COOKIE_SECURE=False)

@app.route("/")
def index():
    r = make_response("x")
    r.set_cookie("token", "v", secure=False)
    app.config.from_mapping({"SESSION_COOKIE_HTTPONLY": False})
    return r
)py"},
  });
  REQUIRE(m->cookie_writes.size() == 4);
  CHECK(m->cookie_writes[0].kind == model::CookieWriteKind::FlaskConfig);
  CHECK(m->cookie_writes[0].family == model::FlaskCookieFamily::Session);
  CHECK(m->cookie_writes[1].family == model::FlaskCookieFamily::Remember);
  CHECK(m->cookie_writes[2].kind == model::CookieWriteKind::SetCookie);
  CHECK(m->cookie_writes[3].kind == model::CookieWriteKind::FlaskConfig);
  CHECK(m->cookie_writes[3].where.begin.line == 10);
}

TEST_CASE("statements before the first root and a query built across blocks", "[queries][prefilter]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/models.py", kModels},
      {"app/late.py", R"py(
from sqlalchemy import select
from app.models import Project

def f(session, ids):
    total = 0
    for i in ids:
        total += i
    stmt = select(Project)
    if total:
        stmt = stmt.where(Project.id.in_(ids))
    stmt = stmt.with_dialect_hint("x")
    return session.execute(stmt).scalars().all()
)py"},
  });
  const model::QuerySite* q = site_at(*m, "app/late.py", 9);
  REQUIRE(q);
  CHECK(q->kind == model::QueryKind::Select);
  CHECK(q->filters.size() == 1);
  CHECK(q->executed);
  CHECK(sites_in(*m, "app/late.py") == 1);
}
