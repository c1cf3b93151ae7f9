// Serialization schema facts: Pydantic / SQLModel / Marshmallow classes found by
// their bases across files, nested schema fields (own, inherited, many), and
// the schema a FastAPI route's response model names.
#include <catch2/catch.hpp>

#include "analyzer/model/schemas.h"
#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {
const model::SchemaClass& schema(const model::RepoModel& m, std::string_view q) {
  const model::SchemaClass* s = model::schema_by_qualified(m.schemas, q);
  if (!s) FAIL("no schema " << q);
  return *s;
}
const model::NestedField* field(const model::SchemaClass& s, std::string_view name) {
  for (const auto& f : s.nested)
    if (f.name == name) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("pydantic schemas: nested fields through Optional, List, unions, forward refs and inheritance", "[schemas]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/schemas/__init__.py", ""},
      {"app/schemas/base.py", R"py(
from pydantic import BaseModel as PydanticBase

class ORMModel(PydanticBase):
    class Config:
        orm_mode = True
)py"},
      {"app/schemas/user.py", R"py(
from app.schemas.base import ORMModel

class UserOut(ORMModel):
    id: int
    name: str
)py"},
      {"app/schemas/task.py", R"py(
from typing import List, Optional, Dict
from app.schemas.base import ORMModel
from app.schemas.user import UserOut

class TaskOut(ORMModel):
    id: int
    assignee: Optional[UserOut] = None
    watchers: List[UserOut] = []
    reviewer: UserOut | None = None
    parent: "TaskOut | None" = None
    by_name: Dict[str, UserOut] = {}
    sub: list["TaskOut"] = []

class TaskDetail(TaskOut):
    assignee: UserOut
    creator: UserOut

class NotASchema:
    owner: UserOut
)py"},
  });
  const auto& task = schema(*m, "app.schemas.task.TaskOut");
  CHECK(task.flavor == model::SchemaFlavor::Pydantic);
  REQUIRE(field(task, "assignee"));
  CHECK(field(task, "assignee")->schema == "app.schemas.user.UserOut");
  CHECK_FALSE(field(task, "assignee")->many);
  REQUIRE(field(task, "watchers"));
  CHECK(field(task, "watchers")->many);
  CHECK(field(task, "reviewer"));
  CHECK_FALSE(field(task, "parent"));  // a union inside a string: not parsed
  CHECK_FALSE(field(task, "by_name"));  // dict values: not a nested object per attribute
  REQUIRE(field(task, "sub"));
  CHECK(field(task, "sub")->schema == "app.schemas.task.TaskOut");
  CHECK(field(task, "sub")->many);
  CHECK_FALSE(field(task, "id"));
  const auto& detail = schema(*m, "app.schemas.task.TaskDetail");
  REQUIRE(field(detail, "watchers"));
  CHECK(field(detail, "watchers")->inherited_from == "app.schemas.task.TaskOut");
  REQUIRE(field(detail, "assignee"));
  CHECK(field(detail, "assignee")->inherited_from.empty());  // redeclared
  CHECK(field(detail, "creator"));
  CHECK(model::schema_by_qualified(m->schemas, "app.schemas.task.NotASchema") == nullptr);
  CHECK(model::schema_by_qualified(m->schemas, "app.schemas.base.ORMModel") != nullptr);
}

TEST_CASE("marshmallow schemas: Nested, many, List(Nested), attribute=, string names", "[schemas]") {
  auto m = testing::model_from_sources({{"app/__init__.py", ""}, {"app/schemas.py", R"py(
from marshmallow import Schema, fields
from flask_marshmallow import Marshmallow

ma = Marshmallow()

class UserSchema(Schema):
    id = fields.Int()

class TaskSchema(ma.SQLAlchemySchema):
    owner = fields.Nested(UserSchema)
    watchers = fields.Nested(UserSchema, many=True)
    reviewers = fields.List(fields.Nested("UserSchema"))
    author = fields.Nested(UserSchema, attribute="creator")
    parent = fields.Nested("self")
    title = fields.Str()
)py"}});
  const auto& t = schema(*m, "app.schemas.TaskSchema");
  CHECK(t.flavor == model::SchemaFlavor::Marshmallow);
  REQUIRE(field(t, "owner"));
  CHECK_FALSE(field(t, "owner")->many);
  REQUIRE(field(t, "watchers"));
  CHECK(field(t, "watchers")->many);
  REQUIRE(field(t, "reviewers"));
  CHECK(field(t, "reviewers")->many);
  CHECK(field(t, "reviewers")->schema == "app.schemas.UserSchema");
  REQUIRE(field(t, "author"));
  CHECK(field(t, "author")->attribute == "creator");
  REQUIRE(field(t, "parent"));
  CHECK(field(t, "parent")->schema == "app.schemas.TaskSchema");
  CHECK_FALSE(field(t, "title"));
}

TEST_CASE("response schemas of FastAPI routes: response_model, return annotation, collections", "[schemas]") {
  auto m = testing::model_from_sources({{"app/__init__.py", ""}, {"app/main.py", R"py(
from typing import List, Optional
from fastapi import FastAPI
from pydantic import BaseModel
from sqlmodel import SQLModel

class ItemOut(BaseModel):
    id: int

class Hero(SQLModel, table=True):
    id: int

app = FastAPI()

@app.get("/items", response_model=List[ItemOut])
def items(): ...

@app.get("/item", response_model=Optional[ItemOut])
def item(): ...

@app.get("/page", response_model=Page[ItemOut])
def page(): ...

@app.get("/annotated")
def annotated() -> list[ItemOut]: ...

@app.get("/heroes", response_model=list[Hero])
def heroes(): ...

@app.get("/plain", response_model=dict)
def plain(): ...
)py"}});
  std::map<std::string, const model::ResponseSchema*> by_path;
  for (const auto& r : m->response_schemas) by_path[m->routes[r.route].path_text] = &r;
  REQUIRE(by_path.count("/items"));
  CHECK(by_path["/items"]->schema == "app.main.ItemOut");
  CHECK(by_path["/items"]->many);
  REQUIRE(by_path.count("/item"));
  CHECK_FALSE(by_path["/item"]->many);
  REQUIRE(by_path.count("/page"));
  CHECK(by_path["/page"]->many);
  REQUIRE(by_path.count("/annotated"));
  CHECK(by_path["/annotated"]->from_annotation);
  CHECK(by_path["/annotated"]->many);
  REQUIRE(by_path.count("/heroes"));
  CHECK(schema(*m, "app.main.Hero").flavor == model::SchemaFlavor::SqlModel);
  CHECK_FALSE(by_path.count("/plain"));
}
