// RepoModel lookups.
#include "analyzer/model/repo_model.h"
#include "analyzer/model/test_paths.h"

#include <algorithm>

namespace archverify::model {

std::uint32_t RepoModel::file_index(std::string_view path) const {
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const FileFacts& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return kNoIndex;
  return static_cast<std::uint32_t>(it - files.begin());
}

bool is_test_path(std::string_view path) {
  std::string p = "/" + std::string(path);
  if (p.find("/tests/") != std::string::npos || p.find("/test/") != std::string::npos) return true;
  std::string_view file = std::string_view(p).substr(p.rfind('/') + 1);
  return file.starts_with("test_") || file.ends_with("_test.py") || file == "conftest.py";
}

}  // namespace archverify::model
