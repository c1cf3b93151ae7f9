// Implementation of source reading and the text/binary/UTF-8 checks.
#include "analyzer/parse/source_text.h"

#include <cerrno>
#include <cstring>

#include "analyzer/core/whole_file.h"

namespace archverify::parse {

namespace {

constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

// Eight bytes at `p`, all ASCII and none of them NUL (the common case, checked a word at a time).
bool plain_ascii_word(const unsigned char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  const bool has_zero = ((w - kLowBits) & ~w & kHighBits) != 0;
  return (w & kHighBits) == 0 && !has_zero;
}

// Returns the offset of the first NUL byte or invalid UTF-8 sequence, or npos.
std::size_t first_nul_or_invalid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 8 <= n && plain_ascii_word(p + i)) { i += 8; continue; }
    unsigned char c = p[i];
    if (c == 0) return i;
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

std::string why_not_text(std::string_view content) {
  std::size_t bad = first_nul_or_invalid_utf8(content);
  if (bad == std::string_view::npos) return {};
  // A NUL anywhere makes it binary, even after an earlier bad UTF-8 byte.
  if (content[bad] == '\0' || content.find('\0', bad) != std::string_view::npos) return "binary content (NUL byte)";
  return "not valid UTF-8 (first bad byte at offset " + std::to_string(bad) + ")";
}

std::uint32_t count_lines(std::string_view content) {
  if (content.empty()) return 0;
  std::uint32_t lines = 0;
  // memchr is vectorised; a byte loop is not at -O2.
  const char* p = content.data();
  const char* end = p + content.size();
  while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr) {
    ++lines;
    ++p;
  }
  if (content.back() != '\n') ++lines;
  return lines;
}

Expected<std::string> read_source_bytes(const std::filesystem::path& file) {
  std::string content;
  if (int err = read_whole_file(file.c_str(), content); err != 0)
    return Error{std::string("cannot read: ") + std::strerror(err)};
  if (content.size() >= 3 && static_cast<unsigned char>(content[0]) == 0xEF &&
      static_cast<unsigned char>(content[1]) == 0xBB && static_cast<unsigned char>(content[2]) == 0xBF)
    content.erase(0, 3);
  return content;
}

Expected<std::string_view> read_source_bytes(const std::filesystem::path& file, ByteBuffer& buffer) {
  return read_source_bytes(file.c_str(), buffer);
}

Expected<std::string_view> read_source_bytes(const char* file, ByteBuffer& buffer) {
  if (int err = read_whole_file(file, buffer); err != 0)
    return Error{std::string("cannot read: ") + std::strerror(err)};
  std::string_view content = buffer.view();
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return content;
}

}  // namespace archverify::parse
