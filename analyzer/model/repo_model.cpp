// RepoModel lookups.
#include "analyzer/model/repo_model.h"

#include <algorithm>

namespace archverify::model {

std::uint32_t RepoModel::file_index(std::string_view path) const {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const FileFacts& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return kNoIndex;
  return static_cast<std::uint32_t>(it - files.begin());
}

}  // namespace archverify::model
