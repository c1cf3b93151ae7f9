// build_calls: indexes every call with its resolved origin and, for calls of
// repository functions, the target function.
#include "analyzer/resolve/build_model.h"
#include "analyzer/resolve/walk.h"

namespace archverify::resolve {

void build_calls(ResolveContext& ctx) {
  for (std::uint32_t f = 0; f < ctx.model.files.size(); ++f) {
    for_each_call(ctx.model.files[f], [&](const model::Expr& call, std::uint32_t fn, const model::Stmt*) {
      model::CallSite site;
      site.file = f;
      site.in_function = fn;
      site.call = &call;
      site.callee = call.callee().dotted();
      if (!site.callee.empty()) {
        Symbol s = ctx.symbols.resolve(f, call.callee());
        site.qualified = s.qualified;
        if (s.kind == Symbol::Kind::Function) site.target = model::FunctionRef{s.file, s.index};
      }
      ctx.model.calls.push_back(std::move(site));
    });
  }
}

}  // namespace archverify::resolve
