// Column types and foreign-key targets shared by ORM entities (orm.h) and
// Alembic schema operations (migrations.h): the vocabulary both sides use so
// the model and the migrations can be compared without string matching. A
// type is classified by the constructor's name as written and resolved
// (`sa.String(40)`, `postgresql.UUID(as_uuid=True)`, `db.Text`, a SQLModel
// `str` annotation); dialect detail (timezone, collation, precision) and
// user TypeDecorators are deliberately not interpreted — the latter are kept as
// Other with their name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archverify::model {

enum class ColumnTypeKind : std::uint8_t {
  Unknown,  // no type given or not readable (e.g. a variable)
  Integer, SmallInteger, BigInteger,
  String,   // String / VARCHAR / Unicode / CHAR / SQLModel str (length when literal)
  Text,
  Boolean,
  Float,
  Numeric,
  DateTime, Date, Time, Interval,
  Uuid,
  Json,     // JSON and JSONB (name tells which)
  Enum,
  LargeBinary,
  Other,    // anything else: ARRAY, TSVECTOR, a TypeDecorator of the repository… (name says which)
};

std::string_view to_string(ColumnTypeKind kind);

struct ColumnType {
  ColumnTypeKind kind = ColumnTypeKind::Unknown;
  std::string name;                  // the constructor's name as written, last dotted part ("JSONB", "String", "str")
  std::optional<std::uint32_t> length;  // String(40), String(length=40), Field(max_length=40)
  bool operator==(const ColumnType&) const = default;
};

// The column a foreign key points at. `table` is empty when the target was a
// class attribute (`ForeignKey(User.id)`) whose class is not a known entity.
struct ForeignKeyTarget {
  std::string table;    // "users" (schema kept when written: "core.users")
  std::string column;   // "id"
  bool operator==(const ForeignKeyTarget&) const = default;
};

}  // namespace archverify::model
