// DB005 model-migration-drift: replays the Alembic revisions (schema_replay.h)
// and compares the result with the mapped tables: model tables, columns and
// declared indexes no migration creates; columns migrations create that no
// model declares; coarse type and nullability differences. When the schema
// cannot be derived from migrations at all (no revisions, or a create_all +
// stamp baseline for the tables migrations never create) it says so once.
#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

#include "analyzer/core/ascii.h"
#include "analyzer/model/test_paths.h"
#include "analyzer/engine/rule.h"
#include "rules/all_rules.h"
#include "rules/data/schema_replay.h"
#include "rules/data/type_families.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Replays the Alembic revisions in dependency order (`down_revision`, merges,
`depends_on`, branch labels; several heads allowed) into tables, columns and
indexes, and compares that schema with the ORM models. It reports:
- a model table no migration creates (on the class);
- a model column no migration creates (on the column; a mixin's column names the entity);
- an index the model declares (`index=True`, `unique=True`, `Index(...)`,
  `UniqueConstraint(...)`) that no migration creates;
- a column a migration creates that no model declares (on the migration op);
- a type or nullability difference, with types compared coarsely (`String(n)`
  vs `VARCHAR(n)`, `JSON` vs `JSONB`, `Enum` vs `VARCHAR`, `Text` vs `String`
  are the same; a different `String` length is not).

It follows `batch_alter_table` blocks, helper functions called from `upgrade()`,
literal DDL in `op.execute`, `rename_table` and `alter_column(new_column_name=)`,
single-table inheritance (a subclass's columns live in the parent's table).
Operations with computed table names (f-strings, loops) make the tables they may
touch "possibly created": never a finding. Indexes that only migrations create
are not reported. When there are no revisions at all, or the tables come from
`metadata.create_all` followed by `alembic stamp`, one low finding says drift is
not checkable for the tables no migration creates.

## Why is this bad?
The models are what the code believes; the migrations are what production has.
A column the model has and no migration adds fails at the first query that
selects it; a NOT NULL the database does not enforce lets bad rows in; a
column only the migrations know about is a leftover or a lost model change.
Medium severity: it breaks deploys and data integrity, but is found by tests
that run migrations.

## Example
    class Task(Base):
        __tablename__ = "tasks"
        priority = Column(Integer, nullable=False)   # no migration adds tasks.priority

## Use instead
    # migrations/versions/0005_task_priority.py
    def upgrade():
        op.add_column("tasks", sa.Column("priority", sa.Integer(), server_default="0", nullable=False))
)md";

constexpr std::string_view kTags[] = {"database", "migrations", "drift"};

constexpr RuleMeta kMeta{
    .id = "DB005",
    .name = "model-migration-drift",
    .category = Category::Data,
    .default_severity = Severity::Medium,
    .summary = "ORM models and Alembic migrations disagree on tables, columns, indexes, types or nullability",
    .docs = kDocs,
    .tags = kTags,
};

using data::ReplayedColumn;
using data::ReplayedSchema;
using data::ReplayedTable;

// A mapped table: the entities sharing it (single-table inheritance), the non-STI owner first.
struct ModelTable {
  std::string name;
  std::vector<const model::Entity*> entities;
  struct Col {
    const model::Entity* entity;
    const model::Column* column;
  };
  std::vector<Col> columns;  // deduplicated by name
  bool external_columns = false;  // a base outside the repository may add columns we cannot see

  const Col* column(std::string_view name) const {
    for (const Col& c : columns)
      if (ascii::iequals(c.column->name, name)) return &c;
    return nullptr;
  }
  std::vector<std::string> column_names() const {
    std::vector<std::string> out;
    for (const Col& c : columns) out.push_back(c.column->name);
    return out;
  }
};

std::string short_name(std::string_view qualified) {
  auto dot = qualified.rfind('.');
  return std::string(dot == std::string_view::npos ? qualified : qualified.substr(dot + 1));
}


// Bases that are the ORM's own: they add no columns.
bool is_orm_base(std::string_view base) {
  for (std::string_view prefix : {"sqlalchemy.", "sqlmodel.", "flask_sqlalchemy.", "typing.", "pydantic.", "abc.", "builtins."})
    if (base.starts_with(prefix)) return true;
  return base == "object" || base.ends_with(".Model") || base.ends_with(".Base");
}

bool mapped(const model::RepoModel& repo, const model::Entity& e) {
  if (e.table.empty() || e.table_source == model::TableNameSource::Unknown) return false;
  return !(e.file < repo.files.size() && model::is_test_path(repo.files[e.file].path));
}

// The bases of mapped entities that are neither the ORM's own nor classes of
// the repository (by qualified name): a base outside the repository.
std::unordered_set<std::string_view> unknown_bases(const model::RepoModel& repo) {
  std::unordered_set<std::string_view> unknown;
  for (const model::Entity& e : repo.entities)
    if (mapped(repo, e))
      for (const std::string& b : e.bases)
        if (!is_orm_base(b)) unknown.insert(b);
  if (unknown.empty()) return unknown;
  for (const model::Entity& e : repo.entities) unknown.erase(e.qualified);
  std::string qualified;
  for (std::size_t f = 0; f < repo.files.size() && !unknown.empty(); ++f)
    for (const model::Class& c : repo.files[f].classes) {
      qualified.assign(repo.module_names[f]).append(".").append(c.name);
      unknown.erase(qualified);
    }
  return unknown;
}

std::vector<ModelTable> model_tables(const model::RepoModel& repo) {
  const std::unordered_set<std::string_view> outside = unknown_bases(repo);
  std::map<std::string, ModelTable> by_key;
  for (const model::Entity& e : repo.entities) {
    if (!mapped(repo, e)) continue;
    ModelTable& t = by_key[data::table_key(e.table)];
    if (t.name.empty()) t.name = e.table;
    if (e.single_table_parent.empty()) t.entities.insert(t.entities.begin(), &e);
    else t.entities.push_back(&e);
    for (const std::string& b : e.bases)
      if (outside.count(b)) t.external_columns = true;
  }
  std::vector<ModelTable> out;
  for (auto& [_, t] : by_key) {
    for (const model::Entity* e : t.entities)
      for (const model::Column& c : e->columns)
        if (!t.column(c.name)) t.columns.push_back({e, &c});
    out.push_back(std::move(t));
  }
  return out;
}

// Where a table's schema came from when migrations did not create it.
struct Baseline {
  const model::CallSite* stamp = nullptr;
  bool create_all = false;
};

Baseline find_baseline(const model::RepoModel& repo) {
  Baseline b;
  for (const model::CallSite& c : repo.calls) {
    const bool create_all = model::last_dotted_part_is(c.callee, "create_all");
    const bool stamp = !create_all && model::last_dotted_part_is(c.callee, "stamp");
    if (!create_all && !stamp) continue;
    if (c.file >= repo.files.size() || model::is_test_path(repo.files[c.file].path)) continue;
    if (create_all) b.create_all = true;
    if (stamp && !b.stamp &&
        (c.qualified.starts_with("alembic.command") || c.qualified.starts_with("flask_migrate") ||
         c.callee.ends_with("command.stamp")))
      b.stamp = &c;
  }
  return b;
}

class ModelMigrationDrift final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& input, engine::RuleContext& ctx) const override {
    const model::RepoModel& repo = input.model;
    std::vector<ModelTable> tables = model_tables(repo);
    if (tables.empty()) return;
    if (repo.migrations.empty()) {
      report_not_checkable_without_migrations(tables, ctx);
      return;
    }
    const ReplayedSchema& schema = data::shared_replayed_schema(input);
    const Baseline baseline = find_baseline(repo);
    const bool stamped = baseline.stamp && baseline.create_all;
    std::vector<std::string> unchecked;  // model tables the baseline, not the migrations, created
    for (const ModelTable& mt : tables) {
      ctx.count_check();
      const ReplayedTable* t = schema.table(mt.name);
      if (!t || !t->created) {
        if (stamped) unchecked.push_back(mt.name);
        if (!t && !stamped && !schema.possibly_created(mt.column_names())) report_missing_table(mt, ctx);
        if (t) compare_columns(mt, *t, schema, ctx);  // columns the migrations add to it are still checkable
        continue;
      }
      compare_columns(mt, *t, schema, ctx);
      compare_indexes(mt, *t, ctx);
    }
    if (!unchecked.empty()) report_baseline(repo, baseline, unchecked, ctx);
  }

 private:
  static void report_not_checkable_without_migrations(const std::vector<ModelTable>& tables, engine::RuleContext& ctx) {
    const model::Entity* first = nullptr;
    for (const ModelTable& t : tables)
      for (const model::Entity* e : t.entities)
        if (!first || e->where < first->where) first = e;
    ctx.count_check();
    ctx.report_at(Severity::Low, first->where,
                  "no Alembic revisions found: drift between the " + std::to_string(tables.size()) +
                      " mapped tables and the database schema is not checkable",
                  "manage the schema with Alembic (alembic init; alembic revision --autogenerate)");
  }

  static void report_baseline(const model::RepoModel& repo, const Baseline& b, const std::vector<std::string>& unchecked,
                              engine::RuleContext& ctx) {
    std::string list;
    for (std::size_t i = 0; i < unchecked.size() && i < 5; ++i) list += (i ? ", " : "") + unchecked[i];
    if (unchecked.size() > 5) list += ", …";
    SourceRange where = repo.files[b.stamp->file].range(b.stamp->call->span());
    ctx.report_at(Severity::Low, where,
                  "the schema starts from metadata.create_all stamped as migrated here: " + std::to_string(unchecked.size()) +
                      " model tables no migration creates (" + list + ") are not checkable for drift",
                  "add a baseline revision that creates every table so migrations describe the whole schema");
  }

  static void report_missing_table(const ModelTable& mt, engine::RuleContext& ctx) {
    const model::Entity& e = *mt.entities.front();
    ctx.report(e.where, "table `" + mt.name + "` of " + e.name + " is not created by any Alembic migration",
               "generate a migration: alembic revision --autogenerate");
  }

  static void compare_columns(const ModelTable& mt, const ReplayedTable& t, const ReplayedSchema& schema, engine::RuleContext& ctx) {
    const bool checkable = t.created && !t.opaque;
    for (const ModelTable::Col& mc : mt.columns) {
      const ReplayedColumn* rc = t.column(mc.column->name);
      if (!rc) {
        if (!checkable) continue;
        ctx.count_check();
        if (schema.unknown_added_columns.count(ascii::lowered(mc.column->name))) continue;
        ctx.report(mc.column->where, "column `" + mt.name + "." + mc.column->name + "`" + owner_note(mc) +
                                         " is in the model but no Alembic migration creates it",
                   "generate a migration that adds it: alembic revision --autogenerate");
        continue;
      }
      ctx.count_check();
      if (!rc->certain) continue;
      compare_column(mt, mc, *rc, ctx);
    }
    if (mt.external_columns) return;
    for (const ReplayedColumn& rc : t.columns) {
      if (mt.column(rc.name)) continue;
      ctx.count_check();
      if (!rc.certain || !rc.origin) continue;
      ctx.report(rc.origin->where,
                 "column `" + mt.name + "." + rc.name + "` is created by this migration but no model (" +
                     mt.entities.front()->name + ") declares it",
                 "add the column to the model, or drop it in a new migration");
    }
  }

  static void compare_column(const ModelTable& mt, const ModelTable::Col& mc, const ReplayedColumn& rc, engine::RuleContext& ctx) {
    const model::Column& c = *mc.column;
    const std::string col = "`" + mt.name + "." + c.name + "`" + owner_note(mc);
    std::vector<RelatedLocation> related;
    if (rc.last) related.push_back({rc.last->where, "the last migration op that shapes the column"});
    if (auto diff = data::type_difference(c.type, rc.type)) {
      Finding& f = ctx.report(c.where, "column " + col + " is " + *diff + " after the migrations",
                              "align the model type with the database, or add a migration with op.alter_column(type_=...)");
      f.related = related;
    }
    // SQLModel `x: str = None`: NULL under pydantic v1, NOT NULL under v2 — either database side is right for some version.
    if (!c.primary_key && c.nullable != rc.nullable && !(c.sqlmodel_default_none && rc.nullable)) {
      Finding& f = ctx.report(c.where,
                              "column " + col + " is " + (c.nullable ? "nullable" : "NOT NULL") + " in the model but " +
                                  (rc.nullable ? "nullable" : "NOT NULL") + " after the migrations",
                              "add a migration with op.alter_column(nullable=...) or fix the model's nullable=");
      f.related = related;
    }
  }

  static void compare_indexes(const ModelTable& mt, const ReplayedTable& t, engine::RuleContext& ctx) {
    if (t.opaque) return;
    std::set<std::pair<std::vector<std::string>, bool>> seen;
    for (const model::Entity* e : mt.entities) {
      for (const model::Index& ix : e->indexes) {
        if (ix.origin == model::IndexOrigin::PrimaryKey || ix.origin == model::IndexOrigin::PrimaryKeyConstraint) continue;
        std::vector<std::string> cols;
        bool expression = ix.columns.empty();
        for (const std::string& c : ix.columns) {
          if (data::index_column_key(c).starts_with("(")) expression = true;
          cols.push_back(data::index_column_key(c));
        }
        if (expression) continue;
        // Names in the index may be attribute names: map them to column names.
        for (std::string& c : cols)
          if (const model::Column* mc = e->column(c)) c = ascii::lowered(mc->name);
        const bool unique = ix.unique;
        if (!seen.insert({cols, unique}).second) continue;
        ctx.count_check();
        bool found = std::any_of(t.indexes.begin(), t.indexes.end(), [&](const data::ReplayedIndex& r) {
          return r.columns == cols && (!unique || r.unique || r.primary_key);
        });
        if (found) continue;
        std::string what = ix.name.empty() ? std::string(unique ? "unique constraint" : "index") + " on (" + join(cols) + ")"
                                           : std::string(unique ? "unique index `" : "index `") + ix.name + "` on (" + join(cols) + ")";
        std::string owner = ix.inherited_from.empty() ? "" : " (inherited by " + e->name + " from " + short_name(ix.inherited_from) + ")";
        ctx.report(ix.where, "the model declares " + what + " on `" + mt.name + "`" + owner + " but no Alembic migration creates it",
                   "generate a migration: alembic revision --autogenerate");
      }
    }
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
  }

  static std::string owner_note(const ModelTable::Col& mc) {
    if (mc.column->inherited_from.empty()) return "";
    return " (inherited by " + mc.entity->name + " from " + short_name(mc.column->inherited_from) + ")";
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_model_migration_drift() { return std::make_unique<ModelMigrationDrift>(); }

}  // namespace archverify::rules
