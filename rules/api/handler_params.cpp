// Handler and dependency parameter names that receive path parameters (see handler_params.h).
#include "rules/api/handler_params.h"

namespace archverify::rules::api {

namespace {

const model::Function* function_of(const model::RepoModel& model, const model::FunctionRef& ref) {
  if (!ref.valid() || ref.file >= model.files.size()) return nullptr;
  const model::FileFacts& file = model.files[ref.file];
  return ref.function < file.functions.size() ? &file.functions[ref.function] : nullptr;
}

bool is_dependency_marker(const model::Expr& e) {
  bool found = false;
  model::visit(e, [&](const model::Expr& x) {
    if (found || !x.is(model::ExprKind::Call)) return;
    std::string callee = x.callee().dotted();
    std::string_view last = callee;
    if (auto dot = last.rfind('.'); dot != std::string_view::npos) last = last.substr(dot + 1);
    found = last == "Depends" || last == "Security";
  });
  return found;
}

// Adds the plain parameters of `fn`; false when it takes **kwargs.
bool add_params(const model::Function& fn, bool skip_first, std::set<std::string>& names) {
  bool first = true;
  for (const model::Param& p : fn.params) {
    bool skip = first && skip_first;
    first = false;
    if (p.kind == model::ParamKind::VarKwargs) return false;
    if (skip || p.kind == model::ParamKind::VarArgs) continue;
    if (is_dependency_marker(p.default_value) || is_dependency_marker(p.annotation)) continue;
    names.emplace(p.name);
  }
  return true;
}

}  // namespace

HandlerInputs handler_inputs(const model::RepoModel& model, const model::Route& route) {
  HandlerInputs out;
  const model::Function* handler = function_of(model, route.handler);
  if (!handler) return out;
  bool method = handler->owner_class != model::kNoIndex;
  if (!add_params(*handler, method, out.names)) return out;
  if (route.framework == model::Framework::FastApi) {
    for (const auto* deps : {&route.dependencies, &route.router_dependencies})
      for (const model::DependencyRef& d : *deps) {
        const model::Function* fn = function_of(model, d.function);
        if (!fn) return out;  // a class, a bare Depends() or something outside the repository
        if (!add_params(*fn, fn->owner_class != model::kNoIndex, out.names)) return out;
      }
  }
  out.known = true;
  return out;
}

}  // namespace archverify::rules::api
