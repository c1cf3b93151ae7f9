// Module names for the repository's files, and import resolution to files.
// A file is registered under every name it could be imported by: relative to
// the repository root, to the parent of its topmost package (a directory with
// __init__.py whose parent has none), to `src/`, and to its own directory when
// it is not in a package. An absolute import that several files could satisfy
// resolves to the candidate nearest the importing file. Imports of modules not
// in the repository are left unresolved (they are external: fastapi, sqlalchemy…).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/flat_map.h"
#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax.h"

namespace archverify::resolve {

class ModuleTable {
 public:
  explicit ModuleTable(const std::vector<model::FileFacts>& files);
  // Its lookup tables view its own strings: not copied.
  ModuleTable(const ModuleTable&) = delete;
  ModuleTable& operator=(const ModuleTable&) = delete;

  // File that `module` (dotted) names, seen from `from_file`.
  std::optional<std::uint32_t> find(std::string_view module, std::uint32_t from_file) const;
  // Target of a relative import `from <level dots><module> import …` in `from_file`.
  std::optional<std::uint32_t> find_relative(std::uint32_t from_file, std::uint32_t level, std::string_view module) const;
  // The dotted package a relative import refers to ("" when it climbs above the root).
  std::string relative_base(std::uint32_t from_file, std::uint32_t level, std::string_view module) const;
  // The preferred module name of a file (its package-rooted name).
  const std::string& name_of(std::uint32_t file) const { return names_[file]; }
  bool is_package_init(std::uint32_t file) const;

 private:
  // A module name's candidate files: candidates_[begin, begin + count).
  struct Candidates {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };
  const std::vector<model::FileFacts>& files_;
  // Every import of every file goes through find(): flat tables probed by
  // hash, with keys viewing module_names_ and the files' paths
  // (neither moves once the table is built).
  std::deque<std::string> module_names_;  // a deque: its strings never move (short ones live inline)
  FlatMap<std::string_view, Candidates, archverify::StringHash> by_name_;
  std::vector<std::uint32_t> candidates_;
  FlatMap<std::string_view, std::uint32_t, archverify::StringHash> by_path_;  // repo-relative path → file
  std::vector<std::string> names_;
};

}  // namespace archverify::resolve
