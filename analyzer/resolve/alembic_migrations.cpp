// build_migrations: Alembic revision files (found by content) and the schema
// operations of their upgrade(), in order, following batch_alter_table blocks
// (innermost enclosing `with` wins, so reused `batch_op` names resolve right)
// and same-file helper functions called from upgrade() (three levels deep).
#include <map>

#include "analyzer/resolve/alembic_files.h"
#include "analyzer/resolve/alembic_sql.h"
#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/sqlalchemy_columns.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::SchemaOp;
using model::SchemaOpKind;
using model::Stmt;
using model::StmtKind;

namespace {

constexpr int kMaxHelperDepth = 3;

struct BatchScope {
  std::string alias;
  std::optional<std::string> table;  // nullopt: not a literal
};

std::vector<std::string> string_list(const Expr& e) {
  std::vector<std::string> out;
  if (e.is_string_literal()) return {std::string(e.text)};
  if (e.kind != ExprKind::List && e.kind != ExprKind::Tuple) return out;
  for (const Expr& c : e.children) {
    if (c.is_string_literal()) out.emplace_back(c.text);
    else if (auto s = literal_string(c)) out.push_back("(" + *s + ")");  // sa.text("lower(email)")
    else out.push_back("(" + render_expr(c) + ")");
  }
  return out;
}

class OpWalker {
 public:
  OpWalker(const ResolveContext& ctx, std::uint32_t file, std::vector<SchemaOp>& ops) : ctx_(ctx), file_(file), ops_(ops) {}

  void walk_function(std::uint32_t fn, int depth) {
    if (depth > kMaxHelperDepth) return;
    std::vector<BatchScope> scopes;
    const model::Function& f = ctx_.model.files[file_].functions[fn];
    // Local names bound once to a string literal (`constraint_name = "x"`) count as literals.
    std::map<std::string, std::optional<std::string>, std::less<>> locals;
    model::visit_statements(f.body, [&](const Stmt& s) {
      if (s.kind != StmtKind::Assign && s.kind != StmtKind::AugAssign && s.kind != StmtKind::For && s.kind != StmtKind::With) return;
      for (const Expr& t : s.targets) {
        if (t.kind != ExprKind::Name) continue;
        std::optional<std::string> v;
        if (s.kind == StmtKind::Assign && s.value.is_string_literal()) v = s.value.text;
        if (locals.count(t.text)) locals[std::string(t.text)] = std::nullopt;
        else locals[std::string(t.text)] = v;
      }
    });
    locals_.push_back(std::move(locals));
    int saved = conditional_;
    conditional_ = depth > 0 ? conditional_ : 0;
    walk(f.body, scopes, depth);
    conditional_ = saved;
    locals_.pop_back();
  }

 private:
  const model::FileFacts& facts() const { return ctx_.model.files[file_]; }

  // A literal string argument, or a module-level string constant of this file.
  std::optional<std::string> lit(const Expr* e) const {
    if (!e) return std::nullopt;
    if (auto s = literal_string(*e)) return s;
    if (e->kind == ExprKind::Name) {
      if (!locals_.empty()) {
        if (auto it = locals_.back().find(e->text); it != locals_.back().end()) return it->second;
      }
      Symbol s = ctx_.symbols.resolve(file_, *e);
      if (s.kind == Symbol::Kind::Variable && s.assignment && s.assignment->value.is_string_literal()) return std::string(s.assignment->value.text);
    }
    return std::nullopt;
  }

  void walk(std::span<const Stmt> body, std::vector<BatchScope>& scopes, int depth) {
    for (const Stmt& s : body) {
      switch (s.kind) {
        case StmtKind::With: {
          std::size_t pushed = 0;
          for (std::size_t i = 0; i < s.items().size(); ++i) {
            const Expr& item = s.items()[i];
            if (item.kind != ExprKind::Call || item.callee().kind != ExprKind::Attribute || item.callee().text != "batch_alter_table")
              continue;
            const Expr* alias = i < s.targets.size() ? &s.targets[i] : nullptr;
            if (!alias || alias->kind != ExprKind::Name) continue;
            scopes.push_back(BatchScope{std::string(alias->text), lit(item.arg(0, "table_name"))});
            ++pushed;
          }
          walk(s.body, scopes, depth);
          scopes.resize(scopes.size() - pushed);
          break;
        }
        case StmtKind::Expr:
        case StmtKind::Assign:
        case StmtKind::Return:
          if (s.value.kind == ExprKind::Call) handle_call(s.value, scopes, depth);
          else if (s.value.kind == ExprKind::Await && !s.value.children.empty() && s.value.children[0].kind == ExprKind::Call)
            handle_call(s.value.children[0], scopes, depth);
          break;
        case StmtKind::FunctionDef:
        case StmtKind::ClassDef: break;
        case StmtKind::Try:
          // The try body, else and finally normally run; except handlers are conditional.
          walk(s.body, scopes, depth);
          ++conditional_;
          walk(s.handlers(), scopes, depth);
          --conditional_;
          walk(s.orelse, scopes, depth);
          walk(s.finalbody(), scopes, depth);
          break;
        default:  // if / elif / else, loops, match, except-handler bodies
          ++conditional_;
          walk(s.body, scopes, depth);
          walk(s.orelse, scopes, depth);
          walk(s.handlers(), scopes, depth);
          walk(s.finalbody(), scopes, depth);
          --conditional_;
          break;
      }
    }
  }

  bool is_alembic_op(const Expr& owner) const {
    if (owner.kind != ExprKind::Name) return false;
    Symbol s = ctx_.symbols.resolve(file_, owner);
    if (s.kind == Symbol::Kind::External) return s.qualified == "alembic.op";
    return owner.text == "op" && s.kind == Symbol::Kind::Unknown;
  }

  void handle_call(const Expr& call, const std::vector<BatchScope>& scopes, int depth) {
    const Expr& callee = call.callee();
    if (callee.kind == ExprKind::Name) {
      Symbol s = ctx_.symbols.resolve(file_, callee);
      if (s.kind == Symbol::Kind::Function && s.file == file_ &&
          ctx_.model.files[file_].functions[s.index].owner_class == model::kNoIndex)
        walk_function(s.index, depth + 1);
      return;
    }
    if (callee.kind != ExprKind::Attribute || callee.children.empty()) return;
    const Expr& owner = callee.children[0];
    const BatchScope* batch = nullptr;
    if (owner.kind == ExprKind::Name)
      for (auto it = scopes.rbegin(); it != scopes.rend(); ++it)
        if (it->alias == owner.text) { batch = &*it; break; }
    if (!batch && !is_alembic_op(owner)) return;
    op_call(callee.text, call, batch);
  }

  model::MigrationColumn column_of(const Expr& call, const ConstructRef& ctor) const {
    ColumnSpec spec = parse_column_call(ctx_.symbols, file_, call, ctor);
    model::MigrationColumn c;
    c.name = spec.name;
    c.type = spec.type;
    c.primary_key = spec.primary_key;
    c.unique = spec.unique;
    c.index = spec.index;
    c.server_default = spec.server_default;
    if (spec.nullable) { c.nullable = *spec.nullable; c.nullable_explicit = true; }
    else c.nullable = !spec.primary_key;
    if (spec.foreign_key.literal) c.foreign_key = spec.foreign_key.literal;
    return c;
  }

  void table_item(const Expr& a, SchemaOp& op) const {
    if (a.kind != ExprKind::Call) return;
    ConstructRef ctor = classify_construct(ctx_.symbols, file_, a.callee());
    switch (ctor.kind) {
      case SaConstruct::Column: op.columns.push_back(column_of(a, ctor)); break;
      case SaConstruct::Index:
      case SaConstruct::UniqueConstraint:
      case SaConstruct::PrimaryKeyConstraint: {
        ConstraintSpec spec = parse_constraint_call(a, ctor.kind);
        op.indexes.push_back(model::MigrationIndex{spec.name, spec.columns, spec.unique, ctor.kind == SaConstruct::PrimaryKeyConstraint});
        break;
      }
      case SaConstruct::ForeignKeyConstraint: {
        model::MigrationForeignKey fk;
        if (const Expr* n = a.keyword("name")) fk.name = lit(n).value_or("");
        if (const Expr* cols = a.arg(0, "columns")) fk.columns = string_list(*cols);
        if (const Expr* refs = a.arg(1, "refcolumns")) {
          for (const std::string& r : string_list(*refs))
            if (auto t = split_fk_target(r)) {
              fk.target_table = t->table;
              fk.target_columns.push_back(t->column);
            }
        }
        op.foreign_keys.push_back(std::move(fk));
        break;
      }
      default: break;
    }
  }

  void op_call(std::string_view method, const Expr& call, const BatchScope* batch) {
    SchemaOp op;
    op.op_name = std::string(method);
    op.where = facts().range(call.span());
    op.in_batch = batch != nullptr;
    op.conditional = conditional_ > 0;
    bool known = true;
    // Positional index of an argument: non-batch ops take the table first, batch ops do not.
    const std::size_t t = batch ? 0 : 1;
    auto table_arg = [&](std::size_t index, std::string_view kw) {
      if (batch) {
        if (batch->table) op.table = *batch->table;
        else known = false;
        return;
      }
      if (auto s = lit(call.arg(index, kw))) op.table = *s;
      else known = false;
    };
    auto need = [&](std::optional<std::string> v, std::string& out) {
      if (v) out = *v;
      else known = false;
    };
    if (method == "create_table") {
      op.kind = SchemaOpKind::CreateTable;
      need(lit(call.arg(0, "table_name")), op.table);
      auto pos = call.positional();
      for (std::size_t i = 1; i < pos.size(); ++i) table_item(*pos[i], op);
      // Column flags become indexes too, so "leading column" is judged the same way as on entities.
      std::vector<std::string> pk;
      bool has_pk_constraint = false;
      for (const model::MigrationIndex& ix : op.indexes) has_pk_constraint |= ix.primary_key;
      for (const model::MigrationColumn& c : op.columns) {
        if (c.primary_key) pk.push_back(c.name);
        if (c.index || c.unique) op.indexes.push_back(model::MigrationIndex{"", {c.name}, c.unique, false});
      }
      if (!pk.empty() && !has_pk_constraint) op.indexes.push_back(model::MigrationIndex{"", pk, true, true});
    } else if (method == "drop_table") {
      op.kind = SchemaOpKind::DropTable;
      need(lit(call.arg(0, "table_name")), op.table);
    } else if (method == "rename_table") {
      op.kind = SchemaOpKind::RenameTable;
      need(lit(call.arg(0, "old_table_name")), op.table);
      need(lit(call.arg(1, "new_table_name")), op.new_name);
    } else if (method == "add_column") {
      op.kind = SchemaOpKind::AddColumn;
      table_arg(0, "table_name");
      const Expr* col = call.arg(t, "column");
      if (col && col->kind == ExprKind::Call) {
        ConstructRef ctor = classify_construct(ctx_.symbols, file_, col->callee());
        if (ctor.kind == SaConstruct::Column) {
          op.columns.push_back(column_of(*col, ctor));
          op.column = op.columns.back().name;
        } else known = false;
      } else known = false;
    } else if (method == "drop_column") {
      op.kind = SchemaOpKind::DropColumn;
      table_arg(0, "table_name");
      need(lit(call.arg(t, "column_name")), op.column);
    } else if (method == "alter_column") {
      op.kind = SchemaOpKind::AlterColumn;
      table_arg(0, "table_name");
      need(lit(call.arg(t, "column_name")), op.column);
      if (const Expr* n = call.keyword("new_column_name")) need(lit(n), op.new_name);
      if (const Expr* ty = call.keyword("type_")) op.new_type = classify_type(*ty);
      if (const Expr* nl = call.keyword("nullable")) op.new_nullable = literal_bool(*nl);
    } else if (method == "create_index") {
      op.kind = SchemaOpKind::CreateIndex;
      model::MigrationIndex ix;
      if (const Expr* n = call.arg(0, "index_name"); n && n->kind != ExprKind::None) need(lit(n), ix.name);
      if (batch) table_arg(0, "");
      else table_arg(1, "table_name");
      const Expr* cols = call.arg(batch ? 1 : 2, "columns");
      if (cols) ix.columns = string_list(*cols);
      if (ix.columns.empty()) known = false;
      if (const Expr* u = call.keyword("unique")) ix.unique = literal_bool(*u).value_or(false);
      op.name = ix.name;
      op.indexes.push_back(std::move(ix));
    } else if (method == "drop_index") {
      op.kind = SchemaOpKind::DropIndex;
      need(lit(call.arg(0, "index_name")), op.name);
      if (batch) table_arg(0, "");
      else if (auto s = lit(call.arg(1, "table_name"))) op.table = *s;
    } else if (method == "create_foreign_key") {
      op.kind = SchemaOpKind::CreateForeignKey;
      model::MigrationForeignKey fk;
      if (const Expr* n = call.arg(0, "constraint_name"); n && n->kind != ExprKind::None) fk.name = lit(n).value_or("");
      if (batch) table_arg(0, "");
      else table_arg(1, "source_table");
      need(lit(call.arg(t + 1, "referent_table")), fk.target_table);
      if (const Expr* l = call.arg(t + 2, "local_cols")) fk.columns = string_list(*l);
      if (const Expr* r = call.arg(t + 3, "remote_cols")) fk.target_columns = string_list(*r);
      if (fk.columns.empty()) known = false;
      op.name = fk.name;
      op.foreign_keys.push_back(std::move(fk));
    } else if (method == "create_unique_constraint" || method == "create_primary_key") {
      bool pk = method == "create_primary_key";
      op.kind = pk ? SchemaOpKind::CreatePrimaryKey : SchemaOpKind::CreateUniqueConstraint;
      model::MigrationIndex ix;
      if (const Expr* n = call.arg(0, "constraint_name"); n && n->kind != ExprKind::None) ix.name = lit(n).value_or("");
      if (batch) table_arg(0, "");
      else table_arg(1, "table_name");
      if (const Expr* cols = call.arg(t + 1, "columns")) ix.columns = string_list(*cols);
      if (ix.columns.empty()) known = false;
      ix.unique = true;
      ix.primary_key = pk;
      op.name = ix.name;
      op.indexes.push_back(std::move(ix));
    } else if (method == "drop_constraint") {
      op.kind = SchemaOpKind::DropConstraint;
      need(lit(call.arg(0, "constraint_name")), op.name);
      if (batch) table_arg(0, "");
      else table_arg(1, "table_name");
    } else if (method == "execute") {
      const Expr* sql = call.arg(0, "sqltext");
      std::optional<std::string> text = sql ? lit(sql) : std::nullopt;
      if (!text) {
        // A Core DML expression (`table.update().values(…)`) changes data, not schema; anything else is unknown.
        bool dml = false;
        for (const Expr* e = sql; e && (e->kind == ExprKind::Call || e->kind == ExprKind::Attribute) && !e->children.empty();
             e = &e->children[0])
          if (e->kind == ExprKind::Attribute && (e->text == "update" || e->text == "insert" || e->text == "delete" || e->text == "values"))
            dml = true;
        op.kind = dml ? SchemaOpKind::Other : SchemaOpKind::Unknown;
        ops_.push_back(std::move(op));
        return;
      }
      for (SchemaOp& parsed : parse_sql_ddl(*text, op.where)) {
        parsed.in_batch = op.in_batch;
        parsed.conditional = op.conditional;
        ops_.push_back(std::move(parsed));
      }
      return;
    } else if (method.starts_with("create_") || method.starts_with("drop_") || method.starts_with("add_") ||
               method.starts_with("alter_") || method.starts_with("rename_") || method == "bulk_insert") {
      op.kind = SchemaOpKind::Other;
    } else {
      return;  // op.get_bind(), op.f(), op.inline_literal(): not schema operations
    }
    if (!known) op.kind = SchemaOpKind::Unknown;
    ops_.push_back(std::move(op));
  }

  const ResolveContext& ctx_;
  std::uint32_t file_;
  std::vector<SchemaOp>& ops_;
  int conditional_ = 0;
  std::vector<std::map<std::string, std::optional<std::string>, std::less<>>> locals_;  // per walked function: name → literal (nullopt: reassigned)
};

std::vector<std::string> strings_of(const Expr& e, bool& unknown) {
  std::vector<std::string> out;
  if (e.kind == ExprKind::None || e.empty()) return out;
  if (e.is_string_literal()) return {std::string(e.text)};
  if (e.kind == ExprKind::Tuple || e.kind == ExprKind::List || e.kind == ExprKind::Set) {
    for (const Expr& c : e.children) {
      if (c.is_string_literal()) out.emplace_back(c.text);
      else unknown = true;
    }
    return out;
  }
  unknown = true;
  return out;
}

}  // namespace

bool is_revision_file(const model::FileFacts& facts) {
  bool revision = false, down = false, upgrade = false;
  for (const Stmt& s : facts.body) {
    if (s.kind == StmtKind::Assign && s.targets.size() == 1 && s.targets[0].kind == ExprKind::Name) {
      if (s.targets[0].text == "revision" && s.value.is_string_literal()) revision = true;
      if (s.targets[0].text == "down_revision") down = true;
    } else if (s.kind == StmtKind::FunctionDef && s.text == "upgrade") {
      upgrade = true;
    }
  }
  return revision && down && upgrade;
}

void build_migrations(ResolveContext& ctx) {
  for (std::uint32_t f = 0; f < ctx.model.files.size(); ++f) {
    const model::FileFacts& facts = ctx.model.files[f];
    const Stmt* revision = nullptr;
    const Stmt* down = nullptr;
    const Stmt* labels = nullptr;
    const Stmt* depends = nullptr;
    std::uint32_t upgrade = model::kNoIndex;
    for (const Stmt& s : facts.body) {
      if (s.kind == StmtKind::Assign && s.targets.size() == 1 && s.targets[0].kind == ExprKind::Name) {
        std::string_view n = s.targets[0].text;
        if (n == "revision") revision = &s;
        else if (n == "down_revision") down = &s;
        else if (n == "branch_labels") labels = &s;
        else if (n == "depends_on") depends = &s;
      } else if (s.kind == StmtKind::FunctionDef && s.text == "upgrade") {
        upgrade = s.index;
      }
    }
    if (!revision || !down || upgrade == model::kNoIndex || !revision->value.is_string_literal()) continue;
    model::Migration m;
    m.file = f;
    m.path = facts.path;
    m.where = facts.range(revision->span);
    m.revision = revision->value.text;
    bool unknown = false;
    m.down_revisions = strings_of(down->value, unknown);
    m.down_revision_unknown = unknown;
    bool ignored = false;
    if (labels) m.branch_labels = strings_of(labels->value, ignored);
    if (depends) m.depends_on = strings_of(depends->value, ignored);
    OpWalker walker(ctx, f, m.ops);
    walker.walk_function(upgrade, 0);
    ctx.model.migrations.push_back(std::move(m));
  }
}

}  // namespace archverify::resolve
