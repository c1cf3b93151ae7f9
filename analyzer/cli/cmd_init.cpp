// `archverify init [PATH] [--output FILE] [--force]`: infers a genome from the
// code and writes it (default PATH/archverify.yaml). Refuses to overwrite an
// existing file without --force; checks that the text loads back before
// writing it.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/cli/commands.h"
#include "analyzer/genome/genome_inference.h"
#include "analyzer/genome/genome_loader.h"
#include "analyzer/genome/genome_writer.h"

namespace archverify::cli {

namespace fs = std::filesystem;

int run_init(const CliOptions& options) {
  const fs::path out = options.output_file.empty() ? fs::path(options.path) / "archverify.yaml" : fs::path(options.output_file);
  std::error_code ec;
  if (fs::exists(out, ec) && !options.force) {
    std::cerr << "archverify: " << out.string() << " already exists; pass --force to overwrite it (or --output FILE)\n";
    return 2;
  }
  auto analysis = analyze(options);
  if (!analysis) {
    std::cerr << "archverify: " << analysis.error().message << "\n";
    return 2;
  }
  const genome::InferredGenome inferred = genome::infer_genome(*analysis->model);
  const std::string text = genome::write_genome_yaml(inferred);
  genome::GenomeLoad check = genome::parse_genome(text, out.filename().string());
  if (!check.genome) {
    std::cerr << "archverify: internal error: the inferred genome does not load back:\n";
    for (const Diagnostic& d : check.diagnostics) std::cerr << "  " << genome::format_diagnostic(d) << "\n";
    return 3;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!file || !(file << text) || !file.flush()) {
    std::cerr << "archverify: cannot write " << out.string() << "\n";
    return 2;
  }
  if (!options.quiet) {
    std::cerr << "archverify: wrote " << out.string() << " (" << inferred.entities.size() << " entities, ";
    if (inferred.tenancy) std::cerr << "tenant key " << inferred.tenancy->key.column << " (guessed), ";
    else std::cerr << "no tenant key, ";
    std::cerr << inferred.public_routes.size() << " public routes of " << inferred.routes_total
              << "); review the lines marked \"# guessed:\"\n";
  }
  return 0;
}

}  // namespace archverify::cli
