// build_schemas: finds the Pydantic / SQLModel / Marshmallow classes of the
// repository (by following base classes to the framework's base), their
// fields that nest another repository schema (own and inherited), and the
// schema each FastAPI route's response model names. Runs after build_routes.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "analyzer/resolve/build_model.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::SchemaFlavor;
using model::Stmt;
using model::StmtKind;

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

struct ClassKey {
  std::uint32_t file;
  std::uint32_t index;
  auto operator<=>(const ClassKey&) const = default;
};

class SchemaFinder {
 public:
  explicit SchemaFinder(ResolveContext& ctx) : ctx_(ctx) {}

  // Flavor of a repository class, when it is a schema.
  std::optional<SchemaFlavor> flavor(ClassKey k, int depth = 0) {
    if (auto it = memo_.find(k); it != memo_.end()) return it->second;
    memo_[k] = std::nullopt;  // cycle guard
    std::optional<SchemaFlavor> out;
    if (depth < 16) {
      const model::Class& c = ctx_.model.files[k.file].classes[k.index];
      for (const Expr& base : c.bases) {
        out = base_flavor(k.file, base.kind == ExprKind::Subscript && !base.children.empty() ? base.children[0] : base, depth);
        if (out) break;
      }
    }
    memo_[k] = out;
    return out;
  }

  // The repository schema class an expression denotes (a Name/Attribute, or a forward-reference string).
  std::optional<ClassKey> schema_class(std::uint32_t file, const Expr& e) {
    Symbol s;
    if (e.kind == ExprKind::Name || e.kind == ExprKind::Attribute) s = ctx_.symbols.resolve(file, e);
    else if (e.is_string_literal() && !e.text.empty() && e.text.find_first_of("[ |,") == std::string::npos)
      s = ctx_.symbols.lookup(file, e.text);
    if (s.kind != Symbol::Kind::Class) return std::nullopt;
    ClassKey k{s.file, s.index};
    if (!flavor(k)) return std::nullopt;
    return k;
  }

  // Unwraps a type annotation to the schema it carries: Optional[X], list[X], X | None, Annotated[X, …].
  std::optional<ClassKey> annotation_schema(std::uint32_t file, const Expr& e, bool& many) {
    switch (e.kind) {
      case ExprKind::Name:
      case ExprKind::Attribute:
      case ExprKind::String: return schema_class(file, e);
      case ExprKind::BinOp:
        for (const Expr& c : e.children)
          if (auto k = annotation_schema(file, c, many)) return k;
        return std::nullopt;
      case ExprKind::Subscript: {
        if (e.children.empty()) return std::nullopt;
        std::string head(model::last_dotted_part(e.children[0].dotted()));
        if (head == "Dict" || head == "dict" || head == "Mapping" || head == "ClassVar" || head == "Literal" ||
            head == "Type" || head == "type")
          return std::nullopt;
        bool container = head == "List" || head == "list" || head == "Sequence" || head == "Set" || head == "set" ||
                         head == "FrozenSet" || head == "frozenset" || head == "Iterable" || head == "Tuple" ||
                         head == "tuple" || head == "Collection";
        bool transparent = head == "Optional" || head == "Union" || head == "Annotated";
        std::vector<const Expr*> args;
        for (std::size_t i = 1; i < e.children.size(); ++i) {
          if (e.children[i].kind == ExprKind::Tuple)
            for (const Expr& a : e.children[i].children) args.push_back(&a);
          else
            args.push_back(&e.children[i]);
        }
        if (head == "Annotated" && args.size() > 1) args.resize(1);
        for (const Expr* a : args) {
          bool inner_many = false;
          if (auto k = annotation_schema(file, *a, inner_many)) {
            many = many || inner_many || container || !transparent;  // Page[X]: a collection of X
            return k;
          }
        }
        return std::nullopt;
      }
      default: return std::nullopt;
    }
  }

 private:
  std::optional<SchemaFlavor> base_flavor(std::uint32_t file, const Expr& base, int depth) {
    Symbol s = ctx_.symbols.resolve(file, base);
    if (s.kind == Symbol::Kind::Class) return flavor(ClassKey{s.file, s.index}, depth + 1);
    std::string q = s.kind == Symbol::Kind::External ? std::string(s.qualified) : base.dotted();
    std::string_view last = model::last_dotted_part(q);
    if (s.kind == Symbol::Kind::External) {
      if (starts_with(q, "pydantic") && (last == "BaseModel" || last == "GenericModel" || last == "RootModel"))
        return SchemaFlavor::Pydantic;
      if (starts_with(q, "sqlmodel") && last == "SQLModel") return SchemaFlavor::SqlModel;
      if ((starts_with(q, "marshmallow") || starts_with(q, "flask_marshmallow")) && last.find("Schema") != std::string_view::npos)
        return SchemaFlavor::Marshmallow;
      return std::nullopt;
    }
    // flask-marshmallow: `ma = Marshmallow(app)` then `class S(ma.Schema)` / `ma.SQLAlchemyAutoSchema`.
    if (base.kind == ExprKind::Attribute &&
        (last == "Schema" || last == "SQLAlchemySchema" || last == "SQLAlchemyAutoSchema" || last == "ModelSchema"))
      return SchemaFlavor::Marshmallow;
    return std::nullopt;
  }

  ResolveContext& ctx_;
  std::map<ClassKey, std::optional<SchemaFlavor>> memo_;
};

std::string qualified_of(ResolveContext& ctx, ClassKey k) {
  const std::string& mod = ctx.model.module_names[k.file];
  const std::string qn = ctx.model.files[k.file].classes[k.index].qualname.str();
  return mod.empty() ? qn : mod + "." + qn;
}

// A Marshmallow field expression nesting a schema: Nested(X, many=True), List(Nested(X)), Nested("Name").
std::optional<ClassKey> marshmallow_nested(SchemaFinder& finder, ResolveContext& ctx, ClassKey self, const Expr& value,
                                           bool& many) {
  if (value.kind != ExprKind::Call) return std::nullopt;
  std::string callee(model::last_dotted_part(value.callee().dotted()));
  auto pos = value.positional();
  if (callee == "List" && !pos.empty()) {
    bool inner = false;
    auto k = marshmallow_nested(finder, ctx, self, *pos[0], inner);
    if (k) many = true;
    return k;
  }
  if (callee != "Nested") return std::nullopt;
  const Expr* target = pos.empty() ? value.keyword("nested") : pos[0];
  if (!target) return std::nullopt;
  if (const Expr* m = value.keyword("many"); m && m->kind == ExprKind::True) many = true;
  if (target->kind == ExprKind::Lambda && !target->children.empty()) target = &target->children[0];
  if (target->is_string_literal() && target->text == "self") return self;
  if (auto k = finder.schema_class(self.file, *target)) return k;
  if (target->is_string_literal()) {  // marshmallow's class registry: a schema named so anywhere
    std::string_view name = model::last_dotted_part(target->text);
    for (std::uint32_t f = 0; f < ctx.model.files.size(); ++f)
      for (std::uint32_t c = 0; c < ctx.model.files[f].classes.size(); ++c)
        if (ctx.model.files[f].classes[c].name == name && finder.flavor(ClassKey{f, c})) return ClassKey{f, c};
  }
  return std::nullopt;
}

std::vector<model::NestedField> own_fields(SchemaFinder& finder, ResolveContext& ctx, ClassKey k, SchemaFlavor flavor) {
  std::vector<model::NestedField> out;
  const model::FileFacts& facts = ctx.model.files[k.file];
  for (const Stmt& s : facts.classes[k.index].body) {
    if (s.kind != StmtKind::Assign || s.targets.size() != 1 || s.targets[0].kind != ExprKind::Name) continue;
    model::NestedField f;
    f.name = s.targets[0].text;
    f.attribute = f.name;
    f.where = facts.range(s.span);
    std::optional<ClassKey> target;
    if (flavor == SchemaFlavor::Marshmallow) {
      target = marshmallow_nested(finder, ctx, k, s.value, f.many);
      if (const Expr* call = &s.value; target && call->kind == ExprKind::Call)
        if (const Expr* attr = call->keyword("attribute"); attr && attr->is_string_literal()) f.attribute = attr->text;
    } else {
      if (s.annotation().empty()) continue;
      // SQLModel Relationship() attributes are not Pydantic fields.
      if (s.value.kind == ExprKind::Call && model::last_dotted_part(s.value.callee().dotted()) == "Relationship") continue;
      target = finder.annotation_schema(k.file, s.annotation(), f.many);
    }
    if (!target) continue;
    f.schema = qualified_of(ctx, *target);
    out.push_back(std::move(f));
  }
  return out;
}

// Own fields after the fields of repository base schemas (an own field replaces an inherited one).
std::vector<model::NestedField> all_fields(SchemaFinder& finder, ResolveContext& ctx, ClassKey k, SchemaFlavor flavor,
                                           std::set<ClassKey>& seen) {
  std::vector<model::NestedField> out;
  if (!seen.insert(k).second) return out;
  for (const Expr& base : ctx.model.files[k.file].classes[k.index].bases) {
    const Expr& b = base.kind == ExprKind::Subscript && !base.children.empty() ? base.children[0] : base;
    Symbol s = ctx.symbols.resolve(k.file, b);
    if (s.kind != Symbol::Kind::Class || !finder.flavor(ClassKey{s.file, s.index})) continue;
    ClassKey bk{s.file, s.index};
    for (model::NestedField f : all_fields(finder, ctx, bk, flavor, seen)) {
      if (f.inherited_from.empty()) f.inherited_from = qualified_of(ctx, bk);
      out.push_back(std::move(f));
    }
  }
  for (model::NestedField f : own_fields(finder, ctx, k, flavor)) {
    std::erase_if(out, [&](const model::NestedField& o) { return o.name == f.name; });
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

void build_schemas(ResolveContext& ctx) {
  SchemaFinder finder(ctx);
  for (std::uint32_t f = 0; f < ctx.model.files.size(); ++f) {
    const model::FileFacts& facts = ctx.model.files[f];
    for (std::uint32_t c = 0; c < facts.classes.size(); ++c) {
      auto flavor = finder.flavor(ClassKey{f, c});
      if (!flavor) continue;
      model::SchemaClass s;
      s.name = facts.classes[c].name;
      s.qualified = qualified_of(ctx, ClassKey{f, c});
      s.file = f;
      s.class_index = c;
      s.flavor = *flavor;
      s.where = facts.range(facts.classes[c].name_span);
      std::set<ClassKey> seen;
      s.nested = all_fields(finder, ctx, ClassKey{f, c}, *flavor, seen);
      ctx.model.schemas.push_back(std::move(s));
    }
  }
  for (std::uint32_t r = 0; r < ctx.model.routes.size(); ++r) {
    const model::Route& route = ctx.model.routes[r];
    if (route.framework != model::Framework::FastApi) continue;
    const Expr* rm = route.response_model;
    std::uint32_t file = ctx.model.file_index(route.where.path);
    bool from_annotation = false;
    if (!rm && route.handler.valid()) {
      rm = &ctx.model.files[route.handler.file].functions[route.handler.function].returns;
      file = route.handler.file;
      from_annotation = true;
    }
    if (!rm || rm->empty() || file == model::kNoIndex) continue;
    bool many = false;
    auto k = finder.annotation_schema(file, *rm, many);
    if (!k) continue;
    ctx.model.response_schemas.push_back(model::ResponseSchema{r, qualified_of(ctx, *k), many, from_annotation});
  }
}

}  // namespace archverify::resolve
