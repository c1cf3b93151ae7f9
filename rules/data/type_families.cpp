// Coarse column-type families (see type_families.h).
#include "rules/data/type_families.h"

namespace archverify::rules::data {

namespace {

using model::ColumnTypeKind;

enum class Family { None, Integer, Text, Number, Boolean, DateTime, Date, Time, Interval, Uuid, Json, Binary };

Family family(ColumnTypeKind k) {
  switch (k) {
    case ColumnTypeKind::Integer:
    case ColumnTypeKind::SmallInteger:
    case ColumnTypeKind::BigInteger: return Family::Integer;
    case ColumnTypeKind::String:
    case ColumnTypeKind::Text:
    case ColumnTypeKind::Enum: return Family::Text;
    case ColumnTypeKind::Float:
    case ColumnTypeKind::Numeric: return Family::Number;
    case ColumnTypeKind::Boolean: return Family::Boolean;
    case ColumnTypeKind::DateTime: return Family::DateTime;
    case ColumnTypeKind::Date: return Family::Date;
    case ColumnTypeKind::Time: return Family::Time;
    case ColumnTypeKind::Interval: return Family::Interval;
    case ColumnTypeKind::Uuid: return Family::Uuid;
    case ColumnTypeKind::Json: return Family::Json;
    case ColumnTypeKind::LargeBinary: return Family::Binary;
    case ColumnTypeKind::Unknown:
    case ColumnTypeKind::Other: return Family::None;
  }
  return Family::None;
}

std::string describe(const model::ColumnType& t) {
  std::string s = t.name.empty() ? std::string(model::to_string(t.kind)) : t.name;
  if (t.length) s += "(" + std::to_string(*t.length) + ")";
  return s;
}

}  // namespace

std::optional<std::string> type_difference(const model::ColumnType& m, const model::ColumnType& g) {
  Family a = family(m.kind), b = family(g.kind);
  if (a == Family::None || b == Family::None) return std::nullopt;
  // UUIDs stored as strings (CHAR(32)/VARCHAR(36) GUID types) are a storage choice, not drift we can judge.
  if ((a == Family::Uuid && b == Family::Text) || (a == Family::Text && b == Family::Uuid)) return std::nullopt;
  if (a != b) return describe(m) + " in the model but " + describe(g);
  if (m.kind == ColumnTypeKind::String && g.kind == ColumnTypeKind::String && m.length && g.length && *m.length != *g.length)
    return describe(m) + " in the model but " + describe(g);
  return std::nullopt;
}

}  // namespace archverify::rules::data
