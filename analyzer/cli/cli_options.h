// CliOptions: the command line as plain data (ripgrep's "low-level args").
// parse_command_line fills it with CLI11 and does no I/O beyond printing help
// and version; everything else receives the resolved values.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace archverify::cli {

enum class Command { Check, Inspect, Rules, Explain, Init, Config, BaselineCreate, Completion };

struct OutputSpec {
  std::string format;  // text | json | sarif | github
  std::string path;    // "" or "-" = stdout
};

struct CliOptions {
  Command command = Command::Check;
  std::string path = ".";
  // walk / extraction
  unsigned jobs = 0;
  std::vector<std::string> exclude;
  std::uint64_t max_file_size = 2u << 20;
  bool no_gitignore = false;
  bool quiet = false;
  bool parse_only = false;  // benchmark baseline: read + tree-sitter parse only
  std::string cache_dir;    // "" = PATH/.archverify_cache
  bool no_cache = false;
  // inspect / rules / config
  bool json = false;
  // check
  std::optional<std::string> genome;
  std::vector<OutputSpec> outputs;
  std::optional<double> threshold;
  std::optional<std::string> fail_on;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::optional<std::string> baseline;
  std::string color = "auto";  // auto | always | never
  bool include_run_metadata = false;
  bool timings = false;  // print phase timings to stderr
  // explain / init / baseline / completion
  std::string rule_code;
  std::string output_file;
  bool force = false;
  std::string shell = "bash";
};

struct ParseOutcome {
  std::optional<CliOptions> options;  // set when the program should run
  int exit_code = 0;                  // otherwise: exit with this (help/version: 0, usage error: 2)
};

ParseOutcome parse_command_line(int argc, char** argv);

}  // namespace archverify::cli
