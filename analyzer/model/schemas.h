// Serialization schemas: the Pydantic models (`BaseModel`, SQLModel classes)
// and Marshmallow schemas (`Schema`, `SQLAlchemySchema`, flask-marshmallow's
// `ma.Schema`) of the repository, each with the fields that nest another
// schema of the repository (`owner: UserOut`, `tasks: list[TaskOut]`,
// `fields.Nested(UserSchema, many=True)`), inherited fields included; and, per
// FastAPI route, the schema its response model (or return annotation) names
// and whether the response is a collection of it. ORM001 uses them to see
// which relationships a response serializes per row.
// Deliberately left out: scalar fields (only nested schema fields are kept),
// Pydantic aliases and validators, Marshmallow `Meta.fields`/`exclude`/`only`,
// `Pluck`, schemas built by factories (`create_model`, `SQLAlchemyAutoSchema`
// with `include_relationships` is not expanded), and generic wrappers other
// than the typing containers (`Page[X]` is taken as a collection of X).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/source_range.h"
#include "analyzer/model/syntax.h"

namespace archverify::model {

enum class SchemaFlavor : std::uint8_t { Pydantic, SqlModel, Marshmallow };
std::string_view to_string(SchemaFlavor f);

// A field whose value is another schema of the repository.
struct NestedField {
  std::string name;        // the field name
  std::string attribute;   // the object attribute it reads: name, or Marshmallow attribute="…"
  std::string schema;      // qualified name of the nested schema
  bool many = false;       // list[X] / Sequence[X] / Nested(X, many=True) / List(Nested(X))
  SourceRange where;
  std::string inherited_from;  // qualified name of the base schema that declared it; "" if own
};

struct SchemaClass {
  std::string name;
  std::string qualified;   // "app.schemas.task.TaskOut"
  std::uint32_t file = kNoIndex;
  std::uint32_t class_index = kNoIndex;
  SchemaFlavor flavor = SchemaFlavor::Pydantic;
  SourceRange where;
  std::vector<NestedField> nested;  // inherited first, then own (an own field replaces a base's)
};

// The schema a FastAPI route's response is validated against.
struct ResponseSchema {
  std::uint32_t route = kNoIndex;  // index into RepoModel::routes
  std::string schema;              // qualified schema name
  bool many = false;               // List[X], list[X], Sequence[X], Page[X]…
  bool from_annotation = false;    // taken from the handler's return annotation (no response_model=)
};

const SchemaClass* schema_by_qualified(const std::vector<SchemaClass>& schemas, std::string_view qualified);

}  // namespace archverify::model
