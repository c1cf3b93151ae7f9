// The genome's enum spellings: one table per enum, shared by the loader (to
// parse and to list the allowed values in errors) and by to_string.
#pragma once
#include <array>
#include <optional>
#include <span>
#include <string_view>

#include "analyzer/genome/genome.h"

namespace archverify::genome::detail {

template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

inline constexpr std::array<EnumName<Stack>, 2> kStacks{{{"fastapi", Stack::FastApi}, {"flask", Stack::Flask}}};
inline constexpr std::array<EnumName<TenantEnforcement>, 2> kEnforcements{
    {{"app", TenantEnforcement::App}, {"rls", TenantEnforcement::Rls}}};
inline constexpr std::array<EnumName<TokenTransport>, 2> kTransports{
    {{"cookie", TokenTransport::Cookie}, {"header", TokenTransport::Header}}};
inline constexpr std::array<EnumName<SameSite>, 3> kSameSites{
    {{"lax", SameSite::Lax}, {"strict", SameSite::Strict}, {"none", SameSite::None}}};
inline constexpr std::array<EnumName<PasswordHasher>, 4> kHashers{{{"argon2", PasswordHasher::Argon2},
                                                                   {"bcrypt", PasswordHasher::Bcrypt},
                                                                   {"scrypt", PasswordHasher::Scrypt},
                                                                   {"pbkdf2", PasswordHasher::Pbkdf2}}};
inline constexpr std::array<EnumName<DbEngine>, 5> kEngines{{{"postgresql", DbEngine::Postgresql},
                                                            {"mysql", DbEngine::Mysql},
                                                            {"sqlite", DbEngine::Sqlite},
                                                            {"mssql", DbEngine::Mssql},
                                                            {"oracle", DbEngine::Oracle}}};
inline constexpr std::array<EnumName<SpecMode>, 3> kSpecModes{{{"exact", SpecMode::Exact},
                                                              {"spec_subset_of_code", SpecMode::SpecSubsetOfCode},
                                                              {"code_subset_of_spec", SpecMode::CodeSubsetOfSpec}}};
inline constexpr std::array<EnumName<FieldType>, 12> kFieldTypes{{{"uuid", FieldType::Uuid},
                                                                 {"string", FieldType::String},
                                                                 {"text", FieldType::Text},
                                                                 {"int", FieldType::Int},
                                                                 {"bigint", FieldType::BigInt},
                                                                 {"bool", FieldType::Bool},
                                                                 {"float", FieldType::Float},
                                                                 {"decimal", FieldType::Decimal},
                                                                 {"datetime", FieldType::DateTime},
                                                                 {"date", FieldType::Date},
                                                                 {"json", FieldType::Json},
                                                                 {"enum", FieldType::Enum}}};
inline constexpr std::array<EnumName<EndpointKind>, 5> kEndpoints{{{"list", EndpointKind::List},
                                                                  {"get", EndpointKind::Get},
                                                                  {"create", EndpointKind::Create},
                                                                  {"update", EndpointKind::Update},
                                                                  {"delete", EndpointKind::Delete}}};
// Rule severities in `quality.rules` ("off" disables) and `quality.fail_on` ("none").
inline constexpr std::array<EnumName<std::optional<Severity>>, 5> kRuleSeverities{
    {{"low", Severity::Low}, {"medium", Severity::Medium}, {"high", Severity::High},
     {"critical", Severity::Critical}, {"off", std::nullopt}}};
inline constexpr std::array<EnumName<std::optional<Severity>>, 5> kFailOn{
    {{"low", Severity::Low}, {"medium", Severity::Medium}, {"high", Severity::High},
     {"critical", Severity::Critical}, {"none", std::nullopt}}};

template <typename E, std::size_t N>
constexpr std::string_view name_of(const std::array<EnumName<E>, N>& table, E value) {
  for (const auto& e : table)
    if (e.value == value) return e.name;
  return "?";
}

}  // namespace archverify::genome::detail
