// InferredGenome → commented archverify.yaml text (see genome_writer.h).
#include "analyzer/genome/genome_writer.h"

#include "analyzer/core/ascii.h"

#include <cctype>
#include <cstdio>
#include <sstream>

namespace archverify::genome {

namespace {

bool plain_safe(std::string_view s) {
  if (s.empty()) return false;
  static constexpr std::string_view kReserved[] = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"};
  const std::string low = ascii::lowered(s);
  for (std::string_view r : kReserved)
    if (low == r) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' || c == '-')) return false;
  return true;
}

// A YAML scalar: plain when unambiguous, else double-quoted with escapes.
std::string scalar(std::string_view s) {
  if (plain_safe(s)) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// Comment text on one line (no newlines can end a comment early).
std::string comment(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string flow_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + scalar(items[i]);
  return out + "]";
}

std::string candidate_text(const InferredTenantCandidate& c) {
  std::string out = std::to_string(c.entities) + " of " + std::to_string(c.entities_total) + " entities have " + c.column;
  if (!c.target_table.empty()) out += " → " + c.target_table;
  else out += " (no foreign key)";
  return out;
}

void write_layout(std::ostream& o, const InferredLayout& l) {
  const std::pair<const char*, const std::vector<std::string>*> parts[] = {
      {"models", &l.models},         {"routers", &l.routers},       {"services", &l.services},
      {"schemas", &l.schemas},       {"migrations", &l.migrations}, {"tests", &l.tests}};
  bool any = false;
  for (const auto& [key, globs] : parts) any = any || !globs->empty();
  if (!any) return;
  o << "# guessed: common directories of the files that declare each kind of code\n";
  o << "layout:\n";
  for (const auto& [key, globs] : parts)
    if (!globs->empty()) o << "  " << key << ": " << flow_list(*globs) << "\n";
}

void write_tenancy(std::ostream& o, const InferredGenome& g) {
  if (!g.tenancy) {
    o << "# tenancy: no tenant key found (no column shared by enough entities with a foreign key to a\n"
         "# workspace/organization/tenant/group-like table); add a tenancy section if the app is multi-tenant\n";
    return;
  }
  const InferredTenancy& t = *g.tenancy;
  o << "tenancy:\n";
  o << "  # guessed: " << comment(candidate_text(t.key)) << "\n";
  if (t.runner_up) o << "  # runner-up: " << comment(candidate_text(*t.runner_up)) << "\n";
  o << "  key: " << scalar(t.key.column) << "\n";
  o << "  scoped: \"*\"\n";
  if (!t.exempt.empty()) {
    o << "  # guessed: the entities without " << comment(t.key.column) << "\n";
    o << "  exempt: " << flow_list(t.exempt) << "\n";
  }
}

void write_auth(std::ostream& o, const InferredGenome& g) {
  o << "auth:\n";
  if (g.transport_evidence.empty()) o << "  # guessed: no token cookie is set, so tokens travel in a header\n";
  else o << "  # guessed: " << comment(g.transport_evidence) << "\n";
  o << "  token_transport: " << to_string(g.token_transport) << "\n";
  if (g.routes_total == 0) return;
  o << "  # guessed: the " << g.public_routes.size() << " of " << g.routes_total
    << " routes with no auth dependency, decorator or before_request hook — review each\n";
  if (g.public_routes.empty()) {
    o << "  public_routes: []\n";
    return;
  }
  o << "  public_routes:\n";
  for (const std::string& r : g.public_routes) o << "    - " << scalar(r) << "\n";
}

void write_database(std::ostream& o, const InferredGenome& g) {
  o << "database:\n";
  if (g.engine_evidence.empty()) o << "  # guessed: no DSN literal seen; PostgreSQL assumed\n";
  else o << "  # guessed: " << comment(g.engine_evidence) << "\n";
  o << "  engine: " << to_string(g.engine) << "\n";
}

void write_field(std::ostream& o, const InferredField& f) {
  o << "      - {name: " << scalar(f.name) << ", type: " << to_string(f.type);
  if (f.nullable) o << ", nullable: " << (*f.nullable ? "true" : "false");
  if (f.unique) o << ", unique: true";
  if (!f.references.empty()) o << ", references: " << scalar(f.references);
  o << "}";
  if (f.primary_key) o << "  # primary key";
  o << "\n";
}

void write_entity(std::ostream& o, const InferredEntity& e) {
  o << "  - name: " << scalar(e.name) << "  # " << comment(e.source) << "\n";
  if (!e.table.empty()) o << "    table: " << scalar(e.table) << "\n";
  if (!e.fields.empty()) {
    o << "    fields:\n";
    for (const InferredField& f : e.fields) write_field(o, f);
  }
  for (const std::string& s : e.skipped_fields) o << "    # not listed: " << comment(s) << "\n";
  if (!e.relationships.empty()) {
    o << "    relationships:";
    std::string sep = " [";
    for (const InferredRelationship& r : e.relationships) {
      o << sep << "{name: " << scalar(r.name) << ", target: " << scalar(r.target) << "}";
      sep = ", ";
    }
    o << "]\n";
  }
  if (!e.endpoints.empty()) {
    o << "    # guessed: routes whose path ends in the entity's collection name (and item parameter)\n";
    o << "    endpoints: [";
    for (std::size_t i = 0; i < e.endpoints.size(); ++i) o << (i ? ", " : "") << to_string(e.endpoints[i]);
    o << "]\n";
  }
}

}  // namespace

std::string write_genome_yaml(const InferredGenome& g) {
  std::ostringstream o;
  o << "# archverify genome" << (g.repo_name.empty() ? std::string() : " for " + comment(g.repo_name))
    << ", inferred by `archverify init`.\n"
       "# It describes what the code is today; lines after \"# guessed:\" are inferences to review.\n"
       "# Edit it into what the architecture should be: archverify reports where the code drifts from it.\n";
  o << "version: 1\n";
  if (g.stack) o << "# guessed: " << comment(g.stack_evidence) << "\nstack: " << to_string(*g.stack) << "\n";
  write_layout(o, g.layout);
  write_tenancy(o, g);
  write_auth(o, g);
  write_database(o, g);
  if (g.spec_path) o << "openapi:\n  path: " << scalar(*g.spec_path) << "\n  mode: exact\n";
  if (g.entities.empty()) {
    o << "# entities: no ORM models found\n";
  } else {
    o << "# the ORM models as declared (types, nullability, keys, relationships); endpoints are guessed\n";
    o << "entities:\n";
    for (const InferredEntity& e : g.entities) write_entity(o, e);
  }
  for (const std::string& s : g.skipped_entities) o << "# not listed: " << comment(s) << "\n";
  o << "quality:\n  threshold: " << g.threshold << "\n";
  return o.str();
}

}  // namespace archverify::genome
