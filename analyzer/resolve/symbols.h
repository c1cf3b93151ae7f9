// What a name means: resolves Name/Attribute expressions in a file to the
// class, function, module-level variable or module they denote, following
// imports, aliases and re-exports across the repository's files (depth-limited,
// cycle-safe). Names bound by imports of modules outside the repository resolve
// to External with their dotted origin ("fastapi.APIRouter"), which is how
// extractors recognise framework calls whatever alias the code uses. Imports
// inside functions (the Flask app-factory idiom) are used when the module level
// binds nothing; `from m import *` of a repository module is followed when the
// name is bound nowhere else. Deliberately not modelled: assignments inside
// functions, attribute assignment on objects, `__all__` filtering of star-imports.
//
// A Symbol's qualified name is a view into the resolver that made it (its
// string arena, the module table or the files' facts): a Symbol does not
// outlive its resolver, and whatever is kept in the model is copied out. So
// the memos hold no heap strings, a memo hit copies a few words, and dropping
// a resolver frees a handful of arena chunks instead of every memo string.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax.h"
#include "analyzer/model/syntax_arena.h"
#include "analyzer/core/flat_map.h"
#include "analyzer/resolve/module_table.h"

namespace archverify::resolve {

// 28 bytes: the assignment is an offset into the syntax space and the
// qualified name a packed view (syntax_refs.h), and the fields are ordered so
// that nothing pads between them. The resolver's memos
// hold hundreds of thousands of symbols on a large repository.
struct Symbol {
  enum class Kind : std::uint8_t { Unknown, Module, Class, Function, Variable, External };
  model::ArenaPtr<model::Stmt> assignment;  // Variable: the module-level assignment
  model::PackedText qualified;            // "fastapi.APIRouter", "app.models.Project", "app.routers.items"
  std::uint32_t file = model::kNoIndex;   // defining file (Module: the module's file)
  std::uint32_t index = model::kNoIndex;  // Class / Function index in that file
  Kind kind = Kind::Unknown;

  bool is_external(std::string_view dotted) const { return kind == Kind::External && qualified == dotted; }
  explicit operator bool() const { return kind != Kind::Unknown; }
};
static_assert(sizeof(Symbol) == 28, "see above");

class SymbolResolver {
 public:
  // Builds each file's binding tables, on up to `jobs` threads (files are independent).
  SymbolResolver(const std::vector<model::FileFacts>& files, const ModuleTable& modules, unsigned jobs = 1);
  // The same in two steps, so that the tables, which need only the files, can
  // be built while another thread builds the module table.
  struct Tables;  // what each file binds, by name (defined below)
  static std::shared_ptr<const Tables> build_tables(const std::vector<model::FileFacts>& files, unsigned jobs);
  SymbolResolver(const std::vector<model::FileFacts>& files, const ModuleTable& modules,
                 std::shared_ptr<const Tables> tables);
  // A resolver over the same files and binding tables (built once, read-only)
  // with memos of its own: one per thread, without building the tables again.
  SymbolResolver fork() const;
  // Drops every memo and the texts they view: afterwards the resolver answers
  // as a fresh fork would. Symbols and views handed out before are invalid.
  void forget();

  // The module-level binding of `name` in `file`.
  Symbol lookup(std::uint32_t file, std::string_view name) const;
  // A Name or Attribute chain in `file`; Unknown for anything else.
  Symbol resolve(std::uint32_t file, const model::Expr& e) const { return resolved(file, e); }
  // The same without copying: a reference into the resolver's memo, valid as
  // long as the resolver.
  const Symbol& resolved(std::uint32_t file, const model::Expr& e) const;
  // Qualified dotted name of what `e` denotes, or "" when unknown (a copy).
  std::string qualified_name(std::uint32_t file, const model::Expr& e) const;
  // Module symbol for a file.
  Symbol module_symbol(std::uint32_t file) const;

  const ModuleTable& modules() const { return modules_; }
  const std::vector<model::FileFacts>& files() const { return files_; }

 private:
  struct Binding {
    enum class Kind : std::uint8_t { Import, Class, Function, Variable } kind = Kind::Variable;
    std::uint32_t index = 0;             // import / class / function index
    const model::Stmt* stmt = nullptr;   // Variable
  };
  // One file's bindings sorted by name, one per name; the names view the
  // files' facts (which outlive the resolver). A sorted array rather than a
  // map: no node or string per binding to build and free.
  // Ordered by (key, name): a lookup compares 64-bit hashes until it meets
  // its own, then names (a search by name alone compared strings at every step).
  struct NamedBinding {
    std::string_view name;
    Binding binding;
    std::uint64_t key = 0;  // hash_name(name)
  };
  using BindingMap = std::vector<NamedBinding>;
  static const Binding* find_binding(const BindingMap& map, std::string_view name);

  Symbol lookup_depth(std::uint32_t file, std::string_view name, int depth) const;
  Symbol resolve_depth(std::uint32_t file, const model::Expr& e, int depth) const;
  Symbol from_import(std::uint32_t file, std::uint32_t import_index, int depth) const;
  Symbol from_import_uncached(std::uint32_t file, const model::Import& imp, int depth) const;
  Symbol member(const Symbol& owner, std::string_view name, int depth) const;
  // "a.b" (just b when a is empty), stored in the resolver's arena.
  std::string_view joined(std::string_view a, std::string_view b) const;
  // The same in a scratch buffer, valid until the next call: for a name only
  // looked up in the module table.
  std::string_view scratch_joined(std::string_view a, std::string_view b) const;

  const std::vector<model::FileFacts>& files_;
  const ModuleTable& modules_;
  std::shared_ptr<const Tables> tables_;
  // The texts this resolver's symbols and memo keys view (its own per fork).
  static std::unique_ptr<model::SyntaxArena> new_texts() {
    return std::make_unique<model::SyntaxArena>(std::size_t{64} << 10, model::ChunkSource::Heap);
  }
  std::unique_ptr<model::SyntaxArena> texts_ = new_texts();
  mutable std::string scratch_;
  // A memoized result with what its computation reached: `height` levels below
  // the depth it was asked at, and whether a kMaxDepth cutoff was met on the way.
  // Its counters sit in the symbol's tail padding (a Symbol is not a POD for
  // layout: its members have initialisers), so an entry is 28 bytes, not 48.
  struct Tracked : Symbol {
    std::uint8_t height = 0;  // at most kMaxDepth + 1
    bool cut = false;

    Tracked() = default;
    Tracked(const Symbol& s, int h, bool c) : Symbol(s), height(static_cast<std::uint8_t>(h)), cut(c) {}
    Symbol symbol() const { return *this; }
  };
  static_assert(sizeof(Tracked) == 28, "see above");
  template <typename Compute>
  Tracked tracked(int depth, Compute&& compute) const;  // defined in symbols.cpp, its only user
  void reuse(int depth, const Tracked& t) const;
  mutable int reached_ = 0;   // deepest depth the current computation reached
  mutable bool cut_ = false;  // the current computation met the cutoff

  // from_import results by (file, import index, depth): every builder resolves
  // the same imports again and again. The depth is part of the key so results
  // are exactly those of the uncached recursion. Not thread-safe: a resolver
  // is used by one thread at a time.
  mutable FlatMap<std::uint64_t, Tracked, MixedU64Hash> import_memo_;
  // lookup_depth results, for the same reason: by (file, name) when computed
  // without meeting the cutoff (valid from every depth that stays clear of it,
  // see tracked()), else by (file, depth, name). Keys are packed into one
  // string (in the arena), looked up without allocating.
  using StringHash = archverify::StringHash;
  mutable FlatMap<model::PackedText, Tracked, StringHash> clean_lookups_;
  mutable FlatMap<model::PackedText, Tracked, StringHash> lookup_memo_;
  // resolve results by (file, dotted name): what a chain denotes depends on
  // nothing else, and builders resolve the same callee in a file many times.
  // Keyed by a hash of the chain's parts computed without building the dotted
  // text; each entry keeps its file and the first expression seen with that
  // chain (in the files' syntax, which outlives the resolver) to confirm a
  // hit, rather than a copy of its text. Two keys with one hash (never seen in
  // practice) keep the second in collisions_. An entry is 40 bytes, the
  // pointer first so that nothing pads; the chain may lie outside the syntax
  // space (a function's return annotation is held by the file's function
  // list), so it is a plain pointer, not an ArenaPtr.
  struct ResolvedChain {
    const model::Expr* chain = nullptr;  // a Name, or an Attribute chain down to one
    Symbol symbol;
    std::uint32_t file = model::kNoIndex;
  };
  static_assert(sizeof(ResolvedChain) == 40, "see above");
  // The entries live in the arena: resolved() hands out references to them.
  mutable FlatMap<std::uint64_t, const ResolvedChain*, MixedU64Hash> resolve_memo_;
  mutable std::unordered_map<std::string, Symbol> collisions_;  // key: file bytes + parts
  Symbol lookup_uncached(std::uint32_t file, std::string_view name, int depth) const;
};

// What each file binds, by name; built once (build_tables), shared by forks.
struct SymbolResolver::Tables {
  std::vector<BindingMap> module_level;            // the last binding of a name wins
  std::vector<BindingMap> function_level_imports;  // the first import of a name wins
  std::vector<std::vector<std::uint32_t>> star_imports;  // per file: indices of `from m import *` (module level)
};

}  // namespace archverify::resolve
