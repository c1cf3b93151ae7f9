// Command-line definition (CLI11): subcommands, options, help text with examples.
#include "analyzer/cli/cli_options.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "archverify_version.h"

namespace archverify::cli {

namespace {

void add_walk_options(CLI::App& app, CliOptions& o) {
  app.add_option("--jobs,-j", o.jobs, "Worker threads for parsing, model building and rules (default: number of cores)")->check(CLI::Range(0u, 1024u));
  app.add_option("--exclude", o.exclude, "Glob of paths to skip, gitignore syntax (repeatable), e.g. --exclude 'scripts/**'");
  app.add_option("--max-file-size", o.max_file_size, "Skip Python files larger than this many bytes (default 2097152; OpenAPI documents are read up to 32 MiB)");
  app.add_flag("--no-gitignore", o.no_gitignore, "Do not honour .gitignore files");
  app.add_flag("--quiet,-q", o.quiet, "No progress output");
  app.add_option("--cache-dir", o.cache_dir,
                 "Per-file facts cache folder (default: .archverify_cache at the repository root; "
                 "also read from ARCHVERIFY_CACHE_DIR)")
      ->envname("ARCHVERIFY_CACHE_DIR");
  app.add_flag("--no-cache", o.no_cache, "Neither read nor write the facts cache (parse every file)");
}

}  // namespace

ParseOutcome parse_command_line(int argc, char** argv) {
  CliOptions o;
  CLI::App app{
      "archverify: architecture drift and quality gate for FastAPI/Flask + SQLAlchemy back ends.\n"
      "Checks a repository against its genome (archverify.yaml) and answers with a 0-100 score,\n"
      "findings and a pass/fail gate.\n\n"
      "Examples:\n"
      "  archverify ./repo                          analyse, print findings and the score card\n"
      "  archverify ./repo --format sarif --output report.sarif --format json --output report.json\n"
      "  archverify inspect ./repo --json           print the symbol model\n"
      "  archverify explain TEN001                  documentation of a rule\n\n"
      "Exit codes: 0 gate passed, 1 gate failed, 2 usage/config/genome error, 3 internal error.",
      "archverify"};
  app.set_version_flag("--version", std::string("archverify ") + kToolVersion + " (" + kGrammarVersion + ")");
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  // Default command (check) options live on the main app.
  std::vector<std::string> formats, output_paths;
  app.add_option("path", o.path, "Repository to analyse (default: current directory)");
  add_walk_options(app, o);
  app.add_option("--genome", o.genome, "Genome file (default: archverify.yaml at the repository root)");
  app.add_option("--format,-f", formats, "Report format: text, json, sarif, github (repeatable, pairs with --output)")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  app.add_option("--output,-o", output_paths, "Write the report of the matching --format here (default: stdout)");
  app.add_option("--threshold", o.threshold, "Minimum score to pass the gate, 0-100 (default 80)")->check(CLI::Range(0.0, 100.0));
  app.add_option("--fail-on", o.fail_on, "Fail the gate on any finding at or above this severity")
      ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
  app.add_option("--select", o.select, "Run only these rule codes or prefixes (comma separated or repeated)")->delimiter(',');
  app.add_option("--ignore", o.ignore, "Do not run these rule codes or prefixes")->delimiter(',');
  app.add_option("--baseline", o.baseline, "Baseline file: only findings not in it count for the score and gate");
  app.add_option("--color", o.color, "Colour in text output: auto, always, never (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_flag("--parse-only", o.parse_only, "Benchmark baseline: only read and parse the files (tree-sitter), print counts")
      ->group("Benchmarking");
  app.add_flag("--timings", o.timings, "Print how long each phase took (walk, extraction, model builders, rules, reports) and how many files came from the cache, to stderr");
  app.add_flag("--include-run-metadata", o.include_run_metadata, "Add duration and absolute root to JSON/SARIF (breaks byte-identical output)");

  CLI::App* inspect = app.add_subcommand("inspect", "Print the symbol model: files, parse errors, entities, routes, queries, cookies, migrations, spec operations");
  inspect->add_option("path", o.path, "Repository to inspect");
  inspect->add_flag("--json", o.json, "JSON output (documented, stable shape: docs/inspect.md)");
  add_walk_options(*inspect, o);
  inspect->footer("Example: archverify inspect ./repo --json | jq '.routes[] | .method + \" \" + .path'");

  CLI::App* rules = app.add_subcommand("rules", "List every rule: code, name, category, severity, summary");
  rules->add_flag("--json", o.json, "JSON output");

  CLI::App* explain = app.add_subcommand("explain", "Print a rule's documentation");
  explain->add_option("code", o.rule_code, "Rule code or name, e.g. TEN001 or unscoped-tenant-query")->required();

  CLI::App* init = app.add_subcommand("init", "Infer a genome from the code and write it as a starting point");
  init->add_option("path", o.path, "Repository");
  init->add_option("--output,-o", o.output_file, "Where to write (default: PATH/archverify.yaml)");
  init->add_flag("--force", o.force, "Overwrite an existing file");
  add_walk_options(*init, o);

  CLI::App* config = app.add_subcommand("config", "Print the effective configuration and where each value came from");
  config->add_option("path", o.path, "Repository");
  config->add_option("--genome", o.genome, "Genome file");
  config->add_flag("--json", o.json, "JSON output");

  CLI::App* baseline = app.add_subcommand("baseline", "Manage baselines");
  baseline->require_subcommand(1);
  CLI::App* create = baseline->add_subcommand("create", "Record today's findings so that only new ones count");
  create->add_option("path", o.path, "Repository");
  create->add_option("--output,-o", o.output_file, "Baseline file (default: .archverify-baseline.json)");
  create->add_option("--genome", o.genome, "Genome file");
  add_walk_options(*create, o);

  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script");
  completion->add_option("shell", o.shell, "bash")->check(CLI::IsMember({"bash"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return ParseOutcome{std::nullopt, app.exit(e)};
  } catch (const CLI::ParseError& e) {
    std::cerr << "archverify: " << e.what() << "\nRun 'archverify --help' for usage.\n";
    return ParseOutcome{std::nullopt, 2};
  }
  if (*inspect) o.command = Command::Inspect;
  else if (*rules) o.command = Command::Rules;
  else if (*explain) o.command = Command::Explain;
  else if (*init) o.command = Command::Init;
  else if (*config) o.command = Command::Config;
  else if (*create) o.command = Command::BaselineCreate;
  else if (*completion) o.command = Command::Completion;

  if (!output_paths.empty() && output_paths.size() != formats.size()) {
    std::cerr << "archverify: each --output needs a --format before it (got " << formats.size() << " --format and "
              << output_paths.size() << " --output)\n";
    return ParseOutcome{std::nullopt, 2};
  }
  for (std::size_t i = 0; i < formats.size(); ++i)
    o.outputs.push_back(OutputSpec{formats[i], i < output_paths.size() ? output_paths[i] : ""});
  return ParseOutcome{std::move(o), 0};
}

}  // namespace archverify::cli
