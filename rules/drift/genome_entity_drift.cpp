// DRIFT001 genome-entity-drift: what the genome says about an entity that the
// code does not do — no model, a missing field, a different type, nullability,
// uniqueness or foreign-key target, a promised endpoint kind with no route.
// Findings sit on the genome line; the model's line is a related location.
#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/ascii.h"
#include "analyzer/engine/rule.h"
#include "analyzer/genome/entity_correspondence.h"
#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Compares each entity the genome declares under `entities` with the code's ORM
model and reports, at the genome line:
- an entity no model class implements (matched by class name, else by `table`),
  or a `table` different from the one the class maps to;
- a field the model has no column for (database name or attribute); the
  message names the column sharing the most words with it, if one does;
- a `type` different from the column's storage type: `int` is
  Integer/SmallInteger, `bigint` BigInteger, `string` String/VARCHAR/Unicode/`str`,
  `text` Text, `bool`, `float`, `decimal` Numeric, `datetime`, `date`, `uuid`
  (also a TypeDecorator named like GUID/UUID), `json` (JSON/JSONB), `enum`
  (SQLAlchemy `Enum`; a Python enum in `Mapped[...]` stored as String is a
  string). `string` and `text` are different types. A TypeDecorator reads as
  its `impl`, an imported alias (`Enum as SQLEnum`) as what it imports, a type
  factory (`UrlString(Text)`) as the type it wraps. Column types the genome
  cannot name (Time, Interval, LargeBinary, ARRAY, other TypeDecorators) are
  not compared;
- `nullable` or `unique` different from the model's (only when the genome
  states them; a primary key is NOT NULL and, alone, unique; a single-column
  unique index or constraint counts as unique; a column that is unique only
  together with others is not, and the message names those others);
- a `references: table.column` that the column's foreign key does not point at
  (or the column has no foreign key);
- an `endpoints` kind no route serves. Routes are matched to the entity by
  path: a path ending in the entity's collection name (its table, or its class
  name in snake/kebab case, singular or plural, without a `Model` suffix) is
  the collection — `GET` is `list`, `POST` is `create`; a path ending in a
  parameter right after it is the item — `GET` is `get`, `PUT`/`PATCH`/`POST`
  is `update`, `DELETE` is `delete`. A compound entity may be named by its
  trailing words under a segment naming the leading ones
  (`/webhooks/{id}/logs` for WebhookLog) or when no other model ends in those
  words (`/destinations` for NotificationDestination), or by its leading words
  when no other model starts with them and a route follows them with a
  parameter named for the rest (`/maintenance/{rule_id}` for
  MaintenanceWindowRule); a path ending in a parameter named for the entity
  (`/workflows/runs/{workflow_execution_id}`) is its item. Dashboard form routes
  count: `POST …/create` is `create`, `POST …/{id}/edit` is `update`,
  `POST|DELETE …/{id}/delete` is `delete`. The message lists the routes whose
  path names the entity, so a miss can be checked at a glance.

## Why is this bad?
The genome is the reviewed statement of the data model. When the code quietly
diverges — a column renamed, a type widened, an endpoint never built — the
document everyone reads is wrong, and tools that trust it (tenancy, API
review) reason about a model that does not exist. Medium severity: drift is
not a bug by itself, but it hides the ones that matter.

## Example
    # archverify.yaml
    entities:
      - name: Task
        fields:
          - {name: due_date, type: date}    # the model says DateTime
        endpoints: [list, delete]           # no DELETE /tasks/{id}

## Use instead
    entities:
      - name: Task
        fields:
          - {name: due_date, type: datetime}
        endpoints: [list]

## Options
Runs only with a genome that lists `entities`. `archverify init` writes a
genome that describes the code as it is.
)md";

constexpr std::string_view kTags[] = {"drift", "maintainability"};

constexpr RuleMeta kMeta{
    .id = "DRIFT001",
    .name = "genome-entity-drift",
    .category = Category::Drift,
    .default_severity = Severity::Medium,
    .summary = "The code's model differs from an entity the genome declares",
    .docs = kDocs,
    .tags = kTags,
};

std::string model_type_text(const model::ColumnType& t) {
  if (!t.name.empty()) return t.name;
  return std::string(model::to_string(t.kind));
}

std::string reference_text(const model::ForeignKeyTarget& fk) { return fk.table + "." + fk.column; }

class GenomeEntityDrift final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    if (!in.genome || in.genome->entities.empty()) return;
    const genome::RouteIndex routes(in.model);
    // Declared entities found by class name through a map; only the others scan the models (by table).
    std::unordered_map<std::string_view, const model::Entity*> by_name;
    for (const model::Entity& m : in.model.entities)
      if (genome::is_declarable(in.model, m)) by_name.try_emplace(m.name, &m);
    for (const genome::Entity& declared : in.genome->entities) {
      ctx.count_check();
      auto named = by_name.find(declared.name);
      const model::Entity* e = named != by_name.end() ? named->second : genome::model_entity_for(in.model, declared);
      if (!e) {
        ctx.report(declared.where,
                   "entity " + declared.name + (declared.table ? " (table " + *declared.table + ")" : std::string()) +
                       " is declared in the genome but no model class implements it",
                   "add the model, or remove the entity from the genome");
        continue;
      }
      if (declared.table && !e->table.empty() && !genome::same_table(*declared.table, e->table)) {
        related(ctx.report(declared.where,
                           "entity " + declared.name + " is declared with table " + *declared.table + " but " + e->name +
                               " maps to " + e->table,
                           "set table: " + e->table + " in the genome, or rename the table"),
                e->where, e->name);
      }
      for (const genome::Field& f : declared.fields) check_field(ctx, declared, *e, f);
      check_endpoints(routes, ctx, declared, *e);
    }
  }

 private:
  static void related(Finding& f, const SourceRange& where, const std::string& what) {
    f.related.push_back(RelatedLocation{where, what});
  }

  static void check_field(engine::RuleContext& ctx, const genome::Entity& declared, const model::Entity& e,
                          const genome::Field& f) {
    ctx.count_check();
    const std::string field = declared.name + "." + f.name;
    const model::Column* c = e.column(f.name);
    if (!c) {
      const model::Column* near = closest_column(e, f.name);
      related(ctx.report(f.where,
                         "field " + field + " is declared in the genome but " + e.name + " has no column " + f.name +
                             (near ? " (closest: " + near->name + ")" : std::string()),
                         near ? "rename the field to " + near->name + " in the genome, or add the column"
                              : "add the column, or rename/remove the field in the genome"),
              e.where, e.name);
      return;
    }
    const std::string column = e.name + "." + c->attribute;
    if (auto t = genome::field_type_of(c->type); t && *t != f.type) {
      related(ctx.report(f.where,
                         "field " + field + " is declared as " + std::string(genome::to_string(f.type)) + " but the model declares " +
                             model_type_text(c->type) + " (" + std::string(genome::to_string(*t)) + ")",
                         "make the genome say " + std::string(genome::to_string(*t)) + ", or change the column type"),
              c->where, column);
    }
    if (f.nullable && *f.nullable != c->nullable && !c->sqlmodel_default_none) {
      related(ctx.report(f.where,
                         "field " + field + " is declared nullable: " + (*f.nullable ? "true" : "false") + " but the column is " +
                             (c->nullable ? "nullable" : "NOT NULL"),
                         std::string("make the genome say nullable: ") + (c->nullable ? "true" : "false") + ", or change the column"),
              c->where, column);
    }
    if (f.unique && *f.unique != genome::column_is_unique(e, *c)) {
      related(ctx.report(f.where,
                         "field " + field + " is declared unique: " + (*f.unique ? "true" : "false") + " but the column is " +
                             (*f.unique ? "not unique" + composite_unique(e, *c) : std::string("unique")),
                         "align the genome's unique with the model"),
              c->where, column);
    }
    if (f.references_table) {
      const std::string want = *f.references_table + "." + f.references_column.value_or("");
      if (!c->foreign_key) {
        related(ctx.report(f.where, "field " + field + " is declared to reference " + want + " but the column has no foreign key",
                           "add ForeignKey(\"" + want + "\") to the column, or drop references from the genome"),
                c->where, column);
      } else if (!c->foreign_key->table.empty() &&
                 (!genome::same_table(c->foreign_key->table, *f.references_table) ||
                  (f.references_column && !c->foreign_key->column.empty() && *f.references_column != c->foreign_key->column))) {
        related(ctx.report(f.where,
                           "field " + field + " is declared to reference " + want + " but its foreign key points at " +
                               reference_text(*c->foreign_key),
                           "make the genome say references: " + reference_text(*c->foreign_key)),
                c->where, column);
      }
    }
  }

  static std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    for (char ch : name) {
      if (ch == '_' || ch == '-') {
        if (cur.size() >= 3) out.push_back(cur);  // "is", "at", "id" say nothing
        cur.clear();
      } else {
        cur += ascii::to_lower(ch);
      }
    }
    if (cur.size() >= 3) out.push_back(cur);
    return out;
  }

  // The column sharing the most words with a missing field ("password" → hashed_password), if exactly one does.
  static const model::Column* closest_column(const model::Entity& e, std::string_view field) {
    const std::vector<std::string> want = name_words(field);
    const model::Column* best = nullptr;
    std::size_t best_shared = 0;
    bool tie = false;
    for (const model::Column& c : e.columns) {
      std::size_t shared = 0;
      for (const std::string& w : name_words(c.name))
        shared += std::count(want.begin(), want.end(), w) > 0 ? 1 : 0;
      if (shared == 0 || shared < best_shared) continue;
      tie = shared == best_shared;
      best_shared = shared;
      best = &c;
    }
    return tie ? nullptr : best;
  }

  // " (only unique together with tenant_id)" when a multi-column unique index or constraint covers the column.
  static std::string composite_unique(const model::Entity& e, const model::Column& c) {
    for (const model::Index& ix : e.indexes) {
      if (!ix.unique || ix.columns.size() < 2) continue;
      if (std::find(ix.columns.begin(), ix.columns.end(), c.name) == ix.columns.end()) continue;
      std::string others;
      for (const std::string& col : ix.columns)
        if (col != c.name) others += (others.empty() ? "" : ", ") + col;
      return " on its own (only unique together with " + others + ")";
    }
    return "";
  }

  static void check_endpoints(const genome::RouteIndex& routes, engine::RuleContext& ctx, const genome::Entity& declared,
                              const model::Entity& e) {
    if (declared.endpoints.empty()) return;
    const std::string table = e.table.empty() ? declared.table.value_or("") : e.table;
    const genome::EntityEndpoints served = genome::endpoints_of(routes, e.name, table);
    std::string considered;  // computed once, for the first missing kind
    for (const auto& kind : declared.endpoints) {
      ctx.count_check();
      if (served[static_cast<std::size_t>(kind.value)]) continue;
      if (considered.empty()) considered = considered_routes(genome::routes_naming(routes, e.name, table), e);
      related(ctx.report(kind.where,
                         "the genome promises a " + std::string(genome::to_string(kind.value)) + " endpoint for " + declared.name +
                             " but no route serves it (expected " + expected_shape(kind.value, e) + "; " + considered + ")",
                         "add the route, or remove '" + std::string(genome::to_string(kind.value)) + "' from the entity's endpoints"),
              e.where, e.name);
    }
  }

  // The routes the endpoint match looked at, for the message: at most four, then a count.
  static std::string considered_routes(const std::vector<const model::Route*>& routes, const model::Entity& e) {
    const std::string coll = e.table.empty() ? e.name : e.table;
    if (routes.empty()) return "no route path names " + coll;
    std::vector<std::string> shown;
    for (const model::Route* r : routes) {
      std::string text = std::string(model::to_string(r->method)) + " " + r->path.render();
      if (std::find(shown.begin(), shown.end(), text) == shown.end()) shown.push_back(std::move(text));
    }
    std::string out = "routes naming " + coll + ": ";
    const std::size_t limit = 4;
    for (std::size_t i = 0; i < shown.size() && i < limit; ++i) out += (i ? ", " : "") + shown[i];
    if (shown.size() > limit) out += " and " + std::to_string(shown.size() - limit) + " more";
    return out;
  }

  static std::string expected_shape(genome::EndpointKind k, const model::Entity& e) {
    const std::string coll = "/" + (e.table.empty() ? e.name : e.table);
    switch (k) {
      case genome::EndpointKind::List: return "GET " + coll;
      case genome::EndpointKind::Get: return "GET " + coll + "/{id}";
      case genome::EndpointKind::Create: return "POST " + coll;
      case genome::EndpointKind::Update: return "PUT/PATCH " + coll + "/{id}";
      case genome::EndpointKind::Delete: return "DELETE " + coll + "/{id}";
    }
    return "";
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_genome_entity_drift() { return std::make_unique<GenomeEntityDrift>(); }

}  // namespace archverify::rules
