// The synthetic report of sample_report.h.
#include "tests/support/sample_report.h"

#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/fingerprint.h"
#include "analyzer/engine/scoring.h"

namespace archverify::testing {
namespace {

// The made-up repository, file by file.
const std::map<std::string, std::string, std::less<>>& sources() {
  static const std::map<std::string, std::string, std::less<>> files = {
      {"app/auth.py",
       "from fastapi import APIRouter, Response\n"
       "\n"
       "router = APIRouter()\n"
       "\n"
       "\n"
       "@router.post(\"/login\")\n"
       "def login(form: LoginForm, response: Response):\n"
       "    user = authenticate(form)\n"
       "    token = issue_token(user)\n"
       "    response.set_cookie(\"access_token\", token)\n"
       "    return {\"ok\": True}\n"},
      {"app/models.py",
       "from sqlalchemy import Column, ForeignKey, Integer\n"
       "\n"
       "from app.db import Base\n"
       "\n"
       "\n"
       "class Item(Base):\n"
       "    __tablename__ = \"items\"\n"
       "    id = Column(Integer, primary_key=True)\n"
       "    workspace_id = Column(Integer, index=True)\n"
       "    owner_id = Column(Integer, ForeignKey(\"users.id\"))\n"},
      {"app/routers/items.py",
       "from fastapi import APIRouter, Depends\n"
       "from sqlalchemy import select\n"
       "\n"
       "router = APIRouter(prefix=\"/items\")\n"
       "\n"
       "\n"
       "@router.get(\"/\")\n"
       "async def list_items(session=Depends(get_session)):\n"
       "    résumé = await session.execute(select(Item))\n"
       "    return résumé.scalars().all()\n"
       "\n"
       "\n"
       "@router.get(\"/export\")\n"
       "async def export_items(session=Depends(get_session)):\n"
       "    # archverify: ignore[TEN001] admin-only export across workspaces\n"
       "    rows = await session.execute(select(Item))\n"
       "    return rows.scalars().all()\n"},
      {"migrations/versions/0001_init.py",
       "def upgrade():\n"
       "    op.create_table(\n"
       "        \"items\",\n"
       "        sa.Column(\"owner_id\", sa.Integer(), sa.ForeignKey(\"users.id\")),\n"
       "    )\n"},
  };
  return files;
}

std::string_view line_of(std::string_view text, std::uint32_t line) {
  std::size_t pos = 0;
  for (std::uint32_t l = 1; l < line; ++l) pos = text.find('\n', pos) + 1;
  const std::size_t end = text.find('\n', pos);
  return text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
}

// Byte offset of code-point column `col` (1-based) in `line`.
std::size_t byte_of_column(std::string_view line, std::uint32_t col) {
  std::size_t i = 0;
  std::uint32_t seen = 1;
  while (i < line.size() && seen < col) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++seen;
  }
  return i;
}

struct Site {
  std::string rule;
  std::string name;
  Severity severity;
  std::string path;
  std::uint32_t line;
  std::uint32_t col;
  std::uint32_t end_col;
  std::string function;
  std::string message;
  std::string hint;
};

Finding make_finding(const Site& s) {
  Finding f;
  f.rule_id = s.rule;
  f.rule_name = s.name;
  f.severity = s.severity;
  f.where = SourceRange{s.path, {s.line, s.col}, {s.line, s.end_col}};
  f.message = s.message;
  f.fix_hint = s.hint;
  const std::string& text = sources().find(s.path)->second;
  f.snippet = std::string(line_of(text, s.line));
  f.line_hash = engine::github_line_hashes(text).at(s.line - 1);
  return f;
}

constexpr std::array<std::string_view, 2> kTenTags = {"security", "external/cwe/cwe-639"};
constexpr std::array<std::string_view, 2> kAuthTags = {"security", "external/cwe/cwe-614"};
constexpr std::array<std::string_view, 1> kDbTags = {"performance"};

std::vector<RuleMeta> sample_rules() {
  RuleMeta auth;
  auth.id = "AUTH001";
  auth.name = "insecure-auth-cookie";
  auth.category = Category::Auth;
  auth.default_severity = Severity::High;
  auth.summary = "Auth cookie set without the flags the genome requires";
  auth.docs =
      "## What it does\n"
      "Flags `set_cookie` calls for auth tokens that lack HttpOnly, Secure or SameSite.\n"
      "\n"
      "## Why is this bad?\n"
      "Scripts can read the token, and it travels over plain HTTP.\n"
      "\n"
      "## Example\n"
      "```python\nresponse.set_cookie(\"access_token\", token)\n```\n"
      "\n"
      "## Use instead\n"
      "```python\nresponse.set_cookie(\"access_token\", token, httponly=True, secure=True, samesite=\"lax\")\n```\n";
  auth.tags = kAuthTags;

  RuleMeta db;
  db.id = "DB001";
  db.name = "unindexed-foreign-key";
  db.category = Category::Data;
  db.default_severity = Severity::Medium;
  db.summary = "Foreign key column without an index";
  db.docs =
      "## What it does\n"
      "Finds ForeignKey columns that no model index and no migration index covers.\n"
      "\n"
      "## Why is this bad?\n"
      "Joins and cascading deletes scan the whole table.\n";
  db.tags = kDbTags;
  db.precision = "very-high";

  RuleMeta ten;
  ten.id = "TEN001";
  ten.name = "unscoped-tenant-query";
  ten.category = Category::Tenancy;
  ten.default_severity = Severity::Critical;
  ten.summary = "ORM read of a tenant-scoped entity without the tenant filter";
  ten.docs =
      "## What it does\n"
      "Flags `select`, `query`, `X.query` and `session.get` reads of tenant-scoped\n"
      "entities that neither filter on the tenant key nor go through a tenant helper.\n"
      "\n"
      "## Why is this bad?\n"
      "One workspace can read another's rows.\n"
      "\n"
      "## Example\n"
      "```python\nsession.execute(select(Item))\n```\n"
      "\n"
      "## Use instead\n"
      "```python\nsession.execute(select(Item).where(Item.workspace_id == principal.workspace_id))\n```\n";
  ten.tags = kTenTags;
  return {auth, db, ten};  // sorted by id
}

}  // namespace

Report make_sample_report() {
  Report r;
  r.tool_version = "0.0.0-test";
  r.grammar_version = "tree-sitter-python 0.23.6";
  r.repo_name = "sample-app";
  r.rules = sample_rules();

  std::vector<Site> sites = {
      {"AUTH001", "insecure-auth-cookie", Severity::High, "app/auth.py", 10, 5, 47, "login",
       "Cookie `access_token` set without HttpOnly, Secure, SameSite: 100% readable by scripts",
       "pass httponly=True, secure=True, samesite=\"lax\""},
      {"DB001", "unindexed-foreign-key", Severity::Medium, "app/models.py", 10, 16, 55, "Item",
       "Foreign key `items.owner_id` has no index", "add index=True or an Index(...) in __table_args__"},
      {"TEN001", "unscoped-tenant-query", Severity::Critical, "app/routers/items.py", 9, 36, 48, "list_items",
       "Query on tenant-scoped `Item` has no filter on `workspace_id`",
       "add .where(Item.workspace_id == principal.workspace_id) or use tenant_select(Item)"},
      {"TEN001", "unscoped-tenant-query", Severity::Critical, "app/routers/items.py", 16, 34, 46, "export_items",
       "Query on tenant-scoped `Item` has no filter on `workspace_id`",
       "add .where(Item.workspace_id == principal.workspace_id) or use tenant_select(Item)"},
  };
  for (const Site& s : sites) r.findings.push_back(make_finding(s));
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    const std::string& line = r.findings[i].snippet;
    const std::size_t b = byte_of_column(line, sites[i].col);
    const std::size_t e = byte_of_column(line, sites[i].end_col);
    codes.push_back(line.substr(b, e - b));
  }
  std::vector<engine::FingerprintInput> inputs;
  for (std::size_t i = 0; i < sites.size(); ++i)
    inputs.push_back({sites[i].rule, sites[i].path, sites[i].function, codes[i]});
  const auto fps = engine::assign_fingerprints(inputs);
  for (std::size_t i = 0; i < sites.size(); ++i) r.findings[i].fingerprint = fps[i];

  // A baseline was applied: AUTH001 was already there, the rest is new.
  r.baseline_used = true;
  r.findings[0].baseline = BaselineState::Existing;
  r.findings[1].baseline = BaselineState::New;
  r.findings[1].related.push_back(
      {SourceRange{"migrations/versions/0001_init.py", {4, 9}, {4, 71}},
       "the migration that creates items.owner_id adds no index either"});
  r.findings[2].baseline = BaselineState::New;
  r.findings[3].baseline = BaselineState::New;
  r.findings[3].suppression = SuppressionKind::InSource;
  r.findings[3].suppression_reason = "admin-only export across workspaces";

  Finding fixed;
  fixed.rule_id = "AUTH001";
  fixed.rule_name = "insecure-auth-cookie";
  fixed.severity = Severity::High;
  fixed.where = SourceRange{"app/auth.py", {31, 5}, {31, 5}};
  fixed.message = "Cookie `refresh_token` set without Secure";
  fixed.fingerprint = "0123456789abcdef:1";
  fixed.baseline = BaselineState::Existing;
  r.fixed.push_back(fixed);

  r.diagnostics.push_back({DiagnosticKind::SyntaxError, SourceRange{"app/broken.py", {3, 9}, {3, 10}},
                           "unexpected ')'; the file was analysed up to line 3"});
  r.diagnostics.push_back({DiagnosticKind::SkippedFile, SourceRange{"vendor/blob.py", {}, {}},
                           "not UTF-8 text"});

  const std::map<std::string_view, long> checks = {{"AUTH001", 3}, {"DB001", 4}, {"TEN001", 6}};
  std::vector<engine::RuleTally> tallies;
  for (const RuleMeta& m : r.rules) tallies.push_back(engine::make_tally(m, checks.at(m.id)));
  r.rule_stats = engine::rule_stats(tallies, r.findings);
  engine::ScoringConfig cfg;
  cfg.threshold = 80;
  r.score = engine::compute_score(tallies, r.findings, cfg);

  r.stats = RunStats{6, 212, 1, 1, 0, 0.42};
  return r;
}

Report make_empty_report() {
  Report r;
  r.tool_version = "0.0.0-test";
  r.grammar_version = "tree-sitter-python 0.23.6";
  r.repo_name = "empty";
  r.score = engine::compute_score({}, {}, engine::ScoringConfig{});
  return r;
}

}  // namespace archverify::testing
