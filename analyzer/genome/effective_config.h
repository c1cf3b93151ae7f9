// The effective configuration: each setting resolved from the command line,
// [tool.archverify] in pyproject.toml, the genome's `quality` section and the
// defaults — in that order of precedence, the first that says something wins
// outright (lists are replaced, not merged) — together with where it came from
// (`cli`, `pyproject.toml:LINE`, `archverify.yaml:LINE`, `default`).
// `archverify config` renders it as text or JSON. It deliberately does not
// read files: callers load the pyproject and genome and pass what they got.
#pragma once
#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/category.h"
#include "analyzer/core/severity.h"
#include "analyzer/genome/genome.h"
#include "analyzer/genome/pyproject_config.h"

namespace archverify::genome {

enum class ConfigOrigin { Cli, Pyproject, Genome, Default };

struct ConfigSource {
  ConfigOrigin origin = ConfigOrigin::Default;
  SourceRange where;        // the file and line for Pyproject/Genome
  std::string describe() const;  // "cli", "pyproject.toml:12", "archverify.yaml:40", "default"
};

template <typename T>
struct Sourced {
  T value{};
  ConfigSource source;
};

// What the command line said; every value optional.
struct CliConfig {
  std::optional<std::string> genome;
  std::optional<double> threshold;
  std::optional<std::vector<std::string>> exclude;
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::optional<int> jobs;
  std::optional<std::optional<Severity>> fail_on;  // inner nullopt = "none"
};

// The values used when nobody says anything (PRODUCT.md §4). The engine may
// pass its own (the number of cores for jobs).
struct ConfigDefaults {
  std::string genome = "archverify.yaml";
  double threshold = 80;
  int jobs = 1;
  std::optional<Severity> fail_on;  // none
  std::array<double, 7> weights = {25, 20, 15, 15, 10, 10, 5};  // in kAllCategories order
};

struct EffectiveConfig {
  Sourced<std::string> genome;
  Sourced<double> threshold;
  Sourced<std::vector<std::string>> exclude;
  Sourced<std::vector<std::string>> select;   // empty = every rule
  Sourced<std::vector<std::string>> ignore;
  Sourced<int> jobs;
  Sourced<std::optional<Severity>> fail_on;
  std::array<Sourced<double>, 7> weights;     // in kAllCategories order
  struct RuleOverride {
    std::string rule_id;
    std::optional<Severity> severity;  // nullopt = off
    ConfigSource source;
  };
  std::vector<RuleOverride> rules;            // from the genome, sorted by rule id
};

EffectiveConfig resolve_config(const CliConfig& cli, const PyprojectConfig* pyproject, const Genome* genome,
                               const ConfigDefaults& defaults = {});

// `archverify config`: one `name = value  # source` line per setting.
void render_config_text(const EffectiveConfig& config, std::ostream& out);
// {"genome": {"value": …, "source": "default"}, …, "weights": {...}, "rules": {...}}, stable key order.
std::string render_config_json(const EffectiveConfig& config);

}  // namespace archverify::genome
