// Section readers for layout, tenancy, auth, database, openapi and quality.
#include "analyzer/genome/genome_sections.h"

namespace archverify::genome::detail {

namespace {

std::string sub(std::string_view base, std::string_view key) { return std::string(base) + "." + std::string(key); }

bool is_rule_code(std::string_view s) {
  std::size_t letters = 0;
  while (letters < s.size() && s[letters] >= 'A' && s[letters] <= 'Z') ++letters;
  if (letters == 0 || s.size() != letters + 3) return false;
  for (std::size_t i = letters; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

void read_layout(Reader& r, const Entry& e, Layout& out) {
  auto m = r.map(e.value, r.where(e), "layout", "layout", "a mapping of layout globs");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("layout", x.key);
    if (x.key == "models") out.models = r.globs(x, path);
    else if (x.key == "routers") out.routers = r.globs(x, path);
    else if (x.key == "services") out.services = r.globs(x, path);
    else if (x.key == "schemas") out.schemas = r.globs(x, path);
    else if (x.key == "migrations") out.migrations = r.globs(x, path);
    else if (x.key == "tests") out.tests = r.globs(x, path);
    else if (x.key == "spec") {
      if (auto s = r.string(x.value, r.where(x), path, "the path of the OpenAPI document"))
        out.spec = Located<std::string>{*s, r.where(x)};
    }
  }
}

void read_tenancy(Reader& r, const Entry& e, Tenancy& out) {
  out.where = r.where(e.key_node);
  auto m = r.map(e.value, r.where(e), "tenancy", "tenancy", "a mapping describing tenant isolation");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("tenancy", x.key);
    if (x.key == "key") {
      if (auto s = r.string(x.value, r.where(x), path, "the tenant column name, e.g. workspace_id"))
        out.key = Located<std::string>{*s, r.where(x)};
    } else if (x.key == "scoped") {
      if (x.value.is_sequence()) {
        out.scoped_all = false;
        out.scoped = r.names(x, path, "entity names");
      } else if (x.value.is_scalar() && x.value.scalar() == "*") {
        out.scoped_all = true;
      } else if (x.value.is_scalar() && !is_plain_non_string(x.value)) {
        r.error(r.where(x), "invalid value '" + std::string(x.value.scalar()) + "' for '" + path +
                                "'; expected \"*\" (every entity) or a list of entity names");
      } else {
        r.wrong_type(x.value, r.where(x), path, "\"*\" (every entity) or a list of entity names");
      }
    } else if (x.key == "exempt") {
      out.exempt = r.names(x, path, "entity names");
    } else if (x.key == "through_parent") {
      auto links = r.free_map(x.value, r.where(x), path, "a mapping of child entity to parent entity");
      if (!links) continue;
      for (const Entry& link : links->entries) {
        if (auto parent = r.string(link.value, r.where(link), sub(path, link.key), "a parent entity name"))
          out.through_parent.push_back(ParentLink{NameRef{link.key, r.where(link.key_node)}, NameRef{*parent, r.where(link)}});
      }
    } else if (x.key == "helpers") {
      out.helpers = r.names(x, path, "function, method or dependency names");
    } else if (x.key == "enforcement") {
      if (auto v = r.enumeration(x.value, r.where(x), path, kEnforcements)) out.enforcement = *v;
    } else if (x.key == "allow_global_rows") {
      if (auto b = r.boolean(x, path)) {
        out.allow_global_rows = *b;
        out.allow_global_rows_written = true;
      }
    } else if (x.key == "path_params_checked") {
      if (auto b = r.boolean(x, path)) out.path_params_checked = *b;
    } else if (x.key == "cross_tenant") {
      out.cross_tenant = r.dotted_globs(x, path);
    }
  }
}

void read_auth(Reader& r, const Entry& e, Auth& out) {
  out.where = r.where(e.key_node);
  auto m = r.map(e.value, r.where(e), "auth", "auth", "a mapping describing the authentication policy");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("auth", x.key);
    if (x.key == "token_transport") {
      if (auto v = r.enumeration(x.value, r.where(x), path, kTransports))
        out.token_transport = Located<TokenTransport>{*v, r.where(x)};
    } else if (x.key == "cookie_flags") {
      auto flags = r.map(x.value, r.where(x), path, "auth.cookie_flags", "a mapping of cookie flags");
      if (!flags) continue;
      for (const Entry& f : flags->entries) {
        std::string fpath = sub(path, f.key);
        if (f.key == "httponly") {
          if (auto b = r.boolean(f, fpath)) out.cookie_flags.httponly = Located<bool>{*b, r.where(f)};
        } else if (f.key == "secure") {
          if (auto b = r.boolean(f, fpath)) out.cookie_flags.secure = Located<bool>{*b, r.where(f)};
        } else if (f.key == "samesite") {
          if (auto v = r.enumeration(f.value, r.where(f), fpath, kSameSites))
            out.cookie_flags.samesite = Located<SameSite>{*v, r.where(f)};
        }
      }
    } else if (x.key == "password_hashers") {
      auto items = r.list(x, path, "a list of password hashers");
      if (!items) continue;
      for (std::size_t i = 0; i < items->size(); ++i) {
        Node item = (*items)[i];
        if (auto v = r.enumeration(item, r.where(item), path + "[" + std::to_string(i) + "]", kHashers))
          out.password_hashers.push_back(Located<PasswordHasher>{*v, r.where(item)});
      }
    } else if (x.key == "public_routes") {
      out.public_routes = r.routes(x, path);
    } else if (x.key == "protection") {
      out.protection = r.names(x, path, "dependency or decorator names");
    } else if (x.key == "rate_limited") {
      out.rate_limited = r.routes(x, path);
    }
  }
}

void read_database(Reader& r, const Entry& e, Database& out) {
  out.where = r.where(e.key_node);
  auto m = r.map(e.value, r.where(e), "database", "database", "a mapping with engine and async");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("database", x.key);
    if (x.key == "engine") {
      if (auto v = r.enumeration(x.value, r.where(x), path, kEngines)) out.engine = Located<DbEngine>{*v, r.where(x)};
    } else if (x.key == "async") {
      if (auto b = r.boolean(x, path)) out.is_async = Located<bool>{*b, r.where(x)};
    }
  }
}

void read_openapi(Reader& r, const Entry& e, OpenApiSettings& out) {
  out.where = r.where(e.key_node);
  auto m = r.map(e.value, r.where(e), "openapi", "openapi", "a mapping with path, mode and ignore");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("openapi", x.key);
    if (x.key == "path") {
      if (auto s = r.string(x.value, r.where(x), path, "the path of the OpenAPI document"))
        out.path = Located<std::string>{*s, r.where(x)};
    } else if (x.key == "mode") {
      if (auto v = r.enumeration(x.value, r.where(x), path, kSpecModes)) out.mode = *v;
    } else if (x.key == "ignore") {
      out.ignore = r.globs(x, path);
    }
  }
}

void read_quality(Reader& r, const Entry& e, Quality& out) {
  out.where = r.where(e.key_node);
  auto m = r.map(e.value, r.where(e), "quality", "quality", "a mapping of quality gate settings");
  if (!m) return;
  for (const Entry& x : m->entries) {
    std::string path = sub("quality", x.key);
    if (x.key == "threshold") {
      if (auto n = r.number(x, path, "a number from 0 to 100")) {
        if (*n < 0 || *n > 100)
          r.error(r.where(x), "threshold " + std::string(x.value.scalar()) + " out of range for '" + path +
                                  "'; expected a number from 0 to 100");
        else
          out.threshold = Located<double>{*n, r.where(x)};
      }
    } else if (x.key == "weights") {
      auto w = r.map(x.value, r.where(x), path, "quality.weights", "a mapping of category to weight");
      if (!w) continue;
      for (const Entry& c : w->entries) {
        auto n = r.number(c, sub(path, c.key), "a non-negative number");
        if (!n) continue;
        if (*n < 0) {
          r.error(r.where(c), "negative weight " + std::string(c.value.scalar()) + " for '" + sub(path, c.key) +
                                  "'; expected a non-negative number");
          continue;
        }
        out.weights.push_back(CategoryWeight{*parse_category(c.key), *n, r.where(c)});
      }
    } else if (x.key == "rules") {
      auto rules = r.free_map(x.value, r.where(x), path, "a mapping of rule code to severity or off");
      if (!rules) continue;
      for (const Entry& rule : rules->entries) {
        if (!is_rule_code(rule.key)) {
          r.error(r.where(rule.key_node), "invalid rule code '" + rule.key + "' in '" + path +
                                              "'; expected a code such as 'TEN001'");
          continue;
        }
        if (auto sev = r.enumeration(rule.value, r.where(rule), sub(path, rule.key), kRuleSeverities))
          out.rules.push_back(RuleSetting{rule.key, *sev, r.where(rule.key_node)});
      }
    } else if (x.key == "fail_on") {
      if (auto v = r.enumeration(x.value, r.where(x), path, kFailOn))
        out.fail_on = Located<std::optional<Severity>>{*v, r.where(x)};
    } else if (x.key == "exclude") {
      out.exclude = r.globs(x, path);
    }
  }
}

}  // namespace archverify::genome::detail
