// Module names for the repository's files, and import resolution to files.
// A file is registered under every name it could be imported by: relative to
// the repository root, to the parent of its topmost package (a directory with
// __init__.py whose parent has none), to `src/`, and to its own directory when
// it is not in a package. An absolute import that several files could satisfy
// resolves to the candidate nearest the importing file. Imports of modules not
// in the repository are left unresolved (they are external: fastapi, sqlalchemy…).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzer/core/string_hash.h"
#include "analyzer/model/syntax.h"

namespace archverify::resolve {

class ModuleTable {
 public:
  explicit ModuleTable(const std::vector<model::FileFacts>& files);

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
  // Hashed with lookups by string_view: every import of every file goes through find().
  using NameHash = archverify::StringHash;
  const std::vector<model::FileFacts>& files_;
  std::unordered_map<std::string, std::vector<std::uint32_t>, NameHash, std::equal_to<>> by_name_;
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> by_path_;  // repo-relative path → file
  std::vector<std::string> names_;
};

}  // namespace archverify::resolve
