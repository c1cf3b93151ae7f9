// Precedence resolution (CLI > pyproject.toml > genome quality > defaults) and rendering.
#include "analyzer/genome/effective_config.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <type_traits>

#include <nlohmann/json.hpp>

namespace archverify::genome {

namespace {

ConfigSource from_cli() { return {ConfigOrigin::Cli, {}}; }
ConfigSource from_file(ConfigOrigin origin, const SourceRange& where) { return {origin, where}; }

// `py` and `gen` are pointers to Located values or nullptr (no such setting there).
template <typename T, typename PyP, typename GenP>
Sourced<T> pick(const std::optional<T>& cli, PyP py, GenP gen, T fallback) {
  if (cli) return {*cli, from_cli()};
  if constexpr (!std::is_null_pointer_v<PyP>)
    if (py) return {py->value, from_file(ConfigOrigin::Pyproject, py->where)};
  if constexpr (!std::is_null_pointer_v<GenP>)
    if (gen) return {gen->value, from_file(ConfigOrigin::Genome, gen->where)};
  return {std::move(fallback), {}};
}

std::vector<std::string> glob_texts(const std::vector<GlobPattern>& globs) {
  std::vector<std::string> out;
  for (const auto& g : globs) out.push_back(g.glob.pattern());
  return out;
}

std::string number_text(double v) {
  if (std::floor(v) == v && std::abs(v) < 1e12) return std::to_string(static_cast<long long>(v));
  std::ostringstream s;
  s << v;
  return s.str();
}

std::string severity_text(const std::optional<Severity>& s, std::string_view none) {
  return s ? std::string(to_string(*s)) : std::string(none);
}

std::string list_text(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", \"" : "\"") + v[i] + "\"";
  return out + "]";
}

}  // namespace

std::string ConfigSource::describe() const {
  switch (origin) {
    case ConfigOrigin::Cli: return "cli";
    case ConfigOrigin::Default: return "default";
    case ConfigOrigin::Pyproject:
    case ConfigOrigin::Genome: {
      std::string out = where.path;
      if (where.begin.line > 0) out += ":" + std::to_string(where.begin.line);
      return out;
    }
  }
  return "default";
}

EffectiveConfig resolve_config(const CliConfig& cli, const PyprojectConfig* py, const Genome* genome,
                               const ConfigDefaults& defaults) {
  EffectiveConfig out;
  const Quality* q = genome ? &genome->quality : nullptr;

  out.genome = pick(cli.genome, py && py->genome ? &*py->genome : nullptr, nullptr, defaults.genome);
  out.threshold = pick(cli.threshold, py && py->threshold ? &*py->threshold : nullptr,
                       q && q->threshold ? &*q->threshold : nullptr, defaults.threshold);
  out.jobs = pick(cli.jobs, py && py->jobs ? &*py->jobs : nullptr, nullptr, defaults.jobs);
  out.fail_on = pick(cli.fail_on, py && py->fail_on ? &*py->fail_on : nullptr,
                     q && q->fail_on ? &*q->fail_on : nullptr, defaults.fail_on);
  out.select = pick(cli.select, py && py->select ? &*py->select : nullptr, nullptr, std::vector<std::string>{});
  out.ignore = pick(cli.ignore, py && py->ignore ? &*py->ignore : nullptr, nullptr, std::vector<std::string>{});

  if (cli.exclude) out.exclude = {*cli.exclude, from_cli()};
  else if (py && py->exclude) out.exclude = {glob_texts(py->exclude->value), from_file(ConfigOrigin::Pyproject, py->exclude->where)};
  else if (q && !q->exclude.empty()) out.exclude = {glob_texts(q->exclude), from_file(ConfigOrigin::Genome, q->exclude.front().where)};

  for (std::size_t i = 0; i < kAllCategories.size(); ++i) {
    out.weights[i] = {defaults.weights[i], {}};
    if (!q) continue;
    for (const CategoryWeight& w : q->weights)
      if (w.category == kAllCategories[i]) out.weights[i] = {w.weight, from_file(ConfigOrigin::Genome, w.where)};
  }
  if (q) {
    for (const RuleSetting& r : q->rules)
      out.rules.push_back({r.rule_id, r.severity, from_file(ConfigOrigin::Genome, r.where)});
    std::sort(out.rules.begin(), out.rules.end(),
              [](const auto& a, const auto& b) { return a.rule_id < b.rule_id; });
  }
  return out;
}

void render_config_text(const EffectiveConfig& c, std::ostream& out) {
  std::vector<std::pair<std::string, std::pair<std::string, std::string>>> rows = {
      {"genome", {"\"" + c.genome.value + "\"", c.genome.source.describe()}},
      {"threshold", {number_text(c.threshold.value), c.threshold.source.describe()}},
      {"fail_on", {severity_text(c.fail_on.value, "none"), c.fail_on.source.describe()}},
      {"jobs", {std::to_string(c.jobs.value), c.jobs.source.describe()}},
      {"exclude", {list_text(c.exclude.value), c.exclude.source.describe()}},
      {"select", {c.select.value.empty() ? "[] (every rule)" : list_text(c.select.value), c.select.source.describe()}},
      {"ignore", {list_text(c.ignore.value), c.ignore.source.describe()}},
  };
  for (std::size_t i = 0; i < kAllCategories.size(); ++i)
    rows.push_back({"weights." + std::string(to_string(kAllCategories[i])),
                    {number_text(c.weights[i].value), c.weights[i].source.describe()}});
  for (const auto& r : c.rules)
    rows.push_back({"rules." + r.rule_id, {severity_text(r.severity, "off"), r.source.describe()}});
  std::size_t name_w = 0, value_w = 0;
  for (const auto& [name, vs] : rows) {
    name_w = std::max(name_w, name.size());
    value_w = std::max(value_w, vs.first.size());
  }
  for (const auto& [name, vs] : rows)
    out << name << std::string(name_w - name.size(), ' ') << " = " << vs.first
        << std::string(value_w - vs.first.size(), ' ') << "  # " << vs.second << "\n";
}

std::string render_config_json(const EffectiveConfig& c) {
  using Json = nlohmann::ordered_json;
  auto entry = [](Json value, const ConfigSource& s) { return Json{{"value", std::move(value)}, {"source", s.describe()}}; };
  auto sev = [](const std::optional<Severity>& s, const char* none) { return Json(s ? std::string(to_string(*s)) : none); };
  auto number = [](double v) { return std::floor(v) == v && std::abs(v) < 1e12 ? Json(static_cast<long long>(v)) : Json(v); };
  Json j;
  j["genome"] = entry(c.genome.value, c.genome.source);
  j["threshold"] = entry(number(c.threshold.value), c.threshold.source);
  j["fail_on"] = entry(sev(c.fail_on.value, "none"), c.fail_on.source);
  j["jobs"] = entry(c.jobs.value, c.jobs.source);
  j["exclude"] = entry(c.exclude.value, c.exclude.source);
  j["select"] = entry(c.select.value, c.select.source);
  j["ignore"] = entry(c.ignore.value, c.ignore.source);
  Json weights = Json::object();
  for (std::size_t i = 0; i < kAllCategories.size(); ++i)
    weights[std::string(to_string(kAllCategories[i]))] = entry(number(c.weights[i].value), c.weights[i].source);
  j["weights"] = weights;
  Json rules = Json::object();
  for (const auto& r : c.rules) rules[r.rule_id] = entry(sev(r.severity, "off"), r.source);
  j["rules"] = rules;
  return j.dump(2);
}

}  // namespace archverify::genome
