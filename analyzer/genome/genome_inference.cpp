// Model → InferredGenome (see genome_inference.h).
#include "analyzer/genome/genome_inference.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "analyzer/genome/auth_names.h"
#include "analyzer/genome/entity_correspondence.h"
#include "analyzer/genome/route_pattern.h"
#include "analyzer/genome/route_protection.h"
#include "analyzer/model/test_paths.h"

namespace archverify::genome {

namespace {

bool is_identifier(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

std::string common_dir(const std::vector<std::string>& files) {
  std::string common = dir_of(files.front());
  for (const std::string& f : files) {
    std::string d = dir_of(f);
    while (!common.empty() && !(d == common || d.starts_with(common + "/"))) common = dir_of(common);
  }
  return common;
}

// Globs covering `files`: one file as itself, a shared directory as "dir/**/*.py",
// else one glob per top-level directory (largest first, at most six).
std::vector<std::string> globs_for(std::set<std::string> files) {
  std::vector<std::string> list(files.begin(), files.end());
  if (list.empty()) return {};
  if (list.size() == 1) return list;
  const std::string common = common_dir(list);
  if (!common.empty()) return {common + "/**/*.py"};
  std::map<std::string, std::vector<std::string>> groups;  // top dir ("" for root files) → files
  for (const std::string& f : list) {
    auto slash = f.find('/');
    groups[slash == std::string::npos ? f : f.substr(0, slash)].push_back(f);
  }
  std::vector<std::pair<std::size_t, std::string>> ranked;
  for (auto& [top, group] : groups) {
    std::string glob;
    if (group.size() == 1) glob = group.front();
    else glob = common_dir(group) + "/**/*.py";
    ranked.push_back({group.size(), glob});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < 6; ++i) out.push_back(ranked[i].second);
  std::sort(out.begin(), out.end());
  return out;
}

std::string at(const SourceRange& r) { return r.path + ":" + std::to_string(r.begin.line); }

void infer_stack(const model::RepoModel& repo, InferredGenome& g) {
  std::size_t fastapi = 0, flask = 0;
  for (const model::Route& r : repo.routes) (r.framework == model::Framework::FastApi ? fastapi : flask)++;
  if (fastapi + flask > 0) {
    g.stack = fastapi >= flask ? Stack::FastApi : Stack::Flask;
    g.stack_evidence = std::to_string(fastapi >= flask ? fastapi : flask) + (fastapi >= flask ? " FastAPI" : " Flask") + " routes";
    return;
  }
  for (const model::FileFacts& f : repo.files)
    for (const model::Import& i : f.imports) {
      const std::string_view root = i.module.substr(0, i.module.find('.'));
      if (root == "fastapi" || root == "flask") {
        g.stack = root == "fastapi" ? Stack::FastApi : Stack::Flask;
        g.stack_evidence = "imports " + std::string(root) + " (" + f.path + "), no routes found";
        return;
      }
    }
}

void infer_layout(const model::RepoModel& repo, InferredGenome& g) {
  std::set<std::string> models, routers, services, schemas, migrations, tests;
  for (const model::Entity& e : repo.entities)
    if (is_declarable(repo, e) && e.file < repo.files.size()) models.insert(repo.files[e.file].path);
  for (const model::Route& r : repo.routes)
    if (!r.where.path.empty() && !model::is_test_path(r.where.path)) routers.insert(r.where.path);
  for (const model::SchemaClass& s : repo.schemas)
    if (s.file < repo.files.size() && !model::is_test_path(repo.files[s.file].path)) schemas.insert(repo.files[s.file].path);
  for (const model::Migration& m : repo.migrations)
    if (!model::is_test_path(m.path)) migrations.insert(m.path);
  for (const model::FileFacts& f : repo.files) {
    if (!f.path.ends_with(".py")) continue;
    if (model::is_test_path(f.path)) { tests.insert(f.path); continue; }
    if (("/" + f.path).find("service") != std::string::npos) services.insert(f.path);
  }
  g.layout.models = globs_for(models);
  g.layout.routers = globs_for(routers);
  g.layout.services = globs_for(services);
  g.layout.schemas = globs_for(schemas);
  g.layout.migrations = globs_for(migrations);
  g.layout.tests = globs_for(tests);
}

InferredEntity infer_entity(const RouteIndex& routes, const model::Entity& e, const std::set<std::string>& names) {
  InferredEntity out;
  out.name = e.name;
  out.table = e.table;
  out.source = at(e.where);
  std::set<std::string> seen;
  for (const model::Column& c : e.columns) {
    if (!is_identifier(c.name)) {
      out.skipped_fields.push_back(c.name + " (not a plain identifier)");
      continue;
    }
    if (!seen.insert(c.name).second) continue;
    auto type = field_type_of(c.type);
    if (!type) {
      out.skipped_fields.push_back(c.name + " (" + (c.type.name.empty() ? std::string("unknown type") : c.type.name) +
                                   ": no genome type)");
      continue;
    }
    InferredField f;
    f.name = c.name;
    f.type = *type;
    f.primary_key = c.primary_key;
    if (!c.primary_key && !c.sqlmodel_default_none) f.nullable = c.nullable;
    f.unique = !c.primary_key && column_is_unique(e, c);
    if (c.foreign_key && !c.foreign_key->table.empty() && !c.foreign_key->column.empty())
      f.references = c.foreign_key->table + "." + c.foreign_key->column;
    out.fields.push_back(std::move(f));
  }
  std::set<std::string> rel_seen;
  for (const model::Relationship& r : e.relationships) {
    const std::string target = std::string(model::last_dotted_part(r.target));
    if (!is_identifier(r.attribute) || !names.count(target) || !rel_seen.insert(r.attribute).second) continue;
    out.relationships.push_back({r.attribute, target});
  }
  const EntityEndpoints served = endpoints_of(routes, e.name, e.table);
  for (std::size_t k = 0; k < served.size(); ++k)
    if (served[k]) out.endpoints.push_back(static_cast<EndpointKind>(k));
  return out;
}

void infer_entities(const model::RepoModel& repo, InferredGenome& g) {
  std::set<std::string> names;
  std::vector<const model::Entity*> chosen;
  for (const model::Entity& e : repo.entities) {
    if (!is_declarable(repo, e)) continue;
    if (!is_identifier(e.name) || !names.insert(e.name).second) {
      g.skipped_entities.push_back(e.name + " (" + at(e.where) + ": another model has this class name)");
      continue;
    }
    chosen.push_back(&e);
  }
  const RouteIndex routes(repo);
  for (const model::Entity* e : chosen) g.entities.push_back(infer_entity(routes, *e, names));
  if (repo.tenant_guess) {
    const model::TenantKeyGuess& t = *repo.tenant_guess;
    InferredTenancy ten;
    ten.key = {t.key.column, t.key.target_table, t.key.entities, t.key.entities_total};
    if (t.runner_up) ten.runner_up = InferredTenantCandidate{t.runner_up->column, t.runner_up->target_table, t.runner_up->entities,
                                                             t.runner_up->entities_total};
    const std::set<std::string> scoped(t.scoped_entities.begin(), t.scoped_entities.end());
    for (const InferredEntity& e : g.entities)
      if (!scoped.count(e.name)) ten.exempt.push_back(e.name);
    g.tenancy = std::move(ten);
  }
}

void infer_auth(const model::RepoModel& repo, InferredGenome& g) {
  for (const model::CookieWrite& w : repo.cookie_writes) {
    if (w.file < repo.files.size() && model::is_test_path(repo.files[w.file].path)) continue;
    bool token = false;
    if (w.kind == model::CookieWriteKind::SetCookie) token = w.looks_like_token && !auth::is_csrf_name(w.cookie_name);
    else if (w.kind == model::CookieWriteKind::FastApiUsersCookieTransport) token = true;
    else if (w.kind == model::CookieWriteKind::FlaskConfig)
      token = std::find(w.jwt_token_locations.begin(), w.jwt_token_locations.end(), "cookies") != w.jwt_token_locations.end();
    if (!token) continue;
    g.token_transport = TokenTransport::Cookie;
    g.transport_evidence = at(w.where) + (w.cookie_name.empty() ? " sets a token cookie" : " sets cookie " + w.cookie_name);
    break;
  }
  RouteProtection protection(repo, nullptr);
  std::set<std::string> pub;
  for (const model::Route& r : repo.routes) {
    if (model::is_test_path(r.where.path)) continue;
    ++g.routes_total;
    if (protection.protects(r)) continue;
    std::string path = r.path.has_unknown() ? path_without_unknowns(r.path) : r.path_text;
    if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
    std::string text = std::string(model::to_string(r.method)) + " " + path;
    if (parse_route_pattern(text)) pub.insert(text);
  }
  g.public_routes.assign(pub.begin(), pub.end());
}

void infer_engine(const model::RepoModel& repo, InferredGenome& g) {
  static constexpr std::array<std::pair<std::string_view, DbEngine>, 7> kSchemes = {{
      {"postgresql", DbEngine::Postgresql}, {"postgres://", DbEngine::Postgresql}, {"mysql", DbEngine::Mysql},
      {"mariadb", DbEngine::Mysql},         {"sqlite:", DbEngine::Sqlite},         {"mssql", DbEngine::Mssql},
      {"oracle", DbEngine::Oracle}}};
  std::map<DbEngine, std::pair<std::size_t, std::string>> seen;  // engine → (count, first place)
  for (const model::FileFacts& f : repo.files) {
    if (model::is_test_path(f.path)) continue;
    auto scan = [&](const model::Expr& root) {
      model::visit(root, [&](const model::Expr& x) {
        if (x.kind != model::ExprKind::String || x.text.find("://") == std::string::npos) return;
        for (const auto& [scheme, engine] : kSchemes)
          if (x.text.starts_with(scheme)) {
            auto& slot = seen[engine];
            if (slot.first++ == 0) slot.second = f.path + ":" + std::to_string(x.span().begin.line);
            break;
          }
      });
    };
    auto scan_stmts = [&](std::span<const model::Stmt> body) {
      model::visit_statements(body, [&](const model::Stmt& s) {
        scan(s.value);
        for (const model::Expr& e : s.targets) scan(e);
        for (const model::Expr& e : s.items()) scan(e);
      });
    };
    scan_stmts(f.body);
    for (const model::Function& fn : f.functions) {
      scan_stmts(fn.body);
      for (const model::Param& p : fn.params) scan(p.default_value);
    }
    for (const model::Class& c : f.classes) scan_stmts(c.body);
  }
  std::size_t best = 0;
  for (const auto& [engine, info] : seen)
    if (info.first > best) {
      best = info.first;
      g.engine = engine;
      g.engine_evidence = "a " + std::string(to_string(engine)) + " DSN literal at " + info.second;
    }
}

}  // namespace

InferredGenome infer_genome(const model::RepoModel& repo) {
  InferredGenome g;
  g.repo_name = repo.root_name;
  infer_stack(repo, g);
  infer_layout(repo, g);
  infer_entities(repo, g);
  infer_auth(repo, g);
  infer_engine(repo, g);
  if (repo.spec) g.spec_path = repo.spec->path;
  return g;
}

}  // namespace archverify::genome
