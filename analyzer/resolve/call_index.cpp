// build_calls: indexes every call with its resolved origin and, for calls of
// repository functions, the target function. Besides plain function calls it
// resolves method calls on receivers whose class is evident in the function:
// `self.m()` (the enclosing class and its bases), a parameter annotated with a
// repository class (`repo: UserRepository = Depends(...)`, `X | None`), a local
// or module-level instance built by `C(...)` or `C.factory(...)` (`repo =
// ProductRepository.from_session(session)`, `product_service = ProductService()`).
// Receivers of any other shape stay unresolved.
#include <map>
#include <optional>

#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/walk.h"

namespace archverify::resolve {

namespace {

using model::Expr;
using model::ExprKind;

struct ClassRef {
  std::uint32_t file = model::kNoIndex;
  std::uint32_t index = model::kNoIndex;
};

class MethodResolver {
 public:
  explicit MethodResolver(const ResolveContext& ctx) : ctx_(ctx) {}

  std::optional<model::FunctionRef> target(std::uint32_t file, std::uint32_t fn, const Expr& callee) {
    if (callee.kind != ExprKind::Attribute || callee.children.empty()) return std::nullopt;
    if (file != locals_file_) {  // calls come file by file: keep only this file's locals
      locals_.clear();
      locals_file_ = file;
    }
    auto cls = instance_class(file, fn, callee.children[0]);
    if (!cls) return std::nullopt;
    return method_of(*cls, callee.text, 0);
  }

 private:
  const std::vector<model::FileFacts>& files() const { return ctx_.model.files; }

  std::optional<ClassRef> class_of(std::uint32_t file, const Expr& e, int depth = 0) const {
    if (depth > 3) return std::nullopt;
    if (e.kind == ExprKind::BinOp && e.text == "|" && e.children.size() == 2) {  // X | None
      if (auto c = class_of(file, e.children[0], depth + 1)) return c;
      return class_of(file, e.children[1], depth + 1);
    }
    if (e.kind == ExprKind::Subscript && !e.children.empty()) {  // Optional[X], Annotated[X, ...]
      const std::string head(model::last_dotted_part(e.children[0].dotted()));
      if ((head == "Optional" || head == "Annotated") && e.children.size() > 1) {
        const Expr& arg = e.children[1];
        if (arg.kind == ExprKind::Tuple && !arg.children.empty()) return class_of(file, arg.children[0], depth + 1);
        return class_of(file, arg, depth + 1);
      }
      return std::nullopt;
    }
    if (e.kind != ExprKind::Name && e.kind != ExprKind::Attribute) return std::nullopt;
    const Symbol& s = ctx_.symbols.resolved(file, e);
    if (s.kind != Symbol::Kind::Class) return std::nullopt;
    return ClassRef{s.file, s.index};
  }

  // `C(...)` or `C.factory(...)` (possibly awaited): an instance of C.
  std::optional<ClassRef> constructed(std::uint32_t file, const Expr& value) const {
    const Expr* v = &value;
    if (v->kind == ExprKind::Await && !v->children.empty()) v = &v->children[0];
    if (v->kind != ExprKind::Call) return std::nullopt;
    const Expr& callee = v->callee();
    if (auto c = class_of(file, callee)) return c;
    if (callee.kind == ExprKind::Attribute && !callee.children.empty()) return class_of(file, callee.children[0]);
    return std::nullopt;
  }

  std::optional<ClassRef> instance_class(std::uint32_t file, std::uint32_t fn, const Expr& recv) {
    if (recv.kind != ExprKind::Name) return std::nullopt;
    const model::FileFacts& ff = files()[file];
    if (fn != model::kNoIndex && fn < ff.functions.size()) {
      const model::Function& f = ff.functions[fn];
      if ((recv.text == "self" || recv.text == "cls") && f.owner_class != model::kNoIndex)
        return ClassRef{file, f.owner_class};
      for (const model::Param& p : f.params)
        if (p.name == recv.text) {
          if (!p.annotation.empty()) return class_of(file, p.annotation);
          return std::nullopt;
        }
      auto [entry, fresh] = locals_.try_emplace({file, fn});
      LocalAssignments& locals = entry->second;
      if (fresh)
        model::visit_statements(f.body, [&](const model::Stmt& s) {
          if (s.kind != model::StmtKind::Assign || s.targets.size() != 1 || s.targets[0].kind != ExprKind::Name) return;
          LocalAssignment& a = locals[s.targets[0].text];
          if (a.count++ == 0) a.value = &s.value;
        });
      // A local assigned once, with a constructor call: an instance of that class.
      // Assigned more than once: rebound, not evident (the module level may still tell).
      if (auto it = locals.find(recv.text); it != locals.end() && it->second.count == 1)
        if (auto c = constructed(file, *it->second.value)) return c;
    }
    const Symbol& s = ctx_.symbols.resolved(file, recv);
    if (s.kind == Symbol::Kind::Variable && s.assignment && s.file != model::kNoIndex)
      return constructed(s.file, s.assignment->value);
    return std::nullopt;
  }

  std::optional<model::FunctionRef> method_of(ClassRef c, std::string_view name, int depth) const {
    if (depth > 6 || c.file >= files().size() || c.index >= files()[c.file].classes.size()) return std::nullopt;
    const model::FileFacts& ff = files()[c.file];
    const model::Class& cls = ff.classes[c.index];
    for (std::uint32_t m : cls.methods)
      if (m < ff.functions.size() && ff.functions[m].name == name) return model::FunctionRef{c.file, m};
    for (const Expr& b : cls.bases) {
      const Expr& base = b.kind == ExprKind::Subscript && !b.children.empty() ? b.children[0] : b;  // Repo[Model]
      if (auto bc = class_of(c.file, base))
        if (auto r = method_of(*bc, name, depth + 1)) return r;
    }
    return std::nullopt;
  }

  struct LocalAssignment {
    int count = 0;                      // single-Name-target assignments of the local in the function
    const Expr* value = nullptr;        // the first one's value
  };
  using LocalAssignments = std::map<std::string_view, LocalAssignment, std::less<>>;

  const ResolveContext& ctx_;
  std::map<std::pair<std::uint32_t, std::uint32_t>, LocalAssignments> locals_;  // by (file, function), built on first use
  std::uint32_t locals_file_ = model::kNoIndex;
};

}  // namespace

void collect_calls(const ResolveContext& ctx, FileRange files, model::NamePool& names,
                   std::vector<model::CallSite>& out) {
  MethodResolver methods(ctx);
  std::string dotted;  // reused for every attribute chain
  for (std::uint32_t f = files.begin; f < files.end; ++f) {
    for_each_call(ctx.model.files[f], [&](const model::Expr& call, std::uint32_t fn, const model::Stmt*) {
      model::CallSite site;
      site.file = f;
      site.in_function = fn;
      site.call = &call;
      const Expr& callee = call.callee();
      if (callee.kind == ExprKind::Name) {
        site.callee = callee.text;  // already in the file's arena
      } else {
        callee.dotted_into(dotted);
        site.callee = names.intern(dotted);
      }
      if (!site.callee.empty()) {
        const Symbol& s = ctx.symbols.resolved(f, callee);
        site.qualified = names.intern(s.qualified);
        if (s.kind == Symbol::Kind::Function) site.target = model::FunctionRef{s.file, s.index};
        else if (s.kind == Symbol::Kind::Unknown || s.kind == Symbol::Kind::Variable)
          if (auto t = methods.target(f, fn, callee)) site.target = *t;
      }
      out.push_back(site);
    });
  }
}

void build_calls(ResolveContext& ctx) {
  collect_calls(ctx, FileRange{0, static_cast<std::uint32_t>(ctx.model.files.size())}, ctx.model.names,
                ctx.model.calls);
}

}  // namespace archverify::resolve
