// SourcePath: a repo-relative path stored once per process. Every fact,
// finding and diagnostic of a file names it, and a model holds hundreds of
// thousands of them, so each is a pointer to one shared, never-freed copy of
// the text (8 bytes) instead of a std::string (32 bytes, plus a heap block
// for any path longer than 15 characters). Making one from text looks the
// text up in a process-wide table under a lock: make it once per file
// (FileFacts::path) and copy it from there. Equal paths are the same pointer,
// so equality is a pointer comparison; ordering compares the texts, as a
// std::string would, so sorted output does not depend on addresses.
#pragma once
#include <compare>
#include <cstddef>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_set>

#include "analyzer/core/string_hash.h"

namespace archverify {

class SourcePath {
 public:
  SourcePath() : text_(stored({})) {}
  SourcePath(std::string_view text) : text_(stored(text)) {}  // implicit: it stands in for a std::string
  SourcePath(const std::string& text) : SourcePath(std::string_view(text)) {}
  SourcePath(const char* text) : SourcePath(std::string_view(text)) {}

  const std::string& str() const { return *text_; }
  operator const std::string&() const { return *text_; }
  operator std::string_view() const { return *text_; }
  std::string_view view() const { return *text_; }
  const char* c_str() const { return text_->c_str(); }
  const char* data() const { return text_->data(); }
  std::size_t size() const { return text_->size(); }
  bool empty() const { return text_->empty(); }
  bool starts_with(std::string_view s) const { return view().starts_with(s); }
  bool ends_with(std::string_view s) const { return view().ends_with(s); }

  friend bool operator==(const SourcePath& a, const SourcePath& b) { return a.text_ == b.text_; }
  friend std::strong_ordering operator<=>(const SourcePath& a, const SourcePath& b) {
    return a.text_ == b.text_ ? std::strong_ordering::equal : a.text_->compare(*b.text_) <=> 0;
  }
  friend bool operator==(const SourcePath& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SourcePath& a, const std::string& b) { return a.view() == b; }
  friend bool operator==(const SourcePath& a, const char* b) { return a.view() == b; }
  friend std::strong_ordering operator<=>(const SourcePath& a, std::string_view b) { return a.view().compare(b) <=> 0; }
  friend std::ostream& operator<<(std::ostream& os, const SourcePath& p) { return os << *p.text_; }
  // Concatenation, as with the std::string it stands in for.
  friend std::string operator+(const std::string& a, const SourcePath& b) { return a + *b.text_; }
  friend std::string operator+(const char* a, const SourcePath& b) { return a + *b.text_; }
  friend std::string operator+(const SourcePath& a, const std::string& b) { return *a.text_ + b; }
  friend std::string operator+(const SourcePath& a, const char* b) { return *a.text_ + b; }
  friend std::string operator+(const SourcePath& a, char b) { return *a.text_ + b; }

 private:
  // The one stored copy of `text`. Node addresses in an unordered_set never
  // move, and the table is never destroyed (paths are read until exit).
  static const std::string* stored(std::string_view text) {
    static const std::string kEmpty;
    if (text.empty()) return &kEmpty;
    struct Table {
      std::mutex lock;
      std::unordered_set<std::string, StringHash, std::equal_to<>> paths;
    };
    static Table* const table = new Table();  // never destroyed, on purpose
    std::lock_guard<std::mutex> hold(table->lock);
    auto it = table->paths.find(text);
    if (it == table->paths.end()) it = table->paths.emplace(text).first;
    return &*it;
  }

  const std::string* text_;
};

}  // namespace archverify
