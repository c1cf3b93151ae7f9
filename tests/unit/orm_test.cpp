// ORM entity facts: declarative bases across files, table names, columns with
// types/nullability/keys, inherited mixin columns, indexes in column order,
// relationships — for SQLAlchemy 1.x/2.0, Flask-SQLAlchemy and SQLModel.
#include <catch2/catch.hpp>

#include "analyzer/model/orm.h"
#include "tests/support/model_from_source.h"

using namespace archverify;
using model::ColumnTypeKind;
using model::LazyStrategy;
using model::OrmFlavor;
using model::TableNameSource;

namespace {
const model::Entity& entity(const model::RepoModel& m, std::string_view name) {
  const model::Entity* e = model::entity_by_name(m.entities, name);
  if (!e) FAIL("no entity " << name);
  return *e;
}
const model::Column& column(const model::Entity& e, std::string_view name) {
  const model::Column* c = e.column(name);
  if (!c) FAIL("no column " << name << " on " << e.name);
  return *c;
}
const model::Relationship& rel(const model::Entity& e, std::string_view attr) {
  for (const auto& r : e.relationships)
    if (r.attribute == attr) return r;
  FAIL("no relationship " << attr);
  return e.relationships.front();
}
}  // namespace

TEST_CASE("column types imported under another name keep their kind; unknown names stay Other", "[orm]") {
  // fief: `from sqlalchemy import Enum as SQLEnum`; a repository class of the same look-alike name is not sqlalchemy's
  auto m = testing::model_from_sources({{"app/models.py", R"py(
from sqlalchemy import Column, Integer, String, Text, TypeDecorator
from sqlalchemy import Enum as SQLEnum, Text as LongText
from sqlalchemy.dialects.postgresql import JSONB as PgJson
from app.kinds import Colour
from sqlalchemy.orm import declarative_base

Base = declarative_base()

class Field(Base):
    __tablename__ = "fields"
    id = Column(Integer, primary_key=True)
    kind = Column(SQLEnum("a", "b", name="field_kind"))
    body = Column(LongText)
    extra = Column(PgJson)
    colour = Column(Colour)
    url = Column(UrlString(Text))
    short_url = Column(UrlString(String)(length=80))
    made = Column(make_type())

def UrlString(sa_type):
    class _UrlString(TypeDecorator):
        impl = sa_type
    return _UrlString

def make_type():
    return LongText
)py"},
                                        {"app/kinds.py", "class Colour:\n    pass\n"}});
  const auto& f = entity(*m, "Field");
  CHECK(column(f, "kind").type.kind == ColumnTypeKind::Enum);
  CHECK(column(f, "kind").type.name == "SQLEnum");
  CHECK(column(f, "body").type.kind == ColumnTypeKind::Text);
  CHECK(column(f, "extra").type.kind == ColumnTypeKind::Json);
  CHECK(column(f, "colour").type.kind == ColumnTypeKind::Other);
  // a type factory (fief's PydanticUrlString): the kind of the type passed for its TypeDecorator's impl
  CHECK(column(f, "url").type.kind == ColumnTypeKind::Text);
  CHECK(column(f, "url").type.name == "UrlString");
  CHECK(column(f, "short_url").type.kind == ColumnTypeKind::String);
  CHECK(column(f, "short_url").type.length == 80u);
  CHECK(column(f, "made").type.kind != ColumnTypeKind::Text);  // a function that is no such factory
}

TEST_CASE("classic declarative: types, nullability, keys, table args, relationships", "[orm]") {
  auto m = testing::model_from_sources({{"app/models.py", R"py(
import sqlalchemy as sa
from sqlalchemy import Column, Integer, String, ForeignKey, Index, UniqueConstraint, Text
from sqlalchemy.orm import declarative_base, relationship, backref
from sqlalchemy.dialects import postgresql

Base = declarative_base()

class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(255), nullable=False, unique=True)
    bio = Column(Text)
    external_id = Column(postgresql.UUID(as_uuid=True), index=True)
    settings = Column("prefs", postgresql.JSONB, server_default="{}")
    seen_at = Column(NaiveDateTime)

class NaiveDateTime(sa.types.TypeDecorator):
    impl = sa.DateTime

class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_owner_status", "owner_id", "status"),
        UniqueConstraint("project_id", "title", name="uq_project_title"),
        {"schema": "core"},
    )
    id = sa.Column(sa.BigInteger, primary_key=True)
    owner_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    # reviewer_id = Column(Integer, ForeignKey("users.id"))  (a ForeignKey in a comment)
    project_id = Column(Integer, sa.ForeignKey("projects.id"))
    title = Column(String(length=80))
    status = Column(sa.Enum("a", "b", name="status"))
    owner = relationship("User", backref=backref("tasks", lazy="dynamic"), lazy="joined")
    project = relationship(lambda: Project, back_populates="tasks", uselist=False)
)py"}});
  REQUIRE(m->entities.size() == 2);
  const auto& user = entity(*m, "User");
  CHECK(user.flavor == OrmFlavor::Classic);
  CHECK(user.table == "users");
  CHECK(user.table_source == TableNameSource::Literal);
  CHECK(user.qualified == "app.models.User");  // no __init__.py: app/ is not a package
  CHECK(column(user, "id").primary_key);
  CHECK_FALSE(column(user, "id").nullable);
  CHECK(column(user, "email").type.kind == ColumnTypeKind::String);
  CHECK(column(user, "email").type.length == 255u);
  CHECK_FALSE(column(user, "email").nullable);
  CHECK(column(user, "email").nullable_explicit);
  CHECK(column(user, "bio").nullable);
  CHECK_FALSE(column(user, "bio").nullable_explicit);
  CHECK(column(user, "bio").type.kind == ColumnTypeKind::Text);
  CHECK(column(user, "external_id").type.kind == ColumnTypeKind::Uuid);
  CHECK(column(user, "external_id").index);
  const auto& prefs = column(user, "prefs");
  CHECK(prefs.attribute == "settings");
  CHECK(prefs.type.kind == ColumnTypeKind::Json);
  CHECK(prefs.type.name == "JSONB");
  CHECK(prefs.server_default);
  CHECK(column(user, "seen_at").type.kind == ColumnTypeKind::DateTime);  // a TypeDecorator: the kind of its impl
  CHECK(column(user, "seen_at").type.name == "NaiveDateTime");

  const auto& task = entity(*m, "Task");
  CHECK(task.schema == "core");
  CHECK(column(task, "id").type.kind == ColumnTypeKind::BigInteger);
  REQUIRE(column(task, "owner_id").foreign_key);
  CHECK(column(task, "owner_id").foreign_key->table == "users");
  CHECK(column(task, "owner_id").foreign_key->column == "id");
  CHECK(column(task, "project_id").foreign_key->table == "projects");
  CHECK(task.column("reviewer_id") == nullptr);
  CHECK(column(task, "title").type.length == 80u);
  CHECK(column(task, "status").type.kind == ColumnTypeKind::Enum);
  bool found_ix = false, found_uq = false;
  for (const auto& ix : task.indexes) {
    if (ix.name == "ix_tasks_owner_status") {
      found_ix = true;
      CHECK(ix.columns == std::vector<std::string>{"owner_id", "status"});
      CHECK(ix.origin == model::IndexOrigin::IndexConstruct);
    }
    if (ix.name == "uq_project_title") {
      found_uq = true;
      CHECK(ix.unique);
      CHECK(ix.origin == model::IndexOrigin::UniqueConstraint);
    }
  }
  CHECK(found_ix);
  CHECK(found_uq);
  // Leading columns only: owner_id leads an index, status does not; project_id leads the unique constraint.
  CHECK(model::is_leading_index_column(m->entities, "tasks", "owner_id"));
  CHECK_FALSE(model::is_leading_index_column(m->entities, "tasks", "status"));
  CHECK(model::is_leading_index_column(m->entities, "tasks", "project_id"));
  CHECK(model::is_leading_index_column(m->entities, "users", "id"));
  CHECK(model::is_leading_index_column(m->entities, "users", "email"));
  CHECK_FALSE(model::is_leading_index_column(m->entities, "users", "bio"));

  CHECK(rel(task, "owner").target == "User");
  CHECK(rel(task, "owner").lazy == LazyStrategy::Joined);
  CHECK(rel(task, "owner").backref == "tasks");
  CHECK(rel(task, "project").target == "Project");
  CHECK(rel(task, "project").lazy == LazyStrategy::Unspecified);
  CHECK(rel(task, "project").back_populates == "tasks");
  CHECK(rel(task, "project").uselist == false);
  CHECK(model::entity_by_table(m->entities, "tasks") == &task);
}

TEST_CASE("SQLAlchemy 2.0: DeclarativeBase, Mapped annotations, mapped_column", "[orm]") {
  auto m = testing::model_from_sources({{"app/db.py", R"py(
from typing import Optional, List
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, WriteOnlyMapped

class Base(DeclarativeBase):
    pass

class Org(Base):
    __tablename__ = "orgs"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    note: Mapped[Optional[str]]
    nick: Mapped[str | None] = mapped_column(String(20))
    forced: Mapped[Optional[int]] = mapped_column(nullable=False)
    members: Mapped[List["Member"]] = relationship(back_populates="org", lazy="selectin")
    events: WriteOnlyMapped["Event"] = relationship()

class Member(Base):
    __tablename__ = "members"
    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(Org.id), index=True)
    org: Mapped["Org"] = relationship(back_populates="members", lazy="raise")
)py"}});
  CHECK(model::entity_by_name(m->entities, "Base") == nullptr);
  REQUIRE(m->entities.size() == 2);
  const auto& org = entity(*m, "Org");
  CHECK(org.flavor == OrmFlavor::Declarative);
  CHECK(column(org, "id").type.kind == ColumnTypeKind::Integer);
  CHECK_FALSE(column(org, "name").nullable);
  CHECK(column(org, "name").type.length == 50u);
  CHECK(column(org, "note").nullable);
  CHECK(column(org, "note").type.kind == ColumnTypeKind::String);
  CHECK(column(org, "nick").nullable);
  CHECK_FALSE(column(org, "forced").nullable);
  CHECK(org.column("members") == nullptr);
  CHECK(rel(org, "members").target == "Member");
  CHECK(rel(org, "members").uselist == true);
  CHECK(rel(org, "members").lazy == LazyStrategy::Selectin);
  CHECK(rel(org, "events").lazy == LazyStrategy::WriteOnly);
  const auto& member = entity(*m, "Member");
  REQUIRE(column(member, "org_id").foreign_key);
  CHECK(column(member, "org_id").foreign_key->table == "orgs");  // ForeignKey(Org.id) resolved to the table
  CHECK(column(member, "org_id").foreign_key->column == "id");
  CHECK(rel(member, "org").target == "Org");
  CHECK(rel(member, "org").lazy == LazyStrategy::Raise);
  CHECK(model::is_leading_index_column(m->entities, "members", "org_id"));
}

TEST_CASE("mixins and abstract bases in other files contribute columns; declared_attr columns", "[orm]") {
  auto m = testing::model_from_sources({
      {"app/__init__.py", ""},
      {"app/base.py", R"py(
from sqlalchemy import Column, Integer, DateTime, ForeignKey, Index
from sqlalchemy.orm import declarative_base, declared_attr, relationship
Base = declarative_base()

class TimestampMixin:
    created_at = Column(DateTime, nullable=False)

class ProjectMixin(object):
    @declared_attr
    def project_id(cls):
        return Column(Integer, ForeignKey("project.id", ondelete="CASCADE"))

    @declared_attr
    def project(cls):
        return relationship("Project")

class Owned(Base):
    __abstract__ = True
    __table_args__ = (Index("ix_owner", "owner_id"),)
    owner_id = Column(Integer, ForeignKey("users.id"))
)py"},
      {"app/models.py", R"py(
from sqlalchemy import Column, Integer
from app.base import Base, ProjectMixin, TimestampMixin, Owned

class Project(Base):
    __tablename__ = "project"
    id = Column(Integer, primary_key=True)

class Incident(ProjectMixin, TimestampMixin, Base):
    __tablename__ = "incident"
    id = Column(Integer, primary_key=True)

class Doc(Owned):
    __tablename__ = "doc"
    id = Column(Integer, primary_key=True)
)py"}});
  CHECK(model::entity_by_name(m->entities, "Owned") == nullptr);
  CHECK(model::entity_by_name(m->entities, "ProjectMixin") == nullptr);
  const auto& inc = entity(*m, "Incident");
  const auto& pid = column(inc, "project_id");
  CHECK(pid.inherited_from == "app.base.ProjectMixin");
  REQUIRE(pid.foreign_key);
  CHECK(pid.foreign_key->table == "project");
  CHECK(column(inc, "created_at").inherited_from == "app.base.TimestampMixin");
  CHECK_FALSE(column(inc, "created_at").nullable);
  CHECK(column(inc, "id").inherited_from.empty());
  CHECK(rel(inc, "project").target == "Project");
  CHECK_FALSE(model::is_leading_index_column(m->entities, "incident", "project_id"));
  CHECK(std::find(inc.bases.begin(), inc.bases.end(), "app.base.ProjectMixin") != inc.bases.end());
  const auto& doc = entity(*m, "Doc");
  CHECK(column(doc, "owner_id").inherited_from == "app.base.Owned");
  CHECK(model::is_leading_index_column(m->entities, "doc", "owner_id"));  // __table_args__ inherited from the abstract base
  // The mixin is not an entity, the Project parent contributes nothing to Incident.
  CHECK(inc.column("project") == nullptr);
}

TEST_CASE("table names from declared_attr: literal, transforms of the class name, unknown", "[orm]") {
  auto m = testing::model_from_sources({
      {"core/__init__.py", ""},
      {"core/database.py", R"py(
import re
from sqlalchemy.ext.declarative import declarative_base, declared_attr

def resolve_table_name(name):
    names = re.split("(?=[A-Z])", name)
    return "_".join([x.lower() for x in names if x])

class CustomBase:
    @declared_attr
    def __tablename__(self):
        return resolve_table_name(self.__name__)

Base = declarative_base(cls=CustomBase)
)py"},
      {"core/models.py", R"py(
from sqlalchemy import Column, Integer
from sqlalchemy.orm import declared_attr
from core.database import Base

class IncidentType(Base):
    id = Column(Integer, primary_key=True)

class Literal(Base):
    __tablename__ = "lit"
    id = Column(Integer, primary_key=True)

class Lowered:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower()

class FString:
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return f"app_{cls.__name__.lower()}s"

class Opaque:
    @declared_attr
    def __tablename__(cls):
        return compute(cls)

class CaseNote(Lowered, Base):
    id = Column(Integer, primary_key=True)

class SignalRule(FString, Base):
    id = Column(Integer, primary_key=True)

class Mystery(Opaque, Base):
    id = Column(Integer, primary_key=True)
)py"}});
  CHECK(entity(*m, "IncidentType").table == "incident_type");
  CHECK(entity(*m, "IncidentType").table_source == TableNameSource::DeclaredAttr);
  CHECK(entity(*m, "Literal").table == "lit");
  CHECK(entity(*m, "CaseNote").table == "casenote");
  CHECK(entity(*m, "SignalRule").table == "app_signalrules");
  CHECK(entity(*m, "Mystery").table.empty());
  CHECK(entity(*m, "Mystery").table_source == TableNameSource::Unknown);
  CHECK(model::entity_by_name(m->entities, "CustomBase") == nullptr);
}

TEST_CASE("Flask-SQLAlchemy: db.Model, db.Column, partial Column alias, default table names", "[orm]") {
  auto m = testing::model_from_sources({
      {"redash/__init__.py", ""},
      {"redash/models/__init__.py", R"py(
from .base import db, Column
from .users import User
)py"},
      {"redash/models/base.py", R"py(
import functools
from flask_sqlalchemy import SQLAlchemy

class RedashSQLAlchemy(SQLAlchemy):
    pass

db = RedashSQLAlchemy(session_options={"expire_on_commit": False})
Column = functools.partial(db.Column, nullable=False)
)py"},
      {"redash/models/users.py", R"py(
from .base import db, Column

class User(db.Model):
    __tablename__ = "users"
    id = Column(db.Integer, primary_key=True)
    org_id = Column(db.Integer, db.ForeignKey("organizations.id"))
    name = Column(db.String(320))
    details = Column(db.Text, nullable=True)
    org = db.relationship("Organization", backref=db.backref("users", lazy="dynamic"))

class ApiKey(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), index=True)

class AdminUser(User):
    level = db.Column(db.Integer)

class ServiceUser(User):
    id = db.Column(db.Integer, db.ForeignKey("users.id"), primary_key=True)
)py"}});
  CHECK(entity(*m, "ServiceUser").table == "service_user");  // own primary key: joined inheritance, own table
  const auto& user = entity(*m, "User");
  CHECK(user.flavor == OrmFlavor::FlaskSqlAlchemy);
  CHECK_FALSE(column(user, "name").nullable);      // partial(db.Column, nullable=False)
  CHECK(column(user, "name").type.length == 320u);
  CHECK(column(user, "details").nullable);          // the call overrides the partial's default
  CHECK(column(user, "org_id").foreign_key->table == "organizations");
  CHECK(rel(user, "org").backref == "users");
  const auto& key = entity(*m, "ApiKey");
  CHECK(key.table == "api_key");
  CHECK(key.table_source == TableNameSource::FlaskDefault);
  const auto& admin = entity(*m, "AdminUser");
  CHECK(admin.table == "users");
  CHECK(admin.table_source == TableNameSource::SingleTable);
  CHECK(admin.single_table_parent == "redash.models.users.User");
  CHECK(admin.column("level") != nullptr);
  CHECK(admin.column("name") == nullptr);  // the parent's columns stay on the parent
  CHECK(model::entity_by_table(m->entities, "users") == &user);
}

TEST_CASE("SQLModel: table=True only, Field arguments, sa_column, Relationship", "[orm]") {
  auto m = testing::model_from_sources({{"app/models.py", R"py(
import uuid
from typing import Optional
from pydantic import BaseModel, EmailStr
from pydantic import Field as PField
from sqlalchemy import Column, JSON
from sqlmodel import Field, Relationship, SQLModel

class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=255)
    full_name: str | None = Field(default=None, max_length=255)

class User(UserBase, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    hashed_password: str
    items: list["Item"] = Relationship(back_populates="owner", sa_relationship_kwargs={"lazy": "selectin"})

class Item(SQLModel, table=True):
    __tablename__ = "items"
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", nullable=False, ondelete="CASCADE")
    meta: dict = Field(sa_column=Column(JSON, nullable=True))
    owner: User | None = Relationship(back_populates="items")

class UserPublic(UserBase):
    id: uuid.UUID

class Payload(BaseModel):
    name: str = PField(max_length=10)
    owner_id: int = PField(foreign_key="user.id")
)py"}});
  REQUIRE(m->entities.size() == 2);  // UserBase, UserPublic and the Pydantic model are not tables
  const auto& user = entity(*m, "User");
  CHECK(user.flavor == OrmFlavor::SqlModel);
  CHECK(user.table == "user");
  CHECK(user.table_source == TableNameSource::SqlModelDefault);
  CHECK(column(user, "email").inherited_from == "app.models.UserBase");
  CHECK(column(user, "email").type.kind == ColumnTypeKind::String);
  CHECK(column(user, "email").type.length == 255u);
  CHECK(column(user, "email").unique);
  CHECK_FALSE(column(user, "email").nullable);
  CHECK(column(user, "full_name").nullable);
  CHECK(column(user, "id").type.kind == ColumnTypeKind::Uuid);
  CHECK(column(user, "hashed_password").type.kind == ColumnTypeKind::String);
  CHECK(user.column("items") == nullptr);
  CHECK(rel(user, "items").target == "Item");
  CHECK(rel(user, "items").lazy == LazyStrategy::Selectin);
  CHECK(model::is_leading_index_column(m->entities, "user", "email"));
  const auto& item = entity(*m, "Item");
  CHECK(item.table == "items");
  CHECK(column(item, "owner_id").foreign_key->table == "user");
  CHECK_FALSE(column(item, "owner_id").nullable);
  CHECK(column(item, "meta").type.kind == ColumnTypeKind::Json);
  CHECK(column(item, "meta").nullable);
  CHECK_FALSE(column(item, "id").nullable);
  CHECK(rel(item, "owner").target == "User");
  CHECK_FALSE(model::is_leading_index_column(m->entities, "items", "owner_id"));
}

TEST_CASE("module-level Table and Index objects, registry bases, composite keys", "[orm]") {
  auto m = testing::model_from_sources({{"app/schema.py", R"py(
from sqlalchemy import Table, Column, Integer, ForeignKey, Index, PrimaryKeyConstraint, MetaData
from sqlalchemy.orm import registry, relationship

mapper_registry = registry()
Base = mapper_registry.generate_base()
metadata = MetaData()

tags_items = Table(
    "tags_items", Base.metadata,
    Column("tag_id", Integer, ForeignKey("tags.id"), primary_key=True),
    Column("item_id", Integer, ForeignKey("items.id"), primary_key=True),
)

class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    items = relationship("Item", secondary=tags_items)

class Item(Base):
    __tablename__ = "items"
    __table_args__ = (PrimaryKeyConstraint("tenant_id", "id"),)
    tenant_id = Column(Integer)
    id = Column(Integer)
    parent_id = Column(Integer, ForeignKey(Tag.__table__.c.id))

Index("ix_items_parent", Item.parent_id)
Index("ix_tags_id_desc", Tag.__table__.c.id.desc())
)py"}});
  const auto& table = entity(*m, "tags_items");
  CHECK(table.flavor == OrmFlavor::Table);
  CHECK(table.table == "tags_items");
  CHECK(column(table, "tag_id").foreign_key->table == "tags");
  CHECK(model::is_leading_index_column(m->entities, "tags_items", "tag_id"));      // composite primary key leads with tag_id
  CHECK_FALSE(model::is_leading_index_column(m->entities, "tags_items", "item_id"));
  CHECK(rel(entity(*m, "Tag"), "items").secondary == "tags_items");
  const auto& item = entity(*m, "Item");
  CHECK(column(item, "id").primary_key);
  CHECK_FALSE(column(item, "tenant_id").nullable);
  CHECK(column(item, "parent_id").foreign_key->table == "tags");
  CHECK(model::is_leading_index_column(m->entities, "items", "tenant_id"));
  CHECK_FALSE(model::is_leading_index_column(m->entities, "items", "id"));
  CHECK(model::is_leading_index_column(m->entities, "items", "parent_id"));  // module-level Index
  bool desc_index = false;
  for (const auto& ix : entity(*m, "Tag").indexes)
    desc_index |= ix.name == "ix_tags_id_desc" && ix.columns == std::vector<std::string>{"id"} &&
                  ix.origin == model::IndexOrigin::ModuleLevelIndex;
  CHECK(desc_index);
}

TEST_CASE("near misses: plain classes, dataclasses and look-alike names are not entities", "[orm]") {
  auto m = testing::model_from_sources({{"migrations/versions/0005.py", R"py(
import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import declarative_base
revision = "0005"
down_revision = "0004"
alert_table = sa.Table("alert", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
Base = declarative_base()
class Alert(Base):
    __tablename__ = "alert"
    id = sa.Column(sa.Integer, primary_key=True)
def upgrade():
    op.execute(alert_table.update().values(id=1))
)py"}, {"app/ui.py", R"py(
from dataclasses import dataclass
from tables import Column, Table

@dataclass
class Report:
    Column: str = "x"
    total = Column("total", int)

class Grid:
    id = Column(int, primary_key=True)

users = Table("users", None)

def make():
    from sqlalchemy import Column, Integer
    return Column(Integer)
)py"}});
  CHECK(m->entities.empty());
}

TEST_CASE("SQLModel: a None default on a non-Optional field marks version-dependent nullability", "[orm]") {
  auto m = testing::model_from_sources({{"app/models.py", R"(
from typing import Optional
from sqlmodel import Field, SQLModel

class Rule(SQLModel, table=True):
    id: int = Field(primary_key=True)
    updated_by: str = None
    created_by: str = Field(default=None)
    positional: str = Field(None)
    owner: str
    kind: str = Field(default="manual")
    note: Optional[str] = None
    explicit: str = Field(default=None, nullable=False)
)"}});
  const model::Entity& e = entity(*m, "Rule");
  CHECK(e.column("updated_by")->sqlmodel_default_none);
  CHECK(e.column("created_by")->sqlmodel_default_none);
  CHECK(e.column("positional")->sqlmodel_default_none);
  CHECK_FALSE(e.column("updated_by")->nullable);  // pydantic v2 reading
  // near misses: no None default, Optional (NULL either way), explicit nullable=, primary key
  CHECK_FALSE(e.column("owner")->sqlmodel_default_none);
  CHECK_FALSE(e.column("kind")->sqlmodel_default_none);
  CHECK_FALSE(e.column("note")->sqlmodel_default_none);
  CHECK_FALSE(e.column("explicit")->sqlmodel_default_none);
  CHECK_FALSE(e.column("id")->sqlmodel_default_none);
}
