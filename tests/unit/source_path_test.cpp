// SourcePath: one stored copy per path, shared by every range that names it,
// and ordered and compared like the std::string it stands in for.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "analyzer/core/source_range.h"

using archverify::Position;
using archverify::SourcePath;
using archverify::SourceRange;

TEST_CASE("equal paths share one stored text; different ones do not", "[core][path]") {
  std::string built = "app/";
  built += "models.py";
  SourcePath a("app/models.py"), b(built), c("app/models.pyi");
  CHECK(a == b);
  CHECK(a.data() == b.data());  // the same stored copy
  CHECK(a != c);
  CHECK(a.data() != c.data());
  CHECK(a == "app/models.py");
  CHECK(a.str() == built);
  CHECK(SourcePath().empty());
  CHECK(SourcePath() == SourcePath(""));
  CHECK(sizeof(SourceRange) == sizeof(void*) + 2 * sizeof(Position));
}

TEST_CASE("paths order by their text, not by where they are stored", "[core][path]") {
  // Made in an order unlike the text order: the stored copies' addresses
  // follow creation, so an address order would differ.
  std::vector<std::string> texts{"z.py", "a/b.py", "m.py", "a.py", "a/b/c.py", "A.py", "a"};
  std::vector<SourcePath> paths(texts.begin(), texts.end());
  std::sort(paths.begin(), paths.end());
  std::sort(texts.begin(), texts.end());
  REQUIRE(paths.size() == texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) CHECK(paths[i].str() == texts[i]);
  CHECK((SourcePath("a.py") <=> SourcePath("a.py")) == std::strong_ordering::equal);
  CHECK(SourceRange{"a.py", {2, 1}, {2, 3}} < SourceRange{"b.py", {1, 1}, {1, 2}});
  CHECK(SourceRange{"a.py", {2, 1}, {2, 3}} > SourceRange{"a.py", {1, 1}, {1, 2}});
}

TEST_CASE("threads making the same paths get the same stored copies", "[core][path]") {
  constexpr int kThreads = 4, kPaths = 2000;
  std::vector<std::vector<const char*>> seen(kThreads, std::vector<const char*>(kPaths));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&seen, t] {
      for (int i = 0; i < kPaths; ++i) {
        const int k = (i * 7 + t * 13) % kPaths;  // each thread in its own order
        seen[t][k] = SourcePath("pkg/module_" + std::to_string(k) + ".py").data();
      }
    });
  for (std::thread& th : threads) th.join();
  for (int t = 1; t < kThreads; ++t) CHECK(seen[t] == seen[0]);
  for (int i = 0; i < kPaths; ++i) CHECK(std::string(seen[0][i]) == "pkg/module_" + std::to_string(i) + ".py");
}

TEST_CASE("a path concatenates and converts like a string", "[core][path]") {
  SourcePath p("app/x.py");
  CHECK(p + ":3" == "app/x.py:3");
  CHECK(std::string("in ") + p == "in app/x.py");
  CHECK("in " + p + '!' == "in app/x.py!");
  std::string_view v = p;
  CHECK(v == "app/x.py");
  const std::string& s = p;
  CHECK(s == "app/x.py");
  CHECK(p.ends_with(".py"));
  CHECK(p.starts_with("app/"));
}
