// InferredGenome: what `archverify init` concluded about a repository, as
// plain values (names, strings, genome enums) with the evidence behind each
// guess. genome_inference.h fills it from the symbol model; genome_writer.h
// turns it into a commented archverify.yaml. Deliberately holds no model
// pointers and no YAML, so the writer can be tested with hand-made data and
// the inference without text. Only what the genome can say is kept: a column
// whose type has no genome name is listed in `skipped_fields`, not guessed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/genome/genome.h"

namespace archverify::genome {

struct InferredField {
  std::string name;                  // database column name
  FieldType type = FieldType::String;
  std::optional<bool> nullable;      // nullopt: not stated (primary keys, SQLModel None defaults)
  bool unique = false;               // written only when true
  bool primary_key = false;
  std::string references;            // "table.column", "" when none
};

struct InferredRelationship {
  std::string name;
  std::string target;                // an entity name of this genome
};

struct InferredEntity {
  std::string name;
  std::string table;                 // "" when unknown
  std::string source;                // "app/models/task.py:7"
  std::vector<InferredField> fields;
  std::vector<InferredRelationship> relationships;
  std::vector<EndpointKind> endpoints;
  std::vector<std::string> skipped_fields;  // "data (LargeBinary: no genome type)"
};

struct InferredTenantCandidate {
  std::string column;
  std::string target_table;          // "" when the column has no foreign key
  std::uint32_t entities = 0;
  std::uint32_t entities_total = 0;
};

struct InferredTenancy {
  InferredTenantCandidate key;
  std::optional<InferredTenantCandidate> runner_up;
  std::vector<std::string> exempt;   // entities without the key
};

struct InferredLayout {
  std::vector<std::string> models, routers, services, schemas, migrations, tests;  // globs
};

struct InferredGenome {
  std::string repo_name;
  std::optional<Stack> stack;
  std::string stack_evidence;        // "14 FastAPI routes"
  InferredLayout layout;
  std::optional<InferredTenancy> tenancy;
  TokenTransport token_transport = TokenTransport::Header;
  std::string transport_evidence;    // "app/routers/auth.py:36 sets cookie access_token"
  std::vector<std::string> public_routes;  // "POST /auth/login", sorted
  std::uint32_t routes_total = 0;
  DbEngine engine = DbEngine::Postgresql;
  std::string engine_evidence;       // "" when defaulted
  std::optional<std::string> spec_path;
  std::vector<InferredEntity> entities;
  std::vector<std::string> skipped_entities;  // "Foo (duplicate class name, app/x.py:3)"
  double threshold = 80;
};

}  // namespace archverify::genome
