// Suppression comments: parsing, matching to findings, and their own hygiene
// findings (see suppressions.h).
#include "analyzer/engine/suppressions.h"

#include <algorithm>
#include <map>

namespace archverify::engine {

namespace {

constexpr std::string_view kDocsNoReason = R"md(
## What it does
Flags `# archverify: ignore[CODE]` comments that give no reason.

## Why is this bad?
A suppression hides a finding from the score and the gate. Without a reason the
next reader cannot tell an accepted risk from a silenced bug, and a reviewer
cannot challenge it.

## Example
    rows = db.query(Invoice).all()  # archverify: ignore[TEN001]

## Use instead
    rows = db.query(Invoice).all()  # archverify: ignore[TEN001] nightly billing job reads all tenants
)md";

constexpr std::string_view kDocsUnknown = R"md(
## What it does
Flags suppression comments that name a rule archverify does not have.

## Why is this bad?
A misspelt code suppresses nothing, so the finding it was meant for still counts,
and the comment misleads readers into thinking it is handled.

## Example
    q = select(Project)  # archverify: ignore[TEN01] admin view

## Use instead
    q = select(Project)  # archverify: ignore[TEN001] admin view
)md";

constexpr std::string_view kDocsUnused = R"md(
## What it does
Flags suppression comments that no longer suppress any finding.

## Why is this bad?
Stale suppressions accumulate, and one day they silently hide a new finding on
the same line that nobody reviewed.

## Example
    q = select(Project).where(Project.workspace_id == ws)  # archverify: ignore[TEN001] legacy

## Use instead
    q = select(Project).where(Project.workspace_id == ws)
)md";

constexpr std::string_view kTags[] = {"maintainability"};

const RuleMeta kNoReason{"SUP001", "suppression-without-reason", Category::Hygiene, Severity::Low,
                         "Suppression comment gives no reason", kDocsNoReason, Maturity::Stable, kTags};
const RuleMeta kUnknown{"SUP002", "suppression-of-unknown-rule", Category::Hygiene, Severity::Low,
                        "Suppression comment names a rule that does not exist", kDocsUnknown, Maturity::Stable, kTags};
const RuleMeta kUnused{"SUP003", "unused-suppression", Category::Hygiene, Severity::Low,
                       "Suppression comment suppresses nothing", kDocsUnused, Maturity::Stable, kTags};

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

bool names_rule(const RuleMeta& m, const std::string& code) { return code == m.id || code == m.name; }

Finding problem(const RuleMeta& m, const Suppression& s, std::string message) {
  Finding f;
  f.rule_id = std::string(m.id);
  f.rule_name = std::string(m.name);
  f.severity = m.default_severity;
  f.where = SourceRange{s.path, s.span.begin, s.span.end};
  f.message = std::move(message);
  return f;
}

}  // namespace

const RuleMeta& suppression_without_reason_meta() { return kNoReason; }
const RuleMeta& suppression_unknown_rule_meta() { return kUnknown; }
const RuleMeta& suppression_unused_meta() { return kUnused; }
std::vector<const RuleMeta*> suppression_rule_metas() { return {&kNoReason, &kUnknown, &kUnused}; }

bool parse_suppression(const model::DirectiveComment& c, const std::string& path, Suppression& out) {
  std::string_view t = c.text;
  std::size_t p = t.find("archverify:");
  if (p == std::string_view::npos) return false;
  std::string_view rest = t.substr(p + 11);
  std::string head = trim(rest);
  if (head.rfind("ignore", 0) != 0) return false;
  out = Suppression{};
  out.path = path;
  out.line = c.span.begin.line;
  out.own_line = c.own_line;
  out.span = c.span;
  std::string_view after(head);
  after.remove_prefix(6);
  if (!after.empty() && after.front() == '[') {
    std::size_t close = after.find(']');
    std::string_view list = after.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t comma = list.find(',', start);
      std::string code = trim(list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (!code.empty()) out.codes.push_back(code);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    after = close == std::string_view::npos ? std::string_view{} : after.substr(close + 1);
  }
  std::string reason = trim(after);
  // "-- reason" / ": reason" are common styles
  while (!reason.empty() && (reason.front() == '-' || reason.front() == ':')) reason = trim(std::string_view(reason).substr(1));
  out.reason = reason;
  return true;
}

SuppressionOutcome apply_suppressions(const std::vector<model::FileFacts>& files, std::vector<Finding>& findings,
                                      const std::vector<const RuleMeta*>& known, const std::vector<std::string>& ran) {
  SuppressionOutcome outcome;
  auto rule_ran = [&](std::string_view id) { return std::find(ran.begin(), ran.end(), id) != ran.end(); };
  auto is_sup = [](std::string_view id) { return id.rfind("SUP", 0) == 0; };
  auto covers = [](const Suppression& s, const Finding& f) {
    std::uint32_t line = f.where.begin.line;
    return line == s.line || (s.own_line && line == s.line + 1);
  };
  std::vector<Suppression> all;
  for (const model::FileFacts& file : files)
    for (const model::DirectiveComment& c : file.directives) {
      Suppression s;
      if (parse_suppression(c, file.path, s)) all.push_back(std::move(s));
    }
  outcome.directives = static_cast<long>(all.size());
  // Findings by file, only when some directive needs them (the paths are
  // viewed: the findings outlive this function).
  std::map<std::string_view, std::vector<Finding*>> by_path;
  if (!all.empty())
    for (Finding& f : findings) by_path[f.where.path].push_back(&f);

  // Phase 1: ordinary rules. Codes naming SUP rules wait for phase 2.
  std::vector<std::pair<const Suppression*, const RuleMeta*>> deferred;
  for (const Suppression& s : all) {
    if (s.codes.empty()) {
      if (rule_ran(kUnknown.id)) outcome.problems.push_back(problem(kUnknown, s, "suppression names no rule; write ignore[CODE] reason"));
      continue;
    }
    if (s.reason.empty() && rule_ran(kNoReason.id))
      outcome.problems.push_back(problem(kNoReason, s, "suppression of " + s.codes.front() + " gives no reason"));
    for (const std::string& code : s.codes) {
      const RuleMeta* meta = nullptr;
      for (const RuleMeta* m : known) if (names_rule(*m, code)) meta = m;
      if (!meta) {
        if (rule_ran(kUnknown.id)) outcome.problems.push_back(problem(kUnknown, s, "suppression names unknown rule '" + code + "'"));
        continue;
      }
      if (is_sup(meta->id)) { deferred.emplace_back(&s, meta); continue; }
      bool used = false;
      for (Finding* f : by_path[s.path]) {
        if (f->rule_id != meta->id || !covers(s, *f)) continue;
        f->suppression = SuppressionKind::InSource;
        f->suppression_reason = s.reason;
        used = true;
      }
      if (!used && rule_ran(meta->id) && rule_ran(kUnused.id))
        outcome.problems.push_back(problem(kUnused, s, "suppression of " + code + " matches no finding on this line or the next"));
    }
  }
  // Phase 2: suppressions naming SUP rules, matched against phase-1 problems and
  // against the "unused" problems of other such directives (never a problem about
  // the directive itself). Whether a directive is unused depends on the others,
  // so iterate to a fixpoint (bounded: pathological cycles settle as "unused").
  auto about = [](const Finding& f, const Suppression& s) { return f.where.path == s.path && f.where.begin == s.span.begin; };
  std::vector<Finding> late(deferred.size());
  for (std::size_t i = 0; i < deferred.size(); ++i)
    late[i] = problem(kUnused, *deferred[i].first, "suppression of " + std::string(deferred[i].second->id) +
                                                      " matches no finding on this line or the next");
  std::vector<char> unused(deferred.size(), 1);
  for (std::size_t round = 0; round <= deferred.size(); ++round) {
    std::vector<char> next(deferred.size(), 1);
    for (std::size_t i = 0; i < deferred.size(); ++i) {
      const auto& [s, meta] = deferred[i];
      for (const Finding& f : outcome.problems)
        if (f.rule_id == meta->id && !about(f, *s) && covers(*s, f)) next[i] = 0;
      for (std::size_t j = 0; j < deferred.size(); ++j)
        if (j != i && unused[j] && late[j].rule_id == meta->id && !about(late[j], *s) && covers(*s, late[j])) next[i] = 0;
    }
    if (next == unused) break;
    unused = next;
  }
  for (std::size_t j = 0; j < deferred.size(); ++j)
    if (unused[j] && rule_ran(deferred[j].second->id) && rule_ran(kUnused.id)) outcome.problems.push_back(late[j]);
  for (const auto& [s, meta] : deferred)
    for (Finding& f : outcome.problems)
      if (f.rule_id == meta->id && !about(f, *s) && covers(*s, f)) {
        f.suppression = SuppressionKind::InSource;
        f.suppression_reason = s->reason;
      }
  return outcome;
}

}  // namespace archverify::engine

#include "analyzer/engine/rule.h"

namespace archverify::engine {
namespace {
class SuppressionRule final : public Rule {
 public:
  explicit SuppressionRule(const RuleMeta& m) : meta_(m) {}
  const RuleMeta& meta() const override { return meta_; }
  void check(const RuleInput&, RuleContext&) const override {}

 private:
  const RuleMeta& meta_;
};
}  // namespace

std::vector<std::unique_ptr<Rule>> make_suppression_rules() {
  std::vector<std::unique_ptr<Rule>> out;
  for (const RuleMeta* m : suppression_rule_metas()) out.push_back(std::make_unique<SuppressionRule>(*m));
  return out;
}
}  // namespace archverify::engine
