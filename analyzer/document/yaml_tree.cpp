// Builds a YamlTree from libyaml's events (see yaml_tree.h): one pass, an
// explicit stack of open collections (no recursion, so hostile nesting cannot
// overflow the C++ stack), children gathered on one shared pending stack and
// copied to the tree when their collection closes.
#include "analyzer/document/yaml_tree.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <yaml.h>

#include "analyzer/core/byte_codec.h"

namespace archverify::document {

namespace {

std::uint32_t narrow(std::size_t v) {
  return static_cast<std::uint32_t>(std::min<std::size_t>(v, std::numeric_limits<std::uint32_t>::max()));
}

NodeMark mark_of(const yaml_mark_t& m) { return NodeMark{narrow(m.line), narrow(m.column)}; }

// YAML's null spellings, as a plain untagged scalar.
bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::string_view text_of(const yaml_char_t* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// Owns a libyaml parser and the event last read from it.
class EventReader {
 public:
  explicit EventReader(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
  }
  ~EventReader() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  // The next event, or null on a parse error (then see problem()).
  const yaml_event_t* next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) != 0;
    return has_event_ ? &event_ : nullptr;
  }

  YamlProblem problem() const {
    YamlProblem p;
    p.problem = parser_.problem ? parser_.problem : "out of memory";
    if (parser_.error == YAML_READER_ERROR) {
      p.byte_offset = parser_.problem_offset;
      return p;
    }
    if (parser_.error == YAML_SCANNER_ERROR || parser_.error == YAML_PARSER_ERROR) {
      p.at = mark_of(parser_.problem_mark);
      if (parser_.context) {
        p.context = parser_.context;
        p.context_at = mark_of(parser_.context_mark);
      }
    }
    return p;
  }

 private:
  yaml_parser_t parser_{};
  yaml_event_t event_{};
  bool has_event_ = false;
};

}  // namespace

// Turns events into nodes; a friend of YamlTree.
class TreeBuilder {
 public:
  TreeBuilder(YamlTree& tree, std::size_t max_depth) : tree_(tree), max_depth_(max_depth) {}

  // Consumes one event; false when an alias names no known anchor (problem set).
  bool take(const yaml_event_t& ev, std::optional<YamlProblem>& problem) {
    switch (ev.type) {
      case YAML_SCALAR_EVENT:
        scalar(ev);
        return true;
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        const yaml_char_t* anchor = ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
                                                                          : ev.data.mapping_start.anchor;
        auto kind = ev.type == YAML_SEQUENCE_START_EVENT ? NodeKind::Sequence : NodeKind::Mapping;
        std::uint32_t index = add(YamlTree::NodeData{0, 0, 0, 0, kind, ScalarStyle::Plain}, ev.start_mark, anchor);
        // A collection at the depth limit is kept, empty, and parsing stops: the
        // caller's guard reports it before it could visit anything later. (libyaml
        // costs O(depth) per token, so reading on through hostile nesting would be
        // quadratic.)
        if (open_.size() >= max_depth_) stopped_ = true;
        else open_.push_back(Open{index, pending_.size()});
        return true;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        close();
        return true;
      case YAML_ALIAS_EVENT: {
        auto it = anchors_.find(std::string(text_of(ev.data.alias.anchor)));
        if (it == anchors_.end()) {
          problem = YamlProblem{"the alias '*" + std::string(text_of(ev.data.alias.anchor)) +
                                    "' refers to no anchor defined before it",
                                "", mark_of(ev.start_mark), std::nullopt, std::nullopt};
          return false;
        }
        tree_.has_aliases_ = true;
        attach(it->second);
        return true;
      }
      default:
        return true;
    }
  }

  bool stopped() const { return stopped_; }

  void finish() {
    while (!open_.empty()) close();
    if (tree_.nodes_.empty()) tree_.nodes_.push_back(YamlTree::NodeData{});
  }

 private:
  struct Open {
    std::uint32_t index;
    std::size_t pending_start;
  };

  void scalar(const yaml_event_t& ev) {
    const auto& s = ev.data.scalar;
    std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
    std::string_view tag = text_of(s.tag);
    ScalarStyle style = tag.empty() ? (s.style == YAML_PLAIN_SCALAR_STYLE ? ScalarStyle::Plain : ScalarStyle::Quoted)
                        : tag == "!" ? ScalarStyle::Quoted
                                     : ScalarStyle::Tagged;
    YamlTree::NodeData data{};
    if (style == ScalarStyle::Plain && is_null_text(value)) {
      data.kind = NodeKind::Null;
    } else {
      data.kind = NodeKind::Scalar;
      data.style = style;
      data.first = narrow(tree_.text_.size());
      data.count = narrow(value.size());
      tree_.text_.append(value);
    }
    add(data, ev.start_mark, s.anchor);
  }

  std::uint32_t add(YamlTree::NodeData data, const yaml_mark_t& mark, const yaml_char_t* anchor) {
    NodeMark m = mark_of(mark);
    data.line = m.line;
    data.column = m.column;
    auto index = narrow(tree_.nodes_.size());
    tree_.nodes_.push_back(data);
    if (anchor) anchors_[std::string(text_of(anchor))] = index;
    attach(index);
    return index;
  }

  void attach(std::uint32_t index) {
    if (open_.empty()) {
      if (!has_root_) tree_.root_ = index;
      has_root_ = true;
      return;
    }
    pending_.push_back(index);
  }

  void close() {
    Open top = open_.back();
    open_.pop_back();
    YamlTree::NodeData& node = tree_.nodes_[top.index];
    node.first = narrow(tree_.children_.size());
    node.count = narrow(pending_.size() - top.pending_start);
    tree_.children_.insert(tree_.children_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(top.pending_start),
                           pending_.end());
    pending_.resize(top.pending_start);
  }

  YamlTree& tree_;
  std::size_t max_depth_;
  std::vector<Open> open_;
  std::vector<std::uint32_t> pending_;
  std::unordered_map<std::string, std::uint32_t> anchors_;
  bool stopped_ = false;  // a collection reached max_depth_
  bool has_root_ = false;
};

std::unique_ptr<YamlTree> YamlTree::parse(std::string_view text, std::size_t max_depth,
                                          std::optional<YamlProblem>& problem) {
  auto tree = std::make_unique<YamlTree>();
  tree->nodes_.reserve(text.size() / 16 + 4);
  tree->children_.reserve(text.size() / 16 + 4);
  tree->text_.reserve(text.size() / 2 + 16);
  TreeBuilder builder(*tree, max_depth);
  EventReader reader(text);
  for (;;) {
    const yaml_event_t* ev = reader.next();
    if (!ev) {
      problem = reader.problem();
      return nullptr;
    }
    // Only the first document is read (later ones are not even parsed).
    if (ev->type == YAML_DOCUMENT_END_EVENT || ev->type == YAML_STREAM_END_EVENT) break;
    if (!builder.take(*ev, problem)) return nullptr;
    if (builder.stopped()) {
      tree->stopped_at_depth_ = true;
      break;
    }
  }
  builder.finish();
  return tree;
}

// Counts, flags and the root, then each node (kind and style in one byte,
// then offset, count, line, column), the child slots and the scalar text.
std::string YamlTree::encode() const {
  std::string out;
  ByteWriter w(out);
  w.u64(nodes_.size());
  w.u64(children_.size());
  w.u64(root_);
  w.byte(static_cast<std::uint8_t>((has_aliases_ ? 1 : 0) | (stopped_at_depth_ ? 2 : 0)));
  for (const NodeData& n : nodes_) {
    w.byte(static_cast<std::uint8_t>(static_cast<unsigned>(n.kind) | static_cast<unsigned>(n.style) << 2));
    w.u64(n.first);
    w.u64(n.count);
    w.u64(n.line);
    w.u64(n.column);
  }
  for (std::uint32_t c : children_) w.u64(c);
  w.str(text_);
  return out;
}

std::unique_ptr<YamlTree> YamlTree::decode(std::string_view bytes) {
  ByteReader r(bytes);
  // Each node takes at least 5 bytes, each child slot 1.
  const std::size_t node_count = r.u64(), slot_count = r.u64();
  if (!r.ok() || node_count == 0 || node_count > r.left() / 5 || slot_count > r.left()) return nullptr;
  auto tree = std::make_unique<YamlTree>();
  tree->root_ = r.u32();
  const std::uint8_t flags = r.byte();
  if (flags > 3 || tree->root_ >= node_count) return nullptr;
  tree->has_aliases_ = (flags & 1) != 0;
  tree->stopped_at_depth_ = (flags & 2) != 0;
  tree->nodes_.resize(node_count);
  for (NodeData& n : tree->nodes_) {
    const std::uint8_t head = r.byte();
    const unsigned kind = head & 3u, style = head >> 2;
    if (style > static_cast<unsigned>(ScalarStyle::Tagged)) return nullptr;
    n.kind = static_cast<NodeKind>(kind);
    n.style = static_cast<ScalarStyle>(style);
    n.first = r.u32();
    n.count = r.u32();
    n.line = r.u32();
    n.column = r.u32();
  }
  tree->children_.resize(slot_count);
  for (std::uint32_t& c : tree->children_) {
    c = r.u32();
    if (c >= node_count) return nullptr;
  }
  tree->text_ = r.str();
  if (!r.ok() || !r.at_end()) return nullptr;

  // Slices in range; without aliases, every node but the root has one parent, written before it.
  std::vector<std::uint8_t> reached(tree->has_aliases_ ? 0 : node_count);
  for (std::size_t i = 0; i < node_count; ++i) {
    const NodeData& n = tree->nodes_[i];
    const std::uint64_t end = std::uint64_t{n.first} + n.count;
    if (n.kind == NodeKind::Scalar && end > tree->text_.size()) return nullptr;
    if (n.kind == NodeKind::Sequence || n.kind == NodeKind::Mapping) {
      if (end > slot_count || (n.kind == NodeKind::Mapping && n.count % 2 != 0)) return nullptr;
      if (!tree->has_aliases_)
        for (std::uint32_t slot = n.first; slot < end; ++slot) {
          const std::uint32_t child = tree->children_[slot];
          if (child <= i || reached[child]++) return nullptr;
        }
    }
  }
  if (!tree->has_aliases_ && reached[tree->root_]) return nullptr;
  return tree;
}

NodeKind Node::kind() const { return tree_ ? tree_->nodes_[index_].kind : NodeKind::Null; }

std::string_view Node::scalar() const {
  if (!is_scalar()) return {};
  const auto& n = tree_->nodes_[index_];
  return std::string_view(tree_->text_).substr(n.first, n.count);
}

ScalarStyle Node::style() const { return is_scalar() ? tree_->nodes_[index_].style : ScalarStyle::Plain; }

NodeMark Node::mark() const {
  if (!tree_) return {};
  const auto& n = tree_->nodes_[index_];
  return NodeMark{n.line, n.column};
}

std::size_t Node::size() const {
  if (!tree_) return 0;
  const auto& n = tree_->nodes_[index_];
  if (n.kind == NodeKind::Sequence) return n.count;
  if (n.kind == NodeKind::Mapping) return n.count / 2;
  return 0;
}

Node Node::item(std::size_t i) const {
  if (!is_sequence() || i >= size()) return {};
  return Node(tree_, tree_->children_[tree_->nodes_[index_].first + i]);
}

Node Node::key(std::size_t i) const {
  if (!is_mapping() || i >= size()) return {};
  return Node(tree_, tree_->children_[tree_->nodes_[index_].first + 2 * i]);
}

Node Node::value(std::size_t i) const {
  if (!is_mapping() || i >= size()) return {};
  return Node(tree_, tree_->children_[tree_->nodes_[index_].first + 2 * i + 1]);
}

Node Node::find(std::string_view wanted) const {
  if (!is_mapping()) return {};
  const auto& n = tree_->nodes_[index_];
  for (std::uint32_t slot = n.first; slot < n.first + n.count; slot += 2) {
    const auto& k = tree_->nodes_[tree_->children_[slot]];
    if (k.kind == NodeKind::Scalar && std::string_view(tree_->text_).substr(k.first, k.count) == wanted)
      return Node(tree_, tree_->children_[slot + 1]);
  }
  return {};
}

}  // namespace archverify::document
