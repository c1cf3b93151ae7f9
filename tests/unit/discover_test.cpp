// Globs, .gitignore semantics and the repository walk (symlinks, size cap, excludes).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <re2/re2.h>
#include <unistd.h>

#include "analyzer/discover/glob.h"
#include "analyzer/discover/ignore_matcher.h"
#include "analyzer/discover/repo_walker.h"

using namespace archverify;
namespace fs = std::filesystem;

TEST_CASE("glob syntax", "[discover][glob]") {
  auto g = [](const char* p) { auto r = discover::Glob::compile(p); REQUIRE(r); return *r; };
  CHECK(g("app/**/*.py").matches("app/models/user.py"));
  CHECK(g("app/**/*.py").matches("app/main.py"));
  CHECK_FALSE(g("app/*.py").matches("app/models/user.py"));
  CHECK(g("**/test_*.py").matches("test_x.py"));
  CHECK(g("migrations/{versions,alembic}/*.py").matches("migrations/alembic/a.py"));
  CHECK(g("file?.py").matches("file1.py"));
  CHECK_FALSE(g("file?.py").matches("file/.py"));
  CHECK(g("[!a]*.py").matches("b.py"));
  CHECK_FALSE(g("[!a]*.py").matches("a.py"));
  CHECK(g("scripts/**").matches("scripts/a/b.py"));
  CHECK(g("a.b+c.py").matches("a.b+c.py"));
  CHECK_FALSE(discover::Glob::compile("app/[abc.py"));
  CHECK_FALSE(discover::Glob::compile("{a,b"));
}

// Glob::matches compares strings for the common shapes (a literal, `**/name`,
// `**/*.ext`, `**/name*`, `dir/**`, `**/dir/**`) and runs RE2 for the rest:
// every shape must answer exactly as the RE2 program of the same pattern.
TEST_CASE("glob string-comparison shapes agree with the RE2 program", "[discover][glob]") {
  const std::vector<std::string> patterns = {
      "build", "a/b.py", "**/build", "**/a/b", "**/*.pyc", "**/*.egg-info", "**/.env", "**/.env.*",
      "**/*__pycache__", "**/node_modules*", "**/test_*", "dist/**", "a/b/**", "**/node_modules/**",
      "**/a/b/**", "**/*", "**/**/x", "*.py", "**/*.py[cod]", "**/*.sw?", "**/*temp/*", "**/", "/**",
      "**/x*y", "**/a,b", "**/{a,b}", "**/a\\*", "**/dir/**/x", "**/.", "**/a*b*"};
  const std::vector<std::string> paths = {
      "build", "build/x", "x/build", "x/build/y", "xbuild", "buildx", "a/b.py", "x/a/b.py", "a/b.pyc",
      "a/b", "x/a/b", "xa/b", "a/b/c", "x/a/b/c", "a/bc/d", "m.pyc", "x/m.pyc", "x/m.pyc/y", ".pyc",
      "pkg.egg-info", "x/pkg.egg-info", ".env", "x/.env", ".env.local", "x/.env.", "x.env",
      "__pycache__", "x/y__pycache__", "node_modules", "node_modules_x/y", "x/node_modules/y",
      "x/node_modulesy", "test_a.py", "x/test_", "dist", "dist/", "dist/a/b", "distx/a", "node_modules/",
      "y/a/b/", "", "/", "x", "x/", "a,b", "x/a,b", "xay", "x/y", "dir/x", "dir/q/x", ".", "ab", "x/aab",
      "dev/data/x.zip", "dev/data/x/y", "dev/data/", "dev/datax", "mytemp/a", "temp/a/b", "x/temp/a", "a/x.env.y.local",
      ".env.local", "a.ntvs", "x/y.ntvsz", "a/xb1.zip", "a/b.zip", "a/bb.zip", "a/b", "a/", "a/c/b", "a/c/d/b", "b",
      "]", "x/]", "-", "x/-", "bx", "cx", "dx", "e", "x/d", "a/x/b", "a/x/y/b", "ab/b1", "a/b/c", "x/y/yy",
      "x/q/y", "m.pyc", "x/m.pyo", "m.pyd", "m.pyx", "a/bc", "a/b/c/d", "x/a[", "a]", "*", "x/?"};
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_dot_nl(true);
  for (const std::string& p : patterns) {
    auto glob = discover::Glob::compile(p);
    auto regex = discover::glob_to_regex(p);
    REQUIRE(glob.has_value() == regex.has_value());
    if (!glob) continue;
    RE2 re(*regex, opts);
    REQUIRE(re.ok());
    for (const std::string& path : paths) {
      INFO("pattern " << p << "  path '" << path << "'");
      CHECK(glob->matches(path) == RE2::FullMatch(path, re));
    }
  }
}

TEST_CASE("gitignore rules: anchoring, negation, dir-only, nesting", "[discover][ignore]") {
  discover::IgnoreMatcher m;
  m.add_gitignore("", "# comment\n*.log\n/build\nsecret/\n!keep.log\n");
  m.add_gitignore("sub", "gen_*.py\n/local.py\n");
  CHECK(m.ignored("x/y.log", false));
  CHECK_FALSE(m.ignored("x/keep.log", false));
  CHECK(m.ignored("build", true));
  CHECK_FALSE(m.ignored("x/build", true));
  CHECK(m.ignored("a/secret", true));
  CHECK_FALSE(m.ignored("a/secret", false));
  CHECK(m.ignored("sub/deep/gen_x.py", false));
  CHECK_FALSE(m.ignored("gen_x.py", false));
  CHECK(m.ignored("sub/local.py", false));
  CHECK_FALSE(m.ignored("sub/deep/local.py", false));
}

namespace {
void write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << s;
}
}  // namespace

TEST_CASE("walk: gitignore, default excludes, symlinks, size cap", "[discover][walk]") {
  fs::path root = fs::temp_directory_path() / ("av_walk_" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "app/main.py", "x = 1\n");
  write(root / "app/big.py", std::string(4096, '#'));
  write(root / ".venv/lib/site.py", "");
  write(root / "node_modules/x.py", "");
  write(root / "gen/out.py", "");
  write(root / ".gitignore", "gen/\n");
  write(root / "app/sub/.gitignore", "skip_me.py\n");
  write(root / "app/sub/skip_me.py", "");
  write(root / "app/sub/keep.py", "");
  write(root / "openapi.yaml", "openapi: 3.0.0\n" + std::string(2048, '#'));  // past the Python cap, kept
  write(root / "docs/swagger.json", std::string(4096, ' '));                    // past the spec cap below
  write(root.parent_path() / ("av_outside_" + std::to_string(::getpid())) / "evil.py", "");
  fs::create_directory_symlink(root / "app", root / "app/sub/loop");
  fs::create_directory_symlink(root.parent_path() / ("av_outside_" + std::to_string(::getpid())), root / "out");

  discover::WalkOptions opts;
  opts.max_file_bytes = 1024;
  opts.max_spec_bytes = 3000;
  opts.exclude = {"app/sub/keep.py"};
  auto r = discover::walk_repository(root, opts);
  REQUIRE(r);
  std::vector<std::string> paths;
  for (const auto& f : r->python_files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"app/main.py"});
  REQUIRE(r->spec_candidates.size() == 1);
  CHECK(r->spec_candidates[0].path == "openapi.yaml");
  bool big = false, big_spec = false, outside = false, loop = false;
  for (const auto& d : r->diagnostics) {
    CHECK(d.where.path != "openapi.yaml");
    big = big || (d.where.path == "app/big.py" && d.message.find("size cap") != std::string::npos);
    big_spec = big_spec || (d.where.path == "docs/swagger.json" && d.message.find("OpenAPI document cap") != std::string::npos);
    outside = outside || d.where.path == "out";
    loop = loop || d.where.path == "app/sub/loop";
  }
  CHECK(big);
  CHECK(big_spec);
  CHECK(outside);
  CHECK(loop);
  // The files' status is asked for on several threads: the same result.
  opts.jobs = 3;
  auto threaded = discover::walk_repository(root, opts);
  REQUIRE(threaded);
  auto same_files = [](const std::vector<discover::RepoFile>& a, const std::vector<discover::RepoFile>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].path != b[i].path || a[i].absolute != b[i].absolute || !(a[i].stamp == b[i].stamp)) return false;
    return true;
  };
  CHECK(same_files(threaded->python_files, r->python_files));
  CHECK(same_files(threaded->spec_candidates, r->spec_candidates));
  REQUIRE(threaded->diagnostics.size() == r->diagnostics.size());
  for (std::size_t i = 0; i < r->diagnostics.size(); ++i) {
    CHECK(threaded->diagnostics[i].where.path == r->diagnostics[i].where.path);
    CHECK(threaded->diagnostics[i].message == r->diagnostics[i].message);
  }
  CHECK_FALSE(discover::walk_repository(root / "missing", opts));
  fs::remove_all(root);
  fs::remove_all(root.parent_path() / ("av_outside_" + std::to_string(::getpid())));
}

TEST_CASE("walk: file links inside the root are followed, dangling links passed over, byte order", "[discover][walk]") {
  fs::path root = fs::temp_directory_path() / ("av_walk_links_" + std::to_string(::getpid()));
  fs::remove_all(root);
  write(root / "pkg/real.py", "x = 1\n");
  write(root / "pkg/B.py", "");
  write(root / "pkg/a.py", "");
  write(root / "pkg/_x.py", "");
  fs::create_symlink(root / "pkg/real.py", root / "pkg/alias.py");
  fs::create_symlink(root / "pkg/missing.py", root / "pkg/dangling.py");
  fs::create_directory_symlink(root / "nowhere", root / "gone");
  write(root / "pkg/notes.txt", "");

  discover::WalkOptions opts;
  auto r = discover::walk_repository(root, opts);
  REQUIRE(r);
  std::vector<std::string> paths;
  for (const auto& f : r->python_files) paths.push_back(f.path);
  // Sorted by path bytes: uppercase before '_' before lowercase.
  CHECK(paths == std::vector<std::string>{"pkg/B.py", "pkg/_x.py", "pkg/a.py", "pkg/alias.py", "pkg/real.py"});
  for (const auto& f : r->python_files) {
    CHECK(f.absolute == (r->root / f.path).string());
    CHECK(f.stamp.mtime_ns > 0);
    CHECK(f.stamp.inode != 0);
    if (f.path == "pkg/alias.py") {  // the link's target's stamp
      CHECK(f.stamp.size == 6);
      for (const auto& g : r->python_files)
        if (g.path == "pkg/real.py") CHECK(g.stamp == f.stamp);
    }
  }
  CHECK(r->diagnostics.empty());
  fs::remove_all(root);
}
