// Alembic revisions and the schema operations they perform. (Filled in by resolve/alembic_migrations.)
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct Migration {
  std::string revision;
  std::string path;
};
}  // namespace archverify::model
