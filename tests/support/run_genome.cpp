// Test support: fixture genome loading (see run_genome.h). Uses the real
// loader, so a fixture genome with mistakes fails the fixture with its messages.
#include "tests/support/run_genome.h"

#include "analyzer/genome/genome_loader.h"

namespace archverify::testing {

GenomeForTest load_fixture_genome(const std::filesystem::path& dir, const model::RepoModel&) {
  return load_fixture_genome(dir);
}

GenomeForTest load_fixture_genome(const std::filesystem::path& dir) {
  GenomeForTest g;
  std::filesystem::path file = dir / "archverify.yaml";
  if (!std::filesystem::exists(file)) return g;
  genome::GenomeLoad load = genome::load_genome(file, "archverify.yaml");
  for (const Diagnostic& d : load.diagnostics)
    if (d.kind == DiagnosticKind::ConfigError) g.errors.push_back(genome::format_diagnostic(d));
  if (load.genome) g.genome = std::make_shared<const genome::Genome>(std::move(*load.genome));
  return g;
}

}  // namespace archverify::testing
