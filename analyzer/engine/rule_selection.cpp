// Rule selection and severity overrides (see rule_selection.h).
#include "analyzer/engine/rule_selection.h"

#include <algorithm>

#include "analyzer/engine/rule.h"

namespace archverify::engine {

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t sub = prev[j - 1] + (std::toupper(static_cast<unsigned char>(a[i - 1])) == std::toupper(static_cast<unsigned char>(b[j - 1])) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Does `word` (code, prefix or name) denote rule `m`?
bool denotes(const RuleMeta& m, const std::string& word) {
  std::string w = upper(word);
  if (w == "ALL") return true;
  if (word == m.name) return true;
  std::string id(m.id);
  return id.compare(0, w.size(), w) == 0;  // exact code or prefix ("TEN", "TEN00")
}

}  // namespace

std::string suggest_rule(const std::vector<const RuleMeta*>& known, const std::string& word) {
  std::string best;
  std::size_t best_d = 3;
  for (const RuleMeta* m : known) {
    for (std::string cand : {std::string(m->id), std::string(m->name)}) {
      std::size_t d = edit_distance(word, cand);
      if (d < best_d) { best_d = d; best = cand; }
    }
  }
  return best;
}

Expected<std::vector<SelectedRule>> select_rules(const std::vector<std::unique_ptr<Rule>>& rules,
                                                 const SelectionRequest& request) {
  std::vector<const RuleMeta*> metas;
  for (const auto& r : rules) metas.push_back(&r->meta());
  auto check_known = [&](const std::string& word, const char* where) -> std::optional<Error> {
    for (const RuleMeta* m : metas)
      if (denotes(*m, word)) return std::nullopt;
    std::string msg = std::string("unknown rule '") + word + "' in " + where;
    if (std::string s = suggest_rule(metas, word); !s.empty()) msg += "; did you mean '" + s + "'?";
    msg += " (run 'archverify rules' for the list)";
    return Error{msg};
  };
  for (const auto& w : request.select) if (auto e = check_known(w, "--select")) return *e;
  for (const auto& w : request.ignore) if (auto e = check_known(w, "--ignore")) return *e;
  for (const auto& [w, v] : request.overrides) {
    if (auto e = check_known(w, "the genome's quality.rules")) return *e;
    if (v != "off" && !parse_severity(v)) return Error{"quality.rules." + w + ": '" + v + "' is not off, low, medium, high or critical"};
  }
  std::vector<SelectedRule> out;
  for (const auto& r : rules) {
    const RuleMeta& m = r->meta();
    bool selected = request.select.empty() ||
                    std::any_of(request.select.begin(), request.select.end(), [&](const std::string& w) { return denotes(m, w); });
    bool ignored = std::any_of(request.ignore.begin(), request.ignore.end(), [&](const std::string& w) { return denotes(m, w); });
    if (!selected || ignored) continue;
    Severity sev = m.default_severity;
    bool off = false;
    for (const auto& [w, v] : request.overrides) {
      if (!denotes(m, w)) continue;
      if (v == "off") off = true;
      else sev = *parse_severity(v);
    }
    if (off) continue;
    out.push_back(SelectedRule{r.get(), sev});
  }
  std::sort(out.begin(), out.end(), [](const SelectedRule& a, const SelectedRule& b) { return a.rule->meta().id < b.rule->meta().id; });
  return out;
}

}  // namespace archverify::engine
