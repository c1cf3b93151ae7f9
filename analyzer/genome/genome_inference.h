// Genome inference for `archverify init`: reads the symbol model and states
// what the code is — stack (from routes, else imports), layout globs (common
// directory prefixes of the models, routers, services, schemas, migrations
// and tests), entities with fields, types, nullability, uniqueness, foreign
// keys, relationships and the endpoint kinds routes serve
// (entity_correspondence.h, the same notion the DRIFT rules use), the tenant
// key (RepoModel::tenant_guess with its evidence), public routes (those
// route_protection.h finds unprotected, the AUTH003 notion), the token
// transport (cookie when a token cookie is set), the database engine (from a
// DSN literal, else PostgreSQL) and the committed spec. Deliberately not
// inferred: layers, filter helpers, cookie flags, password hashers, rate limits.
#pragma once
#include "analyzer/genome/inferred_genome.h"
#include "analyzer/model/repo_model.h"

namespace archverify::genome {

InferredGenome infer_genome(const model::RepoModel& repo);

}  // namespace archverify::genome
