// Module naming, import resolution and symbol lookup across files.
#include <catch2/catch.hpp>

#include "analyzer/extract/lower_python.h"
#include "analyzer/resolve/module_table.h"
#include "analyzer/resolve/symbols.h"
#include "tests/support/model_from_source.h"

using namespace archverify;
using resolve::Symbol;

namespace {
struct Fixture {
  std::vector<model::FileFacts> files;
  std::unique_ptr<resolve::ModuleTable> modules;
  std::unique_ptr<resolve::SymbolResolver> symbols;
  explicit Fixture(const std::map<std::string, std::string>& src) {
    for (const auto& [p, s] : src) files.push_back(extract::lower_python_source(p, s));
    modules = std::make_unique<resolve::ModuleTable>(files);
    symbols = std::make_unique<resolve::SymbolResolver>(files, *modules);
  }
  std::uint32_t idx(const std::string& path) const {
    for (std::uint32_t i = 0; i < files.size(); ++i) if (files[i].path == path) return i;
    FAIL("no file " << path);
    return 0;
  }
  const model::Expr& value_of(const std::string& path, std::size_t stmt) const {
    const auto& body = files[idx(path)].body;
    REQUIRE(stmt < body.size());
    return body[stmt].value;
  }
};
}  // namespace

TEST_CASE("module names: packages, src layout, namespace dirs", "[resolve][modules]") {
  Fixture fx({{"src/shop/__init__.py", ""}, {"src/shop/models/__init__.py", ""}, {"src/shop/models/user.py", ""},
              {"backend/app/__init__.py", ""}, {"backend/app/main.py", ""}, {"scripts/run.py", ""}});
  CHECK(fx.modules->name_of(fx.idx("src/shop/models/user.py")) == "shop.models.user");
  CHECK(fx.modules->name_of(fx.idx("backend/app/main.py")) == "app.main");
  CHECK(fx.modules->name_of(fx.idx("scripts/run.py")) == "scripts.run");  // namespace dir: full path from the root
  CHECK(fx.modules->find("shop.models.user", 0) == fx.idx("src/shop/models/user.py"));
  CHECK(fx.modules->find("app.main", 0) == fx.idx("backend/app/main.py"));
  CHECK(fx.modules->find("backend.app.main", 0) == fx.idx("backend/app/main.py"));
  CHECK(!fx.modules->find("fastapi", 0));
}

TEST_CASE("external imports resolve to their dotted origin whatever the alias", "[resolve][symbols]") {
  Fixture fx(std::map<std::string, std::string>{{"app/routes.py", R"py(
from fastapi import APIRouter as R
import sqlalchemy as sa
import flask
r = R()
c = sa.Column(sa.Integer)
f = flask.Blueprint("x", __name__)
)py"}});
  auto f = fx.idx("app/routes.py");
  CHECK(fx.symbols->qualified_name(f, fx.value_of("app/routes.py", 3).callee()) == "fastapi.APIRouter");
  CHECK(fx.symbols->qualified_name(f, fx.value_of("app/routes.py", 4).callee()) == "sqlalchemy.Column");
  CHECK(fx.symbols->resolve(f, fx.value_of("app/routes.py", 5).callee()).is_external("flask.Blueprint"));
}

TEST_CASE("repository imports: absolute, relative, re-exported through __init__", "[resolve][symbols]") {
  Fixture fx({
      {"app/__init__.py", ""},
      {"app/models/__init__.py", "from .project import Project\n"},
      {"app/models/project.py", "class Project(Base):\n    pass\n"},
      {"app/routers/__init__.py", ""},
      {"app/routers/items.py", "from fastapi import APIRouter\nrouter = APIRouter(prefix='/items')\n"},
      {"app/main.py", "from app.models import Project\nfrom .routers import items\nfrom .routers.items import router as items_router\nx = Project\ny = items.router\nz = items_router\n"},
  });
  auto m = fx.idx("app/main.py");
  Symbol p = fx.symbols->resolve(m, fx.value_of("app/main.py", 3));
  CHECK(p.kind == Symbol::Kind::Class);
  CHECK(p.file == fx.idx("app/models/project.py"));
  CHECK(p.qualified == "app.models.project.Project");
  Symbol r = fx.symbols->resolve(m, fx.value_of("app/main.py", 4));
  CHECK(r.kind == Symbol::Kind::Variable);
  CHECK(r.file == fx.idx("app/routers/items.py"));
  REQUIRE(r.assignment);
  CHECK(r.assignment->value.keyword("prefix")->text == "/items");
  CHECK(fx.symbols->resolve(m, fx.value_of("app/main.py", 5)).file == fx.idx("app/routers/items.py"));
}

// main.py binds a repository class re-exported by a package, an external
// name, and an unknown one (statements 2, 3 and 4).
const std::map<std::string, std::string> kProjectApp = {
    {"app/__init__.py", ""},
    {"app/models/__init__.py", "from .project import Project\n"},
    {"app/models/project.py", "class Project(Base):\n    pass\n"},
    {"app/main.py", "from app.models import Project\nimport fastapi\nx = Project\ny = fastapi.APIRouter\nz = unknown\n"},
};

TEST_CASE("a fork resolves like its origin, with memos of its own", "[resolve][symbols]") {
  Fixture fx(kProjectApp);
  const auto m = fx.idx("app/main.py");
  // The fork answers first, before the origin has memoized anything.
  const resolve::SymbolResolver fork = fx.symbols->fork();
  for (std::size_t stmt : {2u, 3u, 4u}) {
    const Symbol a = fork.resolve(m, fx.value_of("app/main.py", stmt));
    const Symbol b = fx.symbols->resolve(m, fx.value_of("app/main.py", stmt));
    CHECK(a.kind == b.kind);
    CHECK(a.file == b.file);
    CHECK(a.index == b.index);
    CHECK(a.qualified == b.qualified);
  }
  CHECK(fork.resolve(m, fx.value_of("app/main.py", 2)).qualified == "app.models.project.Project");
  CHECK(fork.resolve(m, fx.value_of("app/main.py", 3)).is_external("fastapi.APIRouter"));
  CHECK_FALSE(fork.resolve(m, fx.value_of("app/main.py", 4)));
}

TEST_CASE("a resolver that forgot its memos answers as before", "[resolve][symbols]") {
  Fixture fx(kProjectApp);
  const auto m = fx.idx("app/main.py");
  auto answers = [&] {
    std::vector<std::string> out;
    for (std::size_t stmt : {2u, 3u, 4u}) {
      const Symbol s = fx.symbols->resolve(m, fx.value_of("app/main.py", stmt));
      out.push_back(std::to_string(static_cast<int>(s.kind)) + " " + std::string(s.qualified) + " " +
                    std::to_string(s.file) + " " + std::to_string(s.index));
    }
    return out;
  };
  const std::vector<std::string> before = answers();  // memoized now
  fx.symbols->forget();
  CHECK(answers() == before);  // computed again from the tables, which forget() keeps
  CHECK(before[0] == "2 app.models.project.Project " + std::to_string(fx.idx("app/models/project.py")) + " 0");
  CHECK(before[1].starts_with("5 fastapi.APIRouter "));
  CHECK(before[2].starts_with("0  "));
}

TEST_CASE("import cycles do not hang", "[resolve][symbols]") {
  Fixture fx({{"a.py", "from b import x\n"}, {"b.py", "from a import x\n"}, {"c.py", "from a import x\ny = x\n"}});
  auto s = fx.symbols->resolve(fx.idx("c.py"), fx.value_of("c.py", 1));
  CHECK(s.kind != Symbol::Kind::Class);
}

TEST_CASE("function-level imports serve app factories", "[resolve][symbols]") {
  Fixture fx({{"app/__init__.py", "def create_app():\n    from .views import bp\n    app.register_blueprint(bp)\n"},
              {"app/views.py", "from flask import Blueprint\nbp = Blueprint('v', __name__)\n"}});
  auto s = fx.symbols->lookup(fx.idx("app/__init__.py"), "bp");
  CHECK(s.kind == Symbol::Kind::Variable);
  CHECK(s.file == fx.idx("app/views.py"));
}

TEST_CASE("calls are indexed with targets in the repository", "[resolve][calls]") {
  auto m = testing::model_from_sources({
      {"svc.py", "def list_projects(db, workspace_id):\n    return db.query(P).all()\n"},
      {"api.py", "from svc import list_projects\ndef handler(db, user):\n    return list_projects(db, user.workspace_id)\n"},
  });
  const model::CallSite* found = nullptr;
  for (const auto& c : m->calls) if (c.callee == "list_projects") found = &c;
  REQUIRE(found);
  CHECK(found->target.valid());
  CHECK(m->files[found->target.file].path == "svc.py");
  CHECK(m->files[found->file].functions[found->in_function].name == "handler");
}

TEST_CASE("`from . import sub` in a package __init__ names the submodule", "[resolve][symbols]") {
  Fixture fx({{"app/__init__.py", ""},
              {"app/routes/__init__.py", "from . import admin, users\nfrom app.routes import users as u2\nx = admin.router\ny = u2.router\n"},
              {"app/routes/admin.py", "router = APIRouter(prefix='/admin')\n"},
              {"app/routes/users.py", "router = APIRouter(prefix='/users')\n"}});
  auto f = fx.idx("app/routes/__init__.py");
  auto x = fx.symbols->resolve(f, fx.value_of("app/routes/__init__.py", 2));
  CHECK(x.kind == Symbol::Kind::Variable);
  CHECK(x.file == fx.idx("app/routes/admin.py"));
  auto y = fx.symbols->resolve(f, fx.value_of("app/routes/__init__.py", 3));
  CHECK(y.file == fx.idx("app/routes/users.py"));
}
