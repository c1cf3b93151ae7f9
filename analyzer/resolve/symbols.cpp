// Name resolution across files (see symbols.h).
#include "analyzer/resolve/symbols.h"

#include <algorithm>
#include <cstring>

#include "analyzer/core/parallel_for.h"

namespace archverify::resolve {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

namespace {
constexpr int kMaxDepth = 16;
}

SymbolResolver::SymbolResolver(const std::vector<model::FileFacts>& files, const ModuleTable& modules,
                               std::shared_ptr<const Tables> tables)
    : files_(files), modules_(modules), tables_(std::move(tables)) {}

SymbolResolver SymbolResolver::fork() const { return SymbolResolver(files_, modules_, tables_); }

void SymbolResolver::forget() {
  import_memo_ = {};
  clean_lookups_ = {};
  lookup_memo_ = {};
  resolve_memo_ = {};
  collisions_ = {};
  texts_ = new_texts();
}

namespace {

// Sorts a file's bindings by name and keeps one per name: the last in source
// order (`keep_last`, what assignment does) or the first.
template <typename Bindings>
void sort_unique(Bindings& v, bool keep_last) {
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.key != b.key ? a.key < b.key : a.name < b.name; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size();) {
    std::size_t j = i + 1;
    while (j < v.size() && v[j].name == v[i].name) ++j;
    v[out++] = v[keep_last ? j - 1 : i];
    i = j;
  }
  v.resize(out);
  v.shrink_to_fit();
}

}  // namespace

const SymbolResolver::Binding* SymbolResolver::find_binding(const BindingMap& map, std::string_view name) {
  const std::uint64_t key = hash_name(name);
  auto it = std::lower_bound(map.begin(), map.end(), name, [key](const NamedBinding& b, std::string_view n) {
    return b.key != key ? b.key < key : b.name < n;
  });
  return it != map.end() && it->key == key && it->name == name ? &it->binding : nullptr;
}

SymbolResolver::SymbolResolver(const std::vector<model::FileFacts>& files, const ModuleTable& modules, unsigned jobs)
    : SymbolResolver(files, modules, build_tables(files, jobs)) {}

std::shared_ptr<const SymbolResolver::Tables> SymbolResolver::build_tables(const std::vector<model::FileFacts>& files,
                                                                           unsigned jobs) {
  auto tables = std::make_shared<Tables>();
  tables->module_level.resize(files.size());
  tables->function_level_imports.resize(files.size());
  tables->star_imports.resize(files.size());
  for_each_index(files.size(), jobs, [&](std::size_t index) {  // a file writes only its own slots
    const auto f = static_cast<std::uint32_t>(index);
    const model::FileFacts& facts = files[f];
    BindingMap& map = tables->module_level[f];
    auto bind = [&map](std::string_view name, Binding b) { map.push_back(NamedBinding{name, b, hash_name(name)}); };
    model::visit_statements(facts.body, [&](const Stmt& s) {
      switch (s.kind) {
        case StmtKind::Import: {
          std::uint32_t count = 0;  // the entry count, in decimal (checked by the lowering and the cache decoder)
          for (char c : s.text) count = count * 10 + static_cast<std::uint32_t>(c - '0');
          for (std::uint32_t k = 0; k < count; ++k) {
            const model::Import& imp = facts.imports[s.index + k];
            if (imp.name == "*") {
              tables->star_imports[f].push_back(s.index + k);
              continue;
            }
            bind(imp.alias, Binding{Binding::Kind::Import, s.index + k, nullptr});
          }
          break;
        }
        case StmtKind::ClassDef: bind(s.text, Binding{Binding::Kind::Class, s.index, nullptr}); break;
        case StmtKind::FunctionDef: bind(s.text, Binding{Binding::Kind::Function, s.index, nullptr}); break;
        case StmtKind::Assign:
          // `x = None` after a guarded import does not shadow the import.
          if (s.value.kind == ExprKind::None) break;
          for (const Expr& t : s.targets) {
            if (t.kind == ExprKind::Name) bind(t.text, Binding{Binding::Kind::Variable, 0, &s});
            else if (t.kind == ExprKind::Tuple || t.kind == ExprKind::List)
              for (const Expr& el : t.children)
                if (el.kind == ExprKind::Name) bind(el.text, Binding{Binding::Kind::Variable, 0, &s});
          }
          break;
        default: break;
      }
    });
    sort_unique(map, true);
    BindingMap& local = tables->function_level_imports[f];
    for (std::uint32_t k = 0; k < facts.imports.size(); ++k) {
      const model::Import& imp = facts.imports[k];
      if (imp.in_function && imp.name != "*") local.push_back(NamedBinding{imp.alias, Binding{Binding::Kind::Import, k, nullptr}, hash_name(imp.alias)});
    }
    sort_unique(local, false);
  });
  return tables;
}

Symbol SymbolResolver::module_symbol(std::uint32_t file) const {
  Symbol s;
  s.kind = Symbol::Kind::Module;
  s.file = file;
  s.qualified = modules_.name_of(file);
  return s;
}

std::string_view SymbolResolver::joined(std::string_view a, std::string_view b) const {
  if (a.empty()) return b;
  char* p = texts_->allocate_uninitialized<char>(a.size() + 1 + b.size());
  std::memcpy(p, a.data(), a.size());
  p[a.size()] = '.';
  if (!b.empty()) std::memcpy(p + a.size() + 1, b.data(), b.size());
  return {p, a.size() + 1 + b.size()};
}

std::string_view SymbolResolver::scratch_joined(std::string_view a, std::string_view b) const {
  if (a.empty()) return b;
  scratch_.assign(a);
  scratch_ += '.';
  scratch_ += b;
  return scratch_;
}

Symbol SymbolResolver::lookup(std::uint32_t file, std::string_view name) const { return lookup_depth(file, name, 0); }

// Depth bookkeeping shared by the memos. A result depends on the depth it was
// asked at only through the kMaxDepth cutoffs; a computation that reached
// depth + height without a cutoff gives the same result from any depth d with
// d + height <= kMaxDepth. Each memoized computation runs with reached_/cut_
// reset and then merges them into its caller's.
template <typename Compute>
SymbolResolver::Tracked SymbolResolver::tracked(int depth, Compute&& compute) const {
  const int saved_reached = reached_;
  const bool saved_cut = cut_;
  reached_ = depth;
  cut_ = false;
  const Symbol computed = compute();
  Tracked t(computed, reached_ - depth, cut_);
  reached_ = std::max(saved_reached, reached_);
  cut_ = saved_cut || cut_;
  return t;
}

void SymbolResolver::reuse(int depth, const Tracked& t) const {
  reached_ = std::max(reached_, depth + t.height);
  cut_ = cut_ || t.cut;
}

Symbol SymbolResolver::lookup_depth(std::uint32_t file, std::string_view name, int depth) const {
  if (depth > kMaxDepth) {
    cut_ = true;
    return {};
  }
  if (file >= files_.size()) return {};
  reached_ = std::max(reached_, depth);
  char buf[96];
  constexpr std::size_t kPrefix = sizeof file + 1;
  if (name.size() > sizeof buf - kPrefix) return lookup_uncached(file, name, depth);
  std::memcpy(buf, &file, sizeof file);
  std::memcpy(buf + sizeof file, name.data(), name.size());
  // Results computed without a cutoff are kept by (file, name) for every depth
  // they hold at; those that met one by (file, depth, name).
  const std::string_view clean_key(buf, sizeof file + name.size());
  if (const Tracked* hit = clean_lookups_.find(clean_key); hit && depth + hit->height <= kMaxDepth) {
    reuse(depth, *hit);
    return hit->symbol();
  }
  std::memmove(buf + kPrefix, buf + sizeof file, name.size());
  buf[sizeof file] = static_cast<char>(depth);
  const std::string_view key(buf, kPrefix + name.size());
  if (const Tracked* hit = lookup_memo_.find(key)) {
    reuse(depth, *hit);
    return hit->symbol();
  }
  Tracked t = tracked(depth, [&] { return lookup_uncached(file, name, depth); });
  if (t.cut) {
    lookup_memo_.insert(model::PackedText(texts_->store(key)), t);
  } else {
    // The clean key is the first bytes of `buf` with the depth byte taken out.
    std::memmove(buf + sizeof file, buf + kPrefix, name.size());
    const std::string_view clean(buf, sizeof file + name.size());
    if (Tracked* known = clean_lookups_.find(clean)) *known = t;
    else clean_lookups_.insert(model::PackedText(texts_->store(clean)), t);
  }
  return t.symbol();
}

Symbol SymbolResolver::lookup_uncached(std::uint32_t file, std::string_view name, int depth) const {
  const Binding* found = find_binding(tables_->module_level[file], name);
  if (!found) {
    found = find_binding(tables_->function_level_imports[file], name);
    if (!found) {
      // `from m import *` of repository modules (mealie's routes/_base/__init__.py), in
      // source order (the last wins in Python; the first match is close enough for
      // names defined once). Public names only; `__all__` is not read.
      for (std::uint32_t k : (name.empty() || name.front() == '_') ? std::vector<std::uint32_t>{} : tables_->star_imports[file]) {
        const model::Import& imp = files_[file].imports[k];
        std::optional<std::uint32_t> source =
            imp.level > 0 ? modules_.find_relative(file, imp.level, imp.module) : modules_.find(imp.module, file);
        if (!source || *source == file) continue;
        if (Symbol s = lookup_depth(*source, name, depth + 1)) return s;
      }
      // `from pkg import sub` where sub is a submodule not imported in pkg/__init__.py
      if (modules_.is_package_init(file)) {
        if (auto target = modules_.find(scratch_joined(modules_.name_of(file), name), file)) return module_symbol(*target);
      }
      return {};
    }
  }
  const Binding& b = *found;
  const model::FileFacts& facts = files_[file];
  const std::string& mod = modules_.name_of(file);
  auto qualify = [&](std::string_view local) { return joined(mod, local); };
  switch (b.kind) {
    case Binding::Kind::Import: return from_import(file, b.index, depth + 1);
    case Binding::Kind::Class: {
      Symbol s;
      s.kind = Symbol::Kind::Class;
      s.file = file;
      s.index = b.index;
      s.qualified = qualify(facts.classes[b.index].qualname);
      return s;
    }
    case Binding::Kind::Function: {
      Symbol s;
      s.kind = Symbol::Kind::Function;
      s.file = file;
      s.index = b.index;
      s.qualified = qualify(facts.functions[b.index].qualname);
      return s;
    }
    case Binding::Kind::Variable: {
      Symbol s;
      s.kind = Symbol::Kind::Variable;
      s.file = file;
      s.assignment = b.stmt;
      s.qualified = qualify(name);
      return s;
    }
  }
  return {};
}

Symbol SymbolResolver::from_import(std::uint32_t file, std::uint32_t import_index, int depth) const {
  if (depth > kMaxDepth) {
    cut_ = true;
    return {};
  }
  reached_ = std::max(reached_, depth);
  const std::uint64_t key = (std::uint64_t{file} << 32) | (std::uint64_t{import_index} << 5) | static_cast<std::uint64_t>(depth);
  static_assert(kMaxDepth < 32, "depth must fit the memo key's 5 bits");
  if (import_index >= (1u << 27)) return from_import_uncached(file, files_[file].imports[import_index], depth);
  if (const Tracked* hit = import_memo_.find(key)) {
    reuse(depth, *hit);
    return hit->symbol();
  }
  Tracked t = tracked(depth, [&] { return from_import_uncached(file, files_[file].imports[import_index], depth); });
  import_memo_.insert(key, t);
  return t.symbol();
}

Symbol SymbolResolver::from_import_uncached(std::uint32_t file, const model::Import& imp, int depth) const {
  if (imp.name.empty()) {
    // `import a.b.c` binds "a" (alias == first part) or, with `as`, the whole module.
    std::string_view target = imp.module;
    if (imp.alias == target.substr(0, target.find('.'))) target = imp.alias;
    if (auto f = modules_.find(target, file)) return module_symbol(*f);
    Symbol s;
    s.kind = Symbol::Kind::External;
    s.qualified = target;
    return s;
  }
  std::optional<std::uint32_t> source;
  std::string source_name;
  if (imp.level > 0) {
    source = modules_.find_relative(file, imp.level, imp.module);
    // `from . import x` where x is a submodule
    if (auto sub = modules_.find_relative(file, imp.level, scratch_joined(imp.module, imp.name))) {
      // In pkg/__init__.py, `from . import sub` names the submodule: the package's own
      // binding of `sub` is this very import.
      if (!source || *source == file || !find_binding(tables_->module_level[*source], imp.name)) return module_symbol(*sub);
    }
    if (!source) return {};  // relative import of something not in the walk
  } else {
    source = modules_.find(imp.module, file);
    if (auto sub = modules_.find(scratch_joined(imp.module, imp.name), file)) {
      if (!source || *source == file || !find_binding(tables_->module_level[*source], imp.name)) return module_symbol(*sub);
    }
    if (!source) {
      Symbol s;
      s.kind = Symbol::Kind::External;
      s.qualified = joined(imp.module, imp.name);
      return s;
    }
  }
  Symbol s = lookup_depth(*source, imp.name, depth + 1);
  if (!s) {
    // Star re-export chains or names we cannot see: keep the dotted origin.
    s.kind = Symbol::Kind::Unknown;
    s.qualified = joined(modules_.name_of(*source), imp.name);
  }
  return s;
}

Symbol SymbolResolver::member(const Symbol& owner, std::string_view name, int depth) const {
  switch (owner.kind) {
    case Symbol::Kind::Module: {
      Symbol s = lookup_depth(owner.file, name, depth + 1);
      if (s) return s;
      if (auto f = modules_.find(scratch_joined(owner.qualified, name), owner.file)) return module_symbol(*f);
      return {};
    }
    case Symbol::Kind::External: {
      Symbol s;
      s.kind = Symbol::Kind::External;
      s.qualified = joined(owner.qualified, name);
      return s;
    }
    default: {
      Symbol s;  // attribute of a class/variable: unknown, but keep a readable name
      if (!owner.qualified.empty()) s.qualified = joined(owner.qualified, name);
      return s;
    }
  }
}

namespace {

// A multiply-xorshift hash of the file index and the chain's parts, outermost
// first, eight bytes at a time (each part's length is mixed in, so part
// boundaries count).
std::uint64_t chain_hash(std::uint32_t file, const Expr& e, const Expr* root) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = file * kMul;
  auto mix = [&](std::uint64_t word) {
    h = (h ^ word) * kMul;
    h ^= h >> 29;
  };
  for (const Expr* cur = &e;; cur = &cur->children[0]) {
    std::string_view t = cur->text;
    mix(t.size());
    std::size_t i = 0;
    for (; i + 8 <= t.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, t.data() + i, 8);
      mix(word);
    }
    if (i < t.size()) {
      std::uint64_t word = 0;
      std::memcpy(&word, t.data() + i, t.size() - i);
      mix(word);
    }
    if (cur == root) break;
  }
  return h;
}

// Appends the chain's parts outermost first, '.'-joined: "c.b.a" for a.b.c.
void append_chain_parts(std::string& out, const Expr& e, const Expr* root) {
  for (const Expr* cur = &e;; cur = &cur->children[0]) {
    out += cur->text.view();
    if (cur == root) break;
    out += '.';
  }
}

// Whether two Name/Attribute chains have the same parts (`root` ends e's; the
// other ends at its first Name).
bool chain_equals(const Expr& e, const Expr* root, const Expr& other) {
  const Expr* o = &other;
  for (const Expr* cur = &e;; cur = &cur->children[0], o = &o->children[0]) {
    if (cur->text != o->text) return false;
    const bool other_ends = o->kind != ExprKind::Attribute || o->children.empty();
    if (cur == root) return other_ends;
    if (other_ends) return false;
  }
}

}  // namespace

const Symbol& SymbolResolver::resolved(std::uint32_t file, const Expr& e) const {
  static const Symbol kUnknown;
  // resolve_depth yields Unknown unless e is a Name, or an Attribute chain down
  // to a Name; for those the result depends only on the file and the dotted
  // text (the recursion depths follow from the chain's length).
  const Expr* root = &e;
  while (root->kind == ExprKind::Attribute && !root->children.empty()) root = &root->children[0];
  if (root->kind != ExprKind::Name) return kUnknown;
  const std::uint64_t h = chain_hash(file, e, root);
  if (const ResolvedChain* const* hit = resolve_memo_.find(h)) {
    if ((*hit)->file == file && chain_equals(e, root, *(*hit)->chain)) return (*hit)->symbol;
    std::string key(reinterpret_cast<const char*>(&file), sizeof file);
    append_chain_parts(key, e, root);
    if (auto c = collisions_.find(key); c != collisions_.end()) return c->second;
    return collisions_.emplace(std::move(key), resolve_depth(file, e, 0)).first->second;
  }
  const Symbol symbol = resolve_depth(file, e, 0);  // may add entries (and move the table)
  ResolvedChain* entry = texts_->allocate_uninitialized<ResolvedChain>(1);
  *entry = ResolvedChain{&e, symbol, file};
  resolve_memo_.insert(h, entry);
  return entry->symbol;
}

Symbol SymbolResolver::resolve_depth(std::uint32_t file, const Expr& e, int depth) const {
  if (depth > kMaxDepth) {
    cut_ = true;
    return {};
  }
  reached_ = std::max(reached_, depth);
  if (e.kind == ExprKind::Name) return lookup_depth(file, e.text, depth + 1);
  if (e.kind == ExprKind::Attribute && !e.children.empty()) {
    Symbol owner = resolve_depth(file, e.children[0], depth + 1);
    if (!owner && owner.qualified.empty()) return {};
    return member(owner, e.text, depth + 1);
  }
  return {};
}

std::string SymbolResolver::qualified_name(std::uint32_t file, const Expr& e) const {
  return std::string(resolved(file, e).qualified);
}

}  // namespace archverify::resolve
