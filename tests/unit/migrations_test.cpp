// Alembic migration facts: revision files found by content, upgrade() ops in
// order through batch_alter_table blocks, same-file helpers and literal DDL;
// non-literal table names are Unknown, never guessed.
#include <catch2/catch.hpp>

#include "analyzer/model/migrations.h"
#include "tests/support/model_from_source.h"

using namespace archverify;
using model::SchemaOpKind;

namespace {
const model::Migration& migration(const model::RepoModel& m, std::string_view revision) {
  for (const auto& mig : m.migrations)
    if (mig.revision == revision) return mig;
  FAIL("no migration " << revision);
  return m.migrations.front();
}
}  // namespace

TEST_CASE("revision files are found by content with their down revisions", "[migrations]") {
  auto m = testing::model_from_sources({
      {"db/any_name/aaa.py", R"py(
revision = "aaa"
down_revision = None
branch_labels = ("core",)
def upgrade():
    pass
)py"},
      {"db/any_name/bbb.py", R"py(
revision: str = "bbb"
down_revision: str | None = "aaa"
def upgrade() -> None:
    pass
)py"},
      {"db/any_name/merge.py", R"py(
revision = "ccc"
down_revision = ("aaa", "bbb")
depends_on = None
def upgrade():
    pass
def downgrade():
    pass
)py"},
      {"app/config.py", R"py(
revision = "not a migration"
down_revision = None
)py"},
      {"migrations/versions/notes.py", "def upgrade():\n    pass\n"},
  });
  REQUIRE(m->migrations.size() == 3);
  CHECK(migration(*m, "aaa").down_revisions.empty());
  CHECK(migration(*m, "aaa").branch_labels == std::vector<std::string>{"core"});
  CHECK(migration(*m, "bbb").down_revisions == std::vector<std::string>{"aaa"});
  CHECK(migration(*m, "ccc").down_revisions == std::vector<std::string>{"aaa", "bbb"});
  CHECK(migration(*m, "ccc").path == "db/any_name/merge.py");
}

TEST_CASE("create_table with columns, keys, constraints; index and FK ops", "[migrations]") {
  auto m = testing::model_from_source("migrations/versions/0001.py", R"py(
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None

def upgrade():
    op.create_table(
        "tasks",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("workspace_id", sa.Integer(), sa.ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.Integer(), index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()")),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_owner"),
        sa.UniqueConstraint("workspace_id", "title", name="uq_ws_title"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tasks_workspace_id"), "tasks", ["workspace_id"], unique=False)
    op.create_foreign_key("fk_tasks_project", "tasks", "projects", ["project_id"], ["id"])
    op.drop_index("ix_old", table_name="tasks")
    op.rename_table("todo", "todos")
    op.alter_column("tasks", "name", new_column_name="title", type_=sa.String(200), nullable=False)

def downgrade():
    op.drop_table("tasks")
)py");
  REQUIRE(m->migrations.size() == 1);
  const auto& ops = m->migrations[0].ops;
  REQUIRE(ops.size() == 6);  // downgrade() is not recorded
  const auto& ct = ops[0];
  CHECK(ct.kind == SchemaOpKind::CreateTable);
  CHECK(ct.table == "tasks");
  REQUIRE(ct.columns.size() == 5);
  CHECK(ct.columns[0].type.kind == model::ColumnTypeKind::Uuid);
  CHECK(ct.columns[0].primary_key);
  CHECK(ct.columns[1].foreign_key == model::ForeignKeyTarget{"workspaces", "id"});
  CHECK_FALSE(ct.columns[1].nullable);
  CHECK(ct.columns[2].type.length == 200u);
  CHECK(ct.columns[3].index);
  CHECK(ct.columns[3].nullable);
  CHECK(ct.columns[4].server_default);
  REQUIRE(ct.foreign_keys.size() == 1);
  CHECK(ct.foreign_keys[0].columns == std::vector<std::string>{"owner_id"});
  CHECK(ct.foreign_keys[0].target_table == "users");
  REQUIRE(ct.indexes.size() == 3);  // the PrimaryKeyConstraint replaces an index from primary_key=True
  bool uq = false, pk = false, col_ix = false;
  for (const auto& ix : ct.indexes) {
    if (ix.name == "uq_ws_title") uq = ix.unique && ix.columns == std::vector<std::string>{"workspace_id", "title"};
    if (ix.primary_key) pk = ix.columns == std::vector<std::string>{"id"};
    if (ix.columns == std::vector<std::string>{"owner_id"}) col_ix = true;
  }
  CHECK(uq);
  CHECK(pk);
  CHECK(col_ix);
  CHECK(ops[1].kind == SchemaOpKind::CreateIndex);
  CHECK(ops[1].name == "ix_tasks_workspace_id");
  CHECK(ops[1].table == "tasks");
  CHECK(ops[1].indexes.at(0).columns == std::vector<std::string>{"workspace_id"});
  CHECK(ops[2].kind == SchemaOpKind::CreateForeignKey);
  CHECK(ops[2].table == "tasks");
  CHECK(ops[2].foreign_keys.at(0).target_table == "projects");
  CHECK(ops[2].foreign_keys.at(0).columns == std::vector<std::string>{"project_id"});
  CHECK(ops[3].kind == SchemaOpKind::DropIndex);
  CHECK(ops[3].name == "ix_old");
  CHECK(ops[3].table == "tasks");
  CHECK(ops[4].kind == SchemaOpKind::RenameTable);
  CHECK(ops[4].table == "todo");
  CHECK(ops[4].new_name == "todos");
  CHECK(ops[5].kind == SchemaOpKind::AlterColumn);
  CHECK(ops[5].column == "name");
  CHECK(ops[5].new_name == "title");
  CHECK(ops[5].new_type->kind == model::ColumnTypeKind::String);
  CHECK(ops[5].new_nullable == false);
}

TEST_CASE("batch_alter_table: reused batch_op names resolve to the innermost enclosing with", "[migrations]") {
  auto m = testing::model_from_source("flaskbb/migrations/x.py", R"py(
from alembic import op
import sqlalchemy as sa
revision = "x"
down_revision = "w"

def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_seen", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_users_last_seen"), ["last_seen"], unique=False)
    with op.batch_alter_table("posts") as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        with op.batch_alter_table("topics") as batch_op:
            batch_op.drop_column("legacy")
        batch_op.create_foreign_key("fk_posts_user", "users", ["user_id"], ["id"])
        if op.get_context().dialect.name == "mysql":
            batch_op.drop_constraint("posts_ibfk_1", type_="foreignkey")
    try:
        op.drop_index("ix_posts_old", table_name="posts")
    except Exception:
        op.execute("DROP INDEX ix_posts_older")
)py");
  REQUIRE(m->migrations.size() == 1);
  const auto& ops = m->migrations[0].ops;
  REQUIRE(ops.size() == 8);
  CHECK_FALSE(ops[6].conditional);  // a try body normally runs
  CHECK(ops[7].conditional);        // its except handler may not
  CHECK(ops[7].kind == SchemaOpKind::DropIndex);
  CHECK(ops[0].kind == SchemaOpKind::AddColumn);
  CHECK(ops[0].table == "users");
  CHECK(ops[0].in_batch);
  CHECK(ops[0].columns.at(0).name == "last_seen");
  CHECK(ops[1].kind == SchemaOpKind::CreateIndex);
  CHECK(ops[1].table == "users");
  CHECK(ops[1].name == "ix_users_last_seen");
  CHECK(ops[1].indexes.at(0).columns == std::vector<std::string>{"last_seen"});
  CHECK(ops[2].kind == SchemaOpKind::AlterColumn);
  CHECK(ops[2].table == "posts");
  CHECK(ops[2].column == "user_id");
  CHECK(ops[3].kind == SchemaOpKind::DropColumn);
  CHECK(ops[3].table == "topics");
  CHECK(ops[4].kind == SchemaOpKind::CreateForeignKey);
  CHECK(ops[4].table == "posts");  // back in the outer block after the nested one closed
  CHECK(ops[4].foreign_keys.at(0).target_table == "users");
  CHECK(ops[5].kind == SchemaOpKind::DropConstraint);
  CHECK(ops[5].table == "posts");
  CHECK(ops[5].conditional);
  CHECK_FALSE(ops[4].conditional);
}

TEST_CASE("helper functions called from upgrade() are followed; other modules' are not", "[migrations]") {
  auto m = testing::model_from_sources({
      {"keep/migrations/versions/helpers.py", R"py(
from alembic import op
def shared():
    op.create_table("shared_table")
)py"},
      {"keep/migrations/versions/0002.py", R"py(
from alembic import op
import sqlalchemy as sa
from .helpers import shared
revision = "0002"
down_revision = "0001"

def _create_tables():
    op.create_table("alert", sa.Column("id", sa.Integer(), primary_key=True))
    _indexes()

def _indexes():
    op.create_index("ix_alert_id", "alert", ["id"])
    _too_deep()

def _too_deep():
    _deeper()

def _deeper():
    op.create_table("never_seen")

def _upgrade():
    _create_tables()

def upgrade():
    _upgrade()
    shared()

def downgrade():
    op.drop_table("alert")
)py"}});
  const auto& mig = migration(*m, "0002");
  REQUIRE(mig.ops.size() == 2);  // upgrade → _upgrade → _create_tables → _indexes; _deeper is past the limit
  CHECK(mig.ops[0].kind == SchemaOpKind::CreateTable);
  CHECK(mig.ops[0].table == "alert");
  CHECK(mig.ops[1].kind == SchemaOpKind::CreateIndex);
}

TEST_CASE("op.execute: CREATE INDEX and ADD COLUMN DDL parsed, other SQL opaque", "[migrations]") {
  auto m = testing::model_from_source("alembic/versions/0003.py", R"py(
from alembic import op
import sqlalchemy as sa
revision = "0003"
down_revision = "0002"

def upgrade():
    op.execute('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "ix_users_email" ON public.users USING btree (email, lower(name) DESC)')
    op.execute(sa.text("ALTER TABLE tasks ADD COLUMN IF NOT EXISTS priority integer NOT NULL DEFAULT 0 REFERENCES levels(id)"))
    op.execute("UPDATE tasks SET priority = 1; CREATE INDEX ix_tasks_priority ON tasks (priority)")
    op.execute("""
        DO $$ BEGIN IF NOT EXISTS (SELECT 1) THEN CREATE INDEX ix_never ON tasks (x); END IF; END $$;
        ALTER TABLE tasks ALTER COLUMN priority SET NOT NULL;
        ALTER TABLE tasks ADD CONSTRAINT fk_tasks_level FOREIGN KEY (level_id) REFERENCES levels (id);
        ALTER TABLE tasks DROP CONSTRAINT IF EXISTS old_fk;
    """)
)py");
  const auto& ops = m->migrations.at(0).ops;
  REQUIRE(ops.size() == 8);
  CHECK(ops[0].kind == SchemaOpKind::CreateIndex);
  CHECK(ops[0].from_sql);
  CHECK(ops[0].table == "public.users");
  CHECK(ops[0].name == "ix_users_email");
  CHECK(ops[0].indexes.at(0).unique);
  REQUIRE(ops[0].indexes.at(0).columns.size() == 2);
  CHECK(ops[0].indexes.at(0).columns[0] == "email");
  CHECK(ops[0].indexes.at(0).columns[1].front() == '(');
  CHECK(ops[1].kind == SchemaOpKind::AddColumn);
  CHECK(ops[1].table == "tasks");
  REQUIRE(ops[1].columns.size() == 1);
  CHECK(ops[1].columns[0].name == "priority");
  CHECK(ops[1].columns[0].type.kind == model::ColumnTypeKind::Integer);
  CHECK_FALSE(ops[1].columns[0].nullable);
  CHECK(ops[1].columns[0].server_default);
  CHECK(ops[1].columns[0].foreign_key == model::ForeignKeyTarget{"levels", "id"});
  CHECK(ops[2].kind == SchemaOpKind::ExecuteSql);
  CHECK(ops[2].sql == "UPDATE tasks SET priority = 1");  // original text kept
  CHECK(ops[3].kind == SchemaOpKind::CreateIndex);
  CHECK(ops[3].table == "tasks");
  CHECK(ops[4].kind == SchemaOpKind::ExecuteSql);  // a DO block is one opaque statement, not split at its inner ';'
  CHECK(ops[4].sql.find("END IF") != std::string::npos);
  CHECK(ops[5].kind == SchemaOpKind::AlterColumn);
  CHECK(ops[5].column == "priority");
  CHECK(ops[5].new_nullable == false);
  CHECK(ops[6].kind == SchemaOpKind::CreateForeignKey);
  CHECK(ops[6].foreign_keys.at(0).columns == std::vector<std::string>{"level_id"});
  CHECK(ops[6].foreign_keys.at(0).target_table == "levels");
  CHECK(ops[7].kind == SchemaOpKind::DropConstraint);
  CHECK(ops[7].name == "old_fk");
}

TEST_CASE("non-literal names are unknown, never guessed; string constants resolve", "[migrations]") {
  auto m = testing::model_from_source("alembic/versions/0004.py", R"py(
from alembic import op
import sqlalchemy as sa
revision = "0004"
down_revision = "0003"
TABLE = "events"

def upgrade():
    for table in ["a", "b"]:
        op.add_column(table, sa.Column("tenant_id", sa.String()))
    name = "orders"
    op.create_index(f"ix_{name}_tenant", f"{name}", ["tenant_id"])
    op.execute(f"CREATE INDEX ix_{name} ON {name} (id)")
    op.add_column(TABLE, sa.Column("kind", sa.String(20)))
    constraint = "fk_events_user"
    op.drop_constraint(constraint, "events", type_="foreignkey")
    op.bulk_insert(sa.table("events"), [])
    conn = op.get_bind()
    events = sa.table("events", sa.column("kind"))
    op.execute(events.update().values(kind="x"))
)py");
  const auto& ops = m->migrations.at(0).ops;
  REQUIRE(ops.size() == 7);
  CHECK(ops[6].kind == SchemaOpKind::Other);  // Core DML: data, not schema
  CHECK(ops[0].kind == SchemaOpKind::Unknown);
  CHECK(ops[0].table.empty());
  CHECK(ops[0].conditional);
  CHECK(ops[1].kind == SchemaOpKind::Unknown);
  CHECK(ops[1].table != "{}");
  CHECK(ops[2].kind == SchemaOpKind::Unknown);
  CHECK(ops[3].kind == SchemaOpKind::AddColumn);
  CHECK(ops[3].table == "events");
  CHECK(ops[4].kind == SchemaOpKind::DropConstraint);
  CHECK(ops[4].name == "fk_events_user");
  CHECK(ops[5].kind == SchemaOpKind::Other);
  CHECK(ops[5].op_name == "bulk_insert");
}
