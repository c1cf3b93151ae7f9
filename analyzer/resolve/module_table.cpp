// Module naming and import-to-file resolution (see module_table.h).
#include "analyzer/resolve/module_table.h"

#include <algorithm>
#include <set>
#include <span>
#include <unordered_map>

namespace archverify::resolve {

namespace {

std::string dir_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

// "a/b/c.py" relative to root "a" → "b.c"; "__init__.py" names its package.
std::string module_from(std::string_view path, std::string_view root) {
  std::string_view rel = path;
  if (!root.empty()) rel = path.substr(root.size() + 1);
  std::string out(rel);
  if (out.ends_with(".py")) out.resize(out.size() - 3);
  if (out == "__init__") return {};
  if (out.ends_with("/__init__")) out.resize(out.size() - 9);
  std::replace(out.begin(), out.end(), '/', '.');
  return out;
}

std::size_t common_dir_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0, i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) {
    if (a[i] == '/') ++n;
    ++i;
  }
  return n;
}

bool modules_is_init(std::string_view path) { return path == "__init__.py" || path.ends_with("/__init__.py"); }

}  // namespace

ModuleTable::ModuleTable(const std::vector<model::FileFacts>& files) : files_(files), names_(files.size()) {
  std::set<std::string> package_dirs;
  by_path_.reserve(files.size());
  for (std::uint32_t i = 0; i < files.size(); ++i) {
    by_path_.insert(files[i].path, i);  // a later file with the same path wins, as before
    if (modules_is_init(files[i].path)) package_dirs.insert(dir_of(files[i].path));
  }
  // What a file's module names depend on besides its own name: its directory's
  // roots and package. Computed once per directory (a directory holds many files).
  struct DirInfo {
    std::set<std::string> roots;
    bool in_package = false;
    std::string preferred_root;
  };
  std::unordered_map<std::string, DirInfo, archverify::StringHash, std::equal_to<>> dirs;
  auto dir_info = [&](const std::string& dir) -> const DirInfo& {
    if (auto it = dirs.find(dir); it != dirs.end()) return it->second;
    DirInfo info;
    info.roots = {""};
    // Climb while the directory is a package: its parent is a root.
    std::string top = dir;
    info.in_package = package_dirs.count(dir) > 0;
    while (!top.empty() && package_dirs.count(top)) {
      std::string parent = dir_of(top);
      if (!package_dirs.count(parent) || parent == top) { info.roots.insert(parent); break; }
      top = parent;
    }
    if (!info.in_package) info.roots.insert(dir);
    // src/ layouts and any "src" ancestor
    for (std::string d = dir; !d.empty(); d = dir_of(d)) {
      if (d == "src" || d.ends_with("/src")) info.roots.insert(d);
      if (d.find('/') == std::string::npos) break;
    }
    // Preferred name: from the package root when the file is in a package, else
    // from the repository root (namespace packages are imported by full path).
    if (info.in_package) {
      std::string t = dir;
      while (!t.empty() && package_dirs.count(dir_of(t))) t = dir_of(t);
      info.preferred_root = dir_of(t);
    }
    return dirs.emplace(dir, std::move(info)).first->second;
  };
  std::unordered_map<std::string, std::vector<std::uint32_t>, archverify::StringHash, std::equal_to<>> files_by_module;
  for (std::uint32_t i = 0; i < files.size(); ++i) {
    const std::string& path = files[i].path;
    const DirInfo& info = dir_info(dir_of(path));
    for (const std::string& root : info.roots) {
      if (!root.empty() && !(path.size() > root.size() && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/'))
        continue;
      std::string name = module_from(path, root);
      if (!name.empty()) files_by_module[name].push_back(i);
    }
    names_[i] = module_from(path, info.preferred_root);
    if (names_[i].empty() && modules_is_init(path)) names_[i] = module_from(path, dir_of(info.preferred_root));
  }
  by_name_.reserve(files_by_module.size());
  for (auto& [name, list] : files_by_module) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    const Candidates where{static_cast<std::uint32_t>(candidates_.size()), static_cast<std::uint32_t>(list.size())};
    by_name_.insert(module_names_.emplace_back(name), where);
    candidates_.insert(candidates_.end(), list.begin(), list.end());
  }
}

bool ModuleTable::is_package_init(std::uint32_t file) const {
  return modules_is_init(files_[file].path);
}

std::optional<std::uint32_t> ModuleTable::find(std::string_view module, std::uint32_t from_file) const {
  const Candidates* found = by_name_.find(module);
  if (!found || found->count == 0) return std::nullopt;
  const std::span<const std::uint32_t> list(candidates_.data() + found->begin, found->count);
  if (list.size() == 1) return list[0];
  const std::string& from = files_[from_file].path;
  std::uint32_t best = list[0];
  std::size_t best_score = 0;
  for (std::uint32_t cand : list) {
    std::size_t score = common_dir_prefix(from, files_[cand].path);
    if (score > best_score) { best = cand; best_score = score; }
  }
  return best;
}

std::string ModuleTable::relative_base(std::uint32_t from_file, std::uint32_t level, std::string_view module) const {
  std::string dir = dir_of(files_[from_file].path);
  for (std::uint32_t k = 1; k < level; ++k) {
    if (dir.empty()) return {};
    dir = dir_of(dir);
  }
  std::string rel(module);
  std::replace(rel.begin(), rel.end(), '.', '/');
  return rel.empty() ? dir : join(dir, rel);
}

std::optional<std::uint32_t> ModuleTable::find_relative(std::uint32_t from_file, std::uint32_t level, std::string_view module) const {
  std::string base = relative_base(from_file, level, module);
  if (const std::uint32_t* file = by_path_.find(std::string_view(base + ".py"))) return *file;
  if (const std::uint32_t* file = by_path_.find(std::string_view(join(base, "__init__.py")))) return *file;
  return std::nullopt;
}

}  // namespace archverify::resolve
