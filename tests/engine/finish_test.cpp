// Tests of engine/finish: snippets, enclosing functions and fingerprints of
// findings spread over several files, finished file by file on several
// threads. The result must not depend on the thread count, occurrence
// indices must follow report order across files, and a file that cannot be
// read leaves its findings without a snippet instead of failing the run.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analyzer/engine/finish.h"

using namespace archverify;
namespace fs = std::filesystem;

namespace {

fs::path write_repo() {
  const fs::path root = fs::temp_directory_path() / "archverify_finish_test";
  fs::remove_all(root);
  fs::create_directories(root / "app");
  std::ofstream(root / "a.py") << "import x\n\ndef list_items(db):\n    return db.query(Item).all()\n";
  std::ofstream(root / "app/b.py") << "def f():\n    return db.query(Item).all()\n\ndef f():\n    return db.query(Item).all()\r\n";
  std::ofstream(root / "app/c.py") << "x = 1\ny = 2\nz = 3\n";
  return root;
}

model::FileFacts facts(std::string path, std::vector<std::pair<std::string, model::Span>> functions) {
  model::FileFacts f;
  f.path = std::move(path);
  for (auto& [qualname, span] : functions) {
    model::Function fn;
    fn.name = fn.qualname = f.arena().store(qualname);  // the facts own their names
    fn.span = span;
    f.functions.push_back(std::move(fn));
  }
  return f;
}

Finding finding(std::string rule, std::string path, std::uint32_t line, std::uint32_t begin_col, std::uint32_t end_col) {
  Finding f;
  f.rule_id = std::move(rule);
  f.where = SourceRange{std::move(path), Position{line, begin_col}, Position{line, end_col}};
  return f;
}

}  // namespace

TEST_CASE("findings over several files finish the same on one thread and on four", "[engine][finish]") {
  const fs::path root = write_repo();
  model::RepoModel model;
  // Sorted by path, as the model keeps its files.
  model.files.push_back(facts("a.py", {{"list_items", model::Span{{3, 1}, {4, 33}}}}));
  model.files.push_back(facts("app/b.py", {{"f", model::Span{{1, 1}, {2, 33}}}, {"f", model::Span{{4, 1}, {5, 33}}}}));
  model.files.push_back(facts("app/c.py", {}));
  // Report order: by path, then line.
  const std::vector<Finding> findings = {
      finding("TEN001", "a.py", 4, 12, 33),
      finding("TEN001", "app/b.py", 2, 12, 33),
      finding("TEN001", "app/b.py", 5, 12, 33),  // same rule, function name and code as the one above
      finding("DB001", "app/c.py", 2, 1, 6),
      finding("DB001", "app/missing.py", 1, 1, 2),
  };

  auto one = findings;
  engine::finish_findings(one, model, root, /*line_hashes=*/true, /*jobs=*/1);
  auto four = findings;
  engine::finish_findings(four, model, root, /*line_hashes=*/true, /*jobs=*/4);

  for (std::size_t i = 0; i < findings.size(); ++i) {
    INFO("finding " << i);
    CHECK(one[i].snippet == four[i].snippet);
    CHECK(one[i].line_hash == four[i].line_hash);
    CHECK(one[i].fingerprint == four[i].fingerprint);
  }
  CHECK(one[0].snippet == "    return db.query(Item).all()");
  CHECK(one[2].snippet == "    return db.query(Item).all()");  // the CR before the LF is not part of the line
  CHECK(one[3].snippet == "y = 2");
  CHECK_FALSE(one[0].line_hash.empty());
  // Same rule, function and code: the second occurrence in report order is ":2".
  REQUIRE(one[1].fingerprint.size() > 2);
  CHECK(one[1].fingerprint.substr(one[1].fingerprint.size() - 2) == ":1");
  CHECK(one[2].fingerprint.substr(0, one[2].fingerprint.size() - 2) ==
        one[1].fingerprint.substr(0, one[1].fingerprint.size() - 2));
  CHECK(one[2].fingerprint.substr(one[2].fingerprint.size() - 2) == ":2");
  // Another file, another enclosing function: another fingerprint.
  CHECK(one[0].fingerprint.substr(0, one[0].fingerprint.size() - 2) !=
        one[1].fingerprint.substr(0, one[1].fingerprint.size() - 2));
  // A file that cannot be read: no snippet, no line hash, still a fingerprint.
  CHECK(one[4].snippet.empty());
  CHECK(one[4].line_hash.empty());
  CHECK_FALSE(one[4].fingerprint.empty());
  fs::remove_all(root);
}

TEST_CASE("without line hashes the findings get none", "[engine][finish]") {
  const fs::path root = write_repo();
  model::RepoModel model;
  model.files.push_back(facts("a.py", {}));
  std::vector<Finding> findings = {finding("TEN001", "a.py", 1, 1, 9)};
  engine::finish_findings(findings, model, root, /*line_hashes=*/false, /*jobs=*/2);
  CHECK(findings[0].snippet == "import x");
  CHECK(findings[0].line_hash.empty());
  fs::remove_all(root);
}
