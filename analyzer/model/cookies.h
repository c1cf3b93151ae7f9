// Cookie writes (set_cookie calls and cookie configuration). (Filled in by resolve/cookie_writes.)
#pragma once
#include <string>

#include "analyzer/core/source_range.h"

namespace archverify::model {
struct CookieWrite {
  std::string cookie_name;
  SourceRange where;
};
}  // namespace archverify::model
