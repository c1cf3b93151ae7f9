// Annotated-fixture harness implementation (see fixture_harness.h).
#include "tests/support/fixture_harness.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "analyzer/document/document.h"
#include "analyzer/engine/runner.h"
#include "analyzer/genome/genome.h"
#include "analyzer/pipeline/analyze_repo.h"
#include "rules/all_rules.h"
#include "tests/support/run_genome.h"

namespace fs = std::filesystem;

namespace archverify::testing {

namespace {

struct Expectation {
  std::string path;
  std::uint32_t line = 0;      // the line the finding must be on
  std::uint32_t annotation = 0;
  bool expect = true;          // ruleid vs ok
};

bool is_comment_or_blank(const std::string& line) {
  std::size_t b = line.find_first_not_of(" \t\r");
  return b == std::string::npos || line[b] == '#';
}

// Codes listed after "<keyword>:" in a comment line, or empty.
std::vector<std::string> annotation_codes(const std::string& line, const std::string& keyword) {
  std::size_t hash = line.find('#');
  if (hash == std::string::npos) return {};
  std::string rest = line.substr(hash + 1);
  std::size_t b = rest.find_first_not_of(" \t");
  if (b == std::string::npos || rest.compare(b, keyword.size() + 1, keyword + ":") != 0) return {};
  rest = rest.substr(b + keyword.size() + 1);
  std::vector<std::string> codes;
  std::stringstream ss(rest);
  std::string tok;
  while (std::getline(ss, tok, ',')) {
    tok.erase(0, tok.find_first_not_of(" \t"));
    tok.erase(tok.find_last_not_of(" \t\r") + 1);
    if (!tok.empty()) codes.push_back(tok.substr(0, tok.find(' ')));
  }
  return codes;
}

void collect_annotations(const fs::path& dir, const std::string& code, std::vector<Expectation>& out, FixtureOutcome& outcome) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
    if (it->is_regular_file() && it->path().extension() == ".py") files.push_back(it->path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::string rel = fs::relative(file, dir).generic_string();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      for (const auto& [keyword, expect] : {std::pair{"ruleid", true}, std::pair{"ok", false}}) {
        for (const std::string& c : annotation_codes(lines[i], keyword)) {
          if (c != code) continue;
          std::size_t target = i + 1;
          while (target < lines.size() && is_comment_or_blank(lines[target])) ++target;
          if (target >= lines.size()) {
            outcome.errors.push_back(rel + ":" + std::to_string(i + 1) + ": annotation with no code line after it");
            continue;
          }
          out.push_back(Expectation{rel, static_cast<std::uint32_t>(target + 1), static_cast<std::uint32_t>(i + 1), expect});
          (expect ? outcome.expected_count : outcome.ok_count)++;
        }
      }
    }
  }
  fs::path sidecar = dir / "expected.yaml";
  if (fs::exists(sidecar)) {
    auto loaded = document::load_document(sidecar, "expected.yaml", "expected findings", document::Limits{});
    for (const Diagnostic& d : loaded.diagnostics) outcome.errors.push_back("expected.yaml: " + d.message);
    if (!loaded.document) return;
    for (document::Node f : loaded.document->root.find("findings").items()) {
      if (f.find("rule").scalar() != code) continue;
      std::string_view line_text = f.find("line").scalar();
      std::uint32_t line = 0;
      auto [end, ec] = std::from_chars(line_text.data(), line_text.data() + line_text.size(), line);
      if (ec != std::errc() || end != line_text.data() + line_text.size() || f.find("path").scalar().empty()) {
        outcome.errors.push_back("expected.yaml: a finding needs rule, path and a line number");
        continue;
      }
      out.push_back(Expectation{std::string(f.find("path").scalar()), line, 0, true});
      ++outcome.expected_count;
    }
  }
}

}  // namespace

std::string FixtureOutcome::describe() const {
  std::ostringstream s;
  s << expected_count << " ruleid, " << ok_count << " ok annotations\n";
  for (const auto& e : errors) s << "  error: " << e << "\n";
  for (const auto& u : unexpected_findings) s << "  false positive: " << u << "\n";
  for (const auto& m : missing_findings) s << "  false negative: " << m << "\n";
  return s.str();
}

std::vector<fs::path> fixture_dirs(const fs::path& root) {
  std::vector<fs::path> dirs;
  if (!fs::exists(root)) return dirs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory()) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string rule_code_of(const fs::path& dir) {
  std::string name = dir.filename().string();
  return name.substr(0, name.find('_'));
}

std::vector<Finding> run_rule_on(const fs::path& dir, const std::string& code, std::vector<std::string>& errors) {
  // The genome is read first: its openapi.path (or layout.spec) names the spec
  // the pipeline loads, as the CLI does.
  GenomeForTest genome = load_fixture_genome(dir);
  for (const auto& e : genome.errors) errors.push_back(e);
  pipeline::AnalyzeOptions options;
  options.jobs = 1;
  if (const genome::Genome* g = genome.get()) {
    if (g->openapi && g->openapi->path) options.spec_path = g->openapi->path->value;
    else if (g->layout.spec) options.spec_path = g->layout.spec->value;
  }
  auto analysis = pipeline::analyze_repository(dir, options);
  if (!analysis) {
    errors.push_back(analysis.error().message);
    return {};
  }
  auto all = rules::make_all_rules();
  engine::SelectionRequest request;
  request.select = {code};
  auto selected = engine::select_rules(all, request);
  if (!selected || selected->empty()) {
    errors.push_back("no rule " + code + " is registered");
    return {};
  }
  engine::RuleInput input{*analysis->model, genome.get()};
  engine::RuleRun run = engine::run_rules(all, *selected, input);

  return std::move(run.findings);
}

FixtureOutcome run_fixture(const fs::path& dir) {
  FixtureOutcome outcome;
  const std::string code = rule_code_of(dir);
  std::vector<Expectation> expectations;
  collect_annotations(dir, code, expectations, outcome);

  std::vector<Finding> findings = run_rule_on(dir, code, outcome.errors);

  std::multiset<std::pair<std::string, std::uint32_t>> expected_at;
  std::set<std::pair<std::string, std::uint32_t>> ok_at;
  for (const Expectation& x : expectations) (x.expect ? (void)expected_at.insert({x.path, x.line}) : (void)ok_at.insert({x.path, x.line}));
  std::multiset<std::pair<std::string, std::uint32_t>> found_at;
  for (const Finding& f : findings) {
    if (f.rule_id != code || f.suppression != SuppressionKind::None) continue;
    std::pair key{f.where.path, f.where.begin.line};
    found_at.insert(key);
    if (!expected_at.count(key))
      outcome.unexpected_findings.push_back(f.where.path + ":" + std::to_string(f.where.begin.line) + " " + code + " " + f.message +
                                            (ok_at.count(key) ? " (line is annotated ok)" : ""));
  }
  for (const Expectation& x : expectations) {
    if (!x.expect) continue;
    std::pair key{x.path, x.line};
    if (!found_at.count(key))
      outcome.missing_findings.push_back(x.path + ":" + std::to_string(x.line) + " " + code +
                                         (x.annotation ? " (annotation at line " + std::to_string(x.annotation) + ")" : " (expected.yaml)"));
  }
  return outcome;
}

}  // namespace archverify::testing
