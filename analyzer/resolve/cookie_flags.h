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
// Flask cookie configuration found in module bodies, class bodies, app.config[...] and app.config.update(...).
void build_flask_cookie_config(ResolveContext& ctx);

}  // namespace archverify::resolve::detail
