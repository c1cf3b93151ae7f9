// ORM entities: SQLAlchemy / Flask-SQLAlchemy / SQLModel models. (Filled in by resolve/sqlalchemy_models.)
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct Entity {
  std::string name;
  std::string table;
  SourceRange where;
};
}  // namespace archverify::model
