// Which repository files are tests (tests/, test/, test_*.py, *_test.py,
// conftest.py): their models, routes and calls are not the application's, so
// rules and genome inference leave them out. A path convention only; a test
// helper module outside those places counts as application code.
#pragma once
#include <initializer_list>
#include <string_view>

namespace archverify::model {

bool is_test_path(std::string_view path);
// Whether a directory with one of these names is on the path ("tests" in
// "tests/x.py" and "app/tests/x.py", not in "app/tests").
bool has_directory(std::string_view path, std::initializer_list<std::string_view> dirs);

}  // namespace archverify::model
