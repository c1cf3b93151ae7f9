// Is a cookie's Secure flag off only for requests to the loopback host? Reads
// `secure=not is_localhost(request)`, `secure=request.url.hostname not in
// ("127.0.0.1", "localhost")` and the same through local variables
// (`secure = not is_local`). A test counts as "the request is on loopback"
// when it compares with literals that are all loopback hosts, or calls a
// repository function whose one return is such a comparison. Deliberately not
// accepted: other host lists, suffix tests (`.endswith(".internal")`),
// settings, and helpers we cannot read.
#include "analyzer/resolve/cookie_flags.h"

namespace archverify::resolve::detail {

namespace {

using model::Expr;
using model::ExprKind;

constexpr int kMaxDepth = 4;

bool loopback_literal(const Expr& e) {
  if (!e.is_string_literal()) return false;
  std::string_view h = e.text;
  return h == "localhost" || h == "::1" || h.starts_with("127.");
}

// `"localhost"` or a list/tuple/set literal of loopback hosts only.
bool loopback_hosts(const Expr& e) {
  if (e.kind == ExprKind::List || e.kind == ExprKind::Tuple || e.kind == ExprKind::Set) {
    if (e.children.empty()) return false;
    for (const Expr& c : e.children)
      if (!loopback_literal(c)) return false;
    return true;
  }
  return loopback_literal(e);
}

// The value a local name was last given before `at` in `fn`.
const Expr* local_value(const model::Function* fn, std::string_view name, const model::Span& at) {
  if (!fn) return nullptr;
  const Expr* found = nullptr;
  model::visit_statements(fn->body, [&](const model::Stmt& s) {
    if (s.kind != model::StmtKind::Assign || s.targets.size() != 1 || !(s.span.begin < at.begin)) return;
    if (s.targets[0].kind == ExprKind::Name && s.targets[0].text == name && !s.value.empty()) found = &s.value;
  });
  return found;
}

struct Reader {
  const ResolveContext& ctx;
  std::uint32_t file;
  const model::Function* fn;

  // +1: true exactly when the request is on loopback; -1: exactly when it is not; 0: neither.
  int polarity(const Expr& e, int depth) const {
    if (depth > kMaxDepth) return 0;
    switch (e.kind) {
      case ExprKind::Not:
        return e.children.empty() ? 0 : -polarity(e.children[0], depth + 1);
      case ExprKind::Compare: {
        if (e.children.size() != 2 || !loopback_hosts(e.children[1])) return 0;
        if (e.text == "in" || e.text == "==") return 1;
        if (e.text == "not in" || e.text == "!=") return -1;
        return 0;
      }
      case ExprKind::Name: {
        const Expr* v = local_value(fn, e.text, e.span());
        return v ? polarity(*v, depth + 1) : 0;
      }
      case ExprKind::Call: {
        // A repository helper whose one return statement is a loopback test.
        const Symbol& s = ctx.symbols.resolved(file, e.callee());
        if (s.kind != Symbol::Kind::Function) return 0;
        const model::Function& helper = ctx.model.files[s.file].functions[s.index];
        const Expr* ret = nullptr;
        int returns = 0;
        model::visit_statements(helper.body, [&](const model::Stmt& st) {
          if (st.kind != model::StmtKind::Return) return;
          ++returns;
          ret = &st.value;
        });
        if (returns != 1 || !ret || ret->empty()) return 0;
        Reader inner{ctx, s.file, &helper};
        return inner.polarity(*ret, depth + 1);
      }
      default: return 0;
    }
  }
};

}  // namespace

bool secure_off_only_on_loopback(const ResolveContext& ctx, std::uint32_t file, const model::Function* fn,
                                 const model::Expr& secure) {
  return Reader{ctx, file, fn}.polarity(secure, 0) < 0;
}

}  // namespace archverify::resolve::detail
