// The genome: the user's statement of the intended architecture, as typed
// values (genome_schema/genome.schema.json is its contract; loader in
// genome_loader.h). Rules read this struct, never YAML nodes. Every value the
// user wrote carries the SourceRange it came from so a finding or `archverify
// config` can point at it. Absent sections stay std::nullopt / empty so that
// callers can tell "not said" (infer it) from "said" — the struct deliberately
// holds no inferred values and no defaults beyond those the schema documents.
// Entity names referenced from tenancy/relationships are checked against
// `entities` only when `entities` is non-empty (otherwise they name models the
// code declares and are checked later, against the symbol model).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/category.h"
#include "analyzer/core/severity.h"
#include "analyzer/core/source_range.h"
#include "analyzer/discover/glob.h"
#include "analyzer/genome/route_pattern.h"

namespace archverify::genome {

template <typename T>
struct Located {
  T value{};
  SourceRange where;
};

enum class Stack { FastApi, Flask };
enum class TenantEnforcement { App, Rls };
enum class TokenTransport { Cookie, Header };
enum class SameSite { Lax, Strict, None };
enum class PasswordHasher { Argon2, Bcrypt, Scrypt, Pbkdf2 };
enum class DbEngine { Postgresql, Mysql, Sqlite, Mssql, Oracle };
enum class SpecMode { Exact, SpecSubsetOfCode, CodeSubsetOfSpec };
enum class FieldType { Uuid, String, Text, Int, BigInt, Bool, Float, Decimal, DateTime, Date, Json, Enum };
enum class EndpointKind { List, Get, Create, Update, Delete };

// A validated glob (layout, layers, exclude, openapi.ignore) and where it was written.
struct GlobPattern {
  discover::Glob glob;
  SourceRange where;
};

// A name the user wrote (entity, helper, dependency, layer).
using NameRef = Located<std::string>;

struct Layout {
  std::vector<GlobPattern> models, routers, services, schemas, migrations, tests;
  std::optional<Located<std::string>> spec;  // path of the committed OpenAPI document
};

struct ParentLink {  // `through_parent: {Comment: Task}`: Comment is scoped via Task
  NameRef child;
  NameRef parent;
};

struct Tenancy {
  std::optional<Located<std::string>> key;  // tenant column, e.g. workspace_id
  bool scoped_all = true;                   // `scoped: "*"` (also the default)
  std::vector<NameRef> scoped;              // when !scoped_all
  std::vector<NameRef> exempt;
  std::vector<ParentLink> through_parent;
  std::vector<NameRef> helpers;             // functions/methods/dependencies applying the filter
  TenantEnforcement enforcement = TenantEnforcement::App;
  bool allow_global_rows = false;           // "tenant == x OR tenant IS NULL" accepted
  bool allow_global_rows_written = false;   // the key was written (TEN001 flags OR-IS-NULL only on an explicit false)
  bool path_params_checked = false;         // tenant from a membership-checked path param is safe
  // `cross_tenant: ["app.admin.**", "app.jobs.purge_*"]`: functions that act across tenants on purpose
  // (staff back-office, instance-wide status counts, provisioning). Globs over `module.qualname` with
  // `.` as the separator: `*` stays inside one component, `**` spans any number.
  std::vector<GlobPattern> cross_tenant;
  SourceRange where;

  // Whether `entity` must be filtered by the tenant key (scoped and not exempt).
  bool is_scoped(std::string_view entity) const;
  // The parent an entity is scoped through, if any.
  const NameRef* parent_of(std::string_view entity) const;
  // Whether the function `module.qualname` is declared cross-tenant.
  bool is_cross_tenant(std::string_view module, std::string_view qualname) const;
};

struct CookieFlags {
  std::optional<Located<bool>> httponly;
  std::optional<Located<bool>> secure;
  std::optional<Located<SameSite>> samesite;
};

struct Auth {
  std::optional<Located<TokenTransport>> token_transport;
  CookieFlags cookie_flags;
  std::vector<Located<PasswordHasher>> password_hashers;
  std::vector<RoutePattern> public_routes;
  std::vector<NameRef> protection;            // dependencies/decorators that count as auth
  std::vector<RoutePattern> rate_limited;
  SourceRange where;

  bool is_public(model::HttpMethod method, std::string_view path) const;
};

struct Database {
  std::optional<Located<DbEngine>> engine;
  std::optional<Located<bool>> is_async;
  SourceRange where;
};

struct OpenApiSettings {
  std::optional<Located<std::string>> path;
  SpecMode mode = SpecMode::Exact;
  std::vector<GlobPattern> ignore;  // URL path globs excluded from the comparison
  SourceRange where;
};

struct Field {
  std::string name;
  FieldType type = FieldType::String;
  std::optional<std::string> references_table;   // `references: workspaces.id`
  std::optional<std::string> references_column;
  std::optional<bool> nullable;
  std::optional<bool> unique;
  SourceRange where;
};

struct Relationship {
  std::string name;
  NameRef target;
  SourceRange where;
};

struct Entity {
  std::string name;
  std::optional<std::string> table;
  std::vector<Field> fields;
  std::vector<Relationship> relationships;
  std::vector<Located<EndpointKind>> endpoints;
  SourceRange where;

  const Field* field(std::string_view name) const;
};

struct Layer {
  std::string name;
  std::vector<GlobPattern> paths;
  std::vector<NameRef> may_import;
  SourceRange where;
};

struct CategoryWeight {
  Category category;
  double weight = 0;
  SourceRange where;
};

struct RuleSetting {            // `rules: {TEN001: high, DRIFT002: off}`
  std::string rule_id;
  std::optional<Severity> severity;  // nullopt = off
  SourceRange where;
};

struct Quality {
  std::optional<Located<double>> threshold;              // 0..100
  std::vector<CategoryWeight> weights;                   // only the categories written
  std::vector<RuleSetting> rules;
  std::optional<Located<std::optional<Severity>>> fail_on;  // inner nullopt = `none`
  std::vector<GlobPattern> exclude;
  SourceRange where;
};

struct Genome {
  std::string path;  // the file it was loaded from, as displayed
  int version = 1;
  std::optional<Located<Stack>> stack;
  Layout layout;
  std::optional<Tenancy> tenancy;
  std::optional<Auth> auth;
  std::optional<Database> database;
  std::optional<OpenApiSettings> openapi;
  std::vector<Entity> entities;
  std::vector<Layer> layers;
  Quality quality;

  const Entity* entity(std::string_view name) const;
  const Layer* layer(std::string_view name) const;
};

// Canonical spellings, as written in the genome (and the schema's enums).
std::string_view to_string(Stack v);
std::string_view to_string(TenantEnforcement v);
std::string_view to_string(TokenTransport v);
std::string_view to_string(SameSite v);
std::string_view to_string(PasswordHasher v);
std::string_view to_string(DbEngine v);
std::string_view to_string(SpecMode v);
std::string_view to_string(FieldType v);
std::string_view to_string(EndpointKind v);

}  // namespace archverify::genome
