// RepoModel lookups.
#include "analyzer/model/repo_model.h"
#include "analyzer/model/test_paths.h"

#include <algorithm>
#include <functional>

namespace archverify::model {

std::uint32_t RepoModel::file_index(std::string_view path) const {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const FileFacts& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return kNoIndex;
  return static_cast<std::uint32_t>(it - files.begin());
}

void RepoModel::build_indexes() {
  EntityIndex index;
  for (const Entity& e : entities) {
    index.by_qualified.emplace(e.qualified, &e);  // emplace keeps the first
    index.by_name.emplace(e.name, &e);
    for (const Relationship& r : e.relationships)
      if (!r.backref.empty()) index.by_backref[r.backref].push_back(BackrefDecl{&e, &r});
  }
  for (const SchemaClass& s : schemas) index.schemas_by_qualified.emplace(s.qualified, &s);  // the first wins
  entity_index_ = std::move(index);
}

const CallSite* RepoModel::call_site(const Expr* call) const {
  auto by_address = [](const CallEntry& a, const CallEntry& b) {
    return std::less<const Expr*>()(a.call, b.call) || (a.call == b.call && a.site < b.site);
  };
  std::call_once(call_sites_once_, [this, &by_address] {
    call_sites_.reserve(calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) call_sites_.push_back({calls[i].call, static_cast<std::uint32_t>(i)});
    std::sort(call_sites_.begin(), call_sites_.end(), by_address);
    // The first site of an expression stays (sorted by site within a call).
    call_sites_.erase(std::unique(call_sites_.begin(), call_sites_.end(),
                                  [](const CallEntry& a, const CallEntry& b) { return a.call == b.call; }),
                      call_sites_.end());
  });
  auto it = std::lower_bound(call_sites_.begin(), call_sites_.end(), CallEntry{call, 0}, by_address);
  return it != call_sites_.end() && it->call == call ? &calls[it->site] : nullptr;
}

const SchemaClass* RepoModel::schema_named(std::string_view qualified) const {
  if (!entity_index_) return schema_by_qualified(schemas, qualified);
  auto it = entity_index_->schemas_by_qualified.find(qualified);
  return it == entity_index_->schemas_by_qualified.end() ? nullptr : it->second;
}

const Entity* RepoModel::entity_named(std::string_view name) const {
  if (!entity_index_) return entity_by_name(entities, name);
  if (auto it = entity_index_->by_qualified.find(name); it != entity_index_->by_qualified.end()) return it->second;
  if (auto it = entity_index_->by_name.find(name); it != entity_index_->by_name.end()) return it->second;
  return nullptr;
}

const std::vector<RepoModel::BackrefDecl>& RepoModel::backrefs_named(std::string_view attribute) const {
  static const std::vector<BackrefDecl> kNone;
  if (!entity_index_) {
    // Not indexed (a hand-built model): compute on the fly, kept per thread.
    thread_local std::vector<BackrefDecl> found;
    found.clear();
    for (const Entity& e : entities)
      for (const Relationship& r : e.relationships)
        if (r.backref == attribute) found.push_back(BackrefDecl{&e, &r});
    return found;
  }
  auto it = entity_index_->by_backref.find(attribute);
  return it == entity_index_->by_backref.end() ? kNone : it->second;
}

bool has_directory(std::string_view path, std::initializer_list<std::string_view> dirs) {
  std::size_t start = 0;
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', start)) {
    const std::string_view component = path.substr(start, slash - start);
    for (std::string_view dir : dirs)
      if (component == dir) return true;
    start = slash + 1;
  }
  return false;
}

bool is_test_path(std::string_view path) {
  if (has_directory(path, {"tests", "test"})) return true;
  const auto slash = path.rfind('/');
  std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return file.starts_with("test_") || file.ends_with("_test.py") || file == "conftest.py";
}

}  // namespace archverify::model
