// archverify entry point: parse the command line, run the command, map the
// outcome to an exit code (0 pass, 1 gate failed, 2 usage/config, 3 internal).
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "analyzer/cli/allocator_policy.h"
#include "analyzer/cli/commands.h"

namespace archverify::cli {

Expected<pipeline::Analysis> analyze(const CliOptions& options) {
  pipeline::AnalyzeOptions a;
  a.jobs = options.jobs;
  a.walk.exclude = options.exclude;
  a.walk.max_file_bytes = options.max_file_size;
  a.walk.use_gitignore = !options.no_gitignore;
  a.use_cache = !options.no_cache;
  if (!options.cache_dir.empty()) a.cache_dir = options.cache_dir;
  a.on_extracted = shorten_freed_memory_delay;
  return pipeline::analyze_repository(options.path, a);
}

namespace {
int dispatch(const CliOptions& o) {
  switch (o.command) {
    case Command::Inspect: return run_inspect(o);
    case Command::Check: return run_check(o);
    case Command::Rules: return run_rules_list(o);
    case Command::BaselineCreate: return run_baseline_create(o);
    case Command::Config: return run_config(o);
    case Command::Explain: return run_explain(o);
    case Command::Completion: return run_completion(o);
    case Command::Init: return run_init(o);
    default:
      std::cerr << "archverify: this command is not available yet in this build\n";
      return 2;
  }
}
}  // namespace

}  // namespace archverify::cli

int main(int argc, char** argv) {
  auto parsed = archverify::cli::parse_command_line(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  try {
    const int status = archverify::cli::dispatch(*parsed.options);
    // Whatever a command printed: a full disk or a closed standard output
    // must not pass for success (check already reported its own reports).
    errno = 0;
    if (!std::cout.flush()) {
      archverify::cli::print_cannot_write("to standard output", errno);
      return status >= 2 ? status : 2;
    }
    return status;
  } catch (const std::exception& e) {
    std::cerr << "archverify: internal error: " << e.what() << "\n";
    return 3;
  }
}
