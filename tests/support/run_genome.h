// Test support: the genome a fixture runs with (its archverify.yaml, if any).
// Errors of the genome file are returned as messages (they fail the fixture).
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/repo_model.h"

namespace archverify::genome { struct Genome; }

namespace archverify::testing {

struct GenomeForTest {
  std::shared_ptr<const genome::Genome> genome;
  std::vector<std::string> errors;
  const genome::Genome* get() const { return genome.get(); }
};

GenomeForTest load_fixture_genome(const std::filesystem::path& dir);
GenomeForTest load_fixture_genome(const std::filesystem::path& dir, const model::RepoModel& model);

}  // namespace archverify::testing
