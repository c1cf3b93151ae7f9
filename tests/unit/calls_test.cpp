// Call sites: which repository function a call reaches, including method calls
// on receivers whose class is evident (self, annotated parameters, instances
// built by the class or its factory), and near misses left unresolved.
#include <catch2/catch.hpp>

#include "tests/support/model_from_source.h"

using namespace archverify;

namespace {

const char* kRepos = R"py(
class BaseRepository:
    def get_one(self, statement):
        return None

    @classmethod
    def from_session(cls, session):
        return cls()

class UserRepository(BaseRepository):
    def by_email(self, email):
        return self.get_one(email)

class ProjectService:
    def list(self, db):
        return []

project_service = ProjectService()
)py";

// The function a call named `callee` (as written) in `path` reaches, or "" when unresolved.
std::string target_of(const model::RepoModel& m, const std::string& path, const std::string& callee) {
  for (const auto& c : m.calls)
    if (m.files[c.file].path == path && c.callee == callee)
      return c.target.valid() ? m.files[c.target.file].functions[c.target.function].qualname.str() : "";
  return "<no call>";
}

}  // namespace

TEST_CASE("method calls on receivers of evident class reach the method", "[calls]") {
  auto m = testing::model_from_sources({{"app/__init__.py", ""}, {"app/repos.py", kRepos}, {"app/routes.py", R"py(
from typing import Optional
from app.repos import UserRepository, project_service

def by_param(repo: UserRepository, email):
    return repo.by_email(email)

def by_optional(repo: Optional[UserRepository], email):
    return repo.get_one(email)

def by_union(repo: UserRepository | None, email):
    return repo.by_email(email)

def by_factory(session, email):
    repo = UserRepository.from_session(session)
    return repo.by_email(email)

def by_constructor(email):
    r = UserRepository()
    return r.get_one(email)

def by_module_instance(db):
    return project_service.list(db)
)py"}});
  CHECK(target_of(*m, "app/routes.py", "repo.by_email") == "UserRepository.by_email");
  CHECK(target_of(*m, "app/routes.py", "repo.get_one") == "BaseRepository.get_one");  // inherited
  CHECK(target_of(*m, "app/routes.py", "r.get_one") == "BaseRepository.get_one");
  CHECK(target_of(*m, "app/routes.py", "project_service.list") == "ProjectService.list");
  CHECK(target_of(*m, "app/repos.py", "self.get_one") == "BaseRepository.get_one");
}

TEST_CASE("near misses: receivers of unknown or changing class stay unresolved", "[calls]") {
  auto m = testing::model_from_sources({{"app/__init__.py", ""}, {"app/repos.py", kRepos}, {"app/routes.py", R"py(
from app.repos import UserRepository, ProjectService

def unannotated(repo, email):
    return repo.by_email(email)

def rebound(session, email, flag):
    thing = UserRepository()
    thing = make_other()
    return thing.by_email(email)

def missing_method(repo: ProjectService):
    return repo.by_email("x")
)py"}});
  CHECK(target_of(*m, "app/routes.py", "repo.by_email") == "");
  CHECK(target_of(*m, "app/routes.py", "thing.by_email") == "");
}
