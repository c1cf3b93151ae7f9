// A compact, read-only tree for one YAML (or JSON) document, built from
// libyaml's event stream: every node sits in one flat array (kind, scalar
// style, 0-based line and code-point column, a slice of one shared text
// buffer or of one shared child-index array), so a document costs a few
// allocations instead of one per node and is freed without recursion.
// `Node` is a cheap handle (tree pointer + index) with the reads the genome
// and OpenAPI loaders need: kind, scalar text, plain-vs-quoted, mark,
// sequence items, mapping pairs in document order (duplicates kept) and a
// first-match key lookup. Aliases are stored as references to the anchored
// node (so an alias reports the anchor's mark, and a walk that follows them
// sees the expanded document); the caller's guard bounds that walk. Reading
// stops at the first collection nested `max_depth` deep (kept, empty, for the
// caller's depth guard to report). It deliberately interprets nothing beyond
// YAML's null spellings: no schema, no numbers, no booleans, no merge keys
// (`<<` is an ordinary key).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archverify::document {

enum class NodeKind : std::uint8_t { Null, Scalar, Sequence, Mapping };

// How a scalar was written: Plain (`yes`), Quoted (`"yes"`, `'yes'`, a `|` or
// `>` block, or the non-specific tag `! yes`) or Tagged (any other explicit
// tag, `!!str yes`). Only a Plain scalar can read as a number or a boolean.
enum class ScalarStyle : std::uint8_t { Plain, Quoted, Tagged };

// 0-based line and 0-based column counted in code points.
struct NodeMark {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

class YamlTree;
struct KeyValue;

class Node {
 public:
  Node() = default;  // absent: what a lookup returns for a missing key
  bool exists() const { return tree_ != nullptr; }
  NodeKind kind() const;  // Null when absent
  bool is_null() const { return exists() && kind() == NodeKind::Null; }
  bool is_scalar() const { return exists() && kind() == NodeKind::Scalar; }
  bool is_sequence() const { return exists() && kind() == NodeKind::Sequence; }
  bool is_mapping() const { return exists() && kind() == NodeKind::Mapping; }
  // The scalar's text; empty for anything else.
  std::string_view scalar() const;
  ScalarStyle style() const;  // Plain unless a scalar says otherwise
  NodeMark mark() const;
  // Elements of a sequence, pairs of a mapping, 0 otherwise.
  std::size_t size() const;
  Node item(std::size_t i) const;   // i-th element of a sequence
  Node key(std::size_t i) const;    // i-th key of a mapping
  Node value(std::size_t i) const;  // i-th value of a mapping
  // The value of the first pair whose key is a scalar equal to `key`, or absent.
  Node find(std::string_view key) const;

  class ItemRange;
  class PairRange;
  ItemRange items() const;  // for (Node item : seq.items())
  PairRange pairs() const;  // for (const KeyValue& kv : map.pairs())

 private:
  friend class YamlTree;
  Node(const YamlTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
  const YamlTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
};

struct KeyValue {
  Node key;
  Node value;
};

class Node::ItemRange {
 public:
  class iterator {
   public:
    iterator(Node seq, std::size_t i) : seq_(seq), i_(i) {}
    Node operator*() const { return seq_.item(i_); }
    iterator& operator++() { ++i_; return *this; }
    bool operator!=(const iterator& o) const { return i_ != o.i_; }
   private:
    Node seq_;
    std::size_t i_;
  };
  explicit ItemRange(Node seq) : seq_(seq) {}
  iterator begin() const { return {seq_, 0}; }
  iterator end() const { return {seq_, seq_.is_sequence() ? seq_.size() : 0}; }
 private:
  Node seq_;
};

class Node::PairRange {
 public:
  class iterator {
   public:
    iterator(Node map, std::size_t i) : map_(map), i_(i) {}
    KeyValue operator*() const { return {map_.key(i_), map_.value(i_)}; }
    iterator& operator++() { ++i_; return *this; }
    bool operator!=(const iterator& o) const { return i_ != o.i_; }
   private:
    Node map_;
    std::size_t i_;
  };
  explicit PairRange(Node map) : map_(map) {}
  iterator begin() const { return {map_, 0}; }
  iterator end() const { return {map_, map_.is_mapping() ? map_.size() : 0}; }
 private:
  Node map_;
};

inline Node::ItemRange Node::items() const { return ItemRange(*this); }
inline Node::PairRange Node::pairs() const { return PairRange(*this); }

// Why libyaml could not read the text: its problem and context, where it stopped.
struct YamlProblem {
  std::string problem;             // "did not find expected key"
  std::string context;             // "while parsing a block mapping", or empty
  std::optional<NodeMark> at;      // where the problem is, when libyaml says
  std::optional<std::size_t> byte_offset;  // for reader errors, which give a byte offset instead
  std::optional<NodeMark> context_at;
};

class YamlTree {
 public:
  Node root() const { return Node(this, root_); }
  std::size_t node_count() const { return nodes_.size(); }
  bool has_aliases() const { return has_aliases_; }
  // Reading stopped at a collection `max_depth` deep.
  bool stopped_at_depth() const { return stopped_at_depth_; }

  // Parses the first document of `text` (UTF-8, no BOM). Sets `problem` and
  // returns null when libyaml rejects the text or an alias names no anchor.
  static std::unique_ptr<YamlTree> parse(std::string_view text, std::size_t max_depth,
                                         std::optional<YamlProblem>& problem);

  // The tree as bytes for a cache of parsed documents; decode() reads them
  // back into an equal tree. A change of this layout bumps kEncodingVersion,
  // which the cache's entry names carry.
  static constexpr int kEncodingVersion = 1;
  std::string encode() const;
  // The tree encode() wrote, or null when `bytes` are not such an encoding.
  // Every index and slice is checked, and a tree that claims no aliases must
  // be a tree (each node but the root reached exactly once, from a parent
  // written before it), so a bad entry cannot send a reader round a cycle.
  static std::unique_ptr<YamlTree> decode(std::string_view bytes);

 private:
  friend class Node;
  friend class TreeBuilder;
  struct NodeData {
    std::uint32_t first = 0;  // scalar: offset in text_; collection: first slot in children_
    std::uint32_t count = 0;  // scalar: byte length; sequence: items; mapping: 2 × pairs
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    NodeKind kind = NodeKind::Null;
    ScalarStyle style = ScalarStyle::Plain;
  };
  std::vector<NodeData> nodes_;
  std::vector<std::uint32_t> children_;  // node indices; a mapping's slots alternate key, value
  std::string text_;                     // every scalar's text, back to back
  std::uint32_t root_ = 0;
  bool has_aliases_ = false;
  bool stopped_at_depth_ = false;
};

}  // namespace archverify::document
