// Internals of the cookie-write builder: reading a flag / SameSite argument
// into a typed value (module-level constants followed), and the "looks like
// an auth token" test. Shared by cookie_writes.cpp and cookie_config.cpp.
#pragma once
#include <string>

#include "analyzer/model/cookies.h"
#include "analyzer/resolve/build_model.h"

namespace archverify::resolve::detail {

model::CookieFlag cookie_flag(const SymbolResolver& symbols, std::uint32_t file, const model::Expr* e);
model::CookieSameSite cookie_samesite(const SymbolResolver& symbols, std::uint32_t file, const model::Expr* e);
bool mentions_token(const model::Expr* e);
// `secure=not is_localhost(request)` and kin: Secure is off only for requests to
// the loopback host (cookie_loopback.cpp). `fn` is the enclosing function, may be null.
bool secure_off_only_on_loopback(const ResolveContext& ctx, std::uint32_t file, const model::Function* fn,
                                 const model::Expr& secure);
// Flask cookie configuration found in module bodies, class bodies and app.config[...] assignments.
void build_flask_cookie_config(ResolveContext& ctx);
// The same for one call: app.config.update(...) / app.config.from_mapping(...). The
// caller visits every call of the repository once (build_cookie_writes).
void flask_config_call(ResolveContext& ctx, std::uint32_t file, std::uint32_t fn, const model::Expr& call);

}  // namespace archverify::resolve::detail
