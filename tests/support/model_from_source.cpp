// Test support: RepoModel from in-memory sources.
#include "tests/support/model_from_source.h"

#include "analyzer/extract/lower_python.h"
#include "analyzer/resolve/build_model.h"

namespace archverify::testing {

std::unique_ptr<model::RepoModel> model_from_sources(const std::map<std::string, std::string>& sources,
                                                     unsigned jobs) {
  std::vector<model::FileFacts> files;
  for (const auto& [path, src] : sources) files.push_back(extract::lower_python_source(path, src));
  return resolve::build_model("test", std::move(files), jobs);  // std::map keeps path order
}

std::unique_ptr<model::RepoModel> model_from_source(const std::string& path, const std::string& source) {
  return model_from_sources({{path, source}});
}

}  // namespace archverify::testing

#include "analyzer/discover/repo_walker.h"
#include "analyzer/extract/extract_files.h"

namespace archverify::testing {

std::unique_ptr<model::RepoModel> model_from_directory(const std::string& root) {
  auto walk = discover::walk_repository(root, discover::WalkOptions{});
  if (!walk) return nullptr;
  auto extracted = extract::extract_files(walk->python_files, 2);
  return resolve::build_model(walk->root.filename().string(), std::move(extracted.files));
}

}  // namespace archverify::testing
