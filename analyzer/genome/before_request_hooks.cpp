// Recognising authenticating Flask before_request hooks (see before_request_hooks.h).
#include "analyzer/genome/before_request_hooks.h"

#include "analyzer/core/ascii.h"
#include "analyzer/genome/auth_names.h"

namespace archverify::genome {

namespace {

using model::Expr;
using model::ExprKind;
using model::Stmt;
using model::StmtKind;

bool reads_login_state(const Expr& e) {
  static const ascii::WordSet kWords = {"current_user", "authenticated", "login",      "user",     "auth",
                                        "token",        "verify",        "permission", "anonymous"};
  bool hit = false;
  model::visit(e, [&](const Expr& x) {
    if (hit || (x.kind != ExprKind::Name && x.kind != ExprKind::Attribute)) return;
    if (kWords.found_in(ascii::Lowered(x.text).view())) hit = true;
  });
  return hit;
}

bool checks_auth(const model::Function& fn) {
  bool reads = false, stops = false;
  model::visit_statements(fn.body, [&](const Stmt& s) {
    for (const Expr* e : {&s.value}) {
      if (e->empty()) continue;
      reads = reads || reads_login_state(*e);
      model::visit(*e, [&](const Expr& x) {
        if (x.kind != ExprKind::Call) return;
        std::string last(auth::last_component(x.callee().dotted()));
        if (last == "abort" || last == "redirect" || last == "unauthorized" || last == "needs_refresh" ||
            last == "forbidden")
          stops = true;
      });
    }
    for (const Expr& t : s.targets) reads = reads || reads_login_state(t);
    if (s.kind == StmtKind::Raise) stops = true;
    if (s.kind == StmtKind::Return && !s.value.empty() && s.value.kind != ExprKind::None) stops = true;
  });
  return reads && stops;
}

// `bp.before_request` → {"bp", app_wide}; nullopt for anything else.
bool hook_receiver(const Expr& callee, std::string& receiver, bool& app_wide) {
  if (callee.kind != ExprKind::Attribute || callee.children.empty()) return false;
  if (callee.text != "before_request" && callee.text != "before_app_request") return false;
  receiver = std::string(auth::last_component(callee.children[0].dotted()));
  app_wide = callee.text == "before_app_request";
  return !receiver.empty();
}

}  // namespace

AuthHooks find_auth_hooks(const model::RepoModel& m) {
  AuthHooks out;
  out.m_ = &m;
  for (std::uint32_t f = 0; f < m.files.size(); ++f) {
    const model::FileFacts& file = m.files[f];
    for (const model::Function& fn : file.functions)
      for (const Expr& d : fn.decorators) {
        std::string recv;
        bool wide = false;
        if (hook_receiver(d, recv, wide) && checks_auth(fn)) out.hooks_.push_back({f, recv, wide});
      }
  }
  // Call form: bp.before_request(check_login).
  for (const model::CallSite& c : m.calls) {
    std::string recv;
    bool wide = false;
    if (!c.call || !hook_receiver(c.call->callee(), recv, wide)) continue;
    const model::Function* target = nullptr;
    const auto args = c.call->positional();
    if (args.empty()) continue;
    std::string name = args[0]->dotted();
    if (name.empty()) continue;
    const std::string last = auth::last_component(name);
    for (const model::Function& fn : m.files[c.file].functions)
      if (fn.name == last) target = &fn;
    if (!target)
      for (const model::FileFacts& other : m.files)
        for (const model::Function& fn : other.functions)
          if (fn.name == last && fn.parent_function == model::kNoIndex && fn.owner_class == model::kNoIndex) target = &fn;
    if (target && checks_auth(*target)) out.hooks_.push_back({c.file, recv, wide});
  }
  return out;
}

bool AuthHooks::protects(const model::Route& r) const {
  if (r.framework != model::Framework::Flask) return false;
  for (const Hook& h : hooks_) {
    if (h.app_wide) return true;
    const std::string& path = m_->files[h.file].path;
    for (const model::PrefixStep& step : r.chain) {
      if (auth::last_component(step.object) != h.receiver) continue;
      if (step.where.path == path) return true;
    }
  }
  return false;
}

}  // namespace archverify::genome
