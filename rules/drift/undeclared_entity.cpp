// DRIFT002 undeclared-entity: a model class the genome's `entities` does not
// list (by class name or table). Off when the genome lists no entities.
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "analyzer/engine/rule.h"
#include "analyzer/genome/entity_correspondence.h"
#include "analyzer/genome/genome.h"
#include "rules/all_rules.h"

namespace archverify::rules {
namespace {

constexpr std::string_view kDocs = R"md(
## What it does
Reports a mapped model class that no entity of the genome declares, matched by
class name or by `table`. Module-level `Table(...)` objects (association
tables) and models in test files are not expected in the genome. The finding
sits on the class.

## Why is this bad?
A genome that lists entities is the inventory of the data model: tenancy
scoping, API review and ownership are decided from it. A table added without
updating it is invisible to all of that — typically the one table nobody
scoped. Low severity: the code may be right, the document is incomplete.

## Example
    # archverify.yaml lists Project and Task only
    class AuditLog(Base):
        __tablename__ = "audit_log"

## Use instead
    entities:
      - name: AuditLog
        table: audit_log

## Options
Off when the genome has no `entities` (or there is no genome). Turn it off
with `quality.rules: {DRIFT002: off}` if the genome lists only some entities
on purpose.
)md";

constexpr std::string_view kTags[] = {"drift", "maintainability"};

constexpr RuleMeta kMeta{
    .id = "DRIFT002",
    .name = "undeclared-entity",
    .category = Category::Drift,
    .default_severity = Severity::Low,
    .summary = "Model class that the genome's entities do not declare",
    .docs = kDocs,
    .tags = kTags,
};

class UndeclaredEntity final : public engine::Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const engine::RuleInput& in, engine::RuleContext& ctx) const override {
    if (!in.genome || in.genome->entities.empty()) return;
    // genome::declares (class name or table) for every declared entity at once, through hashed sets.
    std::unordered_set<std::string_view> declared_names;
    for (const genome::Entity& d : in.genome->entities) declared_names.insert(d.name);
    const genome::DeclaredTables declared_tables(in.genome->entities);
    for (const model::Entity& e : in.model.entities) {
      if (!genome::is_declarable(in.model, e)) continue;
      ctx.count_check();
      if (declared_names.count(e.name) > 0 || declared_tables.contains(e.table)) continue;
      ctx.report(e.where,
                 "model " + e.name + (e.table.empty() ? std::string() : " (table " + e.table + ")") +
                     " is not declared in the genome's entities",
                 "add it to the genome's entities (archverify init prints a full list), or remove the model");
    }
  }
};

}  // namespace

std::unique_ptr<engine::Rule> make_undeclared_entity() { return std::make_unique<UndeclaredEntity>(); }

}  // namespace archverify::rules
