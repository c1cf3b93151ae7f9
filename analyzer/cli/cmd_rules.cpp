// `archverify rules` (the catalogue) and `archverify explain CODE` (one rule's docs).
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/engine/rule_selection.h"
#include "rules/all_rules.h"

namespace archverify::cli {

int run_rules_list(const CliOptions& options) {
  auto rules = rules::make_all_rules();
  if (options.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : rules) {
      const RuleMeta& m = r->meta();
      out.push_back({{"code", m.id}, {"name", m.name}, {"category", to_string(m.category)},
                     {"severity", to_string(m.default_severity)}, {"summary", m.summary}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& r : rules) {
    const RuleMeta& m = r->meta();
    std::cout << std::left << std::setw(10) << m.id << std::setw(32) << m.name << std::setw(13) << to_string(m.category)
              << std::setw(10) << to_string(m.default_severity) << m.summary << "\n";
  }
  return 0;
}

int run_explain(const CliOptions& options) {
  auto rules = rules::make_all_rules();
  std::vector<const RuleMeta*> metas;
  for (const auto& r : rules) {
    const RuleMeta& m = r->meta();
    metas.push_back(&m);
    std::string code = options.rule_code;
    for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (code == m.id || options.rule_code == m.name) {
      std::cout << "# " << m.id << " " << m.name << "\n\n"
                << m.summary << ".\n\nCategory: " << to_string(m.category) << ". Default severity: " << to_string(m.default_severity)
                << ".\n" << m.docs;
      return 0;
    }
  }
  std::cerr << "archverify: unknown rule '" << options.rule_code << "'";
  if (std::string s = engine::suggest_rule(metas, options.rule_code); !s.empty()) std::cerr << "; did you mean '" << s << "'?";
  std::cerr << " (run 'archverify rules' for the list)\n";
  return 2;
}

}  // namespace archverify::cli
