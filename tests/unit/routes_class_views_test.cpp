// Routes: what class-based views and router subclasses declare for every
// route — class attributes `= Depends(...)`, `decorators`/`method_decorators`,
// `APIRouter` subclasses passing `dependencies=` to `super().__init__` — and
// names re-exported through a repository star-import.
#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

const model::Route& find(const model::RepoModel& m, std::string_view path) {
  for (const model::Route& r : m.routes)
    if (r.path_text == path) return r;
  FAIL("no route " << path);
  return m.routes.front();
}

std::vector<std::string> names(const std::vector<model::DependencyRef>& deps) {
  std::vector<std::string> out;
  for (const auto& d : deps) out.push_back(d.qualified);
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("class-based views: class attribute dependencies through a star re-export", "[routes][fastapi][cbv]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/deps.py", "def get_admin_user():\n    return 1\n\ndef get_db():\n    return 1\n"},
      {"app/_base/__init__.py", "from .base import *\n"},
      {"app/_base/base.py", R"py(
from fastapi import Depends
from app.deps import get_admin_user, get_db

class _Hidden:
    pass

class BaseAdminController:
    user: dict = Depends(get_admin_user)
    limit = 10

class BasePublicController:
    session = Depends(get_db)
)py"},
      {"app/views.py", R"py(
from fastapi import APIRouter, FastAPI
from app._base import BaseAdminController, BasePublicController

app = FastAPI()
router = APIRouter(prefix="/b")

class Admin(BaseAdminController):
    @router.get("/admin")
    def get_all(self):
        return []

class Public(BasePublicController):
    @router.get("/public")
    def get_public(self):
        return []

app.include_router(router)
)py"},
  });
  CHECK(has(names(find(*m, "/b/admin").dependencies), "app.deps.get_admin_user"));
  // near miss: a plain class attribute is no dependency
  CHECK(find(*m, "/b/admin").dependencies.size() == 1);
  CHECK(names(find(*m, "/b/public").dependencies) == std::vector<std::string>{"app.deps.get_db"});
}

TEST_CASE("class-based views: decorators and method_decorators", "[routes][flask][cbv]") {
  auto m = testing::model_from_source("app.py", R"py(
from flask import Flask
from flask.views import MethodView
from flask_login import login_required

app = Flask(__name__)

def audit(f):
    return f

class Base(MethodView):
    decorators = [login_required]

class Reports(Base):
    def get(self):
        return []

class Items(MethodView):
    method_decorators = {"get": [audit], "post": [login_required]}
    def get(self):
        return []

app.add_url_rule("/reports", view_func=Reports.as_view("reports"))
app.add_url_rule("/items", view_func=Items.as_view("items"))
)py");
  CHECK(has(find(*m, "/reports").decorators, "flask_login.login_required"));
  const auto& items = find(*m, "/items").decorators;
  CHECK(has(items, "app.audit"));
  CHECK(!has(items, "flask_login.login_required"));  // keyed to post, not get
}

TEST_CASE("APIRouter subclass passing dependencies to super().__init__", "[routes][fastapi]") {
  auto m = testing::model_from_source("app.py", R"py(
from fastapi import APIRouter, Depends, FastAPI

def get_current_user():
    return 1

class UserAPIRouter(APIRouter):
    def __init__(self, prefix: str = "", **kwargs):
        super().__init__(prefix=prefix, dependencies=[Depends(get_current_user)], **kwargs)

class PlainRouter(APIRouter):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)

app = FastAPI()
users = UserAPIRouter(prefix="/u")
plain = PlainRouter(prefix="/p")

@users.get("/me")
def me():
    return 1

@plain.get("/open")
def open_():
    return 1

app.include_router(users)
app.include_router(plain)
)py");
  CHECK(names(find(*m, "/u/me").router_dependencies) == std::vector<std::string>{"app.get_current_user"});
  CHECK(find(*m, "/p/open").router_dependencies.empty());
}
