// Which repository files are tests (tests/, test/, test_*.py, *_test.py,
// conftest.py): their models, routes and calls are not the application's, so
// rules and genome inference leave them out. A path convention only; a test
// helper module outside those places counts as application code.
#pragma once
#include <string_view>

namespace archverify::model {

bool is_test_path(std::string_view path);

}  // namespace archverify::model
