// Reading a source file once and deciding whether it is analysable text:
// binary content (NUL bytes) and invalid UTF-8 are refused with a reason; a
// UTF-8 byte-order mark is dropped.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "analyzer/core/expected.h"
#include "analyzer/core/whole_file.h"

namespace archverify::parse {

// Reads the whole file with one read (BOM dropped), without the text checks:
// a caller looks the content up in the facts cache first (content found there
// was checked when it was stored), so only a miss needs why_not_text.
Expected<std::string> read_source_bytes(const std::filesystem::path& file);
// The same into a buffer the caller reuses file after file (no allocation or
// zero-fill per file): the text, BOM dropped, as a view into `buffer`.
Expected<std::string_view> read_source_bytes(const std::filesystem::path& file, ByteBuffer& buffer);
Expected<std::string_view> read_source_bytes(const char* file, ByteBuffer& buffer);

// Whether content is analysable text: an empty string when fine, or the
// reason it is refused.
std::string why_not_text(std::string_view content);

// Number of lines as an editor counts them.
std::uint32_t count_lines(std::string_view content);

}  // namespace archverify::parse
