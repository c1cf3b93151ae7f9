// Whether a route is protected or public, the one notion shared by AUTH003
// (unprotected-route) and genome inference (`archverify init` lists the routes
// nothing protects as `auth.public_routes`). A route is protected by an auth
// dependency at any level (one level down into a dependency function's own
// parameters), a `Security(...)`, an auth decorator, an authenticating Flask
// `before_request` hook, or by serving nothing but a fixed redirect. Names
// are judged by auth_names.h; a non-null genome's `auth.protection` extends
// them. Deliberately not modelled: what a dependency does beyond its name and
// its own parameters.
#pragma once
#include <string>

#include "analyzer/genome/before_request_hooks.h"
#include "analyzer/genome/genome.h"
#include "analyzer/model/repo_model.h"

namespace archverify::genome {

class RouteProtection {
 public:
  RouteProtection(const model::RepoModel& m, const Genome* g);  // g may be null
  // An auth dependency, decorator or hook covers the route, or it only redirects.
  bool protects(const model::Route& r) const;

 private:
  bool auth_dependency(const model::DependencyRef& d) const;
  const model::RepoModel& m_;
  const Genome* g_;
  AuthHooks hooks_;
};

// The route path for public_routes matching when it holds pieces we could not
// evaluate: an unknown prefix (`settings.API_V1_STR`) is dropped, and a
// wrapper call with a literal path (`org_scoped_rule('/login')`) stands for
// that path. "" when the path has no unknown piece.
std::string path_without_unknowns(const model::PathTemplate& path);

// Does the genome's `auth.public_routes` list the route (with the unknown-prefix allowances above)?
bool is_public_route(const Auth& a, const model::Route& r);

}  // namespace archverify::genome
