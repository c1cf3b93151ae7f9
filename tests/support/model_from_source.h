// Test support: builds a RepoModel from in-memory Python sources, as the real
// pipeline would from a directory (same lowering, same resolve order).
#pragma once
#include <map>
#include <memory>
#include <string>

#include "analyzer/model/repo_model.h"

namespace archverify::testing {

// path → source. Paths are repo-relative ("app/models.py"). `jobs` as build_model's.
std::unique_ptr<model::RepoModel> model_from_sources(const std::map<std::string, std::string>& sources,
                                                     unsigned jobs = 1);
std::unique_ptr<model::RepoModel> model_from_source(const std::string& path, const std::string& source);

}  // namespace archverify::testing

namespace archverify::testing {
// The model of a directory through the real pipeline (walk, parallel extract,
// build_model); nullptr when the directory cannot be walked.
std::unique_ptr<model::RepoModel> model_from_directory(const std::string& root);
}  // namespace archverify::testing
