// Routes: router classes made by a factory function, and dependency objects
// (`_Read = Authenticator(...)`, `Depends(_Read)`) declared through Annotated
// aliases in another module — what built them and which alias carried them.
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

const model::Route* find(const model::RepoModel& m, std::string_view path) {
  for (const model::Route& r : m.routes)
    if (r.path_text == path) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("an APIRouter class returned by a factory makes routers", "[routes][fastapi]") {
  auto m = testing::model_from_sources({{"pkg/routing.py", R"py(
from fastapi import APIRouter as _APIRouter

def get_router_class(route_class):
    class _Custom(_APIRouter):
        def __init__(self, *args, **kwargs):
            kwargs["route_class"] = route_class
            super().__init__(*args, **kwargs)
    return _Custom

def get_plain_class():
    class _NotARouter:
        pass
    return _NotARouter

APIRouter = get_router_class(object)
Other = get_plain_class()
)py"},
                                        {"pkg/items.py", R"py(
from fastapi import FastAPI
from pkg.routing import APIRouter, Other

app = FastAPI()
router = APIRouter(prefix="/items")
other = Other()

@router.get("/")
def list_items():
    return []

@other.get("/not-a-route")
def nothing():
    return []

app.include_router(router, prefix="/v1")
)py"}});
  REQUIRE(find(*m, "/v1/items/"));
  CHECK(find(*m, "/v1/items/")->mounted);
  CHECK_FALSE(find(*m, "/not-a-route"));
}

TEST_CASE("a dependency object records the callable that built it and its alias", "[routes][fastapi]") {
  auto m = testing::model_from_sources({{"pkg/guards.py", R"py(
def Authenticator(allowed):
    return object()
)py"},
                                        {"pkg/scopes.py", R"py(
from typing import Annotated
from fastapi import Depends
from pkg.guards import Authenticator

def get_db():
    return None

_Read = Authenticator(allowed={"user"})
Read = Annotated[dict, Depends(_Read)]
Session = Annotated[object, Depends(get_db)]
)py"},
                                        {"pkg/api.py", R"py(
from fastapi import Depends, FastAPI
from pkg import scopes

app = FastAPI()

@app.get("/things")
def things(subject: scopes.Read, db: scopes.Session, direct=Depends(scopes._Read)):
    return []
)py"}});
  const model::Route* r = find(*m, "/things");
  REQUIRE(r);
  REQUIRE(r->dependencies.size() == 3);
  const model::DependencyRef* read = nullptr;
  const model::DependencyRef* session = nullptr;
  const model::DependencyRef* direct = nullptr;
  for (const model::DependencyRef& d : r->dependencies) {
    if (d.qualified == "pkg.scopes._Read" && !d.via_alias.empty()) read = &d;
    else if (d.qualified == "pkg.scopes._Read") direct = &d;
    else session = &d;
  }
  REQUIRE(read);
  REQUIRE(direct);
  REQUIRE(session);
  CHECK(read->built_by == "pkg.guards.Authenticator");
  CHECK(read->via_alias == "pkg.scopes.Read");
  CHECK(direct->built_by == "pkg.guards.Authenticator");
  CHECK(direct->via_alias.empty());
  // near miss: a function target is not an object built by a call
  CHECK(session->qualified == "pkg.scopes.get_db");
  CHECK(session->built_by.empty());
  CHECK(session->via_alias == "pkg.scopes.Session");
}
