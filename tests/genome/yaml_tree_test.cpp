// The document tree (analyzer/document/yaml_tree.h) and the guarded loader
// around it: scalar styles, nesting, marks, aliases, the alias-bomb and depth
// guards, tabs, broken YAML, JSON input, duplicate keys, empty documents and
// a byte-order mark.
#include <catch2/catch.hpp>

#include "analyzer/document/document.h"
#include "genome_test_support.h"

using namespace archverify;
using namespace archverify::document;

namespace {

Document parsed(std::string text, std::string path = "d.yaml", Limits limits = {}) {
  DocumentLoad load = parse_document(std::move(text), std::move(path), "document", limits);
  INFO((load.diagnostics.empty() ? std::string() : load.diagnostics.front().message));
  REQUIRE(load.diagnostics.empty());
  REQUIRE(load.document);
  return std::move(*load.document);
}

// "line:column: message" of the only diagnostic.
std::string only_error(std::string text, std::string path = "d.yaml", Limits limits = {}) {
  DocumentLoad load = parse_document(std::move(text), std::move(path), "document", limits);
  REQUIRE(load.diagnostics.size() == 1);
  CHECK_FALSE(load.document);
  const Diagnostic& d = load.diagnostics.front();
  return std::to_string(d.where.begin.line) + ":" + std::to_string(d.where.begin.column) + ": " + d.message;
}

}  // namespace

TEST_CASE("plain, quoted, block and tagged scalars keep their text and style", "[document][yaml]") {
  Document doc = parsed("a: yes\nb: \"yes\"\nc: 'it''s'\nd: |\n  line\ne: !!str 12\nf: ! 12\ng: 3.0\n");
  Node root = doc.root;
  REQUIRE(root.is_mapping());
  CHECK(root.find("a").scalar() == "yes");
  CHECK(root.find("a").style() == ScalarStyle::Plain);
  CHECK(root.find("b").scalar() == "yes");
  CHECK(root.find("b").style() == ScalarStyle::Quoted);
  CHECK(root.find("c").scalar() == "it's");
  CHECK(root.find("c").style() == ScalarStyle::Quoted);
  CHECK(root.find("d").scalar() == "line\n");
  CHECK(root.find("d").style() == ScalarStyle::Quoted);
  CHECK(root.find("e").style() == ScalarStyle::Tagged);
  CHECK(root.find("f").style() == ScalarStyle::Quoted);
  CHECK(root.find("g").scalar() == "3.0");
}

TEST_CASE("null spellings are null only when plain", "[document][yaml]") {
  Document doc = parsed("a:\nb: ~\nc: null\nd: NULL\ne: \"null\"\nf: nil\n");
  for (const char* key : {"a", "b", "c", "d"}) {
    INFO(key);
    CHECK(doc.root.find(key).is_null());
    CHECK(doc.root.find(key).scalar().empty());
  }
  CHECK(doc.root.find("e").is_scalar());
  CHECK(doc.root.find("f").is_scalar());
  CHECK_FALSE(doc.root.find("missing").exists());
  CHECK_FALSE(doc.root.find("missing").is_null());
}

TEST_CASE("nested mappings and lists keep document order", "[document][yaml]") {
  Document doc = parsed("top:\n  list:\n    - one\n    - {k: v}\n    - [x, y]\n  z: 1\n  a: 2\n");
  Node top = doc.root.find("top");
  REQUIRE(top.size() == 3);
  CHECK(top.key(0).scalar() == "list");
  CHECK(top.key(1).scalar() == "z");
  CHECK(top.key(2).scalar() == "a");
  Node list = top.find("list");
  REQUIRE(list.is_sequence());
  REQUIRE(list.size() == 3);
  CHECK(list.item(0).scalar() == "one");
  CHECK(list.item(1).find("k").scalar() == "v");
  CHECK(list.item(2).item(1).scalar() == "y");
  CHECK_FALSE(list.item(3).exists());
  std::vector<std::string> seen;
  for (Node item : list.items()) seen.push_back(item.is_scalar() ? std::string(item.scalar()) : "-");
  CHECK(seen == std::vector<std::string>{"one", "-", "-"});
  std::string keys;
  for (const KeyValue& kv : top.pairs()) keys += std::string(kv.key.scalar()) + ",";
  CHECK(keys == "list,z,a,");
  // Reads of the wrong kind are empty, never a crash.
  CHECK(list.find("k").exists() == false);
  CHECK(top.item(0).exists() == false);
  CHECK(list.item(0).size() == 0);
}

TEST_CASE("marks are 1-based lines and code-point columns", "[document][yaml]") {
  Document doc = parsed("a: 1\nnamé: \"x\"\nlist:\n  - é\n  - [p, q]\n");
  CHECK(doc.range_of(doc.root).begin == Position{1, 1});
  CHECK(doc.range_of(doc.root.find("a")).begin == Position{1, 4});
  CHECK(doc.range_of(doc.root.key(1)).begin == Position{2, 1});
  CHECK(doc.range_of(doc.root.find("namé")).begin == Position{2, 7});
  Node list = doc.root.find("list");
  CHECK(doc.range_of(list).begin == Position{4, 3});
  CHECK(doc.range_of(list.item(1).item(1)).begin == Position{5, 9});
  CHECK(doc.range_of(Node()).begin == Position{});
}

TEST_CASE("aliases read as the anchored node, at the anchor's mark", "[document][yaml]") {
  Document doc = parsed("base: &b {k: v}\nother: *b\nname: &n x\nagain: *n\n");
  Node other = doc.root.find("other");
  REQUIRE(other.is_mapping());
  CHECK(other.find("k").scalar() == "v");
  CHECK(doc.range_of(other).begin == doc.range_of(doc.root.find("base")).begin);
  CHECK(doc.root.find("again").scalar() == "x");
  // Merge keys are not interpreted: `<<` is an ordinary key.
  Document merged = parsed("base: &b {k: v}\nchild:\n  <<: *b\n");
  CHECK(merged.root.find("child").find("<<").find("k").scalar() == "v");
  CHECK_FALSE(merged.root.find("child").find("k").exists());
}

TEST_CASE("an alias to an undefined anchor is a positioned error", "[document][yaml]") {
  CHECK(only_error("a: 1\nb: *nope\n") ==
        "2:4: invalid YAML: the alias '*nope' refers to no anchor defined before it; expected well-formed YAML");
}

TEST_CASE("an alias bomb trips the node budget with aliases expanded", "[document][yaml]") {
  const std::string bomb = testing::alias_bomb();
  Limits limits;
  limits.max_nodes = 10'000;
  CHECK(only_error(bomb, "d.yaml", limits).find(": the document expands to more than 10000 nodes") !=
        std::string::npos);
  // The same text without the budget problem: the tree itself stays small.
  limits.max_nodes = 1'000'000'000;
  limits.max_depth = 64;
  auto load = parse_document(bomb, "d.yaml", "document", limits);
  REQUIRE(load.document);
  CHECK(load.document->tree->node_count() < 200);
}

TEST_CASE("nesting past the depth limit is an error at the first too-deep node", "[document][yaml]") {
  Limits limits;
  limits.max_depth = 4;
  CHECK(only_error("a: [[[[[]]]]]\n", "d.yaml", limits) ==
        "1:7: the document is nested deeper than 4 levels; expected a shallower document");
  CHECK(only_error("a: " + std::string(100'000, '[') + std::string(100'000, ']') + "\n", "d.yaml", limits) ==
        "1:7: the document is nested deeper than 4 levels; expected a shallower document");
  // A self-referencing anchor is caught by the same guard.
  CHECK(only_error("a: &x [*x]\n", "d.yaml", limits).find("nested deeper than 4 levels") != std::string::npos);
}

TEST_CASE("tab indentation is reported at the tab", "[document][yaml]") {
  CHECK(only_error("a: 1\nb:\n\tc: 2\n") ==
        "3:1: tab character used for indentation; expected spaces (YAML forbids tabs in indentation)");
}

TEST_CASE("broken YAML names libyaml's problem and where the construct began", "[document][yaml]") {
  CHECK(only_error("a: b: c\n") ==
        "1:5: invalid YAML: mapping values are not allowed in this context; expected well-formed YAML");
  CHECK(only_error("a:\n  models: [\"x\"\n  tests: []\n") ==
        "3:3: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 2, "
        "column 11); expected well-formed YAML");
  CHECK(only_error("a: \"x\nb: 1\n") ==
        "3:1: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts at line 1, "
        "column 4); expected well-formed YAML");
  CHECK(only_error("a: 1\nb: \x7f\n") ==
        "2:4: invalid YAML: control characters are not allowed; expected well-formed YAML");
}

TEST_CASE("JSON input gives the same tree and marks as YAML", "[document][yaml]") {
  Document doc = parsed("{\n\t\"a\": [1, \"two\", null],\n\t\"b\": {\"c\": \"\\ud83c\\udfc4 \\/x\"}\n}\n", "d.json");
  CHECK(doc.syntax == Syntax::Json);
  Node a = doc.root.find("a");
  REQUIRE(a.size() == 3);
  CHECK(a.item(0).style() == ScalarStyle::Plain);
  CHECK(a.item(1).style() == ScalarStyle::Quoted);
  CHECK(a.item(2).is_null());
  CHECK(doc.root.find("b").find("c").scalar() == "\xF0\x9F\x8F\x84 /x");
  CHECK(doc.range_of(doc.root.find("b")).begin == Position{3, 7});
  CHECK(only_error("{\"a\": 1,}", "d.json").rfind("1:8: invalid JSON: trailing comma", 0) == 0);
}

TEST_CASE("duplicate keys are all kept in order, and lookup finds the first", "[document][yaml]") {
  Document doc = parsed("k: 1\nk: 2\nother: 3\n");
  REQUIRE(doc.root.size() == 3);
  CHECK(doc.root.key(1).scalar() == "k");
  CHECK(doc.root.value(1).scalar() == "2");
  CHECK(doc.root.find("k").scalar() == "1");
}

TEST_CASE("empty and null documents, and only the first document is read", "[document][yaml]") {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n"})
    CHECK(only_error(text) == "1:1: the document is empty; expected a mapping of keys to values");
  CHECK(parsed("~\n").root.is_null());
  CHECK(parsed("--- 5\n").root.scalar() == "5");
  Document first = parsed("a: 1\n---\n: : [\n");
  CHECK(first.root.find("a").scalar() == "1");
}

TEST_CASE("a byte-order mark is dropped before parsing and before positions", "[document][yaml]") {
  Document doc = parsed("\xEF\xBB\xBF" "a: 1\nb: x\n");
  CHECK(doc.root.find("a").scalar() == "1");
  CHECK(doc.range_of(doc.root.find("b")).begin == Position{2, 4});
  CHECK(only_error("\xEF\xBB\xBF" "a: b: c\n") ==
        "1:5: invalid YAML: mapping values are not allowed in this context; expected well-formed YAML");
}
