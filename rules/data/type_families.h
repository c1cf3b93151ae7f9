// Coarse column-type comparison for DB005: groups the ColumnTypeKinds whose
// difference is harmless on PostgreSQL (String/Text/Enum, the integer sizes,
// Float/Numeric, JSON/JSONB) and leaves Unknown/Other (TypeDecorators,
// dialect types we do not interpret) uncompared. A String length difference is
// reported when both lengths are literal.
#pragma once
#include <optional>
#include <string>

#include "analyzer/model/schema_types.h"

namespace archverify::rules::data {

// "String(20) in the model but Integer" when the types differ in a way worth
// reporting; nullopt when they are equivalent or not comparable.
std::optional<std::string> type_difference(const model::ColumnType& model_type, const model::ColumnType& migration_type);

}  // namespace archverify::rules::data
