// ORM query sites (select/query/get/update/delete chains). (Filled in by resolve/query_sites.)
#pragma once
#include <string>
#include <vector>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct QuerySite {
  std::string entity;
  SourceRange where;
};
}  // namespace archverify::model
