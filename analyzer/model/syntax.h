// The lowered Python syntax every later stage reads: a small typed tree of
// expressions (Expr) and statements (Stmt) built once per file by
// extract/lower_python from the tree-sitter tree. It keeps what architecture
// rules need — names, calls with keyword arguments, literals with decoded
// values, comparisons, control flow and spans — and deliberately drops
// comments, formatting, type-parameter lists and operator precedence detail
// (a BinOp is just "left op right"). No tree-sitter type appears here, so
// rules and resolvers cannot reach the raw syntax tree.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/syntax_arena.h"
#include "analyzer/model/syntax_refs.h"

namespace archverify::model {

struct Span {
  Position begin;
  Position end;
  auto operator<=>(const Span&) const = default;
  bool contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
};

enum class ExprKind : std::uint8_t {
  Empty,          // absent (no default, no annotation, bare `return`)
  Name,           // text = identifier
  Attribute,      // text = attribute name; children = [object]
  Call,           // children = [callee, args…]; args are positional exprs, Starred, Keyword or DoubleStarred
  Keyword,        // text = argument name; children = [value]        (only inside Call)
  Subscript,      // children = [value, index…]
  String,         // text = decoded value; f-string: literal parts with "{}" per hole, holes in children
  Number,         // text = literal as written
  True, False, None, Ellipsis,
  List, Tuple, Set,  // children = elements
  Dict,           // children = Pair or DoubleStarred
  Pair,           // children = [key, value]                           (only inside Dict / dict comprehension)
  Compare,        // children = [left, right1, …]; text = operators joined by ',' ("==", "is not", "<,<")
  BoolOp,         // text = "and" | "or"; children = operands (flattened)
  Not,            // children = [operand]
  BinOp,          // text = operator; children = [left, right]
  UnaryOp,        // text = operator; children = [operand]
  Lambda,         // children = [body]; text = parameter names joined by ','
  Comprehension,  // text = list|set|dict|generator; children = [element, ForClause|IfClause…]
  ForClause,      // children = [target, iterable]
  IfClause,       // children = [condition]
  Await,          // children = [value]
  Conditional,    // children = [body, test, orelse]
  Starred,        // children = [value]  (*x)
  DoubleStarred,  // children = [value]  (**x)
  Walrus,         // text = name; children = [value]
  Other,          // anything else; text = grammar node type (for diagnostics only)
};

std::string_view to_string(ExprKind kind);

// An expression. Its text and its child list live in the SyntaxArena of the
// FileFacts it belongs to (syntax_arena.h), so an Expr is a small, trivially
// copyable view: 32 bytes (offset views, syntax_refs.h, and a span whose end
// line is kept as a 16-bit count of lines after the begin line) and no heap
// block of its own. It is only valid while that FileFacts lives; only
// extract/ and the cache decoder create them.
struct Expr {
  ExprKind kind = ExprKind::Empty;
  bool is_fstring = false;

 private:
  // The span's parts (see span()), declared here so that nothing pads.
  std::uint16_t end_lines_ = 0;  // end line - begin line, at most kMaxEndLines
  std::uint32_t begin_line_ = 0;
  std::uint32_t begin_column_ = 0;
  std::uint32_t end_column_ = 0;

 public:
  ArenaText text;
  ArenaList<Expr> children;

  // Where it is. An expression over more than 65,535 lines (a giant literal
  // in generated code) ends, as far as this tells, 65,535 lines after it
  // begins; an end before the begin is read as the begin line.
  Span span() const { return Span{{begin_line_, begin_column_}, {begin_line_ + end_lines_, end_column_}}; }
  void set_span(const Span& s) {
    begin_line_ = s.begin.line;
    begin_column_ = s.begin.column;
    end_column_ = s.end.column;
    const std::uint32_t lines = s.end.line > s.begin.line ? s.end.line - s.begin.line : 0;
    end_lines_ = static_cast<std::uint16_t>(lines > kMaxEndLines ? kMaxEndLines : lines);
  }
  static constexpr std::uint32_t kMaxEndLines = 0xffff;

  bool empty() const { return kind == ExprKind::Empty; }
  bool is(ExprKind k) const { return kind == k; }

  // "a.b.c" for a Name/Attribute chain, "" for anything else (calls, subscripts…).
  std::string dotted() const;
  // The same into `out` (cleared first), reusing its capacity.
  void dotted_into(std::string& out) const;
  // The root Name of an attribute/call/subscript chain ("session" in session.query(X).all()), or "".
  std::string_view root_name() const;

  // Call helpers (empty / null results on non-calls).
  const Expr& callee() const;                 // children[0] (inline below: a hot path of every builder)
  std::vector<const Expr*> positional() const;  // positional args, Starred included
  const Expr* keyword(std::string_view name) const;  // value of name=…, or nullptr
  const Expr* arg(std::size_t index, std::string_view name) const;  // positional index or keyword
  bool has_kwargs_splat() const;              // a **mapping argument
  bool has_args_splat() const;                // a *sequence argument

  // Literal helpers.
  bool is_string_literal() const { return kind == ExprKind::String && !is_fstring; }
  bool is_bool_literal() const { return kind == ExprKind::True || kind == ExprKind::False; }

};
static_assert(std::is_trivially_copyable_v<Expr> && std::is_trivially_destructible_v<Expr>,
              "Expr is a view into its file's SyntaxArena");

namespace detail {
// The empty values accessors return for absent parts (constant-initialised:
// no guard check on the hot paths that read them).
inline const Expr kNoExpr{};
}  // namespace detail

inline const Expr& Expr::callee() const {
  if (kind != ExprKind::Call || children.empty()) return detail::kNoExpr;
  return children[0];
}

// "name" for "pkg.mod.name" (the text after the last dot; the whole text when there is none).
constexpr std::string_view last_dotted_part(std::string_view dotted) {
  auto dot = dotted.rfind('.');
  return dot == std::string_view::npos ? dotted : dotted.substr(dot + 1);
}
// Whether last_dotted_part(dotted) is `name` (a name without dots), found
// from the end without searching the whole text for a dot: for scans over
// every call of the repository.
constexpr bool last_dotted_part_is(std::string_view dotted, std::string_view name) {
  return dotted.ends_with(name) && (dotted.size() == name.size() || dotted[dotted.size() - name.size() - 1] == '.');
}
// For a temporary (`last_dotted_part(e.dotted())`) the result owns its text, so
// it cannot dangle; store it in a std::string, not a std::string_view.
inline std::string last_dotted_part(std::string&& dotted) { return std::string(last_dotted_part(std::string_view(dotted))); }

// A flat, depth-first visit of an expression and all its sub-expressions.
template <typename F>
void visit(const Expr& e, F&& f) {
  f(e);
  for (const Expr& c : e.children) visit(c, f);
}

enum class StmtKind : std::uint8_t {
  Expr,         // value
  Assign,       // targets (a = b = v → [a, b]), value, annotation (x: T = v; value Empty for x: T)
  AugAssign,    // targets[0], value; text = operator
  Return,       // value (Empty for bare return)
  Raise,        // value (Empty for bare raise)
  If,           // value = test; body; orelse (elif is a nested If as the only orelse stmt)
  For,          // targets[0] = target, value = iterable, body, orelse; is_async
  While,        // value = test, body, orelse
  With,         // items = context exprs, targets = aliases (Empty when no `as`), body; is_async
  Try,          // body, handlers (ExceptHandler stmts), orelse, finalbody
  ExceptHandler,// value = exception type, targets = [name] or [], body
  FunctionDef,  // index into FileFacts::functions
  ClassDef,     // index into FileFacts::classes
  Import,       // index of the first of its entries in FileFacts::imports; text = count
  Delete,       // targets
  Assert,       // value = test
  Match,        // value = subject, body = case bodies concatenated
  Pass, Break, Continue, Global,
  Other,        // text = grammar node type
};

std::string_view to_string(StmtKind kind);

struct StmtExtra;
class SyntaxSlabs;

// A statement. Like an Expr it is a trivially copyable view into its file's
// SyntaxArena: its text, target list, nested blocks and the rarely used fields
// (an annotation, `with` items, `try` handlers and finally blocks, kept in one
// StmtExtra so the common statement stays small) all live there. Only
// extract/ and the cache decoder create statements.
struct Stmt {
  StmtKind kind = StmtKind::Other;
  bool is_async = false;
  std::uint32_t index = 0;        // FunctionDef / ClassDef / Import
  Span span;
  ArenaText text;
  ArenaList<Expr> targets;
  Expr value;
  ArenaList<Stmt> body;
  ArenaList<Stmt> orelse;
  ArenaPtr<StmtExtra> extra;      // null when every rarely used field is empty

  const Expr& annotation() const;              // Assign: `x: T = v` (Empty when absent)
  std::span<const Expr> items() const;         // With: context expressions
  std::span<const Stmt> handlers() const;      // Try: ExceptHandler statements
  std::span<const Stmt> finalbody() const;     // Try: the finally block
};

struct StmtExtra {
  Expr annotation;
  ArenaList<Expr> items;
  ArenaList<Stmt> handlers;
  ArenaList<Stmt> finalbody;

  bool empty() const { return annotation.empty() && items.empty() && handlers.empty() && finalbody.empty(); }
};
static_assert(sizeof(Expr) == 32 && sizeof(Stmt) == 92, "offset views: see syntax_refs.h");
static_assert(std::is_trivially_copyable_v<Stmt> && std::is_trivially_destructible_v<Stmt> &&
                  std::is_trivially_copyable_v<StmtExtra> && std::is_trivially_destructible_v<StmtExtra>,
              "Stmt is a view into its file's SyntaxArena");

inline const Expr& Stmt::annotation() const { return extra ? extra->annotation : detail::kNoExpr; }
inline std::span<const Expr> Stmt::items() const { return extra ? extra->items : std::span<const Expr>{}; }
inline std::span<const Stmt> Stmt::handlers() const { return extra ? extra->handlers : std::span<const Stmt>{}; }
inline std::span<const Stmt> Stmt::finalbody() const { return extra ? extra->finalbody : std::span<const Stmt>{}; }

// Depth-first visit of statements, entering nested blocks but not nested
// function or class bodies (those are visited through their own entries).
template <typename F>
void visit_statements(std::span<const Stmt> stmts, F&& f) {
  for (const Stmt& s : stmts) {
    f(s);
    visit_statements(s.body, f);
    visit_statements(s.orelse, f);
    if (s.extra) {
      visit_statements(s.extra->handlers, f);
      visit_statements(s.extra->finalbody, f);
    }
  }
}

// What statements hold, in the blocks visit_statements enters (not nested
// function or class bodies). The lowering records it per function
// (Function::features), so a builder looking for one of these skips the
// other functions without walking their bodies.
enum BodyFeature : std::uint8_t {
  kBodyIterates = 1u << 0,          // a `for` statement, or a comprehension in a statement's targets, value or `with` items
  kBodyReturnsCall = 1u << 1,       // a `return` whose value is a call
  kBodyAssignsSubscript = 1u << 2,  // an assignment with a subscript target (`x[k] = v`)
};
inline constexpr std::uint8_t kAllBodyFeatures = kBodyIterates | kBodyReturnsCall | kBodyAssignsSubscript;
std::uint8_t body_features(std::span<const Stmt> body);

enum class ParamKind : std::uint8_t { Positional, PositionalOnly, KeywordOnly, VarArgs, VarKwargs };

// Parameters, functions, classes and imports keep their names and lists in
// the file's arena too (ArenaText, ArenaList): views, like Expr and Stmt.
struct Param {
  ArenaText name;
  ParamKind kind = ParamKind::Positional;
  Expr annotation;  // Empty when absent
  Expr default_value;
  Span span;
};

inline constexpr std::uint32_t kNoIndex = 0xffffffffu;

struct Function {
  ArenaText name;
  ArenaText qualname;                   // "Class.method", "outer.<locals>.inner" style: "outer.inner"
  bool is_async = false;
  std::uint32_t owner_class = kNoIndex; // index into FileFacts::classes for methods
  std::uint32_t parent_function = kNoIndex;
  ArenaList<Expr> decorators;           // as written, without '@'
  ArenaList<Param> params;
  Expr returns;                         // return annotation
  std::span<const Stmt> body;           // in the file's arena
  std::uint8_t features = 0;            // body_features(body), set by the lowering
  Span span;                            // whole definition, decorators included
  Span name_span;

  bool has(BodyFeature f) const { return (features & f) != 0; }
};

struct Class {
  ArenaText name;
  ArenaText qualname;
  std::uint32_t parent_function = kNoIndex;  // class defined inside a function
  std::uint32_t owner_class = kNoIndex;      // nested class
  ArenaList<Expr> bases;                // positional superclass expressions
  ArenaList<Expr> keywords;             // Keyword exprs: metaclass=…, table=True
  ArenaList<Expr> decorators;
  std::span<const Stmt> body;           // in the file's arena
  ArenaList<std::uint32_t> methods;     // indices into FileFacts::functions
  Span span;
  Span name_span;
};

struct Import {
  ArenaText module;     // "a.b" ("" for `from . import x`)
  ArenaText name;       // imported name for `from m import name`; "" for `import m`; "*" for star
  ArenaText alias;      // bound name in this module (always set: for `import a.b`, "a")
  std::uint32_t level = 0;  // leading dots of a relative import
  bool in_function = false;
  Span span;
};

static_assert(std::is_trivially_copyable_v<Param> && std::is_trivially_copyable_v<Function> &&
                  std::is_trivially_copyable_v<Class> && std::is_trivially_copyable_v<Import>,
              "their names and lists are views into the file's SyntaxArena");

// A comment that carries an archverify directive ("# archverify: ignore[X] why").
struct DirectiveComment {
  Span span;
  std::string text;       // after '#', trimmed
  bool own_line = false;  // nothing but whitespace before it on its line
};

// Everything extracted from one file. Self-contained, position-based, cacheable.
// Move-only: its expressions point into its own arena.
struct FileFacts {
  SourcePath path;            // repo-relative
  std::uint32_t line_count = 0;
  std::uint64_t byte_size = 0;
  std::vector<Span> syntax_errors;  // ERROR / MISSING nodes, first few
  std::span<const Stmt> body;       // module-level statements (in the arena)
  std::vector<Function> functions;
  std::vector<Class> classes;
  std::vector<Import> imports;
  std::vector<DirectiveComment> directives;
  // Owns the statements and the text and child lists of every Expr above
  // (created on first use).
  std::unique_ptr<SyntaxArena> arena_storage;

  SyntaxArena& arena(std::size_t first_chunk = 1024) {
    if (!arena_storage) arena_storage = std::make_unique<SyntaxArena>(first_chunk);
    return *arena_storage;
  }
  SourceRange range(const Span& s) const { return SourceRange{path, s.begin, s.end}; }
};

// Moves every statement array and the text and child lists of every Expr of
// `facts` into a new arena of exactly the size they need (one block, each
// distinct text once), and returns the old arena, which
// the caller may reset() and lower the next file into. Lowering grows its arena
// chunk by chunk; this leaves no slack behind in the facts that are kept.
// With `slabs`, the new arena's block is cut from them (syntax_slabs.h).
std::unique_ptr<SyntaxArena> compact_syntax(FileFacts& facts, SyntaxSlabs* slabs = nullptr);

}  // namespace archverify::model
