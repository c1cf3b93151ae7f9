// Names of the schema enums and lookups over schema classes (see schemas.h).
#include "analyzer/model/schemas.h"

namespace archverify::model {

std::string_view to_string(SchemaFlavor f) {
  switch (f) {
    case SchemaFlavor::Pydantic: return "pydantic";
    case SchemaFlavor::SqlModel: return "sqlmodel";
    case SchemaFlavor::Marshmallow: return "marshmallow";
  }
  return "pydantic";
}

const SchemaClass* schema_by_qualified(const std::vector<SchemaClass>& schemas, std::string_view qualified) {
  for (const SchemaClass& s : schemas)
    if (s.qualified == qualified) return &s;
  return nullptr;
}

}  // namespace archverify::model
