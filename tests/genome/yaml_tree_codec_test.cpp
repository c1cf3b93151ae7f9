// The parsed-tree cache's pieces: YamlTree::encode/decode (an equal tree
// back, nothing trusted from bad bytes, no cycle unless the tree says it has
// aliases) and parse_document's TreeMemo hook (asked before libyaml, handed
// only clean parses, and the depth and alias guards still run on a
// remembered tree).
#include <catch2/catch.hpp>

#include <map>
#include <utility>

#include "analyzer/document/document.h"
#include "genome_test_support.h"

using namespace archverify;
using namespace archverify::document;

namespace {

std::unique_ptr<YamlTree> tree_of(std::string_view text, std::size_t max_depth = 64) {
  std::optional<YamlProblem> problem;
  auto tree = YamlTree::parse(text, max_depth, problem);
  REQUIRE(tree);
  return tree;
}

// Nodes reached from `n` by a walk that never enters a node twice on one path
// (a cycle stops it) and gives up after `budget` visits.
void walk(Node n, std::size_t depth, std::size_t& visits, std::size_t budget) {
  if (++visits > budget || depth > 200) return;
  if (n.is_sequence())
    for (Node item : n.items()) walk(item, depth + 1, visits, budget);
  if (n.is_mapping())
    for (const KeyValue& kv : n.pairs()) {
      walk(kv.key, depth + 1, visits, budget);
      walk(kv.value, depth + 1, visits, budget);
    }
}

// An in-memory TreeMemo that counts how it is used.
class MapMemo final : public TreeMemo {
 public:
  std::unique_ptr<YamlTree> find(std::string_view text, std::size_t max_depth) const override {
    ++finds;
    auto it = kept.find({std::string(text), max_depth});
    if (it == kept.end()) return nullptr;
    ++hits;
    return YamlTree::decode(it->second);
  }
  void keep(std::string_view text, std::size_t max_depth, const YamlTree& tree) const override {
    kept[{std::string(text), max_depth}] = tree.encode();
  }
  mutable std::map<std::pair<std::string, std::size_t>, std::string> kept;
  mutable int finds = 0;
  mutable int hits = 0;
};

const char* const kSamples[] = {
    "a: yes\nb: \"yes\"\nc: 'it''s'\nd: |\n  line\ne: !!str 12\nf: ! 12\ng: ~\nh: [1, [2, {x: y}]]\n",
    "- a\n- - b\n  - c\n- {k: v, k: w}\n",
    "base: &b {x: 1}\nuse: *b\nagain: *b\n",
    "a: &x [*x]\n",
    "just a scalar\n",
    "a: [[[[[[]]]]]]\n",
};

}  // namespace

TEST_CASE("a decoded tree is the encoded one", "[document][yaml][cache]") {
  for (const char* text : kSamples) {
    INFO(text);
    auto tree = tree_of(text, 4);
    const std::string bytes = tree->encode();
    auto back = YamlTree::decode(bytes);
    REQUIRE(back);
    // encode() writes every field, so equal encodings mean equal trees.
    CHECK(back->encode() == bytes);
    CHECK(back->node_count() == tree->node_count());
    CHECK(back->has_aliases() == tree->has_aliases());
    CHECK(back->stopped_at_depth() == tree->stopped_at_depth());
  }
  auto tree = YamlTree::decode(tree_of(kSamples[0])->encode());
  REQUIRE(tree);
  Node root = tree->root();
  CHECK(root.find("c").scalar() == "it's");
  CHECK(root.find("b").style() == ScalarStyle::Quoted);
  CHECK(root.find("e").style() == ScalarStyle::Tagged);
  CHECK(root.find("g").is_null());
  CHECK(root.find("h").item(1).item(1).find("x").scalar() == "y");
  CHECK(root.find("h").mark().line == 8);
  CHECK(tree_of(kSamples[5], 4)->stopped_at_depth());
}

TEST_CASE("a truncated or altered encoding is refused or decodes to a walkable tree", "[document][yaml][cache]") {
  for (const char* text : kSamples) {
    INFO(text);
    const std::string bytes = tree_of(text, 4)->encode();
    for (std::size_t n = 0; n < bytes.size(); ++n) CHECK_FALSE(YamlTree::decode(bytes.substr(0, n)));
    CHECK_FALSE(YamlTree::decode(bytes + '\0'));
    std::size_t accepted = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i)
      for (unsigned char x : {0x01, 0x02, 0x04, 0x40, 0x80, 0xff}) {
        std::string bad = bytes;
        bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ x);
        auto tree = YamlTree::decode(bad);
        if (!tree) continue;
        ++accepted;
        CHECK(YamlTree::decode(tree->encode()));
        if (!tree->has_aliases()) {  // a tree: every node reached at most once
          std::size_t visits = 0;
          walk(tree->root(), 0, visits, tree->node_count() + 1);
          CHECK(visits <= tree->node_count());
        }
      }
    CHECK(accepted > 0);  // some flips (a line, a column) leave a valid tree, so the checks above ran
  }
}

TEST_CASE("an encoding that hides its aliases is refused", "[document][yaml][cache]") {
  // Small trees: node count, slot count and root are one byte each, then the flags.
  for (const char* text : {"base: &b {x: 1}\nuse: *b\n", "a: &x [*x]\n"}) {
    INFO(text);
    std::string bytes = tree_of(text)->encode();
    REQUIRE(bytes[3] == 1);  // has aliases
    CHECK(YamlTree::decode(bytes));
    bytes[3] = 0;
    CHECK_FALSE(YamlTree::decode(bytes));
  }
}

TEST_CASE("parse_document asks the memo first and hands it only clean parses", "[document][yaml][cache]") {
  MapMemo memo;
  const std::string text = kSamples[0];
  DocumentLoad first = parse_document(text, "d.yaml", "document", Limits{}, &memo);
  REQUIRE(first.document);
  CHECK(memo.finds == 1);
  CHECK(memo.hits == 0);
  CHECK(memo.kept.size() == 1);
  DocumentLoad second = parse_document(text, "d.yaml", "document", Limits{}, &memo);
  REQUIRE(second.document);
  CHECK(memo.hits == 1);
  CHECK(second.document->tree->encode() == first.document->tree->encode());
  CHECK(second.document->root.find("c").scalar() == "it's");

  // Broken YAML: the same diagnostics as without a memo, and nothing kept.
  DocumentLoad broken = parse_document("a: [1, 2\n", "d.yaml", "document", Limits{}, &memo);
  DocumentLoad plain = parse_document("a: [1, 2\n", "d.yaml", "document", Limits{});
  REQUIRE(broken.diagnostics.size() == 1);
  REQUIRE(plain.diagnostics.size() == 1);
  CHECK(broken.diagnostics[0].message == plain.diagnostics[0].message);
  CHECK(memo.kept.size() == 1);

  // JSON is kept under the YAML text libyaml reads, and comes back the same.
  DocumentLoad json1 = parse_document("{\"a\": [1, \"x\"]}", "d.json", "document", Limits{}, &memo);
  DocumentLoad json2 = parse_document("{\"a\": [1, \"x\"]}", "d.json", "document", Limits{}, &memo);
  REQUIRE(json1.document);
  REQUIRE(json2.document);
  CHECK(memo.kept.size() == 2);
  CHECK(json2.document->root.find("a").item(1).scalar() == "x");
}

TEST_CASE("the guards run on a remembered tree", "[document][yaml][cache]") {
  const std::string bomb = testing::alias_bomb();
  MapMemo memo;
  Limits generous;
  generous.max_nodes = 1'000'000'000;
  REQUIRE(parse_document(bomb, "d.yaml", "document", generous, &memo).document);
  REQUIRE(memo.kept.size() == 1);
  Limits strict;
  strict.max_nodes = 10'000;
  DocumentLoad load = parse_document(bomb, "d.yaml", "document", strict, &memo);
  CHECK(memo.hits == 1);
  CHECK_FALSE(load.document);
  REQUIRE(load.diagnostics.size() == 1);
  CHECK(load.diagnostics[0].message.find("expands to more than 10000 nodes") != std::string::npos);
}
