// Where something is in the analysed repository: a repo-relative POSIX path and
// a 1-based line/column span (columns count Unicode code points, end exclusive).
// Every fact, finding and diagnostic carries one; nothing stores absolute paths.
// The path is a SourcePath (source_path.h): one shared copy per file.
#pragma once
#include <compare>
#include <cstdint>
#include <string>

#include "analyzer/core/source_path.h"

namespace archverify {

struct Position {
  std::uint32_t line = 0;    // 1-based; 0 means "whole file / unknown"
  std::uint32_t column = 0;  // 1-based code-point column; 0 means unknown
  auto operator<=>(const Position&) const = default;
};

struct SourceRange {
  SourcePath path;  // repo-relative, '/' separated
  Position begin;
  Position end;
  auto operator<=>(const SourceRange&) const = default;
  bool contains(const SourceRange& inner) const {
    return path == inner.path && begin <= inner.begin && inner.end <= end;
  }
};

}  // namespace archverify
