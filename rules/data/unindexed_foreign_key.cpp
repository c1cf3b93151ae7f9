// DB001 unindexed-foreign-key: a foreign-key column of a mapped table that no
// index leads with, neither in the model nor in the schema the Alembic
// revisions build. One finding per (table, column), at the column's
// definition (a mixin's column for inherited ones, naming the entity).
#include <set>
#include <utility>

#include "analyzer/core/ascii.h"
#include "analyzer/model/test_paths.h"
#include "analyzer/engine/rule.h"
#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"
#include "rules/data/schema_replay.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Flags a foreign-key column that no index leads with. An index counts when the
column is its first column: `index=True`, `unique=True`, the first column of the
primary key, an `Index(...)` / `UniqueConstraint(...)` in `__table_args__` or at
module level, or any index the Alembic migrations leave behind (`op.create_index`,
`create_table` columns with `index=True`/`unique=True`, `batch_alter_table`
blocks, literal `CREATE INDEX` DDL in `op.execute`). Columns inherited from
mixins are checked once per table; the finding sits on the mixin's column and
names the entity.

## Why is this bad?
PostgreSQL does not index the referencing side of a foreign key. Every join from
the parent to its children, every `ON DELETE CASCADE`/`SET NULL` and every
delete of a parent row then scans the whole child table. A composite index
helps only when the foreign key is its leading column. Medium severity: it is a
latent performance problem that grows with the table, not a correctness bug.

## Example
    class Task(Base):
        __tablename__ = "tasks"
        assignee_id = Column(ForeignKey("users.id"))      # no index leads with it

## Use instead
    class Task(Base):
        __tablename__ = "tasks"
        assignee_id = Column(ForeignKey("users.id"), index=True)
    # and a migration: op.create_index("ix_tasks_assignee_id", "tasks", ["assignee_id"])

## Options
`database.engine` in the genome: with `mysql` the rule is off (InnoDB creates an
index for every foreign key). PostgreSQL is assumed when there is no genome.
)md";

constexpr std::string_view kTags[] = {"performance", "database", "postgresql"};

constexpr RuleMeta kMeta{
    .id = "DB001",
    .name = "unindexed-foreign-key",
    .category = Category::Data,
    .default_severity = Severity::Medium,
    .summary = "Foreign-key column with no index leading with it",
    .docs = kDocs,
    .tags = kTags,
};

bool engine_indexes_foreign_keys(const genome::Genome* g) {
  return g && g->database && g->database->engine && g->database->engine->value == genome::DbEngine::Mysql;
}

bool indexed_in_model(const std::vector<model::Entity>& entities, const model::Entity& e, const model::Column& c) {
  for (const model::Index& ix : e.indexes)
    if (!ix.columns.empty() && (ix.columns.front() == c.name || ix.columns.front() == c.attribute)) return true;
  return !e.table.empty() && model::is_leading_index_column(entities, e.table, c.name);
}

std::string short_name(std::string_view qualified) {
  auto dot = qualified.rfind('.');
  return std::string(dot == std::string_view::npos ? qualified : qualified.substr(dot + 1));
}

class UnindexedForeignKey final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    if (engine_indexes_foreign_keys(input.genome)) return;
    const model::RepoModel& repo = input.model;
    const data::ReplayedSchema& schema = data::shared_replayed_schema(input);
    std::set<std::pair<std::string, std::string>> seen;  // (table key, column)
    for (const model::Entity& e : repo.entities) {
      if (e.file < repo.files.size() && model::is_test_path(repo.files[e.file].path)) continue;
      const std::string table = e.table.empty() ? "#" + e.qualified : data::table_key(e.table);
      for (const model::Column& c : e.columns) {
        if (!c.foreign_key) continue;
        if (!seen.insert({table, ascii::lowered(c.name)}).second) continue;
        ctx.count_check();
        if (indexed_in_model(repo.entities, e, c)) continue;
        if (const data::ReplayedTable* t = e.table.empty() ? nullptr : schema.table(e.table); t && t->has_leading_index(c.name))
          continue;
        if (schema.unknown_index_leads.count(ascii::lowered(c.name))) continue;
        report(ctx, e, c);
      }
    }
  }

 private:
  static void report(engine::RuleContext& ctx, const model::Entity& e, const model::Column& c) {
    const std::string table = e.table.empty() ? e.name : e.table;
    std::string target = c.foreign_key->table.empty() ? "its parent" : c.foreign_key->table;
    if (!c.foreign_key->table.empty() && !c.foreign_key->column.empty()) target += "." + c.foreign_key->column;
    std::string msg = "foreign key `" + table + "." + c.name + "` → " + target;
    if (!c.inherited_from.empty()) msg += " (inherited by " + e.name + " from " + short_name(c.inherited_from) + ")";
    msg += " has no index leading with it in the model or the migrations: joins from " +
           (c.foreign_key->table.empty() ? std::string("the parent") : c.foreign_key->table) +
           " and cascading deletes scan " + table;
    ctx.report(c.where, std::move(msg),
               "add index=True to the column and a migration: op.create_index(\"ix_" + table + "_" + c.name + "\", \"" + table +
                   "\", [\"" + c.name + "\"])");
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_unindexed_foreign_key() { return std::make_unique<UnindexedForeignKey>(); }

}  // namespace archverify::rules
