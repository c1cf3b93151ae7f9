// Resolving the command line against pyproject.toml and the genome.
#include "analyzer/cli/run_config.h"

#include <iostream>
#include <thread>

#include "analyzer/document/document.h"
#include "analyzer/genome/genome_loader.h"
#include "analyzer/genome/pyproject_config.h"

namespace fs = std::filesystem;

namespace archverify::cli {

RunConfigResult resolve_run_config(const CliOptions& o, bool cache_documents) {
  RunConfigResult result;
  RunConfig rc;
  rc.root = o.path;
  std::error_code ec;
  if (!fs::is_directory(rc.root, ec)) {
    result.errors.push_back(fs::exists(rc.root, ec) ? "not a directory: " + o.path : "path does not exist: " + o.path);
    return result;
  }

  // pyproject.toml [tool.archverify]
  std::optional<genome::PyprojectConfig> pyproject;
  if (fs::path py = rc.root / "pyproject.toml"; fs::exists(py, ec)) {
    genome::PyprojectLoad load = genome::load_pyproject(py, "pyproject.toml");
    for (const Diagnostic& d : load.diagnostics) {
      if (d.kind == DiagnosticKind::ConfigError) result.errors.push_back(genome::format_diagnostic(d));
      else rc.warnings.push_back(d);
    }
    pyproject = std::move(load.config);
  }

  // The facts cache (the genome's parsed tree is kept there too).
  rc.analyze.use_cache = !o.no_cache;
  if (!o.cache_dir.empty()) rc.analyze.cache_dir = o.cache_dir;

  // The genome: --genome > pyproject genome > archverify.yaml at the root (optional).
  bool explicit_genome = o.genome.has_value() || (pyproject && pyproject->genome);
  fs::path genome_file;
  if (o.genome) {
    genome_file = *o.genome;
    rc.genome_display = *o.genome;
  } else if (pyproject && pyproject->genome) {
    genome_file = rc.root / pyproject->genome->value;
    rc.genome_display = pyproject->genome->value;
  } else {
    for (const char* name : {"archverify.yaml", "archverify.yml", "archverify.json"})
      if (fs::exists(rc.root / name, ec)) {
        genome_file = rc.root / name;
        rc.genome_display = name;
        break;
      }
  }
  if (!genome_file.empty()) {
    if (!fs::exists(genome_file, ec)) {
      if (explicit_genome) result.errors.push_back(rc.genome_display + ": genome file not found");
    } else {
      std::unique_ptr<document::TreeMemo> memo;
      if (cache_documents) memo = pipeline::open_document_memo(rc.root, rc.analyze);
      genome::GenomeLoad load = genome::load_genome(genome_file, rc.genome_display, memo.get());
      for (const Diagnostic& d : load.diagnostics) {
        if (d.kind == DiagnosticKind::ConfigError) result.errors.push_back(genome::format_diagnostic(d));
        else rc.warnings.push_back(d);
      }
      rc.genome = std::move(load.genome);
    }
  }

  genome::CliConfig cli;
  cli.genome = o.genome;
  cli.threshold = o.threshold;
  if (!o.exclude.empty()) cli.exclude = o.exclude;
  if (!o.select.empty()) cli.select = o.select;
  if (!o.ignore.empty()) cli.ignore = o.ignore;
  if (o.jobs) cli.jobs = static_cast<int>(o.jobs);
  if (o.fail_on) cli.fail_on = parse_severity(*o.fail_on);
  genome::ConfigDefaults defaults;
  defaults.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  rc.effective = genome::resolve_config(cli, pyproject ? &*pyproject : nullptr, rc.genome ? &*rc.genome : nullptr, defaults);

  rc.analyze.jobs = static_cast<unsigned>(std::max(1, rc.effective.jobs.value));
  rc.analyze.walk.exclude = rc.effective.exclude.value;
  rc.analyze.walk.max_file_bytes = o.max_file_size;
  rc.analyze.walk.use_gitignore = !o.no_gitignore;
  if (rc.genome && rc.genome->openapi && rc.genome->openapi->path) rc.analyze.spec_path = rc.genome->openapi->path->value;
  else if (rc.genome && rc.genome->layout.spec) rc.analyze.spec_path = rc.genome->layout.spec->value;

  if (result.errors.empty()) result.config = std::move(rc);
  return result;
}

int report_config_errors(const std::vector<std::string>& errors) {
  for (const std::string& e : errors) std::cerr << e << "\n";
  std::cerr << "archverify: " << errors.size() << " configuration error" << (errors.size() == 1 ? "" : "s")
            << "; nothing was analysed\n";
  return 2;
}

}  // namespace archverify::cli
