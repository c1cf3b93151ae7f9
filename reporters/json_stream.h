// JsonStream: writes a JSON document to an ostream as it is produced, in
// exactly the bytes nlohmann::ordered_json::dump(2, ' ', false, replace)
// gives for the same document (two-space indent, "key": value, empty
// containers as {} and [], invalid UTF-8 as U+FFFD). The JSON and SARIF
// reporters stream their findings through it instead of building one
// document tree: on 28k findings that tree took ~0.25 s to build and dump.
// Small parts (the score, the stats, the JSON rules table) may still be built as
// nlohmann values and written with value(const ordered_json&). Strings
// that are plain printable ASCII are copied as they are; any other string
// and every floating-point number goes through nlohmann's own serializer,
// so escaping and number formatting cannot drift from it.
#pragma once
#include <charconv>
#include <concepts>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace archverify::reporters {

class JsonStream {
 public:
  explicit JsonStream(std::ostream& out) : out_(out) { buffer_.reserve(kFlushAt + 4096); }
  JsonStream(const JsonStream&) = delete;
  JsonStream& operator=(const JsonStream&) = delete;
  ~JsonStream() { flush(); }

  // Containers. Inside an object every value is preceded by key().
  JsonStream& begin_object() { return open('{'); }
  JsonStream& end_object() { return close('}'); }
  JsonStream& begin_array() { return open('['); }
  JsonStream& end_array() { return close(']'); }
  JsonStream& key(std::string_view name);

  // Values.
  JsonStream& value(std::string_view s);
  JsonStream& value(const std::string& s) { return value(std::string_view(s)); }
  JsonStream& value(const char* s) { return value(std::string_view(s)); }
  JsonStream& value(bool b);
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  JsonStream& value(T n) {
    before_value();
    char digits[24];
    buffer_.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
    return *this;
  }
  JsonStream& value(double d);
  JsonStream& null();
  // A value built as a document tree, laid out at the current depth.
  JsonStream& value(const nlohmann::ordered_json& j);

  // key(name) then value(v).
  template <typename T>
  JsonStream& field(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }

  // Ends the document with a newline and writes out what is buffered.
  void finish();

 private:
  static constexpr std::size_t kFlushAt = std::size_t{1} << 20;

  JsonStream& open(char bracket);
  JsonStream& close(char bracket);
  // Separator and indentation before a value (nothing after a key).
  void before_value();
  void indent(std::size_t depth) { buffer_.append(2 * depth, ' '); }
  void quoted(std::string_view s);
  void maybe_flush() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  void flush();

  std::ostream& out_;
  std::string buffer_;
  std::vector<bool> has_items_;  // per open container: whether it has a value yet
  bool after_key_ = false;
};

}  // namespace archverify::reporters
