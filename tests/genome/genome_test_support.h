// Shared helpers for the genome tests: repository paths and file reading.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace archverify::testing {

inline std::filesystem::path source_dir() { return std::filesystem::path(ARCHVERIFY_SOURCE_DIR); }

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace archverify::testing
