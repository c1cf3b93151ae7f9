// Shared helpers for the genome tests: repository paths, file reading and a
// hostile YAML text.
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

// A "billion laughs" document: eight anchors, each a list of ten aliases of
// the one before, so the tree stays small while its expansion reaches 10^8 nodes.
inline std::string alias_bomb() {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int k = 0; k < 10; ++k) bomb += std::string(k ? ", *" : "*") + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  return bomb;
}

}  // namespace archverify::testing
