// JsonStream (see json_stream.h). The layout rules copied from nlohmann's
// pretty printer: a container's first value follows its bracket on a new
// line, later ones follow ",\n"; each is indented two spaces per open
// container; the closing bracket gets a line of its own one level out, or
// directly follows the opening one when the container is empty.
#include "reporters/json_stream.h"

namespace archverify::reporters {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

}  // namespace

JsonStream& JsonStream::open(char bracket) {
  before_value();
  buffer_.push_back(bracket);
  has_items_.push_back(false);
  return *this;
}

JsonStream& JsonStream::close(char bracket) {
  if (has_items_.empty()) return *this;  // unbalanced: nothing open to close
  const bool had_items = has_items_.back();
  has_items_.pop_back();
  if (had_items) {
    buffer_.push_back('\n');
    indent(has_items_.size());
  }
  buffer_.push_back(bracket);
  after_key_ = false;
  maybe_flush();
  return *this;
}

void JsonStream::before_value() {
  if (after_key_) {  // key() wrote the separator, the indentation and `"name": `
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;  // the document's top-level value
  buffer_.append(has_items_.back() ? ",\n" : "\n");
  has_items_.back() = true;
  indent(has_items_.size());
}

JsonStream& JsonStream::key(std::string_view name) {
  before_value();
  quoted(name);
  buffer_.append(": ");
  after_key_ = true;
  return *this;
}

void JsonStream::quoted(std::string_view s) {
  // Printable ASCII is written as it is, with `"` and `\` escaped as nlohmann
  // escapes them; control characters and anything past ASCII (where UTF-8
  // validation and U+FFFD replacement come in) are left to nlohmann.
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x80) {
      buffer_.append(dump(Json(std::string(s))));
      return;
    }
  }
  buffer_.push_back('"');
  std::size_t from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '"' && s[i] != '\\') continue;
    buffer_.append(s.substr(from, i - from));
    buffer_.push_back('\\');
    buffer_.push_back(s[i]);
    from = i + 1;
  }
  buffer_.append(s.substr(from));
  buffer_.push_back('"');
}

JsonStream& JsonStream::value(std::string_view s) {
  before_value();
  quoted(s);
  maybe_flush();
  return *this;
}

JsonStream& JsonStream::value(bool b) {
  before_value();
  buffer_.append(b ? "true" : "false");
  return *this;
}

JsonStream& JsonStream::value(double d) {
  before_value();
  buffer_.append(dump(Json(d)));  // nlohmann's shortest round-trip form, "80.0", null for NaN
  return *this;
}

JsonStream& JsonStream::null() {
  before_value();
  buffer_.append("null");
  return *this;
}

JsonStream& JsonStream::value(const Json& j) {
  before_value();
  // The tree's own layout starts at column 0: each of its line breaks is a
  // structural one (a string's are escaped), so indenting after every break
  // puts it at this depth.
  const std::string text = dump(j);
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    buffer_.append(text, from, nl + 1 - from);
    indent(has_items_.size());
    from = nl + 1;
  }
  buffer_.append(text, from);
  maybe_flush();
  return *this;
}

void JsonStream::finish() {
  buffer_.push_back('\n');
  flush();
}

void JsonStream::flush() {
  if (buffer_.empty()) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

}  // namespace archverify::reporters
